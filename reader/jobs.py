"""Typed requests the window sends to its child processes, and what comes back: the seam between them.

Light on purpose (dataclasses only): the window imports this module, never the heavy modules that serve the
requests (``reader.writer``, ``reader.searcher``), which run in the children. A child looks up the handler of a
request by its type; a request of a type the child does not serve is refused when it is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# -- the writer process (reader.writer) -------------------------------------------------------------------

INDEX_STEP = "index"  # progress text meaning "updating the search index" (the window translates it)



@dataclass(frozen=True)
class ImportPages:
    """Import page files or folders, then bring the search index in step."""

    paths: tuple[str, ...]
    force: bool = False


@dataclass(frozen=True)
class SyncIndex:
    """Bring the search index in step with the library (rebuilding an old or damaged index)."""


@dataclass(frozen=True)
class Correction:
    """The user's value for one field of a page or an issue (None: unknown)."""

    target_kind: str  # "page" or "issue"
    target_id: int
    field: str
    value: Any


@dataclass(frozen=True)
class ApplyCorrections:
    """Store corrections (they survive re-imports), move what they move, re-index."""

    changes: tuple[Correction, ...]


# -- the search process (reader.searcher) ------------------------------------------------------------------

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class SearchRequest:
    """What the reader asked for: a query in the search syntax and the filters beside it."""

    query: str = ""
    paper: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: str | None = None
    sort: str = "relevance"


@dataclass(frozen=True)
class SearchPage:
    """One page of hits of a request; ``facets`` asks for the total and the counts per paper and year too."""

    request: SearchRequest
    limit: int = 20
    offset: int = 0
    facets: bool = True


@dataclass(frozen=True)
class WarmUp:
    """Open the index and load what the first search needs, before the reader types."""


WRITER_REQUESTS = (ImportPages, SyncIndex, ApplyCorrections)
SEARCH_REQUESTS = (SearchPage, WarmUp)
