"""Where a query's strings occur in an article: the spans the reading pane highlights.

Light on purpose: the window computes these on its own thread when it opens a hit, without loading the
search service (that runs in the search process) or jieba.
"""

from __future__ import annotations

from typing import Any

from reader.library.records import ArticleRecord
from reader.search.compile import highlight_patterns, positive_leaves
from reader.search.fold import fold
from reader.search.query import QueryError, parse_query

Span = tuple[int, int]


def merge_spans(spans: list[Span]) -> list[Span]:
    """[start, end) spans sorted, those that overlap or touch made one (two hits side by side mark as one)."""
    merged: list[Span] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def find_spans(text: str, patterns: list[Any], field_name: str) -> list[Span]:
    """Sorted, merged [start, end) spans of every pattern whose fields include ``field_name``."""
    if not text:
        return []
    folded = fold(text)
    spans: list[Span] = []
    for fields, pattern in patterns:
        if field_name in fields:
            spans += [(m.start(), m.end()) for m in pattern.finditer(folded) if m.end() > m.start()]
    return merge_spans(spans)



def article_hit_offsets(art: ArticleRecord | None, query: str) -> dict[str, list[Span]]:
    """Every hit of ``query``'s positive strings in ``art``, as [start, end) offsets per field.

    Keys: "title", "kicker", "subtitle", "byline", "body" (body = paragraphs joined with "\\n", as
    stored). A bad query or no article gives empty lists. Needs no index and no jieba: cheap enough for
    the window's thread, which highlights the article it opens from a hit.
    """
    empty: dict[str, list[Span]] = {k: [] for k in ("title", "kicker", "subtitle", "byline", "body")}
    if art is None:
        return empty
    try:
        positive = positive_leaves(parse_query(query))
    except QueryError:
        return empty
    patterns = highlight_patterns(positive)
    return {
        "title": find_spans(art.title or "", patterns, "title"),
        "kicker": find_spans(art.kicker or "", patterns, "sub"),
        "subtitle": find_spans(art.subtitle or "", patterns, "sub"),
        "byline": find_spans(art.byline or "", patterns, "byline"),
        "body": find_spans(art.body, patterns, "body"),
    }


def page_hit_offsets(page_text: str, spans: list[Span] | tuple[Span, ...], query: str) -> list[Span]:
    """Every hit of ``query``'s positive strings inside the given spans of a page's original text.

    For a block hit (an advert, a caption, ...): the window opens the page's original text, marks the
    block's spans and these hits inside them. Offsets are in the page text; a bad query gives none.
    """
    try:
        positive = positive_leaves(parse_query(query))
    except QueryError:
        return []
    patterns = highlight_patterns(positive)
    found: list[Span] = []
    for start, end in spans:
        found += [(start + s, start + e) for s, e in find_spans(page_text[start:end], patterns, "body")]
    return found
