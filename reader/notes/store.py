"""The reader's annotations in the library database: every change is its own committed transaction.

There is no "save": a method returns once its change is on disk (WAL, committed), so a crash loses at
most what was still being typed. Deleting only marks a row (``deleted_at``) so that undo can bring it back
and nothing the reader made is ever removed from the file by a click.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import logging
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from reader.library.db import transaction, write_problem
from reader.library.records import headline
from reader.library.store import Library
from reader.notes.model import (
    ANCHORED,
    BOOKMARK,
    COLORS,
    DEFAULT_COLOR,
    HIGHLIGHT,
    KINDS,
    NOTE,
    ORPHANED,
    Annotation,
    NotesError,
)
from reader.notes.quote import CONTEXT_CHARS, make_quote

log = logging.getLogger(__name__)

# Characters of the article's opening kept to find a whole-article note's article again, and after a
# bookmark's position to find that position again.
OPENING_CHARS = 48
POSITION_CHARS = 24

# Live article facts when anchored, the snapshot when orphaned.
_SELECT = """
    SELECT n.id, n.uid, n.kind, n.source_path, n.content_hash, n.article_spans, n.article_id,
           CASE WHEN a.id IS NULL THEN n.title ELSE COALESCE(NULLIF(TRIM(a.title), ''), n.title) END,
           CASE WHEN a.id IS NULL THEN n.paper ELSE pa.name END,
           CASE WHEN a.id IS NULL THEN n.date ELSE i.date END,
           CASE WHEN a.id IS NULL THEN n.page_label ELSE p.page_label END,
           n.pos_start, n.pos_end, n.quote, n.prefix, n.suffix, n.status, n.color, n.note, n.name, n.folder,
           n.created_at, n.updated_at, n.deleted_at
    FROM annotations n
    LEFT JOIN articles a ON a.id = n.article_id
    LEFT JOIN pages p ON p.id = a.page_id
    LEFT JOIN issues i ON i.id = p.issue_id
    LEFT JOIN papers pa ON pa.id = i.paper_id
"""
_ORDER = (
    " ORDER BY CASE WHEN a.id IS NULL THEN n.paper ELSE pa.name END IS NULL,"
    " CASE WHEN a.id IS NULL THEN n.paper ELSE pa.name END,"
    " CASE WHEN a.id IS NULL THEN n.date ELSE i.date END, p.seq, a.ord, n.pos_start, n.id"
)

# Columns an export carries (everything but the row id and the machine-local article id). An import does not
# trust ``status``: placing again decides it on the importing library.
FIELDS = (
    "uid",
    "kind",
    "source_path",
    "content_hash",
    "article_spans",
    "title",
    "paper",
    "date",
    "page_label",
    "pos_start",
    "pos_end",
    "quote",
    "prefix",
    "suffix",
    "status",
    "color",
    "note",
    "name",
    "folder",
    "created_at",
    "updated_at",
    "deleted_at",
)


def now() -> str:
    """UTC time with microseconds: edits in one second still order correctly for merges."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _row(row: Sequence[Any]) -> Annotation:
    values = list(row)
    values[5] = tuple((int(a), int(b)) for a, b in json.loads(values[5]))
    return Annotation(*values)


def _check_color(color: str | None) -> str:
    color = color or DEFAULT_COLOR
    if color not in COLORS:
        raise NotesError(f"unknown highlight colour {color!r} (one of {', '.join(COLORS)})")
    return color


def normalize_folder(folder: str | None) -> str:
    """A folder path "a/b" with empty and surrounding-space parts dropped."""
    return "/".join(p.strip() for p in (folder or "").split("/") if p.strip())


class NoteStore:
    """Adds, changes, deletes and lists annotations on one library connection (GUI or command line)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def of(cls, library: Library) -> NoteStore:
        """The notes kept in ``library``'s database, on its connection."""
        return cls(library.connection)

    @property
    def connection(self) -> sqlite3.Connection:
        """The library connection (for modules of this package that read or write in bulk)."""
        return self._conn

    # -- creating ----------------------------------------------------------------------------------------

    def add_bookmark(
        self, article_id: int, position: int | None = None, *, name: str | None = None, folder: str = ""
    ) -> Annotation:
        """Bookmark an article, at a character position of its body when ``position`` is given."""
        return self._add(BOOKMARK, article_id, position, position, name=name, folder=normalize_folder(folder))

    def add_highlight(
        self, article_id: int, start: int, end: int, *, color: str | None = None, note: str = ""
    ) -> Annotation:
        """Highlight body[start:end] of an article, with an optional note."""
        if end <= start:
            raise NotesError("a highlight needs some text selected")
        return self._add(HIGHLIGHT, article_id, start, end, color=_check_color(color), note=note)

    def add_note(self, article_id: int, note: str) -> Annotation:
        """A note on the whole article."""
        return self._add(NOTE, article_id, None, None, note=note)

    def _add(
        self,
        kind: str,
        article_id: int,
        start: int | None,
        end: int | None,
        *,
        color: str | None = None,
        note: str = "",
        name: str | None = None,
        folder: str = "",
    ) -> Annotation:
        row = self._conn.execute(
            "SELECT a.title, a.body, a.spans, p.source_path, p.content_hash, p.page_label, i.date, pa.name"
            " FROM articles a JOIN pages p ON p.id = a.page_id JOIN issues i ON i.id = p.issue_id"
            " LEFT JOIN papers pa ON pa.id = i.paper_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NotesError(f"no article with id {article_id} (was the page re-imported?)")
        title, body, spans, source, digest, label, date, paper = row
        if start is None:
            quote, prefix, suffix, pos_end = body[:OPENING_CHARS], "", "", None
        else:
            start = max(0, min(start, len(body)))
            stop = start + POSITION_CHARS if kind == BOOKMARK else (end if end is not None else start)
            q = make_quote(body, start, min(max(stop, start), len(body)), CONTEXT_CHARS)
            quote, prefix, suffix, start, pos_end = q.exact, q.prefix, q.suffix, q.start, q.end
        stamp = now()
        uid = str(uuid.uuid4())
        self._write(
            "INSERT INTO annotations(uid, kind, source_path, content_hash, article_spans, article_id, title,"
            " paper, date, page_label, pos_start, pos_end, quote, prefix, suffix, status, color, note, name,"
            " folder, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?)",
            (
                uid,
                kind,
                source,
                digest,
                spans,
                article_id,
                headline(title, body),
                paper,
                date,
                label,
                start,
                pos_end,
                quote,
                prefix,
                suffix,
                ANCHORED,
                color,
                note or "",
                (name or "").strip() or None,
                folder,
                stamp,
                stamp,
            ),
        )
        log.info("added %s %s on article %s", kind, uid, article_id)
        return self._get(uid)

    # -- changing ----------------------------------------------------------------------------------------

    def update(self, uid: str, **changes: Any) -> Annotation:
        """Change ``note``, ``color``, ``name`` or ``folder`` of an annotation; returns it as stored."""
        allowed = {"note", "color", "name", "folder"}
        unknown = set(changes) - allowed
        if unknown:
            raise NotesError(f"cannot change {', '.join(sorted(unknown))} of a note")
        current = self._get(uid)  # raises for an unknown uid
        if "color" in changes:
            if current.kind != HIGHLIGHT:
                raise NotesError("only highlights have a colour")
            changes["color"] = _check_color(changes["color"])
        if "folder" in changes:
            changes["folder"] = normalize_folder(changes["folder"])
        if "name" in changes:
            changes["name"] = (changes["name"] or "").strip() or None
        if "note" in changes:
            changes["note"] = changes["note"] or ""
        if changes:
            sets = ", ".join(f"{name} = ?" for name in changes)
            self._write(f"UPDATE annotations SET {sets}, updated_at = ? WHERE uid = ?", (*changes.values(), now(), uid))
        return self._get(uid)

    def delete(self, uid: str) -> Annotation:
        """Mark an annotation deleted (``restore`` undoes it); returns it as it was."""
        before = self._get(uid)
        stamp = now()
        self._write("UPDATE annotations SET deleted_at = ?, updated_at = ? WHERE uid = ?", (stamp, stamp, uid))
        return before

    def restore(self, uid: str) -> Annotation:
        """Bring back a deleted annotation."""
        self._get(uid, include_deleted=True)
        self._write("UPDATE annotations SET deleted_at = NULL, updated_at = ? WHERE uid = ?", (now(), uid))
        return self._get(uid)

    def rename_folder(self, old: str, new: str) -> dict[str, str]:
        """Move every bookmark in folder ``old`` (and its subfolders) under ``new``.

        Returns {uid: previous folder} of the bookmarks that moved, so an undo puts back exactly those (a
        rename into an existing folder merges them, and the folder's own bookmarks must stay).
        """
        old, new = normalize_folder(old), normalize_folder(new)
        if not old:
            raise NotesError("choose a folder to rename")
        rows = self._conn.execute(
            "SELECT uid, folder FROM annotations WHERE deleted_at IS NULL"
            " AND (folder = ? OR folder LIKE ? ESCAPE '\\')",
            (old, old.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"),
        ).fetchall()
        moves = {uid: normalize_folder(new + f[len(old) :]) for uid, f in rows if f == old or f.startswith(old + "/")}
        before = {uid: f for uid, f in rows if uid in moves and moves[uid] != f}
        self.set_folders({uid: moves[uid] for uid in before})
        return before

    def set_folders(self, folders: dict[str, str]) -> None:
        """Put annotations in the given folders (by uid), in one transaction."""
        if not folders:
            return
        stamp = now()
        try:
            with transaction(self._conn):
                self._conn.executemany(
                    "UPDATE annotations SET folder = ?, updated_at = ? WHERE uid = ?",
                    [(normalize_folder(f), stamp, uid) for uid, f in folders.items()],
                )
        except sqlite3.Error as exc:
            raise NotesError(f"could not save the change: {write_problem(exc) or exc}") from exc

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        try:
            with transaction(self._conn):
                self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            # Disk full, read-only folder, a damaged file: the change is rolled back, the caller says so.
            raise NotesError(f"could not save the change: {write_problem(exc) or exc}") from exc

    # -- reading -----------------------------------------------------------------------------------------

    def get(self, uid: str, *, include_deleted: bool = False) -> Annotation | None:
        cond = "" if include_deleted else " AND n.deleted_at IS NULL"
        row = self._conn.execute(_SELECT + " WHERE n.uid = ?" + cond, (uid,)).fetchone()
        return _row(row) if row else None

    def _get(self, uid: str, *, include_deleted: bool = False) -> Annotation:
        found = self.get(uid, include_deleted=include_deleted)
        if found is None:
            raise NotesError(f"no note or bookmark {uid}")
        return found

    def list(self, kinds: Iterable[str] | str | None = None, *, include_deleted: bool = False) -> list[Annotation]:
        """Annotations in reading order (paper, date, page, article, position); deleted ones left out."""
        wanted = [kinds] if isinstance(kinds, str) else list(kinds or KINDS)
        cond = f" WHERE n.kind IN ({', '.join('?' * len(wanted))})"
        if not include_deleted:
            cond += " AND n.deleted_at IS NULL"
        return [_row(r) for r in self._conn.execute(_SELECT + cond + _ORDER, wanted)]

    def for_article(self, article_id: int) -> builtins.list[Annotation]:  # (NoteStore.list shadows list)
        """The live annotations placed on one article, in text order (whole-article ones first)."""
        rows = self._conn.execute(_SELECT + " WHERE n.article_id = ? AND n.deleted_at IS NULL" + _ORDER, (article_id,))
        return [_row(r) for r in rows]

    def bookmark_of(self, article_id: int) -> Annotation | None:
        """The article's bookmark (the first, should there be several)."""
        return next((a for a in self.for_article(article_id) if a.kind == BOOKMARK), None)

    def bookmarked(self, article_ids: Iterable[int]) -> dict[int, tuple[bool, int]]:
        """For each article that has any: (bookmarked, number of highlights and notes)."""
        ids = list(article_ids)
        out: dict[int, tuple[bool, int]] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ", ".join("?" * len(part))
            rows = self._conn.execute(
                "SELECT article_id, SUM(kind = 'bookmark') > 0, SUM(kind != 'bookmark') FROM annotations"
                f" WHERE deleted_at IS NULL AND article_id IN ({marks}) GROUP BY article_id",
                part,
            )
            out.update({int(a): (bool(b), int(n)) for a, b, n in rows})
        return out

    def folders(self) -> builtins.list[str]:
        """Every bookmark folder in use, parents included, sorted."""
        names: set[str] = set()
        for (folder,) in self._conn.execute(
            "SELECT DISTINCT folder FROM annotations WHERE kind = 'bookmark' AND deleted_at IS NULL AND folder != ''"
        ):
            parts = folder.split("/")
            names.update("/".join(parts[: k + 1]) for k in range(len(parts)))
        return sorted(names)

    def counts(self) -> dict[str, int]:
        """How many live annotations of each kind, and how many are orphaned."""
        out = dict.fromkeys((*KINDS, ORPHANED), 0)
        for kind, status, n in self._conn.execute(
            "SELECT kind, status, COUNT(*) FROM annotations WHERE deleted_at IS NULL GROUP BY kind, status"
        ):
            out[kind] += n
            if status == ORPHANED:
                out[ORPHANED] += n
        return out

    # -- placing again ------------------------------------------------------------------------------------

    def reanchor(self) -> int:
        """Place every annotation that has lost its article, page by page; returns how many were looked at.

        Import does this for the pages it writes; this catches the rest (annotations imported from a file,
        pages that moved to another path with the same text).
        """
        rows = self._conn.execute(
            "SELECT DISTINCT p.id FROM annotations n JOIN pages p"
            " ON p.source_path = n.source_path OR p.content_hash = n.content_hash WHERE n.article_id IS NULL"
        ).fetchall()
        looked = 0
        waiting = self._conn.execute(
            "SELECT 1 FROM annotations WHERE article_id IS NULL AND status != ? LIMIT 1", (ORPHANED,)
        ).fetchone()
        if not rows and waiting is None:
            return 0  # nothing to place: no write lock taken (an import may hold it for a while)
        from reader.notes.reanchor import reanchor_page  # on use: it loads rapidfuzz, the window rarely needs it

        try:
            with transaction(self._conn):
                for (page_id,) in rows:
                    looked += reanchor_page(self._conn, page_id)
                # Nothing left to try for the rest: they are orphans until their page comes (back).
                self._conn.execute(
                    "UPDATE annotations SET status = ? WHERE article_id IS NULL AND status != ?", (ORPHANED, ORPHANED)
                )
        except sqlite3.Error as exc:
            raise NotesError(f"could not save the notes' new places: {write_problem(exc) or exc}") from exc
        return looked

    def article_text(self, article_id: int) -> str | None:
        """The body text annotations' offsets index (None for an unknown article)."""
        row = self._conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None
