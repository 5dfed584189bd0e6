"""The bookmarks dock: the reader's folders, then papers, then bookmarks by date and page.

Labels come from page text and the user and are shown as plain text (the tree's own delegate; tooltips are
escaped). Changes go through the notes controller; the tree is rebuilt on its ``changed`` signal, keeping what
was collapsed and selected.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QInputDialog,
    QLineEdit,
    QMenu,
    QStyle,
    QTreeView,
    QWidget,
)

from reader.notes.model import BOOKMARK, Annotation
from reader.ui.dock_helpers import HintedMenus, KeyFilter, one_line, plain_tooltip, warning_color
from reader.ui.i18n import tr
from reader.ui.node_tree import ModelIndex, NodeTreeModel
from reader.ui.notes_controller import NotesController
from reader.ui.render import page_name

log = logging.getLogger(__name__)


UID_ROLE = int(Qt.ItemDataRole.UserRole)  # a bookmark's uid; None on folder and paper rows
KIND_ROLE = UID_ROLE + 1  # "folder", "paper" or "bookmark"
KEY_ROLE = UID_ROLE + 2  # a tuple naming the row, stable across reloads
FOLDER_ROLE = UID_ROLE + 3  # the folder path of a folder row, the folder a paper row or bookmark is in

POSITION_MARK = "¶"  # the bookmark is at a place in the article, not just the article
ORPHAN_MARK = "⚠"



@dataclass(eq=False)
class _Node:
    """A folder, a paper group inside a folder (or at the top), or a bookmark."""

    kind: str  # "root", "folder", "paper", "bookmark"
    parent: _Node | None
    key: tuple[Any, ...]
    name: str = ""  # a folder's last path part, a paper's name
    path: str = ""  # the folder path this node is (folder) or sits in (paper, bookmark)
    bookmark: Annotation | None = None
    children: list[_Node] = field(default_factory=list)
    row: int = 0
    count: int = 0  # bookmarks below


def bookmark_label(a: Annotation) -> str:
    """A bookmark's row: "2020-04-08 第1版 ¶ · name-or-title" (¶: at a place in the article), ⚠ when orphaned."""
    # The position mark goes in the head: a long title is elided from the end.
    marks = (a.date or tr("(undated)"), page_name(a.page_label), POSITION_MARK if a.has_position else "")
    head = " ".join(x for x in marks if x)
    text = f"{head} · {one_line(a.label) or tr('(untitled)')}"
    return f"{ORPHAN_MARK} {text}" if a.orphaned else text


def bookmark_tooltip(a: Annotation) -> str:
    lines = [one_line(a.label) or tr("(untitled)")]
    if a.name and a.title and one_line(a.title) != one_line(a.name):
        lines.append(one_line(a.title))
    lines.append(" · ".join(x for x in (a.paper, a.date, page_name(a.page_label)) if x))
    if a.has_position and a.quote:
        lines.append(tr("Bookmarked at: “{quote}”").format(quote=one_line(a.quote)))
    if a.orphaned:
        lines.append(tr("Orphaned: the article was not found when its page was imported again."))
    return plain_tooltip("\n".join(line for line in lines if line))


def build_tree(bookmarks: list[Annotation]) -> _Node:
    """Folders (sorted, nested by "/") first, then paper groups in the given order, bookmarks by date."""
    root = _Node("root", None, ("root",))
    folders: dict[str, _Node] = {"": root}

    def folder(path: str) -> _Node:
        if path not in folders:
            parent_path, _, name = path.rpartition("/")
            parent = folder(parent_path)
            node = _Node("folder", parent, ("folder", path), name=name, path=path)
            parent.children.append(node)
            folders[path] = node
        return folders[path]

    for path in sorted({b.folder for b in bookmarks if b.folder}):
        folder(path)
    groups: dict[tuple[str, str | None], _Node] = {}
    for b in bookmarks:
        parent = folder(b.folder)
        group = groups.get((b.folder, b.paper))
        if group is None:
            group = _Node("paper", parent, ("paper", b.folder, b.paper), name=b.paper or "", path=b.folder)
            parent.children.append(group)
            groups[(b.folder, b.paper)] = group
        group.children.append(_Node("bookmark", group, ("bookmark", b.uid), path=b.folder, bookmark=b))
    for group in groups.values():
        # Stable: the controller's order (page, article, position) is kept within a date.
        group.children.sort(
            key=lambda n: (
                n.bookmark is None or n.bookmark.date is None,
                (n.bookmark.date if n.bookmark else None) or "",
            )
        )
    _number(root)
    return root


def _number(node: _Node) -> int:
    node.count = 1 if node.kind == "bookmark" else 0
    for row, child in enumerate(node.children):
        child.row = row
        node.count += _number(child)
    return node.count


class BookmarksModel(NodeTreeModel):
    """Folders → papers → bookmarks, rebuilt from a list of bookmarks by ``set_bookmarks``."""

    LEAF_KIND = "bookmark"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = build_tree([])
        self._by_key: dict[tuple[Any, ...], _Node] = {}

    def set_bookmarks(self, bookmarks: list[Annotation]) -> None:
        self.beginResetModel()
        self._root = build_tree(bookmarks)
        self._by_key = {}
        pending = list(self._root.children)
        while pending:
            node = pending.pop()
            self._by_key[node.key] = node
            pending.extend(node.children)
        self.endResetModel()

    def bookmarks(self) -> list[Annotation]:
        """The bookmarks in display order (depth first)."""
        out: list[Annotation] = []

        def walk(node: _Node) -> None:
            for child in node.children:
                if child.bookmark is not None:
                    out.append(child.bookmark)
                walk(child)

        walk(self._root)
        return out

    def index_for_key(self, key: tuple[Any, ...]) -> QModelIndex:
        node = self._by_key.get(key)
        return self.createIndex(node.row, 0, node) if node is not None else QModelIndex()

    # Typed accessors: the dock reads rows through these rather than through index.data() and the roles.

    def bookmark(self, index: ModelIndex) -> Annotation | None:
        return self._node(index).bookmark if index.isValid() else None

    def kind(self, index: ModelIndex) -> str:
        return self._node(index).kind

    def key(self, index: ModelIndex) -> tuple[Any, ...]:
        return self._node(index).key

    def folder(self, index: ModelIndex) -> str:
        """A folder row's path; the folder a paper row or bookmark is in."""
        return self._node(index).path

    # -- QAbstractItemModel -----------------------------------------------------------------------------

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        b = node.bookmark
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if b is not None:
                return bookmark_label(b)
            name = node.name or (tr("(unknown paper)") if node.kind == "paper" else "")
            return f"{name} ({node.count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            if b is not None:
                return bookmark_tooltip(b)
            title = node.path if node.kind == "folder" else node.name or tr("(unknown paper)")
            return plain_tooltip(f"{title}\n{tr('{n} bookmarks').format(n=node.count)}")
        if role == Qt.ItemDataRole.DecorationRole and node.kind == "folder":
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        if role == UID_ROLE:
            return b.uid if b is not None else None
        if role == KIND_ROLE:
            return node.kind
        if role == KEY_ROLE:
            return node.key
        if role == FOLDER_ROLE:
            return node.path
        if b is not None and b.orphaned:
            if role == Qt.ItemDataRole.ForegroundRole:
                return warning_color()
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        if role == Qt.ItemDataRole.FontRole and node.kind == "folder":
            font = QFont()
            font.setBold(True)
            return font
        return None


class BookmarksTree(HintedMenus, QTreeView):
    """The tree view: a hint when empty, and context menus aimed at the row (or the current row by keyboard)."""

    menu_requested = Signal(QModelIndex, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = tr("No bookmarks yet. Bookmark an article from its context menu.")


class BookmarksDock(QDockWidget):
    """Browses bookmarks by folder and paper; opens, renames, moves and deletes them via the controller."""

    open_requested = Signal(str)  # uid of the bookmark to show in the reading pane

    def __init__(self, controller: NotesController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Bookmarks"), parent)
        self.setObjectName("bookmarks_dock")
        self._controller = controller
        self._collapsed: set[tuple[Any, ...]] = set()  # what the reader folded; new rows start open
        self._restoring = False
        self._select_after: tuple[Any, ...] | None = None  # a row to select after the next reload

        self.model = BookmarksModel(self)
        self.tree = BookmarksTree()
        self.tree.setObjectName("bookmarks_tree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.installEventFilter(KeyFilter(self.delete_selected, self.tree))
        self.tree.expanded.connect(lambda index: self._folded(index, False))
        self.tree.collapsed.connect(lambda index: self._folded(index, True))
        self.tree.activated.connect(self._activated)
        self.tree.menu_requested.connect(self._show_menu)
        self.setWidget(self.tree)
        controller.changed.connect(self.reload)
        self.reload()

    # -- for the window and tests ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the bookmarks again, keeping folded rows folded and the selection where it was."""
        current = self.tree.currentIndex()
        had_current = current.isValid()
        key = self._select_after or (self.model.key(current) if had_current else None)
        parent_key = self.model.key(current.parent()) if current.parent().isValid() else None
        row = current.row()
        self._select_after = None
        self._restoring = True
        try:
            self.model.set_bookmarks(self._controller.list(BOOKMARK))
            self.tree.expandAll()
            for folded in list(self._collapsed):
                index = self.model.index_for_key(folded)
                if index.isValid():
                    self.tree.collapse(index)
        finally:
            self._restoring = False
        if key is None:
            return
        index = self.model.index_for_key(key)
        if not index.isValid() and had_current:
            # The row went away (deleted): its neighbour, so that Delete can be pressed again.
            parent = self.model.index_for_key(parent_key) if parent_key is not None else QModelIndex()
            count = self.model.rowCount(parent)
            if (parent.isValid() or parent_key is None) and count:
                index = self.model.index(min(row, count - 1), 0, parent)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def uids(self) -> list[str]:
        """The bookmarks' uids in display order."""
        return [b.uid for b in self.model.bookmarks()]

    def selected_uid(self) -> str | None:
        b = self.model.bookmark(self.tree.currentIndex())
        return b.uid if b is not None else None

    def selected_folder(self) -> str | None:
        index = self.tree.currentIndex()
        return self.model.folder(index) if index.isValid() and self.model.kind(index) == "folder" else None

    def select(self, uid: str) -> bool:
        return self._select(("bookmark", uid))

    def select_folder(self, path: str) -> bool:
        return self._select(("folder", path))

    def open_selected(self) -> bool:
        uid = self.selected_uid()
        if uid is None:
            return False
        self.open_requested.emit(uid)
        return True

    def rename(self, uid: str, name: str) -> bool:
        """Give a bookmark its own name ("" goes back to the article's title)."""
        return self._controller.update(uid, name=name.strip() or None) is not None

    def move_to_folder(self, uid: str, folder: str) -> bool:
        """Put a bookmark in a folder ("a/b" nested; "" for none)."""
        return self._controller.update(uid, folder=folder.strip()) is not None

    def rename_folder(self, old: str, new: str) -> bool:
        new = "/".join(p.strip() for p in new.split("/") if p.strip())
        if not new or new == old:
            return False
        self._remember_fold(("folder", old), ("folder", new))
        self._select_after = ("folder", new)
        if not self._controller.rename_folder(old, new):
            self._select_after = None
            return False
        return True

    def delete_selected(self) -> bool:
        uid = self.selected_uid()
        return uid is not None and self._controller.delete(uid)

    # -- dialogs (window-modal, not blocking: tests drive them, the menu opens them) -------------------

    def ask_rename(self, uid: str) -> QInputDialog | None:
        b = self._controller.get(uid)
        if b is None:
            return None
        return self._ask(
            tr("Rename bookmark"),
            tr("Name (empty: the article's title):"),
            b.label,
            [],
            lambda text: self.rename(uid, text),
        )

    def ask_move(self, uid: str) -> QInputDialog | None:
        b = self._controller.get(uid)
        if b is None:
            return None
        return self._ask(
            tr("Move bookmark"),
            tr("Folder (empty: no folder; “a/b” for a folder inside another):"),
            b.folder,
            self._controller.folders(),
            lambda text: self.move_to_folder(uid, text),
        )

    def ask_rename_folder(self, path: str) -> QInputDialog:
        return self._ask(
            tr("Rename folder"),
            tr("New name (“a/b” moves it into another folder):"),
            path,
            [],
            lambda text: self.rename_folder(path, text),
        )

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The row's menu (not shown: the caller pops it up, tests trigger its actions)."""
        kind = self.model.kind(index)
        b = self.model.bookmark(index)
        menu = QMenu(self.tree)
        if b is not None:
            uid = b.uid
            menu.addAction(tr("Open"), lambda: self.open_requested.emit(uid)).setShortcut(
                QKeySequence(Qt.Key.Key_Return)
            )
            menu.addAction(tr("Rename…"), lambda: self.ask_rename(uid))
            menu.addAction(tr("Move to Folder…"), lambda: self.ask_move(uid))
            menu.addSeparator()
            delete = menu.addAction(tr("Delete"), lambda: self._controller.delete(uid))
            delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        elif kind == "folder":
            path = self.model.folder(index)
            menu.addAction(tr("Rename Folder…"), lambda: self.ask_rename_folder(path))
        else:
            menu.deleteLater()
            return None
        return menu

    # -- internals -------------------------------------------------------------------------------------

    def _ask(self, title: str, label: str, text: str, items: list[str], done: Callable[[str], Any]) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        if items:
            dialog.setComboBoxItems(items)
            dialog.setComboBoxEditable(True)
        dialog.setTextValue(text)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.resize(max(dialog.sizeHint().width(), 360), dialog.sizeHint().height())
        dialog.textValueSelected.connect(done)
        dialog.open()
        return dialog

    def _select(self, key: tuple[Any, ...]) -> bool:
        index = self.model.index_for_key(key)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def _folded(self, index: QModelIndex, collapsed: bool) -> None:
        if self._restoring:
            return
        key = self.model.key(index)
        if collapsed:
            self._collapsed.add(key)
        else:
            self._collapsed.discard(key)

    def _remember_fold(self, old: tuple[Any, ...], new: tuple[Any, ...]) -> None:
        """A renamed folder (and its subfolders and paper groups) stays folded as it was."""
        old_path, new_path = old[1], new[1]

        def moved(path: str) -> str:
            return new_path + path[len(old_path) :] if path == old_path or path.startswith(old_path + "/") else path

        self._collapsed = {
            (k[0], moved(k[1]), *k[2:]) if k[0] in ("folder", "paper") and isinstance(k[1], str) else k
            for k in self._collapsed
        }

    def _activated(self, index: QModelIndex) -> None:
        b = self.model.bookmark(index)
        if b is not None:
            self.open_requested.emit(b.uid)

    def _show_menu(self, index: QModelIndex, where: QPoint) -> None:
        self.tree.setCurrentIndex(index)
        menu = self.context_menu(index)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(where)
