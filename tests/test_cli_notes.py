"""The notes command: export as JSON or Markdown, import with a merge report, list, and its errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader import cli
from reader.library.store import Library
from reader.notes.exchange import FORMAT
from reader.notes.store import NoteStore
from tests.notes_fixtures import NO_PAPER, TITLE, annotate, document, open_library, record


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """A library of the samples with six live annotations."""
    folder = tmp_path / "lib"
    with open_library(folder) as library:
        annotate(library)
    return folder


@pytest.fixture
def fresh_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "fresh"
    open_library(folder).close()
    return folder


def test_export_json_to_stdout(capsys: pytest.CaptureFixture[str], lib_dir: Path) -> None:
    code, out, _err = run(capsys, "notes", "export", "--library", str(lib_dir))
    assert code == 0
    data = json.loads(out)
    assert data["format"] == FORMAT and len(data["annotations"]) == 6
    assert "要核实" in out  # Chinese as is


def test_export_markdown_to_stdout(capsys: pytest.CaptureFixture[str], lib_dir: Path) -> None:
    code, out, _err = run(capsys, "--library", str(lib_dir), "notes", "export", "--format", "md")
    assert code == 0
    assert out.startswith("# Notes\n") and f"## {TITLE}" in out
    assert f"\u201c{TITLE}.\u201d 许昌日报, 2020-04-08, p. 1." in out


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_export_to_a_file_replaces_it_whole(
    capsys: pytest.CaptureFixture[str], lib_dir: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "out" / f"notes.{fmt}"
    target.parent.mkdir()
    target.write_text("old content that is much longer than nothing " * 1000, encoding="utf-8")
    code, out, err = run(capsys, "notes", "export", "--format", fmt, "-o", str(target), "--library", str(lib_dir))
    assert code == 0 and out == "" and str(target) in err
    text = target.read_text(encoding="utf-8")
    assert "old content" not in text
    if fmt == "json":
        assert len(json.loads(text)["annotations"]) == 6
    else:
        assert f"## {NO_PAPER}" in text
    assert os.listdir(target.parent) == [target.name]  # no temporary file left behind


def test_export_into_a_missing_folder_fails_cleanly(
    capsys: pytest.CaptureFixture[str], lib_dir: Path, tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "notes", "export", "-o", str(tmp_path / "nope" / "x.json"), "--library", str(lib_dir))
    assert code == cli.EXIT_ERROR and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: cannot write {tmp_path / 'nope' / 'x.json'}: ")


def test_import_round_trip_reports_counts(
    capsys: pytest.CaptureFixture[str], lib_dir: Path, fresh_dir: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "notes.json"
    assert run(capsys, "notes", "export", "-o", str(exported), "--library", str(lib_dir))[0] == 0
    code, out, err = run(capsys, "notes", "import", str(exported), "--library", str(fresh_dir))
    assert code == 0 and out.strip() == "added 6, updated 0, unchanged 0, skipped 0" and err == ""
    code, out, _err = run(capsys, "notes", "import", str(exported), "--library", str(fresh_dir))
    assert code == 0 and out.strip() == "added 0, updated 0, unchanged 6, skipped 0"
    with Library(fresh_dir) as fresh, Library(lib_dir) as mine:
        assert [a.uid for a in NoteStore.of(fresh).list()] == [a.uid for a in NoteStore.of(mine).list()]


def test_import_prints_skip_reasons_on_stderr(
    capsys: pytest.CaptureFixture[str], fresh_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(document(record(uid="ok"), record(uid="bad", color="purple"))), encoding="utf-8")
    code, out, err = run(capsys, "notes", "import", str(path), "--library", str(fresh_dir))
    assert code == 0 and out.strip() == "added 1, updated 0, unchanged 0, skipped 1"
    assert "record 2 (bad)" in err and "unknown highlight colour 'purple'" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "not a notes file: the JSON cannot be read"),
        ('{"format": "other"}', 'not a notes file: it has no "format"'),
        (None, "cannot read"),
    ],
)
def test_import_of_an_invalid_file_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], fresh_dir: Path, tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "notes.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "notes", "import", str(path), "--library", str(fresh_dir))
    assert code == cli.EXIT_ERROR and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error:") and message in err


def test_list_shows_one_line_per_annotation(capsys: pytest.CaptureFixture[str], lib_dir: Path) -> None:
    code, out, _err = run(capsys, "notes", "list", "--library", str(lib_dir))
    lines = out.splitlines()
    assert code == 0 and len(lines) == 6
    assert sum(line.startswith("highlight") for line in lines) == 2
    first = next(line for line in lines if "要核实" in line)
    assert "许昌日报 2020-04-08 p.1" in first and "坚决克服" in first and "“" in first
    assert any("(unknown paper) ????-??-?? p.?" in line for line in lines)
    assert "[orphaned]" not in out


def test_list_orphaned(capsys: pytest.CaptureFixture[str], lib_dir: Path, tmp_path: Path) -> None:
    code, out, _err = run(capsys, "notes", "list", "--orphaned", "--library", str(lib_dir))
    assert code == 0 and out.strip() == "No orphaned notes."
    path = tmp_path / "lost.json"
    path.write_text(json.dumps(document(record(uid="lost", note="孤儿\x1b[31m笔记"))), encoding="utf-8")
    run(capsys, "notes", "import", str(path), "--library", str(lib_dir))
    code, out, _err = run(capsys, "notes", "list", "--orphaned", "--library", str(lib_dir))
    assert code == 0 and len(out.splitlines()) == 1
    assert "[orphaned]" in out and "孤儿" in out and "\x1b" not in out


def test_list_of_an_empty_library(capsys: pytest.CaptureFixture[str], fresh_dir: Path) -> None:
    code, out, _err = run(capsys, "notes", "list", "--library", str(fresh_dir))
    assert code == 0 and "No bookmarks, highlights or notes yet." in out


def test_notes_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["notes"])
    assert exc.value.code == 2
