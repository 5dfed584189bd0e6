"""Connects the search service to the interface: queries run on the read pool, the newest answer wins."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from reader.ui.tasks import ReadPool

log = logging.getLogger(__name__)

PAGE_SIZE = 20


class SearchBridge(QObject):
    """Runs searches off the GUI thread; answers to superseded queries are dropped."""

    result_ready = Signal(object)
    more_ready = Signal(list)
    failed = Signal(str)
    warmed = Signal()

    def __init__(self, pool: ReadPool, library_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool, self._library_dir = pool, library_dir
        self._service: Any = None
        self._lock = threading.Lock()
        self._generation = 0
        self._request: dict[str, Any] | None = None
        self._jobs: list[Any] = []  # keep job objects alive until they finish

    def service(self) -> Any:
        """The search service, created on first use (whoosh and jieba load then, on a worker thread)."""
        with self._lock:
            if self._service is None:
                from reader.search.service import SearchService

                self._service = SearchService(self._library_dir)
            return self._service

    def _submit(self, name: str, fn: Any, on_done: Any) -> None:
        def setup(job: Any) -> None:
            self._jobs.append(job)
            job.done.connect(on_done)
            job.failed.connect(self.failed)
            job.finished.connect(lambda: self._jobs.remove(job) if job in self._jobs else None)

        self._pool.submit(name, fn, setup)

    def warm_up(self) -> None:
        """Open the index and initialise jieba in the background at start-up."""
        self._submit("search warm-up", lambda cancel: self.service().warm_up(), lambda _=None: self.warmed.emit())

    def _run(self, request: dict[str, Any], offset: int, facets: bool) -> Any:
        return self.service().search(
            request["query"], paper=request.get("paper"), date_from=request.get("date_from"),
            date_to=request.get("date_to"), page=request.get("page"), sort=request.get("sort") or "relevance",
            limit=PAGE_SIZE, offset=offset, facets=facets,
        )

    def search(self, request: dict[str, Any]) -> None:
        self._generation += 1
        generation = self._generation
        self._request = dict(request)

        def done(result: Any) -> None:
            if generation == self._generation:
                self.result_ready.emit(result)

        self._submit("search", lambda cancel: self._run(request, 0, True), done)

    def more(self, offset: int) -> None:
        if self._request is None:
            return
        generation, request = self._generation, self._request

        def done(result: Any) -> None:
            if generation == self._generation:
                self.more_ready.emit(list(result.hits))

        self._submit("search more", lambda cancel: self._run(request, offset, False), done)

    def hit_offsets(self, article_id: int, query: str) -> dict[str, list[tuple[int, int]]]:
        """Where the query's strings occur in one article (cheap: one article's text); empty on any problem."""
        try:
            return dict(self.service().hit_offsets(article_id, query))
        except Exception:
            log.exception("cannot compute hit offsets")
            return {}
