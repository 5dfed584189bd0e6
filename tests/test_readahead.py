"""PDF pages read ahead in worker processes: the same pages as read in the importer's process, in order, with
every file the workers cannot read (OCR, a crash) left to the importer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.ingest import readahead
from reader.ingest.discover import Skipped
from reader.ingest.page import PageParser
from reader.ingest.pages import LoadedPage, read_file
from reader.ingest.readahead import ReadAhead
from reader.library import Library
from tests.helpers import import_pages
from tests.library_consistency import library_summary
from tests.material.newspaper import default_specs, write_pages, write_pdf


@pytest.fixture(scope="module")
def epaper(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Ten one-page PDFs of laid-out pages in one issue folder."""
    folder = tmp_path_factory.mktemp("readahead")
    return [path for path, _truth in write_pages(folder, default_specs(10))]


def _view(results: list[object]) -> list[tuple[object, ...]]:
    """What an import stores of each page: source, text, titles and regions."""
    out = []
    for item in results:
        assert isinstance(item, LoadedPage)
        page = item.page
        out.append((page.source, page.text, [a.title for a in page.articles], [a.regions for a in page.articles],
                    page.meta.to_json()))
    return out


def test_pages_read_ahead_are_the_pages_read_here(epaper: list[Path]) -> None:
    parser = PageParser(None)
    with ReadAhead(epaper, None, lambda _p: True, workers=2) as ahead:
        for path in epaper:
            taken = ahead.take(path)
            assert taken is not None, path
            count, results = taken
            assert count == 1
            assert _view(list(results)) == _view(list(read_file(path, parser)))


def test_a_merged_issue_is_shared_out_in_chunks_and_comes_back_in_order(tmp_path: Path) -> None:
    path = tmp_path / "issue.pdf"
    write_pdf(path, default_specs(readahead.CHUNK_PAGES + 4))
    with ReadAhead([path], None, lambda _p: True, workers=2) as ahead:
        taken = ahead.take(path)
    assert taken is not None
    count, results = taken
    assert count == readahead.CHUNK_PAGES + 4
    assert [r.page.source for r in results if isinstance(r, LoadedPage)] == [
        f"{path}#page={n}" for n in range(1, count + 1)
    ]


def test_few_pages_unwanted_files_and_other_kinds_are_left_to_the_importer(epaper: list[Path], tmp_path: Path) -> None:
    with ReadAhead(epaper[:3], None, lambda _p: True, workers=2) as ahead:  # under MIN_PAGES: no workers
        assert ahead.take(epaper[0]) is None
        assert ahead._pool is None
    text = tmp_path / "page.txt"
    text.write_text("本报讯 一页文字。", encoding="utf-8")
    skip = {epaper[1], epaper[4]}
    with ReadAhead([text, *epaper], None, lambda p: p not in skip, workers=2) as ahead:
        assert ahead.take(text) is None
        for path in epaper:
            assert (ahead.take(path) is None) == (path in skip), path


def _image_only_pdf(path: Path) -> None:
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

    from tests.material.newspaper import _app

    _app()
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(200, 120), QPageSize.Unit.Point),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    image = QImage(200, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(writer)
    painter.drawImage(QRectF(0, 0, 200, 120), image)
    painter.end()


def test_a_page_that_needs_ocr_sends_its_file_back(epaper: list[Path], tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    _image_only_pdf(scan)
    with ReadAhead([*epaper, scan], None, lambda _p: True, workers=2) as ahead:
        assert ahead.take(epaper[0]) is not None
        assert ahead.take(scan) is None  # OCR runs in the importer's process, one page at a time


def _crash(path: Path, start: int, stop: int) -> None:
    os._exit(3)  # a worker dies (out of memory, a crash in PDFium)


def test_a_crashed_worker_sends_the_files_back_and_the_import_completes(
    epaper: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readahead, "_read_chunk", _crash)
    with ReadAhead(epaper, None, lambda _p: True, workers=2) as ahead:
        assert all(ahead.take(path) is None for path in epaper)
    folder = tmp_path / "in"
    shutil.copytree(epaper[0].parent, folder)
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [str(folder)])
    assert report.added == len(epaper)


def test_an_import_with_workers_stores_what_one_without_stores(
    epaper: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stored(lib_dir: Path) -> list[tuple[object, ...]]:
        with Library(lib_dir) as lib:
            pages = [p for issue in lib.issues() for p in lib.pages(issue.id)]
            return sorted(
                (p.source_path, p.label, p.text, [(a.title, a.body, a.spans) for a in lib.articles(p.id)],
                 [(r.kind, r.title, r.regions) for r in lib.page_regions(p.id)])
                for p in pages
            )

    taken: list[Path] = []
    take = ReadAhead.take

    def spy(self: ReadAhead, path: Path) -> object:
        result = take(self, path)
        if result is not None:
            taken.append(path)
        return result

    monkeypatch.setattr(ReadAhead, "take", spy)
    with Library(tmp_path / "ahead") as lib:
        assert import_pages(lib, [str(epaper[0].parent)]).added == len(epaper)
    assert sorted(taken) == sorted(epaper)  # every page was read by the workers
    monkeypatch.setattr(readahead, "MIN_PAGES", 10**6)  # no workers: every page read in this process
    with Library(tmp_path / "here") as lib:
        assert import_pages(lib, [str(epaper[0].parent)]).added == len(epaper)
    assert stored(tmp_path / "ahead") == stored(tmp_path / "here")


def test_a_first_import_has_the_word_table_built_by_the_time_indexing_starts(
    epaper: list[Path], tmp_path: Path
) -> None:
    """The index's word table (a second to build) is built while the pages are read, not after."""
    import threading

    from reader.jobs import INDEX_STEP, ImportPages
    from reader.paths import cache_dir
    from reader.search import words
    from reader.writer import import_op

    lib_dir = tmp_path / "lib"
    table = words.table_path(cache_dir(lib_dir))
    assert table is not None and not table.is_file()
    seen: list[bool] = []

    def progress(_done: int, _total: int, step: str) -> None:
        if step == INDEX_STEP and not seen:
            seen.append(table.is_file())

    with Library(lib_dir) as lib:
        report = import_op(lib, progress, threading.Event(), ImportPages((str(epaper[0].parent),)))
    assert report.added == report.indexed == len(epaper)
    assert seen == [True]


@pytest.fixture(scope="module")
def text_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Sixteen generated text pages (two issues of one paper)."""
    from bench.generate import generate_archive

    out = tmp_path_factory.mktemp("texts") / "archive"
    generate_archive(out, papers=1, pages=16, seed=3)
    return sorted(out.rglob("*.txt"))


def test_text_pages_parsed_ahead_are_parsed_as_here_and_only_for_the_same_text(text_pages: list[Path]) -> None:
    from reader.ingest.pipeline import parse_text, read_text

    with ReadAhead(text_pages, None, lambda _p: True, workers=2) as ahead:
        for n, path in enumerate(text_pages):
            read = read_text(path)
            assert isinstance(read, tuple)
            if n == 3:  # the file changed between the worker's reading and the importer's: parse it here
                assert ahead.take_text(path, read[0] + "\n补充") is None
                continue
            parsed = ahead.take_text(path, read[0])
            here = parse_text(read[0], path, None)
            assert parsed is not None and not isinstance(parsed, Skipped) and not isinstance(here, Skipped)
            assert (parsed.text, [a.title for a in parsed.articles], parsed.meta.to_json()) == (
                here.text, [a.title for a in here.articles], here.meta.to_json()
            )


def test_files_the_importer_has_passed_are_not_looked_at(text_pages: list[Path]) -> None:
    """An import of an unchanged archive with one changed file at the end reads nothing twice, holds nothing."""
    asked: list[Path] = []

    def wanted(path: Path) -> bool:
        asked.append(path)
        return True

    with ReadAhead(text_pages, None, wanted, workers=2) as ahead:
        ahead.take_text(text_pages[-1], "")
    assert asked == [text_pages[-1]]


def test_the_workers_look_a_bounded_number_of_files_ahead(
    text_pages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged files ahead are passed over, but no further than AHEAD_FILES: their texts are not all held."""
    monkeypatch.setattr(readahead, "AHEAD_FILES", 4)
    asked: list[Path] = []

    def wanted(path: Path) -> bool:
        asked.append(path)
        return path == text_pages[0]  # the rest is unchanged

    with ReadAhead(text_pages, None, wanted, workers=2) as ahead:
        assert ahead.take_text(text_pages[0], "") is None  # too few to start workers yet: read by the importer
        assert asked == text_pages[:5]


def test_a_text_import_with_workers_stores_what_one_without_stores(
    text_pages: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed_ahead: list[Path] = []
    take_text = ReadAhead.take_text

    def spy(self: ReadAhead, path: Path, text: str) -> object:
        result = take_text(self, path, text)
        if result is not None:
            parsed_ahead.append(path)
        return result

    monkeypatch.setattr(ReadAhead, "take_text", spy)
    root = text_pages[0].parents[2]
    with Library(tmp_path / "ahead") as lib:
        report = import_pages(lib, [str(root)])
    assert report.added == len(text_pages) and len(parsed_ahead) == len(text_pages)
    with Library(tmp_path / "ahead") as lib:  # again: nothing changed, nothing parsed
        again = import_pages(lib, [str(root)])
    assert (again.added, again.unchanged, len(parsed_ahead)) == (0, len(text_pages), len(text_pages))
    monkeypatch.setattr(readahead, "MIN_PAGES", 10**6)
    with Library(tmp_path / "here") as lib:
        import_pages(lib, [str(root)])
    assert library_summary(tmp_path / "ahead") == library_summary(tmp_path / "here")
