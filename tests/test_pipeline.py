"""From paths to parsed pages: order, skipped files, parser crashes, progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.ingest import pipeline
from reader.ingest.model import PageMeta, ParsedPage, Source
from reader.ingest.page import parse_page


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_parse_paths_yields_pages_and_skips_in_order(tmp_path: Path) -> None:
    _write(tmp_path, "1.txt", "许昌日报\n\n本报讯 第一页的正文。\n")
    (tmp_path / "2.txt").write_bytes(bytes(range(256)) * 20)
    _write(tmp_path, "10.txt", "本报讯 另一页。\n")
    items = list(pipeline.parse_paths([tmp_path, tmp_path / "gone.txt"], None))
    kinds = [(type(i).__name__, Path(i.source if isinstance(i, ParsedPage) else i.path).name) for i in items]
    assert kinds == [
        ("ParsedPage", "1.txt"),
        ("Skipped", "2.txt"),
        ("ParsedPage", "10.txt"),
        ("Skipped", "gone.txt"),
    ]


def test_a_parser_crash_skips_only_that_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fragile(text: str, source: str, papers: object = None) -> ParsedPage:
        if "坏" in text:
            raise ValueError("cannot cope")
        return parse_page(text, source)

    monkeypatch.setattr(pipeline, "parse_page", fragile)
    _write(tmp_path, "a.txt", "好的一页。\n")
    _write(tmp_path, "b.txt", "坏的一页。\n")
    _write(tmp_path, "c.txt", "又一页。\n")
    items = list(pipeline.parse_paths([tmp_path], None))
    assert [type(i).__name__ for i in items] == ["ParsedPage", "Skipped", "ParsedPage"]
    skipped = items[1]
    assert isinstance(skipped, pipeline.Skipped)
    assert skipped.reason == "parser error: ValueError: cannot cope"
    assert any(r.exc_info for r in caplog.records)  # logged with its traceback


def test_progress_and_cancel(tmp_path: Path) -> None:
    for n in range(5):
        _write(tmp_path, f"{n}.txt", f"第{n}页。\n")
    calls: list[tuple[int, int, str]] = []
    assert len(list(pipeline.parse_paths([tmp_path], None, progress=lambda *a: calls.append(a)))) == 5
    assert [c[:2] for c in calls] == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert Path(calls[0][2]).name == "0.txt" and calls[-1][2] == ""

    cancel = threading.Event()

    def stop_after_two(done: int, total: int, current: str) -> None:
        if done == 2:
            cancel.set()

    result = pipeline.collect_pages([tmp_path], None, progress=stop_after_two, cancel=cancel)
    assert result.cancelled
    assert len(result.pages) == 3  # the page being read when cancel came is finished, then it stops


def test_collect_pages_resolves_issues_among_siblings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def toy(text: str, source: str, papers: object = None) -> ParsedPage:
        meta = PageMeta()
        if text.startswith("报"):
            meta.set("paper", "某报", Source.MASTHEAD)
        return ParsedPage(source=source, text=text, meta=meta)

    monkeypatch.setattr(pipeline, "parse_page", toy)
    _write(tmp_path / "day", "1.txt", "报头\n")
    _write(tmp_path / "day", "2.txt", "内页\n")
    result = pipeline.collect_pages([tmp_path], None)
    assert [p.meta.paper for p in result.pages] == ["某报", "某报"]
    assert result.pages[1].meta.provenance["paper"] == Source.SIBLING
    assert not result.cancelled and result.skipped == []
