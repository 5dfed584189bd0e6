"""PDF pages in the library: stored with their geometry, an unchanged file not read again, moved files followed,
bad files refused with nothing in the library touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.library.store import Library
from tests.helpers import import_pages
from tests.material.badfiles import damaged_pdf, encrypted_pdf
from tests.material.newspaper import default_specs, write_pdf


@pytest.fixture(scope="module")
def issue_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A merged two-page e-paper issue, made once for the module."""
    path = tmp_path_factory.mktemp("epaper") / "许昌日报_20200408.pdf"
    write_pdf(path, default_specs(2))
    return path


def raw(lib: Library, sql: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
    return lib.connection.execute(sql, args).fetchall()


def test_a_merged_issue_imports_as_pages_with_geometry_and_regions(tmp_path: Path, issue_pdf: Path) -> None:
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [issue_pdf])
        assert (report.added, report.skipped) == (2, [])
        rows = raw(lib, "SELECT source_path, source_kind, file_hash, file_size, geometry FROM pages ORDER BY seq")
        assert [r[0] for r in rows] == [f"{issue_pdf}#page=1", f"{issue_pdf}#page=2"]
        assert {r[1] for r in rows} == {"pdf"} and len({r[2] for r in rows}) == 1
        assert rows[0][3] == issue_pdf.stat().st_size
        geometry = json.loads(rows[0][4])
        assert geometry["unit"] == "pt" and len(geometry["size"]) == 2 and geometry["lines"]
        regions = [json.loads(r[0]) for r in raw(lib, "SELECT regions FROM articles")]
        assert regions and all(boxes for boxes in regions)
        (issue,) = lib.issues()
        assert (issue.paper, str(issue.date), issue.stored_pages) == ("许昌日报", "2020-04-08", 2)
        linked = raw(lib, "SELECT COUNT(*) FROM article_links")[0][0]
        assert linked >= 1  # the jump from page 1 to page 2 is linked as in text pages


def test_an_unchanged_file_is_not_read_again(tmp_path: Path, issue_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.ingest import pipeline

    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [issue_pdf])
        monkeypatch.setattr(pipeline, "read_file", lambda *a, **k: pytest.fail("an unchanged file was read"))
        report = import_pages(lib, [issue_pdf])
        assert (report.unchanged, report.added, report.replaced) == (2, 0, 0)


def test_a_moved_pdf_is_followed_and_a_copy_reported(tmp_path: Path, issue_pdf: Path) -> None:
    first = tmp_path / "a" / issue_pdf.name
    first.parent.mkdir()
    shutil.copy(issue_pdf, first)
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [first])
        ids = raw(lib, "SELECT id FROM pages ORDER BY id")
        copy = tmp_path / "b" / issue_pdf.name
        copy.parent.mkdir()
        shutil.copy(first, copy)
        report = import_pages(lib, [copy])
        assert report.added == 0 and len(report.duplicates) == 2
        first.unlink()
        moved = tmp_path / "c" / issue_pdf.name
        moved.parent.mkdir()
        copy.rename(moved)
        report = import_pages(lib, [moved])
        assert report.moved == 2 and report.added == 0
        assert raw(lib, "SELECT id FROM pages ORDER BY id") == ids
        assert {r[0] for r in raw(lib, "SELECT source_path FROM pages")} == {f"{moved}#page=1", f"{moved}#page=2"}


def test_a_changed_file_with_fewer_pages_loses_the_missing_pages(tmp_path: Path) -> None:
    path = tmp_path / "scans" / "许昌日报_20200408.pdf"
    path.parent.mkdir()
    write_pdf(path, default_specs(2))
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [path])
        write_pdf(path, default_specs(1))
        report = import_pages(lib, [path])
        assert report.replaced == 1
        # a one-page file's page is the file itself: page 1 kept its row under that name, page 2 went
        assert [r[0] for r in raw(lib, "SELECT source_path FROM pages")] == [str(path)]
        assert raw(lib, "PRAGMA foreign_key_check") == []


def test_bad_pdfs_are_refused_and_touch_nothing(tmp_path: Path, issue_pdf: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    encrypted_pdf(bad / "locked.pdf")
    damaged_pdf(bad / "broken.pdf")
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [issue_pdf])
        before = raw(lib, "SELECT id, content_hash FROM pages ORDER BY id")
        report = import_pages(lib, [bad])
        reasons = dict(report.skipped)
        assert "encrypted PDF" in reasons[str(bad / "locked.pdf")]
        assert "damaged PDF" in reasons[str(bad / "broken.pdf")]
        assert report.added == 0 and raw(lib, "SELECT id, content_hash FROM pages ORDER BY id") == before
