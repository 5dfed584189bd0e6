"""The notes dock: every highlight and article note as a card, filtered with the search syntax as you type.

Everything the cards show comes from the page or the user and is drawn as plain text (``QPainter.drawText``,
escaped tooltips), never as rich text. The dock only asks the notes controller for changes; the list follows
the controller's ``changed`` signal, so an undo in the window updates it like any other change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.notes.model import COLORS, HIGHLIGHT, NOTE, Annotation
from reader.ui.core_messages import core_text
from reader.ui.dock_helpers import (
    HintedMenus,
    KeyFilter,
    color_name,
    mark_color,
    meta_line,
    one_line,
    plain_tooltip,
    swatch_color,
    warning_color,
)
from reader.ui.i18n import tr, ui_language
from reader.ui.note_dialog import NoteDialog
from reader.ui.notes_controller import NotesController
from reader.ui.render import page_name

log = logging.getLogger(__name__)


FILTER_HELP_EN = """<b>Filter syntax</b> (as in search)<br>
<code>养老 服务</code> — all words must occur in the quote, the note, the title or the paper<br>
<code>"政府工作报告"</code> — an exact phrase<br>
<code>养老 OR 医疗</code> — either; <code>-广告</code> or <code>NOT 广告</code> — exclude<br>
<code>title:</code>, <code>paper:许昌日报</code>, <code>page:2</code>, <code>date:2020-04</code>,
<code>date:2020-04-01..2020-06-30</code><br>
Simplified and traditional characters find each other."""

FILTER_HELP_ZH = """<b>筛选语法</b>（同检索）<br>
<code>养老 服务</code> — 各词都要出现在引文、笔记、标题或报名中<br>
<code>"政府工作报告"</code> — 精确短语<br>
<code>养老 OR 医疗</code> — 任一；<code>-广告</code> 或 <code>NOT 广告</code> — 排除<br>
<code>title:</code>、<code>paper:许昌日报</code>、<code>page:2</code>、<code>date:2020-04</code>、
<code>date:2020-04-01..2020-06-30</code><br>
简体与繁体互相匹配。"""

UID_ROLE = int(Qt.ItemDataRole.UserRole)  # str uid
ANNOTATION_ROLE = UID_ROLE + 1  # the Annotation
QUOTE_ROLE = UID_ROLE + 2  # plain text of the card's first lines: the quote, or "Note on the article"
NOTE_ROLE = UID_ROLE + 3  # plain note text ("" for none)
META_ROLE = UID_ROLE + 4  # "title · paper · date · 第N版"
ORPHANED_ROLE = UID_ROLE + 5  # bool
COLOR_ROLE = UID_ROLE + 6  # the highlight's colour name, None for article notes

FILTER_DELAY_MS = 150  # typing pauses shorter than this do not refilter


# -- model -------------------------------------------------------------------------------------------------


class NotesModel(QAbstractListModel):
    """The highlights and notes shown, one row each, in the controller's order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Annotation] = []

    def set_items(self, items: list[Annotation]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[Annotation]:
        return list(self._items)

    def annotation(self, row: int) -> Annotation | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, uid: str) -> int:
        return next((row for row, a in enumerate(self._items) if a.uid == uid), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        a = self.annotation(index.row()) if index.isValid() else None
        if a is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            lines = [quote_text(a), a.note.strip(), meta_line(a)]
            if a.orphaned:
                lines.insert(0, tr("Orphaned — text not found in the current version"))
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(a)
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_color(a.color) if a.kind == HIGHLIGHT else None
        if role == UID_ROLE:
            return a.uid
        if role == ANNOTATION_ROLE:
            return a
        if role == QUOTE_ROLE:
            return quote_text(a)
        if role == NOTE_ROLE:
            return a.note
        if role == META_ROLE:
            return meta_line(a)
        if role == ORPHANED_ROLE:
            return a.orphaned
        if role == COLOR_ROLE:
            return a.color if a.kind == HIGHLIGHT else None
        return None


def quote_text(a: Annotation) -> str:
    """The card's first lines: the highlighted words in quotes, or "Note on the article"."""
    if a.kind == NOTE or a.start is None:
        return tr("Note on the article")
    return f"“{one_line(a.quote)}”"


def tooltip_text(a: Annotation) -> str:
    """The full note (the full quote when there is no note), plus why an orphan is marked."""
    text = a.note.strip() or one_line(a.quote)
    if a.orphaned:
        explain = tr(
            "This note's text was not found when its page was imported again; it keeps the text it was made on."
        )
        text = f"{text}\n\n{explain}" if text else explain
    return plain_tooltip(text)


# -- delegate ----------------------------------------------------------------------------------------------


@dataclass
class _Line:
    """One line of a card as laid out: its text, font, colour and the highlighter tint behind it."""

    text: str
    font: QFont
    color: QColor
    height: int
    background: QColor | None = None


def card_annotation(index: QModelIndex | QPersistentModelIndex) -> Annotation | None:
    """The annotation of a card, read from the Python model itself (typed, no QVariant round trip per role)."""
    model = index.model()
    return model.annotation(index.row()) if isinstance(model, NotesModel) and index.isValid() else None


class NoteCardDelegate(QStyledItemDelegate):
    """Paints a note as a card: colour stripe, quote (2 lines), note (2 lines), orphan warning and source line."""

    MARGIN = 4  # around the card
    PAD = 8  # inside the card
    STRIPE = 5  # width of the colour stripe
    GAP = 3  # between the card's parts

    def _width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        width = option.rect.width()
        if isinstance(view, QAbstractItemView) and (width <= 0 or width > view.viewport().width()):
            width = view.viewport().width()
        return max(width, 160)

    def _text_width(self, width: int) -> int:
        return max(width - 2 * self.MARGIN - 2 * self.PAD - self.STRIPE - self.PAD // 2, 40)

    def _layout(self, a: Annotation, option: QStyleOptionViewItem, width: int) -> list[list[_Line]]:
        """The card's parts (each a list of lines) for a text width."""
        palette = option.palette
        base = QFont(option.font)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.85, 7.0))
        text_color = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        whole_article = a.kind != HIGHLIGHT
        parts: list[list[_Line]] = []
        if whole_article:
            italic = QFont(base)
            italic.setItalic(True)
            parts.append(_lines(quote_text(a), italic, muted, width, 1))
        else:
            quote = _lines(quote_text(a), base, text_color, width, 2)
            for line in quote:  # tinted as the reading pane paints the highlight
                line.background = mark_color(a.color, palette)
            parts.append(quote)
        note = one_line(a.note)
        if note:
            note_font = QFont(base)
            note_font.setBold(True)  # the reader's own words stand out from the quoted page text
            parts.append(_lines(note, note_font, text_color, width, 3 if whole_article else 2))
        if a.orphaned:
            warn = QFont(small)
            warn.setBold(True)
            orphaned = "⚠ " + tr("Orphaned — text not found in the current version")
            parts.append(_lines(orphaned, warn, warning_color(palette), width, 2))
        meta = _source_line(a, small, muted, width)
        if meta is not None:
            parts.append([meta])
        return parts

    def card_lines(self, option: QStyleOptionViewItem, index: QModelIndex) -> list[str]:
        """The lines a card draws (plain text, as drawn), for tests."""
        a = card_annotation(index)
        if a is None:
            return []
        parts = self._layout(a, option, self._text_width(self._width(option)))
        return [line.text for part in parts for line in part]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        a = card_annotation(index)
        if a is None:
            return super().sizeHint(option, index)
        width = self._width(option)
        parts = self._layout(a, option, self._text_width(width))
        height = sum(line.height for part in parts for line in part) + self.GAP * max(len(parts) - 1, 0)
        return QSize(width, height + 2 * (self.MARGIN + self.PAD))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        a = card_annotation(index)
        if a is None:
            super().paint(painter, option, index)
            return
        palette = option.palette
        card = option.rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        if selected:
            tint = palette.color(QPalette.ColorRole.Highlight)
            fill = _mix(fill, tint, 0.22)
            border = tint
        elif option.state & QStyle.StateFlag.State_MouseOver:
            fill = _mix(fill, palette.color(QPalette.ColorRole.Highlight), 0.08)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(card.adjusted(0, 0, -1, -1), 4, 4)

        stripe = QRect(card.left() + self.PAD // 2, card.top() + self.PAD // 2, self.STRIPE, card.height() - self.PAD)
        painter.setPen(Qt.PenStyle.NoPen)
        if a.kind == HIGHLIGHT:
            painter.setBrush(swatch_color(a.color))
            painter.drawRoundedRect(stripe, 2, 2)
        else:
            painter.setBrush(palette.color(QPalette.ColorRole.Mid))
            painter.drawRoundedRect(stripe.adjusted(1, 0, -1, 0), 1, 1)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

        x = stripe.right() + 1 + self.PAD
        text_width = self._text_width(option.rect.width())
        y = card.top() + self.PAD
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextSingleLine)
        for part in self._layout(a, option, text_width):
            for line in part:
                painter.setFont(line.font)
                if line.background is not None:
                    advance = QFontMetrics(line.font).horizontalAdvance(line.text)
                    painter.fillRect(QRect(x - 1, y, min(advance, text_width) + 2, line.height), line.background)
                painter.setPen(line.color)
                painter.drawText(QRect(x, y, text_width, line.height), flags, line.text)  # plain text, never HTML
                y += line.height
            y += self.GAP
        painter.restore()


def _source_line(a: Annotation, font: QFont, color: QColor, width: int) -> _Line | None:
    """The source line, eliding the title so that paper, date and page always show."""
    title = one_line(a.title)
    tail = " · ".join(p for p in (a.paper, a.date, page_name(a.page_label)) if p)
    if not title and not tail:
        return None
    metrics = QFontMetrics(font)
    if title and tail:
        tail = " · " + tail
        room = width - metrics.horizontalAdvance(tail)
        if room >= metrics.horizontalAdvance("…") + metrics.averageCharWidth() * 3:
            text = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room) + tail
        else:  # too narrow for any title: the source alone
            text = metrics.elidedText(tail[3:], Qt.TextElideMode.ElideRight, width)
    else:
        text = metrics.elidedText(title or tail, Qt.TextElideMode.ElideRight, width)
    return _Line(text, font, color, metrics.lineSpacing())


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def _lines(text: str, font: QFont, color: QColor, width: int, max_lines: int) -> list[_Line]:
    """``text`` wrapped to ``width`` (anywhere, as Chinese wraps), at most ``max_lines``, the last elided."""
    metrics = QFontMetrics(font)
    height = metrics.lineSpacing()
    if not text:
        return []
    units = text.encode("utf-16-le")  # QTextLayout positions count UTF-16 units, not code points

    def piece(start: int, end: int | None = None) -> str:
        return units[2 * start : None if end is None else 2 * end].decode("utf-16-le", errors="replace")

    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    out: list[_Line] = []
    while len(out) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start = line.textStart()
        if len(out) == max_lines - 1:
            rest = piece(start).strip()
            out.append(_Line(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width), font, color, height))
            break
        out.append(_Line(piece(start, start + line.textLength()).rstrip(), font, color, height))
    layout.endLayout()
    return out


# -- views and dialogs -------------------------------------------------------------------------------------


class NotesList(HintedMenus, QListView):
    """The card list: a hint when empty, and context menus aimed at the row (or the current row by keyboard)."""

    menu_requested = Signal(QModelIndex, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = ""


# -- dock --------------------------------------------------------------------------------------------------


class NotesDock(QDockWidget):
    """Lists highlights and notes with a filter; opens, edits, recolours and deletes them via the controller."""

    open_requested = Signal(str)  # uid of the highlight or note to show in the reading pane

    def __init__(self, controller: NotesController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Notes"), parent)
        self.setObjectName("notes_dock")
        self._controller = controller
        self._all: list[Annotation] = []
        self._filter: Any = None  # the last valid NoteFilter; None shows everything
        self._chosen: str | None = None  # the uid the reader selected last

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("notes_filter")
        self.filter_box.setPlaceholderText(tr("Filter notes (same syntax as search)…"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setToolTip(FILTER_HELP_ZH if ui_language() == "zh" else FILTER_HELP_EN)
        layout.addWidget(self.filter_box)
        row = QHBoxLayout()
        self.status = QLabel("")  # a bad filter's message
        self.status.setObjectName("notes_filter_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.count = QLabel("")
        self.count.setObjectName("notes_count")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        small = self.count.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
        for label in (self.status, self.count):
            label.setFont(small)
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row.addWidget(self.status, 1)
        row.addWidget(self.count)
        layout.addLayout(row)

        self.model = NotesModel(self)
        self.view = NotesList()
        self.view.setObjectName("notes_list")
        self.view.setModel(self.model)
        self.view.setItemDelegate(NoteCardDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # card heights depend on the width
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setMouseTracking(True)
        self.view.installEventFilter(KeyFilter(self.delete_selected, self.view))
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.filter_box.textChanged.connect(lambda _text: self._timer.start())
        self.filter_box.returnPressed.connect(self._apply_filter)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.menu_requested.connect(self._show_menu)
        controller.changed.connect(self.reload)
        self.reload()

    # -- for the window and tests ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the notes again (after any change), keeping the selection when the note is still shown."""
        self._all = self._controller.list((HIGHLIGHT, NOTE))
        self._show()

    def set_filter(self, text: str) -> None:
        """Filter now (what typing does after a short pause)."""
        with QSignalBlocker(self.filter_box):
            self.filter_box.setText(text)
        self._apply_filter()

    def uids(self) -> list[str]:
        """The uids shown, in order."""
        return [a.uid for a in self.model.items()]

    def selected_uid(self) -> str | None:
        index = self.view.currentIndex()
        a = self.model.annotation(index.row()) if index.isValid() else None
        return a.uid if a is not None and self.view.selectionModel().isSelected(index) else None

    def select(self, uid: str) -> bool:
        row = self.model.row_of(uid)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def open_selected(self) -> bool:
        uid = self.selected_uid()
        if uid is None:
            return False
        self.open_requested.emit(uid)
        return True

    def edit(self, uid: str | None = None) -> NoteDialog | None:
        """Open the note editor (window-modal, not blocking) and return it; Save stores it through the controller."""
        uid = uid or self.selected_uid()
        annotation = self._controller.get(uid) if uid else None
        if annotation is None:
            return None
        quote = one_line(annotation.quote) if annotation.kind == HIGHLIGHT else None
        dialog = NoteDialog(quote, annotation.note, self, title=tr("Edit note"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_note(annotation, dialog.text()))
        dialog.open()
        return dialog

    def set_color(self, uid: str, color: str) -> bool:
        annotation = self._controller.get(uid)
        if annotation is None or annotation.kind != HIGHLIGHT:
            return False
        if annotation.color == color:
            return True
        return self._controller.update(uid, color=color) is not None

    def delete_selected(self) -> bool:
        uid = self.selected_uid()
        return uid is not None and self._controller.delete(uid)

    def context_menu(self, uid: str) -> QMenu | None:
        """The row's menu (not shown: the caller pops it up, tests trigger its actions)."""
        annotation = self.model.annotation(self.model.row_of(uid))
        if annotation is None:
            return None
        menu = QMenu(self.view)
        menu.addAction(tr("Open"), lambda: self.open_requested.emit(uid)).setShortcut(QKeySequence(Qt.Key.Key_Return))
        menu.addAction(tr("Edit Note…"), lambda: self.edit(uid))
        if annotation.kind == HIGHLIGHT:
            colours = menu.addMenu(tr("Colour"))
            group = QActionGroup(colours)
            for color in COLORS:
                action = QAction(_swatch_icon(color), color_name(color), colours)
                action.setCheckable(True)
                action.setChecked(color == annotation.color)
                action.setData(color)
                action.triggered.connect(lambda _=False, c=color: self.set_color(uid, c))
                group.addAction(action)
                colours.addAction(action)
        menu.addSeparator()
        delete = menu.addAction(tr("Delete"), lambda: self._controller.delete(uid))
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        return menu

    # -- internals -------------------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self._timer.stop()
        text = self.filter_box.text().strip()
        if not text:
            self._filter = None
            self._set_status("")
        else:
            from reader.notes.filter import NoteFilter  # written alongside; imported when first needed
            from reader.search.query import QueryError

            try:
                self._filter = NoteFilter(text)
            except QueryError as exc:
                self._set_status(core_text(str(exc)))  # keep the last good filter while the query is being typed
                return
            self._set_status("")
        self._show()

    def _set_status(self, message: str) -> None:
        self.status.setText(message)
        self.status.setToolTip(plain_tooltip(message))
        colors = self.status.palette()
        colors.setColor(QPalette.ColorRole.WindowText, warning_color(self.palette()))
        self.status.setPalette(colors)

    def _show(self) -> None:
        selected = self.selected_uid()
        chosen = selected or self._chosen  # a note hidden by the filter is selected again when it shows
        old_row = self.view.currentIndex().row()
        shown = [a for a in self._all if self._filter is None or self._filter.matches(a)]
        self.model.set_items(shown)
        total = len(self._all)
        self.count.setText(
            tr("{n} notes").format(n=total)
            if self._filter is None
            else tr("{n} of {total} notes").format(n=len(shown), total=total)
        )
        self.view.hint = (
            tr("No note matches the filter.")
            if self._all
            else tr("No highlights or notes yet. Select text in an article and choose Highlight from its context menu.")
        )
        if chosen is None or self.select(chosen):
            return
        if selected is not None and shown and old_row >= 0 and all(a.uid != selected for a in self._all):
            # The selected note was deleted: select its neighbour so that Delete can be pressed again.
            self.view.setCurrentIndex(self.model.index(min(old_row, len(shown) - 1), 0))

    def _save_note(self, annotation: Annotation, text: str) -> None:
        if text != annotation.note:
            self._controller.update(annotation.uid, note=text)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        a = self.model.annotation(current.row()) if current.isValid() else None
        if a is not None:
            self._chosen = a.uid

    def _activated(self, index: QModelIndex) -> None:
        a = self.model.annotation(index.row())
        if a is not None:
            self.open_requested.emit(a.uid)

    def _show_menu(self, index: QModelIndex, where: QPoint) -> None:
        self.view.setCurrentIndex(index)
        a = self.model.annotation(index.row())
        menu = self.context_menu(a.uid) if a is not None else None
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(where)


def _swatch_icon(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(swatch_color(color))
    painter.drawRoundedRect(1, 1, 12, 12, 2, 2)
    painter.end()
    return QIcon(pixmap)
