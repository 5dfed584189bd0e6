"""The main window: builds the panels, wires their intent signals, owns navigation history. Nothing else."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)

from reader.jobs import SearchRequest
from reader.library.store import Library
from reader.notes.citation import Cited, bibtex, citation, ris
from reader.notes.store import NoteStore
from reader.paths import samples_dir
from reader.search.highlight import page_hit_offsets
from reader.ui import render, window_theme
from reader.ui.bookmarks_dock import BookmarksDock
from reader.ui.core_messages import core_text
from reader.ui.corrections_dialog import CorrectionsDialog
from reader.ui.glyphs import GlyphCoverage
from reader.ui.go_to_date import GoToDateDialog
from reader.ui.i18n import N_, tr, ui_language
from reader.ui.import_flow import ImportController
from reader.ui.issue_view import IssueView
from reader.ui.labels import markdown_labels
from reader.ui.layouts import LAYOUT_LABELS, LAYOUTS, LayoutSwitch
from reader.ui.library_dock import LibraryDock
from reader.ui.note_dialog import NoteDialog
from reader.ui.notes_controller import NotesController
from reader.ui.notes_dock import NotesDock
from reader.ui.paging import PageKeys
from reader.ui.reading_pane import ReadingPane
from reader.ui.search_bridge import SearchBridge
from reader.ui.search_dock import SearchDock
from reader.ui.series_dialog import SeriesDialog
from reader.ui.settings import Preferences, WindowState
from reader.ui.shortcuts import SHORTCUTS, ShortcutsDialog
from reader.ui.tasks import Job, ReadPool, WriterLane
from reader.ui.welcome import WelcomeView

if TYPE_CHECKING:
    from reader.ui.page_view import PageView

log = logging.getLogger(__name__)

LIBRARY_WIDTH = 230  # px: the calendar needs 217, the tree's issue labels fit
CONTENTS_WIDTH = (240, 340)  # px, bounds of the contents list's default width (a fifth of the window)

LAYOUT_KEYS = {"text": "Text only", "page": "Page only", "side": "Side by side"}  # names in SHORTCUTS

HEADINGS_NOT_NOTED = (
    N_("Highlights and notes go on the article's text, not on its headings: select text of the body, or use "
    "Note on This Article for a note on the whole article.")
)



class MainWindow(QMainWindow):
    """Composes the library dock, issue view, reading pane and search dock; keeps back/forward history."""

    article_opened = Signal(int)

    def __init__(
        self,
        library: Library,
        library_dir: Path,
        prefs: Preferences,
        state: WindowState,
        lane: WriterLane,
        pool: ReadPool,
        search: SearchBridge,
    ) -> None:
        super().__init__()
        self.library, self.library_dir, self.prefs, self.state = library, library_dir, prefs, state
        self.lane, self.pool, self.search = lane, pool, search
        self.setWindowTitle(tr("Newspaper Reader"))
        self.setObjectName("main_window")
        self.setAcceptDrops(True)
        self.reading_mode = "article"
        self._history: list[int] = []
        self._history_pos = -1
        self._last_color = "yellow"  # the highlight colour used last: Ctrl+Shift+H repeats it

        self.library_dock = LibraryDock(library, self)
        self.library_dock.setObjectName("library_dock")
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.search_dock = SearchDock([name for name, _ in library.paper_counts() if name is not None], self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.search_dock)

        self.notes = NotesController(NoteStore.of(library), self)
        self.notes_dock = NotesDock(self.notes, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_dock)
        self.bookmarks_dock = BookmarksDock(self.notes, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.bookmarks_dock)
        self.tabifyDockWidget(self.search_dock, self.notes_dock)
        self.tabifyDockWidget(self.notes_dock, self.bookmarks_dock)
        self.search_dock.raise_()

        render.set_glyph_check(GlyphCoverage().missing)  # characters no font can draw show as a placeholder
        self.issue_view = IssueView(library, self, notes=self.notes)
        self.reading_pane = ReadingPane(library, prefs, self, notes=self.notes)
        # The page as printed, beside or instead of the text: made when a page with a picture is first shown
        # (a library of text pages never loads it), its pictures cached in the library folder.
        self.page_view: PageView | None = None
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("central_splitter")
        self.layouts = LayoutSwitch(self.splitter, self.reading_pane, self.make_page_view, state, self,
                                    reading_width=self.reading_pane.width_for)
        self.splitter.addWidget(self.issue_view)
        self.splitter.addWidget(self.layouts.area)
        self.splitter.setStretchFactor(0, 0)  # a wider window widens the reading column, not the list
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.welcome = WelcomeView()
        self.central = QStackedWidget()
        self.central.addWidget(self.splitter)
        self.central.addWidget(self.welcome)
        self.setCentralWidget(self.central)
        self.default_layout()
        self.importer = ImportController(self, lane, library_dir)
        self.welcome.samples_requested.connect(self.import_samples)
        self.welcome.folder_requested.connect(self.importer.choose_folder)
        self.welcome.files_requested.connect(self.importer.choose_files)
        self._show_welcome_if_empty()

        self._build_menus()
        self._wire()
        self.progress_status = QLabel()
        self.progress_status.setObjectName("ProgressStatus")
        self.statusBar().addPermanentWidget(self.progress_status)
        self.reading_pane.progress_changed.connect(self.progress_status.setText)
        self._before_focus: dict[str, Any] | None = None
        self.set_reading_mode(self.state.value("reading/mode", "article"))
        self.page_keys = PageKeys(self.page_forward, self.page_back, self)
        self.page_keys.watch(self.reading_pane.browser, self.issue_view.toc_view, self.library_dock.tree)
        self._refresh_status()

    # -- construction -------------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
                menu: Any = None,
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(tr("&File"))
        keys = {name: key for name, key, _ in SHORTCUTS}
        self._action(tr("Import &Files…"), self.importer.choose_files, keys.get("Import files"), file)
        self._action(tr("Import F&older…"), self.importer.choose_folder, keys.get("Import folder"), file)
        self._action(tr("Import the Bundled &Samples"), self.import_samples, None, file)
        file.addSeparator()
        self._action(tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, file)

        edit = bar.addMenu(tr("&Edit"))
        # Undo covers the reader's own work (notes, highlights, bookmarks); the archive is read-only.
        self.undo_action = self.notes.undo_stack.createUndoAction(self, tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence(keys["Undo"]))
        self.redo_action = self.notes.undo_stack.createRedoAction(self, tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence(keys["Redo"]))
        for action in (self.undo_action, self.redo_action):
            edit.addAction(action)
            self.addAction(action)
        edit.addSeparator()
        self._action(tr("Copy with &Citation"), self.copy_with_citation, keys["Copy with citation"], edit)
        self._action(tr("Copy &Article with Citation"), self.copy_article, keys["Copy article"], edit)
        self._action(tr("Copy Citation"), lambda: self.copy_citation("text"), None, edit)
        self._action(tr("Copy Citation as RIS (Zotero, EndNote)"), lambda: self.copy_citation("ris"), None, edit)
        self._action(tr("Copy Citation as BibTeX"), lambda: self.copy_citation("bib"), None, edit)
        self._action(tr("&Find in Article…"), self.reading_pane.open_find_bar, QKeySequence.StandardKey.Find, edit)
        edit.addSeparator()
        self._action(tr("Correct Issue or Page &Metadata…"), lambda: self.correct_metadata(), None, edit)

        go = bar.addMenu(tr("&Go"))
        self.back_action = self._action(tr("&Back"), self.go_back, keys["Back"], go)
        self.forward_action = self._action(tr("&Forward"), self.go_forward, keys["Forward"], go)
        go.addSeparator()
        self._action(tr("Previous Article"), lambda: self.step_article(-1), keys["Previous article"], go)
        self._action(tr("Next Article"), lambda: self.step_article(1), keys["Next article"], go)
        self._action(tr("Previous Page"), lambda: self.step_page(-1), keys["Previous page"], go)
        self._action(tr("Next Page"), lambda: self.step_page(1), keys["Next page"], go)
        self._action(tr("Previous Issue"), lambda: self.step_issue(-1), keys["Previous issue"], go)
        self._action(tr("Next Issue"), lambda: self.step_issue(1), keys["Next issue"], go)
        go.addSeparator()
        self._action(tr("Go to &Date…"), self.go_to_date_dialog, keys["Go to date"], go)
        self._action(tr("&Serial Fiction…"), self.series_dialog, None, go)

        view = bar.addMenu(tr("&View"))
        self._action(tr("Larger Text"), lambda: self._bump("font_size", 1), keys["Larger text"], view)
        self.addAction(self._action(tr("Larger Text"), lambda: self._bump("font_size", 1), "Ctrl++"))
        self._action(tr("Smaller Text"), lambda: self._bump("font_size", -1), keys["Smaller text"], view)
        self._action(tr("More Line Spacing"), lambda: self._bump("line_spacing", 0.1), None, view)
        self._action(tr("Less Line Spacing"), lambda: self._bump("line_spacing", -0.1), None, view)
        self._action(tr("Choose Reading &Font…"), self.choose_font, None, view)
        theme = view.addMenu(tr("Theme"))
        self.theme_actions = {}
        for key, label in (("light", N_("Light")), ("sepia", N_("Sepia")), ("dark", N_("Dark"))):
            act = self._action(tr(label), lambda _=False, k=key: setattr(self.prefs, "theme", k), None, theme, True)
            self.theme_actions[key] = act
        script = view.addMenu(tr("Script"))
        self.script_actions = {}
        for key, label in (("original", N_("As Printed")), ("simplified", N_("Simplified")),
                           ("traditional", N_("Traditional"))):
            act = self._action(tr(label), lambda _=False, k=key: setattr(self.prefs, "script", k), None, script, True)
            self.script_actions[key] = act
        view.addSeparator()
        group = QActionGroup(self)
        self.mode_actions: dict[str, QAction] = {}
        for mode, label in (("article", N_("Read One &Article")), ("page", N_("Read the Whole &Page")),
                            ("issue", N_("Read the Whole &Issue"))):
            act = self._action(tr(label), lambda _=False, m=mode: self.set_reading_mode(m), keys[label], view, True)
            group.addAction(act)
            self.mode_actions[mode] = act
        self.mode_actions["article"].setChecked(True)
        view.addSeparator()
        layouts = QActionGroup(self)
        self.layout_actions: dict[str, QAction] = {}
        for layout in LAYOUTS:
            act = self._action(tr(LAYOUT_LABELS[layout]), lambda _=False, k=layout: self.set_page_layout(k),
                               keys.get(LAYOUT_KEYS[layout]), view, True)
            act.setToolTip(tr("For pages from PDFs and scans; pages imported from text are always shown as text."))
            layouts.addAction(act)
            self.layout_actions[layout] = act
        self.layout_actions[self.layouts.choice].setChecked(True)
        view.addSeparator()
        self.focus_action = self._action(tr("&Focus Mode"), self.set_focus_mode, keys["Focus mode"], view,
                                         checkable=True)
        self.leave_focus_action = self._action(tr("Leave Focus Mode"), lambda: self.set_focus_mode(False), "Esc")
        self.leave_focus_action.setEnabled(False)
        view.addSeparator()
        self.original_action = self._action(tr("Show &Original OCR Text"), self.reading_pane.show_original,
                                            keys["Original text"], view, checkable=True)
        view.addSeparator()
        view.addAction(self.library_dock.toggleViewAction())
        view.addAction(self.search_dock.toggleViewAction())

        notes = bar.addMenu(tr("&Notes"))
        self._action(tr("Toggle &Bookmark"), self.toggle_bookmark, keys["Bookmark"], notes)
        self._action(tr("&Highlight Selection"), self.highlight_selection, keys["Highlight"], notes)
        self._action(tr("&Note on Selection or Article…"), self.write_note, keys["Note"], notes)
        notes.addSeparator()
        self._action(tr("Export Notes as &JSON…"), lambda: self.export_notes("json"), None, notes)
        self._action(tr("Export Notes as &Markdown…"), lambda: self.export_notes("md"), None, notes)
        self._action(tr("Export Notes as &CSV…"), lambda: self.export_notes("csv"), None, notes)
        self._action(tr("Export Citations as &RIS…"), lambda: self.export_notes("ris"), None, notes)
        self._action(tr("Export Citations as &BibTeX…"), lambda: self.export_notes("bib"), None, notes)
        self._action(tr("&Import Notes…"), self.import_notes, None, notes)
        notes.addSeparator()
        notes.addAction(self.notes_dock.toggleViewAction())
        notes.addAction(self.bookmarks_dock.toggleViewAction())

        search = bar.addMenu(tr("&Search"))
        self._action(tr("Search the Archive"), self.search_dock.focus_query, keys["Search"], search)
        self._action(tr("Next Hit"), self.reading_pane.next_hit, keys["Next hit"], search)
        self._action(tr("Previous Hit"), self.reading_pane.previous_hit, keys["Previous hit"], search)

        helpm = bar.addMenu(tr("&Help"))
        self._action(tr("&Keyboard Shortcuts"), self.show_shortcuts, keys["Shortcuts"], helpm)
        self._sync_checks()

    def _wire(self) -> None:
        self.library_dock.issue_requested.connect(self.open_issue)
        self.issue_view.article_requested.connect(self.open_article)
        self.issue_view.block_requested.connect(self._block_requested)
        self.issue_view.correction_requested.connect(self.correct_metadata)
        self.issue_view.page_changed.connect(self._page_changed)
        self.reading_pane.article_in_view.connect(self._article_in_view)
        self.reading_pane.citation_requested.connect(self.copy_citation)
        self.reading_pane.article_requested.connect(self.open_article)
        self.search_dock.search_requested.connect(self.run_search)
        self.search_dock.hit_activated.connect(self.open_hit)
        self.prefs.changed.connect(self._sync_checks)
        self.prefs.changed.connect(self.reading_pane.apply_prefs)
        self.importer.library_changed.connect(self.library_changed)
        self.importer.library_growing.connect(lambda: self.library_changed(full=False))
        self.search.result_ready.connect(self._search_result)
        self.search.more_ready.connect(self.search_dock.append_hits)
        self.search.failed.connect(self.search_dock.show_error)
        self.reading_pane.highlight_requested.connect(self._highlight)
        self.reading_pane.note_requested.connect(self._note_dialog)
        self.reading_pane.bookmark_requested.connect(self._bookmark)
        self.reading_pane.annotation_activated.connect(self.edit_annotation)
        self.notes_dock.open_requested.connect(self.open_annotation)
        self.bookmarks_dock.open_requested.connect(self.open_annotation)
        self.notes.article_changed.connect(self.reading_pane.refresh_notes)
        self.notes.changed.connect(self.issue_view.refresh_marks)
        self.notes.failed.connect(self._notes_failed)
        # An import places its pages' notes again (new article ids): lists and the pane read them afresh.
        self.importer.job_ended.connect(lambda _name: self.notes.refresh())

    # -- opening things ------------------------------------------------------------------------------
    def open_issue(self, issue_id: int) -> None:
        self.issue_view.show_issue(issue_id)
        self.library_dock.select_issue(issue_id)
        for page in self.library.page_summaries(issue_id):
            first = next(iter(self.library.articles(page.id)), None)
            if first is not None:
                self.open_article(first.id)
                return

    def open_article(self, article_id: int, highlights: dict[str, list[tuple[int, int]]] | None = None,
                     scroll: float | None = None, record: bool = True) -> bool:
        article = self.library.article(article_id)
        if article is None:
            self.statusBar().showMessage(tr("That article is no longer in the library."), 5000)
            return False
        if record:
            del self._history[self._history_pos + 1:]
            if not self._history or self._history[-1] != article_id:
                self._history.append(article_id)
            self._history_pos = len(self._history) - 1
        self._show_issue_of(article.issue_id)
        self.issue_view.select_article(article_id)
        ids = [a for a in self.issue_view.toc_model.article_ids()]
        self.reading_pane.set_place_in_page(ids.index(article_id) + 1 if article_id in ids else None, len(ids))
        if self.reading_mode == "article" or highlights:
            self.reading_pane.show_article(article_id, highlights=highlights, scroll=scroll)
        else:
            pages = [article.page_id] if self.reading_mode == "page" else [
                p.id for p in self.library.page_summaries(article.issue_id)]
            if self.reading_pane.page_ids != pages or not self.reading_pane.scroll_to_article(article_id):
                self.reading_pane.show_pages(pages, article_id)
        if self.page_view is not None:
            self.page_view.show_article(article_id, article.page_id)
        self.original_action.setChecked(False)
        self._update_history_actions()
        self.article_opened.emit(article_id)
        return True

    def open_hit(self, hit: Any, request: SearchRequest) -> None:
        """Open a hit with every occurrence of the query that found it highlighted."""
        if not hit.is_article:
            self.open_block_hit(hit.block_id, request.query)
            return
        offsets = self.search.hit_offsets(self.library.article(hit.article_id), request.query)
        if self.open_article(hit.article_id, highlights=offsets) and self.page_view is not None:
            self.page_view.show_hits(hit.article_id, request.query)

    def open_block_hit(self, block_id: int | None, query: str) -> bool:
        """A block a search found (an advert, a caption, a table): its page's original text with the block
        and the query's hits marked, and the page beside it with the block outlined."""
        block = self.library.block(block_id) if block_id is not None else None
        page = self.library.page(block.page_id) if block is not None else None
        if block is None or page is None:
            self.statusBar().showMessage(tr("That block is no longer in the library."), 5000)
            return False
        self._show_issue_of(page.issue_id)
        self.issue_view.show_page(page.id)
        self.reading_pane.show_block(page.id, block.id, hits=page_hit_offsets(page.text, block.spans, query))
        with QSignalBlocker(self.original_action):
            self.original_action.setChecked(True)  # Ctrl+U shows the block alone
        if self.page_view is not None:
            self.page_view.show_block(block.id, page.id, query)
        return True

    def _show_issue_of(self, issue_id: int) -> None:
        """The issue in the issue view and selected in the library, unless it is the one shown."""
        if self.issue_view.current_issue_id != issue_id:
            self.issue_view.show_issue(issue_id)
            self.library_dock.select_issue(issue_id)

    def open_first_issue_if_idle(self) -> None:
        """After the first import, show something to read rather than an empty pane."""
        if not self.reading_pane.idle:  # an article, a page or a block the reader opened stays
            return
        for issue in self.library.issues():
            if issue.article_count:
                self.open_issue(issue.id)
                return

    def import_samples(self) -> None:
        self.importer.start([samples_dir()])

    # -- navigation ----------------------------------------------------------------------------------
    def go_back(self) -> None:
        if self._history_pos > 0:
            self._history_pos -= 1
            self.open_article(self._history[self._history_pos], record=False)

    def go_forward(self) -> None:
        if self._history_pos < len(self._history) - 1:
            self._history_pos += 1
            self.open_article(self._history[self._history_pos], record=False)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self._history_pos > 0)
        self.forward_action.setEnabled(self._history_pos < len(self._history) - 1)

    def _issue_articles(self, issue_id: int) -> list[int]:
        return [a.id for page in self.library.page_summaries(issue_id) for a in self.library.articles(page.id)]

    def step_article(self, step: int, scroll: float | None = None) -> bool:
        """Open the next (or previous) article of the issue in reading order, pages included; False at an end."""
        current = self.reading_pane.current_article_id
        if current is None:
            return False
        if self.reading_pane.continuous and scroll is not None:
            scroll = None  # continuous reading: the previous article is just above, scrolled to its heading
        article = self.library.article(current)
        if article is None:
            return False
        ids = self._issue_articles(article.issue_id)
        k = ids.index(current) + step if current in ids else -1
        if 0 <= k < len(ids):
            return self.open_article(ids[k], scroll=scroll)
        return False

    # -- reading one article, a whole page or a whole issue ----------------------------------------------
    def set_reading_mode(self, mode: str) -> None:
        """"article": one article at a time; "page" / "issue": all articles of the page or issue in one scroll."""
        if mode not in self.mode_actions:
            return
        self.reading_mode = mode
        self.mode_actions[mode].setChecked(True)
        self.state.set_value("reading/mode", mode)
        current = self.reading_pane.current_article_id
        if current is not None:
            self.open_article(current, record=False)

    def _article_in_view(self, article_id: int) -> None:
        """Continuous reading: the contents list follows the article at the top of the view."""
        self.issue_view.select_article(article_id)

    # -- the page as printed ---------------------------------------------------------------------------
    def set_page_layout(self, layout: str) -> None:
        """Text only, page only or side by side (remembered); a page imported from text stays text only."""
        self.layouts.choose(layout)
        if layout in self.layout_actions:
            self.layout_actions[layout].setChecked(True)
        if layout != "text" and self.layouts.shown == "text" and self.issue_view.current_page_id is not None:
            self.statusBar().showMessage(tr("This page was imported from text: it is shown as text."), 5000)

    def _page_changed(self, page_id: int) -> None:
        """Another page is open: the page view follows, and the layout it allows is shown."""
        if not self.in_focus_mode:
            self.layouts.apply(self._has_image(page_id))  # first: a hidden view only notes the page
        if self.page_view is not None:
            self.page_view.show_page(page_id)

    def _has_image(self, page_id: int) -> bool:
        page = self.library.page_image(page_id)
        return page is not None and page.has_image

    def make_page_view(self) -> PageView:
        """The page view, made and wired on first need (a page with a picture shown, or a test)."""
        if self.page_view is None:
            from reader.ui.page_view import PageView

            view = PageView(self.library, self.library_dir / "cache" / "pages", self)
            view.article_requested.connect(self.open_article)
            view.block_requested.connect(self._block_requested)
            view.page_requested.connect(self.show_page)
            self.page_view = view
        return self.page_view

    def show_page(self, page_id: int) -> None:
        """A page asked for from its thumbnail: show it and open its first article, as Ctrl+PgDown does."""
        if not self.issue_view.show_page(page_id):
            return
        first = next(iter(self.library.articles(page_id)), None)
        if first is not None:
            self.open_article(first.id)

    def _block_requested(self, page_id: int, block_id: int) -> None:
        if not self.reading_pane.open_block_in_place(block_id):
            self.reading_pane.show_block(page_id, block_id)
            with QSignalBlocker(self.original_action):
                self.original_action.setChecked(False)  # the block alone, as the pane now shows it

    # -- focus mode ------------------------------------------------------------------------------------
    def set_focus_mode(self, on: bool) -> None:
        """F11: the article alone, full screen, at its comfortable measure; Esc or F11 again comes back."""
        on = bool(on)
        if on == (self._before_focus is not None):
            return
        panels = [self.library_dock, self.search_dock, self.notes_dock, self.bookmarks_dock, self.issue_view]
        if on:
            self._before_focus = {"visible": [w for w in panels if w.isVisible()], "state": self.windowState(),
                                  "menu": self.menuBar().isVisible(), "status": self.statusBar().isVisible()}
            for widget in panels:
                widget.hide()
            if self.page_view is not None:
                self.page_view.hide()  # the article alone, whatever the layout
            self.reading_pane.show()
            self.menuBar().hide()
            self.statusBar().hide()
            self.reading_pane.progress_label.show()
            self.showFullScreen()
        else:
            before = self._before_focus or {}
            self._before_focus = None
            self.reading_pane.progress_label.hide()
            self.menuBar().setVisible(before.get("menu", True))
            self.statusBar().setVisible(before.get("status", True))
            for widget in before.get("visible", panels[:1] + panels[-1:]):
                widget.show()
            page_id = self.issue_view.current_page_id
            self.layouts.apply(page_id is not None and self._has_image(page_id), force=True)
            self.setWindowState(before.get("state", Qt.WindowState.WindowNoState))
        self.focus_action.setChecked(on)
        self.leave_focus_action.setEnabled(on)
        self.reading_pane.browser.setFocus()

    @property
    def in_focus_mode(self) -> bool:
        return self._before_focus is not None

    def page_forward(self) -> None:
        """Space: a screen on; at the end of the article, the next one (across the issue's pages)."""
        if self.reading_pane.page(+1) or self.reading_pane.current_article_id is None:
            return
        if self.reading_pane.continuous:
            if self.reading_mode == "page" and self.step_page(1):
                return
            self.statusBar().showMessage(tr("The end of this issue: Ctrl+Shift+PgDown opens the next one."), 5000)
            return
        if not self.step_article(1):
            self.statusBar().showMessage(tr("The end of this issue: Ctrl+Shift+PgDown opens the next one."), 5000)

    def page_back(self) -> None:
        """Shift+Space: a screen back; at the top of the article, the end of the one before."""
        if self.reading_pane.page(-1) or self.reading_pane.current_article_id is None:
            return
        self.step_article(-1, scroll=1.0)

    def step_page(self, step: int) -> bool:
        """Show the next (or previous) page of the issue and its first article; False at an end."""
        issue_id = self.issue_view.current_issue_id
        if issue_id is None:
            return False
        pages = [p.id for p in self.library.page_summaries(issue_id)]
        current = self.issue_view.current_page_id
        k = pages.index(current) + step if current in pages else 0
        if not 0 <= k < len(pages):
            return False
        self.issue_view.show_page(pages[k])
        first = next(iter(self.library.articles(pages[k])), None)
        if first is not None:
            self.open_article(first.id)
        elif self.reading_pane.continuous:  # a page of adverts only: shown as it is
            self.reading_pane.show_pages([pages[k]])
        return True

    def step_issue(self, step: int) -> None:
        issue_id = self.issue_view.current_issue_id
        other = self.library.adjacent_issue(issue_id, step) if issue_id is not None else None
        if other is not None:
            self.open_issue(other.id)

    def go_to_date_dialog(self) -> GoToDateDialog:
        """Ctrl+G: choose the paper and the day (the nearest issue when it has none); opens it when accepted."""
        article = self.library.article(self.reading_pane.current_article_id or -1)
        issue = self.library.issue(article.issue_id) if article else None
        paper = issue.paper if issue is not None else self.library_dock.selected_paper()
        dialog = GoToDateDialog(self.library, paper, issue.date if issue is not None else None, self)

        def accepted() -> None:
            if dialog.chosen is not None:
                self.library_dock.select_issue(dialog.chosen.id)
                self.open_issue(dialog.chosen.id)

        dialog.accepted.connect(accepted)
        dialog.open()  # window-modal, the event loop goes on
        return dialog

    def series_dialog(self) -> SeriesDialog:
        """Go ▸ Serial Fiction: every serial of the library and its instalments; Enter opens one."""
        dialog = SeriesDialog(self.library, self)
        dialog.article_requested.connect(self.open_article)
        dialog.open()
        return dialog

    def go_to_date(self, day: dt.date) -> int | None:
        """The selected paper's issue of ``day`` or the next one (the dock emits issue_requested for it)."""
        issue_id = self.library_dock.go_to_date(day)
        if issue_id is None:
            self.statusBar().showMessage(tr("No issue on or after that date."), 5000)
        return issue_id

    # -- search --------------------------------------------------------------------------------------
    def run_search(self, request: SearchRequest) -> None:
        self.search.search(request)

    def _search_result(self, result: Any, request: SearchRequest) -> None:
        self.search_dock.show_result(result, more=self.search.more, request=request)

    # -- reading comfort and copying -------------------------------------------------------------------
    def _bump(self, name: str, step: float) -> None:
        setattr(self.prefs, name, getattr(self.prefs, name) + step)

    def _sync_checks(self) -> None:
        window_theme.apply(self.prefs.theme)
        for key, act in self.theme_actions.items():
            act.setChecked(self.prefs.theme == key)
        for key, act in self.script_actions.items():
            act.setChecked(self.prefs.script == key)

    def choose_font(self) -> None:
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QFontDialog

        ok, font = QFontDialog.getFont(QFont(self.prefs.font_family or "Noto Serif CJK SC", self.prefs.font_size),
                                       self)
        if ok:
            self.prefs.font_family = font.family()
            self.prefs.font_size = font.pointSize()

    def _cited(self) -> Cited | None:
        article = self.library.article(self.reading_pane.current_article_id or -1)
        if article is None:
            return None
        issue = self.library.issue(article.issue_id)
        return Cited(article.title, issue.paper if issue else None, issue.date if issue else None,
                     article.page_label, article.byline, article.body, article.id)

    def _citation(self) -> str | None:
        cited = self._cited()
        return citation(cited, ui_language()) if cited is not None else None

    def copy_citation(self, fmt: str = "text") -> None:
        """The open article's citation on the clipboard: in the interface language's convention ("text", GB/T
        7714-2015 in Chinese), or as an RIS record or a BibTeX entry for a reference manager."""
        cited = self._cited()
        if cited is None:
            return
        text = {"ris": ris, "bib": bibtex}.get(fmt, lambda c: citation(c, ui_language()))(cited)
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(tr("Citation copied."), 3000)

    def copy_with_citation(self) -> None:
        text = self.reading_pane.selected_text()
        if not text:
            self.copy_article()
            return
        self._copy(f"{text}\n\n{self._citation() or ''}".strip())

    def copy_article(self) -> None:
        article = self.library.article(self.reading_pane.current_article_id or -1)
        if article is None:
            return
        heads = [x for x in (article.kicker, article.title, article.subtitle, article.byline) if x]
        body = "\n".join(article.paragraphs)
        self._copy("\n".join([*heads, "", body, "", self._citation() or ""]).strip())

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(tr("Copied with citation."), 3000)

    def correct_metadata(self, page_id: int | None = None) -> CorrectionsDialog | None:
        """Edit ▸ Correct: the page's and its issue's metadata; the corrections are stored when accepted.

        Window-modal without a nested event loop (``open``), so the window keeps drawing and tests can drive it.
        """
        page_id = page_id if page_id is not None else self.issue_view.current_page_id
        if page_id is None:
            return None
        dialog = CorrectionsDialog(self.library, page_id, self)

        def accepted() -> None:
            if dialog.changes():
                self.importer.apply_corrections(dialog.changes())

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    # -- the reader's notes and bookmarks ---------------------------------------------------------------
    def toggle_bookmark(self) -> None:
        article_id = self.reading_pane.current_article_id
        if article_id is None:
            return
        state = self.notes.toggle_bookmark(article_id)
        if state is not None:
            self.statusBar().showMessage(tr("Bookmarked.") if state else tr("Bookmark removed."), 3000)

    def _bookmark(self, article_id: int, position: int) -> None:
        if position < 0:
            self.toggle_bookmark()
        elif self.notes.add_bookmark(article_id, position) is not None:
            self.statusBar().showMessage(tr("Bookmarked."), 3000)

    def _no_body_selected(self) -> None:
        """Say why a selection cannot be highlighted or noted (nothing selected, or headings only)."""
        if self.reading_pane.selection_in_headings_only():
            self.statusBar().showMessage(tr(HEADINGS_NOT_NOTED), 6000)
        else:
            self.statusBar().showMessage(tr("Select some text of the article first."), 4000)

    def highlight_selection(self) -> None:
        selected = self.reading_pane.selection_range()
        if selected is None:
            self._no_body_selected()
            return
        self._highlight(*selected, self._last_color)

    def _highlight(self, article_id: int, start: int, end: int, color: str) -> None:
        self._last_color = color
        self.notes.add_highlight(article_id, start, end, color)

    def write_note(self) -> None:
        """A note on the selected passage (highlighting it), or on the whole article when nothing is selected."""
        article_id = self.reading_pane.current_article_id
        selected = self.reading_pane.selection_range()
        if selected is not None:
            self._note_dialog(*selected)
        elif self.reading_pane.selected_text().strip():
            self._no_body_selected()  # never a silent note on the whole article instead of the selection
        elif article_id is not None:
            self._note_dialog(article_id, -1, -1)

    def _note_dialog(self, article_id: int, start: int, end: int) -> None:
        quote = None
        if start >= 0:
            body = self.notes.store.article_text(article_id) or ""
            quote = body[start:end]
        dialog = NoteDialog(quote, "", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if start >= 0:
            self.notes.add_highlight(article_id, start, end, self._last_color, dialog.text())
        elif dialog.text().strip():
            self.notes.add_note(article_id, dialog.text())

    def edit_annotation(self, uid: str) -> None:
        """Show a note (clicked in the text) in its editor; saving changes it, undoably."""
        ann = self.notes.get(uid)
        if ann is None:
            return
        dialog = NoteDialog(ann.quote if ann.has_position else None, ann.note, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.text() != ann.note:
            self.notes.update(uid, note=dialog.text())

    def open_annotation(self, uid: str) -> None:
        """Open the article of a note or bookmark at its place; an orphaned one shows its quote instead."""
        ann = self.notes.get(uid)
        if ann is None:
            return
        if ann.article_id is None:
            QMessageBox.information(self, tr("Orphaned note"), tr(
                "The text this note was made on is no longer in the article (a re-import changed it), so it is "
                "kept aside with its quote:\n\n“{quote}”\n\n{title}").format(
                    quote=(ann.quote or "")[:300], title=ann.title or ""))
            return
        if self.open_article(ann.article_id) and ann.start is not None:
            self.reading_pane.reveal(ann.article_id, ann.start)

    def export_notes(self, fmt: str, path: str | None = None) -> Job | None:
        """Write all notes as JSON, Markdown or CSV (asking where unless ``path`` is given), off the GUI thread.

        Thousands of notes take a few hundred milliseconds to export: it runs where the backups run.
        """
        from PySide6.QtWidgets import QFileDialog

        filters = {"json": N_("JSON (*.json);;All files (*)"), "md": N_("Markdown (*.md);;All files (*)"),
                   "csv": N_("CSV (*.csv);;All files (*)"), "ris": N_("RIS (*.ris);;All files (*)"),
                   "bib": N_("BibTeX (*.bib);;All files (*)")}
        if path is None:
            default = str(Path.home() / ("newsreader-notes." + fmt))
            path, _ = QFileDialog.getSaveFileName(self, tr("Export Notes"), default, tr(filters[fmt]))
        if not path:
            return None
        target = Path(path)

        labels = markdown_labels()

        def run(_cancel: Any) -> Path:
            from reader.notes.exchange import export_library_notes

            with Library(self.library_dir) as library:  # this thread's own connection
                return export_library_notes(library, target, fmt, labels)

        def setup(job: Job) -> None:
            job.done.connect(lambda _p: self.statusBar().showMessage(
                tr("Exported to {path}.").format(path=target), 5000))
            job.failed.connect(lambda error: QMessageBox.warning(
                self, tr("Export Notes"),
                tr("Could not write {path}: {error}").format(path=target, error=core_text(error))))

        return self.pool.submit("notes export", run, setup)

    def import_notes(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, tr("Import Notes"), str(Path.home()),
                                              tr("JSON (*.json);;All files (*)"))
        if path:
            self.import_notes_file(Path(path))

    def import_notes_file(self, path: Path) -> Job:
        """Merge a JSON export into the library's notes off the GUI thread; the job's result is the report."""

        def run(_cancel: Any) -> Any:
            from reader.notes.exchange import merge_notes_file

            with Library(self.library_dir) as library:
                return merge_notes_file(library, path)

        def merged(report: Any) -> None:
            self.notes.refresh()
            message = tr("Added {added}, updated {updated}, unchanged {unchanged}, skipped {skipped}.").format(
                added=report.added, updated=report.updated, unchanged=report.unchanged, skipped=len(report.skipped))
            details = "\n".join(core_text(line) for line in report.skipped[:20])
            QMessageBox.information(self, tr("Import Notes"), message + ("\n\n" + details if details else ""))

        def setup(job: Job) -> None:
            job.done.connect(merged)
            job.failed.connect(lambda error: QMessageBox.warning(
                self, tr("Import Notes"),
                tr("Could not read {path}: {error}").format(path=path, error=core_text(error))))

        return self.pool.submit("notes import", run, setup)

    def _notes_failed(self, message: str) -> None:
        QMessageBox.warning(self, tr("Notes and bookmarks"), message)

    # -- library changes -----------------------------------------------------------------------------
    def library_changed(self, full: bool = True) -> None:
        """Show the library as it now is; ``full`` False while an import adds pages (cheaper, see LibraryDock)."""
        if self.central.currentWidget() is self.welcome and not self._show_welcome_if_empty():
            self.open_first_issue_if_idle()  # the first pages arrived: something to read at once
        changed = self.library_dock.refresh(full=full)
        self.search_dock.set_papers([name for name in self.library_dock.model.paper_names() if name is not None])
        issue_id, page_id = self.issue_view.current_issue_id, self.issue_view.current_page_id
        current_changed = issue_id is not None and (changed is None or issue_id in changed)
        if current_changed and issue_id is not None and self.issue_view.show_issue(issue_id) and page_id is not None:
            self.issue_view.show_page(page_id)  # stay on the page being read
        if full and self.page_view is not None:
            self.page_view.refresh()  # a moved file re-attached by the import shows its page again
        self._refresh_status()

    def _refresh_status(self) -> None:
        self.statusBar().showMessage(tr("Library: {path}").format(path=str(self.library_dir)))

    # -- start and end -------------------------------------------------------------------------------
    def default_layout(self, width: int | None = None) -> None:
        """The reading column first: the library and the contents list narrow on the left, the search, notes
        and bookmarks docks closed until used (they share one tabbed area on the right)."""
        width = width or self.width() or 1280
        for dock in (self.search_dock, self.notes_dock, self.bookmarks_dock):
            dock.hide()
        self.library_dock.show()
        library = LIBRARY_WIDTH
        self.resizeDocks([self.library_dock], [library], Qt.Orientation.Horizontal)
        contents = min(max(round(width * 0.19), CONTENTS_WIDTH[0]), CONTENTS_WIDTH[1])
        self.splitter.setSizes([contents, max(width - library - contents, 200)])

    def restore(self) -> None:
        """The window as the reader left it; the default layout where nothing (of this version) was saved."""
        geometry, dock_state = self.state.geometry(), self.state.dock_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        if dock_state is not None:
            self.restoreState(dock_state)
            splitter = self.state.splitter_state()
            if splitter is not None:
                self.splitter.restoreState(splitter)
        else:
            self.default_layout(self.width())
        article_id, scroll = self.state.last_position()
        if article_id is not None and self.library.article(article_id) is not None:
            self.open_article(article_id, scroll=scroll)

    def check_fonts(self) -> None:
        from PySide6.QtGui import QFontDatabase

        if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
            return
        if not self.state.flag("font_warning_shown"):
            self.state.set_flag("font_warning_shown")
            QMessageBox.warning(self, tr("No Chinese font"), tr(
                "No installed font can show Chinese characters, so text would appear as boxes.\n"
                "Install one, e.g. on Debian/Ubuntu: sudo apt-get install fonts-noto-cjk"))

    def _show_welcome_if_empty(self) -> bool:
        """An empty library shows the welcome page instead of empty panels; True when it does."""
        empty = self.library.is_empty()
        self.central.setCurrentWidget(self.welcome if empty else self.splitter)
        return empty

    def save_state(self) -> None:
        self.layouts.save()
        self.state.save_window(self.saveGeometry(), self.saveState(), self.splitter.saveState())
        self.state.save_position(self.reading_pane.current_article_id, self.reading_pane.scroll_fraction())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.importer.cancel_all()
        if self.page_view is not None:
            self.page_view.shutdown()
        window_theme.restore()
        super().closeEvent(event)

    # -- drag and drop ---------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(QUrl(u).toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.importer.start(paths)


