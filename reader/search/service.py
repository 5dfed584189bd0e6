"""SearchService: the search API the desktop and the CLI use (plain data, no Qt).

Thread-safety: every method may be called from any thread; each thread gets its own SQLite connections
(index and library). Searches (``search``, ``hit_offsets``, ``facets``) run concurrently with each other and
with one writer (``sync``/``rebuild``), which SQLite serialises between threads and processes; a search
sees the index as of the last committed batch. ``close`` closes the calling thread's connections and
marks the service closed; call it once all other threads are done.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from reader.library.db import write_problem
from reader.library.store import Library
from reader.paths import cache_dir
from reader.progress import Progress
from reader.search import words as word_table
from reader.search.compile import (
    ALL_DOCIDS,
    BM25_GRAMS,
    WORD_WEIGHT,
    Compiled,
    compile_query,
    highlight_patterns,
)
from reader.search.fold import fold_table, prepare_many
from reader.search.halves import Halves
from reader.search.highlight import Span, article_hit_offsets, find_spans
from reader.search.index import (
    ARTICLE,
    CODE_BITS,
    CODE_SHIFT,
    PAPER_CODES,
    IndexWriter,
    SearchIndexError,
    SyncReport,
    _remove,
    day_date,
    docid_date,
    docid_paper,
    has_filters_index,
    index_path,
    open_index,
    write_transaction,
)
from reader.search.query import (
    DateRange,
    Filter,
    Node,
    QueryError,
    kind_value,
    parse_date_range,
    parse_query,
)
from reader.search.rank import (
    DocRow,
    Fallback,
    Lengths,
    Memo,
    WordParts,
    both_strings,
    filters,
    fts_stats,
    order,
    query_words,
    rank_page,
    words_part,
)

log = logging.getLogger(__name__)

READ_BATCH = 32  # texts read at a time when the full path needs words' counts
FLOOR_SLACK = 1e-9  # relative: the full path's floor is lowered by this, so that rounding never drops a row

SORTS = ("relevance", "newest", "oldest")
SNIPPET_CHARS = 100
MAX_LIMIT = 1000
# Documents whose text a ranking may read to prove a page the impact lists could not (about 0.1 ms each):
# past it, the lists' own page is shown, its hits scored exactly but the page not proven the true top.
# Without this bound a string in most documents (记者 in 150,000 of a 30,000-page archive) read them all:
# 20 seconds for a first page.
TEXT_BUDGET = 2000


@dataclass(frozen=True)
class Hit:
    """One document found (an article, or a block such as an advert): where it is, a title, a marked snippet.

    For a block, ``article_id`` is None and ``block_id``, ``page_id`` and ``spans`` (the block's place in
    the page's original text) say where to open it; ``kind`` names it ("article", "advert", "caption", ...).
    """

    article_id: int | None
    paper: str | None
    date: str | None  # ISO date, None when unknown
    page: str | None
    title: str | None
    snippet: str
    snippet_hits: list[Span]
    score: float
    title_hits: list[Span] = field(default_factory=list)
    kind: str = ARTICLE
    block_id: int | None = None
    page_id: int | None = None
    spans: list[Span] = field(default_factory=list)

    @property
    def is_article(self) -> bool:
        return self.kind == ARTICLE

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "article_id": self.article_id,
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "page_id": self.page_id,
            "title": self.title,
            "snippet": self.snippet,
            "snippet_hits": [list(s) for s in self.snippet_hits],
            "score": round(self.score, 4),
        }
        if not self.is_article:
            data["block_id"] = self.block_id
            data["spans"] = [list(s) for s in self.spans]
        return data


Facets = dict[str, dict[Any, int]]


def _empty_facets() -> Facets:
    return {"paper": {}, "year": {}, "kind": {}}


@dataclass
class SearchResult:
    """A page of hits, the exact total, facet counts and a message when the query is bad.

    ``facets``: counts per "paper" (name; None when unknown), "year" (int; None when unknown) and "kind"
    ("article", "advert", ...), over all hits.
    """

    total: int
    hits: list[Hit]
    facets: Facets = field(default_factory=_empty_facets)
    error: str | None = None
    seconds: float = 0.0
    # False: the page is the best of the impact lists' candidates, each scored exactly, but not proven to be
    # the true top (proving it would have read more than TEXT_BUDGET documents' text).
    exact: bool = True

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": {
                name: [{"value": value, "count": n} for value, n in counts.items()]
                for name, counts in self.facets.items()
            },
        }
        if not self.exact:
            data["exact"] = False
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


@dataclass
class WordsAhead:
    """What the full path knows of the words' part of a score before the strings' rows come."""

    words: list[Any]
    outside: float  # the most it can be for a document in no word's list
    part: WordParts | None  # from the words' lists: exact, or the most it can be (None: no lists)
    pending: dict[int, float]  # listed documents not seen yet in the rows -> the most their part can be

    def reach(self) -> float:
        """The most the words can add to any document's strings' score."""
        return max(self.outside, max(self.pending.values(), default=0.0))


class SearchService:
    """Search over one library folder: keeps its index in step (``sync``) and answers queries."""

    def __init__(self, library_dir: str | Path) -> None:
        self.library_dir = Path(library_dir).expanduser()
        self.path = index_path(self.library_dir)
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self.created = False  # whether opening found no usable index (it was created empty)
        self.cache = cache_dir(self.library_dir)
        self.paths: Counter[str] = Counter()  # how ranked pages were found: "lists" or "all matches"
        self.filters_index = False  # whether the index has its filters' index (read-only old ones may not)
        fold_table(self.cache)  # the kept copy (2 ms), not the 0.2-0.4 s of building it from OpenCC
        word_table.configure(self.cache)  # the query's jieba words come from a table there, not from jieba
        self._conn()  # create or repair the index now, so every later open is cheap

    def warm_up(self) -> None:
        """Load what the first search needs (fold table, the word table); call it off the GUI thread."""
        fold_table(self.cache)
        word_table.lcut("检索")
        prepare_many()  # numpy, for folding the text of many candidates

    # -- connections --------------------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._open_lock:  # one thread at a time may repair or create the file
                conn, created = open_index(self.path)
                self.created = self.created or created
            self._local.conn = conn
            self.filters_index = has_filters_index(conn)
        return conn

    def _library(self) -> Library:
        lib = getattr(self._local, "library", None)
        if lib is None:
            lib = self._local.library = Library(self.library_dir)
        return lib

    def _halves(self) -> Halves:
        halves = getattr(self._local, "halves", None)
        if halves is None:
            halves = self._local.halves = Halves(self.path)
        return halves

    def _forget_connection(self) -> None:
        """Close the calling thread's index connection (the next use opens the file again)."""
        halves = getattr(self._local, "halves", None)
        if halves is not None:
            halves.close()
            self._local.halves = None
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
        writer = IndexWriter(self._conn(), self.cache)
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
                        IndexWriter(conn).clear()
                report = IndexWriter(self._conn(), self.cache).sync(lib, progress, cancel)
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
        kind: str | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
        count: bool = True,
    ) -> SearchResult:
        """Documents matching ``query`` and the filters. Never raises: problems come back in ``error``.

        ``kind``: "article", "block" or a block kind (as the query's ``kind:``). ``count`` False skips the
        exact total and the facets (``total`` is then -1): the quickest way to a first page; ask
        ``count(query, ...)`` for them afterwards.
        """
        started = time.perf_counter()
        try:
            result = self._search(query, paper, date_from, date_to, page, kind, sort, limit, offset, facets, count)
        except QueryError as exc:
            result = SearchResult(0, [], error=str(exc))
        except sqlite3.OperationalError as exc:
            log.warning("search failed: %s", exc)
            result = SearchResult(0, [], error=f"the search failed: {exc}")
        except (sqlite3.DatabaseError, SearchIndexError) as exc:
            log.warning("search index unusable: %s", exc)
            result = SearchResult(0, [], error="the search index is damaged: run 'newsreader reindex'")
        except Exception as exc:  # never let a search bring down the caller
            log.exception("search failed")
            result = SearchResult(0, [], error=f"the search failed: {exc}")
        result.seconds = time.perf_counter() - started
        return result

    @staticmethod
    def _extra(
        paper: str | None,
        date_from: dt.date | str | None,
        date_to: dt.date | str | None,
        page: str | None,
        kind: str | None,
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
        if kind:
            extra.append(Filter("kind", kind_value(kind)))
        return extra

    def _search(
        self,
        query: str,
        paper: str | None,
        date_from: dt.date | str | None,
        date_to: dt.date | str | None,
        page: str | None,
        kind: str | None,
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
        compiled = compile_query(parse_query(query), self._extra(paper, date_from, date_to, page, kind))
        conn = self._conn()
        # One read transaction: every statement sees the same snapshot, also while a sync commits (the
        # statistics, counts and candidates of a ranking must agree).
        conn.execute("BEGIN")
        try:
            dead = conn.execute("SELECT EXISTS (SELECT 1 FROM dead)").fetchone()[0] == 1
            ranked, exact = self._page(conn, compiled, sort, limit, offset, dead)
            if not want_count:
                return SearchResult(-1, self._hits(conn, compiled, ranked), exact=exact)
            total, facet = self._count(conn, compiled, dead, want_facets)
            return SearchResult(total, self._hits(conn, compiled, ranked), facet, exact=exact)
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    def count(self, query: str, **filters: Any) -> SearchResult:
        """Total and facets only (no hits): the interface's timeline."""
        return self.search(query, limit=0, **filters)

    # -- the SQL of a query -------------------------------------------------------------------------------

    def _core_from(
        self, c: Compiled, dead: bool, order: str = "", lo: int | None = None, hi: int | None = None
    ) -> tuple[str, list[object]]:
        """FROM/WHERE of the core query: fts matches in the docid range (the query's, or ``lo..hi`` within
        it), the other filters, live rows only.

        The matching docid is ``r.id``; ``docs d`` is joined when a filter needs its columns.
        """
        assert c.core is not None
        rest = c.rest("r.rowid")
        # SQLite takes the rowid for this lookup; the filters' index holds every column a filter reads
        indexed = " INDEXED BY docs_filters" if self.filters_index else ""
        join = f" CROSS JOIN docs d{indexed} ON d.docid = r.rowid" if c.rest_needs_docs else ""
        alive = " AND r.rowid NOT IN (SELECT docid FROM dead)" if dead and not c.rest_needs_docs else ""
        sql = (
            f" FROM fts r{join} WHERE fts MATCH ? AND r.rowid BETWEEN ? AND ? AND {rest}{alive}{order}"
        )
        return sql, [c.core, c.lo if lo is None else lo, c.hi if hi is None else hi, *c.rest_params]

    def _page(
        self, conn: sqlite3.Connection, c: Compiled, sort: str, limit: int, offset: int, dead: bool
    ) -> tuple[list[tuple[int, float]], bool]:
        """(docid, score) of the requested page of hits, best first (or newest/oldest first), and whether
        the page is proven to be the true top."""
        if limit == 0:
            return [], True
        if sort != "relevance" or c.rank_match is None:
            order = "ASC" if sort == "oldest" else "DESC"
            if c.core is not None:
                sql, params = self._core_from(c, dead, f" ORDER BY r.rowid {order}")
                rows = conn.execute(f"SELECT r.rowid{sql} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
            else:
                rows = conn.execute(
                    f"SELECT d.docid FROM docs d WHERE {c.where} ORDER BY d.docid {order} LIMIT ? OFFSET ?",
                    [*c.params, limit, offset],
                ).fetchall()
            return [(int(r[0]), 0.0) for r in rows], True
        unproven: list[Fallback] = []
        memo = Memo(self._library().index_texts)  # both paths meet many of the same documents
        fast = rank_page(conn, c, limit, offset, memo, lambda m: self._match_count(conn, m), unproven,
                         lambda ms: self._count_matches(conn, ms))
        if fast is not None:
            self.paths["lists"] += 1
            return fast, True
        both = self._both(conn, c, limit, offset, dead, memo)
        if both is not None:
            self.paths["both strings"] += 1
            return both, True
        full = self._ranked(conn, c, limit, offset, dead, memo, TEXT_BUDGET if unproven else None)
        if full is None:  # proving would read too many texts: the lists' best, each scored exactly
            page = unproven[0]()
            if page is not None:
                self.paths["lists, unproven"] += 1
                return page, False
            full = self._ranked(conn, c, limit, offset, dead, memo)
            assert full is not None  # no budget, no giving up
        self.paths["all matches"] += 1
        return full, True

    def _both(
        self, conn: sqlite3.Connection, c: Compiled, limit: int, offset: int, dead: bool, memo: Memo
    ) -> list[tuple[int, float]] | None:
        """The page of a query "A OR B" from the matches of both strings, when it ends above the most a
        document with one of them can score (``rank.both_strings``); else None."""
        stats = fts_stats(conn)
        if stats is None:
            return None
        found = both_strings(conn, c, stats, lambda m: self._match_count(conn, m), query_words(conn, c, stats))
        if found is None:
            return None
        both, most = found
        page = self._ranked(conn, both, limit, offset, dead, memo)
        return page if page is not None and len(page) == limit and page[-1][1] > most else None

    def _counts(self, conn: sqlite3.Connection) -> dict[str, int]:
        """The match counts kept for the index as this connection sees it (emptied when it changes)."""
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        cache: dict[str, int] | None = getattr(self._local, "counts", None)
        if cache is None or getattr(self._local, "counts_version", None) != version or len(cache) > 4096:
            cache = self._local.counts = {}
            self._local.counts_version = version
        return cache

    def _match_count(self, conn: sqlite3.Connection, match: str) -> int:
        """fts rows a MATCH finds (what bm25 takes for a string's document count), kept until the index changes."""
        cache = self._counts(conn)
        n = cache.get(match)
        if n is None:
            n = cache[match] = int(conn.execute("SELECT COUNT(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0])
        return n

    def _count_matches(self, conn: sqlite3.Connection, matches: list[str]) -> None:
        """Count the MATCHes not counted yet (the strings' idf) in two halves at once, on a big index.

        A ranking from the lists needs them all, and one at a time they take 10 to 30 ms of a query's first
        run at 30,000 pages (记者 alone is in 150,000 documents). Each is counted in both halves, so that
        the two take as long however many there are.
        """
        cache = self._counts(conn)
        todo = sorted(set(matches) - cache.keys())
        lo, hi = ALL_DOCIDS
        mid = self._halves().middle(conn, lo, hi) if todo else None
        if mid is None:
            return  # counted one by one when needed

        def part(cn: sqlite3.Connection, first: int, last: int) -> list[int]:
            sql = "SELECT COUNT(*) FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?"
            return [int(cn.execute(sql, (m, first, last)).fetchone()[0]) for m in todo]

        with self._halves().both(conn, lo, mid, hi, part) as (low, high):
            cache.update(zip(todo, map(sum, zip(low, high, strict=True)), strict=True))

    def _ranked(
        self,
        conn: sqlite3.Connection,
        c: Compiled,
        limit: int,
        offset: int,
        dead: bool,
        memo: Memo,
        budget: int | None = None,
    ) -> list[tuple[int, float]] | None:
        """The exact top hits by relevance, scoring every match: FTS5's bm25 of the strings for all, then
        the words' part, read from the text, only for documents that can reach the page.

        The documents in the words' impact lists get their words' part first (they are few); any other
        document's is at most ``outside``. Rows then come in order of the strings' score: a row whose
        strings' score plus ``outside`` is below the page's last total cannot enter it, and once that holds
        for the next row and every listed document still unseen, no later row can.
        """
        stats = fts_stats(conn)
        words = query_words(conn, c, stats) if stats is not None else []
        want = offset + limit
        part = WordParts(conn, words, stats, memo) if stats is not None and any(w.lists for w in words) else None
        ahead = WordsAhead(words, sum(WORD_WEIGHT * w.idf * w.outside for w in words), part,
                           self._listed_bounds(conn, c, stats, part, memo))
        # The lists' attempt scored some matches exactly: the best of them start the page. A document whose
        # strings' score is below the page's last seed by more than its words can add never reaches the
        # page, so FTS5 hands over (and sorts) only the rows above that: 590 of the 17,487 matches of
        # 记者 乡村振兴 文明 (bm25 still scores every match).
        seeds = sorted(memo.scores.items(), key=order)[:want]
        floor = None
        if len(seeds) == want:
            floor = seeds[-1][1] - ahead.reach() - FLOOR_SLACK * max(1.0, abs(seeds[-1][1]))
        with ExitStack() as open_halves:
            rows = self._by_strings(conn, c, dead, open_halves, floor)
            if not words or stats is None:
                return [(int(r[0]), float(r[1])) for r in islice(rows, want)][offset:]
            return self._with_words(conn, stats, ahead, rows, want, offset, memo, budget, seeds)

    def _by_strings(
        self, conn: sqlite3.Connection, c: Compiled, dead: bool, stack: ExitStack, floor: float | None = None
    ) -> Iterator[tuple[int, float]]:
        """Every hit as (docid, FTS5's bm25 of the strings), best first (at equal score as ``order``); with
        ``floor``, only those whose strings score at least that (when the query has strings of its own).

        A big index is scored in two halves at once, their rows merged; ``stack`` keeps the halves' read
        transactions open while the rows are read.
        """
        tie = " ORDER BY g DESC, {0} % 2, {0} DESC"
        if c.core is None:  # e.g. "a OR date:2020": some hits match no positive string and score 0
            return iter(conn.execute(
                f"WITH r AS MATERIALIZED (SELECT rowid AS id, -{BM25_GRAMS} AS s FROM fts WHERE fts MATCH ?)"
                f" SELECT d.docid AS id, COALESCE(r.s, 0) AS g FROM docs d LEFT JOIN r ON r.id = d.docid"
                f" WHERE {c.where}{tie.format('d.docid')}",
                [c.rank_match, *c.params],
            ))

        def part(cn: sqlite3.Connection, lo: int, hi: int) -> sqlite3.Cursor:
            sql, params = self._core_from(c, dead, lo=lo, hi=hi)
            # execute() runs the statement's first step: here all the scoring and the sort
            scored = f"SELECT r.rowid AS id, -{BM25_GRAMS} AS g{sql}"
            if floor is None:
                return cn.execute(f"{scored}{tie.format('r.rowid')}", params)
            return cn.execute(f"SELECT id, g FROM ({scored}) WHERE g >= ?{tie.format('id')}", [*params, floor])

        mid = self._halves().middle(conn, c.lo, c.hi)
        if mid is None:
            return iter(part(conn, c.lo, c.hi))
        low, high = stack.enter_context(self._halves().both(conn, c.lo, mid, c.hi, part))
        stack.callback(low.close)  # before the helper's transaction ends
        stack.callback(high.close)
        return heapq.merge(low, high, key=lambda r: (-r[1], r[0] % 2, -r[0]))

    def _with_words(
        self,
        conn: sqlite3.Connection,
        stats: Any,
        ahead: WordsAhead,
        rows: Iterator[tuple[int, float]],
        want: int,
        offset: int,
        memo: Memo,
        budget: int | None,
        best: list[tuple[int, float]],
    ) -> list[tuple[int, float]] | None:
        """The top hits when the query's jieba words add to the strings' score (see ``_ranked``); ``best``
        starts as the lists' best exact scores."""
        words, outside, word_part, pending = ahead.words, ahead.outside, ahead.part, ahead.pending
        highest = [(-part, docid) for docid, part in pending.items()]
        heapq.heapify(highest)
        scored = memo.scores
        reads = 0  # documents whose text was read
        while True:
            chunk = list(islice(rows, max(256, want)))
            if not chunk:
                break
            theta = best[-1][1] if len(best) == want else None
            others: dict[int, float] = {}
            for row in chunk:
                docid, g = int(row[0]), float(row[1])
                most = pending.pop(docid, outside)
                if docid in scored:  # already on the page, or it could not be
                    continue
                if theta is None or g + most >= theta:
                    others[docid] = g
            if others:
                unread: list[tuple[float, DocRow]] = []
                docs = memo.rows_of_hits(conn, list(others))
                if word_part is None:
                    parts, exact = [outside] * len(docs), [False] * len(docs)
                else:
                    found = word_part([d[0] for d in docs], Lengths([d[3] for d in docs], stats))
                    parts, exact = found[0].tolist(), found[1].tolist()
                for doc, part, known in zip(docs, parts, exact, strict=True):
                    if known:
                        best.append((doc[0], others[doc[0]] + part))
                    elif theta is None or others[doc[0]] + part >= theta:
                        unread.append((others[doc[0]] + part, doc))
                best.sort(key=order)
                del best[want:]
                # Highest bound first, a few at a time: the page fills with the likeliest hits, and the rest of
                # the chunk is read only while its bounds can still reach the page.
                unread.sort(key=lambda e: -e[0])
                while unread:
                    if len(best) == want and unread[0][0] < best[-1][1]:
                        break
                    batch = [doc for _, doc in unread[:READ_BATCH]]
                    del unread[:READ_BATCH]
                    fields = memo.fields(batch)
                    for docid, _kind, _item, length, wb in batch:
                        if docid in fields:
                            best.append((docid, others[docid] + words_part(fields[docid], wb, length, words, stats)))
                    reads += len(batch)
                    if budget is not None and reads > budget:
                        return None  # the caller has a page of the likeliest candidates
                    best.sort(key=order)
                    del best[want:]
            best.sort(key=order)
            del best[want:]
            while highest and highest[0][1] not in pending:
                heapq.heappop(highest)
            reach = max(outside, -highest[0][0] if highest else 0.0)
            if len(best) == want and float(chunk[-1][1]) + reach < best[-1][1]:
                break  # every later row has at most the last row's strings' score
        return best[offset:]

    def _listed_bounds(
        self, conn: sqlite3.Connection, c: Compiled, stats: Any, word_part: WordParts | None, memo: Memo
    ) -> dict[int, float]:
        """docid -> the most the words' part can be, for the documents in the words' impact lists that meet
        the filters: from their keys, not their text (whether they match is seen when they come as rows)."""
        if word_part is None:
            return {}
        lists = sorted({tok for w in word_part.words for tok in w.lists})
        marks = ",".join("?" * len(lists))
        ids = [int(r[0]) for r in conn.execute(f"SELECT DISTINCT docid FROM imp WHERE tok IN ({marks})", lists)]
        docs = memo.rows(conn, ids, *filters(c))
        ids = [d[0] for d in docs]
        return dict(zip(ids, word_part(ids, Lengths([d[3] for d in docs], stats))[0].tolist(), strict=True))

    def _count(
        self, conn: sqlite3.Connection, c: Compiled, dead: bool, want_facets: bool
    ) -> tuple[int, Facets]:
        """The exact total and the counts per paper, year and kind of every hit.

        Day, paper code and article-or-block are in each docid, and FTS5 gives the hits in docid order:
        SQLite counts them per (day, code), blocks apart, and Python sums the few groups into papers and
        years. Grouping in SQL returns a row per paper and day instead of one per hit: about half the time
        (measured on 186,000 hits). A big index is counted in two halves at once.
        """
        mid = None
        if c.core is not None:
            mid = self._halves().middle(conn, c.lo, c.hi)

        def part(cn: sqlite3.Connection, lo: int, hi: int) -> tuple[int, list[Any], list[Any]]:
            return self._count_part(cn, c, dead, want_facets, lo, hi)

        if mid is None:
            parts = [part(conn, c.lo, c.hi)]
        else:
            with self._halves().both(conn, c.lo, mid, c.hi, part) as (low, high):
                parts = [low, high]
        total = sum(p[0] for p in parts)
        if not want_facets:
            return total, _empty_facets()
        names = self._paper_names(conn)
        papers: Counter[str | None] = Counter()
        years: Counter[int | None] = Counter()
        days: dict[int, int | None] = {}
        articles = blocks = 0
        for k, n, in_blocks in (row for p in parts for row in p[1]):
            code, day = k & (PAPER_CODES - 1), k >> CODE_BITS
            papers[names.get(code)] += n
            if day not in days:
                days[day] = day_date(day) // 10000 or None
            years[days[day]] += n
            blocks += in_blocks
            articles += n - in_blocks
        kinds: dict[str, int] = {ARTICLE: articles} if articles else {}
        block_kinds: Counter[str] = Counter()
        for kind, n in (row for p in parts for row in p[2]):
            block_kinds[str(kind)] += int(n)
        kinds.update(sorted(block_kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        return total, {
            "paper": dict(sorted(papers.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or ""))),
            "year": dict(sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
            "kind": kinds,
        }

    def _count_part(
        self, conn: sqlite3.Connection, c: Compiled, dead: bool, want_facets: bool, lo: int, hi: int
    ) -> tuple[int, list[Any], list[Any]]:
        """(hits, [(day and code, hits, block hits)], [(block kind, hits)]) of the hits in ``lo..hi``."""
        if c.core is not None:
            sql, params = self._core_from(c, dead, lo=lo, hi=hi)
            ident = "r.rowid"
        else:
            sql, params = f" FROM docs d WHERE {c.where}", list(c.params)
            ident = "d.docid"
        if not want_facets:
            return int(conn.execute(f"SELECT COUNT(*){sql}", params).fetchone()[0]), [], []
        rows = conn.execute(
            f"SELECT {ident} >> {CODE_SHIFT}, COUNT(*), SUM({ident} & 1){sql} GROUP BY 1", params
        ).fetchall()
        kind_rows: list[Any] = []
        if any(b for _k, _n, b in rows):  # the kind of a block is in docs: read only for the (few) block hits
            if c.core is not None:
                kind_rows = conn.execute(
                    f"SELECT k.kind, COUNT(*) FROM (SELECT r.rowid AS id{sql} AND r.rowid & 1) m"
                    " JOIN docs k ON k.docid = m.id GROUP BY 1",
                    params,
                ).fetchall()
            else:
                kind_rows = conn.execute(
                    f"SELECT d.kind, COUNT(*) FROM docs d WHERE ({c.where}) AND d.docid & 1 GROUP BY 1", c.params
                ).fetchall()
        return sum(int(n) for _k, n, _b in rows), rows, kind_rows

    def _paper_names(self, conn: sqlite3.Connection) -> dict[int, str]:
        return {int(code): str(name) for code, name in conn.execute("SELECT code, name FROM papers")}

    # -- hits ---------------------------------------------------------------------------------------------

    def _hits(self, conn: sqlite3.Connection, c: Compiled, ranked: list[tuple[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        ids = [a for a, _ in ranked]
        marks = ",".join("?" * len(ids))
        meta = {
            int(r[0]): r[1:]
            for r in conn.execute(f"SELECT docid, kind, item_id, page_id, page FROM docs WHERE docid IN ({marks})", ids)
        }
        names = self._paper_names(conn)
        patterns = highlight_patterns(c.positive)
        lib = self._library()
        hits = []
        for docid, score in ranked:
            if docid not in meta:
                continue
            kind, item_id, page_id, page = meta[docid]
            paper, date = names.get(docid_paper(docid)), _iso(docid_date(docid))
            if kind == ARTICLE:
                art = lib.article(item_id)
                if art is None:  # deleted from the library since the last sync
                    continue
                snippet, snippet_hits = make_snippet(art.body, find_spans(art.body, patterns, "body"))
                hits.append(
                    Hit(item_id, paper, date, page, art.title, snippet, snippet_hits, score,
                        find_spans(art.title or "", patterns, "title"), ARTICLE, None, page_id)
                )
            else:
                block = lib.block(item_id)
                if block is None:
                    continue
                snippet, snippet_hits = make_snippet(block.text, find_spans(block.text, patterns, "body"))
                hits.append(
                    Hit(None, paper, date, page, None, snippet, snippet_hits, score, [], kind, item_id, page_id,
                        list(block.spans))
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
        return [r[0] for r in self._conn().execute("SELECT DISTINCT name FROM papers ORDER BY 1")]
