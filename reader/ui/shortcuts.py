"""Every keyboard shortcut in one table: the menus take their keys from it and the help dialog lists it."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from reader.ui.i18n import N_, tr

# (name, key sequence, description)
SHORTCUTS: list[tuple[str, str, str]] = [
    ("Import files", "Ctrl+O", N_("Import page files")),
    ("Import folder", "Ctrl+Shift+O", N_("Import a folder of pages")),
    ("Search", "Ctrl+K", N_("Search the archive")),
    ("Next hit", "F3", N_("Next search hit in the article")),
    ("Previous hit", "Shift+F3", N_("Previous search hit in the article")),
    ("Find", "Ctrl+F", N_("Find in the current article")),
    ("Back", "Alt+Left", N_("Back in history")),
    ("Forward", "Alt+Right", N_("Forward in history")),
    ("Previous article", "Ctrl+Up", N_("Previous article of the issue")),
    ("Next article", "Ctrl+Down", N_("Next article of the issue")),
    ("Previous page", "Ctrl+PgUp", N_("Previous page of the issue")),
    ("Next page", "Ctrl+PgDown", N_("Next page of the issue")),
    ("Previous issue", "Ctrl+Shift+PgUp", N_("Previous issue of the same paper")),
    ("Next issue", "Ctrl+Shift+PgDown", N_("Next issue of the same paper")),
    ("Go to date", "Ctrl+G", N_("Go to the issue of a date")),
    ("Larger text", "Ctrl+=", N_("Larger text")),
    ("Smaller text", "Ctrl+-", N_("Smaller text")),
    ("Original text", "Ctrl+U", N_("Show the page's original OCR text")),
    ("Focus mode", "F11", N_("Focus mode: the article alone, full screen (Esc leaves)")),
    ("Read One &Article", "Ctrl+1", N_("Read one article at a time")),
    ("Read the Whole &Page", "Ctrl+2", N_("Read the whole page in one scroll")),
    ("Read the Whole &Issue", "Ctrl+3", N_("Read the whole issue in one scroll")),
    ("Text only", "Ctrl+Alt+1", N_("Pages from PDFs and scans: the text only")),
    ("Page only", "Ctrl+Alt+2", N_("Pages from PDFs and scans: the page as printed only")),
    ("Side by side", "Ctrl+Alt+3", N_("Pages from PDFs and scans: the text beside the page")),
    ("Page on", "Space", N_("Read on: a screen down, then the next article and page (also PgDown)")),
    ("Page back", "Shift+Space", N_("Read back: a screen up, then the end of the previous article (also PgUp)")),
    ("Copy with citation", "Ctrl+Shift+C", N_("Copy the selection with a citation")),
    ("Copy article", "Ctrl+Shift+A", N_("Copy the whole article with a citation")),
    ("Bookmark", "Ctrl+D", N_("Bookmark the article (again: remove the bookmark)")),
    ("Highlight", "Ctrl+Shift+H", N_("Highlight the selection (colour used last)")),
    ("Note", "Ctrl+Shift+N", N_("Write a note on the selection, or on the article")),
    ("Undo", "Ctrl+Z", N_("Undo the last change to notes and bookmarks")),
    ("Redo", "Ctrl+Shift+Z", N_("Redo it")),
    ("Shortcuts", "F1", N_("This list")),
]



class ShortcutsDialog(QDialog):
    """Lists every shortcut with its key, in the interface language and the platform's key names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard Shortcuts"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(SHORTCUTS), 2)
        self.table.setHorizontalHeaderLabels([tr("Key"), tr("Action")])
        for row, (_, key, description) in enumerate(SHORTCUTS):
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            self.table.setItem(row, 0, QTableWidgetItem(native))
            self.table.setItem(row, 1, QTableWidgetItem(tr(description)))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 640)
