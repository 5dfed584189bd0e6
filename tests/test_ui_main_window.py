"""The assembled window: opening issues, history, navigation, import with progress and cancel, settings,
corrections, copying with a citation, drag and drop. Driven with pytest-qt, offscreen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication

from reader.jobs import Correction
from reader.library.db import DB_NAME
from reader.ui.settings import Preferences, WindowState
from tests.conftest import SAMPLES


@pytest.fixture
def window(qtbot, lib_dir: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from reader.app import build

    win, services = build(lib_dir)
    win.importer.quiet = True
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    services.shutdown()


def issue_of(win, paper: str, day: str):  # type: ignore[no-untyped-def]
    return win.library.find_issue(paper, day)


def test_open_issue_shows_its_first_article(window) -> None:  # type: ignore[no-untyped-def]
    issue = issue_of(window, "许昌日报", "2020-04-08")
    window.open_issue(issue.id)
    article = window.library.article(window.reading_pane.current_article_id)
    assert article.issue_id == issue.id
    assert window.issue_view.current_issue_id == issue.id
    assert "长葛市『两网』键通『精准定位拔穷根』" in window.reading_pane.browser.toPlainText()


def test_history_back_and_forward(window) -> None:  # type: ignore[no-untyped-def]
    first = issue_of(window, "许昌日报", "2020-04-08")
    second = issue_of(window, "衡水日报", "2021-12-03")
    window.open_issue(first.id)
    a = window.reading_pane.current_article_id
    window.open_issue(second.id)
    b = window.reading_pane.current_article_id
    assert a != b
    window.back_action.trigger()
    assert window.reading_pane.current_article_id == a
    assert window.issue_view.current_issue_id == first.id
    window.forward_action.trigger()
    assert window.reading_pane.current_article_id == b
    assert not window.forward_action.isEnabled()


def test_next_and_previous_article_walk_the_issue(window) -> None:  # type: ignore[no-untyped-def]
    issue = issue_of(window, "许昌日报", "2020-04-08")
    window.open_issue(issue.id)
    ids = [a.id for p in window.library.pages(issue.id) for a in window.library.articles(p.id)]
    assert window.reading_pane.current_article_id == ids[0]
    window.step_article(1)
    assert window.reading_pane.current_article_id == ids[1]
    window.step_article(-1)
    assert window.reading_pane.current_article_id == ids[0]
    window.step_article(-1)  # stays at the first
    assert window.reading_pane.current_article_id == ids[0]


def test_next_issue_of_the_same_paper(window) -> None:  # type: ignore[no-untyped-def]
    early = issue_of(window, "许昌日报", "2020-04-08")
    later = issue_of(window, "许昌日报", "2020-07-15")
    window.open_issue(early.id)
    window.step_issue(1)
    assert window.issue_view.current_issue_id == later.id
    window.step_issue(-1)
    assert window.issue_view.current_issue_id == early.id


def test_go_to_date_opens_the_issue(window) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    window.open_issue(issue_of(window, "许昌日报", "2020-04-08").id)  # the paper being read
    target = issue_of(window, "许昌日报", "2020-07-15")
    found = window.go_to_date(dt.date(2020, 7, 15))
    assert found == target.id
    assert window.issue_view.current_issue_id == target.id


def test_copy_article_with_citation(window, english_ui) -> None:  # type: ignore[no-untyped-def]
    issue = issue_of(window, "许昌日报", "2020-04-08")
    window.open_issue(issue.id)
    window.copy_article()
    text = QGuiApplication.clipboard().text()
    assert "长葛市『两网』键通『精准定位拔穷根』" in text
    assert text.rstrip().endswith(
        "左瑞君, 李晓艺, 李全林. \u201c长葛市『两网』键通『精准定位拔穷根』.\u201d 许昌日报, 2020-04-08, p. 1.")


def test_import_with_progress_then_library_updates(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bench.generate import generate_archive

    generate_archive(tmp_path / "arch", papers=1, pages=16, pages_per_issue=8, seed=5)
    seen: list[tuple[int, int]] = []
    with qtbot.waitSignal(window.importer.job_ended, timeout=60_000):
        job = window.importer.start([tmp_path / "arch"])
        job.progress.connect(lambda d, t, _s: seen.append((d, t)))
    assert seen and any(t == 16 for _, t in seen)
    assert "Pages added: 16" in window.importer.last_summary or "新增 16" in window.importer.last_summary
    papers = {p.name for p in window.library.papers()}
    assert len(papers) == 3  # the two papers of the samples and the generated one


def test_cancelled_import_leaves_a_consistent_library(qtbot, window, lib_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bench.generate import generate_archive
    from reader.ingest.pipeline import discover_all

    archive = tmp_path / "arch"
    generate_archive(archive, papers=1, pages=120, pages_per_issue=8, seed=6)
    order = [str(found.path) for found in discover_all([archive])]  # the order the import reads and writes them
    assert len(order) == 120
    reports: list = []
    window.importer.import_finished.connect(reports.append)
    lib = window.library

    def stored() -> list[str]:
        return sorted(p.source_path for i in lib.issues() for p in lib.pages(i.id) if p.source_path in order)

    # The writer stores pages one transaction at a time. A connection of the test's holding the write lock stops
    # it at its next page, so the cancel always comes while pages are still to be written, however fast it runs.
    gate = sqlite3.connect(lib_dir / DB_NAME, isolation_level=None, timeout=0)

    def gate_closed() -> bool:
        try:
            gate.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # locked: the writer is storing a page
            return False
        return True

    try:
        with qtbot.waitSignal(window.importer.job_ended, timeout=60_000):
            job = window.importer.start([archive])
            qtbot.waitUntil(lambda: len(stored()) > 0 and gate_closed(), timeout=60_000)  # some pages are in
            job.cancel()
            gate.execute("ROLLBACK")
    finally:
        gate.close()
    assert len(reports) == 1 and reports[0] is not None and reports[0].cancelled
    written = stored()
    assert 0 < len(written) == reports[0].added < 120
    assert written == sorted(order[: len(written)])  # whole pages, in order, up to where the cancel came
    assert sum(i.stored_pages for i in lib.issues()) == 5 + len(written)  # and the samples
    for issue in lib.issues():
        for page in lib.pages(issue.id):
            assert lib.page_items(page.id), "a stored page always has its articles and blocks"


def test_drop_a_folder_imports_it(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "drop" / "晶报" / "1939-04-24"
    folder.mkdir(parents=True)
    (folder / "1.txt").write_text("晶報\n\n（長沙廿三日電）我軍昨日克復某城。", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "drop"))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importer.job_ended, timeout=30_000):
        window.dropEvent(event)
    assert window.library.find_issue("晶报", "1939-04-24") is not None


def test_corrections_survive_reimport(qtbot, window, lib_dir: Path) -> None:  # type: ignore[no-untyped-def]
    inner = next(i for i in window.library.issues() if i.paper is None)
    page = window.library.pages(inner.id)[0]
    with qtbot.waitSignal(window.importer.job_ended, timeout=30_000):
        window.importer.apply_corrections([Correction("issue", inner.id, "paper", "许昌日报"),
                                           Correction("issue", inner.id, "date", "2021-10-13"),
                                           Correction("page", page.id, "page", "2")])
    fixed = window.library.find_issue("许昌日报", "2021-10-13")
    assert fixed is not None and window.library.page(page.id).label == "2"
    with qtbot.waitSignal(window.importer.job_ended, timeout=30_000):
        window.importer.start([SAMPLES])
    assert window.library.find_issue("许昌日报", "2021-10-13") is not None
    assert window.library.page(page.id).label == "2"


def test_preferences_and_last_position_persist(qtbot, lib_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.app import build

    win, services = build(lib_dir)
    qtbot.addWidget(win)
    issue = win.library.find_issue("许昌日报", "2020-04-08")
    win.open_issue(issue.id)
    opened = win.reading_pane.current_article_id
    win.prefs.font_size = 21
    win.prefs.theme = "dark"
    win.close()
    services.shutdown()

    assert Preferences().font_size == 21 and Preferences().theme == "dark"
    assert WindowState().last_position()[0] == opened
    again, services2 = build(lib_dir)
    qtbot.addWidget(again)
    again.restore()
    assert again.reading_pane.current_article_id == opened
    assert again.theme_actions["dark"].isChecked()
    services2.shutdown()


def test_larger_and_smaller_text_shortcuts(window) -> None:  # type: ignore[no-untyped-def]
    size = window.prefs.font_size
    actions = {a.shortcut().toString(): a for a in window.actions()}
    actions["Ctrl+="].trigger()
    assert window.prefs.font_size == size + 1
    actions["Ctrl+-"].trigger()
    assert window.prefs.font_size == size


def test_shortcut_help_lists_every_shortcut(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.shortcuts import SHORTCUTS, ShortcutsDialog

    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(SHORTCUTS)
    keys = {a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()}
    # Find is the reading pane's own key; Space and Shift+Space are taken by the reading widgets' key filter
    # (reader/ui/paging.py, tested in test_ui_keyboard_reading.py): every other one is a window action.
    elsewhere = {"Find", "Page on", "Page back"}
    missing = [(name, key) for name, key, _ in SHORTCUTS if name not in elsewhere and key not in keys]
    assert missing == []


def test_hostile_page_text_is_shown_as_text(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "1.txt").write_text(
        "标题<script>alert(1)</script>\n\n本报讯（记者 王五）正文<img src=x onerror=alert(1)>内容。", encoding="utf-8")
    with qtbot.waitSignal(window.importer.job_ended, timeout=30_000):
        window.importer.start([folder])
    page = next(p for i in window.library.issues() for p in window.library.pages(i.id)
                if p.source_path.endswith("hostile/1.txt"))
    article = window.library.articles(page.id)[0]
    window.open_article(article.id)
    shown = window.reading_pane.browser.toPlainText()
    assert "<script>" in shown and "</script>" in shown and "<img src=x onerror=alert" in shown
    assert "<script>" not in window.reading_pane.browser.toHtml()


def test_an_empty_library_welcomes_and_the_samples_open_at_their_first_article(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from reader.app import build

    win, services = build(tmp_path / "empty")
    qtbot.addWidget(win)
    win.importer.quiet = True
    win.show()
    try:
        assert win.central.currentWidget() is win.welcome and win.welcome.isVisible()
        assert not win.findChildren(QMessageBox)  # a page inside the window, not a Yes/No box
        with qtbot.waitSignal(win.importer.job_ended, timeout=60_000):
            qtbot.mouseClick(win.welcome.samples_button, Qt.MouseButton.LeftButton)
        assert len(win.library.papers()) == 2
        assert win.central.currentWidget() is win.splitter
        opened = win.reading_pane.current_article_id
        first_issue = next(i for i in win.library.issues() if i.article_count)
        first_article = next(a for p in win.library.page_summaries(first_issue.id) for a in win.library.articles(p.id))
        assert opened == first_article.id
    finally:
        services.shutdown()


def test_missing_chinese_font_is_reported_once(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QFontDatabase, "families", lambda *a, **k: [])
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window.check_fonts()
    window.check_fonts()
    assert len(shown) == 1 and "fonts-noto-cjk" in shown[0]


def test_chinese_font_present_means_no_warning(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append("warned"))
    window.check_fonts()
    assert shown == []  # fonts-noto-cjk is installed by scripts/setup.sh
