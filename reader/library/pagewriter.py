"""The library's write side shared by imports and corrections: pages into issues, issues kept consistent.

Runs only where the library is written (the writer process, the command line, tests), never in the window.
Callers hold a transaction around each page (``PageWriter.writing``); an issue's fields and jump links are
recomputed from its pages whenever a page enters or leaves it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reader.ingest.labels import normalize_page_label
from reader.ingest.model import Article, PageMeta, ParsedPage, lines_to_json
from reader.library.corrections import FIELDS, apply_corrections, check_field, encode_value
from reader.library.db import LibraryError, transaction, write_problem
from reader.library.links import JumpEnd, compute_links
from reader.library.pagemeta import best_value, meta_from_dict
from reader.library.store import Library, issue_key, page_order, series_key

log = logging.getLogger(__name__)

_ISSUE_META = ("paper", "date", "issue_number", "page_count")

# Called inside a page's write transaction once its new articles are stored (e.g. to place the reader's notes
# on them again): (connection, page id).
PageHook = Callable[[sqlite3.Connection, int], object]


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def stored_label(label: str | None) -> str | None:
    """The canonical page label, or the label as printed when it is not a page number."""
    return normalize_page_label(label) or (label.strip() if label and label.strip() else None)


class PageWriter:
    """Writes pages, moves them between issues and applies the user's corrections, on a library's connection."""

    def __init__(self, library: Library, on_page_written: PageHook | None = None) -> None:
        self.library = library
        self.conn = library.connection
        self.on_page_written = on_page_written

    @contextmanager
    def writing(self, source: str) -> Iterator[None]:
        """One page's write transaction; a disk full or a read-only folder becomes a LibraryError that says so."""
        try:
            with transaction(self.conn):
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

    # -- corrections as they apply to pages ---------------------------------------------------------------

    def corrections(self, kind: str, key: str) -> dict[str, str | None]:
        rows = self.conn.execute(
            "SELECT field, value FROM corrections WHERE target_kind = ? AND target_key = ? ORDER BY id",
            (kind, key),
        )
        return {field: value for field, value in rows if field in FIELDS[kind]}

    def correct(self, meta: PageMeta, folder: str, source: str) -> None:
        """Apply issue corrections (following renamed issues), then page corrections, which win."""
        seen: set[str] = set()
        while (key := issue_key(meta.paper, meta.date, folder)) not in seen:
            seen.add(key)
            values = self.corrections("issue", key)
            if not values:
                break
            apply_corrections(meta, values)
        apply_corrections(meta, self.corrections("page", source))

    def set_correction(self, target_kind: str, target_id: int, field: str, value: Any) -> int:
        """Correct ``field`` of a page or an issue (by id) and apply it now; it survives re-imports.

        ``value`` None means "unknown". Returns the id of the issue the page(s) now belong to.
        """
        check_field(target_kind, field)
        text = encode_value(field, value)
        if target_kind == "page":
            row = self.conn.execute("SELECT source_path FROM pages WHERE id = ?", (target_id,)).fetchone()
            if row is None:
                raise LibraryError(f"no page with id {target_id}")
            key, page_ids = row[0], [target_id]
        else:
            row = self.conn.execute("SELECT key FROM issues WHERE id = ?", (target_id,)).fetchone()
            if row is None:
                raise LibraryError(f"no issue with id {target_id}")
            key = row[0]
            page_ids = [r[0] for r in self.conn.execute("SELECT id FROM pages WHERE issue_id = ?", (target_id,))]
        issue_id = target_id
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO corrections(target_kind, target_key, field, value, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(target_kind, target_key, field)"
                " DO UPDATE SET value = excluded.value, created_at = excluded.created_at",
                (target_kind, key, field, text, now()),
            )
            for page_id in page_ids:
                source, meta_json = self.conn.execute(
                    "SELECT source_path, meta FROM pages WHERE id = ?", (page_id,)
                ).fetchone()
                meta = meta_from_dict(json.loads(meta_json))
                apply_corrections(meta, {field: text})
                apply_corrections(meta, self.corrections("page", source))  # the page's own corrections win
                issue_id = self.move_page(page_id, meta)
        log.info("correction: %s %s %s = %r", target_kind, key, field, text)
        return issue_id

    # -- writing (callers hold a transaction) -----------------------------------------------------------

    def _paper_id(self, name: str | None) -> int | None:
        if not name:
            return None
        self.conn.execute("INSERT INTO papers(name) VALUES (?) ON CONFLICT(name) DO NOTHING", (name,))
        return int(self.conn.execute("SELECT id FROM papers WHERE name = ?", (name,)).fetchone()[0])

    def issue_id(self, meta: PageMeta, folder: str) -> int:
        key = issue_key(meta.paper, meta.date, folder)
        row = self.conn.execute("SELECT id FROM issues WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO issues(key, paper_id, date) VALUES (?, ?, ?)",
            (key, self._paper_id(meta.paper), meta.date.isoformat() if meta.date else None),
        )
        return int(cur.lastrowid or 0)

    def write_page(
        self,
        page: ParsedPage,
        source: str,
        folder: str,
        digest: str,
        encoding: str,
        parsed: dict[str, Any],
        *,
        file_hash: str | None = None,
        file_size: int | None = None,
    ) -> tuple[int, bool]:
        """Insert or replace one page with its articles and blocks; returns (issue id, replaced).

        ``parsed`` is the parser's own metadata (before siblings and corrections), kept with the page; a page
        of a PDF or an image keeps its file's hash and size and its geometry (page size, printed lines).
        """
        meta = page.meta
        issue_id = self.issue_id(meta, folder)
        stored_meta = meta.to_json() | {"parsed": parsed, "warnings": list(page.warnings)}
        geometry = None
        if page.page_size is not None:
            geometry = json.dumps({"size": list(page.page_size), "unit": page.size_unit,
                                   "lines": lines_to_json(page.lines)})
        values = (
            issue_id,
            folder,
            stored_label(meta.page),
            page_order(meta.page),
            page.text,
            digest,
            encoding,
            json.dumps(stored_meta, ensure_ascii=False),
            now(),
            page.source_kind,
            file_hash,
            file_size,
            geometry,
            page.raw_text,
        )
        row = self.conn.execute("SELECT id, issue_id FROM pages WHERE source_path = ?", (source,)).fetchone()
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO pages(issue_id, folder, page_label, seq, text, content_hash, encoding, meta,"
                " imported_at, source_kind, file_hash, file_size, geometry, raw_text, source_path)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, source),
            )
            page_id, old_issue = int(cur.lastrowid or 0), None
        else:
            page_id, old_issue = int(row[0]), int(row[1])
            # Cascades remove the old articles' links too; the page row (and its id) is kept.
            self.conn.execute("DELETE FROM articles WHERE page_id = ?", (page_id,))
            self.conn.execute("DELETE FROM blocks WHERE page_id = ?", (page_id,))
            self.conn.execute(
                "UPDATE pages SET issue_id = ?, folder = ?, page_label = ?, seq = ?, text = ?,"
                " content_hash = ?, encoding = ?, meta = ?, imported_at = ?, source_kind = ?, file_hash = ?,"
                " file_size = ?, geometry = ?, raw_text = ? WHERE id = ?",
                (*values, page_id),
            )
        self._insert_items(page_id, page)
        # The old articles' notes lost their article (foreign key): the hook places them on the new ones in this
        # same transaction, so no moment exists where the page is new and its notes point nowhere.
        if self.on_page_written is not None:
            self.on_page_written(self.conn, page_id)
        self.issue_changed(issue_id)
        if old_issue is not None and old_issue != issue_id:
            self.issue_changed(old_issue)
        return issue_id, row is not None

    def _insert_items(self, page_id: int, page: ParsedPage) -> None:
        for ord_, item in enumerate(page.items):
            spans = json.dumps([list(s) for s in item.spans])
            regions = json.dumps([[round(v, 1) for v in box] for box in item.regions])
            if isinstance(item, Article):
                body = "\n".join(item.paragraphs)
                series = item.series
                self.conn.execute(
                    "INSERT INTO articles(page_id, ord, kicker, title, subtitle, byline, section, body,"
                    " continued_to, continued_from, spans, char_count, subheads, regions, dateline, verse,"
                    " series_title, series_number, series_chapter, series_key)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                        regions,
                        item.dateline,
                        int(item.verse),
                        series.title if series else None,
                        series.number if series else None,
                        series.chapter if series else None,
                        series_key(series.title) if series else None,
                    ),
                )
            else:
                self.conn.execute(
                    "INSERT INTO blocks(page_id, ord, kind, text, spans, regions) VALUES (?, ?, ?, ?, ?, ?)",
                    (page_id, ord_, str(item.kind), item.text, spans, regions),
                )

    def move_page(self, page_id: int, meta: PageMeta) -> int:
        """Store new metadata of a page and move it to the issue that metadata names; returns that issue."""
        row = self.conn.execute("SELECT issue_id, folder, meta FROM pages WHERE id = ?", (page_id,)).fetchone()
        old_issue, folder, old_meta = int(row[0]), row[1], json.loads(row[2])
        issue_id = self.issue_id(meta, folder)
        stored_meta = old_meta | meta.to_json()  # keeps the parser's own values and warnings
        self.conn.execute(
            "UPDATE pages SET issue_id = ?, page_label = ?, seq = ?, meta = ? WHERE id = ?",
            (
                issue_id,
                stored_label(meta.page),
                page_order(meta.page),
                json.dumps(stored_meta, ensure_ascii=False),
                page_id,
            ),
        )
        self.issue_changed(issue_id)
        if old_issue != issue_id:
            self.issue_changed(old_issue)
        return issue_id

    def issue_changed(self, issue_id: int) -> None:
        """Recompute an issue's fields from its pages and relink its jumps; drop it when it has no pages."""
        metas = [
            meta_from_dict(json.loads(m))
            for (m,) in self.conn.execute(
                "SELECT meta FROM pages WHERE issue_id = ? ORDER BY seq, source_path", (issue_id,)
            )
        ]
        if not metas:
            (paper_id,) = self.conn.execute("SELECT paper_id FROM issues WHERE id = ?", (issue_id,)).fetchone()
            self.conn.execute("DELETE FROM issues WHERE id = ?", (issue_id,))
            self.conn.execute(
                "DELETE FROM papers WHERE id = ? AND NOT EXISTS (SELECT 1 FROM issues WHERE paper_id = ?)",
                (paper_id, paper_id),
            )
            return
        best = {name: best_value(metas, name) for name in _ISSUE_META}
        self.conn.execute(
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
        self.conn.execute(
            "DELETE FROM article_links WHERE kind = 'continues' AND from_article IN"
            " (SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.issue_id = ?)",
            (issue_id,),
        )
        ends = [
            JumpEnd(*row)
            for row in self.conn.execute(
                "SELECT a.id, p.page_label, a.title, a.continued_to, a.continued_from"
                " FROM articles a JOIN pages p ON p.id = a.page_id"
                " WHERE p.issue_id = ? AND (a.continued_to IS NOT NULL OR a.continued_from IS NOT NULL)"
                " ORDER BY p.seq, p.source_path, a.ord",
                (issue_id,),
            )
        ]
        self.conn.executemany(
            "INSERT OR IGNORE INTO article_links(from_article, to_article, kind) VALUES (?, ?, 'continues')",
            compute_links(ends),
        )

    def remove_page(self, page_id: int) -> None:
        """Drop a page its file no longer has (articles and blocks go with it; notes on them are kept, orphaned
        by the foreign key, and attach again if the text comes back)."""
        row = self.conn.execute("SELECT issue_id FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            return
        self.conn.execute("UPDATE annotations SET status = 'orphaned' WHERE article_id IN"
                          " (SELECT id FROM articles WHERE page_id = ?)", (page_id,))
        self.conn.execute("DELETE FROM pages WHERE id = ?", (page_id,))
        self.issue_changed(int(row[0]))

    def move_source(self, page_id: int, new_source: str, folder: str) -> None:
        """A page file moved: its row, its corrections and the notes on it follow the new path."""
        old = self.conn.execute("SELECT source_path FROM pages WHERE id = ?", (page_id,)).fetchone()[0]
        self.conn.execute("UPDATE pages SET source_path = ?, folder = ? WHERE id = ?", (new_source, folder, page_id))
        self.conn.execute(
            "UPDATE corrections SET target_key = ? WHERE target_kind = 'page' AND target_key = ?", (new_source, old)
        )
        self.conn.execute("UPDATE annotations SET source_path = ? WHERE source_path = ?", (new_source, old))
