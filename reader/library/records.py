"""Plain, immutable records the library hands out (never sqlite rows), plus the import report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from reader.ingest.model import Box, Span, TextLine


@dataclass(frozen=True)
class PaperRecord:
    """A newspaper title in the library."""

    id: int
    name: str
    issue_count: int


@dataclass(frozen=True)
class IssueRecord:
    """One issue (paper + date); ``paper`` or ``date`` is None when the pages did not tell."""

    id: int
    key: str
    paper: str | None
    date: dt.date | None
    issue_number: int | None
    page_count: int | None  # pages the issue says it has ("今日8版")
    stored_pages: int  # pages of it in the library
    article_count: int
    provenance: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PageRecord:
    """One imported page with its original text and metadata (meta includes provenance)."""

    id: int
    issue_id: int
    source_path: str
    label: str | None
    seq: int
    encoding: str
    content_hash: str
    imported_at: str
    article_count: int
    block_count: int
    text: str = field(repr=False)
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class ArticleRecord:
    """A stored article; ``next_part``/``previous_part`` are the ids of its jump continuations, if linked."""

    id: int
    page_id: int
    issue_id: int
    page_label: str | None
    ord: int
    kicker: str | None
    title: str | None
    subtitle: str | None
    byline: str | None
    section: str | None
    body: str
    continued_to: str | None
    continued_from: str | None
    spans: tuple[Span, ...]
    char_count: int
    subheads: tuple[int, ...] = ()  # indexes of paragraphs that are interior subheadings
    next_part: int | None = None
    previous_part: int | None = None
    dateline: str | None = None  # "（南京五日中央社電）": where and when a telegram was sent, not an author
    verse: bool = False  # a poem: show each paragraph as one line
    series_title: str | None = None  # the serial this article is an instalment of ...
    series_number: int | None = None  # ... its number as printed ...
    series_chapter: str | None = None  # ... and its chapter heading ("第十二回 …")

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n") if self.body else []


@dataclass(frozen=True)
class SeriesRecord:
    """A serial (fiction printed in instalments) of one paper, with where its instalments run."""

    paper: str | None
    key: str  # pass to Library.instalments
    title: str
    instalments: int
    first_date: dt.date | None
    last_date: dt.date | None
    first_number: int | None
    last_number: int | None


@dataclass(frozen=True)
class InstalmentRecord:
    """One instalment of a serial, as a series' table of contents lists it."""

    article_id: int
    issue_id: int
    paper: str | None
    date: dt.date | None
    page_label: str | None
    number: int | None
    chapter: str | None
    title: str | None
    char_count: int


@dataclass(frozen=True)
class BlockRecord:
    """A stored non-article piece of a page (masthead, advert, caption, ...)."""

    id: int
    page_id: int
    ord: int
    kind: str
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class PageSummary:
    """A page as listed in an issue's page strip: its label and counts, without the page text."""

    id: int
    issue_id: int
    label: str | None
    seq: int
    source_path: str
    article_count: int
    block_count: int
    provenance: dict[str, str] = field(default_factory=dict, compare=False)  # of the page's metadata
    flags: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)  # e.g. "date_conflict"


@dataclass(frozen=True)
class PageImage:
    """Where a page's picture comes from (its file, known by hash and size) and its size in page units."""

    id: int
    issue_id: int
    label: str | None
    seq: int
    source_path: str  # the file, or "<path>#page=<n>" for page n of a multi-page file
    source_kind: str  # "text", "pdf" or "scan"
    file_hash: str | None  # SHA-256 of the whole file (PDFs and images)
    file_size: int | None
    size: tuple[float, float] | None  # (width, height) in ``unit``; None for a page read from text
    unit: str | None  # "pt" (PDF points) or "px" (image pixels)

    @property
    def has_image(self) -> bool:
        """Whether the page can be shown as a picture (a PDF or a scan with its geometry)."""
        return self.size is not None and self.source_kind != "text"


@dataclass(frozen=True)
class PageGeometry(PageImage):
    """A page's image source plus its printed lines (text offsets and boxes): what the page view draws on."""

    lines: tuple[TextLine, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class PageRegion:
    """An article's or a block's boxes on its page, with the words the page view shows when hovered."""

    kind: str  # "article" or a BlockKind value
    id: int  # article id or block id
    ord: int
    title: str  # the article's title (or its first words), or the block's first words
    regions: tuple[Box, ...]  # (x0, y0, x1, y1) in page units, top-left origin

    @property
    def is_article(self) -> bool:
        return self.kind == "article"


@dataclass(frozen=True)
class TocEntry:
    """One row of a page's table of contents: an article (kind "article") or a block of another kind."""

    kind: str  # "article" or a BlockKind value
    id: int  # article id or block id
    page_id: int
    ord: int
    title: str | None
    kicker: str | None
    subtitle: str | None
    byline: str | None
    section: str | None
    char_count: int
    continued_to: str | None
    continued_from: str | None
    first_line: str  # the first line of the body or block text, shortened

    @property
    def is_article(self) -> bool:
        return self.kind == "article"


@dataclass(frozen=True)
class CorrectionRecord:
    """A user's correction of a page or issue field; it is re-applied on every import."""

    id: int
    target_kind: str
    target_key: str
    field: str
    value: str | None
    created_at: str


@dataclass
class ImportReport:
    """What an import did; filled in as the import runs."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    moved: int = 0  # pages found under a new path (the old file gone): the stored page follows the file
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (copy as shown, path already in the library)
    articles: int = 0  # articles written by this import
    issue_ids: set[int] = field(default_factory=set)  # issues holding the pages this import saw
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path as shown, reason)
    cancelled: bool = False
    # The search index brought in step afterwards (the writer's import does both): pages indexed and removed.
    indexed: int = 0
    unindexed: int = 0
    index_seconds: float = 0.0

    @property
    def issues(self) -> int:
        return len(self.issue_ids)

    @property
    def pages(self) -> int:
        """Pages this import found in the library afterwards, whatever it had to do for them."""
        return self.added + self.replaced + self.unchanged + self.moved + len(self.duplicates)


UNTITLED_CHARS = 16
_SENTENCE_END = re.compile(r"[。！？!?；;，,：:]")


def headline(title: str | None, body: str) -> str:
    """An article's title, or for an untitled one its first words (to the first pause, at most 16) and "…"."""
    title = " ".join((title or "").split())
    if title:
        return title
    first = next((p.strip() for p in (body or "").split("\n") if p.strip()), "")
    if not first:
        return ""
    cut = _SENTENCE_END.search(first)
    end = min(cut.start() if cut and cut.start() > 0 else UNTITLED_CHARS, UNTITLED_CHARS)
    return first[:end] + "…"
