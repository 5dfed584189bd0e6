"""Printed Gregorian, era and lunar dates, and weekdays."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.dates import find_gregorian_date, find_lunar_date, find_weekday, parse_lunar
from tests.parse_checks import assert_valid_date

TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020年4月8日", dt.date(2020, 4, 8)),
        ("2020 年 4 月 8 日 星期三", dt.date(2020, 4, 8)),
        ("２０２１年１２月３日", dt.date(2021, 12, 3)),
        ("二〇二〇年四月八日", dt.date(2020, 4, 8)),
        ("一九三九年四月廿四日", dt.date(1939, 4, 24)),
        ("中華民國貳拾捌年四月廿四日", dt.date(1939, 4, 24)),
        ("中华民国28年4月24日", dt.date(1939, 4, 24)),
        ("民國二十八年四月二十四號", dt.date(1939, 4, 24)),
        ("民国元年一月一日", dt.date(1912, 1, 1)),
        ("宣統三年八月十九日", dt.date(1911, 10, 10)),  # Qing dates are lunar: the Wuchang uprising
    ],
)
def test_gregorian_dates(text: str, expected: dt.date) -> None:
    found = find_gregorian_date(text)
    assert found is not None
    assert found[0] == expected


def test_gregorian_offsets_cover_the_printed_date() -> None:
    text = "国内统一刊号 中華民國貳拾捌年四月廿四日 星期一"
    found = find_gregorian_date(text)
    assert found is not None
    start, end = found[1]
    assert text[start:end] == "中華民國貳拾捌年四月廿四日"


def test_invalid_dates_are_skipped() -> None:
    found = find_gregorian_date("2021年2月30日出版 2021年3月1日")
    assert found is not None
    assert found[0] == dt.date(2021, 3, 1)


@pytest.mark.parametrize(
    "text",
    ["截至2020年年底", "4月8日", "农历庚子年三月十六", "12020年4月8日", "2020年13月1日", "第9158期"],
)
def test_not_a_full_date(text: str) -> None:
    assert find_gregorian_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("星期二", 1),
        ("星期三 农历庚子年三月十六", 2),
        ("星期日", 6),
        ("星期天", 6),
        ("禮拜二", 1),
        ("礼拜六", 5),
        ("周二", 1),
        ("週日", 6),
        ("今天天气很好", None),
        ("三周年", None),
    ],
)
def test_weekday(text: str, expected: int | None) -> None:
    assert find_weekday(text) == expected


def test_lunar_with_weekday_picks_the_right_cycle() -> None:
    # 壬寅 recurs every 60 years; the Tuesday picks 2022 (壬寅年九月十六 = 2022-10-11, a Tuesday).
    assert find_lunar_date("星期二 农历壬寅年九月十六") == dt.date(2022, 10, 11)


def test_lunar_sample_masthead_lines() -> None:
    assert find_lunar_date("星期三 农历庚子年三月十六") == dt.date(2020, 4, 8)
    assert find_lunar_date("星期三 农历庚子年五月廿五") == dt.date(2020, 7, 15)


def test_lunar_traditional_with_weekday_hint() -> None:
    assert find_lunar_date("農曆庚子年三月十六", weekday_hint=2) == dt.date(2020, 4, 8)


def test_lunar_leap_month_with_year_hint() -> None:
    # 2020 had a leap fourth month; its eighth day was 2020-05-30.
    assert find_lunar_date("农历闰四月初八", year_hint=2020) == dt.date(2020, 5, 30)


def test_leap_month_that_does_not_exist() -> None:
    assert find_lunar_date("农历闰四月初八", year_hint=2021) is None


def test_lunar_year_hint_for_the_twelfth_month() -> None:
    # 腊月初一 of lunar year 2020 fell on 2021-01-13, so a 2021 folder means lunar year 2020.
    assert find_lunar_date("腊月初一", year_hint=2021) == dt.date(2021, 1, 13)


def test_lunar_most_recent_past_candidate() -> None:
    # 庚子 years: 1900, 1960, 2020; 三月十六 was a Wednesday only in 2020 among those.
    assert find_lunar_date("庚子年三月十六", today=TODAY) == dt.date(2020, 4, 8)
    # Without a weekday the most recent 庚子 that is not in the future wins.
    assert find_lunar_date("农历庚子年三月十六", today=dt.date(2019, 1, 1)) == dt.date(1960, 4, 11)


def test_lunar_without_any_year_evidence_is_none() -> None:
    assert find_lunar_date("正月十五") is None


def test_lunar_weekday_only_gives_the_latest_match() -> None:
    found = find_lunar_date("十月廿五 星期一", today=TODAY)
    assert found is not None
    assert found.weekday() == 0
    assert found <= TODAY
    assert found.year >= 2018


@pytest.mark.parametrize(
    ("text", "month", "day", "leap"),
    [
        ("农历壬寅年九月十六", 9, 16, False),
        ("农历闰四月初八", 4, 8, True),
        ("腊月初一", 12, 1, False),
        ("臘月廿三", 12, 23, False),
        ("正月十五", 1, 15, False),
        ("冬月初十", 11, 10, False),
        ("十月廿五", 10, 25, False),
        ("十二月三十", 12, 30, False),
    ],
)
def test_parse_lunar(text: str, month: int, day: int, leap: bool) -> None:
    lunar = parse_lunar(text)
    assert lunar is not None
    assert (lunar.month, lunar.day, lunar.leap) == (month, day, leap)


@pytest.mark.parametrize("text", ["一九三九年四月廿四日", "十月廿五日", "一九三九年四月廿四", "初三学生"])
def test_gregorian_looking_dates_are_not_lunar(text: str) -> None:
    assert parse_lunar(text) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_never_raise(text: str) -> None:
    assert_date_answers(text)


def assert_date_answers(text: str) -> None:
    """Each finder answers None or a valid value: a real date, its place inside the text, a weekday 0..6."""
    found = find_gregorian_date(text)
    if found is not None:
        day, (start, end) = found
        assert_valid_date(day)
        assert 0 <= start < end <= len(text)
    assert find_weekday(text) in (None, *range(7))
    for lunar in (find_lunar_date(text), find_lunar_date(text, weekday_hint=3, year_hint=1939)):
        assert lunar is None or assert_valid_date(lunar) is None


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="农历庚子壬寅年闰正腊冬一二三四五六七八九十廿卅初月日星期 0123456789", max_size=30))
def test_never_raise_on_date_soup(text: str) -> None:
    assert_date_answers(text)
