"""The notes and bookmarks docks: cards and tree, filtering, editing through the controller, undo, opening."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QMenu, QStyleOptionViewItem

from reader.library.store import Library
from reader.notes.model import Annotation
from reader.notes.store import NoteStore
from reader.ui.bookmarks_dock import KEY_ROLE, KIND_ROLE, BookmarksDock
from reader.ui.bookmarks_dock import UID_ROLE as BOOKMARK_UID_ROLE
from reader.ui.dock_helpers import swatch_color
from reader.ui.notes_controller import NotesController
from reader.ui.notes_dock import (
    COLOR_ROLE,
    META_ROLE,
    NOTE_ROLE,
    ORPHANED_ROLE,
    QUOTE_ROLE,
    UID_ROLE,
    NotesDock,
)
from tests.conftest import SAMPLES
from tests.helpers import import_pages

XC, HS = "许昌日报", "衡水日报"


@pytest.fixture(autouse=True)
def _english(english_ui: None) -> None:
    """Every test here compares English interface strings."""


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "lib")
    import_pages(library, [SAMPLES])
    yield library
    library.close()


@pytest.fixture
def ctl(lib: Library) -> NotesController:
    return NotesController(NoteStore.of(lib))


def article(lib: Library, paper: str | None, date: str | None, n: int = 0) -> int:
    """The id of the n-th article of the first page of the issue of ``paper`` on ``date``."""
    issue = next(i for i in lib.issues() if i.paper == paper and (str(i.date) if i.date else None) == date)
    return lib.articles(lib.pages(issue.id)[0].id)[n].id


def body(lib: Library, article_id: int) -> str:
    found = lib.article(article_id)
    assert found is not None
    return found.body


def make_orphan(lib: Library, ctl: NotesController, uid: str) -> None:
    lib.connection.execute("UPDATE annotations SET status='orphaned', article_id=NULL WHERE uid = ?", (uid,))
    ctl.changed.emit()


# -- notes dock ---------------------------------------------------------------------------------------------


@pytest.fixture
def notes(qtbot, lib: Library, ctl: NotesController) -> tuple[NotesDock, Annotation, Annotation]:  # type: ignore[no-untyped-def]
    aid = article(lib, XC, "2020-04-08")
    text = body(lib, aid)
    start = text.index("清明")
    highlight = ctl.add_highlight(aid, start, start + 8, "yellow", "种瓜点豆的时节")
    note = ctl.add_note(article(lib, HS, "2021-12-03", 1), "民生保障投入逐年加大")
    ctl.add_bookmark(aid)  # bookmarks are not listed here
    assert highlight is not None and note is not None
    dock = NotesDock(ctl)
    qtbot.addWidget(dock)
    dock.resize(360, 500)
    return dock, highlight, note


def row(dock: NotesDock, uid: str) -> QModelIndex:
    return dock.model.index(dock.uids().index(uid), 0)


def test_notes_model_passes_the_model_tester(qtmodeltester, notes) -> None:  # type: ignore[no-untyped-def]
    dock, _, _ = notes
    assert dock.model.rowCount() == 2
    qtmodeltester.check(dock.model)


def test_notes_dock_lists_highlights_and_notes_with_quote_note_and_meta(notes, lib: Library) -> None:
    dock, highlight, note = notes
    assert dock.objectName() == "notes_dock"
    assert dock.windowTitle() == "Notes"
    assert set(dock.uids()) == {highlight.uid, note.uid}
    h = row(dock, highlight.uid)
    assert h.data(QUOTE_ROLE) == f"“{highlight.quote}”" and highlight.quote.startswith("清明")
    assert h.data(NOTE_ROLE) == "种瓜点豆的时节"
    title = lib.article(article(lib, XC, "2020-04-08")).title  # type: ignore[union-attr]
    assert h.data(META_ROLE) == f"{title} · {XC} · 2020-04-08 · 第1版"
    assert h.data(COLOR_ROLE) == "yellow"
    n = row(dock, note.uid)
    assert n.data(QUOTE_ROLE) == "Note on the article"
    assert n.data(COLOR_ROLE) is None
    assert "民生保障投入逐年加大" in n.data(Qt.ItemDataRole.DisplayRole)
    assert "民生保障投入逐年加大" in n.data(Qt.ItemDataRole.ToolTipRole)
    assert dock.count.text() == "2 notes"
    dock.show()  # the delegate gives every card room for its lines
    assert dock.view.visualRect(h).height() > 40


def test_filter_by_chinese_text_as_you_type(qtbot, notes) -> None:  # type: ignore[no-untyped-def]
    dock, highlight, note = notes
    dock.select(highlight.uid)
    dock.set_filter("清明")
    assert dock.uids() == [highlight.uid]
    assert dock.count.text() == "1 of 2 notes"
    dock.set_filter("民生")
    assert dock.uids() == [note.uid]
    dock.filter_box.setText("种瓜")  # typing: applied after a short pause
    assert dock.uids() == [note.uid]
    qtbot.waitUntil(lambda: dock.uids() == [highlight.uid], timeout=2000)
    dock.set_filter("民生")
    assert dock.selected_uid() is None  # filtering does not select another note
    dock.set_filter("")
    assert set(dock.uids()) == {highlight.uid, note.uid}
    assert dock.count.text() == "2 notes"
    assert dock.selected_uid() == highlight.uid  # shown again, selected again
    dock.set_filter(f"paper:{HS}")
    assert dock.uids() == [note.uid]


def test_filter_folds_traditional_to_simplified(notes, lib: Library, ctl: NotesController) -> None:
    dock, _, _ = notes
    taiwan = ctl.add_note(article(lib, XC, "2020-07-15"), "臺灣同胞的來信")
    assert taiwan is not None
    dock.set_filter("台湾")
    assert dock.uids() == [taiwan.uid]


def test_bad_query_shows_its_message_and_keeps_the_list(notes) -> None:  # type: ignore[no-untyped-def]
    dock, highlight, _ = notes
    dock.set_filter("清明")
    dock.set_filter('"清明')
    assert "quotation mark" in dock.status.text()
    assert dock.uids() == [highlight.uid]  # the last good filter stays until the query is fixed
    dock.set_filter("清明 OR 民生")
    assert dock.status.text() == ""
    assert len(dock.uids()) == 2


def test_edit_note_through_the_dialog(notes, lib: Library, ctl: NotesController) -> None:
    dock, highlight, _ = notes
    dock.select(highlight.uid)
    dialog = dock.edit()
    assert dialog is not None
    assert dialog.editor.toPlainText() == "种瓜点豆的时节"
    dialog.editor.setPlainText("改过的笔记\n第二行")
    dialog.accept()
    assert NoteStore.of(lib).get(highlight.uid).note == "改过的笔记\n第二行"  # type: ignore[union-attr]
    assert row(dock, highlight.uid).data(NOTE_ROLE) == "改过的笔记\n第二行"
    assert dock.selected_uid() == highlight.uid  # the reload keeps the selection
    ctl.undo_stack.undo()
    assert NoteStore.of(lib).get(highlight.uid).note == "种瓜点豆的时节"  # type: ignore[union-attr]
    cancelled = dock.edit(highlight.uid)
    assert cancelled is not None
    cancelled.editor.setPlainText("not saved")
    cancelled.reject()
    assert NoteStore.of(lib).get(highlight.uid).note == "种瓜点豆的时节"  # type: ignore[union-attr]


def test_colour_from_the_context_menu(notes, lib: Library, ctl: NotesController) -> None:
    dock, highlight, note = notes
    menu = dock.context_menu(highlight.uid)
    assert menu is not None
    colours = next(a.menu() for a in menu.actions() if isinstance(a.menu(), QMenu))
    assert [a.data() for a in colours.actions()] == ["yellow", "green", "blue", "pink"]
    assert [a.isChecked() for a in colours.actions()] == [True, False, False, False]
    next(a for a in colours.actions() if a.data() == "green").trigger()
    assert NoteStore.of(lib).get(highlight.uid).color == "green"  # type: ignore[union-attr]
    assert row(dock, highlight.uid).data(COLOR_ROLE) == "green"
    ctl.undo_stack.undo()
    assert NoteStore.of(lib).get(highlight.uid).color == "yellow"  # type: ignore[union-attr]
    whole = dock.context_menu(note.uid)  # article notes have no colour
    assert whole is not None and not any(isinstance(a.menu(), QMenu) for a in whole.actions())


def test_delete_and_undo(qtbot, notes, lib: Library, ctl: NotesController) -> None:  # type: ignore[no-untyped-def]
    dock, highlight, note = notes
    assert dock.select(highlight.uid)
    assert dock.delete_selected()
    assert highlight.uid not in dock.uids()
    assert NoteStore.of(lib).get(highlight.uid) is None
    assert dock.selected_uid() == note.uid  # the neighbour, so Delete can be pressed again
    ctl.undo_stack.undo()
    assert highlight.uid in dock.uids()
    dock.show()
    dock.select(note.uid)
    qtbot.keyClick(dock.view, Qt.Key.Key_Delete)
    assert note.uid not in dock.uids()
    ctl.undo_stack.undo()
    assert set(dock.uids()) == {highlight.uid, note.uid}


def test_open_emits_the_uid(qtbot, notes) -> None:  # type: ignore[no-untyped-def]
    dock, highlight, note = notes
    dock.show()
    dock.select(note.uid)
    with qtbot.waitSignal(dock.open_requested, timeout=1000) as blocker:
        assert dock.open_selected()
    assert blocker.args == [note.uid]
    dock.select(highlight.uid)
    with qtbot.waitSignal(dock.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert blocker.args == [highlight.uid]
    rect = dock.view.visualRect(row(dock, note.uid))
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # sets the pressed row
    with qtbot.waitSignal(dock.open_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [note.uid]


def test_orphaned_note_is_marked_and_keeps_its_quote(notes, lib: Library, ctl: NotesController) -> None:
    dock, highlight, _ = notes
    make_orphan(lib, ctl, highlight.uid)
    index = row(dock, highlight.uid)
    assert index.data(ORPHANED_ROLE) is True
    assert "Orphaned — text not found in the current version" in index.data(Qt.ItemDataRole.DisplayRole)
    assert index.data(QUOTE_ROLE) == f"“{highlight.quote}”"
    assert "not found" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_markup_in_notes_is_plain_text(notes, ctl: NotesController) -> None:
    dock, highlight, _ = notes
    ctl.update(highlight.uid, note="<b>x</b> & <img src=y>")
    index = row(dock, highlight.uid)
    assert index.data(NOTE_ROLE) == "<b>x</b> & <img src=y>"
    assert "<b>x</b> & <img src=y>" in index.data(Qt.ItemDataRole.DisplayRole)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src=y&gt;" in tip and "<b>" not in tip
    delegate = dock.view.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(dock.view)
    drawn = delegate.card_lines(option, index)  # type: ignore[attr-defined]
    assert "<b>x</b> & <img src=y>" in drawn  # drawn with QPainter.drawText: never interpreted
    dialog = dock.edit(highlight.uid)
    assert dialog is not None and dialog.editor.toPlainText() == "<b>x</b> & <img src=y>"
    dialog.reject()


def test_notes_screenshot_renders(qtbot, notes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dock, highlight, _ = notes
    dock.show()
    qtbot.waitExposed(dock)
    image = dock.grab().toImage()
    assert image.width() >= 360 and image.height() >= 500
    # What a reader sees: the highlight's colour swatch and text drawn in its row, not an empty list.
    rect = dock.view.visualRect(row(dock, highlight.uid)).translated(dock.view.viewport().mapTo(dock, QPoint(0, 0)))
    colours = {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right(), 2)
               for y in range(rect.top(), rect.bottom(), 2)}
    assert swatch_color("yellow").name() in colours
    assert len(colours) > 20  # anti-aliased text in several colours, not a flat fill


# -- bookmarks dock -----------------------------------------------------------------------------------------


@pytest.fixture
def marks(qtbot, lib: Library, ctl: NotesController):  # type: ignore[no-untyped-def]
    xc0408 = article(lib, XC, "2020-04-08")
    made = {
        "a": ctl.add_bookmark(xc0408, position=10, folder="研究/养老"),
        "b": ctl.add_bookmark(article(lib, HS, "2021-12-03", 1), name="民生", folder="研究"),
        "c": ctl.add_bookmark(article(lib, XC, "2022-10-11", 1)),
        "d": ctl.add_bookmark(article(lib, XC, "2020-07-15")),
        "e": ctl.add_bookmark(article(lib, None, None)),
    }
    ctl.add_highlight(xc0408, 0, 4)  # highlights are not listed here
    assert all(made.values())
    uids = {k: v.uid for k, v in made.items() if v is not None}
    dock = BookmarksDock(ctl)
    qtbot.addWidget(dock)
    dock.resize(360, 500)
    return dock, uids


def labels(dock: BookmarksDock, parent: QModelIndex | None = None, depth: int = 0) -> list[str]:
    """The tree as indented labels."""
    parent = parent or QModelIndex()
    out: list[str] = []
    for r in range(dock.model.rowCount(parent)):
        index = dock.model.index(r, 0, parent)
        out.append("  " * depth + index.data())
        out += labels(dock, index, depth + 1)
    return out


def index_of(dock: BookmarksDock, key: tuple) -> QModelIndex:  # type: ignore[type-arg]
    return dock.model.index_for_key(key)


def test_bookmarks_model_passes_the_model_tester(qtmodeltester, marks) -> None:  # type: ignore[no-untyped-def]
    dock, _ = marks
    qtmodeltester.check(dock.model)


def test_bookmarks_grouped_by_folder_then_paper(marks, lib: Library) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    assert dock.objectName() == "bookmarks_dock"
    assert dock.windowTitle() == "Bookmarks"
    tree = labels(dock)
    title = lib.article(article(lib, XC, "2020-04-08")).title  # type: ignore[union-attr]
    assert tree[:6] == [
        "研究 (2)",
        "  养老 (1)",
        f"    {XC} (1)",
        f"      2020-04-08 第1版 ¶ · {title}",  # ¶: bookmarked at a place in the article
        f"  {HS} (1)",
        "    2021-12-03 第1版 · 民生",
    ]
    assert tree[6] == f"{XC} (2)"
    assert tree[7].startswith("  2020-07-15 第1版 · ") and tree[8].startswith("  2022-10-11 第1版 · ")
    assert tree[9] == "(unknown paper) (1)"
    assert dock.uids() == [uids[k] for k in "abdce"]
    assert index_of(dock, ("folder", "研究")).data(KIND_ROLE) == "folder"


def test_rename_bookmark(marks, lib: Library, ctl: NotesController) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    assert dock.rename(uids["c"], "  颐养中心  ")
    assert NoteStore.of(lib).get(uids["c"]).name == "颐养中心"  # type: ignore[union-attr]
    assert index_of(dock, ("bookmark", uids["c"])).data().endswith("· 颐养中心")
    dialog = dock.ask_rename(uids["c"])
    assert dialog is not None and dialog.textValue() == "颐养中心"
    dialog.setTextValue("")  # back to the article's title
    dialog.accept()
    assert NoteStore.of(lib).get(uids["c"]).name is None  # type: ignore[union-attr]
    ctl.undo_stack.undo()
    assert NoteStore.of(lib).get(uids["c"]).name == "颐养中心"  # type: ignore[union-attr]


def test_move_bookmark_keeps_it_selected(marks, lib: Library, ctl: NotesController) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    dock.select(uids["d"])
    assert dock.move_to_folder(uids["d"], "新/专题")
    assert NoteStore.of(lib).get(uids["d"]).folder == "新/专题"  # type: ignore[union-attr]
    assert index_of(dock, ("folder", "新/专题")).isValid()
    assert dock.selected_uid() == uids["d"]
    assert index_of(dock, ("bookmark", uids["d"])).parent().parent().data(KEY_ROLE) == ("folder", "新/专题")
    dialog = dock.ask_move(uids["d"])
    assert dialog is not None
    assert dialog.comboBoxItems() == ["新", "新/专题", "研究", "研究/养老"]
    dialog.setTextValue("")  # no folder
    dialog.accept()
    assert NoteStore.of(lib).get(uids["d"]).folder == ""  # type: ignore[union-attr]
    assert not index_of(dock, ("folder", "新")).isValid()
    ctl.undo_stack.undo()
    assert NoteStore.of(lib).get(uids["d"]).folder == "新/专题"  # type: ignore[union-attr]


def test_rename_folder_keeps_it_folded(marks, lib: Library, ctl: NotesController) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    dock.tree.collapse(index_of(dock, ("folder", "研究/养老")))
    assert dock.select_folder("研究")
    assert dock.context_menu(dock.tree.currentIndex()) is not None
    dialog = dock.ask_rename_folder("研究")
    dialog.setTextValue("课题")
    dialog.accept()
    assert NoteStore.of(lib).get(uids["a"]).folder == "课题/养老"  # type: ignore[union-attr]
    assert NoteStore.of(lib).get(uids["b"]).folder == "课题"  # type: ignore[union-attr]
    assert dock.selected_folder() == "课题"
    assert dock.tree.isExpanded(index_of(dock, ("folder", "课题")))
    assert not dock.tree.isExpanded(index_of(dock, ("folder", "课题/养老")))
    ctl.undo_stack.undo()
    assert NoteStore.of(lib).get(uids["a"]).folder == "研究/养老"  # type: ignore[union-attr]


def test_delete_bookmark_and_undo(qtbot, marks, lib: Library, ctl: NotesController) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    dock.select(uids["d"])
    assert dock.delete_selected()
    assert uids["d"] not in dock.uids()
    assert dock.selected_uid() == uids["c"]  # the neighbour in the same paper
    ctl.undo_stack.undo()
    assert dock.uids() == [uids[k] for k in "abdce"]
    dock.show()
    dock.select(uids["b"])
    qtbot.keyClick(dock.tree, Qt.Key.Key_Delete)
    assert NoteStore.of(lib).get(uids["b"]) is None
    assert labels(dock)[:3] == ["研究 (1)", "  养老 (1)", f"    {XC} (1)"]
    ctl.undo_stack.undo()
    assert NoteStore.of(lib).get(uids["b"]) is not None
    dock.select_folder("研究")
    assert not dock.delete_selected()  # folders are not deleted from the keyboard


def test_open_bookmark(qtbot, marks) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    dock.show()
    dock.select(uids["e"])
    with qtbot.waitSignal(dock.open_requested, timeout=1000) as blocker:
        assert dock.open_selected()
    assert blocker.args == [uids["e"]]
    dock.select(uids["a"])
    with qtbot.waitSignal(dock.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(dock.tree, Qt.Key.Key_Return)
    assert blocker.args == [uids["a"]]
    dock.select_folder("研究")
    assert not dock.open_selected()


def test_reload_keeps_folded_rows_and_opens_new_ones(marks, lib: Library, ctl: NotesController) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    dock.tree.collapse(index_of(dock, ("paper", "", XC)))
    dock.select(uids["b"])
    made = ctl.add_bookmark(article(lib, XC, "2022-10-11", 2), folder="另一个")
    assert made is not None
    assert not dock.tree.isExpanded(index_of(dock, ("paper", "", XC)))
    assert dock.tree.isExpanded(index_of(dock, ("folder", "另一个")))
    assert dock.selected_uid() == uids["b"]


def test_orphaned_bookmark_and_markup_are_plain(marks, lib: Library, ctl: NotesController) -> None:  # type: ignore[no-untyped-def]
    dock, uids = marks
    make_orphan(lib, ctl, uids["c"])
    index = index_of(dock, ("bookmark", uids["c"]))
    assert index.data().startswith("⚠ 2022-10-11 第1版")
    assert "Orphaned" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    dock.rename(uids["d"], "<b>x</b>")
    index = index_of(dock, ("bookmark", uids["d"]))
    assert index.data().endswith("· <b>x</b>")
    assert index.data(BOOKMARK_UID_ROLE) == uids["d"]
    assert "&lt;b&gt;x&lt;/b&gt;" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_notes_dock_row_uid_role(notes) -> None:  # type: ignore[no-untyped-def]
    dock, highlight, _ = notes
    assert row(dock, highlight.uid).data(UID_ROLE) == highlight.uid
