"""Automatic note backups: rotation, no duplicates, never raising for disk trouble, restoring the newest readable."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library.store import Library
from reader.notes import backup as backup_mod
from reader.notes.backup import (
    Backup,
    backup_dir,
    backup_library,
    backup_notes,
    keep,
    latest_backup,
    list_backups,
    make_backup,
    restore_latest,
    restore_newest_readable,
)
from reader.notes.exchange import FORMAT
from reader.notes.model import ORPHANED
from reader.notes.store import NoteStore
from tests.conftest import SAMPLES
from tests.helpers import import_pages
from tests.notes_fixtures import TITLE, annotate, article, open_library

T0 = dt.datetime(2026, 3, 18, 12, 0, 0, tzinfo=dt.UTC)  # a Wednesday


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(tmp_path / "lib")
    annotate(library)
    yield library
    library.close()


def folder_of(lib: Library) -> Path:
    return backup_dir(lib.folder)


def fake(when: dt.datetime, seq: int = 1) -> Backup:
    return Backup(when, seq, Path(f"notes-{when:%Y%m%d-%H%M%S}{'' if seq == 1 else f'-{seq}'}.json"))


# -- rotation policy -----------------------------------------------------------------------------------------


def test_a_burst_of_backups_keeps_the_ten_newest() -> None:
    backups = [fake(T0 - dt.timedelta(minutes=3 * k)) for k in range(30)]
    kept = keep(backups, T0)
    assert kept == {b.path for b in backups[:10]}


def test_older_backups_thin_out_to_one_a_day_then_one_a_week() -> None:
    # Every six hours for 60 days, the newest at T0.
    backups = [fake(T0 - dt.timedelta(hours=6 * k)) for k in range(240)]
    kept = keep(backups, T0)
    newest_first = sorted(backups, reverse=True)
    expected = {b.path for b in newest_first[:10]}
    for days in range(7):  # the newest of each of the last 7 days
        day = (T0 - dt.timedelta(days=days)).date()
        expected.add(max(b for b in backups if b.when.date() == day).path)
    for weeks in range(4):  # the newest of each of the last 4 ISO weeks
        week = (T0 - dt.timedelta(weeks=weeks)).isocalendar()[:2]
        expected.add(max(b for b in backups if b.when.isocalendar()[:2] == week).path)
    assert kept == expected
    assert len(kept) <= 10 + 7 + 4
    oldest_kept = min(b.when for b in backups if b.path in kept)
    # The newest of the ISO week three weeks back (Sunday 1 March): about the last month stays reachable.
    assert oldest_kept == dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC)


def test_a_day_without_backups_keeps_nothing_extra() -> None:
    backups = [fake(T0 - dt.timedelta(days=k)) for k in (0, 1, 5, 40)]
    assert keep(backups, T0, recent=1) == {b.path for b in backups[:3]}


def test_rotation_runs_after_each_backup_and_spares_other_files(lib: Library) -> None:
    folder = folder_of(lib)
    folder.mkdir(parents=True)
    (folder / "my-own-notes.json").write_text("{}", encoding="utf-8")
    uid = NoteStore.of(lib).list()[0].uid
    for k in range(14):
        NoteStore.of(lib).update(uid, note=f"edit {k}")
        assert backup_notes(NoteStore.of(lib), folder, now=T0 + dt.timedelta(seconds=k)) is not None
    names = sorted(p.name for p in folder.iterdir())
    assert "my-own-notes.json" in names
    assert [b.path.name for b in list_backups(folder)] == [
        f"notes-{T0 + dt.timedelta(seconds=k):%Y%m%d-%H%M%S}.json" for k in range(4, 14)
    ]


def test_stale_temporary_files_are_removed(lib: Library) -> None:
    folder = folder_of(lib)
    folder.mkdir(parents=True)
    stale, fresh = folder / ".notes-x.json.dead.tmp", folder / ".notes-y.json.live.tmp"
    for path in (stale, fresh):
        path.write_text("half", encoding="utf-8")
    old = dt.datetime.now(dt.UTC).timestamp() - 2 * backup_mod.TEMP_MAX_AGE_S
    os.utime(stale, (old, old))
    assert backup_notes(NoteStore.of(lib), folder) is not None
    assert not stale.exists() and fresh.exists()


# -- writing -------------------------------------------------------------------------------------------------


def test_backup_is_the_complete_json_export_named_by_utc_time(lib: Library) -> None:
    folder = folder_of(lib)
    local = T0.astimezone(dt.timezone(dt.timedelta(hours=8)))  # the same moment in Beijing
    path = backup_notes(NoteStore.of(lib), folder, now=local)
    assert path == folder / "notes-20260318-120000.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and len(data["annotations"]) == 6
    assert latest_backup(folder) == path


def test_unchanged_notes_write_no_second_backup(lib: Library) -> None:
    folder = folder_of(lib)
    first = backup_notes(NoteStore.of(lib), folder, now=T0)
    assert first is not None
    # exported_at differs, the notes do not
    assert backup_notes(NoteStore.of(lib), folder, now=T0 + dt.timedelta(minutes=5)) is None
    assert make_backup(NoteStore.of(lib), folder) == (first, False)
    assert [b.path for b in list_backups(folder)] == [first]
    NoteStore.of(lib).update(NoteStore.of(lib).list()[0].uid, note="changed")
    second = backup_notes(NoteStore.of(lib), folder, now=T0 + dt.timedelta(minutes=10))
    assert second is not None and second != first
    assert latest_backup(folder) == second


def test_two_backups_in_one_second_get_numbered_names(lib: Library) -> None:
    folder = folder_of(lib)
    first = backup_notes(NoteStore.of(lib), folder, now=T0)
    NoteStore.of(lib).update(NoteStore.of(lib).list()[0].uid, note="changed")
    second = backup_notes(NoteStore.of(lib), folder, now=T0)
    assert first is not None and second is not None
    assert second.name == "notes-20260318-120000-2.json"
    assert latest_backup(folder) == second


def test_no_notes_no_backup(tmp_path: Path) -> None:
    with Library(tmp_path / "empty") as library:
        assert backup_notes(NoteStore.of(library), backup_dir(library.folder)) is None
        assert make_backup(NoteStore.of(library), backup_dir(library.folder)) == (None, False)
    assert not backup_dir(tmp_path / "empty").exists()


def test_a_damaged_newest_backup_is_replaced_by_a_good_one(lib: Library) -> None:
    folder = folder_of(lib)
    first = backup_notes(NoteStore.of(lib), folder, now=T0)
    assert first is not None
    first.write_bytes(b"\xff\xfe not text")
    second = backup_notes(NoteStore.of(lib), folder, now=T0 + dt.timedelta(seconds=1))
    assert second is not None and json.loads(second.read_text(encoding="utf-8"))["format"] == FORMAT


# -- disk and database trouble never raises ------------------------------------------------------------------


def test_full_disk_is_logged_not_raised(
    lib: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def full(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_mod, "write_atomic", full)
    with caplog.at_level(logging.WARNING, logger="reader.notes.backup"):
        assert backup_notes(NoteStore.of(lib), folder_of(lib)) is None
    assert "No space left on device" in caplog.text


def test_backup_folder_that_cannot_be_created_is_logged_not_raised(lib: Library, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert backup_notes(NoteStore.of(lib), blocker / "backups") is None


def test_unreadable_database_is_logged_not_raised(tmp_path: Path) -> None:
    library = open_library(tmp_path / "lib")
    annotate(library)
    store = NoteStore.of(library)
    library.close()  # every query now raises sqlite3.ProgrammingError
    with pytest.raises(sqlite3.Error):
        store.counts()
    assert backup_notes(store, backup_dir(tmp_path / "lib")) is None


# -- restoring -----------------------------------------------------------------------------------------------


def test_restore_brings_notes_back_orphaned_then_reimport_attaches_them(lib: Library, tmp_path: Path) -> None:
    before = {a.uid: a for a in NoteStore.of(lib).list()}
    path = backup_notes(NoteStore.of(lib), folder_of(lib))
    assert path is not None
    with Library(tmp_path / "fresh") as fresh:
        report = restore_latest(NoteStore.of(fresh), folder_of(lib))
        assert report is not None and report.added == 6 and not report.skipped
        restored = NoteStore.of(fresh).list()
        assert {a.uid for a in restored} == set(before)
        assert all(a.status == ORPHANED and a.article_id is None for a in restored)
        import_pages(fresh, [SAMPLES])
        after = {a.uid: a for a in NoteStore.of(fresh).list()}
        assert all(not a.orphaned for a in after.values())
        for uid, old in before.items():
            assert (after[uid].kind, after[uid].title, after[uid].quote, after[uid].note) == (
                old.kind,
                old.title,
                old.quote,
                old.note,
            )
        assert {a.article_id for a in after.values() if a.title == TITLE} == {article(fresh, TITLE).id}


def test_restore_skips_an_unreadable_newest_backup(lib: Library, tmp_path: Path) -> None:
    folder = folder_of(lib)
    good = backup_notes(NoteStore.of(lib), folder, now=T0)
    bad = folder / "notes-20260318-130000.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    assert latest_backup(folder) == bad
    with Library(tmp_path / "fresh") as fresh:
        found = restore_newest_readable(NoteStore.of(fresh), folder)
        assert found is not None and found[0] == good and found[1].added == 6


def test_restore_without_backups_returns_none(tmp_path: Path) -> None:
    with Library(tmp_path / "fresh") as fresh:
        assert restore_latest(NoteStore.of(fresh), tmp_path / "nowhere") is None
        assert restore_newest_readable(NoteStore.of(fresh), tmp_path / "nowhere") is None


def test_backup_library_runs_on_its_own_connection_in_another_thread(lib: Library) -> None:
    store = NoteStore.of(lib)
    store.update(store.list()[0].uid, note="unsaved elsewhere?")  # committed on the window's connection
    found: list[Path | None] = []
    worker = threading.Thread(target=lambda: found.append(backup_library(lib.folder)))
    worker.start()
    worker.join(30)
    assert found and found[0] is not None and found[0] == latest_backup(folder_of(lib))
    assert "unsaved elsewhere?" in found[0].read_text(encoding="utf-8")
    NoteStore.of(lib).add_note(article(lib, TITLE).id, "the library stays writable")  # the backup left no lock behind


def test_backup_library_of_a_missing_folder_is_logged_not_raised(tmp_path: Path) -> None:
    assert backup_library(tmp_path / "no" / "such" / "library") is None
