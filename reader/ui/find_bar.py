"""Find in the article: a slim bar under the text with a field, "n of m", previous/next and close."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QToolButton, QWidget

from reader.ui.i18n import tr

MAX_FIND_MATCHES = 5000  # counting stops here on huge documents; the label then says "of 5000"


class _FindEdit(QLineEdit):
    """The find field: Enter / Shift+Enter step through matches, Esc closes the bar."""

    next_requested = Signal()
    previous_requested = Signal()
    close_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous_requested.emit()
            else:
                self.next_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Finds text in a browser's document: selects the current match and says "n of m"."""

    def __init__(self, browser: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = browser
        self.matches: list[tuple[int, int]] = []
        self.index = -1
        self.edit = _FindEdit(self)
        self.edit.setPlaceholderText(tr("Find in article"))
        self.edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(110)
        self.previous_button = QToolButton(self)
        self.previous_button.setText("↑")
        self.previous_button.setToolTip(tr("Previous match (Shift+Enter)"))
        self.next_button = QToolButton(self)
        self.next_button.setText("↓")
        self.next_button.setToolTip(tr("Next match (Enter)"))
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(tr("Close (Esc)"))
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        row.addWidget(self.edit, 1)
        row.addWidget(self.count_label)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.close_button)
        self.edit.textChanged.connect(self._on_text)
        self.edit.next_requested.connect(self.find_next)
        self.edit.previous_requested.connect(self.find_previous)
        self.edit.close_requested.connect(self.close_bar)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.close_bar)

    def open(self, text: str = "") -> None:
        """Show the bar (pre-filled with a one-line ``text``) and focus its field."""
        self.show()
        if text and "\n" not in text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def find_text(self, text: str) -> int:
        """Show the bar on ``text`` and select its first match; returns the number of matches."""
        self.show()
        if self.edit.text() != text:
            self.edit.setText(text)  # searches through textChanged
        else:
            self._on_text(text)
        return len(self.matches)

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def close_bar(self) -> None:
        """Hide the bar, keep the selection of the last match, give focus back to the text."""
        self.hide()
        self.browser.setFocus()

    def refresh(self) -> None:
        """Count again after the document changed (a new rendering), keeping the current match number."""
        if self.isVisible() and self.edit.text():
            self._collect(self.edit.text())
            self._update_count()

    def _on_text(self, text: str) -> None:
        self._collect(text)
        self.index = -1  # start from the top so "1 of m" means the first match in reading order
        self._step(+1)

    def _collect(self, text: str) -> None:
        self.matches = []
        if not text:
            return
        doc = self.browser.document()
        cursor = QTextCursor(doc)
        while len(self.matches) < MAX_FIND_MATCHES:
            cursor = doc.find(text, cursor, QTextDocument.FindFlag(0))
            if cursor.isNull():
                break
            self.matches.append((cursor.selectionStart(), cursor.selectionEnd()))
        if self.index >= len(self.matches):
            self.index = len(self.matches) - 1

    def _step(self, step: int) -> None:
        if not self.matches:
            self.index = -1
            self._update_count()
            return
        self.index = (self.index + step) % len(self.matches)
        start, end = self.matches[self.index]
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        self._update_count()

    def _update_count(self) -> None:
        if not self.edit.text():
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText(tr("No matches"))
        else:
            self.count_label.setText(tr("{n} of {m}").format(n=max(self.index, 0) + 1, m=len(self.matches)))
