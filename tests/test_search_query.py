"""The query language: every syntax element, helpful errors, and a parser that never raises anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.compile import compile_query
from reader.search.query import (
    TEXT_FIELDS,
    And,
    DateRange,
    Filter,
    Not,
    Or,
    QueryError,
    Text,
    parse_query,
)


def t(*parts: str, fields: tuple[str, ...] = TEXT_FIELDS) -> Text:
    return Text(parts, fields)


def test_words_must_all_match_and_chinese_runs_are_one_string() -> None:
    assert parse_query("许昌日报") == t("许昌日报")
    assert parse_query("许昌  疫情防控") == And((t("许昌"), t("疫情防控")))


def test_quoted_phrase_keeps_operators_and_spaces_literal() -> None:
    assert parse_query('"new york"') == t("new", "york")
    assert parse_query('"OR" "-5" "title:x"') == And((t("OR"), t("-5"), t("title:x")))


def test_or_binds_tighter_than_and() -> None:
    assert parse_query("a b OR c") == And((t("a"), Or((t("b"), t("c")))))
    assert parse_query("a OR b OR c") == Or((t("a"), t("b"), t("c")))


def test_negation() -> None:
    assert parse_query("发展 -记者") == And((t("发展"), Not(t("记者"))))
    assert parse_query("发展 NOT 记者") == And((t("发展"), Not(t("记者"))))
    assert parse_query("-title:通知") == Not(t("通知", fields=("title",)))


def test_field_prefixes_and_aliases() -> None:
    assert parse_query("title:脱贫") == t("脱贫", fields=("title",))
    assert parse_query("author:王") == t("王", fields=("byline",))
    assert parse_query("byline:王") == t("王", fields=("byline",))
    assert parse_query("kicker:强调") == t("强调", fields=("sub",))
    assert parse_query('title:"a b"') == t("a", "b", fields=("title",))
    assert parse_query("paper:许昌") == Filter("paper", "许昌")
    assert parse_query("page:2") == Filter("page", "2")
    assert parse_query("section:要闻") == Filter("section", "要闻")


def test_unknown_prefixes_and_parentheses_are_text() -> None:
    assert parse_query("12:30") == t("12:30")
    assert parse_query("本报讯(记者") == t("本报讯(记者")
    assert parse_query("-") == t("-")


def test_dates() -> None:
    assert parse_query("date:2020") == DateRange(20200101, 20201231)
    assert parse_query("date:2020-02") == DateRange(20200201, 20200229)
    assert parse_query("date:2020-04-01") == DateRange(20200401, 20200401)
    assert parse_query("date:2020-04-01..2020-06-30") == DateRange(20200401, 20200630)
    assert parse_query("date:2020-04..2020-06") == DateRange(20200401, 20200630)
    assert parse_query("date:..2019") == DateRange(0, 20191231)
    assert parse_query("date:2021..") == DateRange(20210101, 99991231)


def test_full_width_operators_typed_with_an_input_method() -> None:
    assert parse_query("ｔｉｔｌｅ：脱贫 －郑州") == And((t("脱贫", fields=("title",)), Not(t("郑州"))))


def test_empty_query_matches_everything() -> None:
    assert parse_query("   ") == And(())


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ('"许昌', "not closed"),
        ("OR 许昌", "OR needs"),
        ("许昌 OR", "OR needs"),
        ("许昌 NOT", "NOT needs"),
        ("title:", "needs a value"),
        ("date:2020-13", "month"),
        ("date:2021-02-30", "no such day"),
        ("date:2020..2019", "ends before"),
        ("date:yesterday", "not a date"),
        ('ab"cd', "quotation mark"),
        ('""', "empty phrase"),
    ],
)
def test_malformed_queries_explain_themselves(query: str, hint: str) -> None:
    with pytest.raises(QueryError, match=hint):
        parse_query(query)


_ALPHABET = st.sampled_from(list('许昌日报發展 "-:()ORNTAD title:date:paper:page:..2020-0 \u3000＂－：a1'))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_ALPHABET)))
def test_parse_never_raises_anything_but_query_error(query: str) -> None:
    try:
        node = parse_query(query)
    except QueryError as exc:
        assert str(exc)
        return
    compile_query(node)  # whatever parses also compiles
