"""What the window's child processes share: the request loop, throttled progress, leaving with the parent.

The desktop runs its heavy Python work (imports and index writes in ``reader.writer``, searches in
``reader.searcher``) in child processes, so it never competes with the window's thread for the GIL.
Requests arrive on a queue as ``(job_id, request)``, a request being one of the typed requests of
``reader.jobs``; progress, results and failures go back on another queue as ``("progress", job_id, done,
total, text)``, ``("done", job_id, result)`` and ``("failed", job_id, text)``. A ``None`` request ends the
loop. The window starts a child with ``start_child`` and the name of the module that serves it, so it never
imports that module (and what it loads) itself.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from reader.library.db import LibraryError

log = logging.getLogger(__name__)



class Reporter:
    """Progress of one job, throttled: the window needs about twenty updates a second, not thousands."""

    def __init__(self, results: Any, job_id: int) -> None:
        self.results, self.job_id, self.last = results, job_id, 0.0

    def __call__(self, done: int, total: int, text: str) -> None:
        now = time.monotonic()
        if done >= total or now - self.last >= 0.05:
            self.last = now
            self.results.put(("progress", self.job_id, done, total, text))


def leave_with_parent(name: str) -> None:
    """End this process when the window's process dies (a non-daemon child would otherwise stay).

    Work being written at that moment is rolled back by SQLite, as after any crash.
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        log.warning("the window's process is gone: the %s stops", name)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def lower_priority(steps: int) -> None:
    """Yield the CPU to the window's process (two cores are shared here); harmless where unsupported."""
    if steps and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(steps)


def failure_text(exc: Exception) -> str:
    """What the window shows for a failed job: our own errors speak for themselves ("the disk is full")."""
    if isinstance(exc, LibraryError):  # the search index's errors are LibraryErrors too
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def start_child(module: str, library_dir: str, requests: Any, results: Any, cancel: Any) -> None:
    """A child process's entry point: the ``serve`` of ``module`` (``reader.writer`` or ``reader.searcher``).

    Ctrl+C in the terminal reaches the whole process group: the child ignores it and leaves when the window,
    which closes in order, tells it to (a None request), so a write is never cut in the middle.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    importlib.import_module(module).serve(library_dir, requests, results, cancel)


def run_jobs(
    state: Any,
    handlers: Mapping[type, Callable[..., Any]],
    requests: Any,
    results: Any,
    cancel: Any,
    failure: Callable[[Exception], str],
) -> None:
    """Serve requests one at a time until a ``None`` request; a failing job is reported and the loop goes on.

    A request is handled by ``handlers[type(request)](state, progress, cancel, request)``; ``failure(exc)``
    turns an exception into the text the window shows (and may act on it, e.g. flag a damaged database).
    """
    while True:
        message = requests.get()
        if message is None:
            break
        job_id, request = message
        try:
            handler = handlers[type(request)]
            result = handler(state, Reporter(results, job_id), cancel, request)
        except Exception as exc:  # reported to the window; the process goes on serving
            log.exception("background job %s failed", type(request).__name__)
            results.put(("failed", job_id, failure(exc)))
        else:
            results.put(("done", job_id, result))
