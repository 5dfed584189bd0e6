"""`newsreader parse --json` on PDFs and text pages: page size, unit, regions and source kind; page rendering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from reader import cli
from reader.ingest.pages import page_source, render_page, split_source
from tests.material.newspaper import default_specs, write_pdf


@pytest.fixture(scope="module")
def issue_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "rmrb2020040801.pdf"
    write_pdf(path, default_specs(2))
    return path


def test_parse_json_prints_geometry_for_pdf_pages(
    capsys: pytest.CaptureFixture[str], issue_pdf: Path, tmp_path: Path, samples_dir: Path
) -> None:
    text_page = next(samples_dir.glob("001_*.txt"))
    code = cli.main(["parse", "--json", "--library", str(tmp_path / "lib"), str(issue_pdf), str(text_page)])
    out = capsys.readouterr().out
    assert code == 0
    pages = json.loads(out)["pages"]
    assert [p["source"] for p in pages] == [f"{issue_pdf}#page=1", f"{issue_pdf}#page=2", str(text_page)]
    front, _inner, text = pages
    assert front["source_kind"] == "pdf"
    assert front["page_size"] == [842.0, 1191.0] and front["size_unit"] == "pt"
    assert front["paper"] == "许昌日报"  # the masthead wins over the file name's rmrb (人民日报)
    for item in front["articles"] + front["blocks"]:
        assert item["regions"] and all(len(box) == 4 for box in item["regions"])
    assert text["source_kind"] == "text"
    assert text["page_size"] is None and text["size_unit"] is None
    assert all(a["regions"] == [] for a in text["articles"])


def test_printed_lines_round_trip_through_json(issue_pdf: Path) -> None:
    from reader.ingest.model import lines_from_json, lines_to_json, rects_for_range
    from reader.ingest.pipeline import collect_pages

    page = collect_pages([issue_pdf], None).pages[0]
    start = page.text.index("本报讯")
    exact = rects_for_range(page.lines, start, start + 3)
    for chars in (True, False):
        lines = lines_from_json(json.loads(json.dumps(lines_to_json(page.lines, chars=chars))))
        assert [(ln.start, ln.end) for ln in lines] == [(ln.start, ln.end) for ln in page.lines]
        (rect,) = rects_for_range(lines, start, start + 3)
        assert rect == pytest.approx(exact[0], abs=1.0 if chars else 8.0)


def test_page_sources_and_rendering(issue_pdf: Path, tmp_path: Path) -> None:
    source = page_source(issue_pdf, 2)
    assert split_source(source) == (str(issue_pdf), 2)
    assert split_source(str(issue_pdf)) == (str(issue_pdf), None)
    image = render_page(source, max_side=600)
    assert image.mode == "RGB" and image.height == 600 and abs(image.width - 600 * 842 / 1191) <= 1
    assert image.getextrema()[0][0] < 100  # ink on the page
    tiff = tmp_path / "scans.tif"
    frames = [Image.new("L", (300, 400), 255), Image.new("L", (300, 400), 0)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    second = render_page(page_source(tiff, 2), max_side=200)
    assert second.size == (150, 200) and second.getextrema()[0] == (0, 0)
    with pytest.raises(ValueError, match="no page 3"):
        render_page(page_source(tiff, 3))
