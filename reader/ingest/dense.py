"""Cut the dense blocks of Republic-era dailies and tabloids at the lines where a new piece begins.

On such pages the OCR rarely leaves a blank line between items: a headline, its author line and the body of
the next story follow the last line of the previous one in the same block. This module reads each line of a
block on its own (a telegraph dateline, a byline "（半農）" or "◎天虛我生", a title with its author, a serial's
numbered title or chapter heading, a "（未完）" mark, a news-brief item "○米市 …") and cuts the block so the
segmenter sees those lines as pieces of their own. It also recognises verse (short lines of five or seven
characters) so a poem keeps its line breaks.

Everything here is linear in the length of the block and never drops a character: the pieces are sub-ranges
of the block that together hold all of its non-whitespace text.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter

from reader.ingest import cues
from reader.ingest.blocks import RawBlock

log = logging.getLogger(__name__)

# Line kinds.
BODY, HEAD, BARE, NAME, TITLE_NAME, NUMBERED, GENRE, CHAPTER, DATELINE, END, BRIEF, VERSE = (
    "body", "head", "bare", "name", "title_name", "numbered", "genre", "chapter", "dateline", "end", "brief", "verse",
)
HEADISH = frozenset({HEAD, BARE, TITLE_NAME, NUMBERED, GENRE})
HEAD_MAX = 24  # longest line (non-space characters) taken for a headline inside a block
_SENTENCE_PUNCT = set("，,、。；;！？!?：:○")
_SPACE_RE = re.compile(r"\s")
_VERSE_SPLIT_RE = re.compile(r"[ \t\u3000]+|(?<=○)")
_VERSE_CHARS_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff□〓]+$")


def is_cjk_char(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _size(text: str) -> int:
    return len(text) - len(_SPACE_RE.findall(text))


def _headline_shaped(text: str) -> bool:
    return _size(text) <= HEAD_MAX and not any(ch in _SENTENCE_PUNCT for ch in text)


def line_kind(line: str, traditional: bool) -> str:
    """What one line of a block is, for cutting (BODY when it is just text)."""
    t = line.strip()
    if not t:
        return BODY
    if cues.END_MARK_RE.fullmatch(t) or (cues.END_MARK_RE.search(t) and _size(t) <= 6):
        return END
    if _size(t) <= 40 and cues.CHAPTER_RE.match(t):
        return CHAPTER
    if cues.DATELINE_RE.match(t):
        return DATELINE
    if cues.CONTINUATION_RE.match(t):
        return BODY  # "（又電）…": the story goes on
    if cues.pen_name(t):
        return NAME
    if traditional and cues.BRIEF_ITEM_RE.match(t):
        return BRIEF
    if not _headline_shaped(t) and not (_size(t) <= HEAD_MAX and cues.NUMBERED_TITLE_RE.match(t)):
        return BODY
    if cues.GENRE_RE.match(t):
        return GENRE
    if cues.NUMBERED_TITLE_RE.match(t):
        return NUMBERED
    if cues.title_and_name(t, spaced=traditional):
        return TITLE_NAME
    if cues.BARE_NAME_RE.match(t) and len(t.split()) == 1:
        return BARE
    return HEAD


def _lines(block: RawBlock) -> list[tuple[int, int]]:
    """(start, end) local offsets of each line of the block."""
    spans = []
    start = 0
    for line in block.text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def cut_points(texts: list[str], traditional: bool) -> list[int]:
    """Indexes of the lines of a block where a new piece starts (0 is implied)."""
    n = len(texts)
    kinds = [line_kind(t, traditional) for t in texts]
    cuts: set[int] = set()
    if traditional:
        verse = _verse_rows(texts)
        for k in verse:
            kinds[k] = VERSE
            if k - 1 not in verse:
                cuts.add(k)  # a poem starts here (its title and author are above it)
            if k + 1 not in verse:
                cuts.add(k + 1)

    def head_run_start(i: int) -> int:
        k = i
        while k > 0 and kinds[k - 1] in HEADISH and i - k < 3:
            k -= 1
        return k

    def cut_each(a: int, b: int) -> None:
        cuts.update(range(a, min(b, n) + 1))

    for i, kind in enumerate(kinds):
        if kind == DATELINE and i > 0:
            cut_each(head_run_start(i), i)
        elif kind == NAME:
            cut_each(head_run_start(i), i + 1)
        elif kind == BARE and traditional and 0 < i < n - 1 and kinds[i - 1] in HEADISH \
                and kinds[i + 1] in (BODY, CHAPTER, DATELINE, BRIEF, VERSE):
            cut_each(head_run_start(i), i + 1)  # a title, then its author's name on the next line
        elif kind in (NUMBERED, TITLE_NAME, CHAPTER) and (traditional or kind == CHAPTER):
            cut_each(head_run_start(i), i + 1)
        elif (kind == GENRE and traditional) or kind == END:
            cut_each(i, i + 1)
        elif kind == BODY and cues.END_MARK_RE.search(texts[i]):
            cuts.add(i + 1)  # "…裏流出來的、（未完）": the instalment ends with this line
        elif kind == BRIEF:
            cuts.add(i)
            if i > 0 and kinds[i - 1] in HEADISH:
                cuts.add(i - 1)  # the column heading over the first item
    if traditional and n > 1 and kinds[0] in (HEAD, BARE) and kinds[1] == BODY and _short_over_body(texts):
        cuts.add(1)  # a headline glued to its story: "交易所營業清淡" over "華商證券交易所、近日…"
    return sorted(c for c in cuts if 0 < c < n)


def _short_over_body(texts: list[str]) -> bool:
    """The first line is clearly shorter than the lines under it (a headline over column lines)."""
    head = _size(texts[0])
    below = sorted(_size(t) for t in texts[1:5])
    median = below[len(below) // 2]
    return head <= 16 and median >= 8 and median >= 1.3 * head


def split_at_cues(block: RawBlock, traditional: bool, *, advert_like: bool = False) -> list[tuple[RawBlock, str]]:
    """The pieces of ``block`` with the kind of their first line; an advert is never cut (its lines are short)."""
    if "\n" not in block.text:
        return [(block, line_kind(block.text, traditional))]
    spans = _lines(block)
    texts = [block.text[a:b] for a, b in spans]
    cuts = [] if advert_like else cut_points(texts, traditional)
    pieces: list[tuple[RawBlock, str]] = []
    bounds = [0, *cuts, len(spans)]
    for a, b in itertools.pairwise(bounds):
        local_start, local_end = spans[a][0], spans[b - 1][1]
        raw = block.text[local_start:local_end]
        stripped = raw.strip()
        if not stripped:
            continue
        start = block.start + local_start + len(raw) - len(raw.lstrip())
        piece = RawBlock(stripped, start, start + len(stripped))
        pieces.append((piece, line_kind(texts[a], traditional) if b - a == 1 else BODY))
    return pieces or [(block, BODY)]


def _verse_segments(line: str) -> list[str] | None:
    """The segments of a line that could be verse (each four to eleven ideographs), else None."""
    segments = [seg for seg in _VERSE_SPLIT_RE.split(line.strip()) if seg]
    for seg in segments:
        core = seg.rstrip("○。，、")
        if not _VERSE_CHARS_RE.match(core) or not 4 <= len(core) <= 11:
            return None
    return segments or None


_NOT_VERSE_CHARS = set("元角分枚號号路洋售價价")  # prices and addresses: an advert's short lines, not a ci


def _is_verse(rows: list[list[str]]) -> bool:
    """Rows of segments read as verse: mostly of one length (five- and seven-character lines), or at least four
    lines of a ci printed one per line. Prose joined by ○ or spaces has segments of every length: a row of
    more than two segments must be all of one length."""
    lengths = [len(seg.rstrip("○。，、")) for row in rows for seg in row]
    if len(lengths) < 2:
        return False
    for row in rows:
        if len(row) > 2 and len({len(seg.rstrip("○。，、")) for seg in row}) > 1:
            return False
    (dominant, top), = Counter(lengths).most_common(1)
    if top * 3 >= 2 * len(lengths) and (top >= 3 or len(lengths) == top) and 4 <= dominant <= 7:
        return True
    joined = any(len(row) > 1 for row in rows)
    plain = not any(ch in _NOT_VERSE_CHARS for row in rows for seg in row for ch in seg)
    return not joined and len(rows) >= 4 and plain


def verse_lines(text: str) -> list[str] | None:
    """The lines of a poem, else None.

    One line per row ("獨坐寒窗聽雨聲"), two per row ("十里荷花映水紅 遊人來往畫橋東") or joined by ○.
    """
    rows = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        row = _verse_segments(line)
        if row is None:
            return None
        rows.append(row)
    return [seg for row in rows for seg in row] if _is_verse(rows) else None


def _verse_rows(texts: list[str]) -> set[int]:
    """Indexes of the lines of a block that are a poem (runs of verse-shaped lines that read as verse)."""
    found: set[int] = set()
    shapes = [_verse_segments(t) for t in texts]
    i = 0
    while i < len(texts):
        if shapes[i] is None:
            i += 1
            continue
        j = i
        while j < len(texts) and shapes[j] is not None:
            j += 1
        end = j
        rows = [shapes[k] or [] for k in range(i, j)]

        def odd(row: list[str], rest: list[list[str]]) -> bool:
            """A one-segment row of another length than all the rest (which are of one length)."""
            others = {len(seg.rstrip("○。，、")) for r in rest for seg in r}
            return len(row) == 1 and len(others) == 1 and len(row[0].rstrip("○。，、")) not in others

        # A title over the poem ("春日郊行" over five-character lines) is not its first line, and a column
        # heading under it ("滬濱瑣聞") is not its last; a ci's lines of several lengths are all kept.
        if len(rows) > 2 and odd(rows[0], rows[1:]) and _is_verse(rows[1:]):
            i, rows = i + 1, rows[1:]
        if len(rows) > 2 and odd(rows[-1], rows[:-1]) and _is_verse(rows[:-1]):
            end, rows = end - 1, rows[:-1]
        if _is_verse(rows) and sum(len(r) for r in rows) >= 4:
            found.update(range(i, end))
        i = j
    return found
