"""The search dock: query box, filters, sort, a result list with highlighted snippets and a per-year histogram.

Searching runs on the read pool; only the newest query's answer is shown (older answers are dropped).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.jobs import SearchRequest
from reader.ui.core_messages import core_text
from reader.ui.i18n import tr
from reader.ui.labels import kind_label

log = logging.getLogger(__name__)


SYNTAX_HELP_EN = """<b>Search syntax</b><br>
<code>许昌 养老</code> — all words must occur (Chinese runs match as exact strings)<br>
<code>"政府工作报告"</code> — an exact phrase<br>
<code>许昌 OR 衡水</code> — either<br>
<code>-广告</code> or <code>NOT 广告</code> — exclude<br>
<code>title:养老</code>, <code>byline:王利辉</code> (<code>author:</code>),
<code>paper:许昌日报</code>, <code>page:2</code><br>
<code>date:2020</code>, <code>date:2020-04</code>, <code>date:2020-04-01..2020-06-30</code><br>
Simplified and traditional characters find each other."""

SYNTAX_HELP_ZH = """<b>检索语法</b><br>
<code>许昌 养老</code> — 空格分隔的词都要出现（中文按原样精确匹配）<br>
<code>"政府工作报告"</code> — 精确短语<br>
<code>许昌 OR 衡水</code> — 任一<br>
<code>-广告</code> 或 <code>NOT 广告</code> — 排除<br>
<code>title:养老</code>、<code>byline:王利辉</code>（<code>author:</code>）、<code>paper:许昌日报</code>、<code>page:2</code><br>
<code>date:2020</code>、<code>date:2020-04</code>、<code>date:2020-04-01..2020-06-30</code><br>
简体与繁体互相匹配。"""

HitRole = Qt.ItemDataRole.UserRole + 1


def snippet_html(snippet: str, hits: list[tuple[int, int]]) -> str:
    """Escape the snippet and wrap the hit ranges; text is never trusted."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(h for h in hits if 0 <= h[0] < h[1] <= len(snippet)):
        if start < pos:
            continue
        out.append(html.escape(snippet[pos:start]))
        out.append(f'<span style="background:#ffe08a;color:#000;">{html.escape(snippet[start:end])}</span>')
        pos = end
    out.append(html.escape(snippet[pos:]))
    return "".join(out)


class SearchResultsModel(QAbstractListModel):
    """Hits of the current query; rows are added page by page as the user scrolls (fetchMore)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []
        self._total = 0
        self._more: Callable[[int], None] | None = None
        self._fetching = False

    def reset(self, hits: list[Any], total: int, more: Callable[[int], None] | None) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._total = total
        self._more = more
        self._fetching = False
        self.endResetModel()

    def append(self, hits: list[Any]) -> None:
        self._fetching = False
        if not hits:
            self._total = len(self._hits)
            return
        self.beginInsertRows(QModelIndex(), len(self._hits), len(self._hits) + len(hits) - 1)
        self._hits.extend(hits)
        self.endInsertRows()

    def hit(self, row: int) -> Any:
        return self._hits[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and self._more is not None and len(self._hits) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if self.canFetchMore(parent) and not self._fetching and self._more is not None:
            self._fetching = True
            self._more(len(self._hits))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit_title(hit)} — {hit.paper or ''} {hit.date or ''}"
        if role == Qt.ItemDataRole.ToolTipRole:  # escaped rich text: Qt would take "<b>" in a snippet for markup
            return f"<p style='white-space:pre-wrap'>{html.escape(hit.snippet)}</p>" if hit.snippet else None
        if role == HitRole:
            return hit
        return None


def hit_title(hit: Any) -> str:
    """An article's title; a block's kind in brackets (【广告】), for a block has no title of its own."""
    if not hit.is_article:
        return f"【{kind_label(hit.kind)}】"
    return str(hit.title or tr("(untitled)"))


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as title line, source line and the snippet with its hits highlighted."""

    _KEEP = 200  # laid-out documents kept: a few pages of results at a couple of widths

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The view asks for every row's size and paint many times; laying out rich text each time cost the
        # GUI thread tens of ms per result page while an import competed for the CPU (bench_gui).
        self._docs: dict[tuple[Any, ...], QTextDocument] = {}

    def _document(self, hit: Any, width: float) -> QTextDocument:
        key = (hit.article_id, hit.block_id, hit_title(hit), hit.paper, hit.date, hit.page, hit.snippet,
               tuple(hit.snippet_hits), int(width))
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) >= self._KEEP:
                self._docs.clear()
            doc = self._docs[key] = self._layout(hit, width)
        return doc

    def _layout(self, hit: Any, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(6)
        title = html.escape(hit_title(hit))
        page = tr("Page {page}").format(page=hit.page) if hit.page else None
        source = html.escape(" · ".join(str(x) for x in (hit.paper, hit.date, page) if x))
        doc.setHtml(
            f"<div><b>{title}</b></div><div style='color:#777;font-size:small'>{source}</div>"
            f"<div>{snippet_html(hit.snippet, list(hit.snippet_hits))}</div>"
        )
        doc.setTextWidth(width)
        return doc

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        hit = index.data(HitRole)
        if hit is None:
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight().color().lighter(160))
        doc = self._document(hit, option.rect.width())
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter, QRectF(0, 0, option.rect.width(), option.rect.height()))
        painter.setPen(QColor(0, 0, 0, 30))
        painter.drawLine(0, option.rect.height() - 1, option.rect.width(), option.rect.height() - 1)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hit = index.data(HitRole)
        if hit is None:
            return super().sizeHint(option, index)
        width = max(option.rect.width(), 200)
        return QSize(width, int(self._document(hit, width).size().height()) + 2)


class YearHistogram(QWidget):
    """Hits per year as bars on a year axis (years without hits keep their place), with counts; a click on a
    year asks to filter to it (``year_clicked``), a click on the chosen year again to clear the filter."""

    year_clicked = Signal(object)  # the year (int), or None to clear

    AXIS = 16  # px under the bars for the year labels
    COUNT = 12  # px above the bars for the counts

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._years: dict[str, int] = {}
        self._slots: list[tuple[str, int]] = []  # every year from the first to the last, then "?" if any
        self.selected: int | None = None
        self.setMinimumHeight(72)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_counts(self, years: dict[str, int]) -> None:
        self._years = {str(k): int(v) for k, v in years.items()}
        known = sorted(int(y) for y in self._years if y.isdigit())
        slots = [(str(y), self._years.get(str(y), 0)) for y in range(known[0], known[-1] + 1)] if known else []
        unknown = sum(n for y, n in self._years.items() if not y.isdigit())
        if unknown:
            slots.append(("?", unknown))
        self._slots = slots
        self.setToolTip("\n".join(f"{self._year_name(y)}: {tr('{n} hits').format(n=n)}" for y, n in slots if n))
        self.update()

    def counts(self) -> dict[str, int]:
        return dict(self._years)

    def slots(self) -> list[tuple[str, int]]:
        """The bars in order: (year, count), years without hits included."""
        return list(self._slots)

    @staticmethod
    def _year_name(year: str) -> str:
        return tr("(undated)") if year == "?" else year

    def _slot_width(self) -> float:
        return self.width() / max(len(self._slots), 1)

    def year_at(self, x: float) -> str | None:
        if not self._slots:
            return None
        k = int(x // self._slot_width())
        return self._slots[k][0] if 0 <= k < len(self._slots) else None

    def mousePressEvent(self, event: Any) -> None:
        year = self.year_at(event.position().x())
        if year is None or not year.isdigit():
            return
        chosen = None if self.selected == int(year) else int(year)
        self.selected = chosen
        self.update()
        self.year_clicked.emit(chosen)

    def paintEvent(self, event: Any) -> None:
        if not self._slots:
            return
        painter = QPainter(self)
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
        painter.setFont(font)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        top = max(n for _, n in self._slots) or 1
        w = self._slot_width()
        base = self.height() - self.AXIS
        room = base - self.COUNT
        metrics = painter.fontMetrics()
        for k, (year, n) in enumerate(self._slots):
            x = k * w
            chosen = self.selected is not None and year == str(self.selected)
            if n:
                bar = max(1.0, room * n / top)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#2c6fbb") if chosen else QColor("#c0392b"))
                painter.drawRect(QRectF(x + 1, base - bar, max(w - 2, 1), bar))
                label = str(n)
                if metrics.horizontalAdvance(label) <= w + 2:  # counts where they fit
                    painter.setPen(muted)
                    painter.drawText(QRectF(x - 4, base - bar - self.COUNT, w + 8, self.COUNT),
                                     int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), label)
        painter.setPen(muted)
        painter.drawLine(0, int(base), self.width(), int(base))  # the axis
        # Year labels where they fit: every n-th slot, always the first and the last.
        widest = metrics.horizontalAdvance("0000") + 6
        every = max(1, int(widest // w) + 1)
        for k, (year, _n) in enumerate(self._slots):
            if k % every and k != len(self._slots) - 1:
                continue
            name = self._year_name(year) if year == "?" else year
            painter.drawText(QRectF(k * w - widest / 2 + w / 2, base + 1, widest, self.AXIS - 1),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), name)
        painter.end()


class SearchDock(QDockWidget):
    """Query box with filters; emits search intents and hit activations, never touches other panels."""

    search_requested = Signal(object)  # a reader.jobs.SearchRequest
    hit_activated = Signal(object, object)  # the Hit and the SearchRequest that found it (its query highlights)

    def __init__(self, papers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(tr("Search"), parent)
        self.setObjectName("search_dock")
        body = QWidget()
        layout = QVBoxLayout(body)
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Search the archive…"))
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip(SYNTAX_HELP_ZH if tr("Search") != "Search" else SYNTAX_HELP_EN)
        layout.addWidget(self.query)

        grid = QGridLayout()
        self.paper = QComboBox()
        self.set_papers(papers)
        grid.addWidget(self.paper, 0, 0, 1, 2)
        self.sort = QComboBox()
        for label, key in ((tr("Relevance"), "relevance"), (tr("Newest first"), "newest"),
                           (tr("Oldest first"), "oldest")):
            self.sort.addItem(label, key)
        grid.addWidget(self.sort, 0, 2)
        self.use_from = QCheckBox(tr("From"))
        self.date_from = QDateEdit(QDate(1900, 1, 1))
        self.use_to = QCheckBox(tr("To"))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        row = QHBoxLayout()
        for w in (self.use_from, self.date_from, self.use_to, self.date_to):
            row.addWidget(w)
        grid.addLayout(row, 1, 0, 1, 3)
        layout.addLayout(grid)

        self.status = QLabel("")
        self.status.setObjectName("search_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # messages quote the query: never read them as HTML
        layout.addWidget(self.status)
        self.histogram = YearHistogram()
        self.histogram.setAccessibleName(tr("Articles per year: click a year to search only in it"))
        self.histogram.year_clicked.connect(self.filter_to_year)
        layout.addWidget(self.histogram)

        self._shown_request: SearchRequest | None = None
        self.model = SearchResultsModel(self)
        self.model._more = None
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        layout.addWidget(self.results, 1)
        self.setWidget(body)

        self.query.returnPressed.connect(self.submit)
        for signal in (self.paper.currentIndexChanged, self.sort.currentIndexChanged,
                       self.use_from.toggled, self.use_to.toggled, self.date_from.dateChanged,
                       self.date_to.dateChanged):
            signal.connect(self._filters_changed)
        self.results.activated.connect(self._activated)
        self.results.clicked.connect(self._activated)

    # -- inputs -------------------------------------------------------------------------------------
    def set_papers(self, papers: list[str]) -> None:
        """The papers the filter offers (the library's papers that have issues)."""
        if [self.paper.itemData(i) for i in range(1, self.paper.count())] == papers and self.paper.count():
            return  # unchanged: the list is set again after every import step
        current = self.paper.currentData() if self.paper.count() else None
        self.paper.blockSignals(True)
        self.paper.clear()
        self.paper.addItem(tr("All papers"), None)
        for name in papers:
            self.paper.addItem(name, name)
        index = self.paper.findData(current)
        self.paper.setCurrentIndex(max(index, 0))
        self.paper.blockSignals(False)

    def request(self) -> SearchRequest:
        """What the query box and the filters ask for now."""

        def day(edit: QDateEdit) -> str:
            d = edit.date()
            return dt.date(d.year(), d.month(), d.day()).isoformat()

        return SearchRequest(
            query=self.query.text().strip(),
            paper=self.paper.currentData(),
            date_from=day(self.date_from) if self.use_from.isChecked() else None,
            date_to=day(self.date_to) if self.use_to.isChecked() else None,
            sort=self.sort.currentData() or "relevance",
        )

    def submit(self) -> None:
        request = self.request()
        if not request.query:
            return
        self.status.setText(tr("Searching…"))
        self.search_requested.emit(request)

    def _filtered_year(self) -> int | None:
        """The year the date filters select exactly (as a click on the histogram sets them), else None."""
        if not (self.use_from.isChecked() and self.use_to.isChecked()):
            return None
        start, end = self.date_from.date(), self.date_to.date()
        whole_year = (start.month(), start.day(), end.month(), end.day()) == (1, 1, 12, 31)
        return start.year() if whole_year and start.year() == end.year() else None

    def filter_to_year(self, year: int | None) -> None:
        """Search only in ``year`` (the histogram's click), or clear the date filter (None)."""
        for box in (self.use_from, self.use_to, self.date_from, self.date_to):
            box.blockSignals(True)
        if year is None:
            self.use_from.setChecked(False)
            self.use_to.setChecked(False)
        else:
            self.date_from.setDate(QDate(year, 1, 1))
            self.date_to.setDate(QDate(year, 12, 31))
            self.use_from.setChecked(True)
            self.use_to.setChecked(True)
        for box in (self.use_from, self.use_to, self.date_from, self.date_to):
            box.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self) -> None:
        if self.query.text().strip():
            self.submit()

    def focus_query(self) -> None:
        self.show()
        self.raise_()
        self.query.setFocus()
        self.query.selectAll()

    # -- results ------------------------------------------------------------------------------------
    def show_result(self, result: Any, more: Callable[[int], None] | None = None,
                    request: SearchRequest | None = None) -> None:
        """Show a result; ``request`` is what found it (opening a hit highlights that query, not the box's)."""
        self._shown_request = request
        if getattr(result, "error", None):
            self.status.setText(core_text(str(result.error)))
            self.model.reset([], 0, None)
            self.histogram.set_counts({})
            return
        self.histogram.selected = self._filtered_year()
        self.model.reset(result.hits, result.total, more)
        # Articles and blocks (adverts, captions ...) are found: "hits", not "articles".
        text = tr("{n} hits").format(n=result.total) if result.total else tr("Nothing matches.")
        exact = getattr(result, "exact", True)
        if not exact:  # a very common string: the likeliest candidates were ranked, not every match
            text += " · " + tr("best of the likeliest hits")
        self.status.setText(text)
        self.status.setToolTip("" if exact else tr(
            "So common a string that ranking every hit would take many seconds: these are the best of the "
            "hits most likely to rank highest, each scored exactly, but a better one may be further down."))
        self.histogram.set_counts(dict((result.facets or {}).get("year", {})))

    def append_hits(self, hits: list[Any]) -> None:
        self.model.append(hits)

    def show_error(self, message: str) -> None:
        self.status.setText(core_text(message))

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HitRole)
        if hit is not None:
            self.hit_activated.emit(hit, self._shown_request or self.request())
