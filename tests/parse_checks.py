"""Checks of what the parsers return, shared by the fuzz tests: valid pages, no swallowed errors, linear time."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from reader.ingest.model import Article, Block, ParsedPage, Source
from reader.ingest.page import parse_page


@contextmanager
def no_logged_errors() -> Iterator[None]:
    """Fail if the code under test logged an error: the parsers catch their own bugs and only log them."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("reader")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not records, [r.getMessage() for r in records]


LABEL_FORM = re.compile(r"^[A-Z]{0,2}[1-9][0-9]{0,3}$")


def assert_spans_cover_once(page: ParsedPage, text: str) -> None:
    """Every non-space character in exactly one span, no span overlapping another (the provenance property)."""
    spans = []
    for item in page.items:
        assert item.spans, f"{item!r} has no spans"
        for start, end in item.spans:
            assert isinstance(start, int) and isinstance(end, int)
            assert 0 <= start < end <= len(text), (start, end, len(text))
            spans.append((start, end))
    spans.sort()
    pos = 0
    for start, end in spans:
        assert start >= pos, f"spans overlap at {start}"
        assert not text[pos:start].strip(), f"text not covered: {text[pos:start]!r}"
        pos = end
    assert not text[pos:].strip(), f"text not covered: {text[pos:]!r}"


def assert_valid_date(value: object, low: dt.date = dt.date(1800, 1, 1), high: dt.date = dt.date(2201, 12, 31)) -> None:
    assert type(value) is dt.date, repr(value)
    assert low <= value <= high, value


def assert_valid_page(page: ParsedPage, text: str, source: str) -> None:
    assert isinstance(page, ParsedPage)
    assert page.text == text and page.source == source
    assert_spans_cover_once(page, text)
    meta = page.meta
    assert meta.paper is None or (isinstance(meta.paper, str) and meta.paper.strip())
    if meta.date is not None:
        assert_valid_date(meta.date)
    assert meta.issue_number is None or (type(meta.issue_number) is int and meta.issue_number >= 1)
    assert meta.page_count is None or (type(meta.page_count) is int and 1 <= meta.page_count <= 400)
    assert meta.page is None or LABEL_FORM.match(meta.page), meta.page
    assert set(meta.provenance) == {"paper", "date", "issue_number", "page", "page_count"}
    for name, source_kind in meta.provenance.items():
        assert isinstance(source_kind, Source)
        assert (getattr(meta, name) is None) == (source_kind == Source.UNKNOWN), (name, source_kind)
    for item in page.items:
        if isinstance(item, Article):
            for name in ("kicker", "title", "subtitle", "byline", "section"):
                value = getattr(item, name)
                assert value is None or isinstance(value, str)
            assert all(isinstance(p, str) and p.strip() for p in item.paragraphs)
            assert all(0 <= i < len(item.paragraphs) for i in item.subheads)
            for label in (item.continued_to, item.continued_from):
                assert label is None or LABEL_FORM.match(label), label
        else:
            assert isinstance(item, Block) and isinstance(item.text, str)
    assert all(isinstance(w, str) for w in page.warnings)
    json.dumps(page.to_json(), ensure_ascii=False)  # what `parse --json` and the library store


LINEAR_BOUND = 3.0  # generous: bench/bench_parse.py holds the parser to 2.0 with longer, pinned runs


def _seconds_per_mb(text: str, runs: int) -> float:
    """Best of ``runs`` parses, per megabyte of UTF-8."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        parse_page(text, "x/page.txt")
        best = min(best, time.perf_counter() - start)
    return best / (len(text.encode("utf-8")) / 1e6)


def assert_linear(cases: dict[str, str], runs: dict[str, int]) -> None:
    """Time per MB within LINEAR_BOUND across the cases; the slowest and fastest cases are re-timed on failure."""
    rates = {name: _seconds_per_mb(text, runs[name]) for name, text in cases.items()}
    for _ in range(6):  # noise (another process, a GC pause) only ever slows a run down: retry before failing
        slow, fast = max(rates, key=rates.__getitem__), min(rates, key=rates.__getitem__)
        if rates[slow] <= LINEAR_BOUND * rates[fast]:
            return
        rates[slow] = min(rates[slow], _seconds_per_mb(cases[slow], runs[slow]))
        rates[fast] = min(rates[fast], _seconds_per_mb(cases[fast], runs[fast]))
    shown = ", ".join(f"{k}: {v:.2f} s/MB" for k, v in rates.items())
    pytest.fail(f"parse time per MB varies more than {LINEAR_BOUND}x: {shown}")
