"""Reading PDF pages with a text layer in worker processes, ahead of the importer that stores them.

Reading and reconstructing a PDF page costs tens of milliseconds of Python; storing it a few. Worker processes
read the next files while the importer stores the current ones, in the importer's own order. Only PDFs go to
the workers, in chunks of pages: a page that needs OCR sends its file back to the importer's process (OCR runs
one page at a time, with its cache, where the import's progress and memory are watched). Anything that goes
wrong in a worker (a crash, a damaged pool) also sends the file back: the importer reads it itself.
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
from typing import TYPE_CHECKING

from reader.ingest.discover import Skipped
from reader.ingest.pages import LoadedPage, NeedsOcr, file_kind, read_file

if TYPE_CHECKING:
    from reader.ingest.page import PageParser
    from reader.ingest.papers import PaperDirectory

log = logging.getLogger(__name__)

__all__ = ["ReadAhead"]

MIN_PAGES = 8  # fewer PDF pages to read than this and the importer reads them itself (workers cost ~50 ms)
CHUNK_PAGES = 16  # a worker's job: at most this many pages of one file (a 500-page volume is shared out)
WINDOW_CHUNKS = 3  # jobs per worker submitted ahead of the importer: bounds the results held in memory

Results = list[LoadedPage | Skipped]

_worker_parser: PageParser | None = None


def _start_worker(papers: PaperDirectory | None) -> None:
    global _worker_parser
    from reader.ingest.page import PageParser

    _worker_parser = PageParser(papers)


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
    count: int
    chunks: list[Future[Results | None]] = field(default_factory=list)


class ReadAhead:
    """Reads the PDFs among ``files`` (in that order) in worker processes; ``take`` hands each file's pages over.

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
        self._files: Iterator[Path] = (p for p in files if file_kind(p) == "pdf")
        self._papers = papers
        self._wanted = wanted
        self._workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self._queued: deque[_File] = deque()  # counted, not yet submitted
        self._ahead: dict[Path, _File] = {}  # submitted, not yet taken
        self._passed: set[Path] = set()  # not wanted, or unreadable: the importer reads (or skips) them itself
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
        if self._off:
            return None
        self._fill(until=path)
        item = self._ahead.pop(path, None)
        self._fill()
        if item is None:
            return None
        results: Results = []
        try:
            for chunk in item.chunks:
                part = chunk.result()
                if part is None:
                    return None  # a page needs OCR
                results += part
        except BrokenProcessPool as exc:  # a worker died: the importer reads this file and the rest itself
            log.warning("reading ahead stopped at %s (%s); reading here", path, exc)
            self.close()
            return None
        except Exception as exc:  # a worker's error: the importer reads this file itself (and reports it)
            log.warning("reading %s ahead failed (%s: %s); reading it here", path, type(exc).__name__, exc)
            return None
        return item.count, results

    def _fill(self, until: Path | None = None) -> None:
        """Count files and submit chunks until the window is full, and at least up to ``until``."""
        while not self._off:
            submitted = sum(len(f.chunks) for f in self._ahead.values())
            reached = until is None or until in self._ahead or until in self._passed
            if reached and submitted >= self._workers * WINDOW_CHUNKS:
                return
            if not self._queued and not self._next_file():
                return
            if self._pool is None and not self._start():
                return
            item = self._queued.popleft()
            assert self._pool is not None
            try:
                for start in range(0, item.count, CHUNK_PAGES):
                    item.chunks.append(self._pool.submit(_read_chunk, item.path, start, start + CHUNK_PAGES))
            except BrokenProcessPool:
                self.close()
                return
            self._ahead[item.path] = item

    def _next_file(self) -> bool:
        """Queue the next PDF that needs reading, with its page count; False at the end of the files."""
        from reader.ingest.pdf import PdfError, page_count

        for path in self._files:
            if not self._wanted(path):
                self._passed.add(path)
                continue
            try:
                count = page_count(path)
            except PdfError:
                self._passed.add(path)  # the importer reads it and reports why it cannot be read
                continue
            self._queued.append(_File(path, count))
            return True
        self._exhausted = True
        return False

    def _start(self) -> bool:
        """Start the workers once enough pages wait (a handful is read faster here than workers start)."""
        while sum(f.count for f in self._queued) < MIN_PAGES and not self._exhausted:
            self._next_file()
        if sum(f.count for f in self._queued) < MIN_PAGES:
            self._off = True
            return False
        import multiprocessing

        # Forked workers start in milliseconds with the parser's modules loaded; they only read files.
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(
            self._workers, mp_context=ctx, initializer=_start_worker, initargs=(self._papers,)
        )
        return True
