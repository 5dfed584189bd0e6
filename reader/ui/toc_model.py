"""A page's table of contents: its articles and, shown apart but never hidden, its other blocks."""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from reader.library.records import TocEntry
from reader.ui.i18n import N_, tr
from reader.ui.labels import kind_label

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

ITEM_ID_ROLE = int(Qt.ItemDataRole.UserRole)  # article id or block id
ITEM_KIND_ROLE = ITEM_ID_ROLE + 1  # "article" or the block's kind
PAGE_ID_ROLE = ITEM_ID_ROLE + 2

TITLE, BYLINE, LENGTH = range(3)
_HEADERS = (N_("Title"), N_("Byline"), N_("Length"))

_BLOCK_COLOUR = QColor(120, 120, 120)


def page_label_text(label: str | None) -> str:
    """A page label as readers say it: "第1版" for a number, "A2" as printed otherwise."""
    if not label:
        return tr("(no page number)")
    if label.isdigit():
        return tr("Page {n}").format(n=int(label))
    return label


def block_kind_text(kind: str) -> str:
    return kind_label(kind)


def entry_title(entry: TocEntry) -> str:
    """The text of an entry's title cell: its title (with jump marks), or what stands in for one."""
    if not entry.is_article:
        return f"〔{block_kind_text(entry.kind)}〕 {entry.first_line}".rstrip()
    text = entry.title or f"{tr('(untitled)')} {entry.kicker or entry.first_line}".rstrip()
    if entry.continued_from:
        text = f"{text}  ← {tr('continued from {page}').format(page=page_label_text(entry.continued_from))}"
    if entry.continued_to:
        text = f"{text}  → {tr('continued on {page}').format(page=page_label_text(entry.continued_to))}"
    return text


class TocModel(QAbstractTableModel):
    """The rows of one page's contents in reading order: title, byline and length of each item."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[TocEntry] = []
        self._entries: list[TocEntry] = []  # the rows shown: every entry, or only the articles
        self._marks: dict[int, tuple[bool, int]] = {}  # article id -> (bookmarked, highlights and notes)
        self._articles_only = False

    def set_entries(self, entries: list[TocEntry], marks: dict[int, tuple[bool, int]] | None = None) -> None:
        self.beginResetModel()
        self._all = list(entries)
        self._entries = self._shown(self._all)
        self._marks = dict(marks or {})
        self.endResetModel()

    def set_articles_only(self, on: bool) -> None:
        """Show only the articles, or everything on the page (adverts, mastheads, captions ... too)."""
        if on == self._articles_only:
            return
        self.beginResetModel()
        self._articles_only = on
        self._entries = self._shown(self._all)
        self.endResetModel()

    def _shown(self, entries: list[TocEntry]) -> list[TocEntry]:
        return [e for e in entries if e.is_article] if self._articles_only else list(entries)

    def set_marks(self, marks: dict[int, tuple[bool, int]]) -> None:
        """The reader's bookmarks and note counts per article, shown with the titles."""
        self._marks = dict(marks)
        if self._entries:
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(self._entries) - 1, TITLE))

    def article_ids(self) -> list[int]:
        return [e.id for e in self._all if e.is_article]

    def entries(self) -> list[TocEntry]:
        """Every entry of the page, shown or not."""
        return list(self._all)

    def entry(self, row: int) -> TocEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, item_id: int, *, article: bool = True) -> int | None:
        """The row of an article (or, with ``article=False``, of a block) by id."""
        for row, entry in enumerate(self._entries):
            if entry.id == item_id and entry.is_article == article:
                return row
        return None

    # -- QAbstractTableModel ----------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(_HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole and section == LENGTH:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None or not 0 <= index.column() < len(_HEADERS):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._display(entry, column)
            return self._with_marks(entry, text) if column == TITLE else text
        if role == Qt.ItemDataRole.ToolTipRole:
            # Page text in a tooltip: escaped inside explicit rich text, so Qt cannot take it for markup.
            tip = self._with_marks_tip(entry, self._tooltip(entry))
            return f"<p style='white-space:pre-wrap'>{html.escape(tip)}</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LENGTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not entry.is_article:
            return _BLOCK_COLOUR
        if role == Qt.ItemDataRole.FontRole and (not entry.is_article or not entry.title):
            font = QFont()
            font.setItalic(True)
            return font
        if role == ITEM_ID_ROLE:
            return entry.id
        if role == ITEM_KIND_ROLE:
            return entry.kind
        if role == PAGE_ID_ROLE:
            return entry.page_id
        return None

    def _with_marks(self, entry: TocEntry, text: str) -> str:
        bookmarked, notes = self._marks.get(entry.id, (False, 0)) if entry.is_article else (False, 0)
        # In front, where a long elided title cannot hide them.
        marks = ("★" if bookmarked else "") + (f"※{notes}" if notes else "")
        return f"{marks} {text}" if marks else text

    def _with_marks_tip(self, entry: TocEntry, text: str) -> str:
        bookmarked, notes = self._marks.get(entry.id, (False, 0)) if entry.is_article else (False, 0)
        extra = [tr("★ Bookmarked")] if bookmarked else []
        if notes:
            extra.append(tr("※ {n} highlights and notes").format(n=notes))
        return "\n".join([text, *extra])

    @staticmethod
    def _display(entry: TocEntry, column: int) -> str:
        if column == TITLE:
            return entry_title(entry)
        if column == BYLINE:
            return entry.byline or ""
        return tr("{n} chars").format(n=f"{entry.char_count:,}")

    @staticmethod
    def _tooltip(entry: TocEntry) -> str:
        if not entry.is_article:
            kind = tr("Not an article: {kind}").format(kind=block_kind_text(entry.kind))
            return f"{kind}\n{entry.first_line}"
        lines = []
        if entry.section:
            lines.append(tr("Section: {text}").format(text=entry.section))
        if entry.kicker:
            lines.append(tr("Kicker: {text}").format(text=entry.kicker))
        lines.append(entry.title or f"{tr('(untitled)')} {entry.first_line}")
        if entry.subtitle:
            lines.append(tr("Subtitle: {text}").format(text=entry.subtitle))
        if entry.byline:
            lines.append(entry.byline)
        lines.append(tr("{n} chars").format(n=f"{entry.char_count:,}"))
        return "\n".join(lines)
