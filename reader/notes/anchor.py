"""Re-anchoring highlights and notes: find a stored quote again in an article's (possibly changed) text.

Order of attempts (product spec): the old offsets if the quote still matches there, else an exact search for the
quote, else fuzzy matching scored on the quote and its context. Anything that cannot be placed confidently is
orphaned (``place`` returns None): attaching a note to the wrong passage is worse than showing it as orphaned.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from reader.notes.quote import Quote

# Quotes shorter than this ("的", "我市") occur all over an article: even at the old offsets they are only taken
# where their context agrees.
SHORT_QUOTE = 4
# A quote at least this long that occurs exactly once is taken there even if its surroundings changed (article split
# or merged, paragraphs rewritten around it); a shorter one needs its context to agree even when unique.
DISTINCT_QUOTE = 6

# Context scores (``context_score``), measured on the bundled sample pages: other occurrences of a short quote score
# 0 in the median and under 0.25 in 95% of cases; the true place scores 1 untouched, 0.9-1 with a few characters
# inserted 3-30 chars away, 0.88 / 0.71 / 0.63 with 1 / 3 / 5 characters inserted right next to the quote; the same
# words 1 / 2 / 3 characters off the true place score 0.77 / 0.53 / 0.42.
CONTEXT_AGREES = 0.6  # the context agrees: enough to take a short quote, or to pick one of several occurrences
CONTEXT_SURE = 0.9  # near-identical context: two occurrences this good are duplicated text, either place is right
EXACT_CLEAR_MARGIN = 0.2  # else the best occurrence must beat the runner-up's context by this much
_DUPLICATE = 16  # chars of quote and context below which equally good occurrences are not taken for duplicated text

# Fuzzy placement: score = QUOTE_WEIGHT * quote similarity + (1 - QUOTE_WEIGHT) * context score, where similarity is
# Levenshtein's normalized similarity, 1 - edits / max(len). A minimum of 0.75 allows a quarter of the quote to be
# edited (OCR fixes, paragraph breaks, a clause inserted into a long quote); also, the best window for a quote in
# unrelated Chinese text stays well below that except for very short quotes, which need their context anyway.
QUOTE_WEIGHT = 0.75
FUZZY_MIN_QUOTE_SIM = 0.75
# At the minimum similarity this asks for a context score of 0.55: a heavily edited quote must still sit in
# recognisable surroundings, while a lightly edited one (similarity >= 0.93) is taken whatever its context...
FUZZY_MIN_SCORE = 0.7
# ...if it has at least this many chars: a shorter one (names, set phrases, bylines) recurs across a page with a
# character or two changed, so edited it is only taken where its context agrees (CONTEXT_AGREES).
FUZZY_DISTINCT_QUOTE = 24
# The chosen place must beat any other (fuzzy rival, or exact match in poor context) by this much, else it is a guess.
FUZZY_AMBIGUITY_MARGIN = 0.05
# Around an approximate match the alignment region gets this much slack (chars, and fraction of the needle) on each
# side, so that text inserted into the quote (up to a third of it, beyond which similarity < 0.75) still fits.
_MIN_SLACK = 8
_SLACK_FRACTION = 1 / 3
# Needles up to this length are located with rapidfuzz's partial_ratio, exact but slow for long needles that match
# poorly (~250 ms for 2,000 chars in 20,000); longer ones by scoring windows of their length every half length.
_DIRECT_LOCATE = 128


@dataclass(frozen=True)
class Placement:
    """Where a quote sits in a (new) text: [start, end), how it was found, and a confidence in [0, 1]."""

    start: int
    end: int
    method: str  # "offsets" | "exact" | "fuzzy"
    score: float


def context_score(quote: Quote, text: str, start: int, end: int) -> float:
    """How well the text around [start, end) matches the quote's prefix and suffix, in [0, 1] (1 if no context)."""
    n_prefix, n_suffix = len(quote.prefix), len(quote.suffix)
    if n_prefix + n_suffix == 0:
        return 1.0
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    # Each side is weighted by its length: a prefix cut short by the start of the article is weaker evidence.
    total = 0.0
    if n_prefix:
        total += n_prefix * _side_score(quote.prefix[::-1], text[max(0, start - n_prefix) : start][::-1])
    if n_suffix:
        total += n_suffix * _side_score(quote.suffix, text[end : end + n_suffix])
    return total / (n_prefix + n_suffix)


_SCALES = (4, 8, 16, 32)  # context lengths compared, nearest the quote first


def _side_score(stored: str, found: str) -> float:
    """Similarity of stored context with the text found on that side, both read outwards from the quote.

    Averaged over growing lengths, so that characters next to the quote weigh most: the same words a few characters
    further on (another "的" in the same sentence) agree on the whole window but not at the quote's edge.
    """
    scores = [Levenshtein.normalized_similarity(stored[:size], found[:size]) for size in _SCALES if size < len(stored)]
    scores.append(Levenshtein.normalized_similarity(stored, found))
    return sum(scores) / len(scores)


def place(quote: Quote, text: str) -> Placement | None:
    """The quote's place in ``text``, or None when it cannot be placed confidently (orphaned)."""
    if not quote.exact:
        return _place_point(quote, text)
    found = _place_exact(quote, text)
    if found is not None:
        return found
    return _place_fuzzy(quote, text)


# --------------------------------------------------------------------------- exact


def _occurrences(text: str, needle: str) -> list[int]:
    """Start of every occurrence of a non-empty ``needle`` in ``text``, overlapping ones included."""
    found = []
    at = text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _matches_at_offsets(quote: Quote, text: str) -> bool:
    """Whether the quote's old offsets still hold its exact text."""
    return 0 <= quote.start <= quote.end <= len(text) and text[quote.start : quote.end] == quote.exact


def _place_exact(quote: Quote, text: str) -> Placement | None:
    """Steps 1 and 2: the old offsets or an exact occurrence, chosen by context; None if absent or ambiguous."""
    size = len(quote.exact)
    short = size < DISTINCT_QUOTE
    offsets_context = -1.0
    if _matches_at_offsets(quote, text):
        offsets_context = context_score(quote, text, quote.start, quote.end)
        if offsets_context == 1.0:  # nothing can beat it, no need to look further
            return Placement(quote.start, quote.end, "offsets", 1.0)
    # Spec step 1, with the context asked of a tiny quote, which would otherwise be found anywhere ("的").
    offsets_ok = offsets_context >= 0 and (size >= SHORT_QUOTE or offsets_context >= CONTEXT_AGREES)
    # Best context first; equal contexts (duplicated passages) go to the one nearest the old place. Scores are cached
    # by the surrounding text, which repeats when a tiny quote occurs thousands of times in repetitive text.
    cache: dict[str, float] = {}
    ranked = []
    for at in _occurrences(text, quote.exact):
        around = text[max(0, at - len(quote.prefix)) : at + size + len(quote.suffix)]
        if around not in cache:
            cache[around] = context_score(quote, text, at, at + size)
        ranked.append((-cache[around], abs(at - quote.start), at))
    ranked.sort()
    if not ranked:
        return None
    best_context, best = -ranked[0][0], ranked[0][2]
    # The old offsets win ties, and stay unless another occurrence's context is strictly better: if the text moved
    # and the same words now sit at the old offsets, the context tells the two apart.
    if offsets_ok and offsets_context >= best_context:
        return Placement(quote.start, quote.end, "offsets", 1.0)
    minimum = CONTEXT_AGREES if short else 0.0
    if len(ranked) == 1:
        accepted = best_context >= minimum
    else:
        # Several occurrences: the context must single one out, either by agreeing well (near-certainly for a short
        # quote, whose nearby repeats share much of its context) or by clearly beating the runner-up.
        runner_up = -ranked[1][0]
        if not short:
            agrees = best_context >= CONTEXT_AGREES
        else:
            # Only a long enough repeat (quote and context) is duplicated text rather than a common word.
            agrees = best_context >= CONTEXT_SURE and len(quote.prefix + quote.exact + quote.suffix) >= _DUPLICATE
        accepted = best_context >= minimum and (agrees or best_context - runner_up >= EXACT_CLEAR_MARGIN)
    if not accepted:
        # Nothing singled out: the old offsets still holding the text are the spec's first answer.
        return Placement(quote.start, quote.end, "offsets", 1.0) if offsets_ok else None
    placement = Placement(best, best + size, "exact", QUOTE_WEIGHT + (1 - QUOTE_WEIGHT) * best_context)
    # An exact match in foreign surroundings may be another passage with the same words while the user's one was
    # edited in place: look for that (by its context too), and refuse to choose if it competes.
    if best_context < CONTEXT_AGREES and _competed(quote, text, placement, []):
        return None
    return placement


# --------------------------------------------------------------------------- fuzzy


@dataclass(frozen=True)
class _Scored:
    """A candidate span of the new text with its quote similarity, context score and combined score."""

    start: int
    end: int
    similarity: float
    context: float
    score: float


def _overlap(a: _Scored | Placement, b: _Scored | Placement) -> bool:
    """Whether two spans share at least one character."""
    return a.start < b.end and b.start < a.end


def _score(quote: Quote, text: str, start: int, end: int) -> _Scored:
    """Score text[start:end] as the place of the quote."""
    similarity = Levenshtein.normalized_similarity(quote.exact, text[start:end])
    context = context_score(quote, text, start, end)
    return _Scored(start, end, similarity, context, QUOTE_WEIGHT * similarity + (1 - QUOTE_WEIGHT) * context)


def _trim_strays(blocks: list[tuple[int, int, int, int]], size: int) -> list[tuple[int, int, int, int]]:
    """The run of matched blocks (needle i1:i2 = region j1:j2) that a semi-global alignment would keep.

    A global alignment of a needle of ``size`` chars with a region wider than it pays for the extra text anyway, so
    among equally cheap alignments it may match the needle's head or tail thinly across the slack instead of where
    it really is. A semi-global alignment, which leaves the region's ends free, would not: keeping blocks k..l costs
    the needle chars outside them plus each gap between them (the larger of its two sides), and the cheapest
    run wins, the tighter one on ties.
    """
    if not blocks:
        return blocks
    before = 0  # gap costs from block 0 up to the current block
    best_k, best_head = 0, blocks[0][0]  # cheapest start so far and its cost, less the gaps before it
    best = (blocks[0][0] + size - blocks[0][1], 0, 0)
    for last in range(1, len(blocks)):
        previous, block = blocks[last - 1], blocks[last]
        before += max(block[0] - previous[1], block[2] - previous[3])
        if block[0] - before <= best_head:
            best_k, best_head = last, block[0] - before
        cost = best_head + before + size - block[1]
        if cost < best[0]:
            best = (cost, best_k, last)
    return blocks[best[1] : best[2] + 1]


def _boundaries(blocks: list[tuple[int, int, int, int]], at: int, size: int, is_start: bool) -> set[int]:
    """Candidate region positions for needle position ``at``, given the matched blocks (needle i1:i2 = region j1:j2).

    Inside a matched block the answer is exact. In a gap the unmatched needle characters may have been substituted
    or deleted, which the alignment cannot tell apart: offer both readings, the scoring (context) decides.
    """
    if is_start:
        nxt = next((k for k, block in enumerate(blocks) if block[1] > at), len(blocks))
    else:
        nxt = next((k for k, block in enumerate(blocks) if block[0] >= at), len(blocks))
    prev = nxt - 1
    if is_start and nxt < len(blocks) and blocks[nxt][0] <= at:
        return {blocks[nxt][2] + at - blocks[nxt][0]}
    if not is_start and prev >= 0 and at <= blocks[prev][1]:
        return {blocks[prev][2] + at - blocks[prev][0]}
    low = blocks[prev][3] if prev >= 0 else 0  # the gap around ``at`` in the region: [low, high)
    high = blocks[nxt][2] if nxt < len(blocks) else size
    found = set()
    if nxt < len(blocks):
        found.add(max(low, high - (blocks[nxt][0] - at)))  # counted back from the next match
    if prev >= 0:
        found.add(min(high, low + (at - blocks[prev][1])))  # counted on from the previous match
    found.add(high if is_start else low)  # the unmatched characters left out
    return found


def _locate(needle: str, text: str) -> tuple[int, int, int] | None:
    """Where ``needle`` roughly matches in ``text``: a window [start, end) and how far off it may be, or None."""
    if len(needle) <= _DIRECT_LOCATE:
        match = fuzz.partial_ratio_alignment(needle, text)
        if match is None or match.score == 0:
            return None
        return match.dest_start, match.dest_end, 0
    if len(needle) >= len(text):  # all of the text is the only window
        return (0, len(text), 0) if text else None
    # Windows overlapping by half: the one best covering the true place shares >= 3/4 of it, enough to stand out
    # from unrelated text (true place >= ~0.7, unrelated Chinese ~0.2-0.3); its start may be off by half a stride,
    # which goes into the slack.
    size, stride = len(needle), len(needle) // 2
    starts = list(range(0, len(text) - size + 1, stride))
    if starts[-1] != len(text) - size:
        starts.append(len(text) - size)
    best = process.extractOne(needle, [text[at : at + size] for at in starts], scorer=Indel.normalized_similarity)
    if best is None or best[1] == 0:
        return None
    return starts[best[2]], starts[best[2]] + size, stride // 2 + 1


def _region(size: int, length: int, window: tuple[int, int, int]) -> tuple[int, int]:
    """The stretch [low, high) of a text of ``length`` chars to align a needle of ``size`` chars with, around window."""
    slack = max(_MIN_SLACK, int(size * _SLACK_FRACTION)) + window[2]
    return max(0, window[0] - slack), min(length, window[1] + slack)


def _spans_near(needle: str, first: int, last: int, region: str) -> set[tuple[int, int]]:
    """Candidate spans of the region for needle[first:last], from the needle's alignment with the region."""
    blocks = [
        (op.src_start, op.src_end, op.dest_start, op.dest_end)
        for op in Levenshtein.opcodes(needle, region)
        if op.tag == "equal"
    ]
    blocks = _trim_strays(blocks, len(needle))
    if not blocks:
        return set()
    starts = _boundaries(blocks, first, len(region), is_start=True)
    ends = _boundaries(blocks, last, len(region), is_start=False)
    return {(start, end) for start in starts for end in ends if start < end}


def _candidates(quote: Quote, text: str, low: int = 0, high: int | None = None, floor: float = 0.0) -> list[_Scored]:
    """Best-scored spans in text[low:high] near the best approximate match of the quote alone and in its context.

    Places that cannot score above ``floor`` may be left out.
    """
    part = text[low:high]
    needles = [(quote.exact, 0)]
    if (quote.prefix or quote.suffix) and len(quote.exact) <= _DIRECT_LOCATE:
        # For a short quote the context is what finds it among look-alikes; a long one is found by itself.
        needles.append((quote.prefix + quote.exact + quote.suffix, len(quote.prefix)))
    found = []
    for needle, first in needles:
        window = _locate(needle, part)
        if window is None:
            continue
        start, end = _region(len(needle), len(part), window)
        region = part[start:end]
        if floor > 0 and first == 0 and len(needle) > _DIRECT_LOCATE:
            # Skip aligning a long quote where it cannot score enough: no span of the region is more similar to the
            # quote than their longest common subsequence allows (Indel similarity = twice its length).
            bound = Indel.similarity(needle, region) / (2 * len(needle))
            if QUOTE_WEIGHT * bound + (1 - QUOTE_WEIGHT) <= floor:
                continue
        spans = _spans_near(needle, first, first + len(quote.exact), region)
        if spans:
            # Scored in the whole text: a part cut next to a candidate would cut its context too.
            offset = low + start
            found.append(max((_score(quote, text, offset + a, offset + b) for a, b in spans), key=_by_score))
    return found


def _by_score(candidate: _Scored) -> float:
    """Sort key: a candidate's combined score."""
    return candidate.score


def _competed(quote: Quote, text: str, chosen: _Scored | Placement, others: list[_Scored]) -> bool:
    """Whether another place scores within FUZZY_AMBIGUITY_MARGIN of the chosen one, making the choice a guess.

    The rivals are ``others`` away from the chosen span and the quote's best matches before and after it.
    """
    rivals = [c for c in others if not _overlap(c, chosen)]
    floor = chosen.score - FUZZY_AMBIGUITY_MARGIN
    rivals += _candidates(quote, text, 0, chosen.start, floor) + _candidates(quote, text, chosen.end, None, floor)
    return any(rival.score > chosen.score - FUZZY_AMBIGUITY_MARGIN for rival in rivals)


def _acceptable(quote: Quote, candidate: _Scored) -> bool:
    """Whether a fuzzy candidate is good enough to place the quote there."""
    return (
        candidate.similarity >= FUZZY_MIN_QUOTE_SIM
        and candidate.score >= FUZZY_MIN_SCORE
        and (len(quote.exact) >= FUZZY_DISTINCT_QUOTE or candidate.context >= CONTEXT_AGREES)
    )


def _place_fuzzy(quote: Quote, text: str) -> Placement | None:
    """Step 3: the best approximate place of an edited quote, unless it is weak or another place competes."""
    candidates = _candidates(quote, text)
    best = max(candidates, key=_by_score, default=None)
    if best is None or not _acceptable(quote, best) or _competed(quote, text, best, candidates):
        return None
    return Placement(best.start, best.end, "fuzzy", best.score)


# --------------------------------------------------------------------------- zero-length quotes


def _place_point(quote: Quote, text: str) -> Placement | None:
    """An empty quote (a position): the old offset if its context agrees, else where prefix+suffix occur once."""
    if 0 <= quote.start <= len(text) and context_score(quote, text, quote.start, quote.start) >= CONTEXT_AGREES:
        return Placement(quote.start, quote.start, "offsets", 1.0)
    needle = quote.prefix + quote.suffix
    starts = _occurrences(text, needle) if needle else []
    if len(starts) != 1:
        return None
    at = starts[0] + len(quote.prefix)
    return Placement(at, at, "exact", 1.0)
