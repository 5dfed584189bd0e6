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

from reader.ui.i18n import N_
from reader.ui.settings import WindowState

log = logging.getLogger(__name__)

TEXT_ONLY, PAGE_ONLY, SIDE_BY_SIDE = "text", "page", "side"
LAYOUTS = (TEXT_ONLY, PAGE_ONLY, SIDE_BY_SIDE)
DEFAULT_LAYOUT = SIDE_BY_SIDE  # for pages with a picture; text pages are always text only
MIN_CHARACTERS = 30  # a line of the reading column side by side, before the contents list gives way ...
SIDE_MIN_PAGE = 360  # ... and the page's px (below this it is a navigator more than a page to read)
DEFAULT_SIDE_SPLIT = 0.5  # share of the reading column in side by side (at least MIN_CHARACTERS), until dragged

LAYOUT_LABELS = {TEXT_ONLY: N_("Te&xt Only"), PAGE_ONLY: N_("Pa&ge Only"), SIDE_BY_SIDE: N_("Side &by Side")}



class LayoutSwitch(QObject):
    """Owns the splitter of the reading pane and the page view and shows the layout the page allows."""

    shown_changed = Signal(str)  # the layout now on screen

    def __init__(self, outer: QSplitter, reading: QWidget, make_page: Callable[[], QWidget], state: WindowState,
                 parent: QObject | None = None, reading_width: Callable[[int], int] | None = None) -> None:
        """``make_page`` makes the page view when it is first needed (a text-only reader never loads it);
        ``reading_width(n)`` is the reading column's width for n characters a line."""
        super().__init__(parent)
        self._reading_width = reading_width or (lambda n: 16 * n + 80)
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
        if total - sizes[0] - self._outer.handleWidth() < self._reading_width(MIN_CHARACTERS) + SIDE_MIN_PAGE:
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
        width = max(self.area.width(), sum(self.area.sizes()), 2)
        share = self._split_share
        if share is None:
            saved = self._state.value("view/side_split", "")
            try:
                share = float(saved)
            except ValueError:
                share = None
            if share is None or share != share:  # never dragged (or a damaged state file): the default, where
                # the reading column comes first: a line of MIN_CHARACTERS, as long as the page keeps SIDE_MIN_PAGE
                needed = min(self._reading_width(MIN_CHARACTERS), width - SIDE_MIN_PAGE) / width
                share = max(DEFAULT_SIDE_SPLIT, needed)
        share = min(max(share, 0.2), 0.8)
        reading = round(width * share)
        self.area.setSizes([reading, width - reading])

    def _remember_split(self, _pos: int, _index: int) -> None:
        # Kept in memory while the handle is dragged (a write of the state file takes ~17 ms here), saved by save().
        sizes = self.area.sizes()
        if self._shown == SIDE_BY_SIDE and len(sizes) == 2 and sum(sizes) > 0:
            self._split_share = sizes[0] / sum(sizes)
