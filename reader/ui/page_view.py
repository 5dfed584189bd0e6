"""The page as printed: its picture with the articles outlined, zoom and pan, search hits, and the issue's pages.

The scene is in page units (PDF points or scan pixels, top-left origin), the units of the stored regions and
line boxes, so outlines and hits are placed exactly as stored; the picture is scaled into it. Pictures are drawn
by ``reader.ui.page_render`` on a background thread at the screen's resolution for the current zoom; meanwhile
the page shows its thumbnail (or a blank page) scaled, with the outlines already clickable.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.model import Box
from reader.library.records import ArticleRecord, BlockRecord, PageGeometry, PageImage, PageRecord, PageRegion
from reader.ui.i18n import N_, tr
from reader.ui.page_render import CHANGED, MISSING, THUMB_SIDE, RenderRequest, RenderResult, RenderService, render_side
from reader.ui.toc_model import block_kind_text, page_label_text

log = logging.getLogger(__name__)


FIT_WIDTH, FIT_PAGE, ACTUAL, CUSTOM = "width", "page", "actual", "custom"
ZOOM_STEP = 1.25
RERENDER_DELAY_MS = 150  # a zoom settles before a sharper picture is asked for
MARGIN = 10  # px of backdrop around the page in the fit modes
THUMB_ICON = QSize(72, 100)

_ACCENT = QColor(37, 99, 235)
_QUIET = QColor(37, 99, 235, 70)
_BLOCK = QColor(110, 110, 110, 70)
_HIT = QColor(255, 196, 0, 120)
_BACKDROP = QColor(110, 113, 117)


class PageSource(Protocol):
    """What the page view reads of the library (``reader.library.store.Library`` fits)."""

    def page_image(self, page_id: int) -> PageImage | None: ...

    def page_images(self, issue_id: int) -> list[PageImage]: ...

    def page_geometry(self, page_id: int) -> PageGeometry | None: ...

    def page_regions(self, page_id: int) -> list[PageRegion]: ...

    def page(self, page_id: int) -> PageRecord | None: ...

    def article(self, article_id: int) -> ArticleRecord | None: ...

    def block(self, block_id: int) -> BlockRecord | None: ...


def region_tooltip(region: PageRegion) -> str:
    """Rich text for a region's tooltip, the page's words escaped (Qt would take "<b>" in them for markup)."""
    title = html.escape(region.title or "")
    if region.is_article:
        return f"<p style='white-space:pre-wrap'><b>{title}</b></p>"
    kind = html.escape(block_kind_text(region.kind))
    return f"<p style='white-space:pre-wrap'>〔{kind}〕 {title}</p>"


class RegionItem(QGraphicsPathItem):
    """An article's or a block's outline on the page: quiet, stronger when hovered, emphasised when open."""

    def __init__(self, region: PageRegion) -> None:
        path = QPainterPath()
        for x0, y0, x1, y1 in region.regions:
            path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        super().__init__(path.simplified())
        self.region = region
        self._hovered = False
        self._emphasised = False
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks and drags belong to the view
        self.setToolTip(region_tooltip(region))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(2 if region.is_article else 1)
        self._restyle()

    @property
    def emphasised(self) -> bool:
        return self._emphasised

    def set_emphasised(self, on: bool) -> None:
        if on != self._emphasised:
            self._emphasised = on
            self.setZValue(3 if on else (2 if self.region.is_article else 1))
            self._restyle()

    def _restyle(self) -> None:
        base = _QUIET if self.region.is_article else _BLOCK
        if self._emphasised:
            pen = QPen(_ACCENT, 2.5)
            fill = QColor(_ACCENT.red(), _ACCENT.green(), _ACCENT.blue(), 28)
        elif self._hovered:
            pen = QPen(QColor(base.red(), base.green(), base.blue(), 200), 1.5)
            fill = QColor(base.red(), base.green(), base.blue(), 22)
        else:
            pen = QPen(base, 1.0)
            fill = QColor(0, 0, 0, 0)
        if not self.region.is_article:
            pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCosmetic(True)  # the same thin line at every zoom
        self.setPen(pen)
        self.setBrush(QBrush(fill))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self._restyle()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self._restyle()
        super().hoverLeaveEvent(event)


class PageCanvas(QGraphicsView):
    """The page's picture and its overlays in page units; zoom modes, Ctrl+wheel, panning, clicks on regions."""

    region_clicked = Signal(object)  # PageRegion
    zoom_changed = Signal(float)  # screen pixels per page unit
    painted = Signal()  # a full picture (not a placeholder) was painted for the first time

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageCanvas")
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QBrush(_BACKDROP))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # The picture is opaque and the overlays small: repaint what changed, keep the scrolled pixels.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._size: tuple[float, float] | None = None
        self._sheet: QGraphicsRectItem | None = None
        self._picture: QGraphicsPixmapItem | None = None
        self._picture_pixels = 0  # the render step of the picture shown (0: none, or a placeholder)
        self._placeholder = False
        self._announce = False  # the next paint of a full picture emits ``painted``
        self._regions: list[RegionItem] = []
        self._hits: list[QGraphicsRectItem] = []
        self._mode = FIT_WIDTH
        self._zoom = 1.0
        self._press: QPoint | None = None
        self._pending_focus: QRectF | None = None

    # -- the page ------------------------------------------------------------------------------------------

    @property
    def page_size(self) -> tuple[float, float] | None:
        return self._size

    @property
    def regions(self) -> list[RegionItem]:
        return list(self._regions)

    @property
    def hit_items(self) -> list[QGraphicsRectItem]:
        return list(self._hits)

    @property
    def picture_pixels(self) -> int:
        """The render step of the full picture shown; 0 while a placeholder (or nothing) stands in."""
        return 0 if self._placeholder else self._picture_pixels

    def clear_page(self) -> None:
        self.scene().clear()
        self._size, self._sheet, self._picture = None, None, None
        self._picture_pixels, self._placeholder = 0, False
        self._regions, self._hits = [], []

    def set_page(self, size: tuple[float, float], regions: Sequence[PageRegion]) -> None:
        """A new page: a blank sheet of ``size`` with its regions outlined (the picture comes later)."""
        self.clear_page()
        width, height = size
        self._size = size
        scene = self.scene()
        scene.setSceneRect(QRectF(0, 0, width, height))
        self._sheet = scene.addRect(QRectF(0, 0, width, height), QPen(Qt.PenStyle.NoPen), QBrush(Qt.GlobalColor.white))
        self._sheet.setZValue(-2)
        for region in regions:
            if region.regions:
                item = RegionItem(region)
                scene.addItem(item)
                self._regions.append(item)
        self._apply_zoom(keep_mode=True)

    def set_picture(self, image: QImage, pixels: int, *, placeholder: bool = False) -> None:
        """Show ``image`` (covering the whole page) as the page's picture; ``pixels`` is its render step."""
        if self._size is None or image.isNull():
            return
        pixmap = QPixmap.fromImage(image)
        if self._picture is None:
            self._picture = QGraphicsPixmapItem()
            self._picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            self._picture.setZValue(-1)
            self._picture.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
            self.scene().addItem(self._picture)
        self._picture.setPixmap(pixmap)
        width, height = self._size
        self._picture.setTransform(QTransform.fromScale(width / pixmap.width(), height / pixmap.height()))
        self._picture_pixels = pixels
        self._placeholder = placeholder
        self._announce = not placeholder
        self.viewport().update()

    def emphasise(self, article_id: int | None, block_id: int | None = None) -> list[RegionItem]:
        """Outline one article (or block) strongly (None: none); returns its items."""
        found = []
        for item in self._regions:
            wanted = article_id if item.region.is_article else block_id
            on = wanted is not None and item.region.id == wanted
            item.set_emphasised(on)
            if on:
                found.append(item)
        return found

    def focus_on(self, rect: QRectF) -> None:
        """Scroll so that ``rect`` (scene units) is in view: its top part when it is taller than the view."""
        if self.viewport().width() < 20 or self.viewport().height() < 20:
            self._pending_focus = rect  # not laid out yet: done at the next resize
            return
        self._pending_focus = None
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        target = QRectF(rect)
        if target.height() > visible.height() * 0.9:
            target.setHeight(visible.height() * 0.9)
        if target.width() > visible.width() * 0.9:
            target.setWidth(visible.width() * 0.9)
        self.ensureVisible(target, 24, 24)

    def set_hits(self, boxes: Sequence[Box]) -> None:
        for item in self._hits:
            self.scene().removeItem(item)
        self._hits = []
        for x0, y0, x1, y1 in boxes:
            item = self.scene().addRect(QRectF(x0, y0, x1 - x0, y1 - y0), QPen(Qt.PenStyle.NoPen), QBrush(_HIT))
            item.setZValue(4)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            item.setAcceptHoverEvents(False)
            self._hits.append(item)

    # -- zoom ----------------------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Screen (logical) pixels per page unit."""
        return self._zoom

    @property
    def zoom_mode(self) -> str:
        return self._mode

    def set_zoom_mode(self, mode: str) -> None:
        self._mode = mode
        self._apply_zoom(keep_mode=True)

    def fit_zoom(self, mode: str) -> float:
        if self._size is None:
            return self._zoom
        width, height = self._size
        view = self.viewport()
        room_w, room_h = max(view.width() - 2 * MARGIN, 50), max(view.height() - 2 * MARGIN, 50)
        if mode == FIT_WIDTH:
            return room_w / width
        if mode == FIT_PAGE:
            return min(room_w / width, room_h / height)
        return self._zoom

    def actual_zoom(self, unit: str | None) -> float:
        """100 %: a point at its printed size (the screen's dpi), a scan pixel on one device pixel."""
        if unit == "px":
            return 1.0 / self.devicePixelRatioF()
        return self.logicalDpiX() / 72.0

    def zoom_limits(self) -> tuple[float, float]:
        fit = self.fit_zoom(FIT_PAGE)
        return fit * 0.5, max(fit * 12.0, self.logicalDpiX() / 72.0 * 4.0)

    def set_zoom(self, zoom: float, mode: str = CUSTOM, anchor: QPoint | None = None) -> None:
        low, high = self.zoom_limits()
        zoom = min(max(zoom, low), high)
        self._mode = mode
        if anchor is not None:
            before = self.mapToScene(anchor)
        self._zoom = zoom
        self.setTransform(QTransform.fromScale(zoom, zoom))
        if anchor is not None:
            after = self.mapToScene(anchor)
            delta = after - before
            self.centerOn(self.mapToScene(self.viewport().rect().center()) - delta)
        self.zoom_changed.emit(zoom)

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        self.set_zoom(self._zoom * factor, CUSTOM, anchor)

    def _apply_zoom(self, keep_mode: bool) -> None:
        if self._size is None:
            return
        if self._mode in (FIT_WIDTH, FIT_PAGE):
            self.set_zoom(self.fit_zoom(self._mode), self._mode)
        elif keep_mode:
            self.set_zoom(self._zoom, self._mode)

    def needed_pixels(self) -> float:
        """Device pixels on the page's longer side at the current zoom."""
        if self._size is None:
            return 0.0
        return max(self._size) * self._zoom * self.devicePixelRatioF()

    # -- events --------------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._mode in (FIT_WIDTH, FIT_PAGE):
            self._apply_zoom(keep_mode=True)
        if self._pending_focus is not None:
            self.focus_on(self._pending_focus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(ZOOM_STEP ** steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - press).manhattanLength() > QApplication.startDragDistance():
            return  # a drag panned the page
        region = self.region_at(event.position().toPoint())
        if region is not None:
            self.region_clicked.emit(region)

    def region_at(self, point: QPoint) -> PageRegion | None:
        """The region under a viewport point: an article before a block, the smallest when they overlap."""
        scene_point = self.mapToScene(point)
        hits = [r for r in self._regions if r.shape().contains(scene_point)]
        if not hits:
            return None
        hits.sort(key=lambda r: (not r.region.is_article, r.boundingRect().width() * r.boundingRect().height()))
        return hits[0].region

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._announce and self._picture is not None and not self._placeholder:
            self._announce = False
            self.painted.emit()


class ThumbnailStrip(QListWidget):
    """The issue's pages as small pictures in a row; a click asks for that page."""

    page_clicked = Signal(int)  # page id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageThumbnails")
        self.setAccessibleName(tr("Pages of the issue"))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(THUMB_ICON)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(THUMB_ICON.height() + 2 * self.fontMetrics().height() + 18)
        self._items: dict[int, QListWidgetItem] = {}
        self._ready: set[int] = set()
        self.itemClicked.connect(lambda item: self.page_clicked.emit(int(item.data(Qt.ItemDataRole.UserRole))))

    def set_pages(self, pages: Sequence[PageImage]) -> None:
        self.clear()
        self._items.clear()
        self._ready.clear()
        for page in pages:
            item = QListWidgetItem(page_label_text(page.label))
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            item.setIcon(QIcon(_placeholder_icon(page, None if page.has_image else tr("text"))))
            item.setToolTip(f"<p style='white-space:pre-wrap'>{html.escape(page.source_path)}</p>")  # rich: escaped
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)
            self._items[page.id] = item

    def page_ids(self) -> list[int]:
        return list(self._items)

    def has_thumbnail(self, page_id: int) -> bool:
        return page_id in self._ready

    def set_thumbnail(self, page_id: int, image: QImage) -> None:
        item = self._items.get(page_id)
        if item is None:
            return
        pixmap = QPixmap.fromImage(image).scaled(THUMB_ICON, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation)
        item.setIcon(QIcon(pixmap))
        self._ready.add(page_id)

    def set_problem(self, page_id: int) -> None:
        item = self._items.get(page_id)
        if item is not None:
            item.setIcon(QIcon(_placeholder_icon(None, "?")))

    def select_page(self, page_id: int | None) -> None:
        item = self._items.get(page_id) if page_id is not None else None
        if item is None:
            self.clearSelection()
            return
        self.setCurrentItem(item)
        self.scrollToItem(item)


def _placeholder_icon(page: PageImage | None, label: str | None) -> QPixmap:
    """A blank page of the page's proportions with a word on it (text pages, missing files)."""
    width, height = THUMB_ICON.width(), THUMB_ICON.height()
    if page is not None and page.size is not None:
        ratio = page.size[0] / page.size[1]
        width = min(width, round(height * ratio))
    pixmap = QPixmap(width, height)
    pixmap.fill(QColor(250, 250, 248))
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor(180, 180, 180)))
    painter.drawRect(0, 0, width - 1, height - 1)
    if label:
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0))
        painter.setFont(font)
        painter.setPen(QPen(QColor(120, 120, 120)))
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, label)
    else:  # lines standing for columns of print
        painter.setPen(QPen(QColor(215, 215, 215)))
        for y in range(12, height - 8, 6):
            painter.drawLine(8, y, width - 8, y)
    painter.end()
    return pixmap


class PageView(QWidget):
    """Shows a page's picture with its articles outlined and the issue's pages as thumbnails; emits intents."""

    article_requested = Signal(int)  # article id: a region was clicked
    block_requested = Signal(int, int)  # page id, block id
    page_requested = Signal(int)  # page id: a thumbnail was clicked
    page_painted = Signal(int)  # page id: its picture (not a placeholder) reached the screen
    thumbnail_ready = Signal(int)  # page id
    problem_shown = Signal(int, str)  # page id, "missing" / "changed" / "unreadable"

    def __init__(self, library: PageSource, cache_folder: Path | None, parent: QWidget | None = None,
                 cache_limit: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PageView")
        self._library = library
        self.service = RenderService(cache_folder, cache_limit, self)
        self.service.rendered.connect(self._rendered)
        self._page: PageImage | None = None
        self._geometry: PageGeometry | None = None
        self._article_id: int | None = None
        self._issue_id: int | None = None
        self._shown_issue: int | None = None  # the issue whose thumbnails were asked for
        self._pending_page: int | None = None  # asked for while hidden: loaded when shown
        self._hits: tuple[int | None, str, int | None] | None = None  # article, query, block
        self._problem: str | None = None
        self._thumbs: dict[int, QImage] = {}  # the issue's thumbnails drawn so far: placeholders for its pages
        self._strip_key: list[tuple[int, str, str | None]] = []  # what the strip was made from

        self.canvas = PageCanvas(self)
        self.canvas.setAccessibleName(tr("Page picture"))
        self.canvas.region_clicked.connect(self._region_clicked)
        self.canvas.zoom_changed.connect(self._zoom_changed)
        self.canvas.painted.connect(self._painted)

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RERENDER_DELAY_MS)
        self._render_timer.timeout.connect(self._request_render)

        # A tool bar, not a row of buttons: beside the text in a narrow window what does not fit goes into its
        # overflow menu instead of holding the page view wide.
        bar = QToolBar(self)
        bar.setObjectName("PageToolbar")
        bar.setMovable(False)
        bar.setContentsMargins(4, 0, 4, 0)
        self.zoom_buttons: dict[str, QToolButton] = {}
        for mode, text, tip in ((FIT_WIDTH, N_("Fit Width"), N_("Fit the page's width to the view")),
                                (FIT_PAGE, N_("Fit Page"), N_("Show the whole page")),
                                (ACTUAL, N_("Actual Size"), N_("Show the page at its printed size (100 %)"))):
            button = QToolButton(bar)
            button.setText(tr(text))
            button.setToolTip(tr(tip))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, m=mode: self.set_zoom_mode(m))
            bar.addWidget(button)
            self.zoom_buttons[mode] = button
        for text, tip, factor in (("−", N_("Zoom out (Ctrl+wheel)"), 1 / ZOOM_STEP),
                                  ("+", N_("Zoom in (Ctrl+wheel)"), ZOOM_STEP)):
            button = QToolButton(bar)
            button.setText(text)
            button.setToolTip(tr(tip))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, f=factor: self.canvas.zoom_by(f))
            bar.addWidget(button)
        self.zoom_label = QLabel(bar)
        self.zoom_label.setObjectName("ZoomLabel")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("0000 %"))
        bar.addWidget(self.zoom_label)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.thumbs_button = QToolButton(bar)
        self.thumbs_button.setText(tr("Thumbnails"))
        self.thumbs_button.setToolTip(tr("Show the issue's pages as thumbnails"))
        self.thumbs_button.setCheckable(True)
        self.thumbs_button.setChecked(True)
        self.thumbs_button.setAutoRaise(True)
        self.thumbs_button.toggled.connect(self.set_thumbnails_visible)
        bar.addWidget(self.thumbs_button)

        self.notice = QLabel(self)
        self.notice.setObjectName("PageNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # paths are the user's: never markup
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setContentsMargins(10, 6, 10, 6)
        self.notice.setStyleSheet("background: #fff4d6; color: #3d3000; border-bottom: 1px solid #e6cf8a;")
        self.notice.hide()

        self.thumbnails = ThumbnailStrip(self)
        self.thumbnails.page_clicked.connect(self.page_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.thumbnails)
        self._sync_zoom_buttons()

    # -- what to show ------------------------------------------------------------------------------------

    @property
    def current_page_id(self) -> int | None:
        if self._pending_page is not None:
            return self._pending_page
        return self._page.id if self._page is not None else None

    @property
    def current_article_id(self) -> int | None:
        return self._article_id

    @property
    def problem(self) -> str | None:
        """Why the page's picture is not shown ("missing", "changed", "unreadable"), if it is not."""
        return self._problem

    def has_image(self, page_id: int) -> bool:
        page = self._library.page_image(page_id)
        return page is not None and page.has_image

    def show_page(self, page_id: int) -> None:
        """Show a page (its issue's thumbnails too); while the view is hidden, only remembered."""
        if not self.isVisible():
            self._pending_page = page_id
            return
        self._pending_page = None
        if self._page is not None and self._page.id == page_id:
            return
        self._load_page(page_id)

    def show_article(self, article_id: int, page_id: int) -> None:
        """Show an article's page with the article outlined and scrolled to; search hits are cleared."""
        self._article_id = article_id
        self._hits = None
        self.show_page(page_id)
        if self._page is not None and self._page.id == page_id:
            self.canvas.set_hits([])
            self.show_article_regions(article_id)

    def show_block(self, block_id: int, page_id: int, query: str) -> None:
        """Show a block's page (a search found the advert, caption ...) with the block outlined and the
        query's hits on it."""
        self._article_id = None
        self._hits = (None, query, block_id)
        self.show_page(page_id)
        if self._page is not None and self._page.id == page_id:
            self.show_article_regions(None, block_id)
            self.show_hits(None, query, block_id)

    def show_article_regions(self, article_id: int | None, block_id: int | None = None) -> bool:
        """Outline an article (or block) strongly and bring it into view; False when it has no region here."""
        self._article_id = article_id
        items = self.canvas.emphasise(article_id, block_id)
        if not items:
            return False
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        self.canvas.focus_on(rect)
        return True

    def show_hits(self, article_id: int | None, query: str, block_id: int | None = None) -> int:
        """Mark where ``query``'s strings stand in the article (or, with ``block_id``, the block: an advert,
        a caption) on the page; returns the number of boxes."""
        self._hits = (article_id, query, block_id)
        if self._geometry is None or self._page is None:
            return 0
        from reader.ui.page_hits import hit_boxes, hit_patterns, hit_ranges

        item = self._library.block(block_id) if block_id is not None else (
            self._library.article(article_id) if article_id is not None else None)
        page = self._library.page(self._page.id)
        if item is None or page is None or item.page_id != page.id:
            self.canvas.set_hits([])
            return 0
        ranges = hit_ranges(page.text, item.spans, hit_patterns(query))
        boxes = [box for group in hit_boxes(self._geometry.lines, ranges) for box in group]
        self.canvas.set_hits(boxes)
        return len(boxes)

    def show_issue(self, issue_id: int | None) -> None:
        """The issue whose pages the thumbnail strip shows (built when the view is visible)."""
        self._issue_id = issue_id
        if self.isVisible():
            self._load_thumbnails()

    def refresh(self) -> None:
        """Read the page and the issue's pages again (after an import: a moved file re-attached, pages added)."""
        page = self._page
        if page is not None and self._library.page_image(page.id) != page:
            self._page = None
            self.show_page(page.id)
        if self._issue_id is not None and self._shown_issue == self._issue_id:
            pages = self._library.page_images(self._issue_id)
            if [(p.id, p.source_path, p.file_hash) for p in pages] != self._strip_key:
                self._shown_issue = None
                if self.isVisible():
                    self._load_thumbnails()

    def set_zoom_mode(self, mode: str) -> None:
        if mode == ACTUAL:
            unit = self._page.unit if self._page is not None else None
            self.canvas.set_zoom(self.canvas.actual_zoom(unit), ACTUAL)
        else:
            self.canvas.set_zoom_mode(mode)
        self._sync_zoom_buttons()

    def set_thumbnails_visible(self, on: bool) -> None:
        self.thumbnails.setVisible(on)
        if self.thumbs_button.isChecked() != on:
            self.thumbs_button.setChecked(on)
        if on and self.isVisible():
            self._load_thumbnails()

    def shutdown(self) -> None:
        """Stop drawing (the window is closing)."""
        self._render_timer.stop()
        self.service.shutdown()

    # -- loading -----------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pending = self._pending_page
        if pending is not None:
            self._pending_page = None
            if self._page is None or self._page.id != pending:
                self._load_page(pending)
        self._load_thumbnails()

    def _load_page(self, page_id: int) -> None:
        self._render_timer.stop()
        page = self._library.page_image(page_id)
        self._page = page
        self._geometry = None
        self._problem = None
        self.notice.hide()
        if page is None:
            self.canvas.clear_page()
            self.thumbnails.select_page(None)
            return
        if not page.has_image or page.size is None:
            self.canvas.clear_page()
            self._show_notice(tr("This page was imported from text: there is no picture of it."))
        else:
            self._geometry = self._library.page_geometry(page_id)
            self.canvas.set_page(page.size, self._library.page_regions(page_id))
            placeholder = self._thumbs.get(page_id) if page.issue_id == self._shown_issue else None
            if placeholder is not None:
                self.canvas.set_picture(placeholder, 0, placeholder=True)
            if self._article_id is not None:
                self.show_article_regions(self._article_id)
            elif self._hits is not None and self._hits[2] is not None:  # a block a search found
                self.show_article_regions(None, self._hits[2])
            if self._hits is not None:
                self.show_hits(*self._hits)
            # Once the layout has settled (the view may have just been shown): the picture at the right size.
            QTimer.singleShot(0, self._request_render)
        if page.issue_id != self._issue_id:
            self._issue_id = page.issue_id
            self._load_thumbnails()  # drawn after this page's picture: their requests go on the next turn too
        self.thumbnails.select_page(page_id)

    def _load_thumbnails(self) -> None:
        if not self.thumbs_button.isChecked() or self._issue_id is None or self._issue_id == self._shown_issue:
            return
        self._shown_issue = self._issue_id
        self._thumbs = {}
        pages = self._library.page_images(self._issue_id)
        self._strip_key = [(p.id, p.source_path, p.file_hash) for p in pages]
        self.thumbnails.set_pages(pages)
        self.thumbnails.select_page(self._page.id if self._page is not None else None)
        requests = [r for r in (self._request(page, THUMB_SIDE, thumbnail=True) for page in pages) if r is not None]
        issue = self._issue_id

        def ask() -> None:
            if self._shown_issue == issue:
                self.service.request_thumbnails(requests)

        # On the next turn of the event loop, after the page's own picture was asked for (zero timers run in order).
        QTimer.singleShot(0, ask)

    def _request(self, page: PageImage, pixels: int, thumbnail: bool = False) -> RenderRequest | None:
        if not page.has_image:
            return None
        return RenderRequest(page.id, page.source_path, page.source_kind, page.file_hash, page.file_size, pixels,
                             thumbnail)

    def _request_render(self) -> None:
        """Ask for a picture at the screen's resolution for this zoom, unless the one shown is right."""
        page = self._page
        if page is None or self._geometry is None or self._problem is not None or not self.isVisible():
            return
        wanted = render_side(self.canvas.needed_pixels())
        shown = self.canvas.picture_pixels
        if shown and (wanted <= shown <= 2 * wanted):
            return  # sharp enough, and not so big that painting it wastes time
        request = self._request(page, wanted)
        if request is not None:
            self.service.request_page(request)

    def _rendered(self, result: RenderResult) -> None:
        request = result.request
        if request.thumbnail:
            if result.image is not None:
                self._thumbs[request.page_id] = result.image
                self.thumbnails.set_thumbnail(request.page_id, result.image)
                if self._page is not None and self._page.id == request.page_id and not self.canvas.picture_pixels \
                        and self._problem is None:
                    self.canvas.set_picture(result.image, 0, placeholder=True)
            else:
                self.thumbnails.set_problem(request.page_id)
            self.thumbnail_ready.emit(request.page_id)
            return
        if self._page is None or request.page_id != self._page.id:
            return  # the reader has moved on
        if result.image is None:
            self._show_problem(result.problem or "unreadable", result.detail)
            return
        self.canvas.set_picture(result.image, request.pixels)
        log.debug("page %d drawn at %d px in %.0f ms%s", request.page_id, request.pixels, result.seconds * 1000,
                  " (cache)" if result.cached else "")
        self._render_timer.start()  # the zoom may have moved on while it was drawn

    def _show_problem(self, problem: str, detail: str) -> None:
        self._problem = problem
        page = self._page
        path = detail or (page.source_path if page is not None else "")
        if problem == MISSING:
            text = tr("The page's file was moved or deleted: {path}. The text, notes and search still work; import "
                      "the moved folder again to show the page.").format(path=path)
        elif problem == CHANGED:
            text = tr("The page's file has changed since it was imported: {path}. The text, notes and search still "
                      "work; import it again to show the page as it is now.").format(path=path)
        else:
            text = tr("The page's file cannot be drawn: {detail}. The text, notes and search still work.").format(
                detail=detail)
        self._show_notice(text)
        if page is not None:
            self.problem_shown.emit(page.id, problem)

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    # -- reactions ---------------------------------------------------------------------------------------

    def _region_clicked(self, region: PageRegion) -> None:
        if region.is_article:
            self.article_requested.emit(region.id)
        elif self._page is not None:
            self.block_requested.emit(self._page.id, region.id)

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(self._percent(zoom))} %")
        self._sync_zoom_buttons()
        if self._page is not None and self.canvas.picture_pixels:
            self._render_timer.start()

    def _percent(self, zoom: float) -> float:
        unit = self._page.unit if self._page is not None else None
        return 100.0 * zoom / self.canvas.actual_zoom(unit)

    def _sync_zoom_buttons(self) -> None:
        mode = self.canvas.zoom_mode
        for key, button in self.zoom_buttons.items():
            button.setChecked(key == mode)

    def _painted(self) -> None:
        if self._page is not None:
            self.page_painted.emit(self._page.id)

    def event(self, event: QEvent) -> bool:
        # A screen with another pixel ratio wants another picture.
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self._render_timer.start()
        return super().event(event)


def scene_point(canvas: PageCanvas, x: float, y: float) -> QPoint:
    """The viewport point showing page point (x, y) (for tests and benchmarks)."""
    return canvas.mapFromScene(QPointF(x, y))
