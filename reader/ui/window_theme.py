"""The reading theme applied to the whole window: docks, lists, menus and dialogs, not only the article.

Sepia and dark switch the application to the Fusion style with the theme's palette (native styles on
Windows and macOS ignore much of a palette); light gives the system's own style and palette back.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from reader.ui import themes

_system: tuple[str, QPalette] | None = None  # the style name and palette the application started with


def chrome_palette(chrome: themes.Chrome) -> QPalette:
    """A full palette from a theme's window colours; bevels and shadows derived from the button colour."""
    pal = QPalette(QColor(chrome.button), QColor(chrome.window))
    roles = QPalette.ColorRole
    for role, colour in ((roles.WindowText, chrome.window_text), (roles.Text, chrome.window_text),
                         (roles.ButtonText, chrome.window_text), (roles.Base, chrome.base),
                         (roles.AlternateBase, chrome.alternate_base), (roles.Highlight, chrome.highlight),
                         (roles.HighlightedText, chrome.highlighted_text), (roles.ToolTipBase, chrome.base),
                         (roles.ToolTipText, chrome.window_text), (roles.PlaceholderText, chrome.placeholder),
                         (roles.Link, chrome.link), (roles.BrightText, chrome.highlighted_text)):
        pal.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(chrome.disabled_text))
    return pal


def apply(theme: str | None) -> None:
    """Colour the application for ``theme``; a theme without window colours restores the system look."""
    global _system
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    chrome = themes.CHROME.get(theme or "light")
    if chrome is None:
        restore()
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(chrome_palette(chrome))


def restore() -> None:
    """The system's style and palette again (light theme, or the window closing)."""
    global _system
    app = QApplication.instance()
    if _system is None or not isinstance(app, QApplication):
        return
    style, pal = _system
    if app.style().name().lower() != style.lower():
        app.setStyle(style)
    app.setPalette(pal)
    _system = None
