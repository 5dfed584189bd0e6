"""Geometric page reconstruction shared by PDF text layers and OCR: lines -> blocks -> articles, with regions.

Input is the page's printed lines with their boxes and type sizes (from a PDF's characters or an OCR engine's
text lines). The steps:

1. lines that continue each other on the same baseline are merged;
2. lines are stacked into text boxes (same column, same type size and weight, small vertical gaps), and a box of
   body text is cut into paragraphs at indented lines and after short last lines;
3. blocks set clearly larger than the page's body type are headlines; stacked headline blocks form one headline
   group (kicker, title, subtitle ranked by type size);
4. every other block belongs to the nearest headline group above it that overlaps it horizontally (its article's
   area); groups are read top to bottom, left to right, and an article's blocks column by column;
5. the page text is written in that order (one paragraph per line, a blank line between blocks), the text
   classifiers of ``segment.py`` name each block (byline, dateline, jump line, caption, advert, masthead,
   footer...) and the articles are assembled from the geometric groups.

Every non-whitespace character of the page text is covered by exactly one span, as for text pages, and each
article and block also gets its regions: one rectangle per layout block it holds.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from reader.ingest import cues
from reader.ingest.headline import Headline, assign_roles
from reader.ingest.labels import normalize_page_label
from reader.ingest.model import Article, Block, Box, TextLine
from reader.ingest.reflow import clean_heading
from reader.ingest.segment import (
    BODY,
    BYLINE,
    CAPTION,
    FIXED,
    HEADING,
    JUMP,
    LEAD,
    TABLE,
    WEAK,
    PageSegmenter,
    Unit,
    _Draft,
    _tidy_dateline,
)

log = logging.getLogger(__name__)

__all__ = ["LayoutBlock", "LayoutPage", "Line", "build_layout", "segment_layout", "union"]

HEADLINE_RATIO = 1.2  # a block set this much larger than the body type is a headline
BOLD_HEADLINE_RATIO = 1.08  # ... or this much larger and bold
MERGE_GAP = 0.5  # fragments of one line: horizontal gap at most this many ems (a column gutter is wider)
GUTTER_GAP = 0.2  # ... and a gap wider than this is not joined when the columns below have a gutter there
GUTTER_LOOK = 3.0  # how far below a line (in its ems) the columns are looked at
STACK_GAP = 0.9  # lines of one text box: vertical gap at most this many line heights
INDENT = 1.2  # a paragraph's first line starts this many ems right of the box's left edge
SHORT_LINE = 1.5  # a line ending this many ems before the box's right edge ends a paragraph


@dataclass
class Line:
    """One printed line as a reader (PDF text layer or OCR) gives it."""

    text: str
    box: Box
    size: float  # type size in page units (PDF font size; for OCR the line height)
    bold: bool = False
    raw: str | None = None  # the text as extracted when normalisation changed it (same length)
    xs: tuple[float, ...] | None = None  # left edge of each character, then the right edge of the last

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class LayoutBlock:
    """A paragraph or headline block: its lines, box, type size, and where its text sits in the page text."""

    lines: list[Line]
    size: float
    bold: bool
    heading: bool = False
    start: int = 0
    end: int = 0

    @cached_property
    def box(self) -> Box:
        return union(ln.box for ln in self.lines)  # the lines never change once the block is made

    @property
    def text(self) -> str:
        return _join([ln.text for ln in self.lines])

    @property
    def chars(self) -> int:
        return sum(len(ln.text.replace(" ", "")) for ln in self.lines)


@dataclass
class LayoutPage:
    """A page laid out for parsing: text in reading order, blocks and printed lines with their offsets."""

    text: str
    raw_text: str | None
    blocks: list[LayoutBlock]  # in text order
    groups: list[list[int]]  # reading groups: indexes into ``blocks``; headline group first in each article
    anchors: set[int]  # groups that are articles opened by a headline group (their first blocks are headings)
    lines: list[TextLine]
    body_size: float
    page_size: tuple[float, float]
    size_unit: str


# --------------------------------------------------------------------------------------------------------
# Geometry helpers


def union(boxes: Iterable[Box]) -> Box:
    """The smallest box holding all ``boxes``."""
    xs0, ys0, xs1, ys1 = zip(*boxes, strict=True)
    return (min(xs0), min(ys0), max(xs1), max(ys1))


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _wide(ch: str) -> bool:
    """Characters set without spaces between them (CJK, full-width forms and punctuation)."""
    code = ord(ch)
    return code >= 0x2E80 and not 0xD800 <= code <= 0xDFFF


def _join(parts: list[str]) -> str:
    """Join pieces of text: nothing between CJK characters, one space between Latin words."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (_wide(out[-1]) or _wide(part[0])):
            out += " "
        out += part
    return out


# --------------------------------------------------------------------------------------------------------
# Lines -> blocks


def merge_lines(lines: list[Line]) -> list[Line]:
    """Join fragments of one printed line (same baseline, touching, same size) into one line.

    Fragments are taken left to right; each looks for a line ending just before it among those whose vertical
    centre falls in its own band (a dictionary of 2-unit bands), so the work stays linear.
    """
    ordered = sorted(lines, key=lambda ln: (ln.box[0], ln.box[1]))
    gutters = _GutterCheck(lines)
    out: list[Line | None] = []
    bands: dict[int, list[int]] = {}  # band of a line's vertical centre -> indexes into ``out``

    def band(line: Line) -> int:
        return int((line.box[1] + line.box[3]) / 4)

    for line in ordered:
        x0, y0, _x1, y1 = line.box
        key = band(line)
        best = -1
        for b in (key, key - 1, key + 1):
            for k in bands.get(b, ()):
                cand = out[k]
                if cand is None:
                    continue
                _cx0, cy0, cx1, cy1 = cand.box
                size = min(cand.size, line.size)
                if abs(cand.size - line.size) > 0.15 * max(cand.size, line.size) or cand.bold != line.bold:
                    continue
                if not -0.6 * size <= x0 - cx1 <= MERGE_GAP * size:  # OCR boxes of one line may overlap
                    continue
                if _overlap(cy0, cy1, y0, y1) < 0.6 * min(cy1 - cy0, y1 - y0):
                    continue
                if x0 - cx1 > GUTTER_GAP * size and gutters.between(cx1, x0, max(y1, cy1), size):
                    continue  # two headlines side by side, over two articles' columns
                best = k
                break
            if best >= 0:
                break
        if best < 0:
            bands.setdefault(key, []).append(len(out))
            out.append(line)
            continue
        cand = out[best]
        assert cand is not None
        sep = "" if (_wide(cand.text[-1:] or "一") or _wide(line.text[:1] or "一")) else " "
        merged = _concat(cand, line, sep)
        out[best] = None
        bands.setdefault(band(merged), []).append(len(out))
        out.append(merged)
    return [ln for ln in out if ln is not None]


class _GutterCheck:
    """Whether a gap in a line falls on a column gutter: the lines printed just below it stop on either side.

    Headlines set over the full width of their articles meet their neighbours' across a gutter that can be
    narrower than half an em of headline type; the body columns below show where the gutter runs.
    """

    def __init__(self, lines: list[Line]) -> None:
        self._lines = sorted(lines, key=lambda ln: ln.box[1])
        self._tops = [ln.box[1] for ln in self._lines]

    def between(self, gap_x0: float, gap_x1: float, bottom: float, size: float) -> bool:
        lo = bisect.bisect_left(self._tops, bottom - 0.2 * size)
        hi = bisect.bisect_right(self._tops, bottom + GUTTER_LOOK * size)
        left = right = False
        mid, half = (gap_x0 + gap_x1) / 2, (gap_x1 - gap_x0) / 2
        for line in self._lines[lo:hi]:
            lx0, _ly0, lx1, _ly1 = line.box
            if min(lx1, gap_x1) - max(lx0, gap_x0) > half:
                return False  # printed across the gap: not a gutter
            left = left or lx1 <= mid
            right = right or lx0 >= mid
        return left and right


def _concat(a: Line, b: Line, sep: str) -> Line:
    xs = None
    if a.xs is not None and b.xs is not None:
        xs = a.xs[:-1] + ((a.xs[-1],) if sep else ()) + b.xs
    raw = None
    if a.raw is not None or b.raw is not None:
        raw = (a.raw or a.text) + sep + (b.raw or b.text)
    size = max(a.size, b.size)
    return Line(a.text + sep + b.text, union([a.box, b.box]), size, a.bold, raw, xs)


def _stack(lines: list[Line]) -> list[list[Line]]:
    """Group lines into text boxes: same column, same type, one under the other.

    Lines come top to bottom; only boxes whose last line ends close above the current line are candidates
    (the others are dropped from the active list for good), so long pages stay fast.
    """
    boxes: list[list[Line]] = []
    extents: list[tuple[float, float]] = []  # x range of each box
    active: list[int] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1], ln.box[0])):
        x0, y0, x1, _y1 = line.box
        active = [k for k in active if boxes[k][-1].box[3] >= y0 - 2 * boxes[k][-1].height]
        best, best_gap = -1, float("inf")
        for k in active:
            last = boxes[k][-1]
            size = max(last.size, line.size)
            if abs(last.size - line.size) > 0.18 * size or last.bold != line.bold:
                continue
            gap = y0 - last.box[3]
            if not -0.4 * last.height <= gap <= STACK_GAP * max(last.height, line.height):
                continue
            bx0, bx1 = extents[k]
            if _overlap(bx0, bx1, x0, x1) < 0.5 * min(bx1 - bx0, x1 - x0):
                continue
            if gap < best_gap:
                best, best_gap = k, gap
        if best < 0:
            active.append(len(boxes))
            boxes.append([line])
            extents.append((x0, x1))
        else:
            boxes[best].append(line)
            extents[best] = (min(extents[best][0], x0), max(extents[best][1], x1))
    return boxes


def _paragraphs(lines: list[Line], heading: bool) -> list[list[Line]]:
    """Cut a text box of body type into paragraphs: at an indented line, after a short line."""
    if heading or len(lines) < 2:
        return [lines]
    left = min(ln.box[0] for ln in lines)
    right = max(ln.box[2] for ln in lines)
    size = statistics.median(ln.size for ln in lines)
    out: list[list[Line]] = [[lines[0]]]
    for prev, line in itertools.pairwise(lines):
        indented = line.box[0] - left >= INDENT * size
        after_short = right - prev.box[2] >= SHORT_LINE * size
        if indented or after_short:
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _body_size(lines: list[Line]) -> float:
    """The type size that most characters of the page are set in."""
    weights: dict[float, int] = {}
    for ln in lines:
        key = round(ln.size * 2) / 2
        weights[key] = weights.get(key, 0) + len(ln.text)
    return max(weights.items(), key=lambda kv: (kv[1], -kv[0]))[0] if weights else 10.0


def _is_heading(size: float, bold: bool, body: float) -> bool:
    return size >= HEADLINE_RATIO * body or (bold and size >= BOLD_HEADLINE_RATIO * body)


def _headline_groups(blocks: list[LayoutBlock], heads: list[int]) -> list[list[int]]:
    """Stacked headline blocks (kicker over title over subtitle) form one group, top to bottom."""
    groups: list[list[int]] = []
    for i in sorted(heads, key=lambda k: (blocks[k].box[1], blocks[k].box[0])):
        x0, y0, x1, _ = blocks[i].box
        y1 = blocks[i].box[3]
        for group in groups:
            gx0, gy0, gx1, gy1 = union(blocks[k].box for k in group)
            gap = y0 - gy1
            size = min(blocks[i].size, blocks[group[-1]].size)
            stacked = -0.3 * size <= gap <= 1.2 * size and _overlap(gx0, gx1, x0, x1) >= 0.3 * min(gx1 - gx0, x1 - x0)
            # A piece of a headline line that OCR boxed apart: beside the group, on the same level.
            similar = abs(blocks[i].size - blocks[group[-1]].size) <= 0.25 * max(blocks[i].size, size)
            beside = similar and _overlap(gy0, gy1, y0, y1) >= 0.5 * (y1 - y0) and (
                _overlap(gx0, gx1, x0, x1) > 0 or min(abs(x0 - gx1), abs(gx0 - x1)) <= 0.2 * size)
            if stacked or beside:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def build_layout(
    lines: list[Line],
    page_size: tuple[float, float],
    size_unit: str,
    *,
    is_masthead: Callable[[str], bool] | None = None,
    merge: bool = True,
) -> LayoutPage:
    """Lay the page's lines out into blocks, reading groups and page text."""
    lines = [ln for ln in lines if ln.text.strip() and ln.box[2] > ln.box[0] and ln.box[3] > ln.box[1]]
    if merge:
        lines = merge_lines(lines)
    body = _body_size(lines)
    blocks: list[LayoutBlock] = []
    for stack in _stack(lines):
        size = statistics.median(ln.size for ln in stack)
        bold = stack[0].bold
        heading = _is_heading(size, bold, body)
        for para in _paragraphs(stack, heading):
            blocks.append(LayoutBlock(para, size, bold, heading))

    heads = [i for i, b in enumerate(blocks) if b.heading]
    head_groups = _headline_groups(blocks, heads)
    # A masthead set in large type opens no article: its blocks are read like any other block.
    top_zone = 0.3 * page_size[1]
    if is_masthead is not None:
        head_groups = [
            g for g in head_groups
            if not (blocks[g[0]].box[1] < top_zone and is_masthead(" ".join(blocks[k].text for k in g)))
        ]  # fmt: skip
    in_head = {k for g in head_groups for k in g}
    head_boxes = [union(blocks[k].box for k in g) for g in head_groups]
    areas = [_area(blocks, in_head, head_boxes, g, body) for g in range(len(head_groups))]
    claimed: list[list[int]] = [[] for _ in head_groups]
    loose: list[int] = []
    for i, block in enumerate(blocks):
        if i in in_head:
            continue
        x0, y0, x1, _ = block.box
        best, best_bottom = -1, -float("inf")
        for g, (gx0, gx1) in enumerate(areas):
            gy1 = head_boxes[g][3]
            if gy1 <= y0 + 0.5 * block.size and _overlap(gx0, gx1, x0, x1) >= 0.5 * (x1 - x0) and gy1 > best_bottom:
                best, best_bottom = g, gy1
        if best < 0:
            loose.append(i)
        else:
            claimed[best].append(i)

    # Reading order: articles and loose blocks by their top-left corner; an article column by column.
    units: list[tuple[tuple[float, float], list[int], bool]] = []
    for g, group in enumerate(head_groups):
        members = _column_order(blocks, claimed[g], body)
        units.append(((head_boxes[g][1], head_boxes[g][0]), group + members, True))
    for i in loose:
        units.append(((blocks[i].box[1], blocks[i].box[0]), [i], False))
    units.sort(key=lambda u: u[0])

    order = [i for _, members, _ in units for i in members]
    remap = {old: new for new, old in enumerate(order)}
    ordered = [blocks[i] for i in order]
    groups = [[remap[i] for i in members] for _, members, _ in units]
    anchors = {n for n, (_, _, is_article) in enumerate(units) if is_article}
    text, raw, text_lines = _write(ordered)
    return LayoutPage(text, raw, ordered, groups, anchors, text_lines, body, page_size, size_unit)


def _area(blocks: list[LayoutBlock], in_head: set[int], head_boxes: list[Box], g: int, body: float
          ) -> tuple[float, float]:
    """The x range an article spans: its headline's, widened over the columns that start right under it.

    A headline is often narrower than its article; the article's columns all begin at the same height just below
    it, so blocks whose tops line up with the first column's top, side by side, belong to its area (unless another
    headline stands over them).
    """
    gx0, gy0, gx1, gy1 = head_boxes[g]
    tops = [b.box for i, b in enumerate(blocks) if i not in in_head and gy1 - 0.5 * body <= b.box[1] <= gy1 + 4 * body
            and _overlap(gx0, gx1, b.box[0], b.box[2]) > 0.5 * (b.box[2] - b.box[0])]
    if not tops:
        return gx0, gx1
    first = min(t[1] for t in tops)
    right = max(gx1, *(t[2] for t in tops if t[1] <= first + 1.5 * body))
    row = sorted((b.box for i, b in enumerate(blocks) if i not in in_head and abs(b.box[1] - first) <= 1.5 * body),
                 key=lambda box: box[0])
    for x0, y0, x1, _y1 in row:
        if x1 <= right or x0 - right > 3 * body:
            continue
        covered = any(
            h != g and hy1 >= gy0 and hy1 <= y0 and _overlap(hx0, hx1, x0, x1) > 0
            for h, (hx0, _hy0, hx1, hy1) in enumerate(head_boxes)
        )
        if covered:
            break
        right = max(right, x1)
    return gx0, right


def _column_order(blocks: list[LayoutBlock], members: list[int], body: float) -> list[int]:
    """An article's blocks column by column (columns found from the blocks' left edges), top to bottom."""
    if not members:
        return []
    lefts = sorted({blocks[i].box[0] for i in members})
    columns = [lefts[0]]
    for x in lefts[1:]:
        if x - columns[-1] > 2.5 * body:
            columns.append(x)
    def column(i: int) -> int:
        return max(0, bisect.bisect_right(columns, blocks[i].box[0] + 2.5 * body) - 1)
    return sorted(members, key=lambda i: (column(i), blocks[i].box[1]))


def _write(blocks: list[LayoutBlock]) -> tuple[str, str | None, list[TextLine]]:
    """Page text, the raw text if it differs, and line offsets.

    A block of text keeps its printed lines; a headline or bold block (a byline, a subhead) is written on one line
    (the text classifiers take single lines for headlines and bylines); blocks are separated by a blank line.
    """
    parts: list[str] = []
    raw_parts: list[str] = []
    text_lines: list[TextLine] = []
    pos = 0
    differs = False
    for n, block in enumerate(blocks):
        if n:
            parts.append("\n\n")
            raw_parts.append("\n\n")
            pos += 2
        block.start = pos
        prev = ""
        for line in block.lines:
            piece = line.text.strip()
            if not piece:
                continue
            lead = len(line.text) - len(line.text.lstrip())
            raw_piece = (line.raw or line.text)[lead : lead + len(piece)]
            if prev:
                one_line = block.heading or block.bold
                sep = "\n" if not one_line else "" if _wide(prev[-1]) or _wide(piece[0]) else " "
                parts.append(sep)
                raw_parts.append(sep)
                pos += len(sep)
            xs = None
            if line.xs is not None and len(line.xs) == len(line.text) + 1:
                xs = tuple(line.xs[lead : lead + len(piece) + 1])
            text_lines.append(TextLine(pos, pos + len(piece), line.box, xs))
            parts.append(piece)
            raw_parts.append(raw_piece)
            differs = differs or raw_piece != piece
            pos += len(piece)
            prev = piece
        block.end = pos
    text = "".join(parts)
    raw = "".join(raw_parts) if differs else None
    return text, raw, text_lines


# --------------------------------------------------------------------------------------------------------
# Blocks -> articles


@dataclass
class _Sink:
    """Items being built for one reading group, plus the drafts that belong to it."""

    items: list[_Draft | Block] = field(default_factory=list)
    current: _Draft | None = None

    def draft(self) -> _Draft:
        if self.current is None or self.current.closed:
            self.current = _Draft()
            self.items.append(self.current)
        return self.current

    def new_draft(self) -> _Draft:
        self.current = None
        return self.draft()


def _headline(texts_sizes: list[tuple[str, float]], layout: cues.Layout) -> Headline:
    """Roles of a headline group's blocks from their type sizes: the largest is the title."""
    texts = [clean_heading(t) for t, _ in texts_sizes]
    sizes = [s for _, s in texts_sizes]
    section = None
    if len(texts) >= 2 and layout.is_section_label(texts[0]):
        section, texts, sizes = texts[0], texts[1:], sizes[1:]
    if len(texts) == 1 or max(sizes) < 1.25 * min(sizes):
        h = assign_roles(texts, layout)  # one size: the text cues decide
    else:
        top = max(sizes)  # OCR estimates sizes within some 20%: lines that close are the title's
        first = next(k for k, s in enumerate(sizes) if s >= 0.78 * top)
        last = max(k for k, s in enumerate(sizes) if s >= 0.78 * top)
        kicker = " ".join(texts[:first]) or None
        subtitle = " ".join(texts[last + 1 :]) or None
        h = Headline(kicker=kicker, title=" ".join(texts[first : last + 1]), subtitle=subtitle)
    if section is not None:
        h.section = section
    return h


def segment_layout(page: LayoutPage, segmenter: PageSegmenter) -> list[Article | Block]:
    """Articles and blocks of a laid-out page, each with its spans and regions."""
    units = segmenter.units(page.text)
    starts = [b.start for b in page.blocks]

    def block_of(unit: Unit) -> int:
        return max(0, bisect.bisect_right(starts, unit.block.start) - 1)

    by_block: dict[int, list[Unit]] = {}
    for unit in units:
        by_block.setdefault(block_of(unit), []).append(unit)

    items: list[_Draft | Block] = []
    for g, group in enumerate(page.groups):
        group_units = [u for i in group for u in by_block.get(i, [])]
        if g in page.anchors:
            items.extend(_article_group(page, group, group_units, block_of, segmenter))
        else:
            items.extend(_loose_group(page, group_units, block_of, segmenter))
    out = segmenter._finish(items)
    for item in out:
        item.regions = _regions(page, item.spans)
    return out


def _article_group(
    page: LayoutPage, group: list[int], units: list[Unit], block_of: Callable[[Unit], int], seg: PageSegmenter
) -> list[_Draft | Block]:
    """One headline group and the blocks of its area."""
    sink = _Sink()
    heads = [u for u in units if page.blocks[block_of(u)].heading and u.kind not in FIXED]
    head_blocks = {block_of(u) for u in heads}
    if heads:
        sink.new_draft()
        assert sink.current is not None
        sink.current.headline = _headline([(u.text, page.blocks[block_of(u)].size) for u in heads], seg.layout)
        sink.current.blocks.extend(u.block for u in heads)
    rest = [u for u in units if u not in heads]
    _fill(page, sink, rest, block_of, seg, head_blocks)
    draft = sink.items[0] if sink.items and isinstance(sink.items[0], _Draft) else None
    if draft is not None and heads and not draft.has_body and draft.byline is None and len(sink.items) == 1:
        # Headlines with no text under them: teasers or a column label, as on text pages.
        kind = "section" if len(heads) == 1 and seg.layout.is_section_label(heads[0].text) else "index"
        return [seg._block(kind, heads)]
    return sink.items


def _loose_group(
    page: LayoutPage, units: list[Unit], block_of: Callable[[Unit], int], seg: PageSegmenter
) -> list[_Draft | Block]:
    """Blocks outside any headline's area (masthead, page header, a headless continuation...)."""
    sink = _Sink()
    _fill(page, sink, units, block_of, seg, set())
    return sink.items


def _fill(
    page: LayoutPage,
    sink: _Sink,
    units: list[Unit],
    block_of: Callable[[Unit], int],
    seg: PageSegmenter,
    head_blocks: set[int],
) -> None:
    """Put each unit into the group's article (byline, body, jump) or into a block of its own kind."""
    for unit in units:
        kind = unit.kind
        block = page.blocks[block_of(unit)]
        if kind == "noise" and head_blocks and not block.heading:
            # A fragment in an article's area ("的。" at the top of a column) is the article's text.
            art = sink.draft()
            art.parts.append(("para", unit.text))
            art.blocks.append(unit.block)
        elif kind in FIXED or kind == CAPTION:
            last = sink.items[-1] if sink.items else None
            after_advert = isinstance(last, Block) and last.kind == "advert"
            if kind == "footer" and after_advert and not cues.FOOTER_WORDS_RE.search(unit.text):
                kind = "advert"  # the contact lines of an advert box are the advert's, not the editors' footer
            sink.items.append(seg._block(kind, [unit]))
        elif kind == TABLE:
            sink.items.append(seg._block("table", [unit]))
        elif kind == JUMP:
            assert unit.jump is not None
            direction, label = unit.jump
            if direction == "from":
                art = sink.draft()
                if art.parts or art.continued_from is not None:
                    art = sink.new_draft()
                art.continued_from = normalize_page_label(label)
                art.blocks.append(unit.block)
            elif sink.current is not None:
                sink.current.continued_to = normalize_page_label(label)
                sink.current.blocks.append(unit.block)
                sink.current.closed = True
            else:
                sink.items.append(seg._block("noise", [unit]))
        elif kind == LEAD:
            art = sink.draft()
            if art.has_body or art.byline is not None:
                art = sink.new_draft()
            m = cues.DATELINE_RE.match(unit.text)
            assert m is not None
            art.byline = _tidy_dateline(m.group(0))
            rest = unit.text[m.end() :]
            if rest.strip():
                art.parts.append(("para", rest))
            art.blocks.append(unit.block)
        elif kind == BYLINE or (unit.name_like and sink.current is not None and not sink.current.has_body
                                and sink.current.byline is None and not block.heading):
            art = sink.draft()
            if art.byline is None and not art.has_body:
                art.byline = clean_heading(unit.text)
            else:
                art.parts.append(("para", unit.text))
            art.blocks.append(unit.block)
        elif block.heading:
            # A headline block outside a headline group (a masthead line that is not one, a lone big line).
            art = sink.draft()
            if art.has_body or not art.headline.empty:
                art = sink.new_draft()
            art.headline = assign_roles([unit.text], seg.layout)
            art.blocks.append(unit.block)
        elif kind in (HEADING, WEAK) and block.bold and sink.current is not None and sink.current.has_body:
            sink.current.parts.append(("subhead", unit.text))
            sink.current.blocks.append(unit.block)
        else:  # BODY, and text-heading lines set in body type: the geometry says they are text
            assert kind in (BODY, HEADING, WEAK), kind
            art = sink.draft()
            art.parts.append(("para", unit.text))
            art.blocks.append(unit.block)


def _regions(page: LayoutPage, spans: list[tuple[int, int]]) -> list[Box]:
    """One rectangle per layout block touched by ``spans``, covering the lines they hold, in span order."""
    ends = [ln.end for ln in page.lines]
    starts = [b.start for b in page.blocks]
    boxes: dict[int, list[Box]] = {}
    for start, end in spans:
        i = bisect.bisect_right(ends, start)
        while i < len(page.lines) and page.lines[i].start < end:
            line = page.lines[i]
            k = bisect.bisect_right(starts, line.start) - 1
            boxes.setdefault(k, []).append(line.box)
            i += 1
    return [union(b) for b in boxes.values()]
