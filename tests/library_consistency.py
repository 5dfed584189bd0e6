"""Whether a library and its search index are consistent, as the fault tests (tests/test_faults.py) define it.

``Library.import_paths`` writes one transaction per page; the index's ``pages`` table records, in the same
transaction as a page's ``docs``/``fts`` rows, the library key it indexed. So:

- library: integrity ok, foreign keys ok; every page row holds exactly the items its stored text parses into
  (article count, and ords 0..n-1 shared by articles and blocks); no orphaned articles, blocks, links, issues.
- index: integrity ok; every ``docs`` row belongs to a page recorded in ``pages``; a recorded page whose key
  equals the library's is *fresh*: its ``docs`` rows are exactly the library's articles and blocks of that
  page, with the library's paper, date and page, and each has an ``fts`` row. Other recorded pages are
  *stale* and unrecorded pages *unindexed*: both allowed after a crash.
- notes: each anchored on a live article whose text still has its quote.

Also run as a script's import in a private mount namespace (test_faults' real full disk), so it imports no test
module.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest.model import ParsedPage
from reader.ingest.pipeline import parse_text
from reader.library import Library
from reader.library.db import DB_NAME
from reader.library.pagemeta import content_hash
from reader.search import index as search_index
from reader.search.fold import fold
from reader.search.index import index_path


def connect_ro(path: Path) -> sqlite3.Connection:
    """A fresh connection that cannot change anything (a crashed writer's WAL is still read)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA query_only = 1")
    return conn


@dataclass
class State:
    """What a consistency check found: counts to follow progress across rounds."""

    pages: int = 0
    articles: int = 0
    fresh: int = 0
    stale: int = 0
    unindexed: int = 0
    notes: list[tuple[object, ...]] = field(default_factory=list)


_parsed: dict[tuple[str, str], tuple[int, int]] = {}


def expected_items(source: str, text: str) -> tuple[int, int]:
    """(articles, items) the parser makes of a page's text (cached: the same text parses the same)."""
    key = (source, content_hash(text))
    if key not in _parsed:
        parsed = parse_text(text, Path(source), None)
        assert isinstance(parsed, ParsedPage), parsed
        _parsed[key] = (len(parsed.articles), len(parsed.items))
    return _parsed[key]


def check_library(folder: Path) -> State:
    """Assert the library database is consistent; return its counts and its notes."""
    state = State()
    conn = connect_ro(folder / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        pages = conn.execute("SELECT id, source_path, text, content_hash FROM pages").fetchall()
        for page_id, source, text, digest in pages:
            assert content_hash(text) == digest, source
            articles, items = expected_items(source, text)
            ords = sorted(
                r[0]
                for r in conn.execute(
                    "SELECT ord FROM articles WHERE page_id = ? UNION ALL SELECT ord FROM blocks WHERE page_id = ?",
                    (page_id, page_id),
                )
            )
            stored = conn.execute("SELECT COUNT(*) FROM articles WHERE page_id = ?", (page_id,)).fetchone()[0]
            assert (stored, ords) == (articles, list(range(items))), f"half-written page {source}"
        orphans = {
            "articles": "SELECT COUNT(*) FROM articles WHERE page_id NOT IN (SELECT id FROM pages)",
            "blocks": "SELECT COUNT(*) FROM blocks WHERE page_id NOT IN (SELECT id FROM pages)",
            "links": "SELECT COUNT(*) FROM article_links WHERE from_article NOT IN (SELECT id FROM articles)"
            " OR to_article NOT IN (SELECT id FROM articles)",
            "pages": "SELECT COUNT(*) FROM pages WHERE issue_id NOT IN (SELECT id FROM issues)",
            "issues": "SELECT COUNT(*) FROM issues WHERE id NOT IN (SELECT issue_id FROM pages)",
            "papers": "SELECT COUNT(*) FROM papers WHERE id NOT IN (SELECT paper_id FROM issues WHERE paper_id"
            " IS NOT NULL)",
        }
        assert {name: conn.execute(sql).fetchone()[0] for name, sql in orphans.items()} == dict.fromkeys(orphans, 0)
        state.pages = len(pages)
        state.articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        # Notes: anchored on a live article whose body still holds the quote at the stored position.
        for uid, kind, quote, note, name, deleted, status, start, end, body in conn.execute(
            "SELECT n.uid, n.kind, n.quote, n.note, n.name, n.deleted_at, n.status, n.pos_start, n.pos_end, a.body"
            " FROM annotations n LEFT JOIN articles a ON a.id = n.article_id ORDER BY n.uid"
        ):
            assert status == "anchored" and body is not None, uid
            if kind == "highlight":
                assert body[start:end] == quote, uid
            state.notes.append((uid, kind, quote, note, name, deleted))
    finally:
        conn.close()
    return state


def library_view(folder: Path) -> tuple[dict[str, str], dict[tuple[str, int], tuple[object, ...]]]:
    """The library's index keys and, per article and block, what the index's ``docs`` must hold for it."""
    with Library(folder) as lib:
        keys = lib.index_keys()
        docs = {
            (d.kind, d.item_id): (d.page_id, d.paper, d.date, d.page, fold(d.section or ""))
            for d in search_index.library_docs(lib, sorted(keys))
        }
    return {str(k): v for k, v in keys.items()}, docs


def check_index(folder: Path, state: State, exact: bool = False) -> None:
    """Assert the search index is consistent with the library (``exact``: every page fresh)."""
    path = index_path(folder)
    keys, wanted = library_view(folder)
    if not path.exists():
        assert not exact
        state.unindexed = len(keys)
        return
    conn = connect_ro(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        recorded = {str(p): k for p, k in conn.execute("SELECT page_id, key FROM pages")}
        names = dict(conn.execute("SELECT code, name FROM papers").fetchall())
        docs: dict[tuple[str, int], tuple[object, ...]] = {}
        docids: set[int] = set()
        for docid, kind, item, page_id, page, section in conn.execute(
            "SELECT docid, kind, item_id, page_id, page, section_key FROM docs"
        ):
            docs[(kind, item)] = (
                page_id, names.get(search_index.docid_paper(docid)), search_index.docid_date(docid), page, section
            )
            docids.add(docid)
        fts = {int(r[0]) for r in conn.execute("SELECT rowid FROM fts")}
    finally:
        conn.close()
    assert docids <= fts, "docs rows without their fts row"
    assert {str(d[0]) for d in docs.values()} <= set(recorded), "docs rows of a page the index does not record"
    fresh = {p for p, k in recorded.items() if keys.get(p) == k}
    for page in fresh:
        have = {a: d for a, d in docs.items() if str(d[0]) == page}
        want = {a: d for a, d in wanted.items() if str(d[0]) == page}
        assert have == want, f"page {page} is recorded as indexed but its articles and blocks differ"
    state.fresh, state.stale = len(fresh), len(recorded) - len(fresh)
    state.unindexed = len(set(keys) - set(recorded))
    if exact:
        assert recorded == keys
        assert docs == wanted


def check_all(folder: Path, *, exact_index: bool = False) -> State:
    """Assert library and index are consistent (``exact_index``: every page indexed and fresh)."""
    state = check_library(folder)
    check_index(folder, state, exact=exact_index)
    return state


def library_summary(folder: Path) -> dict[str, tuple[object, ...]]:
    """Per page: its hash, issue key, label and items (no row ids), to compare two libraries."""
    conn = connect_ro(folder / DB_NAME)
    try:
        rows = conn.execute(
            "SELECT p.source_path, p.content_hash, i.key, p.page_label,"
            " (SELECT group_concat(coalesce(title, '') || '|' || char_count, '/') FROM"
            "  (SELECT title, char_count FROM articles WHERE page_id = p.id ORDER BY ord)),"
            " (SELECT COUNT(*) FROM blocks WHERE page_id = p.id),"
            " (SELECT COUNT(*) FROM article_links l JOIN articles a ON a.id = l.from_article WHERE a.page_id = p.id)"
            " FROM pages p JOIN issues i ON i.id = p.issue_id"
        ).fetchall()
    finally:
        conn.close()
    return {r[0]: tuple(r[1:]) for r in rows}
