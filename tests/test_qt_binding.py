"""The Qt binding itself: a known-bad build must not be installed (it crashes the app after a while)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_qt_calls_keep_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    # PySide6 6.12.0 (abi3) on Python < 3.12 loses one reference to None per call returning nothing, and the
    # interpreter aborts ("none_dealloc") once they run out: pyproject.toml excludes it.
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setWindowTitle("x")
    assert sys.getrefcount(None) - before > -100
