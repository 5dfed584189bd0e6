"""The reader's preferences declared once: key, default and allowed values (no Qt, so the renderer can use it).

``reader.ui.settings.Preferences`` stores them; the renderer and the reading pane take their defaults from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

THEMES = ("light", "sepia", "dark")
SCRIPTS = ("original", "simplified", "traditional")
FONT_SIZES = (10, 30)  # points, inclusive bounds
LINE_SPACINGS = (1.0, 3.0)


@dataclass(frozen=True)
class Spec(Generic[T]):
    """One preference: where it is stored, its default, and how a stored or typed value is made valid."""

    key: str
    default: T
    clean: Callable[[object], T]

    def valid(self, value: object) -> T:
        """``value`` made valid, or the default when it cannot be (a hand-edited or damaged file)."""
        try:
            return self.clean(value)
        except (TypeError, ValueError):
            return self.default


def _one_of(choices: tuple[str, ...]) -> Callable[[object], str]:
    def clean(value: object) -> str:
        text = str(value)
        if text not in choices:
            raise ValueError(text)
        return text

    return clean


def _font_size(value: object) -> int:
    return min(max(int(str(value)), FONT_SIZES[0]), FONT_SIZES[1])


def _spacing(value: object) -> float:
    return round(min(max(float(str(value)), LINE_SPACINGS[0]), LINE_SPACINGS[1]), 2)


FONT_FAMILY: Spec[str] = Spec("reading/font_family", "", str)
FONT_SIZE: Spec[int] = Spec("reading/font_size", 15, _font_size)
LINE_SPACING: Spec[float] = Spec("reading/line_spacing", 1.8, _spacing)
THEME: Spec[str] = Spec("reading/theme", "light", _one_of(THEMES))
SCRIPT: Spec[str] = Spec("reading/script", "original", _one_of(SCRIPTS))

PREFERENCES = (FONT_FAMILY, FONT_SIZE, LINE_SPACING, THEME, SCRIPT)
