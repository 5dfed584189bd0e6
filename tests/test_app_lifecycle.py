"""Starting and stopping the desktop reader as a user does: no display, the samples, Ctrl+C and SIGTERM."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reader import cli
from reader.library.store import Library
from tests.conftest import SAMPLES
from tests.helpers import import_pages

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "env, platform, expected",
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_a_missing_display_is_found_before_qt_starts(env: dict[str, str], platform: str, expected: bool) -> None:
    assert (cli.display_problem(env, platform) is not None) is expected


def _environment(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def test_no_display_says_what_to_do_and_exits_2_without_a_core_dump(tmp_path: Path) -> None:
    env = _environment(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None, NEWSREADER_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "reader", "app", "--samples"], env=env, capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "no graphical display" in done.stderr and "newsreader demo" in done.stderr
    assert "libxcb" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "library.sqlite3").exists()


@pytest.mark.parametrize("own_pages", [True, False])
def test_samples_go_only_into_a_new_empty_library(qtbot: Any, tmp_path: Path, own_pages: bool) -> None:
    from reader.app import start
    from reader.jobs import ImportPages, SyncIndex

    folder = tmp_path / "papers"
    if own_pages:  # the reader's own library: run.sh --library ~/papers
        page = folder / "2020-04-08" / "01.txt"
        page.parent.mkdir(parents=True)
        page.write_text(sorted(SAMPLES.glob("*.txt"))[1].read_text("utf-8"), "utf-8")
        with Library(folder) as lib:
            import_pages(lib, [page])
    window, services = start(folder, import_samples=True)
    qtbot.addWidget(window)
    ended: list[object] = []
    window.importer.job_ended.connect(ended.append)
    try:
        # The start-up work (index check, then the samples if any) is submitted together after the first paint.
        qtbot.waitUntil(lambda: any(isinstance(r, SyncIndex) for r in ended), timeout=60_000)
        if own_pages:
            assert not any(isinstance(j.request, ImportPages) for j in window.importer.jobs)
            assert not any(isinstance(r, ImportPages) for r in ended)
            assert [i.stored_pages for i in services.library.issues()] == [1]
        else:
            qtbot.waitUntil(lambda: any(isinstance(r, ImportPages) for r in ended), timeout=60_000)
            assert len(services.library.issues()) >= 3
    finally:
        window.close()
        services.shutdown()


def _read_lines(stream: Any, lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def _alive(pids: set[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if "zombie" not in Path(f"/proc/{pid}/status").read_text():
                alive.append(pid)
        except OSError:
            pass  # gone
    return alive


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found |= {int(p) for p in text.split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see the child processes")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_quit_cleanly(tmp_path: Path, signum: int) -> None:
    library = tmp_path / "lib"
    with Library(library) as lib:
        import_pages(lib, [SAMPLES])
    env = _environment(QT_QPA_PLATFORM="offscreen", NEWSREADER_HOME=str(library))
    process = subprocess.Popen([sys.executable, "-m", "reader", "app", "-v"], env=env, cwd=tmp_path,
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        while not any("window shown" in line for line in seen):  # the event the test waits for
            seen.append(lines.get(timeout=60))
        children: set[int] = set()
        while not children:  # the search and writer processes start right after the first paint
            seen.append(lines.get(timeout=60)) if not lines.empty() else None
            children = _children(process.pid)
        process.send_signal(signum)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    while not lines.empty():
        seen.append(lines.get())
    output = "".join(seen)
    assert "leaked" not in output and "Traceback" not in output, output
    state = (library / "state.ini").read_text(encoding="utf-8")
    assert "geometry" in state  # the window state was saved as by Quit
    # multiprocessing's resource tracker leaves when it reads the end of its pipe, just after the window's
    # process: allowed a few seconds; anything still there then was left behind.
    deadline = time.monotonic() + 10
    while (left := _alive(children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in left]
