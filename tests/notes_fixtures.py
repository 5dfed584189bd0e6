"""Notes on the bundled samples, shared by the notes, backup, recovery and command-line tests.

A library of the samples (``open_library``), three known articles (``TITLE``, ``OTHER``, ``NO_PAPER``), one
annotation of each kind on them (``annotate``), and records of the JSON exchange format (``record``,
``document``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.library.records import ArticleRecord
from reader.library.store import Library
from reader.notes.exchange import FORMAT, VERSION
from reader.notes.model import Annotation
from reader.notes.store import NoteStore
from tests.conftest import SAMPLES
from tests.helpers import import_pages

TITLE = "坚决克服麻痹松懈思想 一以贯之抓实疫情防控"  # 许昌日报 2020-04-08, page 1
OTHER = "我市筑牢民生保障体系绘就幸福底色"  # 衡水日报 2021-12-03, page 1
NO_PAPER = "中心城区第三十五次城建重点项目周例会召开"  # a page without masthead: no paper, no date


def open_library(folder: Path) -> Library:
    """A library in ``folder`` holding the bundled samples (the caller closes it)."""
    library = Library(folder)
    import_pages(library, [SAMPLES])
    return library


def article(lib: Library, title: str) -> ArticleRecord:
    """The article titled ``title``."""
    for issue in lib.issues():
        for page in lib.pages(issue.id):
            for art in lib.articles(page.id):
                if art.title == title:
                    return art
    raise AssertionError(f"no article {title!r}")


def annotate(lib: Library) -> list[Annotation]:
    """One of each kind, on three articles (one on a page without paper or date), one edited, one deleted."""
    notes = NoteStore.of(lib)
    a, b, c = article(lib, TITLE), article(lib, OTHER), article(lib, NO_PAPER)
    made = [
        notes.add_highlight(a.id, 5, 12, color="green", note="要核实\n第二行"),
        notes.add_bookmark(a.id, 30, name="防疫", folder="学习/防疫"),
        notes.add_note(a.id, "全文笔记"),
        notes.add_highlight(b.id, 0, 10, note="臺灣"),
        notes.add_bookmark(b.id),
        notes.add_note(c.id, "no paper"),
    ]
    made[0] = notes.update(made[0].uid, note="要核实\n第二行（改）")
    gone = notes.add_note(b.id, "deleted")
    notes.delete(gone.uid)
    return made


def record(**changes: Any) -> dict[str, Any]:
    """One annotation as the JSON export writes it (a highlight on a page that is nowhere), with ``changes``."""
    base: dict[str, Any] = {
        "uid": "u-1",
        "kind": "highlight",
        "source_path": "/nowhere/page.txt",
        "content_hash": "0" * 64,
        "article_spans": [[0, 10]],
        "title": "标题",
        "paper": "许昌日报",
        "date": "2020-04-08",
        "page_label": "1",
        "pos_start": 0,
        "pos_end": 4,
        "quote": "疫情防控",
        "prefix": "",
        "suffix": "",
        "status": "anchored",
        "color": "yellow",
        "note": "",
        "name": None,
        "folder": "",
        "created_at": "2024-01-01T00:00:00+00:00",
        "updated_at": "2024-01-01T00:00:00+00:00",
        "deleted_at": None,
    }
    return base | changes


def document(*records: Any) -> dict[str, Any]:
    """A notes export holding ``records``."""
    return {"format": FORMAT, "version": VERSION, "annotations": list(records)}
