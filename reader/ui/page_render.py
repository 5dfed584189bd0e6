"""Pictures of pages, made off the GUI thread: one render thread, the page being shown first.

PDFium is not thread-safe: every render runs on one thread, the only user of PDFium in the window's process (the
import and OCR run in the writer process); ``_PDFIUM`` guards it anyway. The service keeps at most one page
request waiting (a newer one replaces it: only the page on screen matters), then writes the last renders to the
disk cache, then makes thumbnails. Before drawing, the source file is checked against the library's record
(present, same size, same content hash): a moved, deleted or changed file is reported as such and never drawn,
since the page's stored geometry would not match it.

pypdfium2 and Pillow are imported only inside the render thread, on first use of the page view: the window
starts without them. The page parser (``reader.ingest.pdf``, ``reader.ingest.pages`` and the layout code they
load) is never imported here: the window's process does not carry it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from reader.ui.page_cache import PageCache, entry_key
from reader.ui.tasks import Job, ReadPool

log = logging.getLogger(__name__)

# Renders come in steps of 1.25x on the longer side, so zooming by a little reuses the picture (and the cache).
MIN_SIDE = 256
MAX_SIDE = 4096  # 4096 x 5800 px at most: 95 MB of pixels; deeper zoom enlarges this picture
THUMB_SIDE = 160
JPEG_QUALITY = 85
MAX_WRITES = 2  # renders waiting to be written to the cache (up to 48 MB each); older ones are dropped

# Why a page cannot be drawn.
MISSING, CHANGED, UNREADABLE = "missing", "changed", "unreadable"

PAGE_FRAGMENT = "#page="  # as reader.ingest.pages names page n of a multi-page file (tests check they agree)
_PDFIUM = threading.Lock()


def split_source(source: str) -> tuple[str, int | None]:
    """(path, page number or None) of a page source: ``reader.ingest.pages.split_source`` without its imports."""
    path, sep, number = source.rpartition(PAGE_FRAGMENT)
    if sep and number.isdigit() and path:
        return path, int(number)
    return source, None


def render_side(needed: float) -> int:
    """The smallest render step with at least ``needed`` pixels on the longer side (capped at MAX_SIDE)."""
    side = float(MIN_SIDE)
    while side < needed and side < MAX_SIDE:
        side *= 1.25
    return min(round(side), MAX_SIDE)


@dataclass(frozen=True)
class RenderRequest:
    """A page to draw ``pixels`` on its longer side, and the library's record of its file."""

    page_id: int
    source: str  # the file, or "<path>#page=<n>"
    kind: str  # "pdf" or "scan"
    file_hash: str | None
    file_size: int | None
    pixels: int
    thumbnail: bool = False

    @property
    def path(self) -> str:
        return split_source(self.source)[0]

    @property
    def number(self) -> int:
        """The page's number in its file (1-based)."""
        return split_source(self.source)[1] or 1

    @property
    def cache_key(self) -> str | None:
        if not self.file_hash:
            return None
        return entry_key(self.file_hash, self.number, self.pixels)


@dataclass
class RenderResult:
    """A finished request: the picture, or why there is none (``problem``: missing, changed, unreadable)."""

    request: RenderRequest
    image: QImage | None
    problem: str | None = None
    detail: str = ""
    cached: bool = False
    seconds: float = 0.0


class _Renderer:
    """What the render thread does; every method runs on it (never two at once)."""

    def __init__(self, cache: PageCache | None) -> None:
        self.cache = cache
        self._hashes: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> content hash, once a session
        self._doc: tuple[tuple[str, int, int], Any] | None = None  # the PDF opened last (thumbnails of a merged issue)
        self._lock = threading.Lock()

    def check(self, request: RenderRequest) -> tuple[str, str] | None:
        """(problem, detail) when the file is not the one the library read; None when it is."""
        path = request.path
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return MISSING, path
        except OSError as exc:
            return UNREADABLE, f"{path}: {exc.strerror or exc}"
        if not stat.S_ISREG(st.st_mode):
            return MISSING, path
        if request.file_size is not None and st.st_size != request.file_size:
            return CHANGED, path
        if request.file_hash:
            key = (path, st.st_size, st.st_mtime_ns)
            with self._lock:
                digest = self._hashes.get(key)
            if digest is None:
                try:
                    digest = _file_hash(path)
                except OSError as exc:
                    return UNREADABLE, f"{path}: {exc.strerror or exc}"
                with self._lock:
                    self._hashes[key] = digest
            if digest != request.file_hash:
                return CHANGED, path
        return None

    def render(self, request: RenderRequest, cancel: threading.Event) -> RenderResult | None:
        started = time.perf_counter()
        if cancel.is_set():
            return None
        problem = self.check(request)
        if problem is not None:
            return RenderResult(request, None, problem[0], problem[1], seconds=time.perf_counter() - started)
        key = request.cache_key
        if key is not None and self.cache is not None:
            data = self.cache.get(key)
            if data is not None:
                image = _decode(data)
                if not image.isNull():
                    return RenderResult(request, image, cached=True, seconds=time.perf_counter() - started)
                self.cache.discard(key)
        try:
            image = self._draw(request)
        except Exception as exc:  # a file the library read once can still be damaged now: say so, go on
            log.warning("cannot draw %s: %s", request.source, exc)
            return RenderResult(request, None, UNREADABLE, f"{request.source}: {exc}",
                                seconds=time.perf_counter() - started)
        if request.thumbnail:
            self.store(request, image)  # small: written at once
        return RenderResult(request, image, seconds=time.perf_counter() - started)

    def store(self, request: RenderRequest, image: QImage) -> None:
        key = request.cache_key
        if key is None or self.cache is None:
            return
        try:
            payload = _encode(image)
        except (OSError, ValueError) as exc:
            log.warning("cannot encode a page picture for the cache: %s", exc)
            return
        self.cache.put(key, payload)

    def _draw(self, request: RenderRequest) -> QImage:
        if request.kind == "pdf" or request.path.lower().endswith(".pdf"):
            return self._draw_pdf(request)
        return _draw_scan(request.path, request.number - 1, request.pixels)

    def _draw_pdf(self, request: RenderRequest) -> QImage:
        import pypdfium2.raw as pdfium_c

        with _PDFIUM:
            doc = self._document(request.path)
            index = request.number - 1
            if not 0 <= index < len(doc):
                raise ValueError(f"no page {index + 1} in the file")
            page = doc[index]
            try:
                width, height = page.get_size()
                scale = request.pixels / max(width, height)
                bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRx, may_draw_forms=True)
                try:
                    # BGRx bytes are Qt's RGB32 on a little-endian machine; copy before PDFium frees them.
                    return QImage(memoryview(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                                  QImage.Format.Format_RGB32).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()

    def _document(self, path: str) -> Any:
        """The open PDF (kept: the thumbnails of a merged issue come from one file); call with _PDFIUM held."""
        import pypdfium2 as pdfium

        st = os.stat(path)
        key = (path, st.st_size, st.st_mtime_ns)
        if self._doc is not None and self._doc[0] == key:
            return self._doc[1]
        self._close()
        try:
            doc = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            raise ValueError(f"not a readable PDF ({exc})") from None
        self._doc = (key, doc)
        return doc

    def close(self) -> None:
        with _PDFIUM:
            self._close()

    def _close(self) -> None:
        if self._doc is not None:
            self._doc[1].close()
            self._doc = None


def _draw_scan(path: str, index: int, pixels: int) -> QImage:
    """Frame ``index`` of an image file, no longer than ``pixels``, turned as the import read it (EXIF).

    ``reader.ingest.scan`` opens it (only the header is read: a decompression bomb is refused from its size).
    The frame is reduced in its own mode (a grey scan stays grey: a third of the work of RGB) with the Hamming
    filter, which antialiases as well as Lanczos for these reductions at a third of its time (a 2947 x 4169 grey
    JPEG to 2384 px: 68 ms against 164 ms here); big JPEGs are decoded straight at a reduced scale.
    """
    from PIL import Image, ImageOps

    from reader.ingest import scan

    try:
        image = scan.open_image(path)
    except scan.ImageError as exc:
        raise ValueError(exc.reason) from None
    try:
        if index >= scan.frame_count(image):
            raise ValueError(f"no page {index + 1} in the file")
        if index:
            image.seek(index)
        width, height = image.size
        if width * height > scan.MAX_PIXELS:
            raise ValueError(f"image too large ({width} × {height} px)")
        mode = "L" if image.mode in ("1", "L", "LA", "I", "I;16", "F") else "RGB"
        scale = min(1.0, pixels / max(width, height))
        if scale < 1.0 and image.format == "JPEG":
            image.draft(mode, (max(1, int(width * scale)), max(1, int(height * scale))))
        frame = ImageOps.exif_transpose(image) if index == 0 else image.copy()
    finally:
        image.close()
    if frame.mode != mode:
        frame = frame.convert(mode)
    if max(frame.size) > pixels:
        factor = pixels / max(frame.size)
        size = (max(1, round(frame.width * factor)), max(1, round(frame.height * factor)))
        frame = frame.resize(size, Image.Resampling.HAMMING)
    return _qimage(frame)


def _qimage(frame: Any) -> QImage:
    """A Pillow picture in grey ("L") or RGB as a QImage in the format Qt paints fastest (a copy)."""
    data = frame.tobytes()
    if frame.mode == "L":
        picture = QImage(data, frame.width, frame.height, frame.width, QImage.Format.Format_Grayscale8)
    else:
        picture = QImage(data, frame.width, frame.height, 3 * frame.width, QImage.Format.Format_RGB888)
    return picture.convertToFormat(QImage.Format.Format_RGB32)


# Cached pictures are JPEG, encoded and decoded with Pillow, which lets Python's GIL go meanwhile. Not with
# Qt's image readers and writers: on a QBuffer made in Python, Qt picks the JPEG plugin under its plugin
# loader's lock while it peeks at the buffer, which asks for the GIL; the GUI thread, holding the GIL, waits
# for that lock whenever it sizes an icon (QMainWindow.saveState at closing did): the window hung for good.
# QImage.fromData would keep the GIL while it decodes (75-120 ms of a 2384-pixel JPEG, the window frozen).


def _encode(image: QImage) -> bytes:
    import io

    from PIL import Image

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = bytes(rgb.constBits())
    frame = Image.frombuffer("RGB", (rgb.width(), rgb.height()), raw, "raw", "RGB", rgb.bytesPerLine(), 1)
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _decode(data: bytes) -> QImage:
    """A cached picture decoded (a null QImage when the bytes are not a picture)."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            return _qimage(picture if picture.mode in ("L", "RGB") else picture.convert("RGB"))
    except (OSError, ValueError, Image.DecompressionBombError):
        return QImage()


def _file_hash(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class RenderService(QObject):
    """Draws pages and thumbnails on one background thread; results arrive by ``rendered`` on the GUI thread.

    Order of work: the newest page request, then cache writes of the pages drawn, then thumbnails in order.
    """

    rendered = Signal(object)  # RenderResult

    def __init__(self, cache_folder: Path | None, cache_limit: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        cache = None
        if cache_folder is not None:
            cache = PageCache(cache_folder) if cache_limit is None else PageCache(cache_folder, cache_limit)
        self.cache = cache
        self._renderer = _Renderer(cache)
        self._pool = ReadPool(threads=1)
        self._page: RenderRequest | None = None
        self._writes: deque[tuple[RenderRequest, QImage]] = deque()
        self._thumbs: deque[RenderRequest] = deque()
        self._running: Job | None = None
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._page or self._writes or self._thumbs)

    def request_page(self, request: RenderRequest) -> None:
        """Draw this page next (a page request still waiting is dropped)."""
        self._page = request
        self._pump()

    def request_thumbnails(self, requests: Iterable[RenderRequest]) -> None:
        """Make these thumbnails after the page, in order (thumbnails still waiting are dropped)."""
        self._thumbs = deque(requests)
        self._pump()

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Drop waiting work, let the running render finish, close the open PDF."""
        self._closed = True
        self._page = None
        self._writes.clear()
        self._thumbs.clear()
        if self._running is not None:
            self._running.cancel()
        self._pool.wait(timeout_ms)
        self._renderer.close()

    def _pump(self) -> None:
        if self._running is not None or self._closed:
            return
        renderer = self._renderer
        if self._page is not None:
            request, self._page = self._page, None
            self._submit("page", lambda cancel: renderer.render(request, cancel))
        elif self._writes:
            written, image = self._writes.popleft()
            self._submit("cache write", lambda _cancel: renderer.store(written, image))
        elif self._thumbs:
            thumb = self._thumbs.popleft()
            self._submit("thumbnail", lambda cancel: renderer.render(thumb, cancel))

    def _submit(self, name: str, fn: Any) -> None:
        def setup(job: Job) -> None:
            job.done.connect(self._done)
            job.failed.connect(lambda error: log.warning("%s failed: %s", name, error))
            job.finished.connect(self._finished)

        self._running = self._pool.submit(name, fn, setup)

    def _done(self, result: object) -> None:
        if not isinstance(result, RenderResult) or self._closed:
            return
        if result.image is not None and not result.cached and not result.request.thumbnail:
            self._writes.append((result.request, result.image))
            while len(self._writes) > MAX_WRITES:
                self._writes.popleft()
        self.rendered.emit(result)

    def _finished(self) -> None:
        self._running = None
        self._pump()
