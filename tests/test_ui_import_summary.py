"""The window's import summary: files of other types counted by type, copies named, moved pages counted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.library.store import Library
from tests.conftest import SAMPLES
from tests.helpers import import_pages


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, english_ui: None) -> Iterator[Any]:
    from reader.app import build

    folder = tmp_path / "lib"
    with Library(folder) as lib:
        import_pages(lib, [SAMPLES])
    win, services = build(folder)
    win.importer.quiet = True
    qtbot.addWidget(win)
    yield win
    services.shutdown()


def test_summary_counts_other_files_by_type_and_names_copies(qtbot: Any, window: Any, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    shutil.copytree(SAMPLES, folder / "copy")  # the same pages again, from another path
    for n in range(3):
        (folder / f"notes{n}.docx").write_bytes(b"PK\x03\x04 not a page")
    (folder / "README").write_text("about these scans", encoding="utf-8")
    before = [(i.key, i.stored_pages) for i in window.library.issues()]
    reports: list[Any] = []
    window.importer.import_finished.connect(reports.append)
    with qtbot.waitSignal(window.importer.job_ended, timeout=120_000):
        window.importer.start([folder])
    (report,) = reports
    assert report.added == 0 and len(report.duplicates) == 5
    summary = window.importer.last_summary
    assert "Copies of pages already in the library, not added: 5." in summary
    assert "already in the library as " + str(SAMPLES.resolve()) in summary
    assert "  3 .docx files: not newspaper pages" in summary
    assert "  1 extension-less files: not newspaper pages" in summary
    assert [(i.key, i.stored_pages) for i in window.library.issues()] == before  # nothing added twice
