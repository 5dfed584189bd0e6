"""What the window's child processes share: the request loop, throttled progress, leaving with the parent.

The desktop runs its heavy Python work (imports and index writes in ``reader.writer``, searches in
``reader.searcher``) in child processes, so it never competes with the window's thread for the GIL.
Requests arrive on a queue as ``(job_id, operation, args)``; progress, results and failures go back on
another queue as ``("progress", job_id, done, total, text)``, ``("done", job_id, result)`` and
``("failed", job_id, text)``. A ``None`` request ends the loop.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


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


def run_jobs(
    state: Any,
    operations: dict[str, Callable[..., Any]],
    requests: Any,
    results: Any,
    cancel: Any,
    failure: Callable[[Exception], str],
) -> None:
    """Serve requests one at a time until a ``None`` request; a failing job is reported and the loop goes on.

    Each operation is called as ``operation(state, progress, cancel, *args)``; ``failure(exc)`` turns an
    exception into the text the window shows (and may act on it, e.g. flag a damaged database).
    """
    while True:
        request = requests.get()
        if request is None:
            break
        job_id, name, args = request
        try:
            result = operations[name](state, Reporter(results, job_id), cancel, *args)
        except Exception as exc:  # reported to the window; the process goes on serving
            log.exception("background job %s failed", name)
            results.put(("failed", job_id, failure(exc)))
        else:
            results.put(("done", job_id, result))
