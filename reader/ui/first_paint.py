"""Run start-up work once the window has been painted for the first time.

The index check and the search warm-up start two processes that read Python, jieba and the index from disk
and compete for the CPU; started before the first paint, they delay the window the user is waiting for.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from contextlib import suppress
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Calls ``action`` once: right after the window's first repaint, or after ``fallback_ms`` at the latest.

    Not a child of the window and holding it only weakly, so that a window closed or dropped before its first
    paint neither runs the action nor is kept alive by it.
    """

    pending: ClassVar[set[_FirstPaint]] = set()  # each lives until it has run or its window is gone

    def __init__(self, window: QWidget, action: Callable[[], None], fallback_ms: int) -> None:
        super().__init__()
        self._window = weakref.ref(window)
        self._action: Callable[[], None] | None = action
        _FirstPaint.pending.add(self)
        window.installEventFilter(self)
        window.destroyed.connect(self._finish)
        # A window that is never painted (minimised at start, no screen) must still get its background work.
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._action is not None and watched is self._window():
            if event.type() == QEvent.Type.UpdateRequest:
                # The top-level widget repaints itself and its children on UpdateRequest: queued after it.
                QTimer.singleShot(0, self, self._run)
            elif event.type() == QEvent.Type.Close:
                self._finish()  # closed before it was ever painted: its services are being shut down
        return False

    def _run(self) -> None:
        action = self._action
        self._finish()
        if action is not None:
            action()

    def _finish(self) -> None:
        if self not in _FirstPaint.pending:
            return
        self._action = None
        _FirstPaint.pending.discard(self)
        window = self._window()
        if window is not None:
            with suppress(RuntimeError):  # its C++ side is being destroyed
                window.removeEventFilter(self)
        self.deleteLater()


def after_first_paint(window: QWidget, action: Callable[[], None], fallback_ms: int = 1000) -> None:
    """Run ``action`` on the GUI thread once ``window`` has been shown and painted (at most ``fallback_ms`` late)."""
    _FirstPaint(window, action, fallback_ms)
