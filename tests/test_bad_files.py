"""Importing a corpus of bad and odd files with good pages: each bad file gets its precise reason, the rest imports.

The committed part lives in tests/corpus (see its README); the part that cannot be committed (50 MB, deep
trees, symlink loops, unreadable and GBK-named files, a named pipe, a 150,000-character line) is built here.
Detection rules themselves are tested case by case in test_decode.py and test_discover.py; this file checks
that a whole import, through ``Library.import_paths`` and through ``newsreader import``, reports them all.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader import cli
from reader.ingest import decode as decode_module
from reader.ingest import discover as discover_module
from reader.ingest.decode import DEFAULT_MAX_BYTES
from reader.ingest.discover import NOT_A_PAGE
from reader.library import Library
from tests.conftest import SAMPLES
from tests.helpers import import_pages

CORPUS = Path(__file__).resolve().parent / "corpus"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_posix = pytest.mark.skipif(
    sys.platform != "linux", reason="needs symlinks, named pipes and any bytes in file names"
)

# Committed files and the reason each must be refused with.
BAD_REASONS = {
    "empty.txt": "empty file",
    "whitespace-only.txt": "empty file (whitespace only)",
    "bom-only.txt": "empty file",
    "png-scan.txt": "binary data (NUL bytes at offset 8)",
    "jpeg-no-nul.txt": "not decodable as UTF-8, UTF-16 or GB18030 "
    "(invalid UTF-8 byte 0xFF at offset 0; invalid GB18030 bytes at offset 0)",
    "nul-bytes.txt": "binary data (NUL bytes at offset 387)",
    "invalid-utf8.txt": "not decodable as UTF-8, UTF-16 or GB18030 "
    "(invalid UTF-8 byte 0x80 at offset 0; invalid GB18030 bytes at offset 0)",
    "mixed-gbk-utf8.txt": "not decodable as UTF-8, UTF-16 or GB18030 "
    "(invalid UTF-8 byte 0xD6 at offset 14; invalid GB18030 bytes at offset 311)",
    "control-chars.txt": "binary data (56% control characters)",
    "private-use.txt": "binary data or unknown encoding "
    "(100% of the characters are non-printable, private-use or replacement characters)",
    "bom-then-gbk.txt": "starts with a UTF-8 byte-order mark but is not valid UTF-8 (bad bytes at offset 17)",
    "utf16-bom-odd-length.txt": "starts with a UTF-16 LE byte-order mark but is not valid UTF-16 LE "
    "(bad bytes at offset 312)",
    "gb18030-private-use.txt": "not decodable as UTF-8, UTF-16 or GB18030 "
    "(invalid UTF-8 byte 0xAA at offset 0; as GB18030 only 0% of it looks like Chinese text)",
    "latin1.txt": "not decodable as UTF-8, UTF-16 or GB18030 "
    "(invalid UTF-8 byte 0xE9 at offset 3; invalid GB18030 bytes at offset 3)",
    "utf32-no-bom.txt": "binary data (NUL bytes at offset 1)",
}
# Committed odd files that must import, with the encoding they are read in.
ODD_ENCODINGS = {
    "utf16le-no-bom.txt": "utf-16-le",
    "utf16be-no-bom.txt": "utf-16-be",
    "gbk.txt": "gb18030",
    "utf8-bom-crlf.txt": "utf-8-sig",
    "cr-only-line-ends.txt": "utf-8",
    "truncated-utf8.txt": "utf-8 (1 invalid byte sequence replaced)",
}
SAMPLES_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))
HUGE_BYTES = 50 * 1024 * 1024
DEPTH = 200
GOOD_PAGE = "许昌日报\n2020年4月20日 星期一\n\n标题\n\n本报讯（记者 王利辉）正文内容，一以贯之抓实疫情防控。\n"


def test_committed_corpus_is_small_and_complete() -> None:
    files = [p for p in CORPUS.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 50 * 1024
    assert {p.name for p in (CORPUS / "bad").iterdir()} == {*BAD_REASONS, "cover.jpg", ".hidden.txt"}
    assert {p.name for p in (CORPUS / "odd").iterdir()} == set(ODD_ENCODINGS)


def _write_huge(path: Path) -> None:
    """Exactly HUGE_BYTES of page text (the last character may be cut: the file is never meant to be read)."""
    chunk = (GOOD_PAGE * 2000).encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(HUGE_BYTES // len(chunk)):
            fh.write(chunk)
        fh.write(chunk[: HUGE_BYTES % len(chunk)])


def _add_byte_names(root: Path, refused: dict[str, str], pages: dict[str, str | None]) -> None:
    """Names in GBK bytes (许昌日报/第1版.txt, 坏.txt) and a name in no Chinese encoding at all (\\xff\\xfe.txt)."""
    base = os.fsencode(root)
    gbk_folder = os.path.join(base, "许昌日报".encode("gbk"))
    os.mkdir(gbk_folder)
    with open(os.path.join(gbk_folder, "第1版.txt".encode("gbk")), "wb") as fh:
        fh.write(GOOD_PAGE.encode("gbk"))
    pages["许昌日报/第1版.txt"] = "gb18030"
    with open(os.path.join(base, "坏.txt".encode("gbk")), "wb") as fh:
        fh.write((CORPUS / "bad" / "png-scan.txt").read_bytes())
    refused["坏.txt"] = BAD_REASONS["png-scan.txt"]
    with open(os.path.join(base, b"\xff\xfe.txt"), "wb") as fh:
        fh.write(GOOD_PAGE.encode("utf-8"))
    pages["\\xff\\xfe.txt"] = "utf-8"


@dataclass
class Archive:
    """The assembled corpus: where it is, what must be refused (shown path -> reason) and what must import."""

    root: Path
    refused: dict[str, str]
    pages: dict[str, str | None]  # shown path of each page that must import -> its encoding (None: any)


def _lock(monkeypatch: pytest.MonkeyPatch, file: Path, folder: Path) -> None:
    """Make ``file`` unreadable and ``folder`` unlistable: for real, or simulated where root reads anything."""
    if not IS_ROOT:
        file.chmod(0)
        folder.chmod(0)
        return
    real_open, real_scandir = decode_module.os.open, discover_module.os.scandir

    def deny_open(path: str | bytes, *args: int) -> int:
        if os.fsdecode(path) == str(file):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, *args)

    def deny_scandir(path: str) -> object:
        if os.fsdecode(path) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(decode_module.os, "open", deny_open)
    monkeypatch.setattr(discover_module.os, "scandir", deny_scandir)


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Archive]:
    root = tmp_path / "archive"
    shutil.copytree(CORPUS / "bad", root / "bad")
    shutil.copytree(CORPUS / "odd", root / "odd")
    shutil.copytree(SAMPLES, root / "samples")
    refused = {f"bad/{name}": reason for name, reason in BAD_REASONS.items()}
    refused["bad/cover.jpg"] = "damaged image: Truncated File Read"  # scans are pages now: this one is cut short
    (root / "bad" / "about.docx").write_bytes(b"PK\x03\x04 a word document")
    refused["bad/about.docx"] = NOT_A_PAGE  # a file of another type is named, not passed over
    pages: dict[str, str | None] = {f"odd/{name}": enc for name, enc in ODD_ENCODINGS.items()}
    pages |= {f"samples/{name}": "utf-8" for name in SAMPLES_NAMES}

    # 50 MB of real page text: over the 20 MB limit, refused from its size alone.
    _write_huge(root / "huge.txt")
    refused["huge.txt"] = "file too large for one page (50 MB > 20 MB limit)"

    # A page of one line of 150,000 characters, and a page 200 folders down.
    (root / "long-line.txt").write_text("许昌日报 " + "本报讯（记者 王利辉）正文内容，" * 10_000, encoding="utf-8")
    pages["long-line.txt"] = "utf-8"
    deep = root.joinpath("deep", *["d"] * DEPTH)
    deep.mkdir(parents=True)
    (deep / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    pages["/".join(["deep", *["d"] * DEPTH, "page.txt"])] = "utf-8"

    # Symlinks: a folder linking back to the archive, a link to itself, a link to nothing.
    (root / "bad" / "loop").symlink_to(root)
    refused["bad/loop"] = "symlink loop"
    (root / "bad" / "self-loop.txt").symlink_to(root / "bad" / "self-loop.txt")
    refused["bad/self-loop.txt"] = "symlink loop"
    (root / "bad" / "dangling.txt").symlink_to(root / "gone.txt")
    refused["bad/dangling.txt"] = f"broken symlink (target {root / 'gone.txt'} does not exist)"

    # A named pipe must be refused without being opened (opening it would block).
    os.mkfifo(root / "bad" / "pipe.txt")
    refused["bad/pipe.txt"] = "not a regular file (named pipe)"

    # An unreadable page and an unreadable folder (whose page is therefore never seen).
    locked, locked_folder = root / "bad" / "locked.txt", root / "bad" / "locked-folder"
    locked.write_text(GOOD_PAGE, encoding="utf-8")
    locked_folder.mkdir()
    (locked_folder / "page.txt").write_text(GOOD_PAGE, encoding="utf-8")
    _lock(monkeypatch, locked, locked_folder)
    refused["bad/locked.txt"] = "cannot read: permission denied"
    refused["bad/locked-folder"] = "cannot open folder: permission denied"
    try:
        yield Archive(root, refused, pages)
    finally:
        locked.chmod(0o644)
        locked_folder.chmod(0o755)


def _relative(archive: Archive, shown: str) -> str:
    prefix = str(archive.root) + os.sep
    assert shown.startswith(prefix), shown
    return shown[len(prefix) :].replace(os.sep, "/")


def _stored(lib: Library) -> dict[str, str]:
    """Source path -> encoding of every page in the library."""
    return {p.source_path: p.encoding for issue in lib.issues() for p in lib.pages(issue.id)}


def _check_pages(archive: Archive, stored: dict[str, str]) -> None:
    from reader.ingest.discover import display_path

    shown = {_relative(archive, display_path(path)): enc for path, enc in stored.items()}
    assert set(shown) == set(archive.pages)
    for name, encoding in archive.pages.items():
        if encoding is not None:
            assert shown[name] == encoding, name


@needs_posix
def test_library_import_reports_every_bad_file_and_imports_the_rest(archive: Archive, tmp_path: Path) -> None:
    start = time.perf_counter()
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [archive.root])
        stored = _stored(lib)
        articles = sum(p.article_count for issue in lib.issues() for p in lib.pages(issue.id))
    elapsed = time.perf_counter() - start
    skipped = {_relative(archive, path): reason for path, reason in report.skipped}
    assert len(skipped) == len(report.skipped)  # each bad file reported once
    assert skipped == archive.refused
    assert report.added == len(archive.pages) and report.replaced == 0 and not report.cancelled
    _check_pages(archive, stored)
    assert articles > 0 and report.articles == articles
    assert elapsed < 120, f"importing the corpus took {elapsed:.0f} s"


@needs_posix
def test_cli_import_prints_every_reason_and_exits_ok(
    archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    code = cli.main(["import", "--library", str(library), str(archive.root)])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_OK, err
    assert f"pages: {len(archive.pages)} added, 0 replaced, 0 unchanged" in out
    assert f"skipped {len(archive.refused)} file(s):" in out
    for name, reason in archive.refused.items():
        if reason == NOT_A_PAGE:  # files of other types are counted by type, not listed one by one
            continue
        assert f"    {archive.root}{os.sep}{name.replace('/', os.sep)}: {reason}\n" in out, name
    assert "    1 .docx file: not newspaper pages\n" in out
    assert "Traceback" not in err

    # Again: every good page unchanged, every bad file reported again, nothing else.
    code = cli.main(["import", "--library", str(library), str(archive.root)])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_OK, err
    assert f"pages: 0 added, 0 replaced, {len(archive.pages)} unchanged" in out
    assert f"skipped {len(archive.refused)} file(s):" in out
    with Library(library) as lib:
        _check_pages(archive, _stored(lib))


def test_a_50_mb_file_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """Over the page limit (20 MB): refused from its size, never read into memory."""
    huge = tmp_path / "huge.txt"
    _write_huge(huge)
    assert huge.stat().st_size == HUGE_BYTES > DEFAULT_MAX_BYTES
    with Library(tmp_path / "lib") as lib:
        tracemalloc.start()
        start = time.perf_counter()
        try:
            report = import_pages(lib, [huge])
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        elapsed = time.perf_counter() - start
    assert report.skipped == [(str(huge), "file too large for one page (50 MB > 20 MB limit)")]
    assert report.pages == 0
    assert peak < 5 * 1024 * 1024, f"peak memory {peak / 2**20:.1f} MB"
    assert elapsed < 10, f"refusing took {elapsed:.1f} s"


@needs_posix
def test_a_symlink_loop_named_as_the_import_argument(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [loop])
    assert report.skipped == [(str(loop), "symlink loop")]


@needs_posix
def test_file_names_in_gbk_bytes_do_not_stop_an_import(tmp_path: Path) -> None:
    """Walking and reading such names works (test_discover.py); the library must store them or refuse them alone.

    Importing is the better answer (display_path shows 许昌日报/第1版.txt as Chinese), but a precise refusal of
    just those files also passes; the PNG behind 坏.txt is refused for its content either way.
    """
    root = tmp_path / "archive"
    shutil.copytree(SAMPLES, root / "samples")
    refused: dict[str, str] = {}
    pages: dict[str, str | None] = {}
    _add_byte_names(root, refused, pages)
    archive = Archive(root, refused, pages)
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [root])
        stored = _stored(lib)
    skipped = {_relative(archive, path): reason for path, reason in report.skipped}
    assert {str(root / "samples" / name) for name in SAMPLES_NAMES} <= set(stored)
    assert skipped["坏.txt"]
    imported = [name for name in pages if name not in skipped]  # each good page: imported, or refused alone
    assert report.added == len(SAMPLES_NAMES) + len(imported)
    assert set(skipped) == set(refused) | (set(pages) - set(imported))
