"""Folding for search: length-preserving, traditional -> simplified, full width -> ASCII, lower case."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.search import fold as fold_module
from reader.search.fold import fold


def test_traditional_folds_to_simplified() -> None:
    assert fold("許昌日報") == "许昌日报"
    assert fold("臺灣經濟發展") == "台湾经济发展"
    assert fold("许昌日报") == "许昌日报"  # simplified stays


def test_old_variant_forms_fold_like_the_standard_character() -> None:
    # OpenCC's t2s table already covers 爲 and 旣; the variants table adds what it leaves alone.
    assert fold("囘爲旣") == fold("回为既") == "回为既"
    assert fold("擧") == fold("舉") == fold("举")
    assert fold("礮砲") == "炮炮"  # not the rare form t2s gives 礮
    assert fold("啣泥") == fold("銜泥")
    assert fold("瞭望") == "瞭望"  # a word of its own today: not folded to 了
    assert fold_module.FOLD_VERSION >= 2


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


# -- the kept copy of the table ---------------------------------------------------------------------------


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: no table made yet (the module's own is restored afterwards)."""
    monkeypatch.setattr(fold_module, "_table", None)


def test_the_table_is_kept_and_read_back_identical(tmp_path: Path, fresh_process: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    built = fold_module.fold_table(tmp_path)
    (kept,) = tmp_path.glob("fold-table-v*.json")
    monkeypatch.setattr(fold_module, "_table", None)
    monkeypatch.setattr(fold_module, "_build_table", lambda: pytest.fail("built again despite the kept copy"))
    assert fold_module.fold_table(tmp_path) == built
    assert kept.exists() and fold("臺灣") == "台湾"


@pytest.mark.parametrize("content", ["", "not json", "[[1]]", '[["x", 2]]', "[[1114112, 65]]", "{}"])
def test_a_damaged_copy_is_built_again_and_replaced(tmp_path: Path, fresh_process: None, content: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    expected = fold_module.fold_table()  # built in memory (no folder given)
    monkeypatch.setattr(fold_module, "_table", None)
    fold_module._cache_file(tmp_path).write_text(content, encoding="utf-8")
    assert fold_module.fold_table(tmp_path) == expected
    monkeypatch.setattr(fold_module, "_table", None)
    assert fold_module._load(tmp_path) == expected  # the damaged file was replaced by a good one


def test_a_table_without_opencc_is_not_kept(tmp_path: Path, fresh_process: None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fold_module, "_t2s_pairs", lambda: None)
    table = fold_module.fold_table(tmp_path)
    assert table[ord("Ａ")] == ord("a")  # width and case still fold
    assert not list(tmp_path.glob("fold-table-*"))  # a later process with a working opencc builds it fully


@given(st.lists(st.text(max_size=40), max_size=30))
def test_folding_many_texts_at_once_is_folding_each(texts: list[str]) -> None:
    """fold_many (one numpy lookup over all texts, for ranking) gives exactly what fold gives, text by text:
    also for characters past the table, outside the BMP, lone surrogates and empty texts."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(fold_module, "MANY_CHARS", 0)  # always the numpy path
        m.setattr(fold_module, "IMPORT_CHARS", 0)
        assert fold_module.fold_many(texts) == [fold(t) for t in texts]


def test_folding_many_texts_folds_traditional_and_full_width() -> None:
    texts = ["許昌日報", "", "ＡＢＣ１２３，", "𠀀𪚥臺灣囘", "plain"] * 4000
    fold_module.prepare_many()  # as a search process warming up
    folded = fold_module.fold_many(texts)  # past MANY_CHARS: the numpy path
    assert folded[:5] == ["许昌日报", "", "abc123,", "𠀀𪚥台湾回", "plain"]
    assert folded == [fold(t) for t in texts]
    assert fold_module.fold_many([*texts, "\ud800"])[-1] == "\ud800"  # a lone surrogate: text by text
