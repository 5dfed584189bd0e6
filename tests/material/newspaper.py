"""Lay out newspaper pages as real PDFs (Qt's QPdfWriter) with the truth written down, and scans of them.

A page is a masthead or page header, then rows of rectangular modules over five or six columns: articles (kicker,
big bold title, subtitle, byline, body flowing over the article's columns with two-character indents, a jump
line), an image with its caption, an advert box, the editors' footer. The text comes from the bundled sample
pages (their articles as the text parser reads them) and from a few lines written here. Deterministic: the same
arguments give the same PDF text and the same truth.

The truth (``Truth.to_json``) lists each article's title, kicker, subtitle, byline, body text and the box of each
line it printed, and the other blocks (advert, caption, masthead, footer) with theirs, in PDF points with the
origin at the top-left corner.

Usage: ``python -m tests.material.newspaper OUT_DIR [--pages N] [--scans]``.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import math
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"

BODY_FONT = "Noto Serif CJK SC"
HEAD_FONT = "Noto Sans CJK SC"


@dataclass
class Story:
    """An article's text to lay out."""

    title: str
    paragraphs: list[str]
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None


@dataclass
class TruthItem:
    """What was printed for one article or block, and where (line boxes in points, top-left origin)."""

    kind: str  # "article" or a block kind: masthead, advert, caption, footer, header
    text: str
    boxes: list[list[float]] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)  # characters printed in each box (same order)
    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    continued_to: str | None = None
    continued_from: str | None = None


@dataclass
class Truth:
    """Everything printed on one laid-out page."""

    page_size: tuple[float, float]
    items: list[TruthItem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"page_size": list(self.page_size), "items": [asdict(i) for i in self.items]}

    @property
    def articles(self) -> list[TruthItem]:
        return [i for i in self.items if i.kind == "article"]


# --------------------------------------------------------------------------------------------------------
# Text


@functools.cache
def sample_stories() -> list[Story]:
    """Articles of the bundled sample pages with a title, a byline and some body, as the text parser reads them."""
    from reader.ingest.page import parse_page

    stories = []
    for path in sorted(SAMPLES.glob("*.txt")):
        page = parse_page(path.read_text(encoding="utf-8"), str(path))
        for art in page.articles:
            body = [p for k, p in enumerate(art.paragraphs) if k not in art.subheads]
            if art.title and art.byline and sum(map(len, body)) >= 300 and len(art.title) <= 40:
                stories.append(Story(art.title, body, art.kicker, art.subtitle, art.byline))
    return stories


EXTRA_STORIES = [
    Story(
        "老街巷里的新生活",
        [
            "清晨七点，西关老街的早市已经热闹起来。卖豆腐的老王把摊子支在巷口，二十多年没有换过地方。"
            "街坊们说，老街改造以后，路面平了，灯亮了，可这股烟火气一点没变。",
            "去年以来，区里把老旧小区改造和背街小巷整治结合起来，先听居民说，再定改什么。"
            "雨污管网、屋顶防水、楼道照明，一项项落到实处，群众满意度明显提高。",
            "“以前下雨天出门要穿雨靴，现在穿布鞋也不怕。”家住三号院的李大娘笑着说。",
        ],
        subtitle="——西关街道老旧小区改造见闻",
        byline="本报记者 周明 通讯员 林晓",
    ),
    Story(
        "全市春季植树活动启动",
        [
            "本报讯（记者 陈刚）4月7日上午，全市春季义务植树活动在北郊林场启动，"
            "两千余名干部群众挥锹培土，栽下侧柏、国槐、白蜡等树苗一万余株。",
            "今年我市计划新增造林面积三万亩，完成森林抚育五万亩，建设村庄绿化示范点一百个，"
            "让群众在家门口享受更多绿色福利。",
        ],
        kicker="绿化美化家园 共建生态城市",
    ),
]

ADVERT_LINES = ["工商银行信用卡 分期优惠", "全场商户 消费满额立减", "咨询电话：95588", "地址：许昌市建安大道88号"]
FOOTER_TEXT = "值班编审 黄双燕  编辑 杨仪  校对 张良"
CAPTION = "4月7日，市民在北郊林场参加义务植树活动。 本报记者 乔利峰 摄"


# --------------------------------------------------------------------------------------------------------
# Drawing


@dataclass
class _Pen:
    """The painter, fonts and the truth being written."""

    painter: Any
    truth: Truth

    def font(self, family: str, size: float, bold: bool = False) -> Any:
        from PySide6.QtGui import QFont

        font = QFont(family)
        font.setPixelSize(max(1, round(size)))
        font.setBold(bold)
        return font

    def line(self, text: str, x: float, top: float, size: float, family: str, bold: bool, item: TruthItem) -> float:
        """Draw one line with its em box's top at ``top``; record its box; return its width."""
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QFontMetricsF

        font = self.font(family, size, bold)
        self.painter.setFont(font)
        metrics = QFontMetricsF(font)
        baseline = top + 0.88 * size
        self.painter.drawText(QPointF(x, baseline), text)
        width = metrics.horizontalAdvance(text)
        item.boxes.append([round(x, 2), round(top, 2), round(x + width, 2), round(top + size, 2)])
        item.chars.append(sum(1 for ch in text if not ch.isspace()))
        return width


def _advance(ch: str, size: float) -> float:
    """Advance width of one character in the CJK fonts, in points (cached per character and size)."""
    return _advances(size).get(ch) or _measure(ch, size)


@functools.cache
def _advances(size: float) -> dict[str, float]:
    return {}


def _measure(ch: str, size: float) -> float:
    from PySide6.QtGui import QFont, QFontMetricsF

    _app()
    font = QFont(BODY_FONT)
    font.setPixelSize(max(1, round(size)))
    width = QFontMetricsF(font).horizontalAdvance(ch)
    _advances(size)[ch] = width
    return width


def _wrap(text: str, width: float, size: float, indent: int = 0) -> list[str]:
    """Break a paragraph into lines no wider than ``width`` (measured with the body font)."""
    lines: list[str] = []
    line = "\u3000" * indent
    used = indent * size
    for ch in text:
        w = _advance(ch, size)
        if used + w > width + 0.01 and line.strip():
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    if line.strip():
        lines.append(line)
    return lines


@dataclass
class Grid:
    """Columns of a page."""

    left: float
    width: float
    columns: int
    gutter: float

    @property
    def column_width(self) -> float:
        return (self.width - (self.columns - 1) * self.gutter) / self.columns

    def x(self, col: int) -> float:
        return self.left + col * (self.column_width + self.gutter)

    def span(self, ncols: int) -> float:
        return ncols * self.column_width + (ncols - 1) * self.gutter


BODY = 9.0
LEADING = 13.0


def _article(pen: _Pen, grid: Grid, story: Story, col: int, ncols: int, top: float, max_lines: int,
             title_size: float, jump_to: str | None = None, jump_from: str | None = None) -> float:
    """Headline group across the article's columns, byline, body flowing column by column; returns the bottom."""
    item = TruthItem("article", "", title=story.title, kicker=story.kicker, subtitle=story.subtitle,
                     byline=story.byline, continued_to=jump_to, continued_from=jump_from)
    pen.truth.items.append(item)
    x, width = grid.x(col), grid.span(ncols)
    y = top
    if story.kicker:
        for ln in _wrap(story.kicker, width, 13):
            pen.line(ln, x, y, 13, HEAD_FONT, False, item)
            y += 17
        y += 2
    for ln in _wrap(story.title, width, title_size):
        pen.line(ln, x, y, title_size, HEAD_FONT, True, item)
        y += title_size * 1.25
    if story.subtitle:
        y += 2
        for ln in _wrap(story.subtitle, width, 14):
            pen.line(ln, x, y, 14, HEAD_FONT, False, item)
            y += 18
    y += 8
    body: list[tuple[str, bool]] = []  # (line, bold)
    if jump_from:
        body.append((f"（上接第{jump_from}版）", False))
    if story.byline and not story.paragraphs[0].startswith(story.byline[:3]):
        body.extend((ln, True) for ln in _wrap(story.byline, grid.column_width, BODY))
    for para in story.paragraphs:
        body.extend((ln, False) for ln in _wrap(para, grid.column_width, BODY, indent=2))
    budget = max_lines * ncols
    if len(body) > budget:
        body = body[: budget - (1 if jump_to else 0)]
    if jump_to:
        body.append((f"（下转第{jump_to}版）", False))
    per_col = math.ceil(len(body) / ncols)
    texts: list[str] = []
    for k, (ln, bold) in enumerate(body):
        c, row = divmod(k, per_col)
        lx = grid.x(col + c)
        if ln.startswith("（下转"):
            lx = grid.x(col + c) + grid.column_width - len(ln) * BODY
        pen.line(ln, lx, y + row * LEADING, BODY, BODY_FONT if not bold else HEAD_FONT, bold, item)
        if not ln.startswith(("（上接", "（下转")):  # jump lines are the article's, but not its text
            texts.append(ln.strip("\u3000"))
    item.text = "".join(texts)
    return y + per_col * LEADING


def _image(pen: _Pen, grid: Grid, col: int, ncols: int, top: float, height: float) -> float:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage

    x, width = grid.x(col), grid.span(ncols)
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    for py in range(48):
        for px in range(64):
            v = 90 + (px * 2 + py * 3) % 120
            image.setPixelColor(px, py, QColor(v, v - 20 if v > 20 else v, 60))
    pen.painter.drawImage(QRectF(x, top, width, height), image)
    item = TruthItem("caption", CAPTION)
    pen.truth.items.append(item)
    y = top + height + 4
    for ln in _wrap(CAPTION, width, BODY):
        pen.line(ln, x, y, BODY, HEAD_FONT, False, item)
        y += LEADING
    return y


def _advert(pen: _Pen, grid: Grid, col: int, ncols: int, top: float) -> float:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPen

    x, width = grid.x(col), grid.span(ncols)
    item = TruthItem("advert", "".join(ADVERT_LINES))
    pen.truth.items.append(item)
    y = top + 10
    for k, ln in enumerate(ADVERT_LINES):
        size = 16.0 if k == 0 else 11.0
        pen.line(ln, x + 10, y, size, HEAD_FONT, k == 0, item)
        y += size + 8
    pen.painter.setPen(QPen())
    pen.painter.drawRect(QRectF(x, top, width, y - top + 4))
    return y + 4


def _rule(pen: _Pen, x0: float, y: float, x1: float) -> None:
    from PySide6.QtCore import QLineF

    pen.painter.drawLine(QLineF(x0, y, x1, y))


# --------------------------------------------------------------------------------------------------------
# Pages


@dataclass
class PageSpec:
    """What goes on one page: a front page (masthead) or an inner page (page header), and its modules."""

    number: int
    columns: int
    rows: list[list[tuple[str, int, int, Any]]]  # (kind, first column, columns, payload)
    size: tuple[float, float] = (842.0, 1191.0)
    max_lines: int = 22


def default_specs(count: int = 4) -> list[PageSpec]:
    """``count`` page specs over the sample stories, alternating front pages (6 columns) and inner pages (5)."""
    stories = [*sample_stories(), *EXTRA_STORIES]
    specs = []
    k = 0

    def take() -> Story:
        nonlocal k
        story = stories[k % len(stories)]
        k += 1
        return story

    for n in range(count):
        if n % 2 == 0:
            rows = [
                [("article", 0, 4, take()), ("article", 4, 2, take())],
                [("article", 0, 2, take()), ("image", 2, 2, 110.0), ("article", 4, 2, take())],
                [("advert", 0, 2, None), ("jump", 2, 4, take())],
            ]
            specs.append(PageSpec(n + 1, 6, rows))
        else:
            rows = [
                [("continued", 0, 3, specs[-1].rows[2][1][3] if specs else take()), ("article", 3, 2, take())],
                [("article", 0, 2, take()), ("article", 2, 3, take())],
                [("image", 0, 2, 90.0), ("article", 2, 3, take())],
            ]
            specs.append(PageSpec(n + 1, 5, rows, max_lines=18))
    return specs


def small_spec() -> PageSpec:
    """A small page (three columns, two articles) for OCR tests: a few seconds of OCR, not minutes."""
    stories = [*sample_stories(), *EXTRA_STORIES]
    rows = [[("article", 0, 3, stories[-1])], [("article", 0, 2, stories[1]), ("image", 2, 1, 60.0)]]
    return PageSpec(2, 3, rows, size=(400.0, 520.0), max_lines=8)


def draw_page(pen: _Pen, spec: PageSpec, date: str = "2020年4月8日") -> None:
    """Draw one page with ``pen``'s painter and fill ``pen.truth``."""
    width, _height = spec.size
    margin = 36.0
    grid = Grid(margin, width - 2 * margin, spec.columns, 12.0)
    if spec.number == 1:
        item = TruthItem("masthead", "许昌日报")
        pen.truth.items.append(item)
        pen.line("许昌日报", margin, 30, 48, HEAD_FONT, True, item)
        pen.line("XUCHANG DAILY", margin, 86, 12, HEAD_FONT, False, item)
        for k, ln in enumerate([f"{date} 星期三", "农历庚子年三月十六", "第9158期 今日8版",
                                "中共许昌市委机关报", "国内统一连续出版物号：CN41—0013"]):
            pen.line(ln, width - margin - 190, 30 + k * 15, 10, BODY_FONT, False, item)
        item.text = "许昌日报"
        y = 112.0
    else:
        item = TruthItem("header", f"第{spec.number}版")
        pen.truth.items.append(item)
        pen.line(f"第{spec.number}版  要闻  {date} 星期三", margin, 30, 10, BODY_FONT, False, item)
        y = 50.0
    _rule(pen, margin, y, width - margin)
    y += 10
    for row in spec.rows:
        bottom = y
        for kind, col, ncols, payload in row:
            if kind == "article":
                end = _article(pen, grid, payload, col, ncols, y, spec.max_lines, 26 if ncols >= 3 else 20)
            elif kind == "jump":
                end = _article(pen, grid, payload, col, ncols, y, 8, 24, jump_to=str(spec.number + 1))
            elif kind == "continued":
                rest = Story(payload.title, payload.paragraphs[len(payload.paragraphs) // 2 :] or payload.paragraphs)
                end = _article(pen, grid, rest, col, ncols, y, spec.max_lines, 20, jump_from=str(spec.number - 1))
            elif kind == "image":
                end = _image(pen, grid, col, ncols, y, payload)
            else:
                end = _advert(pen, grid, col, ncols, y)
            bottom = max(bottom, end)
        y = bottom + 16
        _rule(pen, margin, y - 8, width - margin)
    if y > spec.size[1] - 44:
        raise ValueError(f"page {spec.number} overflows: its modules end at {y:.0f} pt")
    item = TruthItem("footer", FOOTER_TEXT)
    pen.truth.items.append(item)
    pen.line(FOOTER_TEXT, margin, spec.size[1] - 40, 8, BODY_FONT, False, item)


def _app() -> Any:
    # A QApplication, not a QGuiApplication: the first application of a process is the only one, and GUI tests
    # that run after the material was drawn need widgets.
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def write_pdf(path: Path, specs: list[PageSpec]) -> list[Truth]:
    """Write the pages of ``specs`` into one PDF at ``path``; return each page's truth."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    _app()
    writer = QPdfWriter(str(path))
    writer.setResolution(72)  # one device pixel per point: truth boxes are in PDF points
    writer.setCreator("newsreader test material")
    first = specs[0].size
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(*first), QPageSize.Unit.Point), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    truths = []
    try:
        for n, spec in enumerate(specs):
            if n:
                writer.newPage()
            truth = Truth(spec.size)
            draw_page(_Pen(painter, truth), spec)
            truths.append(truth)
    finally:
        painter.end()
    return truths


def write_pages(folder: Path, specs: list[PageSpec], stem: str = "2020-04-08") -> list[tuple[Path, Truth]]:
    """One single-page PDF per spec (``<stem>/01.pdf`` style names) and its truth JSON beside it."""
    out = []
    day = folder / stem
    day.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        path = day / f"{spec.number:02d}.pdf"
        (truth,) = write_pdf(path, [spec])
        path.with_suffix(".truth.json").write_text(json.dumps(truth.to_json(), ensure_ascii=False), encoding="utf-8")
        out.append((path, truth))
    return out


# --------------------------------------------------------------------------------------------------------
# Scans


def render_scan(pdf: Path, out: Path, *, scale: float = 2.0, seed: int = 0, degrade: bool = True,
                page: int = 0) -> float:
    """Render a page to an image file like a scan (slight blur, skew, noise, JPEG); return the scale used."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    doc = pdfium.PdfDocument(str(pdf))
    try:
        bitmap = doc[page].render(scale=scale, grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        doc.close()
    if degrade:
        rng = random.Random(seed)
        image = image.filter(ImageFilter.GaussianBlur(0.6))
        image = image.rotate(rng.uniform(-0.4, 0.4), resample=Image.Resampling.BICUBIC, fillcolor=255)
        noise = np.random.default_rng(seed).normal(0, 10, (image.height, image.width))
        image = Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    if out.suffix.lower() in (".jpg", ".jpeg"):
        image.save(out, quality=70)
    else:
        image.save(out)
    return scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--scans", action="store_true", help="also render each page as a degraded JPEG scan")
    args = parser.parse_args(argv)
    for path, _truth in write_pages(args.out, default_specs(args.pages)):
        print(path)
        if args.scans:
            scan = path.with_suffix(".jpg")
            render_scan(path, scan)
            print(scan)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
