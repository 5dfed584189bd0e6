"""The issue view: header with provenance hints, the page strip, the page's contents with blocks set apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from reader.library.records import TocEntry
from reader.library.store import Library, page_order
from reader.ui import i18n
from reader.ui.issue_view import IssueView
from reader.ui.toc_model import ITEM_ID_ROLE, ITEM_KIND_ROLE, LENGTH, TITLE, TocModel, entry_title
from tests.helpers import import_pages

XC, HS = "许昌日报", "衡水日报"


@pytest.fixture(autouse=True)
def _english(english_ui: None) -> None:
    """Every test here compares English interface strings."""


@pytest.fixture(scope="module")
def sample_lib_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("issuelib")
    samples = Path(__file__).resolve().parents[1] / "resources" / "samples"
    with Library(folder) as lib:
        assert import_pages(lib, [samples]).added == 5
    return folder


@pytest.fixture
def lib(sample_lib_dir: Path) -> Iterator[Library]:
    library = Library(sample_lib_dir)
    yield library
    library.close()


@pytest.fixture
def view(qtbot: Any, lib: Library) -> IssueView:
    widget = IssueView(lib)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def issue_of(lib: Library, paper: str, day: str) -> int:
    found = lib.find_issue(paper, dt.date.fromisoformat(day))
    assert found is not None
    return found.id


def rows(view: IssueView) -> list[tuple[str, str]]:
    model = view.toc_model
    return [
        (model.index(r, TITLE).data(ITEM_KIND_ROLE), model.index(r, TITLE).data())
        for r in range(model.rowCount())
    ]


def row_of_kind(view: IssueView, kind: str) -> int:
    return next(r for r, (k, _) in enumerate(rows(view)) if k == kind)


def test_show_issue_lists_pages_header_and_selects_the_first_page(
    qtbot: Any, view: IssueView, lib: Library
) -> None:
    issue_id = issue_of(lib, XC, "2022-10-11")
    (page,) = lib.pages(issue_id)
    with qtbot.waitSignal(view.page_changed, timeout=2000) as blocker:
        assert view.show_issue(issue_id)
    assert blocker.args == [page.id]
    assert view.current_issue_id == issue_id and view.current_page_id == page.id
    assert view.page_labels() == ["Page 1"]
    header = view.findChild(type(view._header), "IssueHeader").text()
    assert XC in header and "2022-10-11" in header and "No. 9785" in header
    assert "1 of 8 pages in the library" in header  # the masthead says 今日8版; one page is in the library
    assert "date from the lunar date" in header  # the sample prints only 星期二 农历壬寅年九月十六
    assert "paper from" not in header  # printed in the masthead: no hint


def test_page_labels_in_chinese(view: IssueView, lib: Library) -> None:
    i18n.set_language("zh")
    view.show_issue(issue_of(lib, XC, "2020-04-08"))
    assert view.page_labels() == ["第1版"]


def test_contents_list_articles_and_blocks_in_reading_order(view: IssueView, lib: Library) -> None:
    issue_id = issue_of(lib, XC, "2022-10-11")
    view.show_issue(issue_id)
    page_id = view.current_page_id
    assert page_id is not None
    items = lib.page_items(page_id)
    shown = rows(view)
    assert len(shown) == len(items)  # nothing on the page is hidden
    assert [k for k, _ in shown] == [getattr(i, "kind", "article") for i in items]
    # This front page ends with the editors' footer lines: they are rows of their own, marked as such.
    footer = row_of_kind(view, "footer")
    assert shown[footer][1].startswith("〔footer〕 值班编审")
    # Its first article has no headline: it is shown by its first words and marked.
    first_article = row_of_kind(view, "article")
    assert shown[first_article][1].startswith("(untitled) ")


def test_blocks_look_different_from_articles(view: IssueView, lib: Library) -> None:
    view.show_issue(issue_of(lib, XC, "2020-04-08"))
    model = view.toc_model
    advert = model.index(row_of_kind(view, "advert"), TITLE)
    article = model.index(row_of_kind(view, "article"), TITLE)
    assert advert.data().startswith("〔advert〕 ")
    assert isinstance(advert.data(Qt.ItemDataRole.ForegroundRole), QColor)
    font = advert.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert article.data(Qt.ItemDataRole.ForegroundRole) is None
    assert article.data(Qt.ItemDataRole.FontRole) is None  # a titled article: the view's normal font
    length = model.index(article.row(), LENGTH).data()
    assert length.endswith(" chars") and length[0].isdigit()


def test_a_click_opens_an_article_and_arrow_keys_only_select(
    qtbot: Any, view: IssueView, lib: Library
) -> None:
    view.show_issue(issue_of(lib, HS, "2021-12-03"))
    row = row_of_kind(view, "article")
    index = view.toc_model.index(row, TITLE)
    rect = view.toc_view.visualRect(index)
    viewport = view.toc_view.viewport()
    with qtbot.waitSignal(view.article_requested, timeout=2000) as blocker:  # as in an e-book's contents
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [index.data(ITEM_ID_ROLE)]
    assert lib.article(blocker.args[0]) is not None
    view.toc_view.setFocus()
    with qtbot.assertNotEmitted(view.article_requested):  # moving through the list keeps the open article
        qtbot.keyClick(view.toc_view, Qt.Key.Key_Down)
        qtbot.keyClick(view.toc_view, Qt.Key.Key_Up)
    assert view.toc_view.currentIndex().row() == row


def test_enter_on_a_block_emits_block_requested(qtbot: Any, view: IssueView, lib: Library) -> None:
    view.show_issue(issue_of(lib, XC, "2020-04-08"))
    row = row_of_kind(view, "advert")
    index = view.toc_model.index(row, TITLE)
    view.toc_view.setFocus()
    view.toc_view.setCurrentIndex(index)
    with qtbot.waitSignal(view.block_requested, timeout=2000) as blocker:
        qtbot.keyClick(view.toc_view, Qt.Key.Key_Return)
    assert blocker.args == [view.current_page_id, index.data(ITEM_ID_ROLE)]
    block_ids = {b.id for b in lib.blocks(view.current_page_id or 0) if b.kind == "advert"}
    assert blocker.args[1] in block_ids


def test_select_article_switches_issue_and_selects_its_row(view: IssueView, lib: Library) -> None:
    view.show_issue(issue_of(lib, XC, "2020-04-08"))
    other_issue = issue_of(lib, HS, "2021-12-03")
    target = lib.articles(lib.pages(other_issue)[0].id)[-1]
    assert view.select_article(target.id)
    assert view.current_issue_id == other_issue and view.current_page_id == target.page_id
    assert view.toc_view.currentIndex().data(ITEM_ID_ROLE) == target.id
    assert not view.select_article(999_999)


def test_unknown_issue_shows_an_empty_view(view: IssueView) -> None:
    assert not view.show_issue(999_999)
    assert view.current_issue_id is None and view.current_page_id is None
    assert view.toc_model.rowCount() == 0 and view.page_labels() == []


def test_toc_model_passes_the_model_tester(qtmodeltester: Any, lib: Library) -> None:
    model = TocModel()
    qtmodeltester.check(model)
    page = lib.pages(issue_of(lib, XC, "2022-10-11"))[0]
    model.set_entries(lib.page_toc(page.id))
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    assert model.columnCount(model.index(0, 0)) == 0 and model.rowCount(model.index(0, 0)) == 0
    assert not model.index(0, 0).parent().isValid()
    assert model.data(QModelIndex()) is None


def test_entry_titles_mark_jumps_and_stand_ins() -> None:
    base = dict(id=1, page_id=1, ord=0, subtitle=None, byline=None, section=None, char_count=10)
    jumped = TocEntry("article", title="头条", kicker=None, continued_to="2", continued_from=None,
                      first_line="正文", **base)  # fmt: skip
    assert entry_title(jumped) == "头条  → continued on Page 2"
    kicked = TocEntry("article", title=None, kicker="引题文字", continued_to=None, continued_from="A1",
                      first_line="正文", **base)  # fmt: skip
    assert entry_title(kicked) == "(untitled) 引题文字  ← continued from A1"
    odd = TocEntry("mystery", title=None, kicker=None, continued_to=None, continued_from=None,
                   first_line="什么", **base)  # fmt: skip
    assert entry_title(odd) == "〔mystery〕 什么"  # an unknown block kind is still shown


def test_pages_of_a_generated_issue_are_in_page_order(qtbot: Any, tmp_path: Path) -> None:
    from bench.generate import generate_archive

    generate_archive(tmp_path / "arch", pages=8, papers=1, seed=5)
    with Library(tmp_path / "lib") as lib:
        assert import_pages(lib, [tmp_path / "arch"]).added == 8
        (issue,) = lib.issues()
        view = IssueView(lib)
        qtbot.addWidget(view)
        view.show_issue(issue.id)
        pages = lib.page_summaries(issue.id)
        assert len(view.page_labels()) == 8
        assert [p.seq for p in pages] == sorted(page_order(p.label) for p in pages)
        with qtbot.waitSignal(view.page_changed, timeout=2000) as blocker:
            view.page_strip.setCurrentIndex(2)  # what a click on the third page's tab does
        assert blocker.args == [pages[2].id]
        assert {view.toc_model.entry(r).page_id for r in range(view.toc_model.rowCount())} == {pages[2].id}
