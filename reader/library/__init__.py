"""The user's library: an SQLite database of imported papers, issues, pages, articles and corrections."""

from __future__ import annotations

from reader.library.db import LibraryError
from reader.library.records import (
    ArticleRecord,
    BlockRecord,
    CorrectionRecord,
    ImportReport,
    IssueRecord,
    PageRecord,
    PaperRecord,
)
from reader.library.store import Library

__all__ = [
    "ArticleRecord",
    "BlockRecord",
    "CorrectionRecord",
    "ImportReport",
    "IssueRecord",
    "Library",
    "LibraryError",
    "PageRecord",
    "PaperRecord",
]
