"""What the notes and bookmarks docks share: colours of highlights, tooltips, empty-view hints, row menus."""

from __future__ import annotations

import html
from typing import Any, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication

from reader.notes.model import COLORS, Annotation
from reader.ui import themes
from reader.ui.labels import colour_label
from reader.ui.render import page_name

# Strong versions of the highlight colours for swatches: the tints vanish on a light or dark card.
_SWATCHES = {"yellow": "#e0b000", "green": "#3fa34d", "blue": "#3d7fd6", "pink": "#e0568f"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def mark_color(color: str | None, palette: QPalette | None = None) -> QColor:
    """The highlight's tint as the reading pane paints it (light or dark theme, following the window)."""
    marks = dict(themes.palette("dark" if is_dark(palette or QApplication.palette()) else "light").marks)
    return QColor(marks.get(color or COLORS[0], marks[COLORS[0]]))


def swatch_color(color: str | None) -> QColor:
    """A strong version of the highlight colour for swatches: the tints vanish on a light or dark card."""
    return QColor(_SWATCHES.get(color or COLORS[0], _SWATCHES["yellow"]))


def warning_color(palette: QPalette | None = None) -> QColor:
    """A warning colour readable on the window's base colour."""
    return QColor("#ffa05a") if is_dark(palette or QApplication.palette()) else QColor("#b34700")


def color_name(color: str) -> str:
    """The colour's name for menus, "Yellow" / "黄色"."""
    name = colour_label(color)
    return name[:1].upper() + name[1:]


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: escaped, as rich text so that long lines wrap."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def one_line(text: str | None) -> str:
    """Text with runs of whitespace (paragraph breaks of a quote) as single spaces."""
    return " ".join((text or "").split())


def meta_line(annotation: Annotation) -> str:
    """The card's source line: "标题 · 许昌日报 · 2020-04-08 · 第1版"."""
    parts = (one_line(annotation.title), annotation.paper, annotation.date, page_name(annotation.page_label))
    return " · ".join(p for p in parts if p)


def menu_target(view: QAbstractItemView, event: QContextMenuEvent) -> tuple[QModelIndex, QPoint]:
    """The row a context menu is for and where to show it (the current row when opened from the keyboard)."""
    if event.reason() == QContextMenuEvent.Reason.Mouse:
        return view.indexAt(view.viewport().mapFromGlobal(event.globalPos())), event.globalPos()
    index = view.currentIndex()
    rect = view.visualRect(index) if index.isValid() else QRect()
    return index, view.viewport().mapToGlobal(rect.center() if index.isValid() else QPoint(8, 8))


def paint_hint(view: QAbstractItemView, text: str) -> None:
    """A muted, centred line of help in an empty view."""
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    rect = view.viewport().rect().adjusted(16, 16, -16, -16)
    painter.drawText(
        rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap), text
    )
    painter.end()


class KeyFilter(QObject):
    """Gives Delete/Backspace in a view to the dock before any window shortcut claims them."""

    def __init__(self, on_delete: Any, parent: QObject) -> None:
        super().__init__(parent)
        self._on_delete = on_delete

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            deleting = event.matches(QKeySequence.StandardKey.Delete) or (
                event.key() == Qt.Key.Key_Backspace and not event.modifiers()
            )
            if deleting:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self._on_delete()
                return True
        return False


class HintedMenus:
    """For a list or tree view: a muted hint while it is empty, and context menus aimed at the row they are
    for (the current row when opened from the keyboard), sent as ``menu_requested(index, where)``."""

    hint = ""

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        view = cast(Any, self)
        index, where = menu_target(view, event)
        if index.isValid():
            view.menu_requested.emit(index, where)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        view = cast(Any, self)
        super().paintEvent(event)  # type: ignore[misc]
        if view.model() is not None and view.model().rowCount() == 0 and self.hint:
            paint_hint(view, self.hint)
