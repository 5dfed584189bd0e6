"""Preferences are declared once (reader.ui.preference_specs): the store, the pane and the renderer agree."""

from __future__ import annotations

import inspect
from pathlib import Path

from reader.ui import render
from reader.ui.preference_specs import FONT_SIZE, LINE_SPACING, PREFERENCES, SCRIPT, THEME
from reader.ui.settings import Preferences


def test_defaults_come_from_the_declarations(tmp_path: Path) -> None:
    prefs = Preferences(tmp_path)
    assert [prefs.get(spec) for spec in PREFERENCES] == [spec.default for spec in PREFERENCES]
    defaults = inspect.signature(render.render_article).parameters
    assert defaults["font_size"].default == FONT_SIZE.default == prefs.font_size
    assert defaults["line_spacing"].default == LINE_SPACING.default == prefs.line_spacing
    assert defaults["theme"].default == THEME.default == prefs.theme


def test_values_are_made_valid_and_bad_ones_ignored(tmp_path: Path) -> None:
    prefs = Preferences(tmp_path)
    changes: list[None] = []
    prefs.changed.connect(lambda: changes.append(None))
    prefs.font_size = 99
    assert prefs.font_size == 30
    prefs.line_spacing = 0.2
    assert prefs.line_spacing == 1.0
    prefs.theme = "neon"
    prefs.script = "klingon"
    assert (prefs.theme, prefs.script) == (THEME.default, SCRIPT.default)
    assert len(changes) == 2
    again = Preferences(tmp_path)
    assert (again.font_size, again.line_spacing) == (30, 1.0)


def test_a_hand_edited_file_falls_back_to_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "preferences.ini").write_text(
        "[reading]\nfont_size=huge\nline_spacing=wide\ntheme=neon\n", encoding="utf-8"
    )
    prefs = Preferences(tmp_path)
    assert (prefs.font_size, prefs.line_spacing, prefs.theme) == (FONT_SIZE.default, LINE_SPACING.default, "light")
