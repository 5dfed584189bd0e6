"""Reading pages in worker processes, ahead of the importer that stores them.

Reading and reconstructing a PDF page costs tens of milliseconds of Python, parsing a text page about ten;
storing either a few. Worker processes read the next files while the importer stores the current ones, in the
importer's own order. PDFs go to the workers in chunks of pages: a page that needs OCR sends its file back to
the importer's process (OCR runs one page at a time, with its cache, where the import's progress and memory
are watched); scans never go. A text page comes back with the text the worker parsed, which the importer
compares with its own reading of the file. Anything that goes wrong in a worker (a crash, a damaged pool)
also sends the file back: the importer reads it itself.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.ingest.discover import Skipped
from reader.ingest.model import ParsedPage
from reader.ingest.pages import LoadedPage, NeedsOcr, file_kind, read_file
from reader.ingest.pipeline import parse_text, read_text

if TYPE_CHECKING:
    from reader.ingest.page import PageParser
    from reader.ingest.papers import PaperDirectory

log = logging.getLogger(__name__)

__all__ = ["ReadAhead"]

MIN_PAGES = 8  # fewer pages to read than this and the importer reads them itself (workers cost ~50 ms)
CHUNK_PAGES = 16  # a worker's job: at most this many pages of one file (a 500-page volume is shared out)
WINDOW_CHUNKS = 3  # jobs per worker submitted ahead of the importer: bounds the results held in memory
AHEAD_FILES = 64  # files looked at ahead of the importer (unchanged ones are passed over, not read)

Results = list[LoadedPage | Skipped]

_worker_parser: PageParser | None = None
_worker_papers: PaperDirectory | None = None


def _start_worker(papers: PaperDirectory | None) -> None:
    global _worker_parser, _worker_papers
    from reader.ingest.page import PageParser

    _worker_parser, _worker_papers = PageParser(papers), papers


def _read_text_page(path: Path) -> tuple[str, ParsedPage | Skipped] | None:
    """A text page's text as read here, and its parse; None when it cannot be read (the importer says why)."""
    read = read_text(path)
    if isinstance(read, Skipped):
        return None
    return read[0], parse_text(read[0], path, _worker_papers)


def _read_chunk(path: Path, start: int, stop: int) -> Results | None:
    """Pages ``start``..``stop`` of a PDF, parsed; None when one needs OCR (the importer reads the file)."""
    assert _worker_parser is not None
    try:
        return list(read_file(path, _worker_parser, pages=range(start, stop), ocr=False))
    except NeedsOcr:
        return None


@dataclass
class _File:
    path: Path
    count: int  # pages; 0 for a text file
    chunks: list[Future[Any]] = field(default_factory=list)


class ReadAhead:
    """Reads the PDFs and text pages among ``files`` (in that order) in worker processes; ``take`` hands a
    PDF's pages over, ``take_text`` a text page's parse.

    ``wanted`` says whether a file needs reading at all (the importer leaves unchanged files alone); it is
    asked in order, a few files ahead of the importer.
    """

    def __init__(
        self,
        files: Iterable[Path],
        papers: PaperDirectory | None,
        wanted: Callable[[Path], bool],
        *,
        workers: int | None = None,
    ) -> None:
        listed = [p for p in files if file_kind(p) in ("pdf", "text")]
        self._files: Iterator[Path] = iter(listed)
        self._position = {p: n for n, p in enumerate(listed)}
        self._at = -1  # the position of the file the importer asked for last: files before it are behind it
        self._papers = papers
        self._wanted = wanted
        self._workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self._queued: deque[_File] = deque()  # counted, not yet submitted
        self._ahead: dict[Path, _File] = {}  # submitted, not yet taken
        self._passed: set[Path] = set()  # not wanted, or unreadable: the importer reads (or skips) them itself
        self._order: deque[Path] = deque()  # files looked at and not yet reached by the importer
        self._pool: ProcessPoolExecutor | None = None
        self._off = self._workers < 2
        self._exhausted = False

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers; jobs not started are dropped (a cancelled import waits for no more than a chunk)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._off = True

    def take(self, path: Path) -> tuple[int, Results] | None:
        """The page count and parsed pages of ``path``, read ahead; None if the importer must read it itself."""
        item = self._taken(path)
        if item is None or not item.count:
            return None
        parts = self._wait(item)
        if parts is None or any(part is None for part in parts):  # a page needs OCR
            return None
        return item.count, [page for part in parts for page in part]

    def take_text(self, path: Path, text: str) -> ParsedPage | Skipped | None:
        """The parse of text page ``path`` if a worker read this very ``text``; else None (parse it here)."""
        item = self._taken(path)
        if item is None or item.count:
            return None
        parts = self._wait(item)
        done = parts[0] if parts else None
        if done is None or done[0] != text:  # unreadable there, or the file changed in between
            return None
        parsed: ParsedPage | Skipped = done[1]
        return parsed

    def _wait(self, item: _File) -> list[Any] | None:
        """The results of a file's jobs; None when a worker failed (the importer reads the file itself)."""
        try:
            return [chunk.result() for chunk in item.chunks]
        except BrokenProcessPool as exc:  # a worker died: the importer reads this file and the rest itself
            log.warning("reading ahead stopped at %s (%s); reading here", item.path, exc)
            self.close()
        except Exception as exc:  # a worker's error: the importer reads this file itself (and reports it)
            log.warning("reading %s ahead failed (%s: %s); reading it here", item.path, type(exc).__name__, exc)
        return None

    def _taken(self, path: Path) -> _File | None:
        """``path``'s jobs, out of the window (which is topped up again), if it was read ahead."""
        if self._off:
            return None
        self._at = max(self._at, self._position.get(path, -1))
        self._fill(until=path)
        item = self._ahead.pop(path, None)
        while self._order:  # the importer goes in order: every file up to this one is behind it now
            behind = self._order.popleft()
            self._passed.discard(behind)
            if behind == path:
                break
        while self._queued and self._position[self._queued[0].path] <= self._at:
            self._queued.popleft()  # counted while too few waited to start the workers: read by the importer
        self._fill()
        return item

    def _fill(self, until: Path | None = None) -> None:
        """Count files and submit chunks until the window is full, and at least up to ``until``."""
        while not self._off:
            submitted = sum(len(f.chunks) for f in self._ahead.values())
            reached = until is None or until in self._ahead or until in self._passed
            if reached and (submitted >= self._workers * WINDOW_CHUNKS or len(self._order) >= AHEAD_FILES):
                return
            if not self._queued and not self._next_file():
                return
            if self._pool is None and not self._start():
                return
            item = self._queued.popleft()
            assert self._pool is not None
            try:
                if not item.count:
                    item.chunks.append(self._pool.submit(_read_text_page, item.path))
                for start in range(0, item.count, CHUNK_PAGES):
                    item.chunks.append(self._pool.submit(_read_chunk, item.path, start, start + CHUNK_PAGES))
            except BrokenProcessPool:
                self.close()
                return
            self._ahead[item.path] = item

    def _next_file(self) -> bool:
        """Queue the next file that needs reading, with its page count; False at the end of the files or of
        the look-ahead."""
        from reader.ingest.pdf import PdfError, page_count

        while len(self._order) < AHEAD_FILES:
            path = next(self._files, None)
            if path is None:
                self._exhausted = True
                break
            if self._position[path] < self._at:
                continue  # the importer has passed it already (it asked for no file in between)
            self._order.append(path)
            if not self._wanted(path):
                self._passed.add(path)
                continue
            try:
                count = page_count(path) if file_kind(path) == "pdf" else 0
            except PdfError:
                self._passed.add(path)  # the importer reads it and reports why it cannot be read
                continue
            self._queued.append(_File(path, count))
            return True
        return False  # at the end of the files, or as far ahead as it looks for now

    def _waiting(self) -> int:
        return sum(max(f.count, 1) for f in self._queued)

    def _start(self) -> bool:
        """Start the workers once enough pages wait (a handful is read faster here than workers start)."""
        while self._waiting() < MIN_PAGES and self._next_file():
            pass
        if self._waiting() < MIN_PAGES:
            self._off = self._exhausted  # too few in all: never; else perhaps further on
            return False
        import multiprocessing

        # Forked workers start in milliseconds with the parser's modules loaded; they only read files.
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(
            self._workers, mp_context=ctx, initializer=_start_worker, initargs=(self._papers,)
        )
        return True
