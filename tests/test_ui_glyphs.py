"""Unreadable marks and characters no installed font can draw show as a placeholder that says why."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QTextBrowser

from reader.ui import render
from reader.ui.glyphs import GlyphCoverage
from reader.ui.text_places import TextPlaces


@dataclass
class Part:
    id: int
    body: str
    title: str | None = "标题"
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    section: str | None = None
    page_label: str | None = "1"
    continued_to: str | None = None
    continued_from: str | None = None
    subheads: tuple[int, ...] = ()
    next_part: int | None = None
    previous_part: int | None = None


UNDRAWABLE = "\U0002fffd"  # unassigned: no font anywhere has it


@pytest.fixture
def glyph_check() -> Iterator[None]:
    render.set_glyph_check(lambda char: char == UNDRAWABLE)
    yield
    render.set_glyph_check(None)


def shown(qtbot, body: str):  # type: ignore[no-untyped-def]
    rendered = render.render_article([Part(1, body)], paper="申报", date="1925-03-01", page_label="1")
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(rendered.html)
    return rendered, browser


def test_transcribers_marks_for_illegible_characters_become_a_placeholder_with_a_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    body = "某\ue123某君□〓到滬。"
    rendered, browser = shown(qtbot, body)
    assert rendered.html.count('class="unreadable"') == 3
    assert "Unreadable character in the source" in rendered.html
    assert "\ue123" not in rendered.html
    places = TextPlaces(browser.document(), rendered.places)
    position = places.position(1, "body", 0)
    assert position is not None
    # One character for one: offsets in the text stay offsets in the document.
    assert browser.document().findBlock(position).text() == "某〓某君□〓到滬。"
    assert places.at(position + body.index("到"))[1] == body.index("到")  # type: ignore[index]


def test_a_character_no_font_can_draw_becomes_a_placeholder_naming_its_code_point(qtbot, glyph_check) -> None:  # type: ignore[no-untyped-def]
    body = f"甲{UNDRAWABLE}乙𠀀丙"
    rendered, browser = shown(qtbot, body)
    assert "U+2FFFD" in rendered.html and "fonts-hanazono" in rendered.html
    assert "𠀀" in rendered.html  # a drawable rare character is left alone
    places = TextPlaces(browser.document(), rendered.places)
    position = places.position(1, "body", body.index("丙"))
    assert position is not None and browser.document().characterAt(position) == "丙"


def test_without_a_glyph_check_rare_characters_are_left_to_qt(qtbot) -> None:  # type: ignore[no-untyped-def]
    rendered, _browser = shown(qtbot, f"甲{UNDRAWABLE}乙")
    assert UNDRAWABLE in rendered.html and 'class="unreadable"' not in rendered.html


def test_glyph_coverage_asks_the_installed_fonts_and_remembers(qtbot) -> None:  # type: ignore[no-untyped-def]
    coverage = GlyphCoverage()
    assert not coverage.missing("中") and not coverage.missing("a")
    assert coverage.missing(UNDRAWABLE)
    assert coverage._known == {ord(UNDRAWABLE): True}  # common characters are never looked up
