"""The writer lane: jobs run in a child process, in order; failures and a dead child are reported, not fatal."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from reader.jobs import ApplyCorrections, Correction, ImportPages, SyncIndex
from reader.ui.tasks import ReadPool, WriterLane
from tests.conftest import SAMPLES


def test_jobs_run_in_order_and_report_progress_and_results(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lane = WriterLane(tmp_path / "lib")
    events: list[str] = []
    progress: list[int] = []

    def setup_import(job) -> None:  # type: ignore[no-untyped-def]
        job.progress.connect(lambda d, t, s: progress.append(t))
        job.done.connect(lambda report: events.append(f"import {report.added}"))

    try:
        lane.submit(ImportPages((str(SAMPLES),)), setup_import)
        with qtbot.waitSignal(lane.submit(SyncIndex(), lambda j: j.done.connect(
                lambda _r: events.append("sync"))).finished, timeout=60_000):
            pass
        assert events == ["import 5", "sync"]
        assert 5 in progress
    finally:
        lane.stop()


def test_a_failing_job_is_reported_and_the_lane_goes_on(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lane = WriterLane(tmp_path / "lib")
    failures: list[str] = []
    try:
        with qtbot.waitSignal(lane.submit(ApplyCorrections((Correction("issue", 999, "paper", "X"),)),
                                          lambda j: j.failed.connect(failures.append)).finished, timeout=60_000):
            pass
        assert failures and "999" in failures[0]
        ok: list[object] = []
        with qtbot.waitSignal(lane.submit(SyncIndex(), lambda j: j.done.connect(ok.append)).finished,
                              timeout=60_000):
            pass
        assert ok == [None]
    finally:
        lane.stop()


def test_a_killed_writer_process_fails_its_job_and_a_new_one_serves_the_next(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bench.generate import generate_archive

    generate_archive(tmp_path / "arch", papers=1, pages=80, pages_per_issue=8, seed=9)
    lane = WriterLane(tmp_path / "lib")
    failures: list[str] = []
    killed: list[bool] = []

    def setup(job) -> None:  # type: ignore[no-untyped-def]
        job.failed.connect(failures.append)

        def kill(done: int, _total: int, _text: str) -> None:
            if done >= 3 and not killed:
                killed.append(True)
                os.kill(lane._process.pid, signal.SIGKILL)

        job.progress.connect(kill)

    try:
        with qtbot.waitSignal(lane.submit(ImportPages((str(tmp_path / "arch"),)), setup).finished, timeout=60_000):
            pass
        assert killed and failures and "stopped unexpectedly" in failures[0]
        reports: list = []
        with qtbot.waitSignal(lane.submit(ImportPages((str(tmp_path / "arch"),)),
                                          lambda j: j.done.connect(reports.append)).finished, timeout=120_000):
            pass
        assert reports and reports[0].added + reports[0].unchanged == 80
    finally:
        lane.stop()


def test_read_pool_delivers_none_results_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    pool = ReadPool()
    main = threading.get_ident()
    seen: list[tuple[object, bool]] = []
    job = pool.submit("nothing", lambda cancel: None,
                      lambda j: j.done.connect(lambda r: seen.append((r, threading.get_ident() == main))))
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    assert seen == [(None, True)]
    pool.wait()


_ORPHAN_SCRIPT = """
import multiprocessing as mp, sys, time
from reader import writer
from reader.jobs import SyncIndex
if __name__ == "__main__":
    ctx = mp.get_context("spawn")
    requests, results, cancel = ctx.Queue(), ctx.Queue(), ctx.Event()
    child = ctx.Process(target=writer.serve, args=(sys.argv[1], requests, results, cancel))
    child.start()
    requests.put((1, SyncIndex()))
    results.get(timeout=60)  # the child is up and serving before this process dies
    print(child.pid, flush=True)
    time.sleep(120)
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "State:\tZ" in state  # exited, waiting to be reaped by whoever adopted it


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to watch the process")
def test_the_writer_process_leaves_when_the_window_process_dies(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    script = tmp_path / "orphan.py"
    script.write_text(_ORPHAN_SCRIPT)
    parent = subprocess.Popen([sys.executable, str(script), str(tmp_path / "lib")], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parents[1])
    child_pid = int(parent.stdout.readline())  # type: ignore[union-attr]
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while not _gone(child_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(child_pid)


def test_jobs_nobody_keeps_are_delivered_and_released_safely(qtbot) -> None:  # type: ignore[no-untyped-def]
    # A fire-and-forget job (the notes backup) must not be destroyed off the GUI thread (it crashed in CI).
    pool = ReadPool()
    delivered: list[int] = []
    for n in range(200):
        pool.submit("fire and forget", lambda _cancel, n=n: n, setup=lambda job: job.done.connect(delivered.append))
    qtbot.waitUntil(lambda: len(delivered) == 200, timeout=30_000)
    qtbot.waitUntil(lambda: not pool._live, timeout=5_000)
    assert sorted(delivered) == list(range(200))
    assert pool.wait()
