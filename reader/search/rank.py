"""Exact relevance from a few candidates: the documents of the query's impact lists, scored from their text.

The score of a document (see ``reader/search/README.md``) is SQLite FTS5's ``bm25`` with the column weights
of ``reader.search.compile`` over the query's exact strings, plus half the ``bm25`` of its jieba words in
the words column. Here it is computed in Python from the document's text: each string's occurrences in
each field (overlapping ones too, as FTS5 counts phrase positions), each word's occurrences among the
document's jieba tokens (their starts are kept in ``docs.wb``), the document's length in index tokens
(``docs.len``), and FTS5's own statistics (row count and token totals from its averages record, each
string's and word's document count from a count query). Same formula, same numbers: the result equals
what FTS5 computes, which the full path (``SearchService._ranked``) uses.

``rank_page`` returns None when it cannot prove its page exact (see ``reader.search.impact``); the
caller then scores every match in SQLite.
"""

from __future__ import annotations

import logging
import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from reader.search import impact
from reader.search.analysis import count_word, phrase_tokens
from reader.search.compile import GRAM_WEIGHTS, WORD_WEIGHT, Compiled, folded_parts, leaf_match
from reader.search.fold import fold
from reader.search.query import TEXT_FIELDS, And, Node, Not, Or, Text

log = logging.getLogger(__name__)

COMPLETE_MAX = 400  # a source absent from the impact lists: all its documents become candidates, up to this

ArticleText = tuple[str | None, str | None, str | None, str | None, str]  # title, kicker, subtitle, byline, body
Texts = Callable[[list[int], list[int]], tuple[dict[int, ArticleText], dict[int, str]]]
Count = Callable[[str], int]


@dataclass
class Stats:
    """FTS5's numbers for bm25: rows (with those of replaced documents) and the average length."""

    rows: int
    avgdl: float

    def idf(self, hits: int) -> float:
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


def matches(node: Node, fields: dict[str, str]) -> bool:
    """Whether the text part of a query matches a document's folded fields (the same rule as FTS5's)."""
    if isinstance(node, Text):
        pattern = r"\s+".join(re.escape(p) for p in folded_parts(node))
        return any(re.search(pattern, fields[f]) for f in node.fields)
    if isinstance(node, And):
        return all(matches(c, fields) for c in node.children)
    if isinstance(node, Or):
        return any(matches(c, fields) for c in node.children)
    if isinstance(node, Not):
        return not matches(node.child, fields)
    raise TypeError(node)


def rank_page(
    conn: sqlite3.Connection,
    c: Compiled,
    limit: int,
    offset: int,
    texts: Texts,
    count: Count,
) -> list[tuple[int, float]] | None:
    """The exact page of hits by relevance from the impact lists, or None when that cannot be proven.

    ``texts(article_ids, block_ids)`` reads documents' text from the library; ``count(match)`` is the number
    of fts rows a MATCH expression finds (cached by the caller).
    """
    if c.core is None or c.core_node is None or not c.positive or not all(_simple(t) for t in c.positive):
        return None
    stats = fts_stats(conn)
    if stats is None:
        return None
    sources = _sources(conn, c, stats, count)
    if sources is None:
        return None
    candidates, outside = sources
    if not candidates:
        return []
    scored = _score(conn, c, stats, sorted(candidates), texts, count)
    want = offset + limit
    if outside > 0 and (len(scored) < want or scored[want - 1][1] <= outside):
        log.debug("impact lists cannot prove the page (%d candidates, bound %.3g)", len(scored), outside)
        return None
    return scored[offset:want]


def _token_rows(conn: sqlite3.Connection, tokens: list[str]) -> dict[str, tuple[int, float]]:
    """token -> (tok id, the highest key outside its list) for the tokens that have a list."""
    if not tokens:
        return {}
    marks = ",".join("?" * len(tokens))
    return {
        token: (int(tok), impact.outside_key(float(tau), int(n), low))
        for tok, token, tau, n, low in conn.execute(
            f"SELECT tok, token, tau, n, low FROM toks WHERE token IN ({marks})", tokens
        )
    }


def _sources(
    conn: sqlite3.Connection, c: Compiled, stats: Stats, count: Count
) -> tuple[set[int], float] | None:
    """(candidate docids, the highest score a document outside them can have), or None (not provable)."""
    leaves = [(t, leaf_tokens(t)) for t in c.positive]
    words = list(c.word_tokens)
    rows = _token_rows(conn, sorted({tok for _, toks in leaves for tok in toks} | set(words)))
    candidates: set[int] = set()
    lists: set[int] = set()
    outside = 0.0

    def complete(match: str) -> bool:
        if count(match) > COMPLETE_MAX:
            return False
        candidates.update(int(r[0]) for r in conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (match,)))
        return True

    for leaf, tokens in leaves:
        tracked = [rows[t] for t in tokens if t in rows]
        if not tracked:  # no list: a string this rare is scored whole, or not here
            if not complete(leaf_match(leaf)):
                return None
            continue
        lists.update(tok for tok, _ in tracked)
        outside += stats.idf(count(leaf_match(leaf))) * impact.bound(min(k for _, k in tracked), stats.avgdl)
    for word in words:
        match = f'words : "{word}"'
        if word not in rows:
            if not complete(match):
                return None
            continue
        tok, k = rows[word]
        lists.add(tok)
        outside += WORD_WEIGHT * stats.idf(count(match)) * impact.bound(k, stats.avgdl)
    if lists:
        marks = ",".join("?" * len(lists))
        candidates.update(int(r[0]) for r in conn.execute(f"SELECT docid FROM imp WHERE tok IN ({marks})", list(lists)))
    return candidates, outside


def _score(
    conn: sqlite3.Connection, c: Compiled, stats: Stats, candidates: list[int], texts: Texts, count: Count
) -> list[tuple[int, float]]:
    """The candidates that match the query and its filters, scored exactly, best first."""
    assert c.core_node is not None
    rows: list[tuple[int, str, int, int, bytes]] = []
    rest = c.rest("d.docid")
    for n in range(0, len(candidates), 500):
        chunk = candidates[n : n + 500]
        marks = ",".join("?" * len(chunk))
        rows += conn.execute(
            f"SELECT d.docid, d.kind, d.item_id, d.len, d.wb FROM docs d WHERE d.docid IN ({marks})"
            f" AND d.docid BETWEEN ? AND ? AND {rest}",
            [*chunk, c.lo, c.hi, *c.rest_params],
        ).fetchall()
    article_ids = [r[2] for r in rows if r[1] == "article"]
    block_ids = [r[2] for r in rows if r[1] != "article"]
    arts, blocks = texts(article_ids, block_ids)
    leaves = [
        (stats.idf(count(leaf_match(t))), [GRAM_WEIGHTS[TEXT_FIELDS.index(f)] for f in t.fields], t.fields, _counter(t))
        for t in c.positive
    ]
    words = [(w, stats.idf(count(f'words : "{tok}"'))) for w, tok in zip(c.words, c.word_tokens, strict=True)]
    k1, b = impact.K1, impact.B
    scored: list[tuple[int, float]] = []
    for docid, kind, item, length, wb in rows:
        if kind == "article":
            if item not in arts:
                continue  # deleted from the library since the last sync
            title, kicker, subtitle, byline, body = arts[item]
            raw = (title or "", "\n".join(x for x in (kicker, subtitle) if x), byline or "", body or "")
        else:
            if item not in blocks:
                continue
            raw = ("", "", "", blocks[item])
        folded = [fold(x) for x in raw]
        fields = dict(zip(TEXT_FIELDS, folded, strict=True))
        if not matches(c.core_node, fields):
            continue
        norm = k1 * (1 - b + b * length / stats.avgdl)
        score = 0.0
        for idf, weights, names, counter in leaves:
            w = sum(weight * counter(fields[name]) for weight, name in zip(weights, names, strict=True))
            if w:
                score += idf * w * (k1 + 1) / (w + norm)
        if words:
            joined = "\n".join(folded)
            for word, idf in words:
                tf = count_word(joined, wb, word)
                if tf:
                    score += WORD_WEIGHT * idf * tf * (k1 + 1) / (tf + norm)
        scored.append((docid, score))
    scored.sort(key=lambda r: (-r[1], r[0] % 2, -r[0]))
    return scored
