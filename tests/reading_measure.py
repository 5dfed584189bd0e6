"""How wide the reading column is, measured the way a reader counts it: characters of body text a line."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont, QFontMetricsF

from reader.ui.reading_pane import MIN_SIDE_MARGIN
from reader.ui.themes import MEASURE_EM


def chars_per_line(win: Any) -> float:
    """Characters of body text per line in the window's reading pane at its font size."""
    pane = win.reading_pane
    size = pane.prefs.font_size
    font = QFont(pane.browser.document().defaultFont())
    font.setPointSizeF(size)
    char = QFontMetricsF(font).horizontalAdvance("中")
    measure = MEASURE_EM * size * pane.browser.logicalDpiY() / 72
    column = min(pane.browser.viewport().width() - 2 * MIN_SIDE_MARGIN, measure)
    return column / char
