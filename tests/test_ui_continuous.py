"""Reading a whole page or issue in one scroll: every article in page order, folded blocks, a list that follows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl

from reader.library.store import Library
from tests.conftest import SAMPLES
from tests.helpers import import_pages


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, english_ui: None) -> Iterator[Any]:
    from reader.app import build

    folder = tmp_path / "lib"
    with Library(folder) as lib:
        import_pages(lib, [SAMPLES])
    win, services = build(folder)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.open_issue(win.library.find_issue("许昌日报", "2020-04-08").id)
    yield win
    services.shutdown()


def doc_text(win: Any) -> str:
    return str(win.reading_pane.browser.document().toPlainText())


def test_the_whole_page_reads_in_one_scroll_with_blocks_folded(window: Any) -> None:
    page = window.issue_view.current_page_id
    articles = window.library.articles(page)
    blocks = window.library.blocks(page)
    window.set_reading_mode("page")
    pane = window.reading_pane
    assert pane.continuous and pane.page_ids == [page] and pane._places.valid
    text = doc_text(window)
    positions = [text.index(a.title) for a in articles if a.title]
    assert positions == sorted(positions) and len(positions) >= 4  # every article, in page order
    advert = next(b for b in blocks if b.kind == "advert")
    assert advert.text.strip() not in text  # folded ...
    assert "〔advert ×" in text  # ... into one quiet line
    marker = next(b for b in blocks if b.kind == "masthead")
    ids = ",".join(str(b.id) for b in blocks if b.kind in ("masthead", "advert") and b.ord < articles[0].ord)
    pane._on_anchor(QUrl(f"block:{ids}"))  # a click on the marker opens the run
    assert advert.text.split()[0] in doc_text(window) and marker.text.strip() in doc_text(window)
    assert pane._places.valid


def test_the_contents_list_follows_the_scroll_and_a_click_scrolls_to_the_article(window: Any, qtbot: Any) -> None:
    window.set_reading_mode("page")
    pane, view, model = window.reading_pane, window.issue_view.toc_view, window.issue_view.toc_model
    ids = model.article_ids()
    bar = pane.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert pane.current_article_id == ids[-1]
    assert model.entry(view.currentIndex().row()).id == ids[-1]
    row = model.row_of(ids[1])
    index = model.index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert pane.continuous and pane.current_article_id == ids[1]
    cursor = pane.browser.cursorForPosition(pane.browser.viewport().rect().topLeft())
    title = window.library.article(ids[1]).title
    assert title[:4] in str(cursor.block().text()) or title[:4] in str(cursor.block().next().text())


def test_the_whole_issue_has_every_page_with_its_label(window: Any) -> None:
    issue = window.library.find_issue("衡水日报", "2021-12-03")
    window.open_issue(issue.id)
    window.set_reading_mode("issue")
    pages = window.library.page_summaries(issue.id)
    assert window.reading_pane.page_ids == [p.id for p in pages]
    text = doc_text(window)
    for page in pages:
        for article in window.library.articles(page.id):
            if article.title:
                assert article.title in text


def test_the_contents_filter_shows_articles_only_or_everything(window: Any) -> None:
    issue_view = window.issue_view
    everything = issue_view.toc_model.rowCount()
    issue_view._filter.setCurrentIndex(issue_view._filter.findData(True))
    rows = [issue_view.toc_model.entry(r) for r in range(issue_view.toc_model.rowCount())]
    assert rows and all(e.is_article for e in rows) and len(rows) < everything
    issue_view._filter.setCurrentIndex(issue_view._filter.findData(False))
    assert issue_view.toc_model.rowCount() == everything


def test_the_reading_mode_is_remembered(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from reader.app import build

    window.set_reading_mode("issue")
    again, services = build(tmp_path / "lib")
    qtbot.addWidget(again)
    try:
        assert again.reading_mode == "issue" and again.mode_actions["issue"].isChecked()
    finally:
        services.shutdown()
