"""PDF pages with a text layer: laid-out newspaper pages are read back into their articles, regions and metadata."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from reader.ingest import pipeline
from reader.ingest.cjknorm import normalize_cjk
from reader.ingest.layout import Line, merge_lines
from reader.ingest.model import Article, ParsedPage, rects_for_range
from tests.material.evaluate import score_page
from tests.material.newspaper import Truth, default_specs, write_pages, write_pdf

_RADICALS = re.compile("[\u2e80-\u2fdf]")


@pytest.fixture(scope="session")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[ParsedPage, Truth]]:
    """Four laid-out pages (two front pages, two inner pages) as single-page PDFs, parsed through the pipeline."""
    folder = tmp_path_factory.mktemp("epaper")
    written = write_pages(folder, default_specs(4))
    result = pipeline.collect_pages([folder], None)
    assert {Path(s.path).suffix for s in result.skipped} <= {".json"}  # only the truth files beside the pages
    by_source = {p.source: p for p in result.pages}
    return [(by_source[str(path)], truth) for path, truth in written]


def _covered_once(page: ParsedPage) -> None:
    seen = [0] * len(page.text)
    for item in page.items:
        for start, end in item.spans:
            for k in range(start, end):
                seen[k] += 1
    for k, ch in enumerate(page.text):
        if not ch.isspace():  # spaces inside a span are fine; every character is covered exactly once
            assert seen[k] == 1, (k, ch)


def test_every_headline_is_a_title_with_its_own_body_and_its_region(laid_out: list[tuple[ParsedPage, Truth]]) -> None:
    for page, truth in laid_out:
        score = score_page(page, truth)
        assert len(score.articles) >= 5
        for art in score.articles:
            assert art.found is not None, f"{page.source}: no article titled {art.truth.title}"
            assert art.title_ratio == 1.0, (art.truth.title, art.found.title)
            assert art.body_recall >= 0.95, (art.truth.title, art.body_recall)
            assert art.body_precision >= 0.95, (art.truth.title, art.body_precision)
            assert art.coverage >= 0.95, (art.truth.title, art.coverage)
        # One article per printed article: no headline read twice, no stray untitled pieces of text.
        assert len(page.articles) == len(truth.articles), [a.title for a in page.articles]


def test_headline_roles_bylines_and_jumps(laid_out: list[tuple[ParsedPage, Truth]]) -> None:
    for page, truth in laid_out:
        found = {"".join((a.title or "").split()): a for a in page.articles}
        for item in truth.articles:
            art = found["".join((item.title or "").split())]
            if item.kicker:
                assert "".join(art.kicker.split()) == "".join(item.kicker.split())  # type: ignore[union-attr]
            if item.subtitle:
                # Fonts draw "——" as one two-em dash glyph, and the text layer says so (U+2E3A).
                got = "".join((art.subtitle or "").split()).replace("\u2e3a", "——")
                assert got == "".join(item.subtitle.split())
            if item.byline:
                assert art.byline is not None
                assert "".join(art.byline.split()).startswith("".join(item.byline.split())[:3])
            assert art.continued_to == item.continued_to
            assert art.continued_from == item.continued_from


def test_blocks_metadata_and_spans(laid_out: list[tuple[ParsedPage, Truth]]) -> None:
    front, _ = laid_out[0]
    inner, _ = laid_out[1]
    assert (front.meta.paper, str(front.meta.date), front.meta.issue_number, front.meta.page) == (
        "许昌日报", "2020-04-08", 9158, "1")
    assert inner.meta.page == "2" and str(inner.meta.date) == "2020-04-08"
    for page, _truth in laid_out:
        assert page.source_kind == "pdf" and page.size_unit == "pt"
        assert page.page_size == (842.0, 1191.0)
        kinds = {b.kind for b in page.blocks}
        assert {"caption", "footer"} <= kinds
        if page is front:
            assert {"masthead", "advert"} <= kinds
        _covered_once(page)
        width, height = page.page_size
        for item in page.items:
            assert item.regions, item
            for x0, y0, x1, y1 in item.regions:
                assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height


def test_the_advert_box_and_caption_are_blocks(laid_out: list[tuple[ParsedPage, Truth]]) -> None:
    front, truth = laid_out[0]
    advert = "".join(b.text for b in front.blocks if b.kind == "advert")
    assert "95588" in advert and "工商银行" in advert
    caption = [b for b in front.blocks if b.kind == "caption"]
    assert len(caption) == 1 and caption[0].text.replace("\n", "").endswith("摄")
    (printed,) = [i for i in truth.items if i.kind == "caption"]
    x0, y0, _, _ = caption[0].regions[0]
    px0, py0, _, _ = printed.boxes[0]
    assert abs(x0 - px0) < 2 and abs(y0 - py0) < 4


def test_text_offsets_map_to_rectangles_on_the_page(laid_out: list[tuple[ParsedPage, Truth]]) -> None:
    page, truth = laid_out[0]
    item = truth.articles[0]
    title = "".join((item.title or "").split())
    art = next(a for a in page.articles if "".join((a.title or "").split()) == title)
    start = page.text.index(title[:6])
    rects = rects_for_range(page.lines, start, start + 6)
    assert len(rects) == 1
    x0, y0, x1, y1 = rects[0]
    bx0, by0, _bx1, by1 = item.boxes[1 if item.kicker else 0]  # the title's first printed line
    assert abs(x0 - bx0) < 2 and by0 - 10 <= y0 < y1 <= by1 + 10  # the font's box is a little taller than its em
    assert x1 - x0 == pytest.approx(6 * 26, abs=8)  # six characters of the 26 pt title (and a deck's space)
    assert art.regions[0][1] <= y0


def test_kangxi_radicals_of_the_text_layer_are_normalised(tmp_path: Path) -> None:
    """Qt's PDF writer maps 日, 民, 长... to radicals (as many e-paper PDFs do): text is normalised, raw kept."""
    path = tmp_path / "20200408_01.pdf"
    write_pdf(path, default_specs(1))
    (page,) = pipeline.collect_pages([path], None).pages
    assert page.raw_text is not None, "the PDF writer no longer produces radicals: the test lost its subject"
    assert _RADICALS.search(page.raw_text)
    assert not _RADICALS.search(page.text)
    assert len(page.raw_text) == len(page.text)
    assert "人民" in page.text or "日报" in page.text
    assert normalize_cjk(page.raw_text) == page.text
    assert page.original_text == page.raw_text


def test_normalize_cjk_maps_one_to_one() -> None:
    assert normalize_cjk("⼈⺠⽇报 ⻓春 ⻔⼾") == "人民日报 长春 门户"
    text = "本报讯（记者）ＡＢ，。１２ 丽"
    assert normalize_cjk(text) == text  # full-width forms and punctuation stay as printed
    for cp in [*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6), *range(0xF900, 0xFADA)]:
        ch = chr(cp)
        if unicodedata.category(ch) == "Cn":
            continue
        assert len(normalize_cjk(ch)) == 1


def test_a_merged_issue_gives_one_page_per_pdf_page_in_order(tmp_path: Path) -> None:
    path = tmp_path / "人民日报_20200408.pdf"
    write_pdf(path, default_specs(2))
    calls: list[tuple[int, int, str]] = []
    pages = [p for p in pipeline.parse_paths([tmp_path], None, progress=lambda *a: calls.append(a))
             if isinstance(p, ParsedPage)]
    assert [p.source for p in pages] == [f"{path}#page=1", f"{path}#page=2"]
    assert [p.meta.page for p in pages] == ["1", "2"]
    assert all(str(p.meta.date) == "2020-04-08" for p in pages)
    assert calls[-1] == (2, 2, "")
    articles: list[Article] = pages[1].articles
    assert any(a.continued_from == "1" for a in articles)


def test_the_text_layer_is_read_in_one_call_or_character_by_character_alike(
    laid_out: list[tuple[ParsedPage, Truth]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's text in one FPDFText_GetText call, and the per-character fallback (used when characters beyond
    the BMP make the two disagree), give the same characters, index for index."""
    from reader.ingest import pdf

    doc = pdf.open_pdf(laid_out[0][0].source)
    try:
        page = doc[0]
        textpage = page.get_textpage()
        n = textpage.count_chars()
        bulk = pdf._page_text(textpage, n)
        one_by_one = "".join(chr(pdf.pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(n))
        assert bulk == one_by_one and len(bulk) == n > 1000
        lines = pdf._lines(textpage, 0, 0)
        monkeypatch.setattr(pdf.pdfium_c, "FPDFText_GetText", lambda *_args: 0)  # as if the lengths disagreed
        assert pdf._page_text(textpage, n) == bulk
        assert pdf._lines(textpage, 0, 0) == lines
        textpage.close()
        page.close()
    finally:
        doc.close()


def _body_columns(top: float, lefts: list[float], width: float, rows: int = 4) -> list[Line]:
    return [
        Line("正文正文正文", (x, top + 13 * r, x + width, top + 13 * r + 12), 9.0)
        for x in lefts
        for r in range(rows)
    ]


def test_headlines_side_by_side_over_a_narrow_gutter_stay_two_lines() -> None:
    """Two articles' headlines meet across a 9.6 pt gutter (under half an em of 20 pt type): the body columns
    below stop on either side of the gap, so the headlines are not joined into one line."""
    left = Line("景县全力以赴推进疫苗接种工作", (36.0, 54.4, 495.6, 83.4), 20.0, True)
    right = Line("涵养底蕴实战练兵", (505.2, 54.4, 798.6, 83.4), 20.0, True)
    body = _body_columns(116.0, [36.0, 192.0, 349.0, 505.0, 661.0], 144.0)
    merged = merge_lines([left, right, *body])
    assert {ln.text for ln in merged if ln.size == 20.0} == {"涵养底蕴实战练兵", "景县全力以赴推进疫苗接种工作"}


def test_fragments_of_one_headline_are_joined_when_nothing_below_has_a_gutter_there() -> None:
    """The same gap inside one headline (a word space, or text drawn in pieces) is joined: the lines below run
    across it."""
    first = Line("Spring", (36.0, 54.4, 120.0, 83.4), 20.0, True)
    second = Line("planting", (129.6, 54.4, 220.0, 83.4), 20.0, True)
    body = _body_columns(90.0, [36.0], 300.0)
    merged = merge_lines([first, second, *body])
    assert [ln.text for ln in merged if ln.size == 20.0] == ["Spring planting"]
