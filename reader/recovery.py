"""Opening the library safely: a damaged database is moved aside, a fresh one created, the notes restored.

Detection, from cheap to thorough:

- opening (``db.connect``) reads the header and the schema: a file that is not a database, or whose first
  pages are damaged, fails here with ``DamagedLibraryError``;
- a probe reads the schema table and every annotation row (the reader's own work: small, and it must be whole);
- ``PRAGMA quick_check`` reads every page of the file. Measured here (2 cores, busy): 40 ms warm and 0.7 s
  from a cold page cache on 1,000 pages (41 MB); 1.0 s warm and 18.6 s cold on 30,000 pages (1.2 GB). Too slow
  for every start of a big library, so it runs at opening only when the file is at most
  ``QUICK_CHECK_MAX_BYTES`` (about 1,500 pages), when asked (``check=True``), or after a damage error was
  met while using the library: ``request_check`` leaves a marker file that makes the next open check fully
  (the command line, the writer process and the desktop's exception hook call it).

A newer schema or a locked, read-only or missing disk is not damage: those raise ``LibraryError`` as before
and nothing is moved. Damage is handled by ``recover``: the database (with its -wal and -shm) is renamed to
``library.sqlite3.damaged-<UTC stamp>`` (never deleted), the search index (derived data) is deleted so it is
rebuilt, a fresh library is created and the notes and bookmarks come back from the newest readable automatic
backup (reader.notes.backup), plus whatever newer annotation rows can still be read from the damaged file.
They come back orphaned and re-attach by themselves when their pages are imported again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library.db import DB_NAME, DamagedLibraryError, LibraryError, is_damage
from reader.library.store import Library
from reader.notes.backup import backup_dir, list_backups, restore_newest_readable
from reader.notes.exchange import FORMAT, VERSION, MergeReport, import_json
from reader.notes.model import KINDS, NotesError
from reader.notes.store import FIELDS, NoteStore

log = logging.getLogger(__name__)

QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024  # ≤ 0.1 s warm, about 1 s cold (see above)
CHECK_MARKER = DB_NAME + ".check"  # "a damage error was seen: check every page at the next open"
DAMAGED_INFIX = ".damaged-"
_SIDE_FILES = ("-wal", "-shm", "-journal")
_FOLDERS_SHOWN = 3


@dataclass
class RecoveryReport:
    """What happened to a damaged library database, with the message the user needs."""

    library_dir: Path
    reason: str  # what SQLite said
    damaged_path: Path  # where the damaged database now is
    backup: Path | None = None  # the backup the notes came from
    restored: MergeReport | None = None
    salvaged: MergeReport | None = None  # newer rows still readable in the damaged file, merged on top
    restore_error: str | None = None
    notes: int = 0  # live notes and bookmarks in the new library
    folders: list[str] = field(default_factory=list)  # folders of the pages those notes were on

    @property
    def from_backup(self) -> int:
        """How many notes and bookmarks the backup brought back."""
        return self.restored.added + self.restored.updated if self.restored is not None else 0

    @property
    def backup_time(self) -> dt.datetime | None:
        """When the backup used was written (UTC), from its name."""
        if self.backup is None:
            return None
        return next((b.when for b in list_backups(self.backup.parent) if b.path == self.backup), None)

    def folders_hint(self) -> str:
        """The folders to import again, shortened: their common parent when there is a meaningful one."""
        if not self.folders:
            return ""
        with suppress(ValueError):
            common = Path(os.path.commonpath(self.folders))
            if len(common.parts) > 2:  # not "/" or "/home": a real archive folder
                return str(common)
        shown = ", ".join(self.folders[:_FOLDERS_SHOWN])
        more = len(self.folders) - _FOLDERS_SHOWN
        return shown + (f" (and {more} more)" if more > 0 else "")

    def message(self) -> str:
        """The account for the user (English; the desktop composes its own translated one from the fields)."""
        lines = [
            f"The library database {self.library_dir / DB_NAME} is damaged ({self.reason}).",
            f"It was moved aside to {self.damaged_path} (nothing was deleted) and a new, empty library was created.",
        ]
        if self.backup is not None:
            when = self.backup_time
            stamp = f" of {when:%Y-%m-%d %H:%M} UTC" if when else ""
            lines.append(
                f"{self.from_backup} notes and bookmarks were recovered from the automatic backup {self.backup}{stamp}."
            )
        elif self.restore_error:
            lines.append(f"The notes could not be restored from the automatic backups: {self.restore_error}")
        else:
            lines.append("No automatic backup of the notes and bookmarks was found.")
        if self.salvaged is not None and (self.salvaged.added or self.salvaged.updated):
            lines.append(
                f"{self.salvaged.added + self.salvaged.updated} newer notes or changes were still readable in the"
                " damaged file and were recovered too."
            )
        hint = self.folders_hint()
        lines.append(
            "Import your pages again: the recovered notes re-attach to their articles by themselves"
            + (f" (they were on pages in {hint})." if hint else ".")
        )
        return "\n".join(lines)


def request_check(library_dir: Path) -> None:
    """Have the next ``open_library_safely`` check every page (called when a damage error is met in use)."""
    try:
        (Path(library_dir) / CHECK_MARKER).touch()
    except OSError as exc:
        log.warning("cannot mark the library for a check: %s", exc)


def find_damage(conn: sqlite3.Connection, *, full: bool) -> str | None:
    """What is damaged in an open library database (None: nothing found); ``full`` reads every page.

    Raises LibraryError for a failure that is not damage (a disk error, a locked file).
    """
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        for _row in conn.execute("SELECT * FROM annotations"):
            pass
        if full:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(10)")]
            if rows != ["ok"]:
                # "*** in database main ***" then one line per problem: the first two say enough.
                lines = [line for row in rows for line in row.splitlines() if line.strip() and "***" not in line]
                return "; ".join(lines[:2]) + ("; …" if len(lines) > 2 else "") or "quick_check failed"
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc)
        raise LibraryError(f"cannot read the library database: {exc}") from exc
    return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def open_library_safely(
    folder: str | os.PathLike[str], *, check: bool | None = None
) -> tuple[Library, RecoveryReport | None]:
    """Open the library in ``folder``, recovering from a damaged database (see the module docstring).

    ``check``: run ``PRAGMA quick_check`` (True), never (False), or when the file is small or a check was
    requested (None). Returns the library and, when it had to be recovered, the report for the user.
    Raises LibraryError for problems that are not damage (newer schema, unwritable folder).
    """
    folder = Path(folder).expanduser()
    marker = folder / CHECK_MARKER
    try:
        library = Library(folder)
    except DamagedLibraryError as exc:
        reason = str(exc.__cause__ or exc)
    else:
        full = check if check is not None else marker.exists() or _size(library.db_path) <= QUICK_CHECK_MAX_BYTES
        try:
            problem = find_damage(library.connection, full=full)
        except BaseException:
            library.close()
            raise
        if problem is None:
            if full:
                with suppress(OSError):
                    marker.unlink(missing_ok=True)
            return library, None
        library.close()
        reason = problem
    log.error("library database in %s is damaged: %s", folder, reason)
    return recover(folder, reason)


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")


def move_aside(db: Path) -> Path:
    """Rename a damaged database and its -wal/-shm files to ``<name>.damaged-<stamp>``; returns the new path.

    The side files keep their suffixes so SQLite still finds the WAL when the moved file is opened.
    """
    target = db.with_name(f"{db.name}{DAMAGED_INFIX}{_stamp()}")
    n = 1
    while target.exists():
        n += 1
        target = db.with_name(f"{db.name}{DAMAGED_INFIX}{_stamp()}-{n}")
    try:
        os.replace(db, target)
        for suffix in _SIDE_FILES:
            side = Path(f"{db}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{target}{suffix}"))
    except OSError as exc:
        raise LibraryError(
            f"the library database {db} is damaged and could not be moved aside: {exc.strerror or exc}"
        ) from exc
    return target


def _remove_search_index(folder: Path) -> None:
    """Delete the search index: it describes the old database's pages and ids, which the new one reuses."""
    from reader.search.index import index_path  # on use: the window's start-up need not load the index code

    path = index_path(folder)
    for suffix in ("", *_SIDE_FILES):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:  # the index heals itself when opened: a leftover is rebuilt anyway
            log.warning("cannot remove the old search index %s: %s", path, exc)


def salvage(damaged: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """Annotation rows (as a notes export) and page folders still readable in a damaged database.

    Opened read-only: the damaged file is never changed. Anything unreadable is simply left out.
    """
    doc: dict[str, Any] | None = None
    folders: list[str] = []
    try:
        conn = sqlite3.connect(f"{damaged.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None, []
    with closing(conn):
        try:
            rows = conn.execute(f"SELECT {', '.join(FIELDS)} FROM annotations").fetchall()
        except sqlite3.Error as exc:
            log.info("no notes readable in %s: %s", damaged, exc)
        else:
            records = []
            for row in rows:
                rec = dict(zip(FIELDS, row, strict=True))
                try:
                    rec["article_spans"] = json.loads(rec["article_spans"] or "[]")
                except (TypeError, ValueError):
                    rec["article_spans"] = []
                records.append(rec)
            doc = {"format": FORMAT, "version": VERSION, "annotations": records}
        with suppress(sqlite3.Error):
            folders = [str(r[0]) for r in conn.execute("SELECT DISTINCT folder FROM pages") if r[0]]
    return doc, folders


def recover(folder: Path, reason: str) -> tuple[Library, RecoveryReport]:
    """Move the damaged database aside, create a fresh library and bring the notes back into it."""
    folder = Path(folder)
    damaged = move_aside(folder / DB_NAME)
    _remove_search_index(folder)
    library = Library(folder)
    report = RecoveryReport(folder, reason, damaged)
    store = NoteStore(library.connection)
    try:
        found = restore_newest_readable(store, backup_dir(folder))
    except NotesError as exc:
        report.restore_error = str(exc)
    else:
        if found is not None:
            report.backup, report.restored = found
    doc, page_folders = salvage(damaged)
    if doc is not None:
        # A deletion the backup does not know of is news; a deleted note it never had is not.
        known = {a.uid for a in store.list(include_deleted=True)}
        doc["annotations"] = [r for r in doc["annotations"] if not r.get("deleted_at") or r.get("uid") in known]
    if doc is not None and doc["annotations"]:
        try:
            report.salvaged = import_json(store, doc)
        except NotesError as exc:
            log.warning("could not merge the notes read from %s: %s", damaged, exc)
    try:
        counts = store.counts()
        report.notes = sum(counts[kind] for kind in KINDS)
        sources = {str(Path(a.source_path).parent) for a in store.list() if a.source_path}
    except sqlite3.Error as exc:
        log.warning("cannot count the recovered notes: %s", exc)
        sources = set()
    report.folders = sorted(sources | set(page_folders))
    with suppress(OSError):
        (folder / CHECK_MARKER).unlink(missing_ok=True)
    log.warning("%s", report.message())
    return library, report
