"""Text only, page only or side by side: how the reading pane and the page view share the window's central area.

The reader's choice is remembered (window state ``view/layout``); a page without a picture (imported from text)
is always shown as text, whatever the choice. Side by side takes width from the contents list when the window is
too narrow for both columns (the list comes back when the layout changes again, or by dragging it out).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QSplitter, QWidget

from reader.ui.i18n import register
from reader.ui.settings import WindowState

log = logging.getLogger(__name__)

TEXT_ONLY, PAGE_ONLY, SIDE_BY_SIDE = "text", "page", "side"
LAYOUTS = (TEXT_ONLY, PAGE_ONLY, SIDE_BY_SIDE)
DEFAULT_LAYOUT = SIDE_BY_SIDE  # for pages with a picture; text pages are always text only
SIDE_MIN_READING = 480  # px the reading column keeps in side by side before the contents list gives way ...
SIDE_MIN_PAGE = 420  # ... and the page's
DEFAULT_SIDE_SPLIT = 0.5  # share of the reading column in side by side, until the reader drags the handle

LAYOUT_LABELS = {TEXT_ONLY: "Te&xt Only", PAGE_ONLY: "Pa&ge Only", SIDE_BY_SIDE: "Side &by Side"}

register({
    "Te&xt Only": "仅文字(&X)",
    "Pa&ge Only": "仅版面(&G)",
    "Side &by Side": "文字与版面并排(&B)",
    "For pages from PDFs and scans; pages imported from text are always shown as text.":
        "适用于来自 PDF 和扫描图像的版面；从文本导入的版面总以文字显示。",
    "This page was imported from text: it is shown as text.": "此版面导入自文本文件，以文字显示。",
})


class LayoutSwitch(QObject):
    """Owns the splitter of the reading pane and the page view and shows the layout the page allows."""

    shown_changed = Signal(str)  # the layout now on screen

    def __init__(self, outer: QSplitter, reading: QWidget, make_page: Callable[[], QWidget], state: WindowState,
                 parent: QObject | None = None) -> None:
        """``make_page`` makes the page view when it is first needed (a text-only reader never loads it)."""
        super().__init__(parent)
        self._outer, self._reading, self._make_page, self._state = outer, reading, make_page, state
        self._page: QWidget | None = None
        self.area = QSplitter(Qt.Orientation.Horizontal)
        self.area.setObjectName("reading_splitter")
        self.area.addWidget(reading)
        self.area.setCollapsible(0, False)
        self.area.setStretchFactor(0, 1)
        self.area.splitterMoved.connect(self._remember_split)
        saved = state.value("view/layout", DEFAULT_LAYOUT)
        self._choice = saved if saved in LAYOUTS else DEFAULT_LAYOUT
        self._shown = TEXT_ONLY
        self._has_image = False
        self._collapsed_contents: int | None = None  # the contents list's width side by side took (0: none)
        self._split_share: float | None = None  # the reading column's share side by side, as the reader dragged it
        self._fit_pending = False  # side by side was chosen before the window had its size: fit when it has
        outer.installEventFilter(self)

    @property
    def choice(self) -> str:
        """The layout the reader chose (for pages with a picture)."""
        return self._choice

    @property
    def shown(self) -> str:
        """The layout on screen."""
        return self._shown

    def choose(self, layout: str) -> None:
        if layout not in LAYOUTS:
            return
        self._choice = layout
        self._state.set_value("view/layout", layout)
        self.apply(self._has_image)

    def apply(self, has_image: bool, force: bool = False) -> str:
        """Show the chosen layout if the current page has a picture, else text only; returns what is shown."""
        self._has_image = has_image
        layout = self._choice if has_image else TEXT_ONLY
        if layout == self._shown and not force:
            return layout
        leaving_side = self._shown == SIDE_BY_SIDE
        self._shown = layout
        page = self._page_widget() if layout != TEXT_ONLY else self._page
        self._reading.setVisible(layout != PAGE_ONLY)
        if page is not None:
            page.setVisible(layout != TEXT_ONLY)
        self._fit_pending = False
        if layout == SIDE_BY_SIDE:
            if self._outer.isVisible() and self._outer.width() >= 100:
                self._fit_side()
            else:
                self._fit_pending = True
        elif leaving_side:
            self._give_back_contents()
        self.shown_changed.emit(layout)
        return layout

    def _page_widget(self) -> QWidget:
        if self._page is None:
            self._page = self._make_page()
            self.area.addWidget(self._page)
            self.area.setCollapsible(1, False)
            self.area.setStretchFactor(1, 1)
        return self._page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self._fit_pending and watched is self._outer and event.type() in (QEvent.Type.Show, QEvent.Type.Resize)
                and self._outer.isVisible() and self._outer.width() >= 100):
            self._fit_pending = False
            self._fit_side()
        return False

    def _fit_side(self) -> None:
        self._make_room()
        self._split()

    def _make_room(self) -> None:
        """Side by side in a narrow window: the contents list gives its width to the two columns."""
        sizes = self._outer.sizes()
        total = self._outer.width()
        if len(sizes) < 2 or total < 100 or sizes[0] == 0:
            return
        if total - sizes[0] - self._outer.handleWidth() < SIDE_MIN_READING + SIDE_MIN_PAGE:
            self._collapsed_contents = sizes[0]
            self._outer.setSizes([0, sizes[0] + sizes[1]])

    def _give_back_contents(self) -> None:
        width = self._collapsed_contents
        if width is None:  # taken in an earlier session (the window's splitter was saved without it)
            try:
                width = int(self._state.value("view/contents_width", "0"))
            except ValueError:
                width = 0
        sizes = self._outer.sizes()
        if width and len(sizes) >= 2 and sizes[0] == 0:
            self._outer.setSizes([width, max(sizes[1] - width, 200)])
        self._collapsed_contents = 0  # given back: nothing to remember

    def save(self) -> None:
        """Remember the side-by-side split and the contents list's width it took (with the window's state)."""
        if self._split_share is not None:
            self._state.set_value("view/side_split", f"{self._split_share:.3f}")
        if self._collapsed_contents is not None:
            self._state.set_value("view/contents_width", str(self._collapsed_contents))

    def _split(self) -> None:
        share = self._split_share
        if share is None:
            try:
                share = float(self._state.value("view/side_split", str(DEFAULT_SIDE_SPLIT)))
            except ValueError:
                share = DEFAULT_SIDE_SPLIT
        share = min(max(share, 0.2), 0.8)
        width = max(self.area.width(), sum(self.area.sizes()), 2)
        reading = round(width * share)
        self.area.setSizes([reading, width - reading])

    def _remember_split(self, _pos: int, _index: int) -> None:
        # Kept in memory while the handle is dragged (a write of the state file takes ~17 ms here), saved by save().
        sizes = self.area.sizes()
        if self._shown == SIDE_BY_SIDE and len(sizes) == 2 and sum(sizes) > 0:
            self._split_share = sizes[0] / sum(sizes)
