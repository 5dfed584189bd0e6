"""SearchService: the search API the desktop and the CLI use (plain data, no Qt).

Thread-safety: every method may be called from any thread; each thread gets its own SQLite connections
(index and library). Searches (``search``, ``hit_offsets``, ``facets``) run concurrently with each other and
with one writer (``sync``/``rebuild``), which SQLite serialises between threads and processes; a search
sees the index as of the last committed batch. ``close`` closes the calling thread's connections and
marks the service closed; call it once all other threads are done.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library.db import write_problem
from reader.library.store import Library
from reader.paths import cache_dir
from reader.progress import Progress
from reader.search.analysis import init_jieba
from reader.search.compile import BM25_GRAMS, BM25_WORDS, Compiled, compile_query, highlight_patterns
from reader.search.fold import fold_table
from reader.search.highlight import Span, article_hit_offsets, find_spans
from reader.search.index import (
    IndexWriter,
    SearchIndexError,
    SyncReport,
    _remove,
    index_path,
    open_index,
    write_transaction,
)
from reader.search.query import DateRange, Filter, Node, QueryError, parse_date_range, parse_query

log = logging.getLogger(__name__)

SORTS = ("relevance", "newest", "oldest")
SNIPPET_CHARS = 100
MAX_LIMIT = 1000
WORD_WEIGHT = 0.5  # jieba-word bm25 relative to the exact-string bm25
RANK_CAP = 10_000  # matches scored in a first pass (see SearchService._page)
UNKNOWN = "?"



@dataclass(frozen=True)
class Hit:
    """One article found: where it is, its title and a snippet with the hits at exact offsets."""

    article_id: int
    paper: str | None
    date: str | None  # ISO date, None when unknown
    page: str | None
    title: str | None
    snippet: str
    snippet_hits: list[Span]
    score: float
    title_hits: list[Span] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "title": self.title,
            "snippet": self.snippet,
            "snippet_hits": [list(s) for s in self.snippet_hits],
            "score": round(self.score, 4),
        }


@dataclass
class SearchResult:
    """A page of hits, the exact total, facet counts (paper and year) and a message when the query is bad."""

    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    error: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
        }
        if self.error:
            data["error"] = self.error
        return data


def _iso(date: int) -> str | None:
    if not date:
        return None
    return f"{date // 10000:04d}-{date // 100 % 100:02d}-{date % 100:02d}"


def _date_value(value: dt.date | str | None, end: bool) -> int | None:
    """A date parameter (date or text like the query's date: values) as yyyymmdd."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.year * 10000 + value.month * 100 + value.day
    rng = parse_date_range(str(value))
    return rng.end if end else rng.start


def make_snippet(body: str, spans: list[Span], width: int = SNIPPET_CHARS) -> tuple[str, list[Span]]:
    """About ``width`` characters of ``body`` around its first hit (newlines as spaces), hits re-based."""
    if not body:
        return "", []
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
        end = min(len(body), max(start + width, spans[0][1]))
    else:
        start, end = 0, min(len(body), width)
    text = body[start:end].replace("\n", " ")
    hits = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    shift = len(prefix)
    return prefix + text + suffix, [(s + shift, e + shift) for s, e in hits]


def _write_failed(exc: sqlite3.DatabaseError) -> SearchIndexError | None:
    """A sync that failed for a reason outside the program (disk full, read-only folder) as a one-line error."""
    problem = write_problem(exc)
    if problem is None:
        return None
    return SearchIndexError(
        f"cannot update the search index: {problem}. What was indexed is kept; the index catches up on the"
        " next import, search or reindex once this is fixed"
    )


class SearchService:
    """Search over one library folder: keeps its index in step (``sync``) and answers queries."""

    def __init__(self, library_dir: str | Path) -> None:
        self.library_dir = Path(library_dir).expanduser()
        self.path = index_path(self.library_dir)
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self.created = False  # whether opening found no usable index (it was created empty)
        self._conn()  # create or repair the index now, so every later open is cheap

    def warm_up(self) -> None:
        """Load what the first search needs (fold table, jieba's dictionary); call it off the GUI thread."""
        cache = cache_dir(self.library_dir)
        fold_table(cache)
        init_jieba(cache)

    # -- connections --------------------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._open_lock:  # one thread at a time may repair or create the file
                conn, created = open_index(self.path)
                self.created = self.created or created
            self._local.conn = conn
        return conn

    def _library(self) -> Library:
        lib = getattr(self._local, "library", None)
        if lib is None:
            lib = self._local.library = Library(self.library_dir)
        return lib

    def _forget_connection(self) -> None:
        """Close the calling thread's index connection (the next use opens the file again)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def close(self) -> None:
        """Close the calling thread's connections."""
        self._forget_connection()
        lib = getattr(self._local, "library", None)
        if lib is not None:
            lib.close()
            self._local.library = None

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------------------

    def sync(
        self,
        library: Library | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Index new and changed pages and drop removed ones (idempotent; heals interrupted syncs).

        ``library``: an open Library of the same folder owned by the calling thread (else one is opened).
        An index with too many dead rows (after many re-imports) is rebuilt.
        """
        lib = library if library is not None else self._library()
        writer = IndexWriter(self._conn(), cache_dir(self.library_dir))
        if writer.dead_fraction() > 0.5:
            log.info("search index: many replaced articles, rebuilding")
            return self.rebuild(progress, cancel, library=lib)
        try:
            return writer.sync(lib, progress, cancel)
        except sqlite3.DatabaseError as exc:
            failed = _write_failed(exc)
            if failed is not None:  # not damage: a rebuild would delete a good index and fail the same way
                raise failed from exc
            log.warning("search index damaged while writing (%s): rebuilding", exc)
            return self.rebuild(progress, cancel, library=lib)

    def rebuild(
        self,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        library: Library | None = None,
    ) -> SyncReport:
        """Empty the index and index the whole library again.

        The file is emptied in place, not deleted: other threads and processes (the reader's searches while
        the command line reindexes) keep their connections and see the new index fill. Only a damaged file
        is deleted and made anew.
        """
        lib = library if library is not None else self._library()
        for fresh_file in (False, True):
            try:
                if fresh_file:
                    self._forget_connection()
                    with self._open_lock:
                        _remove(self.path)
                else:
                    conn = self._conn()
                    with write_transaction(conn):
                        conn.execute("DELETE FROM docs")
                        conn.execute("DELETE FROM pages")
                        conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")  # empties a contentless table
                        conn.execute("UPDATE meta SET value = '0' WHERE key = 'dead'")
                report = IndexWriter(self._conn(), cache_dir(self.library_dir)).sync(lib, progress, cancel)
                break
            except sqlite3.DatabaseError as exc:
                failed = _write_failed(exc)
                if failed is not None:  # disk full, read-only, busy: a new file would fail the same way
                    raise failed from exc
                if fresh_file:
                    raise
                log.warning("search index damaged (%s): making it anew", exc)
        report.rebuilt = True
        return report

    # -- searching ----------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        paper: str | None = None,
        date_from: dt.date | str | None = None,
        date_to: dt.date | str | None = None,
        page: str | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
        count: bool = True,
    ) -> SearchResult:
        """Articles matching ``query`` and the filters. Never raises: problems come back in ``error``.

        ``count`` False skips the exact total and the facets (``total`` is then -1): the quickest way to a
        first page; ask ``count(query, ...)`` for them afterwards.
        """
        started = time.perf_counter()
        try:
            result = self._search(query, paper, date_from, date_to, page, sort, limit, offset, facets, count)
        except QueryError as exc:
            result = SearchResult(0, [], {"paper": {}, "year": {}}, error=str(exc))
        except sqlite3.OperationalError as exc:
            log.warning("search failed: %s", exc)
            result = SearchResult(0, [], {"paper": {}, "year": {}}, error=f"the search failed: {exc}")
        except (sqlite3.DatabaseError, SearchIndexError) as exc:
            log.warning("search index unusable: %s", exc)
            result = SearchResult(
                0,
                [],
                {"paper": {}, "year": {}},
                error="the search index is damaged: run 'newsreader reindex'",
            )
        except Exception as exc:  # never let a search bring down the caller
            log.exception("search failed")
            result = SearchResult(0, [], {"paper": {}, "year": {}}, error=f"the search failed: {exc}")
        result.seconds = time.perf_counter() - started
        return result

    def _extra(
        self,
        paper: str | None,
        date_from: dt.date | str | None,
        date_to: dt.date | str | None,
        page: str | None,
    ) -> list[Node]:
        extra: list[Node] = []
        if paper:
            extra.append(Filter("paper", paper))
        start, end = _date_value(date_from, end=False), _date_value(date_to, end=True)
        if start is not None or end is not None:
            if start is not None and end is not None and start > end:
                raise QueryError("the date range ends before it starts")
            extra.append(DateRange(start or 0, end or 99991231))
        if page:
            extra.append(Filter("page", page))
        return extra

    def _search(
        self,
        query: str,
        paper: str | None,
        date_from: dt.date | str | None,
        date_to: dt.date | str | None,
        page: str | None,
        sort: str,
        limit: int,
        offset: int,
        want_facets: bool,
        want_count: bool = True,
    ) -> SearchResult:
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use relevance, newest or oldest")
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        compiled = compile_query(parse_query(query), self._extra(paper, date_from, date_to, page))
        conn = self._conn()
        ranked = self._page(conn, compiled, sort, limit, offset)
        if not want_count:
            return SearchResult(-1, self._hits(conn, compiled, ranked), {"paper": {}, "year": {}})
        # The exact total needs the whole hit set anyway; grouping it by paper and year costs little more.
        if compiled.core_match is not None:
            counts = conn.execute(
                "SELECT d.paper, d.date / 10000, COUNT(*) FROM (SELECT rowid AS id FROM fts WHERE fts MATCH ?) r"
                f" CROSS JOIN docs d ON d.article_id = r.id WHERE {compiled.rest_where} GROUP BY 1, 2",
                [compiled.core_match, *compiled.rest_params],
            ).fetchall()
        else:
            counts = conn.execute(
                f"SELECT d.paper, d.date / 10000, COUNT(*) FROM docs d WHERE {compiled.where} GROUP BY 1, 2",
                compiled.params,
            ).fetchall()
        total = sum(int(r[2]) for r in counts)
        facet = {"paper": {}, "year": {}} if not want_facets else _facets(counts)
        hits = self._hits(conn, compiled, ranked)
        return SearchResult(total, hits, facet)

    def count(self, query: str, **filters: Any) -> SearchResult:
        """Total and facets only (no hits): the interface's timeline."""
        return self.search(query, limit=0, **filters)

    def _page(
        self, conn: sqlite3.Connection, c: Compiled, sort: str, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        """(article id, score) of the requested page of hits."""
        if limit == 0:
            return []
        if sort != "relevance" or c.rank_match is None:
            order = "ASC" if sort == "oldest" else "DESC"
            rows = conn.execute(
                f"SELECT d.article_id FROM docs d WHERE {c.where}"
                f" ORDER BY d.date {order}, d.article_id {order} LIMIT ? OFFSET ?",
                [*c.params, limit, offset],
            ).fetchall()
            return [(int(r[0]), 0.0) for r in rows]
        # The jieba words of the query add to the score of articles that have them as whole words.
        if c.words:
            words_cte = (
                f"w AS MATERIALIZED (SELECT rowid AS id, -{BM25_WORDS} AS s FROM fts WHERE fts MATCH ?"
                " AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?)"
            )
            words_params: list[object] = ["words : (" + " OR ".join(f'"{w}"' for w in c.words) + ")"]
        else:
            words_cte, words_params = "w AS (SELECT NULL AS id, 0.0 AS s WHERE 0)", []
        score = f"COALESCE(r.s, 0) + {WORD_WEIGHT} * COALESCE(w.s, 0)"
        if c.core_match is not None:
            # Every hit matches the core MATCH: rank its rows directly. For a very common string, scoring every
            # row (bm25 reads each row's size) is what costs, so a first pass scores only the rowid range of
            # the RANK_CAP most recently indexed hits; all of them only when those do not fill the page.
            lo, hi, seen = 0, -1, 0
            if c.rest_where == "1":
                lo, hi = 0, 2**62
            else:
                lo, hi, seen = conn.execute(
                    "SELECT MIN(id), MAX(id), COUNT(*) FROM (SELECT r.id FROM (SELECT rowid AS id FROM fts"
                    " WHERE fts MATCH ? ORDER BY rowid DESC) r CROSS JOIN docs d ON d.article_id = r.id"
                    f" WHERE {c.rest_where} ORDER BY r.id DESC LIMIT ?)",
                    [c.core_match, *c.rest_params, RANK_CAP],
                ).fetchone()
                if not seen:
                    return []
            for cap in (RANK_CAP, -1):
                # With other conditions, the first pass is the whole rowid range of the capped hits.
                bounds = [lo, hi] if cap > 0 else [0, 2**62]
                lim = cap if c.rest_where == "1" else -1
                wparams = [*words_params, *bounds, lim] if words_params else []
                rows = conn.execute(
                    f"WITH r AS MATERIALIZED (SELECT rowid AS id, -{BM25_GRAMS} AS s FROM fts WHERE fts MATCH ?"
                    f" AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?), {words_cte}"
                    f" SELECT d.article_id, {score} AS score FROM r CROSS JOIN docs d ON d.article_id = r.id"
                    f" LEFT JOIN w ON w.id = r.id WHERE {c.rest_where}"
                    " ORDER BY score DESC, d.date DESC, d.article_id DESC LIMIT ? OFFSET ?",
                    [c.core_match, *bounds, lim, *wparams, *c.rest_params, limit, offset],
                ).fetchall()
                if len(rows) >= limit or cap < 0:
                    break
                if c.rest_where != "1":
                    if seen < RANK_CAP:  # the first pass saw every hit
                        break
                else:
                    matched = conn.execute(
                        "SELECT COUNT(*) FROM (SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?)",
                        [c.core_match, cap],
                    ).fetchone()[0]
                    if matched < cap:  # the first pass saw every hit
                        break
        else:  # e.g. "a OR date:2020": some hits match no positive string and score 0
            wparams = [*words_params, 0, 2**62, -1] if words_params else []
            rows = conn.execute(
                f"WITH r AS MATERIALIZED (SELECT rowid AS id, -{BM25_GRAMS} AS s FROM fts WHERE fts MATCH ?),"
                f" {words_cte} SELECT d.article_id, {score} AS score FROM docs d LEFT JOIN r ON r.id = d.article_id"
                f" LEFT JOIN w ON w.id = d.article_id WHERE {c.where}"
                " ORDER BY score DESC, d.date DESC, d.article_id DESC LIMIT ? OFFSET ?",
                [c.rank_match, *wparams, *c.params, limit, offset],
            ).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]

    def _hits(self, conn: sqlite3.Connection, c: Compiled, ranked: list[tuple[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        ids = [a for a, _ in ranked]
        marks = ",".join("?" * len(ids))
        meta = {
            int(r[0]): r[1:]
            for r in conn.execute(
                f"SELECT article_id, paper, date, page FROM docs WHERE article_id IN ({marks})", ids
            )
        }
        patterns = highlight_patterns(c.positive)
        lib = self._library()
        hits = []
        for article_id, score in ranked:
            art = lib.article(article_id)
            paper, date, page = meta.get(article_id, (None, 0, None))
            if art is None:  # deleted from the library since the last sync
                continue
            body_spans = find_spans(art.body, patterns, "body")
            snippet, snippet_hits = make_snippet(art.body, body_spans)
            hits.append(
                Hit(
                    article_id,
                    paper,
                    _iso(int(date or 0)),
                    page,
                    art.title,
                    snippet,
                    snippet_hits,
                    score,
                    find_spans(art.title or "", patterns, "title"),
                )
            )
        return hits

    def hit_offsets(self, article_id: int, query: str) -> dict[str, list[Span]]:
        """Every hit of ``query``'s positive strings in an article (see ``article_hit_offsets``)."""
        try:
            art = self._library().article(article_id)
        except sqlite3.Error:
            art = None
        return article_hit_offsets(art, query)

    def papers(self) -> list[str]:
        """Names of the papers in the index (for a filter widget)."""
        return [
            r[0]
            for r in self._conn().execute(
                "SELECT DISTINCT paper FROM docs WHERE paper IS NOT NULL ORDER BY 1"
            )
        ]


def _facets(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    papers: dict[str, int] = {}
    years: dict[str, int] = {}
    for paper, year, n in rows:
        key = paper or UNKNOWN
        papers[key] = papers.get(key, 0) + int(n)
        ykey = str(int(year)) if year else UNKNOWN
        years[ykey] = years.get(ykey, 0) + int(n)
    return {
        "paper": dict(sorted(papers.items(), key=lambda kv: (-kv[1], kv[0]))),
        "year": dict(sorted(years.items())),
    }
