"""Fuzzing the Republic-era reading (issue 16): dense blocks, verse, serials and briefs keep the invariants.

The historical test pages are cut into lines, shuffled, glued with single or double line breaks (dense
blocks of any mix of cue lines) and spliced with hostile pieces; the parser must not fail, the spans must
cover every non-space character exactly once, the new fields must have the right types, and parse time
must stay linear on traditional pages too.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.model import Article, ParsedPage
from reader.ingest.page import parse_page
from tests.fuzz_strategies import fragment, fuzz
from tests.parse_checks import assert_linear, assert_valid_page, no_logged_errors

HISTORICAL = Path(__file__).resolve().parent / "historical"
_PAGES = [p.read_text(encoding="utf-8") for p in sorted(HISTORICAL.rglob("*.txt"))]
_LINES = [line for text in _PAGES for line in text.splitlines() if line.strip()]
# Cue lines worth stressing on their own: datelines, names, serial marks, briefs, verse, adverts.
_CUES = ["（南京五日中央社電）", "（又電）", "（半農）", "◎天虛我生", "春申舊夢（四十一）", "長篇小說", "第十二回 訪舊",
         "（未完）", "（續昨）", "○米市 昨日", "【米市】", "▲足球 西聯會", "獨坐寒窗聽雨聲", "電話九一二三四",
         "某舞星之新歡 阿龍", "中華民國二十五年五月三日 星期日", "第二千一百零五號", "（上接第一版）", "□", "〓"]


def assert_new_fields(page: ParsedPage) -> None:
    for item in page.items:
        if isinstance(item, Article):
            assert item.dateline is None or (isinstance(item.dateline, str) and item.dateline.strip())
            assert isinstance(item.verse, bool)
            if item.series is not None:
                assert isinstance(item.series.title, str) and item.series.title.strip()
                assert item.series.number is None or (type(item.series.number) is int and item.series.number >= 0)


@fuzz(120)
@given(st.lists(st.one_of(st.sampled_from(_LINES), st.sampled_from(_CUES), fragment(), st.text(max_size=30)),
                min_size=1, max_size=40),
       st.lists(st.sampled_from(["\n", "\n", "\n\n", " \n", "\n\u3000"]), min_size=40, max_size=40))
def test_dense_historical_text_keeps_the_invariants(lines: list[str], breaks: list[str]) -> None:
    text = "".join(line + breaks[k] for k, line in enumerate(lines))
    with no_logged_errors():
        page = parse_page(text, "滬聲報/1936-05-03/01.txt")
    assert_valid_page(page, text, "滬聲報/1936-05-03/01.txt")
    assert_new_fields(page)


@fuzz(40)
@given(st.sampled_from(_PAGES), st.randoms(use_true_random=False), st.lists(fragment(), max_size=6))
def test_historical_pages_with_shuffled_lines_keep_the_invariants(
    text: str, rnd: random.Random, extra: list[str]
) -> None:
    lines = text.splitlines()
    rnd.shuffle(lines)
    for piece in extra:
        lines.insert(rnd.randrange(len(lines) + 1), piece)
    mixed = "\n".join(lines)
    with no_logged_errors():
        page = parse_page(mixed, "x/page.txt")
    assert_valid_page(page, mixed, "x/page.txt")
    assert_new_fields(page)


def test_parse_time_is_linear_on_traditional_pages() -> None:
    base = "\n\n".join(_PAGES)  # fifty pages, about 120 KB
    parse_page(base, "x/page.txt")
    dense = "\n".join(line for line in base.splitlines() if line.strip())  # one block: every cut by cue lines
    cases = {"pages x2": "\n\n".join([base] * 2), "pages x8": "\n\n".join([base] * 8),
             "one dense block x4": "\n".join([dense] * 4)}
    assert_linear(cases, {"pages x2": 3, "pages x8": 2, "one dense block x4": 2})
