"""Filtering notes with the archive's search syntax: exact folded substrings, fields, filters and operators."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.notes.filter import NoteFilter
from reader.notes.model import Annotation
from reader.search.query import QueryError

BASE = Annotation(
    id=1,
    uid="u1",
    kind="highlight",
    source_path="/p/001.txt",
    content_hash="h",
    article_spans=((0, 100),),
    article_id=7,
    title="坚决克服麻痹松懈思想 一以贯之抓实疫情防控",
    paper="许昌日报",
    date="2020-04-08",
    page_label="1",
    start=5,
    end=12,
    quote="市新冠肺炎疫情防控指挥部",
    prefix="",
    suffix="",
    status="anchored",
    color="green",
    note="要核实 New York 的数字",
    name=None,
    folder="",
    created_at="2024-01-01T00:00:00+00:00",
    updated_at="2024-01-01T00:00:00+00:00",
)
BOOKMARK = replace(
    BASE,
    uid="u2",
    kind="bookmark",
    title="我市筑牢民生保障体系绘就幸福底色",
    paper="衡水日报",
    date="2021-12-03",
    page_label="A3",
    quote="近年来，我市以项目建设补齐",
    note="",
    color=None,
    name="民生专题",
    folder="学习/民生",
)
ORPHAN = replace(BASE, uid="u3", kind="note", paper=None, date=None, page_label=None, note="臺灣同胞", title="旧文章")
ALL = [BASE, BOOKMARK, ORPHAN]


def hits(query: str) -> list[str]:
    return [a.uid for a in NoteFilter(query).filter(ALL)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["u1", "u2", "u3"]),
        ("   ", ["u1", "u2", "u3"]),
        ("疫情防控", ["u1", "u3"]),  # the quote of u1; u3 is a copy of it with other fields
        ("核实", ["u1"]),  # a substring of the note, not a jieba word
        ("台湾", ["u3"]),  # the note says 臺灣: traditional and simplified match each other
        ("臺灣同胞", ["u3"]),
        ("NEW", ["u1"]),  # case folded
        ("ｎｅｗ", ["u1"]),  # full width folded
        ('"new york"', ["u1"]),
        ('"new  york"', ["u1"]),  # spaces in a phrase match any run of spaces
        ('"york new"', []),
        ("民生专题", ["u2"]),  # bookmark name
        ("学习", ["u2"]),  # folder
        ("衡水", ["u2"]),  # paper
        ("许昌 OR 衡水", ["u1", "u2"]),
        ("疫情 -臺灣", ["u1"]),
        ("疫情 NOT 台湾", ["u1"]),
        ("title:民生", ["u2"]),
        ("title:专题", ["u2"]),  # the bookmark's name is its title
        ("title:指挥部", []),  # in the quote only
        ("body:指挥部", ["u1", "u3"]),
        ("body:民生专题", []),
        ("sub:疫情", []),
        ("byline:疫情", []),
        ("author:疫情", []),
        ("paper:许昌", ["u1"]),
        ("paper:許昌", ["u1"]),
        ("-paper:许昌", ["u2", "u3"]),
        ("page:1", ["u1"]),
        ("page:第一版", ["u1"]),
        ("page:a03", ["u2"]),
        ("section:要闻", []),
        ("date:2020-04", ["u1"]),
        ("date:2020", ["u1"]),
        ("date:2020-04-08", ["u1"]),
        ("date:2020-04-09..", ["u2"]),
        ("date:..2021", ["u1", "u2"]),
        ("-date:2020", ["u2", "u3"]),  # no date: not in any range
        ("疫情 date:2021", []),
        ("(疫情)", []),  # parentheses are literal text, as in search
    ],
)
def test_matches_like_the_archive_search(query: str, expected: list[str]) -> None:
    assert hits(query) == expected


def test_empty_query_matches_everything() -> None:
    f = NoteFilter("")
    assert f.matches_all and all(f.matches(a) for a in ALL)


@pytest.mark.parametrize("query", ["date:abc", '"open', "OR 疫情", "date:2020-13", "page:"])
def test_a_bad_query_raises_query_error(query: str) -> None:
    with pytest.raises(QueryError):
        NoteFilter(query)


def test_missing_fields_never_match_or_crash() -> None:
    bare = replace(ORPHAN, title=None, quote=None, note="", name=None, paper=None)
    for query in ("疫情", "title:x", "paper:许昌", "page:1", "date:2020", "-疫情"):
        assert NoteFilter(query).matches(bare) is (query == "-疫情")
