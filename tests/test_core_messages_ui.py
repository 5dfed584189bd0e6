"""Core messages where the Chinese window shows them: the import summary, the search dock, notes errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reader.library.store import Library
from reader.ui import i18n
from reader.ui import main_window as main_window_module
from tests.conftest import sample_text
from tests.material.badfiles import damaged_pdf, encrypted_pdf
from tests.message_words import KEPT, WORD


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if len(w) > 1 and w not in KEPT]


def _window(qtbot: Any, folder: Path, language: str) -> Iterator[Any]:
    from reader.app import build

    i18n.set_language(language)
    win, services = build(folder)
    win.importer.quiet = True
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    try:
        yield win
    finally:
        services.shutdown()
        i18n.set_language(None)


@pytest.fixture
def window(qtbot: Any, lib_dir: Path) -> Iterator[Any]:
    yield from _window(qtbot, lib_dir, "zh")


def bad_folder(root: Path) -> Path:
    folder = root / "drop" / "许昌日报"
    folder.mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89\x00\x01\x02\xff\xfe\x00\x07" * 64)
    (folder / "gb18030.txt").write_bytes(sample_text("001").encode("gb18030"))  # imported, not skipped
    encrypted_pdf(folder / "locked.pdf")
    damaged_pdf(folder / "damaged.pdf")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a page")
    return folder


def import_summary(qtbot: Any, win: Any, folder: Path) -> tuple[Any, str]:
    reports: list[Any] = []
    win.importer.import_finished.connect(reports.append)
    with qtbot.waitSignal(win.importer.job_ended, timeout=120_000):
        win.importer.start([folder])
    return reports[0], win.importer.last_summary


def skipped_lines(summary: str, folder: Path) -> dict[str, str]:
    """File name -> reason, from the summary's lines "  <path>: <reason>"."""
    lines = {}
    for line in summary.splitlines():
        if line.startswith("  " + str(folder)):
            path, _, reason = line.strip().partition("：" if i18n.ui_language() == "zh" else ": ")
            lines[Path(path).name] = reason
    return lines


def test_the_import_summary_gives_chinese_reasons(qtbot: Any, tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    lib = tmp_path / "fresh"
    Library(lib).close()
    for win in _window(qtbot, lib, "zh"):
        report, summary = import_summary(qtbot, win, folder)
        assert report.added == 1  # the GB18030 page
        reasons = skipped_lines(summary, folder)
        assert reasons == {
            "empty.txt": "空文件",
            "blank.txt": "空文件（只有空白）",
            "binary.txt": "二进制数据（偏移 1 处有 NUL 字节）",
            "locked.pdf": "加密的 PDF：需要密码",
            "damaged.pdf": "PDF 已损坏：不是可读取的 PDF 文件",
        }, summary
        assert "  1 个 .docx 文件：不是报纸版面" in summary  # counted by type, as before
        assert not english_words("\n".join(reasons.values()))


def test_the_import_summary_stays_english_in_the_english_interface(qtbot: Any, tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    lib = tmp_path / "fresh"
    Library(lib).close()
    for win in _window(qtbot, lib, "en"):
        _report, summary = import_summary(qtbot, win, folder)
        reasons = skipped_lines(summary, folder)
        assert reasons["locked.pdf"] == "encrypted PDF: needs a password"
        assert reasons["binary.txt"] == "binary data (NUL bytes at offset 1)"


def test_a_query_syntax_error_reads_in_chinese_in_the_search_dock(qtbot: Any, window: Any) -> None:
    dock = window.search_dock
    dock.query.setText('title:"养老服务')
    with qtbot.waitSignal(window.search.result_ready, timeout=60_000) as blocker:
        qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    result = blocker.args[0]
    assert result.error.startswith("a quotation mark is not closed")  # the search process speaks English
    shown = dock.status.text()
    assert shown == "引号没有配对：'title:\"养老服务'；请补上后引号 \""
    dock.show_error("the search index is damaged: run 'newsreader reindex'")
    assert dock.status.text() == "检索索引已损坏：请运行 'newsreader reindex'"


def test_a_notes_filter_syntax_error_reads_in_chinese(qtbot: Any, window: Any) -> None:
    dock = window.notes_dock
    dock.filter_box.setText("许昌 OR")
    qtbot.waitUntil(lambda: bool(dock.status.text()), timeout=5_000)
    assert dock.status.text() == "OR 两边都要有词，例如 许昌 OR 郑州"


def test_a_broken_notes_file_is_refused_in_chinese(qtbot: Any, window: Any, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(main_window_module.QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    broken = tmp_path / "notes.json"
    broken.write_text('{"format": "something-else", "version": 1, "annotations": []}', encoding="utf-8")
    job = window.import_notes_file(broken)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    (text,) = warnings
    assert text == f'无法读取 {broken}：不是笔记文件：其中没有 "format": "newsreader-notes"'
