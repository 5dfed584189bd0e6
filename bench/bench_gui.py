"""Responsiveness of the desktop reader, measured on a real library (offscreen Qt).

    python -m bench.bench_gui LIBRARY_DIR [--import-dir DIR] [--timeout SECONDS] [--json]

- start-up: three fresh starts as ``newsreader`` starts, from spawn to the first paint (``bench.bench_startup``,
  which also measures cold starts beside a bare PySide6 window);
- opening an article: ``MainWindow.open_article`` for a spread of article ids, p50/p95/max;
- GUI-thread stalls: a 5 ms timer runs on the GUI thread while a background import (``--import-dir``, in the
  writer process) and searches (in the search process, one after another, at least 24 and for as long as the
  import runs, each typed 200 ms after the last answer: ``--pause-ms``) go on; the largest gap between ticks
  beyond the timer period is the worst stall the user could feel. Each long gap is reported with the GUI
  thread's CPU time and the garbage collection in it (a busy thread, or a waiting one), and a watchdog
  samples the GUI thread's stack on late ticks;
- memory: peak resident memory of the window's process, the writer and search processes (VmHWM) and of the
  writer's tokenising workers (sampled every 0.5 s while they live).

Nothing is hard-coded: every number printed is measured in this run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from bench import bench_startup
from bench.machine import describe
from reader.writer import INDEX_STEP

QUERIES = ["许昌", "养老服务", "经济", "发展", "政府工作报告", "title:会议", "date:2016", "记者 通讯员"]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class _MemoryWatch:
    """Peak resident memory of the reader's processes, read from /proc (Linux; empty elsewhere)."""

    def __init__(self, window: object) -> None:
        self._window = window
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-watch", daemon=True)
        self._thread.start()

    @staticmethod
    def _kb(pid: int, field: str) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    def _pids(self) -> dict[str, int]:
        window: Any = self._window
        pids = {"window": os.getpid()}
        for role, lane in (("writer", window.lane), ("search", window.search.lane)):
            process = getattr(lane, "_process", None)
            if process is not None and process.pid:
                pids[role] = process.pid
        return pids

    def _note(self, role: str, kb: int) -> None:
        self.peaks[role] = max(self.peaks.get(role, 0.0), round(kb / 1024, 1))

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            pids = self._pids()
            for role, pid in pids.items():
                self._note(role, self._kb(pid, "VmHWM"))
            writer = pids.get("writer")
            if writer:
                try:
                    children = Path(f"/proc/{writer}/task/{writer}/children").read_text().split()
                except OSError:
                    children = []
                for child in children:
                    self._note("index workers (each)", self._kb(int(child), "VmRSS"))

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        for role, pid in self._pids().items():
            self._note(role, self._kb(pid, "VmHWM"))
        return dict(self.peaks)


def measure(library: Path, import_dir: Path | None, timeout_s: float = 600.0, pause_ms: int = 200) -> dict[str, object]:
    startups = [bench_startup.start("reader", library) for _ in range(3)]  # fresh processes, warm cache

    os.environ.update(QT_QPA_PLATFORM="offscreen", NEWSREADER_HOME=str(library))
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from reader.app import build

    window, services = build(library)
    window.importer.quiet = True
    window.show()
    app.processEvents()

    # Opening articles: a spread over the library (none in an empty one).
    ids = [row[0] for row in window.library._conn.execute(
        "SELECT id FROM articles ORDER BY id")]
    sample = ids[:: max(1, len(ids) // 60)][:60]
    opens: list[float] = []
    for article_id in sample:
        t = time.perf_counter()
        window.open_article(article_id)
        opens.append((time.perf_counter() - t) * 1000)

    # Stalls while importing and searching in the background.
    period_ms = 5
    gaps: list[float] = []
    worst: list[tuple[float, str]] = []  # the largest gaps with what the background was doing
    activity = ["start-up work"]
    phase = ["no import yet"]  # what the import is doing
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    # Garbage collections stop every thread (they hold the GIL), so each pause is timed and reported.
    gc_pauses: list[tuple[float, int]] = []
    gc_began = [0.0]
    gc_total = [0.0]  # ms spent collecting so far
    objects: list[int] = []  # objects the collector tracks, when the load starts and when it ends

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_began[0] = time.perf_counter()
        else:
            gc_pauses.append(((time.perf_counter() - gc_began[0]) * 1000, info["generation"]))
            gc_total[0] += gc_pauses[-1][0]

    gc.callbacks.append(on_gc)

    # When a tick is late, a watchdog thread records where the GUI thread is (it gets the GIL at the next
    # switch interval if the GUI thread runs Python; if C code holds the GIL, the sample shows what waited).
    main_ident = threading.get_ident()
    last_tick = [time.perf_counter()]
    late_stacks: list[tuple[float, str, str]] = []
    stop_watch = threading.Event()

    def watchdog() -> None:
        while not stop_watch.wait(0.02):
            lag = (time.perf_counter() - last_tick[0]) * 1000
            if lag > 60:
                frame = sys._current_frames().get(main_ident)
                stack = "".join(traceback.format_stack(frame, limit=6)) if frame is not None else ""
                late_stacks.append((round(lag, 1), activity[0], stack))

    watcher = threading.Thread(target=watchdog, name="stall-watchdog", daemon=True)
    watcher.start()

    # The GUI thread's CPU time across each gap tells a busy thread (it computed all along) from a waiting
    # one (descheduled, or blocked on a lock or the disk).
    last_cpu = [time.thread_time(), 0.0]

    def tick() -> None:
        last_tick[0] = time.perf_counter()
        now = clock.elapsed()
        cpu = time.thread_time()
        gaps.append(now - last[0] - period_ms)
        if gaps[-1] > 50:
            worst.append((gaps[-1], f"{activity[0]}, {phase[0]} (GUI thread CPU {1000 * (cpu - last_cpu[0]):.0f} ms,"
                                    f" GC {gc_total[0] - last_cpu[1]:.0f} ms)"))
        last[0], last_cpu[0], last_cpu[1] = now, cpu, gc_total[0]

    timer = QTimer()
    timer.setInterval(period_ms)
    timer.timeout.connect(tick)
    timer.start()
    # Everything below runs inside the real event loop (app.exec), driven by signals, as in the app.
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    warm_gaps: list[float] = []
    load_seconds = [0.0]
    warm_worst: list[tuple[float, str]] = []
    warm_stacks: list[tuple[float, str, str]] = []
    state = {"phase": "warm", "warmed": False, "answered": 0, "asked": 0, "searches": 0}

    def check_done() -> None:
        if state["phase"] == "warm":
            if state["warmed"] and not window.importer.jobs:
                warm_gaps.extend(gaps)
                warm_worst.extend(sorted(worst, reverse=True)[:3])
                gaps.clear()
                worst.clear()
                gc_pauses.clear()
                warm_stacks.extend(late_stacks)
                late_stacks.clear()
                activity[0] = "idle"
                state["phase"] = "load"
                load_seconds[0] = time.perf_counter()
                objects.append(len(gc.get_objects()))
                if import_dir is not None:
                    phase[0] = "writing pages"
                    job = window.importer.start([import_dir])
                    job.progress.connect(lambda _d, _t, text: phase.__setitem__(0, "indexing" if text == INDEX_STEP
                                                                                else phase[0]))
                    job.finished.connect(lambda: phase.__setitem__(0, "import over"))
                ask_next()
        elif state["asked"] >= len(QUERIES) * 3 and state["answered"] >= state["asked"] and not window.importer.jobs:
            loop.quit()

    def ask_next() -> None:
        # Like a reader: the next query is typed once the previous one has been answered, as long as the
        # import runs (and at least three rounds of the queries).
        if state["asked"] < len(QUERIES) * 3 or window.importer.jobs:
            query = QUERIES[state["asked"] % len(QUERIES)]
            activity[0] = f"search {query}"
            window.search_dock.query.setText(query)
            state["asked"] += 1
            state["searches"] += 1
            window.search_dock.submit()

    def answered(*_args: object) -> None:
        if state["phase"] == "load":
            state["answered"] += 1
            QTimer.singleShot(pause_ms, ask_next)  # a reader reads the results before the next query
        check_done()

    def warmed(*_args: object) -> None:
        state["warmed"] = True
        check_done()

    window.search.warmed.connect(warmed)
    window.search.result_ready.connect(answered)
    window.search.failed.connect(answered if state["phase"] == "load" else warmed)
    window.importer.job_ended.connect(lambda _name: check_done())
    poll = QTimer()
    poll.setInterval(250)
    poll.timeout.connect(check_done)
    poll.start()
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    memory = _MemoryWatch(window)
    window.importer.sync_index()  # what reader.app.run starts in the background
    window.search.warm_up()
    loop.exec()
    poll.stop()
    load_seconds[0] = time.perf_counter() - load_seconds[0]
    unfinished = bool(window.importer.jobs)  # the timeout ended the run
    peaks = memory.stop()
    searches = state["searches"]
    objects.append(len(gc.get_objects()))
    timer.stop()
    gc.callbacks.remove(on_gc)
    stop_watch.set()

    def worst_late(samples: list[tuple[float, str, str]]) -> list[dict[str, object]]:
        longest: dict[str, tuple[float, str]] = {}
        for lag, what, stack in samples:  # the longest lag seen for each distinct stack
            if lag > longest.get(stack, (0.0, ""))[0]:
                longest[stack] = (lag, what)
        return [{"lag_ms": lag, "activity": what, "stack": stack.splitlines()[-6:]}
                for stack, (lag, what) in sorted(longest.items(), key=lambda x: -x[1][0])[:6]]

    window.close()
    services.shutdown()
    return {
        "machine": describe(),
        "library": str(library),
        "articles": len(ids),
        "startup_wall_s": [s.wall_s for s in startups],
        "open_article_ms": {"p50": round(statistics.median(opens), 2), "p95": round(_pct(opens, 0.95), 2),
                            "max": round(max(opens), 2), "n": len(opens)} if opens else None,
        "peak_memory_mb": peaks,
        "load_seconds": round(load_seconds[0], 1),
        "timed_out": unfinished,
        "worst_stalls": [(round(g, 1), a) for g, a in sorted(worst, reverse=True)[:8]],
        "stalls_over_100ms": sum(1 for g in gaps if g > 100),
        "startup_background_stall_ms": {"max": round(max(warm_gaps), 1) if warm_gaps else None,
                                        "ticks": len(warm_gaps),
                                        "worst": [(round(g, 1), a) for g, a in warm_worst]},
        "gui_stall_ms": {"max": round(max(gaps), 1) if gaps else None,
                         "p99": round(_pct(gaps, 0.99), 1) if gaps else None, "ticks": len(gaps)},
        "gc_tracked_objects": objects,
        "jieba_loaded_in_gui_process": "jieba" in sys.modules,  # it belongs in the search and writer processes
        "gc_pause_ms": {f"gen{g}": {"n": sum(1 for _, k in gc_pauses if k == g),
                                    "max": round(max((ms for ms, k in gc_pauses if k == g), default=0.0), 1)}
                        for g in (0, 1, 2)},
        "late_tick_stacks": worst_late(late_stacks),
        "startup_late_tick_stacks": worst_late(warm_stacks),
        "background": {"import_dir": str(import_dir) if import_dir else None, "searches": searches,
                       "pause_between_searches_ms": pause_ms},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("library")
    parser.add_argument("--import-dir", type=Path)
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds")
    parser.add_argument("--pause-ms", type=int, default=200, help="between an answer and the next query")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(Path(args.library), args.import_dir, args.timeout, args.pause_ms)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:18} {value}")
    sys.stdout.flush()
    # The measurement harness leaves Qt objects to interpreter finalisation, where PySide6 has aborted
    # while collecting them; the numbers are printed, so leave without that step.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
