"""The open issue: its header, a strip of its pages and the selected page's table of contents."""

from __future__ import annotations

import datetime as dt
import html
import logging

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTabBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.library.records import IssueRecord, PageSummary
from reader.library.store import Library
from reader.ui.i18n import N_, tr
from reader.ui.seams import NoteMarks
from reader.ui.toc_delegate import TocDelegate
from reader.ui.toc_model import BYLINE, LENGTH, TITLE, TocModel, page_label_text

log = logging.getLogger(__name__)

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))
_ZH_WEEKDAYS = "一二三四五六日"

# Where a value came from, as a hint; values printed in the masthead need none.
_SOURCE_HINTS = {
    "path": N_("from the file path"),
    "sibling": N_("from another page of the issue"),
    "lunar": N_("from the lunar date"),
    "text": N_("from the page text"),
    "inferred": N_("inferred"),
    "user": N_("corrected by you"),
}
_FIELD_NAMES = {
    "paper": N_("paper"),
    "date": N_("date"),
    "issue_number": N_("issue number"),
    "page_count": N_("page count"),
    "page": N_("page number"),
}



def flag_text(name: str, flag: dict[str, object]) -> str:
    """A page's flag in the interface language: "printed date 1936-05-04 differs from this issue (1936-05-03)"."""
    if name == "date_conflict":
        text = tr("Printed date {printed} differs from the rest of this issue ({issue})").format(
            printed=flag.get("printed", "?"), issue=flag.get("issue", "?"))
        return text + (tr(": filed with it.") if flag.get("filed") else tr(": kept apart, its issue number differs."))
    if name == "weekday_conflict":
        return tr("The printed weekday does not fall on the printed date.")
    return str(flag.get("message") or name)


def provenance_hints(provenance: dict[str, str], fields: tuple[str, ...]) -> list[str]:
    """Hints like "date from the file path" for the values that the masthead did not print."""
    hints = []
    for name in fields:
        source = provenance.get(name)
        if source in _SOURCE_HINTS:
            field, how = tr(_FIELD_NAMES[name]), tr(_SOURCE_HINTS[source])
            hints.append(tr("{field} {source}").format(field=field, source=how))
    return hints


def _date_text(day: dt.date | None) -> str:
    if day is None:
        return tr("(undated)")
    return f"{day.isoformat()} {tr(WEEKDAYS[day.weekday()])}"


class IssueView(QWidget):
    """Shows one issue: header, page strip and the page's contents; emits what the user opens."""

    article_requested = Signal(int)  # article id
    correction_requested = Signal(int)  # page id: the reader wants to correct its metadata
    page_changed = Signal(int)  # page id
    block_requested = Signal(int, int)  # page id, block id

    def __init__(self, library: Library, parent: QWidget | None = None, notes: NoteMarks | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._notes = notes  # reader.ui.notes_controller.NotesController: bookmark and note markers
        self._issue: IssueRecord | None = None
        self._pages: list[PageSummary] = []
        self._page_id: int | None = None

        self._header = QLabel()
        self._header.setObjectName("IssueHeader")
        self._header.setTextFormat(Qt.TextFormat.RichText)
        self._header.setWordWrap(True)
        self._header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The page strip: one tab per page, in page order; scroll buttons appear when they do not fit.
        self._strip = QTabBar()
        self._strip.setObjectName("PageStrip")
        self._strip.setAccessibleName(tr("Pages"))
        self._strip.setDocumentMode(True)
        self._strip.setExpanding(False)
        self._strip.setUsesScrollButtons(True)
        self._strip.setElideMode(Qt.TextElideMode.ElideNone)
        self._strip.setDrawBase(False)
        self._strip.currentChanged.connect(self._on_strip_row)

        self._page_info = QLabel()
        self._page_info.setObjectName("PageInfo")
        self._page_info.setStyleSheet("color: gray;")
        self._flags = QLabel()
        self._flags.setObjectName("PageFlags")
        self._flags.setTextFormat(Qt.TextFormat.RichText)  # our own words, escaped; page text never comes here
        self._flags.setWordWrap(True)
        self._flags.setStyleSheet("color: #b35c00;")
        self._flags.linkActivated.connect(self._on_flag_link)
        self._flags.hide()

        self._toc_model = TocModel(self)
        self._toc = QTreeView()
        self._toc.setObjectName("PageContents")
        self._toc.setAccessibleName(tr("Contents"))
        self._toc.setModel(self._toc_model)
        self._toc.setRootIsDecorated(False)
        self._toc.setUniformRowHeights(False)
        self._toc.setAlternatingRowColors(True)
        self._toc.setHeaderHidden(True)
        # A narrow column: byline and length go under the title (TocDelegate), not in columns of their own.
        self._toc.setItemDelegateForColumn(TITLE, TocDelegate(self._toc))
        self._toc.setColumnHidden(BYLINE, True)
        self._toc.setColumnHidden(LENGTH, True)
        self._toc.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._toc.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._toc.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._toc.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self._toc.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # A click opens (as in an e-book's contents); arrow keys only select, Enter opens: moving through the
        # list never takes the reader away from the article being read.
        self._toc.activated.connect(self._on_activated)
        self._toc.clicked.connect(self._on_activated)

        self._filter = QComboBox()
        self._filter.setObjectName("ContentsFilter")
        self._filter.addItem(tr("Everything"), False)
        self._filter.addItem(tr("Articles only"), True)
        self._filter.setToolTip(tr("Show adverts, mastheads, captions and other blocks, or only the articles"))
        self._filter.currentIndexChanged.connect(
            lambda _i: self._toc_model.set_articles_only(bool(self._filter.currentData())))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self._header)
        layout.addWidget(self._strip)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._page_info, 1)
        row.addWidget(self._filter)
        layout.addLayout(row)
        layout.addWidget(self._flags)
        layout.addWidget(self._toc, 1)
        self._strip.setVisible(False)
        self._page_info.setVisible(False)
        self._page_info.setWordWrap(True)
        self._show_header()

    # -- public API -------------------------------------------------------------------------------------

    @property
    def current_issue_id(self) -> int | None:
        return self._issue.id if self._issue is not None else None

    @property
    def current_page_id(self) -> int | None:
        return self._page_id

    @property
    def toc_model(self) -> TocModel:
        return self._toc_model

    @property
    def toc_view(self) -> QTreeView:
        return self._toc

    @property
    def page_strip(self) -> QTabBar:
        return self._strip

    def page_labels(self) -> list[str]:
        """The labels of the page strip, in page order."""
        return [self._strip.tabText(row) for row in range(self._strip.count())]

    def show_issue(self, issue_id: int) -> bool:
        """Show an issue and select its first page; False (and an empty view) when it does not exist."""
        issue = self._library.issue(issue_id)
        self._issue = issue
        self._pages = self._library.page_summaries(issue_id) if issue is not None else []
        with QSignalBlocker(self._strip):
            while self._strip.count():
                self._strip.removeTab(0)
            for page in self._pages:
                mark = "⚠ " if page.flags else ""  # a page whose printed date or weekday disagrees: see its info
                tab = self._strip.addTab(mark + page_label_text(page.label))
                self._strip.setTabData(tab, page.id)
                self._strip.setTabToolTip(tab, self._page_tooltip(page))
        self._strip.setVisible(bool(self._pages))
        self._page_info.setVisible(bool(self._pages))
        self._show_header()
        if self._pages:
            self.show_page(self._pages[0].id)
        else:
            self._page_id = None
            self._toc_model.set_entries([])
            self._page_info.clear()
        return issue is not None

    def show_page(self, page_id: int) -> bool:
        """Show a page's contents (opening its issue first if another one is shown)."""
        row = self._page_row(page_id)
        if row is None:
            page = self._library.page(page_id)
            if page is None:
                return False
            self.show_issue(page.issue_id)
            if self._page_id == page_id:
                return True
            row = self._page_row(page_id)
            if row is None:
                return False
        with QSignalBlocker(self._strip):
            self._strip.setCurrentIndex(row)
        summary = self._pages[row]
        entries = self._library.page_toc(page_id)
        self._toc_model.set_entries(entries, self._marks([e.id for e in entries if e.is_article]))
        self._page_info.setText(self._page_info_text(summary))
        self._show_flags(summary)
        if page_id != self._page_id:
            self._page_id = page_id
            self.page_changed.emit(page_id)
        return True

    def refresh_marks(self) -> None:
        """Show the current bookmarks and note counts of the page's articles (after notes changed)."""
        self._toc_model.set_marks(self._marks(self._toc_model.article_ids()))

    def _marks(self, article_ids: list[int]) -> dict[int, tuple[bool, int]]:
        return self._notes.marks(article_ids) if self._notes is not None and article_ids else {}

    def select_article(self, article_id: int) -> bool:
        """Select an article's row, switching page (and issue) when it is elsewhere."""
        row = self._toc_model.row_of(article_id)
        if row is None:
            article = self._library.article(article_id)
            if article is None or not self.show_page(article.page_id):
                return False
            row = self._toc_model.row_of(article_id)
            if row is None:
                return False
        index = self._toc_model.index(row, TITLE)
        self._toc.setCurrentIndex(index)
        self._toc.scrollTo(index)
        return True

    # -- internals --------------------------------------------------------------------------------------

    def _page_row(self, page_id: int) -> int | None:
        return next((row for row, page in enumerate(self._pages) if page.id == page_id), None)

    def _on_strip_row(self, row: int) -> None:
        if 0 <= row < len(self._pages):
            self.show_page(self._pages[row].id)

    def _on_flag_link(self, link: str) -> None:
        if link.startswith("correct:") and link[8:].isdigit():
            self.correction_requested.emit(int(link[8:]))

    def _on_activated(self, index: QModelIndex) -> None:
        entry = self._toc_model.entry(index.row())
        if entry is None:
            return
        if entry.is_article:
            self.article_requested.emit(entry.id)
        else:
            self.block_requested.emit(entry.page_id, entry.id)

    def _show_header(self) -> None:
        issue = self._issue
        if issue is None:
            self._header.setText(f"<span style='color: gray;'>{html.escape(tr('No issue open'))}</span>")
            return
        paper = html.escape(issue.paper) if issue.paper else f"<i>{html.escape(tr('(unknown paper)'))}</i>"
        date = html.escape(_date_text(issue.date))
        parts = []
        if issue.issue_number is not None:
            parts.append(html.escape(tr("No. {n}").format(n=issue.issue_number)))
        if issue.page_count:
            stored = tr("{stored} of {n} pages in the library").format(
                stored=issue.stored_pages, n=issue.page_count
            )
        elif issue.stored_pages == 1:
            stored = tr("1 page in the library")
        else:
            stored = tr("{n} pages in the library").format(n=issue.stored_pages)
        parts.append(html.escape(stored))
        # Date on a line of its own: the column is narrow, and a wrapped "库中1\n版" reads badly.
        text = f"<b style='font-size: large;'>{paper}</b><br>{date}<br>" + " · ".join(parts)
        hints = provenance_hints(issue.provenance, ("paper", "date", "issue_number", "page_count"))
        if hints:
            text += f"<br><small style='color: gray;'>{html.escape(' · '.join(hints))}</small>"
        self._header.setText(text)

    def _show_flags(self, page: PageSummary) -> None:
        """What is doubtful about the page (a printed date that disagrees with the issue), and how to correct it."""
        lines = [html.escape(flag_text(name, flag)) for name, flag in page.flags.items()]
        if not lines:
            self._flags.hide()
            return
        link = f" <a href='correct:{page.id}'>{html.escape(tr('Correct the date…'))}</a>"
        self._flags.setText("⚠ " + "<br>⚠ ".join(lines) + link)
        self._flags.show()

    @staticmethod
    def _page_info_text(page: PageSummary) -> str:
        """Short, for a narrow column: "5篇文章 · 13个区块"; the rest is in the page strip's tooltip."""
        return tr("{articles} articles · {blocks} blocks").format(articles=page.article_count, blocks=page.block_count)

    @staticmethod
    def _page_tooltip(page: PageSummary) -> str:
        parts = [page_label_text(page.label), IssueView._page_info_text(page),
                 *provenance_hints(page.provenance, ("page",))]
        return f"{' · '.join(parts)}\n{page.source_path}"
