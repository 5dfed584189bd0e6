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

from reader.ingest import cues
from reader.ingest.blocks import RawBlock, split_blocks
from reader.ingest.headline import Headline, assign_roles
from reader.ingest.labels import normalize_page_label
from reader.ingest.model import Article, Block, BlockKind
from reader.ingest.reflow import clean_heading, reflow_text, should_join

log = logging.getLogger(__name__)

HEADING_MAX = 80  # longest single line still taken for a headline (multi-deck subtitles run long)
MASTHEAD_ZONE = 15  # the masthead is among the first blocks of a page
INTERNAL_PUNCT = "，,、；;。！？!?"

# Base kinds of a unit.
BODY, HEADING, WEAK, LEAD, BYLINE, JUMP, CAPTION, CREDIT, TABLE = (
    "body", "heading", "weak", "lead", "byline", "jump", "caption", "credit", "table",
)
_PAREN_SPACE_RE = re.compile(r"\s*([（(])\s*|\s*([)）])")
_SPACE_RE = re.compile(r"\s")
_NON_SPACE_RE = re.compile(r"\S")
FIXED = {"masthead", "noise", "footer", "advert"}  # decided before grouping


@dataclass
class Unit:
    """One block of the page with the kind the classifier gave it."""

    block: RawBlock
    kind: str
    name_like: bool = False  # 2-4 characters that could be an author's name
    ad_score: int = 0
    jump: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return self.block.text


@dataclass
class _Draft:
    """An article being assembled: headline group, byline, parts and every block it took."""

    headline: Headline = field(default_factory=Headline)
    byline: str | None = None
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("para"|"subhead", raw text)
    blocks: list[RawBlock] = field(default_factory=list)
    continued_to: str | None = None
    continued_from: str | None = None
    closed: bool = False

    @property
    def has_body(self) -> bool:
        return any(kind == "para" for kind, _ in self.parts)

    def last_para(self) -> str | None:
        return self.parts[-1][1] if self.parts and self.parts[-1][0] == "para" else None


def _tidy_dateline(raw: str) -> str:
    """"本报讯 （记者李晨阔）" -> "本报讯（记者李晨阔）": no space hugs the parentheses of a dateline."""
    return _PAREN_SPACE_RE.sub(lambda m: m.group(1) or m.group(2), clean_heading(raw))


def _looks_like_noise(block: RawBlock) -> bool:
    """Stray glyphs: one or two characters, or a few symbols without any letter."""
    size = block.size
    return size <= 2 or (size <= 4 and not any(ch.isalnum() for ch in block.text))


def _is_table(block: RawBlock) -> bool:
    lines = [ln.strip() for ln in block.text.split("\n") if ln.strip()]
    bullets = sum(1 for ln in lines if ln[:1] in "-•·●○■□◆◇▪*" or ln[:2] in ("- ", "* "))
    return len(lines) >= 3 and bullets >= 0.6 * len(lines)


def _heading_kind(block: RawBlock) -> str | None:
    """HEADING for a clean headline-like line, WEAK for one that could also be a cut-off sentence."""
    text = block.text.strip()
    if not block.single_line or block.size > HEADING_MAX or cues.ends_clause(text):
        return None
    if text.endswith("。"):
        return None
    inner = text[:-1]
    if any(p in inner for p in INTERNAL_PUNCT) or text[-1] in "，,、；;":
        # A short line ending in a quote or exclamation is still a headline ("项目加速,“以结果论英雄”").
        if block.size <= 20 and text[-1] in "”’」』!！?？" and "。" not in inner:
            return HEADING
        return WEAK
    return HEADING


def _classify(block: RawBlock, layout: cues.Layout) -> Unit:
    text = block.text
    if _is_table(block):
        return Unit(block, TABLE)
    jump = cues.jump_of(text)
    if jump and block.size <= 24:
        return Unit(block, JUMP, jump=jump)
    if cues.DATELINE_RE.match(text):
        return Unit(block, LEAD)
    if block.size <= 40 and cues.BYLINE_LINE_RE.match(text) and not layout.is_section_label(text):
        return Unit(block, BYLINE)
    if block.size <= 300 and cues.CREDIT_RE.search(text[-40:]):
        return Unit(block, CREDIT if block.size <= 24 else CAPTION)
    if cues.CAPTION_START_RE.match(text) and block.size <= 300:
        return Unit(block, CAPTION)
    if _looks_like_noise(block) and not layout.is_section_label(text):
        return Unit(block, "noise")
    kind = _heading_kind(block) or BODY
    # Running prose (several commas) is news even when it names banks or phone numbers.
    prose = block.size > 40 and sum(text.count(c) for c in "，,") >= 2
    unit = Unit(block, kind, ad_score=layout.advert_score(text) if block.size <= 120 and not prose else 0)
    unit.name_like = kind == HEADING and bool(cues.BARE_NAME_RE.match(text))
    return unit


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


def _explode(block: RawBlock) -> list[RawBlock]:
    """Cut jump lines out of a longer block ("...提升执行力。 (下转第二版)"); split stacked headline lines.

    A loop over the jumps rather than recursion on the rest of the block, and the rest is copied only when it is
    small enough to be stacked headlines: a line of thousands of jumps must neither overflow the stack nor take
    quadratic time. The result is what cutting at the first jump and exploding the rest again would give.
    """
    stacked = _heading_lines(block)
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

    # --- classification -------------------------------------------------------------------------
    def units(self, text: str) -> list[Unit]:
        blocks = [piece for b in split_blocks(text) for piece in _explode(b)]
        units = [_classify(b, self.layout) for b in blocks]
        self._mark_masthead(units)
        self._mark_footer(units)
        self._mark_adverts(units)
        self._mark_captions(units)
        return units

    def _mark_masthead(self, units: list[Unit]) -> None:
        last_cue = -1
        for i, unit in enumerate(units[:MASTHEAD_ZONE]):
            if unit.block.size <= 160 and self.masthead_test(unit.text):
                last_cue = i
            elif not _looks_like_noise(unit.block) and not (unit.block.size <= 12 and unit.kind == HEADING):
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
            if credits >= 2 or (near_end and cues.is_footer(unit.text) and unit.kind != BODY):
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
                    and current.byline is None else open_article()
                m = cues.DATELINE_RE.match(unit.text)
                assert m is not None
                art.byline = _tidy_dateline(m.group(0))
                rest = unit.text[m.end():]
                if rest.strip():
                    art.parts.append(("para", rest))
                art.blocks.append(unit.block)
                i += 1
            elif kind == BYLINE:
                art = current if current is not None and not current.closed and not current.has_body \
                    and current.byline is None else open_article()
                art.byline = clean_heading(unit.text)
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
        # A weak line right after body text is the body's next fragment, not a headline.
        if units[i].kind == WEAK and open_body:
            assert current is not None
            current.parts.append(("para", units[i].text))
            current.blocks.append(units[i].block)
            return i + 1, current
        j = i
        byline_at: int | None = None
        while j < len(units) and units[j].kind in (HEADING, WEAK):
            nxt = units[j + 1] if j + 1 < len(units) else None
            if units[j].name_like and j > i and nxt is not None and nxt.kind in (BODY, WEAK, LEAD):
                byline_at = j  # "许廷合" under a headline is its author
                break
            j += 1
        run = units[i:j]
        nxt_unit = units[byline_at] if byline_at is not None else (units[j] if j < len(units) else None)
        starts_article = byline_at is not None or (
            nxt_unit is not None and (nxt_unit.kind in (LEAD, BYLINE) or (nxt_unit.kind == JUMP and
                                      nxt_unit.jump is not None and nxt_unit.jump[0] == "from"))
        )
        if starts_article:
            art = self._open_with_headline(run, items)
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
                art = _Draft(headline=Headline(section=clean_heading(only.text)))
                art.blocks.append(only.block)
                items.append(art)
                return j, art
            if open_body:
                assert current is not None
                current.parts.append(("subhead", only.text))
                current.blocks.append(only.block)
                return j, current
            if current is not None and not current.closed and not current.parts and current.headline.empty:
                art = current  # e.g. a headless "上接" part waiting for its title
            else:
                art = _Draft()
                items.append(art)
            art.headline = assign_roles([only.text], self.layout)
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
        art = _Draft(headline=assign_roles([u.text for u in keep], self.layout))
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
            art = _build_article(it)
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
    groups: list[tuple[str, list[str]]] = []  # ("para"|"subhead", raw pieces)
    for kind, raw in parts:
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
        text = reflow_text("\n".join(pieces))
        if text and text not in seen:  # OCR sometimes prints a paragraph twice
            paragraphs.append(text)
            seen.add(text)
    return paragraphs, subheads


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
            first.parts[p_first] = ("dup", first.parts[p_first][1])
            if first.continued_to is not None and first.continued_to == drafts[d_last].continued_to:
                first.continued_to = None


def _build_article(draft: _Draft) -> Article | None:
    parts = [(k, r) for k, r in draft.parts if k != "dup"]
    paragraphs, subheads = _paragraphs(parts)
    h = draft.headline
    if not paragraphs and h.empty and draft.byline is None:
        return None
    art = Article(
        kicker=h.kicker,
        title=h.title,
        subtitle=h.subtitle,
        byline=draft.byline,
        section=h.section,
        paragraphs=paragraphs,
        continued_to=draft.continued_to,
        continued_from=draft.continued_from,
        spans=[b.span for b in draft.blocks],
    )
    art.subheads = subheads
    return art
