"""The library dock: the paper/year/month/issue tree and a calendar that marks the days with an issue."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, cast

from PySide6.QtCore import QDate, QElapsedTimer, QLocale, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QDockWidget,
    QLabel,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.library.store import Library
from reader.ui.i18n import tr, ui_language
from reader.ui.library_model import LibraryTreeModel

log = logging.getLogger(__name__)


_MARK_BACKGROUND = QColor("#f6d365")
_MARK_FOREGROUND = QColor("#3b2a00")
_NO_PAPER = object()  # no paper chosen yet (None is a valid choice: the issues of unknown paper)


class LibraryDock(QDockWidget):
    """Browses the library by paper, year, month and day; emits the issue the user asks for."""

    issue_requested = Signal(int)  # issue id
    paper_selected = Signal(str)  # paper name; "" for the issues whose paper is unknown

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(tr("Library"), parent)
        self.setObjectName("LibraryDock")
        self._library = library
        self._model = LibraryTreeModel(library, self)
        self._paper: Any = _NO_PAPER
        self._marked: dict[dt.date, int] = {}
        self._last_request: tuple[int, int] = (0, -1)  # (issue id, msecs) against double emission
        self._clock = QElapsedTimer()
        self._clock.start()

        self._tree = QTreeView()
        self._tree.setObjectName("LibraryTree")
        self._tree.setHeaderHidden(True)
        self._tree.setIndentation(14)  # four levels in a narrow dock: the issue labels must not be cut
        self._tree.setUniformRowHeights(True)
        self._tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._tree.setModel(self._model)
        self._tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self._tree.clicked.connect(self._on_tree_activated)
        self._tree.activated.connect(self._on_tree_activated)

        self._caption = QLabel(tr("Select a paper to see its issues"))
        self._caption.setObjectName("CalendarCaption")
        self._caption.setWordWrap(True)
        self._caption.setStyleSheet("color: gray;")
        self._calendar = QCalendarWidget()
        self._calendar.setObjectName("IssueCalendar")
        self._calendar.setGridVisible(False)
        if ui_language() == "zh":  # month and weekday names follow the interface language
            self._calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self._calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self._calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self._calendar.currentPageChanged.connect(lambda _y, _m: self._mark_month())
        self._calendar.clicked.connect(self._on_day_activated)
        self._calendar.activated.connect(self._on_day_activated)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.setSpacing(2)
        lower_layout.addWidget(self._caption)
        lower_layout.addWidget(self._calendar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._tree)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        self.setWidget(splitter)

        names = self._model.paper_names()
        if names:
            self._set_paper(names[0], emit=False)

    # -- public API -------------------------------------------------------------------------------------

    @property
    def model(self) -> LibraryTreeModel:
        return self._model

    @property
    def tree(self) -> QTreeView:
        return self._tree

    @property
    def calendar(self) -> QCalendarWidget:
        return self._calendar

    def selected_paper(self) -> str | None:
        """The paper the calendar shows (None: unknown paper, or none chosen)."""
        return None if self._paper is _NO_PAPER else self._paper

    def marked_dates(self) -> dict[dt.date, int]:
        """The days of the displayed month that the calendar marks, with their issue ids."""
        return dict(self._marked)

    def refresh(self, *, full: bool = True) -> set[int] | None:
        """Re-read the library after (or during) an import; open branches and the selection stay as they are.

        ``full`` False: only the open months that received pages are read again (see LibraryTreeModel.refresh);
        returns the ids of the issues that received pages then (None after a full refresh).
        """
        changed = self._model.refresh(full=full)
        names = self._model.paper_names()
        if self._paper is not _NO_PAPER and self._paper not in names:
            self._paper = _NO_PAPER
        if self._paper is _NO_PAPER and names:
            self._set_paper(names[0], emit=False)
        self._mark_month()
        return changed

    def select_issue(self, issue_id: int) -> bool:
        """Expand the tree down to an issue, select it and show its month in the calendar (emits nothing)."""
        index = self._model.issue_index(issue_id)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self._tree.expand(parent)
            parent = parent.parent()
        self._tree.setCurrentIndex(index)  # _on_current_changed moves the calendar
        self._tree.scrollTo(index)
        return True

    def go_to_date(self, date: dt.date | QDate) -> int | None:
        """Open the selected paper's issue of ``date`` or the next after it; returns its id or None."""
        day = cast(dt.date, date.toPython()) if isinstance(date, QDate) else date
        if self._paper is _NO_PAPER:
            return None
        issue = self._library.issue_on_or_after(self._paper, day)
        if issue is None:
            return None
        self.select_issue(issue.id)
        self.issue_requested.emit(issue.id)
        return issue.id

    # -- tree -------------------------------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        kind, paper, year, month, issue_id = self._model.info(current)
        self._set_paper(paper, emit=kind == "paper")
        if kind == "issue" and issue_id is not None:
            issue = self._library.issue(issue_id)
            if issue is not None and issue.date is not None:
                self._show_date(issue.date)
        elif year is not None:
            self._calendar.setCurrentPage(year, month or 1)

    def _on_tree_activated(self, index: QModelIndex) -> None:
        kind, _paper, _year, _month, issue_id = self._model.info(index)
        if kind == "issue" and issue_id is not None:
            self._request(issue_id)

    def _request(self, issue_id: int) -> None:
        # A double click arrives as clicked + activated: emit once.
        now = self._clock.elapsed()
        last_id, last_time = self._last_request
        if issue_id == last_id and now - last_time < QApplication.doubleClickInterval():
            return
        self._last_request = (issue_id, now)
        self.issue_requested.emit(issue_id)

    # -- calendar ---------------------------------------------------------------------------------------

    def _set_paper(self, paper: str | None, *, emit: bool) -> None:
        changed = paper != self._paper
        self._paper = paper
        if changed:
            name = paper or tr("(unknown paper)")
            self._caption.setText(tr("Issues of {paper}").format(paper=name))
            if not self._month_has_issues():
                self._show_latest_month()
            self._mark_month()
        if changed or emit:
            self.paper_selected.emit(paper or "")

    def _month_has_issues(self) -> bool:
        if self._paper is _NO_PAPER:
            return False
        year, month = self._calendar.yearShown(), self._calendar.monthShown()
        return bool(self._library.issue_dates(self._paper, year, month))

    def _show_latest_month(self) -> None:
        """Turn the calendar to the month of the paper's latest dated issue."""
        years = [y for y, _ in self._library.paper_years(self._paper) if y is not None]
        if not years:
            return
        months = self._library.issue_months(self._paper, years[-1])
        if months:
            self._calendar.setCurrentPage(years[-1], months[-1][0])

    def _show_date(self, day: dt.date) -> None:
        with QSignalBlocker(self._calendar):
            self._calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self._calendar.setCurrentPage(day.year, day.month)  # emits currentPageChanged when it turns
        self._mark_month()

    def _mark_month(self) -> None:
        """Bold, coloured days of the displayed month that have an issue of the selected paper."""
        self._calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clears every date's format
        self._marked = {}
        if self._paper is _NO_PAPER:
            return
        year, month = self._calendar.yearShown(), self._calendar.monthShown()
        try:
            dates = self._library.issue_dates(self._paper, year, month)
        except Exception:  # the calendar is a convenience: a failing query must not break the dock
            log.exception("reading issue dates failed")
            return
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(_MARK_BACKGROUND)
        marked.setForeground(_MARK_FOREGROUND)
        for day, issue_id in dates:
            self._marked.setdefault(day, issue_id)
            self._calendar.setDateTextFormat(QDate(day.year, day.month, day.day), marked)

    def _on_day_activated(self, qdate: QDate) -> None:
        issue_id = self._marked.get(cast(dt.date, qdate.toPython()))
        if issue_id is None:
            return
        self.select_issue(issue_id)
        self._request(issue_id)
