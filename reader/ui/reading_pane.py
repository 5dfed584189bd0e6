"""The reading pane: one article (or block, or the page's original text) typeset for comfortable reading."""

from __future__ import annotations

import html
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QKeyEvent, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from reader.notes.model import BOOKMARK, COLORS, HIGHLIGHT, NOTE
from reader.ui import render
from reader.ui.dock_helpers import color_name
from reader.ui.find_bar import FindBar
from reader.ui.i18n import N_, tr
from reader.ui.seams import ArticleNotes, ArticleSource
from reader.ui.text_places import TextPlaces
from reader.ui.themes import MEASURE_EM, palette, stylesheet

log = logging.getLogger(__name__)


MIN_SIDE_MARGIN = 28  # px either side of the text when the window is narrower than the measure
TOP_MARGIN = 28
BOTTOM_MARGIN = 48


class ReadingPrefs(Protocol):
    """What the pane reads of reader.ui.settings.Preferences (which also has a ``changed`` signal)."""

    font_family: str
    font_size: int
    line_spacing: float
    theme: str
    script: str


_CONVERTERS: dict[str, Any] = {}


def script_converter(script: str | None) -> Callable[[str], str] | None:
    """A display converter for "simplified"/"traditional" (OpenCC, built once, lazily), else None."""
    config = {"simplified": "t2s", "traditional": "s2t"}.get(script or "")
    if config is None:
        return None
    if config not in _CONVERTERS:
        try:
            import opencc  # imported lazily: loading its dictionaries takes a moment

            _CONVERTERS[config] = opencc.OpenCC(config)
        except Exception:
            log.exception("OpenCC %s is unavailable; showing the original script", config)
            _CONVERTERS[config] = None
    converter = _CONVERTERS[config]
    return converter.convert if converter is not None else None


class ReadingPane(QWidget):
    """Shows an article typeset for reading: search hits, jump links, a find bar, the original text."""

    article_requested = Signal(int)
    scroll_changed = Signal(float)
    # The reader's intents about notes; the window carries them out (the pane only shows notes).
    highlight_requested = Signal(int, int, int, str)  # article id, body start, end, colour
    note_requested = Signal(int, int, int)  # article id, body start, end (-1, -1: the whole article)
    bookmark_requested = Signal(int, int)  # article id, body position (-1: the article)
    annotation_activated = Signal(str)  # a highlight or note was clicked: its uid
    progress_changed = Signal(str)  # where the reader is ("Article 2 of 5 on this page · 37%")
    article_in_view = Signal(int)  # continuous mode: another article reached the top of the view
    citation_requested = Signal(str)  # copy the article's citation: "text", "ris" or "bib"

    def __init__(
        self, library: ArticleSource, prefs: ReadingPrefs, parent: QWidget | None = None,
        notes: ArticleNotes | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.prefs = prefs
        self.notes = notes  # reader.ui.notes_controller.NotesController, or None: no notes shown
        self._mode = "empty"  # "empty" | "article" | "pages" (continuous) | "block" | "missing"
        self._page_ids: list[int] = []  # the pages shown in one scroll (continuous mode)
        self._expanded: set[int] = set()  # folded blocks the reader opened (continuous mode)
        self._original = False
        self._article_id: int | None = None
        self._parts: list[Any] = []
        self._part_index = 0
        self._highlights: dict[str, list[tuple[int, int]]] | None = None
        self._hit_count = 0
        self._current_hit: int | None = None
        self._block: tuple[int, int] | None = None
        self._block_hits: list[tuple[int, int]] = []  # a search's hits in the shown block's page text
        self._article_scroll = 0.0  # where the article view was when the original view was switched on
        self._rendering = False
        self._bookmarked = False

        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.anchorClicked.connect(self._on_anchor)
        self.browser.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.browser.viewport().installEventFilter(self)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._context_menu)
        self._places = TextPlaces(self.browser.document(), ())

        self.find_bar = FindBar(self.browser, self)
        self.find_bar.hide()
        # Where the reader is, said quietly under the text (in focus mode; the window's status bar otherwise).
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("ReadingProgress")
        self.progress_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress_label.setContentsMargins(0, 2, 0, 4)
        self.progress_label.hide()
        self._place_in_page: tuple[int, int] | None = None
        # The hits of the search that opened the article: "hit i of n", stepped with F3 / Shift+F3.
        self.hit_bar = QWidget(self)
        self.hit_bar.setObjectName("HitBar")
        self.hit_label = QLabel(self.hit_bar)
        previous_hit = QToolButton(self.hit_bar)
        previous_hit.setText("↑")
        previous_hit.setToolTip(tr("Previous hit (Shift+F3)"))
        previous_hit.clicked.connect(self.previous_hit)
        next_hit = QToolButton(self.hit_bar)
        next_hit.setText("↓")
        next_hit.setToolTip(tr("Next hit (F3)"))
        next_hit.clicked.connect(self.next_hit)
        row = QHBoxLayout(self.hit_bar)
        row.setContentsMargins(8, 2, 8, 2)
        row.addStretch(1)
        row.addWidget(self.hit_label)
        row.addWidget(previous_hit)
        row.addWidget(next_hit)
        self.hit_bar.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.hit_bar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.progress_label)

        # Ctrl+F is taken over while the pane has focus, so it works without a window's Find action and
        # does not clash with one (two shortcuts on one key would both be ambiguous and neither would fire).
        self.browser.installEventFilter(self)
        self.find_bar.edit.installEventFilter(self)
        self._render()  # the owner connects prefs.changed to apply_prefs

    # -- public API ----------------------------------------------------------------------------------------

    @property
    def current_article_id(self) -> int | None:
        return self._article_id

    @property
    def idle(self) -> bool:
        """Nothing is shown yet (no article, page or block)."""
        return self._mode == "empty"

    @property
    def hit_count(self) -> int:
        return self._hit_count

    @property
    def current_hit(self) -> int | None:
        return self._current_hit

    def show_article(
        self,
        article_id: int,
        highlights: Mapping[str, Sequence[tuple[int, int]]] | None = None,
        scroll: float | None = None,
        joined: bool = False,
    ) -> None:
        """Show an article (all parts when ``joined``) with hits; scroll to ``scroll`` or the first hit."""
        parts = self._load_parts(article_id, joined)
        self._article_id = int(article_id)
        self._block = None
        self._parts = parts
        self._part_index = next((i for i, p in enumerate(parts) if p.id == article_id), 0)
        self._highlights = {k: list(v) for k, v in highlights.items()} if highlights else None
        self._mode = "article" if parts else "missing"
        self._original = False
        target = parts[self._part_index] if parts else None
        hits = render.hit_ranges(target.title, target.body, self._highlights) if target else []
        self._hit_count = len(hits)
        self._current_hit = 0 if hits else None
        self._article_scroll = 0.0
        self._render()
        if scroll is not None:
            self._set_scroll_fraction(scroll)
        elif self._current_hit is not None:
            self._scroll_to_hit()
        else:
            self._set_scroll_fraction(0.0)
        self._show_progress()

    def show_pages(self, page_ids: Sequence[int], article_id: int | None = None) -> None:
        """Every article of these pages in page order, in one scroll (adverts, mastheads and noise folded);
        scroll to ``article_id``. The article at the top of the view is the current one (``article_in_view``)."""
        self._page_ids = [int(p) for p in page_ids]
        self._expanded = set()
        self._block = None
        self._highlights = None
        self._hit_count, self._current_hit = 0, None
        self._original = False
        self._parts = self._page_articles()
        self._mode = "pages" if self._parts or self._page_ids else "missing"
        self._article_id = article_id if article_id is not None else (self._parts[0].id if self._parts else None)
        self._render()
        if article_id is None or not self.scroll_to_article(article_id):
            self._set_scroll_fraction(0.0)
        self._show_progress()

    @property
    def continuous(self) -> bool:
        """Whether whole pages are shown in one scroll."""
        return self._mode == "pages"

    @property
    def page_ids(self) -> list[int]:
        return list(self._page_ids) if self.continuous else []

    def scroll_to_article(self, article_id: int) -> bool:
        """In continuous mode, bring an article's heading to the top of the view; False if it is not shown."""
        if not self.continuous or article_id not in {p.id for p in self._parts}:
            return False
        self.browser.scrollToAnchor(f"article-{article_id}")
        self._set_current_in_view(article_id)
        return True

    def open_block_in_place(self, block_id: int) -> bool:
        """In continuous mode, open a folded block where it stands and bring it into view."""
        if not self.continuous:
            return False
        self._expanded.add(int(block_id))
        self._render()
        self.browser.scrollToAnchor(f"block-{int(block_id)}")
        return True

    def _page_articles(self) -> list[Any]:
        try:
            return [i for pid in self._page_ids for i in self.library.page_items(pid) if hasattr(i, "body")]
        except Exception:
            log.exception("cannot read the pages %s", self._page_ids)
            return []

    def _article_at_top(self) -> int | None:
        """The article whose text is at the top of the view (the one above it when a marker is there)."""
        top = self.browser.cursorForPosition(QPoint(MIN_SIDE_MARGIN + 4, 4)).position()
        block = self.browser.document().findBlock(top).blockNumber()
        places = self._places.places
        for number in range(min(block, len(places) - 1), -1, -1):
            if places[number] is not None:
                return places[number].article_id  # type: ignore[union-attr]
        return self._parts[0].id if self._parts else None

    def _set_current_in_view(self, article_id: int | None) -> None:
        if article_id is not None and article_id != self._article_id:
            self._article_id = article_id
            self.article_in_view.emit(article_id)

    def show_block(self, page_id: int, block_id: int, hits: Sequence[tuple[int, int]] | None = None) -> None:
        """Show a non-article block of a page with its kind as a label.

        With ``hits`` (a search found the block: where the query's strings stand in the page text), the page's
        original text is shown instead, the block marked and the hits on it, and F3 steps through them:
        an advert or a caption has no reading form of its own worth more than its place on the page.
        """
        self._article_id = None
        self._parts = []
        self._highlights = None
        self._block = (int(page_id), int(block_id))
        self._mode = "block" if self._find_block() is not None else "missing"
        self._original = hits is not None and self._mode == "block"
        self._block_hits = sorted((int(a), int(b)) for a, b in hits or ()) if self._original else []
        self._hit_count = len(self._block_hits)
        self._current_hit = 0 if self._block_hits else None
        self._render()
        if self._current_hit is not None:
            self._scroll_to_hit()
        elif self._original:
            self._scroll_to_anchor("span-0")
        else:
            self._set_scroll_fraction(0.0)
        self._show_progress()

    def clear(self) -> None:
        """Show nothing (after the shown article left the library)."""
        self._mode, self._article_id, self._parts, self._block = "empty", None, [], None
        self._hit_count, self._current_hit = 0, None
        self._render()

    def next_hit(self) -> None:
        """Make the next search hit current (wrapping) and scroll to it."""
        self._step_hit(+1)

    def previous_hit(self) -> None:
        """Make the previous search hit current (wrapping) and scroll to it."""
        self._step_hit(-1)

    def show_original(self, on: bool) -> None:
        """Swap between the article and its page's raw OCR text with the article's place highlighted."""
        on = bool(on)
        if on == self._original:
            return
        if on:
            self._article_scroll = self.scroll_fraction()
        self._original = on
        self._render()
        if on and self._mode == "block" and self._current_hit is not None:
            self._scroll_to_hit()
        elif on:
            self._scroll_to_anchor("span-0")
        else:
            self._set_scroll_fraction(self._article_scroll)
        self._show_progress()

    def page(self, step: int) -> bool:
        """Scroll a screen on (``step`` > 0) or back, keeping two lines of context; False at the end or top."""
        bar = self.browser.verticalScrollBar()
        edge = bar.maximum() if step > 0 else bar.minimum()
        if bar.value() == edge:
            return False
        overlap = 2 * self.browser.fontMetrics().lineSpacing()
        screen = max(self.browser.viewport().height() - overlap, bar.singleStep())
        bar.setValue(bar.value() + screen if step > 0 else bar.value() - screen)
        return True

    def scroll_fraction(self) -> float:
        """How far down the document is scrolled, 0.0 to 1.0."""
        bar = self.browser.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def selected_text(self) -> str:
        """The selected text with line breaks as "\\n"."""
        return self.browser.textCursor().selectedText().replace("\u2029", "\n").replace("\u2028", "\n")

    def apply_prefs(self) -> None:
        """Re-render with the current preferences, keeping the reading position."""
        fraction = self.scroll_fraction()
        self._render()
        self._set_scroll_fraction(fraction)

    def find_text(self, text: str) -> int:
        """Open the find bar on ``text`` and select its first match; returns the number of matches."""
        return self.find_bar.find_text(text)

    # -- loading ------------------------------------------------------------------------------------------

    def _load_parts(self, article_id: int, joined: bool) -> list[Any]:
        try:
            if joined:
                return list(self.library.joined_article(article_id))
            article = self.library.article(article_id)
        except Exception:
            log.exception("cannot read article %s", article_id)
            return []
        return [article] if article is not None else []

    def _find_block(self) -> Any:
        if self._block is None:
            return None
        page_id, block_id = self._block
        try:
            return next((b for b in self.library.blocks(page_id) if b.id == block_id), None)
        except Exception:
            log.exception("cannot read blocks of page %s", page_id)
            return None

    def _issue_facts(self, issue_id: int) -> tuple[str | None, Any]:
        try:
            issue = self.library.issue(issue_id)
        except Exception:
            log.exception("cannot read issue %s", issue_id)
            issue = None
        return (issue.paper, issue.date) if issue is not None else (None, None)

    def _page(self, page_id: int) -> Any:
        try:
            return self.library.page(page_id)
        except Exception:
            log.exception("cannot read page %s", page_id)
            return None

    # -- rendering -----------------------------------------------------------------------------------------

    def _style(self) -> dict[str, Any]:
        prefs = self.prefs
        return {
            "theme": prefs.theme,
            "font_family": prefs.font_family,
            "font_size": prefs.font_size,
            "line_spacing": prefs.line_spacing,
            "script_convert": script_converter(prefs.script),
        }

    def _html(self) -> render.Rendered:
        """The document to show and the places of its blocks (none outside the reconstructed article)."""
        style = self._style()
        convert = style.pop("script_convert")
        if self._mode == "article" and self._original:
            part = self._parts[self._part_index]
            page = self._page(part.page_id)
            heading = tr("Original text of page {page}").format(page=part.page_label or "?")
            return render.Rendered(render.render_original(
                page.text if page else "", part.spans, heading=heading, script_convert=convert, **style
            ), ())
        if self._mode == "article":
            part = self._parts[self._part_index]
            first = self._parts[0]
            paper, date = self._issue_facts(first.issue_id)
            marks, notes, self._bookmarked = self._annotations()
            instalments = None
            if getattr(part, "series_title", None):  # serial fiction: links to the neighbouring instalments
                before, after = (self._neighbour(part.id, step) for step in (-1, 1))
                instalments = (before, after)
            return render.render_article(
                self._parts,
                paper=paper,
                date=date,
                page_label=first.page_label,
                highlights=self._highlights,
                current_hit=self._current_hit,
                highlight_part=self._part_index,
                script_convert=convert,
                marks=marks,
                notes=notes,
                bookmarked=self._bookmarked,
                instalments=instalments,
                **style,
            )
        if self._mode == "pages":
            marks, _notes, _bookmarked = self._annotations()
            bookmarked = {p.id for p in self._parts if self.notes is not None and any(
                a.kind == BOOKMARK for a in self.notes.for_article(p.id))}
            pages: list[tuple[str | None, list[Any]]] = []
            for page_id in self._page_ids:
                page = self._page(page_id)
                try:
                    items = list(self.library.page_items(page_id))
                except Exception:
                    log.exception("cannot read page %s", page_id)
                    items = []
                pages.append((page.label if page else None, items))
            return render.render_pages(pages, expanded=self._expanded, marks=marks, bookmarked=bookmarked,
                                       script_convert=convert, **style)
        if self._mode == "block":
            block = self._find_block()
            if block is not None and self._original:
                page = self._page(block.page_id)
                return render.Rendered(render.render_original(
                    page.text if page else "", block.spans, script_convert=convert, **style,
                    hits=self._block_hits, current_hit=self._current_hit,
                ), ())
            if block is not None:
                return render.Rendered(render.render_block(block.kind, block.text, script_convert=convert, **style), ())
        message = {
            "empty": tr("Select an article to read."),
            "missing": tr("This block is no longer in the library.")
            if self._block
            else tr("This article is no longer in the library."),
        }.get(self._mode, "")
        body = f'<p class="empty">{html.escape(message)}</p>'
        return render.Rendered(f"<html><head><style>{stylesheet(**style)}</style></head><body>{body}</body></html>", ())

    def _neighbour(self, article_id: int, step: int) -> int | None:
        try:
            found = self.library.adjacent_instalment(article_id, step)
        except Exception:
            log.exception("cannot read the instalments next to %s", article_id)
            return None
        return found.id if found is not None else None

    def _annotations(self) -> tuple[dict[int, list[render.Mark]], list[render.ArticleNote], bool]:
        """The reader's highlights (per part), article notes and bookmark state of the parts shown."""
        marks: dict[int, list[render.Mark]] = {}
        notes: list[render.ArticleNote] = []
        bookmarked = False
        if self.notes is None:
            return marks, notes, bookmarked
        for part in self._parts:
            for ann in self.notes.for_article(part.id):
                if ann.kind == HIGHLIGHT and ann.start is not None and ann.end is not None:
                    marks.setdefault(part.id, []).append(
                        render.Mark(ann.start, ann.end, ann.color or COLORS[0], ann.uid, ann.note)
                    )
                elif ann.kind == NOTE:
                    notes.append(render.ArticleNote(ann.uid, ann.note))
                elif ann.kind == BOOKMARK:
                    bookmarked = True
        return marks, notes, bookmarked

    @property
    def bookmarked(self) -> bool:
        """Whether the article shown has a bookmark (as last rendered)."""
        return self._bookmarked

    def refresh_notes(self, article_id: int = -1) -> None:
        """Redraw the article's highlights and notes after they changed (-1: whatever is shown)."""
        if self._mode not in ("article", "pages"):
            return
        if article_id != -1 and article_id not in {p.id for p in self._parts}:
            return
        self.apply_prefs()

    def _render(self) -> None:
        style = self._style()
        colors = palette(style["theme"])
        self._rendering = True
        try:
            doc = self.browser.document()
            doc.setDefaultStyleSheet(
                stylesheet(style["theme"], style["font_family"], style["font_size"], style["line_spacing"])
            )
            pal = self.browser.palette()
            for role, color in (
                (QPalette.ColorRole.Base, colors.background),
                (QPalette.ColorRole.Window, colors.background),
                (QPalette.ColorRole.Text, colors.text),
                (QPalette.ColorRole.Link, colors.link),
            ):
                pal.setColor(role, QColor(color))
            self.browser.setPalette(pal)
            self.browser.viewport().setAutoFillBackground(True)
            self.progress_label.setStyleSheet(
                f"color: {colors.muted}; background: {colors.background}; font-size: 9pt;")
            rendered = self._html()
            self.browser.setHtml(rendered.html)
            self._places = TextPlaces(self.browser.document(), rendered.places)
            self._apply_measure()
        finally:
            self._rendering = False
        self.find_bar.refresh()
        self._show_progress()

    def width_for(self, characters: int) -> int:
        """The pane's width in px that shows ``characters`` of body text a line at the reading font size."""
        size = float(self.prefs.font_size)
        font = QFont(self.browser.document().defaultFont())
        font.setPointSizeF(size)
        char = max(QFontMetricsF(font).horizontalAdvance("中"), size * self.browser.logicalDpiY() / 72)
        chrome = self.width() - self.browser.viewport().width()  # frame, scroll bar, layout margins
        bar = self.browser.verticalScrollBar()
        if not bar.isVisible():  # an article long enough to read will have one
            chrome += bar.sizeHint().width()
        return math.ceil(characters * char + 2 * MIN_SIDE_MARGIN + max(chrome, 0)) + 4

    def _apply_measure(self) -> None:
        """Centre a MEASURE_EM-character column with root-frame margins (Qt rich text has no max-width)."""
        doc = self.browser.document()
        size = float(self.prefs.font_size)
        measure = MEASURE_EM * size * self.browser.logicalDpiY() / 72
        width = self.browser.viewport().width()
        side = max(MIN_SIDE_MARGIN, (width - measure) / 2)
        frame = doc.rootFrame()
        fmt = frame.frameFormat()
        if (fmt.leftMargin(), fmt.rightMargin(), fmt.topMargin()) == (side, side, TOP_MARGIN):
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(TOP_MARGIN)
        fmt.setBottomMargin(BOTTOM_MARGIN)
        frame.setFrameFormat(fmt)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.browser.viewport() and kind == QEvent.Type.Resize:
            self._apply_measure()
        elif self._is_find_key(event):
            event.accept()
            if kind == QEvent.Type.KeyPress:
                self.open_find_bar()
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _is_find_key(event: QEvent) -> bool:
        return (
            event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Find)
        )

    # -- hits and scrolling -------------------------------------------------------------------------------

    def _hits_shown(self) -> bool:
        """Whether search hits are on screen: an article's, or a block's in its page's original text (only)."""
        return bool(self._hit_count) and (self._mode == "article" or (self._mode == "block" and self._original))

    def _step_hit(self, step: int) -> None:
        if not self._hits_shown():
            return
        current = self._current_hit if self._current_hit is not None else -step
        self._current_hit = (current + step) % self._hit_count
        if self._original and self._mode == "article":
            self._show_progress()
            return  # the hit moves; the article view shows it when the original view is closed
        self._render()
        self._scroll_to_hit()

    def _scroll_to_hit(self) -> None:
        if self._current_hit is not None:
            self._scroll_to_anchor(f"hit-{self._current_hit}")

    def _scroll_to_anchor(self, name: str) -> None:
        """Scroll so the anchor sits a third of the way down the view, not glued to its top edge."""
        self.browser.scrollToAnchor(name)
        bar = self.browser.verticalScrollBar()
        if bar.value() > 0 or bar.maximum() > 0:
            bar.setValue(max(0, bar.value() - self.browser.viewport().height() // 3))

    def _set_scroll_fraction(self, fraction: float) -> None:
        try:
            fraction = min(max(float(fraction), 0.0), 1.0)
        except (TypeError, ValueError):
            fraction = 0.0
        bar = self.browser.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))

    def _on_scroll(self, _value: int) -> None:
        if not self._rendering:
            if self.continuous:
                self._set_current_in_view(self._article_at_top())
            self.scroll_changed.emit(self.scroll_fraction())
            self._show_progress()

    def set_place_in_page(self, index: int | None, count: int | None) -> None:
        """The shown article is the ``index``-th (1-based) of ``count`` articles on its page (None: unknown)."""
        self._place_in_page = (index, count) if index and count else None
        self._show_progress()

    def progress_text(self) -> str:
        """ "Article 2 of 5 on this page · 37 %": where the reader is, for a quiet line under the text."""
        if self._mode not in ("article", "pages"):
            return ""
        bar = self.browser.verticalScrollBar()
        seen = (bar.value() + bar.pageStep()) / (bar.maximum() + bar.pageStep()) if bar.maximum() > 0 else 1.0
        percent = round(100 * min(max(seen, 0.0), 1.0))
        if self.continuous:
            return tr("{percent}% of the page").format(percent=percent)
        if self._place_in_page is None:
            return tr("{percent}% of the article").format(percent=percent)
        index, count = self._place_in_page
        return tr("Article {i} of {n} on this page · {percent}%").format(i=index, n=count, percent=percent)

    def hit_text(self) -> str:
        """ "Hit 2 of 7" for the search hits of the open article or block ("" when it has none)."""
        if not self._hits_shown() or self._current_hit is None:
            return ""
        return tr("Hit {i} of {n}").format(i=self._current_hit + 1, n=self._hit_count)

    def _show_progress(self) -> None:
        hits = self.hit_text()
        self.hit_label.setText(hits)
        self.hit_bar.setVisible(bool(hits))
        text = self.progress_text()
        self.progress_label.setText(text)
        self.progress_changed.emit(text)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "note":
            self.annotation_activated.emit(url.path())
            return
        if url.scheme() == "block" and self.continuous:  # folded adverts, mastheads ...: open or fold them
            try:
                block_ids = {int(part) for part in url.path().split(",")}
            except ValueError:
                return
            self._expanded ^= block_ids
            keep = self.browser.verticalScrollBar().value()
            self._render()
            self.browser.verticalScrollBar().setValue(keep)
            return
        if url.scheme() != "article":
            log.info("ignoring link %s", url.toString())
            return
        try:
            article_id = int(url.path())
        except ValueError:
            log.warning("bad article link %s", url.toString())
            return
        self.article_requested.emit(article_id)

    # -- positions in the article text (for the reader's notes) ----------------------------------------------
    # The renderer says which text each block shows, character for character (reader.ui.text_places).

    def selection_range(self) -> tuple[int, int, int] | None:
        """The selection as (article id, start, end) in that part's body text; None if it holds no body text.

        A selection reaching into the title or another part is cut to the body of the part it meets first.
        """
        cursor = self.browser.textCursor()
        if not cursor.hasSelection() or self._original:
            return None
        return self._places.selection(cursor.selectionStart(), cursor.selectionEnd())

    def selection_in_headings_only(self) -> bool:
        """Whether the selection holds headline text (title, kicker, subtitle, byline) and no body text."""
        cursor = self.browser.textCursor()
        if not cursor.hasSelection() or self._original:
            return False
        fields = self._places.fields_touched(cursor.selectionStart(), cursor.selectionEnd())
        return bool(fields) and "body" not in fields

    def position_at(self, point: QPoint) -> tuple[int, int] | None:
        """(article id, body offset) of the text at a viewport point; before a heading, the next paragraph."""
        pos = self.browser.cursorForPosition(point).position()
        found = self._places.at(pos)
        if found is not None and found[0].field == "body":
            return found[0].article_id, found[1]
        # In a heading or between blocks: the first paragraph of the shown part after the point.
        block = self.browser.document().findBlock(pos)
        for number in range(max(block.blockNumber(), 0), len(self._places.places)):
            place = self._places.places[number]
            if place is not None and place.field == "body":
                return place.article_id, place.start
        return None

    def reveal(self, article_id: int, offset: int) -> bool:
        """Scroll so that body offset ``offset`` of part ``article_id`` sits a third of the way down."""
        if self._original:
            return False
        position = self._places.position(article_id, "body", offset)
        if position is None:
            return False
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(position)
        self.browser.setTextCursor(cursor)
        rect = self.browser.cursorRect(cursor)
        bar = self.browser.verticalScrollBar()
        bar.setValue(max(0, bar.value() + rect.top() - self.browser.viewport().height() // 3))
        return True

    def _context_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
        menu.exec(self.browser.viewport().mapToGlobal(point))
        menu.deleteLater()

    def context_menu(self, point: QPoint) -> QMenu:
        """The text's own menu (copy, select all) plus citations and the reader's note actions where they apply."""
        menu = self.browser.createStandardContextMenu(point)
        if self._mode in ("article", "pages") and self._parts:
            menu.addSeparator()
            for label, fmt in ((N_("Copy Citation"), "text"), (N_("Copy Citation as RIS (Zotero, EndNote)"), "ris"),
                               (N_("Copy Citation as BibTeX"), "bib")):
                menu.addAction(tr(label)).triggered.connect(lambda _=False, f=fmt: self.citation_requested.emit(f))
        if self._mode not in ("article", "pages") or self._original or self.notes is None or not self._parts:
            return menu
        menu.addSeparator()
        selected = self.selection_range()
        headings_only = selected is None and self.selection_in_headings_only()
        highlight = menu.addMenu(tr("Highlight (headings cannot be highlighted)") if headings_only else tr("Highlight"))
        highlight.setEnabled(selected is not None)
        for color in COLORS:
            action = QAction(color_name(color), highlight)
            action.setData(color)
            if selected is not None:
                aid, start, end = selected
                action.triggered.connect(
                    lambda _=False, a=aid, s=start, e=end, c=color: self.highlight_requested.emit(a, s, e, c)
                )
            highlight.addAction(action)
        with_note = menu.addAction(tr("Highlight with Note…"))
        with_note.setEnabled(selected is not None)
        if selected is not None:
            with_note.triggered.connect(lambda _=False, sel=selected: self.note_requested.emit(*sel))
        at = self._places.at(self.browser.cursorForPosition(point).position()) if self.continuous else None
        shown = at[0].article_id if at is not None else (self._article_id if self.continuous else None)
        shown = shown if shown is not None else self._parts[self._part_index].id
        menu.addAction(tr("Note on This Article…")).triggered.connect(
            lambda _=False: self.note_requested.emit(shown, -1, -1)
        )
        menu.addSeparator()
        if self._bookmarked:
            menu.addAction(tr("Remove Bookmark")).triggered.connect(
                lambda _=False: self.bookmark_requested.emit(shown, -1)
            )
        else:
            place = self.position_at(point)
            if place is not None:
                menu.addAction(tr("Bookmark This Place")).triggered.connect(
                    lambda _=False, pl=place: self.bookmark_requested.emit(*pl)
                )
            menu.addAction(tr("Bookmark Article")).triggered.connect(
                lambda _=False: self.bookmark_requested.emit(shown, -1)
            )
        return menu

    # -- find bar -----------------------------------------------------------------------------------------

    def open_find_bar(self) -> None:
        """Show the find bar (pre-filled with a one-line selection) and focus its field."""
        self.find_bar.open(self.selected_text().strip())
