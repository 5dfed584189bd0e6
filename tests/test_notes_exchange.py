"""Notes export and import: a complete JSON round trip that merges, and a Markdown export that cannot be injected."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from reader.library.db import transaction
from reader.library.store import Library
from reader.notes.exchange import (
    FORMAT,
    VERSION,
    dump_json,
    export_json,
    export_markdown,
    import_json,
    md_escape,
    write_atomic,
)
from reader.notes.model import ORPHANED, Annotation, NotesError
from reader.notes.store import FIELDS, NoteStore
from tests.notes_fixtures import NO_PAPER, OTHER, TITLE, annotate, article, document, open_library, record

INJECTION = "# heading\n[link](javascript:x)\n<script>alert(1)</script>\n| table |\n=1+1\n---\n> quoted\n1. item"


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(tmp_path / "lib")
    yield library
    library.close()


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Library]:
    """A second, fresh library of the same pages (another machine)."""
    library = open_library(tmp_path / "other")
    yield library
    library.close()


def comparable(ann: Annotation) -> dict[str, Any]:
    """Everything the exchange must carry, i.e. all but the machine-local ids."""
    values = asdict(ann)
    del values["id"], values["article_id"]
    return values


# -- JSON export -------------------------------------------------------------------------------------------


def test_export_holds_every_importable_column_of_live_annotations(lib: Library) -> None:
    made = annotate(lib)
    doc = export_json(NoteStore.of(lib))
    assert doc["format"] == FORMAT and doc["version"] == VERSION and doc["exported_at"]
    records = doc["annotations"]
    assert [r["uid"] for r in records] == [a.uid for a in NoteStore.of(lib).list()]
    assert {r["uid"] for r in records} == {a.uid for a in made}  # the deleted note is left out
    for rec in records:
        assert list(rec) == list(FIELDS)
        assert all(isinstance(span, list) and len(span) == 2 for span in rec["article_spans"])
    assert json.loads(dump_json(NoteStore.of(lib)))["annotations"] == records


def test_round_trip_into_a_fresh_library_gives_the_same_annotations(lib: Library, other: Library) -> None:
    annotate(lib)
    report = import_json(NoteStore.of(other), dump_json(NoteStore.of(lib)))
    assert (report.added, report.updated, report.unchanged, report.skipped) == (6, 0, 0, [])
    mine, theirs = NoteStore.of(lib).list(), NoteStore.of(other).list()
    assert [comparable(a) for a in theirs] == [comparable(a) for a in mine]
    for a, b in zip(mine, theirs, strict=True):
        assert b.article_id is not None and b.status != ORPHANED
        there = other.article(b.article_id)
        here = lib.article(a.article_id)  # type: ignore[arg-type]
        assert there is not None and here is not None
        assert (there.title, there.body) == (here.title, here.body)
        if b.start is not None and b.kind == "highlight":
            assert there.body[b.start : b.end] == b.quote


def test_importing_again_or_into_the_same_library_adds_nothing(lib: Library, other: Library) -> None:
    annotate(lib)
    text = dump_json(NoteStore.of(lib))
    import_json(NoteStore.of(other), text)
    again = import_json(NoteStore.of(other), text)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    same = import_json(NoteStore.of(lib), text)
    assert (same.added, same.updated, same.unchanged) == (0, 0, 6)
    assert len(NoteStore.of(other).list()) == len(NoteStore.of(lib).list()) == 6


def test_the_newer_edit_wins(lib: Library, other: Library) -> None:
    first = annotate(lib)[0]
    import_json(NoteStore.of(other), dump_json(NoteStore.of(lib)))
    # Edited on the other machine after the export: an old file does not undo it.
    NoteStore.of(other).update(first.uid, note="there", color="blue")
    assert import_json(NoteStore.of(other), dump_json(NoteStore.of(lib))).updated == 0
    assert NoteStore.of(other).get(first.uid).note == "there"  # type: ignore[union-attr]
    # Edited here later still: that edit comes over, colour and all.
    NoteStore.of(lib).update(first.uid, note="here, later", color="pink")
    report = import_json(NoteStore.of(other), dump_json(NoteStore.of(lib)))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 5)
    got = NoteStore.of(other).get(first.uid)
    assert got is not None and (got.note, got.color) == ("here, later", "pink")
    assert got.updated_at == NoteStore.of(lib).get(first.uid).updated_at  # type: ignore[union-attr]


def test_a_deletion_made_after_the_export_stays(lib: Library, other: Library) -> None:
    first = annotate(lib)[0]
    text = dump_json(NoteStore.of(lib))
    import_json(NoteStore.of(other), text)
    NoteStore.of(other).delete(first.uid)
    assert import_json(NoteStore.of(other), text).unchanged == 6
    assert NoteStore.of(other).get(first.uid) is None


def test_bad_records_are_skipped_with_their_reason(lib: Library) -> None:
    bad = [
        ("not an object", ["x"]),
        ("missing uid", record(uid="")),
        ("unknown kind 'scribble'", record(uid="k", kind="scribble")),
        ("unknown highlight colour 'purple'", record(uid="c", color="purple")),
        ("pos_start must be", record(uid="p", pos_start="0")),
        ("bad position", record(uid="e", pos_start=5, pos_end=2)),
        ("a highlight needs", record(uid="q", quote="")),
        ("updated_at is not an ISO date", record(uid="t", updated_at="yesterday")),
        ("article_spans has a bad span", record(uid="s", article_spans=[[3]])),
        ("note must be text", record(uid="n", note=["a"])),
        ("date must be YYYY-MM-DD", record(uid="d", date="April")),
        ("a whole-article note has no position", record(uid="w", kind="note")),
    ]
    report = import_json(NoteStore.of(lib), document(*(rec for _, rec in bad), record(uid="good")))
    assert report.added == 1 and len(report.skipped) == len(bad)
    for (reason, _), said in zip(bad, report.skipped, strict=True):
        assert reason in said
    assert report.skipped[0].startswith("record 1:") and report.skipped[2].startswith("record 3 (k):")
    assert [a.uid for a in NoteStore.of(lib).list()] == ["good"]


def test_a_known_uid_of_another_kind_is_skipped(lib: Library) -> None:
    import_json(NoteStore.of(lib), document(record(uid="x")))
    doc = document(record(uid="x", kind="bookmark", updated_at="2030-01-01T00:00:00Z"))
    report = import_json(NoteStore.of(lib), doc)
    assert report.added == 0 and "bookmark in the file but a highlight here" in report.skipped[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "the JSON cannot be read"),
        (b"\xff\xfe\x00garbage", "the JSON cannot be read"),
        ("[1, 2]", "not a notes file"),
        ('{"format": "something-else", "version": 1, "annotations": []}', "not a notes file"),
        ('{"format": "newsreader-notes", "version": 99, "annotations": []}', "newer newsreader"),
        ('{"format": "newsreader-notes", "version": "1", "annotations": []}', "version"),
        ('{"format": "newsreader-notes", "version": 1, "annotations": {}}', '"annotations"'),
        ("[" * 100_000, "the JSON cannot be read"),
    ],
)
def test_a_file_that_is_not_a_notes_export_raises(lib: Library, content: str | bytes, message: str) -> None:
    with pytest.raises(NotesError, match=message.replace("(", r"\(")):
        import_json(NoteStore.of(lib), content)


def test_an_import_that_fails_to_write_changes_nothing(lib: Library) -> None:
    conn = NoteStore.of(lib).connection
    with transaction(conn):
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON annotations WHEN NEW.note = 'boom'"
            " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
    with pytest.raises(NotesError, match="disk trouble"):
        import_json(NoteStore.of(lib), document(record(uid="a"), record(uid="b", note="boom")))
    assert NoteStore.of(lib).list() == []


def test_an_imported_note_whose_page_is_missing_is_kept_as_orphan(lib: Library) -> None:
    report = import_json(NoteStore.of(lib), document(record(uid="lost", note="still here")))
    assert report.added == 1
    (ann,) = NoteStore.of(lib).list()
    assert ann.orphaned and ann.article_id is None and ann.quote == "疫情防控" and ann.note == "still here"


def test_an_imported_note_finds_its_page_by_text_when_the_path_differs(lib: Library) -> None:
    annotate(lib)
    doc = export_json(NoteStore.of(lib))
    for rec in doc["annotations"]:
        rec["source_path"] = "/elsewhere/" + Path(rec["source_path"]).name
    fresh = NoteStore(NoteStore.of(lib).connection)
    with transaction(fresh.connection):
        fresh.connection.execute("DELETE FROM annotations")
    assert import_json(fresh, doc).added == 6
    assert all(not a.orphaned for a in fresh.list())


# -- Markdown ----------------------------------------------------------------------------------------------


def test_markdown_groups_by_article_in_reading_order_with_citations(lib: Library) -> None:
    annotate(lib)
    md = export_markdown(NoteStore.of(lib))
    lines = md.splitlines()
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [f"## {OTHER}", f"## {TITLE}", f"## {NO_PAPER}"]  # paper order; unknown paper last
    cited = [line for line in lines if "\u201c" in line]  # the citation under each heading (English form)
    assert any(line.endswith(f"\u201c{TITLE}.\u201d 许昌日报, 2020-04-08, p. 1.") for line in cited)
    assert any(line.endswith(f"\u201c{OTHER}.\u201d 衡水日报, 2021-12-03, p. 1.") for line in cited)
    assert any(line.endswith(f"\u201c{NO_PAPER}.\u201d") for line in cited)
    block = md[md.index(f"## {TITLE}") : md.index(f"## {NO_PAPER}")]
    bookmark, quote, note = (
        block.index("- Bookmark: 防疫 (folder: 学习/防疫)"),
        block.index("\n> "),
        block.index("要核实"),
    )
    assert bookmark < quote < note < block.index("- Note: 全文笔记")
    assert "- 要核实\\\n  第二行（改）" in block  # the note's second line stays in its list item
    assert "deleted" not in md and "# Orphaned notes" not in md


def test_markdown_puts_orphans_last_with_their_quote(lib: Library) -> None:
    annotate(lib)
    import_json(NoteStore.of(lib), document(record(uid="lost", title="旧标题", note="孤儿笔记", quote="找不到的原文")))
    md = export_markdown(NoteStore.of(lib))
    tail = md[md.index("# Orphaned notes") :]
    assert "## 旧标题" in tail and "\u201c旧标题.\u201d 许昌日报, 2020-04-08, p. 1." in tail
    assert "> 找不到的原文" in tail and "- 孤儿笔记" in tail
    assert md.index(f"## {NO_PAPER}") < md.index("# Orphaned notes")


def test_markdown_in_the_interface_language_cites_by_gbt7714(lib: Library) -> None:
    from reader.notes.exchange import MarkdownLabels

    annotate(lib)
    md = export_markdown(NoteStore.of(lib), MarkdownLabels(title="笔记", bookmark="书签", note="笔记：", language="zh"))
    assert md.startswith("# 笔记\n") and "- 书签: 防疫" in md and "- 笔记：全文笔记" in md
    assert f"{TITLE}[N]．许昌日报，2020-04-08(1)．" in md


def test_markdown_escapes_page_and_user_text(lib: Library) -> None:
    a = article(lib, TITLE)
    NoteStore.of(lib).add_highlight(a.id, 5, 12, note=INJECTION)
    NoteStore.of(lib).add_bookmark(a.id, name="[x](javascript:y) <b>", folder="*a*/_b_")
    NoteStore.of(lib).add_note(a.id, "line\r\nbreak\u2028and\x1b[31mred\x9b0m")
    doc = document(record(uid="o", title="# T <i>", paper="|P|", quote=INJECTION, page_label="1"))
    import_json(NoteStore.of(lib), doc)
    md = export_markdown(NoteStore.of(lib))
    assert "<" not in md and "](" not in md
    for escaped in (
        "\\# heading",
        "\\[link\\]\\(javascript:x\\)",
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt;",
        "\\| table \\|",
        "\\=1\\+1",
        "\\-\\-\\-",
        "&gt; quoted",
        "1\\. item",
        "- Bookmark: \\[x\\]\\(javascript:y\\) &lt;b&gt; (folder: \\*a\\*/\\_b\\_)",
        "## \\# T &lt;i&gt;",
        "\u201c\\# T &lt;i&gt;.\u201d \\|P\\|, 2020-04-08, p. 1.",
    ):
        assert escaped in md, escaped
    assert not any(c in md for c in "\x1b\x9b\r\u2028")
    assert "- Note: line\\\n  break\\\n  and\\[31mred0m" in md
    # Every line of the highlight's note stays in its list item, every line of the quote in its blockquote.
    note_at = md.index("- \\# heading")
    note_lines = md[note_at:].split("\n\n")[0].splitlines()
    assert len(note_lines) == INJECTION.count("\n") + 1
    assert all(line.startswith("  ") for line in note_lines[1:])
    quote_at = md.index("> \\# heading")
    quote_lines = md[quote_at:].split("\n\n")[0].splitlines()
    assert len(quote_lines) == INJECTION.count("\n") + 1 and all(line.startswith("> ") for line in quote_lines)
    # Only the export's own headings start a line with "#".
    own = {"# Notes", "# Orphaned notes", f"## {TITLE}", "## \\# T &lt;i&gt;"}
    assert {line for line in md.splitlines() if line.startswith("#")} == own


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a*b_c", "a\\*b\\_c"),
        ("\\", "\\\\"),
        ("<a href=x>&amp;", "&lt;a href\\=x&gt;&amp;amp;"),
        ("`code` ~~s~~ $x$", "\\`code\\` \\~\\~s\\~\\~ \\$x\\$"),
        (":def", "\\:def"),
        ("two\nlines", "two lines"),
        ("疫情防控：12:30", "疫情防控：12:30"),
    ],
)
def test_md_escape(text: str, expected: str) -> None:
    assert md_escape(text) == expected


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "notes.md"
    write_atomic(target, "first 第一\n")
    assert target.read_text(encoding="utf-8") == "first 第一\n"

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.notes.exchange.os.replace", refuse)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "first 第一\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]
