"""Command line: parse pages, import them into the library, list and show issues and articles."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import logging
import os
import re
import shutil
import signal
import sqlite3
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reader import __version__
from reader.library import ArticleRecord, IssueRecord, Library, LibraryError
from reader.library.db import is_damage
from reader.notes.store import NoteStore
from reader.paths import library_dir, samples_dir

if TYPE_CHECKING:
    from reader.ingest.model import ParsedPage

log = logging.getLogger(__name__)

# 0: done (a search that ran, with hits or none); 1: the command failed (a query error, nothing readable, a damaged
# library, a file that cannot be written); 2: wrong usage (bad options, a paper, date or id that does not exist,
# no library where --library points); 130: cancelled with Ctrl+C.
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_CANCELLED = 0, 1, 2, 130

EXAMPLES = [
    ("newsreader parse --json scans/2020-04-08/", "parsed pages as JSON, nothing stored"),
    ('newsreader import ~/archive/许昌日报', 'import (again: unchanged files are skipped)'),
    ('newsreader list', 'papers and their issues, with issue ids'),
    ('newsreader show 许昌日报 2020-04-08', "an issue's contents, page by page"),
    ('newsreader show --issue 3', 'the same, by issue id'),
    ('newsreader show --article 42 --joined', 'an article, with its parts on other pages'),
    ('newsreader show --page 7', "a page's original text"),
    ('newsreader demo', 'import the bundled samples and show them'),
    ('newsreader search 疫情防控 --paper 许昌日报 --from 2020', 'articles containing 疫情防控, by relevance'),
    ("newsreader search 'title:脱贫 -郑州 date:2020-04'", "syntax: see 'newsreader search --help'"),
    ('newsreader reindex', 'rebuild the search index from the library'),
    ('newsreader series 春申舊夢', "a serial's instalments in reading order"),
    ('newsreader notes export -o notes.json', 'bookmarks, highlights and notes, to import elsewhere'),
    ('newsreader notes export --format md -o notes.md', 'the same as Markdown, with citations, to read or quote'),
    ('newsreader notes export --format csv -o notes.csv', 'the same as a spreadsheet (UTF-8, formulas neutralised)'),
    ('newsreader notes import notes.json', 'merge them into this library (the newer edit wins)'),
    ('newsreader notes backup', 'back up the notes now (also automatic in the reader)'),
    ('newsreader notes list --orphaned', 'notes whose article is no longer in the library'),
]

EPILOG_TAIL = """\
The library lives in --library DIR, else $NEWSREADER_HOME, else the platform's user data folder.

exit status: 0 done (a search that ran, with or without hits), 1 failed (a query error, no page could be
read, a damaged library, a file that cannot be written), 2 wrong usage (bad options, an unknown paper, date or
id, no library in the --library folder), 130 cancelled with Ctrl+C.
"""


def epilog() -> str:
    """The examples of --help, aligned in terminal columns (a Chinese character takes two)."""
    column = max(_width(command) for command, _ in EXAMPLES) + 2
    lines = [f"  {command}{' ' * (column - _width(command))}{text}" for command, text in EXAMPLES]
    return "examples:\n" + "\n".join(lines) + "\n\n" + EPILOG_TAIL


class UserError(Exception):
    """A command that could not do its work (a query error, an unwritable file): one line, exit code 1."""

    code = EXIT_ERROR


class UsageError(UserError):
    """A mistake on the command line (bad option, unknown paper, date or id): one line, exit code 2."""

    code = EXIT_USAGE


# -- argument parsing -------------------------------------------------------------------------------------


SEARCH_HELP = """\
Search the library: articles, and the blocks of a page that are not articles (adverts, captions, teaser
lists, mastheads, ...), so that every character of a page can be found.

  疫情防控                 the exact string (Chinese runs are never split into words)
  许昌 疫情防控            both strings; "quoted phrase"; 许昌 OR 郑州; -郑州 or NOT 郑州 (leave out)
  title:  sub: (kicker:, subtitle:)  byline: (author:)  body:      the string in that field
  paper:许昌  page:2  section:要闻  kind:广告                       filters
  date:2020  date:2020-04  date:2020-04-01  date:2020-04..2020-06  date:..2019  date:2021..

kind: takes article, block (any block) or a block kind: masthead 报头, advert 广告, index 导读, caption
图片说明, footer 页脚, section 栏目, table 表格, noise 杂项. A query without a string (only filters, or
nothing at all) lists articles, newest first. Simplified and traditional characters, full-width and ASCII
letters, upper and lower case match each other. A document of unknown date matches no date filter.
"""

SEARCH_EPILOG = """\
JSON (--json):
  {"total": N,                        exact number of hits
   "hits": [{"kind": "article" | "masthead" | "advert" | "index" | "caption" | "footer" | "section" |
                     "table" | "noise",
             "article_id": ID | null,     null for a block
             "block_id": ID, "spans": [[START, END], ...],   blocks only: the block's place in the page's
                                          original text ('newsreader show --page PAGE_ID')
             "page_id": ID, "paper": NAME | null, "date": "YYYY-MM-DD" | null, "page": LABEL | null,
             "title": TEXT | null,        null for a block
             "snippet": TEXT,             about 100 characters around the first hit
             "snippet_hits": [[START, END], ...],   the hits in the snippet, as character offsets
             "score": NUMBER},            relevance (0 when sorted by date)
            ...],
   "facets": {"paper": [{"value": NAME | null, "count": N}, ...],   null: unknown paper
              "year": [{"value": YEAR | null, "count": N}, ...],    null: unknown date
              "kind": [{"value": KIND, "count": N}, ...]},
   "exact": false}                    only when the page of a very common string is the best of its likeliest
                                      candidates, each scored exactly, but not proven the true top
  Unknown values are null everywhere. A query starting with "-" works as it is: search -郑州 许昌.
"""


class _SearchArgumentParser(argparse.ArgumentParser):
    """The ``search`` subcommand's parser: a word starting with "-" that is no option of it is a query term."""

    def _parse_optional(self, arg_string: str) -> Any:
        if (
            len(arg_string) > 1
            and arg_string[0] == "-"
            and arg_string[1] != "-"
            and arg_string not in self._option_string_actions
        ):
            return None  # positional: "-养老" leaves 养老 out
        return super()._parse_optional(arg_string)


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: the option may come before or after the subcommand without one hiding the other.
    common.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS, help="library folder")
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging on stderr"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Reader for Chinese newspapers: OCR text, PDF and scanned pages into articles, kept in a library.",
        epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", parents=[common], help="parse page files and print the result (no library)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="page files or folders")
    p.add_argument("--json", action="store_true", help='print {"pages": [...], "skipped": [...]} as JSON')
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("import", parents=[common], help="import page files or folders into the library")
    p.add_argument("paths", nargs="+", metavar="PATH", help="page files or folders")
    p.add_argument("--force", action="store_true", help="parse unchanged files again")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", parents=[common], help="list papers and their issues")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--paper", metavar="NAME", help="only this paper")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "show",
        parents=[common],
        help="show an issue's contents, an article or a page",
        description="Show an issue (PAPER DATE, or --issue ID), a paper's issues (PAPER), an article "
        "(--article ID) or a page's original text (--page ID). Ids are printed by 'list' and 'show'.",
    )
    p.add_argument("paper", nargs="?", metavar="PAPER", help="paper name (or a unique part of it)")
    p.add_argument(
        "date", nargs="?", metavar="DATE", help="issue date: 2020-04-08, 2020/4/8 or 20200408 (none: list)"
    )
    target = p.add_mutually_exclusive_group()
    target.add_argument("--issue", type=int, metavar="ID", help="issue id")
    target.add_argument("--article", type=int, metavar="ID", help="article id: print it reflowed")
    target.add_argument("--page", type=int, metavar="ID", help="page id: print its original text")
    p.add_argument("--joined", action="store_true", help="with --article: all its parts across pages")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "search",
        parents=[common],
        help="search the library's articles and blocks",
        description=SEARCH_HELP,
        epilog=SEARCH_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.__class__ = _SearchArgumentParser  # "-养老" is a query word, not an unknown option
    p.add_argument(
        "query", nargs="*", metavar="QUERY", help="the query (several arguments are joined by spaces; none: list all)"
    )
    p.add_argument("--paper", metavar="P", help="only this paper (or papers whose name contains P)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="from this date: 2020, 2020-04 or 2020-04-01")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="up to this date (inclusive), same forms")
    p.add_argument("--page", metavar="LABEL", help="only this page label (2, A3, ...)")
    p.add_argument("--kind", metavar="KIND", help="only articles (article), blocks (block) or one kind of block")
    p.add_argument("--sort", choices=("relevance", "newest", "oldest"), default=None,
                   help="relevance (default with a query), newest (default without one) or oldest")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to print (default 20)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits")
    p.add_argument("--json", action="store_true", help="print the result as JSON (described below)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("reindex", parents=[common], help="rebuild the search index from the library")
    p.set_defaults(func=cmd_reindex)

    _add_series_command(sub, common)

    p = sub.add_parser(
        "notes",
        parents=[common],
        help="export, import and list bookmarks, highlights and notes",
        description="Export the reader's bookmarks, highlights and notes (JSON to import into another library, "
        "Markdown to read), import a JSON export (merged: nothing is duplicated, the newer edit wins), or list them.",
    )
    notes = p.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    q = notes.add_parser("export", parents=[common], help="write every note and bookmark as JSON, Markdown or CSV")
    q.add_argument(
        "--format",
        choices=("json", "md", "csv", "ris", "bib"),
        default="json",
        help="json (default, for import), md, csv (for spreadsheets; with -o it starts with a UTF-8 BOM), or the "
        "citations of the annotated articles as ris or bib (BibTeX) for reference managers",
    )
    q.add_argument("-o", "--output", metavar="FILE", help="write FILE (replaced whole) instead of standard output")
    q.set_defaults(func=cmd_notes_export)
    q = notes.add_parser("import", parents=[common], help="merge a JSON export of notes into this library")
    q.add_argument("file", metavar="FILE", help="a file written by 'newsreader notes export'")
    q.set_defaults(func=cmd_notes_import)
    q = notes.add_parser(
        "backup",
        parents=[common],
        help="back up the notes and bookmarks now (to the library's backups folder); print the file",
    )
    q.set_defaults(func=cmd_notes_backup)
    q = notes.add_parser("list", parents=[common], help="list notes and bookmarks in reading order")
    q.add_argument("--orphaned", action="store_true", help="only those whose article is no longer in the library")
    q.set_defaults(func=cmd_notes_list)

    p = sub.add_parser("demo", parents=[common], help="import the bundled samples and show them")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("app", parents=[common], help="open the desktop reader (the default command)")
    p.add_argument("--samples", action="store_true", help="import the bundled sample issues and open them")
    p.set_defaults(func=cmd_app)
    return parser


# -- output helpers ---------------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str | None, columns: int) -> str:
    """One line of at most ``columns`` terminal columns."""
    line = " ".join((text or "").split())
    if _width(line) <= columns:
        return line
    out, used = [], 0
    for c in line:
        w = _width(c)
        if used + w > columns - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _shown(path: str, parts: int = 2) -> str:
    """The last ``parts`` components of a path: enough to recognise a page file."""
    pieces = re.split(r"[\\/]", path)
    return "/".join(p for p in pieces[-parts:] if p)


def _day(date: dt.date | None) -> str:
    return date.isoformat() if date else "????-??-??"


class ProgressPrinter:
    """Import progress on stderr: a redrawn bar on a terminal, otherwise a line now and then."""

    LINE_INTERVAL = 5.0  # seconds between lines when not on a terminal

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.last_line = self.start
        self.drawn = False

    def __call__(self, done: int, total: int, current: str) -> None:
        from reader.jobs import INDEX_STEP

        if current == INDEX_STEP:  # the import's pages are written: the index phase starts its own count
            self.finish()
            self.start = self.last_line = time.monotonic()
            return
        now = time.monotonic()
        eta = ""
        if 0 < done < total:
            remaining = (now - self.start) / done * (total - done)
            eta = f"ETA {int(remaining // 60)}:{int(remaining % 60):02d}"
        if self.tty:
            columns = shutil.get_terminal_size((80, 24)).columns
            filled = 20 * done // total if total else 20
            head = f"[{'#' * filled}{'-' * (20 - filled)}] {done}/{total} {eta} "
            line = head + _clip(_shown(current), max(columns - _width(head) - 1, 0))
            self.stream.write("\r" + line + " " * max(columns - 1 - _width(line), 0))
            self.stream.flush()
            self.drawn = True
        elif total and (now - self.last_line >= self.LINE_INTERVAL or done == total) and done:
            self.last_line = now
            self.stream.write(f"{done}/{total} pages {eta}".rstrip() + "\n")

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False


@contextmanager
def _ctrl_c_cancels(cancel: threading.Event) -> Iterator[None]:
    """The first Ctrl+C asks the running job to stop between pages; a second one interrupts at once."""

    def handler(signum: int, frame: Any) -> None:
        cancel.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: no signal handling there
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# -- commands ---------------------------------------------------------------------------------------------


def _library_folder(args: argparse.Namespace, *, create: bool) -> Path:
    """The folder of --library (or the default); a file there, or no library for a read-only command, is a
    usage error, and a command that only reads creates nothing."""
    from reader.library.db import DB_NAME

    given = getattr(args, "library", None)
    folder = library_dir(given, create=False)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a library folder: give a folder with --library")
    if not create and not (folder / DB_NAME).is_file():
        where = f"--library {folder}" if given else str(folder)
        raise UsageError(f"no library in {where}: import pages first ('newsreader import PATH'), or check --library")
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the library folder {folder}: {exc.strerror or exc}") from None
    return folder


def _open_library(args: argparse.Namespace, *, create: bool = False) -> Library:
    """The library of --library; a damaged database is moved aside and recovered, and the user told so.

    ``create``: a command that writes (import, demo, reindex, notes import) makes a new library where there is
    none; the others only read and refuse a folder without one.
    """
    from reader.recovery import open_library_safely

    library, report = open_library_safely(_library_folder(args, create=create))
    if report is not None:
        print(f"warning: {report.message()}", file=sys.stderr)
    return library


def cmd_parse(args: argparse.Namespace) -> int:
    import os

    import platformdirs

    from reader.ingest.ocr import OcrCache  # on use: the window's process never parses pages
    from reader.ingest.pipeline import collect_pages
    from reader.paths import APP_NAME, HOME_ENV

    # OCR results of scans go to an existing library's cache (parsing a scan again takes no OCR); parse never
    # creates a library, so without one OCR results are not kept.
    home = Path(getattr(args, "library", None) or os.environ.get(HOME_ENV)
                or platformdirs.user_data_dir(APP_NAME, appauthor=False)).expanduser()
    cache = OcrCache(home / "cache" / "ocr") if (home / "library.sqlite3").is_file() else None
    result = collect_pages(args.paths, None, ocr_cache=cache)
    for skipped in result.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if args.json:
        data = {
            "pages": [page.to_json() for page in result.pages],
            "skipped": [{"source": s.path, "reason": s.reason} for s in result.skipped],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for page in result.pages:
            _print_parsed(page)
    if not result.pages:
        print("error: no page could be read", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _print_parsed(page: ParsedPage) -> None:
    meta = page.meta
    fields = []
    for name, shown in (
        ("paper", meta.paper),
        ("date", meta.date.isoformat() if meta.date else None),
        ("issue_number", meta.issue_number),
        ("page", meta.page),
        ("page_count", meta.page_count),
    ):
        source = meta.provenance.get(name, "unknown")
        fields.append(f"{name}={shown if shown is not None else '?'} ({source})")
    print(page.source)
    print("  " + "  ".join(fields))
    print(f"  {len(page.articles)} articles, {len(page.blocks)} blocks")
    for n, article in enumerate(page.articles, 1):
        jump = f"  → p.{article.continued_to}" if article.continued_to else ""
        chars = sum(len(p) for p in article.paragraphs)
        title = _clip(article.title or "(untitled)", 50)
        print(f"  {n:3}. {title}  {_clip(article.byline, 30)}  {chars}字{jump}")
    for warning in page.warnings:
        print(f"  warning: {warning}")
    print()


def skipped_lines(skipped: Sequence[tuple[str, str]]) -> list[str]:
    """The skipped files of a run, files of other types grouped ("12 .docx files: not newspaper pages")."""
    from reader.ingest.discover import group_skipped

    groups, others = group_skipped(skipped)
    lines = [
        f"{n} {suffix or 'extension-less'} file{'s' if n != 1 else ''}: not newspaper pages" for suffix, n in groups
    ]
    return lines + [f"{path}: {reason}" for path, reason in others]


def _import(library: Library, paths: Sequence[str], force: bool = False) -> int:
    """Import and index as the window's writer does (``writer.import_op``), with progress, Ctrl+C and a summary."""
    from reader import writer
    from reader.jobs import ImportPages

    cancel = threading.Event()
    progress = ProgressPrinter(sys.stderr)
    try:
        with _ctrl_c_cancels(cancel):
            report = writer.import_op(library, progress, cancel, ImportPages(tuple(map(str, paths)), force))
    except KeyboardInterrupt:
        progress.finish()
        print(
            "Import interrupted: the page being written was rolled back; pages written before it are kept."
            " The search index catches up at the next import or search.",
            file=sys.stderr,
        )
        return EXIT_CANCELLED
    progress.finish()
    print(f"Library: {library.folder}")
    moved = f", {report.moved} moved" if report.moved else ""
    print(f"  pages: {report.added} added, {report.replaced} replaced, {report.unchanged} unchanged{moved}")
    if report.duplicates:
        print(f"  copies not added (already in the library): {len(report.duplicates)}")
        for copy, original in report.duplicates:
            print(f"    {copy}: already in the library as {original}")
    print(f"  issues: {report.issues}, articles written: {report.articles}")
    if report.skipped:
        print(f"  skipped {len(report.skipped)} file(s):")
        for line in skipped_lines(report.skipped):
            print(f"    {line}")
    if report.cancelled:
        print("Import cancelled: pages written so far are complete, the rest not imported.", file=sys.stderr)
        return EXIT_CANCELLED
    if report.indexed or report.unindexed:
        seconds = report.index_seconds
        print(f"  search index: {report.indexed} pages indexed, {report.unindexed} removed ({seconds:.1f} s)")
    if report.pages == 0:
        print("error: no page could be read", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    with _open_library(args, create=True) as library:
        return _import(library, args.paths, force=args.force)


def _search_service(library: Library) -> Any:
    from reader.search import SearchService  # imported on use: listing and showing need no search code

    return SearchService(library.folder)


def _sync_index(
    library: Library, rebuild: bool = False, out: TextIO | None = None, service: Any = None
) -> bool:
    """Bring the search index in step with the library (what import and demo do after writing).

    When nothing changed this reads one row of each database (the library's change log).
    """
    from reader.search.index import SearchIndexError

    cancel = threading.Event()
    progress = ProgressPrinter(sys.stderr)
    try:
        with _ctrl_c_cancels(cancel), contextlib.ExitStack() as stack:
            if service is None:
                service = stack.enter_context(_search_service(library))
            if rebuild:
                report = service.rebuild(progress=progress, cancel=cancel, library=library)
            else:
                report = service.sync(library, progress=progress, cancel=cancel)
    except SearchIndexError as exc:  # disk full, read-only folder: one line, no traceback
        progress.finish()
        raise UserError(str(exc)) from None
    except KeyboardInterrupt:
        progress.finish()
        print("Indexing interrupted: the next import or search finishes it.", file=sys.stderr)
        return False
    progress.finish()
    if report.cancelled:
        print("Indexing cancelled: the next import or search finishes it.", file=sys.stderr)
        return False
    if report.indexed_pages or report.removed_pages or rebuild:
        print(
            f"  search index: {report.indexed_pages} pages indexed, {report.removed_pages} removed"
            f" ({report.seconds:.1f} s)",
            file=out or sys.stdout,
        )
    return True


def _issues_by_paper(library: Library, paper: str | None = None) -> dict[str | None, list[IssueRecord]]:
    grouped: dict[str | None, list[IssueRecord]] = {}
    for issue in library.issues(paper):
        grouped.setdefault(issue.paper, []).append(issue)
    return grouped


def _print_list(library: Library, paper: str | None = None) -> None:
    grouped = _issues_by_paper(library, paper)
    if not grouped:
        print("The library is empty: import pages with 'newsreader import PATH'.")
    for name, issues in grouped.items():
        print(f"{name or '(unknown paper)'}  ({len(issues)} issue{'s' if len(issues) != 1 else ''})")
        for issue in issues:
            number = f"第{issue.issue_number}期" if issue.issue_number is not None else ""
            of = f"/{issue.page_count}" if issue.page_count else ""
            print(
                f"  #{issue.id:<4} {_day(issue.date)}  {number:<8} pages {issue.stored_pages}{of}"
                f"  articles {issue.article_count}"
            )
    if any(i.date is None for issues in grouped.values() for i in issues):
        print("(an undated issue ????-??-?? is shown by its id: newsreader show --issue ID)")


def cmd_list(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        paper = _resolve_paper(library, args.paper) if args.paper else None
        if not args.json:
            _print_list(library, paper)
            return EXIT_OK
        data = {
            "library": str(library.folder),
            "papers": [
                {
                    "name": name,
                    "issues": [
                        {
                            "id": i.id,
                            "date": i.date.isoformat() if i.date else None,
                            "issue_number": i.issue_number,
                            "page_count": i.page_count,
                            "pages": i.stored_pages,
                            "articles": i.article_count,
                        }
                        for i in issues
                    ],
                }
                for name, issues in _issues_by_paper(library, paper).items()
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    return EXIT_OK


def _resolve_paper(library: Library, text: str) -> str:
    """The library's paper named by ``text``: the whole name or a unique part, in either script (許昌 = 许昌)."""
    from reader.paths import cache_dir
    from reader.search.fold import fold, fold_table

    names = [p.name for p in library.papers()]
    if text in names:
        return text
    fold_table(cache_dir(library.folder))  # read the kept table rather than build it (0.4 s)
    wanted = fold(text).casefold()
    matches = [n for n in names if wanted in fold(n).casefold()]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(names) or "none yet"
    if matches:
        raise UsageError(f"{text!r} matches several papers: {', '.join(matches)}")
    raise UsageError(f"no paper {text!r} in the library (papers: {known})")


_DATE_RE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*(?:[-/.月]\s*)?(\d{1,2})\s*日?\s*$")


def parse_date_arg(text: str) -> dt.date:
    """A date typed on the command line: 2020-04-08, 2020/4/8, 2020.4.8, 20200408 or 2020年4月8日."""
    m = _DATE_RE.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise UsageError(f"not a date: {text!r} (use YYYY-MM-DD)")


def cmd_show(args: argparse.Namespace) -> int:
    if args.joined and args.article is None:
        raise UsageError("--joined goes with --article ID")
    by_id = args.issue is not None or args.article is not None or args.page is not None
    if by_id and args.paper:
        raise UsageError("give either PAPER DATE or one of --issue/--article/--page, not both")
    if not by_id and not args.paper:
        raise UsageError("say what to show: PAPER DATE, --issue ID, --article ID or --page ID")
    with _open_library(args) as library:
        if args.paper and not args.date:
            _print_list(library, _resolve_paper(library, args.paper))
        elif args.article is not None:
            _show_article(library, args.article, args.joined)
        elif args.page is not None:
            page = library.page(args.page)
            if page is None:
                raise UsageError(f"no page with id {args.page}")
            print(f"# {page.source_path} ({page.encoding})")
            print(page.text)
        else:
            issue = _find_issue(library, args)
            _print_toc(library, issue)
    return EXIT_OK


def _find_issue(library: Library, args: argparse.Namespace) -> IssueRecord:
    if args.issue is not None:
        issue = library.issue(args.issue)
        if issue is None:
            raise UsageError(f"no issue with id {args.issue}")
        return issue
    paper = _resolve_paper(library, args.paper)
    date = parse_date_arg(args.date)
    issue = library.find_issue(paper, date)
    if issue is None:
        issues = library.issues(paper)
        dates = [_day(i.date) for i in issues if i.date]
        known = ", ".join(dates[:20]) + (" …" if len(dates) > 20 else "") or "no dated issue"
        undated = [f"#{i.id}" for i in issues if i.date is None]
        hint = f"; undated issues ({', '.join(undated[:10])}): show one with --issue ID" if undated else ""
        raise UsageError(f"no issue of {paper} on {date.isoformat()} (it has: {known}{hint})")
    return issue


def _print_toc(library: Library, issue: IssueRecord) -> None:
    number = f"  第{issue.issue_number}期" if issue.issue_number is not None else ""
    of = f" of {issue.page_count}" if issue.page_count else ""
    print(f"{issue.paper or '(unknown paper)'}  {_day(issue.date)}{number}")
    print(f"issue #{issue.id}: pages {issue.stored_pages}{of}, articles {issue.article_count}")
    for page in library.pages(issue.id):
        print()
        print(f"Page {page.label or '?'}  (page #{page.id}, {_shown(page.source_path)})")
        for item in library.page_items(page.id):
            if isinstance(item, ArticleRecord):
                title = _clip(item.title or item.kicker or "(untitled)", 44)
                byline = f"  {_clip(item.byline, 24)}" if item.byline else ""
                jump = f"  → p.{item.continued_to}" if item.continued_to else ""
                came = f"  ← p.{item.continued_from}" if item.continued_from else ""
                print(f"  [{item.id:>5}] {title}{byline}  {item.char_count}字{came}{jump}")
            else:
                print(f"  ({item.kind}) {_clip(item.text, 50)}")


def _article_lines(part: ArticleRecord, with_head: bool = True) -> Iterator[str]:
    if with_head:
        if part.section:
            yield f"【{part.section}】"
        if part.series_title:
            yield f"[serial] {part.series_title}" + (f" ({part.series_number})" if part.series_number else "")
        if part.kicker:
            yield part.kicker
        yield part.title or "(untitled)"
        if part.subtitle:
            yield part.subtitle
        if part.series_chapter:
            yield part.series_chapter
        if part.byline:
            yield part.byline
        if part.dateline:
            yield f"[dateline] {part.dateline}"
        yield ""
    for paragraph in part.paragraphs:
        # The customary two-character indent; a poem's lines stand as printed.
        yield paragraph if part.verse else "\u3000\u3000" + paragraph


def _show_article(library: Library, article_id: int, joined: bool) -> None:
    article = library.article(article_id)
    if article is None:
        raise UsageError(f"no article with id {article_id}")
    parts = library.joined_article(article_id) if joined else [article]
    for n, part in enumerate(parts):
        if n == 0:
            print("\n".join(_article_lines(part)))
        else:
            print(f"\n(continued from page {parts[n - 1].page_label})\n")
            print("\n".join(_article_lines(part, with_head=False)))
    last = parts[-1]
    if not joined and last.continued_from:
        print(f"\n(continued from page {last.continued_from}", end="")
        print(f": article {last.previous_part})" if last.previous_part else ")")
    if last.continued_to:
        target = f": article {last.next_part}, show it with --joined" if last.next_part else ""
        print(f"\n(continued on page {last.continued_to}{target})")


_BOLD, _PLAIN = "\033[1m", "\033[0m"


def _marked(text: str, spans: Sequence[tuple[int, int]], tty: bool) -> str:
    """``text`` with the hit spans marked: bold on a terminal, 【】 otherwise."""
    left, right = (_BOLD, _PLAIN) if tty else ("【", "】")
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], left, text[start:end], right]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _check_search_options(args: argparse.Namespace) -> None:
    """--from/--to/--kind/--limit/--offset: mistakes are told in the options' own terms."""
    from reader.search.query import QueryError, kind_value, parse_date_range

    if args.limit < 0 or args.offset < 0:
        raise UsageError("--limit and --offset must not be negative")
    for option, value in (("--from", args.date_from), ("--to", args.date_to)):
        if value is None:
            continue
        try:
            if ".." in value:
                raise QueryError("a range")
            parse_date_range(value)
        except QueryError:
            raise UsageError(f"{option} takes one date: 2020, 2020-04 or 2020-04-01 (got {value!r})") from None
    if args.kind:
        try:
            kind_value(args.kind)
        except QueryError as exc:
            raise UsageError(f"--kind: {exc}") from None


def cmd_search(args: argparse.Namespace) -> int:
    from reader.search.fold import fold
    from reader.search.query import KIND_LABELS

    query = " ".join(args.query)
    _check_search_options(args)
    sort = args.sort or ("relevance" if query.strip() else "newest")
    with _open_library(args) as library, _search_service(library) as service:
        _sync_index(library, out=sys.stderr, service=service)  # one read when up to date
        if args.paper:
            names = [p.name for p in library.papers()]
            if not any(fold(args.paper) in fold(n) for n in names):
                known = ", ".join(names) or "none yet"
                raise UsageError(f"no paper matches {args.paper!r} (papers: {known})")
        result = service.search(
            query,
            paper=args.paper,
            date_from=args.date_from,
            date_to=args.date_to,
            page=args.page,
            kind=args.kind,
            sort=sort,
            limit=args.limit,
            offset=args.offset,
        )
    if result.error:
        raise UserError(result.error)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    tty = bool(sys.stdout.isatty())
    noun = "hit" if result.total == 1 else "hits"
    proof = "" if result.exact else "; ranked from the likeliest candidates, not proven the true top"
    print(f"{result.total} {noun} ({result.seconds * 1000:.0f} ms{proof})")
    for n, hit in enumerate(result.hits, args.offset + 1):
        where = f"{hit.paper or '(unknown paper)'} {hit.date or '????-??-??'} p.{hit.page or '?'}"
        if hit.is_article:
            ident, title = f"[{hit.article_id}]", _marked(hit.title or "(untitled)", hit.title_hits, tty)
        else:  # a block: its kind, and where its text is (show --page prints the page)
            ident, title = f"[page {hit.page_id}]", f"【{KIND_LABELS.get(hit.kind, hit.kind)}】"
        print(f"\n{n:3}. {ident} {where}  {title}")
        print(f"     {_marked(hit.snippet, hit.snippet_hits, tty)}")
    if result.total:
        years = ", ".join(f"{y or '?'}: {c}" for y, c in result.facets["year"].items())
        papers = ", ".join(f"{p or '(unknown paper)'}: {c}" for p, c in result.facets["paper"].items())
        kinds = ", ".join(f"{KIND_LABELS.get(k, k)}: {c}" for k, c in result.facets["kind"].items())
        print(f"\nby paper: {papers}\nby year: {years}\nby kind: {kinds}")
    return EXIT_OK  # zero hits is an answer, not an error


def cmd_reindex(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        print(f"Library: {library.folder}")
        return EXIT_OK if _sync_index(library, rebuild=True) else EXIT_CANCELLED


# -- series: serial fiction printed in instalments (issue 16) -----------------------------------------------


def _add_series_command(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "series",
        parents=[common],
        help="list serial fiction and its instalments",
        description="Without NAME: every serial in the library with its instalments' range. With NAME (a title "
        "or part of one): the instalments of the matching serials in reading order, with article ids for "
        "'show --article'.",
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="a series' title, or part of it")
    p.add_argument("--paper", metavar="P", help="only this paper (or the paper whose name contains P)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_series)


def _number_range(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    return f" ({low})" if low == high or high is None else f" ({low}–{high})"


def cmd_series(args: argparse.Namespace) -> int:
    with _open_library(args) as library:
        paper = _resolve_paper(library, args.paper) if args.paper else None
        found = library.series(paper, args.name)
        if args.name and not found:
            raise UserError(f"no series matching {args.name!r} (list them all with 'newsreader series')")
        data = []
        for series in found:
            entry: dict[str, Any] = {
                "paper": series.paper,
                "title": series.title,
                "instalments": series.instalments,
                "first_date": series.first_date.isoformat() if series.first_date else None,
                "last_date": series.last_date.isoformat() if series.last_date else None,
                "first_number": series.first_number,
                "last_number": series.last_number,
            }
            if args.name:
                entry["items"] = [
                    {
                        "article_id": item.article_id,
                        "date": item.date.isoformat() if item.date else None,
                        "page": item.page_label,
                        "number": item.number,
                        "chapter": item.chapter,
                        "chars": item.char_count,
                    }
                    for item in library.instalments(series.key, series.paper)
                ]
            data.append(entry)
        if args.json:
            print(json.dumps({"series": data}, ensure_ascii=False, indent=2))
            return EXIT_OK
        if not data:
            print("No serial fiction in the library yet.")
        for entry in data:
            span = f"{entry['first_date'] or '?'} – {entry['last_date'] or '?'}"
            numbers = _number_range(entry["first_number"], entry["last_number"])
            count = entry["instalments"]
            plural = "s" if count != 1 else ""
            paper = entry["paper"] or "(unknown paper)"
            print(f"{entry['title']}  {paper}  {count} instalment{plural}{numbers}  {span}")
            for item in entry.get("items", []):
                number = f"（{item['number']}）" if item["number"] is not None else ""
                chapter = f"  {_clip(item['chapter'], 40)}" if item["chapter"] else ""
                print(f"  [{item['article_id']:>5}] {item['date'] or '?'}  p.{item['page'] or '?'}  {number}"
                      f"{chapter}  {item['chars']}字")
    return EXIT_OK


def cmd_notes_export(args: argparse.Namespace) -> int:
    """notes export: every live annotation as JSON, Markdown or CSV, to stdout or a file written atomically."""
    from reader.notes.exchange import WRITERS, dump_json, export_csv, write_atomic

    with _open_library(args) as library:
        store = NoteStore.of(library)
        if args.format == "csv":
            text = export_csv(store, bom=bool(args.output))  # the BOM tells spreadsheets it is UTF-8
        elif args.format in WRITERS:
            text = WRITERS[args.format](store)
        else:
            text = dump_json(store)
    if args.output:
        try:
            write_atomic(Path(args.output), text)
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"Notes written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_notes_import(args: argparse.Namespace) -> int:
    """notes import: merge a JSON export; the counts on stdout, each skipped record's reason on stderr."""
    from reader.notes.exchange import import_json
    from reader.notes.model import NotesError

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    from reader.notes.backup import backup_dir, backup_notes

    with _open_library(args, create=True) as library:
        try:
            report = import_json(NoteStore.of(library), data)
        except NotesError as exc:
            raise UserError(f"{args.file}: {exc}") from None
        backup_notes(NoteStore.of(library), backup_dir(library.folder))  # the merged state is the one worth keeping
    for reason in report.skipped:
        print(f"skipped {reason}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK


def cmd_notes_backup(args: argparse.Namespace) -> int:
    """notes backup: write a backup now unless the newest one already holds these notes; print its path."""
    from reader.notes.backup import backup_dir, make_backup
    from reader.notes.model import NotesError

    with _open_library(args) as library:
        folder = backup_dir(library.folder)
        try:
            path, written = make_backup(NoteStore.of(library), folder)
        except OSError as exc:
            raise UserError(f"cannot write a backup in {folder}: {exc.strerror or exc}") from None
        except NotesError as exc:
            raise UserError(f"cannot read the notes: {exc}") from None
    if path is None:
        print("No bookmarks, highlights or notes to back up.", file=sys.stderr)
        return EXIT_OK
    print("Notes backed up to:" if written else "Unchanged since the newest backup:", file=sys.stderr)
    print(path)
    return EXIT_OK


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but \t \n \r


class TerminalSafe(io.TextIOBase):
    """A text stream that writes through to another with terminal control characters replaced by spaces."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(_TERMINAL_CONTROL.sub(" ", text))
        return len(text)

    def flush(self) -> None:
        self._out.flush()

    def isatty(self) -> bool:
        return self._out.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._out.encoding

    def fileno(self) -> int:
        return self._out.fileno()


def _plain(text: str | None) -> str:
    """User or page text made safe for a terminal: control characters (escape sequences) become spaces."""
    return _CONTROL_CHARS.sub(" ", text or "")


def cmd_notes_list(args: argparse.Namespace) -> int:
    """notes list: one line per live annotation in reading order (only orphans with --orphaned)."""
    with _open_library(args) as library:
        annotations = NoteStore.of(library).list()
    if args.orphaned:
        annotations = [a for a in annotations if a.orphaned]
    if not annotations:
        print("No orphaned notes." if args.orphaned else "No bookmarks, highlights or notes yet.")
        return EXIT_OK
    for a in annotations:
        paper, date, page = _plain(a.paper) or "(unknown paper)", _plain(a.date) or "????-??-??", _plain(a.page_label)
        where = f"{paper} {date} p.{page or '?'}"
        mark = "[orphaned] " if a.orphaned else ""
        name = f" [{_clip(_plain(a.name), 20)}]" if a.name else ""
        quote = f"  “{_clip(_plain(a.quote), 30)}”" if a.has_position and a.quote else ""
        note = f"  — {_clip(_plain(a.note), 40)}" if a.note.strip() else ""
        print(f"{a.kind:<9} {mark}{where}  {_clip(_plain(a.title) or '(untitled)', 30)}{name}{quote}{note}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    samples = samples_dir()
    if not samples.is_dir():
        raise UserError(f"the bundled samples are missing: {samples}")
    with _open_library(args, create=True) as library:
        code = _import(library, [str(samples)])
        if code != EXIT_OK:
            return code
        print()
        _print_list(library)
        for issue in library.issues():  # the first issue that has a titled article
            first = next((a for p in library.pages(issue.id) for a in library.articles(p.id) if a.title), None)
            if first is not None:
                print(f"\n── {issue.paper or '(unknown paper)'} {_day(issue.date)}, page {first.page_label or '?'} ──")
                _show_article(library, first.id, joined=True)
                break
    return EXIT_OK


def display_problem(env: dict[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why a window cannot open here, told before Qt starts (Qt aborts with a misleading hint); None: it can.

    Only Linux and the BSDs draw through X11 or Wayland; there, without DISPLAY and WAYLAND_DISPLAY a window
    can only open on a platform chosen explicitly (QT_QPA_PLATFORM=offscreen, vnc, eglfs ...).
    """
    env = dict(os.environ) if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen and chosen not in ("xcb", "wayland", "wayland-egl"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no graphical display here (DISPLAY and WAYLAND_DISPLAY are not set), so the reader's window cannot open.\n"
        "  Start it from a desktop session (or over ssh -X), or try it in this terminal:\n"
        "  newsreader demo      imports the bundled sample issues and prints the library and an article\n"
        "  newsreader --help    everything the command line does (import, list, show, search, notes)"
    )


def cmd_app(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem is not None:
        raise UsageError(problem)
    from reader.app import run  # Qt is imported only when the window is wanted

    return run(library_dir(getattr(args, "library", None)), import_samples=args.samples)


# -- entry point ------------------------------------------------------------------------------------------


class _QuietFormatter(logging.Formatter):
    """Log lines without tracebacks: those are for -v."""

    def formatException(self, ei: Any) -> str:
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = None
        return super().format(record).rstrip()


@contextmanager
def _logging_to_stderr(verbose: bool) -> Iterator[None]:
    """Log to stderr while a command runs; undone afterwards (main() may be called from tests or a GUI)."""
    handler = logging.StreamHandler(sys.stderr)
    fmt = "%(levelname)s %(name)s: %(message)s"
    handler.setFormatter(logging.Formatter(fmt) if verbose else _QuietFormatter(fmt))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:  # no command: open the desktop reader
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "app"])
    with _logging_to_stderr(bool(getattr(args, "verbose", False))):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        # Page text may hold escape sequences (ESC, BEL...) that a terminal would obey: stdout drops them.
        with contextlib.redirect_stdout(TerminalSafe(sys.stdout)):
            return func(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except LibraryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        # Found while reading: the next start checks every page and recovers (reader.recovery).
        from reader.recovery import request_check

        request_check(library_dir(getattr(args, "library", None)))
        print(
            f"error: the library database is damaged ({exc}). Run newsreader again: it will be moved aside"
            " and your notes recovered from the latest automatic backup.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # e.g. "newsreader list | head"
            return EXIT_OK
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_CANCELLED
