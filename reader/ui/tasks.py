"""Work off the GUI thread: process lanes for heavy work, a small thread pool for light read-only work.

A lane is a child process that runs jobs one after another (``reader.child`` has its loop). The writer
lane (``reader.writer``) owns its own Library and the search index writer, so SQLite and index writes never
contend; the search lane (``reader.searcher``) answers queries. Their heavy Python work never competes
with the window for the GIL. A reader thread turns a child's messages into Qt signals of ``Job`` objects
living in the GUI thread, so callbacks always run on the GUI thread.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, QTimer, Signal

from reader.child import start_child
from reader.jobs import SEARCH_REQUESTS, WRITER_REQUESTS

log = logging.getLogger(__name__)



class Job(QObject):
    """A handle on one piece of work: progress, result or failure arrive as signals on the GUI thread."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()  # after done or failed

    _completed = Signal()  # from a worker thread: the outcome is stored, deliver it on the GUI thread

    def __init__(self, name: str, parent: QObject | None = None, request: object = None) -> None:
        super().__init__(parent)
        self.name = name
        self.request = request  # the typed request (reader.jobs) of a child process's job
        self.cancel_event = threading.Event()
        self.started_at: float | None = None
        self.on_cancel: Callable[[], None] | None = None
        self._outcome: tuple[bool, Any] = (False, "no result")
        # Python objects never travel through a cross-thread signal (PySide6 has crashed on a queued None):
        # the worker stores the outcome and emits an empty signal; the GUI thread emits done/failed.
        self._completed.connect(self._deliver)

    def complete_from_thread(self, ok: bool, value: Any) -> None:
        self._outcome = (ok, value)
        self._completed.emit()

    def _deliver(self) -> None:
        ok, value = self._outcome
        if ok:
            self.done.emit(value)
        else:
            self.failed.emit(str(value))
        self.finished.emit()

    def cancel(self) -> None:
        self.cancel_event.set()
        if self.on_cancel is not None:
            self.on_cancel()


class _ResultReader(QThread):
    """Waits on the writer process's result queue and hands each message to the GUI thread.

    Messages go through a plain queue; the signal carries nothing (see Job._completed for why).
    """

    arrived = Signal()

    def __init__(self, results: Any, alive: Callable[[], bool]) -> None:
        super().__init__()
        self._results, self._alive = results, alive
        self._stop = threading.Event()
        self.inbox: queue.Queue[tuple[Any, ...]] = queue.Queue()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.inbox.put(self._results.get(timeout=0.2))
            except queue.Empty:
                if not self._alive():
                    self.inbox.put(("died",))
                    self.arrived.emit()
                    time.sleep(0.2)
                continue
            except (EOFError, OSError):
                break
            self.arrived.emit()


class ProcessLane(QObject):
    """Jobs run in order in one child process, started on first use and again after it dies.

    The child runs ``serve`` of the core module ``module`` (it never imports Qt); this process never imports
    that module. ``accepts`` are the request types (reader.jobs) it serves: others are refused at once.
    """

    def __init__(self, library_dir: Path, module: str, accepts: Iterable[type], name: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library_dir = library_dir
        self._module, self._accepts, self._name = module, tuple(accepts), name
        self._ctx = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
        self._process: Any = None
        self._requests: Any = None
        self._results: Any = None
        self._cancel: Any = None
        self._reader: _ResultReader | None = None
        self._pending: deque[tuple[Job, object]] = deque()
        self._running: tuple[int, Job] | None = None
        self._ids = itertools.count(1)

    def submit(self, request: object, setup: Callable[[Job], None] | None = None, *, replace: bool = False) -> Job:
        """Queue ``request`` (one of reader.jobs); ``setup(job)`` connects signals first.

        ``replace``: drop the queued (not yet started) jobs of the same request type; they only emit ``finished``.
        """
        if not isinstance(request, self._accepts):
            raise TypeError(f"the {self._name} process does not serve {type(request).__name__}")
        # No Qt parent: the lane holds the job until it ends, then whoever kept it. A parent kept every
        # job for the lane's life, one object per search typed (a leak seen in bench_gui).
        job = Job(type(request).__name__, request=request)
        if setup is not None:
            setup(job)
        if replace:
            dropped = [entry for entry in self._pending if type(entry[1]) is type(request)]
            for entry in dropped:
                self._pending.remove(entry)
                entry[0].finished.emit()
        self._pending.append((job, request))
        self._pump()
        return job

    def _start_process(self) -> None:
        self._requests = self._ctx.Queue()
        self._results = results = self._ctx.Queue()
        self._cancel = self._ctx.Event()
        self._process = self._ctx.Process(
            target=start_child, args=(self._module, str(self._library_dir), self._requests, results, self._cancel),
            # Not a daemon: the index sync tokenises big imports in a process pool, which daemons may not
            # start. The child leaves by itself if this process dies (reader.child.leave_with_parent).
            name=f"newsreader-{self._name}", daemon=False,
        )
        self._process.start()
        process = self._process
        self._reader = _ResultReader(results, lambda: process.is_alive())
        self._reader.arrived.connect(self._drain)
        self._reader.start()

    def _pump(self) -> None:
        if self._running is not None or not self._pending:
            return
        job, request = self._pending.popleft()
        if self._process is None or not self._process.is_alive():
            self._stop_reader()
            self._start_process()
        job_id = next(self._ids)
        self._running = (job_id, job)
        if job.cancel_event.is_set():
            self._cancel.set()  # cancelled while queued: it starts and stops at once, reporting as usual
        else:
            self._cancel.clear()
        job.on_cancel = self._cancel.set
        job.started_at = time.monotonic()
        self._requests.put((job_id, request))

    def _drain(self) -> None:
        reader = self._reader
        while reader is not None:
            try:
                message = reader.inbox.get_nowait()
            except queue.Empty:
                return
            self._on_message(message)

    def _on_message(self, message: tuple[Any, ...]) -> None:
        if self._running is None:
            return
        job_id, job = self._running
        kind = message[0]
        if kind == "died":
            code = self._process.exitcode if self._process is not None else None
            self._finish(job, failure=f"the {self._name} process stopped unexpectedly (exit code {code})")
            return
        if message[1] != job_id:
            return
        if kind == "progress":
            job.progress.emit(*message[2:])
        elif kind == "done":
            self._finish(job, result=message[2])
        elif kind == "failed":
            self._finish(job, failure=message[2])

    def _finish(self, job: Job, result: Any = None, failure: str | None = None) -> None:
        self._running = None
        job.on_cancel = None
        if failure is None:
            job.done.emit(result)
        else:
            job.failed.emit(failure)
        job.finished.emit()
        self._pump()

    def _stop_reader(self) -> None:
        if self._reader is not None:
            self._reader.stop()
            self._reader.wait(2000)
            self._reader = None

    def stop(self, timeout_ms: int = 10_000) -> None:
        """Cancel running work, let the child finish its transaction and exit, then stop listening."""
        self._pending.clear()
        if self._process is not None:
            if self._cancel is not None:
                self._cancel.set()
            self._requests.put(None)
            self._process.join(timeout_ms / 1000)
            if self._process.is_alive():
                log.warning("the %s process did not stop in time; terminating it", self._name)
                self._process.terminate()
                self._process.join(2)
        self._stop_reader()
        for q in (self._requests, self._results):
            if q is not None:
                q.close()  # release the queues' pipes and semaphores now, not at interpreter exit
                q.join_thread()
        self._process = None


class WriterLane(ProcessLane):
    """The single writer: imports, index syncs and corrections (``reader.writer``)."""

    def __init__(self, library_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(library_dir, "reader.writer", WRITER_REQUESTS, "writer", parent)


class SearchLane(ProcessLane):
    """Searches (``reader.searcher``): a newer query replaces the queued ones."""

    def __init__(self, library_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(library_dir, "reader.searcher", SEARCH_REQUESTS, "search", parent)


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[threading.Event], Any]) -> None:
        super().__init__()
        self.job, self.fn = job, fn

    def run(self) -> None:
        try:
            result = self.fn(self.job.cancel_event)
        except Exception as exc:
            log.exception("background read %s failed", self.job.name)
            self.job.complete_from_thread(False, f"{type(exc).__name__}: {exc}")
        else:
            self.job.complete_from_thread(True, result)


class ReadPool:
    """Read-only background work (searching) on a small thread pool."""

    def __init__(self, threads: int = 2) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)
        # Every job stays referenced here until its outcome has been delivered on the GUI thread. Otherwise
        # a job nobody kept (a fire-and-forget backup) lost its last reference in the worker thread, whose
        # runnable is deleted there, and the Job QObject was destroyed off its thread: a crash seen in CI.
        self._live: set[Job] = set()

    def submit(self, name: str, fn: Callable[[threading.Event], Any],
               setup: Callable[[Job], None] | None = None) -> Job:
        job = Job(name)
        if setup is not None:
            setup(job)
        self._live.add(job)
        ref = weakref.ref(job)  # the slot must not hold the job itself: that cycle would keep it forever
        job.finished.connect(lambda: QTimer.singleShot(0, lambda: self._live.discard(ref())))
        self._pool.start(_Runnable(job, fn))
        return job

    def wait(self, timeout_ms: int = 10_000) -> bool:
        return self._pool.waitForDone(timeout_ms)
