"""A big read query in two halves at once: the upper half of the docid range on a second connection in a
helper thread, the lower half on the caller's connection.

SQLite runs a statement without holding Python's GIL, so on two cores the expensive statements of a search
(FTS5's bm25 over every match, the exact count and its facets) take about half as long. Both halves must
read the same state of the index: the second connection's read transaction is used only when it sees the
same fingerprint (FTS5's row and token totals and the document counters, which every write that adds or
removes a document changes) as the caller's; otherwise the upper half runs on the caller's connection too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar, cast

from reader.search.index import CODE_SHIFT, connect_reader, read_meta

T = TypeVar("T")

# Fewer live documents than this: one statement is quicker than two plus a hand-over to a thread.
SPLIT_DOCS = 20_000

_FINGERPRINT = (
    "SELECT (SELECT block FROM fts_data WHERE id = 1),"
    " (SELECT group_concat(key || '=' || value, ',') FROM meta WHERE key IN ('live', 'dead', 'lists_gen'))"
)


def fingerprint(conn: sqlite3.Connection) -> tuple[object, ...]:
    """What a read transaction sees of the index's contents (read inside the transaction)."""
    return tuple(conn.execute(_FINGERPRINT).fetchone())


class Halves:
    """The second connection and its thread, for one calling thread's searches (not shared between threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._peer: sqlite3.Connection | None = None
        self._pool: ThreadPoolExecutor | None = None
        self.stale = 0  # times the second connection saw another state and the caller's ran both halves
        # (lo, hi, live documents) -> middle: reading ``seqs`` takes 2 ms of every count and full ranking at
        # 30,000 pages. A stale middle (documents replaced, as many as before) only splits less evenly.
        self._middles: dict[tuple[int, int, int], int | None] = {}

    def middle(self, conn: sqlite3.Connection, lo: int, hi: int) -> int | None:
        """The last docid of the lower half of ``lo..hi``, or None when the query is not worth splitting.

        The halves hold about as many documents each: ``seqs`` keeps how many documents each day's paper
        has numbered (deleted ones too), a few thousand rows. Cutting the days in the middle left one half
        nearly empty in an archive with a gap (this century's pages with a few from the 1930s, or with a
        decade missing), and the split then gained nothing.
        """
        live = int(read_meta(conn, "live") or 0)
        if live < SPLIT_DOCS:
            return None
        known = (lo, hi, live)
        if known not in self._middles:
            if len(self._middles) >= 256:
                self._middles.clear()
            self._middles[known] = self._middle(conn, lo, hi)
        return self._middles[known]

    @staticmethod
    def _middle(conn: sqlite3.Connection, lo: int, hi: int) -> int | None:
        counts = conn.execute(
            "SELECT prefix, last FROM seqs WHERE prefix BETWEEN ? AND ? ORDER BY prefix",
            (lo >> CODE_SHIFT, hi >> CODE_SHIFT),
        ).fetchall()
        half, seen = sum(int(n) for _, n in counts) / 2, 0
        for prefix, n in counts:
            seen += int(n)
            if seen >= half:
                mid = ((int(prefix) + 1) << CODE_SHIFT) - 1  # the last docid this day's paper can have
                return mid if lo <= mid < hi else None
        return None

    @contextmanager
    def both(
        self, conn: sqlite3.Connection, lo: int, mid: int, hi: int, start: Callable[[sqlite3.Connection, int, int], T]
    ) -> Iterator[tuple[T, T]]:
        """``start(connection, first, last)`` for ``lo..mid`` here and ``mid+1..hi`` in the helper, at once.

        ``conn`` is in a read transaction. The helper's connection stays in its own until the block ends,
        so that cursors ``start`` returned can be read on (from this thread).
        """
        peer = self._peer_conn()
        assert self._pool is not None
        seen = fingerprint(conn)

        def upper() -> tuple[bool, T | None]:
            peer.execute("BEGIN")
            if fingerprint(peer) != seen:  # a write committed between the two transactions began
                return False, None
            return True, start(peer, mid + 1, hi)

        future = self._pool.submit(upper)
        try:
            try:
                low = start(conn, lo, mid)
            finally:
                same, high = future.result()  # also when the lower half failed: the peer is free again after
            if not same:
                self.stale += 1
                peer.execute("COMMIT")
                high = start(conn, mid + 1, hi)
            yield low, cast(T, high)
        finally:
            if peer.in_transaction:
                peer.execute("COMMIT")

    def _peer_conn(self) -> sqlite3.Connection:
        if self._peer is None:
            self._peer = connect_reader(self.path)
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-half")
        return self._peer

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._peer is not None:
            self._peer.close()
            self._peer = None
