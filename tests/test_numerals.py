"""Chinese numerals to integers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.numerals import NUMERAL_CHARS, chinese_to_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇二〇", 2020),
        ("一九三九", 1939),
        ("二O二O", 2020),  # OCR reads 〇 as the letter O
        ("三千七百九十八", 3798),
        ("貳拾捌", 28),
        ("叁佰陸拾伍", 365),
        ("壹萬零伍", 10005),
        ("廿四", 24),
        ("卅一", 31),
        ("十六", 16),
        ("十", 10),
        ("兩", 2),
        ("两万三千", 23000),
        ("一百零五", 105),
        ("一千〇五", 1005),
        ("一百二", 120),  # colloquial contraction
        ("一万二", 12000),
        ("3千7百", 3700),
        ("12万", 120000),
        ("2020", 2020),
        ("１９３９", 1939),
        (" 十 六 ", 16),
        ("零", 0),
    ],
)
def test_values(text: str, expected: int) -> None:
    assert chinese_to_int(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "abc", "民国", "十百", "万", "一二三百", "O", "二十五日", "1.5"])
def test_garbage_is_none(text: str) -> None:
    assert chinese_to_int(text) is None


@given(st.text(max_size=40))
def test_never_raises(text: str) -> None:
    result = chinese_to_int(text)
    assert result is None or result >= 0


@given(st.text(alphabet=sorted(NUMERAL_CHARS) + list("0123456789O "), max_size=20))
def test_never_raises_on_numeral_soup(text: str) -> None:
    result = chinese_to_int(text)
    assert result is None or result >= 0
