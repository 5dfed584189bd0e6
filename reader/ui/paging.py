"""Reading from the keyboard like an e-book reader: Space and PgDn page on, Shift+Space and PgUp page back.

The keys are taken from the reading pane, the contents list and the library tree alike, so that choosing an
article in the list and pressing Space reads on (the list's selection never moves by itself). Text fields and
buttons keep their keys.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

_FORWARD = {(Qt.Key.Key_Space, False), (Qt.Key.Key_PageDown, False)}
_BACK = {(Qt.Key.Key_Space, True), (Qt.Key.Key_PageUp, False), (Qt.Key.Key_PageUp, True)}


class PageKeys(QObject):
    """An event filter on the reading widgets that turns the paging keys into ``forward()`` / ``back()``."""

    def __init__(self, forward: Callable[[], None], back: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._forward, self._back = forward, back

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        key = (Qt.Key(event.key()), modifiers == Qt.KeyboardModifier.ShiftModifier)
        if key not in _FORWARD and key not in _BACK:
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            (self._forward if key in _FORWARD else self._back)()
        return True
