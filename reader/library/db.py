"""Opening the library database: connection settings, transactions and schema migrations."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader.library.migrations import MIGRATIONS

log = logging.getLogger(__name__)

DB_NAME = "library.sqlite3"
BUSY_TIMEOUT_MS = 10_000


class LibraryError(Exception):
    """A problem with the library the user can act on (wrong folder, newer schema, bad correction...)."""


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
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, migrations)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LibraryError(f"{path} is not a usable library database: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


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
    conn.execute("COMMIT")


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
    for number, statements in enumerate(migrations[current:], start=current + 1):
        log.info("migrating library schema to version %d", number)
        with transaction(conn):
            for statement in statements:
                conn.execute(statement)
            # user_version lives in the database header and is part of the same transaction.
            conn.execute(f"PRAGMA user_version = {number}")
    return len(migrations) - current
