"""Helpers shared by test modules (instead of importing from each other)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reader.library.records import ImportReport
from reader.library.store import Library


def import_pages(library: Library, paths: Iterable[str | os.PathLike[str]], **options: Any) -> ImportReport:
    """Import as the writer does (notes placed again on rewritten pages), without indexing."""
    from reader.writer import new_importer

    return new_importer(library).import_paths(list(paths), **options)


def generated_library(root: Path, *, pages: int, seed: int, papers: int = 2) -> Path:
    """A library of a generated archive (written to ``root/scans``, imported into ``root/lib``), not indexed."""
    from bench.generate import generate_archive

    generate_archive(root / "scans", papers=papers, pages=pages, seed=seed)
    with Library(root / "lib") as library:
        import_pages(library, [root / "scans"])
    return root / "lib"
