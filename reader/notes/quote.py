"""What a highlight or note keeps of its passage: the quoted text with some context, to find it again later.

Kept apart from ``reader.notes.anchor`` (which finds a quote again with rapidfuzz) so that saving a note does not
load the matcher: the window needs it only when pages are re-imported.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 32  # characters of context kept on each side


@dataclass(frozen=True)
class Quote:
    """A passage of an article's text as the user selected it, with context to find it again."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def make_quote(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Quote:
    """The quote of text[start:end] (clipped to the text), with up to ``context`` chars each side."""
    # A selection made backwards arrives as (anchor, cursor) with end < start: order it rather than lose it.
    start, end = sorted((min(max(start, 0), len(text)), min(max(end, 0), len(text))))
    context = max(context, 0)
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )
