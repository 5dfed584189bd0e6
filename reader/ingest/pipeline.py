"""From paths on disk to parsed pages: discover, read/decode, parse; one bad page never stops a batch.

Text files, PDFs (one page per PDF page) and scanned images (OCR) are read; pages come out one at a time, so
a 500-page PDF is never held in memory whole.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
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

if TYPE_CHECKING:
    from reader.ingest.ocr import OcrCache

log = logging.getLogger(__name__)

# progress(done, total, current): ``done`` of ``total`` pages finished; ``current`` is the file being read.
# ``total`` starts as the number of files and grows when a multi-page file (PDF, TIFF) is opened.
Progress = Callable[[int, int, str], None]

__all__ = [
    "PAGE_SUFFIXES",
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
    total = sum(isinstance(item, Found) for item in found)
    done = 0

    def grow(pages: int) -> None:
        nonlocal total
        total += pages - 1

    for item in found:
        if isinstance(item, Skipped):
            yield item
            continue
        if _cancelled(cancel):
            log.info("parsing cancelled after %d of %d pages", done, total)
            return
        if progress is not None:
            progress(done, total, str(item.path))
        if file_kind(item.path) == "text":
            loaded = load_page(item.path, papers)
            done += 1
            yield loaded if isinstance(loaded, Skipped) else loaded.page
            continue
        first = True
        for result in read_file(item.path, _parser(papers), ocr_cache=ocr_cache, cancel=cancel, on_pages=grow):
            if not first and progress is not None:
                progress(done, total, str(item.path))
            first = False
            done += 1
            yield result if isinstance(result, Skipped) else result.page
        if first:  # cancelled before its first page
            return
    if progress is not None:
        progress(done, total, "")


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
