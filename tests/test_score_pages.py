"""The truth-set scorer (bench/score_pages.py) and the floor the bundled samples must stay at or above."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.score_pages import SETS, PageTruth, Score, TruthError, TruthItem, load_truth, norm, score_page, score_set
from reader.ingest.model import Article, Block, BlockKind, PageMeta, ParsedPage

PAGE = (
    "甲報頭\n\n第一篇標題\n（南京五日中央社電）第一篇正文很長很長。\n\n"
    "第二篇標題\n第二篇正文也很長很長。\n\n本店新到 電話一二三"
)


def truth(tmp_path: Path, items: list[dict[str, object]]) -> PageTruth:
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    path = tmp_path / "p.truth.json"
    path.write_text(json.dumps({"text": "p.txt", "items": items}, ensure_ascii=False), encoding="utf-8")
    return load_truth(path)


ITEMS: list[dict[str, object]] = [
    {"kind": "masthead", "at": "甲報頭"},
    {"kind": "article", "at": "第一篇標題", "title": "第一篇標題", "dateline": "（南京五日中央社電）"},
    {"kind": "article", "at": "第二篇標題", "title": "第二篇標題"},
    {"kind": "advert", "at": "本店新到"},
]


def span_of(needle: str) -> tuple[int, int]:
    start = PAGE.index(needle)
    return start, start + len(needle)


def test_a_merged_article_is_not_matched_and_a_dateline_title_is_counted(tmp_path: Path) -> None:
    t = truth(tmp_path, ITEMS)
    merged = Article(title="（南京五日中央社電）", paragraphs=["第一篇正文很長很長。", "第二篇正文也很長很長。"],
                     spans=[span_of("第一篇標題\n（南京五日中央社電）第一篇正文很長很長。"),
                            span_of("第二篇標題\n第二篇正文也很長很長。")])
    page = ParsedPage("p.txt", PAGE, PageMeta(), [
        Block(BlockKind.MASTHEAD, "甲報頭", [span_of("甲報頭")]), merged,
        Article(paragraphs=[], spans=[span_of("本店新到 電話一二三")]),
    ])
    s = score_page(page, t)
    assert (s.truth_articles, s.predicted_articles, s.matched) == (2, 2, 0)
    assert s.titles_found == 0 and s.bad_titles == 1 and s.empty_articles == 1
    assert s.adverts == 1 and s.adverts_found == 0


def test_a_correct_reading_scores_full_marks(tmp_path: Path) -> None:
    t = truth(tmp_path, ITEMS)
    first = Article(title="第一篇標題", paragraphs=["第一篇正文很長很長。"],
                    spans=[span_of("第一篇標題\n（南京五日中央社電）第一篇正文很長很長。")])
    first.dateline = "（南京五日中央社電）"  # type: ignore[attr-defined]  # (a field added for issue 16)
    second = Article(title="第二篇 標題", paragraphs=["第二篇正文也很長很長。"],
                     spans=[span_of("第二篇標題\n第二篇正文也很長很長。")])
    page = ParsedPage("p.txt", PAGE, PageMeta(), [
        Block(BlockKind.MASTHEAD, "甲報頭", [span_of("甲報頭")]), first, second,
        Block(BlockKind.ADVERT, "本店新到 電話一二三", [span_of("本店新到 電話一二三")]),
    ])
    s = score_page(page, t)
    r = s.ratios()
    assert r["segment_accuracy"] == r["article_precision"] == r["title_recall"] == r["byline_accuracy"] == 1.0
    assert r["dateline_accuracy"] == r["advert_recall"] == 1.0
    assert s.bad_titles == s.empty_articles == 0


def test_an_anchor_missing_from_the_page_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TruthError, match="not found"):
        score_page(ParsedPage("p.txt", PAGE, PageMeta()), truth(tmp_path, [{"kind": "article", "at": "不在頁上"}]))


def test_norm_ignores_spaces_width_and_quote_style() -> None:
    assert norm("本报讯 (记者 王利辉)") == norm("本报讯（记者王利辉）")
    assert norm("“文明牌”更需") == norm('"文明牌"更需') == norm("『文明牌』更需")
    assert TruthItem("article", "x").title is None


def test_every_truth_file_loads_and_fits_its_page() -> None:
    files = sorted(p for d in SETS.values() if d.exists() for p in d.rglob("*.truth.json"))
    assert len(files) >= 5
    for path in files:
        t = load_truth(path)
        score_page(ParsedPage(str(t.text_path), t.text, PageMeta()), t)  # raises when an anchor is off


@pytest.mark.parametrize("level", ["before", "after"])
def test_samples_stay_at_or_above_their_floor(level: str) -> None:
    floor = json.loads((SETS["samples"] / "floor.json").read_text(encoding="utf-8"))[level]
    total, _ = score_set(["samples"])
    assert total.truth_articles == floor["truth_articles"]
    for key, value in floor.items():
        if key == "truth_articles":
            continue
        got = getattr(total, key)
        if key in ("bad_titles", "empty_articles"):
            assert got <= value, (key, got, total.problems)
        else:
            assert got >= value, (key, got, total.problems)


def test_score_add_sums_counts() -> None:
    a, b = Score(pages=1, matched=2), Score(pages=1, matched=3, problems=["x"])
    a.add(b)
    assert (a.pages, a.matched, a.problems) == (2, 5, ["x"])


def test_the_tuned_historical_pages_stay_read_as_well_as_now() -> None:
    """A regression guard on the pages the parser was tuned on (the held-out pages are reported, not tuned)."""
    total, _ = score_set(["historical"])
    r = total.ratios()
    assert total.pages >= 30 and total.truth_articles >= 100
    assert r["segment_accuracy"] is not None and r["segment_accuracy"] >= 0.95, total.problems
    assert r["title_recall"] is not None and r["title_recall"] >= 0.95, total.problems
    assert r["byline_accuracy"] is not None and r["byline_accuracy"] >= 0.95, total.problems
    assert r["series_accuracy"] == r["verse_accuracy"] == r["advert_recall"] == 1.0, total.problems
    assert total.bad_titles == 0 and total.empty_articles == 0, total.problems
