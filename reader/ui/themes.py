"""Reading themes (light, sepia, dark) as plain data, and the CSS that Qt's rich-text engine understands.

No Qt imports: the render functions and their tests use this module without a QApplication.
Qt's rich text knows a subset of CSS: ``text-indent`` only in px, ``line-height`` as a percentage, no
``max-width`` (the reading pane sets the measure through the document's root-frame margins).
"""

from __future__ import annotations

from dataclasses import dataclass

# Serif CJK faces first: newspapers are set in Song/Ming; the generic family is the last resort.
FALLBACK_FAMILIES = (
    "Noto Serif CJK SC",
    "Noto Serif CJK TC",
    "Source Han Serif SC",
    "Songti SC",
    "SimSun",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    # Rare characters (CJK Extension B and beyond): the fonts that have them, where installed.
    "HanaMinA",
    "HanaMinB",
    "BabelStone Han",
    "Jigmo",
    "Jigmo2",
    "Jigmo3",
    "TH-Tshyn-P1",
    "SimSun-ExtB",
    "MingLiU-ExtB",
    "serif",
)
MEASURE_EM = 38  # characters per line of body text: a comfortable measure for Chinese prose
PT_TO_PX = 96 / 72  # CSS reference pixels per point
# Qt's proportional line-height multiplies the font's own line spacing, which for CJK faces is ~1.4 em
# already; dividing by it makes line_spacing mean "times the font size", as in CSS.
CJK_NATURAL_LINE = 1.4


@dataclass(frozen=True)
class Palette:
    """The colours of one reading theme."""

    name: str
    background: str
    text: str
    muted: str
    link: str
    rule: str
    hit: str  # search hits
    current_hit: str
    span: str  # the current article's place in the original page text
    block_label: str
    # The reader's highlight colours, by name (reader.notes.model.COLORS), and the article-note box.
    marks: tuple[tuple[str, str], ...] = ()
    note_box: str = "#f1ede4"


THEMES: dict[str, Palette] = {
    "light": Palette(
        name="light",
        background="#fbfaf7",
        text="#1f1f1f",
        muted="#6b6b6b",
        link="#1d5fa8",
        rule="#d9d6cf",
        hit="#ffe680",
        current_hit="#ffa43a",
        span="#cfe6ff",
        block_label="#8a6d3b",
        marks=(("yellow", "#fff0a0"), ("green", "#cdeec2"), ("blue", "#cfe0fb"), ("pink", "#fbd3e0")),
        note_box="#f1ede4",
    ),
    "sepia": Palette(
        name="sepia",
        background="#f4ecd8",
        text="#3b2f23",
        muted="#7a6a55",
        link="#8a4b12",
        rule="#d8c9a8",
        hit="#f3d36b",
        current_hit="#e8893a",
        span="#d9e2c0",
        block_label="#8a4b12",
        marks=(("yellow", "#f5e08a"), ("green", "#cfe2b0"), ("blue", "#c9d9e8"), ("pink", "#f0c9c4")),
        note_box="#eadfc6",
    ),
    "dark": Palette(
        name="dark",
        background="#1e1f22",
        text="#dcd8cf",
        muted="#8f8b84",
        link="#7fb2f0",
        rule="#3a3b3f",
        hit="#6b5a12",
        current_hit="#b8621b",
        span="#24435f",
        block_label="#c9a86a",
        marks=(("yellow", "#5c5220"), ("green", "#2f4d2f"), ("blue", "#2b405e"), ("pink", "#5a2f40")),
        note_box="#2a2b2f",
    ),
}


@dataclass(frozen=True)
class Chrome:
    """The colours of the window around the article (docks, lists, menus, dialogs) in a theme."""

    window: str
    window_text: str
    base: str  # lists, trees, text fields
    alternate_base: str
    button: str
    highlight: str
    highlighted_text: str
    placeholder: str
    disabled_text: str
    link: str


# The light theme keeps the system's own look; sepia and dark colour the whole window.
CHROME: dict[str, Chrome] = {
    "sepia": Chrome(
        window="#ede2c8",
        window_text="#3b2f23",
        base="#f6eedb",
        alternate_base="#efe5cd",
        button="#e4d6b6",
        highlight="#85572e",
        highlighted_text="#fffaf0",
        placeholder="#8c7b63",
        disabled_text="#a39478",
        link="#8a4b12",
    ),
    "dark": Chrome(
        window="#202124",
        window_text="#e8e6e3",
        base="#1b1b1d",
        alternate_base="#26272b",
        button="#2b2c30",
        highlight="#3d5a80",
        highlighted_text="#ffffff",
        placeholder="#8a8a8a",
        disabled_text="#6a6a6a",
        link="#7fb2f0",
    ),
}


def palette(theme: str | None) -> Palette:
    """The palette of a theme name; unknown names fall back to light."""
    return THEMES.get(theme or "light", THEMES["light"])


def font_stack(family: str | None) -> str:
    """A CSS font-family list: the user's choice, then CJK fallbacks (quoted; quotes in names dropped)."""
    names = [family.strip()] if family and family.strip() else []
    names += [f for f in FALLBACK_FAMILIES if f not in names]
    return ", ".join(n if n == "serif" else "'" + n.replace("'", "").replace(";", "") + "'" for n in names)


def indent_px(font_size: float) -> int:
    """Two characters of indent in px (Qt ignores ``em`` in text-indent)."""
    return round(2 * _safe_size(font_size) * PT_TO_PX)


def _safe_size(font_size: float) -> float:
    try:
        size = float(font_size)
    except (TypeError, ValueError):
        return 14.0
    return min(max(size, 6.0), 72.0) if size == size else 14.0  # NaN guard


def stylesheet(theme: str | None, font_family: str | None, font_size: float, line_spacing: float) -> str:
    """CSS for QTextDocument.setDefaultStyleSheet (also embedded in rendered HTML)."""
    p = palette(theme)
    size = _safe_size(font_size)
    try:
        spacing = float(line_spacing)
    except (TypeError, ValueError):
        spacing = 1.8
    spacing = min(max(spacing if spacing == spacing else 1.8, 1.0), 3.0)
    line_height = max(100, round(spacing / CJK_NATURAL_LINE * 100))

    def fmt(factor: float) -> str:
        return f"{size * factor:.1f}pt"

    indent = indent_px(size)
    marks = "\n".join(f".hl-{name} {{ background-color: {colour}; }}" for name, colour in p.marks)
    return f"""
body {{ font-family: {font_stack(font_family)}; font-size: {fmt(1)}; color: {p.text}; }}
a {{ color: {p.link}; text-decoration: none; }}
p {{ margin-top: 0; margin-bottom: {round(size * 0.55)}px; line-height: {line_height}%; }}
/* Article text is shown character for character, so a column of a block is an offset in the stored text. */
p.para, p.subhead, h1.title, p.kicker, p.subtitle, p.byline {{ white-space: pre-wrap; }}
p.para {{ text-indent: {indent}px; text-indent: 2em; }}
h1.title {{ font-size: {fmt(1.6)}; font-weight: bold; margin-top: 2px; margin-bottom: 12px;
  line-height: 100%; }}
p.section {{ font-size: {fmt(0.8)}; color: {p.muted}; margin-bottom: 16px; }}
p.kicker {{ font-size: {fmt(0.95)}; color: {p.muted}; margin-bottom: 6px; }}
p.subtitle {{ font-size: {fmt(1.08)}; margin-top: 0; margin-bottom: 14px; }}
p.byline {{ font-size: {fmt(0.88)}; color: {p.muted}; margin-bottom: 4px; }}
p.dateline {{ font-size: {fmt(0.8)}; color: {p.muted}; margin-bottom: 24px; }}
p.verse {{ white-space: pre-wrap; margin-bottom: 2px; text-indent: 0; padding-left: {indent}px; }}
p.wire {{ font-size: {fmt(0.88)}; color: {p.muted}; margin-bottom: 4px; white-space: pre-wrap; }}
span.unreadable {{ color: {p.muted}; background-color: {p.note_box}; }}
span.missing {{ font-size: {fmt(0.85)}; color: {p.muted}; }}
p.subhead {{ font-size: {fmt(1.05)}; font-weight: bold; margin-top: {round(size * 1.2)}px;
  margin-bottom: {round(size * 0.6)}px; }}
p.jump {{ font-size: {fmt(0.88)}; color: {p.muted}; margin-top: 6px; }}
p.jump-right {{ font-size: {fmt(0.88)}; color: {p.muted}; margin-top: 6px; text-align: right; }}
p.part {{ font-size: {fmt(0.88)}; color: {p.muted}; margin-top: 22px; margin-bottom: 10px; }}
p.citation {{ font-size: {fmt(0.8)}; color: {p.muted}; margin-top: 22px; }}
p.label {{ font-size: {fmt(0.8)}; color: {p.block_label}; font-weight: bold; margin-bottom: 8px; }}
p.raw {{ white-space: pre-wrap; line-height: {max(line_height - 15, 100)}%; margin-bottom: 0; }}
p.empty {{ color: {p.muted}; }}
hr {{ color: {p.rule}; }}
.span {{ background-color: {p.span}; }}
.hit {{ background-color: {p.hit}; color: {p.text}; }}
.hit.current {{ background-color: {p.current_hit}; }}
a.mark {{ color: {p.text}; text-decoration: none; }}
.noted {{ text-decoration: underline; }}
{marks}
p.marker {{ font-size: {fmt(0.8)}; color: {p.block_label}; margin-bottom: 8px; }}
p.note {{ font-size: {fmt(0.92)}; background-color: {p.note_box}; margin-bottom: 8px; }}
p.marker-block {{ font-size: {fmt(0.8)}; color: {p.muted}; margin-bottom: 8px; }}
a.quiet {{ color: {p.muted}; }}
p.page-head {{ font-size: {fmt(0.9)}; color: {p.block_label}; font-weight: bold; margin-top: 18px;
  margin-bottom: 10px; }}
p.article-end {{ font-size: {fmt(0.8)}; color: {p.muted}; text-align: center; margin-top: 10px;
  margin-bottom: 22px; }}
p.note-head {{ font-size: {fmt(0.8)}; color: {p.muted}; margin-top: 4px; margin-bottom: 2px; }}
"""
