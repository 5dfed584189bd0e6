"""The library's browsing queries: papers, years, months, calendar days, neighbours, page lists and contents.

Pages are parsed by a tiny stand-in parser so that paper, date and items are exactly what the test wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.ingest import pipeline
from reader.ingest.model import Article, Block, BlockKind, PageMeta, ParsedPage, Source
from reader.library import Library
from tests.helpers import import_pages

NORTH, SOUTH = "北方日报", "南方日报"  # 北 (U+5317) sorts before 南 (U+5357)


def toy_parse(text: str, source: str, papers: object = None) -> ParsedPage:
    """Header lines 'paper: X', 'date: ISO', 'page: N'; '# title | byline' articles; '!kind text' blocks.

    In a block's text a literal backslash-n is a line break.
    """
    meta = PageMeta()
    items: list[Article | Block] = []
    for line in text.splitlines():
        key, _, value = line.partition(": ")
        if key == "paper":
            meta.set("paper", value, Source.MASTHEAD)
        elif key == "date":
            meta.set("date", dt.date.fromisoformat(value), Source.PATH)
        elif key == "page":
            meta.set("page", value, Source.TEXT)
        elif line.startswith("# "):
            title, _, byline = line[2:].partition(" | ")
            items.append(Article(title=title or None, byline=byline or None))
        elif line.startswith("!"):
            kind, _, body = line[1:].partition(" ")
            items.append(Block(BlockKind(kind), body.replace("\\n", "\n")))
        elif line.strip() and items and isinstance(items[-1], Article):
            items[-1].paragraphs.append(line.strip())
    return ParsedPage(source=source, text=text, meta=meta, items=items)


@pytest.fixture(autouse=True)
def _toy_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "parse_page", toy_parse)


def write_page(root: Path, folder: str, name: str, *lines: str) -> None:
    path = root / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    src = tmp_path / "src"
    # One folder per issue: pages of a folder share what they know, which is not what these tests are about.
    for day in ("2019-12-31", "2020-01-05", "2020-01-20"):
        write_page(src, f"n{day}", "p1.txt", f"paper: {NORTH}", f"date: {day}", "page: 1", "# 要闻", "正文。")
    write_page(
        src, "n2020-03-01", "p2.txt", f"paper: {NORTH}", "date: 2020-03-01", "page: 2", "# 二版", "正文。"
    )
    write_page(
        src,
        "n2020-03-01",
        "p1.txt",
        f"paper: {NORTH}",
        "date: 2020-03-01",
        "page: 1",
        "!masthead 北方日报",
        "# 头条新闻 | 本报记者 张三",
        "第一段文字。",
        "第二段。",
        "#  | ",
        "没有标题的短讯正文，写得很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。",
        "!advert 本店开张\\n欢迎光临",
        "!footer 值班编辑 李四",
    )
    write_page(src, "n-undated", "p1.txt", f"paper: {NORTH}", "page: 1", "# 无日期", "正文。")
    write_page(
        src, "s2020-01-05", "p1.txt", f"paper: {SOUTH}", "date: 2020-01-05", "page: 1", "# 南方", "正文。"
    )
    write_page(src, "x2020-02-02", "p1.txt", "date: 2020-02-02", "page: 1", "# 无名", "正文。")
    library = Library(tmp_path / "lib")
    report = import_pages(library, [src])
    assert report.added == 8 and not report.skipped
    yield library
    library.close()


def issue_id(lib: Library, paper: str | None, day: str) -> int:
    found = lib.find_issue(paper, dt.date.fromisoformat(day))
    assert found is not None
    return found.id


def test_paper_counts_list_unknown_paper_last(lib: Library) -> None:
    assert lib.paper_counts() == [(NORTH, 5), (SOUTH, 1), (None, 1)]


def test_paper_years_with_undated_last(lib: Library) -> None:
    assert lib.paper_years(NORTH) == [(2019, 1), (2020, 3), (None, 1)]
    assert lib.paper_years(None) == [(2020, 1)]
    assert lib.paper_years("不存在的报") == []


def test_issue_months(lib: Library) -> None:
    assert lib.issue_months(NORTH, 2020) == [(1, 2), (3, 1)]
    assert lib.issue_months(NORTH, 2019) == [(12, 1)]
    assert lib.issue_months(SOUTH, 2019) == []


def test_issues_in_month_year_and_undated(lib: Library) -> None:
    january = lib.issues_in_month(NORTH, 2020, 1)
    assert [i.date for i in january] == [dt.date(2020, 1, 5), dt.date(2020, 1, 20)]
    assert {i.paper for i in january} == {NORTH}
    december = lib.issues_in_month(NORTH, 2019, 12)  # the month that ends at the turn of the year
    assert [i.date for i in december] == [dt.date(2019, 12, 31)]
    assert len(lib.issues_in_month(NORTH, 2020)) == 3
    (undated,) = lib.issues_in_month(NORTH, None)
    assert undated.date is None and undated.paper == NORTH
    (unknown,) = lib.issues_in_month(None, 2020, 2)
    assert unknown.paper is None and unknown.date == dt.date(2020, 2, 2)


def test_issue_dates_for_the_calendar(lib: Library) -> None:
    expected = [
        (dt.date(2020, 1, 5), issue_id(lib, NORTH, "2020-01-05")),
        (dt.date(2020, 1, 20), issue_id(lib, NORTH, "2020-01-20")),
    ]
    assert lib.issue_dates(NORTH, 2020, 1) == expected
    assert lib.issue_dates(NORTH, 2020, 2) == []
    assert lib.issue_dates(None, 2020, 2) == [(dt.date(2020, 2, 2), issue_id(lib, None, "2020-02-02"))]


def test_issue_on_or_after(lib: Library) -> None:
    same_day = lib.issue_on_or_after(NORTH, dt.date(2020, 1, 5))
    assert same_day is not None and same_day.date == dt.date(2020, 1, 5)
    following = lib.issue_on_or_after(NORTH, dt.date(2020, 1, 6))
    assert following is not None and following.date == dt.date(2020, 1, 20)
    assert lib.issue_on_or_after(NORTH, dt.date(2020, 3, 2)) is None
    other = lib.issue_on_or_after(SOUTH, dt.date(2000, 1, 1))
    assert other is not None and other.paper == SOUTH


def test_adjacent_issue_stays_within_the_paper(lib: Library) -> None:
    jan5 = issue_id(lib, NORTH, "2020-01-05")
    nxt = lib.adjacent_issue(jan5, +1)
    prev = lib.adjacent_issue(jan5, -1)
    assert nxt is not None and nxt.date == dt.date(2020, 1, 20)
    assert prev is not None and prev.date == dt.date(2019, 12, 31)
    two = lib.adjacent_issue(jan5, +2)
    assert two is not None and two.date == dt.date(2020, 3, 1)
    assert lib.adjacent_issue(issue_id(lib, NORTH, "2020-03-01"), +1) is None
    assert lib.adjacent_issue(issue_id(lib, SOUTH, "2020-01-05"), +1) is None
    assert lib.adjacent_issue(issue_id(lib, SOUTH, "2020-01-05"), -1) is None
    assert lib.adjacent_issue(999_999, +1) is None


def test_page_summaries_in_page_order_without_text(lib: Library) -> None:
    pages = lib.page_summaries(issue_id(lib, NORTH, "2020-03-01"))
    assert [p.label for p in pages] == ["1", "2"]
    front = pages[0]
    assert (front.article_count, front.block_count) == (2, 3)
    assert front.provenance["date"] == "path" and front.provenance["paper"] == "masthead"
    assert not hasattr(front, "text")
    assert lib.page_summaries(999_999) == []


def test_page_toc_lists_articles_and_blocks_in_reading_order(lib: Library) -> None:
    page = lib.page_summaries(issue_id(lib, NORTH, "2020-03-01"))[0]
    toc = lib.page_toc(page.id)
    assert [e.kind for e in toc] == ["masthead", "article", "article", "advert", "footer"]
    assert [e.ord for e in toc] == [0, 1, 2, 3, 4]
    _masthead, lead, untitled, advert, footer = toc
    assert (lead.title, lead.byline, lead.char_count) == (
        "头条新闻",
        "本报记者 张三",
        len("第一段文字。第二段。"),
    )
    assert lead.first_line == "第一段文字。"
    assert untitled.title is None and untitled.is_article
    assert untitled.first_line.endswith("…") and len(untitled.first_line) == 41  # shortened to 40 + ellipsis
    assert advert.first_line == "本店开张" and advert.char_count == len("本店开张\n欢迎光临")
    assert footer.first_line == "值班编辑 李四" and not footer.is_article
    assert {e.page_id for e in toc} == {page.id}
    assert lib.page_toc(999_999) == []
