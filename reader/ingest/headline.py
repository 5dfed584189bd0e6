"""Give the lines of a headline group their roles: section label, kicker (引题), title (主题), subtitle (副题)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.ingest import cues
from reader.ingest.reflow import clean_heading


@dataclass
class Headline:
    """The headline group of one article; any part may be missing."""

    section: str | None = None
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.section or self.kicker or self.title or self.subtitle)


def _size(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _is_subtitle(text: str) -> bool:
    """Dash-led decks ("——记…") and interview lines ("访…书记…") are subtitles."""
    return bool(cues.SUBTITLE_START_RE.match(text)) or (text.startswith(("访", "訪")) and _size(text) <= 20)


def _pair(a: str, b: str, traditional: bool = False) -> tuple[str, str]:
    """Roles of two stacked headline lines: ("kicker", "title") or ("title", "subtitle")."""
    if _is_subtitle(b):
        return "title", "subtitle"
    if cues.KICKER_END_RE.search(a):
        return "kicker", "title"
    if traditional:
        # Republic-era papers print the main line first and smaller decks under it ("中央全會昨日閉幕" over
        # "通過重要議案十餘件"); only a short label over a longer line is a kicker ("前線戰況" over "我軍克復某城").
        sa, sb = _size(a), _size(b)
        return ("kicker", "title") if sa <= 5 and sb >= 1.5 * sa else ("title", "subtitle")
    sa, sb = _size(a), _size(b)
    if sb <= 0.6 * sa:
        return "title", "subtitle"  # "…周例会召开" over "卢希望出席并讲话"
    if sb >= 2 * sa and sb > 30:
        return "title", "subtitle"  # a long multi-deck summary under a short title
    return "kicker", "title"


def _split_packed(line: str) -> Headline:
    """One OCR line may hold kicker and title decks: "X在Y时强调 扛稳政治责任 提升帮扶实效"."""
    m = cues.KICKER_SPLIT_RE.match(line)
    if m:
        return Headline(kicker=m.group("kicker").strip(), title=m.group("title").strip())
    return Headline(title=line)


def assign_roles(lines: list[str], layout: cues.Layout, *, traditional: bool = False) -> Headline:
    """Roles for one to four headline lines, top to bottom; ``traditional`` for Republic-era conventions."""
    lines = [clean_heading(x) for x in lines if x.strip()]
    if not lines:
        return Headline()
    section = None
    kicker = None
    if len(lines) >= 2 and layout.is_section_label(lines[0]):
        section, lines = lines[0], lines[1:]
        if traditional and len(lines) >= 2 and layout.is_section_label(lines[0]):
            kicker, lines = lines[0], lines[1:]  # "北辰副刊" over "章回小說" over the title
    if len(lines) > 3:
        lines = [" ".join(lines[:-2]), *lines[-2:]]
    if len(lines) == 1 and traditional:
        label, _, rest = lines[0].partition(" ")
        # "社論 全國一致抗敵": a column's name printed on the title's line
        h = Headline(section=label, title=rest) if rest and layout.is_section_label(label) else Headline(title=lines[0])
    elif len(lines) == 1:
        h = _split_packed(lines[0])
    elif len(lines) == 2:
        roles = _pair(lines[0], lines[1], traditional)
        h = Headline(**dict(zip(roles, lines, strict=True)))
    else:
        a, b, c = lines
        if _is_subtitle(c):
            h = Headline(kicker=a, title=b, subtitle=c)
        elif traditional and _pair(a, b, traditional=True) == ("title", "subtitle"):
            h = Headline(title=a, subtitle=f"{b} {c}")  # a main line over two decks
        elif _pair(b, c) == ("kicker", "title") and section is None:
            h = Headline(section=a, kicker=b, title=c)  # a banner over kicker and title
        else:
            h = Headline(kicker=a, title=b, subtitle=c)
    if section is not None:
        h.section = section
    if kicker is not None and h.kicker is None:
        h.kicker = kicker
    return h
