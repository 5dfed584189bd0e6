"""Offline OCR with RapidOCR (PP-OCR models shipped inside the ``rapidocr`` wheel, run by onnxruntime).

The engine is loaded once, lazily, from the model files in the installed package (never downloaded: the model
paths are given explicitly, which skips RapidOCR's download step), with its logging turned down to warnings.
Results are text lines with their boxes and confidences; ``OcrCache`` keeps them by the file's content hash and
page number so a re-import never runs OCR twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

__all__ = ["OcrCache", "OcrError", "OcrLine", "OcrResult", "engine_version", "file_digest", "recognize"]

# The model files of the rapidocr 3.x wheel (detection, direction classification, recognition).
_MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
           "Rec": "PP-OCRv6_rec_small.onnx"}  # fmt: skip
# RapidOCR shrinks the page to this longest side before detection; newspaper type needs more than its 2000.
MAX_SIDE = 4000


class OcrError(Exception):
    """OCR cannot run (engine or models missing): the reason to show."""


@dataclass(frozen=True)
class OcrLine:
    """One recognised text line: its text, its box (x0, y0, x1, y1) in image pixels and the confidence."""

    text: str
    box: tuple[float, float, float, float]
    score: float


@dataclass
class OcrResult:
    """The lines found on one image and the image's size in pixels."""

    lines: list[OcrLine]
    size: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {"size": list(self.size), "lines": [[ln.text, list(ln.box), ln.score] for ln in self.lines]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OcrResult:
        width, height = data["size"]
        lines = [OcrLine(str(t), (float(b[0]), float(b[1]), float(b[2]), float(b[3])), float(s))
                 for t, b, s in data["lines"]]  # fmt: skip
        return cls(lines, (int(width), int(height)))


_engine: Any = None
_engine_lock = threading.Lock()


def engine_version() -> str:
    """The OCR engine and models, part of the cache key (a new model must not reuse old results)."""
    try:
        from importlib.metadata import version

        return f"rapidocr-{version('rapidocr')}-" + "-".join(_MODELS.values())
    except Exception:  # metadata missing: still a stable key
        return "rapidocr-unknown"


def _load() -> Any:
    """The RapidOCR engine, created on first use from the models inside the installed package."""
    global _engine
    with _engine_lock:
        if _engine is not None:
            return _engine
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as exc:
            raise OcrError(f"OCR is not installed ({exc.name} missing): pip install rapidocr onnxruntime") from None
        models = Path(rapidocr.__file__).parent / "models"
        params: dict[str, Any] = {"Global.log_level": "warning", "Global.max_side_len": MAX_SIDE}
        for task, name in _MODELS.items():
            path = models / name
            if not path.is_file():
                raise OcrError(f"OCR model missing from the rapidocr package: {path}")
            params[f"{task}.model_path"] = str(path)
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        _engine = RapidOCR(params=params)
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        return _engine


def recognize(image: Image.Image) -> OcrResult:
    """Run OCR on a Pillow image; lines come back in the engine's order (roughly top to bottom)."""
    import numpy as np

    engine = _load()
    grey = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    array = np.asarray(grey.convert("RGB"))
    output = engine(array)
    lines: list[OcrLine] = []
    boxes, texts = getattr(output, "boxes", None), getattr(output, "txts", None)
    scores = getattr(output, "scores", None)
    if boxes is not None and texts is not None:
        for quad, text, score in zip(boxes, texts, scores or [1.0] * len(texts), strict=False):
            xs = [float(p[0]) for p in quad]
            ys = [float(p[1]) for p in quad]
            if text and text.strip():
                lines.append(OcrLine(str(text), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    return OcrResult(lines, (image.width, image.height))


def file_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's content, read in chunks (memory stays small for any file size)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class OcrCache:
    """OCR results on disk, one JSON file per (file content hash, page number, engine), in a folder given."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def _path(self, digest: str, page: int) -> Path:
        key = hashlib.sha256(f"{digest}:{page}:{engine_version()}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, digest: str, page: int) -> OcrResult | None:
        """The cached result for page ``page`` (1-based) of the file with this content hash, if any."""
        path = self._path(digest, page)
        try:
            return OcrResult.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:  # a damaged entry is recomputed
            log.warning("ignoring damaged OCR cache entry %s: %s", path, exc)
            return None

    def put(self, digest: str, page: int, result: OcrResult) -> None:
        """Store a result atomically (a killed import leaves no half-written entry); failures are only logged."""
        path = self._path(digest, page)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(result.to_json(), fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cannot write the OCR cache %s: %s", path, exc)
