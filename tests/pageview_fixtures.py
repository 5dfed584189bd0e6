"""Material for the page view tests: a small PDF issue with its truth, imported once and copied per test."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.ingest.model import TextLine
from reader.library.store import Library
from tests.helpers import import_pages
from tests.material.newspaper import BODY, Truth, TruthItem, default_specs, render_scan, write_pages


@dataclass
class Material:
    """Two laid-out PDF pages of one issue (``papers/2020-04-08/01.pdf``, ``02.pdf``), their truth, and a
    library holding them (``lib``), made once; tests work on copies."""

    root: Path
    pdfs: list[Path]
    truths: list[Truth]

    @property
    def library(self) -> Path:
        return self.root / "lib"

    def copy(self, dest: Path) -> tuple[Path, list[Path]]:
        """A private copy of the papers and the library (sources pointed at the copied files)."""
        shutil.copytree(self.root / "papers", dest / "papers")
        shutil.copytree(self.library, dest / "lib")
        pdfs = [dest / p.relative_to(self.root) for p in self.pdfs]
        with Library(dest / "lib") as lib:
            for old, new in zip(self.pdfs, pdfs, strict=True):
                lib.connection.execute("UPDATE pages SET source_path = ?, folder = ? WHERE source_path = ?",
                                       (str(new), str(new.parent), str(old)))
        return dest / "lib", pdfs


def make_material(root: Path) -> Material:
    written = write_pages(root / "papers", default_specs(2))
    for path, _truth in written:
        path.with_suffix(".truth.json").unlink()  # not a page: kept out of the import
    with Library(root / "lib") as lib:
        report = import_pages(lib, [root / "papers"])
        assert (report.added, report.skipped) == (2, [])
    return Material(root, [p for p, _ in written], [t for _, t in written])


def page_ids(lib: Library) -> list[int]:
    return [int(r[0]) for r in lib.connection.execute("SELECT id FROM pages ORDER BY seq")]


def make_scan_page(lib: Library, page_id: int, pdf: Path, out: Path, scale: float = 2.0) -> Path:
    """Turn a stored PDF page into a scanned one, as an OCR import would store it (pixels, scaled regions).

    OCR itself is tested elsewhere (test_scan_ocr.py); the page view only needs what the library keeps.
    """
    render_scan(pdf, out, scale=scale, degrade=False)
    data = out.read_bytes()
    row = lib.connection.execute("SELECT geometry FROM pages WHERE id = ?", (page_id,)).fetchone()
    geometry = json.loads(row[0])
    geometry["size"] = [v * scale for v in geometry["size"]]
    geometry["unit"] = "px"
    geometry["lines"] = [[r[0], r[1], *(v * scale for v in r[2:6])] for r in geometry["lines"]]
    lib.connection.execute(
        "UPDATE pages SET source_path = ?, source_kind = 'scan', file_hash = ?, file_size = ?, geometry = ?"
        " WHERE id = ?",
        (str(out), hashlib.sha256(data).hexdigest(), len(data), json.dumps(geometry), page_id),
    )
    for table in ("articles", "blocks"):
        for item_id, regions in lib.connection.execute(f"SELECT id, regions FROM {table} WHERE page_id = ?",
                                                       (page_id,)).fetchall():
            scaled = [[v * scale for v in box] for box in json.loads(regions)]
            lib.connection.execute(f"UPDATE {table} SET regions = ? WHERE id = ?", (json.dumps(scaled), item_id))
    return out


def _plain(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def truth_lines(item: TruthItem) -> tuple[str, list[TextLine], list[bool]]:
    """An article's printed body as the truth has it: its text without spaces, one TextLine per body line (boxes
    in points, shifted past a paragraph's indent), and whether each line is all full-width characters (their
    advance is exactly one em, so a part of such a line maps to an exact box)."""
    rows = [(box, n) for box, n in zip(item.boxes, item.chars, strict=True) if abs(box[3] - box[1] - BODY) < 0.01]
    if item.continued_from:
        rows = rows[1:]  # the "continued from" line is not the article's text
    if item.continued_to:
        rows = rows[:-1]
    text = _plain(item.text)
    assert sum(n for _box, n in rows) == len(text)
    lines, exact, pos = [], [], 0
    for (x0, y0, x1, y1), n in rows:
        ems = (x1 - x0) / BODY
        indent = round(ems) - n
        chars = text[pos:pos + n]
        exact.append(abs(ems - round(ems)) < 0.02 and all(ord(ch) >= 0x3000 for ch in chars))
        lines.append(TextLine(pos, pos + n, (x0 + BODY * indent, y0, x1, y1)))
        pos += n
    return text, lines, exact


def boxes_of(items: list[Any]) -> list[tuple[float, float, float, float]]:
    out = []
    for item in items:
        rect = item.rect()
        out.append((rect.left(), rect.top(), rect.right(), rect.bottom()))
    return sorted(out, key=lambda b: (b[1], b[0]))
