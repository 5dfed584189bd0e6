"""The interfaces the window's panels read through: what each needs of the library and of the notes.

``reader.library.store.Library`` and ``reader.ui.notes_controller.NotesController`` fit them; tests may pass
anything else that does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from reader.library.records import ArticleRecord, BlockRecord, IssueRecord, PageRecord
from reader.notes.model import Annotation


class ArticleSource(Protocol):
    """What the reading pane reads of the library."""

    def article(self, article_id: int) -> ArticleRecord | None: ...

    def joined_article(self, article_id: int) -> list[ArticleRecord]: ...

    def issue(self, issue_id: int) -> IssueRecord | None: ...

    def page(self, page_id: int) -> PageRecord | None: ...

    def blocks(self, page_id: int) -> list[BlockRecord]: ...

    def page_items(self, page_id: int) -> list[ArticleRecord | BlockRecord]: ...

    def adjacent_instalment(self, article_id: int, step: int = 1) -> ArticleRecord | None: ...


class ArticleNotes(Protocol):
    """The reader's notes on articles, as the reading pane shows them."""

    def for_article(self, article_id: int) -> list[Annotation]: ...


class NoteMarks(Protocol):
    """Per article: whether it is bookmarked and how many highlights and notes it has (the contents list)."""

    def marks(self, article_ids: Iterable[int]) -> dict[int, tuple[bool, int]]: ...
