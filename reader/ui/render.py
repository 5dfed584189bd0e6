"""HTML for the reading pane: articles, original page text and blocks, in the rich-text subset Qt understands.

Pure functions without widgets (only the translation catalogue is Qt's), so they are tested without a
QApplication. Every piece of page text is escaped
before highlight spans are added around it: a page that contains ``<script>`` shows those characters.
Highlight offsets index the stored text; display conversion (simplified/traditional) is applied only when it
keeps every character in place, so offsets stay valid and stored data is never touched.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from reader.notes.citation import Cited, citation
from reader.ui.i18n import tr, ui_language
from reader.ui.labels import kind_label
from reader.ui.preference_specs import FONT_SIZE, LINE_SPACING, THEME
from reader.ui.themes import stylesheet

log = logging.getLogger(__name__)

Range = tuple[int, int]
Convert = Callable[[str], str]


class Mark(NamedTuple):
    """A reader's highlight on a part's body: [start, end) offsets, colour name, its uid, its note."""

    start: int
    end: int
    color: str
    uid: str
    note: str = ""


class ArticleNote(NamedTuple):
    """A note on a whole article, shown in a box under the dateline."""

    uid: str
    text: str


class Place(NamedTuple):
    """Where the text of one block of a rendered document comes from: [start, end) of a field of an article.

    Text fields are shown character for character (whitespace kept, display conversion only where it keeps
    lengths), so column ``k`` of the block is offset ``start + k`` of the field.
    """

    article_id: int
    field: str  # "body", "title", "kicker", "subtitle" or "byline"
    start: int
    end: int


@dataclass(frozen=True)
class Rendered:
    """A rendered article: its HTML and, for each block the document will have, the text it shows (or None)."""

    html: str
    places: tuple[Place | None, ...]


# Control characters confuse Qt's parser; each becomes one replacement character so offsets hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ArticleLike(Protocol):
    """What rendering needs of an article (reader.library.records.ArticleRecord fits)."""

    id: int
    page_label: str | None
    kicker: str | None
    title: str | None
    subtitle: str | None
    byline: str | None
    section: str | None
    body: str
    continued_to: str | None
    continued_from: str | None
    subheads: tuple[int, ...]
    next_part: int | None
    previous_part: int | None


# -- text helpers ---------------------------------------------------------------------------------------


# Marks transcribers use for a character they could not read: private-use code points, □ and 〓.
_UNREADABLE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd□〓]")
_RARE = re.compile("[\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff]")
_missing_glyph: Callable[[str], bool] | None = None  # set by the window: no installed font draws the character


def set_glyph_check(missing: Callable[[str], bool] | None) -> None:
    """Tell the renderer how to know a character no installed font can draw (reader.ui.glyphs)."""
    global _missing_glyph
    _missing_glyph = missing


def _placeholder(char: str, why: str) -> str:
    # One character in, one character out: offsets in the text stay offsets in the document.
    shown = char if char in "□〓" else "〓"
    return f'<span class="unreadable" title="{html.escape(why, quote=True)}">{shown}</span>'


def _unreadable(escaped: str) -> str:
    """Unreadable marks and characters no font can draw as a visible placeholder with a tooltip saying why."""
    out = _UNREADABLE.sub(lambda m: _placeholder(m.group(), tr("Unreadable character in the source")), escaped)
    check = _missing_glyph
    if check is not None:
        out = _RARE.sub(lambda m: _placeholder(m.group(), tr(
            "Character U+{code:04X}: no installed font can show it (a font with CJK Extension B, such as "
            "HanaMinB from fonts-hanazono, can)").format(code=ord(m.group())))
            if check(m.group()) else m.group(), out)
    return out


def _esc(text: str, breaks: bool = True) -> str:
    """Escaped text for an HTML text node (quotes too); newlines become <br> unless whitespace is kept.

    Unreadable marks and characters no installed font can draw become a visible placeholder (one character).
    """
    escaped = _unreadable(html.escape(_CONTROL.sub("\ufffd", text), quote=True))
    return escaped.replace("\n", "<br>") if breaks else escaped


def display_text(text: str, convert: Convert | None) -> str:
    """``text`` in the display script when conversion keeps every character in place, else per character."""
    if convert is None or not text:
        return text
    try:
        whole = convert(text)
        if isinstance(whole, str) and len(whole) == len(text):
            return whole
        out = []
        for ch in text:
            c = convert(ch)
            out.append(c if isinstance(c, str) and len(c) == 1 else ch)
        return "".join(out)
    except Exception:  # a display nicety must never stop the reader
        log.exception("script conversion failed")
        return text


def normalize_ranges(ranges: Iterable[object] | None, length: int) -> list[Range]:
    """Valid [start, end) ranges clipped to ``length``, sorted; overlaps merged, adjacent ones kept apart."""
    clean: list[Range] = []
    for item in ranges or ():
        if not isinstance(item, tuple | list) or len(item) != 2:
            continue
        try:
            start, end = int(item[0]), int(item[1])
        except (TypeError, ValueError):
            continue
        start, end = max(start, 0), min(end, length)
        if start < end:
            clean.append((start, end))
    clean.sort()
    merged: list[Range] = []
    for start, end in clean:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def hit_ranges(
    title: str | None, body: str, highlights: Mapping[str, object] | None
) -> list[tuple[str, int, int]]:
    """An article's hits in reading order as ("title" | "body", start, end); the index is the hit number."""
    if not highlights:
        return []
    hits = [("title", a, b) for a, b in normalize_ranges(_get(highlights, "title"), len(title or ""))]
    hits += [("body", a, b) for a, b in normalize_ranges(_get(highlights, "body"), len(body or ""))]
    return hits


def _get(highlights: Mapping[str, object], key: str) -> Iterable[object] | None:
    value = highlights.get(key) if isinstance(highlights, Mapping) else None
    return value if isinstance(value, (list, tuple)) else None


def _marked(
    text: str,
    pieces: Sequence[tuple[int, int, int, bool]],
    current: int | None,
    css: str = "hit",
    anchor: str = "hit",
    breaks: bool = True,
    marks: Sequence[Mark] = (),
    regions: Sequence[tuple[int, int]] = (),
) -> str:
    """Escaped ``text`` with (start, end, number, first_piece) ranges in spans, anchors on first pieces.

    ``regions`` (relative to ``text``) get the "span" class under everything else: a block's place in the page
    text, with the hits inside it marked on top.

    ``marks`` (the reader's highlights, relative to ``text``) may overlap the ranges and each other: the
    text is cut at every boundary and each piece carries the classes of everything covering it; a marked
    piece is a "note:UID" link (a click shows the note) with the note as its tooltip.
    """
    cuts = {0, len(text)}
    for start, end, _n, _f in pieces:
        cuts.update((start, end))
    for m in marks:
        cuts.update((max(0, min(m.start, len(text))), max(0, min(m.end, len(text)))))
    for start, end in regions:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    bounds = sorted(cuts)
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        if a >= b:
            continue
        chunk = _esc(text[a:b], breaks)
        hit = next(((n, first and start == a) for start, end, n, first in pieces if start <= a < end), None)
        mark = next((m for m in reversed(marks) if m.start <= a < m.end), None)  # the newest on top
        classes = ["span"] if any(start <= a < end for start, end in regions) else []
        if hit is not None:
            classes.append(f"{css} current" if hit[0] == current else css)
        if mark is not None:
            classes.append(f"hl-{mark.color}" + (" noted" if mark.note.strip() else ""))
        if classes:
            chunk = f'<span class="{" ".join(classes)}"{_tooltip(mark)}>{chunk}</span>'
        name = f' name="{anchor}-{hit[0]}"' if hit is not None and hit[1] else ""
        if mark is not None:
            chunk = f'<a class="mark" href="note:{html.escape(mark.uid, quote=True)}"{name}>{chunk}</a>'
        elif name:
            chunk = f"<a{name}>{chunk}</a>"
        out.append(chunk)
    return "".join(out)


def _tooltip(mark: Mark | None) -> str:
    """A title attribute showing the note as escaped rich text (Qt guesses plain vs rich otherwise)."""
    if mark is None or not mark.note.strip():
        return ""
    rich = f"<p style='white-space:pre-wrap'>{html.escape(mark.note[:2000])}</p>"
    return f' title="{html.escape(rich, quote=True)}"'


def _marks_in(marks: Sequence[Mark], base: int, length: int) -> list[Mark]:
    """The marks overlapping [base, base + length), relative to base and clipped to it."""
    out = []
    for m in marks:
        a, b = max(m.start, base), min(m.end, base + length)
        if a < b:
            out.append(m._replace(start=a - base, end=b - base))
    return out


def _pieces_in(
    ranges: Sequence[tuple[int, int, int]], base: int, length: int, seen: set[int]
) -> list[tuple[int, int, int, bool]]:
    """Parts of numbered ranges inside [base, base + length), relative to base; crossing ranges split."""
    pieces = []
    for start, end, number in ranges:
        a, b = max(start, base), min(end, base + length)
        if a < b:
            pieces.append((a - base, b - base, number, number not in seen))
            seen.add(number)
    return pieces


# -- labels -----------------------------------------------------------------------------------------------


def page_name(label: str | None) -> str:
    """A page label as printed in Chinese citations: "第1版", "第A2版"."""
    label = (label or "").strip()
    if not label:
        return ""
    return label if label.startswith("第") or label.endswith("版") else f"第{label}版"


def _date_text(date: dt.date | str | None) -> str:
    if isinstance(date, dt.date):
        return date.isoformat()
    return str(date).strip() if date else ""


def cite(part: ArticleLike, paper: str | None, date: dt.date | str | None, page_label: str | None) -> str:
    """The article's citation in the interface language's convention (GB/T 7714-2015 in Chinese)."""
    cited = Cited(part.title, paper, date, page_label or part.page_label, part.byline, part.body, part.id)
    return citation(cited, ui_language())


# -- documents --------------------------------------------------------------------------------------------


def _document(body: str, theme: str, font_family: str | None, font_size: float, line_spacing: float) -> str:
    css = stylesheet(theme, font_family, font_size, line_spacing)
    return f"<html><head><style>{css}</style></head><body>{body}</body></html>"


Block = tuple[str, Place | None]  # one block element of a document and the text it shows


def _line(cls: str, article_id: int, field: str, text: str | None, convert: Convert | None) -> list[Block]:
    """A heading line shown as stored (its place maps columns to offsets), or nothing when it is empty."""
    text = text or ""
    if not text.strip():
        return []
    start = len(text) - len(text.lstrip())
    shown = text.strip()
    return [(f'<p class="{cls}">{_esc(display_text(shown, convert))}</p>',
             Place(article_id, field, start, start + len(shown)))]


def _jump(text: str, target: int | None, cls: str = "jump", page: str | None = None) -> Block:
    """A link to the other part of a jumped article; when that page is not in the library, it says so."""
    if target is not None:
        inner = f'<a href="article:{int(target)}">{_esc(text)}</a>'
    else:
        missing = tr("(page {page} is not in the library)").format(page=page) if page else ""
        inner = _esc(text) + (f' <span class="missing">{_esc(missing)}</span>' if missing else "")
    return f'<p class="{cls}">{inner}</p>', None


def _part_blocks(
    part: ArticleLike,
    hits: Sequence[tuple[str, int, int]],
    current: int | None,
    convert: Convert | None,
    header: bool,
    marks: Sequence[Mark] = (),
) -> list[Block]:
    """The title block (when ``header``) and paragraphs of a part; hits numbered by index in ``hits``."""
    out: list[Block] = []
    title_hits = [(a, b, n) for n, (where, a, b) in enumerate(hits) if where == "title"]
    body_hits = [(a, b, n) for n, (where, a, b) in enumerate(hits) if where == "body"]
    seen: set[int] = set()
    if header:
        section = (part.section or "").strip()
        if section:
            out.append((f'<p class="section">【{_esc(display_text(section, convert))}】</p>', None))
        series = getattr(part, "series_title", None)
        if series:  # an instalment of serial fiction: the series above its title
            number = getattr(part, "series_number", None)
            if number:
                text = tr("Serial: {title} ({n})").format(title=series, n=number)
            else:
                text = tr("Serial: {title}").format(title=series)
            out.append((f'<p class="section">{_esc(display_text(text, convert))}</p>', None))
        out += _line("kicker", part.id, "kicker", part.kicker, convert)
        title = part.title or ""
        if title.strip():
            pieces = _pieces_in(title_hits, 0, len(title), seen)
            out.append((f'<h1 class="title">{_marked(display_text(title, convert), pieces, current)}</h1>',
                        Place(part.id, "title", 0, len(title))))
        out += _line("subtitle", part.id, "subtitle", part.subtitle, convert)
        chapter = getattr(part, "series_chapter", None)
        if chapter:
            out.append((f'<p class="subtitle">{_esc(display_text(chapter, convert))}</p>', None))
        out += _line("byline", part.id, "byline", part.byline, convert)
        # A telegram's place, day and agency ("（南京五日中央社電）"): a dateline, never an author.
        out += _line("wire", part.id, "dateline", getattr(part, "dateline", None), convert)
    body = part.body or ""
    subheads = set(part.subheads or ())
    base = 0
    for index, paragraph in enumerate(body.split("\n") if body else []):
        pieces = _pieces_in(body_hits, base, len(paragraph), seen)
        marked = _marks_in(marks, base, len(paragraph))
        place = Place(part.id, "body", base, base + len(paragraph))
        base += len(paragraph) + 1  # the "\n" between paragraphs counts in body offsets
        if not paragraph.strip():
            continue
        inner = _marked(display_text(paragraph, convert), pieces, current, marks=marked)
        cls = "subhead" if index in subheads else "verse" if getattr(part, "verse", False) else "para"
        out.append((f'<p class="{cls}">{inner}</p>', place))
    return out


def render_article(
    parts: Sequence[ArticleLike],
    *,
    paper: str | None = None,
    date: dt.date | str | None = None,
    page_label: str | None = None,
    highlights: Mapping[str, Sequence[Range]] | None = None,
    current_hit: int | None = None,
    theme: str = THEME.default,
    font_family: str | None = None,
    font_size: float = FONT_SIZE.default,
    line_spacing: float = LINE_SPACING.default,
    script_convert: Convert | None = None,
    highlight_part: int = 0,
    marks: Mapping[int, Sequence[Mark]] | None = None,
    notes: Sequence[ArticleNote] = (),
    bookmarked: bool = False,
    instalments: tuple[int | None, int | None] | None = None,
) -> Rendered:
    """An article (all parts of a jumped article, in order) as a typeset HTML document, with its places.

    ``instalments``: the previous and next instalments' ids of a serial (links under the text).

    ``highlights`` holds [start, end) offsets into the title and body of ``parts[highlight_part]``; hits are
    numbered in reading order (title first) and hit ``current_hit`` is marked current and anchored "hit-N".
    ``marks`` are the reader's highlights per part id (body offsets); ``notes`` are whole-article notes,
    shown under the dateline; ``bookmarked`` adds a marker above the title. The places say which article
    text each block of the document shows, so selections, highlights and notes map to offsets exactly.
    """
    parts = [p for p in parts if p is not None]
    if not parts:
        return Rendered(_document("", theme, font_family, font_size, line_spacing), ())
    first, last = parts[0], parts[-1]
    out: list[Block] = []
    if bookmarked:
        out.append((f'<p class="marker">{_esc(tr("★ Bookmarked"))}</p>', None))
    if first.continued_from:
        text = tr("← Continued from page {page}").format(page=first.continued_from)
        out.append(_jump(text, first.previous_part, page=first.continued_from))
        if not (first.title or "").strip():  # an untitled continuation: say what it continues in
            here = page_name(page_label or first.page_label)
            where = "　".join(x for x in (paper or "", _date_text(date), here) if x)
            label = tr("Continued: {where}").format(where=where) if where else tr("Continued")
            out.append((f'<p class="subtitle">{_esc(label)}</p>', None))
    for number, part in enumerate(parts):
        hits: list[tuple[str, int, int]] = []
        if number == highlight_part:
            hits = hit_ranges(part.title, part.body, highlights)
        if number > 0:
            origin = parts[number - 1].page_label or part.continued_from or "?"
            text = tr("(continued from page {page})").format(page=origin)
            out.append((f'<p class="part">{_esc(text)}</p>', None))
        part_marks = (marks or {}).get(part.id, ())
        blocks = _part_blocks(part, hits, current_hit, script_convert, header=number == 0, marks=part_marks)
        if number == 0:
            # The dateline and the reader's notes sit under the byline, before the first paragraph.
            pos = next((i for i, (_, place) in enumerate(blocks) if place and place.field == "body"), len(blocks))
            dateline = "　".join(x for x in (paper or "", _date_text(date), page_name(page_label)) if x)
            extra: list[Block] = [(f'<p class="dateline">{_esc(dateline)}</p>', None)] if dateline else []
            extra += _notes_blocks(notes)
            blocks[pos:pos] = extra
        out += blocks
    if last.continued_to:
        text = tr("Continued on page {page} →").format(page=last.continued_to)
        out.append(_jump(text, last.next_part, "jump-right", page=last.continued_to))
    if instalments is not None and any(x is not None for x in instalments):  # serial fiction: the neighbours
        links = []
        if instalments[0] is not None:
            links.append(f'<a href="article:{int(instalments[0])}">{_esc(tr("← Previous instalment"))}</a>')
        if instalments[1] is not None:
            links.append(f'<a href="article:{int(instalments[1])}">{_esc(tr("Next instalment →"))}</a>')
        out.append((f'<p class="jump">{"　　".join(links)}</p>', None))
    line = cite(first, paper, date, page_label)
    if line:
        out.append((f'<p class="citation">{_esc(tr("Cite: "))}{_esc(line)}</p>', None))
    html = _document("\n".join(h for h, _ in out), theme, font_family, font_size, line_spacing)
    return Rendered(html, tuple(place for _, place in out))


def _notes_blocks(notes: Sequence[ArticleNote]) -> list[Block]:
    out: list[Block] = []
    for note in notes:
        uid = html.escape(note.uid, quote=True)
        head = f'{_esc(tr("Note"))} · <a href="note:{uid}">{_esc(tr("Edit"))}</a>'
        out.append((f'<p class="note-head">{head}</p>', None))
        out.append((f'<p class="note">{_esc(note.text.strip())}</p>', None))
    return out


def render_original(
    page_text: str,
    spans: Sequence[Range] | None,
    *,
    theme: str = THEME.default,
    font_family: str | None = None,
    font_size: float = FONT_SIZE.default,
    line_spacing: float = LINE_SPACING.default,
    script_convert: Convert | None = None,
    heading: str | None = None,
    hits: Sequence[Range] | None = None,
    current_hit: int | None = None,
) -> str:
    """The page's raw OCR text, escaped, whitespace kept, the article's spans marked ("span-N" anchors).

    With ``hits`` (offsets in the page text: a search that found a block), the hits are marked ("hit-N"
    anchors, ``current_hit`` stronger) on top of the spans, which keep their colour without anchors.
    """
    text = page_text or ""
    out = [f'<p class="label">{_esc(heading or tr("Original text of the page"))}</p>']
    if not text.strip():
        out.append(f'<p class="empty">{_esc(tr("This page has no text."))}</p>')
    elif hits:
        regions = normalize_ranges(spans, len(text))
        ranges = [(a, b, n) for n, (a, b) in enumerate(normalize_ranges(hits, len(text)))]
        marked = _marked(display_text(text, script_convert), _pieces_in(ranges, 0, len(text), set()), current_hit,
                         breaks=False, regions=regions)
        out.append(f'<p class="raw">{marked}</p>')
    else:
        ranges = [(a, b, n) for n, (a, b) in enumerate(normalize_ranges(spans, len(text)))]
        pieces = _pieces_in(ranges, 0, len(text), set())
        marked = _marked(
            display_text(text, script_convert), pieces, None, css="span", anchor="span", breaks=False
        )
        out.append(f'<p class="raw">{marked}</p>')
    return _document("\n".join(out), theme, font_family, font_size, line_spacing)


def render_block(
    kind: str | None,
    text: str,
    *,
    theme: str = THEME.default,
    font_family: str | None = None,
    font_size: float = FONT_SIZE.default,
    line_spacing: float = LINE_SPACING.default,
    script_convert: Convert | None = None,
) -> str:
    """A non-article block (masthead, advert, caption, ...) under a label naming its kind; lines kept."""
    label = kind_label(kind)
    out = [f'<p class="label">{_esc(label)}</p>']
    if (text or "").strip():
        out.append(f'<p class="raw">{_esc(display_text(text, script_convert), False)}</p>')
    else:
        out.append(f'<p class="empty">{_esc(tr("This block has no text."))}</p>')
    return _document("\n".join(out), theme, font_family, font_size, line_spacing)


# -- a whole page or issue in one scroll ------------------------------------------------------------------

FOLDED_KINDS = ("masthead", "advert", "noise", "footer")  # shown as one-line markers until opened
MARKER_CHARS = 28


class BlockLike(Protocol):
    """What the continuous view needs of a block (reader.library.records.BlockRecord fits)."""

    id: int
    kind: str
    text: str


def _marker(blocks: Sequence[BlockLike], convert: Convert | None) -> Block:
    """A run of folded blocks as one quiet line: their kinds (with counts) and first words; a click opens them."""
    counts: dict[str, int] = {}
    for block in blocks:
        counts[block.kind] = counts.get(block.kind, 0) + 1
    kinds = "".join(f"〔{kind_label(k)}{f' ×{n}' if n > 1 else ''}〕" for k, n in counts.items())
    first = " ".join(blocks[0].text.split())
    first = first if len(first) <= MARKER_CHARS else first[:MARKER_CHARS] + "…"
    ids = ",".join(str(int(b.id)) for b in blocks)
    anchors = "".join(f'<a name="block-{int(b.id)}"></a>' for b in blocks)
    text = f"{kinds} {display_text(first, convert)} ▸"
    return f'<p class="marker-block">{anchors}<a class="quiet" href="block:{ids}">{_esc(text)}</a></p>', None


def _open_block(block: BlockLike, convert: Convert | None, foldable: bool) -> list[Block]:
    """A block shown whole under its kind (a link folds it again when it is of a folded kind)."""
    kind = f"〔{kind_label(block.kind)}〕"
    label = f'<a class="quiet" href="block:{int(block.id)}">{_esc(kind + " ▾")}</a>' if foldable else _esc(kind)
    return [(f'<p class="label"><a name="block-{int(block.id)}"></a>{label}</p>', None),
            # Lines as <br>: a newline in pre-wrap text would start a block of its own, with no place.
            (f'<p class="raw">{_esc(display_text(block.text, convert))}</p>', None)]


def render_pages(
    pages: Sequence[tuple[str | None, Sequence[ArticleLike | BlockLike]]],
    *,
    expanded: set[int] = frozenset(),  # type: ignore[assignment]
    theme: str = THEME.default,
    font_family: str | None = None,
    font_size: float = FONT_SIZE.default,
    line_spacing: float = LINE_SPACING.default,
    script_convert: Convert | None = None,
    marks: Mapping[int, Sequence[Mark]] | None = None,
    bookmarked: set[int] = frozenset(),  # type: ignore[assignment]
) -> Rendered:
    """All articles of one or more pages in page order, each with its heading, for reading in one scroll.

    Mastheads, adverts, noise and footers are one-line markers (links "block:ID") unless their id is in
    ``expanded``; other blocks (captions, teaser lists, tables) are shown whole. Each article's first block
    carries the anchor "article-ID". With several pages, each starts with its page label.
    """
    out: list[Block] = []
    for label, items in pages:
        if len(pages) > 1:
            out.append((f'<p class="page-head">{_esc(page_name(label) or tr("Page"))}</p>', None))
        folded: list[Any] = []  # a run of folded blocks waiting for its marker
        for item in [*items, None]:
            block: Any = item
            if item is not None and not hasattr(item, "body") and block.kind in FOLDED_KINDS and (
                    block.id not in expanded):
                folded.append(block)
                continue
            if folded:
                out.append(_marker(folded, script_convert))
                folded = []
            if item is None:
                break
            if not hasattr(item, "body"):
                out += _open_block(block, script_convert, block.kind in FOLDED_KINDS)
                continue
            part: Any = item
            blocks = _part_blocks(part, [], None, script_convert, header=True, marks=(marks or {}).get(part.id, ()))
            if not blocks:
                continue
            if part.id in bookmarked:
                blocks.insert(0, (f'<p class="marker">{_esc(tr("★ Bookmarked"))}</p>', None))
            if part.continued_from:
                text = tr("← Continued from page {page}").format(page=part.continued_from)
                blocks.insert(0, _jump(text, part.previous_part, page=part.continued_from))
            if part.continued_to:
                text = tr("Continued on page {page} →").format(page=part.continued_to)
                blocks.append(_jump(text, part.next_part, "jump-right", page=part.continued_to))
            first_html, first_place = blocks[0]
            cut = first_html.index(">") + 1
            blocks[0] = (f'{first_html[:cut]}<a name="article-{int(part.id)}"></a>{first_html[cut:]}', first_place)
            out += blocks
            out.append(('<p class="article-end">＊</p>', None))
    html_text = _document("\n".join(h for h, _ in out), theme, font_family, font_size, line_spacing)
    return Rendered(html_text, tuple(place for _, place in out))
