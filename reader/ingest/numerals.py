"""Chinese numerals to integers: digit strings, positional and financial forms, mixed with Arabic digits."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# Characters usable as a digit; "O"/"o" are OCR stand-ins for 〇 and only count next to other numerals.
DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "◯": 0,
    "一": 1, "壹": 1, "弌": 1,
    "二": 2, "贰": 2, "貳": 2, "弍": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "参": 3, "弎": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# Contracted tens, used in dates ("廿四" = 24, "卅一" = 31).
TENS: dict[str, str] = {"廿": "二十", "卄": "二十", "卅": "三十", "卌": "四十"}

NUMERAL_CHARS = frozenset(DIGITS) | frozenset(SMALL_UNITS) | frozenset(BIG_UNITS) | frozenset(TENS)

_MAX_LEN = 32  # longer strings are not numbers a newspaper prints
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_to_int(s: str) -> int | None:
    """Return the value of a Chinese (or mixed Arabic) numeral string, or None if it is not one."""
    if not isinstance(s, str):
        return None
    t = "".join(s.split()).translate(_FULLWIDTH)
    if not t or len(t) > _MAX_LEN:
        return None
    if any(c in NUMERAL_CHARS for c in t):
        t = t.replace("O", "〇").replace("o", "〇")
    for short, full in TENS.items():
        t = t.replace(short, full)
    if t.isascii() and t.isdigit():
        return int(t)
    tokens = _tokenize(t)
    if tokens is None:
        return None
    if all(kind in ("d", "n") for kind, _ in tokens):
        # Digit-by-digit form such as 二〇二〇, 一九三九 or a mix like 2〇20.
        return int("".join(str(v) for _, v in tokens))
    return _positional(tokens)


def _tokenize(t: str) -> list[tuple[str, int]] | None:
    """Split into ("d", digit value), ("n", Arabic number), ("s", small unit), ("b", big unit) tokens."""
    tokens: list[tuple[str, int]] = []
    i = 0
    while i < len(t):
        c = t[i]
        if c.isascii() and c.isdigit():
            j = i
            while j < len(t) and t[j].isascii() and t[j].isdigit():
                j += 1
            tokens.append(("n", int(t[i:j])))
            i = j
            continue
        if c in DIGITS:
            tokens.append(("d", DIGITS[c]))
        elif c in SMALL_UNITS:
            tokens.append(("s", SMALL_UNITS[c]))
        elif c in BIG_UNITS:
            tokens.append(("b", BIG_UNITS[c]))
        else:
            return None
        i += 1
    return tokens


def _positional(tokens: list[tuple[str, int]]) -> int | None:
    """Evaluate a positional numeral (三千七百九十八, 一万零五, 十六); None if malformed."""
    total = 0
    section = 0
    num: int | None = None
    last_small = 10**9  # small units must fall within a section (千 > 百 > 十)
    last_big = 10**18  # and big units from left to right (亿 > 万)
    zero_seen = False
    for kind, value in tokens:
        if kind in ("d", "n"):
            if kind == "d" and value == 0:
                if num is not None:
                    return None
                zero_seen = True
            elif num is not None:
                return None
            else:
                num = value
        elif kind == "s":
            if value >= last_small:
                return None
            section += (1 if num is None else num) * value
            last_small = value
            num = None
            zero_seen = False
        else:
            if value >= last_big:
                return None
            if num is not None:
                section += num
            if section == 0:
                return None
            total += section * value
            section, num, zero_seen = 0, None, False
            last_small, last_big = 10**9, value
    if num is not None:
        unit_kind, unit = tokens[-2] if len(tokens) >= 2 else ("", 0)
        if not zero_seen and tokens[-1][0] == "d" and unit_kind in ("s", "b") and unit >= 100:
            # Colloquial contraction: 一百二 = 120, 三千五 = 3500, 一万二 = 12000.
            if unit_kind == "b":
                total += num * unit // 10
            else:
                section += num * unit // 10
        else:
            section += num
    return total + section
