"""Which characters no installed font can draw: the reading pane shows those as a placeholder, not a box.

Qt falls back across the installed fonts for a character the reading font lacks; only when none has it does a
box appear. The check asks each installed font once per rare character (the common ideographs, Latin and
punctuation are in every CJK font) and remembers the answer.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

log = logging.getLogger(__name__)

_COMMON = ((0x0000, 0x2E80), (0x3000, 0x3400), (0x4E00, 0xA000), (0xFF00, 0xFFF0))


class GlyphCoverage:
    """Answers "can any installed font draw this character?" for the renderer (``missing``)."""

    def __init__(self) -> None:
        self._fonts: list[QRawFont] | None = None
        self._known: dict[int, bool] = {}

    def _installed(self) -> list[QRawFont]:
        if self._fonts is None:
            fonts = [QRawFont.fromFont(QFont(family)) for family in QFontDatabase.families()]
            self._fonts = [f for f in fonts if f.isValid()]
            log.debug("glyph coverage: %d fonts", len(self._fonts))
        return self._fonts

    def missing(self, char: str) -> bool:
        cp = ord(char)
        if any(low <= cp < high for low, high in _COMMON) or 0xE000 <= cp < 0xF900:
            return False  # common scripts are covered; private-use marks are placeholders anyway
        known = self._known.get(cp)
        if known is None:
            known = self._known[cp] = not any(font.supportsCharacter(cp) for font in self._installed())
        return known
