"""Importing page files into the library: the writer side of it (the writer process and the command line).

Work goes folder by folder (issues are resolved among the pages of a folder, stored ones included); every page
is written in its own transaction, so a cancelled or interrupted import leaves each page either fully stored or
absent. A page is known by its path and by its content: the same text under a new path is the same page moved
(its row follows the file) or a copy (reported, not added).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from reader.ingest.discover import display_path
from reader.ingest.issues import resolve_issues
from reader.ingest.model import PageMeta, ParsedPage
from reader.ingest.ocr import OcrCache, file_digest
from reader.ingest.pages import PAGE_FRAGMENT, PAGE_SUFFIXES, file_kind, split_source
from reader.ingest.papers import BUNDLED_PAPERS, USER_FILE_NAME, PaperDirectory
from reader.ingest.pipeline import Batch, Skipped, discover_all, parse_text, read_pages, read_text
from reader.ingest.readahead import ReadAhead
from reader.library.corrections import apply_corrections
from reader.library.pagemeta import META_FIELDS, content_hash, meta_from_dict
from reader.library.pagewriter import PageHook, PageWriter
from reader.library.records import ImportReport
from reader.library.store import Library
from reader.progress import Progress

log = logging.getLogger(__name__)

NAME_NOT_UTF8 = (
    "file name is not UTF-8 (GBK from Windows?): rename it to import it, e.g. convmv -f gbk -t utf8 -r --notest"
)


def _absolute(path: str | os.PathLike[str]) -> Path:
    """The path made absolute, symlinks resolved where possible (a link loop is reported by discovery)."""
    try:
        return Path(path).expanduser().resolve()
    except (RuntimeError, OSError):  # before Python 3.13 resolve() raises on a symlink loop
        return Path(os.path.abspath(os.path.expanduser(path)))


def _storable(path: Path) -> bool:
    """Whether the path can be stored as text: names with undecodable bytes carry surrogates SQLite refuses."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _meta_key(meta: PageMeta) -> tuple[Any, ...]:
    return tuple(getattr(meta, name) for name in META_FIELDS)


def _same_page(a: dict[str, Any], b: PageMeta) -> bool:
    """Whether stored metadata ``a`` names the same paper, date and page as ``b`` (the parser's own reading)."""
    return (a.get("paper"), a.get("date"), a.get("page")) == (
        b.paper,
        b.date.isoformat() if b.date else None,
        b.page,
    )


def _holds_text(row: tuple[int, str] | None, digest: str) -> bool:
    """Whether the stored page of a text file (``_stored_text``) has this very text."""
    return row is not None and row[1] == digest


def _holds_file(stored: list[tuple[int, str, int, str | None]], file_hash: str) -> bool:
    """Whether the pages stored from a document (``_stored_pages_of``) all come from this very file."""
    return bool(stored) and all(h == file_hash for _pid, _src, _iid, h in stored)


@dataclass
class _Incoming:
    """A page read and parsed in this import, waiting to be written."""

    source: str  # the file's path, or "<path>#page=<n>" for a page of a multi-page file
    encoding: str
    digest: str  # of the page's text
    page: ParsedPage
    parsed: dict[str, Any]  # the parser's own metadata, before siblings and corrections
    file_hash: str | None = None  # of the whole file (PDFs and images)
    file_size: int | None = None


@dataclass
class _Stored:
    """A page already in the library, in the folder being imported (a sibling for issue resolution)."""

    id: int
    page: ParsedPage
    before: tuple[Any, ...]


class Importer:
    """Reads, parses and writes pages into one library; ``on_page_written`` runs in each page's transaction."""

    def __init__(
        self, library: Library, *, on_page_written: PageHook | None = None, papers: PaperDirectory | None = None
    ) -> None:
        self.library = library
        self.conn = library.connection
        self.writer = PageWriter(library, on_page_written)
        self._states: dict[Path, tuple[str, int]] = {}  # documents' (hash, size), read ahead of the import
        self._texts: dict[Path, tuple[str, str, str] | Skipped] = {}  # text files read ahead of the import
        # OCR results are kept by file content: importing a scan again (moved, copied, forced) never runs OCR twice.
        self.ocr_cache = OcrCache(library.folder / "cache" / "ocr")
        if papers is not None:
            self.papers = papers

    @cached_property
    def papers(self) -> PaperDirectory | None:
        """The bundled paper directory merged with the library's own papers.json, if it has one."""
        user_file = self.library.folder / USER_FILE_NAME
        if not user_file.is_file():
            return None  # the parser's (cached) default directory
        return PaperDirectory.load([BUNDLED_PAPERS, user_file])

    def import_paths(
        self,
        paths: list[str | os.PathLike[str]] | tuple[str | os.PathLike[str], ...] | Any,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        force: bool = False,
    ) -> ImportReport:
        """Import every page found under ``paths``; a file already imported with the same text is left alone.

        ``force`` re-parses unchanged files too.
        """
        report = ImportReport()
        folders: dict[str, list[Path]] = {}
        for item in discover_all((_absolute(p) for p in paths), PAGE_SUFFIXES):
            if isinstance(item, Skipped):
                report.skipped.append((item.path, item.reason))
            elif not _storable(item.path):
                report.skipped.append((display_path(item.path), NAME_NOT_UTF8))
            else:
                folders.setdefault(str(item.path.parent), []).append(item.path)
        batch = Batch(sum(len(files) for files in folders.values()), progress, cancel)
        in_order = [path for files in folders.values() for path in files]
        with ReadAhead(in_order, self.papers, lambda path: self._needs_reading(path, force)) as ahead:
            for folder, files in folders.items():
                incoming: list[_Incoming] = []
                for path in files:
                    if file_kind(path) == "text":
                        incoming += self._prepare_text(path, force, report, batch, ahead)
                    else:
                        incoming += self._prepare_document(path, force, report, batch, ahead)
                    if batch.cancelled:
                        break
                if batch.cancelled:
                    report.cancelled = True
                    break
                self._write_folder(folder, incoming, report, cancel)
                if report.cancelled:
                    break
        batch.finish()
        log.info(
            "import: %d added, %d replaced, %d unchanged, %d moved, %d copies, %d skipped%s",
            report.added,
            report.replaced,
            report.unchanged,
            report.moved,
            len(report.duplicates),
            len(report.skipped),
            " (cancelled)" if report.cancelled else "",
        )
        return report

    def _read_text(self, path: Path) -> tuple[str, str, str] | Skipped:
        """(text, encoding, content hash) of a text file, or why it cannot be read; kept for the import's next ask."""
        kept = self._texts.pop(path, None)
        if kept is not None:
            return kept
        read = read_text(path)
        if isinstance(read, Skipped):
            return read
        return read[0], read[1], content_hash(read[0])

    def _stored_text(self, path: Path) -> tuple[int, str] | None:
        """(issue id, content hash) of the page stored from this text file."""
        row = self.conn.execute(
            "SELECT issue_id, content_hash FROM pages WHERE source_path = ?", (str(path),)
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def _prepare_text(
        self, path: Path, force: bool, report: ImportReport, batch: Batch, ahead: ReadAhead | None = None
    ) -> list[_Incoming]:
        """A text file: read it; parse it unless the library holds the same text for that path (or moved there)."""
        if not batch.start(path):
            return []
        batch.done_page()
        read = self._read_text(path)
        if isinstance(read, Skipped):
            report.skipped.append((read.path, read.reason))
            return []
        text, encoding, digest = read
        row = self._stored_text(path)
        if _holds_text(row, digest) and not force:
            assert row is not None
            report.unchanged += 1
            report.issue_ids.add(row[0])
            return []
        parsed = ahead.take_text(path, text) if ahead is not None else None
        if parsed is None:
            parsed = parse_text(text, path, self.papers)
        if isinstance(parsed, Skipped):
            report.skipped.append((parsed.path, parsed.reason))
            return []
        if row is None and self._known_elsewhere(str(path), digest, parsed, report) and not force:
            return []
        return [_Incoming(str(path), encoding, digest, parsed, parsed.meta.to_json())]

    def _file_state(self, path: Path) -> tuple[str, int]:
        """The file's content hash and size (``OSError`` if it cannot be read); kept for the import's next ask."""
        state = self._states.pop(path, None)
        return state if state is not None else (file_digest(path), path.stat().st_size)

    def _needs_reading(self, path: Path, force: bool) -> bool:
        """Whether a file must be read (asked ahead of the import): not the very text or file the library holds."""
        if file_kind(path) == "text":
            read = self._texts[path] = self._read_text(path)
            if isinstance(read, Skipped):
                return False  # the import reports it
            return force or not _holds_text(self._stored_text(path), read[2])
        try:
            state = self._states[path] = self._file_state(path)
        except OSError:
            return False  # the import reports it
        return force or not _holds_file(self._stored_pages_of(path), state[0])

    def _prepare_document(
        self, path: Path, force: bool, report: ImportReport, batch: Batch, ahead: ReadAhead | None = None
    ) -> list[_Incoming]:
        """A PDF or an image (a TIFF may hold many pages): every page, unless the library holds this very file.

        The file's hash decides: an unchanged file is neither opened nor OCRed again. Pages a changed file no
        longer has are removed (their notes stay, orphaned, and attach again if the pages come back).
        """
        try:
            file_hash, size = self._file_state(path)
        except OSError as exc:
            report.skipped.append((display_path(path), f"cannot read: {exc.strerror or exc}"))
            batch.start(path)
            batch.done_page()
            return []
        stored = self._stored_pages_of(path)
        if _holds_file(stored, file_hash) and not force:
            batch.grow(len(stored))
            for _pid, source, issue_id, _h in stored:
                batch.start(source)
                batch.done_page()
                report.unchanged += 1
                report.issue_ids.add(issue_id)
            return []
        # A stored page is known by its number: a one-page file's page is "path", page 1 of several "path#page=1".
        by_number = {split_source(src)[1] or 1: (pid, src) for pid, src, _iid, _h in stored}
        incoming: list[_Incoming] = []
        for loaded in read_pages(path, self.papers, batch, ocr_cache=self.ocr_cache, ahead=ahead):
            if isinstance(loaded, Skipped):
                report.skipped.append((loaded.path, loaded.reason))
                continue
            page = loaded.page
            digest = content_hash(page.text)
            mine = by_number.get(split_source(page.source)[1] or 1)
            if mine is None:
                if self._known_elsewhere(page.source, digest, page, report) and not force:
                    continue
            elif mine[1] != page.source:  # the file gained or lost pages: its page keeps its row under the new name
                with self.writer.writing(page.source):
                    self.writer.move_source(mine[0], page.source, str(path.parent))
            incoming.append(_Incoming(page.source, loaded.encoding, digest, page, page.meta.to_json(), file_hash, size))
        if not batch.cancelled and incoming:
            read_numbers = {split_source(i.source)[1] or 1 for i in incoming}
            gone = [pid for number, (pid, _src) in by_number.items() if number not in read_numbers]
            for page_id in gone:  # a changed file with fewer pages: the pages it lost go
                with self.writer.writing(str(path)):
                    self.writer.remove_page(page_id)
        return incoming

    def _stored_pages_of(self, path: Path) -> list[tuple[int, str, int, str | None]]:
        """(page id, source, issue id, file hash) of the pages stored from this file (one, or one per page)."""
        name = str(path)
        pattern = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + PAGE_FRAGMENT + "%"
        rows = self.conn.execute(
            "SELECT id, source_path, issue_id, file_hash FROM pages WHERE source_path = ?"
            " OR source_path LIKE ? ESCAPE '\\'",
            (name, pattern),
        ).fetchall()
        return [(int(r[0]), str(r[1]), int(r[2]), r[3]) for r in rows]

    def _known_elsewhere(self, source: str, digest: str, parsed: ParsedPage, report: ImportReport) -> bool:
        """Whether this new source holds a page the library has under another one: moved there, or a copy.

        The same text counts as the same page when it also names the same paper, date and page (a daily
        advert page printed identically on two days is two pages). A stored file that is gone has moved here:
        the page keeps its id, articles and notes and follows the file. One that still exists makes this a copy,
        reported and not added.
        """
        rows = self.conn.execute(
            "SELECT id, issue_id, source_path, meta FROM pages WHERE content_hash = ?", (digest,)
        ).fetchall()
        for page_id, issue_id, stored_source, meta_json in rows:
            stored = json.loads(meta_json)
            if not _same_page(stored.get("parsed") or stored, parsed.meta):
                continue
            if os.path.lexists(split_source(stored_source)[0]):
                report.duplicates.append((source, stored_source))
                report.issue_ids.add(issue_id)
                return True
            folder = str(Path(split_source(source)[0]).parent)
            with self.writer.writing(source):
                self.writer.move_source(page_id, source, folder)
                issue_id = self.writer.move_page(page_id, meta_from_dict(stored))  # folder-keyed issues follow
            log.info("page moved: %s -> %s", stored_source, source)
            report.moved += 1
            report.issue_ids.add(issue_id)
            return True
        return False

    def _write_folder(
        self, folder: str, incoming: list[_Incoming], report: ImportReport, cancel: threading.Event | None
    ) -> None:
        if not incoming:
            return
        new_sources = {i.source for i in incoming}
        stored = [s for s in self._stored_siblings(folder) if s.page.source not in new_sources]
        # The user's page values go in before resolution so that siblings inherit them, too.
        for inc in incoming:
            apply_corrections(inc.page.meta, self.writer.corrections("page", inc.source))
        try:
            resolve_issues([i.page for i in incoming] + [s.page for s in stored])
        except Exception:  # heuristic code: pages keep their own metadata rather than the import failing
            log.exception("resolving issues failed in %s", folder)
        for inc in incoming:
            self.writer.correct(inc.page.meta, folder, inc.source)
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                return
            with self.writer.writing(inc.source):
                issue_id, replaced = self.writer.write_page(
                    inc.page, inc.source, folder, inc.digest, inc.encoding, inc.parsed,
                    file_hash=inc.file_hash, file_size=inc.file_size,
                )
            report.replaced += replaced
            report.added += not replaced
            report.articles += len(inc.page.articles)
            report.issue_ids.add(issue_id)
        # Stored siblings may have learnt their paper/date from the new pages: move them to their issue.
        for sib in stored:
            self.writer.correct(sib.page.meta, folder, sib.page.source)
            if _meta_key(sib.page.meta) != sib.before:
                with self.writer.writing(sib.page.source):
                    self.writer.move_page(sib.id, sib.page.meta)

    def _stored_siblings(self, folder: str) -> list[_Stored]:
        rows = self.conn.execute(
            "SELECT id, source_path, meta FROM pages WHERE folder = ? ORDER BY seq, source_path", (folder,)
        ).fetchall()
        result = []
        for page_id, source, meta_json in rows:
            meta = meta_from_dict(json.loads(meta_json))
            # resolve_issues reads only source and metadata: no need to load text and items.
            result.append(_Stored(page_id, ParsedPage(source=source, text="", meta=meta), _meta_key(meta)))
        return result
