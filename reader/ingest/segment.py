"""Split a page into articles and non-article blocks.

The OCR text arrives as paragraph blocks in approximate reading order. Each block gets a base kind from
its own text (dateline, byline, jump line, caption, heading-like line, body...), then one pass groups the
blocks: a run of heading-like lines followed by a dateline or byline opens an article, body paragraphs
join the open article, a "下转" jump closes it, and headings with no body become an index of teasers.
Every block ends up in exactly one article or block, so the page's spans cover all of its text.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.ingest import cues, dense
from reader.ingest.blocks import RawBlock, split_blocks
from reader.ingest.headline import Headline, assign_roles
from reader.ingest.labels import normalize_page_label
from reader.ingest.model import Article, Block, BlockKind, Series
from reader.ingest.numerals import chinese_to_int
from reader.ingest.reflow import clean_heading, reflow_text, should_join

log = logging.getLogger(__name__)

HEADING_MAX = 80  # longest single line still taken for a headline (multi-deck subtitles run long)
MASTHEAD_ZONE = 15  # the masthead is among the first blocks of a page
INTERNAL_PUNCT = "，,、；;。！？!?"

# Base kinds of a unit.
BODY, HEADING, WEAK, LEAD, BYLINE, JUMP, CAPTION, CREDIT, TABLE = (
    "body", "heading", "weak", "lead", "byline", "jump", "caption", "credit", "table",
)
# Kinds found on Republic-era pages: a serial's chapter heading, its "（未完）" mark, a poem, a news brief's head.
CHAPTER, END, VERSE, SUBHEAD = "chapter", "end", "verse", "subhead"
_PAREN_SPACE_RE = re.compile(r"\s*([（(])\s*|\s*([)）])")
_SPACED_PROSE_RE = re.compile(r"\S[ \t\u3000]+\S+[ \t\u3000]+\S")  # two or more spaces between words
_SPACE_RE = re.compile(r"\s")
_NON_SPACE_RE = re.compile(r"\S")
FIXED = {"masthead", "noise", "footer", "advert"}  # decided before grouping
_AFTER_BYLINE = ("body", "weak", "lead", "chapter", "verse", "subhead", "end")  # what follows an author's name


@dataclass
class Unit:
    """One block of the page with the kind the classifier gave it."""

    block: RawBlock
    kind: str
    name_like: bool = False  # 2-4 characters that could be an author's name
    ad_score: int = 0
    jump: tuple[str, str] | None = None
    byline: str | None = None  # the author of "論新劇之前途（半農）" or of a byline line "（半農）"
    title: str | None = None  # the title part of a heading that also holds its author or instalment number
    genre: str | None = None  # "長篇小說" printed on the line of a serial's numbered title
    verse: list[str] | None = None  # the lines of a poem

    @property
    def text(self) -> str:
        return self.block.text


@dataclass
class _Draft:
    """An article being assembled: headline group, byline, parts and every block it took."""

    headline: Headline = field(default_factory=Headline)
    byline: str | None = None
    dateline: str | None = None
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("para"|"subhead"|"verse", raw text)
    blocks: list[RawBlock] = field(default_factory=list)
    continued_to: str | None = None
    continued_from: str | None = None
    closed: bool = False
    chapter: str | None = None  # a serial's "第十二回 …" heading
    verse: bool = False

    @property
    def has_body(self) -> bool:
        return any(kind in ("para", "verse") for kind, _ in self.parts)



def _tidy_dateline(raw: str) -> str:
    """"本报讯 （记者李晨阔）" -> "本报讯（记者李晨阔）": no space hugs the parentheses of a dateline."""
    return _PAREN_SPACE_RE.sub(lambda m: m.group(1) or m.group(2), clean_heading(raw))


def _looks_like_noise(block: RawBlock) -> bool:
    """Stray glyphs: one or two characters, or a few symbols without any letter."""
    size = block.size
    return size <= 2 or (size <= 4 and not any(ch.isalnum() for ch in block.text))


# A row of a price or results table: two to four short fields, the last with a figure ("黃豆 每石 七元二角").
_ROW_RE = re.compile(r"^\S{1,10}(?:[ \t\u3000]+\S{1,10}){1,3}$")
_FIGURE_RE = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千]")


def _is_table(block: RawBlock) -> bool:
    if block.text.count("\n") < 2:
        return False  # fewer than three lines
    lines = [ln.strip() for ln in block.text.split("\n") if ln.strip()]
    if len(lines) < 3:
        return False
    bullets = sum(1 for ln in lines if ln[:1] in "-•·●○■□◆◇▪*" or ln[:2] in ("- ", "* "))
    rows = sum(1 for ln in lines if _ROW_RE.match(ln) and _FIGURE_RE.search(ln.split()[-1]))
    return bullets >= 0.6 * len(lines) or rows >= max(3, 0.75 * len(lines))


def _heading_kind(block: RawBlock, traditional: bool = False) -> str | None:
    """HEADING for a clean headline-like line, WEAK for one that could also be a cut-off sentence."""
    text = block.text.strip()
    if not block.single_line or block.size > HEADING_MAX or cues.ends_clause(text):
        return None
    if text.endswith("。") or (traditional and text.endswith("○")):
        return None
    inner = text[:-1]
    punct = INTERNAL_PUNCT + "○" if traditional else INTERNAL_PUNCT  # ○ is a comma in old typesetting
    if any(p in inner for p in punct) or text[-1] in "，,、；;":
        # A short line ending in a quote or exclamation is still a headline ("项目加速,“以结果论英雄”").
        if block.size <= 20 and text[-1] in "”’」』!！?？" and "。" not in inner:
            return HEADING
        return WEAK
    return HEADING


def _classify(block: RawBlock, layout: cues.Layout, hint: str = dense.BODY, traditional: bool = False) -> Unit:
    text = block.text
    if _is_table(block):
        return Unit(block, TABLE)
    jump = cues.jump_of(text)
    if jump and block.size <= 24:
        return Unit(block, JUMP, jump=jump)
    if hint == dense.END or (block.single_line and cues.END_MARK_RE.fullmatch(text.strip())):
        return Unit(block, END)
    if hint == dense.CHAPTER or (block.single_line and block.size <= 40 and cues.CHAPTER_RE.match(text)):
        return Unit(block, CHAPTER)
    if cues.DATELINE_RE.match(text):
        return Unit(block, LEAD)
    name = cues.pen_name(text) if block.single_line else None
    if name is not None:
        return Unit(block, BYLINE, byline=name)  # "（半農）", "◎天虛我生"
    if block.size <= 40 and (cues.BYLINE_LINE_RE.match(text) or cues.ROLE_ONLY_RE.match(text)) \
            and not layout.is_section_label(text):
        return Unit(block, BYLINE)
    if block.size <= 300 and cues.CREDIT_RE.search(text[-40:]):
        return Unit(block, CREDIT if block.size <= 24 else CAPTION)
    if cues.CAPTION_START_RE.match(text) and block.size <= 300:
        return Unit(block, CAPTION)
    # Traditional pages print authors' names of two characters on their own line (碧梧, 恨水).
    short_name = traditional and block.single_line and block.size == 2 and all(map(dense.is_cjk_char, text.strip()))
    if _looks_like_noise(block) and not layout.is_section_label(text) and not short_name:
        return Unit(block, "noise")
    # Running prose (several commas) is news even when it names banks or phone numbers.
    commas = "，,、" if traditional else "，,"
    prose = block.size > 40 and sum(text.count(c) for c in commas) >= 2
    ad_score = layout.advert_score(text) if block.size <= 120 and not prose else 0
    if traditional and ad_score < 2:
        lines = dense.verse_lines(text)
        if lines is not None and len(lines) >= 4:  # a quatrain or longer: two equal decks are a headline
            return Unit(block, VERSE, verse=lines)
    kind = _heading_kind(block, traditional) or BODY
    if kind != BODY and traditional and ((_SPACED_PROSE_RE.search(text) and block.size > 24)
                                         or cues.CONTINUATION_RE.match(text) or (kind == WEAK and prose)):
        kind = BODY  # "敵以飛機大砲猛轟我陣地 我軍奮勇抵抗 …": spaces stand for commas; "又電 …" goes on
    unit = Unit(block, kind, ad_score=ad_score)
    if kind == HEADING:
        _read_heading(unit, traditional)
        # Bare names on Republic-era pages have two or three characters; four are a headline ("閘北大火").
        unit.name_like = unit.byline is None and unit.title is None and bool(cues.BARE_NAME_RE.match(text)) \
            and not layout.is_section_label(text) and not (traditional and block.size > 3)
    return unit


def _read_heading(unit: Unit, traditional: bool) -> None:
    """A heading's author ("論新劇之前途（半農）") or instalment ("春申舊夢（四十一）"), when it carries one."""
    text = unit.text.strip()
    numbered = cues.NUMBERED_TITLE_RE.match(text)
    if numbered and (numbered.group("genre") or numbered.group("name") or traditional):
        close = numbered.end("num")
        while close < len(text) and text[close] not in ")）":
            close += 1
        unit.genre = numbered.group("genre")
        unit.title = text[numbered.start("title"):close + 1].strip()  # "春申舊夢（四十二）"
        unit.byline = numbered.group("name")
        return
    found = cues.title_and_name(text, spaced=traditional)
    if found is not None:
        unit.title, unit.byline = found


def _heading_lines(block: RawBlock) -> list[RawBlock] | None:
    """A block of two to four headline-like lines (kicker over title without a blank line) -> one block per line."""
    lines = block.text.count("\n") + 1
    if not 2 <= lines <= 4 or block.size > 4 * 40:
        return None
    pieces: list[RawBlock] = []
    offset = 0
    for line in block.text.split("\n"):
        body = line.strip()
        start = block.start + offset + (len(line) - len(line.lstrip()))
        offset += len(line) + 1
        piece = RawBlock(body, start, start + len(body))
        if piece.size < 3 or _heading_kind(piece) != HEADING:
            return None
        pieces.append(piece)
    return pieces


def _sub_block(block: RawBlock, start: int, end: int) -> RawBlock | None:
    """The stripped part [start, end) of ``block`` (local offsets), or None if it is only whitespace."""
    part = block.text[start:end]
    stripped = part.strip()
    if not stripped:
        return None
    s = block.start + start + len(part) - len(part.lstrip())
    return RawBlock(stripped, s, s + len(stripped))


def _explode(block: RawBlock, traditional: bool = False, *, stack: bool = True) -> list[RawBlock]:
    """Cut jump lines out of a longer block ("...提升执行力。 (下转第二版)"); split stacked headline lines.

    A loop over the jumps rather than recursion on the rest of the block, and the rest is copied only when it is
    small enough to be stacked headlines: a line of thousands of jumps must neither overflow the stack nor take
    quadratic time. The result is what cutting at the first jump and exploding the rest again would give.
    """
    verse = traditional and "\n" in block.text and len(dense.verse_lines(block.text) or ()) >= 4
    # A poem's lines, or the rows of a table, are not stacked headlines.
    stacked = None if verse or not stack or _is_table(block) else _heading_lines(block)
    if stacked:
        return stacked
    text = block.text
    out: list[RawBlock] = []
    pos = newlines = nonspace = 0  # start of the uncut rest; newlines and non-space characters before it
    total_newlines = text.count("\n")
    while True:
        m = cues.JUMP_RE.search(text, pos)  # no anchors or look-behind: the same as searching the rest alone
        if m is None or (m.end() == len(text) and not text[pos : m.start()].strip()):
            if pos == 0:
                return [block]
            rest = _sub_block(block, pos, len(text))
            return [*out, rest] if rest else out
        before = _sub_block(block, pos, m.start())  # holds no jump: only stacked headlines to split
        if before is not None:
            out.extend(_heading_lines(before) or [before])
        out.append(RawBlock(m.group(0), block.start + m.start(), block.start + m.end()))
        newlines += text.count("\n", pos, m.end())
        nonspace += m.end() - pos - len(_SPACE_RE.findall(text, pos, m.end()))
        pos = m.end()
        if _NON_SPACE_RE.search(text, pos) is None:
            return out
        # Stacked headlines are 2-4 short lines (160 characters at most): only then is the rest worth a look.
        if total_newlines - newlines <= 4 and block.size - nonspace <= 4 * 40:
            rest = _sub_block(block, pos, len(text))
            stacked = _heading_lines(rest) if rest else None
            if stacked:
                return [*out, *stacked]


class PageSegmenter:
    """Turns the blocks of one page into ordered articles and blocks."""

    def __init__(self, layout: cues.Layout, masthead_test: Callable[[str], bool]) -> None:
        self.layout = layout
        self.masthead_test = masthead_test  # does a block carry masthead facts?
        self.traditional = False  # set per page: Republic-era conventions for pages in traditional characters

    # --- classification -------------------------------------------------------------------------
    def units(self, text: str) -> list[Unit]:
        self.traditional = cues.is_traditional(text)
        units: list[Unit] = []
        for n, block in enumerate(split_blocks(text)):
            for sub, hint in self._cut(block, n):
                # An advert's short lines are not stacked headlines: only jump lines are cut out of it.
                pieces = _explode(sub, self.traditional, stack=not self._advert_like(sub))
                for piece in pieces:
                    units.append(_classify(piece, self.layout, hint if len(pieces) == 1 else dense.BODY,
                                           self.traditional))
        self._mark_masthead(units)
        self._mark_footer(units)
        self._mark_adverts(units)
        self._mark_captions(units)
        self._mark_brief_heads(units)
        return units

    def _cut(self, block: RawBlock, n: int) -> list[tuple[RawBlock, str]]:
        """Cut a dense block at its cue lines; a masthead or an advert stays whole."""
        if "\n" not in block.text:
            return [(block, dense.BODY)]  # a single line: _classify reads it itself
        if n < MASTHEAD_ZONE and self._is_masthead(block):
            return [(block, dense.BODY)]
        return dense.split_at_cues(block, self.traditional, advert_like=self._advert_like(block))

    def _advert_like(self, block: RawBlock) -> bool:
        """A short multi-line block with three advert cues or more that is not running prose."""
        if "\n" not in block.text or block.size > 200:
            return False
        commas = "，,、" if self.traditional else "，,"
        prose = block.size > 40 and sum(block.text.count(c) for c in commas) >= 2
        return not prose and self.layout.advert_score(block.text) >= 3

    def _mark_brief_heads(self, units: list[Unit]) -> None:
        """Two or more short heads ("米市", "麵粉") each over a paragraph are the subheads of a news-brief column."""
        def short_head(u: Unit) -> bool:
            t = u.text.strip()
            return u.kind in (HEADING, "noise") and u.block.single_line and 2 <= len(t) <= 4 \
                and all(dense.is_cjk_char(ch) for ch in t) and not self.layout.is_section_label(t)

        run: list[int] = []
        i = 0
        while i <= len(units):
            head = i < len(units) and i + 1 < len(units) and short_head(units[i]) and units[i + 1].kind == BODY
            if head:
                run.append(i)
                i += 2
                while i < len(units) and units[i].kind == BODY and not (
                        i + 1 < len(units) and short_head(units[i]) and units[i + 1].kind == BODY):
                    i += 1
                continue
            if len(run) >= 2:
                for k in run:
                    units[k].kind = SUBHEAD
            run = []
            i += 1

    def _is_masthead(self, block: RawBlock) -> bool:
        """Masthead facts in a short block that is neither running prose (a story may say "星期一") nor an advert."""
        commas = sum(block.text.count(c) for c in "，,、")
        own = "本報" in block.text or "本报" in block.text  # 本報館設…電話…: the paper's own address
        return block.size <= 160 and not (block.size > 30 and commas >= 2) \
            and (own or self.layout.advert_score(block.text) < 3) and self.masthead_test(block.text)

    def _mark_masthead(self, units: list[Unit]) -> None:
        last_cue = -1
        for i, unit in enumerate(units[:MASTHEAD_ZONE]):
            if unit.kind not in (LEAD, BYLINE, VERSE) and unit.byline is None and self._is_masthead(unit.block):
                last_cue = i
            elif not _looks_like_noise(unit.block) and not (
                    unit.block.size <= 12 and unit.kind == HEADING and unit.byline is None and unit.title is None):
                break
        for unit in units[: last_cue + 1]:
            if _looks_like_noise(unit.block) and not self.masthead_test(unit.text):
                unit.kind = "noise"
            else:
                unit.kind = "masthead"

    def _mark_footer(self, units: list[Unit]) -> None:
        for i, unit in enumerate(units):
            if unit.kind in FIXED or unit.kind in (LEAD, TABLE) or unit.block.size > 200:
                continue
            credits = len(cues.FOOTER_WORDS_RE.findall(unit.text))
            near_end = i >= len(units) - 3
            # A short line with contact cues and a telephone number at the foot of the page is the paper's own.
            contact = unit.ad_score > 0 and (cues.PHONE_RE.search(unit.text) or cues.ZH_PHONE_RE.search(unit.text))
            prose = unit.block.size > 40 and sum(unit.text.count(c) for c in "，,、") >= 2
            if credits >= 2 or (near_end and cues.is_footer(unit.text) and not prose
                                and (unit.kind != BODY or contact)):
                unit.kind = "footer"
        # A contact line right after a footer belongs to it ("新闻热线:4396826").
        for prev, unit in itertools.pairwise(units):
            if prev.kind == "footer" and unit.kind not in FIXED and unit.block.size <= 60 \
                    and cues.CONTACT_RE.search(unit.text):
                unit.kind = "footer"

    def _mark_adverts(self, units: list[Unit]) -> None:
        """A run of short non-article lines holding two or more advert cues is an advert."""
        i = 0
        while i < len(units):
            j = i
            while j < len(units) and units[j].kind in (HEADING, WEAK, BODY) and (
                units[j].kind != BODY or units[j].ad_score > 0
            ):
                j += 1
            run = units[i:j]
            cue_idx = [k for k, u in enumerate(run) if u.ad_score > 0]
            if cue_idx and (len(cue_idx) >= 2 or run[cue_idx[0]].ad_score >= 3):
                for u in run[: cue_idx[-1] + 1]:
                    u.kind = "advert"
            i = max(j, i + 1)

    def _mark_captions(self, units: list[Unit]) -> None:
        """A lone photo credit ("陈康 摄") takes the short paragraph just before it as its caption."""
        for i, unit in enumerate(units):
            if unit.kind != CREDIT:
                continue
            unit.kind = CAPTION
            if i > 0 and units[i - 1].kind in (BODY, WEAK) and units[i - 1].block.size <= 200:
                units[i - 1].kind = CAPTION

    # --- grouping ---------------------------------------------------------------------------------
    def segment(self, text: str) -> list[Article | Block]:
        units = self.units(text)
        items: list[_Draft | Block] = []
        current: _Draft | None = None

        def open_article() -> _Draft:
            nonlocal current
            current = _Draft()
            items.append(current)
            return current

        def body_target() -> _Draft:
            return current if current is not None and not current.closed else open_article()

        i = 0
        while i < len(units):
            unit = units[i]
            kind = unit.kind
            if kind in FIXED or kind == CAPTION:
                items.append(self._block(kind, [unit]))
                i += 1
            elif kind == TABLE:
                items.append(self._block("table", [unit]))
                i += 1
            elif kind == JUMP:
                assert unit.jump is not None
                direction, label = unit.jump
                if direction == "from":
                    art = current if current is not None and not current.closed and not current.parts \
                        and current.continued_from is None else open_article()
                    art.continued_from = normalize_page_label(label)
                    art.blocks.append(unit.block)
                elif current is not None:
                    current.continued_to = normalize_page_label(label)
                    current.blocks.append(unit.block)
                    current.closed = True
                else:
                    items.append(self._block("noise", [unit]))
                i += 1
            elif kind == LEAD:
                art = current if current is not None and not current.closed and not current.has_body \
                    and current.byline is None and current.dateline is None else open_article()
                m = cues.DATELINE_RE.match(unit.text)
                assert m is not None
                if cues.dateline_names_people(m.group(0)):
                    art.byline = _tidy_dateline(m.group(0))  # 本报讯(记者 王利辉): reporters, kept as the byline
                else:
                    art.dateline = _tidy_dateline(m.group(0))  # （南京五日中央社電）: place, day, agency
                rest = unit.text[m.end():]
                if rest.strip():
                    art.parts.append(("para", rest))
                art.blocks.append(unit.block)
                i += 1
            elif kind == BYLINE:
                art = current if current is not None and not current.closed and not current.has_body \
                    and current.byline is None else open_article()
                art.byline = unit.byline or clean_heading(unit.text)
                art.blocks.append(unit.block)
                i += 1
            elif kind == CHAPTER:
                art = current if current is not None and not current.closed else open_article()
                if art.chapter is None and not art.has_body:
                    art.chapter = clean_heading(unit.text)
                else:
                    art.parts.append(("subhead", unit.text))
                art.blocks.append(unit.block)
                i += 1
            elif kind == END:
                if current is not None and not current.closed:
                    current.parts.append(("para", unit.text))
                    current.blocks.append(unit.block)
                    current.closed = True  # "（未完）": this instalment is over
                else:
                    items.append(self._block("noise", [unit]))
                i += 1
            elif kind == VERSE:
                art = current if current is not None and not current.closed and not current.has_body \
                    else open_article()
                art.verse = True
                art.parts.extend(("verse", line) for line in unit.verse or [unit.text])
                art.blocks.append(unit.block)
                i += 1
            elif kind == SUBHEAD:
                art = body_target()
                art.parts.append(("subhead", unit.text))
                art.blocks.append(unit.block)
                i += 1
            elif kind in (HEADING, WEAK):
                i, current = self._heading_run(units, i, items, current)
            else:  # BODY
                art = body_target()
                art.parts.append(("para", unit.text))
                art.blocks.append(unit.block)
                i += 1
        return self._finish(items)

    def _heading_run(
        self, units: list[Unit], i: int, items: list[_Draft | Block], current: _Draft | None
    ) -> tuple[int, _Draft | None]:
        """Handle the run of heading-like units starting at ``i``; return the next index and open article."""
        open_body = current is not None and not current.closed and current.has_body
        # A weak line right after body text is the body's next fragment, not a headline; right after a
        # headline still waiting for its story, it is that story.
        waiting = self.traditional and current is not None and not current.closed and not current.parts \
            and not current.headline.empty
        if units[i].kind == WEAK and (open_body or waiting):
            assert current is not None
            current.parts.append(("para", units[i].text))
            current.blocks.append(units[i].block)
            return i + 1, current
        j = i
        byline_at: int | None = None
        own_byline = False  # the run's last line holds its own author ("論新劇之前途（半農）")
        while j < len(units) and units[j].kind in (HEADING, WEAK):
            nxt = units[j + 1] if j + 1 < len(units) else None
            if units[j].name_like and j > i and nxt is not None and nxt.kind in _AFTER_BYLINE:
                byline_at = j  # "许廷合" under a headline is its author
                break
            if units[j].byline is not None:
                byline_at, own_byline = j, True
                j += 1
                break
            j += 1
        run = units[i:j]
        nxt_unit = units[byline_at] if byline_at is not None and not own_byline else (
            units[j] if j < len(units) else None)
        starts_article = byline_at is not None or (
            nxt_unit is not None and (nxt_unit.kind in (LEAD, BYLINE, CHAPTER, VERSE, SUBHEAD) or (
                nxt_unit.kind == JUMP and nxt_unit.jump is not None and nxt_unit.jump[0] == "from"))
        ) or (self.traditional and nxt_unit is not None and nxt_unit.kind in (BODY, WEAK)
              and any(u.title is not None for u in run))
        if starts_article:
            if len(run) == 1 and byline_at is None and self.layout.is_section_label(run[0].text) \
                    and nxt_unit is not None and nxt_unit.kind == LEAD:
                art = _Draft(headline=Headline(section=clean_heading(run[0].text)))  # "國內專電" over telegrams
                art.blocks.append(run[0].block)
                items.append(art)
                return j, art
            art = self._open_with_headline(run, items)
            if byline_at is not None and own_byline:
                art.byline = units[byline_at].byline
                return j, art
            if byline_at is not None:
                art.byline = clean_heading(units[byline_at].text)
                art.blocks.append(units[byline_at].block)
                return byline_at + 1, art
            return j, art
        if nxt_unit is not None and nxt_unit.kind == TABLE:
            items.append(self._block("table", [*run, nxt_unit]))
            return j + 1, current
        if nxt_unit is not None and nxt_unit.kind in (BODY, WEAK):
            weak_at = next((k for k, u in enumerate(run) if u.kind == WEAK), None)
            if weak_at is not None:
                # The weak line starts the body; headings before it (if any) stand on their own.
                if weak_at == 0:
                    if current is not None and not current.closed:
                        art = current
                    else:
                        art = _Draft()
                        items.append(art)
                    art.parts.append(("para", run[0].text))
                    art.blocks.append(run[0].block)
                    return i + 1, art
                run = run[:weak_at]
                j = i + weak_at
            if len(run) >= 2:
                return j, self._open_with_headline(run, items)
            only = run[0]
            if self.layout.is_section_label(only.text):
                # Over a column of briefs ("體育消息" over "▲足球 …") the label is the column's title.
                brief = self.traditional and nxt_unit is not None and bool(cues.BRIEF_ITEM_RE.match(nxt_unit.text))
                head = clean_heading(only.text)
                art = _Draft(headline=Headline(title=head) if brief else Headline(section=head))
                art.blocks.append(only.block)
                items.append(art)
                return j, art
            # On a modern page a lone line between paragraphs is an interior subheading; a Republic-era
            # page has none of those, and such a line is the headline of the next (dense) item.
            if open_body and not self.traditional:
                assert current is not None
                current.parts.append(("subhead", only.text))
                current.blocks.append(only.block)
                return j, current
            if current is not None and not current.closed and not current.parts and current.headline.empty:
                art = current  # e.g. a headless "上接" part waiting for its title
            else:
                art = _Draft()
                items.append(art)
            art.headline = assign_roles([only.title or only.text], self.layout, traditional=self.traditional)
            if only.byline is not None and art.byline is None:
                art.byline = only.byline
            art.blocks.append(only.block)
            return j, art
        # Headlines with no body after them: teasers (an index), or a lone column label.
        if len(run) == 1 and self.layout.is_section_label(run[0].text):
            items.append(self._block("section", run))
        else:
            items.append(self._block("index", run))
        return j, current

    def _open_with_headline(self, run: list[Unit], items: list[_Draft | Block]) -> _Draft:
        """Start an article headed by the last lines of ``run``; earlier lines become an index block."""
        keep = run[-3:]
        extra = run[:-3]
        if len(extra) == 1 and extra[0].block.size <= 12:
            keep = run  # a column label above a three-line headline
            extra = []
        if extra:
            items.append(self._block("index", extra))
        lines: list[str] = []
        for u in keep:
            if u.genre:
                lines.append(u.genre)  # "長篇小說" printed on the title's line
            lines.append(u.title or u.text)
        art = _Draft(headline=assign_roles(lines, self.layout, traditional=self.traditional))
        art.blocks.extend(u.block for u in keep)
        items.append(art)
        return art

    @staticmethod
    def _block(kind: str, units: list[Unit]) -> Block:
        text = "\n".join(u.text for u in units)
        return Block(BlockKind(kind), text, [u.block.span for u in units])

    # --- finishing --------------------------------------------------------------------------------
    def _finish(self, items: list[_Draft | Block]) -> list[Article | Block]:
        drafts = [it for it in items if isinstance(it, _Draft)]
        _drop_page_duplicates(drafts)
        out: list[Article | Block] = []
        for it in items:
            if isinstance(it, Block):
                out.append(it)
                continue
            art = _build_article(it, self.traditional)
            if art is not None:
                out.append(art)
            elif it.blocks:  # nothing readable survived (e.g. only a duplicate): keep it visible
                out.append(Block(BlockKind.NOISE, "\n".join(b.text for b in it.blocks),
                                 [b.span for b in it.blocks]))
        return out


def _paragraphs(parts: list[tuple[str, str]]) -> tuple[list[str], list[int]]:
    """Reflow body parts: join column-split paragraphs, drop exact repeats; return paragraphs and subhead indexes.

    Joined pieces are reflowed as one raw text so a quote opened before a column break closes after it.
    """
    groups: list[tuple[str, list[str]]] = []  # ("para"|"subhead"|"verse", raw pieces)
    for kind, raw in _runin_split(parts):
        if not raw.strip():
            continue
        # Only the ends decide a join: reflow a short tail and head instead of whole paragraphs.
        if kind == "para" and groups and groups[-1][0] == "para" \
                and should_join(reflow_text(groups[-1][1][-1][-40:]), reflow_text(raw.lstrip()[:40])):
            groups[-1][1].append(raw)
            continue
        groups.append((kind, [raw]))
    paragraphs: list[str] = []
    subheads: list[int] = []
    seen: set[str] = set()
    for kind, pieces in groups:
        if kind == "subhead":
            subheads.append(len(paragraphs))
            paragraphs.append(clean_heading(pieces[0]))
            continue
        if kind == "verse":
            paragraphs.append(pieces[0].strip())  # one line of a poem, as printed
            continue
        text = reflow_text("\n".join(pieces))
        if text and text not in seen:  # OCR sometimes prints a paragraph twice
            paragraphs.append(text)
            seen.add(text)
    return paragraphs, subheads


def _runin_split(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A news brief "○米市 昨日…" becomes the subhead "米市" and the paragraph "昨日…"."""
    out: list[tuple[str, str]] = []
    for kind, raw in parts:
        found = cues.runin_head(raw) if kind == "para" else None
        if found is None:
            out.append((kind, raw))
            continue
        head, start = found
        out.append(("subhead", head))
        out.append(("para", raw[start:]))
    return out


def _drop_page_duplicates(drafts: list[_Draft]) -> None:
    """A long paragraph printed twice on a page belongs where it is not a stray tail.

    When its earlier copy ends an article, that copy (and an identical jump line after it) is
    interleaved debris: mark it so it is not shown twice; its text stays covered by the article's spans.
    """
    positions: dict[str, list[tuple[int, int]]] = {}
    for d_idx, draft in enumerate(drafts):
        for p_idx, (kind, raw) in enumerate(draft.parts):
            if kind == "para" and len(raw) >= 40:
                positions.setdefault("".join(raw.split()), []).append((d_idx, p_idx))
    for places in positions.values():
        if len(places) < 2 or len({d for d, _ in places}) < 2:
            continue
        (d_first, p_first), (d_last, _) = places[0], places[-1]
        first = drafts[d_first]
        if p_first == len(first.parts) - 1:
            raw = first.parts[p_first][1]
            first.parts[p_first] = ("dup", raw)
            same_jump = first.continued_to is not None and first.continued_to == drafts[d_last].continued_to
            if same_jump:
                first.continued_to = None
            _move_debris(first, drafts[d_last], raw, same_jump)


def _move_debris(first: _Draft, last: _Draft, raw: str, with_jump: bool) -> None:
    """Give the debris copy's block (and its jump line) to the article it was copied from: its text belongs
    there, and the article it interrupted keeps only its own characters."""
    at = next((k for k, b in enumerate(first.blocks) if b.text == raw), None)
    if at is None:
        return
    moved = [first.blocks[at]]
    if with_jump and at + 1 < len(first.blocks) and cues.jump_of(first.blocks[at + 1].text):
        moved.append(first.blocks[at + 1])
    first.blocks = [b for b in first.blocks if all(b is not m for m in moved)]
    last.blocks = sorted([*last.blocks, *moved], key=lambda b: b.start)


_CONTINUED_RE = re.compile(r"\s*[（(]\s*(?:續|续)\s*[)）]\s*$")


def _series(draft: _Draft, title: str | None) -> Series | None:
    """The serial an instalment belongs to: a numbered title plus a serial's marks (genre, chapter, 未完 ...)."""
    chapter = _CONTINUED_RE.sub("", draft.chapter) if draft.chapter else None
    m = cues.NUMBERED_TITLE_RE.match(title) if title else None
    if m is None and chapter is None:
        return None  # neither an instalment number nor a chapter: not a serial
    h = draft.headline
    marks = chapter is not None or any(x and cues.GENRE_RE.match(x) for x in (h.section, h.kicker)) \
        or any(kind == "para" and cues.SERIAL_MARK_RE.search(raw) for kind, raw in draft.parts)
    if not marks:
        return None
    if m is not None:
        return Series(m.group("title"), chinese_to_int(m.group("num")), chapter)
    return Series(title, None, chapter) if title and chapter else None


_TRAILING_NAME_RE = re.compile(r"[（(]\s*(?P<name>[\u3400-\u9fff]{2,4})\s*[)）]\s*$")


def _trailing_byline(draft: _Draft) -> None:
    """An essay signed at its end, "…以便通信。（編者）": the name is the byline, no longer body text."""
    if draft.byline is not None or not draft.parts or draft.parts[-1][0] != "para":
        return
    raw = draft.parts[-1][1]
    m = _TRAILING_NAME_RE.search(raw)
    if m is None or not cues.ends_sentence(raw[: m.start()]) or cues.pen_name(m.group(0)) is None:
        return
    draft.byline = m.group("name")
    draft.parts[-1] = ("para", raw[: m.start()])


def _build_article(draft: _Draft, traditional: bool = False) -> Article | None:
    parts = [(k, r) for k, r in draft.parts if k != "dup"]
    if traditional:
        _trailing_byline(draft)
        parts = [(k, r) for k, r in draft.parts if k != "dup"]
    paragraphs, subheads = _paragraphs(parts)
    h = draft.headline
    if not paragraphs and h.empty and draft.byline is None and draft.dateline is None:
        return None
    series = _series(draft, h.title)
    art = Article(
        kicker=h.kicker,
        title=series.title if series else h.title,
        subtitle=h.subtitle,
        byline=draft.byline,
        section=h.section,
        paragraphs=paragraphs,
        continued_to=draft.continued_to,
        continued_from=draft.continued_from,
        spans=[b.span for b in draft.blocks],
        dateline=draft.dateline,
        series=series,
        verse=draft.verse,
    )
    art.subheads = subheads
    return art
