"""Fuzzing with newspaper-like input: the page, date, masthead, query and notes-filter parsers never fail.

Generators (tests/fuzz_strategies.py) build what real OCR pages hold (mastheads with Gregorian, Chinese-numeral,
Republic-era and lunar dates, 第N版 headers, bylines, 本报讯, jump lines, captions, footers) and mix in what they
should survive (control characters, BOMs, stray unicode, markup, very long lines); the checks are in
tests/parse_checks.py. Properties: nothing raises (and nothing
is swallowed into an error log), the spans of a page cover each non-space character exactly once, metadata
has the right types and valid values, printed dates read back as written, the query parser raises only
``QueryError`` and answers at once, and parse time grows linearly with the page.

Simpler properties live next to each module (tests/test_provenance.py, test_dates.py, test_masthead.py,
test_numerals.py, test_search_query.py, test_decode.py); the full linearity benchmark with its tighter limit
is ``python -m bench.bench_parse``. ``FUZZ_SCALE=20 pytest tests/test_fuzz.py`` runs 20 times the examples.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.ingest.dates import MIN_YEAR, find_gregorian_date, find_lunar_date, find_weekday, parse_lunar
from reader.ingest.masthead import MastheadHit, merge_hits, scan_block
from reader.ingest.model import Block, BlockKind, ParsedPage, Source
from reader.ingest.numerals import chinese_to_int
from reader.ingest.page import parse_page
from reader.ingest.papers import PaperDirectory
from reader.notes.filter import NoteFilter
from reader.notes.model import Annotation
from reader.search.compile import compile_query
from reader.search.query import MAX_QUERY_CHARS, QueryError, parse_query
from tests.conftest import SAMPLES
from tests.fuzz_strategies import (
    FIXED,
    SOURCES,
    TODAY,
    WEEKDAYS,
    cn_digits,
    cn_number,
    fragment,
    fuzz,
    page_text,
    printed_date,
    printed_lunar,
)
from tests.parse_checks import (
    LABEL_FORM,
    assert_linear,
    assert_spans_cover_once,
    assert_valid_date,
    assert_valid_page,
    no_logged_errors,
)

_SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]


def test_the_checks_can_fail() -> None:
    """The span check finds gaps and overlaps, the log check finds a swallowed error."""
    text = "标题\n\n正文。"
    page = parse_page(text, "x/page.txt")
    assert_spans_cover_once(page, text)
    for spans in ([(0, 2)], [(0, 2), (1, 7)]):
        broken = ParsedPage(page.source, text, page.meta, [Block(BlockKind.NOISE, "", spans)])
        with pytest.raises(AssertionError):
            assert_spans_cover_once(broken, text)
    with pytest.raises(AssertionError), no_logged_errors():
        logging.getLogger("reader.ingest.masthead").error("masthead scan failed")


# ------------------------------------------------------------------------------------------------------
# The page parser


@fuzz(250)
@given(page_text(), SOURCES)
@example("(下转第二版)" * 3000, "x/page.txt")  # was a RecursionError: one recursion per jump line
@example("许昌日报\n\n" + "正文内容，(下转第二版)" * 500 + "\n标题一\n标题二", "x/page.txt")
def test_page_parser_on_newspaper_like_text(text: str, source: str) -> None:
    with no_logged_errors():
        page = parse_page(text, source)
    assert_valid_page(page, text, source)


@fuzz(60)
@given(st.lists(st.one_of(fragment(), st.text(min_size=1)), max_size=12), st.randoms(use_true_random=False))
def test_page_parser_on_shuffled_sample_pages(extra: list[str], rnd: random.Random) -> None:
    """Real pages with their blocks shuffled and hostile pieces spliced in keep the properties."""
    blocks = rnd.choice(_SAMPLE_TEXTS).split("\n\n")
    rnd.shuffle(blocks)
    for piece in extra:
        blocks.insert(rnd.randrange(len(blocks) + 1), piece)
    mixed = "\n\n".join(blocks)
    with no_logged_errors():
        page = parse_page(mixed, "许昌日报/2020/04/08/01.txt")
    assert_valid_page(page, mixed, "许昌日报/2020/04/08/01.txt")


# ------------------------------------------------------------------------------------------------------
# Dates and mastheads

_CONTEXT = st.sampled_from(["", "出版日期：", " ", "\n", "星期三 ", "XUCHANG DAILY "])


@fuzz(300)
@given(printed_date(), _CONTEXT, st.sampled_from(["", " 星期三", "\n第9158期", " 农历"]))
@example((dt.date(2020, 4, 8), "中華民國一百零九年四月八日"), "", "")  # was not read: no 百 in era years
def test_printed_dates_read_back(printed: tuple[dt.date, str], before: str, after: str) -> None:
    date, text = printed
    with no_logged_errors():
        found = find_gregorian_date(before + text + after)
    assert found is not None, text
    assert found[0] == date, text
    start, end = found[1]
    assert (before + text + after)[start:end] == text


@fuzz(200)
@given(st.integers(0, 3000), st.integers(0, 14), st.integers(0, 33), _CONTEXT)
def test_impossible_dates_are_never_returned(year: int, month: int, day: int, before: str) -> None:
    text = f"{before}{year}年{month}月{day}日"
    found = find_gregorian_date(text)
    try:
        expected: dt.date | None = dt.date(year, month, day) if 1800 <= year <= 2200 and year >= 1000 else None
    except ValueError:
        expected = None
    assert (found[0] if found else None) == expected


@fuzz(100)
@given(printed_lunar())
def test_printed_lunar_dates_read_back(printed: tuple[dt.date, str, tuple[int, int, bool]]) -> None:
    date, text, (month, day, leap) = printed
    lunar = parse_lunar(text)
    assert lunar is not None, text
    assert (lunar.month, lunar.day, lunar.leap) == (month, day, leap)
    # Ganzhi year, weekday and the year from the folder name leave exactly one date.
    assert find_lunar_date(text, weekday_hint=date.weekday(), year_hint=date.year) == date
    # Without the year hint any answer must still fit the printed ganzhi year and weekday, and be past.
    found = find_lunar_date(text, weekday_hint=date.weekday())
    if found is not None:
        assert_valid_date(found, dt.date(MIN_YEAR, 1, 1), TODAY)
        assert found.weekday() == date.weekday()
        assert (found - date).days % 7 == 0


_DATE_SOUP = st.text(
    alphabet="农历庚子壬寅年闰正腊冬一二三四五六七八九十廿卅初月日号號星期礼拜周〇零两民国國中華元光绪宣统"
    " 0123456789０１２O",
    max_size=40,
)


@fuzz(150)
@given(st.one_of(page_text(), _DATE_SOUP), st.none() | st.integers(0, 6), st.none() | st.integers(1700, 2300))
def test_date_parsers_return_only_valid_values(text: str, weekday: int | None, year: int | None) -> None:
    with no_logged_errors():
        found = find_gregorian_date(text)
        lunar = parse_lunar(text)
        resolved = find_lunar_date(text, weekday_hint=weekday, year_hint=year)
        printed_weekday = find_weekday(text)
    if found is not None:
        assert_valid_date(found[0])
        start, end = found[1]
        assert 0 <= start < end <= len(text) and "年" in text[start:end]
    if lunar is not None:
        assert 1 <= lunar.month <= 12 and 1 <= lunar.day <= 30
        assert 0 <= lunar.span[0] < lunar.span[1] <= len(text)
    if resolved is not None:
        assert_valid_date(resolved, dt.date(MIN_YEAR, 1, 1), TODAY)
    assert printed_weekday is None or printed_weekday in range(7)


_PAPERS = PaperDirectory.default()


@st.composite
def masthead(draw: st.DrawFn) -> tuple[str, dt.date, int]:
    """A masthead block: its lines in any order, among them one printed date and one issue number."""
    date, printed = draw(printed_date(st.dates(dt.date(1912, 1, 1), dt.date(2030, 12, 31))))
    issue = draw(st.integers(1, 99999))
    lines = [printed, f"第{issue}期", *draw(st.lists(st.sampled_from(FIXED[:12] + WEEKDAYS), max_size=5))]
    if draw(st.booleans()):
        lines.append(draw(printed_lunar())[1])
    if draw(st.booleans()):
        lines.append(f"今日{draw(st.integers(1, 48))}版")
    lines = draw(st.permutations(lines))
    return "\n".join(lines), date, issue


def assert_valid_hit(hit: MastheadHit) -> None:
    assert isinstance(hit, MastheadHit)
    assert hit.paper is None or isinstance(hit.paper, str)
    if hit.date is not None:
        assert_valid_date(hit.date)
        assert hit.date_source in (Source.MASTHEAD, Source.LUNAR)
    assert hit.weekday is None or hit.weekday in range(7)
    assert hit.issue_number is None or (type(hit.issue_number) is int and hit.issue_number >= 1)
    assert hit.page_count is None or 1 <= hit.page_count <= 400
    assert hit.page_label is None or LABEL_FORM.match(hit.page_label)
    assert all(isinstance(c, str) for c in hit.cues)


@fuzz(150)
@given(masthead(), st.none() | st.integers(1850, 2100))
def test_masthead_facts_read_back(block: tuple[str, dt.date, int], year_hint: int | None) -> None:
    text, date, issue = block
    with no_logged_errors():
        hit = scan_block(text, _PAPERS, year_hint=year_hint)
    assert_valid_hit(hit)
    assert hit.date == date and hit.date_source == Source.MASTHEAD, text  # the printed date beats a lunar one
    assert hit.issue_number == issue, text


@fuzz(100)
@given(
    st.lists(st.one_of(page_text(), st.text(max_size=60)), min_size=1, max_size=4), st.none() | st.integers(1800, 2100)
)
def test_masthead_scanner_on_anything(blocks: list[str], year_hint: int | None) -> None:
    with no_logged_errors():
        hits = [scan_block(b, _PAPERS, year_hint=year_hint) for b in blocks]
        merged = merge_hits(hits, year_hint=year_hint)
    for hit in [*hits, merged]:
        assert_valid_hit(hit)


@fuzz(200)
@given(
    st.one_of(
        st.text(alphabet="〇零一二三四五六七八九十百千万亿两廿卅壹贰叁肆伍陆柒捌玖拾佰仟0123456789０O点 ", max_size=40),
        st.text(max_size=40),
    )
)
def test_numerals_are_none_or_a_natural_number(text: str) -> None:
    value = chinese_to_int(text)
    assert value is None or (type(value) is int and value >= 0)


@fuzz(100)
@given(st.integers(1, 9999))
def test_chinese_numerals_read_back(n: int) -> None:
    assert chinese_to_int(cn_number(n)) == n
    assert chinese_to_int(cn_digits(n)) == n


# ------------------------------------------------------------------------------------------------------
# The query parser and the notes filter

QUERY_TOKENS = [
    "许昌", "疫情防控", "發展", "记者", "New", "york", "OR", "AND", "NOT", "-", "--", "(", ")", '"', "＂", "－", "：",
    "title:", "sub:", "byline:", "author:", "body:", "paper:", "page:", "section:", "date:", "kicker:", "TITLE:",
    "unknown:", "12:30", "2020", "2020-04", "2020-04-01", "..", "2020-02-30", "2020-13", "0000", "9999-12-31",
    "<script>alert(1)</script>", "<b>", "&lt;", "[x](javascript:y)", "=cmd|' /C calc'!A0", "\\", "*", "?", "~",
    "^2", "{", "}", "[", "]", "\u3000", "\x00", "\ufeff", "𠀀",
]  # fmt: skip


@st.composite
def query_text(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(st.one_of(st.sampled_from(QUERY_TOKENS), st.text(max_size=6)), max_size=25))
    glue = draw(st.sampled_from([" ", "", "  ", "\t", "\u3000"]))
    return glue.join(tokens)


def _parse_or_explain(query: str) -> object | None:
    """The AST, or None after a QueryError with a message; anything else fails (speed: see the ratio test)."""
    try:
        return parse_query(query)
    except QueryError as exc:
        assert str(exc).strip()
        return None


@fuzz(300)
@given(query_text())
@example("NOT " * 499 + "a")
@example("-" * MAX_QUERY_CHARS)
@example('"' * MAX_QUERY_CHARS)
@example("a OR " * 399 + "a")
@example(("title:" * 300)[:MAX_QUERY_CHARS])
@example("date:" + "." * 1990)
def test_query_parser_raises_only_query_error(query: str) -> None:
    node = _parse_or_explain(query)
    if node is not None:
        compile_query(node)  # type: ignore[arg-type]  # whatever parses also compiles


@fuzz(30)
@given(st.lists(st.sampled_from(["NOT", "-x", "OR", "x", '"a b"', "title:x", "date:2020"]), min_size=300, max_size=600))
def test_long_queries_get_an_answer(tokens: list[str]) -> None:
    _parse_or_explain(" ".join(tokens))


def _parse_seconds(query: str, runs: int = 7) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        _parse_or_explain(query)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit", ["NOT ", "-x ", "a OR ", "title:", '"a b', "date:2020..", "x" * 5 + " "])
def test_query_parse_time_is_linear_in_its_length(unit: str) -> None:
    """A query 8 times longer takes at most about 8 times as long (a ratio: absolute speed is the bench's)."""
    short, long = ((unit * (n // len(unit) + 1))[:n] for n in (MAX_QUERY_CHARS // 8, MAX_QUERY_CHARS))
    ratio = _parse_seconds(long) / max(_parse_seconds(short), 1e-7)
    assert ratio < 8 * 3, f"{unit!r}: 8x the length took {ratio:.1f}x the time"


_NOTE = Annotation(
    id=1, uid="u", kind="note", source_path="/p/1.txt", content_hash="h", article_spans=((0, 10),), article_id=1,
    title=None, paper=None, date=None, page_label=None, start=None, end=None, quote=None, prefix=None,
    suffix=None, status="anchored", color=None, note="", name=None, folder="", created_at="", updated_at="",
)  # fmt: skip
_FIELD = st.none() | st.one_of(
    fragment(), st.text(max_size=30), st.sampled_from(["2020-04-08", "2020-13-45", "0000-00-00", "A2", "第二版", "0"])
)


@fuzz(120)
@given(query_text(), st.lists(st.tuples(_FIELD, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD), min_size=1, max_size=4))
def test_notes_filter_never_fails(query: str, fields: list[tuple[str | None, ...]]) -> None:
    try:
        note_filter = NoteFilter(query)
    except QueryError as exc:
        assert str(exc).strip()
        return
    notes = [
        replace(_NOTE, title=t, paper=p, date=d, page_label=lbl, quote=q, note=n or "", name=t, folder=p or "")
        for t, p, d, lbl, q, n in fields
    ]
    kept = note_filter.filter(notes)
    assert all(isinstance(note_filter.matches(n), bool) for n in notes)
    assert kept == [n for n in notes if note_filter.matches(n)]


# ------------------------------------------------------------------------------------------------------
# Linear time (a ratio check, tests/parse_checks.py; absolute speed is the benchmark's business)


def test_parse_time_is_linear_in_page_size() -> None:
    base = "\n\n".join(_SAMPLE_TEXTS)  # five real pages, about 90 KB
    parse_page(base, "x/page.txt")  # warm up word lists and caches
    big = "\n\n".join([base] * (5_000_000 // len(base.encode("utf-8")) + 1))
    assert len(big.encode("utf-8")) >= 5_000_000
    cases = {"pages x2": "\n\n".join([base] * 2), "pages x8": "\n\n".join([base] * 8), "one page of 5 MB": big}
    assert_linear(cases, {"pages x2": 3, "pages x8": 3, "one page of 5 MB": 1})


def test_parse_time_is_linear_in_line_length() -> None:
    """One line is one block, cheaper per MB than a page of many: compare lines with lines."""
    line = "".join(_SAMPLE_TEXTS).replace("\n", "")
    cases = {"one line of 10,000 chars": line[:10_000], "one line of 100,000 chars": (line * 4)[:100_000]}
    assert_linear(cases, {"one line of 10,000 chars": 7, "one line of 100,000 chars": 3})


def test_a_line_of_jump_lines_is_linear() -> None:
    """Regression: each jump line cut from a block used to recurse on the rest (RecursionError, quadratic)."""
    unit = "正文内容，(下转第二版)"
    cases = {"20,000 chars": (unit * 2000)[:20_000], "120,000 chars": (unit * 12_000)[:120_000]}
    page = parse_page(cases["20,000 chars"], "x/page.txt")
    assert_spans_cover_once(page, cases["20,000 chars"])
    jumps = cases["20,000 chars"].count("(下转第二版)")
    assert sum(len(item.spans) for item in page.items) == 2 * jumps + 1  # every jump cut out of the text around it
    assert_linear(cases, {"20,000 chars": 3, "120,000 chars": 2})
