"""Start-up work waits for the window's first paint (the index check and search warm-up start processes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from reader.ui.first_paint import after_first_paint
from reader.ui.main_window import MainWindow


class _Paints(QObject):
    """Records, in order, each paint event in the application and each run of the action."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def _window(qtbot: Any) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QLabel("许昌日报"))
    qtbot.addWidget(window)
    return window


def test_action_runs_once_after_the_window_is_painted(qtbot: Any) -> None:
    window = _window(qtbot)
    paints = _Paints()
    QApplication.instance().installEventFilter(paints)  # type: ignore[union-attr]
    try:
        after_first_paint(window, lambda: paints.log.append("action"), fallback_ms=60_000)
        window.show()
        assert "action" not in paints.log  # not while show() runs: only from the event loop
        qtbot.waitUntil(lambda: "action" in paints.log, timeout=5000)
        assert paints.log.index("action") > paints.log.index("paint")
        window.update()  # later repaints do not run it again
        qtbot.wait(100)
        assert paints.log.count("action") == 1
    finally:
        QApplication.instance().removeEventFilter(paints)  # type: ignore[union-attr]


def test_a_window_never_painted_still_gets_its_work_after_the_fallback(qtbot: Any) -> None:
    window = _window(qtbot)
    ran: list[bool] = []
    after_first_paint(window, lambda: ran.append(True), fallback_ms=50)  # never shown
    qtbot.waitUntil(lambda: ran == [True], timeout=5000)
    qtbot.wait(100)
    assert ran == [True]


def test_a_window_dropped_before_its_first_paint_is_neither_kept_nor_given_work(qtbot: Any) -> None:
    ran: list[bool] = []
    window = QMainWindow()
    gone: list[bool] = []
    window.destroyed.connect(lambda: gone.append(True))
    after_first_paint(window, lambda: ran.append(True), fallback_ms=50)
    del window  # its owner let it go: the pending action must not keep it alive
    qtbot.waitUntil(lambda: gone == [True], timeout=5000)
    qtbot.wait(200)
    assert ran == []


def test_a_window_closed_before_its_first_paint_runs_nothing(qtbot: Any) -> None:
    window = _window(qtbot)
    ran: list[bool] = []
    after_first_paint(window, lambda: ran.append(True), fallback_ms=50)
    window.close()  # its services are shut down after this: starting processes now would be wrong
    qtbot.wait(200)
    assert ran == []


def test_the_run_command_imports_the_samples_after_the_first_paint_and_opens_an_issue(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, english_ui: None
) -> None:
    """``newsreader app --samples`` (the README's run command) on an empty library."""
    from reader.app import start

    monkeypatch.setattr(MainWindow, "check_fonts", lambda self: None)  # whatever fonts this machine has
    window, services = start(tmp_path / "lib", import_samples=True)
    try:
        qtbot.addWidget(window)
        window.importer.quiet = True
        assert window.importer.jobs == []  # nothing started before the window was painted
        qtbot.waitUntil(lambda: window.reading_pane.current_article_id is not None, timeout=120_000)
        assert window.library.papers()  # the samples are in the library...
        shown = window.library.article(window.reading_pane.current_article_id)
        assert shown is not None and shown.issue_id == window.issue_view.current_issue_id  # ...and an issue is open
    finally:
        services.shutdown()
