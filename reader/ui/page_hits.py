"""Where a search's strings stand on the page: text ranges in the page text of an article, then boxes.

The page text keeps the printed line breaks (and the column-wrap spaces of OCR) that the reflowed article body has
not, so a string is found with any whitespace allowed between its characters. No Qt here: the page view draws the
boxes this returns.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

from reader.ingest.model import Box, Span, TextLine, rects_for_range

log = logging.getLogger(__name__)


def hit_patterns(query: str) -> list[re.Pattern[str]]:
    """A pattern over folded page text for each positive string of ``query`` (none for a bad query).

    Characters of a string may be separated by any whitespace (a line break on the page); its space-separated
    parts by at least some.
    """
    from reader.search.compile import compile_query, folded_parts
    from reader.search.query import QueryError, parse_query

    try:
        compiled = compile_query(parse_query(query), rank_words=False)
    except QueryError:
        return []
    patterns = []
    for leaf in compiled.positive:
        parts = [p for p in folded_parts(leaf) if p]
        if parts:
            body = r"\s+".join(r"\s*".join(re.escape(ch) for ch in part) for part in parts)
            patterns.append(re.compile(body))
    return patterns


def hit_ranges(text: str, spans: Iterable[Span], patterns: Sequence[re.Pattern[str]]) -> list[Span]:
    """Sorted, merged [start, end) ranges of ``text`` where a pattern matches inside one of ``spans``."""
    if not text or not patterns:
        return []
    from reader.search.fold import fold
    from reader.search.highlight import merge_spans

    folded = fold(text)  # same length as text: offsets carry over
    found: list[Span] = []
    for start, end in spans:
        for pattern in patterns:
            found += [(m.start(), m.end()) for m in pattern.finditer(folded, start, end) if m.end() > m.start()]
    return merge_spans(found)


def hit_boxes(lines: Sequence[TextLine], ranges: Iterable[Span]) -> list[list[Box]]:
    """For each range, the boxes covering it on the page (one per printed line it touches)."""
    ordered = list(lines)
    return [rects_for_range(ordered, start, end) for start, end in ranges]
