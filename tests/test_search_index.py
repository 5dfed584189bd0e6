"""The index's own bookkeeping: docids ordered by date, the change log's quick check, paper codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reader.ingest import pipeline
from reader.library import Library
from reader.library.db import transaction
from reader.search import SearchService
from reader.search import index as search_index
from reader.search.index import date_bounds, day_number, docid_date, docid_is_block, docid_paper, make_docid
from tests.helpers import generated_library, import_pages
from tests.search_fixtures import page, toy_parse, write_pages


def test_docids_order_by_date_and_carry_paper_and_kind() -> None:
    early = make_docid(day_number(20200408), 3, 7, block=False)
    late = make_docid(day_number(20200409), 1, 0, block=True)
    assert early < late
    assert (docid_date(early), docid_paper(early), docid_is_block(early)) == (20200408, 3, False)
    assert (docid_date(late), docid_paper(late), docid_is_block(late)) == (20200409, 1, True)
    unknown = make_docid(0, 2, 5, block=False)
    assert docid_date(unknown) == 0
    lo, hi = date_bounds(0, 20201231)  # date:..2020: from the first day there is, unknown dates excluded
    assert not lo <= unknown <= hi and lo <= early <= hi and lo <= late <= hi
    lo, hi = date_bounds(20200409, 20200409)
    assert not lo <= early <= hi and lo <= late <= hi
    lo, hi = date_bounds(20200201, 20200231)  # a month's last day as the query computes it (any month)
    assert lo <= make_docid(day_number(20200229), 0, 0, block=False) <= hi


@pytest.fixture
def lib_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pipeline, "parse_page", toy_parse)
    pages = {
        f"x/2020-04-{d:02d}/01.txt": page("许昌日报", f"2020-04-{d:02d}", "1", "== 新闻", f"第{d}天的报道。")
        for d in range(1, 6)
    }
    write_pages(tmp_path / "scans", pages)
    with Library(tmp_path / "lib") as library:
        import_pages(library, [tmp_path / "scans"])
        SearchService(tmp_path / "lib").sync(library)
    return tmp_path / "lib"


def test_an_up_to_date_index_reads_no_page_keys(lib_dir: Path, tmp_path: Path) -> None:
    with Library(lib_dir) as library, SearchService(lib_dir) as service:
        report = service.sync(library)
        assert (report.checked_pages, report.indexed_pages) == (0, 0)
        write_pages(tmp_path / "more", {"x/2020-04-09/01.txt": page("许昌日报", "2020-04-09", "1", "== 新", "新增。")})
        import_pages(library, [tmp_path / "more"])
        report = service.sync(library)
        assert (report.checked_pages, report.indexed_pages) == (1, 1)  # only the page the log names
        assert service.search("新增").total == 1
        assert service.sync(library).checked_pages == 0


def test_a_library_changed_behind_the_log_is_compared_whole(lib_dir: Path) -> None:
    """A replaced library file (another log identity) makes the index compare every page, then catch up."""
    conn = sqlite3.connect(lib_dir / "library.sqlite3")
    conn.execute("UPDATE search_log_state SET uid = 'another'")
    conn.commit()
    conn.close()
    with Library(lib_dir) as library, SearchService(lib_dir) as service:
        report = service.sync(library)
        assert (report.checked_pages, report.indexed_pages) == (5, 0)
        assert service.sync(library).checked_pages == 0


def test_a_paper_gets_another_code_when_a_days_numbers_run_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "parse_page", toy_parse)
    monkeypatch.setattr(search_index, "SEQ_LIMIT", 3)
    articles = [f"== 标题{n}\n第{n}篇正文。" for n in range(7)]
    write_pages(tmp_path / "scans", {"x/2020-04-01/01.txt": page("许昌日报", "2020-04-01", "1", *articles)})
    with Library(tmp_path / "lib") as library, SearchService(tmp_path / "lib") as service:
        import_pages(library, [tmp_path / "scans"])
        service.sync(library)
        codes = service._conn().execute("SELECT code FROM papers WHERE name = '许昌日报'").fetchall()
        assert len(codes) == 3
        result = service.search("正文 paper:许昌")
        assert result.total == 7 and result.facets["paper"] == {"许昌日报": 7}
        assert {h.paper for h in result.hits} == {"许昌日报"}
        assert service.papers() == ["许昌日报"]


def test_lists_begin_when_the_index_grows_big_enough(
    lib_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below impact.START_DOCS no lists are kept; crossing it lists the documents indexed before too."""
    from reader.search import impact, rank

    monkeypatch.setattr(rank, "COMPLETE_MAX", 0)  # so few matches would otherwise skip the lists
    monkeypatch.setattr(impact, "SAMPLE_MIN_DF", 1)  # and every token of so few documents gets a list

    with SearchService(lib_dir) as service:
        conn = service._conn()
        assert not impact.collecting(conn)
        before = service.search("报道", limit=3).hits
        monkeypatch.setattr(impact, "START_DOCS", 6)  # five documents indexed, the sixth crosses it
        more = {"x/2020-04-09/01.txt": page("许昌日报", "2020-04-09", "1", "== 新", "新的报道。")}
        write_pages(tmp_path / "more", more)
        with Library(lib_dir) as library:
            import_pages(library, [tmp_path / "more"])
            service.sync(library)
        assert impact.usable(conn)
        listed = {int(r[0]) for r in conn.execute("SELECT DISTINCT docid FROM imp")}
        assert listed == {int(r[0]) for r in conn.execute("SELECT docid FROM docs")}  # old documents too
        after = service.search("报道", limit=3).hits
        assert service.paths["lists"] >= 1
        assert {h.article_id for h in before} <= {h.article_id for h in service.search("报道", limit=10).hits}
        assert len(after) == 3


def test_impact_lists_keep_the_best_keys_and_bound_the_rest(tmp_path: Path) -> None:
    """Whatever order documents come in, a list holds its best keys and nothing left out is above its bound."""
    import random

    from reader.search import impact
    from reader.search.index import open_index

    conn, _ = open_index(tmp_path / "index.sqlite3")
    rng = random.Random(4)
    tokens = ["a", "b", "c"]
    build = impact.begin(conn, dict.fromkeys(tokens, 5))
    writer = impact.ImpactWriter(conn, size=5)
    offered: dict[str, list[tuple[int, int]]] = {t: [] for t in tokens}
    docid = 0
    for _batch in range(40):
        docs = []
        for _ in range(rng.randint(1, 6)):
            docid += 1
            impacts = [(t, rng.randint(1, 60)) for t in tokens if rng.random() < 0.7]
            for t, q in impacts:
                offered[t].append((q, docid))
            floors, gen = writer.snapshot()
            docs.append((docid, [(t, q) for t, q in impacts if q > floors[t]]))  # as a tokeniser filters
        with transaction(conn):
            writer.add(docs, (floors, gen))
    impact.finish(conn, build)
    for t in tokens:
        tok, tau, n, low = conn.execute("SELECT tok, tau, n, low FROM toks WHERE token = ?", (t,)).fetchone()
        listed = sorted(conn.execute("SELECT key, docid FROM imp WHERE tok = ?", (tok,)).fetchall())
        best = sorted(offered[t])[-5:]
        assert [k for k, _ in listed] == [k for k, _ in best]  # the best keys (ties may swap documents)
        assert n == len(listed) == 5 and low == listed[0][0]
        outside = {d for _, d in offered[t]} - {d for _, d in listed}
        bound = impact.outside_key(tau, n, low, size=5)
        assert all(q <= bound for q, d in offered[t] if d in outside)
    conn.close()


def test_a_reindex_during_another_sync_leaves_nothing_unindexed(lib_dir: Path, tmp_path: Path) -> None:
    """A sync that began before another process emptied the index must not record its mark: its pages
    indexed before the emptying are gone, and the mark would tell every later sync that nothing is missing."""
    more = {f"x/2020-05-{d:02d}/01.txt": page("许昌日报", f"2020-05-{d:02d}", "1", "== 新", "又一天。") for d in (1, 2)}
    write_pages(tmp_path / "more", more)
    with Library(lib_dir) as library:
        import_pages(library, [tmp_path / "more"])
        conn, _ = search_index.open_index(search_index.index_path(lib_dir))
        other, _ = search_index.open_index(search_index.index_path(lib_dir))
        emptied: list[bool] = []

        def progress(done: int, total: int, what: str) -> None:
            if what == "indexing" and not emptied:  # between two batches: the reindex empties the index
                with transaction(other):
                    search_index.IndexWriter(other).clear()
                emptied.append(True)

        search_index.IndexWriter(conn).sync(library, progress)
        assert emptied
        assert search_index.read_meta(conn, "log_counter") is None  # no mark over the emptied index
        search_index.IndexWriter(conn).sync(library)  # the next sync compares every page
        recorded = {int(p): k for p, k in conn.execute("SELECT page_id, key FROM pages")}
        assert recorded == library.index_keys()
        conn.close()
        other.close()


def test_a_sync_that_makes_the_index_big_begins_the_lists_first_from_all_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import goes paper by paper. A sync that takes the index past impact.START_DOCS chooses the lists'
    tokens from pages spread over everything it indexes (both papers), and keeps the lists from its first
    batch, so no page is tokenised twice beyond the sample."""
    from reader.search import impact

    lib = generated_library(tmp_path, pages=24, seed=5, papers=2)
    monkeypatch.setattr(impact, "START_DOCS", 20)
    monkeypatch.setattr(impact, "SAMPLE_PAGES", 6)
    monkeypatch.setattr(impact, "LIST_SIZE", 10**6)  # lists that keep every document holding their token
    monkeypatch.setattr(search_index, "BATCH_PAGES", 4)
    tokenised: list[list[int]] = []
    real = search_index.library_docs

    def spy(library: Library, page_ids: list[int]) -> object:
        tokenised.append(list(page_ids))
        return real(library, page_ids)

    monkeypatch.setattr(search_index, "library_docs", spy)
    with Library(lib) as library, SearchService(lib) as service:
        paper_of = {
            int(p): name for p, name in library.connection.execute(
                "SELECT g.id, n.name FROM pages g JOIN issues i ON i.id = g.issue_id JOIN papers n ON n.id = i.paper_id"
            )
        }
        service.sync(library)
        conn = service._conn()
        assert impact.usable(conn)
        listed = {int(r[0]) for r in conn.execute("SELECT DISTINCT page_id FROM docs JOIN imp USING (docid)")}
        assert listed == set(paper_of)  # the first batch's pages too
    pages = [p for batch in tokenised for p in batch]
    sample = pages[:6]
    assert len({paper_of[p] for p in sample}) == 2  # both papers, not the first pages of one
    assert len(pages) == len(paper_of) + len(sample)  # every page once, and the sample again


def test_an_index_from_before_list_sizes_keeps_its_lists(lib_dir: Path) -> None:
    """Lists of different sizes came later: an index without the column gets it, its lists being 128 long."""
    from reader.search import impact

    path = search_index.index_path(lib_dir)
    conn, _ = search_index.open_index(path)
    impact.finish(conn, impact.begin(conn, {"u5929": 128}))
    conn.execute("ALTER TABLE toks DROP COLUMN size")
    conn.close()
    conn, created = search_index.open_index(path)
    assert not created
    assert conn.execute("SELECT token, size FROM toks").fetchall() == [("u5929", 128)]
    assert impact.usable(conn)
    conn.close()


def test_filters_read_their_own_index_which_an_older_index_gains(tmp_path: Path) -> None:
    """Page, section and kind filters look each match up in the filters' index, not in the documents' rows; an
    index written before it gains it when opened (on read-only media it is searched without), and the filtered
    answers stay the same. A block kind is told from the docid first: articles are not looked up."""
    from reader.search import SearchService
    from reader.search.compile import compile_query
    from reader.search.query import parse_query
    from tests.helpers import generated_library

    lib = generated_library(tmp_path, pages=16, seed=4)
    queries = [("发展", {"page": "2"}), ("记者", {"kind": "caption"}), ("的", {"page": "1"})]
    service = SearchService(lib)
    with Library(lib) as library:
        service.sync(library)
    before = [service.search(q, **kw) for q, kw in queries]  # type: ignore[arg-type]
    assert all(r.error is None and r.total > 0 for r in before), [(r.error, r.total) for r in before]
    conn = service._conn()
    sql, params = service._core_from(compile_query(parse_query("发展 page:2"), []), dead=False)
    plan = conn.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*){sql}", params).fetchall()
    assert any("COVERING INDEX docs_filters" in str(row[-1]) for row in plan), plan
    captions = [service.count(q).total for q in ("kind:caption", "记者 kind:caption")]
    assert all(captions)
    article = conn.execute(
        "SELECT docid FROM docs WHERE kind = 'article'"
        " AND docid IN (SELECT rowid FROM fts WHERE fts MATCH '\"8bb0x8005\"')"  # holds 记者
    ).fetchone()[0]
    conn.execute("UPDATE docs SET kind = 'caption' WHERE docid = ?", (article,))  # a row no sync writes
    assert [service.count(q).total for q in ("kind:caption", "记者 kind:caption")] == captions  # never looked up
    conn.execute("UPDATE docs SET kind = 'article' WHERE docid = ?", (article,))
    conn.execute("DROP INDEX docs_filters")  # as an index of the release before
    service.close()

    def answers(results: list[Any]) -> list[Any]:
        return [(r.error, r.total, [(h.article_id, h.block_id, h.score) for h in r.hits]) for r in results]

    real = search_index._connect
    with pytest.MonkeyPatch.context() as m:  # on read-only media it cannot gain it: searched without it
        m.setattr(search_index, "_connect", lambda path: real(path).execute("PRAGMA query_only = 1").connection)
        read_only = SearchService(lib)
        assert not read_only.created and not read_only.filters_index
        assert answers([read_only.search(q, **kw) for q, kw in queries]) == answers(before)  # type: ignore[arg-type]
        read_only.close()
    again = SearchService(lib)
    assert not again.created and again.filters_index
    assert answers([again.search(q, **kw) for q, kw in queries]) == answers(before)  # type: ignore[arg-type]
    again.close()


def test_the_commonest_tokens_get_longer_lists() -> None:
    """A token in a tenth of the sampled documents keeps DEEP_FACTOR times more entries: the best scores of a
    very common string lie close together (bm25 saturates), and a proof needs a bound below the page's last."""
    from collections import Counter

    from reader.search import impact

    sizes = impact.choose(Counter({"common": 150, "usual": 40, "rare": 5}), docs=1000)
    assert sizes == {"common": impact.LIST_SIZE * impact.DEEP_FACTOR, "usual": impact.LIST_SIZE}


def test_each_list_keeps_its_own_size(tmp_path: Path) -> None:
    from reader.search import impact
    from reader.search.index import open_index

    conn, _ = open_index(tmp_path / "index.sqlite3")
    sizes = {"a": 3, "b": 7}
    build = impact.begin(conn, sizes)
    writer = impact.ImpactWriter(conn)
    offered: dict[str, list[tuple[int, int]]] = {t: [] for t in sizes}
    for docid in range(1, 60):
        impacts = [(t, (docid * 37 + i * 11) % 97 + 1) for i, t in enumerate(sizes)]
        floors, gen = writer.snapshot()
        for t, q in impacts:
            offered[t].append((q, docid))
        with transaction(conn):
            writer.add([(docid, [(t, q) for t, q in impacts if q > floors[t]])], (floors, gen))
    impact.finish(conn, build)
    for t, size in sizes.items():
        tok, tau, n, low = conn.execute("SELECT tok, tau, n, low FROM toks WHERE token = ?", (t,)).fetchone()
        keys = sorted(k for (k,) in conn.execute("SELECT key FROM imp WHERE tok = ?", (tok,)))
        assert n == len(keys) == size
        assert keys == sorted(q for q, _ in offered[t])[-size:]
        bound = impact.outside_key(tau, n, low, size)
        listed = {d for (d,) in conn.execute("SELECT docid FROM imp WHERE tok = ?", (tok,))}
        assert all(q <= bound for q, d in offered[t] if d not in listed)
    conn.close()
