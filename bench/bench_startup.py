"""Start-up of the desktop reader: time from launch to the main window shown with the library (offscreen Qt).

    python -m bench.bench_startup LIBRARY_DIR [--runs 5] [--cold] [--json]

Every run starts fresh processes. Two kinds are timed in turn, so that the machine's own state shows:
- ``reader``: the application as ``newsreader`` starts it (``reader.cli.main``: services built, window restored
  to the last article, index check and search warm-up started, shown, first events processed), with its phases;
- ``bare``: a bare PySide6 window with one Chinese label, the floor no PySide6 program gets under here.

``--cold`` empties the operating system's page cache before every start (Linux, as root), so that Qt, Python,
the fonts and the library are read from disk again; on a virtual machine the host may still cache the disk.
Each start reports its time from process spawn (wall clock, what the user waits), its time from interpreter
start and the bytes it read from disk (``/proc/self/io``). Nothing is hard-coded: every number is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

from bench.machine import describe


def _clock() -> float:
    """A clock that parent and child read alike (CLOCK_MONOTONIC is system-wide on Linux)."""
    return time.clock_gettime(time.CLOCK_MONOTONIC) if hasattr(time, "CLOCK_MONOTONIC") else time.time()


T0 = _clock()  # as early as this module allows: the child's phases count from here

KINDS = ("bare", "reader")


def _read_kb() -> int | None:
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("read_bytes:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _child(kind: str, library: str) -> None:
    """Runs in a fresh process: start one kind of window, print its phases as JSON."""
    phases: list[tuple[str, float]] = []

    def mark(name: str) -> None:
        phases.append((name, round(_clock() - T0, 4)))

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    mark("Qt loaded")
    if kind == "bare":
        from PySide6.QtWidgets import QLabel, QMainWindow

        bare = QMainWindow()
        bare.setCentralWidget(QLabel("许昌日报 2020年4月8日"))
        bare.show()
        app.processEvents()
        mark("shown")
        print(json.dumps({"shown_at": _clock(), "phases": phases, "read_kb": _read_kb()}))
        return
    from PySide6.QtCore import QTimer

    def shown() -> None:  # the first turn of the event loop: the window is shown, now let it paint
        app.processEvents()
        mark("shown")
        print(json.dumps({"shown_at": _clock(), "phases": phases, "read_kb": _read_kb()}), flush=True)
        app.quit()

    import reader.app  # noqa: F401  (what ``main`` imports to open the window, here to time it apart)
    from reader.cli import main

    mark("reader imported")
    QTimer.singleShot(0, shown)
    main(["app"])  # as ``newsreader`` starts: services, window restored, index check, search warm-up


def drop_caches() -> None:
    """Empty the page cache (Linux, root); raises SystemExit with the reason when that is not possible."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError as exc:
        raise SystemExit(f"--cold needs root on Linux to empty the page cache: {exc}") from exc


class Start(NamedTuple):
    wall_s: float  # from spawn to the window shown, as the user waits (not the child's exit)
    phases: list[tuple[str, float]]  # (phase, seconds from interpreter start at its end)
    read_kb: int | None  # read from disk by the child


def start(kind: str, library: Path, cold: bool = False) -> Start:
    """One fresh start of ``kind`` in a new process."""
    if cold:
        drop_caches()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSREADER_HOME=str(library))
    spawned = _clock()
    out = subprocess.run([sys.executable, "-m", "bench.bench_startup", str(library), "--child", kind],
                         capture_output=True, text=True, env=env, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    wall = report["shown_at"] - spawned
    return Start(round(wall, 3), [(name, at) for name, at in report["phases"]], report["read_kb"])


def measure(library: Path, runs: int, cold: bool) -> dict[str, object]:
    starts: dict[str, list[Start]] = {kind: [] for kind in KINDS}
    for _ in range(runs):
        for kind in KINDS:  # in turn, so that both see the same machine
            starts[kind].append(start(kind, library, cold))

    def summary(kind: str) -> dict[str, object]:
        walls = [s.wall_s for s in starts[kind]]
        return {"wall_s": walls, "median_s": round(statistics.median(walls), 3), "max_s": max(walls),
                "read_mb": [None if s.read_kb is None else round(s.read_kb / 1024, 1) for s in starts[kind]]}

    # Each phase of the reader's starts as the median time spent in it (from the previous mark).
    spent: dict[str, list[float]] = {}
    for s in starts["reader"]:
        before = 0.0
        for name, at in s.phases:
            spent.setdefault(name, []).append(at - before)
            before = at
    return {
        "machine": describe(),
        "library": str(library),
        "cache": "emptied before every start" if cold else "warm",
        "runs": runs,
        "reader": summary("reader"),
        "bare_pyside6_window": summary("bare"),
        "reader_phases_median_s": {name: round(statistics.median(v), 3) for name, v in spent.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("library", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="empty the page cache before every start (root)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, str(args.library))
        return 0
    result = measure(args.library, args.runs, args.cold)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
