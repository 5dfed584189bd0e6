"""Automatic backups of the reader's notes and bookmarks: rotating JSON exports next to the library.

Each backup is the complete JSON export (``exchange.dump_json``), so any of them can also be merged by hand
with ``newsreader notes import``. They live in ``<library>/backups/notes-YYYYMMDD-HHMMSS.json`` (UTC time of
writing; ``-2``, ``-3`` ... when several are written in one second), each written atomically.

Rotation policy (``keep``), applied after every backup written: a backup is kept when it is

- one of the ``KEEP_RECENT`` newest, or
- the newest of its UTC day, for each of the last ``KEEP_DAYS`` days (today included), or
- the newest of its ISO week, for each of the last ``KEEP_WEEKS`` weeks (this week included);

every other ``notes-*.json`` in the folder is deleted (other files are never touched). At most
KEEP_RECENT + KEEP_DAYS + KEEP_WEEKS files remain: a burst of edits cannot push last week out.

A backup is skipped when the notes are the same as in the newest backup (the ``exported_at`` stamp aside), and
when there are no notes at all: a new or freshly recovered library must not push the real backups out of the
rotation. The desktop backs up when the library is opened, a little while after changes, and at shutdown.

Backing up never raises for disk or database trouble (it logs and returns None): the reader keeps working.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import threading
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from reader.library.db import DB_NAME
from reader.notes.exchange import MergeReport, _document, dump_json, import_json, write_atomic
from reader.notes.model import KINDS, NotesError
from reader.notes.store import NoteStore

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
KEEP_RECENT = 10
KEEP_DAYS = 7
KEEP_WEEKS = 4
TEMP_MAX_AGE_S = 3600  # an older .notes-*.tmp is a crash's leftover, not a backup being written

_NAME = re.compile(r"^notes-(\d{8})-(\d{6})(?:-(\d+))?\.json$")
_STAMP = re.compile(r'^  "exported_at": .*$\n', re.MULTILINE)  # dump_json writes it on a line of its own
_WRITING = threading.Lock()  # one backup at a time per process: two could pick the same name or prune each other


@dataclass(frozen=True, order=True)
class Backup:
    """One backup file: when it was written (UTC), its number within that second, its path."""

    when: dt.datetime
    seq: int
    path: Path


def backup_dir(library_dir: Path) -> Path:
    """Where a library's note backups go (not created here)."""
    return Path(library_dir) / BACKUP_DIR


def list_backups(folder: Path) -> list[Backup]:
    """The backups in ``folder``, oldest first (none when the folder is missing or unreadable)."""
    found: list[Backup] = []
    try:
        names = [p.name for p in Path(folder).iterdir()]
    except OSError:
        return []
    for name in names:
        m = _NAME.match(name)
        if m is None:
            continue
        try:
            when = dt.datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        except ValueError:
            continue  # notes-20261399-...: not one of ours
        found.append(Backup(when, int(m[3] or 1), Path(folder) / name))
    return sorted(found)


def latest_backup(folder: Path) -> Path | None:
    """The newest backup in ``folder``, if any."""
    backups = list_backups(folder)
    return backups[-1].path if backups else None


def keep(
    backups: list[Backup],
    now: dt.datetime,
    *,
    recent: int = KEEP_RECENT,
    days: int = KEEP_DAYS,
    weeks: int = KEEP_WEEKS,
) -> set[Path]:
    """The backups the rotation keeps (see the module docstring)."""
    newest_first = sorted(backups, reverse=True)
    kept = {b.path for b in newest_first[:recent]}
    today = now.astimezone(dt.UTC).date()
    wanted_days = {today - dt.timedelta(days=k) for k in range(days)}
    wanted_weeks = {(today - dt.timedelta(weeks=k)).isocalendar()[:2] for k in range(weeks)}
    seen_days: set[dt.date] = set()
    seen_weeks: set[tuple[int, int]] = set()
    for b in newest_first:  # newest first: the first backup met of a day or week is that day's or week's newest
        day = b.when.date()
        week = day.isocalendar()[:2]
        if day in wanted_days and day not in seen_days:
            kept.add(b.path)
        if week in wanted_weeks and week not in seen_weeks:
            kept.add(b.path)
        seen_days.add(day)
        seen_weeks.add(week)
    return kept


def _content(text: str) -> str:
    """An export without its ``exported_at`` line: equal for equal notes."""
    return _STAMP.sub("", text, count=1)


def _free_name(folder: Path, when: dt.datetime) -> Path:
    base = f"notes-{when:%Y%m%d-%H%M%S}"
    path = folder / f"{base}.json"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}.json"
    return path


def make_backup(store: NoteStore, folder: Path, *, now: dt.datetime | None = None) -> tuple[Path | None, bool]:
    """Write a backup unless nothing changed; returns (newest backup, whether it was written now).

    (None, False) when there are no notes to back up. Raises OSError for disk trouble and sqlite3.Error or
    NotesError when the notes cannot be read (``backup_notes`` is the forgiving form).
    """
    folder = Path(folder)
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    counts = store.counts()
    if not any(counts[kind] for kind in KINDS):
        return None, False
    latest = latest_backup(folder)
    text = dump_json(store)
    if latest is not None:
        try:
            if _content(latest.read_text(encoding="utf-8")) == _content(text):
                return latest, False
        except (OSError, UnicodeDecodeError) as exc:  # an unreadable newest backup: write a good one
            log.warning("cannot read the note backup %s: %s", latest, exc)
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_name(folder, when)
    write_atomic(path, text)
    log.info("notes backed up to %s", path)
    _prune(folder, when)
    return path, True


def _prune(folder: Path, now: dt.datetime) -> None:
    """Apply the rotation; also remove temporary files a crash left while writing a backup."""
    for tmp in folder.glob(".notes-*.tmp"):
        with suppress(OSError):
            if now.timestamp() - tmp.stat().st_mtime > TEMP_MAX_AGE_S:
                tmp.unlink()
    backups = list_backups(folder)
    kept = keep(backups, now)
    for b in backups:
        if b.path not in kept:
            try:
                b.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:  # left for the next rotation
                log.warning("cannot remove the old note backup %s: %s", b.path, exc)


def backup_notes(store: NoteStore, folder: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Back up the notes when they changed since the newest backup; returns the new file, else None.

    Never raises for a full or read-only disk or a database that cannot be read: that is logged and None
    returned, so the reader goes on working.
    """
    try:
        with _WRITING:
            path, written = make_backup(store, folder, now=now)
    except (OSError, sqlite3.Error, NotesError) as exc:
        log.warning("could not back up the notes to %s: %s", folder, exc)
        return None
    return path if written else None


def backup_library(library_dir: Path, *, now: dt.datetime | None = None) -> Path | None:
    """``backup_notes`` of the library in ``library_dir`` on a connection of its own: callable from any thread.

    Thousands of notes take a few hundred milliseconds to export, which the desktop does off its GUI thread
    (WAL lets this read while the window writes).
    """
    try:
        conn = sqlite3.connect(Path(library_dir) / DB_NAME, timeout=10)
    except sqlite3.Error as exc:
        log.warning("could not back up the notes of %s: %s", library_dir, exc)
        return None
    with closing(conn):
        try:
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            log.warning("could not back up the notes of %s: %s", library_dir, exc)
            return None
        return backup_notes(NoteStore(conn), backup_dir(library_dir), now=now)


def restore_newest_readable(store: NoteStore, folder: Path) -> tuple[Path, MergeReport] | None:
    """Merge the newest readable backup into ``store``; returns it with the merge report (None: no backup).

    A backup that cannot be read or is not a notes export is passed over for the next older one. Raises
    NotesError when the store cannot be written.
    """
    for backup in reversed(list_backups(folder)):
        try:
            data = backup.path.read_bytes()
            _document(data)  # only checks: a damaged file is skipped here, not reported as a failed write
        except (OSError, NotesError) as exc:
            log.warning("note backup %s is unusable (%s): trying an older one", backup.path, exc)
            continue
        report = import_json(store, data)
        log.info("notes restored from %s: %s", backup.path, report.summary())
        return backup.path, report
    return None


def restore_latest(store: NoteStore, folder: Path) -> MergeReport | None:
    """Merge the newest readable backup into ``store``; None when there is none or it could not be written."""
    try:
        found = restore_newest_readable(store, folder)
    except NotesError as exc:
        log.warning("could not restore the notes from %s: %s", folder, exc)
        return None
    return found[1] if found else None
