"""The search process: answers the window's searches in a child process of its own.

A search over a 30,000-page library runs Python for up to a few hundred milliseconds (ranking, snippets,
facets). In a thread of the window's process it held the GIL that long, in 5 ms turns, and the window's
own short queries waited behind it: 147-309 ms stalls were measured in bench_gui. In a child process the
window never waits for it. The request loop is ``reader.child.run_jobs``; handlers are plain functions of
(searcher, progress, cancel, request), the request being one of ``reader.jobs``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.child import failure_text, leave_with_parent, lower_priority, run_jobs
from reader.jobs import SearchPage, WarmUp
from reader.progress import Progress
from reader.search.service import SearchResult, SearchService

log = logging.getLogger(__name__)


class Searcher:
    """The child's search service, opened on first use so a failure to open is a job's failure, not a crash."""

    def __init__(self, library_dir: Path) -> None:
        self.library_dir = library_dir
        self._service: SearchService | None = None

    @property
    def service(self) -> SearchService:
        if self._service is None:
            self._service = SearchService(self.library_dir)
        return self._service

    def close(self) -> None:
        if self._service is not None:
            self._service.close()


def warm_up_op(searcher: Searcher, _progress: Progress, _cancel: Any, _request: WarmUp) -> None:
    """Open the index and load jieba's dictionary and the folding table before the first query."""
    searcher.service.warm_up()


def search_op(searcher: Searcher, _progress: Progress, _cancel: Any, page: SearchPage) -> SearchResult:
    """One page of results of a request; never raises (problems come back in the result's ``error``)."""
    r = page.request
    return searcher.service.search(
        r.query, paper=r.paper, date_from=r.date_from, date_to=r.date_to, page=r.page,
        sort=r.sort or "relevance", limit=page.limit, offset=page.offset, facets=page.facets,
    )


HANDLERS: dict[type, Callable[..., Any]] = {WarmUp: warm_up_op, SearchPage: search_op}


def serve(library_dir: str, requests: Any, results: Any, cancel: Any) -> None:
    """The child process's loop: one search at a time until a ``None`` request.

    Niced a little: on two cores shared with an import, the window's thread should win the CPU over a
    search, and a search over the writer (niced 10).
    """
    lower_priority(4)
    leave_with_parent("search process")
    searcher = Searcher(Path(library_dir))
    try:
        run_jobs(searcher, HANDLERS, requests, results, cancel, failure_text)
    finally:
        searcher.close()
