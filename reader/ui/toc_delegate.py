"""The contents list in a narrow column: an article's title on one line, its byline and length under it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.ui.toc_model import BYLINE, ITEM_KIND_ROLE, LENGTH

PAD_X, PAD_Y, GAP = 6, 4, 2


class TocDelegate(QStyledItemDelegate):
    """Paints a contents row in two lines (title; byline · length and jumps), elided to the column's width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    @staticmethod
    def _lines(index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if index.data(ITEM_KIND_ROLE) != "article":
            return title, ""  # adverts, mastheads ...: one line
        model = index.model()
        byline = str(model.index(index.row(), BYLINE).data(Qt.ItemDataRole.DisplayRole) or "")
        length = str(model.index(index.row(), LENGTH).data(Qt.ItemDataRole.DisplayRole) or "")
        return title, " · ".join(x for x in (byline, length) if x)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        if index.data(ITEM_KIND_ROLE) != "article":
            return QSize(option.rect.width(), PAD_Y + metrics.height())  # a block: one compact line
        small = QFontMetrics(self._small(option.font))
        return QSize(option.rect.width(), PAD_Y * 2 + metrics.height() + GAP + small.height())

    @staticmethod
    def _small(font: QFont) -> QFont:
        smaller = QFont(font)
        smaller.setPointSizeF(max(font.pointSizeF() * 0.86, 6.0))
        return smaller

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, second = self._lines(index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:  # background, selection and focus as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        active = opt.state & QStyle.StateFlag.State_Active
        group = QPalette.ColorGroup.Normal if active else QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = opt.palette.color(group, role)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if foreground is not None and not selected:
            text_color = foreground.color() if hasattr(foreground, "color") else foreground
        pad = PAD_Y if second else PAD_Y // 2
        rect = opt.rect.adjusted(PAD_X, pad, -PAD_X, -pad)
        font = QFont(opt.font)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(text_color)
        line = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        if second:
            small = self._small(font)
            small_metrics = QFontMetrics(small)
            painter.setFont(small)
            muted = opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
            painter.setPen(text_color if selected else muted)
            below = QRect(rect.left(), line.bottom() + GAP, rect.width(), small_metrics.height())
            painter.drawText(below, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             small_metrics.elidedText(second, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()
