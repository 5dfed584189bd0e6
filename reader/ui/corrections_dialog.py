"""Correct what the parser got wrong: an issue's paper, date and number, or a page's label.

Corrections are stored as user data keyed by the page's path or the issue's key, so they survive
re-imports and re-indexing; the dialog only collects them, the writer lane applies them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reader.jobs import Correction
from reader.library.store import Library
from reader.ui.i18n import tr


class CorrectionsDialog(QDialog):
    """Edits paper/date/issue number of the issue and the label of the page; ``changes()`` lists what changed."""

    def __init__(self, library: Library, page_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Correct Metadata"))
        page = library.page(page_id)
        issue = library.issue(page.issue_id) if page else None
        self.page_id, self.issue_id = page_id, (issue.id if issue else None)
        prov = dict(issue.provenance) if issue else {}
        self._before: dict[tuple[str, str], str] = {}
        self.edits: dict[tuple[str, str], QLineEdit] = {}
        layout = QVBoxLayout(self)

        issue_box = QGroupBox(tr("Issue"))
        form = QFormLayout(issue_box)
        self._field(form, "issue", "paper", tr("Paper"), issue.paper if issue else None, prov.get("paper"))
        self._field(form, "issue", "date", tr("Date (YYYY-MM-DD)"),
                    issue.date.isoformat() if issue and issue.date else None, prov.get("date"))
        self._field(form, "issue", "issue_number", tr("Issue number"),
                    str(issue.issue_number) if issue and issue.issue_number is not None else None,
                    prov.get("issue_number"))
        layout.addWidget(issue_box)

        page_box = QGroupBox(tr("This page"))
        form = QFormLayout(page_box)
        page_prov = (page.meta.get("provenance") or {}) if page else {}
        self._field(form, "page", "page", tr("Page label"), page.label if page else None, page_prov.get("page"))
        layout.addWidget(page_box)

        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _field(self, form: QFormLayout, kind: str, field: str, label: str, value: str | None,
               source: str | None) -> None:
        edit = QLineEdit(value or "")
        if source:
            edit.setToolTip(tr("from {source}").format(source=source))
        self.edits[(kind, field)] = edit
        self._before[(kind, field)] = value or ""
        form.addRow(label, edit)

    def _accept(self) -> None:
        for (_, field), edit in self.edits.items():
            text = edit.text().strip()
            if field == "date" and text:
                try:
                    dt.date.fromisoformat(text)
                except ValueError:
                    self.error.setText(tr("Not a date: use YYYY-MM-DD."))
                    edit.setFocus()
                    return
            if field == "issue_number" and text and not text.isdigit():
                self.error.setText(tr("Must be a whole number."))
                edit.setFocus()
                return
        self.accept()

    def changes(self) -> list[Correction]:
        """The user's new value (None: unknown) of each edited field."""
        out: list[Correction] = []
        for (kind, field), edit in self.edits.items():
            text = edit.text().strip()
            if text == self._before[(kind, field)]:
                continue
            target = self.issue_id if kind == "issue" else self.page_id
            if target is not None:
                out.append(Correction(kind, target, field, text or None))
        return out
