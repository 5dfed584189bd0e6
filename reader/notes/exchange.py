"""Moving the reader's notes between libraries: a complete JSON export that merges back, and a Markdown export.

The JSON file holds every column an import may set (``NoteStore.FIELDS``), so importing it anywhere gives the
same annotations; merging is by ``uid``, the newer ``updated_at`` winning, so importing twice duplicates
nothing. Imported annotations carry no article id (ids are local to one library): they are placed by their
page's path or text hash and quote, as after a re-import, or kept as orphans with their quote.

The Markdown export is for reading and quoting elsewhere; every piece of page or user text in it is escaped,
so an OCR line or a note cannot turn into a heading, link, table or raw HTML. The CSV export is for
spreadsheets: RFC 4180 quoting, and no cell can start a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library.db import transaction
from reader.library.store import Library
from reader.notes.citation import Cited, bibtex, citation, ris
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
from reader.notes.store import FIELDS, NoteStore, normalize_folder, now

FORMAT = "newsreader-notes"
VERSION = 1

# What an import may change on an annotation it already has (the reader's own edits, not the anchor).
USER_FIELDS = ("note", "color", "name", "folder", "deleted_at")
_REQUIRED = ("uid", "kind", "source_path", "content_hash", "created_at", "updated_at")
_OPTIONAL_TEXT = ("title", "paper", "date", "page_label", "quote", "prefix", "suffix", "name")
_STATUSES = (ANCHORED, ORPHANED)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UID_SHOWN = 13


@dataclass
class MergeReport:
    """What an import did: counts of annotations added, updated and left as they were, and why any were skipped."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The one-line account shown after an import."""
        return f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, skipped {len(self.skipped)}"


# -- JSON export -------------------------------------------------------------------------------------------


def _record(ann: Annotation) -> dict[str, Any]:
    """One annotation as a JSON object with exactly the importable columns."""
    values: dict[str, Any] = {name: getattr(ann, name) for name in FIELDS if hasattr(ann, name)}
    values["pos_start"], values["pos_end"] = ann.start, ann.end
    values["article_spans"] = [[a, b] for a, b in ann.article_spans]
    return {name: values[name] for name in FIELDS}  # KeyError here means FIELDS grew a column we do not know


def export_json(store: NoteStore) -> dict[str, Any]:
    """Every live annotation as the exchange document (a dict ready for ``json.dumps``)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now(),
        "annotations": [_record(a) for a in store.list()],
    }


def dump_json(store: NoteStore) -> str:
    """The exchange document as JSON text: Chinese written as is, one annotation per line (diffs stay readable)."""
    doc = export_json(store)
    head = {k: v for k, v in doc.items() if k != "annotations"}
    lines = [json.dumps(rec, ensure_ascii=False) for rec in doc["annotations"]]
    body = "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]" if lines else "[]"
    fields = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items()]
    return "{\n" + ",\n".join([*fields, f'  "annotations": {body}']) + "\n}\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) as ``path`` through a new file in the same folder: an old file stays whole until then."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:  # os.open with 0o666: the file gets the user's usual permissions (umask), unlike mkstemp's 0o600
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


# -- JSON import -------------------------------------------------------------------------------------------


class _Bad(ValueError):
    """A record that cannot be imported; the message is the reason shown to the user."""


def _timestamp(value: Any, name: str, *, optional: bool = False) -> str | None:
    """An ISO time normalised to the store's form (UTC, microseconds) so that string order is time order."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Bad(f"{name} must be an ISO date and time, not {_kind_of(value)}")
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise _Bad(f"{name} is not an ISO date and time: {value[:40]!r}") from None
    if parsed.tzinfo is None:  # the store writes UTC; a bare time from elsewhere is taken as UTC too
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _kind_of(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _text(rec: Mapping[str, Any], name: str, *, default: str | None = None) -> str | None:
    value = rec.get(name, default)
    if value is not None and not isinstance(value, str):
        raise _Bad(f"{name} must be text, not {_kind_of(value)}")
    return value


def _offset(rec: Mapping[str, Any], name: str) -> int | None:
    value = rec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Bad(f"{name} must be a character offset (a whole number ≥ 0), not {value!r}")
    return value


def _spans(value: Any) -> str:
    """``article_spans`` as the JSON text the table keeps."""
    if value is None:
        return "[]"
    if not isinstance(value, list):
        raise _Bad(f"article_spans must be a list of [start, end] pairs, not {_kind_of(value)}")
    out = []
    for span in value:
        ok = isinstance(span, list | tuple) and len(span) == 2
        ok = ok and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in span)
        if not ok or span[0] > span[1]:
            raise _Bad(f"article_spans has a bad span {span!r} (want [start, end] with 0 ≤ start ≤ end)")
        out.append([span[0], span[1]])
    return json.dumps(out)


def _validate(rec: Any) -> dict[str, Any]:
    """One record as table values (every column of FIELDS), or ``_Bad`` saying what is wrong with it."""
    if not isinstance(rec, dict):
        raise _Bad(f"not an object but {_kind_of(rec)}")
    missing = [name for name in _REQUIRED if rec.get(name) in (None, "")]
    if missing:
        raise _Bad(f"missing {', '.join(missing)}")
    out: dict[str, Any] = {}
    for name in ("uid", "kind", "source_path", "content_hash"):
        out[name] = _text(rec, name)
    out["uid"] = out["uid"].strip()
    if not out["uid"]:
        raise _Bad("missing uid")
    if out["kind"] not in KINDS:
        raise _Bad(f"unknown kind {out['kind'][:20]!r} (one of {', '.join(KINDS)})")
    for name in _OPTIONAL_TEXT:
        out[name] = _text(rec, name)
    out["note"] = _text(rec, "note") or ""
    out["folder"] = normalize_folder(_text(rec, "folder") or "")
    out["name"] = (out["name"] or "").strip() or None
    if out["date"] is not None and not _ISO_DATE.match(out["date"]):
        raise _Bad(f"date must be YYYY-MM-DD, not {out['date'][:20]!r}")
    status = _text(rec, "status")
    if status is not None and status not in _STATUSES:
        raise _Bad(f"unknown status {status[:20]!r} (one of {', '.join(_STATUSES)})")
    color = _text(rec, "color")
    if color is not None and color not in COLORS:
        raise _Bad(f"unknown highlight colour {color[:20]!r} (one of {', '.join(COLORS)})")
    # Only highlights have a colour (as the store keeps them); a highlight without one gets the default.
    out["color"] = (color or DEFAULT_COLOR) if out["kind"] == HIGHLIGHT else None
    start, end = _offset(rec, "pos_start"), _offset(rec, "pos_end")
    if (start is None) != (end is None) or (start is not None and end is not None and end < start):
        raise _Bad(f"bad position {start!r}..{end!r} (want both empty, or start ≤ end)")
    if out["kind"] == HIGHLIGHT and (start is None or end is None or end == start or not out["quote"]):
        raise _Bad("a highlight needs its position (pos_start < pos_end) and its quote")
    if out["kind"] == NOTE and start is not None:
        raise _Bad("a whole-article note has no position")
    out["pos_start"], out["pos_end"] = start, end
    out["article_spans"] = _spans(rec.get("article_spans"))
    out["created_at"] = _timestamp(rec["created_at"], "created_at")
    out["updated_at"] = _timestamp(rec["updated_at"], "updated_at")
    out["deleted_at"] = _timestamp(rec.get("deleted_at"), "deleted_at", optional=True)
    # Until reanchor() finds its article an imported annotation has none: orphaned is the honest state.
    out["status"] = ORPHANED
    return out


def _document(text_or_data: str | bytes | Mapping[str, Any]) -> list[Any]:
    """The checked document's list of records; NotesError for anything that is not a notes export we can read."""
    data: Any = text_or_data
    if isinstance(data, bytes | str):
        try:
            raw = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise NotesError(f"not a notes file: the JSON cannot be read ({exc})") from None
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise NotesError(f'not a notes file: it has no "format": "{FORMAT}"')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise NotesError("not a notes file: its version is missing or not a number")
    if version > VERSION:
        raise NotesError(f"this notes file has version {version}: it needs a newer newsreader (this reads {VERSION})")
    if version < 1:
        raise NotesError(f"this notes file has an unknown version {version}")
    records = data.get("annotations")
    if not isinstance(records, list):
        raise NotesError('not a notes file: "annotations" is missing or not a list')
    return records


def _label(n: int, rec: Any) -> str:
    """How a skip reason names a record: its number in the file and the start of its uid."""
    uid = rec.get("uid") if isinstance(rec, dict) else None
    return f"record {n}" + (f" ({uid[:_UID_SHOWN]})" if isinstance(uid, str) and uid.strip() else "")


def import_json(store: NoteStore, text_or_data: str | bytes | Mapping[str, Any]) -> MergeReport:
    """Merge an exchange document (JSON text or parsed) into the store by uid; then place what it added.

    A bad record is skipped with its reason; a file that is not a notes export raises NotesError, as does a
    write error, in which case nothing of the file has been imported (one transaction).
    """
    records = _document(text_or_data)
    report = MergeReport()
    conn = store.connection
    try:
        with transaction(conn):
            for n, rec in enumerate(records, 1):
                try:
                    values = _validate(rec)
                    outcome = _merge(conn, values)
                except _Bad as exc:
                    report.skipped.append(f"{_label(n, rec)}: {exc}")
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
    except sqlite3.Error as exc:
        raise NotesError(f"could not import the notes (nothing was changed): {exc}") from exc
    store.reanchor()  # after the commit: its own transaction, and a failure there loses nothing imported
    return report


def _merge(conn: sqlite3.Connection, values: dict[str, Any]) -> str:
    """Insert or update one valid record; returns the MergeReport counter to bump (``_Bad``: skip it)."""
    row = conn.execute(
        f"SELECT kind, updated_at, {', '.join(USER_FIELDS)} FROM annotations WHERE uid = ?", (values["uid"],)
    ).fetchone()
    if row is None:
        conn.execute(
            f"INSERT INTO annotations({', '.join(FIELDS)}, article_id) VALUES ({', '.join('?' * len(FIELDS))}, NULL)",
            [values[name] for name in FIELDS],
        )
        return "added"
    kind, updated_at, *current = row
    if kind != values["kind"]:
        raise _Bad(f"it is a {values['kind']} in the file but a {kind} here (same uid)")
    try:
        local = _timestamp(updated_at, "updated_at")
    except _Bad:
        local = None  # a damaged local time: the file's edit wins
    if local is not None and values["updated_at"] <= local:
        return "unchanged"
    incoming = [values[name] for name in USER_FIELDS]
    if incoming == current:
        return "unchanged"
    sets = ", ".join(f"{name} = ?" for name in USER_FIELDS)
    conn.execute(
        f"UPDATE annotations SET {sets}, updated_at = ? WHERE uid = ?", (*incoming, values["updated_at"], values["uid"])
    )
    return "updated"


# -- Markdown export ---------------------------------------------------------------------------------------

# Everything Markdown (CommonMark, GFM and common extensions: tables, strikethrough, math, attributes) could
# read as syntax. A backslash before ASCII punctuation always means the character itself.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=$^])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Line breaks Markdown does not see but other tools might; control characters have no place in a document.
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def md_escape(text: str) -> str:
    """One line of page or user text as literal Markdown: no syntax, no HTML, no line breaks."""
    text = _CONTROL.sub("", text).replace("\t", " ")
    text = _BREAKS.sub(" ", text).replace("\n", " ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if text.startswith(":"):  # a definition list in some dialects; elsewhere a colon is plain text
        text = "\\" + text
    return re.sub(r"[&<>]", lambda m: _HTML[m.group(0)], text)


def _md_lines(text: str) -> list[str]:
    """Multi-line text as escaped lines with their breaks kept; leading spaces dropped (they would indent code)."""
    lines = _BREAKS.sub("\n", text).split("\n")
    out: list[str] = []
    for line in lines:
        escaped = md_escape(line.lstrip(" \t")).rstrip()
        if escaped or (out and out[-1]):  # one blank line at most between paragraphs
            out.append(escaped)
    while out and not out[-1]:
        out.pop()
    # A backslash at the end of a line is a hard break: the note's own line breaks stay line breaks.
    return [line + "\\" if line and k + 1 < len(out) and out[k + 1] else line for k, line in enumerate(out)]


def _blockquote(text: str) -> list[str]:
    """Text as a blockquote: every line, blank ones too, carries the "> " prefix."""
    return [f"> {line}" if line else ">" for line in _md_lines(text)]


def _list_item(lead: str, text: str) -> list[str]:
    """A list item "- lead text", every further line indented so it stays inside the item."""
    lines = _md_lines(text) or [""]
    first = f"- {lead}{lines[0]}".rstrip()
    return [first, *[f"  {line}" if line else "" for line in lines[1:]]]


@dataclass(frozen=True)
class MarkdownLabels:
    """The words of a Markdown export: English unless the window gives its interface language's."""

    title: str = "Notes"
    exported: str = "Exported from newsreader on {date}: {what}."
    bookmarks: tuple[str, str] = ("{n} bookmark", "{n} bookmarks")  # one, several
    highlights: tuple[str, str] = ("{n} highlight", "{n} highlights")
    notes: tuple[str, str] = ("{n} article note", "{n} article notes")
    separator: str = ", "
    bookmark: str = "Bookmark"
    folder: str = "folder: {folder}"
    note: str = "Note: "
    orphaned_title: str = "Orphaned notes"
    orphaned_text: str = "Their article is no longer in the library; the quoted text is kept."
    untitled: str = "(untitled)"
    language: str = "en"  # the citation convention: "zh" is GB/T 7714-2015


def _cited(ann: Annotation, conn: sqlite3.Connection | None = None) -> Cited:
    """An annotation's article as citations describe it (its byline read from the library when it is there)."""
    byline = None
    if conn is not None and ann.article_id is not None:
        row = conn.execute("SELECT byline FROM articles WHERE id = ?", (ann.article_id,)).fetchone()
        byline = row[0] if row else None
    return Cited(ann.title, ann.paper, ann.date, ann.page_label, byline, article_id=ann.article_id)


def md_citation(ann: Annotation, labels: MarkdownLabels, conn: sqlite3.Connection | None = None) -> str:
    """The article as cited in the labels' language; its parts from the page or the reader are escaped for
    Markdown (the citation's own punctuation is not: a date or "[N]" cannot start a link or a list)."""
    cited = _cited(ann, conn)

    def escaped(value: str | None) -> str | None:
        return md_escape(value) if value else value

    date = cited.day if _ISO_DATE.match(cited.day) else escaped(cited.day)
    safe = Cited(escaped(" ".join((cited.title or "").split())), escaped(cited.paper), date, escaped(cited.page),
                 cited.byline, article_id=cited.article_id)
    return citation(safe, labels.language)


def _group(annotations: Iterable[Annotation]) -> list[list[Annotation]]:
    """Annotations of one article together, articles in the order they first come."""
    groups: dict[Any, list[Annotation]] = {}
    for ann in annotations:
        key = ann.article_id if ann.article_id is not None else (ann.source_path, ann.article_spans, ann.title)
        groups.setdefault(key, []).append(ann)
    return list(groups.values())


def _article_block(
    group: list[Annotation], labels: MarkdownLabels, conn: sqlite3.Connection, *, orphaned: bool
) -> list[str]:
    first = group[0]
    title = " ".join((first.title or "").split()) or labels.untitled
    out = [f"## {md_escape(title)}", "", md_citation(first, labels, conn), ""]
    order = {BOOKMARK: 0, HIGHLIGHT: 1, NOTE: 2}  # bookmarks, then highlights in text order, then article notes
    for ann in sorted(group, key=lambda a: order[a.kind]):
        if ann.kind == BOOKMARK:
            name = md_escape(ann.name.strip()) if ann.name and ann.name.strip() else ""
            folder = f" ({labels.folder.format(folder=md_escape(ann.folder))})" if ann.folder else ""
            out.append(f"- {labels.bookmark}{': ' if name or folder else ''}{name}{folder}".rstrip())
            if orphaned and ann.quote:
                out += ["", *_blockquote(ann.quote)]
        elif ann.kind == HIGHLIGHT:
            out += _blockquote(ann.quote or "")
            if ann.note.strip():
                out += ["", *_list_item("", ann.note)]
        else:
            if orphaned and ann.quote:
                out += [*_blockquote(ann.quote), ""]
            out += _list_item(labels.note, ann.note)
        out.append("")
    return out


def export_markdown(store: NoteStore, labels: MarkdownLabels | None = None) -> str:
    """Every live annotation as a Markdown document, article by article, orphans in a last section; the words
    and the citations in the language of ``labels`` (English by default)."""
    labels = labels or MarkdownLabels()
    annotations = store.list()
    placed = [a for a in annotations if a.article_id is not None]
    orphans = [a for a in annotations if a.article_id is None]
    counts = {kind: sum(a.kind == kind for a in annotations) for kind in KINDS}
    what = labels.separator.join(
        forms[0 if counts[kind] == 1 else 1].format(n=counts[kind])
        for kind, forms in ((BOOKMARK, labels.bookmarks), (HIGHLIGHT, labels.highlights), (NOTE, labels.notes))
    )
    out = [f"# {labels.title}", "", labels.exported.format(date=now()[:10], what=what), ""]
    for group in _group(placed):
        out += _article_block(group, labels, store.connection, orphaned=False)
    if orphans:
        out += [f"# {labels.orphaned_title}", "", labels.orphaned_text, ""]
        for group in _group(orphans):
            out += _article_block(group, labels, store.connection, orphaned=True)
    return "\n".join(out).rstrip("\n") + "\n"


def _cited_articles(store: NoteStore) -> list[Cited]:
    """The articles that carry bookmarks, highlights or notes, each once, in reading order."""
    return [_cited(group[0], store.connection) for group in _group(store.list())]


def export_ris(store: NoteStore) -> str:
    """Citations of every annotated article as RIS records (for Zotero, EndNote, Mendeley)."""
    return "".join(ris(cited) for cited in _cited_articles(store))


def export_bibtex(store: NoteStore) -> str:
    """Citations of every annotated article as biblatex entries."""
    return "\n".join(bibtex(cited) for cited in _cited_articles(store))


# -- CSV export --------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "kind",
    "paper",
    "date",
    "page",
    "title",
    "quote",
    "note",
    "colour",
    "folder",
    "bookmark name",
    "status",
    "created",
    "updated",
)
# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection"); the full-width
# forms too, which some CJK spreadsheet versions convert. Leading spaces do not protect: some trim them first.
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_CSV_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def csv_cell(value: str | None) -> str:
    """One cell's text, safe in a spreadsheet: control characters dropped, a would-be formula prefixed with '."""
    text = _CSV_CONTROL.sub("", value or "")
    if text[:1] in ("\t", "\r") or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text


def export_csv(store: NoteStore, *, bom: bool = True) -> str:
    """Every live annotation as CSV, one row each in reading order, with a header row of CSV_COLUMNS.

    ``bom``: start with a byte order mark, which spreadsheets need to read the file as UTF-8 (Chinese).
    The quote is the marked text of highlights and placed bookmarks (empty for whole-article ones).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)  # RFC 4180
    writer.writerow(CSV_COLUMNS)
    for a in store.list():
        row = (
            a.kind,
            a.paper,
            a.date,
            a.page_label,
            a.title,
            a.quote if a.has_position else "",
            a.note,
            a.color,
            a.folder,
            a.name,
            a.status,
            a.created_at,
            a.updated_at,
        )
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" if bom else "") + out.getvalue()


WRITERS = {"json": dump_json, "md": export_markdown, "csv": export_csv, "ris": export_ris, "bib": export_bibtex}


def export_library_notes(library: Library, path: Path, fmt: str, labels: MarkdownLabels | None = None) -> Path:
    """Write every note of ``library`` to ``path`` as json, md, csv, ris or bib (atomically); returns the path.

    ``labels`` give the Markdown export its words and citation convention. Opens nothing itself: the window
    runs it on a pool thread with a library connection of that thread.
    """
    if fmt not in WRITERS:
        raise NotesError(f"unknown export format {fmt!r}: use json, md, csv, ris or bib")
    store = NoteStore.of(library)
    text = export_markdown(store, labels) if fmt == "md" else WRITERS[fmt](store)
    write_atomic(Path(path), text)
    return Path(path)


def merge_notes_file(library: Library, path: Path) -> MergeReport:
    """Read a JSON export from ``path`` and merge it into ``library``'s notes (see ``import_json``)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise NotesError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return import_json(NoteStore.of(library), data)
