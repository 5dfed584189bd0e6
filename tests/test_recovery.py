"""Damaged files at start-up: a damaged library database is moved aside and the notes come back from the backup;
a newer schema is left alone; a missing or damaged search index is rebuilt with progress."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import cli, recovery
from reader.library.db import DB_NAME, DamagedLibraryError, LibraryError
from reader.library.store import Library
from reader.notes.backup import backup_dir, backup_notes, latest_backup
from reader.notes.model import ANCHORED, ORPHANED
from reader.notes.store import NoteStore
from reader.recovery import CHECK_MARKER, open_library_safely, request_check
from reader.search.index import index_path
from reader.search.service import SearchService
from reader.writer import sync_index
from tests.conftest import SAMPLES
from tests.helpers import import_pages
from tests.notes_fixtures import TITLE, annotate, article, open_library


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """A closed library of the samples with six notes, a backup of them, and a search index."""
    folder = tmp_path / "lib"
    with open_library(folder) as library:
        annotate(library)
        assert backup_notes(NoteStore.of(library), backup_dir(folder)) is not None
        with SearchService(folder) as service:
            service.sync(library)
    return folder


def db_of(folder: Path) -> Path:
    return folder / DB_NAME


def page_size(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def pages_of(db: Path, table: str) -> list[int]:
    """The page numbers holding ``table`` (SQLite's dbstat table)."""
    conn = sqlite3.connect(db)
    try:
        return [int(r[0]) for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))]
    finally:
        conn.close()


def smash(db: Path, pages: list[int]) -> None:
    """Overwrite whole pages with noise; the file keeps its size and its header."""
    size = page_size(db)
    noise = random.Random(7)
    with db.open("r+b") as f:
        for pgno in pages:
            f.seek((pgno - 1) * size)
            f.write(noise.randbytes(size))


def damaged_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{DB_NAME}.damaged-*"))


def expect_recovered(folder: Path, before: bytes, notes: int = 6) -> recovery.RecoveryReport:
    """Open ``folder``: the damaged file must be aside, byte for byte, and the notes back, orphaned."""
    library, report = open_library_safely(folder)
    with library:
        assert report is not None
        aside = [p for p in damaged_files(folder) if not p.name.endswith(("-wal", "-shm", "-journal"))]
        assert aside == [report.damaged_path]
        assert report.damaged_path.read_bytes() == before  # kept, never deleted or changed
        assert library.issues() == []  # a fresh library
        annotations = NoteStore.of(library).list()
        assert len(annotations) == notes and report.notes == notes
        assert all(a.status == ORPHANED and a.article_id is None for a in annotations)
        assert report.backup == latest_backup(backup_dir(folder))
        message = report.message()
        assert str(report.damaged_path) in message and str(report.backup) in message
        assert "6 notes and bookmarks were recovered" in message and "Import your pages again" in message
        assert str(SAMPLES) in message  # where the pages to import again are
    return report


# -- a damaged library database ------------------------------------------------------------------------------


def test_garbage_file(lib_dir: Path) -> None:
    db = db_of(lib_dir)
    db.write_bytes(random.Random(1).randbytes(200_000))
    before = db.read_bytes()
    with pytest.raises(DamagedLibraryError, match="not a database"):
        Library(lib_dir)
    report = expect_recovered(lib_dir, before)
    assert "not a database" in report.reason


def test_truncated_file(lib_dir: Path) -> None:
    db = db_of(lib_dir)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) * 2 // 5])
    expect_recovered(lib_dir, data[: len(data) * 2 // 5])


def test_header_fine_but_pages_in_the_middle_corrupted(lib_dir: Path) -> None:
    db = db_of(lib_dir)
    total = db.stat().st_size // page_size(db)
    used = pages_of(db, "articles") + pages_of(db, "pages")
    middle = min(used, key=lambda p: abs(p - total // 2))  # an in-use page in the middle of the file
    header = db.read_bytes()[:100]
    smash(db, [middle])
    assert db.read_bytes()[:100] == header
    with Library(lib_dir) as library:  # opening alone does not notice
        assert NoteStore.of(library).counts()["note"] == 2
    expect_recovered(lib_dir, db.read_bytes())


def test_newer_schema_is_not_moved_aside(lib_dir: Path) -> None:
    db = db_of(lib_dir)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(LibraryError, match="newer newsreader") as caught:
        open_library_safely(lib_dir)
    assert not isinstance(caught.value, DamagedLibraryError)
    assert damaged_files(lib_dir) == [] and db.read_bytes() == before


def test_notes_reattach_when_the_pages_are_imported_again(lib_dir: Path) -> None:
    with Library(lib_dir) as library:
        before = {a.uid: (a.kind, a.title, a.quote, a.note, a.name, a.folder) for a in NoteStore.of(library).list()}
    db_of(lib_dir).write_bytes(b"\0" * 5000)
    library, report = open_library_safely(lib_dir)
    with library:
        assert report is not None
        import_pages(library, [SAMPLES])
        after = NoteStore.of(library).list()
        assert {a.uid: (a.kind, a.title, a.quote, a.note, a.name, a.folder) for a in after} == before
        assert all(a.status == ANCHORED and a.article_id is not None for a in after)
        assert {a.article_id for a in after if a.title == TITLE} == {article(library, TITLE).id}


def test_newer_notes_still_readable_in_the_damaged_file_are_recovered_too(lib_dir: Path) -> None:
    with Library(lib_dir) as library:  # made after the newest backup
        NoteStore.of(library).add_note(article(library, TITLE).id, "written after the backup")
    db = db_of(lib_dir)
    smash(db, pages_of(db, "articles"))  # the annotations table itself is intact
    library, report = open_library_safely(lib_dir)
    with library:
        assert report is not None and report.salvaged is not None and report.salvaged.added == 1
        assert report.from_backup == 6 and report.notes == 7
        assert "written after the backup" in [a.note for a in NoteStore.of(library).list()]
        assert "1 newer notes or changes were still readable" in report.message()


def test_no_backup_is_said_plainly(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    open_library(folder).close()
    db_of(folder).write_bytes(b"x" * 4096)
    library, report = open_library_safely(folder)
    library.close()
    assert report is not None and report.backup is None and report.notes == 0
    assert "No automatic backup" in report.message()


def test_big_library_is_checked_fully_after_a_damage_error(lib_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "QUICK_CHECK_MAX_BYTES", 0)  # as if the library were too big to check each start
    db = db_of(lib_dir)
    smash(db, pages_of(db, "articles"))
    library, report = open_library_safely(lib_dir)
    with library:
        assert report is None  # the cheap probe does not read articles
        with pytest.raises(sqlite3.DatabaseError, match="malformed"):
            library.article(1)
    request_check(lib_dir)  # what the CLI, the writer and the desktop do on such an error
    assert (lib_dir / CHECK_MARKER).exists()
    library, report = open_library_safely(lib_dir)
    library.close()
    assert report is not None and not (lib_dir / CHECK_MARKER).exists()


def test_a_healthy_library_opens_unchanged(lib_dir: Path) -> None:
    request_check(lib_dir)
    library, report = open_library_safely(lib_dir)
    with library:
        assert report is None and len(NoteStore.of(library).list()) == 6
    assert damaged_files(lib_dir) == [] and not (lib_dir / CHECK_MARKER).exists()


def test_recovery_drops_the_old_search_index(lib_dir: Path) -> None:
    assert index_path(lib_dir).exists()
    db_of(lib_dir).write_bytes(b"garbage" * 1000)
    library, report = open_library_safely(lib_dir)
    with library:
        assert report is not None
        assert not index_path(lib_dir).exists()  # it described the old pages and article ids
        import_pages(library, [SAMPLES])
        sync_index(library, lambda *_: None, None)
        with SearchService(lib_dir) as service:
            hits = service.search(TITLE[:6]).hits
        assert [h.article_id for h in hits] == [article(library, TITLE).id]


# -- the command line ----------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_reports_the_recovery_once(capsys: pytest.CaptureFixture[str], lib_dir: Path) -> None:
    db_of(lib_dir).write_bytes(b"garbage" * 1000)
    code, out, err = run(capsys, "list", "--library", str(lib_dir))
    assert code == 0 and "library is empty" in out
    assert "moved aside" in err and "6 notes and bookmarks were recovered" in err
    code, _out, err = run(capsys, "notes", "list", "--library", str(lib_dir))
    assert code == 0 and "moved aside" not in err


def test_cli_damage_met_in_use_is_recovered_at_the_next_start(
    capsys: pytest.CaptureFixture[str], lib_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery, "QUICK_CHECK_MAX_BYTES", 0)
    db = db_of(lib_dir)
    smash(db, pages_of(db, "articles"))
    code, _out, err = run(capsys, "show", "--article", "1", "--library", str(lib_dir))
    assert code == 1 and "damaged" in err and "Run newsreader again" in err
    assert (lib_dir / CHECK_MARKER).exists()
    code, _out, err = run(capsys, "list", "--library", str(lib_dir))
    assert code == 0 and "moved aside" in err


# -- a missing or damaged search index ----------------------------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def _garbage(path: Path) -> None:
    path.write_bytes(random.Random(3).randbytes(50_000))


def _missing(path: Path) -> None:
    path.unlink()


def _drop(table: str):  # type: ignore[no-untyped-def]
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as conn:
            conn.execute(f"DROP TABLE {table}")
        conn.close()

    return damage


@pytest.fixture
def indexed(lib_dir: Path) -> Iterator[Path]:
    """The library's index, checkpointed into one file (no -wal/-shm beside it)."""
    path = index_path(lib_dir)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert not Path(f"{path}-wal").exists()
    yield path


@pytest.mark.parametrize(
    "damage",
    [_missing, _garbage, _truncate, _drop("docs"), _drop("pages"), _drop("fts"), _drop("meta")],
    ids=["missing", "garbage", "truncated", "docs-dropped", "pages-dropped", "fts-dropped", "meta-dropped"],
)
def test_damaged_or_missing_index_is_rebuilt_with_progress(indexed: Path, lib_dir: Path, damage) -> None:  # type: ignore[no-untyped-def]
    damage(indexed)
    progress: list[tuple[int, int, str]] = []
    with Library(lib_dir) as library:
        pages = len(library.index_keys())
        sync_index(library, lambda done, total, text: progress.append((done, total, text)), None)  # start-up's sync
        expected = article(library, TITLE).id
    assert progress and progress[-1][:2] == (pages, pages)  # the rebuild reported its progress to the end
    with SearchService(lib_dir) as service:
        result = service.search(TITLE[:6])
    assert result.error is None and [h.article_id for h in result.hits] == [expected]


def test_a_database_that_cannot_be_moved_aside_is_a_clear_error(
    lib_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_of(lib_dir).write_bytes(b"garbage" * 1000)

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(recovery.os, "replace", refuse)
    with pytest.raises(LibraryError, match="damaged and could not be moved aside: Permission denied"):
        open_library_safely(lib_dir)
    assert db_of(lib_dir).read_bytes() == b"garbage" * 1000
