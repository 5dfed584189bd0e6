"""The reader's notes in the library: saved at once, undoable deletes, and kept through re-imports."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import pytest

from reader.library.store import Library
from reader.notes.model import ANCHORED, BOOKMARK, HIGHLIGHT, NOTE, ORPHANED, NotesError
from reader.notes.reanchor import Candidate, _locate, span_overlap
from reader.notes.store import NoteStore
from tests.conftest import SAMPLES
from tests.helpers import import_pages

PAGE = "001_40dee96cd8a54743.txt"
QUOTE = "市长史根治强调"  # in the article "坚决克服麻痹松懈思想 一以贯之抓实疫情防控"


@pytest.fixture
def page_copy(tmp_path: Path) -> Path:
    """One sample page in a folder of its own, so tests can edit it and import again."""
    folder = tmp_path / "pages"
    folder.mkdir()
    target = folder / PAGE
    shutil.copy(SAMPLES / PAGE, target)
    return target


@pytest.fixture
def lib(tmp_path: Path, page_copy: Path):  # type: ignore[no-untyped-def]
    library = Library(tmp_path / "lib")
    import_pages(library, [page_copy.parent])
    yield library
    library.close()


def article_with(lib: Library, text: str):  # type: ignore[no-untyped-def]
    for issue in lib.issues():
        for page in lib.pages(issue.id):
            for article in lib.articles(page.id):
                if text in article.body:
                    return article
    raise AssertionError(f"no article contains {text!r}")


def highlight_quote(lib: Library, note: str = "要点"):  # type: ignore[no-untyped-def]
    article = article_with(lib, QUOTE)
    start = article.body.index(QUOTE)
    return article, NoteStore.of(lib).add_highlight(article.id, start, start + len(QUOTE), color="green", note=note)


def test_highlight_is_stored_with_its_anchor_and_article_facts(lib: Library) -> None:
    article, ann = highlight_quote(lib)
    assert ann.kind == HIGHLIGHT and ann.status == ANCHORED and ann.article_id == article.id
    assert ann.quote == QUOTE and ann.color == "green" and ann.note == "要点"
    assert article.body[ann.start : ann.end] == QUOTE
    assert ann.prefix and article.body.endswith(ann.suffix) is False
    assert ann.paper == "许昌日报" and ann.date == "2020-04-08" and ann.page_label == "1"
    assert ann.title == article.title
    assert ann.source_path.endswith(PAGE) and len(ann.content_hash) >= 32
    assert ann.article_spans == article.spans
    assert [a.uid for a in NoteStore.of(lib).for_article(article.id)] == [ann.uid]


def test_changes_and_soft_delete_with_restore(lib: Library) -> None:
    _, ann = highlight_quote(lib)
    changed = NoteStore.of(lib).update(ann.uid, note="新的笔记", color="pink")
    assert (changed.note, changed.color) == ("新的笔记", "pink")
    assert changed.updated_at > ann.updated_at
    NoteStore.of(lib).delete(ann.uid)
    assert NoteStore.of(lib).get(ann.uid) is None and NoteStore.of(lib).list() == []
    assert NoteStore.of(lib).get(ann.uid, include_deleted=True) is not None  # still in the file
    NoteStore.of(lib).restore(ann.uid)
    assert NoteStore.of(lib).get(ann.uid).note == "新的笔记"  # type: ignore[union-attr]


def test_bad_values_are_refused(lib: Library) -> None:
    article, ann = highlight_quote(lib)
    with pytest.raises(NotesError):
        NoteStore.of(lib).update(ann.uid, color="octarine")
    with pytest.raises(NotesError):
        NoteStore.of(lib).update(ann.uid, quote="rewritten")
    with pytest.raises(NotesError):
        NoteStore.of(lib).add_highlight(article.id, 5, 5)
    with pytest.raises(NotesError):
        NoteStore.of(lib).add_note(10**9, "no such article")
    with pytest.raises(NotesError):
        NoteStore.of(lib).update("no-such-uid", note="x")


def test_bookmarks_folders_and_counts(lib: Library) -> None:
    article = article_with(lib, QUOTE)
    mark = NoteStore.of(lib).add_bookmark(article.id, name="  复学 ", folder=" 研究 / 教育 ")
    assert mark.kind == BOOKMARK and mark.name == "复学" and mark.folder == "研究/教育"
    assert mark.start is None  # the whole article
    at = NoteStore.of(lib).add_bookmark(article.id, 40, folder="研究")
    assert at.start == 40 and at.quote == article.body[40 : 40 + len(at.quote or "")]
    assert NoteStore.of(lib).folders() == ["研究", "研究/教育"]
    assert len(NoteStore.of(lib).rename_folder("研究", "课题")) == 2
    assert NoteStore.of(lib).folders() == ["课题", "课题/教育"]
    NoteStore.of(lib).add_note(article.id, "整篇文章的笔记")
    assert NoteStore.of(lib).counts() == {BOOKMARK: 2, HIGHLIGHT: 0, NOTE: 1, ORPHANED: 0}
    assert NoteStore.of(lib).bookmarked([article.id]) == {article.id: (True, 1)}
    assert NoteStore.of(lib).bookmark_of(article.id) is not None


def test_forced_reimport_keeps_notes_on_the_new_articles(lib: Library, page_copy: Path) -> None:
    article, ann = highlight_quote(lib)
    NoteStore.of(lib).add_note(article.id, "整篇")
    NoteStore.of(lib).add_bookmark(article.id)
    import_pages(lib, [page_copy.parent], force=True)
    new = article_with(lib, QUOTE)
    assert new.id != article.id  # a re-import makes new article rows
    placed = NoteStore.of(lib).for_article(new.id)
    assert {a.kind for a in placed} == {HIGHLIGHT, NOTE, BOOKMARK}
    moved = NoteStore.of(lib).get(ann.uid)
    assert moved is not None and moved.status == ANCHORED
    assert new.body[moved.start : moved.end] == QUOTE  # type: ignore[index]


def test_text_inserted_before_the_quote_moves_the_highlight(lib: Library, page_copy: Path) -> None:
    _, ann = highlight_quote(lib)
    text = page_copy.read_text(encoding="utf-8")
    page_copy.write_text(text.replace("4月7日,市新冠", "4月7日上午,市新冠", 1), encoding="utf-8")
    import_pages(lib, [page_copy.parent])
    moved = NoteStore.of(lib).get(ann.uid)
    assert moved is not None and moved.status == ANCHORED
    body = NoteStore.of(lib).article_text(moved.article_id)  # type: ignore[arg-type]
    assert body is not None and body[moved.start : moved.end] == QUOTE  # type: ignore[index]
    assert moved.start == ann.start + 2  # type: ignore[operator]


def test_removed_quote_orphans_the_note_and_its_return_places_it_again(lib: Library, page_copy: Path) -> None:
    _, ann = highlight_quote(lib)
    original = page_copy.read_text(encoding="utf-8")
    assert original.count(QUOTE) == 1
    page_copy.write_text(original.replace(QUOTE, "会议要求大家"), encoding="utf-8")
    import_pages(lib, [page_copy.parent])
    orphan = NoteStore.of(lib).get(ann.uid)
    assert orphan is not None and orphan.status == ORPHANED and orphan.article_id is None
    assert orphan.quote == QUOTE and orphan.note == "要点"  # kept with its quote, never deleted
    assert orphan.title and orphan.paper == "许昌日报"  # still says where it came from
    assert NoteStore.of(lib).counts()[ORPHANED] == 1
    page_copy.write_text(original, encoding="utf-8")
    import_pages(lib, [page_copy.parent])
    back = NoteStore.of(lib).get(ann.uid)
    assert back is not None and back.status == ANCHORED and back.article_id is not None


def test_reanchor_finds_a_page_that_moved_by_its_content(lib: Library, page_copy: Path, tmp_path: Path) -> None:
    _, ann = highlight_quote(lib)
    conn = NoteStore.of(lib).connection
    conn.execute("UPDATE annotations SET article_id = NULL, source_path = '/gone/old.txt'")
    assert NoteStore.of(lib).reanchor() == 1
    found = NoteStore.of(lib).get(ann.uid)
    assert found is not None and found.status == ANCHORED and found.source_path == str(page_copy.resolve())


def test_notes_without_any_page_are_orphaned_not_lost(lib: Library) -> None:
    _, ann = highlight_quote(lib)
    NoteStore.of(lib).connection.execute(
        "UPDATE annotations SET article_id = NULL, source_path = '/gone.txt', content_hash = 'x'"
    )
    NoteStore.of(lib).reanchor()
    orphan = NoteStore.of(lib).get(ann.uid)
    assert orphan is not None and orphan.orphaned and orphan.quote == QUOTE


def test_a_failed_write_is_reported_and_changes_nothing(lib: Library) -> None:
    _, ann = highlight_quote(lib)
    NoteStore.of(lib).connection.execute("PRAGMA query_only = ON")  # as a read-only folder or full disk would refuse
    with pytest.raises(NotesError, match="could not save"):
        NoteStore.of(lib).update(ann.uid, note="lost?")
    NoteStore.of(lib).connection.execute("PRAGMA query_only = OFF")
    assert NoteStore.of(lib).get(ann.uid).note == "要点"  # type: ignore[union-attr]


def _add_then_die(folder: str, article_id: int, start: int, end: int) -> None:
    with Library(folder) as lib:
        NoteStore.of(lib).add_highlight(article_id, start, end, note="written before the kill")
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit


def test_a_note_survives_a_kill_right_after_it_was_made(lib: Library) -> None:
    article = article_with(lib, QUOTE)
    start = article.body.index(QUOTE)
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=_add_then_die, args=(str(lib.folder), article.id, start, start + len(QUOTE)))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    notes = NoteStore.of(Library(lib.folder)).list()
    assert [n.note for n in notes] == ["written before the kill"]


# -- placing again among the articles of a page (split and merged reconstructions) ---------------------------


def test_span_overlap() -> None:
    assert span_overlap(((0, 10),), ((5, 20),)) == 0.5
    assert span_overlap(((0, 10), (20, 30)), ((0, 30),)) == 1.0
    assert span_overlap((), ((0, 5),)) == 0.0


BODY = (
    "第一段讲的是春耕备耕的情况，农民忙着播种。\n第二段写水利设施建设，新修水渠三十公里。\n第三段谈到明年的计划和目标。"
)


def test_split_article_note_follows_its_quote() -> None:
    start = BODY.index("新修水渠三十公里")
    cut = BODY.index("\n第二段")
    first = Candidate(1, BODY[:cut], ((0, 100),))
    second = Candidate(2, BODY[cut + 1 :], ((101, 200),))
    quote = ("新修水渠三十公里", "水利设施建设，", "。\n第三段")
    target, s, e = _locate(((0, 200),), start, start + 8, *quote, [first, second])
    assert target is second and second.body[s:e] == "新修水渠三十公里"  # type: ignore[index]


def test_merged_article_note_follows_its_quote() -> None:
    start = BODY.index("新修水渠三十公里")
    merged = Candidate(9, "另一篇文章的开头。\n" + BODY, ((0, 300),))
    target, s, e = _locate(((50, 250),), start, start + 8, "新修水渠三十公里", "", "", [merged])
    assert target is merged and merged.body[s:e] == "新修水渠三十公里"  # type: ignore[index]


def test_whole_article_note_follows_opening_words_or_overlap() -> None:
    opening = BODY[:20]
    moved = Candidate(3, "新的导语。\n" + BODY, ((500, 900),))
    other = Candidate(4, "完全不同的文章。", ((0, 100),))
    assert _locate(((0, 100),), None, None, opening, "", "", [other, moved])[0] is moved
    # Opening words gone: the article covering the same stretch of the page is the same article.
    rewritten = Candidate(5, "完全改写的文字。", ((10, 120),))
    assert _locate(((0, 100),), None, None, opening, "", "", [rewritten])[0] is rewritten
    assert _locate(((0, 100),), None, None, opening, "", "", [Candidate(6, "无关", ((400, 500),))])[0] is None


def test_export_of_store_rows_is_json_safe(lib: Library) -> None:
    _, ann = highlight_quote(lib)
    row = NoteStore.of(lib).connection.execute("SELECT article_spans FROM annotations").fetchone()[0]
    assert json.loads(row) == [list(s) for s in ann.article_spans]
