"""Compare a parsed page with the truth its laid-out page was drawn from: titles, bodies, regions, characters."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from reader.ingest.model import Article, Box, ParsedPage
from tests.material.newspaper import Truth, TruthItem

log = logging.getLogger(__name__)


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace() and ch not in "\u3000")


def _overlap(a: Counter[str], b: Counter[str]) -> int:
    return sum((a & b).values())


@dataclass
class ArticleScore:
    """How one printed article was found: matched title, body recall and precision, region coverage."""

    truth: TruthItem
    found: Article | None
    title_ratio: float = 0.0
    body_recall: float = 0.0
    body_precision: float = 0.0
    coverage: float = 0.0

    @property
    def own_body(self) -> bool:
        return self.found is not None and self.body_recall >= 0.5 and self.body_precision >= 0.5


@dataclass
class PageScore:
    """All articles of one page, and the share of the page's printed characters found in the page text."""

    articles: list[ArticleScore]
    char_recall: float


def _centres(item: TruthItem, scale: float) -> list[tuple[float, float]]:
    out = []
    for (x0, y0, x1, y1), n in zip(item.boxes, item.chars, strict=True):
        for k in range(n):
            out.append(((x0 + (k + 0.5) * (x1 - x0) / max(1, n)) * scale, (y0 + y1) / 2 * scale))
    return out


def _inside(point: tuple[float, float], boxes: list[Box], tolerance: float) -> bool:
    x, y = point
    return any(x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance
               for x0, y0, x1, y1 in boxes)  # fmt: skip


def score_page(page: ParsedPage, truth: Truth, *, scale: float = 1.0, tolerance: float = 1.0) -> PageScore:
    """Match every printed article to the parsed article whose title is closest; ``scale``: page units per point."""
    scores = []
    for item in truth.articles:
        want = "".join((item.title or "").split())
        best, ratio = None, 0.0
        for art in page.articles:
            got = "".join((art.title or "").split())
            r = fuzz.ratio(want, got) / 100 if got else 0.0
            if r > ratio:
                best, ratio = art, r
        score = ArticleScore(item, best if ratio >= 0.6 else None, ratio)
        if score.found is not None:
            art = score.found
            body = _chars("".join(art.paragraphs) + (art.byline or ""))
            printed = _chars(item.text)
            common = _overlap(printed, body)
            score.body_recall = common / max(1, sum(printed.values()))
            score.body_precision = common / max(1, sum(body.values()))
            centres = _centres(item, scale)
            score.coverage = sum(_inside(c, art.regions, tolerance) for c in centres) / max(1, len(centres))
        scores.append(score)
    printed_all = Counter[str]()
    for item in truth.items:
        printed_all += _chars(item.text if item.kind == "article" else "")
        if item.kind == "article":
            printed_all += _chars((item.title or "") + (item.kicker or "") + (item.subtitle or ""))
    recall = _overlap(printed_all, _chars(page.text)) / max(1, sum(printed_all.values()))
    return PageScore(scores, recall)
