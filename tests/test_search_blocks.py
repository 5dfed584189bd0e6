"""Every character of a page is findable: blocks are indexed and found with their kind; kind: filters them;
documents of unknown date match no date filter; listings without a string show articles only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.ingest import pipeline
from reader.ingest.model import Article, Block, BlockKind, PageMeta, ParsedPage, Source
from reader.library import Library
from reader.search import SearchService
from reader.search.highlight import page_hit_offsets
from reader.search.query import QueryError, parse_query
from tests.helpers import import_pages
from tests.search_fixtures import toy_parse, write_pages


def block_parse(text: str, source: str, papers: object = None) -> ParsedPage:
    """The toy format, plus "[kind] text" lines that become blocks of that kind (spans in the page text)."""
    page = toy_parse("\n".join(x for x in text.splitlines() if not x.startswith("[")), source, papers)
    items: list[Article | Block] = list(page.items)
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            kind, _, body = line.strip()[1:].partition("] ")
            start = offset + len(kind) + 3
            items.append(Block(BlockKind(kind), body, [(start, start + len(body))]))
        offset += len(line)
    return ParsedPage(source=page.source, text=text, meta=page.meta, items=items)


PAGES = {
    "a/2020-04-08/01.txt": "paper: 许昌日报\ndate: 2020-04-08\npage: 1\n== 春耕\n田间地头一派繁忙。\n"
    "[advert] 工商银行 许昌分行 惠民贷款\n[caption] 农民在田间劳作 本报记者 乔利峰 摄\n",
    "a/2020-04-09/01.txt": "paper: 许昌日报\ndate: 2020-04-09\npage: 1\n== 植树\n连载小说第三回。\n"
    "[index] 连载小说 今日导读\n",
    "u/scan.txt": "paper: 许昌日报\npage: 2\n== 无日期的文章\n日期不明的报道。\n[footer] 值班编审 黄双燕\n",
}


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("blocks")
    write_pages(root / "scans", PAGES)
    with pytest.MonkeyPatch.context() as m, Library(root / "lib") as library:
        m.setattr(pipeline, "parse_page", block_parse)
        import_pages(library, [root / "scans"])
        SearchService(root / "lib").sync(library)
    return root / "lib"


@pytest.fixture
def service(lib_dir: Path) -> SearchService:
    svc = SearchService(lib_dir)
    yield svc
    svc.close()


def kinds(svc: SearchService, query: str, **kw: object) -> list[str]:
    result = svc.search(query, limit=50, **kw)
    assert result.error is None, result.error
    assert result.total == len(result.hits)
    return sorted(h.kind for h in result.hits)


def test_blocks_are_found_with_their_kind_and_place(service: SearchService, lib_dir: Path) -> None:
    result = service.search("惠民贷款")
    (hit,) = result.hits
    assert (hit.kind, hit.article_id, hit.title) == ("advert", None, None)
    assert hit.block_id is not None and hit.page_id is not None
    assert hit.paper == "许昌日报" and hit.date == "2020-04-08" and hit.page == "1"
    assert [hit.snippet[s:e] for s, e in hit.snippet_hits] == ["惠民贷款"]
    page = Library(lib_dir).page(hit.page_id)
    assert page is not None
    (start, end), = hit.spans
    assert page.text[start:end] == "工商银行 许昌分行 惠民贷款"
    assert [page.text[s:e] for s, e in page_hit_offsets(page.text, hit.spans, "惠民贷款 许昌")] == ["许昌", "惠民贷款"]
    data = hit.to_json()
    assert data["kind"] == "advert" and data["block_id"] == hit.block_id and data["spans"] == [[start, end]]
    assert result.facets["kind"] == {"advert": 1}


def test_text_in_articles_and_blocks_is_found_articles_first(service: SearchService) -> None:
    assert kinds(service, "连载小说") == ["article", "index"]
    hits = service.search("连载小说").hits
    assert hits[0].is_article or hits[0].score > hits[1].score
    assert kinds(service, "许昌") == ["advert"]
    assert kinds(service, "本报记者") == ["caption"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("连载小说 kind:article", ["article"]),
        ("连载小说 kind:文章", ["article"]),
        ("连载小说 kind:导读", ["index"]),
        ("连载小说 kind:index", ["index"]),
        ("连载小说 kind:block", ["index"]),
        ("连载小说 -kind:article", ["index"]),
        ("kind:广告", ["advert"]),
        ("kind:图片说明", ["caption"]),
        ("kind:页脚", ["footer"]),
        ("kind:block", ["advert", "caption", "footer", "index"]),
        ("kind:advert OR kind:caption", ["advert", "caption"]),
    ],
)
def test_kind_filter(service: SearchService, query: str, expected: list[str]) -> None:
    assert kinds(service, query) == expected


def test_kind_parameter_and_errors(service: SearchService) -> None:
    assert kinds(service, "连载小说", kind="article") == ["article"]
    assert kinds(service, "", kind="caption") == ["caption"]
    for bad in ("kind:poster", "kind:"):
        with pytest.raises(QueryError) as err:
            parse_query(bad)
        assert "广告" in str(err.value)
    assert "广告" in (service.search("x", kind="poster").error or "")


def test_listing_without_a_string_shows_articles(service: SearchService) -> None:
    assert kinds(service, "") == ["article", "article", "article"]
    assert kinds(service, "paper:许昌") == ["article", "article", "article"]
    newest = service.search("").hits
    assert [h.date for h in newest] == ["2020-04-09", "2020-04-08", None]  # unknown date last
    assert [h.date for h in service.search("", sort="oldest").hits] == [None, "2020-04-08", "2020-04-09"]


@pytest.mark.parametrize(
    "kw",
    [{"date_to": "2020"}, {"date_to": "2019"}, {"date_from": "1900", "date_to": "2100"}],
)
def test_unknown_dates_match_no_date_filter(service: SearchService, kw: dict[str, str]) -> None:
    dated = {h.date for h in service.search("", limit=50, **kw).hits}  # type: ignore[arg-type]
    assert None not in dated
    assert service.search("日期不明", **kw).total == 0  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["日期不明 date:..2019", "日期不明 date:..2100", "日期不明 date:1900.."])
def test_unknown_dates_match_no_date_range_in_the_query(service: SearchService, query: str) -> None:
    assert service.search(query).total == 0
    assert service.search("日期不明").total == 1
    assert service.search("日期不明 -date:2020").total == 1  # NOT a date range: unknown dates are outside it


def test_facets_say_unknown_as_none(service: SearchService) -> None:
    facets = service.search("").facets
    assert facets["year"] == {2020: 2, None: 1}
    assert facets["paper"] == {"许昌日报": 3}
    assert service.search("").to_json()["facets"]["year"] == [
        {"value": 2020, "count": 2},
        {"value": None, "count": 1},
    ]


def test_toy_parser_sanity() -> None:
    page = block_parse(PAGES["a/2020-04-08/01.txt"], "x.txt")
    assert [type(i).__name__ for i in page.items] == ["Article", "Block", "Block"]
    assert page.meta.date == dt.date(2020, 4, 8)
    assert PageMeta is not None and Source is not None
