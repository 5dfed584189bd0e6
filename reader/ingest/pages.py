"""One file -> its pages: text files, PDFs (text layer or OCR) and scanned images (OCR), one page at a time.

A page's identity (``ParsedPage.source``) is the file's path for a single-page file, and ``"<path>#page=<n>"``
(1-based) for page n of a multi-page PDF or TIFF. ``render_page`` draws any such page as an image for the window.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.ingest.decode import PageSkipped, read_page
from reader.ingest.discover import Skipped, display_path
from reader.ingest.model import SOURCE_PDF, SOURCE_SCAN, ParsedPage

if TYPE_CHECKING:
    from PIL import Image

    from reader.ingest.layout import Line
    from reader.ingest.ocr import OcrCache, OcrResult
    from reader.ingest.page import PageParser

log = logging.getLogger(__name__)

__all__ = [
    "PAGE_FRAGMENT",
    "PAGE_SUFFIXES",
    "LoadedPage",
    "NeedsOcr",
    "file_kind",
    "page_source",
    "read_file",
    "render_page",
    "split_source",
]

PAGE_FRAGMENT = "#page="
TEXT_SUFFIXES = (".txt",)
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
PAGE_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + IMAGE_SUFFIXES
# A PDF page without a text layer is rendered for OCR with this many pixels on its longer side.
OCR_RENDER_SIDE = 3000
OCR_MAX_SCALE = 300 / 72  # ... and no finer than 300 dpi (a small page is not blown up)

# on_pages(n): the file being read turned out to hold n pages (called once per multi-page file).
PagesFound = Callable[[int], None]


@dataclass(frozen=True)
class LoadedPage:
    """A parsed page together with the file it came from and how it was read (text encoding, "pdf" or "ocr")."""

    path: Path
    encoding: str
    page: ParsedPage


def page_source(path: str | os.PathLike[str], number: int | None) -> str:
    """The source of page ``number`` (1-based) of a multi-page file, or the path itself for a single page."""
    return str(path) if number is None else f"{path}{PAGE_FRAGMENT}{number}"


def split_source(source: str) -> tuple[str, int | None]:
    """(path, page number or None) of a page source."""
    path, sep, number = source.rpartition(PAGE_FRAGMENT)
    if sep and number.isdigit() and path:
        return path, int(number)
    return source, None


def file_kind(path: str | os.PathLike[str]) -> str:
    """"pdf", "image" or "text": a ``.txt`` file is text whatever it holds (a binary one is refused as such);
    any other file by its first bytes, then its suffix."""
    if os.fspath(path).lower().endswith(TEXT_SUFFIXES):
        return "text"
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        head = b""
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "image"
    name = os.fspath(path).lower()
    if name.endswith(PDF_SUFFIXES):
        return "pdf"
    if name.endswith(IMAGE_SUFFIXES):
        return "image"
    return "text"


def _cancelled(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


class NeedsOcr(Exception):
    """A PDF page without a usable text layer, met where OCR is not to run (a reading-ahead worker)."""


def read_file(
    path: Path,
    parser: PageParser,
    *,
    ocr_cache: OcrCache | None = None,
    cancel: threading.Event | None = None,
    on_pages: PagesFound | None = None,
    pages: range | None = None,
    ocr: bool = True,
) -> Iterator[LoadedPage | Skipped]:
    """Every page of one file, parsed, one at a time; a page that cannot be read is a ``Skipped``.

    ``cancel`` is checked before each page (OCR of one page is not interrupted). OCR results are kept in
    ``ocr_cache`` when given, so reading the same file again never runs OCR twice. For a PDF, ``pages`` reads
    only those (0-based) pages, and without ``ocr`` a page that needs it raises ``NeedsOcr``.
    """
    kind = file_kind(path)
    if kind == "pdf":
        yield from _pdf_pages(path, parser, ocr_cache, cancel, on_pages, pages, ocr)
    elif kind == "image":
        yield from _image_pages(path, parser, ocr_cache, cancel, on_pages)
    else:
        yield _text_page(path, parser)


def _text_page(path: Path, parser: PageParser) -> LoadedPage | Skipped:
    try:
        text, encoding = read_page(path)
    except PageSkipped as exc:
        return Skipped(exc.path, exc.reason)
    try:
        return LoadedPage(path, encoding, parser.parse(text, str(path)))
    except Exception as exc:  # the parser is heuristic: never let one page abort an import
        log.exception("parser failed on %s", path)
        return Skipped(display_path(path), f"parser error: {type(exc).__name__}: {exc}")


class _Digest:
    """The file's content hash, computed on first need (only OCR needs it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.value: str | None = None

    def get(self) -> str:
        if self.value is None:
            from reader.ingest.ocr import file_digest

            self.value = file_digest(self.path)
        return self.value


def _ocr(image: Image.Image, digest: _Digest, number: int, cache: OcrCache | None) -> OcrResult:
    from reader.ingest.ocr import recognize

    if cache is not None:
        cached = cache.get(digest.get(), number)
        if cached is not None:
            log.debug("OCR result from the cache: %s page %d", digest.path, number)
            return cached
    result = recognize(image)
    if cache is not None:
        cache.put(digest.get(), number, result)
    return result


def _ocr_lines(result: OcrResult, factor: float) -> list[Line]:
    """OCR lines as layout lines in page units (``factor``: page units per OCR pixel)."""
    from reader.ingest.layout import Line

    lines = []
    for ln in result.lines:
        x0, y0, x1, y1 = (v * factor for v in ln.box)
        text = ln.text.strip()
        # A detection box is padded around the glyphs: its height stands for the type size. Two lines detected as
        # one box look twice as tall, so the width per character (CJK type is square) caps the estimate.
        size = (y1 - y0) * 0.8
        ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.5 for ch in text if not ch.isspace())
        if ems >= 3:
            size = min(size, 1.1 * (x1 - x0) / ems)
        lines.append(Line(text, (x0, y0, x1, y1), size))
    return lines


def _parse(parser: PageParser, lines: list[Line], size: tuple[float, float], unit: str, source: str, kind: str,
           path: Path, encoding: str) -> LoadedPage | Skipped:
    from reader.ingest.layout import build_layout

    try:
        layout = build_layout(lines, size, unit, is_masthead=parser.is_masthead, merge=True)
        if not layout.text.strip():
            return Skipped(display_path(source), "blank page (no text)")
        return LoadedPage(path, encoding, parser.parse_layout(layout, source, kind))
    except Exception as exc:  # the reconstruction is heuristic: one page never aborts an import
        log.exception("layout failed on %s", source)
        return Skipped(display_path(source), f"parser error: {type(exc).__name__}: {exc}")


def _pdf_pages(
    path: Path, parser: PageParser, cache: OcrCache | None, cancel: threading.Event | None,
    on_pages: PagesFound | None, pages: range | None = None, ocr: bool = True,
) -> Iterator[LoadedPage | Skipped]:
    from reader.ingest import pdf, scan
    from reader.ingest.ocr import OcrError

    shown = display_path(path)
    try:
        doc = pdf.open_pdf(path)
    except pdf.PdfError as exc:
        yield Skipped(shown, exc.reason)
        return
    digest = _Digest(path)
    try:
        count = len(doc)
        if on_pages is not None and count != 1:
            on_pages(count)
        for index in range(count)[pages.start:pages.stop] if pages is not None else range(count):
            if _cancelled(cancel):
                return
            number = index + 1 if count > 1 else None
            source = page_source(path, number)
            try:
                read = pdf.read_page(doc, index)
            except Exception as exc:  # pdfium refuses a damaged page: the others may still read
                log.warning("cannot read %s: %s", source, exc)
                yield Skipped(display_path(source), f"damaged PDF page: {exc}")
                continue
            if read is None:
                yield Skipped(display_path(source), "blank page (no text and no image)")
            elif isinstance(read, pdf.PdfPageText):
                yield _parse(parser, read.lines, read.size, "pt", source, SOURCE_PDF, path, "pdf")
            elif not ocr:
                raise NeedsOcr(source)
            else:
                log.info("%s: %s; reading it with OCR", source, read.reason)
                # The scan's own resolution when the page is an image (more pixels would only be slower),
                # else about 3000 pixels on the longer side.
                scale = min(OCR_RENDER_SIDE / max(read.size), OCR_MAX_SCALE)
                if read.image_scale is not None:
                    scale = min(scale, max(1.0, read.image_scale))
                try:
                    image = pdf.render_page(doc, index, scale=scale, grey=True)
                    if scan.is_blank(image):
                        yield Skipped(display_path(source), "blank page (no text and no ink)")
                        continue
                    result = _ocr(image, digest, index + 1, cache)
                except OcrError as exc:
                    yield Skipped(display_path(source), f"{read.reason}; OCR unavailable: {exc}")
                    continue
                except Exception as exc:
                    log.exception("OCR failed on %s", source)
                    yield Skipped(display_path(source), f"{read.reason}; OCR failed: {type(exc).__name__}: {exc}")
                    continue
                if not result.lines:
                    yield Skipped(display_path(source), f"{read.reason}; OCR found no text")
                    continue
                loaded = _parse(parser, _ocr_lines(result, 1 / scale), read.size, "pt", source, SOURCE_SCAN, path,
                                "ocr")
                if isinstance(loaded, LoadedPage):
                    loaded.page.warnings.append(f"read with OCR: {read.reason}")
                yield loaded
    finally:
        with pdf._LOCK:
            doc.close()


def _image_pages(
    path: Path, parser: PageParser, cache: OcrCache | None, cancel: threading.Event | None,
    on_pages: PagesFound | None,
) -> Iterator[LoadedPage | Skipped]:
    from reader.ingest import scan
    from reader.ingest.ocr import OcrError

    shown = display_path(path)
    try:
        image = scan.open_image(path)
        count = scan.frame_count(image)
    except scan.ImageError as exc:
        yield Skipped(shown, exc.reason)
        return
    digest = _Digest(path)
    try:
        if on_pages is not None and count != 1:
            on_pages(count)
        for index in range(count):
            if _cancelled(cancel):
                return
            number = index + 1 if count > 1 else None
            source = page_source(path, number)
            try:
                frame, factor = scan.load_frame(image, index)
                size = (frame.width * factor, frame.height * factor)
                if scan.is_blank(frame):
                    yield Skipped(display_path(source), "blank page (no text: the image is empty)")
                    continue
                result = _ocr(frame, digest, index + 1, cache)
            except scan.ImageError as exc:
                yield Skipped(display_path(source), exc.reason)
                if index == 0 or "truncated" in exc.reason:
                    return  # the rest of a damaged file cannot be reached
                continue
            except OcrError as exc:
                yield Skipped(display_path(source), f"OCR unavailable: {exc}")
                return
            except Exception as exc:
                log.exception("OCR failed on %s", source)
                yield Skipped(display_path(source), f"OCR failed: {type(exc).__name__}: {exc}")
                continue
            if not result.lines:
                yield Skipped(display_path(source), "no text found by OCR")
                continue
            yield _parse(parser, _ocr_lines(result, factor), size, "px", source, SOURCE_SCAN, path, "ocr")
    finally:
        image.close()


def render_page(source: str, *, max_side: int = 2000) -> Image.Image:
    """The page named by ``source`` (a path, or ``path#page=n``) as an RGB image no longer than ``max_side``.

    The image covers the whole page, so a region (x0, y0, x1, y1) in page units maps to pixels by the factor
    ``image.width / page_size[0]``. Raises ``ValueError`` with a reason for a page that cannot be drawn.
    """
    from reader.ingest import pdf, scan

    path, number = split_source(source)
    index = (number or 1) - 1
    if file_kind(path) == "pdf":
        try:
            doc = pdf.open_pdf(path)
        except pdf.PdfError as exc:
            raise ValueError(exc.reason) from None
        try:
            if not 0 <= index < len(doc):
                raise ValueError(f"no page {index + 1} in {display_path(path)}")
            width, height = pdf.read_size(doc, index)
            return pdf.render_page(doc, index, scale=max_side / max(width, height)).convert("RGB")
        finally:
            with pdf._LOCK:
                doc.close()
    try:
        image: Any = scan.open_image(path)
        try:
            if index >= scan.frame_count(image):
                raise ValueError(f"no page {index + 1} in {display_path(path)}")
            frame, _ = scan.load_frame(image, index, max_side=max_side, mode="RGB")
            return frame.convert("RGB")
        finally:
            image.close()
    except scan.ImageError as exc:
        raise ValueError(exc.reason) from None
