"""Serial fiction in the library: each series with its instalments in reading order; open one to read it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from reader.library.records import SeriesRecord
from reader.library.store import Library
from reader.ui.i18n import tr

ARTICLE_ROLE = int(Qt.ItemDataRole.UserRole)


class SeriesDialog(QDialog):
    """Lists the library's serials; their instalments are read when a serial is opened (there can be hundreds)."""

    article_requested = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Serial Fiction"))
        self.resize(560, 480)
        self.library = library
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.itemExpanded.connect(self._fill)
        self.tree.itemActivated.connect(self._open)
        layout = QVBoxLayout(self)
        self.series = library.series()
        if not self.series:
            layout.addWidget(QLabel(tr("No serial fiction in the library yet.")))
        for record in self.series:
            item = QTreeWidgetItem([tr("{title} · {paper} · {n} instalments").format(
                title=record.title, paper=record.paper or tr("(unknown paper)"), n=record.instalments)])
            item.setData(0, ARTICLE_ROLE, None)
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.tree.addTopLevelItem(item)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _record(self, item: QTreeWidgetItem) -> SeriesRecord | None:
        index = self.tree.indexOfTopLevelItem(item)
        return self.series[index] if 0 <= index < len(self.series) else None

    def _fill(self, item: QTreeWidgetItem) -> None:
        record = self._record(item)
        if record is None or item.childCount():
            return
        for inst in self.library.instalments(record.key, record.paper):
            label = tr("{date} · No. {n} · {chapter}").format(
                date=inst.date.isoformat() if inst.date else tr("(undated)"), n=inst.number or "?",
                chapter=inst.chapter or inst.title or "")
            child = QTreeWidgetItem([label.rstrip(" ·")])
            child.setData(0, ARTICLE_ROLE, inst.article_id)
            item.addChild(child)

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        article_id = item.data(0, ARTICLE_ROLE)
        if article_id is None:
            item.setExpanded(not item.isExpanded())
            return
        self.article_requested.emit(int(article_id))
