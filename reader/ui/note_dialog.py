"""The small dialog where the reader writes or edits a note, with the quoted passage above it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from reader.ui.i18n import tr

QUOTE_CHARS = 300  # of the passage shown above the note


class NoteDialog(QDialog):
    """Asks for a note's text; the quote is shown as plain text (it is page text, never markup)."""

    def __init__(self, quote: str | None, text: str = "", parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("note_dialog")
        self.setWindowTitle(title or tr("Note"))
        layout = QVBoxLayout(self)
        self.quote = QLabel()
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setWordWrap(True)
        self.quote.setStyleSheet("color: gray;")
        shown = (quote or "").strip()
        if len(shown) > QUOTE_CHARS:
            shown = shown[:QUOTE_CHARS] + "…"
        self.quote.setText(f"“{shown}”" if shown else tr("Note on the article"))
        layout.addWidget(self.quote)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(tr("Write your note here (Ctrl+Enter saves)."))
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self).activated.connect(self.accept)
        self.resize(460, 300)
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()
