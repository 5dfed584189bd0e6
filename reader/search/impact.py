"""Impact lists: for each common token, the documents where it weighs most, so that a ranked query over
hundreds of thousands of matches needs to score only a few hundred of them, provably exactly.

BM25 gives a document, for one token, ``idf * (k1 + 1) * r / (r + 1)`` with ``r = w / K(D)``: ``w`` the
token's weighted count in the document (title 4, kicker/subtitle 2, byline 1, body 1; a word 1),
``K(D) = k1 * (1 - b + b * D / A)``, ``D`` the document's length in index tokens and ``A`` the average
length. The list of a token keeps its ``LIST_SIZE`` documents (``DEEP_FACTOR`` times more for the
commonest tokens) with the highest *key*
``q = w / (0.25 * A_REF + 0.75 * D)`` (``A_REF`` fixed, so keys never change). For any ``A``::

    r = (A / k1) * w / (0.25 A + 0.75 D) <= q * max(A, A_REF) / k1

so a document outside the list scores at most ``idf * bound(outside_key)`` for that token, where the
outside key is the highest key a document not in the list can have (``tau``, the highest key the list
evicted, or its lowest key while it is full). A string occurs no more often than any of its bigrams, so
a bigram's list bounds the strings that hold it (and a word without a list, through its string). A query's
candidates are the documents in its tokens' lists; they are scored exactly, from their keys where those
hold every count of the score, else from their text (``reader.search.rank``), and when the last hit of
the page scores more than the bound of every document outside, the page is exact. Otherwise the query
falls back to scoring every match in SQLite.

Which tokens have lists is decided once, when an index grows (or a sync is about to take it) past
``START_DOCS`` documents, from the documents of ``SAMPLE_PAGES`` pages spread over its pages and the
sync's: every character (unigram columns), bigram (gram columns)
and jieba word (the words of the score, weight 1) found in at least ``SAMPLE_SHARE`` of them. Rarer
tokens have few matches: a string with no listed token takes all its documents as candidates when they
are few, else the query scores every match in SQLite; a word without a list is bounded through its
string's bigrams. The lists' size is so bounded by the number of common tokens, not by the archive.

Lists are kept by the index writer in the same transactions as the documents (``ImpactWriter``); the
worker processes that tokenise a batch compute each document's keys (``doc_impacts``) and send back only
those that beat the token's current list minimum.
"""

from __future__ import annotations

import heapq
import logging
import math
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows: big syncs write the lists batch by batch
    fcntl = None  # type: ignore[assignment]

from reader.library.db import transaction

log = logging.getLogger(__name__)

LIST_SIZE = 128
# The commonest tokens' lists are this many times longer: their best documents' scores lie close together
# (bm25 saturates), and a proof needs a bound below the page's last score (at 30,000 pages, 记者 and
# 发展 经济 could be proven only from 512 on; a share of 0.2 left 经济 as a word at 128, one of 0.1 does not).
DEEP_FACTOR = 4
DEEP_SHARE = 0.1  # a token in this share of the sampled documents gets the longer list
START_DOCS = 10_000  # an index keeps lists from this many documents on: below, scoring every match is quick
SAMPLE_PAGES = 300  # the pages whose tokens decide which tokens get lists
SAMPLE_SHARE = 0.02  # a token in this share of the sampled documents gets a list...
SAMPLE_MIN_DF = 20  # ...and in at least this many
# The reference average length in keys: at or below an index's real average the bound is not loosened
# (generated archives: about 1,340 index tokens per document, articles and blocks together).
A_REF = 1200.0
KEY_SCALE = 2**30  # keys are stored as integers, rounded up (a bound must never be too low)
K1, B = 1.2, 0.75
GRAM_WEIGHTS = (4, 2, 1, 1)

SCHEMA = (
    """CREATE TABLE toks (
        tok INTEGER PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        tau INTEGER NOT NULL DEFAULT 0,
        n INTEGER NOT NULL DEFAULT 0,
        low INTEGER,
        top INTEGER,
        size INTEGER NOT NULL DEFAULT 128
    )""",
    # In key order within a token: a list's lowest rows (the ones an addition may evict) are read first.
    "CREATE TABLE imp (tok INTEGER NOT NULL, key INTEGER NOT NULL, docid INTEGER NOT NULL,"
    " PRIMARY KEY (tok, key, docid)) WITHOUT ROWID",
)
TABLES = ("toks", "imp")

Impact = tuple[str, int]  # (token, key)


def key(w: float, length: int) -> int:
    return math.ceil(w / (0.25 * A_REF + 0.75 * length) * KEY_SCALE)


def bound(key_: float, avgdl: float) -> float:
    """The most ``(k1 + 1) * r / (r + 1)`` a document with key at most ``key_`` can reach (see above)."""
    r = key_ / KEY_SCALE * max(avgdl, A_REF) / K1
    return (K1 + 1) * r / (r + 1)


def doc_tokens(columns: Sequence[str], words: Sequence[str]) -> set[str]:
    """A document's distinct list tokens: bigrams (gram columns), characters (unigram columns), words."""
    found = {t for col in columns[0:4] if col for t in col.split() if "x" in t}  # not a run's last character
    found.update(t for col in columns[4:8] if col for t in col.split())
    found.update(words)
    return found


def choose(df: Counter[str], docs: int) -> dict[str, int]:
    """The tokens that get lists, with their lists' sizes: those in at least ``SAMPLE_SHARE`` of the
    sampled documents, the longer lists for those in ``DEEP_SHARE``."""
    least = max(SAMPLE_MIN_DF, math.ceil(SAMPLE_SHARE * docs))
    deep = max(least, math.ceil(DEEP_SHARE * docs))
    return {t: LIST_SIZE * DEEP_FACTOR if n >= deep else LIST_SIZE for t, n in sorted(df.items()) if n >= least}


def doc_impacts(columns: Sequence[str], words: Sequence[str], length: int, floors: dict[str, int]) -> list[Impact]:
    """(token, key) of a document's tokens that have lists (the keys of ``floors``) and whose key beats the
    list's lowest (``floors[token]``; -1 while the list has room). ``words``: its jieba words as tokens.

    Counting and the set operations run in C; Python only visits the listed tokens present.
    """
    grams: Counter[str] = Counter()
    for col, weight in zip(columns[0:4], GRAM_WEIGHTS, strict=True):
        if col:
            grams.update(col.split() * weight)
    unis: Counter[str] = Counter()
    for col, weight in zip(columns[4:8], GRAM_WEIGHTS, strict=True):
        if col:
            unis.update(col.split() * weight)
    counted: Counter[str] = Counter(words)
    scale = KEY_SCALE / (0.25 * A_REF + 0.75 * length)
    out = []
    for counts in (grams, unis, counted):
        for t in floors.keys() & counts.keys():
            if counts is grams and "x" not in t:
                continue  # a run's last character in a gram column is not the character's list
            q = math.ceil(counts[t] * scale)
            if q > floors[t]:
                out.append((t, q))
    return out


class ImpactWriter:
    """Keeps the lists in step with the documents the index writer adds (one per sync).

    Documents that leave the index stay in the lists: a query reads only live ones, and a dead entry only
    takes a place (a rebuild, past half dead rows, empties the lists).
    """

    def __init__(self, conn: sqlite3.Connection, size: int | None = None) -> None:
        self.conn = conn
        self.fixed_size = size  # every list's size, whatever ``toks`` says (tests)
        self.sizes: dict[int, int] = {}
        self.ids: dict[str, int] = {}
        self.tokens: dict[int, str] = {}
        self.tau: dict[int, int] = {}
        self.count: dict[int, int] = {}  # entries in each list
        self.low: dict[int, int | None] = {}  # each list's lowest key
        self.floors: dict[str, int] = {}  # every listed token -> the list's lowest key when full, else -1
        self.gen = -1  # the lists' generation (meta "lists_gen") this writer's copy is of
        self.reloaded = -1  # the generation at which another writer's changes were last found
        self.held: str | None = None  # while held (``hold``): this hold's id
        self.views: dict[int, list[int]] = {}  # tok -> entries key << 64 | docid << 1 | added while held
        self._lock: BinaryIO | None = None
        self._load()

    def _generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'lists_gen'").fetchone()
        return int(row[0]) if row else 0

    def _load(self) -> None:
        """Read the lists' state (another writer may have changed it since this one's last write)."""
        for table in (self.ids, self.tokens, self.tau, self.count, self.low, self.floors, self.sizes):
            table.clear()
        for tok, token, tau, n, low, size in self.conn.execute("SELECT tok, token, tau, n, low, size FROM toks"):
            self.ids[token], self.tokens[tok] = int(tok), token
            self.tau[tok], self.count[tok], self.low[tok] = int(tau), int(n), None if low is None else int(low)
            self.sizes[tok] = self.fixed_size or int(size)
            self.floors[token] = int(low) if n >= self.sizes[tok] else -1
        self.gen = self._generation()

    def snapshot(self) -> tuple[dict[str, int], int]:
        """The lists' minimums for tokenisers, and the generation they belong to (give both to ``add``)."""
        return dict(self.floors), self.gen

    def add(self, docs: Iterable[tuple[int, Sequence[Impact]]], snapshot: tuple[dict[str, int], int]) -> None:
        """Put documents (docid, impacts) in their tokens' lists; the caller holds the batch's transaction.

        A full list keeps its best ``size`` keys: a document it turns away, or evicts, has a key no higher
        than its lowest, or than ``tau``, the highest key it evicted (see ``outside_key``). Only a list's
        lowest rows are read, as many as may be evicted (rows are in key order): adding one issue to a big
        index touches about 2,000 lists, one or two entries each. ``snapshot``: the minimums the impacts
        were filtered with (``snapshot()``). When another writer changed the lists since (a rebuild emptied
        them, say), entries below those minimums were dropped unseen: each such token's ``tau`` rises to
        its minimum, which keeps every bound true. While the lists are held (``hold``), they change in
        memory only.
        """
        if self.held is not None:
            self._add_held(docs)
            return
        if self._generation() != self.gen:
            self._load()
            self.reloaded = self.gen
        pending: dict[int, list[tuple[int, int]]] = {}
        for docid, impacts in docs:
            for token, q in impacts:
                floor = self.floors.get(token)
                if floor is not None and q > floor:  # no list (another writer began others), or not good enough
                    pending.setdefault(self.ids[token], []).append((q, docid))
        self._write(pending, snapshot)

    def _write(self, pending: dict[int, list[tuple[int, int]]], snapshot: tuple[dict[str, int], int]) -> None:
        """Merge new (key, docid) entries into the lists in the database (see ``add``)."""
        floors_used, used_gen = snapshot
        raised: set[int] = set()
        if used_gen < self.reloaded or used_gen > self.gen:
            for token, used in floors_used.items():
                tok_ = self.ids.get(token)
                if tok_ is not None and used > self.tau[tok_]:
                    self.tau[tok_] = used
                    raised.add(tok_)
        inserted: list[tuple[int, int, int]] = []
        evicted: list[tuple[int, int, int]] = []
        updates: list[tuple[int, int, int, int]] = []
        for tok, new in pending.items():
            size = self.sizes[tok]
            before = self.count[tok]
            over = before + len(new) - size  # entries that must leave: the lowest, old or new
            heap = [(q, d, True) for q, d in new]
            if over > 0:  # rows are in key order: read the lowest ones, and one more
                rows = self.conn.execute(
                    "SELECT key, docid FROM imp WHERE tok = ? ORDER BY key LIMIT ?", (tok, over + 1)
                ).fetchall()
                heap += [(int(k), int(d), False) for k, d in rows]
            heapq.heapify(heap)
            for _ in range(max(over, 0)):
                q, d, fresh = heapq.heappop(heap)
                if not fresh:
                    evicted.append((tok, q, d))
            inserted += [(tok, q, d) for q, d, fresh in heap if fresh]
            n = min(size, before + len(new))
            if over > 0:  # the heap holds the lowest remaining rows: its head is the list's lowest
                low = heap[0][0]
            else:
                old = self.low[tok]
                low = min([q for q, _d in new] + ([old] if before and old is not None else []))
            self.count[tok], self.low[tok] = n, low
            updates.append((tok, n, low, max(q for q, _d in new)))
            if n >= size:
                self.floors[self.tokens[tok]] = low
        for tok, k, _d in evicted:
            if k > self.tau[tok]:
                self.tau[tok] = k
        self.conn.executemany("DELETE FROM imp WHERE tok = ? AND key = ? AND docid = ?", sorted(evicted))
        self.conn.executemany("INSERT OR IGNORE INTO imp(tok, key, docid) VALUES (?, ?, ?)", sorted(inserted))
        self.conn.executemany(
            "UPDATE toks SET tau = ?, n = ?, low = ?, top = MAX(COALESCE(top, 0), ?) WHERE tok = ?",
            [(self.tau[t], n, low, top, t) for t, n, low, top in updates],
        )
        self.conn.executemany(
            "UPDATE toks SET tau = ? WHERE tok = ?", [(self.tau[t], t) for t in raised - set(pending)]
        )
        self.gen += 1
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('lists_gen', ?)", (str(self.gen),))

    # -- holding the lists in memory during a big sync ----------------------------------------------------

    def hold(self, lock_path: Path, building: str | None = None) -> bool:
        """From now on keep additions in memory (``flush`` writes them); the caller holds a transaction.

        A big import otherwise spends most of its list writing on churn: most entries an early batch
        writes are evicted by later ones (3.5 million insertions for 1.2 million final entries over
        30,000 pages). While held, the lists are not ``usable`` (searches score every match), and the lock
        file tells other writers that this one is alive: a writer that finds the lists held or being built
        and the lock free knows their writer died, and builds them again (``held_by_the_dead``).
        ``building``: the id of the build (``begin``) this writer is doing, instead of complete lists.
        Returns False when the lists cannot be held (another writer holds them, or no file locks here).
        """
        expected = "on" if building is None else f"building {building}"
        if _state(self.conn) != expected or fcntl is None:
            return False
        lock = open(lock_path, "a+b")  # noqa: SIM115  (kept open while held)
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            return False
        self._lock = lock
        self.views = {}
        if building is None:
            self.held = f"held {uuid.uuid4().hex}"
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'lists'", (self.held,))
        else:
            self.held = expected  # unusable anyway until ``finish``
        return True

    def _add_held(self, docs: Iterable[tuple[int, Sequence[Impact]]]) -> None:
        """``add`` while held: each touched list is read once, then kept in memory as encoded entries.

        An entry above the list's lowest is appended; a list that has grown to 1.25 times its size keeps its
        best ``size`` (a sort) and raises its lowest. A heap cost a push or replace for every entry: 21.2 of
        the writer's 70.6 s at 3,000 pages, where the first batches fill the lists; this 14.9 of 63.6 s.
        """
        floors, ids, views, sizes = self.floors, self.ids, self.views, self.sizes
        for docid, impacts in docs:
            for token, q in impacts:
                floor = floors.get(token)
                if floor is None or q <= floor:  # no list (another writer began others), or not good enough
                    continue
                tok = ids[token]
                view = views.get(tok)
                if view is None:
                    rows = self.conn.execute("SELECT key, docid FROM imp WHERE tok = ?", (tok,)).fetchall()
                    view = views[tok] = [int(k) << 64 | int(d) << 1 for k, d in rows]
                view.append(q << 64 | docid << 1 | 1)  # the low bit: added while held
                if len(view) >= sizes[tok] + sizes[tok] // 4:
                    floors[token] = _keep_best(view, sizes[tok]) >> 64

    def flush(self) -> None:
        """Write what was added while held, and make the lists usable again; the caller holds a transaction.

        Another writer may have added to the lists meanwhile (they were merged in the database as usual):
        the held entries are merged into the lists as they are now. Every entry this writer turned away or
        evicted had a key no higher than the lowest of its view, and the lists' lowest keys never fall, so
        every bound stays true. When the lists were emptied meanwhile (a rebuild), the held entries are
        dropped: the rebuild reads those documents itself.
        """
        if self.held is None:
            return
        views, held, self.views, self.held = self.views, self.held, {}, None
        try:
            if _state(self.conn) != held:
                self._load()
                return
            sizes = self.sizes
            floors = {self.tokens[t]: _keep_best(v, sizes[t]) >> 64 for t, v in views.items() if len(v) >= sizes[t]}
            self._load()
            pending = {
                tok: [(e >> 64, e >> 1 & (2**63 - 1)) for e in view if e & 1]
                for tok, view in views.items()
                if tok in self.tokens
            }
            self._write({t: new for t, new in pending.items() if new}, (floors, self.gen))
            if held.startswith("held "):  # a build is finished by ``finish``
                self.conn.execute("UPDATE meta SET value = 'on' WHERE key = 'lists'")
        finally:
            self.release()

    def release(self) -> None:
        """Let go of the lock (after ``flush``, or when the sync failed: the next sync then rebuilds)."""
        self.views, self.held = {}, None
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _keep_best(view: list[int], size: int) -> int:
    """Cut a held list to its best ``size`` entries (it holds at least that many); returns its lowest."""
    view.sort(reverse=True)
    del view[size:]
    return view[-1]


def held_by_the_dead(conn: sqlite3.Connection, lock_path: Path) -> bool:
    """Whether the lists are held or being built by a writer that is gone (they then lack what it indexed,
    and would never become usable)."""
    state = _state(conn)
    if state is None or not state.startswith(("held ", "building ")) or fcntl is None:
        return False
    try:
        with open(lock_path, "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    except OSError:
        return False  # its holder is alive
    return True


def outside_key(tau: int, count: int, lowest: int | None, size: int) -> int:
    """The highest key a document outside a token's list can have: ``tau``, or the list's lowest key when
    the list (of ``size`` entries) is full (a full list turns away keys up to it without recording them)."""
    if count >= size and lowest is not None:
        return max(tau, lowest)
    return tau


def _state(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'lists'").fetchone()
    return None if row is None else str(row[0])


def collecting(conn: sqlite3.Connection) -> bool:
    """Whether writers keep the lists (from ``begin`` on)."""
    return _state(conn) is not None


def usable(conn: sqlite3.Connection) -> bool:
    """Whether the lists hold every document (``finish`` was reached), so that searches may use them."""
    return _state(conn) == "on"


def begin(conn: sqlite3.Connection, tokens: dict[str, int]) -> str:
    """Start keeping (empty) lists for ``tokens`` (token -> list size); returns this build's id for ``finish``."""
    build = uuid.uuid4().hex
    with transaction(conn):
        clear(conn)
        conn.executemany("INSERT INTO toks(token, size) VALUES (?, ?)", sorted(tokens.items()))
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('lists', ?)", (f"building {build}",))
    return build


def finish(conn: sqlite3.Connection, build: str) -> None:
    """The lists hold every document: searches may use them (unless another build began meanwhile)."""
    with transaction(conn):
        if _state(conn) == f"building {build}":
            conn.execute("UPDATE meta SET value = 'on' WHERE key = 'lists'")


def clear(conn: sqlite3.Connection) -> None:
    """Empty the lists and stop keeping them (a rebuild follows); writers working meanwhile notice it."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM meta WHERE key = 'lists'")
    row = conn.execute("SELECT value FROM meta WHERE key = 'lists_gen'").fetchone()
    gen = int(row[0]) + 1 if row else 1  # writers holding lists of the old generation reload them
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('lists_gen', ?)", (str(gen),))
