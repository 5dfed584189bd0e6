"""The search index: an SQLite FTS5 database next to the library, kept in step with it by ``sync``.

Layout of ``<library>/search/index.sqlite3``:

- ``meta``: the index version (schema + fold recipe); another version, or a file that is not a usable
  database, is deleted and rebuilt from the library.
- ``pages``: page id -> the library's index key of that page (see ``Library.index_keys``) as indexed. This is
  the sync state: it is written in the same transaction as the page's articles, so an interrupted sync
  leaves every page either fully indexed with its key or not recorded, and the next sync finishes the job.
- ``docs``: one row per live article: its filters (folded paper name, date as yyyymmdd, page label,
  folded section). Every query joins it, so an article removed from ``docs`` is gone from all results.
- ``fts``: a contentless FTS5 table (no text stored; the text stays in the library) with the gram and
  word columns of ``reader.search.analysis``. Rows of removed articles are left in it (a contentless table
  cannot delete without the old text); article ids are never reused, so they can never match again, and
  ``dead`` in ``meta`` counts them: past half the live rows, sync rebuilds the index.

One writer at a time: writes are ``BEGIN IMMEDIATE`` transactions (SQLite's lock, with a busy timeout);
searches read a WAL snapshot and keep working while a sync writes.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.library.db import LibraryError, enable_wal, write_problem
from reader.library.db import transaction as write_transaction  # one transaction helper for both files
from reader.library.store import IndexArticle
from reader.progress import Progress
from reader.search.analysis import gram_tokens, init_jieba, jieba_words, unigram_tokens, word_tokens
from reader.search.fold import FOLD_VERSION, fold, fold_table

if TYPE_CHECKING:
    from reader.library.store import Library

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
INDEX_VERSION = f"{SCHEMA_VERSION}.{FOLD_VERSION}"
INDEX_DIR = "search"
INDEX_FILE = "index.sqlite3"
BUSY_TIMEOUT_S = 30.0
BATCH_PAGES = 32
POOL_MIN_PAGES = 200  # fewer pages are tokenised in this thread: starting workers costs about 2 s

GRAM_COLUMNS = ("title", "sub", "byline", "body")
UNI_COLUMNS = ("title1", "sub1", "byline1", "body1")
WORD_COLUMN = "words"
FTS_COLUMNS = (*GRAM_COLUMNS, *UNI_COLUMNS, WORD_COLUMN)

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE pages (page_id INTEGER PRIMARY KEY, key TEXT NOT NULL)",
    """CREATE TABLE docs (
        article_id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL,
        paper TEXT,
        paper_key TEXT NOT NULL,
        date INTEGER NOT NULL,
        page TEXT,
        section_key TEXT NOT NULL
    )""",
    "CREATE INDEX docs_page ON docs(page_id)",
    "CREATE INDEX docs_date ON docs(date, article_id)",
    f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(FTS_COLUMNS)}, content='',"
    " tokenize='unicode61 remove_diacritics 0')",
)

_TABLES = frozenset({"meta", "pages", "docs", "fts"})



class SearchIndexError(LibraryError):
    """The search index cannot be used (and could not be rebuilt); a problem the user can act on, like the library's."""


@dataclass
class SyncReport:
    """What a sync did."""

    indexed_pages: int = 0
    removed_pages: int = 0
    articles: int = 0
    rebuilt: bool = False
    cancelled: bool = False
    seconds: float = 0.0


def date_number(iso: str | None) -> int:
    """yyyymmdd of an ISO date, 0 when unknown."""
    if not iso:
        return 0
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return 0
    return day.year * 10000 + day.month * 100 + day.day


def index_path(library_dir: Path) -> Path:
    return Path(library_dir) / INDEX_DIR / INDEX_FILE


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    enable_wal(conn, BUSY_TIMEOUT_S)
    conn.execute("PRAGMA synchronous = NORMAL")
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
                        conn.execute("INSERT INTO meta VALUES ('version', ?), ('dead', '0')", (INDEX_VERSION,))
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


def _tables(conn: sqlite3.Connection) -> set[str]:
    """The names of the tables in the database (none: a new, empty file)."""
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}


class IndexWriter:
    """Brings the index in step with a library: indexes new and changed pages, drops pages that are gone."""

    def __init__(self, conn: sqlite3.Connection, cache_dir: Path | None = None) -> None:
        self.conn = conn
        self.cache_dir = cache_dir

    def indexed_keys(self) -> dict[int, str]:
        return {int(p): k for p, k in self.conn.execute("SELECT page_id, key FROM pages")}

    def sync(
        self,
        library: Library,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        workers: int | None = None,
    ) -> SyncReport:
        started = time.perf_counter()
        report = SyncReport()
        fold_table(self.cache_dir)  # read the kept copy rather than build it (forked tokenisers inherit it)
        wanted = library.index_keys()
        have = self.indexed_keys()
        todo = sorted(p for p, key in wanted.items() if have.get(p) != key)
        gone = sorted(p for p in have if p not in wanted)
        total = len(todo)
        batches = [todo[n : n + BATCH_PAGES] for n in range(0, total, BATCH_PAGES)]
        done = 0
        for batch, keys, articles, rows in self._prepared(library, batches, cancel, workers):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            if progress is not None:
                progress(done, total, "indexing")
            report.articles += self._write_batch(library, batch, keys, articles, rows)
            report.indexed_pages += len(batch)
            done += len(batch)
        if gone and not report.cancelled:
            with write_transaction(self.conn):
                dead = self._drop_articles(
                    [
                        r[0]
                        for p in gone
                        for r in self.conn.execute("SELECT article_id FROM docs WHERE page_id = ?", (p,))
                    ]
                )
                self.conn.executemany("DELETE FROM pages WHERE page_id = ?", [(p,) for p in gone])
            report.removed_pages = len(gone)
            log.debug("search index: %d pages removed (%d articles)", len(gone), dead)
        if progress is not None and not report.cancelled:
            progress(total, total, "")
        if report.indexed_pages > BATCH_PAGES:  # fold the big WAL back into the database file
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError as exc:  # busy readers: SQLite checkpoints later by itself
                log.debug("checkpoint skipped: %s", exc)
        report.seconds = time.perf_counter() - started
        if report.indexed_pages or report.removed_pages:
            log.info(
                "search index: %d pages indexed, %d removed in %.1f s",
                report.indexed_pages,
                report.removed_pages,
                report.seconds,
            )
        return report

    def _prepared(
        self,
        library: Library,
        batches: list[list[int]],
        cancel: threading.Event | None,
        workers: int | None,
    ) -> Iterator[tuple[list[int], dict[int, str], list[IndexArticle], list[tuple[object, ...]]]]:
        """Batches with their articles read and their fts rows computed (in worker processes when big).

        Tokenising (jieba above all) is most of an index write; worker processes run it on every core
        while this thread reads the library and writes the index. At most a few batches are in flight,
        so memory stays bounded however big the library is.
        """
        if workers is None:
            workers = min(os.cpu_count() or 1, 4)
        pages = sum(len(b) for b in batches)
        if workers < 2 or pages < POOL_MIN_PAGES:
            if batches:  # nothing to index (the check at every start-up): jieba's 1.5 s load is not needed
                init_jieba(self.cache_dir)
            for batch in batches:
                keys = library.index_keys(batch)
                articles = library.articles_for_index(batch)
                yield batch, keys, articles, [fts_row(a) for a in articles]
            return
        # fork where there is one: spawn re-imports the main module, and ``python -m reader`` runs the CLI on
        # import. The forked workers only tokenise (no locks of the parent's other threads are touched).
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        cache = str(self.cache_dir) if self.cache_dir else None
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_jieba, initargs=(cache,)) as pool:
            pending: deque[tuple[list[int], dict[int, str], list[IndexArticle], Future[Any]]] = deque()
            it = iter(batches)
            while True:
                while len(pending) < workers * 2:
                    todo: list[int] | None = next(it, None)
                    if todo is None or (cancel is not None and cancel.is_set()):
                        break
                    keys = library.index_keys(todo)
                    articles = library.articles_for_index(todo)
                    pending.append((todo, keys, articles, pool.submit(fts_rows, articles)))
                if not pending:
                    return
                batch, keys, articles, future = pending.popleft()
                yield batch, keys, articles, future.result()

    def _drop_articles(self, article_ids: list[int]) -> int:
        """Remove articles from ``docs`` (their fts rows become dead); the caller holds a transaction."""
        if not article_ids:
            return 0
        self.conn.executemany("DELETE FROM docs WHERE article_id = ?", [(a,) for a in article_ids])
        self.conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'dead'", (len(article_ids),)
        )
        return len(article_ids)

    def _write_batch(
        self,
        library: Library,
        pages: list[int],
        keys: dict[int, str],
        articles: list[IndexArticle],
        rows: list[tuple[object, ...]],
    ) -> int:
        """Write one batch in one transaction; pages the library changed meanwhile are left for next time.

        The keys are read again inside the write transaction (which serialises writers across threads and
        processes): a page whose key moved since its articles were read is skipped, not recorded, so the
        next sync indexes its new articles. Article ids already in ``docs`` only get their filters updated.
        """
        with write_transaction(self.conn):
            now = library.index_keys(pages)
            current = [p for p in pages if p in now and keys.get(p) == now[p]]
            vanished = [p for p in pages if p not in now]
            if not current and not vanished:
                return 0
            marks = ",".join("?" * len(pages))
            existing = {
                int(r[0]): int(r[1])
                for r in self.conn.execute(
                    f"SELECT article_id, page_id FROM docs WHERE page_id IN ({marks})", pages
                )
            }
            keep = set(current)
            live = [a for a in articles if a.page_id in keep]
            new_ids = {a.id for a in live}
            self._drop_articles(
                [a for a, p in existing.items() if (p in keep and a not in new_ids) or p in vanished]
            )
            fresh = [
                row
                for art, row in zip(articles, rows, strict=True)
                if art.page_id in keep and art.id not in existing
            ]
            self.conn.executemany(
                f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?{', ?' * len(FTS_COLUMNS)})",
                fresh,
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO docs(article_id, page_id, paper, paper_key, date, page, section_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [_doc_row(a) for a in live],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO pages(page_id, key) VALUES (?, ?)", [(p, now[p]) for p in current]
            )
            self.conn.executemany("DELETE FROM pages WHERE page_id = ?", [(p,) for p in vanished])
            return len(fresh)

    def dead_fraction(self) -> float:
        dead = int(self.conn.execute("SELECT value FROM meta WHERE key = 'dead'").fetchone()[0])
        live = int(self.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])
        return dead / max(live, 1)


def _text_fields(art: IndexArticle) -> tuple[str, str, str, str]:
    """Folded title, kicker + subtitle, byline and body."""
    sub = "\n".join(x for x in (art.kicker, art.subtitle) if x)
    return fold(art.title or ""), fold(sub), fold(art.byline or ""), fold(art.body or "")


def fts_rows(articles: list[IndexArticle]) -> list[tuple[object, ...]]:
    """fts rows of articles (run in worker processes)."""
    return [fts_row(a) for a in articles]


def fts_row(art: IndexArticle) -> tuple[object, ...]:
    fields = _text_fields(art)
    grams = [gram_tokens(f) for f in fields]
    unis = [unigram_tokens(f) for f in fields]
    words = word_tokens(jieba_words("\n".join(fields)))
    return (art.id, *grams, *unis, words)


def _doc_row(art: IndexArticle) -> tuple[object, ...]:
    return (
        art.id,
        art.page_id,
        art.paper,
        fold(art.paper or ""),
        date_number(art.date),
        art.page_label,
        fold(art.section or ""),
    )
