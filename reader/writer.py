"""The writer: the one place that writes the library and the search index while the window runs.

The desktop runs imports, index syncs and corrections in a child process (``reader.child`` has the request
loop), so that their heavy Python work never competes with the window's thread for the GIL; the command line
calls the same operations directly. Each operation is a function of (library, progress, cancel, request),
the request being one of ``reader.jobs``. Only the writer process and the command line import this module.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.child import failure_text, leave_with_parent, lower_priority, run_jobs
from reader.jobs import INDEX_STEP, ApplyCorrections, ImportPages, SyncIndex
from reader.library.db import is_damage
from reader.library.importer import Importer
from reader.library.pagewriter import PageWriter
from reader.library.records import ImportReport
from reader.library.store import Library
from reader.notes.reanchor import reanchor_page
from reader.paths import cache_dir
from reader.progress import Progress
from reader.recovery import request_check
from reader.search import words
from reader.search.index import SyncReport
from reader.search.service import SearchService

log = logging.getLogger(__name__)

Cancel = threading.Event | Any  # a threading.Event, or the lane's multiprocessing Event


def new_importer(library: Library) -> Importer:
    """An importer that places the reader's notes again on every page it rewrites, in the page's transaction."""
    return Importer(library, on_page_written=reanchor_page)


def sync_index(library: Library, progress: Progress | None, cancel: Cancel, *, rebuild: bool = False) -> SyncReport:
    """Bring the search index in step with the library (rebuilding an old or damaged index, or all of it)."""
    service = SearchService(library.folder)
    try:
        if rebuild:
            return service.rebuild(progress, cancel, library=library)
        return service.sync(library, progress=progress, cancel=cancel)
    finally:
        service.close()


def _build_word_table(folder: Path) -> None:
    try:
        words.build_table(cache_dir(folder))
    except Exception:  # the sync builds it then, and says what is wrong
        log.exception("building the word table failed")


def import_op(library: Library, progress: Progress, cancel: Cancel, request: ImportPages) -> ImportReport:
    """Import the request's paths, then index what arrived (also after a cancel: what was written is whole).

    A library's first import also builds the index's word table (about a second) in a thread, meanwhile:
    while worker processes read PDFs this process mostly waits for them.
    """
    table = words.table_path(cache_dir(library.folder))
    builder = None
    if table is not None and not table.is_file():
        builder = threading.Thread(target=_build_word_table, args=(library.folder,), name="word-table", daemon=True)
        builder.start()
    try:
        report = new_importer(library).import_paths(list(request.paths), progress=progress, cancel=cancel,
                                                    force=request.force)
    finally:
        if builder is not None:
            builder.join()
    progress(0, 0, INDEX_STEP)
    synced = sync_index(library, progress, cancel)
    report.indexed, report.unindexed, report.index_seconds = synced.indexed_pages, synced.removed_pages, synced.seconds
    return report


def sync_op(library: Library, progress: Progress, cancel: Cancel, _request: SyncIndex) -> None:
    sync_index(library, progress, cancel)


def corrections_op(library: Library, progress: Progress, cancel: Cancel, request: ApplyCorrections) -> None:
    writer = PageWriter(library)
    issue_now: dict[int, int] = {}  # correcting an issue's paper or date can move it to another id
    for change in request.changes:
        target = change.target_id
        if change.target_kind == "issue":
            target = issue_now.get(target, target)
        moved_to = writer.set_correction(change.target_kind, target, change.field, change.value)
        if change.target_kind == "issue":
            issue_now[change.target_id] = moved_to
    sync_index(library, progress, cancel)


HANDLERS: dict[type, Callable[..., Any]] = {
    ImportPages: import_op,
    SyncIndex: sync_op,
    ApplyCorrections: corrections_op,
}


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
        run_jobs(library, HANDLERS, requests, results, cancel, failure)
    finally:
        library.close()
