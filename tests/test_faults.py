"""Faults while importing, and concurrency: kills at random moments, a full disk, a read-only library, two writers.

"Consistent" is what tests/library_consistency.py checks (whole pages, no orphans, an index whose pages are fresh,
stale or unindexed but never wrong); after a crash one ``SearchService.sync`` must make every page fresh, and the
notes are the same annotations as before.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate_archive
from reader import writer
from reader.cli import main
from reader.ingest.pipeline import read_text
from reader.jobs import ImportPages
from reader.library import Library, LibraryError, store
from reader.library.db import DB_NAME, connect
from reader.library.pagemeta import content_hash
from reader.notes.model import NotesError
from reader.notes.store import NoteStore
from reader.search import index as search_index
from reader.search.index import SearchIndexError, index_path, open_index
from reader.search.service import SearchService
from tests.conftest import ROOT
from tests.helpers import import_pages
from tests.library_consistency import State, check_all, check_library, connect_ro, library_summary

ARCHIVE_PAGES = 64
ROUNDS = 18
KILLS = ("time", "import", "import", "import", "index", "index", "after index")  # kinds of kill moments, weighted
QUERIES = ("本报讯", "发展", "title:会议", "记者 -通讯员")


# -- helpers ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of generated pages (two papers, eight pages an issue), made once for the module."""
    out = tmp_path_factory.mktemp("archive") / "archive"
    generate_archive(out, papers=2, pages=ARCHIVE_PAGES, seed=7)
    return out


def page_files(root: Path) -> list[Path]:
    """The page files under ``root``, as resolved paths (what the library stores)."""
    return sorted(p.resolve() for p in root.rglob("*.txt"))


def issue_folders(root: Path) -> list[Path]:
    """The folders holding page files (one issue each in a generated archive), in order."""
    return sorted({p.parent for p in page_files(root)})


def cli(*args: str) -> list[str]:
    """The command line ``newsreader ARGS`` run by this Python."""
    return [sys.executable, "-m", "reader", *args]


def start(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    """A child process in its own process group (so a kill takes any helpers with it), output to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def kill(proc: subprocess.Popen[bytes]) -> int:
    """SIGKILL a child and its process group unless it has ended; its exit code."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    return proc.wait(30)


def sync(folder: Path) -> None:
    """A SearchService.sync; then another has nothing to do (but the rebuild its dead rows may ask for)."""
    with SearchService(folder) as service:
        service.sync()
        again = service.sync()
        if again.rebuilt:  # the first sync left more dead fts rows than live ones: the next one rebuilds
            again = service.sync()
    assert (again.indexed_pages, again.removed_pages) == (0, 0)


def search_view(folder: Path) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """Per query: the total and the hits as (source file, item ord), independent of row ids."""
    result = {}
    with SearchService(folder) as service, Library(folder) as lib:
        for query in QUERIES:
            found = service.search(query, limit=1000, sort="oldest")
            assert found.error is None, found.error
            hits = []
            for hit in found.hits:
                item = lib.article(hit.article_id) if hit.article_id is not None else lib.block(hit.block_id or 0)
                assert item is not None
                page = lib.page(item.page_id)
                assert page is not None
                hits.append((page.source_path, item.ord))
            result[query] = (found.total, sorted(hits))
    return result


def add_notes(folder: Path) -> None:
    """A highlight with a note, a plain highlight and a bookmark, on articles of different pages."""
    with Library(folder) as lib:
        pages = [p for issue in lib.issues() for p in lib.pages(issue.id)]
        articles = [lib.articles(p.id) for p in pages]
        firsts = [a[0] for a in articles if a and len(a[0].body) > 40]
        assert len(firsts) >= 3
        NoteStore.of(lib).add_highlight(firsts[0].id, 5, 25, note="重要：核对原文")
        NoteStore.of(lib).add_highlight(firsts[1].id, 10, 30, color="green")
        NoteStore.of(lib).add_bookmark(firsts[2].id, name="待读")


def noted_sources(folder: Path) -> list[str]:
    """The page files that carry the reader's notes."""
    with Library(folder) as lib:
        return sorted(a.source_path for a in NoteStore.of(lib).list())


def touch_up(path: Path, n: int) -> None:
    """Change a page's text (a paragraph appended) so that the next import replaces it."""
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n\n本报讯 第{n}次补充的段落，用于检验重新导入时的替换。\n")


# -- 1. killed at random moments ---------------------------------------------------------------------------


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's counter that moves when another connection commits."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def run_and_kill(
    argv: list[str],
    log: Path,
    watched: Path | None,
    commits: int,
    delay: float,
    *,
    hold: Path | None = None,
    until: Callable[[], bool] | None = None,
) -> int:
    """Run ``argv``, SIGKILL it ``delay`` s after its ``commits``-th commit to ``watched`` (or its start); exit code.

    ``until`` instead waits for a state of the library. With ``hold``, this test holds that database's write
    lock for the whole run, so the child's writes to it wait (within their busy timeout) until the kill: a
    moment that lands on every machine, however fast.
    """
    conn = connect_ro(watched) if watched is not None else None
    holder = sqlite3.connect(hold, isolation_level=None) if hold is not None else None
    try:
        if holder is not None:
            holder.execute("BEGIN IMMEDIATE")
        seen = data_version(conn) if conn is not None else 0
        proc = start(argv, log)
        count, deadline = 0, time.monotonic() + 60
        while until is not None and not until() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        while conn is not None and count < commits and proc.poll() is None and time.monotonic() < deadline:
            version = data_version(conn)  # changes whenever another connection has committed
            if version != seen:
                seen, count = version, count + 1
            else:
                time.sleep(0.002)
        time.sleep(delay)
        return kill(proc)
    finally:
        if conn is not None:
            conn.close()
        if holder is not None:
            holder.rollback()
            holder.close()


def pending_pages(folder: Path, files: list[Path]) -> int:
    """Files whose current text the library does not hold yet."""
    conn = connect_ro(folder / DB_NAME)
    try:
        stored = dict(conn.execute("SELECT source_path, content_hash FROM pages").fetchall())
    finally:
        conn.close()
    pending = 0
    for path in files:
        read = read_text(path)  # decoded as an import decodes it
        assert isinstance(read, tuple), read
        pending += stored.get(str(path)) != content_hash(read[0])
    return pending


def max_article_id(folder: Path) -> int:
    """The newest article id (ids are never reused: a higher one means pages were written)."""
    conn = connect_ro(folder / DB_NAME)
    try:
        return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])
    finally:
        conn.close()


def kill_moment(code: int, rewritten: bool, left: int, force: bool, state: State) -> str:
    """Where the kill landed, judged from what it left: to show the rounds cover every phase of an import."""
    behind = state.stale + state.unindexed
    if code != -signal.SIGKILL:
        return "after it finished"
    if rewritten and (left or (force and behind > state.fresh)):
        return "while importing"
    if left == 0 and behind:
        return "while indexing"
    return "after its last write" if left == 0 else "before writing"


def test_import_killed_at_random_moments_leaves_library_and_index_consistent(
    generated: Path, tmp_path: Path
) -> None:
    """SIGKILL imports at random moments: after each kill library, index and notes are consistent."""
    archive = tmp_path / "archive"
    shutil.copytree(generated, archive)
    lib_dir = tmp_path / "lib"
    folders = issue_folders(archive)
    with Library(lib_dir) as lib:  # a first part imported and indexed, with the reader's notes on it
        import_pages(lib, [str(f) for f in folders[:3]])
    sync(lib_dir)
    add_notes(lib_dir)
    before = check_all(lib_dir, exact_index=True)
    assert len(before.notes) == 3

    rng = random.Random(20240601)  # the same rounds every run (the machine's speed still moves the moments)
    files = page_files(archive)
    noted = noted_sources(lib_dir)
    log = tmp_path / "import.log"
    moments: list[str] = []
    for round_no in range(1, ROUNDS + 1):
        # Change three imported pages (every fifth round a noted one) so that re-imports replace pages too;
        # once, a forced import (killed part-way) rewrites unchanged pages and re-anchors their notes.
        stored = library_summary(lib_dir)
        changed = rng.sample([f for f in files if str(f) in stored], 3)
        if round_no % 5 == 0:
            changed[0] = Path(noted[round_no // 5 % len(noted)])
        for path in changed:
            touch_up(path, round_no)
        force = round_no == 8
        pending, last_article = pending_pages(lib_dir, files), max_article_id(lib_dir)
        # The kill moment: a random time; or just after a page's commit but the round's last (pages of a folder
        # are written milliseconds apart); or up to 0.8 s after the last page while this test holds the index's
        # write lock (on a fast machine three pages are indexed in less than 0.1 s: without the lock the kill
        # would mostly come after the end); or just after the index's first commit.
        kind = "import" if force else rng.choice(KILLS)
        watched = {"import": lib_dir / DB_NAME, "after index": index_path(lib_dir)}.get(kind)
        commits = {
            "time": 0,
            "import": rng.randint(1, 12 if force else max(pending - 1, 1)),
            "index": 0,
            "after index": 1,
        }[kind]
        delay = {"time": rng.uniform(0.05, 1.5), "index": rng.uniform(0.0, 0.8)}.get(kind, rng.uniform(0.0, 0.01))
        argv = cli("import", "--library", str(lib_dir), *(["--force"] if force else []), str(archive))
        if kind == "index":  # every page written (commits of one folder may come too close together to count)
            code = run_and_kill(argv, log, None, 0, delay, hold=index_path(lib_dir),
                                until=lambda: pending_pages(lib_dir, files) == 0)
        else:
            code = run_and_kill(argv, log, watched, commits, delay)

        after = check_all(lib_dir)
        assert after.notes == before.notes, f"round {round_no}: notes changed"
        assert after.pages >= len(stored), f"round {round_no}: pages lost"
        left = pending_pages(lib_dir, files)
        moment = kill_moment(code, max_article_id(lib_dir) > last_article, left, force, after)
        moments.append(moment)
        print(
            f"round {round_no:2}: {kind} (commit {commits} +{delay:.2f}s)"
            f"{' --force' if force else ''}: killed {moment}; pages to import {pending} -> {left}; index"
            f" fresh/stale/unindexed {after.fresh}/{after.stale}/{after.unindexed}"
        )
        if round_no % 2:  # odd rounds: a sync must heal what the kill left; even ones leave it to the import
            sync(lib_dir)
            check_all(lib_dir, exact_index=True)
    # Enough kills landed in each phase (with some slack: a faster or slower machine moves the moments).
    assert moments.count("while importing") >= 3 and moments.count("while indexing") >= 2, moments

    # An import that is not killed finishes the job; the result equals a library imported in one go.
    done = subprocess.run(cli("import", "--library", str(lib_dir), str(archive)), cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    final = check_all(lib_dir, exact_index=True)
    assert final.notes == before.notes
    reference = tmp_path / "reference"
    with Library(reference) as lib:
        import_pages(lib, [str(archive)])
    sync(reference)
    assert library_summary(lib_dir) == library_summary(reference)
    assert final.pages == len(files)
    assert final.articles == check_library(reference).articles
    assert search_view(lib_dir) == search_view(reference)


# -- 2. a full disk -----------------------------------------------------------------------------------------
# SQLite's max_page_count on the connection that writes is a full disk for that connection: the same error
# (SQLITE_FULL, "database or disk is full") at the same places, on any machine and without privileges.

ALL_PAGES = 1_073_741_823  # SQLite's largest max_page_count: "space freed"


def limit_pages(conn: sqlite3.Connection, room: int) -> None:
    """Let the database behind ``conn`` grow by ``room`` pages of 4 KiB at most."""
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    conn.execute(f"PRAGMA max_page_count = {pages + room}")


@pytest.fixture
def two_issues(generated: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two issue folders (eight pages each) copied out of the generated archive."""
    first, second = issue_folders(generated)[:2]
    shutil.copytree(first, tmp_path / "in" / "one")
    shutil.copytree(second, tmp_path / "in" / "two")
    return tmp_path / "in" / "one", tmp_path / "in" / "two"


def test_disk_full_while_importing_keeps_whole_pages_and_resumes(
    two_issues: tuple[Path, Path], tmp_path: Path
) -> None:
    """A full disk stops an import with a LibraryError that says so; whole pages only; the next import resumes."""
    one, two = two_issues
    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        import_pages(lib, [str(one)])
        earlier = library_summary(lib_dir)
        limit_pages(NoteStore.of(lib).connection, 30)  # room for two or three more pages
        with pytest.raises(LibraryError, match=r"^cannot write .*\.txt to the library: the disk is full") as caught:
            import_pages(lib, [str(two)])
        assert "\n" not in str(caught.value)
        state = check_library(lib_dir)  # every page whole: the one being written is absent
        assert 8 < state.pages < 16
        assert {k: v for k, v in library_summary(lib_dir).items() if k in earlier} == earlier
        NoteStore.of(lib).connection.execute(f"PRAGMA max_page_count = {ALL_PAGES}")
        report = import_pages(lib, [str(one), str(two)])
    assert (report.added, report.unchanged) == (16 - state.pages, state.pages)
    assert check_library(lib_dir).pages == 16


def test_disk_full_while_indexing_keeps_the_index_and_resumes(two_issues: tuple[Path, Path], tmp_path: Path) -> None:
    """A full disk stops a sync with a SearchIndexError; what was indexed stays (no rebuild); the next sync resumes."""
    one, two = two_issues
    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        import_pages(lib, [str(one)])
    sync(lib_dir)
    with Library(lib_dir) as lib:
        import_pages(lib, [str(two)])
    with SearchService(lib_dir) as service:
        limit_pages(service._conn(), 10)  # the connection sync writes with (this thread's)
        with pytest.raises(SearchIndexError, match="the disk is full") as caught:
            service.sync()
        assert "\n" not in str(caught.value)
    state = check_all(lib_dir)  # not deleted and rebuilt: the first issue is still indexed, the rest is not
    assert (state.fresh, state.stale, state.unindexed) == (8, 0, 8)
    sync(lib_dir)
    check_all(lib_dir, exact_index=True)


def test_disk_full_while_saving_a_note(two_issues: tuple[Path, Path], tmp_path: Path) -> None:
    """A note that does not fit on the disk is refused with a NotesError that says so; nothing else changes."""
    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        import_pages(lib, [str(two_issues[0])])
        add_notes(lib_dir)
        notes = NoteStore.of(lib).list()
        article = notes[0].article_id
        assert article is not None
        limit_pages(NoteStore.of(lib).connection, 0)
        with pytest.raises(NotesError, match=r"^could not save the change: the disk is full"):
            NoteStore.of(lib).add_highlight(article, 0, 10, note="长" * 20_000)
        with pytest.raises(NotesError, match="the disk is full"):
            NoteStore.of(lib).update(notes[0].uid, note="改" * 20_000)
        assert NoteStore.of(lib).list() == notes
        NoteStore.of(lib).connection.execute(f"PRAGMA max_page_count = {ALL_PAGES}")
        NoteStore.of(lib).add_highlight(article, 0, 10, note="长" * 20_000)
        assert len(NoteStore.of(lib).list()) == 4


def test_the_window_is_told_the_disk_is_full(two_issues: tuple[Path, Path], tmp_path: Path) -> None:
    """The writer process's import job fails with the message itself (the window shows it as is)."""
    with Library(tmp_path / "lib") as lib:
        limit_pages(NoteStore.of(lib).connection, 5)
        with pytest.raises(LibraryError) as caught:
            writer.import_op(lib, lambda *_: None, threading.Event(), ImportPages((str(two_issues[0]),)))
    text = writer.failure_text(caught.value)
    assert text.startswith("cannot write ") and "the disk is full" in text
    assert writer.failure_text(ValueError("x")) == "ValueError: x"


def with_setting(
    connect: Callable[..., sqlite3.Connection], setting: Callable[[sqlite3.Connection], object]
) -> Callable[..., sqlite3.Connection]:
    """``connect``, but every connection it opens first gets ``setting`` (a small disk, a read-only file)."""

    def opened(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        setting(conn)
        return conn

    return opened


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in this process; exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def error_line(err: str) -> str:
    """The CLI's error: the last line on stderr, and no traceback anywhere."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines and lines[-1].startswith("error: "), err
    return lines[-1]


def test_cli_says_the_disk_is_full(
    two_issues: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line ends a full-disk import (library or index) with exit code 1 and a one-line error."""
    one, two = two_issues
    lib = str(tmp_path / "lib")
    assert run_cli(capsys, "import", "--library", lib, str(one))[0] == 0
    with monkeypatch.context() as m:
        m.setattr(store, "connect", with_setting(store.connect, lambda c: limit_pages(c, 30)))
        code, _out, err = run_cli(capsys, "import", "--library", lib, str(two))
    assert code == 1
    assert "the disk is full" in error_line(err)
    assert 8 < check_library(Path(lib)).pages < 16
    with monkeypatch.context() as m:  # the library has room but the index has not
        m.setattr(search_index, "_connect", with_setting(search_index._connect, lambda c: limit_pages(c, 10)))
        code, _out, err = run_cli(capsys, "import", "--library", lib, str(two))
    assert code == 1
    line = error_line(err)
    assert "search index" in line and "the disk is full" in line
    assert check_library(Path(lib)).pages == 16  # the pages are in; only their index entries are missing
    assert run_cli(capsys, "import", "--library", lib, str(one), str(two))[0] == 0
    check_all(Path(lib), exact_index=True)


# -- 3. a read-only library -----------------------------------------------------------------------------------


def test_read_only_library_is_reported_and_left_unchanged(two_issues: tuple[Path, Path], tmp_path: Path) -> None:
    """Writes to a read-only library (import, note, index) fail with errors that say so; nothing changes."""
    one, two = two_issues
    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        import_pages(lib, [str(one)])
        add_notes(lib_dir)
    sync(lib_dir)
    before = library_summary(lib_dir)
    with Library(lib_dir) as lib:
        NoteStore.of(lib).connection.execute("PRAGMA query_only = 1")  # what a read-only file gives every write
        with pytest.raises(LibraryError, match="read-only"):
            import_pages(lib, [str(two)])
        notes = NoteStore.of(lib).list()
        with pytest.raises(NotesError, match=r"^could not save the change: the library folder is read-only"):
            NoteStore.of(lib).add_bookmark(notes[0].article_id or 0)
        with pytest.raises(NotesError, match="read-only"):
            NoteStore.of(lib).delete(notes[0].uid)
        assert NoteStore.of(lib).list() == notes
    assert library_summary(lib_dir) == before
    with Library(lib_dir) as lib:
        import_pages(lib, [str(two)])
    with SearchService(lib_dir) as service:
        service._conn().execute("PRAGMA query_only = 1")
        with pytest.raises(SearchIndexError, match="read-only"):
            service.sync()
    state = check_all(lib_dir)
    assert (state.fresh, state.unindexed) == (8, 8)


def test_cli_says_the_library_is_read_only(
    two_issues: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line ends an import into a read-only library with exit code 1 and a one-line error."""
    one, two = two_issues
    lib = str(tmp_path / "lib")
    assert run_cli(capsys, "import", "--library", lib, str(one))[0] == 0
    before = library_summary(Path(lib))
    monkeypatch.setattr(store, "connect", with_setting(store.connect, lambda c: c.execute("PRAGMA query_only = 1")))
    code, _out, err = run_cli(capsys, "import", "--library", lib, str(two))
    assert code == 1
    assert "read-only" in error_line(err)
    assert library_summary(Path(lib)) == before


def _chmod_protects() -> bool:
    """Whether a file without write permission stops this process (not for root with its usual capabilities)."""
    probe = Path(tempfile.mkdtemp()) / "probe"
    probe.write_text("x")
    probe.chmod(0o444)
    try:
        with probe.open("a"):
            return False
    except PermissionError:
        return True
    finally:
        probe.chmod(0o644)
        shutil.rmtree(probe.parent)


@pytest.mark.skipif(not _chmod_protects(), reason="this user writes to read-only files anyway (root)")
def test_cli_on_a_chmod_read_only_library(
    two_issues: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A library folder and files without write permission: a one-line error, nothing changed."""
    one, two = two_issues
    lib_dir = tmp_path / "lib"
    assert run_cli(capsys, "import", "--library", str(lib_dir), str(one))[0] == 0
    before = library_summary(lib_dir)
    files = [p for p in lib_dir.rglob("*") if p.is_file()]
    folders = [lib_dir, *(p for p in lib_dir.rglob("*") if p.is_dir())]
    for path in files:
        path.chmod(0o444)
    for path in folders:
        path.chmod(0o555)
    try:
        code, _out, err = run_cli(capsys, "import", "--library", str(lib_dir), str(two))
    finally:
        for path in folders:
            path.chmod(0o755)
        for path in files:
            path.chmod(0o644)
    assert code == 1
    assert "read-only" in error_line(err) or "ermission" in error_line(err)
    assert library_summary(lib_dir) == before


# -- 2b. a real full disk and a real read-only file system (a small tmpfs in a private mount namespace) ----------

_CHECK = """
import json, sys
from pathlib import Path
from tests.library_consistency import check_all
state = check_all(Path(sys.argv[1]))
print(json.dumps([state.pages, state.fresh, state.stale, state.unindexed, len(state.notes)]))
"""

_NOTE = """
import sys
from reader.library import Library
from reader.notes.store import NoteStore
from reader.notes.model import NotesError
with Library(sys.argv[1]) as lib:
    article = lib.articles(lib.pages(lib.issues()[0].id)[0].id)[0]
    try:
        NoteStore.of(lib).add_highlight(article.id, 0, 5, note="长" * 400_000)
    except NotesError as exc:
        print(exc)
    print(len(NoteStore.of(lib).list()))
"""

_SCENARIO = """
set -u
mount -t tmpfs -o size=16m tmpfs {mnt} || exit 77
step() {{ "$@" > {out}/$STEP.log 2>&1; echo $? > {out}/$STEP.rc; }}
STEP=first step {py} -m reader import --library {mnt}/lib {one}
dd if=/dev/zero of={mnt}/ballast bs=64k 2> /dev/null  # the disk is full...
truncate -s -{room} {mnt}/ballast  # ...but for a little room
STEP=full step {py} -m reader import --library {mnt}/lib {one} {two} {three}
STEP=full-list step {py} -m reader list --library {mnt}/lib
STEP=note-full step {py} -c '{note}' {mnt}/lib
rm {mnt}/ballast
STEP=full-check step {py} -c '{check}' {mnt}/lib
STEP=freed step {py} -m reader import --library {mnt}/lib {one} {two} {three}
STEP=freed-check step {py} -c '{check}' {mnt}/lib
mount -o remount,ro {mnt}
STEP=ro step {py} -m reader import --library {mnt}/lib {four}
mount -o remount,rw {mnt}
STEP=ro-check step {py} -c '{check}' {mnt}/lib
"""


def _private_mounts() -> bool:
    """Whether this machine lets us mount a tmpfs in a private user and mount namespace."""
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _private_mounts(), reason="needs unshare -rm (user and mount namespaces)")
def test_real_full_disk_and_read_only_file_system(generated: Path, tmp_path: Path) -> None:
    """The same on a real small tmpfs: full (import, note), then freed, then remounted read-only."""
    folders = issue_folders(generated)
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    script = _SCENARIO.format(
        room="400K",
        mnt=mnt,
        out=out,
        py=sys.executable,
        check=_CHECK,
        note=_NOTE,
        one=folders[0],
        two=folders[1],
        three=folders[2],
        four=folders[3],
    )
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=ROOT, capture_output=True, timeout=120)
    if done.returncode == 77:
        pytest.skip("cannot mount a tmpfs here")

    def step(name: str) -> tuple[int, str]:
        return int((out / f"{name}.rc").read_text()), (out / f"{name}.log").read_text()

    def state(name: str) -> list[int]:
        code, text = step(name)
        assert code == 0, text
        return json.loads(text.strip().splitlines()[-1])

    print({name: step(name) for name in ("first", "full", "full-list", "note-full", "freed", "ro")})
    assert step("first")[0] == 0
    code, text = step("full")
    assert code == 1 and "the disk is full" in error_line(text)
    code, text = step("full-list")  # reading works on a full disk
    assert code == 0 and "pages 8/8" in text
    code, text = step("note-full")
    assert (code, text.splitlines()) == (0, ["could not save the change: the disk is full", "0"])
    pages, *_ = state("full-check")  # whole pages only (the checker asserts it), fewer than asked for
    assert 8 <= pages < 24
    code, text = step("freed")
    assert code == 0, text
    assert state("freed-check") == [24, 24, 0, 0, 0]
    code, text = step("ro")
    assert code == 1 and "read-only" in error_line(text)
    assert state("ro-check") == [24, 24, 0, 0, 0]


# -- 4. two writers on one library ------------------------------------------------------------------------------


def run_together(*argvs: list[str], log: Path) -> list[tuple[int, str]]:
    """Start every command at once and wait for all; their exit codes and output."""
    logs = [log.with_name(f"{log.stem}-{n}.log") for n in range(len(argvs))]
    procs = [start(argv, path) for argv, path in zip(argvs, logs, strict=True)]
    codes = [proc.wait(120) for proc in procs]
    return [(code, path.read_text()) for code, path in zip(codes, logs, strict=True)]


def test_two_imports_at_once_into_a_new_library(generated: Path, tmp_path: Path) -> None:
    """Two command-line imports (overlapping folders) start together on a new library: both succeed."""
    folders = [str(f) for f in issue_folders(generated)[:6]]
    lib = str(tmp_path / "lib")
    # Both create the library and its index at the same moment; the second also imports pages of the first.
    results = run_together(
        cli("import", "--library", lib, *folders[:4]),
        cli("import", "--library", lib, *folders[2:]),
        log=tmp_path / "import.log",
    )
    assert [code for code, _ in results] == [0, 0], results
    state = check_all(Path(lib), exact_index=True)  # no page twice (unique paths), none lost, index in step
    assert state.pages == len(page_files(generated)) * 6 // len(issue_folders(generated))


_NOTES_LOOP = """
import sys
from reader.library import Library
from reader.notes.store import NoteStore
with Library(sys.argv[1]) as lib:
    articles = [a.id for i in lib.issues() for p in lib.pages(i.id) for a in lib.articles(p.id) if len(a.body) > 20]
    for n in range(int(sys.argv[2])):
        NoteStore.of(lib).add_highlight(articles[n % len(articles)], n % 10, n % 10 + 5, note=f"note {n}")

"""


def test_notes_are_saved_while_another_process_imports(generated: Path, tmp_path: Path) -> None:
    """Notes saved in a loop while another process imports: none lost, import complete."""
    folders = [str(f) for f in issue_folders(generated)]
    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        import_pages(lib, [folders[0]])
    results = run_together(
        cli("import", "--library", str(lib_dir), *folders[1:]),
        [sys.executable, "-c", _NOTES_LOOP, str(lib_dir), "300"],
        log=tmp_path / "both.log",
    )
    assert [code for code, _ in results] == [0, 0], results
    state = check_all(lib_dir, exact_index=True)
    assert state.pages == len(page_files(generated))
    assert sorted(n[3] for n in state.notes) == sorted(f"note {n}" for n in range(300))


def test_reindex_while_another_process_imports(generated: Path, tmp_path: Path) -> None:
    """reindex while another process imports and the reader has the index open: no entry lost or hidden."""
    folders = [str(f) for f in issue_folders(generated)]
    lib_dir = tmp_path / "lib"
    with Library(lib_dir) as lib:
        import_pages(lib, folders[:1])
    sync(lib_dir)
    reader = SearchService(lib_dir)  # the window's searches, connected before the rebuild
    first = reader.search("本报讯").total
    watch = connect_ro(index_path(lib_dir))
    seen = data_version(watch)
    importing = start(cli("import", "--library", str(lib_dir), *folders[1:-1]), tmp_path / "import.log")
    while data_version(watch) == seen and importing.poll() is None:  # its sync has written a first batch
        time.sleep(0.002)
    watch.close()
    reindex = subprocess.run(cli("reindex", "--library", str(lib_dir)), cwd=ROOT, capture_output=True, timeout=120)
    assert (importing.wait(120), reindex.returncode) == (0, 0), reindex.stderr
    check_all(lib_dir, exact_index=True)  # no index entry lost to the rebuild
    last = subprocess.run(cli("import", "--library", str(lib_dir), folders[-1]), cwd=ROOT, capture_output=True)
    assert last.returncode == 0, last.stderr
    with SearchService(lib_dir) as fresh:
        everything = fresh.search("本报讯").total
    assert everything > first
    assert reader.search("本报讯").total == everything  # the rebuild emptied the file in place, not a new file
    reader.close()


def at_once(*targets: Callable[[threading.Barrier], None]) -> None:
    """Run each target in its own thread, all released together; an exception in any fails the test."""
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def run(target: Callable[[threading.Barrier], None]) -> None:
        try:
            barrier.wait()
            target(barrier)
        except BaseException as exc:  # collected: an exception in a thread would go unnoticed
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_connections_opening_a_new_library_at_once(tmp_path: Path) -> None:
    """Three openers of one new library file: each waits for the others' switch to WAL and migrations."""
    for n in range(60):
        path = tmp_path / f"lib{n}" / DB_NAME
        path.parent.mkdir()

        def open_it(_: threading.Barrier, path: Path = path) -> None:
            connect(path).close()

        at_once(open_it, open_it, open_it)


def test_search_indexes_created_at_once_are_one_file(tmp_path: Path) -> None:
    """Two openers of a missing index: the second must use the first one's file, not delete and remake it."""
    for n in range(20):
        path = index_path(tmp_path / f"lib{n}")
        seen: list[object] = []

        def writer_side(barrier: threading.Barrier, path: Path = path) -> None:
            conn = open_index(path)[0]  # a connection belongs to its thread: open, write and read there
            barrier.wait()
            conn.execute("INSERT INTO meta VALUES ('probe', '1')")
            barrier.wait()
            conn.close()

        def reader_side(barrier: threading.Barrier, path: Path = path, seen: list[object] = seen) -> None:
            conn = open_index(path)[0]
            barrier.wait()
            barrier.wait()
            seen.append(conn.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone())
            conn.close()

        at_once(writer_side, reader_side)
        assert seen == [("1",)], f"round {n}: the two connections are on different files"
