"""Masthead facts of single blocks, and merging them over the masthead blocks of a page."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.masthead import MastheadHit, merge_hits, scan_block
from reader.ingest.model import Source
from reader.ingest.papers import PaperDirectory
from tests.conftest import sample_text


@pytest.fixture(scope="module")
def papers() -> PaperDirectory:
    return PaperDirectory.default()


def _head(prefix: str, blocks: int = 12) -> list[str]:
    return [b for b in sample_text(prefix).split("\n\n") if b.strip()][:blocks]


def test_lunar_only_masthead_line(papers: PaperDirectory) -> None:
    hit = scan_block("星期二 农历壬寅年九月十六 国内统一连续出版物号:CN 41-0013", papers)
    assert hit.date == dt.date(2022, 10, 11)
    assert hit.date_source == Source.LUNAR
    assert hit.weekday == 1
    assert (hit.paper, hit.paper_cue) == ("许昌日报", "serial")
    assert {"weekday", "lunar", "serial"} <= hit.cues


def test_gregorian_date_wins_over_lunar(papers: PaperDirectory) -> None:
    hit = scan_block("2020年4月8日\n星期三 农历庚子年三月十六", papers)
    assert hit.date == dt.date(2020, 4, 8)
    assert hit.date_source == Source.MASTHEAD
    assert {"date", "weekday", "lunar"} <= hit.cues


def test_issue_and_page_count(papers: PaperDirectory) -> None:
    hit = scan_block("第 9785 期 今日8版", papers)
    assert (hit.issue_number, hit.page_count) == (9785, 8)
    assert {"issue", "page_count"} <= hit.cues


@pytest.mark.parametrize(
    ("text", "issue"),
    [
        ("第9158期", 9158),
        ("许昌日报社出版 第9158期", 9158),
        ("第三千七百九十八號", 3798),
        ("第3798号", 3798),
        ("总第12345期", 12345),
        ("第五期", 5),  # a short line on its own
        ("网址: http://www.21xc.com 许昌日报社出版 第9158期 许昌手机报移动用户发送订阅", 9158),
    ],
)
def test_issue_numbers(papers: PaperDirectory, text: str, issue: int) -> None:
    assert scan_block(text, papers).issue_number == issue


@pytest.mark.parametrize(
    "text",
    [
        "中心城区第三十五次城建重点项目周例会召开",
        "全市第三期干部论坛举行,丁同民出席",
        "这是一段很长的正文段落,其中提到了第5期培训班的情况,参加人员包括各县市区的负责同志和有关单位的代表",
        "根据市政府第3号文件",
    ],
)
def test_not_issue_numbers(papers: PaperDirectory, text: str) -> None:
    assert scan_block(text, papers).issue_number is None


@pytest.mark.parametrize(
    ("text", "count"),
    [("今日8版", 8), ("今日 8 版", 8), ("本期十六版", 16), ("今日十二版", 12), ("本期共24版", 24)],
)
def test_page_count(papers: PaperDirectory, text: str, count: int) -> None:
    assert scan_block(text, papers).page_count == count


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("第2版", "2"),
        ("第A2版 要闻", "A2"),
        ("A2版 综合", "A2"),
        ("第二版 要闻", "2"),
        ("2版", "2"),
        ("第 3 版", "3"),
    ],
)
def test_page_header(papers: PaperDirectory, text: str, label: str) -> None:
    hit = scan_block(text, papers)
    assert hit.page_label == label
    assert "page_header" in hit.cues


@pytest.mark.parametrize("text", ["(下转第二版)", "(上接第一版)", "（下转A2版）", "今日8版", "第2版本的说明"])
def test_jump_lines_are_not_page_headers(papers: PaperDirectory, text: str) -> None:
    assert scan_block(text, papers).page_label is None


def test_date_in_long_body_paragraph_is_ignored(papers: PaperDirectory) -> None:
    body = (
        "本报讯 2020年4月8日上午,我市召开全市经济工作会议,"
        "会议传达学习了上级有关精神,安排部署下一阶段工作任务。"
    )
    hit = scan_block(body, papers)
    assert hit.date is None
    assert "date" not in hit.cues


def test_republic_era_masthead(papers: PaperDirectory) -> None:
    hit = scan_block("晶報\n中華民國貳拾捌年四月廿四日 星期一\n第三千七百九十八號", papers)
    assert (hit.paper, hit.paper_cue) == ("晶报", "name")
    assert hit.date == dt.date(1939, 4, 24)
    assert hit.weekday == 0
    assert hit.issue_number == 3798


def test_unknown_paper_is_guessed(papers: PaperDirectory) -> None:
    hit = scan_block("某某晚报", papers)
    assert (hit.paper, hit.paper_cue) == ("某某晚报", "guess")
    assert "paper_name" in hit.cues


def test_publisher_and_generic_cues_for_unknown_papers(papers: PaperDirectory) -> None:
    hit = scan_block("中共某某市委机关报\n某某日报社出版 总编辑:张三\n国内统一刊号:CN99-0001", papers)
    assert {"organ", "publisher", "serial"} <= hit.cues
    assert hit.paper is None


@pytest.mark.parametrize("text", ["卢希望指出,要扎实做好整治工作的后半篇文章。", "合作社社长带领村民致富"])
def test_body_text_has_no_cues(papers: PaperDirectory, text: str) -> None:
    assert scan_block(text, papers).cues == set()


def test_sample_front_page_with_lunar_date_only(papers: PaperDirectory) -> None:
    merged = merge_hits(scan_block(b, papers) for b in _head("000"))
    assert merged.paper == "许昌日报"
    assert merged.date == dt.date(2022, 10, 11)
    assert merged.date_source == Source.LUNAR
    assert (merged.issue_number, merged.page_count) == (9785, 8)
    assert {"latin_name", "organ", "publisher", "lunar", "weekday", "issue", "page_count"} <= merged.cues


def test_sample_front_page_with_printed_date(papers: PaperDirectory) -> None:
    merged = merge_hits(scan_block(b, papers) for b in _head("001"))
    assert (merged.paper, merged.paper_cue) == ("许昌日报", "name")
    assert merged.date == dt.date(2020, 4, 8)
    assert merged.date_source == Source.MASTHEAD
    assert merged.issue_number == 9158


def test_sample_hengshui(papers: PaperDirectory) -> None:
    merged = merge_hits(scan_block(b, papers) for b in _head("004", 6))
    assert (merged.paper, merged.paper_cue) == ("衡水日报", "latin")
    assert merged.date == dt.date(2021, 12, 3)
    assert merged.weekday == 4


def test_sample_inner_page_has_no_masthead(papers: PaperDirectory) -> None:
    merged = merge_hits(scan_block(b, papers) for b in _head("002"))
    assert merged.paper is None and merged.date is None and merged.issue_number is None


def test_merge_first_wins_but_directory_beats_guess_and_print_beats_lunar() -> None:
    lunar, printed = Source.LUNAR, Source.MASTHEAD
    merged = merge_hits(
        [
            MastheadHit(paper="某某晚报", paper_cue="guess", date=dt.date(2020, 1, 1), date_source=lunar),
            MastheadHit(issue_number=5, page_count=8, cues={"issue"}),
            MastheadHit(paper="许昌日报", paper_cue="latin", date=dt.date(2020, 1, 2), date_source=printed),
            MastheadHit(
                paper="衡水日报", paper_cue="name", issue_number=6, date=dt.date(2020, 1, 3),
                date_source=printed, cues={"paper_name"},
            ),
        ]
    )
    assert (merged.paper, merged.paper_cue) == ("许昌日报", "latin")
    assert (merged.date, merged.date_source) == (dt.date(2020, 1, 2), Source.MASTHEAD)
    assert (merged.issue_number, merged.page_count) == (5, 8)
    assert merged.cues == {"issue", "paper_name"}


def test_merge_resolves_lunar_with_weekday_from_another_block(papers: PaperDirectory) -> None:
    hits = [scan_block("农历九月十六", papers), scan_block("星期二", papers)]
    assert hits[0].date is None  # no year evidence in that block alone
    merged = merge_hits(hits, year_hint=2022)
    assert merged.date == dt.date(2022, 10, 11)
    assert merged.date_source == Source.LUNAR


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_scan_block_never_raises(text: str) -> None:
    hit = scan_block(text, PaperDirectory.default())
    assert isinstance(hit, MastheadHit)


SOUP = "第期号號版今日本星期二农历壬寅年九月十六〇一二三四五六七八九十百千0123456789 \n()下转"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=SOUP, max_size=60))
def test_scan_block_never_raises_on_masthead_soup(text: str) -> None:
    hit = scan_block(text, PaperDirectory.default())
    assert isinstance(hit, MastheadHit)
    assert hit.date is None or hit.date_source in (Source.MASTHEAD, Source.LUNAR)
    assert hit.weekday in (None, *range(7))
    assert hit.issue_number is None or hit.issue_number >= 1
