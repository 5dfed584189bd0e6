"""Benchmark of the page parser on generated pages, on one core: throughput, latency and linearity.

Run ``python -m bench.bench_parse [--pages 300] [--json]``. Page generation is timed separately and never
counted in the parser's numbers; every number printed is measured on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import platform
import signal
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Any

from bench.generate import compose_page, page_rng, papers_for
from bench.machine import cpu_model

log = logging.getLogger(__name__)

LINEAR_LIMIT = 2.0  # time per MB may vary this much between small and large inputs and still count as linear
LONG_LINE_CASE = "one line, 100,000 chars"
MIN_CASE_SECONDS = 0.5  # repeat a linearity case until it has run this long, for a stable time per MB
START = dt.date(2020, 1, 1)
PAGES_PER_ISSUE = 8


class ParseFailed(Exception):
    """The parser raised on a page; carries the page's source and the traceback."""

    def __init__(self, source: str, tb: str) -> None:
        super().__init__(f"parse_page raised on {source}")
        self.source = source
        self.tb = tb


class CaseTimeout(Exception):
    """A linearity case ran longer than the allowed time."""


@dataclass
class Page:
    """A generated page with its source path and what the generator put on it."""

    text: str
    source: str
    articles: int

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


@dataclass
class Case:
    """One linearity measurement: an input size and the parser's time per megabyte on it."""

    name: str
    bytes: int
    chars: int
    runs: int = 0
    seconds: float | None = None  # median time of one run
    seconds_per_mb: float | None = None
    timed_out: bool = False


@dataclass
class Report:
    """Everything the benchmark measured."""

    machine: dict[str, Any]
    pages: int = 0
    bytes: int = 0
    chars: int = 0
    generate_seconds: float = 0.0
    parse_seconds: float = 0.0
    pages_per_second: float = 0.0
    mb_per_second: float = 0.0
    ms_per_page_median: float = 0.0
    ms_per_page_p95: float = 0.0
    ms_per_page_max: float = 0.0
    articles_generated: int = 0
    articles_found: int = 0
    linearity: list[Case] = field(default_factory=list)
    linearity_ratio: float | None = None  # max/min time per MB over pages of growing size
    long_line_ratio: float | None = None  # time per MB of the long line / median of the pages
    linear: bool | None = None


# ---------------------------------------------------------------------------------------------------------
# Machine


def machine_info(pinned: int | None) -> dict[str, Any]:
    """Platform, CPU model, Python version and the core the benchmark ran on."""
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "pinned_cpu": pinned,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def pin_to_one_core() -> int | None:
    """Keep the process on one core so that migrations do not add noise; None where unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    except OSError:
        return None


# ---------------------------------------------------------------------------------------------------------
# Inputs


def make_pages(count: int, seed: int, papers: int = 3, size_factor: float = 1.0) -> list[Page]:
    """``count`` pages of daily 8-page issues of ``papers`` papers, with archive-like source paths."""
    profiles = papers_for(papers)
    out = []
    for i in range(count):
        profile = profiles[i // PAGES_PER_ISSUE % len(profiles)]
        day = START + dt.timedelta(days=i // (PAGES_PER_ISSUE * len(profiles)))
        page_no = i % PAGES_PER_ISSUE + 1
        rng = page_rng(seed, f"{profile.name}:{size_factor}", day, page_no)
        text, articles = compose_page(rng, profile, day, page_no, 5000 + i, PAGES_PER_ISSUE, size_factor)
        source = (profile.issue_dir(PurePosixPath("archive"), day) / profile.file_name(page_no)).as_posix()
        out.append(Page(text, source, articles))
    return out


def one_line(pages: list[Page], chars: int) -> Page:
    """A single line of ``chars`` characters: page text with its line breaks removed."""
    text = ""
    for page in pages:
        text += page.text.replace("\r", "").replace("\n", "")
        if len(text) >= chars:
            break
    while len(text) < chars:
        text += text
    return Page(text[:chars], "archive/one-line.txt", 0)


def big_page(seed: int, megabytes: float, bytes_per_factor: float) -> Page:
    """One page of ``megabytes`` MB (within 5%) built with a large size factor (many more articles)."""
    factor = megabytes * 1e6 / max(bytes_per_factor, 1.0)
    page = make_pages(1, seed, size_factor=factor)[0]
    for _ in range(3):  # a page's size is only roughly proportional to its factor: correct and retry
        if abs(page.size - megabytes * 1e6) <= 0.05 * megabytes * 1e6:
            break
        factor *= megabytes * 1e6 / page.size
        page = make_pages(1, seed, size_factor=factor)[0]
    return page


# ---------------------------------------------------------------------------------------------------------
# Timing


ParseFn = Callable[[str, str], Any]


def _parse(parse: ParseFn, page: Page) -> Any:
    try:
        return parse(page.text, page.source)
    except CaseTimeout:
        raise
    except Exception as exc:
        raise ParseFailed(page.source, traceback.format_exc()) from exc


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise CaseTimeout in this (main) thread after ``seconds``; a no-op where SIGALRM is missing."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_pages(parse: ParseFn, pages: list[Page]) -> tuple[list[float], int]:
    """Seconds per page, and how many articles the parser found in all."""
    times, found = [], 0
    clock = time.perf_counter
    for page in pages:
        t0 = clock()
        result = _parse(parse, page)
        times.append(clock() - t0)
        found += len(getattr(result, "articles", ()) or ())
    return times, found


def time_case(parse: ParseFn, name: str, pages: list[Page], timeout: float) -> Case:
    """Median time of parsing ``pages``, repeated until MIN_CASE_SECONDS have passed."""
    case = Case(name, sum(p.size for p in pages), sum(len(p.text) for p in pages))
    runs: list[float] = []
    spent = 0.0
    try:
        with time_limit(timeout):
            while spent < MIN_CASE_SECONDS or not runs:
                t0 = time.perf_counter()
                for page in pages:
                    _parse(parse, page)
                runs.append(time.perf_counter() - t0)
                spent += runs[-1]
    except CaseTimeout:
        case.timed_out = not runs
    if runs:
        case.runs = len(runs)
        case.seconds = statistics.median(runs)
        case.seconds_per_mb = case.seconds / (case.bytes / 1e6)
    return case


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


# ---------------------------------------------------------------------------------------------------------
# The benchmark


def run(
    parse: ParseFn, *, pages: int, seed: int, timeout: float, progress: Callable[[str], None]
) -> Report:  # fmt: skip
    """Generate the inputs, time ``parse`` on them and return the measurements (machine left empty)."""
    report = Report(machine={})
    t0 = time.perf_counter()
    corpus = make_pages(pages, seed)
    report.generate_seconds = time.perf_counter() - t0
    report.pages = len(corpus)
    report.bytes = sum(p.size for p in corpus)
    report.chars = sum(len(p.text) for p in corpus)
    report.articles_generated = sum(p.articles for p in corpus)

    progress("warming up")
    warm = make_pages(min(20, max(1, pages)), seed + 1)  # other pages, so no cache can help the timed run
    time_pages(parse, warm)
    gc.collect()

    progress(f"parsing {len(corpus)} pages")
    times, report.articles_found = time_pages(parse, corpus)
    total = sum(times)
    report.parse_seconds = total
    report.pages_per_second = len(times) / total if total else 0.0
    report.mb_per_second = report.bytes / 1e6 / total if total else 0.0
    report.ms_per_page_median = statistics.median(times) * 1000
    report.ms_per_page_p95 = percentile(times, 0.95) * 1000
    report.ms_per_page_max = max(times) * 1000

    progress("linearity")
    per_factor_bytes = report.bytes / max(1, report.pages)
    cases: list[tuple[str, list[Page]]] = []
    for factor in (1, 2, 4, 8):
        cases.append((f"size factor {factor}", make_pages(max(1, 16 // factor), seed + 2, size_factor=factor)))
    cases.append((LONG_LINE_CASE, [one_line(corpus, 100_000)]))
    cases.append(("one page, 5 MB", [big_page(seed + 3, 5.0, per_factor_bytes)]))
    for name, case_pages in cases:
        progress(f"linearity: {name}")
        gc.collect()
        report.linearity.append(time_case(parse, name, case_pages, timeout))

    # Growth: pages of size factor 1..8 and 5 MB must cost the same per MB. The long line is a different
    # kind of input, so it is compared with the pages' median rather than counted in their spread.
    growth = [c.seconds_per_mb for c in report.linearity if c.name != LONG_LINE_CASE]
    line = [c.seconds_per_mb for c in report.linearity if c.name == LONG_LINE_CASE]
    if all(growth) and all(line):
        rates = [r for r in growth if r is not None]
        report.linearity_ratio = max(rates) / min(rates)
        report.long_line_ratio = line[0] / statistics.median(rates) if line[0] is not None else None
        report.linear = report.linearity_ratio <= LINEAR_LIMIT and (report.long_line_ratio or 0) <= LINEAR_LIMIT
    else:
        report.linear = False
    return report


def format_report(r: Report) -> str:
    m = r.machine
    lines = [
        "newsreader page-parser benchmark (reader.ingest.page.parse_page)",
        f"machine: {m['platform']} | {m['cpu']} | {m['python']} | "
        + (f"pinned to CPU {m['pinned_cpu']}" if m["pinned_cpu"] is not None else "not pinned"),
        f"input:   {r.pages} generated pages, {r.bytes / 1e6:.2f} MB, {r.chars:,} chars "
        f"(generated in {r.generate_seconds:.2f} s, not counted)",
        "",
        f"{'throughput':<28}{'value':>12}",
        f"{'pages/s':<28}{r.pages_per_second:>12.1f}",
        f"{'MB/s':<28}{r.mb_per_second:>12.3f}",
        f"{'ms/page median':<28}{r.ms_per_page_median:>12.2f}",
        f"{'ms/page p95':<28}{r.ms_per_page_p95:>12.2f}",
        f"{'ms/page max':<28}{r.ms_per_page_max:>12.2f}",
        f"{'total parse time (s)':<28}{r.parse_seconds:>12.2f}",
        f"{'articles written/found':<28}{f'{r.articles_generated}/{r.articles_found}':>12}",
        "",
        f"{'linearity case':<28}{'MB':>9}{'chars':>11}{'runs':>6}{'s/run':>10}{'s/MB':>9}{'x f1':>8}",
    ]
    base = next((c.seconds_per_mb for c in r.linearity if c.seconds_per_mb), None)
    for c in r.linearity:
        if c.seconds is None or c.seconds_per_mb is None or base is None:
            lines.append(f"{c.name:<28}{c.bytes / 1e6:>9.3f}{c.chars:>11,}   timed out")
            continue
        lines.append(
            f"{c.name:<28}{c.bytes / 1e6:>9.3f}{c.chars:>11,}{c.runs:>6}{c.seconds:>10.4f}"
            f"{c.seconds_per_mb:>9.3f}{c.seconds_per_mb / base:>8.2f}"
        )
    if r.linearity_ratio is None or r.long_line_ratio is None:
        lines.append("verdict: NOT linear -- a case timed out")
    else:
        lines.append(
            f"time/MB over pages of growing size (factor 1 to 5 MB): max/min = {r.linearity_ratio:.2f}x; "
            f"100,000-char line: {r.long_line_ratio:.2f}x the pages' median"
        )
        word = "linear" if r.linear else "NOT linear"
        lines.append(f"verdict: {word} -- time/MB {'stays' if r.linear else 'does not stay'} within "
                     f"{LINEAR_LIMIT:g}x")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_parse", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300, help="pages in the throughput run (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300, help="seconds allowed per linearity case")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)

    machine = machine_info(pin_to_one_core())

    def progress(msg: str) -> None:
        if not args.json:
            print(f"... {msg}", file=sys.stderr, flush=True)

    def fail(what: str, detail: str) -> int:
        if args.json:
            print(json.dumps({"machine": machine, "error": what, "detail": detail}, ensure_ascii=False))
        else:
            print(f"ERROR: {what}\n{detail}", file=sys.stderr)
        return 1

    try:
        from reader.ingest.page import parse_page
    except Exception:
        return fail("cannot import reader.ingest.page.parse_page", traceback.format_exc())
    try:
        report = run(parse_page, pages=max(1, args.pages), seed=args.seed, timeout=args.timeout,
                     progress=progress)  # fmt: skip
    except ParseFailed as exc:
        return fail(str(exc), exc.tb)
    report.machine = machine
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
