"""What a new, empty library shows: a welcome inside the window with the ways to bring pages in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from reader.ui.i18n import tr


class WelcomeView(QWidget):
    """The empty library's page: a few words and buttons; the window carries out what they ask."""

    samples_requested = Signal()
    folder_requested = Signal()
    files_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomeView")
        title = QLabel(tr("Welcome to the Newspaper Reader"))
        title.setObjectName("WelcomeTitle")
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        text = QLabel(tr("Your library is empty. Bring in the pages of a newspaper: OCR page text (.txt), e-paper "
                         "PDFs or scanned pages, a file or a whole folder of years."))
        text.setWordWrap(True)
        self.samples_button = QPushButton(tr("Import the Bundled Sample Issues"))
        self.samples_button.setDefault(True)
        self.folder_button = QPushButton(tr("Import a Folder…"))
        self.files_button = QPushButton(tr("Import Files…"))
        drop = QLabel(tr("…or drop files and folders here."))
        drop.setStyleSheet("color: gray;")
        self.samples_button.clicked.connect(self.samples_requested)
        self.folder_button.clicked.connect(self.folder_requested)
        self.files_button.clicked.connect(self.files_requested)
        column = QWidget()  # a fixed measure, so the words wrap at a readable width and the column centres
        column.setFixedWidth(520)
        inner = QVBoxLayout(column)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addSpacing(8)
        for button in (self.samples_button, self.folder_button, self.files_button):
            button.setMinimumHeight(32)
            inner.addWidget(button)
        inner.addWidget(drop)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
