"""Generators of newspaper-like input for the fuzz tests (tests/test_fuzz.py, test_historical_fuzz.py).

What real OCR pages hold: mastheads with Gregorian, Chinese-numeral, Republic-era and lunar dates, 第N版 headers,
bylines, 本报讯, jump lines, captions, footers; and what the parsers must survive: control characters, BOMs,
stray unicode, markup, very long lines. ``FUZZ_SCALE=20`` runs 20 times the examples.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from lunar_python import Solar

SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))
TODAY = dt.date.today()


def fuzz(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis settings for the fuzz tests: no deadline (timing is tested separately), scalable example counts."""
    return settings(max_examples=examples * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------------------------------------------
# Numbers and dates as newspapers print them

_CN_DIGITS = "〇一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def cn_number(n: int) -> str:
    """1..9999 in Chinese numerals as printed: 十, 十一, 二十四, 一百零五, 三千七百九十八."""
    assert 0 < n < 10000
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero and out:
            out += "零"
        zero = False
        out += ("" if (unit == "十" and not out and digit == 1) else _CN_DIGITS[digit]) + unit
    return out


def cn_digits(n: int) -> str:
    """A year digit by digit: 2020 -> 二〇二〇."""
    return "".join(_CN_DIGITS[int(c)] for c in str(n))


def cn_day(n: int, contracted: bool) -> str:
    """A day of the month, optionally with the contracted tens of dates: 24 -> 廿四, 31 -> 卅一."""
    if contracted and 21 <= n <= 29:
        return "廿" + _CN_DIGITS[n - 20]
    if contracted and n == 31:
        return "卅一"
    return cn_number(n)


@st.composite
def printed_date(draw: st.DrawFn, dates: st.SearchStrategy[dt.date] | None = None) -> tuple[dt.date, str]:
    """A Gregorian date and one way a masthead prints it."""
    d = draw(dates if dates is not None else st.dates(dt.date(1850, 1, 1), dt.date(2199, 12, 31)))
    style = draw(st.sampled_from(["arabic", "full-width", "spaced", "chinese", "republic", "republic-arabic"]))
    if style.startswith("republic") and not 1912 <= d.year <= 2031:
        style = "arabic"
    y, m, day = d.year, d.month, d.day
    if style == "arabic":
        text = f"{y}年{m}月{day}日"
    elif style == "full-width":
        text = f"{y}年{m:02d}月{day:02d}日".translate(_FULL_WIDTH)
    elif style == "spaced":
        text = f"{y} 年 {m} 月 {day} 日"
    elif style == "chinese":
        text = f"{cn_digits(y)}年{cn_number(m)}月{cn_day(day, draw(st.booleans()))}日"
    elif style == "republic":
        era = draw(st.sampled_from(["中華民國", "中华民国", "民國", "民国"]))
        year = "元" if y == 1912 and draw(st.booleans()) else cn_number(y - 1911)
        text = f"{era}{year}年{cn_number(m)}月{cn_day(day, draw(st.booleans()))}日"
    else:
        text = f"民国{y - 1911}年{m}月{day}日"
    return d, text


_LUNAR_MONTHS = {1: ["正", "一"], 11: ["十一", "冬"], 12: ["十二", "腊", "臘"]}


def lunar_day(n: int) -> str:
    if n <= 10:
        return "初" + cn_number(n)
    if n < 20 or n == 20 or n == 30:
        return cn_number(n)
    return "廿" + _CN_DIGITS[n - 20]


@st.composite
def printed_lunar(draw: st.DrawFn) -> tuple[dt.date, str, tuple[int, int, bool]]:
    """A past solar date, its lunar date as printed (农历庚子年闰四月初八) and (month, day, leap)."""
    d = draw(st.dates(dt.date(1901, 3, 1), min(TODAY, dt.date(2099, 1, 1)) - dt.timedelta(days=1)))
    lunar = Solar.fromYmd(d.year, d.month, d.day).getLunar()
    month, day, leap = abs(lunar.getMonth()), lunar.getDay(), lunar.getMonth() < 0
    names = _LUNAR_MONTHS.get(month, [cn_number(month)])
    prefix = draw(st.sampled_from(["农历", "農曆", ""]))
    text = f"{prefix}{lunar.getYearInGanZhi()}年{'闰' if leap else ''}{draw(st.sampled_from(names))}月{lunar_day(day)}"
    return d, text, (month, day, leap)


# ------------------------------------------------------------------------------------------------------
# Pieces of a page

WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日", "礼拜天", "周二", "禮拜三"]
WORDS = list("许昌衡水市委书记强调疫情防控工作会议召开全面推进乡村振兴经济发展建设项目人民群众服务中華民國國民政府")
NAMES = ["王利辉", "胡晨", "郭高尚", "武芳", "杨延 昭", "曹伟", "乔利峰", "张良", "许廷合"]
PUNCT = list("，。、；：？！“”‘’（）《》——…,.;:?!\"'()[]【】")
FIXED = [
    "XUCHANG DAILY", "HENGSHUIRIBAO", "中共许昌市委机关报", "中共衡水市委主办", "国内统一刊号: CN41-0013",
    "国内统一连续出版物号:CN 41-0013", "www.21xc.com", "www.hsrb.com.cn", "许昌日报", "衡水日报", "要闻简报",
    "决战决胜脱贫攻坚", "记者手记", "值班编审 黄双燕 编辑 杨仪 校对 张良", "咨询电话: 0374-2651546", "服", "X",
    "——访冀州区委书记张洪涛", "新华社北京12月2日电", "（長沙廿三日電）", "本报记者 乔利峰 摄", "邮发代号35-20",
    "<script>alert(1)</script>", "[link](javascript:x)", "=cmd|' /C calc'!A0", "&lt;b&gt;", "\ufeff", "\u200b",
    "\x00", "\x1b[2J", "\x85", "\u2028", "\ufffd", "\U0002a6a5",
]  # fmt: skip
CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\x85\xa0\u2028\u2029\ufeff")


def _label(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 24))
    return draw(st.sampled_from([str(n), cn_number(n), f"A{n}", f"B{n:02d}", str(n).translate(_FULL_WIDTH)]))


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    out = []
    for w in words:
        out.append(w)
        if draw(st.integers(0, 7)) == 0:
            out.append(draw(st.sampled_from(PUNCT)))
    return "".join(out) + draw(st.sampled_from(["。", "，", "", "！", "”"]))


@st.composite
def fragment(draw: st.DrawFn) -> str:
    """One line or part of a line of a newspaper page."""
    kind = draw(st.integers(0, 21))
    if kind == 0:
        return draw(printed_date())[1]
    if kind == 1:
        return draw(printed_lunar())[1]
    if kind == 2:
        return draw(st.sampled_from(WEEKDAYS))
    if kind == 3:
        n = draw(st.integers(1, 99999))
        return draw(st.sampled_from([f"第{n}期", f"第 {n} 期", f"总第{n}期", f"第{cn_number(n % 9999 + 1)}號"]))
    if kind == 4:
        return draw(st.sampled_from(["今日{}版", "本期{}版", "今日出版 {} 版"])).format(_label(draw))
    if kind == 5:
        return draw(st.sampled_from(["第{}版", "{}版 要闻", "第{}版 综合新闻"])).format(_label(draw))
    if kind == 6:
        return draw(st.sampled_from(["(下转第{}版)", "（上接第{}版）", "(转{}版)", "【下轉第{}版】"])).format(
            _label(draw)
        )
    if kind == 7:
        return f"本报讯(记者 {draw(st.sampled_from(NAMES))} 通讯员 {draw(st.sampled_from(NAMES))})"
    if kind == 8:
        return f"本报记者 {draw(st.sampled_from(NAMES))}"
    if kind in (9, 10, 11):
        return draw(sentence())
    if kind == 12:
        return draw(st.sampled_from(FIXED))
    if kind == 13:
        return draw(st.text(CONTROLS, min_size=1, max_size=3))
    if kind == 14:
        return draw(st.text(max_size=20))  # any unicode (hypothesis leaves out surrogates)
    if kind == 15:
        return str(draw(st.integers(0, 10**12))).translate(_FULL_WIDTH if draw(st.booleans()) else {})
    if kind == 16:  # a very long line: one piece many times over
        piece = draw(st.sampled_from([*FIXED[:8], "(下转第二版)", "许昌", "。", " ", "2020年4月8日"]))
        return piece * draw(st.integers(50, 400))
    if kind == 17:
        return draw(sentence()) * draw(st.integers(2, 20))
    if kind == 18:
        return draw(st.sampled_from(["- ", "• ", "1. ", "■"])) + draw(sentence())
    if kind == 19:
        return "".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))  # a short headline
    if kind == 20:
        return draw(st.sampled_from(NAMES))
    return draw(st.sampled_from(["", "(", ")", "：", "“", "——", "…", "摄"]))


SEPARATORS = st.sampled_from(["\n", "\n", "\n\n", "\n\n", " ", "", "\u3000", "\r\n", "\n\n\n", "\t", "\n \n"])


@st.composite
def page_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(fragment(), SEPARATORS), max_size=40))
    return "".join(f + s for f, s in parts)


SOURCES = st.one_of(
    st.sampled_from([
        "x/page.txt", "许昌日报/2020/04/08/01.txt", "archive/2020-04-08/A02.txt", "衡水日报/20211203/第3版.txt",
        "2022/10/11/page-1.txt", "民国/1939年4月24日/第二版.txt", "", "/", "a\x00b.txt", "..", "2020-02-30/99.txt",
    ]),
    st.text(max_size=40),
)  # fmt: skip
