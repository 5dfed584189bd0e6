"""The command line: import and demo keep the index up to date; search prints hits or JSON; reindex rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader import cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib(tmp_path: Path, samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    folder = str(tmp_path / "lib")
    code, out, _ = run(capsys, "import", str(samples_dir), "--library", folder)
    assert code == 0
    assert "search index: 5 pages indexed" in out
    return folder


def test_search_json(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, out, _ = run(capsys, "search", "疫情防控", "--json", "--library", lib, "--limit", "3")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"total", "hits", "facets"}
    assert data["total"] >= len(data["hits"]) > 0
    assert len(data["hits"]) <= 3
    for hit in data["hits"]:
        assert {"kind", "article_id", "page_id", "paper", "date", "page", "title", "snippet", "score"} <= set(hit)
        marked = [hit["snippet"][s:e] for s, e in hit["snippet_hits"]]
        assert marked and all(m == "疫情防控" for m in marked)
    for name in ("paper", "year", "kind"):
        assert sum(f["count"] for f in data["facets"][name]) == data["total"]
        assert all(set(f) == {"value", "count"} for f in data["facets"][name])


def test_search_text_output_and_filters(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, out, _ = run(
        capsys, "search", "許昌", "--paper", "许昌", "--from", "2020", "--to", "2020-12", "--library", lib
    )
    assert code == 0
    assert "【许昌】" in out  # hits marked when not on a terminal
    assert "2022-" not in out.split("by paper")[0]
    code, out, _ = run(capsys, "search", "疫情", "--sort", "oldest", "--json", "--library", lib)
    dates = [h["date"] for h in json.loads(out)["hits"] if h["date"]]
    assert dates == sorted(dates)


def test_search_errors_are_one_line(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, _, err = run(capsys, "search", "date:2020-13", "--library", lib)
    assert code == 1
    assert err.startswith("error: ") and "month" in err and "Traceback" not in err
    code, out, _ = run(capsys, "search", "龘龘龘", "--library", lib)
    assert code == 0 and out.startswith("0 hits")  # a search that ran: no hits is an answer


def test_reindex_and_damaged_index(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, out, _ = run(capsys, "reindex", "--library", lib)
    assert code == 0 and "5 pages indexed" in out
    index = Path(lib) / "search" / "index.sqlite3"
    for f in index.parent.iterdir():
        f.unlink()
    index.write_bytes(b"garbage" * 1000)
    code, out, _ = run(capsys, "search", "疫情防控", "--json", "--library", lib)
    assert code == 0 and json.loads(out)["total"] > 0


def test_import_of_a_changed_page_updates_the_index(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, samples_dir: Path
) -> None:
    scans = tmp_path / "scans"
    shutil.copytree(samples_dir, scans)
    folder = str(tmp_path / "lib2")
    run(capsys, "import", str(scans), "--library", folder)
    target = next(scans.glob("001_*.txt"))
    target.write_text(
        target.read_text(encoding="utf-8") + "\n\n莲城独有的测试短语出现了。\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "import", str(scans), "--library", folder)
    assert code == 0 and "1 pages indexed" in out
    code, out, _ = run(capsys, "search", "莲城独有", "--json", "--library", folder)
    assert json.loads(out)["total"] == 1


def test_demo_indexes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "demo", "--library", str(tmp_path / "d"))
    assert code == 0 and "search index: 5 pages indexed" in out


def test_search_options_speak_their_own_terms(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, _, err = run(capsys, "search", "疫情", "--from", "yesterday", "--library", lib)
    assert code == 2 and "--from takes one date" in err and "date:2020" not in err
    code, _, err = run(capsys, "search", "疫情", "--paper", "北京日报", "--library", lib)
    assert code == 2 and "北京日报" in err and "许昌日报" in err  # the papers that exist
    code, _, err = run(capsys, "search", "date:", "--library", lib)
    assert code == 1 and "date:2020-04" in err and "许昌" not in err
    code, _, err = run(capsys, "search", "疫情", "--kind", "poster", "--library", lib)
    assert code == 2 and "广告" in err


def test_a_leading_minus_is_a_query_term(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, out, _ = run(capsys, "search", "-养老", "许昌", "--json", "--library", lib)
    assert code == 0
    with_it = json.loads(run(capsys, "search", "许昌", "--json", "--library", lib, "--limit", "0")[1])["total"]
    without = json.loads(out)["total"]
    assert 0 < without < with_it


def test_an_empty_query_lists_articles_newest_first(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, out, _ = run(capsys, "search", "--json", "--library", lib, "--limit", "100")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == len(data["hits"]) > 5
    assert {h["kind"] for h in data["hits"]} == {"article"}
    dated = [h["date"] for h in data["hits"] if h["date"]]
    assert dated == sorted(dated, reverse=True)


def test_blocks_are_found_and_shown_with_their_kind(capsys: pytest.CaptureFixture[str], lib: str) -> None:
    code, out, _ = run(capsys, "search", "kind:图片说明", "摄", "--json", "--library", lib)
    assert code == 0
    hits = json.loads(out)["hits"]
    assert hits and all(h["kind"] == "caption" and h["article_id"] is None for h in hits)
    assert all({"block_id", "spans", "page_id"} <= set(h) for h in hits)
    code, out, _ = run(capsys, "search", "摄", "--kind", "caption", "--library", lib)
    assert code == 0 and "【图片说明】" in out


def test_search_help_lists_the_syntax_and_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["search", "--help"])
    out = capsys.readouterr().out
    for name in ("title:", "sub:", "byline:", "body:", "section:", "paper:", "page:", "kind:", "date:", "snippet_hits",
                 "null"):
        assert name in out, name
