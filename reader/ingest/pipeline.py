"""From paths on disk to parsed pages: discover, read/decode, parse; one bad page never stops a batch."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reader.ingest.decode import PageSkipped, read_page
from reader.ingest.discover import Found, Skipped, discover, display_path
from reader.ingest.issues import resolve_issues
from reader.ingest.model import ParsedPage
from reader.ingest.page import parse_page
from reader.ingest.papers import PaperDirectory
from reader.progress import Progress

log = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = [
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


@dataclass(frozen=True)
class LoadedPage:
    """A parsed page together with the file it came from and the encoding it was read with."""

    path: Path
    encoding: str
    page: ParsedPage


@dataclass
class ParseResult:
    """What a batch produced: pages (issues already resolved), skipped files, whether it was cancelled."""

    pages: list[ParsedPage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False


def discover_all(paths: Iterable[str | os.PathLike[str]]) -> list[Found | Skipped]:
    """Run discovery to the end so the total is known before any page is read."""
    return list(discover(paths))


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


class Batch:
    """The loop every batch of page files shares: cancel checked and progress reported between files.

    ``each`` yields the items one by one, reporting ``progress(done, total, path)`` before each file and
    stopping when ``cancel`` is set (items without a file, e.g. skip reports, pass through uncounted);
    ``finish`` reports the end unless the batch was cancelled.
    """

    def __init__(self, total: int, progress: Progress | None, cancel: threading.Event | None) -> None:
        self.total, self.done = total, 0
        self._progress, self._cancel = progress, cancel

    @property
    def cancelled(self) -> bool:
        return _cancelled(self._cancel)

    def each(self, items: Iterable[T], path_of: Callable[[T], Path | None]) -> Iterator[T]:
        for item in items:
            path = path_of(item)
            if path is None:
                yield item
                continue
            if self.cancelled:
                log.info("batch cancelled after %d of %d files", self.done, self.total)
                return
            if self._progress is not None:
                self._progress(self.done, self.total, str(path))
            yield item
            self.done += 1

    def finish(self) -> None:
        if self._progress is not None and not self.cancelled:
            self._progress(self.done, self.total, "")


def parse_paths(
    paths: Iterable[str | os.PathLike[str]],
    papers: PaperDirectory | None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[ParsedPage | Skipped]:
    """Parse every page found under ``paths``, in discovery order, yielding pages and skipped files.

    ``cancel`` is checked between pages; when it is set the iteration simply stops.
    Issues are not resolved here (see ``collect_pages``).
    """
    found = discover_all(paths)
    batch = Batch(sum(isinstance(item, Found) for item in found), progress, cancel)
    for item in batch.each(found, lambda i: i.path if isinstance(i, Found) else None):
        if isinstance(item, Skipped):
            yield item
            continue
        loaded = load_page(item.path, papers)
        yield loaded if isinstance(loaded, Skipped) else loaded.page
    batch.finish()


def collect_pages(
    paths: Iterable[str | os.PathLike[str]],
    papers: PaperDirectory | None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ParseResult:
    """Parse everything under ``paths`` and fill missing paper/date from sibling pages."""
    result = ParseResult()
    for item in parse_paths(paths, papers, progress=progress, cancel=cancel):
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            result.pages.append(item)
    result.cancelled = _cancelled(cancel)
    resolve_issues(result.pages)
    return result
