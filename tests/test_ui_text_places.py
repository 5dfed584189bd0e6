"""Positions in the reading pane's document are offsets in the article's text, by the renderer's places."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QTextBrowser

from reader.ui.render import Mark, Place, render_article
from reader.ui.text_places import TextPlaces


@dataclass
class Part:
    """An article as the renderer reads it."""

    id: int
    body: str
    title: str | None = "标题  有两个空格"
    kicker: str | None = "  引题"
    subtitle: str | None = None
    byline: str | None = "本报讯（记者 王）"
    section: str | None = "要闻"
    page_label: str | None = "1"
    continued_to: str | None = None
    continued_from: str | None = None
    subheads: tuple[int, ...] = ()
    next_part: int | None = None
    previous_part: int | None = None


BODY = "甲  乙\t丙 丁。\n\n第二段\x07有控制字符。\n小标题\n末段 end "


@pytest.fixture
def shown(qtbot) -> tuple[QTextBrowser, TextPlaces, Part]:  # type: ignore[no-untyped-def]
    part = Part(7, BODY, subheads=(3,))
    rendered = render_article([part], paper="许昌日报", date="2020-04-08", page_label="1", bookmarked=True,
                              highlights={"body": [(0, 2)]}, current_hit=0, marks={7: [Mark(4, 9, "yellow", "u")]})
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(rendered.html)
    return browser, TextPlaces(browser.document(), rendered.places), part


def test_every_block_of_article_text_is_its_field_character_for_character(shown) -> None:  # type: ignore[no-untyped-def]
    browser, places, part = shown
    assert places.valid
    doc = browser.document()
    described = [p for p in places.places if p is not None]
    assert {p.field for p in described} == {"kicker", "title", "byline", "body"}
    for number, place in enumerate(places.places):
        if place is None:
            continue
        text = {"body": part.body, "title": part.title, "kicker": part.kicker, "byline": part.byline}[place.field]
        expected = text[place.start:place.end].replace("\x07", "\ufffd")  # a control character shows as one
        assert doc.findBlockByNumber(number).text() == expected


@pytest.mark.parametrize("needle", ["丙", "丁", "有控制字符", "小标题", "end"])
def test_a_document_position_is_a_body_offset_and_back(shown, needle: str) -> None:  # type: ignore[no-untyped-def]
    browser, places, part = shown
    offset = part.body.index(needle)
    position = places.position(7, "body", offset)
    assert position is not None
    place, found = places.at(position)  # type: ignore[misc]
    assert (place.article_id, place.field, found) == (7, "body", offset)
    assert browser.document().characterAt(position) == needle[0]


def test_a_selection_across_paragraphs_and_headings_is_cut_to_the_body(shown) -> None:  # type: ignore[no-untyped-def]
    _browser, places, part = shown
    start = places.position(7, "title", 0)
    end = places.position(7, "body", part.body.index("有控制字符"))
    assert places.selection(start, end) == (7, 0, part.body.index("有控制字符"))  # type: ignore[arg-type]
    assert places.fields_touched(start, end) == {"title", "byline", "body"}  # type: ignore[arg-type]
    only_title = places.position(7, "title", 4)
    assert places.selection(start, only_title) is None  # type: ignore[arg-type]
    assert places.fields_touched(start, only_title) == {"title"}  # type: ignore[arg-type]


def test_a_document_that_does_not_match_its_places_maps_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml("<p>一</p><p>二</p>")
    places = TextPlaces(browser.document(), (Place(1, "body", 0, 1),))
    assert not places.valid
    assert places.at(0) is None and places.position(1, "body", 0) is None and places.selection(0, 1) is None


def test_characters_beyond_the_basic_plane_keep_offsets_in_step(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Qt counts UTF-16 units, the places count code points: 𠀀 (CJK Extension B) is two units, one point.
    part = Part(3, "甲𠀀乙𪚥丙。\n\n次段𠀀丁。", title="题𠀀目")
    rendered = render_article([part], paper="申报", date="1925-03-01", page_label="1")
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(rendered.html)
    places = TextPlaces(browser.document(), rendered.places)
    assert places.valid
    for needle in ("乙", "丙", "丁", "次段"):
        offset = part.body.index(needle)
        position = places.position(3, "body", offset)
        assert position is not None and browser.document().characterAt(position) == needle[0]
        assert places.at(position)[1] == offset  # type: ignore[index]
    lo = places.position(3, "body", part.body.index("乙"))
    hi = places.position(3, "body", part.body.index("丁") + 1)
    assert places.selection(lo, hi) == (3, part.body.index("乙"), part.body.index("丁") + 1)  # type: ignore[arg-type]
