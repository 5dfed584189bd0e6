"""The reading pane in Qt: text, hostile pages, jump links, hits, find bar, original text, prefs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QTextCursor

from reader.library.store import Library
from reader.ui.reading_pane import ReadingPane
from reader.ui.themes import THEMES
from tests.helpers import import_pages


class Prefs(QObject):
    """A stand-in for reader.ui.settings.Preferences."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.font_family = "Noto Serif CJK SC"
        self.font_size = 14
        self.line_spacing = 1.8
        self.theme = "light"
        self.script = "original"


HEADER = "测试日报\n\n2021年5月6日 星期四\n\n"


@pytest.fixture(autouse=True)
def _english_ui(english_ui: None) -> None:
    """Every test here compares English interface strings."""


@pytest.fixture
def samples_library(tmp_path: Path, samples_dir: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "lib")
    import_pages(lib, [samples_dir])
    yield lib
    lib.close()


def make_library(tmp_path: Path, pages: dict[str, str]) -> Library:
    folder = tmp_path / "pages" / "2021-05-06"
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    lib = Library(tmp_path / "lib")
    import_pages(lib, [tmp_path / "pages"])
    return lib


def all_articles(lib: Library) -> list:
    return [a for issue in lib.issues() for page in lib.pages(issue.id) for a in lib.articles(page.id)]


def find_article(lib: Library, title_part: str):
    return next(a for a in all_articles(lib) if title_part in (a.title or ""))


def make_pane(qtbot, lib: Library, prefs: Prefs | None = None) -> ReadingPane:
    pane = ReadingPane(lib, prefs or Prefs())
    qtbot.addWidget(pane)
    pane.resize(700, 500)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def fragments_with_background(pane: ReadingPane, color: str) -> list[str]:
    """Runs of text painted with ``color`` behind them (anchors split runs; rejoin them)."""
    found: list[str] = []
    end = -1
    block = pane.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color() == QColor(color):
                if fragment.position() == end:
                    found[-1] += fragment.text()
                else:
                    found.append(fragment.text())
                end = fragment.position() + fragment.length()
            it += 1
        block = block.next()
    return found


def test_article_title_and_paragraphs_are_shown(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    pane = make_pane(qtbot, samples_library)
    pane.show_article(art.id)
    text = pane.browser.toPlainText()
    assert "长葛市『两网』键通『精准定位拔穷根』" in text
    assert "织『民情信息网』建『帮扶资源网』" in text  # the kicker
    assert "清明前后，种瓜点豆。" in text
    for paragraph in art.paragraphs:
        assert paragraph in text
    assert pane.current_article_id == art.id


def test_hostile_page_text_appears_literally(qtbot, tmp_path: Path) -> None:
    page = (
        HEADER + "警惕<script>alert(1)</script>网络诈骗\n\n"
        "本报讯（记者 张三）网页里有<img src=x onerror=alert(1)>这样的代码。\n"
    )
    lib = make_library(tmp_path, {"01.txt": page})
    art = find_article(lib, "网络诈骗")
    pane = make_pane(qtbot, lib)
    pane.show_article(art.id)
    text = pane.browser.toPlainText()
    assert "警惕<script>alert(1)</script>网络诈骗" in text
    assert "<img src=x onerror=alert" in text
    html = pane.browser.toHtml()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x" in html
    assert "<script" not in html and "<img" not in html
    pane.show_original(True)
    assert "警惕<script>alert(1)</script>网络诈骗" in pane.browser.toPlainText()
    assert "<script" not in pane.browser.toHtml()


@pytest.fixture
def jump_library(tmp_path: Path) -> Iterator[Library]:
    lib = make_library(
        tmp_path,
        {
            "01.txt": HEADER + "全市春耕生产有序推进\n\n本报讯（记者 张三）连日来，全市各地抢抓农时。\n\n"
            "各地农技人员深入田间地头。(下转第二版)\n",
            "02.txt": HEADER + "(上接第一版)全市春耕生产有序推进\n\n目前，全市已完成春播面积十万亩。\n",
        },
    )
    yield lib
    lib.close()


def click_link(qtbot, pane: ReadingPane, href: str) -> None:
    """Click the first character of the link to ``href`` like a user would."""
    doc = pane.browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + 1)
                point = pane.browser.cursorRect(cursor).center()
                point.setX(point.x() - 4)
                qtbot.mouseClick(pane.browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def test_jump_links_emit_the_other_part(qtbot, jump_library: Library) -> None:
    first, second = sorted(all_articles(jump_library), key=lambda a: a.page_label or "")
    assert (first.next_part, second.previous_part) == (second.id, first.id)
    pane = make_pane(qtbot, jump_library)
    pane.show_article(first.id)
    assert "Continued on page 2 →" in pane.browser.toPlainText()
    with qtbot.waitSignal(pane.article_requested, timeout=2000) as signal:
        click_link(qtbot, pane, f"article:{second.id}")
    assert signal.args == [second.id]
    pane.show_article(second.id)
    with qtbot.waitSignal(pane.article_requested, timeout=2000) as signal:
        click_link(qtbot, pane, f"article:{first.id}")
    assert signal.args == [first.id]


def test_joined_article_shows_both_parts(qtbot, jump_library: Library) -> None:
    second = max(all_articles(jump_library), key=lambda a: a.page_label or "")
    pane = make_pane(qtbot, jump_library)
    pane.show_article(second.id, joined=True)
    text = pane.browser.toPlainText()
    assert text.index("全市各地抢抓农时") < text.index("(continued from page 1)") < text.index("十万亩")
    assert pane.current_article_id == second.id


def test_next_and_previous_hit_move_the_current_mark(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    a = art.body.index("刘巧玲")
    b = art.body.index("民情信息网")
    pane = make_pane(qtbot, samples_library)
    pane.show_article(art.id, highlights={"title": [(0, 3)], "body": [(a, a + 3), (b, b + 5)]})
    colors = THEMES["light"]
    assert pane.hit_count == 3 and pane.current_hit == 0
    assert fragments_with_background(pane, colors.current_hit) == ["长葛市"]
    pane.next_hit()
    assert pane.current_hit == 1
    assert fragments_with_background(pane, colors.current_hit) == ["刘巧玲"]
    assert fragments_with_background(pane, colors.hit) == ["长葛市", "民情信息网"]
    pane.next_hit()
    pane.next_hit()  # wraps to the first
    assert fragments_with_background(pane, colors.current_hit) == ["长葛市"]
    pane.previous_hit()
    assert fragments_with_background(pane, colors.current_hit) == ["民情信息网"]


def test_current_hit_is_scrolled_into_view(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    last = art.body.rindex("。")
    pane = make_pane(qtbot, samples_library)
    pane.show_article(art.id, highlights={"body": [(0, 2), (last - 2, last)]})
    assert pane.scroll_fraction() < 0.2  # the first hit is in the first paragraph
    pane.next_hit()
    assert pane.scroll_fraction() > 0.5


def test_find_bar(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    # The title is shown twice: as the heading and in the citation line under the article.
    expected = 2 * (art.title or "").count("长葛") + art.body.count("长葛")
    pane = make_pane(qtbot, samples_library)
    pane.show_article(art.id)
    pane.activateWindow()  # focus moves only inside the active window
    qtbot.waitUntil(pane.isActiveWindow)
    pane.browser.setFocus()
    assert not pane.find_bar.isVisible()
    qtbot.keyClick(pane.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_bar.isVisible()
    assert pane.find_bar.edit.hasFocus()
    pane.find_bar.edit.insert("长葛")  # as an input method commits it (QTest cannot type CJK keys)
    assert pane.find_bar.count_label.text() == f"1 of {expected}"
    assert pane.selected_text() == "长葛"
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return)
    assert pane.find_bar.count_label.text() == f"2 of {expected}"
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.find_bar.count_label.text() == f"{expected} of {expected}"  # wrapped backwards
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible()
    assert pane.find_text("没有这样的词") == 0
    assert pane.find_bar.count_label.text() == "No matches"


def test_original_text_toggle_keeps_the_article(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    page = samples_library.page(art.page_id)
    pane = make_pane(qtbot, samples_library)
    pane.show_article(art.id)
    pane.show_original(True)
    text = pane.browser.toPlainText()
    assert "XUCHANG DAILY" in text  # masthead lines belong to the page, not the article
    assert "本报讯(左瑞君 李晓艺 李全林)清明前后" in text  # raw OCR punctuation, not the reflowed body
    marked = "".join(fragments_with_background(pane, THEMES["light"].span))
    start, end = art.spans[0]
    assert page is not None and page.text[start:end].strip() in marked
    assert "XUCHANG" not in marked
    assert pane.current_article_id == art.id
    pane.show_original(False)
    assert "XUCHANG DAILY" not in pane.browser.toPlainText()
    assert "清明前后，种瓜点豆。" in pane.browser.toPlainText()


def test_scroll_fraction_is_restored_and_reported(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    pane = make_pane(qtbot, samples_library)
    pane.show_article(art.id, scroll=0.5)
    assert pane.browser.verticalScrollBar().maximum() > 0
    assert pane.scroll_fraction() == pytest.approx(0.5, abs=0.02)
    with qtbot.waitSignal(pane.scroll_changed, timeout=1000) as signal:
        pane.browser.verticalScrollBar().setValue(0)
    assert signal.args == [0.0]
    pane.show_article(art.id, scroll=1.0)
    assert pane.scroll_fraction() == 1.0


def test_prefs_change_re_renders(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    prefs = Prefs()
    pane = make_pane(qtbot, samples_library, prefs)
    prefs.changed.connect(pane.apply_prefs)  # the main window wires this
    pane.show_article(art.id, scroll=0.4)
    before = pane.browser.verticalScrollBar().maximum()
    prefs.font_size, prefs.theme, prefs.script = 22, "dark", "traditional"
    prefs.changed.emit()
    assert "22.0pt" in pane.browser.document().defaultStyleSheet()
    assert THEMES["dark"].text in pane.browser.document().defaultStyleSheet()
    assert pane.browser.verticalScrollBar().maximum() > before  # bigger type, longer document
    assert pane.scroll_fraction() == pytest.approx(0.4, abs=0.03)
    assert pane.browser.palette().color(pane.browser.palette().ColorRole.Base) == QColor(
        THEMES["dark"].background
    )
    assert "長葛市『兩網』鍵通" in pane.browser.toPlainText()  # display only
    assert samples_library.article(art.id).title == "长葛市『两网』键通『精准定位拔穷根』"  # type: ignore[union-attr]


def test_block_missing_article_and_selection(qtbot, samples_library: Library) -> None:
    art = find_article(samples_library, "两网")
    block = next(b for b in samples_library.blocks(art.page_id) if b.kind == "advert")
    pane = make_pane(qtbot, samples_library)
    pane.show_block(art.page_id, block.id)
    assert "Advert".lower() in pane.browser.toPlainText().lower()
    assert block.text.split("\n")[0] in pane.browser.toPlainText()
    assert pane.current_article_id is None
    pane.show_article(999_999)
    assert "no longer in the library" in pane.browser.toPlainText()
    pane.show_article(art.id)
    pane.browser.selectAll()
    assert "清明前后" in pane.selected_text()
