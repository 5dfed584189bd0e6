"""Messages of the core (why a file was skipped, library, notes and search errors) in the interface language.

The core packages never import Qt and speak English to the command line and the logs; the window shows their
messages. Each message is listed here as a template with its variable parts named, marked with ``N_()`` so that
its Chinese lives in the catalogue. ``core_text`` finds the template that matches a whole message, translates it
and fills in the parts: a part named in ``_MESSAGE_PARTS`` is itself a message (a nested reason, an OS error) and is
translated the same way; any other part is data (a path, a number, quoted query text) and stays as it is.
An unknown message comes back unchanged. tests/test_core_messages.py finds every message of the core and checks
that a template here matches it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from reader.ui.i18n import N_, tr, ui_language

log = logging.getLogger(__name__)

__all__ = ["TEMPLATES", "core_template", "core_text"]

# Parts that are messages themselves; every other part is data and is shown as it is.
_MESSAGE_PARTS = frozenset({"reason", "detail", "problem", "what", "size", "limit"})

TEMPLATES: tuple[str, ...] = (
    # -- finding files (reader/ingest/discover.py) -------------------------------------------------------------
    N_("not a newspaper page"),
    N_("not a path"),
    N_("not a valid path"),
    N_("not found"),
    N_("not found (empty path)"),
    N_("not found (a parent of this path is not a folder)"),
    N_("symlink loop"),
    N_("broken symlink"),
    N_("broken symlink (target {path} does not exist)"),
    N_("permission denied"),
    N_("cannot access: {detail}"),
    N_("is a directory"),
    N_("not a regular file"),
    N_("not a regular file (named pipe)"),
    N_("not a regular file (socket)"),
    N_("not a regular file (device)"),
    N_("cannot open folder: permission denied"),
    N_("cannot open folder: {detail}"),
    N_("file name is not UTF-8 (GBK from Windows?): rename it to import it, e.g. convmv -f gbk -t utf8 -r --notest"),
    # -- reading and decoding text files (reader/ingest/decode.py) ---------------------------------------------
    N_("empty file"),
    N_("empty file (whitespace only)"),
    N_("binary data (NUL character at position {position})"),
    N_("binary data (NUL bytes at offset {offset})"),
    N_("binary data ({percent} control characters)"),
    N_("binary data or unknown encoding ({percent} of the characters are non-printable, private-use or replacement "
       "characters)"),
    N_("starts with a {encoding} byte-order mark but is not valid {encoding} (bad bytes at offset {offset})"),
    N_("not decodable as UTF-8, UTF-16 or GB18030 ({reason}; {detail})"),
    N_("invalid UTF-8 byte 0x{byte} at offset {offset}"),
    N_("invalid GB18030 bytes at offset {offset}"),
    N_("as GB18030 only {percent} of it looks like Chinese text"),
    N_("file too large for one page ({size} > {limit} limit)"),
    N_("file too large for one page (more than {limit} limit)"),
    N_("{n} bytes"),
    N_("cannot read: file not found (moved or deleted?)"),
    N_("cannot read: permission denied"),
    N_("cannot read: symlink loop"),
    N_("cannot read: a parent of this path is not a folder"),
    N_("cannot read: path too long"),
    N_("cannot read: unexpected {kind}: {detail}"),
    N_("cannot read: {detail}"),
    N_("cannot read {path}: {detail}"),
    # -- pages of PDFs and scans (reader/ingest/pages.py, pdf.py, scan.py, ocr.py) -----------------------------
    N_("parser error: {kind}: {detail}"),
    N_("blank page (no text)"),
    N_("blank page (no text and no image)"),
    N_("blank page (no text and no ink)"),
    N_("blank page (no text: the image is empty)"),
    N_("damaged PDF page: {detail}"),
    N_("no text found by OCR"),
    N_("OCR unavailable: {detail}"),
    N_("OCR failed: {kind}: {detail}"),
    N_("{reason}; OCR found no text"),
    N_("{reason}; OCR unavailable: {detail}"),
    N_("{reason}; OCR failed: {kind}: {detail}"),
    N_("no page {n} in {path}"),
    N_("encrypted PDF: needs a password"),
    N_("encrypted PDF: unsupported security scheme"),
    N_("damaged PDF: not a readable PDF file"),
    N_("damaged PDF: {detail}"),
    N_("cannot read: file not found or unreadable"),
    N_("PDF has {n} pages (more than the {limit}-page limit)"),
    N_("text layer unreadable ({percent}% private-use or unmapped glyphs)"),
    N_("no text layer (image only)"),
    N_("no text layer (text drawn as outlines, or drawings only)"),
    N_("not a readable image (unknown format or damaged header)"),
    N_("damaged image: truncated file ({detail})"),
    N_("damaged image: size {width} × {height} px"),
    N_("damaged image: {detail}"),
    N_("image too large ({width} × {height} px, limit {limit})"),
    N_("image too large ({detail})"),
    N_("image too large to decode in memory"),
    N_("image has {n} frames (more than the {limit}-page limit)"),
    N_("{n} megapixels"),
    N_("OCR is not installed ({module} missing): pip install rapidocr onnxruntime"),
    N_("OCR model missing from the rapidocr package: {path}"),
    # -- the library (reader/library, reader/recovery.py) -------------------------------------------------------
    N_("the disk is full"),
    N_("the library folder is read-only"),
    N_("a file in the library folder cannot be created or opened (is the folder read-only?)"),
    N_("the disk could not be written"),
    N_("another program kept the library busy for too long"),
    N_("cannot create library folder {path}: {detail}"),
    N_("cannot open library database {path}: {detail}"),
    N_("cannot open the library database {path}: {problem}"),
    N_("{path} is not a usable library database: {detail}"),
    N_("this library uses schema version {version}, but this version of newsreader only knows up to {known}: "
       "please use a newer newsreader"),
    N_("cannot write {source} to the library: {problem}. Pages imported before it are complete; import again once "
       "this is fixed to go on"),
    N_("no page with id {id}"),
    N_("no issue with id {id}"),
    N_("a correction applies to a page or an issue, not {kind}"),
    N_("cannot correct {field} of a {kind}; choose one of {fields}"),
    N_("not a date (use YYYY-MM-DD): {value}"),
    N_("{field} must be a whole number: {value}"),
    N_("{field} cannot be negative: {value}"),
    N_("cannot read the library database: {detail}"),
    N_("the library database {path} is damaged and could not be moved aside: {detail}"),
    N_("quick_check failed"),
    # -- notes and bookmarks (reader/notes) ---------------------------------------------------------------------
    N_("not a notes file: the JSON cannot be read ({detail})"),
    N_('not a notes file: it has no "format": "{format}"'),
    N_("not a notes file: its version is missing or not a number"),
    N_("this notes file has version {version}: it needs a newer newsreader (this reads {known})"),
    N_("this notes file has an unknown version {version}"),
    N_('not a notes file: "annotations" is missing or not a list'),
    N_("could not import the notes (nothing was changed): {detail}"),
    N_("unknown export format {format}: use json, md, csv, ris or bib"),
    N_("record {n} ({uid}): {reason}"),
    N_("record {n}: {reason}"),
    N_("{field} must be an ISO date and time, not {kind}"),
    N_("{field} is not an ISO date and time: {value}"),
    N_("{field} must be text, not {kind}"),
    N_("{field} must be a character offset (a whole number ≥ 0), not {value}"),
    N_("article_spans must be a list of [start, end] pairs, not {kind}"),
    N_("article_spans has a bad span {span} (want [start, end] with 0 ≤ start ≤ end)"),
    N_("not an object but {kind}"),
    N_("missing {fields}"),
    N_("missing uid"),
    N_("unknown kind {kind} (one of {kinds})"),
    N_("date must be YYYY-MM-DD, not {value}"),
    N_("unknown status {status} (one of {statuses})"),
    N_("unknown highlight colour {colour} (one of {colours})"),
    N_("bad position {start}..{end} (want both empty, or start ≤ end)"),
    N_("a highlight needs its position (pos_start < pos_end) and its quote"),
    N_("a whole-article note has no position"),
    N_("it is a {kind} in the file but a {other} here (same uid)"),
    N_("a highlight needs some text selected"),
    N_("no article with id {id} (was the page re-imported?)"),
    N_("cannot change {fields} of a note"),
    N_("only highlights have a colour"),
    N_("choose a folder to rename"),
    N_("no note or bookmark {uid}"),
    N_("could not save the change: {problem}"),
    N_("could not save the notes' new places: {problem}"),
    # -- the search index and queries (reader/search) -----------------------------------------------------------
    N_("cannot create the search index folder {path}: {detail}"),
    N_("cannot open the search index {path}: {problem}"),
    N_("cannot create the search index {path}: {detail}"),
    N_("cannot update the search index: {problem}. What was indexed is kept; the index catches up on the next "
       "import, search or reindex once this is fixed"),
    N_("the search failed: {detail}"),
    N_("the search index is damaged: run 'newsreader reindex'"),
    N_("unknown sort {sort}: use relevance, newest or oldest"),
    N_("the date range ends before it starts"),
    N_('a quotation mark is not closed: {text}; add the closing "'),
    N_("'{field}:' needs a value right after the colon, e.g. {example}"),
    N_("'{field}:' needs a value, e.g. {example}"),
    N_("no kind {text}: use one of {names}, or block for any of them but article"),
    N_("a quotation mark inside a word: {word}; put the whole phrase in quotes"),
    N_("AND needs a word on each side (words separated by spaces must all match)"),
    N_("OR needs a word on each side, e.g. 许昌 OR 郑州"),
    N_("NOT needs a word after it, e.g. 许昌 NOT 郑州"),
    N_("the query ends too early"),
    N_('{operator} cannot stand here; search it as a word with quotes: "{operator}"'),
    N_("too many search terms (more than {limit})"),
    N_('an empty phrase "" finds nothing: put words between the quotes'),
    N_("not a date: {text}; write date:2020, date:2020-04, date:2020-04-01 or date:2020-04..2020-06"),
    N_("no month {month} in {text}: months go from 1 to 12"),
    N_("no such day: {text}"),
    N_("a date range needs at least one end, e.g. date:2020-04..2020-06"),
    N_("the date range {text} ends before it starts"),
    N_("the query must be text"),
    N_("the query is too long (more than {limit} characters)"),
    N_("the query nests too deeply (too many NOTs in a row)"),
    N_("cannot read this query ({kind}); try simpler words"),
    # -- a background process of the window that stopped (reader/ui/tasks.py) -----------------------------------
    N_("the {process} process stopped unexpectedly (exit code {code})"),
    # -- what the system says (OSError.strerror, SQLite), inside the messages above -----------------------------
    N_("No such file or directory"),
    N_("Permission denied"),
    N_("Operation not permitted"),
    N_("No space left on device"),
    N_("Read-only file system"),
    N_("Is a directory"),
    N_("Not a directory"),
    N_("Disk quota exceeded"),
    N_("Too many open files"),
    N_("Input/output error"),
    N_("File name too long"),
    N_("Too many levels of symbolic links"),
    N_("Device or resource busy"),
    N_("Invalid argument"),
    N_("[Errno {errno}] {reason}: {path}"),
    N_("[Errno {errno}] {reason}"),
    N_("database is locked"),
    N_("database or disk is full"),
    N_("disk I/O error"),
    N_("attempt to write a readonly database"),
    N_("unable to open database file"),
    N_("file is not a database"),
    N_("database disk image is malformed"),
    # -- the core's own errors as a background job of the window reports them ("NotesError: …"): they speak for
    # themselves, like the LibraryErrors that reader/child.py shows without their name
    N_("NotesError: {reason}"),
    N_("LibraryError: {reason}"),
    N_("SearchIndexError: {reason}"),
    # -- anything else said of something: an error's kind and its message ("NotesError: cannot read ..."), last --
    N_("{what}: {detail}"),
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MAX_DEPTH = 8
_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class _Template:
    """One template compiled: the regex of a whole message, and the literal text before and after its parts."""

    text: str
    pattern: re.Pattern[str]
    prefix: str
    suffix: str


def _compile(text: str) -> _Template:
    regex: list[str] = []
    seen: set[str] = set()
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        regex.append(re.escape(text[pos : m.start()]))
        name = m.group(1)
        regex.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = m.end()
    regex.append(re.escape(text[pos:]))
    first = _PLACEHOLDER.search(text)
    last = list(_PLACEHOLDER.finditer(text))
    prefix = text[: first.start()] if first else text
    suffix = text[last[-1].end() :] if last else text
    return _Template(text, re.compile("".join(regex), re.DOTALL), prefix, suffix)


def _specificity(text: str) -> tuple[int, int, str]:
    """Most specific first: the longest literal text, then the fewest parts (the catch-all comes last)."""
    return -len(_PLACEHOLDER.sub("", text)), len(_PLACEHOLDER.findall(text)), text


class _Table:
    """The templates compiled once: whole literal messages by text, the others by the first character they need."""

    def __init__(self, templates: tuple[str, ...]) -> None:
        ordered = sorted(set(templates), key=_specificity)
        self.literal = {t: t for t in ordered if not _PLACEHOLDER.search(t)}
        self.patterns = [_compile(t) for t in ordered if _PLACEHOLDER.search(t)]
        # Templates whose own text is only punctuation (the catch-all): they say something only through their parts.
        self.mute = {t for t in ordered if not re.search("[A-Za-z]", _PLACEHOLDER.sub("", t))}
        self._by_first: dict[str, tuple[_Template, ...]] = {}

    def candidates(self, first: str) -> tuple[_Template, ...]:
        found = self._by_first.get(first)
        if found is None:
            found = self._by_first[first] = tuple(t for t in self.patterns if not t.prefix or t.prefix[0] == first)
        return found

    def match(self, message: str) -> tuple[str, dict[str, str]] | None:
        exact = self.literal.get(message)
        if exact is None and message[:1].islower():  # "cannot read: input/output error": strerror, lower-cased
            exact = self.literal.get(message[:1].upper() + message[1:])
        if exact is not None:
            return exact, {}
        for template in self.candidates(message[:1]):
            if not (message.startswith(template.prefix) and message.endswith(template.suffix)):
                continue
            m = template.pattern.fullmatch(message)
            if m is not None:
                return template.text, m.groupdict()
        return None


_table: _Table | None = None
_cache: dict[str, str] = {}


def _compiled() -> _Table:
    global _table
    if _table is None:
        _table = _Table(TEMPLATES)
    return _table


def core_template(message: str) -> str | None:
    """The English template that matches the whole ``message`` (the most specific one), or None."""
    found = _compiled().match(message)
    return found[0] if found else None


def _translate(message: str, depth: int) -> str:
    """The message in Chinese (unchanged when unknown); its parts that are messages are translated the same way."""
    found = _cache.get(message)
    if found is not None:
        return found
    match = _compiled().match(message) if message and depth < _MAX_DEPTH else None
    found = message
    if match is not None:
        template, parts = match
        text = tr(template)
        if text != template:  # else not translated: the English message whole rather than a mixture
            filled = {k: _translate(v, depth + 1) if k in _MESSAGE_PARTS else v for k, v in parts.items()}
            # The catch-all is only punctuation around its parts: it says something only when a part was translated.
            if filled != parts or template not in _compiled().mute:
                found = text.format(**filled)
    if len(_cache) >= _CACHE_SIZE:
        _cache.clear()
    _cache[message] = found
    return found


def core_text(message: str) -> str:
    """A message of the core in the interface language: as it is in English, translated in Chinese when it is known.

    Never raises: a message no template matches (or a broken translation) comes back unchanged.
    """
    if ui_language() != "zh":
        return message
    try:
        return _translate(message, 0)
    except Exception:  # a translation with a wrong placeholder must not hide the message
        log.exception("cannot translate the message %r", message)
        return message
