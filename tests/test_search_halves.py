"""A big index is searched in two halves at once: the answers must be exactly those of one statement.

``SPLIT_DOCS`` is lowered so that a small generated archive is split; the same queries then run with and
without halves, and a write that commits between the two halves' transactions must not mix two states.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest

from reader.library import Library
from reader.search import SearchService
from reader.search import halves as halves_module
from reader.search.halves import Halves, fingerprint
from reader.search.index import CODE_SHIFT, connect_reader
from tests.helpers import generated_library, import_pages

QUERIES: list[tuple[str, dict[str, object]]] = [
    ("的", {}),
    ("发展", {}),
    ("记者 发展", {}),
    ("发展 -记者", {}),
    ("许昌 OR 新时代", {}),
    ('"本报讯(记者"', {}),
    ("摄", {"kind": "caption"}),
    ("kind:block 记者", {}),
    ("发展", {"date_from": "2020-01-03", "date_to": "2020-01-09"}),
    ("发展", {"sort": "newest"}),
    ("的", {"sort": "oldest", "limit": 7, "offset": 13}),
    ("文明", {"paper": "许昌日报"}),
    ("发展", {"limit": 20, "offset": 20}),
    ("", {"sort": "newest"}),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("halves")
    with Library(generated_library(root, pages=40, seed=5)) as library:
        service = SearchService(root / "lib")
        service.sync(library)
        service.close()
    return root


def answers(service: SearchService) -> list[object]:
    out: list[object] = []
    for query, kw in QUERIES:
        r = service.search(query, **kw)  # type: ignore[arg-type]
        assert r.error is None, (query, r.error)
        out.append((query, r.total, r.facets, [(h.kind, h.article_id, h.block_id, h.score) for h in r.hits]))
    return out


def splits_seen(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The middle of every split a search makes from now on (``Halves.both`` spied on)."""
    used: list[int] = []
    real = Halves.both

    def spy(self: Halves, conn: object, lo: int, mid: int, hi: int, start: object) -> object:
        used.append(mid)
        return real(self, conn, lo, mid, hi, start)  # type: ignore[arg-type]

    monkeypatch.setattr(Halves, "both", spy)
    return used


def test_halves_answer_exactly_what_one_statement_answers(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(halves_module, "SPLIT_DOCS", 10**9)
    whole = SearchService(archive / "lib")
    expected = answers(whole)
    whole.close()
    monkeypatch.setattr(halves_module, "SPLIT_DOCS", 0)
    split = SearchService(archive / "lib")
    used = splits_seen(monkeypatch)
    assert answers(split) == expected
    assert len(used) >= len(QUERIES)  # every count, and the rankings that score every match, were split
    assert split._halves().stale == 0
    split.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("search-half")]


def test_a_small_index_is_not_split(archive: Path) -> None:
    service = SearchService(archive / "lib")
    conn = service._conn()
    live = int(conn.execute("SELECT value FROM meta WHERE key = 'live'").fetchone()[0])
    with pytest.MonkeyPatch.context() as m:
        m.setattr(halves_module, "SPLIT_DOCS", live + 1)
        assert Halves(service.path).middle(conn, 0, 2**62) is None
        m.setattr(halves_module, "SPLIT_DOCS", live)
        mid = Halves(service.path).middle(conn, 0, 2**62)
    days = [int(r[0]) >> 24 for r in conn.execute("SELECT docid FROM docs WHERE docid >= 1 << 24")]
    assert mid is not None and min(days) <= mid >> 24 < max(days)  # between the first and the last day
    service.close()


def test_an_archive_with_a_gap_is_split_into_even_halves(tmp_path: Path) -> None:
    """Pages of 1935 beside pages of the 2010s: the halves still hold about as many documents each (cutting
    the days in the middle put nearly everything in one half, and splitting gained nothing)."""
    from bench.generate import generate_archive

    # two pages an issue: a day's paper is a small share of the documents, so the halves can be even
    generate_archive(tmp_path / "old", papers=1, pages=8, pages_per_issue=2, seed=3, start=dt.date(1935, 3, 1))
    generate_archive(tmp_path / "new", papers=2, pages=32, pages_per_issue=2, seed=3, start=dt.date(2015, 1, 1))
    with Library(tmp_path / "lib") as library:
        import_pages(library, [tmp_path / "old", tmp_path / "new"])
        service = SearchService(tmp_path / "lib")
        service.sync(library)
    conn = service._conn()
    docids = [int(r[0]) for r in conn.execute("SELECT docid FROM docs")]
    assert min(docids) >> 24 < dt.date(1936, 1, 1).toordinal() < dt.date(2015, 1, 1).toordinal() <= max(docids) >> 24
    with pytest.MonkeyPatch.context() as m:
        m.setattr(halves_module, "SPLIT_DOCS", 0)
        mid = Halves(service.path).middle(conn, 0, 2**62)
        assert mid is not None
        lower = sum(d <= mid for d in docids)
        assert 0.4 < lower / len(docids) < 0.6, (lower, len(docids))
        new = [d for d in docids if d >> 24 >= dt.date(2015, 1, 1).toordinal()]
        mid = Halves(service.path).middle(conn, min(new), max(new))  # a date filter: its range is halved
        assert mid is not None
        assert 0.4 < sum(d <= mid for d in new) / len(new) < 0.6
    service.close()


def test_strings_are_counted_in_halves_exactly(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ranking's strings are counted (for their idf) in two halves at once: the sums are FTS5's counts."""
    matches = ['{title sub byline body} : "53d1x5c55"', '{title sub byline body} : "8bb0x8005"', "u7684"]
    whole = SearchService(archive / "lib")
    conn = whole._conn()
    expected = {m: whole._match_count(conn, m) for m in matches}
    assert all(expected.values())
    whole.close()
    monkeypatch.setattr(halves_module, "SPLIT_DOCS", 0)
    split = SearchService(archive / "lib")
    used = splits_seen(monkeypatch)
    conn = split._conn()
    conn.execute("BEGIN")
    split._count_matches(conn, matches)
    assert len(used) == 1 and split._counts(conn) == expected
    split._count_matches(conn, matches[:2])  # counted already: not again
    assert len(used) == 1
    conn.execute("COMMIT")
    split.close()


def test_the_middle_is_read_once_for_each_state_of_the_index(tmp_path: Path, archive: Path) -> None:
    """Every count and full ranking asks for the middle: it is read from ``seqs`` once, and again when
    documents were added (an import of a later issue moves it)."""
    lib = tmp_path / "lib"
    shutil.copytree(archive / "lib", lib)
    path = SearchService(lib).path
    conn = connect_reader(path)
    reads: list[str] = []
    conn.set_trace_callback(lambda sql: reads.append(sql) if sql.startswith("SELECT prefix, last FROM seqs") else None)
    halves = Halves(path)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(halves_module, "SPLIT_DOCS", 0)
        first = halves.middle(conn, 0, 2**62)
        assert halves.middle(conn, 0, 2**62) == first and len(reads) == 1
        last = int(conn.execute("SELECT MAX(prefix) FROM seqs").fetchone()[0])
        total = int(conn.execute("SELECT SUM(last) FROM seqs").fetchone()[0])
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'live'", (total,))
        conn.execute("INSERT INTO seqs(prefix, last) VALUES (?, ?)", (last + 1, total))  # a big later issue
        moved = halves.middle(conn, 0, 2**62)
    assert len(reads) == 2 and first is not None and moved is not None and moved > first
    assert moved >> CODE_SHIFT == last  # half the documents are the new issue's: the middle is just before it
    halves.close()
    conn.close()


def test_a_write_between_the_two_transactions_does_not_mix_states(tmp_path: Path, archive: Path) -> None:
    """The helper's connection sees the new state: the upper half is then read on the caller's connection."""
    lib = tmp_path / "lib"
    shutil.copytree(archive / "lib", lib)
    service = SearchService(lib)
    path = service.path
    service.close()

    def count(conn: object, lo: int, hi: int) -> int:
        return int(conn.execute("SELECT COUNT(*) FROM docs WHERE docid BETWEEN ? AND ?", (lo, hi)).fetchone()[0])  # type: ignore[attr-defined]

    conn = connect_reader(path)
    halves = Halves(path)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(halves_module, "SPLIT_DOCS", 0)
        mid = halves.middle(conn, 0, 2**62)
    assert mid is not None
    conn.execute("BEGIN")
    before = count(conn, 0, 2**62)
    seen = fingerprint(conn)
    writer = connect_reader(path)  # another process's sync, in effect: documents leave the upper half
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE meta SET value = CAST(value AS INTEGER) - 1 WHERE key = 'live'")
    writer.execute("DELETE FROM docs WHERE docid > ?", (mid,))
    writer.execute("COMMIT")
    with halves.both(conn, 0, mid, 2**62, count) as (low, high):
        assert low + high == before  # both halves from the caller's state
    assert halves.stale == 1
    assert fingerprint(conn) == seen
    conn.execute("COMMIT")
    assert count(conn, 0, 2**62) < before  # the write did land
    with halves.both(conn, 0, mid, 2**62, count) as (low, high):
        assert high == 0
    assert halves.stale == 1  # same state on both connections: the helper read its half
    halves.close()
    conn.close()
    writer.close()
