"""The Library: the user's papers, issues, pages and articles in SQLite, and the queries that read them."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, TypeVar

from reader.ingest.labels import normalize_page_label
from reader.library.db import DB_NAME, LibraryError, connect
from reader.library.records import (
    ArticleRecord,
    BlockRecord,
    CorrectionRecord,
    InstalmentRecord,
    IssueRecord,
    PageGeometry,
    PageImage,
    PageRecord,
    PageRegion,
    PageSummary,
    PaperRecord,
    SeriesRecord,
    TocEntry,
    headline,
)

# The read side, all the window loads: importing and correcting pages live in reader.library.importer and
# reader.library.pagewriter, which load the parser (a fifth of the window's start-up time when it was here).

log = logging.getLogger(__name__)

R = TypeVar("R")

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














def _spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in json.loads(text))




_ARTICLE_SELECT = """
    SELECT a.id, a.page_id, p.issue_id, p.page_label, a.ord, a.kicker, a.title, a.subtitle, a.byline,
           a.section, a.body, a.continued_to, a.continued_from, a.spans, a.char_count, a.subheads,
           (SELECT to_article FROM article_links WHERE from_article = a.id AND kind = 'continues' LIMIT 1),
           (SELECT from_article FROM article_links WHERE to_article = a.id AND kind = 'continues' LIMIT 1),
           a.dateline, a.verse, a.series_title, a.series_number, a.series_chapter
    FROM articles a JOIN pages p ON p.id = a.page_id
"""
# Instalments of one series in reading order: by issue date, then instalment number (undated issues last).
# What a search index reads as an article's byline: the dateline is searched with it (where it stood before it
# had a field of its own), so byline:新华社 and plain queries still find telegrams. Indexing and ranking read
# the same text, or a hit's exact score would be computed from other words than were indexed.
_SEARCHED_BYLINE = (
    "CASE WHEN a.dateline IS NULL THEN a.byline WHEN a.byline IS NULL THEN a.dateline"
    " ELSE a.byline || ' ' || a.dateline END"
)
_INSTALMENT_ORDER = "i.date IS NULL, i.date, a.series_number IS NULL, a.series_number, p.seq, a.id"

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

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder).expanduser()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create library folder {self.folder}: {exc.strerror or exc}") from exc
        self.db_path = self.folder / DB_NAME
        self._conn = connect(self.db_path)

    @property
    def connection(self) -> sqlite3.Connection:
        """The library's connection, for the write side of this package (importer, page writer) and notes."""
        return self._conn

    # -- lifetime ---------------------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- queries ----------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether the library holds no page at all (a new library)."""
        return self._conn.execute("SELECT 1 FROM pages LIMIT 1").fetchone() is None

    def corrections(self) -> list[CorrectionRecord]:
        rows = self._conn.execute(
            "SELECT id, target_kind, target_key, field, value, created_at FROM corrections ORDER BY id"
        )
        return [_record(CorrectionRecord, row) for row in rows]

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
        rows = self._rows_in(
            "SELECT n.name, CAST(substr(i.date, 1, 4) AS INTEGER), CAST(substr(i.date, 6, 2) AS INTEGER)"
            " FROM issues i LEFT JOIN papers n ON n.id = i.paper_id WHERE i.id IN ({ids})",
            issue_ids,
        )
        return {(name, year, month) for name, year, month in rows}

    def _rows_in(self, sql: str, ids: Iterable[int]) -> list[Any]:
        """The rows of ``sql`` for ``ids`` (its ``{ids}`` is the IN list), read 500 ids at a time: SQLite
        limits the variables of one statement."""
        wanted = sorted(set(ids))
        rows: list[Any] = []
        for n in range(0, len(wanted), 500):
            chunk = wanted[n : n + 500]
            rows += self._conn.execute(sql.format(ids=",".join("?" * len(chunk))), chunk).fetchall()
        return rows

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

    def issue_on_or_before(self, paper: str | None, date: dt.date) -> IssueRecord | None:
        """The paper's last issue dated ``date`` or earlier."""
        where, params = self._paper_clause(paper)
        row = self._conn.execute(
            _ISSUE_SELECT + f" WHERE {where} AND i.date IS NOT NULL AND i.date <= ? ORDER BY i.date DESC, i.id LIMIT 1",
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
            " json_extract(p.meta, '$.provenance'), json_extract(p.meta, '$.flags')"
            " FROM pages p WHERE p.issue_id = ? ORDER BY p.seq, p.source_path",
            (issue_id,),
        )
        return [_record(PageSummary, row, provenance=json.loads(row[7] or "{}"), flags=json.loads(row[8] or "{}"))
                for row in rows]

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

    # -- the page as a picture (small indexed reads for the page view) ------------------------------------

    def page_image(self, page_id: int) -> PageImage | None:
        """Where a page's picture comes from and its size (None for an unknown page)."""
        row = self._conn.execute(_IMAGE_SELECT + " WHERE p.id = ?", (page_id,)).fetchone()
        return _page_image(PageImage, row) if row else None

    def page_images(self, issue_id: int) -> list[PageImage]:
        """The pictures of an issue's pages in page order (text pages included: ``has_image`` False)."""
        rows = self._conn.execute(_IMAGE_SELECT + " WHERE p.issue_id = ? ORDER BY p.seq, p.source_path", (issue_id,))
        return [_page_image(PageImage, row) for row in rows]

    def page_geometry(self, page_id: int) -> PageGeometry | None:
        """A page's picture source with its printed lines; None for a page read from text (or unknown)."""
        row = self._conn.execute(
            f"SELECT {_IMAGE_COLUMNS}, json_extract(p.geometry, '$.lines') FROM pages p WHERE p.id = ?",
            (page_id,),
        ).fetchone()
        if row is None:
            return None
        geometry = _page_image(PageGeometry, row[:-1])
        if not geometry.has_image:
            return None
        from reader.ingest.model import lines_from_json

        try:
            lines = tuple(lines_from_json(json.loads(row[-1] or "[]")))
        except (ValueError, TypeError, IndexError):
            log.warning("page %d: its stored lines cannot be read; no search hits on its picture", page_id)
            lines = ()
        return replace(geometry, lines=lines)

    def page_regions(self, page_id: int) -> list[PageRegion]:
        """Each article and block of a page with its boxes (none for text pages), in reading order."""
        rows = [
            *self._conn.execute(
                "SELECT 'article', id, ord, title, substr(body, 1, ?), regions FROM articles WHERE page_id = ?",
                (_FIRST_LINE_READ, page_id),
            ),
            *self._conn.execute(
                "SELECT kind, id, ord, NULL, substr(text, 1, ?), regions FROM blocks WHERE page_id = ?",
                (_FIRST_LINE_READ, page_id),
            ),
        ]
        regions = []
        for kind, item_id, ord_, title, head, boxes in rows:
            text = headline(title, head or "") if kind == "article" else _first_line(head or "")
            regions.append(PageRegion(kind, int(item_id), int(ord_), text, _boxes(boxes)))
        return sorted(regions, key=lambda r: (r.ord, not r.is_article))

    # -- serial fiction (small indexed reads, like the browsing queries) ------------------------------------
    # A series is a paper's serial: articles with the same series_key in issues of the same paper.

    def series(self, paper: str | None = None, title: str | None = None) -> list[SeriesRecord]:
        """The serials in the library (of ``paper``; whose title contains ``title``), by paper and title."""
        where, params = ["a.series_key IS NOT NULL"], []
        if paper is not None:
            where.append("n.name = ?")
            params.append(paper)
        if title:
            where.append("a.series_key LIKE ? ESCAPE '\\'")
            params.append("%" + _like(series_key(title)) + "%")
        rows = self._conn.execute(
            "SELECT n.name, a.series_key, MIN(a.series_title), COUNT(*), MIN(i.date), MAX(i.date),"
            " MIN(a.series_number), MAX(a.series_number)"
            " FROM articles a JOIN pages p ON p.id = a.page_id JOIN issues i ON i.id = p.issue_id"
            " LEFT JOIN papers n ON n.id = i.paper_id"
            f" WHERE {' AND '.join(where)} GROUP BY i.paper_id, a.series_key"
            " ORDER BY n.name IS NULL, n.name, a.series_key",
            params,
        )
        return [
            SeriesRecord(name, key, title_, int(count), _day(first), _day(last), low, high)
            for name, key, title_, count, first, last, low, high in rows
        ]

    def instalments(self, key: str, paper: str | None) -> list[InstalmentRecord]:
        """The instalments of one series (``SeriesRecord.key`` and paper) in reading order."""
        clause, params = self._paper_clause(paper)
        rows = self._conn.execute(
            "SELECT a.id, p.issue_id, n.name, i.date, p.page_label, a.series_number, a.series_chapter, a.title,"
            " a.char_count FROM articles a JOIN pages p ON p.id = a.page_id JOIN issues i ON i.id = p.issue_id"
            f" LEFT JOIN papers n ON n.id = i.paper_id WHERE a.series_key = ? AND {clause}"
            f" ORDER BY {_INSTALMENT_ORDER}",
            (key, *params),
        )
        return [_record(InstalmentRecord, row, date=_day(row[3])) for row in rows]

    def adjacent_instalment(self, article_id: int, step: int = 1) -> ArticleRecord | None:
        """The next (``step`` 1) or previous (-1) instalment of the serial ``article_id`` belongs to, if any."""
        row = self._conn.execute(
            "SELECT a.series_key, i.paper_id FROM articles a JOIN pages p ON p.id = a.page_id"
            " JOIN issues i ON i.id = p.issue_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None or row[0] is None or step == 0:
            return None
        key, paper_id = row
        paper = "i.paper_id IS NULL" if paper_id is None else "i.paper_id = ?"
        ids = [
            int(r[0])
            for r in self._conn.execute(
                "SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id JOIN issues i ON i.id = p.issue_id"
                f" WHERE a.series_key = ? AND {paper} ORDER BY {_INSTALMENT_ORDER}",
                (key,) if paper_id is None else (key, paper_id),
            )
        ]
        at = ids.index(article_id) + step
        return self.article(ids[at]) if 0 <= at < len(ids) else None

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
        rows = self._conn.execute(sql).fetchall() if page_ids is None else self._rows_in(
            sql + " WHERE p.id IN ({ids})", page_ids)
        return {int(r[0]): json.dumps(r[1:], ensure_ascii=False) for r in rows}

    def articles_for_index(self, page_ids: Iterable[int]) -> list[IndexArticle]:
        """The articles of the given pages with what a search index needs about each."""
        rows = self._rows_in(
            "SELECT a.id, a.page_id, n.name, i.date, p.page_label, a.section, a.kicker, a.title, a.subtitle,"
            f" {_SEARCHED_BYLINE}, a.body FROM articles a JOIN pages p ON p.id = a.page_id"
            " JOIN issues i ON i.id = p.issue_id LEFT JOIN papers n ON n.id = i.paper_id"
            " WHERE a.page_id IN ({ids}) ORDER BY a.id",
            page_ids,
        )
        return [IndexArticle(*row) for row in rows]

    def blocks_for_index(self, page_ids: Iterable[int]) -> list[IndexBlock]:
        """The blocks (adverts, captions, ...) of the given pages with what a search index needs about each."""
        rows = self._rows_in(
            "SELECT b.id, b.page_id, n.name, i.date, p.page_label, b.kind, b.text FROM blocks b"
            " JOIN pages p ON p.id = b.page_id JOIN issues i ON i.id = p.issue_id"
            " LEFT JOIN papers n ON n.id = i.paper_id WHERE b.page_id IN ({ids}) ORDER BY b.id",
            page_ids,
        )
        return [IndexBlock(*row) for row in rows]

    def document_count(self, page_ids: Iterable[int]) -> int:
        """How many articles and blocks the given pages hold (what indexing them adds to a search index)."""
        ids = list(page_ids)
        articles = self._rows_in("SELECT COUNT(*) FROM articles WHERE page_id IN ({ids})", ids)
        blocks = self._rows_in("SELECT COUNT(*) FROM blocks WHERE page_id IN ({ids})", ids)
        return sum(int(r[0]) for r in articles + blocks)

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
        articles = self._rows_in(
            f"SELECT a.id, a.title, a.kicker, a.subtitle, {_SEARCHED_BYLINE}, a.body FROM articles a"
            " WHERE a.id IN ({ids})",
            article_ids,
        )
        blocks = self._rows_in("SELECT id, text FROM blocks WHERE id IN ({ids})", block_ids)
        return {int(r[0]): (r[1], r[2], r[3], r[4], r[5]) for r in articles}, {int(r[0]): r[1] for r in blocks}

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
        return _record(
            ArticleRecord, row, spans=_spans(row[13]), subheads=tuple(json.loads(row[15])), verse=bool(row[19])
        )


_FIRST_LINE_READ = 200  # characters of a body read to find its first line
_FIRST_LINE_MAX = 40  # characters of it shown


def series_key(title: str) -> str:
    """How a series' title is compared: compatibility forms folded (NFKC), spaces removed."""
    return "".join(unicodedata.normalize("NFKC", title).split())


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _first_line(text: str) -> str:
    """The first non-blank line of ``text``, shortened with an ellipsis."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= _FIRST_LINE_MAX else line[:_FIRST_LINE_MAX].rstrip() + "…"


_IMAGE_COLUMNS = """
    p.id, p.issue_id, p.page_label, p.seq, p.source_path, p.source_kind, p.file_hash, p.file_size,
    json_extract(p.geometry, '$.size'), json_extract(p.geometry, '$.unit')
"""
_IMAGE_SELECT = f"SELECT {_IMAGE_COLUMNS} FROM pages p"

_PI = TypeVar("_PI", bound=PageImage)


def _page_image(cls: type[_PI], row: Sequence[Any]) -> _PI:
    """A PageImage (or PageGeometry) from an _IMAGE_SELECT row; a damaged stored size counts as no picture."""
    size: tuple[float, float] | None = None
    try:
        width, height = (float(v) for v in json.loads(row[8])) if row[8] else (0.0, 0.0)
        if width > 0 and height > 0:
            size = (width, height)
    except (ValueError, TypeError):
        log.warning("page %s: its stored page size cannot be read", row[0])
    return cls(int(row[0]), int(row[1]), row[2], int(row[3]), str(row[4]), str(row[5]), row[6],
               None if row[7] is None else int(row[7]), size, row[9] if size is not None else None)


def _boxes(text: str | None) -> tuple[tuple[float, float, float, float], ...]:
    """Stored regions (JSON lists of [x0, y0, x1, y1]); anything unreadable is left out."""
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return ()
    boxes = []
    for box in raw if isinstance(raw, list) else []:
        try:
            x0, y0, x1, y1 = (float(v) for v in box)
        except (ValueError, TypeError):
            continue
        if x1 > x0 and y1 > y0:
            boxes.append((x0, y0, x1, y1))
    return tuple(boxes)


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
