"""The library tree model and dock: labels with counts, lazy fetching, calendar marks, signals, go-to-date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView

from reader.library.store import Library
from reader.ui import i18n
from reader.ui.library_dock import LibraryDock
from reader.ui.library_model import ISSUE_ID_ROLE, KIND_ROLE, LibraryTreeModel
from tests.helpers import import_pages

XC, HS = "许昌日报", "衡水日报"


@pytest.fixture(autouse=True)
def _english(english_ui: None) -> None:
    """Every test here compares English interface strings."""


@pytest.fixture(scope="module")
def sample_lib_dir(tmp_path_factory: pytest.TempPathFactory, samples_dir_module: Path) -> Path:
    folder = tmp_path_factory.mktemp("uilib")
    with Library(folder) as lib:
        report = import_pages(lib, [samples_dir_module])
        assert report.added == 5
    return folder


@pytest.fixture(scope="module")
def samples_dir_module() -> Path:
    return Path(__file__).resolve().parents[1] / "resources" / "samples"


@pytest.fixture
def lib(sample_lib_dir: Path) -> Iterator[Library]:
    library = Library(sample_lib_dir)
    yield library
    library.close()


def issue_of(lib: Library, paper: str, day: str) -> int:
    found = lib.find_issue(paper, dt.date.fromisoformat(day))
    assert found is not None, (paper, day)
    return found.id


def labels(model: LibraryTreeModel, parent: QModelIndex = QModelIndex()) -> list[str]:  # noqa: B008
    """The labels of the children of ``parent`` (fetching them first)."""
    model.ensure_fetched(parent)
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def child(model: LibraryTreeModel, parent: QModelIndex, prefix: str) -> QModelIndex:
    """The child of ``parent`` whose label starts with ``prefix`` (fetching the children first)."""
    model.ensure_fetched(parent)
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data().startswith(prefix):
            return index
    raise AssertionError(f"no child {prefix!r} in {labels(model, parent)}")


def count_calls(monkeypatch: pytest.MonkeyPatch, lib: Library, *names: str) -> dict[str, int]:
    calls = dict.fromkeys(names, 0)
    for name in names:
        original: Callable[..., Any] = getattr(lib, name)

        def wrapper(*args: Any, _name: str = name, _original: Callable[..., Any] = original) -> Any:
            calls[_name] += 1
            return _original(*args)

        monkeypatch.setattr(lib, name, wrapper)
    return calls


def fetch_all(model: LibraryTreeModel, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
    model.ensure_fetched(parent)
    for row in range(model.rowCount(parent)):
        fetch_all(model, model.index(row, 0, parent))


# -- the model --------------------------------------------------------------------------------------------


def test_model_passes_the_model_tester_before_and_after_fetching(qtmodeltester: Any, lib: Library) -> None:
    # One tester per model: it stays attached and checks every later insertion, too.
    model = LibraryTreeModel(lib)
    qtmodeltester.check(model)
    fetch_all(model)
    # A refreshed model is checked by a tester attached afterwards (test_ui_library_refresh.py says why).
    refreshed = LibraryTreeModel(lib)
    fetch_all(refreshed)
    refreshed.refresh()
    qtmodeltester.check(refreshed)
    fetch_all(refreshed)


def test_tree_shows_papers_years_months_issues_with_counts(lib: Library) -> None:
    model = LibraryTreeModel(lib)
    assert labels(model) == [f"{HS} (1)", f"{XC} (3)", "(unknown paper) (1)"]
    xc = model.index(1, 0)
    model.ensure_fetched(xc)
    assert labels(model, xc) == ["2020 (2)", "2022 (1)"]
    y2020 = model.index(0, 0, xc)
    model.ensure_fetched(y2020)
    assert labels(model, y2020) == ["April (1)", "July (1)"]
    april = model.index(0, 0, y2020)
    model.ensure_fetched(april)
    (issue_label,) = labels(model, april)
    assert issue_label == "Wed 8 · No. 9158"  # short under its month: the tree is narrow, labels are never cut
    issue = model.index(0, 0, april)
    assert "2020-04-08 No. 9158 · 1 pp. · " in issue.data(Qt.ItemDataRole.ToolTipRole)
    assert issue.data(ISSUE_ID_ROLE) == issue_of(lib, XC, "2020-04-08")
    assert issue.data(KIND_ROLE) == "issue"
    assert not model.hasChildren(issue)
    # The 2022 front page says 今日8版 while the library holds one page of it.
    y2022 = child(model, xc, "2022")
    october = child(model, y2022, "October (1)")
    assert labels(model, october)[0] == "Tue 11 · No. 9785 · 1/8 pp."  # pages named when some are missing


def test_unknown_paper_and_undated_issue_have_their_own_nodes(lib: Library) -> None:
    model = LibraryTreeModel(lib)
    unknown = child(model, QModelIndex(), "(unknown paper)")
    assert unknown.data(KIND_ROLE) == "paper"
    assert isinstance(unknown.data(Qt.ItemDataRole.FontRole), QFont)  # set apart (italic)
    undated = child(model, unknown, "(undated) (1)")
    model.ensure_fetched(undated)
    (issue,) = [model.index(r, 0, undated) for r in range(model.rowCount(undated))]
    assert issue.data() == "(undated) · samples"  # undated issues are told apart by folder
    stored = lib.issues(None)
    undated_ids = [i.id for i in stored if i.paper is None and i.date is None]
    assert issue.data(ISSUE_ID_ROLE) == undated_ids[0]


def test_month_names_follow_the_interface_language(lib: Library) -> None:
    i18n.set_language("zh")
    model = LibraryTreeModel(lib)
    april = child(model, child(model, child(model, QModelIndex(), XC), "2020"), "4月")
    assert april.data() == "4月 (1)"
    model.ensure_fetched(april)
    assert "第9158期" in model.index(0, 0, april).data()


def test_children_are_read_only_when_a_node_is_expanded(
    monkeypatch: pytest.MonkeyPatch, lib: Library
) -> None:
    calls = count_calls(monkeypatch, lib, "paper_counts", "paper_years", "issue_months", "issues_in_month")
    model = LibraryTreeModel(lib)
    assert calls == {"paper_counts": 1, "paper_years": 0, "issue_months": 0, "issues_in_month": 0}
    xc = model.index(1, 0)
    assert model.rowCount(xc) == 0 and model.hasChildren(xc) and model.canFetchMore(xc)
    model.fetchMore(xc)
    assert model.rowCount(xc) == 2 and not model.canFetchMore(xc)
    assert calls["paper_years"] == 1 and calls["issue_months"] == 0
    model.fetchMore(xc)  # fetching twice reads nothing more
    assert calls["paper_years"] == 1


def test_issue_index_and_keys_survive_refresh(lib: Library) -> None:
    model = LibraryTreeModel(lib)
    issue_id = issue_of(lib, XC, "2020-07-15")
    index = model.issue_index(issue_id)
    assert index.isValid() and index.data(ISSUE_ID_ROLE) == issue_id
    month_key = model.key(index.parent())
    assert month_key == ("month", XC, 2020, 7)
    model.refresh()
    again = model.index_for_key(month_key)
    assert again.data() == "July (1)"
    assert not model.issue_index(999_999).isValid()


# -- the dock ---------------------------------------------------------------------------------------------


@pytest.fixture
def dock(qtbot: Any, lib: Library) -> LibraryDock:
    widget = LibraryDock(lib)
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_clicking_an_issue_emits_issue_requested(qtbot: Any, dock: LibraryDock, lib: Library) -> None:
    issue_id = issue_of(lib, XC, "2020-04-08")
    index = dock.model.issue_index(issue_id)
    dock.tree.expand(index.parent().parent().parent())
    dock.tree.expand(index.parent().parent())
    dock.tree.expand(index.parent())
    dock.tree.scrollTo(index)
    rect = dock.tree.visualRect(index)
    assert rect.isValid()
    with qtbot.waitSignal(dock.issue_requested, timeout=2000) as blocker:
        qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [issue_id]


def test_clicking_a_paper_emits_paper_selected(qtbot: Any, dock: LibraryDock) -> None:
    index = dock.model.index(1, 0)
    rect = dock.tree.visualRect(index)
    with qtbot.waitSignal(dock.paper_selected, timeout=2000) as blocker:
        qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [XC]
    assert dock.selected_paper() == XC


def test_calendar_marks_the_days_with_an_issue(dock: LibraryDock, lib: Library) -> None:
    dock.tree.setCurrentIndex(dock.model.index(1, 0))  # 许昌日报
    dock.calendar.setCurrentPage(2020, 4)
    assert dock.marked_dates() == {dt.date(2020, 4, 8): issue_of(lib, XC, "2020-04-08")}
    marked = dock.calendar.dateTextFormat(QDate(2020, 4, 8))
    assert marked.fontWeight() == QFont.Weight.Bold
    assert marked.background().style() != Qt.BrushStyle.NoBrush
    plain = dock.calendar.dateTextFormat(QDate(2020, 4, 9))
    assert plain.fontWeight() != QFont.Weight.Bold
    dock.calendar.setCurrentPage(2020, 5)  # turning the page moves the marks
    assert dock.marked_dates() == {}
    assert dock.calendar.dateTextFormat(QDate(2020, 4, 8)).fontWeight() != QFont.Weight.Bold
    dock.tree.setCurrentIndex(dock.model.index(0, 0))  # 衡水日报: the calendar turns to its issue
    assert (dock.calendar.yearShown(), dock.calendar.monthShown()) == (2021, 12)
    assert list(dock.marked_dates()) == [dt.date(2021, 12, 3)]


def _day_cell(dock: LibraryDock, day: int) -> tuple[QTableView, QModelIndex]:
    """The calendar's cell of ``day`` in the displayed month (the grid also shows neighbouring months)."""
    view = dock.calendar.findChild(QTableView)
    model = view.model()
    seen_first = False
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(index.data())
            seen_first = seen_first or text == "1"
            if seen_first and text == str(day):
                return view, index
    raise AssertionError(f"day {day} not shown")


def test_clicking_a_marked_day_emits_its_issue(qtbot: Any, dock: LibraryDock, lib: Library) -> None:
    dock.tree.setCurrentIndex(dock.model.index(1, 0))
    dock.calendar.setCurrentPage(2020, 7)
    view, cell = _day_cell(dock, 15)
    issue_id = issue_of(lib, XC, "2020-07-15")
    with qtbot.waitSignal(dock.issue_requested, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(cell).center())
    assert blocker.args == [issue_id]
    assert dock.tree.currentIndex().data(ISSUE_ID_ROLE) == issue_id  # the tree follows
    view, cell = _day_cell(dock, 16)
    with qtbot.assertNotEmitted(dock.issue_requested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(cell).center())


def test_go_to_date_opens_that_day_or_the_next_issue(qtbot: Any, dock: LibraryDock, lib: Library) -> None:
    dock.tree.setCurrentIndex(dock.model.index(1, 0))
    expected = issue_of(lib, XC, "2020-07-15")
    with qtbot.waitSignal(dock.issue_requested, timeout=2000) as blocker:
        assert dock.go_to_date(dt.date(2020, 4, 9)) == expected
    assert blocker.args == [expected]
    assert dock.tree.currentIndex().data(ISSUE_ID_ROLE) == expected
    assert (dock.calendar.yearShown(), dock.calendar.monthShown()) == (2020, 7)
    assert dock.go_to_date(QDate(2020, 4, 8)) == issue_of(lib, XC, "2020-04-08")
    with qtbot.assertNotEmitted(dock.issue_requested):
        assert dock.go_to_date(dt.date(2030, 1, 1)) is None


def test_select_issue_expands_selects_and_moves_the_calendar(dock: LibraryDock, lib: Library) -> None:
    issue_id = issue_of(lib, HS, "2021-12-03")
    assert dock.select_issue(issue_id)
    current = dock.tree.currentIndex()
    assert current.data(ISSUE_ID_ROLE) == issue_id
    assert dock.tree.isExpanded(current.parent()) and dock.tree.isExpanded(current.parent().parent())
    assert dock.calendar.selectedDate() == QDate(2021, 12, 3)
    assert not dock.select_issue(999_999)


def test_refresh_keeps_expansion_and_selection(dock: LibraryDock, lib: Library) -> None:
    issue_id = issue_of(lib, XC, "2022-10-11")
    dock.select_issue(issue_id)
    dock.refresh()
    current = dock.tree.currentIndex()
    assert current.data(ISSUE_ID_ROLE) == issue_id
    assert dock.tree.isExpanded(current.parent())


# -- a bigger library -------------------------------------------------------------------------------------


def test_big_library_tree_reads_only_top_level_until_expanded(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.generate import generate_archive

    generate_archive(tmp_path / "arch", pages=200, papers=2, seed=3)
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [tmp_path / "arch"])
        assert report.added == 200
        calls = count_calls(monkeypatch, lib, "issues_in_month")
        dock = LibraryDock(lib)
        qtbot.addWidget(dock)
        dock.show()
        qtbot.waitExposed(dock)
        model = dock.model
        assert model.rowCount() == 2
        for row in range(2):
            paper = model.index(row, 0)
            assert model.hasChildren(paper) and model.canFetchMore(paper) and model.rowCount(paper) == 0
        assert calls["issues_in_month"] == 0
        # Expanding through the view fetches just that path.
        first = model.index(0, 0)
        dock.tree.expand(first)
        assert model.rowCount(first) >= 1 and model.canFetchMore(model.index(0, 0, first))
        assert model.canFetchMore(model.index(1, 0))
        assert calls["issues_in_month"] == 0
