"""Reading from the keyboard like an e-book reader: Space pages on, across articles and pages; Shift+Space back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reader.library.store import Library
from tests.conftest import SAMPLES
from tests.helpers import import_pages


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    from reader.app import build

    folder = tmp_path / "lib"
    with Library(folder) as lib:
        import_pages(lib, [SAMPLES])
    win, services = build(folder)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    services.shutdown()


def open_long_article(win: Any, qtbot: Any) -> tuple[int, int]:
    """Click the longest article of 许昌日报 2020-04-08 in the contents list; (its id, its row)."""
    issue = win.library.find_issue("许昌日报", "2020-04-08")
    win.open_issue(issue.id)
    model, view = win.issue_view.toc_model, win.issue_view.toc_view
    articles = [r for r in range(model.rowCount()) if model.entry(r).is_article]
    row = max(articles, key=lambda r: model.entry(r).char_count)
    index = model.index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert win.reading_pane.current_article_id == model.entry(row).id
    return model.entry(row).id, row


def test_space_in_the_contents_list_pages_the_article_and_the_list_stays(window: Any, qtbot: Any) -> None:
    article, row = open_long_article(window, qtbot)
    view = window.issue_view.toc_view
    view.setFocus()
    bar = window.reading_pane.browser.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(view, Qt.Key.Key_Space)
    first = bar.value()
    assert first > window.reading_pane.browser.viewport().height() // 2  # about a screen
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() > first or bar.value() == bar.maximum()
    assert view.currentIndex().row() == row and window.reading_pane.current_article_id == article
    qtbot.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() < max(first * 2, bar.maximum())


def test_space_at_the_end_goes_on_to_the_next_article_and_shift_space_comes_back(window: Any, qtbot: Any) -> None:
    article, _row = open_long_article(window, qtbot)
    browser = window.reading_pane.browser
    browser.setFocus()
    ids = window._issue_articles(window.library.article(article).issue_id)
    for _ in range(50):
        qtbot.keyClick(browser, Qt.Key.Key_Space)
        if window.reading_pane.current_article_id != article:
            break
    after = ids[ids.index(article) + 1]
    assert window.reading_pane.current_article_id == after
    assert browser.verticalScrollBar().value() == 0  # the next article from its top
    qtbot.keyClick(browser, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert window.reading_pane.current_article_id == article
    bar = browser.verticalScrollBar()
    assert bar.value() == bar.maximum()  # back at the end of the article left


def test_space_goes_on_across_pages_to_the_end_of_the_issue(window: Any, qtbot: Any) -> None:
    issue = window.library.find_issue("衡水日报", "2021-12-03")
    window.open_issue(issue.id)
    ids = window._issue_articles(issue.id)
    browser = window.reading_pane.browser
    browser.setFocus()
    seen = [window.reading_pane.current_article_id]
    for _ in range(400):
        qtbot.keyClick(browser, Qt.Key.Key_Space)
        if window.reading_pane.current_article_id != seen[-1]:
            seen.append(window.reading_pane.current_article_id)
    assert seen == ids
    assert "end of this issue" in window.statusBar().currentMessage()


def test_space_in_a_text_field_types_a_space(window: Any, qtbot: Any) -> None:
    open_long_article(window, qtbot)
    window.search_dock.focus_query()
    qtbot.keyClicks(window.search_dock.query, "a b")
    assert window.search_dock.query.text() == "a b"
    assert window.reading_pane.browser.verticalScrollBar().value() == 0
