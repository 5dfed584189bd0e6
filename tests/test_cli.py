"""The command line: parse, import, list, show and demo, their output and exit codes."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import pytest

from reader import cli
from reader.ingest import pipeline
from reader.library import Library
from tests.helpers import import_pages
from tests.library_fixtures import FRONT, INNER, fake_parse

META_KEYS = {"paper", "date", "issue_number", "page", "page_count"}
PAGE_KEYS = {"source", *META_KEYS, "provenance", "articles", "blocks"}
HEAD_KEYS = {"kicker", "title", "subtitle", "byline", "section"}
ARTICLE_KEYS = {*HEAD_KEYS, "paragraphs", "continued_to", "continued_from", "spans"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def scans(tmp_path: Path, samples_dir: Path) -> Path:
    """A copy of the samples plus one file that is not text."""
    folder = tmp_path / "scans"
    shutil.copytree(samples_dir, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    return folder


# -- parse -----------------------------------------------------------------------------------------------


def test_parse_json_on_samples(capsys: pytest.CaptureFixture[str], samples_dir: Path) -> None:
    code, out, _err = run(capsys, "parse", "--json", str(samples_dir))
    assert code == 0
    data = json.loads(out)
    assert data["skipped"] == []
    pages = data["pages"]
    assert len(pages) == 5
    for page in pages:
        assert set(page) >= PAGE_KEYS
        assert set(page["provenance"]) == META_KEYS
        for article in page["articles"]:
            assert set(article) >= ARTICLE_KEYS
    by_name = {Path(p["source"]).name[:3]: p for p in pages}
    assert (by_name["001"]["paper"], by_name["001"]["date"], by_name["001"]["issue_number"]) == (
        "许昌日报",
        "2020-04-08",
        9158,
    )
    assert by_name["004"]["paper"] == "衡水日报"
    assert by_name["004"]["date"] == "2021-12-03"
    # The inner page carries no masthead, and its folder mixes issues: unknowns are null, not guesses.
    assert by_name["002"]["paper"] is None
    assert by_name["002"]["provenance"]["paper"] == "unknown"
    assert "许昌日报" in out  # ensure_ascii=False: Chinese is printed as is


def test_parse_reports_skipped_files_and_keeps_going(capsys: pytest.CaptureFixture[str], scans: Path) -> None:
    code, out, err = run(capsys, "parse", "--json", str(scans), str(scans / "nowhere.txt"))
    assert code == 0
    data = json.loads(out)
    assert len(data["pages"]) == 5
    sources = {Path(s["source"]).name for s in data["skipped"]}
    assert sources == {"broken.txt", "nowhere.txt"}
    assert all(s["reason"] for s in data["skipped"])
    assert "broken.txt" in err and "nowhere.txt" in err


def test_parse_with_nothing_readable_fails_with_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(b"\x00" * 100)
    code, _out, err = run(capsys, "parse", str(tmp_path / "junk.txt"))
    assert code == cli.EXIT_ERROR == 1
    assert "junk.txt" in err and "no page could be read" in err


def test_parse_summary_without_json(capsys: pytest.CaptureFixture[str], samples_dir: Path) -> None:
    code, out, _err = run(capsys, "parse", str(samples_dir))
    assert code == 0
    assert out.count("articles,") == 5
    assert "paper=许昌日报 (masthead)" in out
    assert "date=2022-10-11 (lunar)" in out


def test_parse_never_creates_a_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, samples_dir: Path
) -> None:
    code, _, _ = run(capsys, "parse", "--library", str(tmp_path / "lib"), str(samples_dir))
    assert code == 0
    assert not (tmp_path / "lib").exists()


# -- import / list / show --------------------------------------------------------------------------------


def test_import_list_show_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path, scans: Path) -> None:
    lib = str(tmp_path / "lib")
    code, out, err = run(capsys, "import", str(scans), "--library", lib)
    assert code == 0
    assert "5 added, 0 replaced, 0 unchanged" in out
    assert "broken.txt" in out  # skipped files are listed with their reason
    assert "Traceback" not in err

    code, out, _ = run(capsys, "--library", lib, "import", str(scans))  # option before the command works too
    assert code == 0 and "0 added, 0 replaced, 5 unchanged" in out

    code, out, _ = run(capsys, "list", "--library", lib)
    assert code == 0
    assert "许昌日报" in out and "衡水日报" in out and "2020-04-08" in out and "第9158期" in out

    code, out, _ = run(capsys, "list", "--json", "--library", lib)
    data = json.loads(out)
    names = [p["name"] for p in data["papers"]]
    assert "许昌日报" in names and "衡水日报" in names
    xuchang = next(p for p in data["papers"] if p["name"] == "许昌日报")
    assert sorted(i["date"] for i in xuchang["issues"]) == ["2020-04-08", "2020-07-15", "2022-10-11"]
    assert all(i["pages"] == 1 and i["articles"] > 0 for i in xuchang["issues"])

    code, out, _ = run(capsys, "show", "许昌日报", "2020-04-08", "--library", lib)
    assert code == 0
    assert "第9158期" in out and "Page 1" in out and "(masthead)" in out
    with Library(Path(lib)) as library:
        issue = library.find_issue("许昌日报", "2020-04-08")
        assert issue is not None
        page = library.pages(issue.id)[0]
        article = next(a for a in library.articles(page.id) if a.title)
    assert f"[{article.id:>5}] " in out

    code, out, _ = run(capsys, "show", "--article", str(article.id), "--library", lib)
    assert code == 0
    assert article.title in out
    assert "\u3000\u3000" + article.paragraphs[0] in out

    code, out, _ = run(capsys, "show", "许昌", "--library", lib)  # a unique part of the name: its issues
    assert code == 0 and "许昌日报  (3 issues)" in out and "衡水" not in out

    code, out, _ = run(capsys, "show", "--issue", str(issue.id), "--library", lib)
    assert code == 0 and "第9158期" in out

    code, out, _ = run(capsys, "show", "--page", str(page.id), "--library", lib)
    assert code == 0 and "XUCHANG DAILY" in out  # the original text


def test_show_article_notes_continuation_and_joins_parts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "parse_page", fake_parse)  # a toy page format (tests/library_fixtures.py)
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "p1.txt").write_text(FRONT, encoding="utf-8")
    (folder / "p2.txt").write_text(INNER, encoding="utf-8")
    lib = str(tmp_path / "lib")
    assert run(capsys, "import", str(folder), "--library", lib)[0] == 0
    with Library(Path(lib)) as library:
        (issue,) = library.issues()
        first, _inner = library.pages(issue.id)
        head = library.articles(first.id)[0]
        rest = library.article(head.next_part or 0)
    assert rest is not None

    code, out, _ = run(capsys, "show", "--article", str(head.id), "--library", lib)
    assert code == 0
    assert out.splitlines()[:2] == ["头条", ""]
    assert "\u3000\u3000第一段。\n\u3000\u3000第二段。" in out
    assert f"(continued on page 2: article {rest.id}, show it with --joined)" in out
    assert "续完的正文" not in out

    code, out, _ = run(capsys, "show", "--article", str(rest.id), "--library", lib)
    assert f"(continued from page 1: article {head.id})" in out

    code, out, _ = run(capsys, "show", "--article", str(rest.id), "--joined", "--library", lib)
    assert code == 0
    assert out.index("第二段。") < out.index("(continued from page 1)") < out.index("续完的正文。")


def test_import_uses_newsreader_home(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, samples_dir: Path
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSREADER_HOME", str(home))
    first_sample = sorted(samples_dir.glob("*.txt"))[0]
    code, out, _ = run(capsys, "import", str(first_sample))
    assert code == 0
    assert (home / "library.sqlite3").is_file()
    assert str(home) in out


def test_import_of_nothing_readable_fails_with_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _err = run(capsys, "import", str(tmp_path / "missing"), "--library", str(tmp_path / "lib"))
    assert code == cli.EXIT_ERROR
    assert "missing" in out and "not found" in out


def test_ctrl_c_cancels_import_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = cli.ProgressPrinter.__call__

    def press_ctrl_c(self: cli.ProgressPrinter, done: int, total: int, current: str) -> None:
        original(self, done, total, current)
        if done == 1:
            signal.raise_signal(signal.SIGINT)  # our handler only sets the cancel event

    monkeypatch.setattr(cli.ProgressPrinter, "__call__", press_ctrl_c)
    lib = tmp_path / "lib"
    code, _out, err = run(capsys, "import", str(scans), "--library", str(lib))
    assert code == 130
    assert "cancelled" in err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    with Library(lib) as library:
        assert library.issues() == []  # the folder was cancelled before any of its pages was written


# -- errors ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["show", "人民日报", "2020-04-08"], "no paper '人民日报'"),
        (["show", "许昌日报", "2020-13-45"], "not a date"),
        (["show", "许昌日报", "2020-04-09"], "no issue of 许昌日报 on 2020-04-09"),
        (["show", "--article", "999999"], "no article with id 999999"),
        (["show", "--issue", "999999"], "no issue with id 999999"),
        (["show"], "say what to show"),
        (["show", "--joined", "许昌日报", "2020-04-08"], "--joined goes with --article"),
        (["list", "--paper", "不存在"], "no paper"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, samples_dir: Path, argv: list[str], message: str
) -> None:
    lib = str(tmp_path / "lib")
    assert run(capsys, "import", str(samples_dir), "--library", lib)[0] == 0
    code, _out, err = run(capsys, *argv, "--library", lib)
    assert code == cli.EXIT_USAGE == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


def test_newer_library_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import sqlite3

    lib = tmp_path / "lib"
    Library(lib).close()
    conn = sqlite3.connect(lib / "library.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    code, _, err = run(capsys, "list", "--library", str(lib))
    assert code == 1
    assert "newer" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["list"], ["show", "--issue", "1"], ["search", "许昌"], ["notes", "list"],
                                  ["notes", "export"], ["reindex"]])
def test_commands_that_read_create_no_library_where_there_is_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    mistyped = tmp_path / "papres"
    code, _out, err = run(capsys, *argv, "--library", str(mistyped))
    assert code == cli.EXIT_USAGE
    assert err.startswith("error: no library in --library ") and str(mistyped) in err
    assert not mistyped.exists()


def test_a_library_path_that_is_a_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("x", encoding="utf-8")
    for argv in (["list"], ["import", str(tmp_path)]):
        code, _out, err = run(capsys, *argv, "--library", str(file))
        assert code == cli.EXIT_USAGE
        assert err.strip() == f"error: {file} is a file, not a library folder: give a folder with --library"


def test_no_command_opens_the_desktop_reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import reader.app

    calls: list[tuple[Path, bool]] = []
    def fake_run(folder: Path, import_samples: bool = False) -> int:
        calls.append((folder, import_samples))
        return 0

    monkeypatch.setattr(reader.app, "run", fake_run)
    assert cli.main(["--library", str(tmp_path / "lib")]) == 0
    assert calls == [(tmp_path / "lib", False)]
    assert cli.main(["app", "--samples", "--library", str(tmp_path / "lib")]) == 0
    assert calls[-1] == (tmp_path / "lib", True)


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2


# -- demo ------------------------------------------------------------------------------------------------


def test_demo_imports_samples_and_prints_an_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _err = run(capsys, "demo", "--library", str(tmp_path / "lib"))
    assert code == 0
    assert "5 added" in out
    assert "许昌日报" in out and "衡水日报" in out
    assert "── " in out and "\u3000\u3000" in out  # an article header and an indented paragraph
    code, out, _ = run(capsys, "demo", "--library", str(tmp_path / "lib"))
    assert code == 0 and "5 unchanged" in out


def test_show_finds_a_paper_written_in_the_other_script(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, samples_dir: Path
) -> None:
    lib = str(tmp_path / "lib")
    assert run(capsys, "import", str(samples_dir), "--library", lib)[0] == 0
    code, out, err = run(capsys, "show", "許昌日報", "2020-04-08", "--library", lib)
    assert code == 0, err
    assert out.startswith("许昌日报  2020-04-08")


def test_an_issue_not_found_hints_at_undated_ones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    page = tmp_path / "scans" / "01.txt"
    page.parent.mkdir()
    page.write_text("测试日报\n\n标题\n\n正文内容很长，没有日期。\n", encoding="utf-8")
    with Library(lib) as library:
        import_pages(library, [page])
        (issue,) = library.issues()
    code, _out, err = run(capsys, "show", "测试日报", "2020-04-08", "--library", str(lib))
    assert code == cli.EXIT_USAGE
    assert f"undated issues (#{issue.id}): show one with --issue ID" in err
    code, out, _ = run(capsys, "list", "--library", str(lib))
    assert "newsreader show --issue ID" in out


def test_help_examples_line_up_in_terminal_columns() -> None:
    lines = [line for line in cli.epilog().splitlines() if line.startswith("  newsreader")]
    assert len(lines) == len(cli.EXAMPLES)
    starts = {cli._width(line[: line.index(text)]) for line, (_, text) in zip(lines, cli.EXAMPLES, strict=True)}
    assert len(starts) == 1  # every description starts in the same column, Chinese counted two wide
