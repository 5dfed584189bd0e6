"""Positions in the reading pane's document to offsets in the article's text and back, from the renderer's places.

The renderer (``reader.ui.render``) says which field of which article each block of the document shows, and
shows it character for character; so a cursor position is an offset without any matching of text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtGui import QTextDocument

from reader.ui.render import Place

log = logging.getLogger(__name__)


def _points(text: str, units: int) -> int:
    """Code points in the first ``units`` UTF-16 units of ``text`` (Qt counts units; the places count points)."""
    if text.isascii() or all(ord(c) < 0x10000 for c in text):
        return units
    count = seen = 0
    for char in text:
        seen += 2 if ord(char) >= 0x10000 else 1
        if seen > units:
            break
        count += 1
    return count


def _units(text: str, points: int) -> int:
    """UTF-16 units in the first ``points`` code points of ``text``."""
    return points + sum(1 for c in text[:points] if ord(c) >= 0x10000)


class TextPlaces:
    """The places of one rendered document, checked against the blocks Qt made of it."""

    def __init__(self, document: QTextDocument, places: Sequence[Place | None]) -> None:
        self.document = document
        self.places = tuple(places)
        blocks = document.blockCount()
        # Qt makes one block per paragraph element; an empty document still has one (empty) block.
        self.valid = blocks == len(self.places) or (not self.places and blocks <= 1)
        if not self.valid:
            log.warning("rendered %d blocks but described %d: positions are not mapped", blocks, len(self.places))

    def at(self, position: int) -> tuple[Place, int] | None:
        """The place under a document position and the offset in its field; None outside article text."""
        if not self.valid:
            return None
        block = self.document.findBlock(max(0, position))
        if not block.isValid() or block.blockNumber() >= len(self.places):
            return None
        place = self.places[block.blockNumber()]
        if place is None:
            return None
        column = _points(block.text(), max(position - block.position(), 0))
        return place, place.start + min(column, place.end - place.start)

    def selection(self, lo: int, hi: int, field: str = "body") -> tuple[int, int, int] | None:
        """(article id, start, end) of the part of [lo, hi) in ``field`` of the first article it touches there.

        A selection that reaches into headings or another part of a jumped article is cut to that field of
        the article where it meets it first; None when it touches no text of the field.
        """
        if not self.valid or hi <= lo:
            return None
        touched: list[tuple[Place, int, int]] = []
        first = self.document.findBlock(lo).blockNumber()
        last = self.document.findBlock(max(lo, hi - 1)).blockNumber()
        for number in range(max(first, 0), min(last, len(self.places) - 1) + 1):
            place = self.places[number]
            if place is None or place.field != field:
                continue
            block = self.document.findBlockByNumber(number)
            text = block.text()
            start = _points(text, max(lo, block.position()) - block.position())
            end = _points(text, min(hi, block.position() + block.length() - 1) - block.position())
            if end > start:
                touched.append((place, place.start + start, place.start + end))
        if not touched:
            return None
        article = touched[0][0].article_id
        mine = [t for t in touched if t[0].article_id == article]
        return article, mine[0][1], mine[-1][2]

    def fields_touched(self, lo: int, hi: int) -> set[str]:
        """The fields of article text the range [lo, hi) touches ("body", "title", ...)."""
        if not self.valid:
            return set()
        first = self.document.findBlock(lo).blockNumber()
        last = self.document.findBlock(max(lo, hi - 1)).blockNumber()
        return {p.field for p in self.places[max(first, 0):last + 1] if p is not None}

    def position(self, article_id: int, field: str, offset: int) -> int | None:
        """The document position of ``offset`` in that field (in a paragraph break: the next paragraph)."""
        if not self.valid:
            return None
        for number, place in enumerate(self.places):
            if place is None or (place.article_id, place.field) != (article_id, field) or offset > place.end:
                continue
            block = self.document.findBlockByNumber(number)
            column = min(max(offset - place.start, 0), place.end - place.start)
            return block.position() + _units(block.text(), column)
        return None
