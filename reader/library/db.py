"""Opening the library database: connection settings, transactions and schema migrations."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader.library.migrations import MIGRATIONS

log = logging.getLogger(__name__)

DB_NAME = "library.sqlite3"
BUSY_TIMEOUT_MS = 10_000


class LibraryError(Exception):
    """A problem with the library the user can act on (wrong folder, newer schema, bad correction...)."""


class DamagedLibraryError(LibraryError):
    """The library database file is damaged or not a database at all (reader.recovery handles it)."""


# SQLite's primary result codes for a damaged file; a locked, read-only or full disk is not damage.
_DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the database file itself is damaged (not busy, locked, read-only or out of space)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGE_CODES  # extended codes (SQLITE_CORRUPT_INDEX, ...) keep the primary low byte
    text = str(exc)
    return "malformed" in text or "not a database" in text


# What a failed write means to the reader, by primary result code: things to fix outside the program.
_WRITE_PROBLEMS = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the library folder is read-only",
    sqlite3.SQLITE_PERM: "the library folder is read-only",
    sqlite3.SQLITE_CANTOPEN: "a file in the library folder cannot be created or opened (is the folder read-only?)",
    sqlite3.SQLITE_IOERR: "the disk could not be written",
    sqlite3.SQLITE_BUSY: "another program kept the library busy for too long",
    sqlite3.SQLITE_LOCKED: "another program kept the library busy for too long",
}


def write_problem(exc: BaseException) -> str | None:
    """A failed write in words the reader can act on ("the disk is full"), or None if it is not one of those."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or code is None:
        return None
    return _WRITE_PROBLEMS.get(code & 0xFF)


def connect(path: Path, migrations: Sequence[tuple[str, ...]] = MIGRATIONS) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    try:
        # Autocommit mode: every write goes through ``transaction`` so the boundaries are explicit.
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise LibraryError(f"cannot open library database {path}: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        enable_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, migrations)
    except sqlite3.DatabaseError as exc:
        conn.close()
        problem = write_problem(exc)
        if problem is not None:  # a read-only folder (WAL needs to write beside the file), a full disk, busy
            raise LibraryError(f"cannot open the library database {path}: {problem}") from exc
        error = DamagedLibraryError if is_damage(exc) else LibraryError
        raise error(f"{path} is not a usable library database: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def enable_wal(conn: sqlite3.Connection, wait_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """Put the database in WAL mode, waiting for other connections that switch a new file at the same moment.

    SQLite answers "database is locked" at once there (its busy handler would deadlock), hence the retries.
    """
    deadline = time.monotonic() + wait_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            if code not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed when the block ends, rolled back on any exception (Ctrl+C too)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # some errors (disk full, ...) have rolled back already
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT (busy, disk full) may leave the transaction open
            conn.execute("ROLLBACK")
        raise


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[tuple[str, ...]] = MIGRATIONS) -> int:
    """Apply the migrations the database lacks, each in its own transaction; return how many ran."""
    current = schema_version(conn)
    if current > len(migrations):
        raise LibraryError(
            f"this library uses schema version {current}, but this version of newsreader only knows "
            f"up to {len(migrations)}: please use a newer newsreader"
        )
    ran = 0
    for number, statements in enumerate(migrations[current:], start=current + 1):
        with transaction(conn):
            if schema_version(conn) >= number:  # another process applied it while this one waited for the lock
                continue
            log.info("migrating library schema to version %d", number)
            for statement in statements:
                conn.execute(statement)
            # user_version lives in the database header and is part of the same transaction.
            conn.execute(f"PRAGMA user_version = {number}")
        ran += 1
    return ran
