"""Go to a date (Ctrl+G): the paper, a typed or picked day, days with an issue marked, the nearest offered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from reader.library.store import Library
from reader.ui.go_to_date import GoToDateDialog
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
    win.show()
    yield win
    services.shutdown()


def test_ctrl_g_opens_the_issue_of_the_day_typed(window: Any, qtbot: Any) -> None:
    dialog = window.go_to_date_dialog()
    assert isinstance(dialog, GoToDateDialog)
    dialog.paper.setCurrentIndex(dialog.paper.findData("许昌日报"))
    dialog.date.setDate(QDate(2020, 4, 8))
    assert dialog.chosen is not None and dialog.chosen.date == dt.date(2020, 4, 8)
    assert dt.date(2020, 4, 8) in dialog.marked_days()  # days with an issue are marked in the calendar
    assert "No. 9158" in dialog.answer.text()
    dialog.accept()
    assert window.issue_view.current_issue_id == dialog.chosen.id
    assert window.reading_pane.current_article_id is not None


def test_a_day_without_an_issue_offers_the_nearest(window: Any) -> None:
    dialog = window.go_to_date_dialog()
    dialog.paper.setCurrentIndex(dialog.paper.findData("许昌日报"))
    dialog.date.setDate(QDate(2020, 4, 10))
    assert "No issue of 许昌日报 on 2020-04-10" in dialog.answer.text()
    assert dialog.before.isVisible() and "2020-04-08" in dialog.before.text()
    assert dialog.after.isVisible() and dialog.after.text().startswith("Nearest after: ")
    assert dialog.chosen is not None and dialog.chosen.date == dt.date(2020, 4, 8)  # the nearer one is what OK opens
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.before.click()
    assert dialog.date.date() == QDate(2020, 4, 8)
    dialog.reject()
