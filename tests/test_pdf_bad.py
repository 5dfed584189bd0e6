"""Bad PDFs and images: each is skipped with a clear reason or read as a scan; the batch goes on; memory bounded."""

from __future__ import annotations

import itertools
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image

from reader.ingest import pipeline
from reader.ingest.model import ParsedPage
from reader.ingest.pipeline import Skipped
from tests.material.badfiles import damaged_pdf, encrypted_pdf, png_header, tiff_header
from tests.material.newspaper import default_specs, write_pdf


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "20200408_01.pdf"
    write_pdf(path, default_specs(1))
    return path


def _reasons(items: list[ParsedPage | Skipped]) -> dict[str, str]:
    return {Path(i.path).name: i.reason for i in items if isinstance(i, Skipped)}


def test_bad_files_are_skipped_with_their_reason_and_the_rest_is_read(tmp_path: Path, good_pdf: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    encrypted_pdf(folder / "a_encrypted.pdf")
    damaged_pdf(folder / "b_damaged.pdf")
    (folder / "c_truncated.pdf").write_bytes(good_pdf.read_bytes()[:2000])
    (folder / "d_empty.png").write_bytes(b"")
    png_header(folder / "e_bomb.png", 20000, 30000)
    tiff_header(folder / "f_bomb.tif", 20000, 30000)
    (folder / "g_notimage.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a JPEG after all" * 3)
    (folder / "h_good.pdf").write_bytes(good_pdf.read_bytes())
    items = list(pipeline.parse_paths([folder], None))
    reasons = _reasons(items)
    assert reasons["a_encrypted.pdf"] == "encrypted PDF: needs a password"
    assert reasons["b_damaged.pdf"] == "damaged PDF: not a readable PDF file"
    assert reasons["c_truncated.pdf"].startswith("damaged PDF")
    assert reasons["d_empty.png"] == "empty file"
    assert reasons["e_bomb.png"] == "image too large (20000 × 30000 px, limit 120 megapixels)"
    assert reasons["f_bomb.tif"] == "image too large (20000 × 30000 px, limit 120 megapixels)"
    assert reasons["g_notimage.jpg"].startswith(("not a readable image", "damaged image"))
    pages = [i for i in items if isinstance(i, ParsedPage)]
    assert [Path(p.source).name for p in pages] == ["h_good.pdf"]
    assert len(pages[0].articles) >= 5


def test_a_truncated_image_is_skipped(tmp_path: Path, good_pdf: Path) -> None:
    from tests.material.newspaper import render_scan

    full = tmp_path / "full.jpg"
    render_scan(good_pdf, full, scale=0.5, degrade=False)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    (item,) = pipeline.parse_paths([cut], None)
    assert isinstance(item, Skipped)
    assert item.reason.startswith("damaged image: truncated file"), item.reason


def test_a_garbage_text_layer_is_read_as_a_scan(tmp_path: Path) -> None:
    """Private-use glyphs only: the text layer is not trusted; the page goes to OCR, which says what it found."""
    from PySide6.QtCore import QMarginsF, QPointF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

    from tests.material.newspaper import _app

    _app()
    path = tmp_path / "garbage.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(200, 120), QPageSize.Unit.Point),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(12)
    painter.setFont(font)
    for k in range(5):
        painter.drawText(QPointF(10, 20 + 15 * k), "".join(chr(0xE000 + 20 * k + i) for i in range(12)))
    painter.end()
    from reader.ingest import pdf

    doc = pdf.open_pdf(path)
    read = pdf.read_page(doc, 0)
    doc.close()
    assert isinstance(read, pdf.PdfPageScan)
    assert read.reason == "text layer unreadable (100% private-use or unmapped glyphs)"
    (item,) = pipeline.parse_paths([path], None)
    if isinstance(item, Skipped):  # OCR found nothing in the drawn boxes
        assert item.reason.startswith("text layer unreadable") and "OCR found no text" in item.reason
    else:  # OCR read the boxes as something: imported as a scan, with the reason kept
        assert item.source_kind == "scan"
        assert any(w.startswith("read with OCR: text layer unreadable") for w in item.warnings)
        assert not any("\ue000" <= ch <= "\uf8ff" for ch in item.text)


def test_a_500_page_pdf_is_read_one_page_at_a_time(tmp_path: Path, good_pdf: Path) -> None:
    import pypdfium2 as pdfium

    path = tmp_path / "volume.pdf"
    src = pdfium.PdfDocument(str(good_pdf))
    big = pdfium.PdfDocument.new()
    big.import_pages(src, [0] * 500)
    big.save(str(path))
    big.close()
    src.close()
    calls: list[tuple[int, int, str]] = []
    pages = pipeline.parse_paths([path], None, progress=lambda *a: calls.append(a))
    first = list(itertools.islice(pages, 2))
    assert [p.source for p in first if isinstance(p, ParsedPage)] == [f"{path}#page=1", f"{path}#page=2"]
    assert calls[-1][1] == 500  # the total counts pages once the file is open ...
    assert calls[-1][0] <= 2  # ... and nothing was read ahead
    # Memory stays flat over the next pages: nothing of a page is kept once it is handed on.
    tracemalloc.start()
    try:
        for page in itertools.islice(pages, 4):
            assert isinstance(page, ParsedPage)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024, peak


def test_a_tiff_of_40_frames_gives_one_page_each(tmp_path: Path) -> None:
    path = tmp_path / "issue.tif"
    frames = [Image.new("L", (48, 48), 255) for _ in range(40)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    calls: list[tuple[int, int, str]] = []
    items = list(pipeline.parse_paths([path], None, progress=lambda *a: calls.append(a)))
    assert len(items) == 40
    assert all(isinstance(i, Skipped) and i.reason == "blank page (no text: the image is empty)" for i in items)
    assert [Path(i.path).name for i in items[:2]] == ["issue.tif#page=1", "issue.tif#page=2"]  # type: ignore[union-attr]
    assert calls[-1] == (40, 40, "")


def test_cancel_stops_between_pages(tmp_path: Path, good_pdf: Path) -> None:
    import threading

    import pypdfium2 as pdfium

    path = tmp_path / "three.pdf"
    src = pdfium.PdfDocument(str(good_pdf))
    doc = pdfium.PdfDocument.new()
    doc.import_pages(src, [0, 0, 0])
    doc.save(str(path))
    cancel = threading.Event()
    seen = []
    for item in pipeline.parse_paths([path], None, cancel=cancel):
        seen.append(item)
        cancel.set()
    assert len(seen) == 1
