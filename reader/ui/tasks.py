"""Work off the GUI thread: one writer lane for everything that writes, a pool for read-only work.

The writer lane is a single thread that owns its own Library (SQLite connections belong to their thread)
and runs jobs one after another, so SQLite writes and the whoosh writer never contend. Jobs report back
through Qt signals of a ``Job`` object living in the GUI thread, so callbacks always run on the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from reader.library.store import Library

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
WriterFn = Callable[[Library, Progress, threading.Event], Any]


class Job(QObject):
    """A handle on one queued piece of work: progress, result or failure arrive as signals on the GUI thread."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()  # after done or failed

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cancel_event = threading.Event()
        self.started_at: float | None = None
        self._last_progress = 0.0

    def cancel(self) -> None:
        self.cancel_event.set()

    def report(self, done: int, total: int, text: str) -> None:
        """Called from the worker; throttled so a fast job cannot flood the GUI event queue."""
        now = time.monotonic()
        if done >= total or now - self._last_progress >= 0.05:
            self._last_progress = now
            self.progress.emit(done, total, text)


class WriterLane(QThread):
    """The single writer: runs jobs in order on one thread with its own Library connection."""

    def __init__(self, library_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library_dir = library_dir
        self._jobs: queue.Queue[tuple[Job, WriterFn] | None] = queue.Queue()
        self.busy = False

    def submit(self, name: str, fn: WriterFn, setup: Callable[[Job], None] | None = None) -> Job:
        """Queue ``fn(library, progress, cancel)``; ``setup(job)`` connects its signals before it can run."""
        job = Job(name)
        if setup is not None:
            setup(job)
        self._jobs.put((job, fn))
        if not self.isRunning():
            self.start()
        return job

    def stop(self, timeout_ms: int = 10_000) -> None:
        """Ask running work to cancel, finish the thread, close its library."""
        self._jobs.put(None)
        self.wait(timeout_ms)

    def run(self) -> None:  # runs in the lane's thread
        library: Library | None = None
        try:
            while True:
                item = self._jobs.get()
                if item is None:
                    break
                job, fn = item
                self.busy = True
                job.started_at = time.monotonic()
                try:
                    if library is None:
                        library = Library(self._library_dir)
                    result = fn(library, job.report, job.cancel_event)
                except Exception as exc:  # a failed job is reported, never kills the lane
                    log.exception("background job %s failed", job.name)
                    job.failed.emit(f"{type(exc).__name__}: {exc}")
                else:
                    job.done.emit(result)
                finally:
                    self.busy = False
                    job.finished.emit()
        finally:
            if library is not None:
                library.close()


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[threading.Event], Any]) -> None:
        super().__init__()
        self.job, self.fn = job, fn

    def run(self) -> None:
        try:
            result = self.fn(self.job.cancel_event)
        except Exception as exc:
            log.exception("background read %s failed", self.job.name)
            self.job.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.job.done.emit(result)
        finally:
            self.job.finished.emit()


class ReadPool:
    """Read-only background work (searching) on a small thread pool."""

    def __init__(self, threads: int = 2) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)

    def submit(self, name: str, fn: Callable[[threading.Event], Any],
               setup: Callable[[Job], None] | None = None) -> Job:
        job = Job(name)
        if setup is not None:
            setup(job)
        self._pool.start(_Runnable(job, fn))
        return job

    def wait(self, timeout_ms: int = 10_000) -> bool:
        return self._pool.waitForDone(timeout_ms)
