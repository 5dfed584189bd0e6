"""The library store: schema, migrations, imports (same, changed, cancelled), issues, jumps, corrections.

Most tests parse pages with a tiny stand-in parser (``fake_parse``) so that what is stored is known exactly
and does not depend on the heuristics of the real page parser; one test runs the real parser on the samples.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader import paths
from reader.ingest import pipeline
from reader.ingest.model import ParsedPage
from reader.ingest.page import parse_page
from reader.library import Library, LibraryError
from reader.library.db import DB_NAME, connect, migrate, schema_version
from reader.library.links import JumpEnd, compute_links
from reader.library.migrations import MIGRATIONS, SCHEMA_VERSION
from reader.library.pagewriter import PageWriter
from reader.library.store import issue_key, page_order
from reader.notes.store import NoteStore
from reader.writer import new_importer
from tests.helpers import import_pages
from tests.library_fixtures import FRONT, INNER, fake_parse

# -- a stand-in parser (tests/library_fixtures.py) ------------------------------------------------------


@pytest.fixture(autouse=True)
def _fake_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "parse_page", fake_parse)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "lib")
    yield lib
    lib.close()


def raw(lib: Library, sql: str, *args: object) -> list[tuple]:
    return lib._conn.execute(sql, args).fetchall()


def assert_consistent(lib: Library) -> None:
    """No orphans, no dangling references, no empty issues."""
    assert raw(lib, "PRAGMA foreign_key_check") == []
    assert raw(lib, "SELECT id FROM articles WHERE page_id NOT IN (SELECT id FROM pages)") == []
    assert raw(lib, "SELECT id FROM blocks WHERE page_id NOT IN (SELECT id FROM pages)") == []
    assert raw(lib, "SELECT id FROM issues WHERE id NOT IN (SELECT issue_id FROM pages)") == []
    used = "SELECT paper_id FROM issues WHERE paper_id NOT NULL"
    assert raw(lib, f"SELECT id FROM papers WHERE id NOT IN ({used})") == []
    dangling = "SELECT * FROM article_links WHERE from_article NOT IN (SELECT id FROM articles)"
    assert raw(lib, dangling + " OR to_article NOT IN (SELECT id FROM articles)") == []


# -- schema ----------------------------------------------------------------------------------------------


def test_new_library_has_schema_and_settings(tmp_path: Path) -> None:
    with Library(tmp_path / "new") as lib:
        assert (tmp_path / "new" / DB_NAME).is_file()
        tables = {r[0] for r in raw(lib, "SELECT name FROM sqlite_master WHERE type = 'table'")}
        expected = {"papers", "issues", "pages", "articles", "blocks", "article_links", "corrections"}
        assert expected <= tables
        assert schema_version(lib._conn) == SCHEMA_VERSION == len(MIGRATIONS)
        assert raw(lib, "PRAGMA journal_mode") == [("wal",)]
        assert raw(lib, "PRAGMA foreign_keys") == [(1,)]
        assert raw(lib, "PRAGMA synchronous") == [(1,)]  # NORMAL
        assert raw(lib, "PRAGMA busy_timeout")[0][0] >= 1000


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    Library(tmp_path).close()
    Library(tmp_path).close()  # opening again applies nothing and breaks nothing
    conn = connect(tmp_path / DB_NAME)
    assert migrate(conn) == 0
    assert schema_version(conn) == SCHEMA_VERSION
    conn.close()


def test_new_migration_is_applied_once_in_order(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    conn = connect(db, MIGRATIONS)
    later = [*MIGRATIONS, ("CREATE TABLE extra (id INTEGER PRIMARY KEY)", "INSERT INTO extra VALUES (7)")]
    assert migrate(conn, later) == 1
    assert schema_version(conn) == SCHEMA_VERSION + 1
    assert migrate(conn, later) == 0
    assert conn.execute("SELECT id FROM extra").fetchall() == [(7,)]
    conn.close()


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.sqlite3")
    broken = [*MIGRATIONS, ("CREATE TABLE half (id INTEGER)", "THIS IS NOT SQL")]
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, broken)
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []
    conn.close()


def test_newer_database_is_refused_clearly(tmp_path: Path) -> None:
    Library(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(LibraryError, match="newer"):
        Library(tmp_path)


def test_garbage_database_file_is_a_library_error(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LibraryError, match="not a usable library"):
        Library(tmp_path)


# -- importing -------------------------------------------------------------------------------------------


def test_import_stores_pages_articles_blocks(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    write(folder, "p1.txt", FRONT)
    report = import_pages(library, [folder])
    assert (report.added, report.replaced, report.unchanged) == (1, 0, 0)
    assert (report.articles, report.issues) == (2, 1)
    (issue,) = library.issues()
    assert (issue.paper, issue.date, issue.issue_number, issue.page_count) == (
        "测试日报",
        dt.date(2020, 4, 8),
        100,
        4,
    )
    assert (issue.stored_pages, issue.article_count) == (1, 2)
    assert issue.provenance["date"] == "masthead"
    (page,) = library.pages(issue.id)
    assert page.label == "1"
    assert page.text == FRONT
    assert page.source_path == str((folder / "p1.txt").resolve())
    assert page.encoding == "utf-8"
    assert len(page.content_hash) == 64
    assert page.meta["provenance"]["paper"] == "masthead"
    head, brief = library.articles(page.id)
    assert head.title == "头条" and head.paragraphs == ["第一段。", "第二段。"]
    assert head.body == "第一段。\n第二段。"
    assert head.continued_to == "2"  # "二" normalised
    assert head.char_count == len("第一段。第二段。")
    assert brief.title == "简讯"
    (caption,) = library.blocks(page.id)
    assert caption.kind == "caption" and caption.text.startswith("图为")
    # reading order: article, caption, article
    kinds = [type(i).__name__ for i in library.page_items(page.id)]
    assert kinds == ["ArticleRecord", "BlockRecord", "ArticleRecord"]
    assert library.find_issue("测试日报", "2020-04-08") == issue
    assert library.find_issue("测试日报", dt.date(2020, 4, 9)) is None
    (paper,) = library.papers()
    assert (paper.name, paper.issue_count) == ("测试日报", 1)
    assert_consistent(library)


def test_reimport_of_same_file_changes_nothing(tmp_path: Path, library: Library) -> None:
    write(tmp_path / "scans", "p1.txt", FRONT)
    import_pages(library, [tmp_path / "scans"])
    before = raw(library, "SELECT * FROM pages"), raw(library, "SELECT * FROM articles")
    report = import_pages(library, [tmp_path / "scans"])
    assert (report.added, report.replaced, report.unchanged, report.articles) == (0, 0, 1, 0)
    assert report.issues == 1
    assert (raw(library, "SELECT * FROM pages"), raw(library, "SELECT * FROM articles")) == before


def test_changed_file_replaces_its_page_cleanly(tmp_path: Path, library: Library) -> None:
    path = write(tmp_path / "scans", "p1.txt", FRONT)
    import_pages(library, [path])
    (page,) = library.pages(library.issues()[0].id)
    old_ids = {a.id for a in library.articles(page.id)}
    changed = FRONT.replace("# 简讯\n简讯正文。\n", "# 新稿\n新的正文。\n# 再一篇\n又一段。\n")
    path.write_text(changed, encoding="utf-8")
    report = import_pages(library, [path])
    assert (report.added, report.replaced, report.unchanged) == (0, 1, 0)
    (again,) = library.pages(library.issues()[0].id)
    assert again.id == page.id  # the page keeps its id
    assert [a.title for a in library.articles(again.id)] == ["头条", "新稿", "再一篇"]
    assert old_ids.isdisjoint(a.id for a in library.articles(again.id))
    assert raw(library, "SELECT COUNT(*) FROM articles") == [(3,)]
    assert raw(library, "SELECT COUNT(*) FROM blocks") == [(1,)]
    assert_consistent(library)


def test_changed_date_moves_page_and_drops_empty_issue(tmp_path: Path, library: Library) -> None:
    path = write(tmp_path / "scans", "p1.txt", FRONT)
    import_pages(library, [path])
    path.write_text(FRONT.replace("2020-04-08", "2020-04-09"), encoding="utf-8")
    import_pages(library, [path])
    assert [i.date for i in library.issues()] == [dt.date(2020, 4, 9)]
    assert_consistent(library)


def test_skipped_files_and_parser_errors_are_reported(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    write(folder, "good.txt", FRONT)
    write(folder, "crash.txt", "CRASH\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    report = import_pages(library, [folder, tmp_path / "missing"])
    assert report.added == 1
    reasons = {Path(p).name: r for p, r in report.skipped}
    assert set(reasons) == {"crash.txt", "binary.txt", "missing"}
    assert reasons["crash.txt"].startswith("parser error")
    assert "boom" in reasons["crash.txt"]
    assert_consistent(library)


def test_cancel_between_pages_keeps_a_consistent_library(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    for n in range(1, 5):
        write(folder, f"p{n}.txt", FRONT.replace("page: 1", f"page: {n}").replace("头条", f"头条{n}"))
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, current: str) -> None:
        seen.append((done, total))
        if done == 2:
            cancel.set()

    report = import_pages(library, [folder], progress=progress, cancel=cancel)
    assert report.cancelled
    assert seen[0] == (0, 4)
    assert report.added == 0  # the folder was cancelled before its pages were written
    assert raw(library, "SELECT COUNT(*) FROM pages") == [(0,)]
    report = import_pages(library, [folder])
    assert (report.added, report.cancelled) == (4, False)
    assert [p.label for p in library.pages(library.issues()[0].id)] == ["1", "2", "3", "4"]
    assert_consistent(library)


def test_cancel_while_writing_stops_between_pages(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    for n in range(1, 4):
        write(folder, f"p{n}.txt", FRONT.replace("page: 1", f"page: {n}"))
    cancel = threading.Event()
    importer = new_importer(library)
    original = importer.writer.write_page

    def write_then_cancel(*args: Any, **kwargs: Any) -> tuple[int, bool]:
        result = original(*args, **kwargs)
        cancel.set()
        return result

    importer.writer.write_page = write_then_cancel  # type: ignore[method-assign]
    report = importer.import_paths([folder], cancel=cancel)
    assert report.cancelled and report.added == 1
    assert raw(library, "SELECT COUNT(*) FROM pages") == [(1,)]
    assert raw(library, "SELECT COUNT(*) FROM articles") == [(2,)]
    assert_consistent(library)


def test_interrupted_page_write_is_rolled_back(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    write(folder, "p1.txt", FRONT)
    write(folder, "p2.txt", INNER)
    importer = new_importer(library)
    original = importer.writer._insert_items
    calls = []

    def insert_then_die(page_id: int, page: ParsedPage) -> None:
        calls.append(page_id)
        original(page_id, page)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl+C after the articles of page 2 were inserted

    importer.writer._insert_items = insert_then_die  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        importer.import_paths([folder])
    (page,) = raw(library, "SELECT source_path FROM pages")
    assert page[0].endswith("p1.txt")
    assert raw(library, "SELECT COUNT(*) FROM articles") == [(2,)]  # page 2's three articles are gone
    assert_consistent(library)
    report = import_pages(library, [folder])
    assert (report.added, report.unchanged) == (1, 1)


# -- issues across imports -------------------------------------------------------------------------------


def test_page_imported_later_inherits_from_stored_siblings(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "2020" / "0408"
    import_pages(library, [write(folder, "p1.txt", FRONT)])
    report = import_pages(library, [write(folder, "p2.txt", INNER)])
    assert report.added == 1
    (issue,) = library.issues()
    assert (issue.paper, issue.date, issue.stored_pages) == ("测试日报", dt.date(2020, 4, 8), 2)
    inner = library.pages(issue.id)[1]
    assert inner.label == "2"
    assert inner.meta["provenance"]["paper"] == inner.meta["provenance"]["date"] == "sibling"
    assert inner.meta["parsed"]["paper"] is None  # what the parser itself found is kept


def test_stored_page_moves_when_a_sibling_brings_the_date(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    import_pages(library, [write(folder, "p2.txt", INNER)])
    (lonely,) = library.issues()
    assert (lonely.paper, lonely.date) == (None, None)
    assert lonely.key == issue_key(None, None, str(folder.resolve()))
    import_pages(library, [write(folder, "p1.txt", FRONT)])
    (issue,) = library.issues()
    assert (issue.paper, issue.date, issue.stored_pages) == ("测试日报", dt.date(2020, 4, 8), 2)
    assert library.issue(lonely.id) is None
    assert_consistent(library)


def test_unknown_issues_are_kept_apart_per_folder(tmp_path: Path, library: Library) -> None:
    other = INNER.replace("独立正文。", "另一个独立正文。")
    import_pages(library, [write(tmp_path / "a", "p.txt", INNER), write(tmp_path / "b", "p.txt", other)])
    assert len(library.issues()) == 2


# -- the same page under another path -------------------------------------------------------------------


def test_a_copy_of_a_stored_page_is_reported_not_added(tmp_path: Path, library: Library) -> None:
    first = write(tmp_path / "2020-04-08", "01.txt", FRONT)
    import_pages(library, [first])
    copy = write(tmp_path / "backup" / "2020-04-08", "01.txt", FRONT)
    report = import_pages(library, [copy])
    assert (report.added, report.replaced, report.moved) == (0, 0, 0)
    assert report.duplicates == [(str(copy.resolve()), str(first.resolve()))]
    assert report.pages == 1  # the summary counts it: found, already there
    assert raw(library, "SELECT source_path FROM pages") == [(str(first.resolve()),)]
    assert len(library.issues()) == 1 and library.issues()[0].stored_pages == 1


def test_a_moved_page_follows_its_file_and_keeps_its_ids_and_notes(tmp_path: Path, library: Library) -> None:
    old = write(tmp_path / "old" / "2020-04-08", "01.txt", FRONT)
    import_pages(library, [old])
    sql = "SELECT p.id, group_concat(a.id) FROM pages p JOIN articles a ON a.page_id = p.id"
    ((page_id, articles),) = raw(library, sql)
    store = NoteStore.of(library)
    note = store.add_note(int(articles.split(",")[0]), "留着")
    PageWriter(library).set_correction("page", page_id, "page", "A1")
    new = tmp_path / "new" / "2020-04-08" / "01.txt"
    new.parent.mkdir(parents=True)
    old.rename(new)
    report = import_pages(library, [new])
    assert (report.added, report.moved, report.duplicates) == (0, 1, [])
    assert raw(library, "SELECT id, source_path FROM pages") == [(page_id, str(new.resolve()))]
    assert raw(library, "SELECT group_concat(id) FROM articles") == [(articles,)]
    assert store.get(note.uid).source_path == str(new.resolve())  # type: ignore[union-attr]
    assert raw(library, "SELECT target_key FROM corrections") == [(str(new.resolve()),)]
    assert import_pages(library, [new]).unchanged == 1
    assert_consistent(library)


def test_the_same_text_on_another_day_is_another_page(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An advert page printed identically every day: same text, different issue (from its path), both kept."""
    from reader.ingest.page import parse_page

    monkeypatch.setattr(pipeline, "parse_page", parse_page)  # the real parser reads the date from the path
    advert = "某某商场盛大开业\n\n全场八折，地址四马路一百号，电话一二三四五。\n"
    report = import_pages(library, [write(tmp_path / "2020-04-08", "08.txt", advert),
                                    write(tmp_path / "2020-04-09", "08.txt", advert)])
    assert report.added == 2 and report.duplicates == []
    assert len(library.issues()) == 2


def test_pages_are_ordered_by_label(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    for name, label in [("x.txt", "A2"), ("y.txt", "第十版"), ("z.txt", "2"), ("w.txt", "A1")]:
        write(folder, name, FRONT.replace("page: 1", f"page: {label}"))
    import_pages(library, [folder])
    assert [p.label for p in library.pages(library.issues()[0].id)] == ["2", "10", "A1", "A2"]
    assert page_order("第二版") == page_order("2") < page_order("10") < page_order("A1") < page_order(None)


# -- jumps -----------------------------------------------------------------------------------------------


def test_jumped_article_is_linked_to_its_continuation(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    write(folder, "p1.txt", FRONT)
    write(folder, "p2.txt", INNER)
    import_pages(library, [folder])
    first, second = library.pages(library.issues()[0].id)
    head = library.articles(first.id)[0]
    other, rest, alone = library.articles(second.id)
    # Both "其他" and "头条" on page 2 continue from page 1: the matching title wins over the first.
    assert head.next_part == rest.id and rest.previous_part == head.id
    assert other.previous_part is None and alone.previous_part is None
    assert [a.id for a in library.joined_article(head.id)] == [head.id, rest.id]
    assert [a.id for a in library.joined_article(rest.id)] == [head.id, rest.id]
    assert [a.id for a in library.joined_article(alone.id)] == [alone.id]
    assert library.joined_article(999_999) == []


def test_links_follow_a_replaced_page(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    write(folder, "p1.txt", FRONT)
    inner = write(folder, "p2.txt", INNER)
    import_pages(library, [folder])
    inner.write_text(INNER.replace("# 头条 <一", "# 头条续 <第1版"), encoding="utf-8")
    import_pages(library, [folder])
    first = library.pages(library.issues()[0].id)[0]
    head = library.articles(first.id)[0]
    assert library.article(head.next_part).title == "头条续"  # type: ignore[union-attr]
    assert_consistent(library)


def test_compute_links_without_title_match_takes_first_unclaimed() -> None:
    ends = [
        JumpEnd(1, "1", "甲", "2", None),
        JumpEnd(2, "1", "乙", "2", None),
        JumpEnd(3, "2", "丙", None, "1"),
        JumpEnd(4, "2", "丁", None, "1"),
        JumpEnd(5, "3", "戊", None, "1"),  # wrong page
    ]
    assert compute_links(ends) == [(1, 3), (2, 4)]
    assert compute_links([JumpEnd(1, None, "甲", "2", None), JumpEnd(2, "2", "甲", None, "1")]) == []


# -- corrections -----------------------------------------------------------------------------------------


def test_page_correction_applies_now_and_survives_reimport(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    write(folder, "p1.txt", FRONT)
    inner = write(folder, "p2.txt", INNER)
    import_pages(library, [folder])
    page = library.pages(library.issues()[0].id)[1]
    new_issue = PageWriter(library).set_correction("page", page.id, "date", dt.date(2020, 4, 9))
    assert library.issue(new_issue).date == dt.date(2020, 4, 9)  # type: ignore[union-attr]
    PageWriter(library).set_correction("page", page.id, "page", "第三版")
    assert library.page(page.id).label == "3"  # type: ignore[union-attr]
    assert len(library.issues()) == 2
    # The file changes and is imported again: the user's values still win over the parser and siblings.
    inner.write_text(INNER + "# 补白\n补白正文。\n", encoding="utf-8")
    report = import_pages(library, [folder])
    assert report.replaced == 1
    corrected = library.page(page.id)
    assert corrected is not None and corrected.label == "3"
    assert library.issue(corrected.issue_id).date == dt.date(2020, 4, 9)  # type: ignore[union-attr]
    assert corrected.meta["provenance"]["date"] == "user"
    assert [(c.target_kind, c.field, c.value) for c in library.corrections()] == [
        ("page", "date", "2020-04-09"),
        ("page", "page", "第三版"),
    ]
    assert_consistent(library)


def test_issue_correction_applies_to_all_pages_and_later_imports(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "scans"
    write(folder, "p1.txt", FRONT)
    import_pages(library, [folder])
    (issue,) = library.issues()
    moved = PageWriter(library).set_correction("issue", issue.id, "paper", "正确日报")
    PageWriter(library).set_correction("issue", moved, "issue_number", 101)
    (fixed,) = library.issues()
    assert (fixed.paper, fixed.issue_number, fixed.provenance["paper"]) == ("正确日报", 101, "user")
    assert [p.name for p in library.papers()] == ["正确日报"]  # the old paper had no issue left
    # A page of the same issue arriving later is corrected too, and so is a forced re-import.
    write(folder, "p2.txt", INNER)
    import_pages(library, [folder], force=True)
    (final,) = library.issues()
    assert (final.paper, final.date, final.issue_number, final.stored_pages) == (
        "正确日报",
        dt.date(2020, 4, 8),
        101,
        2,
    )
    assert_consistent(library)


def test_bad_corrections_are_refused(tmp_path: Path, library: Library) -> None:
    import_pages(library, [write(tmp_path, "p1.txt", FRONT)])
    issue = library.issues()[0]
    page = library.pages(issue.id)[0]
    with pytest.raises(LibraryError, match="date"):
        PageWriter(library).set_correction("page", page.id, "date", "8 April")
    with pytest.raises(LibraryError, match="whole number"):
        PageWriter(library).set_correction("issue", issue.id, "issue_number", "many")
    with pytest.raises(LibraryError, match="cannot correct"):
        PageWriter(library).set_correction("issue", issue.id, "page", "2")
    with pytest.raises(LibraryError, match="no page"):
        PageWriter(library).set_correction("page", 12345, "page", "2")
    assert library.corrections() == []


# -- where the library lives -----------------------------------------------------------------------------


def test_library_dir_prefers_flag_then_env_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path / "env-home"))
    assert paths.library_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert (tmp_path / "flag").is_dir()
    assert paths.library_dir() == tmp_path / "env-home"
    assert (tmp_path / "env-home").is_dir()
    monkeypatch.delenv("NEWSREADER_HOME")
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "platform"))
    assert paths.library_dir() == tmp_path / "platform"
    assert paths.cache_dir(tmp_path / "platform") == tmp_path / "platform" / "cache"
    assert (tmp_path / "platform" / "cache").is_dir()


def test_resource_folders_point_into_the_source_tree() -> None:
    assert (paths.resources_dir() / "papers.json").is_file()
    assert len(list(paths.samples_dir().glob("*.txt"))) == 5


# -- the real parser -------------------------------------------------------------------------------------


def test_real_samples_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, samples_dir: Path) -> None:
    monkeypatch.setattr(pipeline, "parse_page", parse_page)  # the real parser
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [samples_dir])
        assert (report.added, report.skipped) == (5, [])
        xuchang = {i.date: i for i in lib.issues("许昌日报")}
        assert dt.date(2020, 4, 8) in xuchang and dt.date(2022, 10, 11) in xuchang
        assert xuchang[dt.date(2020, 4, 8)].issue_number == 9158
        assert sum(i.stored_pages for i in lib.issues()) == 5
        assert import_pages(lib, [samples_dir]).unchanged == 5
        assert_consistent(lib)
