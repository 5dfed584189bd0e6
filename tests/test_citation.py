"""Citations: GB/T 7714-2015 in Chinese, a plain English form, RIS and BibTeX, with the byline's people."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.notes.citation import Cited, authors, bibtex, citation, gbt7714, plain_english, ris

ARTICLE = Cited("长葛市『两网』键通『精准定位拔穷根』", "许昌日报", dt.date(2020, 4, 8), "1",
                "本报讯（记者 王利辉 通讯员 杨延 昭 曹伟）", article_id=7)


@pytest.mark.parametrize(
    "byline, names",
    [
        ("本报讯（记者 王利辉 通讯员 杨延 昭 曹伟）", ["王利辉", "杨延昭", "曹伟"]),  # a split name is joined
        ("本报记者 胡晨 通讯员 郭高尚", ["胡晨", "郭高尚"]),
        ("新华社北京12月2日电（记者 张三、李四）", ["张三", "李四"]),
        ("（長沙廿三日電）", []),
        ("◎天虛我生", ["天虛我生"]),
        ("文/图 张三", ["张三"]),
        (None, []),
    ],
)
def test_the_people_of_a_byline(byline: str | None, names: list[str]) -> None:
    assert authors(byline) == names


def test_gbt7714_for_a_newspaper_article() -> None:
    expected = "王利辉，杨延昭，曹伟．长葛市『两网』键通『精准定位拔穷根』[N]．许昌日报，2020-04-08(1)．"
    assert gbt7714(ARTICLE) == expected
    assert citation(ARTICLE, "zh") == gbt7714(ARTICLE)
    many = Cited("题", "报", "2020-04-08", "第A2版", "记者 甲乙 丙丁 戊己 庚辛")
    assert gbt7714(many) == "甲乙，丙丁，戊己，等．题[N]．报，2020-04-08(A2)．"  # three names, then 等
    assert gbt7714(Cited("题", None, None, None)) == "题[N]．"


def test_an_untitled_article_is_cited_by_its_first_words() -> None:
    untitled = Cited(None, "许昌日报", "2020-04-08", "1", body="\n清明前后，种瓜点豆。")
    assert gbt7714(untitled) == "清明前后…[N]．许昌日报，2020-04-08(1)．"


def test_the_english_form() -> None:
    assert plain_english(ARTICLE) == (
        "王利辉, 杨延昭, 曹伟. \u201c长葛市『两网』键通『精准定位拔穷根』.\u201d 许昌日报, 2020-04-08, p. 1."
    )
    assert citation(ARTICLE, "en") == plain_english(ARTICLE)


def test_ris_record_for_reference_managers() -> None:
    lines = ris(ARTICLE).split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and lines[-1] == ""
    assert "AU  - 王利辉" in lines and "AU  - 杨延昭" in lines
    assert "T2  - 许昌日报" in lines and "DA  - 2020/04/08" in lines and "SP  - 1" in lines


def test_bibtex_entry_escapes_tex() -> None:
    entry = bibtex(Cited("50% & {more}", "许昌日报", "2020-04-08", "1", "记者 王利辉", article_id=3))
    assert entry.startswith("@article{news20200408-3,\n")
    assert "  title = {50\\% \\& \\{more\\}},\n" in entry
    assert "  author = {王利辉},\n" in entry and "  entrysubtype = {newspaper},\n" in entry
    assert entry.count("{") == entry.count("}") + entry.count("\\{") - entry.count("\\}")
