"""Scans: a laid-out page rendered, blurred, skewed and noised is read back with offline OCR into its articles.

OCR runs on small pages only (400 x 520 pt at 2 px/pt: a few seconds each); OCR is approximate, so the checks
are floors on character recall, title matches and region coverage, not exact text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.ingest import ocr, pipeline
from reader.ingest.model import ParsedPage
from tests.material.evaluate import PageScore, score_page
from tests.material.newspaper import Truth, render_scan, small_spec, write_pdf

SCALE = 2.0  # pixels per point of the rendered scans


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Truth, ParsedPage]:
    """A small laid-out page as a degraded JPEG scan, read through the pipeline with an OCR cache."""
    root = tmp_path_factory.mktemp("scans")
    pdf = root / "source.pdf"
    (truth,) = write_pdf(pdf, [small_spec()])
    folder = root / "2020-04-08"
    folder.mkdir()
    render_scan(pdf, folder / "02.jpg", scale=SCALE, seed=3)
    cache = root / "cache"
    result = pipeline.collect_pages([folder], None, ocr_cache=ocr.OcrCache(cache))
    assert result.skipped == []
    (page,) = result.pages
    return folder / "02.jpg", cache, truth, page


def _check(score: PageScore, recall_floor: float) -> None:
    assert score.char_recall >= recall_floor, score.char_recall
    for art in score.articles:
        assert art.found is not None, art.truth.title
        assert art.title_ratio >= 0.8, (art.truth.title, art.found.title)
        assert art.body_recall >= 0.8, (art.truth.title, art.body_recall)
        assert art.body_precision >= 0.8, (art.truth.title, art.body_precision)
        assert art.coverage >= 0.9, (art.truth.title, art.coverage)


def test_a_scan_is_read_into_articles_with_regions(scanned: tuple[Path, Path, Truth, ParsedPage]) -> None:
    path, _cache, truth, page = scanned
    assert page.source == str(path)
    assert page.source_kind == "scan" and page.size_unit == "px"
    assert page.page_size == (truth.page_size[0] * SCALE, truth.page_size[1] * SCALE)
    assert page.meta.page == "2" and str(page.meta.date) == "2020-04-08"
    _check(score_page(page, truth, scale=SCALE, tolerance=6), recall_floor=0.9)
    assert any(b.kind == "caption" for b in page.blocks)
    width, height = page.page_size
    for item in page.items:
        assert item.regions
        for x0, y0, x1, y1 in item.regions:
            assert -2 <= x0 < x1 <= width + 2 and -2 <= y0 < y1 <= height + 2


def test_ocr_results_are_cached_by_content(
    scanned: tuple[Path, Path, Truth, ParsedPage], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path, cache, _truth, page = scanned
    assert list(cache.rglob("*.json")), "the OCR result was not cached"

    def no_ocr(image: object) -> ocr.OcrResult:
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(ocr, "recognize", no_ocr)
    copy = tmp_path / "2020-04-08" / "02.jpg"  # same content under another name: still cached
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    (again,) = pipeline.collect_pages([copy], None, ocr_cache=ocr.OcrCache(cache)).pages
    assert again.text == page.text
    assert [a.title for a in again.articles] == [a.title for a in page.articles]


def test_an_image_only_pdf_page_is_read_with_ocr(tmp_path: Path, scanned: tuple[Path, Path, Truth, ParsedPage]
                                                 ) -> None:
    path, _cache, truth, _page = scanned
    pdf = tmp_path / "20200408_02.pdf"
    _image_pdf(path, pdf, truth.page_size)
    (page,) = pipeline.collect_pages([pdf], None).pages
    assert page.source_kind == "scan" and page.size_unit == "pt"
    assert page.page_size == pytest.approx(truth.page_size)
    assert any("no text layer" in w for w in page.warnings)
    _check(score_page(page, truth, scale=1.0, tolerance=4), recall_floor=0.85)


def _image_pdf(image: Path, out: Path, size: tuple[float, float]) -> None:
    """A PDF whose only content is the scan (as image-only e-paper and scanner PDFs are)."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

    from tests.material.newspaper import _app

    _app()
    writer = QPdfWriter(str(out))
    writer.setResolution(72)
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(*size), QPageSize.Unit.Point),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    painter.drawImage(QRectF(0, 0, *size), QImage(str(image)))
    painter.end()


def test_ocr_needs_no_network(tmp_path: Path, scanned: tuple[Path, Path, Truth, ParsedPage]) -> None:
    """The models come from the rapidocr wheel: OCR works with every socket refused."""
    path = scanned[0]
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from PIL import Image\n"
        "from reader.ingest import ocr\n"
        f"image = Image.open({str(path)!r}).crop((100, 200, 700, 460))\n"
        "print(len(ocr.recognize(image).lines))\n"
    )
    env = dict(os.environ, no_proxy="*")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) >= 3
    assert "network used" not in done.stderr


def test_text_drawn_as_outlines_is_read_with_ocr(tmp_path: Path) -> None:
    """No text layer, only the glyphs' outlines (as some e-paper PDFs are exported): the page goes to OCR."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPainterPath, QPdfWriter

    from reader.ingest import pdf
    from tests.material.newspaper import _app

    _app()
    lines = ["全市春季植树活动启动", "两千余名干部群众挥锹培土", "栽下侧柏国槐白蜡等树苗一万余株"]
    path = tmp_path / "outlines.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(360, 160), QPageSize.Unit.Point),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(18)
    for k, text in enumerate(lines):
        outline = QPainterPath()
        outline.addText(20, 40 + 36 * k, font, text)
        painter.fillPath(outline, QColor(0, 0, 0))
    painter.end()
    doc = pdf.open_pdf(path)
    read = pdf.read_page(doc, 0)
    doc.close()
    assert isinstance(read, pdf.PdfPageScan) and read.reason.startswith("no text layer (text drawn as outlines")
    (page,) = pipeline.collect_pages([path], None).pages
    assert page.source_kind == "scan"
    printed = "".join(lines)
    found = sum(1 for ch in printed if ch in page.text)
    assert found >= 0.9 * len(printed), page.text
