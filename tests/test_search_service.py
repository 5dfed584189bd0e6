"""SearchService on a small hand-made library: syntax, filters, sorting, facets, highlights, updates, recovery."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import pipeline
from reader.library import Library
from reader.search import SearchService
from reader.search.fold import fold
from reader.search.index import INDEX_VERSION, index_path
from tests.helpers import import_pages
from tests.search_fixtures import page, toy_parse, write_pages

PAGES = {
    "xc/2020-04-08/01.txt": page(
        "许昌日报",
        "2020-04-08",
        "1",
        "== 许昌召开疫情防控工作会议",
        "kicker: 刘涛在全市会议上强调",
        "by: 本报记者 王利辉",
        "section: 要闻",
        "4月7日，市新冠肺炎疫情防控指挥部召开会议。",
        "会议要求坚决克服麻痹松懈思想。",
    ),
    "xc/2020-04-08/02.txt": page(
        "许昌日报",
        "2020-04-08",
        "2",
        "== 春耕生产忙",
        "by: 记者 张三",
        "田间地头一派繁忙景象，疫情防控和春耕两不误。",
        "== 植树造林正当时",
        "当前，是植树造林的最佳时期。许昌市民积极参与。",
    ),
    "hs/2021-12-03/01.txt": page(
        "衡水日报",
        "2021-12-03",
        "1",
        "== 衡水湖生态保护",
        "sub: ——访冀州区委书记张洪涛",
        "衡水湖是华北平原的明珠。new York Times 报道了衡水。",
    ),
    "old/1939-04-24/01.txt": page(
        "申報",
        "1939-04-24",
        "1",
        "== 長沙前線戰況",
        "許昌方面，我軍發動攻勢。（長沙廿三日電）",
    ),
}


@pytest.fixture
def parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "parse_page", toy_parse)


@pytest.fixture
def lib_dir(tmp_path: Path, parser: None) -> Path:
    write_pages(tmp_path / "scans", PAGES)
    folder = tmp_path / "lib"
    with Library(folder) as library:
        import_pages(library, [tmp_path / "scans"])
        SearchService(folder).sync(library)
    return folder


@pytest.fixture
def service(lib_dir: Path) -> SearchService:
    svc = SearchService(lib_dir)
    yield svc
    svc.close()


def titles(svc: SearchService, query: str, **kw: object) -> list[str]:
    result = svc.search(query, limit=100, **kw)
    assert result.error is None, result.error
    assert result.total == len(result.hits)
    return [h.title or "" for h in result.hits]


def test_exact_strings_and_all_words(service: SearchService) -> None:
    assert set(titles(service, "疫情防控")) == {"许昌召开疫情防控工作会议", "春耕生产忙"}
    assert titles(service, "疫情防控 春耕") == ["春耕生产忙"]
    assert titles(service, "防控指挥") == ["许昌召开疫情防控工作会议"]  # across jieba words
    assert titles(service, "控疫") == []


def test_single_characters_and_punctuation(service: SearchService) -> None:
    assert set(titles(service, "湖")) == {"衡水湖生态保护"}
    assert titles(service, '"，疫情"') == ["春耕生产忙"]
    assert titles(service, "（長沙") == ["長沙前線戰況"]


def test_simplified_and_traditional_match_each_other(service: SearchService) -> None:
    assert set(titles(service, "许昌方面")) == {"長沙前線戰況"}
    assert set(titles(service, "許昌")) == {"许昌召开疫情防控工作会议", "植树造林正当时", "長沙前線戰況"}
    assert titles(service, "長沙前线") == ["長沙前線戰況"]


def test_phrases_or_not_and_fields(service: SearchService) -> None:
    assert titles(service, '"new york"') == ["衡水湖生态保护"]
    assert titles(service, '"york new"') == []
    assert titles(service, "NEW") == ["衡水湖生态保护"]  # case folded
    assert set(titles(service, "春耕 OR 衡水湖")) == {"春耕生产忙", "衡水湖生态保护"}
    assert titles(service, "疫情防控 -春耕") == ["许昌召开疫情防控工作会议"]
    assert titles(service, "疫情防控 NOT 春耕") == ["许昌召开疫情防控工作会议"]
    assert titles(service, "title:疫情") == ["许昌召开疫情防控工作会议"]
    assert titles(service, "author:王利辉") == ["许昌召开疫情防控工作会议"]
    assert titles(service, "byline:张") == ["春耕生产忙"]
    assert titles(service, "title:张") == []
    assert titles(service, "sub:访冀州") == ["衡水湖生态保护"]
    assert titles(service, "kicker:刘涛") == ["许昌召开疫情防控工作会议"]
    assert titles(service, "paper:衡水 湖") == ["衡水湖生态保护"]
    assert set(titles(service, "paper:申报")) == {"長沙前線戰況"}  # folded paper names
    assert titles(service, "page:2 许昌") == ["植树造林正当时"]
    assert titles(service, "section:要闻") == ["许昌召开疫情防控工作会议"]
    assert titles(service, "date:2021") == ["衡水湖生态保护"]
    assert titles(service, "date:1939-04") == ["長沙前線戰況"]
    assert set(titles(service, "date:2020-04-01..2021-12-31 -春耕")) == {
        "许昌召开疫情防控工作会议",
        "植树造林正当时",
        "衡水湖生态保护",
    }
    assert set(titles(service, "许昌 OR date:2021")) == {
        "许昌召开疫情防控工作会议",
        "植树造林正当时",
        "長沙前線戰況",
        "衡水湖生态保护",
    }
    assert set(titles(service, "-许昌")) == {"春耕生产忙", "衡水湖生态保护"}


def test_filter_parameters(service: SearchService) -> None:
    assert titles(service, "许昌", paper="许昌日报", page="2") == ["植树造林正当时"]
    assert titles(service, "", date_from="2021-01-01") == ["衡水湖生态保护"]
    assert titles(service, "", date_to="1940") == ["長沙前線戰況"]
    assert len(titles(service, "", date_from="2020-04-08", date_to="2020-04-08")) == 3


def test_sorting(service: SearchService) -> None:
    assert titles(service, "", sort="oldest")[0] == "長沙前線戰況"
    assert titles(service, "", sort="newest")[0] == "衡水湖生态保护"
    # The title match ranks above the body-only match.
    assert titles(service, "疫情防控")[0] == "许昌召开疫情防控工作会议"
    bad = service.search("x", sort="sideways")
    assert bad.error and "sort" in bad.error


def test_facets(service: SearchService) -> None:
    result = service.search("许昌")
    assert result.total == 3
    assert result.facets["paper"] == {"许昌日报": 2, "申報": 1}
    assert result.facets["year"] == {1939: 1, 2020: 2}
    assert result.facets["kind"] == {"article": 3}
    assert service.count("许昌").total == 3


def test_snippets_and_hit_offsets_mark_the_query(service: SearchService) -> None:
    (hit,) = service.search("许昌方面").hits
    assert hit.paper == "申報" and hit.date == "1939-04-24" and hit.page == "1"
    assert [fold(hit.snippet[s:e]) for s, e in hit.snippet_hits] == ["许昌方面"]
    offsets = service.hit_offsets(hit.article_id, "许昌方面 戰況")
    art = Library(service.library_dir).article(hit.article_id)
    assert art is not None
    assert [art.body[s:e] for s, e in offsets["body"]] == ["許昌方面"]
    assert [art.title[s:e] for s, e in offsets["title"]] == ["戰況"]  # type: ignore[index]
    multi = service.search("疫情防控 会议", limit=1).hits[0]
    found = service.hit_offsets(multi.article_id, "疫情防控 会议")
    body = Library(service.library_dir).article(multi.article_id).body  # type: ignore[union-attr]
    assert sorted(body[s:e] for s, e in found["body"]) == ["会议", "会议", "疫情防控"]
    assert service.hit_offsets(multi.article_id, '"unclosed') == {k: [] for k in found}


def test_incremental_updates(tmp_path: Path, lib_dir: Path) -> None:
    svc = SearchService(lib_dir)
    scans = tmp_path / "scans"
    # A new page is added.
    write_pages(
        scans, {"xc/2020-04-09/01.txt": page("许昌日报", "2020-04-09", "1", "== 新闻", "莲城新区开工。")}
    )
    with Library(lib_dir) as library:
        import_pages(library, [scans])
        assert svc.sync(library).indexed_pages == 1
    assert titles(svc, "莲城新区") == ["新闻"]
    # A re-imported page replaces its articles.
    write_pages(
        scans, {"xc/2020-04-09/01.txt": page("许昌日报", "2020-04-09", "1", "== 新闻", "鹿城新区开工。")}
    )
    with Library(lib_dir) as library:
        import_pages(library, [scans])
        svc.sync(library)
    assert titles(svc, "莲城新区") == []
    assert titles(svc, "鹿城新区") == ["新闻"]
    # A removed page leaves the index.
    conn = sqlite3.connect(lib_dir / "library.sqlite3")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM pages WHERE source_path LIKE '%2020-04-09%'")
    conn.commit()
    conn.close()
    assert svc.sync().removed_pages == 1
    assert titles(svc, "鹿城新区") == []
    assert svc.sync().indexed_pages == 0  # idempotent


def test_rebuild_gives_the_same_results(service: SearchService) -> None:
    before = {q: titles(service, q) for q in ("许昌", "疫情防控", "湖", "date:2020")}
    report = service.rebuild()
    assert report.rebuilt and report.indexed_pages == len(PAGES)
    assert {q: titles(service, q) for q in before} == before


def _expect_recovered(lib_dir: Path) -> None:
    svc = SearchService(lib_dir)
    svc.sync()
    assert set(titles(svc, "疫情防控")) == {"许昌召开疫情防控工作会议", "春耕生产忙"}
    svc.close()


def test_garbage_index_file_is_rebuilt(lib_dir: Path) -> None:
    path = index_path(lib_dir)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    _expect_recovered(lib_dir)


def test_deleted_index_is_rebuilt(lib_dir: Path) -> None:
    for f in index_path(lib_dir).parent.iterdir():
        f.unlink()
    _expect_recovered(lib_dir)


def test_index_of_another_version_is_rebuilt(lib_dir: Path) -> None:
    conn = sqlite3.connect(index_path(lib_dir))
    conn.execute("UPDATE meta SET value = '0.0' WHERE key = 'version'")
    conn.execute("DELETE FROM docs")
    conn.commit()
    conn.close()
    _expect_recovered(lib_dir)
    conn = sqlite3.connect(index_path(lib_dir))
    assert conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == INDEX_VERSION
    conn.close()


def test_writer_killed_mid_transaction_leaves_a_usable_index(lib_dir: Path) -> None:
    code = (
        "import sqlite3, os, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE'); c.execute('DELETE FROM docs'); c.execute('DELETE FROM pages')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(index_path(lib_dir))], check=True)
    _expect_recovered(lib_dir)


def test_search_works_while_another_thread_writes(tmp_path: Path, lib_dir: Path) -> None:
    scans = tmp_path / "more"
    write_pages(
        scans,
        {
            f"p/2022-01-{d:02d}/{n:02d}.txt": page(
                "莲城晚报", f"2022-01-{d:02d}", str(n), "== 标题", f"第{d}天第{n}版新闻。"
            )
            for d in range(1, 11)
            for n in range(1, 5)
        },
    )
    with Library(lib_dir) as library:
        import_pages(library, [scans])
    svc = SearchService(lib_dir)
    errors: list[str] = []
    totals: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            result = svc.search("新闻")
            if result.error:
                errors.append(result.error)
            totals.append(result.total)
            assert set(titles(svc, "疫情防控")) == {"许昌召开疫情防控工作会议", "春耕生产忙"}

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        report = svc.sync()  # this thread writes 40 pages in batches while the reader searches
    finally:
        stop.set()
        thread.join()
    assert report.indexed_pages == 40
    assert not errors
    assert totals == sorted(totals)  # each search sees a committed state, never a partial batch going back
    assert svc.search("新闻").total == 40


_QUERY_CHARS = st.sampled_from(list('许昌疫情防控 "-:OR NOT title:date:2020..paper:page:湖\u3000＂（'))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(st.text(max_size=40), st.text(alphabet=_QUERY_CHARS, max_size=40)))
def test_search_never_raises(service: SearchService, query: str) -> None:
    result = service.search(query, limit=5)
    assert result.error is None or isinstance(result.error, str)
    assert result.total >= 0 or result.error


def test_warm_up_and_hit_offsets_work_without_jieba_on_the_calling_thread(tmp_path: Path) -> None:
    """hit_offsets runs on the GUI thread: it must not wait for jieba's dictionary."""
    from unittest import mock

    from reader.search import analysis
    from reader.search.service import SearchService

    service = SearchService(tmp_path / "empty-lib")
    with mock.patch.object(analysis, "init_jieba", side_effect=AssertionError("jieba loaded")):
        assert service.hit_offsets(1, "许昌 养老")["body"] == []
    service.warm_up()
    service.close()
