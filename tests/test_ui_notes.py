"""Bookmarks, highlights and notes through the window: make, see, edit, delete and undo, open from the docks,
and find them again after a restart. Driven with pytest-qt, offscreen."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog

from reader.notes.model import BOOKMARK, HIGHLIGHT, NOTE
from reader.ui import main_window as main_window_module

QUOTE = "市长史根治强调"


def _build(qtbot, lib_dir: Path):  # type: ignore[no-untyped-def]
    from reader.app import build

    win, services = build(lib_dir)
    win.importer.quiet = True
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    return win, services


@pytest.fixture
def window(qtbot, lib_dir: Path, english_ui: None) -> Iterator:  # type: ignore[no-untyped-def]
    win, services = _build(qtbot, lib_dir)
    yield win
    services.shutdown()


def open_quote_article(win):  # type: ignore[no-untyped-def]
    for issue in win.library.issues():
        for page in win.library.pages(issue.id):
            for article in win.library.articles(page.id):
                if QUOTE in article.body:
                    win.open_article(article.id)
                    return article
    raise AssertionError("sample article missing")


def select_text(win, text: str) -> None:  # type: ignore[no-untyped-def]
    browser = win.reading_pane.browser
    found = browser.document().find(text)
    assert not found.isNull(), text
    browser.setTextCursor(found)


def fragments(win) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(text, link, tooltip) of every fragment of the reading pane's document."""
    out = []
    block = win.reading_pane.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            out.append((frag.text(), fmt.anchorHref(), fmt.toolTip()))
            it += 1
        block = block.next()
    return out


class FakeNoteDialog:
    """Stands in for NoteDialog: accepts at once with a prepared text, remembers what it was shown."""

    answer = ""
    shown: list[tuple[str | None, str]] = []  # noqa: RUF012 (a test double)

    def __init__(self, quote: str | None, text: str = "", parent=None, title: str = "") -> None:  # type: ignore[no-untyped-def]
        FakeNoteDialog.shown.append((quote, text))

    def exec(self) -> int:
        return QDialog.DialogCode.Accepted

    def text(self) -> str:
        return FakeNoteDialog.answer


@pytest.fixture
def fake_dialog(monkeypatch: pytest.MonkeyPatch) -> type[FakeNoteDialog]:
    FakeNoteDialog.shown, FakeNoteDialog.answer = [], ""
    monkeypatch.setattr(main_window_module, "NoteDialog", FakeNoteDialog)
    return FakeNoteDialog


def test_selection_maps_to_body_offsets(window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    select_text(window, QUOTE)
    aid, start, end = window.reading_pane.selection_range()
    assert aid == article.id and article.body[start:end] == QUOTE


def test_highlight_selection_with_the_keyboard_shows_it_in_the_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    select_text(window, QUOTE)
    qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    (ann,) = window.notes.for_article(article.id)
    assert ann.kind == HIGHLIGHT and ann.quote == QUOTE and ann.color == "yellow"
    marked = "".join(text for text, link, _ in fragments(window) if link == f"note:{ann.uid}")
    assert marked == QUOTE
    assert "★" not in window.issue_view.toc_model.index(0, 0).data()  # a highlight is not a bookmark
    row = window.issue_view.toc_model.row_of(article.id)
    assert window.issue_view.toc_model.index(row, 0).data().startswith("※1 ")


def test_context_menu_highlights_in_a_colour_and_undo_removes_it(window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    select_text(window, QUOTE)
    menu = window.reading_pane.context_menu(QPoint(10, 10))
    (submenu,) = [a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Highlight"]
    (green,) = [a for a in submenu.actions() if a.data() == "green"]
    green.trigger()
    (ann,) = window.notes.for_article(article.id)
    assert ann.color == "green"
    window.undo_action.trigger()
    assert window.notes.for_article(article.id) == []
    assert not any(link.startswith("note:") for _, link, _ in fragments(window))
    window.redo_action.trigger()
    assert [a.uid for a in window.notes.for_article(article.id)] == [ann.uid]


def test_note_on_a_selection_and_on_the_article(window, fake_dialog) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    select_text(window, QUOTE)
    fake_dialog.answer = "会议<b>要点</b>"
    window.write_note()
    assert fake_dialog.shown[-1][0] == QUOTE  # the dialog showed the passage
    window.reading_pane.browser.moveCursor(QTextCursor.MoveOperation.Start)  # no selection: the article
    fake_dialog.answer = "整篇的笔记 <img src=x>"
    window.write_note()
    kinds = sorted(a.kind for a in window.notes.for_article(article.id))
    assert kinds == [HIGHLIGHT, NOTE]
    text = window.reading_pane.browser.toPlainText()
    assert "整篇的笔记 <img src=x>" in text  # shown as text, never as markup
    tips = [tip for t, link, tip in fragments(window) if link.startswith("note:") and tip]
    assert tips and all("&lt;b&gt;" in tip for tip in tips)  # the note's tags stay text in the tooltip


def test_clicking_a_highlight_opens_its_note_for_editing(qtbot, window, fake_dialog) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    start = article.body.index(QUOTE)
    ann = window.notes.add_highlight(article.id, start, start + len(QUOTE), "blue", "旧笔记")
    fake_dialog.answer = "新笔记"
    with qtbot.waitSignal(window.reading_pane.annotation_activated) as blocker:
        window.reading_pane.browser.anchorClicked.emit(QUrl(f"note:{ann.uid}"))
    assert blocker.args == [ann.uid]
    assert fake_dialog.shown[-1] == (QUOTE, "旧笔记")  # the editor showed the passage and the note
    assert window.notes.get(ann.uid).note == "新笔记"
    window.undo_action.trigger()
    assert window.notes.get(ann.uid).note == "旧笔记"


def test_hovering_a_highlight_shows_its_note(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    article = open_quote_article(window)
    start = article.body.index(QUOTE)
    window.notes.add_highlight(article.id, start, start + len(QUOTE), "yellow", "注意<script>x</script>")
    browser = window.reading_pane.browser
    cursor = browser.document().find(QUOTE)
    cursor.setPosition(cursor.selectionStart() + 2)
    point = browser.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, browser.viewport().mapToGlobal(point))
    QApplication.sendEvent(browser.viewport(), event)
    assert QToolTip.isVisible()
    assert "注意&lt;script&gt;x&lt;/script&gt;" in QToolTip.text()  # shown as text, not run as markup
    QToolTip.hideText()


def test_ctrl_d_toggles_the_bookmark_with_markers(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    row = window.issue_view.toc_model.row_of(article.id)
    qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.notes.bookmark_of(article.id) is not None
    assert window.reading_pane.bookmarked and "★ Bookmarked" in window.reading_pane.browser.toPlainText()
    assert window.issue_view.toc_model.index(row, 0).data().startswith("★ ")
    assert window.bookmarks_dock.uids() == [window.notes.bookmark_of(article.id).uid]
    qtbot.keyClick(window.reading_pane.browser, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.notes.bookmark_of(article.id) is None
    assert not window.reading_pane.bookmarked
    assert not window.issue_view.toc_model.index(row, 0).data().startswith("★ ")


def test_bookmark_at_a_place_reopens_there(window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    late = len(article.body) - 30
    mark = window.notes.add_bookmark(article.id, late)
    other = next(a for a in window.library.articles(article.page_id) if a.id != article.id)
    window.open_article(other.id)
    window.reading_pane.browser.resize(600, 200)
    window.open_annotation(mark.uid)
    assert window.reading_pane.current_article_id == article.id
    cursor = window.reading_pane.browser.textCursor()
    shown = cursor.block().text()
    assert article.body[late : late + 10] in shown  # the cursor sits in the bookmarked paragraph


def test_docks_open_notes_at_their_place(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    start = article.body.index(QUOTE)
    ann = window.notes.add_highlight(article.id, start, start + len(QUOTE), "pink", "看这里")
    window.open_article(next(a for a in window.library.articles(article.page_id) if a.id != article.id).id)
    assert ann.uid in window.notes_dock.uids()
    window.notes_dock.select(ann.uid)
    window.notes_dock.open_selected()
    assert window.reading_pane.current_article_id == article.id
    assert QUOTE in window.reading_pane.browser.textCursor().block().text()
    mark = window.notes.add_bookmark(article.id, name="复学")
    window.open_article(next(a for a in window.library.articles(article.page_id) if a.id != article.id).id)
    window.bookmarks_dock.select(mark.uid)
    window.bookmarks_dock.open_selected()
    assert window.reading_pane.current_article_id == article.id


def test_deleting_from_the_dock_is_undone_with_ctrl_z(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    start = article.body.index(QUOTE)
    ann = window.notes.add_highlight(article.id, start, start + len(QUOTE), "yellow", "")
    window.notes_dock.select(ann.uid)
    window.notes_dock.delete_selected()
    assert window.notes.get(ann.uid) is None and ann.uid not in window.notes_dock.uids()
    assert not any(link.startswith("note:") for _, link, _ in fragments(window))
    window.undo_action.trigger()
    assert window.notes.get(ann.uid) is not None and ann.uid in window.notes_dock.uids()
    assert any(link == f"note:{ann.uid}" for _, link, _ in fragments(window))


def test_notes_and_bookmarks_survive_a_restart(qtbot, lib_dir: Path, english_ui: None) -> None:  # type: ignore[no-untyped-def]
    win, services = _build(qtbot, lib_dir)
    article = open_quote_article(win)
    start = article.body.index(QUOTE)
    made = {
        win.notes.add_highlight(article.id, start, start + len(QUOTE), "green", "留着").uid,
        win.notes.add_note(article.id, "整篇").uid,
        win.notes.add_bookmark(article.id, folder="研究").uid,
    }
    win.close()
    services.shutdown()

    again, services2 = _build(qtbot, lib_dir)
    try:
        again.restore()
        assert {a.uid for a in again.notes.list()} == made
        assert set(again.notes_dock.uids()) | set(again.bookmarks_dock.uids()) == made
        assert again.reading_pane.current_article_id == article.id
        assert any(link.startswith("note:") for _, link, _ in fragments(again))
        assert {a.kind for a in again.notes.for_article(article.id)} == {HIGHLIGHT, NOTE, BOOKMARK}
    finally:
        services2.shutdown()


def test_orphaned_note_opens_its_quote_not_a_wrong_place(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    start = article.body.index(QUOTE)
    ann = window.notes.add_highlight(article.id, start, start + len(QUOTE), "yellow", "孤儿")
    window.notes.store.connection.execute(
        "UPDATE annotations SET article_id = NULL, status = 'orphaned' WHERE uid = ?", (ann.uid,)
    )
    shown: list[str] = []
    monkeypatch.setattr(main_window_module.QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    other = next(a for a in window.library.articles(article.page_id) if a.id != article.id)
    window.open_article(other.id)
    window.open_annotation(ann.uid)
    assert window.reading_pane.current_article_id == other.id
    assert shown and QUOTE in shown[0]


def test_a_refused_write_is_shown_and_changes_nothing(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    warnings: list[str] = []
    monkeypatch.setattr(main_window_module.QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    window.notes.store.connection.execute("PRAGMA query_only = ON")
    try:
        window.toggle_bookmark()
    finally:
        window.notes.store.connection.execute("PRAGMA query_only = OFF")
    assert warnings and "could not save" in warnings[0]
    assert window.notes.bookmark_of(article.id) is None and not window.reading_pane.bookmarked


def test_undoing_a_folder_merge_moves_back_only_what_moved(window) -> None:  # type: ignore[no-untyped-def]
    article = open_quote_article(window)
    a = window.notes.add_bookmark(article.id, folder="甲")
    b = window.notes.add_bookmark(article.id, 5, folder="乙")
    steps = window.notes.undo_stack.count()
    assert window.notes.rename_folder("甲", "乙")  # a merge
    assert {window.notes.get(x.uid).folder for x in (a, b)} == {"乙"}
    window.undo_action.trigger()
    assert (window.notes.get(a.uid).folder, window.notes.get(b.uid).folder) == ("甲", "乙")
    window.redo_action.trigger()
    assert window.notes.get(a.uid).folder == "乙"
    window.notes.rename_folder("无此文件夹", "别处")  # moves nothing: no undo step
    window.notes.update(b.uid, folder="乙")  # changes nothing: no undo step
    assert window.notes.undo_stack.count() == steps + 1


def test_export_and_import_from_the_menu_round_trip(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.notes import exchange

    threads: list[int] = []
    for name in ("export_library_notes", "merge_notes_file"):
        real = getattr(exchange, name)
        def spy(*args: Any, _real: Any = real) -> Any:
            threads.append(threading.get_ident())
            return _real(*args)

        monkeypatch.setattr(exchange, name, spy)
    article = open_quote_article(window)
    start = article.body.index(QUOTE)
    ann = window.notes.add_highlight(article.id, start, start + len(QUOTE), "green", "=1+1 <b>x</b>")
    for fmt in ("json", "md", "csv"):
        job = window.export_notes(fmt, str(tmp_path / f"notes.{fmt}"))
        with qtbot.waitSignal(job.finished, timeout=10_000):
            pass
        assert threads[-1] != threading.get_ident()  # written off the GUI thread
    assert "=1+1" in (tmp_path / "notes.json").read_text(encoding="utf-8")
    assert "'=1+1" in (tmp_path / "notes.csv").read_text(encoding="utf-8-sig")  # no formula in a spreadsheet
    assert "&lt;b&gt;" in (tmp_path / "notes.md").read_text(encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(main_window_module.QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    reports: list[Any] = []
    job = window.import_notes_file(tmp_path / "notes.json")
    job.done.connect(reports.append)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    (report,) = reports
    assert (report.added, report.unchanged) == (0, 1) and shown  # merged: nothing duplicated
    assert threads[-1] != threading.get_ident()
    assert [a.uid for a in window.notes.list()] == [ann.uid]


def test_a_selection_in_the_headings_is_never_noted_as_the_whole_article(
    window, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    article = open_quote_article(window)
    assert article.title
    select_text(window, article.title[:4])
    dialogs: list[object] = []
    monkeypatch.setattr(main_window_module, "NoteDialog", lambda *a, **k: dialogs.append(a))
    window.write_note()  # Ctrl+Shift+N
    window.highlight_selection()  # Ctrl+Shift+H
    assert dialogs == [] and window.notes.for_article(article.id) == []
    assert "not on its headings" in window.statusBar().currentMessage()
    menu = window.reading_pane.context_menu(QPoint(10, 10))
    highlight = next(a for a in menu.actions() if a.menu() is not None)
    assert not highlight.isEnabled() and "headings" in highlight.text()


def test_the_articles_citation_is_copied_in_every_format(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    article = open_quote_article(window)
    menu = window.reading_pane.context_menu(QPoint(10, 10))
    texts = [a.text() for a in menu.actions()]
    assert "Copy Citation" in texts and "Copy Citation as BibTeX" in texts
    next(a for a in menu.actions() if a.text() == "Copy Citation as RIS (Zotero, EndNote)").trigger()
    ris = QGuiApplication.clipboard().text()
    assert ris.startswith("TY  - NEWS") and f"TI  - {article.title}" in ris
    window.copy_citation("bib")
    assert QGuiApplication.clipboard().text().startswith("@article{news")
    window.copy_citation("text")
    assert QGuiApplication.clipboard().text().endswith("p. 1.")  # the English interface's form
