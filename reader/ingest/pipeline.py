"""From paths on disk to parsed pages: discover, read/decode, parse; one bad page never stops a batch.

Text files, PDFs (one page per PDF page) and scanned images (OCR) are read; pages come out one at a time, so
a 500-page PDF is never held in memory whole.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.ingest.decode import PageSkipped, read_page
from reader.ingest.discover import Found, Skipped, discover, display_path
from reader.ingest.issues import resolve_issues
from reader.ingest.model import ParsedPage
from reader.ingest.page import PageParser, parse_page
from reader.ingest.pages import PAGE_SUFFIXES, TEXT_SUFFIXES, LoadedPage, file_kind, read_file
from reader.ingest.papers import PaperDirectory
from reader.progress import Progress

if TYPE_CHECKING:
    from reader.ingest.ocr import OcrCache
    from reader.ingest.readahead import ReadAhead

log = logging.getLogger(__name__)

__all__ = [
    "PAGE_SUFFIXES",
    "Batch",
    "Found",
    "LoadedPage",
    "ParseResult",
    "Progress",
    "Skipped",
    "collect_pages",
    "discover_all",
    "load_page",
    "parse_paths",
    "parse_text",
    "read_text",
]


@dataclass
class ParseResult:
    """What a batch produced: pages (issues already resolved), skipped files, whether it was cancelled."""

    pages: list[ParsedPage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False


def discover_all(
    paths: Iterable[str | os.PathLike[str]], suffixes: Iterable[str] = TEXT_SUFFIXES
) -> list[Found | Skipped]:
    """Run discovery to the end so the total is known before any page is read.

    Folders are walked for ``suffixes`` (text files by default; ``PAGE_SUFFIXES`` adds PDFs and images).
    """
    return list(discover(paths, suffixes))


def read_text(path: Path) -> tuple[str, str] | Skipped:
    """The decoded text and its encoding, or a Skipped saying why the file cannot be read."""
    try:
        return read_page(path)
    except PageSkipped as exc:
        return Skipped(exc.path, exc.reason)


def parse_text(text: str, path: Path, papers: PaperDirectory | None) -> ParsedPage | Skipped:
    """Parse one page; a parser crash becomes a Skipped so the rest of the batch goes on."""
    try:
        return parse_page(text, str(path), papers)
    except Exception as exc:  # the parser is heuristic: never let one page abort an import
        log.exception("parser failed on %s", path)
        return Skipped(display_path(path), f"parser error: {type(exc).__name__}: {exc}")


def load_page(path: Path, papers: PaperDirectory | None) -> LoadedPage | Skipped:
    """Read, decode and parse one file."""
    read = read_text(path)
    if isinstance(read, Skipped):
        return read
    text, encoding = read
    parsed = parse_text(text, path, papers)
    if isinstance(parsed, Skipped):
        return parsed
    return LoadedPage(path, encoding, parsed)


def _cancelled(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


_parsers: dict[int, tuple[PaperDirectory | None, PageParser]] = {}


def _parser(papers: PaperDirectory | None) -> PageParser:
    """One parser per paper directory (the default one shared), reused across the pages of a batch."""
    entry = _parsers.get(id(papers))
    if entry is None or entry[0] is not papers:
        if len(_parsers) > 8:
            _parsers.clear()
        entry = _parsers[id(papers)] = (papers, PageParser(papers))
    return entry[1]


class Batch:
    """The loop parsing and importing share: progress counted in pages, cancel checked between pages.

    ``total`` starts as the number of files and grows when a multi-page file (PDF, TIFF) opens (``grow``).
    ``start(path)`` comes before each page: it reports ``progress(done, total, path)`` and says False once
    ``cancel`` is set; ``done_page()`` after it; ``finish`` reports the end unless the batch was cancelled.
    """

    def __init__(self, total: int, progress: Progress | None, cancel: threading.Event | None) -> None:
        self.total, self.done = total, 0
        self._progress, self._cancel = progress, cancel

    @property
    def cancelled(self) -> bool:
        return _cancelled(self._cancel)

    def grow(self, pages: int) -> None:
        """The file being read holds ``pages`` pages, not one."""
        self.total += pages - 1

    def start(self, path: str | os.PathLike[str]) -> bool:
        if self.cancelled:
            log.info("batch cancelled after %d of %d pages", self.done, self.total)
            return False
        if self._progress is not None:
            self._progress(self.done, self.total, str(path))
        return True

    def done_page(self) -> None:
        self.done += 1

    def finish(self) -> None:
        if self._progress is not None and not self.cancelled:
            self._progress(self.done, self.total, "")


def read_pages(
    path: Path,
    papers: PaperDirectory | None,
    batch: Batch,
    *,
    ocr_cache: OcrCache | None = None,
    ahead: ReadAhead | None = None,
) -> Iterator[LoadedPage | Skipped]:
    """Every page of one file through ``batch`` (progress, cancel): a text file is one page, a PDF or TIFF
    one page per page; stops when the batch is cancelled. Pages ``ahead`` has read already are taken from it."""
    if not batch.start(path):
        return
    if file_kind(path) == "text":
        loaded = load_page(path, papers)
        batch.done_page()
        yield loaded
        return
    taken = ahead.take(path) if ahead is not None else None
    if taken is not None:
        count, results = taken
        if count != 1:
            batch.grow(count)
        pages: Iterable[LoadedPage | Skipped] = results
    else:
        pages = read_file(path, _parser(papers), ocr_cache=ocr_cache, cancel=batch._cancel, on_pages=batch.grow)
    first = True
    for result in pages:
        if not first and not batch.start(path):
            return
        first = False
        batch.done_page()
        yield result


def parse_paths(
    paths: Iterable[str | os.PathLike[str]],
    papers: PaperDirectory | None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    ocr_cache: OcrCache | None = None,
) -> Iterator[ParsedPage | Skipped]:
    """Parse every page found under ``paths``, in discovery order, yielding pages and skipped files.

    Folders are walked for text files, PDFs and page images (``PAGE_SUFFIXES``). ``cancel`` is checked between
    pages; when it is set the iteration simply stops. OCR results are kept in ``ocr_cache`` when given.
    Issues are not resolved here (see ``collect_pages``).
    """
    found = discover_all(paths, PAGE_SUFFIXES)
    batch = Batch(sum(isinstance(item, Found) for item in found), progress, cancel)
    for item in found:
        if isinstance(item, Skipped):
            yield item
            continue
        for result in read_pages(item.path, papers, batch, ocr_cache=ocr_cache):
            yield result if isinstance(result, Skipped) else result.page
        if batch.cancelled:
            return
    batch.finish()


def collect_pages(
    paths: Iterable[str | os.PathLike[str]],
    papers: PaperDirectory | None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    ocr_cache: OcrCache | None = None,
) -> ParseResult:
    """Parse everything under ``paths`` and fill missing paper/date from sibling pages."""
    result = ParseResult()
    for item in parse_paths(paths, papers, progress=progress, cancel=cancel, ocr_cache=ocr_cache):
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            result.pages.append(item)
    result.cancelled = _cancelled(cancel)
    resolve_issues(result.pages)
    return result
