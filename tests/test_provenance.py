"""Property: parsing never raises, and the spans of a page cover each non-space character exactly once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.page import parse_page
from tests.conftest import SAMPLES

FRAGMENTS = [
    "本报讯(记者 王利辉)", "(下转第二版)", "(上接A1版)", "本报记者 乔利峰 摄", "值班编审 黄双燕 编辑 杨仪 校对 张良",
    "星期二 农历壬寅年九月十六", "2020年4月8日", "第9158期", "今日8版", "XUCHANG DAILY", "CN41-0013",
    "中華民國貳拾捌年四月廿四日", "（長沙廿三日電）", "——记者手记", "要闻简报", "咨询电话: 0374-2651546",
    "许昌", "市长刘涛强调，", "。", "，", ",", "\"", "“", "”", "\n", "\n\n", " ", "\u3000", "\t", "- ", "服",
    "新华社北京12月2日电", "许廷合", "\r\n", "\x00", "\ufeff", "<script>alert(1)</script>",
]

page_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60
).map("".join)


def covered_exactly_once(text: str) -> None:
    page = parse_page(text, "x/page.txt")
    hits = [0] * len(text)
    for item in page.items:
        assert item.spans, f"{item!r} has no spans"
        for start, end in item.spans:
            assert 0 <= start < end <= len(text)
            for k in range(start, end):
                hits[k] += 1
    for k, ch in enumerate(text):
        if ch.isspace():
            assert hits[k] <= 1, f"whitespace at {k} covered {hits[k]} times"
        else:
            assert hits[k] == 1, f"character {ch!r} at {k} covered {hits[k]} times"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_text)
def test_spans_cover_every_character_once(text: str) -> None:
    covered_exactly_once(text)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    covered_exactly_once(text)


def test_samples_are_covered_exactly_once() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        covered_exactly_once(path.read_text(encoding="utf-8"))


def test_checker_detects_a_gap() -> None:
    """The property checker itself must be able to fail."""
    import pytest

    from reader.ingest import page as page_module

    real = page_module.PageParser.parse

    def lossy(self, text, source):  # type: ignore[no-untyped-def]
        parsed = real(self, text, source)
        parsed.items = parsed.items[1:]
        return parsed

    page_module.PageParser.parse = lossy  # type: ignore[method-assign]
    page_module._default_parser = None
    try:
        with pytest.raises(AssertionError):
            covered_exactly_once("标题\n\n本报讯(记者 王利辉)正文。")
    finally:
        page_module.PageParser.parse = real  # type: ignore[method-assign]
        page_module._default_parser = None
