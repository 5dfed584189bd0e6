"""Plain data produced by the page parser: pages, articles, blocks and where each value came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# A span is a half-open [start, end) range of character offsets into the page's original text.
Span = tuple[int, int]
# A box is (x0, y0, x1, y1) in page units (``ParsedPage.size_unit``), origin at the page's top-left corner.
Box = tuple[float, float, float, float]

# ``ParsedPage.source_kind``: where the page text came from.
SOURCE_TEXT, SOURCE_PDF, SOURCE_SCAN = "text", "pdf", "scan"


class Source(StrEnum):
    """Where a page's metadata value came from, so the interface can show how sure it is."""

    MASTHEAD = "masthead"  # printed in the masthead text of this page
    LUNAR = "lunar"  # derived from a printed lunar date (plus weekday)
    TEXT = "text"  # printed elsewhere in the page text (e.g. a page header "第2版")
    PATH = "path"  # taken from the file or folder names
    SIBLING = "sibling"  # inherited from another page of the same issue
    INFERRED = "inferred"  # deduced by a rule (a page with a masthead is the front page)
    USER = "user"  # corrected by the user
    UNKNOWN = "unknown"


class BlockKind(StrEnum):
    """Kinds of non-article material on a page; nothing on a page is ever dropped."""

    MASTHEAD = "masthead"
    ADVERT = "advert"
    INDEX = "index"  # teaser list of headlines without bodies
    CAPTION = "caption"  # photo caption, usually ending in "... 摄"
    FOOTER = "footer"  # editors' credits, contact lines
    SECTION = "section"  # a column label that introduces no article
    TABLE = "table"  # lists/tables that are not running prose
    NOISE = "noise"  # stray glyphs and fragments


@dataclass
class Series:
    """Where an instalment of serial fiction stands: the series' title, its number and the chapter heading."""

    title: str
    number: int | None = None  # instalment number as printed (（四十一） -> 41)
    chapter: str | None = None  # "第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江"

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "number": self.number, "chapter": self.chapter}


@dataclass
class Article:
    """A reconstructed article: headline group, byline, dateline, reflowed body and jump references."""

    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    section: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    continued_to: str | None = None  # page label the article continues on
    continued_from: str | None = None  # page label the article continues from
    spans: list[Span] = field(default_factory=list)
    subheads: list[int] = field(default_factory=list)  # indexes of paragraphs that are interior subheadings
    regions: list[Box] = field(default_factory=list)  # where the article stands on the page (PDF and scans)
    # Place, day and agency of a telegram or report ("（南京五日中央社電）", "新华社北京12月2日电"): not an author.
    dateline: str | None = None
    series: Series | None = None  # set for an instalment of serial fiction
    verse: bool = False  # a poem: each paragraph is one line, to be shown with its line breaks

    def to_json(self) -> dict[str, Any]:
        return {
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "section": self.section,
            "paragraphs": list(self.paragraphs),
            "continued_to": self.continued_to,
            "continued_from": self.continued_from,
            "spans": [list(s) for s in self.spans],
            "subheads": list(self.subheads),
            "regions": [list(b) for b in self.regions],
            "dateline": self.dateline,
            "series": self.series.to_json() if self.series else None,
            "verse": self.verse,
        }


@dataclass
class Block:
    """A piece of a page that is not an article (masthead, advert, caption, ...)."""

    kind: BlockKind
    text: str
    spans: list[Span] = field(default_factory=list)
    regions: list[Box] = field(default_factory=list)  # where the block stands on the page (PDF and scans)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "regions": [list(b) for b in self.regions],
        }


@dataclass(frozen=True)
class TextLine:
    """One printed line of a page: the text offsets [start, end) it holds and its box on the page.

    ``xs`` (optional) holds the left edge of each character and, last, the right edge of the last one, so a
    part of the line maps to an exact rectangle; without it the line's box is divided evenly.
    """

    start: int
    end: int
    box: Box
    xs: tuple[float, ...] | None = None


@dataclass
class PageMeta:
    """Paper, date, issue number, page label and page count of one page, each with its source."""

    paper: str | None = None
    date: dt.date | None = None
    issue_number: int | None = None
    page: str | None = None
    page_count: int | None = None
    provenance: dict[str, Source] = field(
        default_factory=lambda: {
            k: Source.UNKNOWN for k in ("paper", "date", "issue_number", "page", "page_count")
        }
    )
    # Problems a reader should see, by name, e.g. "date_conflict": {"printed": "1936-05-04", "issue": "1936-05-03",
    # "message": "..."}: the page keeps them in the library and in ``parse --json``.
    flags: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The values (``date`` as YYYY-MM-DD) and their sources, as ``parse --json`` and the library store them."""
        return {
            "paper": self.paper,
            "date": self.date.isoformat() if self.date else None,
            "issue_number": self.issue_number,
            "page": self.page,
            "page_count": self.page_count,
            "provenance": {k: str(v) for k, v in self.provenance.items()},
            "flags": {k: dict(v) for k, v in self.flags.items()},
        }

    def set(self, name: str, value: Any, source: Source) -> None:
        """Record a value and where it came from."""
        setattr(self, name, value)
        self.provenance[name] = source if value is not None else Source.UNKNOWN


@dataclass
class ParsedPage:
    """The parser's full reading of one page of text.

    ``items`` lists the page's articles and blocks in reading order; every non-whitespace character
    of ``text`` is covered by exactly one span of exactly one item.
    """

    source: str
    text: str
    meta: PageMeta
    items: list[Article | Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_kind: str = SOURCE_TEXT  # "text" (a text file), "pdf" (a PDF text layer) or "scan" (OCR of an image)
    page_size: tuple[float, float] | None = None  # (width, height) in ``size_unit``; None for text pages
    size_unit: str | None = None  # "pt" (PDF points, 1/72 inch) or "px" (image pixels)
    # The text as extracted, when normalisation (Kangxi radicals -> ideographs) changed it; same length as text.
    raw_text: str | None = None
    lines: list[TextLine] = field(default_factory=list)  # printed lines in text order (PDF and scans)

    @property
    def articles(self) -> list[Article]:
        return [i for i in self.items if isinstance(i, Article)]

    @property
    def blocks(self) -> list[Block]:
        return [i for i in self.items if isinstance(i, Block)]

    @property
    def original_text(self) -> str:
        """The text exactly as the file gave it (before Kangxi-radical normalisation)."""
        return self.raw_text if self.raw_text is not None else self.text

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            **self.meta.to_json(),
            "source_kind": self.source_kind,
            "page_size": list(self.page_size) if self.page_size is not None else None,
            "size_unit": self.size_unit,
            "articles": [a.to_json() for a in self.articles],
            "blocks": [b.to_json() for b in self.blocks],
        }


def lines_to_json(lines: list[TextLine], *, chars: bool = False) -> list[list[float]]:
    """Printed lines in a compact form to store: ``[start, end, x0, y0, x1, y1]`` (plus character edges).

    With ``chars`` each row also carries the line's character edges (rounded to 0.1 unit) after the box, for
    exact rectangles of partial lines; without, a partial line is divided evenly (good for CJK text).
    """
    rows: list[list[float]] = []
    for ln in lines:
        row: list[float] = [ln.start, ln.end, *(round(v, 1) for v in ln.box)]
        if chars and ln.xs is not None:
            row.extend(round(x, 1) for x in ln.xs)
        rows.append(row)
    return rows


def lines_from_json(rows: list[list[float]]) -> list[TextLine]:
    """The lines stored by ``lines_to_json``."""
    out = []
    for row in rows:
        start, end = int(row[0]), int(row[1])
        box = (float(row[2]), float(row[3]), float(row[4]), float(row[5]))
        xs = tuple(float(x) for x in row[6:]) if len(row) == 6 + end - start + 1 else None
        out.append(TextLine(start, end, box, xs))
    return out


def rects_for_range(lines: list[TextLine], start: int, end: int) -> list[Box]:
    """Rectangles on the page covering the text offsets [start, end), one per line touched (for search hits)."""
    import bisect

    out: list[Box] = []
    i = bisect.bisect_right([ln.end for ln in lines], start)
    while i < len(lines) and lines[i].start < end:
        ln = lines[i]
        i += 1
        a, b = max(start, ln.start), min(end, ln.end)
        if a >= b:
            continue
        x0, y0, x1, y1 = ln.box
        n = ln.end - ln.start
        if ln.xs is not None and len(ln.xs) == n + 1:
            left, right = ln.xs[a - ln.start], ln.xs[b - ln.start]
        else:
            step = (x1 - x0) / n
            left, right = x0 + step * (a - ln.start), x0 + step * (b - ln.start)
        out.append((left, y0, right, y1))
    return out
