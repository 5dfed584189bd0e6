"""Issue 16 in the library: datelines, verse and serials stored with articles, series queries, the series
command, and a page whose printed date disagrees with its siblings filed and flagged."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import cli
from reader.library import Library
from reader.library.db import connect
from reader.library.migrations import MIGRATIONS
from tests.helpers import import_pages

TUNED = Path(__file__).resolve().parent / "historical" / "tuned"
PAPER = "滬聲報"


def place(root: Path, folder: str, name: str, page: str) -> None:
    target = root / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TUNED / page, target)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Three days of 滬聲報: the serial 春申舊夢 runs on each supplement page (instalments 41-43)."""
    root = tmp_path / "src"
    place(root, f"{PAPER}/1936-05-03", "01.txt", "t01_husheng_front.txt")
    place(root, f"{PAPER}/1936-05-03", "09.txt", "t08_husheng_fukan.txt")
    place(root, f"{PAPER}/1936-05-04", "01.txt", "t02_husheng_front.txt")
    place(root, f"{PAPER}/1936-05-04", "09.txt", "t09_husheng_fukan.txt")
    place(root, f"{PAPER}/1936-05-05", "09.txt", "t15_fukan_two_serials.txt")
    return root


@pytest.fixture
def lib(tmp_path: Path, archive: Path) -> Iterator[Library]:
    library = Library(tmp_path / "lib")
    import_pages(library, [archive])
    yield library
    library.close()


def all_articles(library: Library) -> list:  # type: ignore[type-arg]
    return [a for issue in library.issues() for page in library.pages(issue.id) for a in library.articles(page.id)]


def test_new_article_fields_are_stored_and_read_back(lib: Library) -> None:
    articles = all_articles(lib)
    wire = next(a for a in articles if a.title == "平津學生請願")
    assert wire.dateline == "（北平二日專電）" and wire.byline is None
    poem = next(a for a in articles if a.title == "秋夜雜詠（三）")
    assert poem.verse and poem.paragraphs[0] == "獨坐寒窗聽雨聲" and poem.series_title is None
    novel = next(a for a in articles if a.series_number == 41)
    assert (novel.title, novel.series_title, novel.byline) == ("春申舊夢", "春申舊夢", "碧梧")
    assert novel.series_chapter == "第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江"


def test_series_list_instalments_and_neighbours(lib: Library) -> None:
    series = lib.series()
    spring = next(s for s in series if s.title == "春申舊夢")
    assert (spring.paper, spring.instalments, spring.first_number, spring.last_number) == (PAPER, 3, 41, 43)
    assert (spring.first_date, spring.last_date) == (dt.date(1936, 5, 3), dt.date(1936, 5, 5))
    assert {s.title for s in series} == {"春申舊夢", "金粉餘塵"}
    assert [s.title for s in lib.series(PAPER, "舊夢")] == ["春申舊夢"]
    assert lib.series("另一報") == []

    items = lib.instalments(spring.key, PAPER)
    assert [(i.number, i.date) for i in items] == [
        (41, dt.date(1936, 5, 3)), (42, dt.date(1936, 5, 4)), (43, dt.date(1936, 5, 5))]
    first, second, third = (i.article_id for i in items)
    nxt = lib.adjacent_instalment(first, 1)
    assert nxt is not None and nxt.id == second and nxt.series_number == 42
    prev = lib.adjacent_instalment(third, -1)
    assert prev is not None and prev.id == second
    assert lib.adjacent_instalment(third, 1) is None and lib.adjacent_instalment(first, -1) is None
    not_serial = next(a for a in all_articles(lib) if a.title == "平津學生請願")
    assert lib.adjacent_instalment(not_serial.id, 1) is None


def test_series_queries_use_the_index(lib: Library) -> None:
    plan = " ".join(str(r) for r in lib._conn.execute(
        "EXPLAIN QUERY PLAN SELECT a.id FROM articles a WHERE a.series_key = ?", ("春申舊夢",)))
    assert "articles_series" in plan


def test_the_migration_upgrades_an_older_library(tmp_path: Path) -> None:
    path = tmp_path / "old" / "library.sqlite3"
    path.parent.mkdir()
    old = connect(path, MIGRATIONS[:-1])
    old.execute("INSERT INTO issues(key) VALUES ('?|?|x')")
    old.execute("INSERT INTO pages(issue_id, source_path, folder, seq, text, content_hash, encoding, meta,"
                " imported_at) VALUES (1, '/x/1.txt', '/x', 1, 't', 'h', 'utf-8', '{}', 'now')")
    old.execute("INSERT INTO articles(page_id, ord, body, spans, char_count) VALUES (1, 0, 'b', '[]', 1)")
    old.commit()
    old.close()
    with Library(path.parent) as library:
        (article,) = library.articles(1)
        assert article.dateline is None and article.verse is False and article.series_title is None
        version = library._conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == len(MIGRATIONS)


def test_a_page_printing_another_date_is_filed_with_its_issue_and_flagged(tmp_path: Path) -> None:
    src = tmp_path / "src"
    place(src, "滬聲報第二一〇五號", "p1.txt", "t01_husheng_front.txt")
    place(src, "滬聲報第二一〇五號", "p2.txt", "t32_husheng_p2_date_conflict.txt")
    with Library(tmp_path / "lib") as library:
        import_pages(library, [src])
        # Two pages, two dates: no majority yet, nothing flagged, two issues.
        assert sorted(i.date for i in library.issues() if i.date) == [dt.date(1936, 5, 3), dt.date(1936, 5, 4)]
        place(src, "滬聲報第二一〇五號", "p3.txt", "t27_husheng_local.txt")
        import_pages(library, [src])  # the third page tips the balance: the stored page moves and is flagged
        issues = library.issues()
        assert [(i.date, i.stored_pages) for i in issues] == [(dt.date(1936, 5, 3), 3)]
        page = next(p for p in library.pages(issues[0].id) if p.source_path.endswith("p2.txt"))
        flag = page.meta["flags"]["date_conflict"]
        assert flag["printed"] == "1936-05-04" and flag["issue"] == "1936-05-03" and flag["filed"] is True
        import_pages(library, [src], force=True)  # parsed again: the flag is judged again and kept
        page = next(p for p in library.pages(library.issues()[0].id) if p.source_path.endswith("p2.txt"))
        assert page.meta["flags"]["date_conflict"]["printed"] == "1936-05-04"
        assert any("1936-05-04" in w for w in page.meta["warnings"])


def test_datelines_stay_searchable_with_the_byline(lib: Library) -> None:
    page_ids = [p.id for i in lib.issues() for p in lib.pages(i.id)]
    rows = lib.articles_for_index(page_ids)
    assert any(r.title == "平津學生請願" and r.byline == "（北平二日專電）" for r in rows)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_series_command_lists_series_and_instalments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, archive: Path
) -> None:
    library = str(tmp_path / "cli-lib")
    assert run(capsys, "import", "--library", library, str(archive))[0] == 0
    code, out, _ = run(capsys, "series", "--library", library)
    assert code == 0 and "春申舊夢" in out and "3 instalments (41–43)" in out and "1936-05-03 – 1936-05-05" in out
    code, out, _ = run(capsys, "series", "春申", "--json", "--library", library)
    data = json.loads(out)["series"]
    assert [i["number"] for i in data[0]["items"]] == [41, 42, 43]
    assert data[0]["items"][0]["chapter"].startswith("第十二回")
    code, out, _ = run(capsys, "series", "春申", "--library", library)
    assert code == 0 and "（41）" in out and "第十三回" in out
    code, _, err = run(capsys, "series", "不存在的小說", "--library", library)
    assert code == 1 and "no series matching" in err


def test_empty_library_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Library(tmp_path / "empty").close()  # a library without serials (a folder without one is a usage error)
    code, out, _ = run(capsys, "series", "--library", str(tmp_path / "empty"))
    assert code == 0 and "No serial fiction" in out

