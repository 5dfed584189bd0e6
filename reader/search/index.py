"""The search index: an SQLite FTS5 database next to the library, kept in step with it by ``sync``.

Layout of ``<library>/search/index.sqlite3``:

- ``meta``: the index version (schema + fold recipe; another version, or a file that is not a usable
  database, is deleted and rebuilt from the library), the count of dead fts rows, and the point of the
  library's change log (``Library.index_log_mark``) the index has caught up with.
- ``pages``: page id -> the library's index key of that page (see ``Library.index_keys``) as indexed. This is
  the sync state: it is written in the same transaction as the page's documents, so an interrupted sync
  leaves every page either fully indexed with its key or not recorded, and the next sync finishes the job.
- ``docs``: one row per live document: an article, or a block (advert, caption, masthead, ...), so that
  every character of a page can be found. Its ``docid`` (see ``make_docid``) is ordered by date, then
  paper: a date range is a range of docids that FTS5 seeks to, newest/oldest is docid order, and the paper
  and article-or-block are read from the docid itself without touching this table. Docids are packed
  (day number, paper code, sequence) so that consecutive documents of a term differ little: FTS5 stores
  each posting's docid as a varint of that difference, and sparser numbers made the table 20% bigger.
- ``papers``: paper code (in docids) -> name and folded name (a paper gets another code when one day's
  numbers of its code run out); ``seqs``: the last number given out per (day, code), so that a docid is
  never reused.
- ``fts``: a contentless FTS5 table (no text stored; the text stays in the library) with the gram and
  word columns of ``reader.search.analysis``. Rows of removed documents are left in it (a contentless table
  cannot delete without the old text); their docids are listed in ``dead`` and never given out again, and
  past half the live rows, sync rebuilds the index.

One writer at a time: writes are ``BEGIN IMMEDIATE`` transactions (SQLite's lock, with a busy timeout);
searches read a WAL snapshot and keep working while a sync writes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.library.db import LibraryError, enable_wal, write_problem
from reader.library.db import transaction as write_transaction  # one transaction helper for both files
from reader.progress import Progress
from reader.search import impact
from reader.search.analysis import (
    gram_tokens,
    init_jieba,
    segment_words,
    unigram_tokens,
    word_token,
)
from reader.search.fold import FOLD_VERSION, fold, fold_table

if TYPE_CHECKING:
    from concurrent.futures import Future

    from reader.library.store import Library

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6
INDEX_VERSION = f"{SCHEMA_VERSION}.{FOLD_VERSION}"
INDEX_DIR = "search"
INDEX_FILE = "index.sqlite3"
BUSY_TIMEOUT_S = 30.0
BATCH_PAGES = 32
HOLD_PAGES = 256  # a sync of this many pages keeps the impact lists in memory until its end (impact.hold)
POOL_MIN_PAGES = 200  # fewer pages are tokenised in this thread: starting workers costs about 2 s

GRAM_COLUMNS = ("title", "sub", "byline", "body")
UNI_COLUMNS = ("title1", "sub1", "byline1", "body1")
FTS_COLUMNS = (*GRAM_COLUMNS, *UNI_COLUMNS)

ARTICLE = "article"
# docid = day << DAY_SHIFT | paper code << CODE_SHIFT | n << 1 | (1 for a block), with day the date's
# proleptic ordinal (0 when unknown) and n numbering the documents of that day and code.
DAY_SHIFT = 24
CODE_SHIFT = 14
CODE_BITS = DAY_SHIFT - CODE_SHIFT
PAPER_CODES = 1 << CODE_BITS
SEQ_LIMIT = 1 << (CODE_SHIFT - 1)

# The columns of the page, section and kind filters beside each docid: a filtered search looks every match
# up here (8.6 MB at 30,000 pages) rather than in the rows of docs (39 MB, with the word starts), a third
# quicker (42 against 62 ms for page:2 over the 150,000 matches of 记者).
FILTERS_INDEX = "CREATE INDEX docs_filters ON docs(docid, page, section_key, kind)"

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE pages (page_id INTEGER PRIMARY KEY, key TEXT NOT NULL)",
    """CREATE TABLE docs (
        docid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        item_id INTEGER NOT NULL,
        page_id INTEGER NOT NULL,
        page TEXT,
        section_key TEXT NOT NULL,
        len INTEGER NOT NULL,
        wb BLOB NOT NULL
    )""",
    "CREATE INDEX docs_page ON docs(page_id)",
    FILTERS_INDEX,
    "CREATE TABLE papers (code INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL)",
    "CREATE INDEX papers_name ON papers(name)",
    "CREATE TABLE seqs (prefix INTEGER PRIMARY KEY, last INTEGER NOT NULL)",
    "CREATE TABLE dead (docid INTEGER PRIMARY KEY)",
    # How many documents ever indexed (as FTS5 counts rows: replaced ones too) hold each jieba word.
    "CREATE TABLE wdf (token TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
    f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(FTS_COLUMNS)}, content='',"
    " tokenize='unicode61 remove_diacritics 0')",
    *impact.SCHEMA,
)

_TABLES = frozenset({"meta", "pages", "docs", "papers", "seqs", "dead", "wdf", "fts", *impact.TABLES})

# The impact lists' minimums a batch was tokenised with and their generation; None: lists were not kept.
Snapshot = tuple[dict[str, int], int] | None


class SearchIndexError(LibraryError):
    """The search index cannot be used (and could not be rebuilt); a problem the user can act on, like the library's."""


@dataclass
class SyncReport:
    """What a sync did."""

    indexed_pages: int = 0
    removed_pages: int = 0
    articles: int = 0
    blocks: int = 0
    rebuilt: bool = False
    cancelled: bool = False
    checked_pages: int = 0  # pages whose keys were compared (all of them without a usable change log)
    seconds: float = 0.0
    check_seconds: float = 0.0  # finding what changed
    prepare_seconds: float = 0.0  # reading documents and tokenising them (waiting for the workers)
    write_seconds: float = 0.0  # writing the index (documents, fts rows, impact lists), commits included


def date_number(iso: str | None) -> int:
    """yyyymmdd of an ISO date, 0 when unknown."""
    if not iso:
        return 0
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return 0
    return day.year * 10000 + day.month * 100 + day.day


def day_number(date: int) -> int:
    """The day of a yyyymmdd date as a proleptic ordinal (0 for an unknown date)."""
    if not date:
        return 0
    return dt.date(date // 10000, date // 100 % 100, date % 100).toordinal()


def day_date(day: int) -> int:
    """yyyymmdd of a day number (0 for 0)."""
    if not day:
        return 0
    d = dt.date.fromordinal(day)
    return d.year * 10000 + d.month * 100 + d.day


def make_docid(day: int, paper_code: int, n: int, block: bool) -> int:
    return day << DAY_SHIFT | paper_code << CODE_SHIFT | n << 1 | int(block)


def docid_day(docid: int) -> int:
    return docid >> DAY_SHIFT


def docid_date(docid: int) -> int:
    """yyyymmdd of a document (0 when unknown)."""
    return day_date(docid >> DAY_SHIFT)


def docid_paper(docid: int) -> int:
    return docid >> CODE_SHIFT & (PAPER_CODES - 1)


def docid_is_block(docid: int) -> bool:
    return docid & 1 == 1


def _bound_day(date: int, end: bool) -> int:
    """The day number of a yyyymmdd bound of a range (clamped to what dates can be)."""
    date = min(max(date, 10101), 99991231)
    year, month, day = date // 10000, date // 100 % 100, date % 100
    try:
        return dt.date(year, month, day).toordinal()
    except ValueError:  # e.g. 2020-02-31 from a month's last day: the month's real last day
        return dt.date(year, month, 28).toordinal() + (3 if end else 0)


def date_bounds(start: int, end: int) -> tuple[int, int]:
    """The docid range of documents dated ``start``..``end`` (yyyymmdd): unknown dates (0) are never in it."""
    first, last = _bound_day(start, False), _bound_day(end, True)
    return first << DAY_SHIFT, ((last + 1) << DAY_SHIFT) - 1


def index_path(library_dir: Path) -> Path:
    return Path(library_dir) / INDEX_DIR / INDEX_FILE


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    enable_wal(conn, BUSY_TIMEOUT_S)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def connect_reader(path: Path) -> sqlite3.Connection:
    """A read-only use of an index another connection opened (and set up): usable from another thread."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def open_index(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open the index at ``path``, recreating it when missing, damaged or of another version.

    Returns the connection and whether the index was (re)created empty.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SearchIndexError(f"cannot create the search index folder {path.parent}: {exc.strerror or exc}") from exc
    for attempt in range(2):
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path)
            tables = _tables(conn)
            if not tables:
                with write_transaction(conn):
                    # Read again under the write lock: another process may have created it meanwhile.
                    created = not _tables(conn)
                    if created:
                        for statement in _SCHEMA:
                            conn.execute(statement)
                        conn.execute(
                            "INSERT INTO meta VALUES ('version', ?), ('dead', '0'), ('live', '0')", (INDEX_VERSION,)
                        )
                        _tune(conn)
                if created:
                    return conn, True
                tables = _tables(conn)
            missing = sorted(_TABLES - tables)
            if missing:  # e.g. docs, which the probes below do not read: sync would fail on it every time
                raise sqlite3.DatabaseError(f"index tables missing: {', '.join(missing)}")
            row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != INDEX_VERSION:
                raise sqlite3.DatabaseError(
                    f"index version {row[0] if row else None}, expected {INDEX_VERSION}"
                )
            conn.execute("SELECT COUNT(*) FROM pages").fetchone()
            conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'u30' LIMIT 1").fetchall()
            _upgrade(conn)
            return conn, False
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            problem = write_problem(exc)
            if problem is not None:  # busy, read-only, disk full: the file is not at fault, deleting it loses it
                raise SearchIndexError(f"cannot open the search index {path}: {problem}") from exc
            if attempt:
                raise SearchIndexError(f"cannot create the search index {path}: {exc}") from exc
            log.warning("search index %s unusable (%s): rebuilding it", path, exc)
            _remove(path)
    raise AssertionError("unreachable")


def _upgrade(conn: sqlite3.Connection) -> None:
    """Bring an index of this version written by an older release up to date, keeping what it holds.

    Lists of different sizes (``impact.DEEP_FACTOR``) came later: every list before was 128 long. So did
    the filters' index (``FILTERS_INDEX``); an index that cannot gain it (read-only) is searched without it.
    """
    if "size" not in {r[1] for r in conn.execute("PRAGMA table_info(toks)")}:
        with write_transaction(conn):
            if "size" not in {r[1] for r in conn.execute("PRAGMA table_info(toks)")}:  # another process did
                conn.execute("ALTER TABLE toks ADD COLUMN size INTEGER NOT NULL DEFAULT 128")
    if not has_filters_index(conn):
        try:
            with write_transaction(conn):
                if not has_filters_index(conn):
                    conn.execute(FILTERS_INDEX)
        except sqlite3.Error as exc:
            if write_problem(exc) is None:
                raise
            # only a speed-up: searches then look the filters up in docs, as before it existed
            log.info("search index: cannot add the filters' index (%s)", write_problem(exc))


def has_filters_index(conn: sqlite3.Connection) -> bool:
    """Whether the index has ``FILTERS_INDEX`` (one of an older release on read-only media may not)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'docs_filters'").fetchone()
    return found is not None


def _tune(conn: sqlite3.Connection) -> None:
    """FTS5 merge settings (kept in the table's config): see ``IndexWriter.merge``.

    A sync commits one small segment per batch. FTS5's default crisis merge (16 segments on one level)
    merges a whole level inside the commit that crosses it, which is what made adding one issue to a big
    index slow now and then; the writer instead merges a bounded amount after each sync.
    """
    conn.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 8)")
    conn.execute("INSERT INTO fts(fts, rank) VALUES ('crisismerge', 64)")


def _tables(conn: sqlite3.Connection) -> set[str]:
    """The names of the tables in the database (none: a new, empty file)."""
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}


def read_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(conn: sqlite3.Connection, key: str, value: object) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, str(value)))


# -- documents and their tokens ------------------------------------------------------------------------


class DocSource(NamedTuple):
    """A document to index, as read from the library (plain data: it goes to tokenising workers)."""

    kind: str  # "article" or a block kind
    item_id: int  # article id or block id
    page_id: int
    paper: str | None
    date: int  # yyyymmdd, 0 unknown
    page: str | None
    section: str | None
    fields: tuple[str, str, str, str]  # title, kicker + subtitle, byline, body (as stored, not folded)


class Tokens(NamedTuple):
    """A document's fts column values, its length in tokens, its jieba words (as tokens), where its jieba
    tokens start (see ``segment_words``) and its entries for the impact lists."""

    columns: tuple[str, ...]
    length: int
    words: tuple[str, ...]
    word_starts: bytes
    impacts: list[impact.Impact]


def library_docs(library: Library, page_ids: Sequence[int]) -> list[DocSource]:
    """The articles and blocks of the given pages as documents to index."""
    docs = [
        DocSource(
            ARTICLE,
            a.id,
            a.page_id,
            a.paper,
            date_number(a.date),
            a.page_label,
            a.section,
            (a.title or "", "\n".join(x for x in (a.kicker, a.subtitle) if x), a.byline or "", a.body or ""),
        )
        for a in library.articles_for_index(page_ids)
    ]
    docs += [
        DocSource(b.kind, b.id, b.page_id, b.paper, date_number(b.date), b.page_label, None, ("", "", "", b.text))
        for b in library.blocks_for_index(page_ids)
    ]
    return docs


def joined_text(fields: Sequence[str]) -> str:
    """The folded text whose jieba words fill the words column: the four fields joined by newlines."""
    return "\n".join(fold(f) for f in fields)


def tokenize(doc: DocSource, floors: dict[str, int] | None = None) -> Tokens:
    """The document's tokens; with ``floors`` (the impact lists' minimums) its entries for those lists too."""
    folded = [fold(f) for f in doc.fields]
    grams = [gram_tokens(f) for f in folded]
    unis = [unigram_tokens(f) for f in folded]
    words, starts = segment_words("\n".join(folded))
    word_list = [word_token(w) for w in words]
    columns = (*grams, *unis)
    length = sum(c.count(" ") + 1 for c in columns if c)
    impacts = impact.doc_impacts(columns, word_list, length, floors) if floors is not None else []
    return Tokens(columns, length, tuple(word_list), starts, impacts)


def tokenize_all(docs: list[DocSource], floors: dict[str, int] | None) -> list[Tokens]:
    """Tokens of documents (run in worker processes)."""
    return [tokenize(d, floors) for d in docs]


def prepare_words(cache_dir: str | os.PathLike[str] | None) -> None:
    """Make jieba's words available to tokenising: the dictionary table in ``cache_dir`` (built once, about a
    second; then no jieba in the process), else jieba itself (its dictionary loads in about a second)."""
    from reader.search import words

    if cache_dir is not None:
        words.build_table(Path(cache_dir))
        words.configure(cache_dir)
    if not words.active():
        init_jieba(cache_dir)


# -- the writer -----------------------------------------------------------------------------------------


class IndexWriter:
    """Brings the index in step with a library: indexes new and changed pages, drops pages that are gone."""

    def __init__(self, conn: sqlite3.Connection, cache_dir: Path | None = None) -> None:
        self.conn = conn
        self.cache_dir = cache_dir
        self._impacts: impact.ImpactWriter | None = None

    @property
    def impacts(self) -> impact.ImpactWriter:
        if self._impacts is None:
            self._impacts = impact.ImpactWriter(self.conn)
        return self._impacts

    def _lists_lock(self) -> Path:
        """The lock file of a writer holding the impact lists (beside the index file)."""
        row = next((r for r in self.conn.execute("PRAGMA database_list") if r[1] == "main"), None)
        return Path(str(row[2]) if row and row[2] else INDEX_FILE).with_suffix(".lists-lock")

    def _hold_lists(self, pages: int) -> None:
        """Keep the impact lists in memory for the rest of a big sync (see ``impact.ImpactWriter.hold``)."""
        if pages >= HOLD_PAGES and self.impacts.held is None and impact.usable(self.conn):
            with write_transaction(self.conn):
                self.impacts.hold(self._lists_lock())

    def _flush_lists(self) -> None:
        if self._impacts is not None and self._impacts.held is not None:
            with write_transaction(self.conn):
                self._impacts.flush()

    def _snapshot(self) -> Snapshot:
        """What tokenisers need for the impact lists now (None while the index keeps none)."""
        return self.impacts.snapshot() if impact.collecting(self.conn) else None

    def indexed_keys(self, page_ids: Sequence[int] | None = None) -> dict[int, str]:
        if page_ids is None:
            return {int(p): k for p, k in self.conn.execute("SELECT page_id, key FROM pages")}
        found: dict[int, str] = {}
        for n in range(0, len(page_ids), 500):
            chunk = list(page_ids[n : n + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT page_id, key FROM pages WHERE page_id IN ({marks})", chunk)
            found.update((int(p), k) for p, k in rows)
        return found

    def _changed_pages(self, library: Library, report: SyncReport) -> tuple[list[int], list[int], tuple[str, int]]:
        """(pages to index, pages to drop, the library's log mark they bring the index to).

        With the library's change log, only pages written since the mark the index recorded are compared;
        without it (a new index, another library file), every page's key is.
        """
        mark = library.index_log_mark()  # first: whatever changes after it is seen by the next sync
        uid, counter = read_meta(self.conn, "log_uid"), read_meta(self.conn, "log_counter")
        if uid == mark[0] and counter is not None and int(counter) <= mark[1]:
            if int(counter) == mark[1]:
                return [], [], mark
            candidates = library.index_log_since(int(counter))
            wanted = library.index_keys(candidates)
            have = self.indexed_keys(candidates)
        else:
            wanted = library.index_keys()
            have = self.indexed_keys()
        report.checked_pages = len(wanted)
        todo = sorted(p for p, key in wanted.items() if have.get(p) != key)
        gone = sorted(p for p in have if p not in wanted)
        return todo, gone, mark

    def sync(
        self,
        library: Library,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
    ) -> SyncReport:
        started = time.perf_counter()
        report = SyncReport()
        cleared = read_meta(self.conn, "cleared")  # before the pages are compared: see _record_mark
        todo, gone, mark = self._changed_pages(library, report)
        report.check_seconds = time.perf_counter() - started
        if impact.held_by_the_dead(self.conn, self._lists_lock()):
            log.warning("search index: a sync that held the ranking lists ended before writing them: rebuilding them")
            with write_transaction(self.conn):
                impact.clear(self.conn)
            self._impacts = None
            if int(read_meta(self.conn, "live") or 0) >= impact.START_DOCS:
                self.build_lists(library, progress, cancel, workers)
        if not todo and not gone:
            if read_meta(self.conn, "log_counter") != str(mark[1]) or read_meta(self.conn, "log_uid") != mark[0]:
                with write_transaction(self.conn):
                    self._record_mark(mark, cleared)
            report.seconds = time.perf_counter() - started
            return report
        fold_table(self.cache_dir)  # read the kept copy rather than build it (forked tokenisers inherit it)
        try:
            self._sync_pages(library, todo, gone, (mark, cleared), report, progress, cancel, workers)
            self._flush_lists()
        finally:
            if self._impacts is not None and self._impacts.held is not None:  # failed: the next sync rebuilds them
                self._impacts.release()
        if report.indexed_pages > BATCH_PAGES:  # fold the big WAL back into the database file
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError as exc:  # busy readers: SQLite checkpoints later by itself
                log.debug("checkpoint skipped: %s", exc)
        report.seconds = time.perf_counter() - started
        log.info(
            "search index: %d pages indexed, %d removed in %.2f s",
            report.indexed_pages,
            report.removed_pages,
            report.seconds,
        )
        return report

    def _sync_pages(
        self,
        library: Library,
        todo: list[int],
        gone: list[int],
        mark: tuple[tuple[str, int], str | None],
        report: SyncReport,
        progress: Progress | None,
        cancel: threading.Event | None,
        workers: int | None,
    ) -> None:
        """Index ``todo`` batch by batch, drop ``gone``, record ``mark`` (the body of ``sync``)."""
        total = len(todo)
        batches = [todo[n : n + BATCH_PAGES] for n in range(0, total, BATCH_PAGES)]
        done = 0
        if (
            not impact.collecting(self.conn)
            and int(read_meta(self.conn, "live") or 0) + library.document_count(todo) >= impact.START_DOCS
        ):  # this sync makes the index big enough: the lists from its first batch, chosen from all its pages
            self.build_lists(library, progress, cancel, workers, coming=todo)
        self._hold_lists(total)
        mark_time = time.perf_counter()
        for batch, keys, docs, tokens, snapshot in self._prepared(library, batches, cancel, workers):
            now = time.perf_counter()
            report.prepare_seconds += now - mark_time
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, total, "indexing")
            if snapshot is None and impact.collecting(self.conn):  # lists begun meanwhile: this batch too
                snapshot = self._snapshot()
                if snapshot is not None:
                    tokens = [
                        t._replace(impacts=impact.doc_impacts(t.columns, t.words, t.length, snapshot[0]))
                        for t in tokens
                    ]
            self._write_batch(library, batch, keys, docs, tokens, snapshot, report)
            report.indexed_pages += len(batch)
            done += len(batch)
            if not impact.collecting(self.conn) and int(read_meta(self.conn, "live") or 0) >= impact.START_DOCS:
                self.build_lists(library, progress, cancel, workers)  # big enough now: the rest gets lists too
                self._hold_lists(total - done)
            mark_time = time.perf_counter()
            report.write_seconds += mark_time - now
        if gone and not report.cancelled:
            with write_transaction(self.conn):
                dead = self._drop_pages(gone)
                self.conn.executemany("DELETE FROM pages WHERE page_id = ?", [(p,) for p in gone])
            report.removed_pages = len(gone)
            log.debug("search index: %d pages removed (%d documents)", len(gone), dead)
        if not report.cancelled:
            with write_transaction(self.conn):
                self._record_mark(*mark)
            if progress is not None:
                progress(total, total, "")

    def _record_mark(self, mark: tuple[str, int], cleared: str | None) -> None:
        """Record that the index holds the library as of ``mark``; the caller holds a transaction.

        Not when the index was emptied (a reindex in another process) since this sync compared its pages
        (``cleared`` is the counter read then): the pages it indexed before are gone, and the mark would
        tell the next sync that nothing is missing.
        """
        if read_meta(self.conn, "cleared") != cleared:
            return
        _set_meta(self.conn, "log_uid", mark[0])
        _set_meta(self.conn, "log_counter", mark[1])

    def merge(self, budget: int = 64) -> bool:
        """Do a bounded amount of FTS5 segment merging (about ``budget`` leaf pages); True when more is left.

        Small syncs leave small segments; merging them a little after each sync, outside the sync that
        made the issue searchable, keeps queries reading few segments without one commit paying for a
        whole merge.
        """
        before = self.conn.total_changes
        with write_transaction(self.conn):
            self.conn.execute("INSERT INTO fts(fts, rank) VALUES ('merge', ?)", (budget,))
        return self.conn.total_changes - before > 1

    def _prepared(
        self,
        library: Library,
        batches: list[list[int]],
        cancel: threading.Event | None,
        workers: int | None,
        lists: bool = True,
    ) -> Iterator[tuple[list[int], dict[int, str], list[DocSource], list[Tokens], Snapshot]]:
        """Batches with their documents read and tokenised (in worker processes when big).

        Tokenising (jieba above all) is most of an index write; worker processes run it on every core
        while this thread reads the library and writes the index. At most a few batches are in flight,
        so memory stays bounded however big the library is.
        """
        if workers is None:
            workers = min(os.cpu_count() or 1, 4)
        pages = sum(len(b) for b in batches)
        if workers < 2 or pages < POOL_MIN_PAGES:
            if batches:
                prepare_words(self.cache_dir)
            for batch in batches:
                keys = library.index_keys(batch)
                docs = library_docs(library, batch)
                snapshot = self._snapshot() if lists else None
                yield batch, keys, docs, tokenize_all(docs, snapshot[0] if snapshot else None), snapshot
            return
        import multiprocessing  # here: a search process never starts workers
        from concurrent.futures import ProcessPoolExecutor

        # fork where there is one: spawn re-imports the main module, and ``python -m reader`` runs the CLI on
        # import. The forked workers only tokenise (no locks of the parent's other threads are touched).
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        cache = str(self.cache_dir) if self.cache_dir else None
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=prepare_words, initargs=(cache,)) as pool:
            pending: deque[tuple[list[int], dict[int, str], list[DocSource], Future[Any], Snapshot]] = deque()
            it = iter(batches)
            while True:
                while len(pending) < workers * 2:
                    todo: list[int] | None = next(it, None)
                    if todo is None or (cancel is not None and cancel.is_set()):
                        break
                    keys = library.index_keys(todo)
                    docs = library_docs(library, todo)
                    # The lists' minimums as they stand: the workers send back only keys that may get in.
                    snapshot = self._snapshot() if lists else None
                    future = pool.submit(tokenize_all, docs, snapshot[0] if snapshot else None)
                    pending.append((todo, keys, docs, future, snapshot))
                if not pending:
                    return
                batch, keys, docs, future, snapshot = pending.popleft()
                yield batch, keys, docs, future.result(), snapshot

    def build_lists(
        self,
        library: Library,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
        coming: Sequence[int] = (),
    ) -> None:
        """Begin the impact lists of an index that has grown, or is about to grow, big enough
        (``impact.START_DOCS``).

        ``impact.SAMPLE_PAGES`` pages spread evenly over the indexed pages and ``coming`` (the pages the
        calling sync is about to index) decide which tokens get lists: an import goes paper by paper, and
        the first pages alone would leave the other papers' common strings without lists. Writers keep
        the lists from the first transaction on (``collecting``), so that documents other writers add
        meanwhile are in them; the documents indexed before are tokenised again here, page by page;
        searches use the lists only when this is done (``impact.usable``).
        """
        prepare_words(self.cache_dir)
        pages = [int(r[0]) for r in self.conn.execute("SELECT page_id FROM pages ORDER BY page_id")]
        pool = sorted(set(pages).union(coming))
        spread = pool[:: max(1, len(pool) // impact.SAMPLE_PAGES)][: impact.SAMPLE_PAGES]
        log.info("search index: choosing the ranking lists' tokens from %d pages", len(spread))
        df: Counter[str] = Counter()
        sampled = 0
        sample = [spread[n : n + BATCH_PAGES] for n in range(0, len(spread), BATCH_PAGES)]
        for _batch, _keys, docs, tokens, _snapshot in self._prepared(library, sample, cancel, workers, lists=False):
            for tok in tokens:
                df.update(impact.doc_tokens(tok.columns, tok.words))
            sampled += len(docs)
        if cancel is not None and cancel.is_set():
            return  # the next sync begins again
        build = impact.begin(self.conn, impact.choose(df, sampled))
        self._impacts = None  # read the new lists
        with write_transaction(self.conn):
            self.impacts.hold(self._lists_lock(), building=build)  # written once, at the end
        batches = [pages[n : n + BATCH_PAGES] for n in range(0, len(pages), BATCH_PAGES)]
        log.info("search index: building the ranking lists over %d pages", len(pages))
        done = 0
        try:
            for batch, _keys, docs, tokens, snapshot in self._prepared(library, batches, cancel, workers):
                if cancel is not None and cancel.is_set():
                    with write_transaction(self.conn):
                        impact.clear(self.conn)  # the next sync begins again
                    return
                if progress is not None:
                    progress(done, len(pages), "indexing")
                with write_transaction(self.conn):
                    marks = ",".join("?" * len(batch))
                    ids = {
                        (str(k), int(i)): int(d)
                        for d, k, i in self.conn.execute(
                            f"SELECT docid, kind, item_id FROM docs WHERE page_id IN ({marks})", batch
                        )
                    }
                    rows = [
                        (ids[(d.kind, d.item_id)], t.impacts) for d, t in zip(docs, tokens, strict=True)
                        if (d.kind, d.item_id) in ids
                    ]  # documents the library changed since are indexed again, with their lists, by the next sync
                    if snapshot is not None:
                        self.impacts.add(rows, snapshot)
                done += len(batch)
            with write_transaction(self.conn):
                self.impacts.flush()
            impact.finish(self.conn, build)
        finally:
            self.impacts.release()  # flushed, or failed: then the next sync builds them again

    def _drop_pages(self, page_ids: Sequence[int]) -> int:
        """Remove the documents of pages from ``docs`` (their fts rows become dead); the caller holds a transaction."""
        dead: list[tuple[int]] = []
        for n in range(0, len(page_ids), 500):
            chunk = list(page_ids[n : n + 500])
            marks = ",".join("?" * len(chunk))
            dead += self.conn.execute(f"SELECT docid FROM docs WHERE page_id IN ({marks})", chunk).fetchall()
        if not dead:
            return 0
        self.conn.executemany("DELETE FROM docs WHERE docid = ?", dead)
        self.conn.executemany("INSERT OR IGNORE INTO dead(docid) VALUES (?)", dead)
        self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'dead'", (len(dead),))
        self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) - ? WHERE key = 'live'", (len(dead),))
        return len(dead)

    def _codes(self) -> dict[str, list[int]]:
        codes: dict[str, list[int]] = {}
        for code, name in self.conn.execute("SELECT code, name FROM papers ORDER BY code"):
            codes.setdefault(str(name), []).append(int(code))
        return codes

    def _new_code(self, name: str, codes: dict[str, list[int]]) -> int:
        code = int(self.conn.execute("SELECT COALESCE(MAX(code), 0) + 1 FROM papers").fetchone()[0])
        if code >= PAPER_CODES:  # only after very many re-imports of one day's issues: renumber everything
            raise sqlite3.DatabaseError("paper codes are used up: rebuilding")
        self.conn.execute("INSERT INTO papers(code, name, name_key) VALUES (?, ?, ?)", (code, name, fold(name)))
        codes.setdefault(name, []).append(code)
        return code

    def _docids(self, docs: Sequence[DocSource]) -> list[int]:
        """New docids for documents (never given out before), in the order given; caller holds a transaction."""
        codes = self._codes()
        last: dict[int, int] = {}  # (day << CODE_BITS | code) -> the last number given out
        changed: set[int] = set()

        def used(prefix: int) -> int:
            if prefix not in last:
                row = self.conn.execute("SELECT last FROM seqs WHERE prefix = ?", (prefix,)).fetchone()
                last[prefix] = -1 if row is None else int(row[0])
            return last[prefix]

        ids = []
        for doc in docs:
            day = day_number(doc.date)
            if doc.paper:
                code = next(
                    (c for c in codes.get(doc.paper, []) if used(day << CODE_BITS | c) + 1 < SEQ_LIMIT), None
                )
                if code is None:  # a new paper, or this day's numbers of its codes are used up
                    code = self._new_code(doc.paper, codes)
            else:
                code = 0
                if used(day << CODE_BITS) + 1 >= SEQ_LIMIT:
                    raise sqlite3.DatabaseError("document numbers of one day are used up: rebuilding")
            prefix = day << CODE_BITS | code
            n = used(prefix) + 1
            last[prefix] = n
            changed.add(prefix)
            ids.append(make_docid(day, code, n, doc.kind != ARTICLE))
        self.conn.executemany(
            "INSERT OR REPLACE INTO seqs(prefix, last) VALUES (?, ?)", [(p, last[p]) for p in sorted(changed)]
        )
        return ids

    def _write_batch(
        self,
        library: Library,
        pages: list[int],
        keys: dict[int, str],
        docs: list[DocSource],
        tokens: list[Tokens],
        snapshot: Snapshot,
        report: SyncReport,
    ) -> None:
        """Write one batch in one transaction; pages the library changed meanwhile are left for next time.

        The keys are read again inside the write transaction (which serialises writers across threads and
        processes): a page whose key moved since its documents were read is skipped, not recorded, so the
        next sync indexes its new documents. A page indexed before loses its old documents first.
        """
        with write_transaction(self.conn):
            now = library.index_keys(pages)
            current = [p for p in pages if p in now and keys.get(p) == now[p]]
            vanished = [p for p in pages if p not in now]
            if not current and not vanished:
                return
            self._drop_pages(current + vanished)
            keep = set(current)
            fresh = [(d, t) for d, t in zip(docs, tokens, strict=True) if d.page_id in keep]
            ids = self._docids([d for d, _ in fresh])
            rows = sorted(zip(ids, fresh, strict=True), key=lambda r: r[0])
            # Ascending docids: FTS5 flushes its pending terms whenever a rowid goes down.
            self.conn.executemany(
                f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?{', ?' * len(FTS_COLUMNS)})",
                [(docid, *tok.columns) for docid, (_, tok) in rows],
            )
            if snapshot is not None and impact.collecting(self.conn):
                self.impacts.add(((docid, tok.impacts) for docid, (_, tok) in rows), snapshot)
            word_df: Counter[str] = Counter()
            for _, (_, tok) in rows:
                word_df.update(set(tok.words))
            self.conn.executemany(
                "INSERT INTO wdf(token, df) VALUES (?, ?) ON CONFLICT(token) DO UPDATE SET df = df + excluded.df",
                sorted(word_df.items()),
            )
            self.conn.executemany(
                "INSERT INTO docs(docid, kind, item_id, page_id, page, section_key, len, wb)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (docid, d.kind, d.item_id, d.page_id, d.page, fold(d.section or ""), tok.length, tok.word_starts)
                    for docid, (d, tok) in rows
                ],
            )
            self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'live'", (len(rows),))
            self.conn.executemany(
                "INSERT OR REPLACE INTO pages(page_id, key) VALUES (?, ?)", [(p, now[p]) for p in current]
            )
            self.conn.executemany("DELETE FROM pages WHERE page_id = ?", [(p,) for p in vanished])
            report.articles += sum(1 for d, _ in fresh if d.kind == ARTICLE)
            report.blocks += sum(1 for d, _ in fresh if d.kind != ARTICLE)

    def dead_fraction(self) -> float:
        """Dead fts rows (of replaced documents) per live document: past 0.5 a sync rebuilds the index."""
        dead = int(read_meta(self.conn, "dead") or 0)
        live = int(read_meta(self.conn, "live") or 0)
        return dead / max(live, 1)

    def clear(self) -> None:
        """Empty the index in place (a rebuild follows); the caller holds a transaction."""
        for table in ("docs", "pages", "papers", "seqs", "dead", "wdf"):
            self.conn.execute(f"DELETE FROM {table}")
        impact.clear(self.conn)
        self._impacts = None
        self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")  # empties a contentless table
        self.conn.execute("UPDATE meta SET value = '0' WHERE key IN ('dead', 'live')")
        self.conn.execute("DELETE FROM meta WHERE key IN ('log_uid', 'log_counter')")
        # A sync that began before (another process's) must not record its mark over the emptied index.
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('cleared', '1')"
            " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
