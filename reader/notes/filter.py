"""Filtering the reader's notes with the archive's search syntax and the archive's matching rules.

A word or phrase matches where it occurs as an exact string after ``fold`` (simplified and traditional, full
and half width, upper and lower case alike), as in ``reader.search``; inside a quoted phrase spaces match any
run of whitespace. Notes have no subtitle or byline, so ``sub:`` and ``byline:`` find nothing, and no section,
so ``section:`` finds nothing: a query never matches more here than it would in the archive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from reader.ingest.labels import normalize_page_label
from reader.notes.model import Annotation
from reader.search.fold import fold
from reader.search.query import TEXT_FIELDS, And, DateRange, Filter, Node, Not, Or, Text, parse_query

# The annotation's texts each search field looks in ("any": a word typed without a field).
_FIELD_TEXTS: dict[str, tuple[str, ...]] = {
    "any": ("quote", "note", "title", "name", "folder", "paper"),
    "title": ("title", "name"),  # a bookmark's own name is the title the reader gave it
    "body": ("quote", "note"),
    "sub": (),
    "byline": (),
}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _texts_of(fields: tuple[str, ...]) -> tuple[str, ...]:
    """The annotation attributes a Text term's fields cover."""
    if set(fields) >= set(TEXT_FIELDS):
        return _FIELD_TEXTS["any"]
    out: list[str] = []
    for name in fields:
        out += [t for t in _FIELD_TEXTS.get(name, ()) if t not in out]
    return tuple(out)


def _day_number(date: str | None) -> int | None:
    """yyyymmdd of an ISO date, as the search index keeps dates."""
    m = _ISO_DAY.match(date or "")
    return int(m[1]) * 10000 + int(m[2]) * 100 + int(m[3]) if m else None


class NoteFilter:
    """A parsed query that tells which annotations match; QueryError (from parsing) says what to fix."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.node: Node = parse_query(text)
        # Folded patterns compiled once per query, not once per annotation.
        self._patterns: dict[Text, tuple[re.Pattern[str], tuple[str, ...]]] = {}
        self._collect(self.node)

    def _collect(self, node: Node) -> None:
        """Compile the folded pattern of every Text term of the tree."""
        if isinstance(node, Text):
            pattern = re.compile(r"\s+".join(re.escape(fold(p)) for p in node.parts))
            self._patterns[node] = (pattern, _texts_of(node.fields))
        elif isinstance(node, And | Or):
            for child in node.children:
                self._collect(child)
        elif isinstance(node, Not):
            self._collect(node.child)

    @property
    def matches_all(self) -> bool:
        """True for an empty query (every annotation matches)."""
        return isinstance(self.node, And) and not self.node.children

    def matches(self, annotation: Annotation) -> bool:
        """Whether the annotation matches the query."""
        if self.matches_all:
            return True
        folded: dict[str, str] = {}  # each of its texts folded at most once per call

        def text(name: str) -> str:
            """The annotation's attribute ``name``, folded."""
            if name not in folded:
                folded[name] = fold(getattr(annotation, name) or "")
            return folded[name]

        def test(node: Node) -> bool:
            """Evaluate one node of the query on this annotation."""
            if isinstance(node, Text):
                pattern, names = self._patterns[node]
                return any(pattern.search(text(n)) for n in names)
            if isinstance(node, And):
                return all(test(c) for c in node.children)
            if isinstance(node, Or):
                return any(test(c) for c in node.children)
            if isinstance(node, Not):
                return not test(node.child)
            if isinstance(node, DateRange):
                day = _day_number(annotation.date)
                return day is not None and node.start <= day <= node.end
            if isinstance(node, Filter):
                return self._filter(node, annotation, text)
            raise TypeError(node)

        return test(self.node)

    @staticmethod
    def _filter(node: Filter, annotation: Annotation, text: Callable[[str], str]) -> bool:
        """A paper (part of its name, folded), page (same label) or section (notes have none) filter."""
        if node.field == "paper":
            return bool(annotation.paper) and fold(node.value) in text("paper")
        if node.field == "page":
            label = annotation.page_label
            if not label:
                return False
            wanted = normalize_page_label(node.value) or node.value
            return (normalize_page_label(label) or label) == wanted
        return False  # section: notes keep none

    def filter(self, annotations: Iterable[Annotation]) -> list[Annotation]:
        """The matching annotations, in the order given."""
        return list(annotations) if self.matches_all else [a for a in annotations if self.matches(a)]
