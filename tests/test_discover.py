"""Tests for reader.ingest.discover: natural order, symlinks, loops, odd names, deep trees, failures."""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path

import pytest

from reader.ingest import discover as discover_module
from reader.ingest.decode import read_page
from reader.ingest.discover import Found, Skipped, discover, display_path, natural_key

needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
needs_byte_names = pytest.mark.skipif(
    sys.platform != "linux", reason="needs a file system that accepts any bytes in file names"
)


def touch(path: Path, text: str = "许昌日报") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*paths: str | os.PathLike[str], **kwargs: tuple[str, ...]) -> list[Found | Skipped]:
    return list(discover(paths, **kwargs))


def givens(items: list[Found | Skipped]) -> list[str]:
    return [i.given for i in items if isinstance(i, Found)]


def skipped(items: list[Found | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def rel(*parts: str) -> str:
    return os.path.join(*parts)


# ------------------------------------------------------------------------------------------------------
# Ordering and filtering


def test_natural_order_and_suffix_filter(tmp_path: Path) -> None:
    names = ["10.txt", "2.txt", "1.txt", "A10.txt", "A2.txt", "b.TXT", "notes.md", "scan.jpg"]
    for name in [*names, "第10版.txt", "第2版.txt"]:
        touch(tmp_path / name)
    expected = ["1.txt", "2.txt", "10.txt", "A2.txt", "A10.txt", "b.TXT", "第2版.txt", "第10版.txt"]
    assert givens(run(tmp_path)) == expected


def test_folders_and_files_interleave_in_natural_order(tmp_path: Path) -> None:
    touch(tmp_path / "10" / "01.txt")
    touch(tmp_path / "2" / "01.txt")
    touch(tmp_path / "2" / "02.txt")
    touch(tmp_path / "3.txt")
    assert givens(run(tmp_path)) == [rel("2", "01.txt"), rel("2", "02.txt"), "3.txt", rel("10", "01.txt")]


def test_natural_key() -> None:
    names = ["a10", "a2", "A1", "B", "a02", "10", "9", "b"]
    assert sorted(names, key=natural_key) == ["9", "10", "A1", "a02", "a2", "a10", "B", "b"]


def test_found_paths_point_at_the_files(tmp_path: Path) -> None:
    page = touch(tmp_path / "2020" / "04" / "08" / "01.txt")
    (found,) = run(tmp_path)
    assert isinstance(found, Found)
    assert found.path == page
    assert found.given == rel("2020", "04", "08", "01.txt")


def test_custom_suffixes(tmp_path: Path) -> None:
    touch(tmp_path / "a.txt")
    touch(tmp_path / "b.OCR")
    touch(tmp_path / "c.md")
    assert givens(run(tmp_path, suffixes=(".ocr", ".md"))) == ["b.OCR", "c.md"]


def test_explicit_file_is_found_whatever_its_suffix(tmp_path: Path) -> None:
    page = touch(tmp_path / "page.dat")
    hidden = touch(tmp_path / ".hidden.txt")
    items = run(page, str(hidden))
    assert items == [Found(page, str(page)), Found(hidden, str(hidden))]


def test_hidden_files_and_folders_are_ignored(tmp_path: Path) -> None:
    touch(tmp_path / ".hidden.txt")
    touch(tmp_path / ".git" / "page.txt")
    touch(tmp_path / "ok" / ".also-hidden.txt")
    touch(tmp_path / "ok" / "page.txt")
    assert givens(run(tmp_path)) == [rel("ok", "page.txt")]


def test_arguments_keep_their_order(tmp_path: Path) -> None:
    b = touch(tmp_path / "b" / "1.txt")
    a = touch(tmp_path / "a" / "1.txt")
    assert [i.path for i in run(tmp_path / "b", tmp_path / "a") if isinstance(i, Found)] == [b, a]


def test_hidden_folder_named_explicitly_is_walked(tmp_path: Path) -> None:
    touch(tmp_path / ".archive" / "1.txt")
    assert givens(run(tmp_path / ".archive")) == ["1.txt"]


# ------------------------------------------------------------------------------------------------------
# Failures


def test_nonexistent_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert run(missing) == [Skipped(str(missing), "not found")]


def test_path_under_a_file(tmp_path: Path) -> None:
    page = touch(tmp_path / "page.txt")
    (item,) = run(page / "x.txt")
    assert isinstance(item, Skipped)
    assert item.reason == "not found (a parent of this path is not a folder)"


@needs_symlinks
def test_broken_symlink_in_folder_and_as_argument(tmp_path: Path) -> None:
    touch(tmp_path / "1.txt")
    (tmp_path / "2.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "cover.jpg").symlink_to(tmp_path / "missing.jpg")  # not a page: not worth a report
    items = run(tmp_path)
    assert givens(items) == ["1.txt"]
    expected = f"broken symlink (target {tmp_path / 'missing.txt'} does not exist)"
    assert skipped(items) == [Skipped(str(tmp_path / "2.txt"), expected)]
    assert run(tmp_path / "2.txt") == [Skipped(str(tmp_path / "2.txt"), expected)]


@needs_symlinks
def test_symlink_loop_is_reported_once(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "1.txt")
    touch(tmp_path / "a" / "b" / "2.txt")
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "b" / "self").symlink_to(tmp_path / "a" / "b")
    items = run(tmp_path / "a")
    assert givens(items) == ["1.txt", rel("b", "2.txt")]
    assert skipped(items) == [
        Skipped(str(tmp_path / "a" / "b" / "self"), "symlink loop"),
        Skipped(str(tmp_path / "a" / "b" / "up"), "symlink loop"),
    ]


@needs_symlinks
def test_self_referencing_symlink_argument(tmp_path: Path) -> None:
    link = tmp_path / "loop"
    link.symlink_to(link)
    assert run(link) == [Skipped(str(link), "symlink loop")]


@needs_symlinks
def test_symlinked_folder_is_followed(tmp_path: Path) -> None:
    touch(tmp_path / "elsewhere" / "1.txt")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "linked").symlink_to(tmp_path / "elsewhere")
    (found,) = run(tmp_path / "root")
    assert found == Found(tmp_path / "root" / "linked" / "1.txt", rel("linked", "1.txt"))


@needs_symlinks
def test_same_file_via_symlink_is_yielded_once(tmp_path: Path) -> None:
    real = touch(tmp_path / "1.txt")
    (tmp_path / "2.txt").symlink_to(real)
    (tmp_path / "mirror").symlink_to(tmp_path)  # the whole folder again: a loop, reported
    items = run(tmp_path, real, tmp_path / "2.txt")
    assert [i.path for i in items if isinstance(i, Found)] == [real]
    assert skipped(items) == [Skipped(str(tmp_path / "mirror"), "symlink loop")]


@needs_symlinks
def test_same_folder_via_two_symlinks_is_walked_once(tmp_path: Path) -> None:
    touch(tmp_path / "data" / "1.txt")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "a").symlink_to(tmp_path / "data")
    (tmp_path / "root" / "b").symlink_to(tmp_path / "data")
    assert run(tmp_path / "root") == [Found(tmp_path / "root" / "a" / "1.txt", rel("a", "1.txt"))]


def test_hard_link_is_yielded_once(tmp_path: Path) -> None:
    real = touch(tmp_path / "1.txt")
    try:
        os.link(real, tmp_path / "2.txt")
    except OSError:
        pytest.skip("hard links not supported here")
    assert givens(run(tmp_path)) == ["1.txt"]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can list a chmod 000 folder")
def test_unreadable_folder(tmp_path: Path) -> None:
    touch(tmp_path / "1.txt")
    locked = tmp_path / "locked"
    touch(locked / "2.txt")
    locked.chmod(0)
    try:
        items = run(tmp_path)
    finally:
        locked.chmod(0o755)
    assert givens(items) == ["1.txt"]
    assert skipped(items) == [Skipped(str(locked), "cannot open folder: permission denied")]


def test_unreadable_folder_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path / "1.txt")
    locked = tmp_path / "locked"
    touch(locked / "2.txt")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(discover_module.os, "scandir", scandir)
    items = run(tmp_path)
    assert givens(items) == ["1.txt"]
    assert skipped(items) == [Skipped(str(locked), "cannot open folder: permission denied")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.other")
    assert run(tmp_path) == [Skipped(str(tmp_path / "pipe.txt"), "not a regular file (named pipe)")]
    assert run(tmp_path / "pipe.other") == [
        Skipped(str(tmp_path / "pipe.other"), "not a regular file (named pipe)")
    ]


# ------------------------------------------------------------------------------------------------------
# Deep trees and odd names


def test_deep_tree_needs_no_recursion(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["d"] * 300)
    page = touch(deep / "page.txt")
    touch(tmp_path / "top.txt")
    limit = sys.getrecursionlimit()
    # Far fewer frames than levels: a recursive walk would fail here.
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        items = run(tmp_path)
    finally:
        sys.setrecursionlimit(limit)
    assert [i.path for i in items if isinstance(i, Found)] == [page, tmp_path / "top.txt"]


@needs_byte_names
def test_gbk_file_and_folder_names(tmp_path: Path) -> None:
    base = os.fsencode(tmp_path)
    folder = os.path.join(base, b"\xd0\xed\xb2\xfd\xc8\xd5\xb1\xa8")  # 许昌日报 in GBK
    os.mkdir(folder)
    page = os.path.join(folder, b"\xb5\xda1\xb0\xe6.txt")  # 第1版.txt
    with open(page, "wb") as fh:
        fh.write("本报讯".encode("gbk"))
    junk = os.path.join(base, b"\xff\xfe.txt")  # not UTF-8 and not GB18030
    with open(junk, "wb") as fh:
        fh.write(b"page")
    items = run(tmp_path)
    assert givens(items) == [rel("许昌日报", "第1版.txt"), "\\xff\\xfe.txt"]
    found = [i for i in items if isinstance(i, Found)]
    assert os.fsencode(found[0].path) == page
    assert read_page(found[0].path) == ("本报讯", "gb18030")
    assert all(i.given.isprintable() for i in found)


@needs_byte_names
def test_skipped_paths_are_printable(tmp_path: Path) -> None:
    missing = os.path.join(os.fsencode(tmp_path), b"\xd0\xed.txt")
    (item,) = run(os.fsdecode(missing))
    assert item == Skipped(os.path.join(str(tmp_path), "许.txt"), "not found")


def test_display_path() -> None:
    assert display_path("/报纸/许昌日报/01.txt") == "/报纸/许昌日报/01.txt"
    assert display_path(b"/papers/\xd0\xed.txt") == "/papers/许.txt"
    assert display_path(os.fsdecode(b"/\xe8\xae\xb8/\xd0\xed/\xff.txt")) == "/许/许/\\xff.txt"
    assert display_path("a\nb\x00c") == "a\\x0ab\\x00c"
    assert display_path(Path("x") / "y.txt") == rel("x", "y.txt")
