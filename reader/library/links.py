"""Linking the parts of articles that jump between pages of one issue ("下转第二版" / "上接第一版")."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reader.ingest.labels import normalize_page_label

_NOISE = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class JumpEnd:
    """What linking needs to know of one article: where it is and where it says it continues."""

    id: int
    page_label: str | None
    title: str | None
    continued_to: str | None
    continued_from: str | None


def _titles_match(a: str | None, b: str | None) -> bool:
    x, y = _NOISE.sub("", a or ""), _NOISE.sub("", b or "")
    return bool(x and y) and (x in y or y in x)


def compute_links(articles: Sequence[JumpEnd]) -> list[tuple[int, int]]:
    """(from, to) pairs: an article continued to page X joins the article on page X continued from its page.

    Among several candidates the one whose title matches wins, else the first; a continuation is claimed once.
    """
    # Continuations by (their page, the page they continue from), in reading order.
    continuations: dict[tuple[str, str], list[JumpEnd]] = defaultdict(list)
    for a in articles:
        page, origin = normalize_page_label(a.page_label), normalize_page_label(a.continued_from)
        if page is not None and origin is not None:
            continuations[(page, origin)].append(a)
    links: list[tuple[int, int]] = []
    claimed: set[int] = set()
    for source in articles:
        target, own = normalize_page_label(source.continued_to), normalize_page_label(source.page_label)
        if target is None or own is None:
            continue
        candidates = [a for a in continuations.get((target, own), []) if a.id not in claimed and a.id != source.id]
        if not candidates:
            continue
        chosen = next((a for a in candidates if _titles_match(a.title, source.title)), candidates[0])
        claimed.add(chosen.id)
        links.append((source.id, chosen.id))
    return links
