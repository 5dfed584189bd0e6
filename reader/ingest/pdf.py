"""Read PDF pages with pypdfium2: characters with boxes, type size and weight, grouped into printed lines.

A page whose text layer is missing, drawn as outlines, or unreadable (private-use glyphs, unmapped glyphs) is
reported as a scan so the caller can render it and run OCR. Encrypted and damaged files raise ``PdfError`` with
a reason a person can act on. Pages are opened one at a time: a 500-page file is never held in memory whole.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reader.ingest.cjknorm import normalize_cjk
from reader.ingest.layout import Line

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

__all__ = ["PdfError", "PdfPageScan", "PdfPageText", "open_pdf", "read_page", "render_page"]

MAX_PAGES = 5000  # more pages than any merged volume of a daily: refuse rather than promise hours of work
MIN_TEXT_CHARS = 8  # fewer readable characters than this and the page is taken as having no text layer
MAX_BAD_SHARE = 0.3  # private-use, unmapped or replacement glyphs above this share: the layer is garbage

# PDFium is not thread-safe: one lock for every call into it from this module.
_LOCK = threading.RLock()

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrab|ultrab|[-_ ]?hei\b|dabiao|xiaobiao|cusong|zhongsong",
                        re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag ForceBold (bit 19)


class PdfError(Exception):
    """A PDF that cannot be read, with the reason to show (encrypted, damaged, too many pages...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class PdfPageText:
    """A page with a usable text layer: its printed lines and its size in points."""

    lines: list[Line]
    size: tuple[float, float]


@dataclass
class PdfPageScan:
    """A page without a usable text layer (image only, outlines, garbage): to be rendered and OCRed.

    ``image_scale`` is the pixels per point of the page's largest image (a scan's own resolution), if any:
    rendering finer than that only makes OCR slower.
    """

    reason: str
    size: tuple[float, float]
    image_scale: float | None = None


def open_pdf(path: str | os.PathLike[str]) -> Any:
    """Open a PDF document (pypdfium2 ``PdfDocument``); ``PdfError`` with a plain reason when it cannot be."""
    with _LOCK:
        try:
            doc = pdfium.PdfDocument(Path(path))
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD:
                raise PdfError("encrypted PDF: needs a password") from None
            if code == pdfium_c.FPDF_ERR_SECURITY:
                raise PdfError("encrypted PDF: unsupported security scheme") from None
            if code == pdfium_c.FPDF_ERR_FORMAT:
                raise PdfError("damaged PDF: not a readable PDF file") from None
            if code == pdfium_c.FPDF_ERR_FILE:
                raise PdfError("cannot read: file not found or unreadable") from None
            raise PdfError(f"damaged PDF: {exc}") from None
        except OSError as exc:
            raise PdfError(f"cannot read: {exc.strerror or exc}") from None
        count = len(doc)
        if count > MAX_PAGES:
            doc.close()
            raise PdfError(f"PDF has {count} pages (more than the {MAX_PAGES}-page limit)")
        return doc


def page_count(path: str | os.PathLike[str]) -> int:
    """Number of pages of a PDF (``PdfError`` if it cannot be opened)."""
    doc = open_pdf(path)
    try:
        return len(doc)
    finally:
        with _LOCK:
            doc.close()


def _is_bold(name: bytes, flags: int, weight: int) -> bool:
    return weight >= 600 or bool(flags & _FORCE_BOLD) or bool(_BOLD_NAME.search(name.decode("latin-1")))


def read_page(doc: Any, index: int) -> PdfPageText | PdfPageScan | None:
    """The lines of page ``index`` (0-based), or a ``PdfPageScan`` if it must be OCRed, or None if it is blank."""
    with _LOCK:
        page = doc[index]
        try:
            return _read(page)
        finally:
            page.close()


def _read(page: Any) -> PdfPageText | PdfPageScan | None:
    width, height = page.get_size()
    size = (float(width), float(height))
    # Character boxes are in the media box's coordinates; shift them to the visible (crop) box.
    left, _bottom, _right, top = page.get_cropbox()
    textpage = page.get_textpage()
    try:
        lines, good, bad = _lines(textpage, left, top)
    finally:
        textpage.close()
    if good + bad < MIN_TEXT_CHARS or bad > MAX_BAD_SHARE * (good + bad):
        images, paths, scale = _object_counts(page)
        if good + bad >= MIN_TEXT_CHARS:
            share = round(100 * bad / (good + bad))
            return PdfPageScan(f"text layer unreadable ({share}% private-use or unmapped glyphs)", size, scale)
        if images:
            return PdfPageScan("no text layer (image only)", size, scale)
        if paths:  # outlined text is drawn as paths; a page of rules only is found blank after rendering
            return PdfPageScan("no text layer (text drawn as outlines, or drawings only)", size)
        if good:
            return PdfPageText(lines, size)
        return None
    return PdfPageText(lines, size)


def _object_counts(page: Any) -> tuple[int, int, float | None]:
    """Image and path objects on the page, and the pixels per point of its largest image."""
    images = paths = 0
    scale, largest = None, 0.0
    for obj in page.get_objects(max_depth=4):
        kind = obj.type
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            try:
                px_width, _ = obj.get_px_size()
                left, bottom, right, top = obj.get_bounds()
            except Exception:  # an image pdfium cannot measure: render at the default size
                continue
            area = (right - left) * (top - bottom)
            if area > largest and right > left and px_width > 0:
                largest, scale = area, px_width / (right - left)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
    return images, paths, scale


def _untyped(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same PDFium function with plain ctypes types: pointers pass and return as ints, which makes the two
    calls per character several times cheaper than through pypdfium2's typed pointers."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_FAST_BOX = _untyped(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_FAST_OBJECT = _untyped(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


_SPACES = " \r\n\t\u3000\xa0"
_BAD = re.compile(  # private-use, replacement and non-characters: what garbage text layers are made of
    "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ue000-\\uf8ff\\ufffd\\ufffe\\uffff\\U000f0000-\\U0010ffff]")


def _page_text(textpage: Any, n: int) -> str:
    """The page's ``n`` characters as one string, index for index, read in one call where PDFium allows it."""
    raw = textpage.raw
    buffer = ctypes.create_string_buffer(2 * (n + 1))
    written = pdfium_c.FPDFText_GetText(raw, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) == n:
        return text
    # Characters beyond the BMP come as surrogate pairs: one call per character keeps indices aligned.
    codes = (pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n))
    return "".join(chr(code) if code < 0x110000 else "\ufffd" for code in codes)


def _lines(textpage: Any, left: float, top: float) -> tuple[list[Line], int, int]:
    """Group the page's characters, in content order, into printed lines; count readable and bad glyphs.

    Per character the loop makes two PDFium calls (its box, its text object) and keeps the rest to plain
    arithmetic: the text comes in one call for the page, type size and weight once per text object (every
    character of an object shares its font and size). A page of 3,500 characters takes about 15 ms here.
    """
    raw = textpage.raw
    n = textpage.count_chars()
    text = _page_text(textpage, n)
    bad = len(_BAD.findall(text))
    good = n - bad - sum(text.count(space) for space in _SPACES)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    flags_ref = ctypes.byref(flags)
    get_box, get_object = _FAST_BOX, _FAST_OBJECT
    handle = ctypes.cast(raw, ctypes.c_void_p).value
    get_size = pdfium_c.FPDFText_GetFontSize
    get_font = pdfium_c.FPDFText_GetFontInfo
    bold_of: dict[tuple[bytes, int], bool] = {}
    style_of: dict[int, tuple[float, bool]] = {}  # text object's address -> (type size, bold)
    lines: list[Line] = []
    chars: list[str] = []
    xs: list[float] = []
    bx0 = by0 = bx1 = by1 = 0.0
    line_size = 0.0
    line_bold = False
    base = 0.0
    spaced = False  # a space was drawn (or generated by PDFium) since the last glyph

    def flush() -> None:
        if chars:
            text_raw = "".join(chars)
            text = normalize_cjk(text_raw)
            xs.append(bx1)
            lines.append(Line(text, (bx0, by0, bx1, by1), line_size, line_bold,
                              text_raw if text_raw != text else None, tuple(xs)))
        chars.clear()
        xs.clear()

    for i, ch in enumerate(text):
        if ch in _SPACES:
            spaced = True
            continue
        if not get_box(handle, i, rect_ref):
            continue
        x0 = rect.left - left
        x1 = rect.right - left
        y0 = top - rect.top
        y1 = top - rect.bottom
        address = get_object(handle, i)
        style = style_of.get(address) if address is not None else None
        if style is None:
            size = get_size(raw, i)
            get_font(raw, i, name, 128, flags_ref)
            key = (name.value, flags.value)
            bold = bold_of.get(key)
            if bold is None:
                bold = bold_of[key] = _is_bold(key[0], key[1], -1)
            style = (size, bold)
            if address is not None:  # characters PDFium generates have no object: read them one by one
                style_of[address] = style
        size, bold = style
        if not size:
            size = y1 - y0
        mid = (y0 + y1) / 2
        if chars:
            em = size if size > line_size else line_size
            if (
                abs(mid - base) > 0.45 * em
                or x0 < bx1 - 0.5 * em
                or x0 - bx1 > 0.9 * em  # a column gap (CJK text has none; Latin spaces are narrower)
                or abs(size - line_size) > 0.2 * em
                or bold != line_bold
            ):
                flush()
            elif (spaced or x0 - bx1 > 0.15 * em) and ch < "\u2e80" and chars[-1] < "\u2e80":
                chars.append(" ")  # a word space in Latin text (drawn, or only a gap)
                xs.append(bx1)
        spaced = False
        if not chars:
            bx0, by0, bx1, by1 = x0, y0, x1, y1
            line_size, line_bold, base = size, bold, mid
        else:
            if x0 < bx0:
                bx0 = x0
            if y0 < by0:
                by0 = y0
            if x1 > bx1:
                bx1 = x1
            if y1 > by1:
                by1 = y1
        chars.append(ch)
        xs.append(x0)
    flush()
    return lines, good, bad


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def read_size(doc: Any, index: int) -> tuple[float, float]:
    """(width, height) of page ``index`` in points."""
    with _LOCK:
        page = doc[index]
        try:
            width, height = page.get_size()
            return float(width), float(height)
        finally:
            page.close()


def render_page(doc: Any, index: int, *, scale: float = 2.0, grey: bool = False) -> Image.Image:
    """Page ``index`` as a Pillow image (``scale`` pixels per point; 2.0 is 144 dpi)."""
    with _LOCK:
        page = doc[index]
        try:
            bitmap = page.render(scale=scale, grayscale=grey)
            try:
                return bitmap.to_pil().copy()
            finally:
                bitmap.close()
        finally:
            page.close()
