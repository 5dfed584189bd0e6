"""Searches run in a child process: the window's thread never computes one; the newest query wins; a dead
search process is replaced (a job it was running fails, as in the writer lane: test_ui_tasks.py)."""

from __future__ import annotations

import gc
import os
import signal
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.jobs import SearchPage, SearchRequest, WarmUp
from reader.library.store import Library
from reader.search.service import SearchService
from reader.ui.search_bridge import SearchBridge
from reader.ui.tasks import Job, ReadPool, SearchLane
from tests.conftest import SAMPLES
from tests.helpers import import_pages


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("searchproc")
    with Library(folder) as lib:
        import_pages(lib, [SAMPLES])
        with SearchService(folder) as service:
            service.sync(lib)
    return folder


@pytest.fixture
def bridge(qtbot: Any, library_dir: Path) -> Iterator[SearchBridge]:
    pool = ReadPool()
    search = SearchBridge(pool, library_dir)
    yield search
    search.stop()
    pool.wait()


def test_a_search_is_answered_by_another_process(qtbot: Any, bridge: SearchBridge) -> None:
    with qtbot.waitSignal(bridge.result_ready, timeout=60_000) as blocker:
        bridge.search(SearchRequest("养老服务"))
    result = blocker.args[0]
    assert result.error is None and result.total > 0 and result.hits
    child = bridge.lane._process
    assert child is not None and child.is_alive() and child.pid != os.getpid()
    with qtbot.waitSignal(bridge.more_ready, timeout=60_000) as more:
        bridge.more(1)
    assert [h.article_id for h in more.args[0]] == [h.article_id for h in result.hits[1:]]


def test_the_newest_query_wins_and_queued_ones_are_dropped(qtbot: Any, bridge: SearchBridge) -> None:
    answers: list[Any] = []
    bridge.result_ready.connect(lambda result, _request: answers.append(result))
    jobs: list[Any] = []
    original = bridge.lane.submit

    def spy(*args: Any, **kwargs: Any) -> Any:
        jobs.append(original(*args, **kwargs))
        return jobs[-1]

    bridge.lane.submit = spy  # type: ignore[method-assign]
    ran: list[str] = []
    for query in ("许昌", "记者", "养老"):
        bridge.search(SearchRequest(query))
        jobs[-1].done.connect(lambda _r, q=query: ran.append(q))
    with qtbot.waitSignal(jobs[-1].finished, timeout=60_000):
        pass
    qtbot.wait(50)
    assert "记者" not in ran  # it was still queued when 养老 came: never run
    assert len(answers) == 1 and answers[0].hits
    assert all("养老" in h.snippet + (h.title or "") for h in answers[0].hits)


def test_a_killed_search_process_is_replaced_by_the_next_search(qtbot: Any, bridge: SearchBridge) -> None:
    with qtbot.waitSignal(bridge.warmed, timeout=60_000):
        bridge.warm_up()
    first = bridge.lane._process
    os.kill(first.pid, signal.SIGKILL)
    first.join(10)
    with qtbot.waitSignal(bridge.result_ready, timeout=60_000) as blocker:
        bridge.search(SearchRequest("许昌"))
    assert blocker.args[0].total > 0
    assert bridge.lane._process is not first and bridge.lane._process.is_alive()


def test_a_replaced_job_only_finishes(qtbot: Any, library_dir: Path) -> None:
    lane = SearchLane(library_dir)
    events: list[str] = []
    try:
        lane.submit(WarmUp(), lambda j: j.done.connect(lambda _r: events.append("warm")))
        queued = lane.submit(SearchPage(SearchRequest("许昌"), 5, 0, False),
                             lambda j: (j.done.connect(lambda _r: events.append("old")),
                                        j.failed.connect(lambda _m: events.append("old failed")),
                                        j.finished.connect(lambda: events.append("old finished"))))
        assert queued is not None
        last = lane.submit(SearchPage(SearchRequest("记者"), 5, 0, False),
                           lambda j: j.done.connect(lambda r: events.append(f"new {r.total > 0}")), replace=True)
        with qtbot.waitSignal(last.finished, timeout=60_000):
            pass
        assert events == ["old finished", "warm", "new True"]
    finally:
        lane.stop()


def test_finished_jobs_are_freed(qtbot: Any, library_dir: Path) -> None:
    """A search per keystroke for hours: the lane must not keep the jobs (it did, as their Qt parent)."""
    lane = SearchLane(library_dir)
    try:
        refs = []
        for query in ("许昌", "记者", "养老"):
            job = lane.submit(SearchPage(SearchRequest(query), 5, 0, False))
            refs.append(weakref.ref(job))
            with qtbot.waitSignal(job.finished, timeout=60_000):
                pass
            del job
        gc.collect()
        assert [r() for r in refs] == [None, None, None]
        assert not lane.findChildren(Job)
    finally:
        lane.stop()
