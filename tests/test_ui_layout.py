"""The reading column comes first: proportions of the default layout, the docks closed, sizes remembered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFontMetricsF

from tests.reading_measure import chars_per_line


@pytest.fixture
def make_window(qtbot: Any, lib_dir: Path) -> Iterator[Any]:
    from reader.app import build

    made: list[Any] = []

    def make(width: int, height: int) -> Any:
        win, services = build(lib_dir)
        qtbot.addWidget(win)
        made.append(services)
        win.resize(width, height)
        win.restore()  # nothing saved: the default layout for this size
        win.resize(width, height)
        win.show()
        qtbot.waitExposed(win)
        issue = win.library.find_issue("许昌日报", "2020-04-08")
        win.open_issue(issue.id)
        return win

    yield make
    for services in made:
        services.shutdown()


@pytest.mark.parametrize("width, height", [(1280, 800), (1920, 1080)])
def test_the_reading_column_gets_most_of_the_width(make_window: Any, width: int, height: int) -> None:
    win = make_window(width, height)
    assert win.width() == width
    assert win.reading_pane.width() >= 0.6 * width
    assert chars_per_line(win) >= 30
    assert not any(d.isVisible() for d in (win.search_dock, win.notes_dock, win.bookmarks_dock))
    assert win.library_dock.isVisible() and win.issue_view.isVisible()


def test_issue_labels_in_the_library_tree_are_not_cut(make_window: Any) -> None:
    win = make_window(1280, 800)
    tree = win.library_dock._tree
    model = tree.model()
    issue_index = model.issue_index(win.library.find_issue("许昌日报", "2020-04-08").id)
    tree.expand(issue_index.parent().parent().parent())
    tree.expand(issue_index.parent().parent())
    tree.expand(issue_index.parent())
    tree.scrollTo(issue_index)
    rect = tree.visualRect(issue_index)
    text = issue_index.data()
    needed = QFontMetricsF(tree.font()).horizontalAdvance(text)
    assert rect.left() + needed + 8 <= tree.viewport().width(), (text, rect, tree.viewport().width())


def test_the_contents_show_title_byline_and_length(make_window: Any) -> None:
    from reader.ui.toc_delegate import TocDelegate

    win = make_window(1280, 800)
    view = win.issue_view.toc_view
    model = win.issue_view.toc_model
    row = next(r for r in range(model.rowCount()) if model.entry(r).is_article and model.entry(r).byline)
    title, second = TocDelegate._lines(model.index(row, 0))
    entry = model.entry(row)
    assert title.endswith(entry.title) and entry.byline in second and f"{entry.char_count:,}" in second
    assert view.sizeHintForRow(row) > view.sizeHintForRow(0) or not model.entry(0).is_article  # two lines


def test_the_sizes_the_reader_sets_are_remembered(make_window: Any) -> None:
    win = make_window(1400, 900)
    win.splitter.setSizes([400, 700])
    win.search_dock.show()
    win.close()  # saves the state
    again = make_window(1400, 900)
    assert again.splitter.sizes()[0] == 400  # the contents list as wide as the reader made it
    assert again.search_dock.isVisible()


def test_searching_opens_the_side_area(make_window: Any) -> None:
    win = make_window(1280, 800)
    assert not win.search_dock.isVisible()
    win.search_dock.focus_query()  # Ctrl+Shift+F, Search ▸ Search the Archive
    assert win.search_dock.isVisible()
