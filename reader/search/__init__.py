"""Full-text search over the library: exact Chinese substring matching, filters, facets and ranking.

The names below load on first use (PEP 562): the window imports light modules of this package (folding,
highlighting) and must not pay for the search service, which runs in its own process.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.search.query import QueryError, parse_query
    from reader.search.service import Hit, SearchResult, SearchService

__all__ = ["Hit", "QueryError", "SearchResult", "SearchService", "parse_query"]

_HOMES = {"Hit": "service", "SearchResult": "service", "SearchService": "service", "QueryError": "query",
          "parse_query": "query"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"reader.search.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'reader.search' has no attribute {name!r}")
