"""The reading pane's HTML, without Qt: escaping, highlight offsets, typography, jump links and citations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from reader.library.records import ArticleRecord
from reader.ui import i18n, render
from reader.ui.render import (
    display_text,
    hit_ranges,
    normalize_ranges,
    render_article,
    render_block,
    render_original,
)
from reader.ui.themes import THEMES, indent_px, stylesheet

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def article_html(*args: Any, **kwargs: Any) -> str:
    return render_article(*args, **kwargs).html


@pytest.fixture(autouse=True)
def _chinese_ui() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language(None)


def article(**fields: object) -> ArticleRecord:
    base = ArticleRecord(
        id=1,
        page_id=1,
        issue_id=1,
        page_label="1",
        ord=0,
        kicker=None,
        title="标题",
        subtitle=None,
        byline=None,
        section=None,
        body="第一段。\n第二段。",
        continued_to=None,
        continued_from=None,
        spans=(),
        char_count=0,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def body_of(html: str) -> str:
    """The document body, without the style sheet."""
    return html.split("<body>", 1)[1]


# -- escaping ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["kicker", "title", "subtitle", "byline", "section", "body"])
def test_hostile_text_is_escaped_in_every_field(field: str) -> None:
    hostile = f"甲{SCRIPT}乙{IMG}丙&amp;丁"
    html = body_of(article_html([article(**{field: hostile})], paper="许昌日报", date="2020-04-08"))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&amp;amp;" in html  # an entity in the page stays the five characters it was


def test_hostile_paper_page_and_jump_labels_are_escaped() -> None:
    part = article(continued_to="<b>2</b>", continued_from=SCRIPT)
    html = body_of(article_html([part], paper=IMG, date="<i>x</i>", page_label="<u>1</u>"))
    for raw in ("<b>", "<script", "<img", "<i>", "<u>"):
        assert raw not in html
    assert "&lt;b&gt;2&lt;/b&gt;" in html and "&lt;u&gt;1&lt;/u&gt;" in html


def test_hostile_text_in_original_and_block_is_escaped() -> None:
    for html in (render_original(f"{SCRIPT}\n{IMG}", [(0, 8)]), render_block("caption", f"{SCRIPT} {IMG}")):
        html = body_of(html)
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_control_characters_are_replaced_one_for_one() -> None:
    html = body_of(article_html([article(body="甲\x00乙")], highlights={"body": [(2, 3)]}, current_hit=0))
    assert "\x00" not in html
    assert '甲\ufffd<a name="hit-0"><span class="hit current">乙</span></a>' in html


# -- highlights ----------------------------------------------------------------------------------------


def test_body_hit_at_exact_offsets() -> None:
    html = body_of(article_html([article(body="一二三四五")], highlights={"body": [(1, 3)]}, current_hit=0))
    assert '<p class="para">一<a name="hit-0"><span class="hit current">二三</span></a>四五</p>' in html


def test_hit_across_paragraphs_is_split_and_anchored_once() -> None:
    # "一二三四\n五六七八": 三 is 2, 四 3, the newline 4, 五 5, 六 6.
    html = body_of(
        article_html([article(body="一二三四\n五六七八")], highlights={"body": [(2, 7)]}, current_hit=0)
    )
    assert '<p class="para">一二<a name="hit-0"><span class="hit current">三四</span></a></p>' in html
    assert '<p class="para"><span class="hit current">五六</span>七八</p>' in html
    assert html.count('name="hit-') == 1


def test_offsets_count_the_newline_between_paragraphs() -> None:
    html = body_of(article_html([article(body="甲乙\n丙丁")], highlights={"body": [(3, 4)]}))
    assert '<p class="para"><a name="hit-0"><span class="hit">丙</span></a>丁</p>' in html


def test_overlapping_hits_merge_and_adjacent_hits_stay_apart() -> None:
    assert normalize_ranges([(0, 2), (1, 3)], 10) == [(0, 3)]
    assert normalize_ranges([(1, 2), (0, 1)], 10) == [(0, 1), (1, 2)]
    html = body_of(
        article_html([article(body="一二三四")], highlights={"body": [(0, 1), (1, 2)]}, current_hit=1)
    )
    first = '<a name="hit-0"><span class="hit">一</span></a>'
    second = '<a name="hit-1"><span class="hit current">二</span></a>'
    assert first + second + "三四" in html


def test_out_of_range_and_garbage_offsets_are_ignored_safely() -> None:
    assert normalize_ranges([(-5, 2), (3, 99), (7, 9), (4, 4), (6, 5), ("a", None), None, (1,)], 5) == [
        (0, 2),
        (3, 5),
    ]
    html = body_of(article_html([article(body="一二三")], highlights={"body": [(10, 20)], "title": "x"}))
    assert "hit" not in html
    assert article_html([], highlights={"body": [(0, 1)]})  # nothing to show is not an error


def test_title_hits_come_first_and_are_escaped_before_marking() -> None:
    part = article(title="A<B>C", body="甲乙")
    hits = hit_ranges(part.title, part.body, {"body": [(0, 1)], "title": [(1, 4)]})
    assert hits == [("title", 1, 4), ("body", 0, 1)]
    html = body_of(article_html([part], highlights={"body": [(0, 1)], "title": [(1, 4)]}, current_hit=1))
    assert '<h1 class="title">A<a name="hit-0"><span class="hit">&lt;B&gt;</span></a>C</h1>' in html
    assert '<a name="hit-1"><span class="hit current">甲</span></a>乙' in html


def test_highlights_apply_to_the_chosen_part_of_a_joined_article() -> None:
    one = article(id=1, body="甲乙", continued_to="2", next_part=2)
    two = article(id=2, page_label="2", title="标题", body="甲乙", continued_from="1", previous_part=1)
    html = body_of(article_html([one, two], highlights={"body": [(1, 2)]}, highlight_part=1, current_hit=0))
    first, second = html.split("上接第1版", 1)
    assert "hit" not in first
    assert '甲<a name="hit-0"><span class="hit current">乙</span></a>' in second


# -- script conversion -----------------------------------------------------------------------------------


def test_script_conversion_keeps_highlight_positions() -> None:
    import opencc

    t2s = opencc.OpenCC("t2s").convert
    part = article(title="長葛市", body="記者報道頭髮")
    html = body_of(
        article_html(
            [part], highlights={"title": [(0, 2)], "body": [(4, 6)]}, current_hit=1, script_convert=t2s
        )
    )
    assert '<span class="hit">长葛</span></a>市' in html
    assert '记者报道<a name="hit-1"><span class="hit current">头发</span></a>' in html
    assert part.body == "記者報道頭髮"  # stored data untouched


def test_conversion_that_changes_length_falls_back_to_single_characters() -> None:
    def widen(text: str) -> str:  # "A" becomes two characters; other characters map one to one
        return text.replace("A", "AA").replace("甲", "乙")

    assert display_text("A甲A", widen) == "A乙A"
    html = body_of(
        article_html([article(body="A甲A")], highlights={"body": [(1, 2)]}, script_convert=widen)
    )
    assert '<p class="para">A<a name="hit-0"><span class="hit">乙</span></a>A</p>' in html


def test_failing_conversion_shows_the_original() -> None:
    def broken(text: str) -> str:
        raise RuntimeError("dictionary missing")

    assert display_text("長葛", broken) == "長葛"


# -- typography and structure ----------------------------------------------------------------------------


def test_chinese_typography_classes_and_style() -> None:
    part = article(
        section="要闻简报",
        kicker="引题",
        title="主标题",
        subtitle="副题",
        byline="本报讯（记者 甲）",
        body="第一段。\n小标题\n第三段。",
        subheads=(1,),
    )
    html = article_html([part], paper="许昌日报", date=dt.date(2020, 4, 8), page_label="1", font_size=16)
    body = body_of(html)
    assert '<p class="section">【要闻简报】</p>' in body
    order = [
        body.index(x)
        for x in (
            'class="kicker">引题',
            'class="title">主标题',
            'class="subtitle">副题',
            'class="byline">本报讯',
            'class="dateline">许昌日报',
            'class="para">第一段',
        )
    ]
    assert order == sorted(order)
    assert '<p class="subhead">小标题</p>' in body
    assert '<p class="para">第三段。</p>' in body
    css = re.sub(r"\s+", " ", html.split("<body>")[0])
    assert f"text-indent: {indent_px(16)}px" in css and indent_px(16) == round(2 * 16 * 96 / 72)
    assert "font-size: 16.0pt" in css


def test_line_spacing_and_theme_reach_the_style_sheet() -> None:
    loose = stylesheet("dark", "Noto Serif CJK SC", 14, 2.8)
    tight = stylesheet("dark", "Noto Serif CJK SC", 14, 1.4)
    line_height = re.compile(r"p \{[^}]*line-height: (\d+)%")
    assert int(line_height.search(loose).group(1)) > int(line_height.search(tight).group(1))  # type: ignore[union-attr]
    assert THEMES["dark"].text in loose and "'Noto Serif CJK SC'" in loose
    assert stylesheet("no-such-theme", None, "big", "wide")  # bad preferences fall back, never raise


def test_jump_links_point_at_the_other_part() -> None:
    html = body_of(
        article_html([article(continued_to="2", next_part=42, continued_from="1", previous_part=7)])
    )
    assert '<a href="article:42">下转第2版 →</a>' in html
    assert '<a href="article:7">← 上接第1版</a>' in html


def test_jump_to_a_part_not_in_the_library_is_plain_text() -> None:
    html = body_of(article_html([article(continued_to="8")]))
    assert "下转第8版" in html and "<a href" not in html


def test_joined_parts_in_order_with_a_separator() -> None:
    one = article(id=1, body="前半。", continued_to="2", next_part=2)
    two = article(id=2, page_label="2", title="标题", body="后半。", continued_from="1", previous_part=1)
    html = body_of(article_html([one, two]))
    assert html.index("前半。") < html.index("（上接第1版）") < html.index("后半。")
    assert "article:" not in html  # both parts are on screen: no links between them
    assert html.count('class="title"') == 1


# -- citation --------------------------------------------------------------------------------------------


def test_citation_appears_under_the_article_in_the_interface_languages_convention() -> None:
    from reader.ui import i18n

    try:
        i18n.set_language("zh")
        html = body_of(article_html([article(title="标题")], paper="许昌日报", date=dt.date(2020, 4, 8)))
        assert "引用：标题[N]．许昌日报，2020-04-08(1)．" in html  # GB/T 7714-2015
        i18n.set_language("en")
        html = body_of(article_html([article(title="标题")], paper="许昌日报", date=dt.date(2020, 4, 8)))
        assert "Cite: \u201c标题.\u201d 许昌日报, 2020-04-08, p. 1." in html
    finally:
        i18n.set_language(None)


# -- original text and blocks ----------------------------------------------------------------------------


def test_original_view_marks_spans_and_keeps_whitespace() -> None:
    text = "报头\n\n  甲乙丙\n丁戊"  # 甲 is at 6, the last newline at 9
    html = render_original(text, [(7, 9), (10, 12)])
    body = body_of(html)
    assert '<p class="raw">报头\n\n  甲<a name="span-0"><span class="span">乙丙</span></a>\n' in body
    assert '<a name="span-1"><span class="span">丁戊</span></a></p>' in body
    assert "white-space: pre-wrap" in html
    assert "hit" not in body
    css = html.split("<body>")[0]
    assert THEMES["light"].span in css and THEMES["light"].span != THEMES["light"].hit


def test_block_shows_its_kind() -> None:
    html = body_of(render_block("advert", "工银信用卡\n咨询电话"))
    assert '<p class="label">广告</p>' in html
    assert '<p class="raw">工银信用卡\n咨询电话</p>' in html
    assert "其他" in body_of(render_block(None, "x"))


def test_original_text_marks_search_hits_on_top_of_a_blocks_place() -> None:
    page = "报头\n<b>招聘</b>启事：招聘记者两名。\n正文"
    block = (page.index("<b>"), page.index("\n正文"))
    hits = [(page.index("招聘"), page.index("招聘") + 2), (page.rindex("招聘"), page.rindex("招聘") + 2)]
    out = render.render_original(page, [block], hits=hits, current_hit=1, heading="广告 · 第1版原文")
    assert "&lt;b&gt;" in out and "<b>招聘" not in out  # page text stays text
    assert '<a name="hit-0"><span class="span hit">招聘</span></a>' in out
    assert '<a name="hit-1"><span class="span hit current">招聘</span></a>' in out
    assert '<span class="span">&lt;/b&gt;启事：</span>' in out  # the block's place around the hits
    assert 'name="span-' not in out  # scrolled to by its hits, not by the block
    assert "报头\n" in out and '<span class="span">报头' not in out  # outside the block: unmarked


def test_hits_inside_a_blocks_place_are_painted_in_the_hit_colours(qtbot: Any) -> None:
    """Qt paints what the stylesheet says: the block's colour around its hits, every hit in the hit colour on top
    (the block's rule came last once and hid every hit but the current one)."""
    from PySide6.QtGui import QTextCursor, QTextDocument

    from reader.ui.themes import THEMES

    page = "报头\n您身边的银行 可信赖的银行\n正文"
    block = (page.index("您"), page.index("\n正文"))
    hits = [(page.index("银行"), page.index("银行") + 2), (page.rindex("银行"), page.rindex("银行") + 2)]
    doc = QTextDocument()
    doc.setHtml(render.render_original(page, [block], hits=hits, current_hit=0, theme="light"))
    plain = doc.toPlainText()

    def background(needle: str, occurrence: int = 0) -> str:
        at = plain.index(needle)
        for _ in range(occurrence):
            at = plain.index(needle, at + 1)
        cursor = QTextCursor(doc)
        cursor.setPosition(at + 1)  # the format of the character before the cursor: the needle's first
        return cursor.charFormat().background().color().name()

    colours = THEMES["light"]
    assert background("银行", 0) == colours.current_hit
    assert background("银行", 1) == colours.hit
    assert background("您身边") == colours.span
    assert background("报头") != colours.span
