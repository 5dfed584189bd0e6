"""Start-up of the desktop on damaged files: the recovery message, the index rebuilt in the background, and the
automatic note backups (after changes, at shutdown)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from reader.jobs import SyncIndex
from reader.library.db import DB_NAME
from reader.notes.backup import backup_dir, backup_notes, list_backups
from reader.notes.store import NoteStore
from reader.search.index import index_path
from reader.search.service import SearchService
from reader.ui import notes_controller
from reader.ui.main_window import MainWindow
from tests.notes_fixtures import TITLE, annotate, article, open_library


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """The samples with six notes and a backup of them."""
    folder = tmp_path / "lib"
    with open_library(folder) as library:
        annotate(library)
        assert backup_notes(NoteStore.of(library), backup_dir(folder)) is not None
    return folder


@pytest.fixture
def started(qtbot: Any, monkeypatch: pytest.MonkeyPatch, english_ui: None) -> Iterator[Any]:
    """``start(folder)`` as ``run`` calls it (no event loop of its own); everything is shut down afterwards."""
    from reader.app import start

    monkeypatch.setattr(MainWindow, "check_fonts", lambda self: None)  # whatever fonts this machine has
    opened: list[Any] = []

    def open_(folder: Path) -> tuple[MainWindow, Any]:
        window, services = start(folder)
        window.importer.quiet = True
        qtbot.addWidget(window)
        opened.append(services)
        return window, services

    yield open_
    for services in opened:
        services.shutdown()


def test_damaged_library_shows_the_recovery_message(qtbot: Any, started: Any, lib_dir: Path) -> None:
    (lib_dir / DB_NAME).write_bytes(b"this is no database" * 500)
    window, services = started(lib_dir)
    assert services.recovery is not None

    def box() -> QMessageBox | None:
        found = window.findChild(QMessageBox, "recovery_message")
        return found if found is not None and found.isVisible() else None

    qtbot.waitUntil(lambda: box() is not None, timeout=5000)
    text = box().text()  # type: ignore[union-attr]
    assert "damaged" in text and str(services.recovery.damaged_path) in text
    assert "6 notes and bookmarks were recovered" in text and "Import your pages again" in text
    assert len(window.notes.list()) == 6  # the notes are there (orphaned until the pages come back)
    box().accept()  # type: ignore[union-attr]


def test_healthy_library_shows_no_recovery_message(qtbot: Any, started: Any, lib_dir: Path) -> None:
    window, services = started(lib_dir)
    assert services.recovery is None
    # The message would be shown by a zero timer set before the window's first paint; the start-up work runs
    # after that paint, so once its index check is submitted the message had its chance.
    qtbot.waitUntil(lambda: any(isinstance(j.request, SyncIndex) for j in window.importer.jobs), timeout=5000)
    assert window.findChild(QMessageBox, "recovery_message") is None


def test_damaged_index_is_rebuilt_at_start_up_with_progress(qtbot: Any, started: Any, lib_dir: Path) -> None:
    path = index_path(lib_dir)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"garbage" * 5000)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    window, _services = started(lib_dir)
    # The start-up sync is submitted once the window has been painted, so that the window comes first.
    assert not [j for j in window.importer.jobs if isinstance(j.request, SyncIndex)]
    qtbot.waitUntil(lambda: any(isinstance(j.request, SyncIndex) for j in window.importer.jobs), timeout=5000)
    (job,) = [j for j in window.importer.jobs if isinstance(j.request, SyncIndex)]
    progress: list[tuple[int, int]] = []
    job.progress.connect(lambda done, total, _text: progress.append((done, total)))
    ended: list[str] = []
    window.importer.job_ended.connect(ended.append)
    qtbot.waitUntil(lambda: any(isinstance(r, SyncIndex) for r in ended), timeout=60_000)
    pages = len(window.library.index_keys())
    assert pages > 0 and progress and progress[-1] == (pages, pages)
    with SearchService(lib_dir) as service:
        hits = service.search(TITLE[:6]).hits
    assert [h.article_id for h in hits] == [article(window.library, TITLE).id]


def counted_backups(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """What each automatic backup run by the window returned (a new file, or None: nothing changed), in order."""
    from reader import app

    runs: list[Path | None] = []
    real = app.backup_library

    def backup_library(library_dir: Path) -> Path | None:
        made = real(library_dir)
        runs.append(made)  # in the pool's thread: appending is atomic
        return made

    monkeypatch.setattr(app, "backup_library", backup_library)
    return runs


def pending_timers(window: MainWindow) -> list[QTimer]:
    return [t for t in window.notes.findChildren(QTimer) if t.isActive()]


def test_changes_are_backed_up_after_a_pause_and_at_shutdown(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, lib_dir: Path
) -> None:
    from reader.app import build

    monkeypatch.setattr(notes_controller, "BACKUP_DELAY_MS", 50)
    runs = counted_backups(monkeypatch)
    window, services = build(lib_dir)
    qtbot.addWidget(window)
    assert services.pool.wait(10_000) and runs == [None]  # the start-up backup: the notes are as last backed up
    folder = backup_dir(lib_dir)
    first = len(list_backups(folder))
    target = article(window.library, TITLE).id
    window.notes.add_note(target, "one")
    window.notes.add_note(target, "two")  # a burst: one backup after it
    assert pending_timers(window)
    qtbot.waitUntil(lambda: len(runs) == 2, timeout=5000)
    assert not pending_timers(window) and services.pool.wait(10_000)  # no other backup is on its way
    assert len(runs) == 2 and runs[1] is not None and len(list_backups(folder)) == first + 1
    newest = list_backups(folder)[-1].path.read_text(encoding="utf-8")
    assert runs[1] == list_backups(folder)[-1].path
    assert '"note": "one"' in newest and '"note": "two"' in newest
    window.notes.store.add_note(target, "three")  # straight to the store: no timer; shutdown still saves it
    services.shutdown()
    assert '"note": "three"' in list_backups(folder)[-1].path.read_text(encoding="utf-8")


def test_steady_editing_still_backs_up_after_the_maximum_wait(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, lib_dir: Path
) -> None:
    from reader.app import build

    # Edits come every 10 ms, far more often than the pause a backup waits for: a plain debounce would never
    # back up. The controller's clock is this test's, one second an edit, so the maximum wait (10 s) is
    # crossed at the tenth edit whatever the machine's speed.
    monkeypatch.setattr(notes_controller, "BACKUP_DELAY_MS", 1000)
    monkeypatch.setattr(notes_controller, "BACKUP_MAX_WAIT_S", 10)
    clock = [0.0]
    monkeypatch.setattr(notes_controller, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    runs = counted_backups(monkeypatch)
    window, services = build(lib_dir)
    qtbot.addWidget(window)
    assert services.pool.wait(10_000) and runs == [None]  # the start-up backup is out of the way
    uid = window.notes.add_note(article(window.library, TITLE).id, "draft").uid  # type: ignore[union-attr]
    edits = 0

    def edit() -> None:
        nonlocal edits
        clock[0] += 1.0
        edits += 1
        window.notes.update(uid, note=f"draft {edits}")

    typing = QTimer()
    typing.timeout.connect(edit)
    typing.start(10)
    try:
        qtbot.waitUntil(lambda: len(runs) == 2, timeout=10_000)  # written while the edits go on
    finally:
        typing.stop()
    assert runs[1] is not None and runs[1] == list_backups(backup_dir(lib_dir))[-1].path
    assert '"note": "draft ' in runs[1].read_text(encoding="utf-8")
    services.shutdown()


def test_start_up_backs_up_the_notes_in_the_background(qtbot: Any, started: Any, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with open_library(folder) as library:
        annotate(library)  # no backup yet
    started(folder)
    qtbot.waitUntil(lambda: len(list_backups(backup_dir(folder))) == 1, timeout=10_000)


def test_damage_met_while_reading_asks_for_a_check_and_tells_the_user(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, lib_dir: Path, english_ui: None
) -> None:
    import sys

    from reader.app import build, watch_for_damage
    from reader.recovery import CHECK_MARKER

    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _kind, exc, _tb: seen.append(exc))
    window, services = build(lib_dir)
    qtbot.addWidget(window)
    watch_for_damage(window, lib_dir)
    other = ValueError("not about the database")
    sys.excepthook(ValueError, other, None)
    assert not (lib_dir / CHECK_MARKER).exists()
    damage = sqlite3.DatabaseError("database disk image is malformed")
    sys.excepthook(sqlite3.DatabaseError, damage, None)
    sys.excepthook(sqlite3.DatabaseError, damage, None)
    assert seen == [other, damage, damage]  # the previous hook still sees everything
    assert (lib_dir / CHECK_MARKER).exists()
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "Quit and start the reader again" in boxes[0].text()  # told once
    boxes[0].accept()
    services.shutdown()


def test_recovery_message_in_chinese_keeps_every_fact(tmp_path: Path) -> None:
    from reader.app import recovery_text
    from reader.notes.exchange import MergeReport
    from reader.recovery import RecoveryReport
    from reader.ui import i18n

    backup = tmp_path / "backups" / "notes-20260318-120000.json"
    report = RecoveryReport(tmp_path, "file is not a database", tmp_path / "library.sqlite3.damaged-x", backup,
                            MergeReport(added=6), salvaged=MergeReport(added=2), notes=8,
                            folders=["/home/reader/archive/许昌日报/2020", "/home/reader/archive/衡水日报"])
    i18n.set_language("zh")
    try:
        text = recovery_text(report)
    finally:
        i18n.set_language(None)
    for fact in ("文件不是数据库", str(report.damaged_path), str(backup), "6 条", "2 条",
                 "/home/reader/archive", "资料库数据库已损坏", "请重新导入版面"):
        assert fact in text
    assert "The library" not in text and "{" not in text
