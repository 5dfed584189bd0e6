"""Focus mode: F11 shows the article alone, full screen, at a comfortable measure; Esc comes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

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


def text_column(win: Any) -> float:
    """The width of the article's text column in characters of the reading font."""
    doc = win.reading_pane.browser.document()
    frame = doc.rootFrame().frameFormat()
    width = win.reading_pane.browser.viewport().width() - frame.leftMargin() - frame.rightMargin()
    font = QFont(doc.defaultFont())
    font.setPointSizeF(win.prefs.font_size)
    return width / QFontMetricsF(font).horizontalAdvance("中")


def test_f11_shows_the_article_alone_and_esc_comes_back(window: Any, qtbot: Any) -> None:
    window.search_dock.show()
    qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_F11)
    assert window.in_focus_mode and window.isFullScreen()
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.reading_pane.browser.viewport().width() > screen.width() - 40)  # laid out
    assert not any(w.isVisible() for w in (window.library_dock, window.search_dock, window.issue_view))
    assert not window.menuBar().isVisible()
    assert 36 <= text_column(window) <= 40  # a comfortable measure, centred
    frame = window.reading_pane.browser.document().rootFrame().frameFormat()
    assert abs(frame.leftMargin() - frame.rightMargin()) < 1
    progress = window.reading_pane.progress_label
    assert progress.isVisible() and progress.text().startswith("Article 1 of 5 on this page · ")
    qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_Escape)
    assert not window.in_focus_mode and not window.isFullScreen()
    assert window.library_dock.isVisible() and window.search_dock.isVisible() and window.issue_view.isVisible()
    assert window.menuBar().isVisible() and not progress.isVisible()


def test_reading_progress_follows_the_scroll(window: Any, qtbot: Any) -> None:
    window.set_focus_mode(True)
    bar = window.reading_pane.browser.verticalScrollBar()
    assert bar.maximum() > 0
    start = window.reading_pane.progress_text()
    bar.setValue(bar.maximum())
    assert start.endswith("%") and window.reading_pane.progress_label.text().endswith("100%")
    assert window.progress_status.text() == window.reading_pane.progress_label.text()
    window.step_article(1)
    assert window.reading_pane.progress_label.text().startswith("Article 2 of 5 on this page")
