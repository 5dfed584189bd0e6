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
import json
import os
import platform
import statistics
import subprocess
import sys
import time
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

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0] - period_ms)
        worst.append((gaps[-1], activity[0]))
        last[0] = now

    timer = QTimer()
    timer.setInterval(period_ms)
    timer.timeout.connect(tick)
    timer.start()
    # Start-up work the app does in the background (index check, search warm-up), as reader.app.run does.
    warmed = [False]
    window.search.warmed.connect(lambda: warmed.__setitem__(0, True))
    window.search.failed.connect(lambda _m: warmed.__setitem__(0, True))
    window.importer.sync_index()
    window.search.warm_up()
    warm_deadline = time.perf_counter() + 120
    while (not warmed[0] or window.importer.jobs) and time.perf_counter() < warm_deadline:
        app.processEvents()
        time.sleep(0.001)
    warm_gaps = list(gaps)
    gaps.clear()
    worst.clear()
    activity[0] = "idle"
    pending = []
    if import_dir is not None:
        pending.append(window.importer.start([import_dir]))
    searches = 0
    answered = [0]
    window.search.result_ready.connect(lambda _r: answered.__setitem__(0, answered[0] + 1))
    window.search.failed.connect(lambda _m: answered.__setitem__(0, answered[0] + 1))
    deadline = time.perf_counter() + 600
    query_index = 0
    while time.perf_counter() < deadline:
        app.processEvents()
        # Like a reader: the next query is typed once the previous one has been answered.
        if query_index < len(QUERIES) * 3 and answered[0] == query_index:
            activity[0] = f"search {QUERIES[query_index % len(QUERIES)]}"
            window.search_dock.query.setText(QUERIES[query_index % len(QUERIES)])
            window.search_dock.submit()
            query_index += 1
            searches += 1
        if not window.importer.jobs and query_index >= len(QUERIES) * 3 and answered[0] >= query_index:
            break
        time.sleep(0.001)
    timer.stop()
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
