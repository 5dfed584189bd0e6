"""The interface in Chinese: the reader's own strings from the Qt Linguist catalogue, Qt's from qtbase_zh_CN."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QCalendarWidget, QDialogButtonBox, QFontDialog, QLineEdit, QMessageBox

from reader.ui import i18n

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    i18n.set_language("zh")
    installed = i18n.install_qt_translations(qapp)
    assert installed is not None, "qtbase_zh_CN.qm ships with PySide6"
    yield
    QCoreApplication.removeTranslator(installed)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    i18n.set_language(None)


def test_the_catalogue_is_in_step_with_the_code_and_fully_translated() -> None:
    # Every tr()/N_() string of the code is in the .ts with a translation, and the shipped .qm is its compilation.
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_translation_tables_are_left_in_the_code() -> None:
    for path in (ROOT / "reader").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "register"]
        assert not calls, f"{path}: translations belong in resources/i18n/newsreader_zh_CN.ts"


def test_strings_come_from_the_catalogue_in_chinese_and_stay_english_otherwise() -> None:
    try:
        i18n.set_language("zh")
        assert i18n.tr("Library recovered") == "资料库已恢复"
        assert i18n.tr("{n} pages in the library").format(n=3) == "库中3版"
        assert i18n.tr("a string nobody translated") == "a string nobody translated"
        i18n.set_language("en")
        assert i18n.tr("Library recovered") == "Library recovered"
    finally:
        i18n.set_language(None)


def test_qt_standard_buttons_context_menus_calendar_and_font_dialog_are_chinese(qtbot, chinese) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert {"确定", "取消"} <= {t.split("(")[0] for t in texts}, texts
    message = QMessageBox(QMessageBox.Icon.Question, "?", "?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert {b.text().replace("&", "").split("(")[0] for b in message.buttons()} == {"是", "否"}
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    actions = [a.text().replace("&", "").split("(")[0].split("\t")[0] for a in menu.actions() if a.text()]
    assert "复制" in actions and "全选" in actions, actions
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.locale().monthName(4) == "四月"
    fonts = QFontDialog()
    qtbot.addWidget(fonts)
    assert fonts.windowTitle() == "选择字体"
