"""Exact relevance from a few candidates: the documents of the query's impact lists, scored from their text.

The score of a document (see ``reader/search/README.md``) is SQLite FTS5's ``bm25`` with the column weights
of ``reader.search.compile`` over the query's exact strings, plus half the same BM25 of its jieba words.
Here the strings' part is computed in Python from the document's text: each string's occurrences in each
field (overlapping ones too, as FTS5 counts phrase positions), the document's length in index tokens
(``docs.len``) and FTS5's own statistics (row count and token totals from its averages record, each
string's document count from a count query): the same numbers FTS5's ``bm25`` gives, which the full path
(``SearchService._ranked``) uses. The words' part is always computed here: each word's occurrences among
the document's jieba tokens (their starts are kept in ``docs.wb``; the words are not in the FTS table) and
its document count (``wdf``, kept by the index writer). Where a document is in the list of every token a
part of its score needs, those counts come from the list's keys instead of its text (``_score_candidates``).

``rank_page`` returns None when it cannot prove its page exact (see ``reader.search.impact``); the
caller then scores every match in SQLite.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reader.search import impact
from reader.search.analysis import count_word, phrase_tokens
from reader.search.compile import GRAM_WEIGHTS, WORD_WEIGHT, Compiled, folded_parts, leaf_match
from reader.search.fold import fold, fold_many
from reader.search.query import TEXT_FIELDS, And, Node, Not, Or, Text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# numpy is imported where keys are computed with it: a search of a small index (no lists) never needs it,
# and a one-off command-line search does not pay its import (see ``reader.search.fold``).

log = logging.getLogger(__name__)

FIRST_READS = 64  # candidates' texts read first (then twice as many each time, up to 256): few show a hopeless page
COMPLETE_MAX = 400  # a source absent from the impact lists: all its documents become candidates, up to this

ArticleText = tuple[str | None, str | None, str | None, str | None, str]  # title, kicker, subtitle, byline, body
Texts = Callable[[list[int], list[int]], tuple[dict[int, ArticleText], dict[int, str]]]
Count = Callable[[str], int]
Page = list[tuple[int, float]]
Fallback = Callable[[], "Page | None"]  # the lists' best page, unproven, or None when they hold too few


@dataclass
class Stats:
    """FTS5's numbers for bm25: rows (with those of replaced documents) and the average length."""

    rows: int
    avgdl: float

    def idf(self, hits: int) -> float:
        hits = min(hits, self.rows)  # read in one snapshot, so never more; this keeps the log defined anyway
        value = math.log((self.rows - hits + 0.5) / (hits + 0.5))
        return value if value > 0 else 1e-6


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """SQLite's varint (as FTS5 writes its averages record)."""
    value = 0
    for i in range(8):
        b = data[pos + i]
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, pos + i + 1
    return (value << 8) | data[pos + 8], pos + 9


def fts_stats(conn: sqlite3.Connection) -> Stats | None:
    """Row count and average row length from FTS5's averages record (row 1 of ``fts_data``)."""
    row = conn.execute("SELECT block FROM fts_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return None
    data = bytes(row[0])
    rows, pos = _varint(data, 0)
    total = 0
    while pos < len(data):
        n, pos = _varint(data, pos)
        total += n
    if rows <= 0:
        return None
    return Stats(rows, total / rows)


def _simple(leaf: Text) -> bool:
    """Leaves FTS5 matches as one phrase (a multi-part string ending in one character is two)."""
    return not (len(leaf.parts) > 1 and len(fold(leaf.parts[-1])) == 1)


def leaf_tokens(leaf: Text) -> list[str]:
    """The impact-list tokens of a string: its unigram (one character) or its bigrams."""
    parts = folded_parts(leaf)
    if len(parts) == 1 and len(parts[0]) == 1:
        return [f"u{ord(parts[0]):x}"]
    return [t for t in phrase_tokens(parts) if not t.startswith("u")]


def _counter(leaf: Text) -> Callable[[str], int]:
    """Occurrences of the string in a folded field, overlapping ones included."""
    parts = folded_parts(leaf)
    if len(parts) == 1:
        s = parts[0]

        def count(text: str) -> int:
            n, i = 0, text.find(s)
            while i >= 0:
                n += 1
                i = text.find(s, i + 1)
            return n

        return count
    pattern = re.compile("(?=" + r"\s+".join(re.escape(p) for p in parts) + ")")
    return lambda text: sum(1 for _ in pattern.finditer(text))


def matcher(node: Node) -> Callable[[dict[str, str]], bool]:
    """Whether the text part of a query matches a document's folded fields (the same rule as FTS5's): a test
    built once for the many documents it is asked of."""
    if isinstance(node, Text):
        parts, names = folded_parts(node), node.fields
        if len(parts) == 1:
            s = parts[0]
            return lambda fields: any(s in fields[f] for f in names)
        pattern = re.compile(r"\s+".join(re.escape(p) for p in parts))
        return lambda fields: any(pattern.search(fields[f]) for f in names)
    if isinstance(node, And):
        each = [matcher(c) for c in node.children]
        return lambda fields: all(m(fields) for m in each)
    if isinstance(node, Or):
        either = [matcher(c) for c in node.children]
        return lambda fields: any(m(fields) for m in either)
    if isinstance(node, Not):
        inner = matcher(node.child)
        return lambda fields: not inner(fields)
    raise TypeError(node)


def rank_page(
    conn: sqlite3.Connection,
    c: Compiled,
    limit: int,
    offset: int,
    memo: Memo,
    count: Count,
    unproven: list[Fallback] | None = None,
    prefetch: Callable[[list[str]], None] | None = None,
) -> Page | None:
    """The exact page of hits by relevance from the impact lists, or None when that cannot be proven.

    ``memo`` reads documents' folded text from the library and keeps the scores; ``count(match)`` is the number
    of fts rows a MATCH expression finds (cached by the caller). When the candidates' page cannot be
    proven exact, a function giving that page (each hit scored exactly, the order not proven) is appended
    to ``unproven``: the caller's fallback if proving it by scoring every match would cost too much.
    ``prefetch(matches)``: count these at once (``count`` then has them), called once the lists are used.
    """
    if c.core is None or c.core_node is None or not c.positive or not all(_simple(t) for t in c.positive):
        return None
    stats = fts_stats(conn)
    if stats is None or not impact.usable(conn):
        return None
    few = conn.execute(
        "SELECT COUNT(*) FROM (SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)",
        (c.core, c.lo, c.hi, COMPLETE_MAX + 1),
    ).fetchone()[0]
    if few <= COMPLETE_MAX:  # few matches: scoring them all in SQLite is quicker than reading candidates
        return None
    if prefetch is not None:
        prefetch([leaf_match(t) for t in c.positive])
    words = query_words(conn, c, stats)
    sources = _sources(conn, c, stats, count, words, memo)
    if sources is None:
        return None
    candidates, outside = sources
    if not candidates:
        return []
    want = offset + limit

    def best(scored: Page) -> Page | None:
        return scored[offset:want] if len(scored) >= want else None  # a short page would hide hits

    scored = _score_candidates(conn, c, stats, candidates, memo, count, words, want, outside)
    if scored is None:  # hopeless; the fallback scores the rest only if it is needed (``memo`` keeps texts)
        log.debug("impact lists cannot prove the page: too few candidates can beat the bound %.3g", outside)
        if unproven is not None:
            unproven.append(lambda: best(_score_candidates(conn, c, stats, candidates, memo, count, words, want)
                                         or []))
        return None
    if outside > 0 and (len(scored) < want or scored[want - 1][1] <= outside):
        log.debug("impact lists cannot prove the page (%d candidates, bound %.3g)", len(scored), outside)
        if unproven is not None and len(scored) >= want:
            unproven.append(lambda: best(scored))
        return None
    return scored[offset:want]


def both_strings(
    conn: sqlite3.Connection, c: Compiled, stats: Stats, count: Count, words: list[Word]
) -> tuple[Compiled, float] | None:
    """For a query whose text is one string OR another: the query for both strings, and the most a document
    holding only one of them can score (None for any other query).

    A document holding both scores the same under either query (FTS5's bm25 takes each phrase's document
    count on its own, whatever the expression), so when the page of the query for both ends above that
    bound, it is the page of the OR: no document with one string can reach it. A common string ORed with
    another (许昌 OR 江川) has a hundred thousand matches to score, the two together a tenth of that.
    """
    node = c.core_node
    if isinstance(node, And) and len(node.children) == 1:
        node = node.children[0]
    if c.core is None or not isinstance(node, Or) or len(node.children) != 2:
        return None
    leaves = [x for x in node.children if isinstance(x, Text) and _simple(x)]
    if len(leaves) != 2:
        return None
    rows = _token_rows(conn, sorted({t for leaf in leaves for t in leaf_tokens(leaf)}))

    def top(leaf: Text) -> float:
        """The most the string can add to any score: its highest key, through its tokens' lists."""
        tops = [rows[t][2] for t in leaf_tokens(leaf) if t in rows]
        return stats.idf(count(leaf_match(leaf))) * (impact.bound(min(tops), stats.avgdl) if tops else impact.K1 + 1)

    def lacks(leaf: Text, word: Word) -> bool:
        """Whether a document without the string (searched in every field) lacks the word too."""
        parts = folded_parts(leaf)
        return len(parts) == 1 and leaf.fields == TEXT_FIELDS and parts[0] in word.text

    most = max(
        top(only) + sum(WORD_WEIGHT * w.idf * w.top for w in words if not lacks(other, w))
        for only, other in ((leaves[0], leaves[1]), (leaves[1], leaves[0]))
    )
    both = And(tuple(leaves))
    return replace(c, core=" AND ".join(f"({leaf_match(t)})" for t in leaves), core_node=both), most * (1 + 1e-9)


def _token_rows(conn: sqlite3.Connection, tokens: list[str]) -> dict[str, tuple[int, int, int]]:
    """token -> (tok id, the highest key outside its list, the highest key of all) for tokens with a list."""
    if not tokens:
        return {}
    marks = ",".join("?" * len(tokens))
    found: dict[str, tuple[int, int, int]] = {}
    for tok, token, tau, n, low, top, size in conn.execute(
        f"SELECT tok, token, tau, n, low, top, size FROM toks WHERE token IN ({marks})", tokens
    ):
        out = impact.outside_key(int(tau), int(n), low, int(size))
        found[token] = (int(tok), out, max(out, int(top or 0)))
    return found


def _string_tokens(text: str) -> list[str]:
    """The impact-list tokens of one folded string without spaces (its character, or its bigrams)."""
    return leaf_tokens(Text((text,)))


@dataclass
class Word:
    """A jieba word of the query: its idf, and the lists that bound it (its own, else its string's)."""

    text: str
    idf: float
    lists: list[int]  # tok ids; empty: only bm25's saturation bounds it
    outside: float  # the most its saturation can be outside those lists
    top: float  # the most it can be anywhere
    own: int | None = None  # its own list (then a listed document's count is in its key)


def query_words(conn: sqlite3.Connection, c: Compiled, stats: Stats) -> list[Word]:
    """The query's jieba words with their statistics (document counts kept by the index writer)."""
    if not c.words:
        return []
    marks = ",".join("?" * len(c.word_tokens))
    df = dict(conn.execute(f"SELECT token, df FROM wdf WHERE token IN ({marks})", c.word_tokens).fetchall())
    rows = (
        _token_rows(conn, sorted({t for w in c.words for t in _string_tokens(w)} | set(c.word_tokens)))
        if impact.usable(conn)
        else {}  # no lists (a small index, or one whose lists are being built): bm25's saturation bounds
    )
    saturated = impact.K1 + 1
    out = []
    for text, token in zip(c.words, c.word_tokens, strict=True):
        n = int(df.get(token, 0))
        if not n:  # in no document: adds nothing to any score
            continue
        if token in rows:  # the word's own list
            tok, outside, top = rows[token]
            out.append(Word(text, stats.idf(n), [tok], impact.bound(outside, stats.avgdl),
                            impact.bound(top, stats.avgdl), own=tok))
            continue
        tracked = [rows[t] for t in _string_tokens(text) if t in rows]
        if tracked:  # a word occurs no more often than its string, nor its string than any of its bigrams
            out.append(Word(text, stats.idf(n), [t for t, _, _ in tracked],
                            impact.bound(min(o for _, o, _ in tracked), stats.avgdl),
                            impact.bound(min(top for _, _, top in tracked), stats.avgdl)))
        else:
            out.append(Word(text, stats.idf(n), [], saturated, saturated))
    return out


def _sources(
    conn: sqlite3.Connection, c: Compiled, stats: Stats, count: Count, words: list[Word], memo: Memo
) -> tuple[set[int], float] | None:
    """(candidate docids, the highest score a document outside them can have), or None (not provable)."""
    leaves = [(t, leaf_tokens(t)) for t in c.positive]
    rows = _token_rows(conn, sorted({tok for _, toks in leaves for tok in toks}))
    candidates: set[int] = set()
    lists: set[int] = set()
    outside = 0.0

    def complete(match: str) -> bool:
        """All documents of a rare string become candidates (then no document outside holds it)."""
        if count(match) > COMPLETE_MAX:
            return False
        candidates.update(int(r[0]) for r in conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (match,)))
        return True

    for leaf, tokens in leaves:
        tracked = [rows[t] for t in tokens if t in rows]
        match = leaf_match(leaf)
        if not tracked:  # no list: a string this rare is scored whole, or not here
            if not complete(match):
                return None
            continue
        # A document outside the list of the token with the lowest outside key holds the string at most that
        # often, so that one list is enough: a string of several bigrams does not take every bigram's list.
        tok, least, _top = min(tracked, key=lambda row: row[1])
        lists.add(tok)
        outside += stats.idf(count(match)) * impact.bound(least, stats.avgdl)
    for word in words:
        if word.lists:
            lists.update(word.lists)
            outside += WORD_WEIGHT * word.idf * word.outside
        elif not complete(leaf_match(Text((word.text,)))):
            outside += WORD_WEIGHT * word.idf * word.outside
    keys, _outside = memo.lists(conn, sorted(lists))  # read once: scoring the candidates takes their keys
    for ids, _keys in keys.values():
        candidates.update(ids.tolist())
    return candidates, outside


DocRow = tuple[int, str, int, int, bytes]  # docid, kind, item id, length, word starts


def doc_rows(conn: sqlite3.Connection, docids: list[int], where: str = "1", params: list[object] | None = None
             ) -> list[DocRow]:
    """The ``docs`` rows of documents (those meeting ``where`` over ``docs d``), in no particular order."""
    rows: list[DocRow] = []
    for n in range(0, len(docids), 500):
        chunk = docids[n : n + 500]
        marks = ",".join("?" * len(chunk))
        rows += conn.execute(
            f"SELECT d.docid, d.kind, d.item_id, d.len, d.wb FROM docs d WHERE d.docid IN ({marks}) AND {where}",
            [*chunk, *(params or [])],
        ).fetchall()
    return rows


def filters(c: Compiled) -> tuple[str, list[object]]:
    """The condition on ``docs d`` (and its parameters) that a query's hits meet besides its strings."""
    if c.core is None:
        return c.where, list(c.params)
    return f"d.docid BETWEEN ? AND ? AND {c.rest('d.docid')}", [c.lo, c.hi, *c.rest_params]


def folded_fields(rows: list[DocRow], texts: Texts) -> dict[int, list[str]]:
    """docid -> the folded title, sub, byline and body of each document still in the library."""
    if not rows:
        return {}
    arts, blocks = texts([r[2] for r in rows if r[1] == "article"], [r[2] for r in rows if r[1] != "article"])
    raw: dict[int, list[str]] = {}
    for docid, kind, item, _length, _wb in rows:
        if kind == "article":
            if item in arts:  # else deleted from the library since the last sync
                title, kicker, subtitle, byline, body = arts[item]
                raw[docid] = [title or "", "\n".join(x for x in (kicker, subtitle) if x), byline or "", body or ""]
        elif item in blocks:
            raw[docid] = ["", "", "", blocks[item]]
    folded = iter(fold_many([x for fields in raw.values() for x in fields]))
    return {docid: [next(folded) for _ in range(4)] for docid in raw}


class Memo:
    """What one search has read and scored: when the lists cannot prove a page, the full path after them
    meets many of the same documents. ``rows``: their ``docs`` rows; ``fields``: their folded fields, each
    read from the library once; ``lists``: the lists' keys; ``scores``: docid -> exact score of the matching
    documents scored so far (as ``_text_scores``)."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        self.cache: dict[int, list[str] | None] = {}  # None: deleted from the library since the last sync
        self.scores: dict[int, float] = {}
        self._rows: dict[tuple[str, tuple[object, ...]], dict[int, DocRow | None]] = {}
        self._read: dict[int, DocRow] = {}  # every row read, whatever the filter
        self._lists: dict[int, tuple[Listed, int | None]] = {}

    def rows(self, conn: sqlite3.Connection, docids: list[int], where: str, params: list[object]) -> list[DocRow]:
        """``doc_rows(conn, docids, where, params)``, each document read once per filter."""
        seen = self._rows.setdefault((where, tuple(params)), {})
        missing = [d for d in docids if d not in seen]
        found = {r[0]: r for r in doc_rows(conn, missing, where, params)} if missing else {}
        self._read.update(found)
        for d in missing:
            seen[d] = found.get(d)  # None: it does not meet the filter (or is gone)
        return [r for d in docids if (r := seen[d]) is not None]

    def rows_of_hits(self, conn: sqlite3.Connection, docids: list[int]) -> list[DocRow]:
        """The ``docs`` rows of documents known to meet the query's filters (they came from its matches):
        no filter is run again (one can hold a MATCH of its own), and rows read before are reused."""
        missing = [d for d in docids if d not in self._read]
        if missing:
            self._read.update((r[0], r) for r in doc_rows(conn, missing))
        return [r for d in docids if (r := self._read.get(d)) is not None]

    def fields(self, rows: list[DocRow]) -> dict[int, list[str]]:
        """docid -> folded fields of the documents of ``rows`` still in the library (as ``folded_fields``)."""
        missing = [row for row in rows if row[0] not in self.cache]
        found = folded_fields(missing, self.texts)
        for row in missing:
            self.cache[row[0]] = found.get(row[0])
        return {row[0]: f for row in rows if (f := self.cache[row[0]]) is not None}

    def lists(self, conn: sqlite3.Connection, toks: list[int]) -> tuple[dict[int, Listed], dict[int, int]]:
        """``_list_keys(conn, toks)``, each list read once."""
        missing = [tok for tok in toks if tok not in self._lists]
        if missing:
            keys, outside = _list_keys(conn, missing)
            for tok in missing:
                self._lists[tok] = (keys[tok], outside.get(tok))
        return ({tok: self._lists[tok][0] for tok in toks},
                {tok: out for tok in toks if (out := self._lists[tok][1]) is not None})


def words_part(folded: list[str], starts: bytes, length: int, words: list[Word], stats: Stats) -> float:
    """The jieba-word part of a document's score."""
    if not words:
        return 0.0
    joined = "\n".join(folded)
    norm = impact.K1 * (1 - impact.B + impact.B * length / stats.avgdl)
    score = 0.0
    for word in words:
        tf = count_word(joined, starts, word.text)
        if tf:
            score += WORD_WEIGHT * word.idf * tf * (impact.K1 + 1) / (tf + norm)
    return score


Listed = tuple["npt.NDArray[np.int64]", "npt.NDArray[np.float64]"]  # a list's docids, ascending, and their keys


def _list_keys(conn: sqlite3.Connection, toks: list[int]) -> tuple[dict[int, Listed], dict[int, int]]:
    """tok -> its list (docids and keys), and tok -> the highest key a document outside its list can have."""
    np = _numpy()
    found: dict[int, list[tuple[int, int]]] = {tok: [] for tok in toks}
    outside: dict[int, int] = {}
    for n in range(0, len(toks), 500):
        chunk = toks[n : n + 500]
        marks = ",".join("?" * len(chunk))
        for tok, docid, key_ in conn.execute(f"SELECT tok, docid, key FROM imp WHERE tok IN ({marks})", chunk):
            found[tok].append((docid, key_))
        for tok, tau, n_, low, size in conn.execute(
            f"SELECT tok, tau, n, low, size FROM toks WHERE tok IN ({marks})", chunk
        ):
            outside[int(tok)] = impact.outside_key(int(tau), int(n_), low, int(size))
    keys: dict[int, Listed] = {}
    for tok, pairs in found.items():
        pairs.sort()
        keys[tok] = (np.array([d for d, _ in pairs], dtype=np.int64), np.array([k for _, k in pairs], dtype=np.float64))
    return keys, outside


def _numpy() -> Any:
    import numpy

    return numpy


class Lengths:
    """Documents' lengths as bm25 and the keys use them: ``norm`` (bm25's ``K(D)`` with the index's average
    length) and ``scale`` (keys per weighted occurrence, as ``impact.doc_impacts``), one entry per document.
    The expressions are those of the text path, in the same order, so that scores from keys equal scores
    from text to the last bit."""

    def __init__(self, lengths: list[int], stats: Stats) -> None:
        np = _numpy()
        length = np.array(lengths, dtype=np.float64)
        self.norm = impact.K1 * (1 - impact.B + impact.B * length / stats.avgdl)
        self.scale = impact.KEY_SCALE / (0.25 * impact.A_REF + 0.75 * length)


def _keys_of(listed: Listed, docids: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The documents' keys in one list, -1 where a document is not in it (keys fit a float exactly)."""
    np = _numpy()
    ids, keys = listed
    if not len(ids):
        return np.full(len(docids), -1.0)
    at = np.minimum(np.searchsorted(ids, docids), len(ids) - 1)
    return np.where(ids[at] == docids, keys[at], -1.0)


def _at_most(cap: npt.NDArray[np.float64], at: Lengths) -> npt.NDArray[np.float64]:
    """The most bm25's saturation can be for documents whose key is at most ``cap``: a whole weighted count
    ``w <= cap / scale`` (``key = ceil(w * scale)``; the margin only absorbs float error)."""
    np = _numpy()
    most = np.floor(cap / at.scale + 1e-6)
    return most * (impact.K1 + 1) / (most + at.norm)


def _exact(coef: float, key_: npt.NDArray[np.float64], at: Lengths) -> npt.NDArray[np.float64]:
    """``coef`` times bm25's saturation for the weighted count a key gives back (``round(key / scale)``)."""
    np = _numpy()
    w = np.round(key_ / at.scale)
    return coef * w * (impact.K1 + 1) / (w + at.norm)


class WordParts:
    """The words' part of documents' scores from the lists' keys (read once per query), and whether it is
    exact (a document in every word's own list); else the most it can be (its text tells)."""

    def __init__(self, conn: sqlite3.Connection, words: list[Word], stats: Stats, memo: Memo) -> None:
        self.words, self.stats = words, stats
        self.keys, self.outside = memo.lists(conn, sorted({tok for w in words for tok in w.lists}))

    def __call__(self, docids: list[int], at: Lengths) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        np = _numpy()
        ids = np.array(docids, dtype=np.int64)
        score = np.zeros(len(docids))
        exact = np.ones(len(docids), dtype=bool)
        for word in self.words:
            coef = WORD_WEIGHT * word.idf
            caps = [(_keys_of(self.keys[tok], ids), self.outside[tok]) for tok in word.lists if tok in self.outside]
            if caps:
                cap = np.minimum.reduce([np.where(k >= 0, k, out) for k, out in caps])
                bound = coef * _at_most(cap, at)
            else:
                bound = np.full(len(docids), coef * (impact.K1 + 1))
            if word.own is not None and word.own in self.keys:
                own = _keys_of(self.keys[word.own], ids)
                listed = own >= 0
                score += np.where(listed, _exact(coef, own, at), bound)
                exact &= listed
            else:
                score += bound
                exact[:] = False
        return np.where(exact, score, score * (1 + 1e-9)), exact


def _score_candidates(
    conn: sqlite3.Connection, c: Compiled, stats: Stats, candidates: set[int], memo: Memo, count: Count,
    words: list[Word], want: int, outside: float = 0.0,
) -> Page | None:
    """The candidates that match the query and its filters, best first, each listed one scored exactly:
    every document that can be among the best ``want``, and others as they come.

    With ``outside`` (the bound of the documents outside the lists) above 0: None as soon as fewer than
    ``want`` candidates can score above it (the page cannot be proven), before any text is read if their
    bounds already say so, else part way through reading them, best bound first.

    A string that is one list token (a character, or two characters), searched in every field, has its
    weighted count in a listed document's key: ``key = ceil(w * KEY_SCALE / (0.25 A_REF + 0.75 D))``
    gives ``w`` back exactly (``w`` is a whole number, and rounding up adds less than 1/2000 of one). So
    does a word with its own list. A document whose every part is so known needs no text; one with a part
    unknown is bounded by its keys (a string occurs no more often than any of its tokens; outside a list,
    at most its outside key), and its text is read only when that bound can reach the ``want`` best.
    """
    assert c.core_node is not None
    rows = memo.rows(conn, sorted(candidates), *filters(c))
    leaves = [(t, leaf_tokens(t), stats.idf(count(leaf_match(t)))) for t in c.positive]
    info = _token_rows(conn, sorted({tok for _, toks, _ in leaves for tok in toks}))
    keys, outside_of = memo.lists(conn, sorted({v[0] for v in info.values()}))
    np = _numpy()
    docids = [r[0] for r in rows]
    ids = np.array(docids, dtype=np.int64)
    at = Lengths([r[3] for r in rows], stats)
    exact_ok = _conjunction(c.core_node)
    n = len(rows)
    strings, high = np.zeros(n), np.zeros(n)
    exact = np.full(n, exact_ok)
    lacks = np.zeros(n, dtype=bool)
    for leaf, toks, idf in leaves:
        listed = [(_keys_of(keys[info[t][0]], ids), outside_of[info[t][0]]) for t in toks if t in info]
        unknown = np.ones(n, dtype=bool)
        if len(toks) == 1 and listed and leaf.fields == TEXT_FIELDS:
            key_ = listed[0][0]
            unknown = key_ < 0
            strings += np.where(unknown, 0.0, _exact(idf, key_, at))
        exact &= ~unknown
        if listed:
            cap = np.minimum.reduce([np.where(k >= 0, k, out) for k, out in listed])
            most = np.floor(cap / at.scale + 1e-6)
            if exact_ok:  # its keys say it lacks a string every hit holds
                lacks |= unknown & (most == 0)
            high += np.where(unknown, idf * _at_most(cap, at), 0.0)
        else:
            high += np.where(unknown, idf * (impact.K1 + 1), 0.0)
    words_sum, words_exact = WordParts(conn, words, stats, memo)(docids, at)
    keyed = exact & words_exact & ~lacks  # scored from their keys alone
    total = strings + words_sum
    bound = (total + high) * (1 + 1e-9)
    known = [(docids[i], float(total[i])) for i in np.flatnonzero(keyed)]
    bounded = [(float(bound[i]), rows[i]) for i in np.flatnonzero(~keyed & ~lacks)]
    memo.scores.update(known)
    known.sort(key=order)
    bounded.sort(key=lambda e: -e[0])
    above = sum(s > outside for _, s in known)  # documents known to beat the bound
    batch = FIRST_READS
    while bounded:
        if outside > 0 and above + bisect.bisect_left(bounded, -outside, key=lambda e: -e[0]) < want:
            return None  # fewer than a page can still beat the bound
        last = known[want - 1][1] if len(known) >= want else None
        if last is not None and bounded[0][0] < last:
            break  # no document left can enter the page
        reading = [row for _, row in bounded[:batch]]
        del bounded[:batch]
        from_text = _text_scores(c, stats, reading, memo, count, words)
        above += sum(s > outside for _, s in from_text)
        known += from_text
        known.sort(key=order)
        batch = min(2 * batch, 256)
    if outside > 0 and above < want:
        return None
    return known


def _conjunction(node: Node) -> bool:
    """Whether a document matches exactly when it holds every positive string (no OR, no NOT)."""
    return isinstance(node, Text) or (isinstance(node, And) and all(isinstance(x, Text) for x in node.children))


def _text_scores(
    c: Compiled, stats: Stats, rows: list[DocRow], memo: Memo, count: Count, words: list[Word]
) -> list[tuple[int, float]]:
    """The documents of ``rows`` that match the query, scored exactly from their text."""
    assert c.core_node is not None
    fields_of = memo.fields(rows)
    leaves = [
        (stats.idf(count(leaf_match(t))), [GRAM_WEIGHTS[TEXT_FIELDS.index(f)] for f in t.fields], t.fields, _counter(t))
        for t in c.positive
    ]
    k1, b = impact.K1, impact.B
    match = matcher(c.core_node)
    scored: list[tuple[int, float]] = []
    for docid, _kind, _item, length, wb in rows:
        folded = fields_of.get(docid)
        if folded is None:
            continue
        fields = dict(zip(TEXT_FIELDS, folded, strict=True))
        if not match(fields):
            continue
        norm = k1 * (1 - b + b * length / stats.avgdl)
        score = 0.0
        for idf, weights, names, counter in leaves:
            w = sum(weight * counter(fields[name]) for weight, name in zip(weights, names, strict=True))
            if w:
                score += idf * w * (k1 + 1) / (w + norm)
        scored.append((docid, score + words_part(folded, wb, length, words, stats)))
    memo.scores.update(scored)
    return scored


def order(hit: tuple[int, float]) -> tuple[float, int, int]:
    """Best first; at equal score articles before blocks, then newest first."""
    return (-hit[1], hit[0] % 2, -hit[0])
