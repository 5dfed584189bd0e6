"""The plumbing of the window's one-column trees (library, bookmarks): nodes that know their parent and row."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex


class NodeTreeModel(QAbstractItemModel):
    """A one-column tree over nodes with ``parent``, ``row``, ``children`` and ``kind``; subclasses add data.

    ``_root`` is the invisible root node; rows of ``LEAF_KIND`` never have children.
    """

    LEAF_KIND: ClassVar[str] = ""
    _root: Any

    def _node(self, index: ModelIndex) -> Any:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        return node if isinstance(node, type(self._root)) else self._root

    def _index_of(self, node: Any) -> QModelIndex:
        if node is None or node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if column != 0 or not 0 <= row < len(node.children) or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: ModelIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent(): the model's owner
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        return self._index_of(self._node(index).parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._node(index).kind == self.LEAF_KIND:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags
