"""Plain data produced by the page parser: pages, articles, blocks and where each value came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# A span is a half-open [start, end) range of character offsets into the page's original text.
Span = tuple[int, int]


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

    def to_json(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "text": self.text, "spans": [list(s) for s in self.spans]}


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

    @property
    def articles(self) -> list[Article]:
        return [i for i in self.items if isinstance(i, Article)]

    @property
    def blocks(self) -> list[Block]:
        return [i for i in self.items if isinstance(i, Block)]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            **self.meta.to_json(),
            "articles": [a.to_json() for a in self.articles],
            "blocks": [b.to_json() for b in self.blocks],
        }
