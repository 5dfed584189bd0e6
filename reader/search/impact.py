"""Impact lists: for each common token, the documents where it weighs most, so that a ranked query over
hundreds of thousands of matches needs to score only a few hundred of them, provably exactly.

BM25 gives a document, for one token, ``idf * (k1 + 1) * r / (r + 1)`` with ``r = w / K(D)``: ``w`` the
token's weighted count in the document (title 4, kicker/subtitle 2, byline 1, body 1; words column 1),
``K(D) = k1 * (1 - b + b * D / A)``, ``D`` the document's length in index tokens and ``A`` the average
length. The list of a token keeps its ``LIST_SIZE`` documents with the highest *key*
``q = w / (0.25 * A_REF + 0.75 * D)`` (``A_REF`` fixed, so keys never change) and ``tau``, the highest key
of a document not (or no longer) in the list. For any ``A``::

    r = (A / k1) * w / (0.25 A + 0.75 D) <= q * max(A, A_REF) / k1

so a document outside the list scores at most ``idf * bound(tau)`` for that token; a phrase occurs no more
often than any of its bigrams, so ``tau`` of any of its bigrams bounds it too. A query's candidates are the
documents in its tokens' lists; they are scored exactly from their text (``reader.search.rank``), and when
the last hit of the page scores more than every bound of the documents outside, the page is exact.
Otherwise the query falls back to scoring every match in SQLite.

Tracked tokens: every character (unigram columns), every bigram that is a jieba dictionary word of count
at least ``TRACK_FREQ`` (gram columns), and every jieba word that is a single character or such a word
(words column). Rarer tokens have few matches, which SQLite scores quickly anyway.

Lists are kept by the index writer in the same transactions as the documents (``ImpactWriter``); the
worker processes that tokenise a batch compute each document's keys (``doc_impacts``) and send back only
those that beat the token's current list minimum.
"""

from __future__ import annotations

import logging
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

log = logging.getLogger(__name__)

LIST_SIZE = 64
TRACK_FREQ = 100  # jieba dictionary count from which a bigram or word is tracked
A_REF = 1500.0  # the reference average length in keys: about this corpus's (articles and blocks)
K1, B = 1.2, 0.75
GRAM_WEIGHTS = (4, 2, 1, 1)

SCHEMA = (
    """CREATE TABLE toks (
        tok INTEGER PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        tau REAL NOT NULL DEFAULT 0,
        n INTEGER NOT NULL DEFAULT 0,
        low REAL
    )""",
    "CREATE TABLE imp (tok INTEGER NOT NULL, docid INTEGER NOT NULL, key REAL NOT NULL, PRIMARY KEY (tok, docid))"
    " WITHOUT ROWID",
    "CREATE INDEX imp_doc ON imp(docid)",
)
TABLES = ("toks", "imp")

Impact = tuple[str, float]  # (token, key)


def key(w: float, length: int) -> float:
    return w / (0.25 * A_REF + 0.75 * length)


def bound(tau: float, avgdl: float) -> float:
    """The most ``(k1 + 1) * r / (r + 1)`` a document with key at most ``tau`` can reach (see the module doc)."""
    r = tau * max(avgdl, A_REF) / K1
    return (K1 + 1) * r / (r + 1)


def saturation(w: float, length: int, avgdl: float) -> float:
    """BM25's ``(k1 + 1) * w / (w + K(D))`` (without the idf)."""
    return w * (K1 + 1) / (w + K1 * (1 - B + B * length / avgdl))


@lru_cache(maxsize=1)
def tracked_words() -> tuple[frozenset[str], frozenset[str]]:
    """(bigram tokens, word tokens) of the jieba dictionary words tracked beyond single characters."""
    from reader.search.analysis import _hex, init_jieba, word_token

    init_jieba()
    import jieba

    words = [w for w, n in jieba.dt.FREQ.items() if n >= TRACK_FREQ and len(w) > 1]
    bigrams = frozenset(_hex(w[0]) + "x" + _hex(w[1]) for w in words if len(w) == 2)
    return bigrams, frozenset(word_token(w) for w in words)


def _single_char_word(token: str) -> bool:
    return "x" not in token  # "w4e2d": one character; "w4e2dx56fd": two or more


def doc_impacts(columns: Sequence[str], length: int, floors: dict[str, float]) -> list[Impact]:
    """(token, key) of a document's tracked tokens whose key beats ``floors`` (the lists' minimums; a token
    absent from it has a list with room, so any key goes in)."""
    bigrams, words = tracked_words()
    weighted: Counter[str] = Counter()
    for col, weight in zip(columns[0:4], GRAM_WEIGHTS, strict=True):
        if col:
            counts = Counter(col.split())
            for t in bigrams.intersection(counts):
                weighted[t] += weight * counts[t]
    for col, weight in zip(columns[4:8], GRAM_WEIGHTS, strict=True):
        if col:
            for t, n in Counter(col.split()).items():
                weighted[t] += weight * n
    if columns[8]:
        for t, n in Counter(columns[8].split()).items():
            if _single_char_word(t) or t in words:
                weighted[t] += n
    denom = 0.25 * A_REF + 0.75 * length
    out = []
    for t, w in weighted.items():
        q = w / denom
        if q > floors.get(t, -1.0):
            out.append((t, q))
    return out


class ImpactWriter:
    """Keeps the lists in step with the documents the index writer adds and drops (one per sync)."""

    def __init__(self, conn: sqlite3.Connection, size: int | None = None) -> None:
        self.conn = conn
        self.size = size or LIST_SIZE
        self.ids: dict[str, int] = {}
        self.tokens: dict[int, str] = {}
        self.tau: dict[int, float] = {}
        self.floors: dict[str, float] = {}  # tokens with a full list -> its lowest key
        for tok, token, tau, n, low in conn.execute("SELECT tok, token, tau, n, low FROM toks"):
            self.ids[token], self.tokens[tok], self.tau[tok] = int(tok), token, float(tau)
            if n >= size:
                self.floors[token] = float(low)
        self.lists: dict[int, tuple[array[float], array[int]]] = {}

    def _list(self, tok: int) -> tuple[array[float], array[int]]:
        found = self.lists.get(tok)
        if found is None:
            keys, docids = array("d"), array("q")
            for k, d in self.conn.execute("SELECT key, docid FROM imp WHERE tok = ?", (tok,)):
                keys.append(k)
                docids.append(d)
            found = self.lists[tok] = (keys, docids)
        return found

    def _tok(self, token: str) -> int:
        tok = self.ids.get(token)
        if tok is None:
            tok = int(self.conn.execute("INSERT INTO toks(token) VALUES (?) RETURNING tok", (token,)).fetchone()[0])
            self.ids[token], self.tokens[tok], self.tau[tok] = tok, token, 0.0
        return tok

    def add(self, docs: Iterable[tuple[int, Sequence[Impact]]]) -> None:
        """Put documents (docid, impacts) in their tokens' lists; the caller holds the batch's transaction.

        A full list keeps its best ``size`` keys: a document it turns away, or evicts, scores at most its
        lowest key, or ``tau`` once documents leave the list (``drop``), which is what ``outside`` says.
        """
        inserted: dict[tuple[int, int], float] = {}
        evicted: set[tuple[int, int]] = set()
        taus: dict[int, float] = {}
        for docid, impacts in docs:
            for token, q in impacts:
                floor = self.floors.get(token)
                if floor is not None and q <= floor:
                    continue
                tok = self._tok(token)
                keys, docids = self._list(tok)
                keys.append(q)
                docids.append(docid)
                inserted[(tok, docid)] = q
                if len(keys) > self.size:
                    low = keys.index(min(keys))
                    low_key, low_doc = keys[low], docids[low]
                    del keys[low], docids[low]
                    if inserted.pop((tok, low_doc), None) is None:
                        evicted.add((tok, low_doc))
                    if low_key > self.tau[tok]:
                        taus[tok] = self.tau[tok] = low_key
                if len(keys) >= self.size:
                    self.floors[token] = min(keys)
        rows = [(t, d, q) for (t, d), q in inserted.items()]
        self.conn.executemany("INSERT OR REPLACE INTO imp(tok, docid, key) VALUES (?, ?, ?)", rows)
        self.conn.executemany("DELETE FROM imp WHERE tok = ? AND docid = ?", list(evicted))
        touched = {t for t, _ in inserted} | {t for t, _ in evicted} | set(taus)
        self.conn.executemany(
            "UPDATE toks SET tau = ?, n = ?, low = ? WHERE tok = ?",
            [(self.tau[t], len(self.lists[t][0]), min(self.lists[t][0], default=None), t) for t in touched],
        )

    def drop(self, docids: Sequence[int]) -> None:
        """Take removed documents out of the lists.

        A full list that loses a document may have turned away others with keys up to its lowest: its
        ``tau`` rises to that, since the list no longer says so by being full.
        """
        touched: set[int] = set()
        for n in range(0, len(docids), 500):
            chunk = list(docids[n : n + 500])
            marks = ",".join("?" * len(chunk))
            touched.update(int(r[0]) for r in self.conn.execute(f"SELECT tok FROM imp WHERE docid IN ({marks})", chunk))
        for tok in touched:
            row = self.conn.execute("SELECT COUNT(*), MIN(key) FROM imp WHERE tok = ?", (tok,)).fetchone()
            if row[0] >= self.size and float(row[1]) > self.tau[tok]:
                self.tau[tok] = float(row[1])
            self.floors.pop(self.tokens[tok], None)  # the list has room again
            self.lists.pop(tok, None)  # read again when next touched
        for n in range(0, len(docids), 500):
            chunk = list(docids[n : n + 500])
            self.conn.execute(f"DELETE FROM imp WHERE docid IN ({','.join('?' * len(chunk))})", chunk)
        self.conn.executemany(
            "UPDATE toks SET tau = ?, n = (SELECT COUNT(*) FROM imp WHERE tok = ?),"
            " low = (SELECT MIN(key) FROM imp WHERE tok = ?) WHERE tok = ?",
            [(self.tau[t], t, t, t) for t in touched],
        )


def outside_key(tau: float, count: int, lowest: float | None, size: int | None = None) -> float:
    """The highest key a document outside a token's list can have: ``tau``, or the list's lowest key when
    the list is full (a full list turns away keys up to it without recording them)."""
    if count >= (size or LIST_SIZE) and lowest is not None:
        return max(tau, lowest)
    return tau


def clear(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
