"""The search process: answers the window's searches in a child process of its own.

A search over a 30,000-page library runs Python for up to a few hundred milliseconds (ranking, snippets,
facets). In a thread of the window's process it held the GIL that long, in 5 ms turns, and the window's
own short queries waited behind it: 147-309 ms stalls were measured in bench_gui. In a child process the
window never waits for it. The request loop is ``reader.child.run_jobs``; operations are plain functions of
(searcher, progress, cancel, *args).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.child import Progress, leave_with_parent, lower_priority, run_jobs
from reader.writer import failure_text  # the same wording for both processes' failures

log = logging.getLogger(__name__)


class Searcher:
    """The child's search service, opened on first use so a failure to open is a job's failure, not a crash."""

    def __init__(self, library_dir: Path) -> None:
        self.library_dir = library_dir
        self._service: Any = None

    @property
    def service(self) -> Any:
        if self._service is None:
            from reader.search.service import SearchService

            self._service = SearchService(self.library_dir)
        return self._service

    def close(self) -> None:
        if self._service is not None:
            self._service.close()


def warm_up_op(searcher: Searcher, _progress: Progress, _cancel: Any) -> None:
    """Open the index and load jieba's dictionary and the folding table before the first query."""
    searcher.service.warm_up()


def search_op(searcher: Searcher, _progress: Progress, _cancel: Any, request: dict[str, Any], limit: int,
              offset: int, facets: bool) -> Any:
    """One page of results for ``request`` (query, paper, date_from, date_to, page, sort); never raises."""
    return searcher.service.search(
        request["query"], paper=request.get("paper"), date_from=request.get("date_from"),
        date_to=request.get("date_to"), page=request.get("page"), sort=request.get("sort") or "relevance",
        limit=limit, offset=offset, facets=facets,
    )


OPERATIONS: dict[str, Callable[..., Any]] = {"warm up": warm_up_op, "search": search_op}


def serve(library_dir: str, requests: Any, results: Any, cancel: Any) -> None:
    """The child process's loop: one search at a time until a ``None`` request.

    Niced a little: on two cores shared with an import, the window's thread should win the CPU over a
    search, and a search over the writer (niced 10).
    """
    lower_priority(4)
    leave_with_parent("search process")
    searcher = Searcher(Path(library_dir))
    try:
        run_jobs(searcher, OPERATIONS, requests, results, cancel, failure_text)
    finally:
        searcher.close()
