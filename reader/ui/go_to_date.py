"""Go to a date (Ctrl+G): pick the paper, type or pick the day; days with an issue are marked, and when the day
has none the nearest issues before and after are offered."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.library.records import IssueRecord
from reader.library.store import Library
from reader.ui.i18n import N_, tr, ui_language


def _day(date: QDate) -> dt.date:
    return cast(dt.date, date.toPython())


class GoToDateDialog(QDialog):
    """Chooses an issue by paper and date; ``chosen`` is the issue to open when the dialog is accepted."""

    def __init__(self, library: Library, paper: str | None, day: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Go to Date"))
        self.library = library
        self.chosen: IssueRecord | None = None
        self.paper = QComboBox()
        for name, _count in library.paper_counts():
            if name is not None:
                self.paper.addItem(name, name)
        if paper is not None and self.paper.findData(paper) >= 0:
            self.paper.setCurrentIndex(self.paper.findData(paper))
        self.date = QDateEdit()
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(False)
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        if ui_language() == "zh":
            self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.before = QPushButton()
        self.after = QPushButton()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Paper"), self.paper)
        form.addRow(tr("Date"), self.date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.calendar)
        layout.addWidget(self.answer)
        layout.addWidget(self.before)
        layout.addWidget(self.after)
        layout.addWidget(self.buttons)
        self._marked: set[dt.date] = set()
        start = day or self._latest() or dt.date.today()
        self.date.setDate(QDate(start.year, start.month, start.day))
        self.calendar.setSelectedDate(self.date.date())
        self.paper.currentIndexChanged.connect(lambda _i: self._update())
        self.date.dateChanged.connect(self._typed)
        self.calendar.selectionChanged.connect(lambda: self.date.setDate(self.calendar.selectedDate()))
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._mark_month())
        self.calendar.activated.connect(lambda _d: self.accept() if self.chosen is not None else None)
        self.before.clicked.connect(lambda: self._jump(-1))
        self.after.clicked.connect(lambda: self._jump(+1))
        self._update()

    def _paper(self) -> str | None:
        return self.paper.currentData()

    def _latest(self) -> dt.date | None:
        paper = self._paper()
        if paper is None:
            return None
        latest = self.library.issue_on_or_before(paper, dt.date(9999, 12, 31))
        return latest.date if latest is not None else None

    def _typed(self, date: QDate) -> None:
        if self.calendar.selectedDate() != date:
            self.calendar.setSelectedDate(date)
        self._update()

    def _mark_month(self) -> None:
        for day in self._marked:
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), QTextCharFormat())
        self._marked = set()
        paper = self._paper()
        if paper is None:
            return
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(self.palette().highlight().color().lighter(170))
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        for day, _issue_id in self.library.issue_dates(paper, year, month):
            self._marked.add(day)
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), marked)

    def marked_days(self) -> set[dt.date]:
        return set(self._marked)

    def _update(self) -> None:
        """Say what the chosen day holds; offer the nearest issues when it holds none."""
        self._mark_month()
        paper, day = self._paper(), _day(self.date.date())
        self.before.hide()
        self.after.hide()
        self.chosen = None
        if paper is None:
            self.answer.setText(tr("The library has no dated issue of this paper."))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        issue = self.library.find_issue(paper, day)
        if issue is not None:
            self.chosen = issue
            if issue.issue_number is not None:
                text = tr("{paper} of {date}: No. {n}, {pages} pages").format(
                    paper=paper, date=day.isoformat(), n=issue.issue_number, pages=issue.stored_pages)
            else:
                text = tr("{paper} of {date}: {pages} pages").format(
                    paper=paper, date=day.isoformat(), pages=issue.stored_pages)
            self.answer.setText(text)
        else:
            self.answer.setText(tr("No issue of {paper} on {date}.").format(paper=paper, date=day.isoformat()))
            for button, found, label in (
                (self.before, self.library.issue_on_or_before(paper, day), N_("Nearest before: {date}")),
                (self.after, self.library.issue_on_or_after(paper, day), N_("Nearest after: {date}")),
            ):
                if found is not None and found.date is not None:
                    button.setText(tr(label).format(date=found.date.isoformat()))
                    button.show()
            # The nearer of the two is what OK opens.
            options = [i for i in (self.library.issue_on_or_before(paper, day),
                                   self.library.issue_on_or_after(paper, day)) if i is not None and i.date]
            if options:
                self.chosen = min(options, key=lambda i: abs((i.date - day).days))  # type: ignore[operator]
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.chosen is not None)

    def _jump(self, step: int) -> None:
        paper, day = self._paper(), _day(self.date.date())
        if paper is None:
            return
        found = (self.library.issue_on_or_before if step < 0 else self.library.issue_on_or_after)(paper, day)
        if found is not None and found.date is not None:
            self.date.setDate(QDate(found.date.year, found.date.month, found.date.day))
