"""CSV export of notes: RFC 4180 quoting, Chinese intact, and no cell a spreadsheet would run as a formula;
the command line's ``notes export --format csv`` and ``notes backup``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import cli
from reader.library.store import Library
from reader.notes.backup import backup_dir, list_backups
from reader.notes.exchange import CSV_COLUMNS, csv_cell, export_csv
from reader.notes.store import NoteStore
from tests.notes_fixtures import OTHER, TITLE, annotate, article, open_library

HOSTILE = [
    "=HYPERLINK(\"http://evil\",\"x\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "  =1+1",  # leading spaces do not protect: some spreadsheets trim them
    "＝1+1",  # full-width equals sign
    "＠SUM(A1)",
]


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(tmp_path / "lib")
    annotate(library)
    yield library
    library.close()


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def unprefixed(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_are_neutralised(value: str) -> None:
    cell = csv_cell(value)
    assert cell == "'" + value


@pytest.mark.parametrize("value", ["plain", "要核实", "1+1", "a=b", "'quoted", "", "第-1版 =x"])
def test_harmless_cells_are_left_alone(value: str) -> None:
    assert csv_cell(value) == value


def test_control_characters_are_dropped_but_line_breaks_kept() -> None:
    assert csv_cell("a\x00b\x1bc\x7fd\n第二行\r\n") == "abcd\n第二行\r\n"
    assert csv_cell("\x00=1") == "'=1"  # dropping a control character cannot uncover a formula


def test_export_has_the_columns_and_a_row_per_live_annotation(lib: Library) -> None:
    text = export_csv(NoteStore.of(lib))
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8 then
    table = rows(text)
    assert tuple(table[0]) == CSV_COLUMNS
    assert len(table) == 1 + 6
    by_note = {r[6]: dict(zip(CSV_COLUMNS, r, strict=True)) for r in table[1:]}
    hl = by_note["要核实\n第二行（改）"]  # a line break inside a cell survives the round trip
    assert hl["kind"] == "highlight" and hl["paper"] == "许昌日报" and hl["date"] == "2020-04-08"
    assert hl["page"] == "1" and hl["title"] == TITLE and hl["colour"] == "green" and hl["quote"]
    assert hl["status"] == "anchored" and hl["created"] and hl["updated"] >= hl["created"]
    bm = next(r for r in table[1:] if r[0] == "bookmark" and r[9])
    assert (bm[8], bm[9]) == ("学习/防疫", "防疫")
    assert next(r for r in table[1:] if r[0] == "note" and r[6] == "全文笔记")[5] == ""  # whole-article: no quote
    assert "deleted" not in [r[6] for r in table[1:]]


def test_hostile_text_round_trips_minus_the_apostrophe(lib: Library) -> None:
    notes = NoteStore.of(lib)
    target = article(lib, OTHER).id
    for value in HOSTILE:
        notes.add_note(target, value)
    notes.add_bookmark(target, name='=cmd|" /C calc"!A0', folder="-folder")
    notes.add_note(target, 'quote " and, comma\nnew line 臺灣')
    table = rows(export_csv(notes, bom=False))[1:]
    for row in table:  # no cell can start a formula
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
            assert cell.lstrip()[:1] not in ("=", "+", "-", "@", "＝", "＠")
    # Every value reads back as written, minus the leading apostrophe.
    assert sorted(unprefixed(r[6]) for r in table) == sorted(a.note for a in notes.list())
    bookmark = next(r for r in table if r[0] == "bookmark" and r[9].startswith("'"))
    assert (unprefixed(bookmark[8]), unprefixed(bookmark[9])) == ("-folder", '=cmd|" /C calc"!A0')
    assert 'quote " and, comma\nnew line 臺灣' in [r[6] for r in table]  # harmless text is not prefixed


def test_rfc4180_quoting(lib: Library) -> None:
    NoteStore.of(lib).add_note(article(lib, OTHER).id, 'say "hi", then\nleave')
    text = export_csv(NoteStore.of(lib), bom=False)
    assert '"say ""hi"", then\nleave"' in text
    assert text.endswith("\r\n") and text.count("\r\n") == 1 + 7  # records end in CRLF, the cell's LF is kept


# -- command line --------------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_dir(lib: Library) -> Path:
    return lib.folder


def test_cli_export_csv_to_stdout_and_file(capsys: pytest.CaptureFixture[str], lib_dir: Path, tmp_path: Path) -> None:
    code, out, _err = run(capsys, "notes", "export", "--format", "csv", "--library", str(lib_dir))
    assert code == 0 and not out.startswith("\ufeff") and len(rows(out)) == 7
    target = tmp_path / "notes.csv"
    code, out, err = run(capsys, "notes", "export", "--format", "csv", "-o", str(target), "--library", str(lib_dir))
    assert code == 0 and out == "" and str(target) in err
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    assert rows(data.decode("utf-8"))[0] == list(CSV_COLUMNS)


def test_cli_notes_backup(capsys: pytest.CaptureFixture[str], lib_dir: Path) -> None:
    code, out, err = run(capsys, "notes", "backup", "--library", str(lib_dir))
    assert code == 0 and "backed up" in err
    path = Path(out.strip())
    assert path.parent == backup_dir(lib_dir) and path.is_file()
    code, out, err = run(capsys, "notes", "backup", "--library", str(lib_dir))
    assert code == 0 and Path(out.strip()) == path and "Unchanged" in err
    assert [b.path for b in list_backups(backup_dir(lib_dir))] == [path]


def test_cli_notes_backup_without_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Library(tmp_path / "empty").close()  # a library, with no notes yet
    code, out, err = run(capsys, "notes", "backup", "--library", str(tmp_path / "empty"))
    assert code == cli.EXIT_OK and out == "" and "No bookmarks" in err  # nothing to back up is not a failure
