"""The writer process: the one place that writes the library and the search index while the window runs.

The desktop runs imports, index syncs and corrections here, in a child process (``reader.child`` has the
request loop), so that their heavy Python work never competes with the window's thread for the GIL.
Operations are plain functions of (library, progress, cancel, *args) so the command line and tests can call
them directly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.child import Progress, leave_with_parent, lower_priority, run_jobs
from reader.library.db import is_damage
from reader.library.records import ImportReport
from reader.library.recovery import request_check
from reader.library.store import Library

log = logging.getLogger(__name__)

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


def serve(library_dir: str, requests: Any, results: Any, cancel: Any) -> None:
    """The child process's loop: one job at a time until a ``None`` request."""
    lower_priority(10)  # background work yields the CPU to the window and its searches
    leave_with_parent("writer")

    def failure(exc: Exception) -> str:
        if is_damage(exc):  # the next start checks the whole database and recovers it
            request_check(Path(library_dir))
        return failure_text(exc)

    library = Library(Path(library_dir))
    try:
        run_jobs(library, OPERATIONS, requests, results, cancel, failure)
    finally:
        library.close()
