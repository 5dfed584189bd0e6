"""Refreshing the library tree while pages arrive: rows change in place, nothing is reset, nothing is stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from bench.generate import generate_archive
from reader.library.pagewriter import PageWriter
from reader.library.store import Library
from reader.ui.library_dock import LibraryDock
from reader.ui.library_model import ISSUE_ID_ROLE, LibraryTreeModel
from tests.helpers import import_pages


def tree(model: LibraryTreeModel, parent: QModelIndex = QModelIndex()) -> list[Any]:  # noqa: B008
    """Every label of the tree below ``parent``, fetching what was never read (what is read stays as it is)."""
    model.ensure_fetched(parent)
    out: list[Any] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append((index.data(), tree(model, index)))
    return out


@pytest.fixture
def archives(tmp_path: Path) -> dict[str, Path]:
    """January 1-5, then January 20-24 (the same month), then March (a new month) of the same papers."""
    parts = {"first": dt.date(2015, 1, 1), "same_month": dt.date(2015, 1, 20), "new_month": dt.date(2015, 3, 1)}
    out = {}
    for name, start in parts.items():
        generate_archive(tmp_path / name, papers=2, pages=40, pages_per_issue=4, start=start, seed=3)
        out[name] = tmp_path / name
    return out


@pytest.fixture
def lib(tmp_path: Path, archives: dict[str, Path]) -> Any:
    library = Library(tmp_path / "lib")
    import_pages(library, [archives["first"]])
    yield library
    library.close()


def fresh_tree(lib: Library) -> list[Any]:
    return tree(LibraryTreeModel(lib))


def test_refresh_during_an_import_adds_rows_without_resetting(qtmodeltester: Any, lib: Library,
                                                              archives: dict[str, Path]) -> None:
    model = LibraryTreeModel(lib)
    tree(model)  # everything open
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    changes = ChangeChecker(model)
    for name in ("same_month", "new_month"):
        import_pages(lib, [archives[name]])
        model.refresh(full=False)
        assert tree(model) == fresh_tree(lib), name
    assert not resets and changes.inserted and not changes.problems
    # The model tester checks the result. (Attached during the refresh, its checks would fetch the new,
    # unread nodes from inside rowsInserted, a nesting that neither Qt's nor pytest-qt's tester follows.)
    qtmodeltester.check(model)


class ChangeChecker:
    """Checks that each insertion and removal announces exactly the rows that then appear or go."""

    def __init__(self, model: LibraryTreeModel) -> None:
        self.model, self.inserted, self.problems = model, 0, []  # type: list[str]
        self._pending: list[tuple[str, Any, int, int, int]] = []
        model.rowsAboutToBeInserted.connect(lambda p, a, b: self._begin("insert", p, a, b))
        model.rowsInserted.connect(lambda p, a, b: self._end("insert", p, a, b))
        model.rowsAboutToBeRemoved.connect(lambda p, a, b: self._begin("remove", p, a, b))
        model.rowsRemoved.connect(lambda p, a, b: self._end("remove", p, a, b))

    def _begin(self, kind: str, parent: Any, first: int, last: int) -> None:
        self._pending.append((kind, self.model.key(parent), first, last, self.model.rowCount(parent)))

    def _end(self, kind: str, parent: Any, first: int, last: int) -> None:
        began = self._pending.pop()
        size = self.model.rowCount(parent)
        expected = began[4] + (last - first + 1) * (1 if kind == "insert" else -1)
        if began[:4] != (kind, self.model.key(parent), first, last) or size != expected:
            self.problems.append(f"{kind} {first}-{last} under {self.model.key(parent)}: {began}, now {size} rows")
        self.inserted += kind == "insert"


def test_incremental_refresh_reads_only_the_months_that_received_pages(
    lib: Library, archives: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = LibraryTreeModel(lib)
    tree(model)
    months_read: list[tuple[Any, ...]] = []
    real = lib.issues_in_month
    monkeypatch.setattr(lib, "issues_in_month", lambda p, y, m=None: months_read.append((p, y, m)) or real(p, y, m))
    model.refresh(full=False)
    assert months_read == []  # nothing new: no month is read again
    import_pages(lib, [archives["new_month"]])
    model.refresh(full=False)
    assert months_read == []  # March was not open: only the counts above it change
    tree(model)
    months_read.clear()
    import_pages(lib, [archives["same_month"]])
    model.refresh(full=False)
    assert months_read and {m[1:] for m in months_read} == {(2015, 1)}
    assert tree(model) == fresh_tree(lib)


def test_full_refresh_follows_an_issue_moved_by_a_correction(lib: Library, archives: dict[str, Path]) -> None:
    model = LibraryTreeModel(lib)
    tree(model)
    issue = lib.issues()[0]
    PageWriter(lib).set_correction("issue", issue.id, "date", "2016-06-06")
    model.refresh(full=False)  # corrections move no page: only a full refresh sees them
    model.refresh()
    assert tree(model) == fresh_tree(lib)


def test_issues_added_since_names_the_issues_that_received_pages(lib: Library, archives: dict[str, Path]) -> None:
    mark = lib.change_mark()
    assert lib.issues_added_since(mark) == (mark, set())
    before = {i.id for i in lib.issues()}
    import_pages(lib, [archives["same_month"]])
    new_mark, changed = lib.issues_added_since(mark)
    assert changed is not None and changed == {i.id for i in lib.issues()} - before
    assert new_mark == lib.change_mark()
    assert lib.issue_places(changed) == {(i.paper, 2015, 1) for i in lib.issues() if i.id in changed}


def test_a_replaced_page_counts_as_added_to_its_issue(lib: Library, archives: dict[str, Path]) -> None:
    mark = lib.change_mark()
    first = sorted(archives["first"].rglob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n补记：本版有更正。\n", encoding="utf-8")
    model = LibraryTreeModel(lib)
    tree(model)
    report = import_pages(lib, [first])
    assert report.replaced == 1
    tail = "/".join(first.parts[-3:])
    (page,) = [p for i in lib.issues() for p in lib.page_summaries(i.id) if p.source_path.endswith(tail)]
    assert lib.issues_added_since(mark)[1] == {page.issue_id}  # its articles are new rows
    model.refresh(full=False)
    assert tree(model) == fresh_tree(lib)


def test_dock_keeps_expansion_and_selection_while_issues_arrive(qtbot: Any, lib: Library,
                                                                archives: dict[str, Path]) -> None:
    dock = LibraryDock(lib)
    qtbot.addWidget(dock)
    issue_id = lib.issues()[0].id
    assert dock.select_issue(issue_id)
    import_pages(lib, [archives["same_month"]])
    dock.refresh(full=False)
    current = dock.tree.currentIndex()
    assert current.data(ISSUE_ID_ROLE) == issue_id
    assert dock.tree.isExpanded(current.parent()) and dock.tree.isExpanded(current.parent().parent())
    month = current.parent()
    assert dock.model.rowCount(month) == len(lib.issues_in_month(*dock.model.info(month)[1:4]))


def test_the_open_issue_shows_pages_that_arrive_during_an_import(qtbot: Any, tmp_path: Path) -> None:
    from reader.app import build

    generate_archive(tmp_path / "all", papers=1, pages=8, pages_per_issue=4, start=dt.date(2015, 1, 1), seed=3)
    files = sorted((tmp_path / "all").rglob("*.txt"))
    first_half = [f for f in files if f.name in ("01.txt", "02.txt")]
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, first_half)
    win, services = build(tmp_path / "lib")
    qtbot.addWidget(win)
    try:
        issue_id = win.library.issues()[0].id
        other_id = win.library.issues()[1].id
        win.open_issue(issue_id)
        assert len(win.issue_view.page_labels()) == 2
        shown: list[int] = []
        real_show = win.issue_view.show_issue
        win.issue_view.show_issue = lambda i: shown.append(i) or real_show(i)  # type: ignore[method-assign]
        import_pages(win.library, [f for f in files if f.parent.name == "2015-01-02" and f not in first_half])
        win.library_changed(full=False)  # pages came to another issue: the open one is not read again
        assert shown == [] and len(win.issue_view.page_labels()) == 2
        import_pages(win.library, [f for f in files if f not in first_half])
        win.library_changed(full=False)
        assert shown == [issue_id] and len(win.issue_view.page_labels()) == 4
        assert win.library.issue(other_id).stored_pages == 4
    finally:
        services.shutdown()
