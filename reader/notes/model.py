"""What the reader keeps: bookmarks, highlights and notes as stored annotations."""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]

BOOKMARK, HIGHLIGHT, NOTE = "bookmark", "highlight", "note"
KINDS = (BOOKMARK, HIGHLIGHT, NOTE)
ANCHORED, ORPHANED = "anchored", "orphaned"
COLORS = ("yellow", "green", "blue", "pink")
DEFAULT_COLOR = COLORS[0]


class NotesError(Exception):
    """A change to the reader's notes that could not be made (unknown article, bad value, disk trouble)."""


@dataclass(frozen=True)
class Annotation:
    """One bookmark, highlight or article note, with the anchor that finds its place again.

    ``start``/``end`` are offsets in the article's body text (``None``: the whole article); ``quote`` with
    ``prefix``/``suffix`` is the text there when it was made. ``title``, ``paper``, ``date`` and
    ``page_label`` describe the article (live when anchored, as last known when orphaned).
    """

    id: int
    uid: str
    kind: str
    source_path: str
    content_hash: str
    article_spans: tuple[Span, ...]
    article_id: int | None
    title: str | None
    paper: str | None
    date: str | None
    page_label: str | None
    start: int | None
    end: int | None
    quote: str | None
    prefix: str | None
    suffix: str | None
    status: str
    color: str | None
    note: str
    name: str | None
    folder: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None

    @property
    def orphaned(self) -> bool:
        return self.status == ORPHANED

    @property
    def has_position(self) -> bool:
        return self.start is not None

    @property
    def label(self) -> str:
        """What lists show for it: a bookmark's own name, else the article's title."""
        return (self.name or "").strip() or (self.title or "").strip()
