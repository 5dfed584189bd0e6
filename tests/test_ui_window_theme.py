"""Sepia and dark colour the whole window (docks, lists, menus, dialogs); light gives the system look back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListView, QMenu, QTreeView

from reader.library.store import Library
from reader.ui import themes
from tests.conftest import SAMPLES
from tests.helpers import import_pages

ROLE = QPalette.ColorRole


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from reader.app import build

    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [SAMPLES])
    win, services = build(tmp_path / "lib")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.close()
    services.shutdown()


def colour(widget, role: QPalette.ColorRole) -> str:  # type: ignore[no-untyped-def]
    return widget.palette().color(role).name()


@pytest.mark.parametrize("theme", ["sepia", "dark"])
def test_a_theme_colours_docks_lists_menus_and_the_style(window, theme: str) -> None:  # type: ignore[no-untyped-def]
    system_window = colour(QApplication.instance(), ROLE.Window)  # type: ignore[arg-type]
    window.prefs.theme = theme
    QApplication.processEvents()  # Qt hands the new palette to the widgets through posted events
    chrome = themes.CHROME[theme]
    assert QApplication.style().name().lower() == "fusion"
    tree = window.library_dock.findChild(QTreeView)
    toc = window.issue_view.findChild(QListView)
    menu = window.menuBar().findChild(QMenu)
    for widget in (window, window.library_dock, window.search_dock, window.notes_dock, tree, toc, menu):
        assert widget is not None
        assert colour(widget, ROLE.Window) == chrome.window, widget
        assert colour(widget, ROLE.WindowText) == chrome.window_text, widget
    assert colour(tree, ROLE.Base) == chrome.base and colour(toc, ROLE.Highlight) == chrome.highlight
    disabled = tree.palette().color(QPalette.ColorGroup.Disabled, ROLE.Text).name()
    assert disabled == chrome.disabled_text
    # the article keeps the reading palette of the same theme
    assert colour(window.reading_pane.browser, ROLE.Base) == themes.palette(theme).background

    window.prefs.theme = "light"
    QApplication.processEvents()
    assert colour(window, ROLE.Window) == system_window
    assert colour(window.reading_pane.browser, ROLE.Base) == themes.palette("light").background


def test_closing_the_window_gives_the_application_its_own_look_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    before = (app.style().name(), colour(app, ROLE.Window))  # type: ignore[union-attr, arg-type]
    window.prefs.theme = "dark"
    assert colour(app, ROLE.Window) == themes.CHROME["dark"].window  # type: ignore[arg-type]
    window.close()
    assert (app.style().name(), colour(app, ROLE.Window)) == before  # type: ignore[union-attr, arg-type]


def test_every_theme_with_window_colours_keeps_text_readable() -> None:
    for name, chrome in themes.CHROME.items():
        for fg, bg in ((chrome.window_text, chrome.window), (chrome.window_text, chrome.base),
                       (chrome.highlighted_text, chrome.highlight)):
            assert contrast(fg, bg) >= 4.5, (name, fg, bg)
        assert contrast(chrome.placeholder, chrome.base) >= 3.0, name


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    def lum(c: str) -> float:
        col = QColor(c)
        parts = [v / 255 for v in (col.red(), col.green(), col.blue())]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
