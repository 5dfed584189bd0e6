"""Finding annotations' places again after their page was re-imported or moved.

A re-import replaces a page's articles (new ids), so the foreign key nulls ``article_id``; the annotations
of that page are then placed again among the page's new articles: by their quote (offsets, exact, fuzzy:
see reader.notes.anchor), and for whole-article ones by the quote of the article's opening words or by how
much the new article's spans overlap the old one's. What cannot be placed confidently becomes orphaned:
kept with its quote and shown as such, never attached to a guess.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass

from reader.notes.anchor import Placement, Quote, place
from reader.notes.model import ANCHORED, ORPHANED, Span

log = logging.getLogger(__name__)

# A whole-article annotation follows the new article that covers at least this share of the old spans.
MIN_SPAN_OVERLAP = 0.5


@dataclass(frozen=True)
class Candidate:
    """An article of the page an annotation may move to."""

    id: int
    body: str
    spans: tuple[Span, ...]


def span_overlap(old: tuple[Span, ...], new: tuple[Span, ...]) -> float:
    """Share of the old spans' characters that the new spans cover (0 when the old spans are empty)."""
    total = sum(max(0, b - a) for a, b in old)
    if total == 0:
        return 0.0
    covered = 0
    for a, b in old:
        for c, d in new:
            covered += max(0, min(b, d) - max(a, c))
    return covered / total


def best_place(
    quote: Quote, old_spans: tuple[Span, ...], candidates: list[Candidate]
) -> tuple[Candidate, Placement] | None:
    """The candidate article where the quote sits most confidently (ties: most overlap with the old spans)."""
    best: tuple[float, float, Candidate, Placement] | None = None
    for cand in candidates:
        placement = place(quote, cand.body)
        if placement is None:
            continue
        key = (placement.score, span_overlap(old_spans, cand.spans))
        if best is None or key > best[:2]:
            best = (*key, cand, placement)
    return (best[2], best[3]) if best else None


def best_article(old_spans: tuple[Span, ...], candidates: list[Candidate]) -> Candidate | None:
    """The candidate covering most of the old article's spans, if it covers enough to be the same article."""
    scored = [(span_overlap(old_spans, c.spans), c) for c in candidates]
    scored = [x for x in scored if x[0] >= MIN_SPAN_OVERLAP]
    return max(scored, key=lambda x: x[0])[1] if scored else None


def page_candidates(conn: sqlite3.Connection, page_id: int) -> list[Candidate]:
    rows = conn.execute("SELECT id, body, spans FROM articles WHERE page_id = ? ORDER BY ord", (page_id,))
    return [Candidate(int(i), body, tuple((int(a), int(b)) for a, b in json.loads(spans))) for i, body, spans in rows]


def reanchor_page(conn: sqlite3.Connection, page_id: int) -> int:
    """Place again the annotations of a page that lost their article; returns how many were looked at.

    Runs inside the caller's transaction (the import's, so a page and its notes' places change together).
    """
    row = conn.execute("SELECT source_path, content_hash FROM pages WHERE id = ?", (page_id,)).fetchone()
    if row is None:
        return 0
    source, digest = row
    rows = conn.execute(
        "SELECT id, article_spans, pos_start, pos_end, quote, prefix, suffix FROM annotations"
        " WHERE article_id IS NULL AND (source_path = ? OR content_hash = ?)",
        (source, digest),
    ).fetchall()
    if not rows:
        return 0
    candidates = page_candidates(conn, page_id)
    for ann_id, spans_json, start, end, quote, prefix, suffix in rows:
        old_spans = tuple((int(a), int(b)) for a, b in json.loads(spans_json))
        target, new_start, new_end = _locate(old_spans, start, end, quote, prefix, suffix, candidates)
        if target is None:
            conn.execute("UPDATE annotations SET status = ? WHERE id = ?", (ORPHANED, ann_id))
            log.info("annotation %s on %s is orphaned", ann_id, source)
            continue
        conn.execute(
            "UPDATE annotations SET article_id = ?, status = ?, source_path = ?, content_hash = ?,"
            " article_spans = ?, pos_start = ?, pos_end = ? WHERE id = ?",
            (
                target.id,
                ANCHORED,
                source,
                digest,
                json.dumps([list(s) for s in target.spans]),
                new_start,
                new_end,
                ann_id,
            ),
        )
    return len(rows)


def _locate(
    old_spans: tuple[Span, ...],
    start: int | None,
    end: int | None,
    quote: str | None,
    prefix: str | None,
    suffix: str | None,
    candidates: list[Candidate],
) -> tuple[Candidate | None, int | None, int | None]:
    if start is not None:  # a passage or a position: only its text can place it
        q = Quote(quote or "", prefix or "", suffix or "", start, end if end is not None else start)
        found = best_place(q, old_spans, candidates)
        if found is None:
            return None, start, end
        cand, placement = found
        return cand, placement.start, placement.end
    # The whole article: its opening words if they survived, else the same stretch of the page.
    if quote:
        found = best_place(Quote(quote, "", suffix or "", 0, len(quote)), old_spans, candidates)
        if found is not None:
            return found[0], None, None
    return best_article(old_spans, candidates), None, None
