"""Printed dates: Gregorian (Arabic, Chinese numerals, era years), lunar dates and weekdays."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from lunar_python import LunarYear, Solar

from reader.ingest.numerals import DIGITS, chinese_to_int

log = logging.getLogger(__name__)

MIN_YEAR = 1840  # earliest Chinese newspaper era worth considering
_SP = r"[ \t\u3000]{0,3}"  # OCR puts spaces between the parts of a date

# Era names and the Gregorian year before their first year (民国元年 = 1912).
ERAS: dict[str, int] = {
    "中华民国": 1911, "中華民國": 1911, "民国": 1911, "民國": 1911,
    "光绪": 1874, "光緒": 1874, "宣统": 1908, "宣統": 1908,
}  # fmt: skip
# Qing reign dates count months and days in the lunar calendar; Republic dates are Gregorian.
LUNAR_ERAS = frozenset({"光绪", "光緒", "宣统", "宣統"})

_ZH_DIGIT = "".join(sorted(DIGITS))
_ZH_NUM = _ZH_DIGIT + "十拾廿卅"
_YEAR_DIGIT = f"0-9０-９{_ZH_DIGIT}O"

_GREGORIAN = re.compile(
    "(?:"
    # Era years past 99 are printed with 百 (中華民國一百零九年).
    f"(?P<era>{'|'.join(sorted(ERAS, key=len, reverse=True))}){_SP}(?P<eyear>[{_ZH_NUM}百0-9０-９]{{1,6}}|元)"
    f"|(?<![{_YEAR_DIGIT}])(?P<year>[0-9０-９]{{4}}|(?:[{_ZH_DIGIT}O][ \\u3000]?){{3}}[{_ZH_DIGIT}O])"
    ")"
    f"{_SP}年{_SP}(?P<month>[0-9０-９]{{1,2}}|[{_ZH_NUM}]{{1,3}}|正){_SP}月"
    f"{_SP}(?P<day>[0-9０-９]{{1,2}}|[{_ZH_NUM}]{{1,4}}){_SP}[日号號]"
)

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_STRICT = re.compile(r"(?:星期|礼拜|禮拜|禮 拜|礼 拜|星 期)[ \t\u3000]?([一二三四五六日天])")
_WEEKDAY_LOOSE = re.compile(r"(?:周|週)([一二三四五六日])(?![年刊报報])")

GANZHI_STEMS = "甲乙丙丁戊己庚辛壬癸"
GANZHI_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LUNAR_MONTHS = {"正": 1, "元": 1, "冬": 11, "腊": 12, "臘": 12}
_LUNAR = re.compile(
    f"(?:(?P<prefix>农历|農曆|農歷|阴历|陰曆|陰歷|夏历|夏曆|旧历|舊曆){_SP})?"
    f"(?:(?P<gz>[{GANZHI_STEMS}][{GANZHI_BRANCHES}]){_SP}年{_SP})?"
    f"(?:(?P<leap>闰|閏){_SP})?(?P<month>十[一二]|[一二三四五六七八九十正冬腊臘])"
    f"{_SP}月{_SP}(?P<day>初[一二三四五六七八九十]|[十廿卅][一二三四五六七八九]?|二十[一二三四五六七八九]?"
    f"|三十|[一二三四五六七八九])"
    "(?![日号號一二三四五六七八九十])"
)


def find_gregorian_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """Return the first valid printed 年月日 date and its (start, end) offsets.

    Arabic or Chinese numerals, Republic years (民国28年 = 1939). Qing reign dates (宣统三年八月十九日)
    are lunar and are converted. Bare ISO forms ("2020-04-08") are not read: in page text they are
    rarely the paper's own date.
    """
    if not isinstance(text, str):
        return None
    for m in _GREGORIAN.finditer(text):
        date = _gregorian_from_match(m)
        if date is not None:
            return date, (m.start(), m.end())
    return None


def _gregorian_from_match(m: re.Match[str]) -> dt.date | None:
    if m.group("era"):
        raw = m.group("eyear")
        n = 1 if raw == "元" else chinese_to_int(raw)
        if n is None or not 1 <= n <= 120:
            return None
        year: int | None = ERAS[m.group("era")] + n
    else:
        year = chinese_to_int(m.group("year"))
    month = 1 if m.group("month") == "正" else chinese_to_int(m.group("month"))
    day = chinese_to_int(m.group("day"))
    if year is None or month is None or day is None or not 1800 <= year <= 2200:
        return None
    if m.group("era") in LUNAR_ERAS:
        return lunar_to_solar(year, month, day) if 1 <= month <= 12 and 1 <= day <= 30 else None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_weekday(text: str) -> int | None:
    """Return the printed weekday (Monday = 0) from 星期二 / 礼拜天 / 周二, or None."""
    if not isinstance(text, str):
        return None
    m = _WEEKDAY_STRICT.search(text) or _WEEKDAY_LOOSE.search(text)
    return _WEEKDAYS[m.group(1)] if m else None


@dataclass(frozen=True)
class LunarDate:
    """A printed lunar date before its Gregorian year is known."""

    month: int
    day: int
    leap: bool = False
    ganzhi: str | None = None  # e.g. "壬寅"
    span: tuple[int, int] = (0, 0)


def parse_lunar(text: str) -> LunarDate | None:
    """Find the first lunar date (农历壬寅年九月十六, 闰四月初八, 腊月初一) without resolving its year.

    A bare "月" + day is only lunar when it cannot be a Gregorian date: no 日/号 after it and no
    numeric year before it.
    """
    if not isinstance(text, str):
        return None
    for m in _LUNAR.finditer(text):
        month = _LUNAR_MONTHS.get(m.group("month")) or chinese_to_int(m.group("month"))
        raw_day = m.group("day")
        day = chinese_to_int(raw_day[1:] if raw_day.startswith("初") else raw_day)
        if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 30):
            continue
        if raw_day.startswith("初") and day > 10:
            continue
        explicit = bool(m.group("prefix") or m.group("gz") or m.group("leap"))
        if not explicit and text[: m.start()].rstrip(" \t\u3000").endswith("年"):
            continue  # "一九三九年四月廿四" is a Gregorian date that lost its 日
        return LunarDate(month, day, bool(m.group("leap")), m.group("gz"), (m.start(), m.end()))
    return None


@lru_cache(maxsize=512)
def _lunar_year(year: int) -> LunarYear | None:
    """Month table of one lunar year; building it is slow (milliseconds), so keep it."""
    try:
        return LunarYear.fromYear(year)
    except Exception:  # lunar_python raises bare Exception for out-of-range input
        return None


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> dt.date | None:
    """Gregorian date of a lunar date, or None if that lunar day (or leap month) does not exist."""
    table = _lunar_year(year)
    if table is None or not 1 <= month <= 12 or day < 1:
        return None
    try:
        lunar_month = table.getMonth(-month if leap else month)
        if lunar_month is None or day > lunar_month.getDayCount():
            return None
        solar = Solar.fromJulianDay(lunar_month.getFirstJulianDay() + day - 1)
        return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
    except Exception:
        return None


def resolve_lunar(
    lunar: LunarDate,
    weekday: int | None = None,
    year_hint: int | None = None,
    today: dt.date | None = None,
) -> dt.date | None:
    """Pick the Gregorian date of a lunar date using its ganzhi year, the weekday and a year hint.

    Candidates run from MIN_YEAR to today (never the future). The ganzhi year, the printed weekday
    and the hint narrow them; the most recent survivor wins. With none of the three there is no
    evidence for any year and the result is None.
    """
    today = today or dt.date.today()
    if lunar.ganzhi is None and weekday is None and year_hint is None:
        return None
    if lunar.ganzhi is not None:
        gz_index = _ganzhi_index(lunar.ganzhi)
        if gz_index is None:
            return None
        top = today.year
        top -= (top - 4 - gz_index) % 60
        years = range(top, MIN_YEAR - 1, -60)
    else:
        years = range(today.year, MIN_YEAR - 1, -1)

    def solar_dates(lunar_years: range | list[int]) -> list[dt.date]:
        out = []
        for y in lunar_years:
            d = lunar_to_solar(y, lunar.month, lunar.day, lunar.leap)
            if d is not None and dt.date(MIN_YEAR, 1, 1) <= d <= today:
                out.append(d)
        return out

    def weekday_ok(d: dt.date) -> bool:
        return weekday is None or d.weekday() == weekday

    if year_hint is not None:
        # Late lunar months of lunar year N fall in January/February of year N + 1.
        hinted = [d for d in solar_dates([year_hint, year_hint - 1]) if d.year == year_hint]
        if lunar.ganzhi is not None:
            hinted = [d for d in hinted if _lunar_year_of(d, lunar) in years]
        hinted = [d for d in hinted if weekday_ok(d)]
        if hinted:
            return max(hinted)
        if lunar.ganzhi is None:
            return None  # the hint contradicts the weekday and nothing else dates the page
    # Walk back from the present; the first match is the most recent one.
    for y in years:
        for d in solar_dates([y]):
            if weekday_ok(d):
                return d
    return None


def _lunar_year_of(d: dt.date, lunar: LunarDate) -> int:
    """The lunar year a converted date belongs to (the solar year, or the one before for late months)."""
    for y in (d.year, d.year - 1):
        if lunar_to_solar(y, lunar.month, lunar.day, lunar.leap) == d:
            return y
    return d.year


def _ganzhi_index(gz: str) -> int | None:
    """Position 0..59 of a ganzhi pair in the sexagenary cycle (甲子 = 0)."""
    stem, branch = GANZHI_STEMS.find(gz[0]), GANZHI_BRANCHES.find(gz[1])
    if stem < 0 or branch < 0 or stem % 2 != branch % 2:
        return None  # such pairs (甲丑) never occur
    return next(i for i in range(60) if i % 10 == stem and i % 12 == branch)


def find_lunar_date(
    text: str,
    weekday_hint: int | None = None,
    year_hint: int | None = None,
    *,
    today: dt.date | None = None,
) -> dt.date | None:
    """Gregorian date of the first printed lunar date in text, using the printed weekday if any."""
    lunar = parse_lunar(text)
    if lunar is None:
        return None
    weekday = weekday_hint if weekday_hint is not None else find_weekday(text)
    return resolve_lunar(lunar, weekday, year_hint, today)
