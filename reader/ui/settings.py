"""Typed settings: reading preferences (what the user chose) apart from persisted window state (where things were).

Both live in INI files in the config folder: ``$NEWSREADER_CONFIG``, else the library folder when
``$NEWSREADER_HOME`` is set (tests and portable set-ups keep everything together), else the platform's
user config folder.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TypeVar

import platformdirs
from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from reader.ui.preference_specs import FONT_FAMILY, FONT_SIZE, LINE_SPACING, SCRIPT, THEME, Spec

log = logging.getLogger(__name__)

T = TypeVar("T")


def config_dir() -> Path:
    """Folder for preferences.ini and state.ini (created on demand)."""
    explicit = os.environ.get("NEWSREADER_CONFIG") or os.environ.get("NEWSREADER_HOME")
    folder = Path(explicit).expanduser() if explicit else Path(platformdirs.user_config_dir("newsreader"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _ini(name: str, folder: Path | None) -> QSettings:
    return QSettings(str((folder or config_dir()) / name), QSettings.Format.IniFormat)


class Preferences(QObject):
    """The reader's chosen font, size, spacing, theme and script; every change is saved and announced.

    The preferences, their defaults and their allowed values are declared in ``reader.ui.preference_specs``.
    """

    changed = Signal()

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = _ini("preferences.ini", folder)

    def get(self, spec: Spec[T]) -> T:
        return spec.valid(self._store.value(spec.key, spec.default))

    def set(self, spec: Spec[T], value: object) -> None:
        """Store ``value`` made valid; a value that cannot be made valid is ignored."""
        try:
            clean = spec.clean(value)
        except (TypeError, ValueError):
            log.info("ignoring %r for %s", value, spec.key)
            return
        if self.get(spec) != clean or self._store.value(spec.key) is None:
            self._store.setValue(spec.key, clean)
            self._store.sync()
            self.changed.emit()

    @property
    def font_family(self) -> str:
        return self.get(FONT_FAMILY)

    @font_family.setter
    def font_family(self, value: str) -> None:
        self.set(FONT_FAMILY, value)

    @property
    def font_size(self) -> int:
        return self.get(FONT_SIZE)

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.set(FONT_SIZE, value)

    @property
    def line_spacing(self) -> float:
        return self.get(LINE_SPACING)

    @line_spacing.setter
    def line_spacing(self, value: float) -> None:
        self.set(LINE_SPACING, value)

    @property
    def theme(self) -> str:
        return self.get(THEME)

    @theme.setter
    def theme(self, value: str) -> None:
        self.set(THEME, value)

    @property
    def script(self) -> str:
        return self.get(SCRIPT)

    @script.setter
    def script(self, value: str) -> None:
        self.set(SCRIPT, value)


class WindowState:
    """Where the window was: geometry, dock layout, the last article and its scroll position."""

    def __init__(self, folder: Path | None = None) -> None:
        self._store = _ini("state.ini", folder)

    # A layout saved by a version with another arrangement of panels is not restored: the new default is.
    LAYOUT_VERSION = 2

    def save_window(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray | None = None) -> None:
        self._store.setValue("window/geometry", geometry)
        self._store.setValue("window/state", state)
        if splitter is not None:
            self._store.setValue("window/splitter", splitter)
        self._store.setValue("window/layout", self.LAYOUT_VERSION)
        self._store.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def _current_layout(self) -> bool:
        return str(self._store.value("window/layout", "")) == str(self.LAYOUT_VERSION)

    def dock_state(self) -> QByteArray | None:
        """Where the docks were, if saved by this layout version."""
        return self._bytes("window/state") if self._current_layout() else None

    def splitter_state(self) -> QByteArray | None:
        """The sizes of the contents list and the reading pane the reader set, if saved by this layout version."""
        return self._bytes("window/splitter") if self._current_layout() else None

    def save_position(self, article_id: int | None, scroll: float) -> None:
        self._store.setValue("reading/last_article", article_id if article_id is not None else -1)
        self._store.setValue("reading/last_scroll", float(scroll))
        self._store.sync()

    def last_position(self) -> tuple[int | None, float]:
        try:
            article = int(self._store.value("reading/last_article", -1))  # type: ignore[call-overload]
            scroll = float(self._store.value("reading/last_scroll", 0.0))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None, 0.0
        return (article if article >= 0 else None), min(max(scroll, 0.0), 1.0)

    def value(self, key: str, default: str) -> str:
        """A remembered piece of window state as text ("reading/mode" ...)."""
        return str(self._store.value(key, default))

    def set_value(self, key: str, value: str) -> None:
        self._store.setValue(key, value)
        self._store.sync()

    def flag(self, name: str) -> bool:
        """One-time notices ("font warning shown", "samples offered")."""
        return str(self._store.value(f"flags/{name}", "false")).lower() == "true"

    def set_flag(self, name: str) -> None:
        self._store.setValue(f"flags/{name}", "true")
        self._store.sync()
