"""The library's read side for the page view: a page's picture source, its printed lines and its regions."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reader.ingest.model import lines_from_json
from reader.library.records import headline
from reader.library.store import Library
from tests.conftest import SAMPLES
from tests.helpers import import_pages
from tests.material.newspaper import default_specs, write_pages


@pytest.fixture(scope="module")
def pdf_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("epaper")
    ((path, _truth),) = write_pages(folder, default_specs(1))
    return path


def test_a_pdf_page_gives_its_source_size_and_lines(tmp_path: Path, pdf_page: Path) -> None:
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [pdf_page])
        (page_id,) = [r[0] for r in lib.connection.execute("SELECT id FROM pages")]
        stored = json.loads(lib.connection.execute("SELECT geometry FROM pages").fetchone()[0])
        geometry = lib.page_geometry(page_id)
        assert geometry is not None and geometry.has_image
        assert (geometry.source_path, geometry.source_kind) == (str(pdf_page), "pdf")
        assert geometry.file_hash == hashlib.sha256(pdf_page.read_bytes()).hexdigest()
        assert geometry.file_size == pdf_page.stat().st_size
        assert geometry.size == tuple(stored["size"]) and geometry.unit == "pt"
        assert list(geometry.lines) == lines_from_json(stored["lines"]) and len(geometry.lines) > 50
        image = lib.page_image(page_id)
        assert image is not None and image.has_image and image.size == geometry.size
        assert [p.id for p in lib.page_images(image.issue_id)] == [page_id]


def test_regions_of_articles_and_blocks_with_their_titles(tmp_path: Path, pdf_page: Path) -> None:
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [pdf_page])
        (page_id,) = [r[0] for r in lib.connection.execute("SELECT id FROM pages")]
        regions = lib.page_regions(page_id)
        articles = {a.id: a for a in lib.articles(page_id)}
        shown = [r for r in regions if r.is_article]
        assert {r.id for r in shown} == set(articles)
        for region in shown:
            art = articles[region.id]
            assert region.title == headline(art.title, art.body)
            stored = json.loads(lib.connection.execute("SELECT regions FROM articles WHERE id = ?",
                                                       (region.id,)).fetchone()[0])
            assert [list(b) for b in region.regions] == stored and region.regions
        blocks = [r for r in regions if not r.is_article]
        assert {r.id for r in blocks} == {b.id for b in lib.blocks(page_id)}
        assert [r.ord for r in regions] == sorted(r.ord for r in regions)


def test_a_text_page_has_no_picture(tmp_path: Path) -> None:
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [next(SAMPLES.glob("*.txt"))])
        (page_id,) = [r[0] for r in lib.connection.execute("SELECT id FROM pages")]
        assert lib.page_geometry(page_id) is None
        image = lib.page_image(page_id)
        assert image is not None and not image.has_image and image.source_kind == "text"
        assert image.size is None and image.unit is None
        regions = lib.page_regions(page_id)
        assert regions and all(r.regions == () for r in regions)
        assert lib.page_geometry(10**6) is None and lib.page_image(10**6) is None


def test_damaged_stored_geometry_is_no_picture_rather_than_an_error(tmp_path: Path, pdf_page: Path) -> None:
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [pdf_page])
        (page_id,) = [r[0] for r in lib.connection.execute("SELECT id FROM pages")]
        lib.connection.execute("UPDATE pages SET geometry = json_set(geometry, '$.lines', json('[[1]]'))")
        geometry = lib.page_geometry(page_id)
        assert geometry is not None and geometry.lines == ()  # the picture still shows; no hits on it
        lib.connection.execute("UPDATE pages SET geometry = json_set(geometry, '$.size', 'x')")
        assert lib.page_geometry(page_id) is None
        lib.connection.execute("UPDATE articles SET regions = '[[1, 2], \"x\", [0, 0, 5, 5]]'")
        assert {r.regions for r in lib.page_regions(page_id) if r.is_article} == {((0.0, 0.0, 5.0, 5.0),)}
