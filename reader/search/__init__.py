"""Full-text search over the library: exact Chinese substring matching, filters, facets and ranking."""

from __future__ import annotations

from reader.search.query import QueryError, parse_query
from reader.search.service import Hit, SearchResult, SearchService

__all__ = ["Hit", "QueryError", "SearchResult", "SearchService", "parse_query"]
