"""Responsiveness of the desktop reader, measured on a real library (offscreen Qt).

    python -m bench.bench_gui LIBRARY_DIR [--import-dir DIR] [--json]

- start-up: a fresh process builds the services and shows the main window; reported from interpreter start
  (``time.perf_counter`` at the first line of the child) and from process spawn (wall clock in the parent);
- opening an article: ``MainWindow.open_article`` for a spread of article ids, p50/p95/max;
- GUI-thread stalls: a 5 ms timer runs on the GUI thread while a background import (``--import-dir``, on the
  writer lane) and a series of searches (on the read pool) run; the largest gap between ticks beyond the
  timer period is the worst stall the user could feel.

Nothing is hard-coded: every number printed is measured in this run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

from bench.machine import cpu_model

QUERIES = ["许昌", "养老服务", "经济", "发展", "政府工作报告", "title:会议", "date:2016", "记者 通讯员"]


def _machine() -> str:
    return f"{platform.platform()} | {cpu_model()} | {os.cpu_count()} CPUs | CPython {platform.python_version()}"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def child_startup(library: str) -> None:
    """Runs in a fresh process: time from interpreter start to the window being shown."""
    t0 = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from reader.app import build

    window, services = build(Path(library))
    window.restore()
    window.show()
    app.processEvents()
    shown = time.perf_counter() - t0
    print(json.dumps({"shown_s": shown}))
    window.close()
    services.shutdown()


def measure(library: Path, import_dir: Path | None) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSREADER_HOME=str(library))
    startups = []
    for _ in range(3):
        spawn = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "bench.bench_gui", str(library), "--child-startup"],
                             capture_output=True, text=True, env=env, check=True)
        wall = time.perf_counter() - spawn
        shown = json.loads(out.stdout.strip().splitlines()[-1])["shown_s"]
        startups.append((shown, wall))

    os.environ.update(env)
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from reader.app import build

    window, services = build(library)
    window.importer.quiet = True
    window.show()
    app.processEvents()

    # Opening articles: a spread over the library.
    ids = [row[0] for row in window.library._conn.execute(
        "SELECT id FROM articles ORDER BY id")]
    sample = ids[:: max(1, len(ids) // 60)][:60]
    opens = []
    for article_id in sample:
        t = time.perf_counter()
        window.open_article(article_id)
        opens.append((time.perf_counter() - t) * 1000)

    # Stalls while importing and searching in the background.
    period_ms = 5
    gaps: list[float] = []
    worst: list[tuple[float, str]] = []  # the largest gaps with what the GUI was doing just before
    activity = ["idle"]
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    # Garbage collections stop every thread (they hold the GIL), so each pause is timed and reported.
    gc_pauses: list[tuple[float, int]] = []
    gc_began = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_began[0] = time.perf_counter()
        else:
            gc_pauses.append(((time.perf_counter() - gc_began[0]) * 1000, info["generation"]))

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

    def tick() -> None:
        last_tick[0] = time.perf_counter()
        now = clock.elapsed()
        gaps.append(now - last[0] - period_ms)
        worst.append((gaps[-1], activity[0]))
        last[0] = now

    timer = QTimer()
    timer.setInterval(period_ms)
    timer.timeout.connect(tick)
    timer.start()
    # Everything below runs inside the real event loop (app.exec), driven by signals, as in the app.
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    warm_gaps: list[float] = []
    state = {"phase": "warm", "warmed": False, "answered": 0, "asked": 0, "searches": 0}

    def check_done() -> None:
        if state["phase"] == "warm":
            if state["warmed"] and not window.importer.jobs:
                warm_gaps.extend(gaps)
                gaps.clear()
                worst.clear()
                gc_pauses.clear()
                late_stacks.clear()
                activity[0] = "idle"
                state["phase"] = "load"
                if import_dir is not None:
                    window.importer.start([import_dir])
                ask_next()
        elif state["asked"] >= len(QUERIES) * 3 and state["answered"] >= state["asked"] and not window.importer.jobs:
            loop.quit()

    def ask_next() -> None:
        # Like a reader: the next query is typed once the previous one has been answered.
        if state["asked"] < len(QUERIES) * 3:
            query = QUERIES[state["asked"] % len(QUERIES)]
            activity[0] = f"search {query}"
            window.search_dock.query.setText(query)
            state["asked"] += 1
            state["searches"] += 1
            window.search_dock.submit()

    def answered(*_args: object) -> None:
        if state["phase"] == "load":
            state["answered"] += 1
            ask_next()
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
    QTimer.singleShot(600_000, loop.quit)
    window.importer.sync_index()  # what reader.app.run starts in the background
    window.search.warm_up()
    loop.exec()
    poll.stop()
    searches = state["searches"]
    timer.stop()
    gc.callbacks.remove(on_gc)
    stop_watch.set()
    worst_late: dict[str, tuple[float, str]] = {}
    for lag, what, stack in late_stacks:  # the longest lag seen for each distinct stack
        if lag > worst_late.get(stack, (0.0, ""))[0]:
            worst_late[stack] = (lag, what)
    window.close()
    services.shutdown()
    return {
        "machine": _machine(),
        "library": str(library),
        "articles": len(ids),
        "startup_shown_s": [round(s, 3) for s, _ in startups],
        "startup_wall_s": [round(w, 3) for _, w in startups],
        "open_article_ms": {"p50": round(statistics.median(opens), 2), "p95": round(_pct(opens, 0.95), 2),
                            "max": round(max(opens), 2), "n": len(opens)},
        "worst_stalls": [(round(g, 1), a) for g, a in sorted(worst, reverse=True)[:5]],
        "startup_background_stall_ms": {"max": round(max(warm_gaps), 1) if warm_gaps else None,
                                        "ticks": len(warm_gaps)},
        "gui_stall_ms": {"max": round(max(gaps), 1) if gaps else None,
                         "p99": round(_pct(gaps, 0.99), 1) if gaps else None, "ticks": len(gaps)},
        "gc_pause_ms": {f"gen{g}": {"n": sum(1 for _, k in gc_pauses if k == g),
                                    "max": round(max((ms for ms, k in gc_pauses if k == g), default=0.0), 1)}
                        for g in (0, 1, 2)},
        "late_tick_stacks": [{"lag_ms": lag, "activity": what, "stack": stack.splitlines()[-6:]}
                             for stack, (lag, what) in sorted(worst_late.items(), key=lambda x: -x[1][0])[:6]],
        "background": {"import_dir": str(import_dir) if import_dir else None, "searches": searches},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("library")
    parser.add_argument("--import-dir", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child-startup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_startup:
        child_startup(args.library)
        return 0
    result = measure(Path(args.library), args.import_dir)
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
