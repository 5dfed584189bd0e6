"""A big sync holds the impact lists in memory and writes them once at its end (``ImpactWriter.hold``).

The lists it writes must be the lists written batch by batch, their bounds true also when another writer
adds documents meanwhile; while held, searches must not use them; and a sync that dies holding them must
leave them to be built again by the next sync.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from reader.library import Library
from reader.library.db import transaction
from reader.search import SearchService, impact, rank
from reader.search import index as index_module
from reader.search.index import IndexWriter, connect_reader, open_index
from tests.helpers import generated_library

TOKENS = ["a", "b", "c"]


def offer(writer: impact.ImpactWriter, conn: sqlite3.Connection, rng: random.Random, first: int,
          offered: dict[str, list[tuple[int, int]]], batches: int = 30) -> int:
    """Add random documents in batches, filtered as a tokeniser filters; returns the next docid."""
    docid = first
    for _batch in range(batches):
        docs = []
        floors, gen = writer.snapshot()
        for _ in range(rng.randint(1, 6)):
            impacts = [(t, rng.randint(1, 60)) for t in TOKENS if rng.random() < 0.7]
            for t, q in impacts:
                offered[t].append((q, docid))
            docs.append((docid, [(t, q) for t, q in impacts if q > floors[t]]))
            docid += 1
        with transaction(conn):
            writer.add(docs, (floors, gen))
    return docid


def check_lists(conn: sqlite3.Connection, offered: dict[str, list[tuple[int, int]]], size: int) -> None:
    for t in TOKENS:
        tok, tau, n, low = conn.execute("SELECT tok, tau, n, low FROM toks WHERE token = ?", (t,)).fetchone()
        listed = sorted(conn.execute("SELECT key, docid FROM imp WHERE tok = ?", (tok,)).fetchall())
        assert [k for k, _ in listed] == [k for k, _ in sorted(offered[t])[-size:]]  # the best keys
        assert n == len(listed) == size and low == listed[0][0]
        outside = {d for _, d in offered[t]} - {d for _, d in listed}
        bound = impact.outside_key(tau, n, low, size=size)
        assert all(q <= bound for q, d in offered[t] if d in outside)


def test_held_lists_keep_the_best_keys_and_bound_the_rest_with_another_writer_adding(tmp_path: Path) -> None:
    conn, _ = open_index(tmp_path / "index.sqlite3")
    rng = random.Random(7)
    build = impact.begin(conn, dict.fromkeys(TOKENS, 5))
    impact.finish(conn, build)
    offered: dict[str, list[tuple[int, int]]] = {t: [] for t in TOKENS}
    first = impact.ImpactWriter(conn, size=5)
    docid = offer(first, conn, rng, 1, offered, batches=5)
    lock = tmp_path / "index.lists-lock"
    with transaction(conn):
        assert first.hold(lock)
    assert not impact.usable(conn) and impact.collecting(conn)
    assert not impact.held_by_the_dead(conn, lock)  # its holder is alive
    other_conn = connect_reader(tmp_path / "index.sqlite3")
    other = impact.ImpactWriter(other_conn, size=5)
    with transaction(other_conn):
        assert not other.hold(lock)  # held already: the other writer writes as usual
    written = sorted(conn.execute("SELECT tok, key, docid FROM imp").fetchall())
    for _round in range(4):
        docid = offer(first, conn, rng, docid, offered, batches=10)
        docid = offer(other, other_conn, rng, docid, offered, batches=3)
    assert written != sorted(conn.execute("SELECT tok, key, docid FROM imp").fetchall())  # the other's rows
    with transaction(conn):
        first.flush()
    assert impact.usable(conn)
    check_lists(conn, offered, 5)
    other_conn.close()
    conn.close()


def test_a_holder_that_is_gone_is_noticed(tmp_path: Path) -> None:
    conn, _ = open_index(tmp_path / "index.sqlite3")
    impact.finish(conn, impact.begin(conn, dict.fromkeys(TOKENS, 5)))
    writer = impact.ImpactWriter(conn, size=5)
    lock = tmp_path / "index.lists-lock"
    with transaction(conn):
        assert writer.hold(lock)
    writer.release()  # as when the process dies: the lock goes, the state stays
    assert impact.held_by_the_dead(conn, lock)
    assert not impact.usable(conn)
    conn.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("held")
    generated_library(root, pages=40, seed=9)
    return root


def index_with(archive: Path, name: str, hold_pages: int, patch: pytest.MonkeyPatch) -> SearchService:
    """A copy of the archive's library indexed with lists begun at once, held from ``hold_pages`` pages."""
    patch.setattr(impact, "START_DOCS", 0)
    patch.setattr(impact, "LIST_SIZE", 48)
    patch.setattr(impact, "SAMPLE_MIN_DF", 3)
    patch.setattr(rank, "COMPLETE_MAX", 20)
    patch.setattr(index_module, "HOLD_PAGES", hold_pages)
    patch.setattr(index_module, "BATCH_PAGES", 4)  # several batches, so that lists churn
    lib = archive / name
    if not lib.exists():
        import shutil

        shutil.copytree(archive / "lib", lib)
    service = SearchService(lib)
    with Library(lib) as library:
        service.sync(library)
    return service


def lists_of(conn: sqlite3.Connection) -> tuple[object, ...]:
    imp = sorted(conn.execute("SELECT t.token, i.key, i.docid FROM imp i JOIN toks t USING (tok)").fetchall())
    toks = sorted(
        (token, n, low, top, impact.outside_key(tau, n, low, size))
        for token, tau, n, low, top, size in conn.execute("SELECT token, tau, n, low, top, size FROM toks")
    )
    return imp, toks


QUERIES = ["的", "发展", "记者 发展", "发展 -记者", '"本报讯(记者"', "疫情防控"]


def test_a_held_sync_writes_the_lists_a_batch_by_batch_sync_writes(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = index_with(archive, "plain", 10**9, monkeypatch)
    held = index_with(archive, "held", 1, monkeypatch)
    assert impact.usable(plain._conn()) and impact.usable(held._conn())
    assert lists_of(held._conn()) == lists_of(plain._conn())
    for q in QUERIES:
        a, b = plain.search(q), held.search(q)
        assert [(h.article_id, h.block_id, h.score) for h in a.hits] == [
            (h.article_id, h.block_id, h.score) for h in b.hits
        ]
    assert held.paths["lists"] > 0, (held.paths, plain.paths)  # the held lists do answer
    plain.close()
    held.close()


def test_a_sync_that_fails_holding_the_lists_leaves_them_to_the_next(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = index_with(archive, "plain", 10**9, monkeypatch)
    expected = [[(h.article_id, h.block_id, h.score) for h in plain.search(q).hits] for q in QUERIES]
    plain.close()

    def die(self: IndexWriter) -> None:
        raise KeyboardInterrupt  # after the last batch, before the lists are written

    with monkeypatch.context() as m:
        m.setattr(IndexWriter, "_flush_lists", die)
        with pytest.raises(KeyboardInterrupt):
            index_with(archive, "failed", 1, monkeypatch)
    service = SearchService(archive / "failed")
    conn = service._conn()
    assert not impact.usable(conn)  # held by no one: not used
    assert service.search("发展").error is None  # searches score every match meanwhile
    with Library(archive / "failed") as library:
        report = service.sync(library)
    assert report.indexed_pages == 0  # the pages were indexed; only the lists are built again
    assert impact.usable(conn)
    listed = {int(r[0]) for r in conn.execute("SELECT DISTINCT docid FROM imp")}
    assert listed and listed <= {int(r[0]) for r in conn.execute("SELECT docid FROM docs")}
    # The tokens with lists are chosen from other sample pages than in a sync that began them after its
    # first batch, so the lists differ; the answers must not.
    assert [[(h.article_id, h.block_id, h.score) for h in service.search(q).hits] for q in QUERIES] == expected
    assert service.paths["lists"] > 0
    service.close()
