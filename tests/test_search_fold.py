"""Folding for search: length-preserving, traditional -> simplified, full width -> ASCII, lower case."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.search.fold import collapse_spaces, fold


def test_traditional_folds_to_simplified() -> None:
    assert fold("許昌日報") == "许昌日报"
    assert fold("臺灣經濟發展") == "台湾经济发展"
    assert fold("许昌日报") == "许昌日报"  # simplified stays


def test_width_and_case() -> None:
    assert fold("ＸＵＣＨＡＮＧ Daily：２０２０") == "xuchang daily:2020"
    assert fold("\u3000") == " "


def test_offsets_survive_folding() -> None:
    text = "本報訊（記者 王利輝）ＣＮ41"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded[folded.index("记者") : folded.index("记者") + 2] == fold(text[4:6])


@given(st.text())
def test_fold_preserves_length_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded


def test_collapse_spaces() -> None:
    assert collapse_spaces("a \n\t b") == "a b"
