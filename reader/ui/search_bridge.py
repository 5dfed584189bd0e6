"""Connects the search process to the interface: the newest query wins, older answers are dropped."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from reader.jobs import SearchPage, SearchRequest, WarmUp
from reader.library.records import ArticleRecord
from reader.ui.tasks import Job, ReadPool, SearchLane

log = logging.getLogger(__name__)

PAGE_SIZE = 20


class SearchBridge(QObject):
    """Runs searches in the search process (``reader.searcher``); answers to superseded queries are dropped."""

    result_ready = Signal(object, object)  # the SearchResult and the SearchRequest it answers
    more_ready = Signal(list)
    failed = Signal(str)
    warmed = Signal()

    def __init__(self, pool: ReadPool, library_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool, self._library_dir = pool, library_dir
        self.lane = SearchLane(library_dir, self)
        self._generation = 0
        self._request: SearchRequest | None = None

    def _submit(self, page: SearchPage, on_done: Any, *, replace: bool = False) -> Job:
        def setup(job: Job) -> None:
            job.done.connect(on_done)
            job.failed.connect(self.failed)

        return self.lane.submit(page, setup, replace=replace)

    def warm_up(self) -> None:
        """Start the search process (index, jieba) and, on a pool thread, what highlighting an opened hit
        needs in this process (the folding table, the query compiler)."""
        library_dir = self._library_dir

        def prepare(_cancel: Any) -> None:
            from reader.paths import cache_dir
            from reader.search.fold import fold_table
            from reader.search.highlight import article_hit_offsets  # noqa: F401  (loaded now, used later)

            fold_table(cache_dir(library_dir))

        self._pool.submit("highlighting", prepare)
        def setup(job: Job) -> None:
            job.finished.connect(self.warmed)

        self.lane.submit(WarmUp(), setup)

    @property
    def request(self) -> SearchRequest | None:
        """The newest request (the one whose answers are shown)."""
        return self._request

    def search(self, request: SearchRequest) -> None:
        self._generation += 1
        generation = self._generation
        self._request = request

        def done(result: Any) -> None:
            if generation == self._generation:
                self.result_ready.emit(result, request)

        # A query typed while another runs replaces the queued ones: only the newest is worth answering.
        self._submit(SearchPage(request, PAGE_SIZE, 0, True), done, replace=True)

    def more(self, offset: int) -> None:
        if self._request is None:
            return
        generation, request = self._generation, self._request

        def done(result: Any) -> None:
            if generation == self._generation:
                self.more_ready.emit(list(result.hits))

        self._submit(SearchPage(request, PAGE_SIZE, offset, False), done)

    def hit_offsets(self, article: ArticleRecord | None, query: str) -> dict[str, list[tuple[int, int]]]:
        """Where the query's strings occur in one article (cheap: one article's text); empty on any problem."""
        from reader.search.highlight import article_hit_offsets

        try:
            return dict(article_hit_offsets(article, query))
        except Exception:
            log.exception("cannot compute hit offsets")
            return {}

    def stop(self) -> None:
        """End the search process (searches only read: nothing to finish)."""
        self.lane.stop(timeout_ms=3000)
