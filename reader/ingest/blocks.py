"""Split page text into raw blocks (paragraphs separated by blank lines) that remember their offsets."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property

from reader.ingest.model import Span

# A block is a run of non-blank lines; its span runs from its first to its last non-whitespace character.
_SPACE_RE = re.compile(r"\s")
_BLOCK_RE = re.compile(r"\S[^\n]*(?:\n[ \t\u3000\r\f\v]*\S[^\n]*)*")


@dataclass
class RawBlock:
    """A paragraph block of the original page text with its [start, end) offsets."""

    text: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @cached_property
    def size(self) -> int:
        """Number of non-whitespace characters (what a reader would count as its length)."""
        return len(self.text) - len(_SPACE_RE.findall(self.text))

    @property
    def single_line(self) -> bool:
        return "\n" not in self.text


def split_blocks(text: str) -> list[RawBlock]:
    """Cut the page into blocks at blank lines; trailing whitespace is excluded from each span.

    Some OCR engines separate paragraphs by a single line break (one line per paragraph, or an indent
    at each paragraph start); a long block of such lines is cut into its paragraphs.
    """
    blocks = []
    for m in _BLOCK_RE.finditer(text):
        body = m.group(0).rstrip()
        block = RawBlock(body, m.start(), m.start() + len(body))
        blocks.extend(_split_lines(block) if body.count("\n") >= 3 and block.size >= 200 else [block])
    return blocks


_INDENT_RE = re.compile(r"^(?:[ \t]{2,}|\u3000+)\S")
_BULLET = tuple("-•·●○■□◆◇▪*")


def _split_lines(block: RawBlock) -> list[RawBlock]:
    lines = block.text.split("\n")
    stripped = [ln.strip() for ln in lines]
    if sum(1 for ln in stripped if ln.startswith(_BULLET)) >= 0.5 * len(lines):
        return [block]  # a list or table: its lines belong together
    indented = [bool(_INDENT_RE.match(ln)) for ln in lines]
    if sum(indented[1:]) >= 2:
        starts = [0] + [k for k in range(1, len(lines)) if indented[k]]
    elif sum(len(ln) for ln in stripped) / len(lines) >= 25:
        starts = list(range(len(lines)))  # one paragraph per line
    else:
        return [block]  # short wrapped lines of one paragraph
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)
    out = []
    for a, b in itertools.pairwise([*starts, len(lines)]):
        chunk = block.text[offsets[a]:offsets[b] - 1] if b < len(lines) else block.text[offsets[a]:]
        left = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            start = block.start + offsets[a] + left
            out.append(RawBlock(body, start, start + len(body)))
    return out

