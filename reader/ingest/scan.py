"""Open scanned page images (JPEG, PNG, TIFF including multi-page TIFF) safely, one frame at a time.

The size is checked from the header before any pixel is decoded (a decompression bomb is refused with its size),
JPEGs are decoded straight at a reduced scale when they are larger than OCR needs, and zero-byte, truncated or
unknown files are refused with a reason a person can act on.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

__all__ = [
    "MAX_FRAMES", "MAX_PIXELS", "OCR_MAX_SIDE", "ImageError", "frame_count", "is_blank", "load_frame", "open_image",
]

MAX_PIXELS = 120_000_000  # per frame: a broadsheet page at 600 dpi; 20,000 x 30,000 px is refused
MAX_FRAMES = 2000  # pages in one TIFF
OCR_MAX_SIDE = 4000  # longer side handed to OCR; newspaper body type stays readable at this size
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
_OPEN_LOCK = threading.Lock()


class ImageError(Exception):
    """An image that cannot be read as a page, with the reason to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _megapixels(n: int) -> str:
    return f"{n / 1_000_000:g} megapixels"


@contextmanager
def _pillow_errors() -> Iterator[None]:
    """Turn Pillow's exceptions into ImageError with plain reasons."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"image too large ({exc})") from None
    except UnidentifiedImageError:
        raise ImageError("not a readable image (unknown format or damaged header)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        message = str(exc) or type(exc).__name__
        if "truncated" in message or isinstance(exc, EOFError):
            raise ImageError(f"damaged image: truncated file ({message})") from None
        raise ImageError(f"damaged image: {message}") from None
    except MemoryError:
        raise ImageError("image too large to decode in memory") from None


def open_image(path: str | os.PathLike[str]) -> Any:
    """Open an image lazily (only its header is read) and check its size; ``ImageError`` if it cannot be a page."""
    try:
        if os.path.getsize(path) == 0:
            raise ImageError("empty file")
    except OSError as exc:
        raise ImageError(f"cannot read: {exc.strerror or exc}") from None
    with _pillow_errors():
        # Pillow refuses headers over twice its own limit before saying the size; open() reads only the header,
        # so lift that limit for the call and check the size here, before any pixel is decoded.
        with _OPEN_LOCK:
            saved = Image.MAX_IMAGE_PIXELS
            Image.MAX_IMAGE_PIXELS = None
            try:
                image = Image.open(path)
            finally:
                Image.MAX_IMAGE_PIXELS = saved
        try:
            _check_size(image)
        except ImageError:
            image.close()
            raise
        return image


def _check_size(image: Any) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ImageError(f"damaged image: size {width} × {height} px")
    if width * height > MAX_PIXELS:
        raise ImageError(f"image too large ({width} × {height} px, limit {_megapixels(MAX_PIXELS)})")


def frame_count(image: Any) -> int:
    """Frames (pages) in an opened image; ``ImageError`` above ``MAX_FRAMES``."""
    count = int(getattr(image, "n_frames", 1) or 1)
    if count > MAX_FRAMES:
        raise ImageError(f"image has {count} frames (more than the {MAX_FRAMES}-page limit)")
    return count


def is_blank(frame: Image.Image) -> bool:
    """An empty page (the back of a sheet, a separator): no dark marks at all, so OCR would find nothing."""
    extrema: Any = frame.convert("L").getextrema()
    low, high = float(extrema[0]), float(extrema[1])
    return high - low < 40 or low > 160


def load_frame(image: Any, index: int, max_side: int = OCR_MAX_SIDE, mode: str = "L") -> tuple[Image.Image, float]:
    """Frame ``index`` decoded (greyscale by default), no longer than ``max_side``; and the factor to the original."""
    with _pillow_errors():
        if index:
            image.seek(index)
            _check_size(image)
        width, height = image.size
        scale = min(1.0, max_side / max(width, height))
        if scale < 1.0 and image.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale right away: a huge JPEG never fills memory.
            image.draft(mode, (int(width * scale), int(height * scale)))
        frame = ImageOps.exif_transpose(image.convert(mode)) if index == 0 else image.convert(mode)
        if max(frame.size) > max_side:
            factor = max_side / max(frame.size)
            frame = frame.resize((max(1, round(frame.width * factor)), max(1, round(frame.height * factor))),
                                 Image.Resampling.LANCZOS)  # fmt: skip
        to_original = max(width, height) / max(frame.size)  # the same whether or not EXIF turned it
        return frame, to_original
