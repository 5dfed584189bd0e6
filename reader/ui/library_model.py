"""The library as a lazily filled tree: papers -> years -> months -> issues, with counts in the labels."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont

from reader.library.records import IssueRecord
from reader.library.store import Library
from reader.ui.i18n import N_, tr
from reader.ui.node_tree import ModelIndex, NodeTreeModel

log = logging.getLogger(__name__)


ISSUE_ID_ROLE = int(Qt.ItemDataRole.UserRole)  # int issue id on issue nodes, None elsewhere
KIND_ROLE = ISSUE_ID_ROLE + 1  # "paper", "year", "month" or "issue"
KEY_ROLE = ISSUE_ID_ROLE + 2  # a tuple naming the node, stable across refresh(): see LibraryTreeModel.key

MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip


_DIM = QColor(128, 128, 128)


@dataclass(eq=False)
class _Node:
    """One node of the tree; children are read from the library when the node is first expanded."""

    kind: str  # "root", "paper", "year", "month", "issue"
    parent: _Node | None
    row: int = 0
    paper: str | None = None  # None: the issues whose paper is unknown
    year: int | None = None  # None on a year node: the undated issues
    month: int | None = None
    count: int = 0  # issues below the node
    issue: IssueRecord | None = None
    children: list[_Node] = field(default_factory=list)
    fetched: bool = False


def month_name(month: int) -> str:
    """The month's name in the interface language ("April" / "4月")."""
    return tr(MONTHS[month - 1]) if 1 <= month <= 12 else str(month)


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def issue_label(issue: IssueRecord) -> str:
    """Short enough for a narrow tree, under its month: "8日 周三 第9158期" / "Wed 8 · No. 9158".

    Pages are named only when the library lacks some ("1/8版"); the full account is the tooltip's.
    """
    if issue.date is not None:
        day = tr("{weekday} {day}").format(weekday=tr(WEEKDAYS[issue.date.weekday()]), day=issue.date.day)
        parts = [day]
    else:
        parts = [tr("(undated)")]
        folder = issue_folder(issue)
        if folder:
            parts.append(folder)  # tells apart undated issues of the same paper
    if issue.issue_number is not None:
        parts.append(tr("No. {n}").format(n=issue.issue_number))
    if issue.page_count and issue.stored_pages < issue.page_count:
        parts.append(tr("{stored}/{n} pp.").format(stored=issue.stored_pages, n=issue.page_count))
    return tr(" · ").join(parts)


def issue_summary(issue: IssueRecord) -> str:
    """The whole line for a tooltip: "2020-04-08 第9158期 · 8版 · 5篇"."""
    parts = [issue.date.isoformat() if issue.date else tr("(undated)")]
    if issue.issue_number is not None:
        parts[0] += " " + tr("No. {n}").format(n=issue.issue_number)
    if issue.page_count and issue.stored_pages < issue.page_count:
        parts.append(tr("{stored}/{n} pp.").format(stored=issue.stored_pages, n=issue.page_count))
    else:
        parts.append(tr("{n} pp.").format(n=issue.stored_pages))
    parts.append(tr("{n} articles").format(n=issue.article_count))
    return " · ".join(parts)


def issue_folder(issue: IssueRecord) -> str | None:
    """The folder name of an issue whose paper or date is unknown (such issues are kept per folder)."""
    pieces = issue.key.split("|", 2)
    if len(pieces) < 3 or not pieces[2]:
        return None
    return PurePath(pieces[2]).name or pieces[2]


class LibraryTreeModel(NodeTreeModel):
    """Papers, years, months and issues of a Library; each level is read only when its parent is expanded."""

    LEAF_KIND = "issue"

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._root = _Node("root", None, fetched=True)
        self._mark = library.change_mark()
        self._root.children = self._read_papers()

    # -- reading the library ----------------------------------------------------------------------------

    def _read_papers(self) -> list[_Node]:
        return [
            _Node(N_("paper"), self._root, row, paper=name, count=count)
            for row, (name, count) in enumerate(self._library.paper_counts())
        ]

    def _read_children(self, node: _Node) -> list[_Node]:
        lib = self._library
        if node.kind == "paper":
            years = lib.paper_years(node.paper)
            return [
                _Node("year", node, row, paper=node.paper, year=year, count=count)
                for row, (year, count) in enumerate(years)
            ]
        if node.kind == "year" and node.year is not None:
            months = lib.issue_months(node.paper, node.year)
            return [
                _Node("month", node, row, paper=node.paper, year=node.year, month=month, count=count)
                for row, (month, count) in enumerate(months)
            ]
        if node.kind in ("year", "month"):  # the undated "year" lists its issues directly
            issues = lib.issues_in_month(node.paper, node.year, node.month)
            return [
                _Node("issue", node, row, paper=node.paper, year=node.year, month=node.month, issue=issue)
                for row, issue in enumerate(issues)
            ]
        return []

    def refresh(self, *, full: bool = True) -> set[int] | None:
        """Read the library again, changing only the rows that changed: expansion and selection stay.

        ``full`` False (while an import runs): the months already read are read again only if an issue of
        theirs received pages since the last refresh (see ``Library.issues_added_since`` for what that does
        not see); the upper levels' counts are always read (cheap). Reading every open month costs about
        1 ms each, and a reset of the model made the view lay out every open row again: 80-160 ms on the GUI
        thread with 96 open nodes. Returns the ids of the issues that received pages (None: full refresh).
        """
        self._mark, added = self._library.issues_added_since(self._mark)
        changed = None if full else added
        places = None if changed is None else self._library.issue_places(changed)
        self._sync(self._root, self._read_papers())
        pending = [c for c in self._root.children if c.fetched]
        while pending:
            node = pending.pop()
            if node.kind in ("paper", "year") and not (node.kind == "year" and node.year is None):
                self._sync(node, self._read_children(node))
                pending.extend(c for c in node.children if c.fetched)
            elif places is None or (node.paper, node.year, node.month) in places:
                self._sync(node, self._read_children(node))  # a month's issues, or the undated "year"
        return changed

    def _sync(self, node: _Node, fresh: list[_Node]) -> None:
        """Make ``node``'s children equal ``fresh`` (same order), keeping the nodes that stay with their subtrees."""
        parent = self._index_of(node)
        wanted = {self._key(c) for c in fresh}
        for row in range(len(node.children) - 1, -1, -1):
            if self._key(node.children[row]) not in wanted:
                self.beginRemoveRows(parent, row, row)
                del node.children[row]
                self._renumber(node)
                self.endRemoveRows()
        kept = [self._key(c) for c in node.children]
        staying = set(kept)
        if kept != [k for k in (self._key(c) for c in fresh) if k in staying]:  # an issue moved within its month
            self.beginRemoveRows(parent, 0, len(node.children) - 1)
            node.children = []
            self.endRemoveRows()
        for row, new in enumerate(fresh):
            old = node.children[row] if row < len(node.children) else None
            if old is not None and self._key(old) == self._key(new):
                if (old.count, old.issue) != (new.count, new.issue):
                    old.count, old.issue = new.count, new.issue
                    index = self.createIndex(row, 0, old)
                    self.dataChanged.emit(index, index)
                continue
            new.parent = node
            self.beginInsertRows(parent, row, row)
            node.children.insert(row, new)
            self._renumber(node)
            self.endInsertRows()
        node.fetched = True

    @staticmethod
    def _renumber(node: _Node) -> None:
        for row, child in enumerate(node.children):
            child.row = row

    # -- helpers ----------------------------------------------------------------------------------------

    def ensure_fetched(self, index: ModelIndex) -> None:
        if self.canFetchMore(index):
            self.fetchMore(index)

    @staticmethod
    def _key(node: _Node) -> tuple[Any, ...]:
        if node.kind == "issue" and node.issue is not None:
            return ("issue", node.issue.id)
        if node.kind == "month":
            return ("month", node.paper, node.year, node.month)
        if node.kind == "year":
            return ("year", node.paper, node.year)
        if node.kind == "paper":
            return (N_("paper"), node.paper)
        return ("root",)

    def key(self, index: ModelIndex) -> tuple[Any, ...]:
        """A tuple naming the node that stays valid across refresh(), e.g. ("month", "许昌日报", 2020, 4)."""
        return self._key(self._node(index))

    def info(self, index: ModelIndex) -> tuple[str, str | None, int | None, int | None, int | None]:
        """(kind, paper, year, month, issue id) of a node; paper None = unknown paper, year None = undated."""
        node = self._node(index)
        issue_id = node.issue.id if node.issue is not None else None
        return node.kind, node.paper, node.year, node.month, issue_id

    def index_for_key(self, key: tuple[Any, ...]) -> QModelIndex:
        """The index of the node named by ``key`` (fetching its ancestors as needed), or an invalid index."""
        if not key or key[0] == "root":
            return QModelIndex()
        if key[0] == "issue":
            return self.issue_index(int(key[1]))
        path: list[tuple[str, Any]] = [(N_("paper"), key[1])]
        if key[0] in ("year", "month"):
            path.append(("year", key[2]))
        if key[0] == "month":
            path.append(("month", key[3]))
        return self._walk(path)

    def _walk(self, path: list[tuple[str, Any]]) -> QModelIndex:
        node = self._root
        for kind, value in path:
            self.ensure_fetched(self._index_of(node))
            attr = {"paper": N_("paper"), "year": "year", "month": "month"}[kind]
            found = next((c for c in node.children if c.kind == kind and getattr(c, attr) == value), None)
            if found is None:
                return QModelIndex()
            node = found
        return self._index_of(node)

    def issue_index(self, issue_id: int) -> QModelIndex:
        """The index of an issue, fetching the paper, year and month above it; invalid if unknown."""
        issue = self._library.issue(issue_id)
        if issue is None:
            return QModelIndex()
        path: list[tuple[str, Any]] = [(N_("paper"), issue.paper)]
        if issue.date is None:
            path.append(("year", None))
        else:
            path += [("year", issue.date.year), ("month", issue.date.month)]
        parent = self._walk(path)
        if not parent.isValid():
            return QModelIndex()
        self.ensure_fetched(parent)
        for child in self._node(parent).children:
            if child.issue is not None and child.issue.id == issue_id:
                return self._index_of(child)
        return QModelIndex()

    def paper_names(self) -> list[str | None]:
        """The papers at the top of the tree, in order (None: unknown paper)."""
        return [node.paper for node in self._root.children]

    # -- QAbstractItemModel -----------------------------------------------------------------------------

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        if node.kind == "issue":
            return False
        # Before fetching, a paper/year/month node has issues below it by construction (count > 0).
        return bool(node.children) if node.fetched else node.count > 0

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return node.kind != "issue" and not node.fetched

    def fetchMore(self, parent: ModelIndex) -> None:
        if not self.canFetchMore(parent):
            return
        node = self._node(parent)
        try:
            children = self._read_children(node)
        except Exception:  # a broken database must not take the interface down
            log.exception("reading the children of %s failed", self._key(node))
            children = []
        if not children:
            node.fetched = True
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.children = children
        node.fetched = True
        self.endInsertRows()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == ISSUE_ID_ROLE:
            return node.issue.id if node.issue is not None else None
        if role == KIND_ROLE:
            return node.kind
        if role == KEY_ROLE:
            return self._key(node)
        unknown = (node.kind == "paper" and node.paper is None) or (
            node.kind in ("year", "issue") and node.year is None
        )
        if role == Qt.ItemDataRole.FontRole and unknown:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and unknown:
            return _DIM
        return None

    @staticmethod
    def _label(node: _Node) -> str:
        if node.kind == "paper":
            return f"{node.paper or tr('(unknown paper)')} ({node.count})"
        if node.kind == "year":
            return f"{node.year if node.year is not None else tr('(undated)')} ({node.count})"
        if node.kind == "month":
            return f"{month_name(node.month or 0)} ({node.count})"
        if node.kind == "issue" and node.issue is not None:
            return issue_label(node.issue)
        return ""

    @staticmethod
    def _tooltip(node: _Node) -> str | None:
        if node.kind in ("paper", "year", "month"):
            return tr("{n} issues").format(n=node.count)
        issue = node.issue
        if issue is None:
            return None
        lines = [f"{issue.paper or tr('(unknown paper)')} · {issue_summary(issue)}"]
        folder = issue_folder(issue)
        if folder:
            lines.append(tr("Issue of unknown paper or date, from folder {folder}").format(folder=folder))
        lines.append(tr("Pages in the library: {stored}").format(stored=issue.stored_pages))
        if issue.page_count:
            lines.append(tr("Pages printed: {n}").format(n=issue.page_count))
        lines.append(tr("Articles: {n}").format(n=issue.article_count))
        return "\n".join(lines)
