"""The writer process: the one place that writes the library and the search index while the window runs.

The desktop runs imports, index syncs and corrections here, in a child process, so that their heavy Python
work never competes with the window's thread for the GIL. Requests arrive on a queue as
``(job_id, operation, args)``; progress, results and failures go back on another queue. Operations are
plain functions of (library, progress, cancel, *args) so the command line and tests can call them directly.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.library.db import is_damage
from reader.library.records import ImportReport
from reader.library.recovery import request_check
from reader.library.store import Library

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
INDEX_STEP = "index"  # progress text meaning "updating the search index" (the window translates it)


def sync_index(library: Library, progress: Progress, cancel: threading.Event | Any) -> None:
    """Bring the search index in step with the library (rebuilding an old or damaged index)."""
    from reader.search.service import SearchService

    service = SearchService(library.folder)
    try:
        service.sync(library, progress=progress, cancel=cancel)
    finally:
        service.close()


def import_op(library: Library, progress: Progress, cancel: Any, paths: list[str]) -> ImportReport:
    report = library.import_paths(paths, progress=progress, cancel=cancel)
    progress(0, 0, INDEX_STEP)
    sync_index(library, progress, cancel)
    return report


def sync_op(library: Library, progress: Progress, cancel: Any) -> None:
    sync_index(library, progress, cancel)


def corrections_op(library: Library, progress: Progress, cancel: Any,
                   changes: list[tuple[str, int, str, Any]]) -> None:
    issue_now: dict[int, int] = {}  # correcting an issue's paper or date can move it to another id
    for kind, target_id, field, value in changes:
        target = issue_now.get(target_id, target_id) if kind == "issue" else target_id
        moved_to = library.set_correction(kind, target, field, value)
        if kind == "issue":
            issue_now[target_id] = moved_to
    sync_index(library, progress, cancel)


OPERATIONS: dict[str, Callable[..., Any]] = {
    "import": import_op,
    "index sync": sync_op,
    "corrections": corrections_op,
}


def failure_text(exc: Exception) -> str:
    """What the window shows for a failed job: our own errors speak for themselves ("the disk is full")."""
    from reader.library.db import LibraryError
    from reader.search.index import SearchIndexError

    if isinstance(exc, LibraryError | SearchIndexError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class _Reporter:
    """Progress of one job, throttled: the window needs about twenty updates a second, not thousands."""

    def __init__(self, results: Any, job_id: int) -> None:
        self.results, self.job_id, self.last = results, job_id, 0.0

    def __call__(self, done: int, total: int, text: str) -> None:
        now = time.monotonic()
        if done >= total or now - self.last >= 0.05:
            self.last = now
            self.results.put(("progress", self.job_id, done, total, text))


def _leave_with_parent() -> None:
    """End this process when the window's process dies (it is not a daemon, so nothing else would).

    A page being written at that moment is rolled back by SQLite, as after any crash.
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        log.warning("the window's process is gone: the writer stops")
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(library_dir: str, requests: Any, results: Any, cancel: Any) -> None:
    """The child process's loop: one job at a time until a ``None`` request."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(10)  # background work yields the CPU to the window (two cores are shared here)
    _leave_with_parent()
    library = Library(Path(library_dir))
    try:
        while True:
            request = requests.get()
            if request is None:
                break
            job_id, name, args = request
            progress = _Reporter(results, job_id)

            try:
                result = OPERATIONS[name](library, progress, cancel, *args)
            except Exception as exc:  # reported to the window; the process goes on serving
                log.exception("writer job %s failed", name)
                if is_damage(exc):  # the next start checks the whole database and recovers it
                    request_check(Path(library_dir))
                results.put(("failed", job_id, failure_text(exc)))
            else:
                results.put(("done", job_id, result))
    finally:
        library.close()
