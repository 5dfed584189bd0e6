"""Reflow raw OCR paragraph text into clean Chinese typography.

Pure string processing, linear time, never raises on a ``str``.

How a paragraph is cleaned. The text is cut into *content* runs and *gaps*: a gap is a maximal run of
whitespace, convertible ASCII punctuation (``, : ; ? ! ( ) " '``), full-width punctuation and neutral marks
(curly quotes, dashes, ellipsis, middle dot). A gap is *Chinese* ("hot") when

- the nearest significant character on either side is CJK (digits, ASCII symbols and whitespace are looked
  through, so ``55%,65岁`` counts: the comma sits in Chinese context), or
- it already holds full-width punctuation, or
- it is linked through a bracket or quote pair (``( )`` and quotes, straight or curly) to a hot gap, or the
  pair encloses CJK text.

In hot gaps ASCII punctuation becomes full-width, straight quotes become curly (open/close alternating over
the paragraph, existing curly quotes taking part in the alternation) and whitespace is dropped. A gap that is
a lone ``,`` or ``:`` between two digits (``1,000`` ``12:30``) is a number and never hot; URLs and
apostrophes inside Latin words (``don't``) are content, not gaps. Whitespace between two content characters
is dropped when either of them is CJK and otherwise collapsed to one space. Periods are never touched.

Because every decision depends only on content characters and on the pairing structure, and both survive
the cleaning unchanged, the result is a fixed point: ``reflow_text(reflow_text(x)) == reflow_text(x)``.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

__all__ = ["cjk_ratio", "clean_heading", "is_cjk", "reflow_paragraphs", "reflow_text", "should_join"]

# CJK ideographs: Ext A, URO, compatibility, Ext B-H (supplementary planes incl. compat supplement), and 〇.
_CJK_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Characters typeset without spaces around them: ideographs plus radicals, kana, bopomofo, iteration marks,
# Hangzhou numerals, enclosed CJK, full-width letters/digits and 〓 (which OCR prints for an unreadable char).
_WIDE_CLASS = (
    _CJK_CLASS
    + "\u2e80-\u2fdf\u3005\u3006\u3012\u3013\u3020-\u302f\u3031-\u303c\u303e\u303f"
    + "\u3040-\u30fa\u30fc-\u30ff\u3100-\u312f\u3190-\u31ef\u3200-\u33ff"
    + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff9f"
)
# Full-width / CJK punctuation: evidence of Chinese typography wherever it stands.
_FULL_PUNCT_CLASS = (
    "\u3001-\u3003\u3008-\u3011\u3014-\u301f\u3030\u303d\u30fb"
    "\ufe10-\ufe19\ufe30-\ufe4f\ufe50-\ufe6b"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
# Marks used by both Chinese and English text: part of gaps but no evidence either way.
_NEUTRAL_CLASS = "\u2018\u2019\u201c\u201d\u2013\u2014\u2015\u2025\u2026\u00b7"
# ASCII punctuation that becomes full-width in Chinese context.
_ASCII_PUNCT_CLASS = ",:;?!()\"'"

_CJK_RE = re.compile(f"[{_CJK_CLASS}]")
_WIDE_RE = re.compile(f"[{_WIDE_CLASS}]")
_FULL_PUNCT_RE = re.compile(f"[{_FULL_PUNCT_CLASS}]")
_GAP_RE = re.compile(f"[\\s{_ASCII_PUNCT_CLASS}{_FULL_PUNCT_CLASS}{_NEUTRAL_CLASS}]+")
_PAIR_CHARS = frozenset("()\uff08\uff09\"'\u201c\u201d\u2018\u2019")
_WS_RUN_RE = re.compile(r"\s+")

# Looked through when deciding a gap's context: digits, ASCII symbols, units, whitespace.
_TRANSPARENT = frozenset("0123456789.%+-/*=#&@$^_~<>|\\[]{}\u2030\u00b0\u2103\u00d7")

_SIMPLE_MAP = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}

# Zero-width characters OCR engines leave behind; soft hyphen too.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
# Latin word hyphenated at a line end: "infor-\nmation" -> "information", "CN41-\n0013" -> "CN41-0013".
_HYPHEN_WORD_RE = re.compile(r"(?<=[A-Za-z])-[^\S\n]*\n\s*(?=[a-z])")
_HYPHEN_KEEP_RE = re.compile(r"(?<=[A-Za-z0-9])-[^\S\n]*\n\s*(?=[A-Za-z0-9])")
# URLs are content: their ":" "?" ";" "!" are never converted. Trailing ".:;!?" belongs to the sentence.
_URL_RE = re.compile(
    r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&%*+;=]*[A-Za-z0-9\-_~/#\[\]@$&%*+=]", re.IGNORECASE
)
_URL_MASK = str.maketrans({c: "A" for c in _ASCII_PUNCT_CLASS})
# An apostrophe inside a Latin word or after a digit ("don't", "80's") is content, not a quote.
_APOSTROPHE_RE = re.compile(r"(?<=[A-Za-z0-9])'(?=[A-Za-z0-9])")

# Headings: a space is an artefact right after these ...
_HEAD_NO_SPACE_AFTER = frozenset("，、：；（《〈【〔「『“‘")
# ... and right before these.
_HEAD_NO_SPACE_BEFORE = frozenset("，、。：；！？）》〉】〕」』”’")


def is_cjk(ch: str) -> bool:
    """True when ``ch`` is one CJK ideograph (URO, Ext A, Ext B-H, compatibility) or 〇 (U+3007)."""
    return isinstance(ch, str) and len(ch) == 1 and _CJK_RE.match(ch) is not None


def cjk_ratio(s: str) -> float:
    """Share of CJK ideographs among the non-whitespace characters of ``s`` (0.0 for blank text)."""
    if not isinstance(s, str) or not s:
        return 0.0
    total = len(s) - _count_ws(s)
    if total <= 0:
        return 0.0
    return len(_CJK_RE.findall(s)) / total


def _count_ws(s: str) -> int:
    return sum(m.end() - m.start() for m in _WS_RUN_RE.finditer(s))


def reflow_text(raw: str) -> str:
    """Clean one body paragraph: join line wraps, drop wrap spaces in Chinese, full-width punctuation."""
    return _reflow(raw, heading=False)


def clean_heading(raw: str) -> str:
    """Clean a headline, kicker or byline: like ``reflow_text`` but single spaces between parts are kept."""
    return _reflow(raw, heading=True)


# --------------------------------------------------------------------------- core


def _prepare(raw: object) -> str:
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    text = raw.translate(_INVISIBLE)
    if "-" in text and "\n" in text:
        text = _HYPHEN_WORD_RE.sub("", text)
        text = _HYPHEN_KEEP_RE.sub("-", text)
    return text


def _mask(text: str) -> str:
    """Same-length copy of ``text`` where URL punctuation and apostrophes read as plain letters."""
    masked = text
    if "://" in masked or "www." in masked.lower():
        masked = _URL_RE.sub(lambda m: m.group().translate(_URL_MASK), masked)
    if "'" in masked:
        masked = _APOSTROPHE_RE.sub("A", masked)
    return masked


class _Links:
    """Union-find over gaps, linked by bracket and quote pairs; a component is Chinese if any member is."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.hot: list[bool] = []

    def add(self, hot: bool) -> int:
        self.parent.append(len(self.parent))
        self.hot.append(hot)
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int, hot: bool = False) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.hot[ra] = self.hot[ra] or self.hot[rb]
        if hot:
            self.hot[ra] = True

    def is_hot(self, i: int) -> bool:
        return self.hot[self.find(i)]


class _Pairs:
    """Pairs brackets and quotes in reading order and records the role of each straight quote."""

    def __init__(self, links: _Links) -> None:
        self.links = links
        self.parens: list[tuple[int, int]] = []  # (gap node, wide-segment count) of open brackets
        self.dq: tuple[int, int] | None = None  # open double quote
        self.sq: tuple[int, int] | None = None  # open single quote
        self.roles: dict[int, str] = {}  # position of a straight quote -> curly replacement

    def _close(self, opened: tuple[int, int], node: int, wide_count: int) -> None:
        self.links.union(opened[0], node, hot=wide_count > opened[1])

    def feed(self, ch: str, pos: int, node: int, wide_count: int) -> None:
        if ch in "(\uff08":
            self.parens.append((node, wide_count))
        elif ch in ")\uff09":
            if self.parens:
                self._close(self.parens.pop(), node, wide_count)
        elif ch == '"':
            if self.dq is None:
                self.roles[pos] = "\u201c"
                self.dq = (node, wide_count)
            else:
                self.roles[pos] = "\u201d"
                self._close(self.dq, node, wide_count)
                self.dq = None
        elif ch == "\u201c":
            self.dq = (node, wide_count)
        elif ch == "\u201d":
            if self.dq is not None:
                self._close(self.dq, node, wide_count)
                self.dq = None
        elif ch == "'":
            if self.sq is None:
                self.roles[pos] = "\u2018"
                self.sq = (node, wide_count)
            else:
                self.roles[pos] = "\u2019"
                self._close(self.sq, node, wide_count)
                self.sq = None
        elif ch == "\u2018":
            self.sq = (node, wide_count)
        elif ch == "\u2019" and self.sq is not None:
            self._close(self.sq, node, wide_count)
            self.sq = None


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _is_number_separator(masked: str, s: int, e: int) -> bool:
    """A lone "," or ":" between ASCII digits: 1,000 or 12:30."""
    return (
        e - s == 1
        and masked[s] in ",:"
        and s > 0
        and e < len(masked)
        and _is_digit(masked[s - 1])
        and _is_digit(masked[e])
    )


def _is_wide_at(s: str, i: int) -> bool:
    return _WIDE_RE.match(s, i) is not None


def _context_is_wide(masked: str, start: int, step: int) -> bool:
    """Whether the first significant character from ``start`` walking by ``step`` is CJK."""
    n = len(masked)
    i = start
    while 0 <= i < n:
        c = masked[i]
        if c in _TRANSPARENT or c.isspace():
            i += step
            continue
        return _WIDE_RE.match(c) is not None
    return False


def _reflow(raw: object, heading: bool) -> str:
    try:
        return _reflow_unsafe(raw, heading)
    except Exception:  # pragma: no cover - defensive: a reader must never crash on odd text
        log.exception("reflow failed; returning whitespace-collapsed text")
        text = raw if isinstance(raw, str) else ""
        return _WS_RUN_RE.sub(" ", text).strip()


# Gap kinds in the plan built by the first pass.
_SPACE, _NUMBER, _PUNCT = 0, 1, 2


def _reflow_unsafe(raw: object, heading: bool) -> str:
    text = _prepare(raw)
    if not text:
        return ""
    masked = _mask(text)
    links = _Links()
    pairs = _Pairs(links)
    plan: list[tuple[int, int, int, int]] = []  # (start, end, kind, node or keep-space flag)
    wide_segments = 0  # content runs seen so far that hold a CJK character
    prev_end = 0
    for m in _GAP_RE.finditer(masked):
        s, e = m.span()
        if s > prev_end and _WIDE_RE.search(masked, prev_end, s):
            wide_segments += 1
        prev_end = e
        gap = m.group()
        if gap.isspace():
            plan.append((s, e, _SPACE, _space_kept(masked, s, e, gap, heading)))
            continue
        if _is_number_separator(masked, s, e):
            plan.append((s, e, _NUMBER, 0))
            continue
        hot = (
            _FULL_PUNCT_RE.search(gap) is not None
            or _context_is_wide(masked, s - 1, -1)
            or _context_is_wide(masked, e, 1)
        )
        node = links.add(hot)
        plan.append((s, e, _PUNCT, node))
        for j, ch in enumerate(gap):
            if ch in _PAIR_CHARS:
                pairs.feed(ch, s + j, node, wide_segments)

    out: list[str] = []
    prev_end = 0
    for s, e, kind, arg in plan:
        out.append(text[prev_end:s])
        prev_end = e
        if kind == _SPACE:
            if arg:
                out.append(" ")
        elif kind == _NUMBER:
            out.append(text[s:e])
        elif links.is_hot(arg):
            out.append(_convert_gap(text, s, e, pairs.roles, heading))
        else:
            out.append(_WS_RUN_RE.sub(" ", text[s:e]))
    out.append(text[prev_end:])
    return "".join(out).strip()


def _space_kept(masked: str, s: int, e: int, gap: str, heading: bool) -> bool:
    """Whether a whitespace-only gap between two content characters survives as one space."""
    if s == 0 or e == len(masked):
        return False
    if heading and "\n" not in gap:
        return True  # separates headline decks or byline parts
    return not (_is_wide_at(masked, s - 1) or _is_wide_at(masked, e))


def _convert_gap(text: str, s: int, e: int, roles: dict[int, str], heading: bool) -> str:
    """A Chinese gap: ASCII punctuation to full-width; whitespace dropped (headings keep deck spaces)."""
    chars: list[str] = []
    for i in range(s, e):
        c = text[i]
        if c in _SIMPLE_MAP:
            chars.append(_SIMPLE_MAP[c])
        elif c == '"' or c == "'":
            chars.append(roles.get(i, c))
        else:
            chars.append(c)
    if not heading:
        return "".join(ch for ch in chars if not ch.isspace())
    return _heading_spaces("".join(chars), text[s - 1] if s > 0 else "", text[e] if e < len(text) else "")


def _heading_spaces(gap: str, left: str, right: str) -> str:
    """Within a Chinese gap of a heading: keep one space between parts, drop it where punctuation attaches."""

    def repl(m: re.Match[str]) -> str:
        before = gap[m.start() - 1] if m.start() > 0 else left
        after = gap[m.end()] if m.end() < len(gap) else right
        if "\n" in m.group() or not before or not after:
            return ""
        if before in _HEAD_NO_SPACE_AFTER or after in _HEAD_NO_SPACE_BEFORE:
            return ""
        return " "

    return _WS_RUN_RE.sub(repl, gap)


# --------------------------------------------------------------------------- paragraphs

# A paragraph ending in one of these ends a sentence. "：" ends one too unless a quotation follows.
_FINAL_CHARS = frozenset("。！？…；”’）」』.!?;)\"'")
_COLON_CHARS = frozenset("：:")
_OPEN_QUOTES = frozenset("“‘「『\"'")
# Characters that cannot begin a sentence: the paragraph is the tail of the one before.
_CONTINUATION_PUNCT = frozenset("，。、；：？！）》〉】〕」』”’…%‰,.;:?!)")
_OPENERS = frozenset("“‘「『《〈（【〔\"'([")
# Shapes that begin a new paragraph even after an unfinished one: bullets, dashes, enumerators, jump lines.
_NEW_PARAGRAPH_RE = re.compile(
    r"[●■◆◇□△▲▼▽★☆○◎•▶►※◉❖➤—―]"
    r"|[（(]\s*[一二三四五六七八九十百零〇\d]{1,3}\s*[）)]"
    r"|[一二三四五六七八九十百]{1,3}、"
    r"|\d{1,3}[、．](?!\d)|\d{1,3}\.(?!\d)"
    r"|[（(]\s*(?:下转|上接|转自|接第|转第|下轉|轉第|轉自|接上)"
)


def should_join(prev: str, nxt: str) -> bool:
    """True when ``prev`` was cut mid-sentence by a column break and ``nxt`` carries it on.

    ``prev`` is unfinished unless it ends with 。！？…；” ’ ）」』 or their ASCII forms; ending in "：" it is
    finished unless ``nxt`` opens a quotation. ``nxt`` continues unless it starts like a new paragraph
    (bullet, dash, enumerator such as "一、" "（二）" "3.", jump line "（下转…"); a CJK character, a digit,
    lowercase Latin, an opening quote/bracket, or punctuation that cannot start a sentence (，。、…)
    continues.
    Uppercase Latin continues only after a CJK character.
    """
    if not isinstance(prev, str) or not isinstance(nxt, str):
        return False
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if not prev or not nxt:
        return False
    last, first = prev[-1], nxt[0]
    if last in _COLON_CHARS:
        return first in _OPEN_QUOTES
    if last in _FINAL_CHARS:
        return False
    if _NEW_PARAGRAPH_RE.match(nxt):
        return False
    if _WIDE_RE.match(first) or first in _CONTINUATION_PUNCT or first in _OPENERS:
        return True
    if first.isascii() and (first.isdigit() or first.islower()):
        return True
    if first.isascii() and first.isupper():
        return _WIDE_RE.match(last) is not None
    return False


def reflow_paragraphs(raws: list[str]) -> list[str]:
    """Reflow a sequence of raw paragraphs: join column-split ones, drop empties and repeats."""
    kept: list[tuple[str, str]] = []
    seen: set[str] = set()
    for raw in raws or []:
        clean = reflow_text(raw)
        if not clean or clean in seen:
            continue  # empty, or OCR printed it twice
        seen.add(clean)
        kept.append((raw if isinstance(raw, str) else clean, clean))

    # Group raw texts so quote alternation and wrap joining run across the column break.
    groups: list[tuple[list[str], str]] = []
    for raw, clean in kept:
        if groups and should_join(groups[-1][1], clean):
            groups[-1][0].append(raw)
            groups[-1] = (groups[-1][0], clean)
        else:
            groups.append(([raw], clean))

    result: list[str] = []
    done: set[str] = set()
    for members, last_clean in groups:
        text = last_clean if len(members) == 1 else reflow_text("\n".join(members))
        if text and text not in done:
            done.add(text)
            result.append(text)
    return result
