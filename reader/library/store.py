"""The Library: imports parsed pages into SQLite, one transaction per page, and answers queries."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from reader.ingest.discover import display_path
from reader.ingest.issues import resolve_issues
from reader.ingest.labels import normalize_page_label
from reader.ingest.model import Article, PageMeta, ParsedPage
from reader.library.corrections import FIELDS, apply_corrections, check_field, encode_value
from reader.library.db import DB_NAME, LibraryError, connect, transaction, write_problem
from reader.library.links import JumpEnd, compute_links
from reader.library.pagemeta import META_FIELDS, best_value, content_hash, meta_from_dict
from reader.library.records import (
    ArticleRecord,
    BlockRecord,
    CorrectionRecord,
    ImportReport,
    IssueRecord,
    PageRecord,
    PageSummary,
    PaperRecord,
    TocEntry,
)

if TYPE_CHECKING:
    from reader.ingest.papers import PaperDirectory
    from reader.ingest.pipeline import Progress
    from reader.notes.store import NoteStore

# The parser (reader.ingest.pipeline, the paper directory) and the note re-anchoring are imported where
# pages are written: the window opens the library only to read it, and loading them took a fifth of its
# start-up time.

log = logging.getLogger(__name__)

R = TypeVar("R")

_ISSUE_META = ("paper", "date", "issue_number", "page_count")
_UNKNOWN_ORDER = 10**7


def issue_key(paper: str | None, date: dt.date | None, folder: str) -> str:
    """The unique key of an issue: paper and date, plus the folder when either is unknown.

    Pages of unknown paper or date are grouped per folder rather than lumped together library-wide.
    """
    day = date.isoformat() if date else "?"
    if paper and date:
        return f"{paper}|{day}"
    return f"{paper or '?'}|{day}|{folder}"


def page_order(label: str | None) -> int:
    """Sort key of a page in its issue: 1, 2, ... then A1, A2, ..., B1, ...; other labels last."""
    norm = normalize_page_label(label)
    if norm is None:
        return _UNKNOWN_ORDER
    letters = norm.rstrip("0123456789")
    section = sum(ord(c) - ord("A") + 1 for c in letters)
    return section * 100_000 + int(norm[len(letters) :])


def _label(label: str | None) -> str | None:
    """The canonical page label, or the label as printed when it is not a page number."""
    return normalize_page_label(label) or (label.strip() if label and label.strip() else None)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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


def _cancelled(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


def _spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in json.loads(text))


def _meta_key(meta: PageMeta) -> tuple[Any, ...]:
    return tuple(getattr(meta, name) for name in META_FIELDS)


@dataclass
class _Incoming:
    """A page read and parsed in this import, waiting to be written."""

    path: Path
    encoding: str
    digest: str
    page: ParsedPage
    parsed: dict[str, Any]  # the parser's own metadata, before siblings and corrections


@dataclass
class _Stored:
    """A page already in the library, in the folder being imported (a sibling for issue resolution)."""

    id: int
    page: ParsedPage
    before: tuple[Any, ...]


_ARTICLE_SELECT = """
    SELECT a.id, a.page_id, p.issue_id, p.page_label, a.ord, a.kicker, a.title, a.subtitle, a.byline,
           a.section, a.body, a.continued_to, a.continued_from, a.spans, a.char_count, a.subheads,
           (SELECT to_article FROM article_links WHERE from_article = a.id AND kind = 'continues' LIMIT 1),
           (SELECT from_article FROM article_links WHERE to_article = a.id AND kind = 'continues' LIMIT 1)
    FROM articles a JOIN pages p ON p.id = a.page_id
"""

_ISSUE_SELECT = """
    SELECT i.id, i.key, n.name, i.date, i.issue_number, i.page_count,
           (SELECT COUNT(*) FROM pages p WHERE p.issue_id = i.id),
           (SELECT COUNT(*) FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.issue_id = i.id),
           i.provenance
    FROM issues i LEFT JOIN papers n ON n.id = i.paper_id
"""
_ISSUE_ORDER = " ORDER BY n.name IS NULL, n.name, i.date IS NULL, i.date, i.id"

_PAGE_SELECT = """
    SELECT p.id, p.issue_id, p.source_path, p.page_label, p.seq, p.encoding, p.content_hash, p.imported_at,
           (SELECT COUNT(*) FROM articles a WHERE a.page_id = p.id),
           (SELECT COUNT(*) FROM blocks b WHERE b.page_id = p.id),
           p.text, p.meta
    FROM pages p
"""


class IndexArticle(NamedTuple):
    """One article as the search index sees it (date as stored: ISO text or None)."""

    id: int
    page_id: int
    paper: str | None
    date: str | None
    page_label: str | None
    section: str | None
    kicker: str | None
    title: str | None
    subtitle: str | None
    byline: str | None
    body: str


class IndexBlock(NamedTuple):
    """One non-article block as the search index sees it (date as stored: ISO text or None)."""

    id: int
    page_id: int
    paper: str | None
    date: str | None
    page_label: str | None
    kind: str
    text: str


class Library:
    """The user's library in one folder: owns a SQLite connection (use it from one thread only)."""

    def __init__(self, folder: str | os.PathLike[str], papers: PaperDirectory | None = None) -> None:
        self.folder = Path(folder).expanduser()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create library folder {self.folder}: {exc.strerror or exc}") from exc
        self.db_path = self.folder / DB_NAME
        self._conn = connect(self.db_path)
        if papers is not None:
            self._papers = papers  # otherwise read on the first parse

    @property
    def notes(self) -> NoteStore:
        """The reader's bookmarks, highlights and notes, on this library's connection."""
        from reader.notes.store import NoteStore  # here: reader.notes.store itself imports reader.library

        return NoteStore(self._conn)

    @cached_property
    def _papers(self) -> PaperDirectory | None:
        """The bundled paper directory merged with the library's own papers.json, if it has one."""
        from reader.ingest.papers import BUNDLED_PAPERS, USER_FILE_NAME, PaperDirectory

        user_file = self.folder / USER_FILE_NAME
        if not user_file.is_file():
            return None  # the parser's (cached) default directory
        return PaperDirectory.load([BUNDLED_PAPERS, user_file])

    # -- lifetime ---------------------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- import -----------------------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        force: bool = False,
    ) -> ImportReport:
        """Import every page found under ``paths``; a file already imported with the same text is left alone.

        Work goes folder by folder (issues are resolved among the pages of a folder, stored ones included);
        every page is written in its own transaction, so a cancelled or interrupted import leaves each page
        either fully stored or absent. ``force`` re-parses unchanged files too.
        """
        from reader.ingest.pipeline import Skipped, discover_all

        report = ImportReport()
        folders: dict[str, list[Path]] = {}
        for item in discover_all(_absolute(p) for p in paths):
            if isinstance(item, Skipped):
                report.skipped.append((item.path, item.reason))
            elif not _storable(item.path):
                report.skipped.append((display_path(item.path), NAME_NOT_UTF8))
            else:
                folders.setdefault(str(item.path.parent), []).append(item.path)
        total = sum(len(files) for files in folders.values())
        done = 0
        for folder, files in folders.items():
            incoming: list[_Incoming] = []
            for path in files:
                if _cancelled(cancel):
                    break
                if progress is not None:
                    progress(done, total, str(path))
                loaded = self._prepare(path, force, report)
                if loaded is not None:
                    incoming.append(loaded)
                done += 1
            if _cancelled(cancel):
                report.cancelled = True
                break
            self._write_folder(folder, incoming, report, cancel)
            if report.cancelled:
                break
        if progress is not None and not report.cancelled:
            progress(done, total, "")
        log.info(
            "import: %d added, %d replaced, %d unchanged, %d skipped%s",
            report.added,
            report.replaced,
            report.unchanged,
            len(report.skipped),
            " (cancelled)" if report.cancelled else "",
        )
        return report

    def _prepare(self, path: Path, force: bool, report: ImportReport) -> _Incoming | None:
        """Read a file; parse it unless the library already holds the same text for that path."""
        from reader.ingest.pipeline import Skipped, parse_text, read_text

        read = read_text(path)
        if isinstance(read, Skipped):
            report.skipped.append((read.path, read.reason))
            return None
        text, encoding = read
        digest = content_hash(text)
        row = self._conn.execute(
            "SELECT issue_id, content_hash FROM pages WHERE source_path = ?", (str(path),)
        ).fetchone()
        if row is not None and row[1] == digest and not force:
            report.unchanged += 1
            report.issue_ids.add(row[0])
            return None
        parsed = parse_text(text, path, self._papers)
        if isinstance(parsed, Skipped):
            report.skipped.append((parsed.path, parsed.reason))
            return None
        return _Incoming(path, encoding, digest, parsed, parsed.meta.to_json())

    def _write_folder(
        self, folder: str, incoming: list[_Incoming], report: ImportReport, cancel: threading.Event | None
    ) -> None:
        if not incoming:
            return
        new_sources = {str(i.path) for i in incoming}
        stored = [s for s in self._stored_siblings(folder) if s.page.source not in new_sources]
        # The user's page values go in before resolution so that siblings inherit them, too.
        for inc in incoming:
            apply_corrections(inc.page.meta, self._corrections("page", str(inc.path)))
        try:
            resolve_issues([i.page for i in incoming] + [s.page for s in stored])
        except Exception:  # heuristic code: pages keep their own metadata rather than the import failing
            log.exception("resolving issues failed in %s", folder)
        for inc in incoming:
            self._correct(inc.page.meta, folder, str(inc.path))
            if _cancelled(cancel):
                report.cancelled = True
                return
            with self._writing(str(inc.path)):
                issue_id, replaced = self._write_page(inc, folder)
            report.replaced += replaced
            report.added += not replaced
            report.articles += len(inc.page.articles)
            report.issue_ids.add(issue_id)
        # Stored siblings may have learnt their paper/date from the new pages: move them to their issue.
        for sib in stored:
            self._correct(sib.page.meta, folder, sib.page.source)
            if _meta_key(sib.page.meta) != sib.before:
                with self._writing(sib.page.source):
                    self._move_page(sib.id, sib.page.meta)

    @contextmanager
    def _writing(self, source: str) -> Iterator[None]:
        """One page's write transaction; a disk full or a read-only folder becomes a LibraryError that says so."""
        try:
            with transaction(self._conn):
                yield
        except sqlite3.Error as exc:
            problem = write_problem(exc)
            if problem is None:
                raise
            # One line the command line and the window can show as is; the transaction is rolled back whole.
            raise LibraryError(
                f"cannot write {source} to the library: {problem}. Pages imported before it are complete;"
                " import again once this is fixed to go on"
            ) from exc

    def _stored_siblings(self, folder: str) -> list[_Stored]:
        rows = self._conn.execute(
            "SELECT id, source_path, meta FROM pages WHERE folder = ? ORDER BY seq, source_path", (folder,)
        ).fetchall()
        result = []
        for page_id, source, meta_json in rows:
            meta = meta_from_dict(json.loads(meta_json))
            # resolve_issues reads only source and metadata: no need to load text and items.
            result.append(_Stored(page_id, ParsedPage(source=source, text="", meta=meta), _meta_key(meta)))
        return result

    def _corrections(self, kind: str, key: str) -> dict[str, str | None]:
        rows = self._conn.execute(
            "SELECT field, value FROM corrections WHERE target_kind = ? AND target_key = ? ORDER BY id",
            (kind, key),
        )
        return {field: value for field, value in rows if field in FIELDS[kind]}

    def _correct(self, meta: PageMeta, folder: str, source: str) -> None:
        """Apply issue corrections (following renamed issues), then page corrections, which win."""
        seen: set[str] = set()
        while (key := issue_key(meta.paper, meta.date, folder)) not in seen:
            seen.add(key)
            values = self._corrections("issue", key)
            if not values:
                break
            apply_corrections(meta, values)
        apply_corrections(meta, self._corrections("page", source))

    # -- writing (callers hold a transaction) -----------------------------------------------------------

    def _paper_id(self, name: str | None) -> int | None:
        if not name:
            return None
        self._conn.execute("INSERT INTO papers(name) VALUES (?) ON CONFLICT(name) DO NOTHING", (name,))
        return int(self._conn.execute("SELECT id FROM papers WHERE name = ?", (name,)).fetchone()[0])

    def _issue_id(self, meta: PageMeta, folder: str) -> int:
        key = issue_key(meta.paper, meta.date, folder)
        row = self._conn.execute("SELECT id FROM issues WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = self._conn.execute(
            "INSERT INTO issues(key, paper_id, date) VALUES (?, ?, ?)",
            (key, self._paper_id(meta.paper), meta.date.isoformat() if meta.date else None),
        )
        return int(cur.lastrowid or 0)

    def _write_page(self, inc: _Incoming, folder: str) -> tuple[int, bool]:
        """Insert or replace one page with its articles and blocks; returns (issue id, replaced)."""
        meta = inc.page.meta
        issue_id = self._issue_id(meta, folder)
        stored_meta = meta.to_json() | {"parsed": inc.parsed, "warnings": list(inc.page.warnings)}
        values = (
            issue_id,
            folder,
            _label(meta.page),
            page_order(meta.page),
            inc.page.text,
            inc.digest,
            inc.encoding,
            json.dumps(stored_meta, ensure_ascii=False),
            _now(),
        )
        row = self._conn.execute(
            "SELECT id, issue_id FROM pages WHERE source_path = ?", (str(inc.path),)
        ).fetchone()
        if row is None:
            cur = self._conn.execute(
                "INSERT INTO pages(issue_id, folder, page_label, seq, text, content_hash, encoding, meta,"
                " imported_at, source_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, str(inc.path)),
            )
            page_id, old_issue = int(cur.lastrowid or 0), None
        else:
            page_id, old_issue = int(row[0]), int(row[1])
            # Cascades remove the old articles' links too; the page row (and its id) is kept.
            self._conn.execute("DELETE FROM articles WHERE page_id = ?", (page_id,))
            self._conn.execute("DELETE FROM blocks WHERE page_id = ?", (page_id,))
            self._conn.execute(
                "UPDATE pages SET issue_id = ?, folder = ?, page_label = ?, seq = ?, text = ?,"
                " content_hash = ?, encoding = ?, meta = ?, imported_at = ? WHERE id = ?",
                (*values, page_id),
            )
        self._insert_items(page_id, inc.page)
        # The old articles' notes lost their article (foreign key): place them on the new ones, in this
        # same transaction, so no moment exists where the page is new and its notes point nowhere.
        from reader.notes.reanchor import reanchor_page

        reanchor_page(self._conn, page_id)
        self._issue_changed(issue_id)
        if old_issue is not None and old_issue != issue_id:
            self._issue_changed(old_issue)
        return issue_id, row is not None

    def _insert_items(self, page_id: int, page: ParsedPage) -> None:
        for ord_, item in enumerate(page.items):
            spans = json.dumps([list(s) for s in item.spans])
            if isinstance(item, Article):
                body = "\n".join(item.paragraphs)
                self._conn.execute(
                    "INSERT INTO articles(page_id, ord, kicker, title, subtitle, byline, section, body,"
                    " continued_to, continued_from, spans, char_count, subheads)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        page_id,
                        ord_,
                        item.kicker,
                        item.title,
                        item.subtitle,
                        item.byline,
                        item.section,
                        body,
                        normalize_page_label(item.continued_to),
                        normalize_page_label(item.continued_from),
                        spans,
                        sum(len(p) for p in item.paragraphs),
                        json.dumps(item.subheads),
                    ),
                )
            else:
                self._conn.execute(
                    "INSERT INTO blocks(page_id, ord, kind, text, spans) VALUES (?, ?, ?, ?, ?)",
                    (page_id, ord_, str(item.kind), item.text, spans),
                )

    def _move_page(self, page_id: int, meta: PageMeta) -> int:
        """Store new metadata of a page and move it to the issue that metadata names; returns that issue."""
        row = self._conn.execute(
            "SELECT issue_id, folder, meta FROM pages WHERE id = ?", (page_id,)
        ).fetchone()
        old_issue, folder, old_meta = int(row[0]), row[1], json.loads(row[2])
        issue_id = self._issue_id(meta, folder)
        stored_meta = old_meta | meta.to_json()  # keeps the parser's own values and warnings
        self._conn.execute(
            "UPDATE pages SET issue_id = ?, page_label = ?, seq = ?, meta = ? WHERE id = ?",
            (
                issue_id,
                _label(meta.page),
                page_order(meta.page),
                json.dumps(stored_meta, ensure_ascii=False),
                page_id,
            ),
        )
        self._issue_changed(issue_id)
        if old_issue != issue_id:
            self._issue_changed(old_issue)
        return issue_id

    def _issue_changed(self, issue_id: int) -> None:
        """Recompute an issue's fields from its pages and relink its jumps; drop it when it has no pages."""
        metas = [
            meta_from_dict(json.loads(m))
            for (m,) in self._conn.execute(
                "SELECT meta FROM pages WHERE issue_id = ? ORDER BY seq, source_path", (issue_id,)
            )
        ]
        if not metas:
            (paper_id,) = self._conn.execute(
                "SELECT paper_id FROM issues WHERE id = ?", (issue_id,)
            ).fetchone()
            self._conn.execute("DELETE FROM issues WHERE id = ?", (issue_id,))
            self._conn.execute(
                "DELETE FROM papers WHERE id = ? AND NOT EXISTS (SELECT 1 FROM issues WHERE paper_id = ?)",
                (paper_id, paper_id),
            )
            return
        best = {name: best_value(metas, name) for name in _ISSUE_META}
        self._conn.execute(
            "UPDATE issues SET issue_number = ?, page_count = ?, provenance = ? WHERE id = ?",
            (
                best["issue_number"][0],
                best["page_count"][0],
                json.dumps({name: str(source) for name, (_, source) in best.items()}),
                issue_id,
            ),
        )
        self._link_issue(issue_id)

    def _link_issue(self, issue_id: int) -> None:
        self._conn.execute(
            "DELETE FROM article_links WHERE kind = 'continues' AND from_article IN"
            " (SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.issue_id = ?)",
            (issue_id,),
        )
        ends = [
            JumpEnd(*row)
            for row in self._conn.execute(
                "SELECT a.id, p.page_label, a.title, a.continued_to, a.continued_from"
                " FROM articles a JOIN pages p ON p.id = a.page_id"
                " WHERE p.issue_id = ? AND (a.continued_to IS NOT NULL OR a.continued_from IS NOT NULL)"
                " ORDER BY p.seq, p.source_path, a.ord",
                (issue_id,),
            )
        ]
        self._conn.executemany(
            "INSERT OR IGNORE INTO article_links(from_article, to_article, kind) VALUES (?, ?, 'continues')",
            compute_links(ends),
        )

    # -- corrections ------------------------------------------------------------------------------------

    def set_correction(self, target_kind: str, target_id: int, field: str, value: Any) -> int:
        """Correct ``field`` of a page or an issue (by id) and apply it now; it survives re-imports.

        ``value`` None means "unknown". Returns the id of the issue the page(s) now belong to.
        """
        check_field(target_kind, field)
        text = encode_value(field, value)
        if target_kind == "page":
            row = self._conn.execute("SELECT source_path FROM pages WHERE id = ?", (target_id,)).fetchone()
            if row is None:
                raise LibraryError(f"no page with id {target_id}")
            key, page_ids = row[0], [target_id]
        else:
            row = self._conn.execute("SELECT key FROM issues WHERE id = ?", (target_id,)).fetchone()
            if row is None:
                raise LibraryError(f"no issue with id {target_id}")
            key = row[0]
            page_ids = [
                r[0] for r in self._conn.execute("SELECT id FROM pages WHERE issue_id = ?", (target_id,))
            ]
        issue_id = target_id
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO corrections(target_kind, target_key, field, value, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(target_kind, target_key, field)"
                " DO UPDATE SET value = excluded.value, created_at = excluded.created_at",
                (target_kind, key, field, text, _now()),
            )
            for page_id in page_ids:
                source, meta_json = self._conn.execute(
                    "SELECT source_path, meta FROM pages WHERE id = ?", (page_id,)
                ).fetchone()
                meta = meta_from_dict(json.loads(meta_json))
                apply_corrections(meta, {field: text})
                apply_corrections(meta, self._corrections("page", source))  # the page's own corrections win
                issue_id = self._move_page(page_id, meta)
        log.info("correction: %s %s %s = %r", target_kind, key, field, text)
        return issue_id

    def corrections(self) -> list[CorrectionRecord]:
        rows = self._conn.execute(
            "SELECT id, target_kind, target_key, field, value, created_at FROM corrections ORDER BY id"
        )
        return [_record(CorrectionRecord, row) for row in rows]

    # -- queries ----------------------------------------------------------------------------------------

    def papers(self) -> list[PaperRecord]:
        rows = self._conn.execute(
            "SELECT n.id, n.name, (SELECT COUNT(*) FROM issues i WHERE i.paper_id = n.id) FROM papers n"
            " ORDER BY n.name"
        )
        return [_record(PaperRecord, row) for row in rows]

    def issues(self, paper: str | None = None) -> list[IssueRecord]:
        """All issues, or those of one paper, by paper then date (unknown paper/date last)."""
        if paper is None:
            rows = self._conn.execute(_ISSUE_SELECT + _ISSUE_ORDER)
        else:
            rows = self._conn.execute(_ISSUE_SELECT + " WHERE n.name = ?" + _ISSUE_ORDER, (paper,))
        return [self._issue_record(row) for row in rows]

    def issue(self, issue_id: int) -> IssueRecord | None:
        row = self._conn.execute(_ISSUE_SELECT + " WHERE i.id = ?", (issue_id,)).fetchone()
        return self._issue_record(row) if row else None

    def find_issue(self, paper: str | None, date: dt.date | str) -> IssueRecord | None:
        """The issue of ``paper`` (None: unknown paper) on ``date``."""
        day = date.isoformat() if isinstance(date, dt.date) else str(date)
        if paper is None:
            row = self._conn.execute(
                _ISSUE_SELECT + " WHERE i.paper_id IS NULL AND i.date = ? ORDER BY i.id", (day,)
            ).fetchone()
        else:
            row = self._conn.execute(
                _ISSUE_SELECT + " WHERE n.name = ? AND i.date = ?", (paper, day)
            ).fetchone()
        return self._issue_record(row) if row else None

    def pages(self, issue_id: int) -> list[PageRecord]:
        rows = self._conn.execute(
            _PAGE_SELECT + " WHERE p.issue_id = ? ORDER BY p.seq, p.source_path", (issue_id,)
        )
        return [self._page_record(row) for row in rows]

    def page(self, page_id: int) -> PageRecord | None:
        row = self._conn.execute(_PAGE_SELECT + " WHERE p.id = ?", (page_id,)).fetchone()
        return self._page_record(row) if row else None

    def articles(self, page_id: int) -> list[ArticleRecord]:
        rows = self._conn.execute(_ARTICLE_SELECT + " WHERE a.page_id = ? ORDER BY a.ord", (page_id,))
        return [self._article_record(row) for row in rows]

    def article(self, article_id: int) -> ArticleRecord | None:
        row = self._conn.execute(_ARTICLE_SELECT + " WHERE a.id = ?", (article_id,)).fetchone()
        return self._article_record(row) if row else None

    def blocks(self, page_id: int) -> list[BlockRecord]:
        rows = self._conn.execute(
            "SELECT id, page_id, ord, kind, text, spans FROM blocks WHERE page_id = ? ORDER BY ord",
            (page_id,),
        )
        return [_record(BlockRecord, row, spans=_spans(row[5])) for row in rows]

    def page_items(self, page_id: int) -> list[ArticleRecord | BlockRecord]:
        """Articles and blocks of a page in reading order."""
        items: list[ArticleRecord | BlockRecord] = [*self.articles(page_id), *self.blocks(page_id)]
        return sorted(items, key=lambda item: item.ord)

    def joined_article(self, article_id: int) -> list[ArticleRecord]:
        """All parts of a jumped article in order (just the article itself when it does not jump)."""
        start = self.article(article_id)
        if start is None:
            return []
        seen = {start.id}
        while start.previous_part is not None and start.previous_part not in seen:
            previous = self.article(start.previous_part)
            if previous is None:
                break
            seen.add(previous.id)
            start = previous
        parts = [start]
        while parts[-1].next_part is not None and parts[-1].next_part not in {p.id for p in parts}:
            following = self.article(parts[-1].next_part)
            if following is None:
                break
            parts.append(following)
        return parts

    # -- browsing queries (small and indexed: the interface runs them on its thread) ----------------------
    # ``paper`` None means the issues whose paper is unknown; dates are ISO text, so a year or a month is a
    # range scan of the issues_paper_date index.

    @staticmethod
    def _paper_clause(paper: str | None) -> tuple[str, tuple[Any, ...]]:
        if paper is None:
            return "i.paper_id IS NULL", ()
        return "i.paper_id = (SELECT id FROM papers WHERE name = ?)", (paper,)

    def change_mark(self) -> tuple[int, int]:
        """Where the library stands, for ``issues_added_since``: the highest page and article ids."""
        row = self._conn.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM pages), (SELECT COALESCE(MAX(id), 0) FROM articles)"
        ).fetchone()
        return int(row[0]), int(row[1])

    def issues_added_since(self, mark: tuple[int, int]) -> tuple[tuple[int, int], set[int]]:
        """The new mark and the ids of the issues that received pages or articles since ``mark``.

        Page and article ids only grow (AUTOINCREMENT) and a re-imported page gets new articles, so what an
        import adds or replaces lies above the mark, and finding it reads only those rows (no count of the
        whole library, which cost up to 20 ms). Not seen: the issue a re-imported page left, and issues
        moved by corrections; a full refresh after the import shows those.
        """
        new_mark = self.change_mark()
        found = self._conn.execute(
            "SELECT issue_id FROM pages WHERE id > ? AND id <= ?"
            " UNION SELECT p.issue_id FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id > ? AND a.id <= ?",
            (mark[0], new_mark[0], mark[1], new_mark[1]),
        )
        return new_mark, {int(r[0]) for r in found}

    def issue_places(self, issue_ids: Iterable[int]) -> set[tuple[str | None, int | None, int | None]]:
        """(paper, year, month) of each issue, as the library tree files it; (paper, None, None) if undated."""
        ids = sorted(set(issue_ids))
        places: set[tuple[str | None, int | None, int | None]] = set()
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            rows = self._conn.execute(
                "SELECT n.name, CAST(substr(i.date, 1, 4) AS INTEGER), CAST(substr(i.date, 6, 2) AS INTEGER)"
                f" FROM issues i LEFT JOIN papers n ON n.id = i.paper_id WHERE i.id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            places.update((name, year, month) for name, year, month in rows)
        return places

    def paper_counts(self) -> list[tuple[str | None, int]]:
        """(paper name, issue count) by name, then (None, count) for issues of unknown paper, if any."""
        rows = self._conn.execute(
            "SELECT n.name, COUNT(*) FROM issues i LEFT JOIN papers n ON n.id = i.paper_id"
            " GROUP BY i.paper_id ORDER BY n.name IS NULL, n.name"
        )
        return [(name, int(count)) for name, count in rows]

    def paper_years(self, paper: str | None) -> list[tuple[int | None, int]]:
        """(year, issue count) of a paper in order, then (None, count) for its undated issues, if any."""
        where, params = self._paper_clause(paper)
        rows = self._conn.execute(
            f"SELECT CAST(substr(i.date, 1, 4) AS INTEGER) AS y, COUNT(*) FROM issues i WHERE {where}"
            " GROUP BY y ORDER BY y IS NULL, y",
            params,
        )
        return [(None if y is None else int(y), int(count)) for y, count in rows]

    def issue_months(self, paper: str | None, year: int) -> list[tuple[int, int]]:
        """(month, issue count) of a paper's issues in ``year``, in order."""
        where, params = self._paper_clause(paper)
        rows = self._conn.execute(
            f"SELECT CAST(substr(i.date, 6, 2) AS INTEGER) AS m, COUNT(*) FROM issues i WHERE {where}"
            " AND i.date >= ? AND i.date < ? GROUP BY m ORDER BY m",
            (*params, f"{year:04d}-01-01", f"{year + 1:04d}-01-01"),
        )
        return [(int(m), int(count)) for m, count in rows if m is not None]

    def issues_in_month(
        self, paper: str | None, year: int | None, month: int | None = None
    ) -> list[IssueRecord]:
        """A paper's issues of a month (or year, ``month`` None) by date; undated ones for ``year`` None."""
        where, params = self._paper_clause(paper)
        if year is None:
            sql = _ISSUE_SELECT + f" WHERE {where} AND i.date IS NULL ORDER BY i.id"
            return [self._issue_record(row) for row in self._conn.execute(sql, params)]
        start, end = _month_range(year, month)
        sql = _ISSUE_SELECT + f" WHERE {where} AND i.date >= ? AND i.date < ? ORDER BY i.date, i.id"
        return [self._issue_record(row) for row in self._conn.execute(sql, (*params, start, end))]

    def issue_dates(
        self, paper: str | None, year: int, month: int | None = None
    ) -> list[tuple[dt.date, int]]:
        """(date, issue id) of a paper's issues in one month (or year), by date: what a calendar marks."""
        where, params = self._paper_clause(paper)
        start, end = _month_range(year, month)
        rows = self._conn.execute(
            f"SELECT i.date, i.id FROM issues i WHERE {where} AND i.date >= ? AND i.date < ?"
            " ORDER BY i.date, i.id",
            (*params, start, end),
        )
        return [(dt.date.fromisoformat(day), int(issue_id)) for day, issue_id in rows]

    def issue_on_or_after(self, paper: str | None, date: dt.date) -> IssueRecord | None:
        """The paper's first issue dated ``date`` or later."""
        where, params = self._paper_clause(paper)
        row = self._conn.execute(
            _ISSUE_SELECT + f" WHERE {where} AND i.date >= ? ORDER BY i.date, i.id LIMIT 1",
            (*params, date.isoformat()),
        ).fetchone()
        return self._issue_record(row) if row else None

    def adjacent_issue(self, issue_id: int, step: int = 1) -> IssueRecord | None:
        """The same paper's next (``step`` > 0) or previous (``step`` < 0) dated issue, if any."""
        row = self._conn.execute("SELECT paper_id, date FROM issues WHERE id = ?", (issue_id,)).fetchone()
        if row is None or row[1] is None or step == 0:
            return None
        paper_id, day = row
        paper = "i.paper_id IS NULL" if paper_id is None else "i.paper_id = ?"
        params: tuple[Any, ...] = () if paper_id is None else (paper_id,)
        if step > 0:
            cond, order = "(i.date > ? OR (i.date = ? AND i.id > ?))", "i.date, i.id"
        else:
            cond, order = "(i.date < ? OR (i.date = ? AND i.id < ?))", "i.date DESC, i.id DESC"
        found = self._conn.execute(
            _ISSUE_SELECT + f" WHERE {paper} AND {cond} ORDER BY {order} LIMIT 1 OFFSET ?",
            (*params, day, day, issue_id, abs(step) - 1),
        ).fetchone()
        return self._issue_record(found) if found else None

    def page_summaries(self, issue_id: int) -> list[PageSummary]:
        """The pages of an issue in page order, without their text."""
        rows = self._conn.execute(
            "SELECT p.id, p.issue_id, p.page_label, p.seq, p.source_path,"
            " (SELECT COUNT(*) FROM articles a WHERE a.page_id = p.id),"
            " (SELECT COUNT(*) FROM blocks b WHERE b.page_id = p.id),"
            " json_extract(p.meta, '$.provenance')"
            " FROM pages p WHERE p.issue_id = ? ORDER BY p.seq, p.source_path",
            (issue_id,),
        )
        return [_record(PageSummary, row, provenance=json.loads(row[7] or "{}")) for row in rows]

    def page_toc(self, page_id: int) -> list[TocEntry]:
        """A page's articles and blocks in reading order, with what a table of contents shows."""
        articles = self._conn.execute(
            "SELECT 'article', id, page_id, ord, title, kicker, subtitle, byline, section, char_count,"
            " continued_to, continued_from, substr(body, 1, ?) FROM articles WHERE page_id = ?",
            (_FIRST_LINE_READ, page_id),
        )
        blocks = self._conn.execute(
            "SELECT kind, id, page_id, ord, NULL, NULL, NULL, NULL, NULL, length(text), NULL, NULL,"
            " substr(text, 1, ?) FROM blocks WHERE page_id = ?",
            (_FIRST_LINE_READ, page_id),
        )
        # Columns follow TocEntry's fields; the last one (the text's head) becomes its first line.
        entries = [
            _record(TocEntry, row, first_line=_first_line(row[-1] or "")) for row in [*articles, *blocks]
        ]
        return sorted(entries, key=lambda e: (e.ord, e.kind != "article"))

    # -- for the search index -----------------------------------------------------------------------------

    def index_keys(self, page_ids: Iterable[int] | None = None) -> dict[int, str]:
        """Page id -> a key that changes whenever anything a search index holds about the page changes.

        The key covers the text (content hash), the issue's paper and date, the page label and the page's
        article and block ids (a forced re-import writes new ones). ``page_ids`` None: every page.
        """
        sql = """
            SELECT p.id, p.content_hash, n.name, i.date, p.page_label,
                   (SELECT COUNT(*) FROM articles a WHERE a.page_id = p.id),
                   (SELECT MAX(a.id) FROM articles a WHERE a.page_id = p.id),
                   (SELECT COUNT(*) FROM blocks b WHERE b.page_id = p.id),
                   (SELECT MAX(b.id) FROM blocks b WHERE b.page_id = p.id)
            FROM pages p JOIN issues i ON i.id = p.issue_id LEFT JOIN papers n ON n.id = i.paper_id
        """
        if page_ids is None:
            rows = self._conn.execute(sql).fetchall()
        else:
            ids = sorted(set(page_ids))
            rows = []
            for n in range(0, len(ids), 500):
                chunk = ids[n : n + 500]
                marks = ",".join("?" * len(chunk))
                rows += self._conn.execute(sql + f" WHERE p.id IN ({marks})", chunk).fetchall()
        return {int(r[0]): json.dumps(r[1:], ensure_ascii=False) for r in rows}

    def articles_for_index(self, page_ids: Iterable[int]) -> list[IndexArticle]:
        """The articles of the given pages with what a search index needs about each."""
        ids = sorted(set(page_ids))
        result: list[IndexArticle] = []
        for n in range(0, len(ids), 500):
            chunk = ids[n : n + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                "SELECT a.id, a.page_id, n.name, i.date, p.page_label, a.section, a.kicker, a.title, a.subtitle,"
                " a.byline, a.body FROM articles a JOIN pages p ON p.id = a.page_id"
                " JOIN issues i ON i.id = p.issue_id LEFT JOIN papers n ON n.id = i.paper_id"
                f" WHERE a.page_id IN ({marks}) ORDER BY a.id",
                chunk,
            )
            result += [IndexArticle(*row) for row in rows]
        return result

    def blocks_for_index(self, page_ids: Iterable[int]) -> list[IndexBlock]:
        """The blocks (adverts, captions, ...) of the given pages with what a search index needs about each."""
        ids = sorted(set(page_ids))
        result: list[IndexBlock] = []
        for n in range(0, len(ids), 500):
            chunk = ids[n : n + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                "SELECT b.id, b.page_id, n.name, i.date, p.page_label, b.kind, b.text FROM blocks b"
                " JOIN pages p ON p.id = b.page_id JOIN issues i ON i.id = p.issue_id"
                f" LEFT JOIN papers n ON n.id = i.paper_id WHERE b.page_id IN ({marks}) ORDER BY b.id",
                chunk,
            )
            result += [IndexBlock(*row) for row in rows]
        return result

    def index_log_mark(self) -> tuple[str, int]:
        """(identity of this library's change log, its counter): the counter grows with every page written."""
        row = self._conn.execute("SELECT uid, counter FROM search_log_state").fetchone()
        return str(row[0]), int(row[1])

    def index_log_since(self, counter: int) -> list[int]:
        """Ids of the pages written, changed or deleted after the log stood at ``counter``."""
        rows = self._conn.execute("SELECT page_id FROM search_log WHERE seq > ? ORDER BY page_id", (counter,))
        return [int(r[0]) for r in rows]

    def index_texts(
        self, article_ids: Iterable[int], block_ids: Iterable[int]
    ) -> tuple[dict[int, tuple[str | None, str | None, str | None, str | None, str]], dict[int, str]]:
        """The searchable text of articles (title, kicker, subtitle, byline, body) and blocks, by id.

        For ranking a few candidate hits exactly; missing ids (deleted meanwhile) are absent from the result.
        """
        articles: dict[int, tuple[str | None, str | None, str | None, str | None, str]] = {}
        blocks: dict[int, str] = {}
        for table, ids, sql in (
            ("articles", sorted(set(article_ids)), "SELECT id, title, kicker, subtitle, byline, body FROM articles"),
            ("blocks", sorted(set(block_ids)), "SELECT id, text FROM blocks"),
        ):
            for n in range(0, len(ids), 500):
                chunk = ids[n : n + 500]
                rows = self._conn.execute(f"{sql} WHERE id IN ({','.join('?' * len(chunk))})", chunk)
                if table == "articles":
                    articles.update((int(r[0]), (r[1], r[2], r[3], r[4], r[5])) for r in rows)
                else:
                    blocks.update((int(r[0]), r[1]) for r in rows)
        return articles, blocks

    def block(self, block_id: int) -> BlockRecord | None:
        row = self._conn.execute(
            "SELECT id, page_id, ord, kind, text, spans FROM blocks WHERE id = ?", (block_id,)
        ).fetchone()
        return _record(BlockRecord, row, spans=_spans(row[5])) if row else None

    # -- row to record ----------------------------------------------------------------------------------

    @staticmethod
    def _issue_record(row: Sequence[Any]) -> IssueRecord:
        return _record(
            IssueRecord,
            row,
            date=dt.date.fromisoformat(row[3]) if row[3] else None,
            provenance=json.loads(row[8] or "{}"),
        )

    @staticmethod
    def _page_record(row: Sequence[Any]) -> PageRecord:
        return _record(PageRecord, row, meta=json.loads(row[11]))

    @staticmethod
    def _article_record(row: Sequence[Any]) -> ArticleRecord:
        return _record(ArticleRecord, row, spans=_spans(row[13]), subheads=tuple(json.loads(row[15])))


_FIRST_LINE_READ = 200  # characters of a body read to find its first line
_FIRST_LINE_MAX = 40  # characters of it shown


def _first_line(text: str) -> str:
    """The first non-blank line of ``text``, shortened with an ellipsis."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= _FIRST_LINE_MAX else line[:_FIRST_LINE_MAX].rstrip() + "…"


def _month_range(year: int, month: int | None) -> tuple[str, str]:
    """[start, end) ISO bounds of a month, or of the year when ``month`` is None."""
    if month is None:
        return f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    end = f"{year + 1:04d}-01-01" if month >= 12 else f"{year:04d}-{month + 1:02d}-01"
    return f"{year:04d}-{month:02d}-01", end


def _record(cls: type[R], row: Sequence[Any], **decoded: Any) -> R:
    """A record from a row whose columns follow the record's fields in order; ``decoded`` replaces columns."""
    values = dict(zip((f.name for f in fields(cls)), row, strict=True))  # type: ignore[arg-type]
    values.update(decoded)
    return cls(**values)
