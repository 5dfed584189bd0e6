"""Tests for reader.notes.anchor: placing a highlight's quote again in an article's changed text, or orphaning it."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.notes.anchor import DISTINCT_QUOTE, Placement, context_score, place
from reader.notes.quote import CONTEXT_CHARS, Quote, make_quote
from tests.conftest import sample_text

ARTICLE = "\n".join(
    [
        "本报讯（记者 王芳）十月十一日，我市召开全市养老服务工作推进会，总结前一阶段工作，安排部署下一步任务。",
        "会议指出，近年来我市抓住全国首批城企联动普惠养老专项行动试点的重大机遇，加快建立完善居家社区养老服务体系，"
        "走出了一条具有地方特色的养老服务高质量发展路子。",
        "会议要求，各县（市、区）要把养老服务工作摆在更加突出的位置，进一步完善政策措施，加大资金投入，提升服务质量，"
        "让老年人在家门口安享幸福晚年。",
        "据了解，目前全市已建成社区养老服务中心一百二十六个，养老服务床位总量达到三万余张，"
        "“十五分钟养老服务圈”基本形成，老年人的获得感和幸福感不断增强。",
        "会议还对今年冬季的安全生产、消防检查和疫情防控工作作了安排，要求各单位压实责任，确保不出问题。",
    ]
)
OTHER = (
    "本报讯 连日来，我市各地抢抓晴好天气，组织农机手开展秋收秋种，田间地头一派繁忙景象。\n"
    "在襄城县的一处麦田里，几台播种机来回穿梭，农技人员正在指导群众科学施肥、适期播种。"
)
PASSAGE = "加快建立完善居家社区养老服务体系"


def _quote(text: str, passage: str, nth: int = 0) -> Quote:
    """The quote of the nth occurrence of passage in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(passage, start + 1)
    return make_quote(text, start, start + len(passage))


def _span(placement: Placement | None) -> tuple[int, int] | None:
    """A placement's [start, end), or None."""
    return None if placement is None else (placement.start, placement.end)


# --------------------------------------------------------------------------- make_quote, context_score


def test_make_quote_keeps_text_and_context() -> None:
    start = ARTICLE.index(PASSAGE)
    quote = make_quote(ARTICLE, start, start + len(PASSAGE))
    assert quote.exact == PASSAGE
    assert (quote.start, quote.end) == (start, start + len(PASSAGE))
    assert quote.prefix == ARTICLE[start - CONTEXT_CHARS : start]
    assert quote.suffix == ARTICLE[start + len(PASSAGE) : start + len(PASSAGE) + CONTEXT_CHARS]


def test_make_quote_clips_to_the_text_and_orders_a_backwards_selection() -> None:
    assert make_quote("abcdef", -5, 3) == Quote("abc", "", "def", 0, 3)
    assert make_quote("abcdef", 4, 99) == Quote("ef", "abcd", "", 4, 6)
    assert make_quote("abcdef", 4, 1) == Quote("bcd", "a", "ef", 1, 4)
    assert make_quote("abcdef", 1, 3, context=1) == Quote("bc", "a", "d", 1, 3)
    assert make_quote("", 3, 7) == Quote("", "", "", 0, 0)


def test_context_score_is_one_in_place_and_low_elsewhere() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    assert context_score(quote, ARTICLE, quote.start, quote.end) == 1.0
    assert context_score(quote, ARTICLE, 0, len(PASSAGE)) < 0.3
    assert context_score(Quote("x", "", "", 0, 1), "whatever", 3, 4) == 1.0  # no context to disagree with


def test_context_score_weighs_the_edge_of_the_quote() -> None:
    # The same words a few characters off score clearly less than the place itself with a few characters inserted.
    quote = _quote(ARTICLE, PASSAGE)
    shifted = context_score(quote, ARTICLE, quote.start + 3, quote.end + 3)
    inserted = ARTICLE[: quote.start] + "进一步" + ARTICLE[quote.start :]
    assert context_score(quote, inserted, quote.start + 3, quote.end + 3) > shifted + 0.2


# --------------------------------------------------------------------------- the three ways of placing


def test_unchanged_text_is_placed_by_offsets() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    assert place(quote, ARTICLE) == Placement(quote.start, quote.end, "offsets", 1.0)


def test_text_inserted_before_shifts_the_exact_match() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    found = place(quote, "【要闻】" + ARTICLE)
    assert found is not None
    assert (found.start, found.end, found.method) == (quote.start + 4, quote.end + 4, "exact")
    assert found.score == 1.0  # context intact


@pytest.mark.parametrize("where", ["far after", "right after"])
def test_text_inserted_after_keeps_the_offsets(where: str) -> None:
    quote = _quote(ARTICLE, PASSAGE)
    at = len(ARTICLE) if where == "far after" else quote.end
    found = place(quote, ARTICLE[:at] + "（新增内容）" + ARTICLE[at:])
    assert found == Placement(quote.start, quote.end, "offsets", 1.0)


def test_text_inserted_inside_the_quote_is_found_fuzzily_covering_the_edit() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    cut = quote.start + 6
    found = place(quote, "【要闻】" + ARTICLE[:cut] + "和" + ARTICLE[cut:])
    assert found is not None
    assert (found.start, found.end, found.method) == (quote.start + 4, quote.end + 5, "fuzzy")
    assert 0.9 < found.score < 1.0


Edit = Callable[[str, int, int], str]


@pytest.mark.parametrize(
    "edit",
    [
        lambda text, start, end: text[: start + 2] + "健" + text[start + 3 :],  # an OCR fix inside the quote
        lambda text, start, end: text[: start + 8] + "\n" + text[start + 8 :],  # a paragraph split inside it
        lambda text, start, end: text[:start] + "健" + text[start + 1 :],  # its first character corrected
    ],
    ids=["ocr-fix", "paragraph-split", "first-char"],
)
def test_small_edits_of_the_quote_keep_its_place(edit: Edit) -> None:
    quote = _quote(ARTICLE, PASSAGE)
    new = edit(ARTICLE, quote.start, quote.end)
    found = place(quote, new)
    assert found is not None and found.method == "fuzzy"
    grown = len(new) - len(ARTICLE)
    assert (found.start, found.end) == (quote.start, quote.end + grown)


def test_paragraphs_merged_inside_the_quote() -> None:
    passage = "确保不出问题。\n会议"
    text = ARTICLE + "\n会议最后强调了纪律要求。"
    quote = _quote(text, passage)
    found = place(quote, text.replace(passage, "确保不出问题。会议"))
    assert found is not None
    assert (found.start, found.end, found.method) == (quote.start, quote.end - 1, "fuzzy")


def test_deleted_quote_is_orphaned() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    assert place(quote, ARTICLE.replace(PASSAGE, "")) is None


def test_quote_replaced_by_unrelated_text_is_orphaned() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    assert place(quote, ARTICLE.replace(PASSAGE, "田间地头一派繁忙景象播种机来回")) is None


def test_quote_rewritten_beyond_recognition_is_orphaned() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    assert place(quote, ARTICLE.replace(PASSAGE, "加紧建设居家养老体系")) is None


def test_quote_occurring_twice_is_told_apart_by_context() -> None:
    text = ARTICLE.replace("提升服务质量", "提升养老服务质量") + "\n下一步，各地要继续提升养老服务质量，办好民生实事。"
    for nth in (0, 1):
        quote = _quote(text, "提升养老服务质量", nth)
        moved = "【要闻】" + text
        assert _span(place(quote, moved)) == (quote.start + 4, quote.end + 4)


def test_same_words_moved_onto_the_old_offsets_do_not_fool_it() -> None:
    # Text inserted before the article puts the same words, in another sentence, exactly at the quote's old offsets.
    quote = _quote(ARTICLE, "养老服务", 1)
    filler = (OTHER * 3)[: quote.start] + "养老服务" + "工作取得新进展。\n"
    found = place(quote, filler + ARTICLE)
    assert found is not None and found.method == "exact"
    assert (found.start, found.end) == (len(filler) + quote.start, len(filler) + quote.end)


def test_duplicated_passage_goes_to_the_copy_nearest_the_old_place() -> None:
    text = ARTICLE + "\n" + ARTICLE  # e.g. an article imported twice into one
    for nth in (0, 1):
        quote = _quote(text, PASSAGE, nth)
        assert _span(place(quote, "【要闻】" + text)) == (quote.start + 4, quote.end + 4)


def test_ambiguous_repeated_quote_with_foreign_context_is_orphaned() -> None:
    quote = _quote(ARTICLE, "养老服务")
    # The passage survives only in new sentences, twice: nothing tells which one the note belonged to.
    assert place(quote, "各地养老服务水平提高。" + OTHER + "新的养老服务规划出台。") is None


# --------------------------------------------------------------------------- short quotes ("的")


def _de_positions(text: str) -> list[int]:
    """Where "的" occurs in text."""
    return [at for at, char in enumerate(text) if char == "的"]


@pytest.mark.parametrize("nth", range(len(_de_positions(ARTICLE))))
def test_single_character_never_lands_on_another_one(nth: int) -> None:
    at = _de_positions(ARTICLE)[nth]
    quote = make_quote(ARTICLE, at, at + 1)
    # Text inserted before: found at the right place (its context is intact).
    assert _span(place(quote, "【要闻】" + ARTICLE)) == (at + 4, at + 5)
    # Its sentence deleted: many other "的" remain, none of them is it.
    sentence_start = max(ARTICLE.rfind(mark, 0, at) for mark in "，。\n") + 1
    sentence_end = min(i for i in (ARTICLE.find(mark, at) for mark in "，。\n") if i >= 0) + 1
    assert place(quote, ARTICLE[:sentence_start] + ARTICLE[sentence_end:]) is None
    # The character itself corrected (的 -> 地): not moved onto a neighbouring "的".
    found = place(quote, ARTICLE[:at] + "地" + ARTICLE[at + 1 :])
    assert found is None or abs(found.start - at) <= 1


def test_single_character_at_old_offsets_needs_its_context() -> None:
    # Text inserted before an earlier "的" moves it exactly onto the highlighted one's old offsets: not taken there.
    earlier, later = next((a, b) for a, b in pairwise(_de_positions(ARTICLE)) if b - a >= 4)
    quote = make_quote(ARTICLE, later, later + 1)
    shift = later - earlier
    new = ARTICLE[:earlier] + "一" * shift + ARTICLE[earlier:]
    assert new[later] == "的"
    found = place(quote, new)
    assert found is not None and (found.start, found.method) == (later + shift, "exact")


def test_single_character_with_its_surroundings_rewritten_is_orphaned() -> None:
    at = ARTICLE.index("的重大机遇")
    quote = make_quote(ARTICLE, at, at + 1)
    new = ARTICLE[: at - 20] + "全市上下认真落实各项部署，取得明显成效的" + "一系列工作" + ARTICLE[at + 25 :]
    found = place(quote, new)
    assert found is None


# --------------------------------------------------------------------------- article split and merged


def test_article_split_quote_in_the_second_half() -> None:
    quote = _quote(ARTICLE, "“十五分钟养老服务圈”基本形成")
    cut = ARTICLE.index("据了解")
    found = place(quote, ARTICLE[cut:])
    assert _span(found) == (quote.start - cut, quote.end - cut)


def test_article_split_right_at_the_quote() -> None:
    quote = _quote(ARTICLE, "据了解，目前全市已建成社区养老服务中心")
    second = ARTICLE[quote.start :]
    assert _span(place(quote, second)) == (0, quote.end - quote.start)
    # And in the first half, which no longer holds the quote, it is not found.
    assert place(quote, ARTICLE[: quote.start]) is None


def test_articles_merged_quote_found_after_the_other_article() -> None:
    quote = _quote(ARTICLE, PASSAGE)
    shift = len(OTHER) + 1
    assert _span(place(quote, OTHER + "\n" + ARTICLE)) == (quote.start + shift, quote.end + shift)
    assert place(quote, ARTICLE + "\n" + OTHER) == Placement(quote.start, quote.end, "offsets", 1.0)


def test_real_page_text_merged_and_edited() -> None:
    page = sample_text("001")
    start = page.index("共同抗疫")
    quote = make_quote(page, start, start + 40)
    new = sample_text("000")[:3000] + page[: start + 10] + "，" + page[start + 10 :]
    found = place(quote, new)
    assert found is not None and found.method == "fuzzy"
    assert (found.start, found.end) == (3000 + start, 3000 + start + 41)


# --------------------------------------------------------------------------- edge cases


def test_empty_text_orphans_everything_but_a_contextless_point() -> None:
    assert place(_quote(ARTICLE, PASSAGE), "") is None
    assert place(make_quote(ARTICLE, 10, 10), "") is None
    assert place(Quote("", "", "", 0, 0), "") == Placement(0, 0, "offsets", 1.0)


def test_offsets_beyond_the_text() -> None:
    quote = Quote(PASSAGE, "", "", 10_000, 10_000 + len(PASSAGE))
    start = ARTICLE.index(PASSAGE)
    found = place(quote, ARTICLE)
    assert found is not None and (found.start, found.method) == (start, "exact")
    assert place(Quote("的", "", "", -3, -2), ARTICLE) is None  # tiny, no context, many occurrences


def test_quote_longer_than_the_text() -> None:
    quote = make_quote(ARTICLE, 0, len(ARTICLE))
    assert place(quote, ARTICLE[:100]) is None
    found = place(quote, ARTICLE[:-3])  # a little lost at the end: still the whole text
    assert _span(found) == (0, len(ARTICLE) - 3)


def test_empty_quote_is_a_position() -> None:
    at = ARTICLE.index(PASSAGE)
    point = make_quote(ARTICLE, at, at)
    assert place(point, ARTICLE) == Placement(at, at, "offsets", 1.0)
    assert place(point, "【要闻】" + ARTICLE) == Placement(at + 4, at + 4, "exact", 1.0)
    assert place(point, ARTICLE[: at - 40] + ARTICLE[at + 40 :]) is None  # its surroundings are gone
    beyond = Quote("", point.prefix, point.suffix, 10_000, 10_000)
    assert place(beyond, ARTICLE) == Placement(at, at, "exact", 1.0)


# --------------------------------------------------------------------------- speed


def test_long_quote_in_long_text_is_fast() -> None:
    # 20,000 characters of real page text and a 2,000-character quote edited in two places: the fuzzy path.
    text = "".join(sample_text(prefix) for prefix in ("000", "001", "002", "003", "004"))[:20_000]
    quote = make_quote(text, 9_000, 11_000)
    new = "插入" + text[:9_500] + "插入的字" + text[9_500:10_500] + "另外" + text[10_503:]
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        found = place(quote, new)
        timings.append(time.perf_counter() - began)
    assert found is not None and found.method == "fuzzy"
    assert (found.start, found.end) == (9_002, 11_005)
    assert min(timings) < 0.1  # about 12 ms measured; a quadratic path would take seconds


# --------------------------------------------------------------------------- properties

COMMON = "的一是在了有和人这中大为，。\n"  # small, so that words and contexts repeat
DISTINCT = "甲乙丙丁戊己庚辛壬癸"  # never in the surrounding text nor in what edits insert


@st.composite
def _edits(draw: st.DrawFn, alphabet: str = COMMON) -> list[tuple[str, int, str]]:
    """A few edits: (insert | delete, a position seed, inserted text or deleted length as text)."""
    kinds = st.sampled_from(["insert", "delete"])
    return draw(
        st.lists(
            st.tuples(kinds, st.integers(0, 10_000), st.text(alphabet, min_size=1, max_size=12)),
            max_size=6,
        )
    )


def _apply(tagged: list[tuple[str, str]], edits: list[tuple[str, int, str]], keep: str = "") -> list[tuple[str, str]]:
    """Apply edits to (char, tag) pairs, leaving alone the run of chars tagged ``keep`` (nothing if empty)."""
    tagged = list(tagged)
    for kind, seed, payload in edits:
        run = [at for at, (_, tag) in enumerate(tagged) if keep and tag == keep]
        low, high = (run[0], run[-1] + 1) if run else (0, 0)
        if kind == "insert":
            positions = [at for at in range(len(tagged) + 1) if not low < at < high]
            at = positions[seed % len(positions)]
            tagged[at:at] = [(char, "new") for char in payload]
            continue
        positions = [at for at in range(len(tagged)) if not low <= at < high]
        if positions:
            at = positions[seed % len(positions)]
            del tagged[at : min(at + len(payload), low if at < low else len(tagged))]
    return tagged


def _overlapping_count(text: str, needle: str) -> int:
    """How often needle occurs in text, overlapping occurrences included."""
    count, at = 0, text.find(needle)
    while at >= 0:
        count, at = count + 1, text.find(needle, at + 1)
    return count


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.text(COMMON, max_size=120),
    passage=st.text(COMMON, min_size=8, max_size=30),
    after=st.text(COMMON, max_size=120),
    edits=_edits(),
)
def test_edits_away_from_quote_and_context_find_it_exactly(
    before: str, passage: str, after: str, edits: list[tuple[str, int, str]]
) -> None:
    text = before + passage + after
    quote = make_quote(text, len(before), len(before) + len(passage))
    low, high = quote.start - len(quote.prefix), quote.end + len(quote.suffix)
    tagged = [(char, "kept" if low <= at < high else "old") for at, char in enumerate(text)]
    new_tagged = _apply(tagged, edits, keep="kept")
    new = "".join(char for char, _ in new_tagged)
    # The passage with its context must be unique, or no algorithm could know which copy is meant.
    assume(_overlapping_count(new, quote.prefix + quote.exact + quote.suffix) == 1)
    start = next(p for p, (_, tag) in enumerate(new_tagged) if tag == "kept") + len(quote.prefix)
    found = place(quote, new)
    assert found is not None
    assert (found.start, found.end) == (start, start + len(passage))
    assert found.method in {"offsets", "exact"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.text(COMMON, max_size=150),
    pairs=st.lists(st.tuples(st.sampled_from(DISTINCT), st.text(COMMON, max_size=1)), min_size=4, max_size=20),
    after=st.text(COMMON, max_size=150),
    fillers=st.lists(st.sampled_from(COMMON), min_size=20, max_size=20),
    decoy_first=st.booleans(),
    edits=_edits(COMMON),
)
def test_arbitrary_edits_never_place_the_quote_away_from_its_text(
    before: str,
    pairs: list[tuple[str, str]],
    after: str,
    fillers: list[str],
    decoy_first: bool,
    edits: list[tuple[str, int, str]],
) -> None:
    # The quote is at least half characters that occur nowhere else, before or after the edits, so every surviving
    # one marks where the quote's text ended up. Any placement must overlap that stretch, and when the edits leave
    # the quote itself alone (they may still rewrite its context), a quote long enough must be found exactly. A decoy
    # elsewhere shares the quote's other characters, in place: a lax enough matcher would take it once the quote is
    # damaged.
    passage = "".join(distinct + common for distinct, common in pairs)
    decoy = "".join(filler + common for filler, (_, common) in zip(fillers, pairs, strict=False))
    if decoy_first:
        before = decoy + before
    else:
        after += decoy
    text = before + passage + after
    quote = make_quote(text, len(before), len(before) + len(passage))
    tagged = [(char, "quote" if quote.start <= at < quote.end else "old") for at, char in enumerate(text)]
    new_tagged = _apply(tagged, edits)
    new = "".join(char for char, _ in new_tagged)
    survivors = [p for p, (_, tag) in enumerate(new_tagged) if tag == "quote"]
    found = place(quote, new)
    if found is not None:
        assert survivors, "placed a quote none of whose text survived"
        assert found.start <= survivors[-1] and found.end > survivors[0], "placed away from the quote's text"
    intact = len(survivors) == len(passage) and survivors[-1] - survivors[0] == len(passage) - 1
    if intact and len(passage) >= DISTINCT_QUOTE:  # a shorter one needs its context too
        assert _span(found) == (survivors[0], survivors[0] + len(passage)), "intact quote not found"


_any_index = st.integers(-50, 400)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=200),
    quote=st.builds(Quote, st.text(max_size=40), st.text(max_size=40), st.text(max_size=40), _any_index, _any_index),
)
def test_place_never_raises_and_stays_inside_the_text(text: str, quote: Quote) -> None:
    found = place(quote, text)
    if found is not None:
        assert 0 <= found.start <= found.end <= len(text)
        assert found.method in {"offsets", "exact", "fuzzy"}
        assert 0.0 <= found.score <= 1.0
    assert 0.0 <= context_score(quote, text, quote.start, quote.end) <= 1.0


@settings(max_examples=150, deadline=None)
@given(
    old=st.text(COMMON + DISTINCT, max_size=200),
    new=st.text(COMMON + DISTINCT, max_size=200),
    start=_any_index,
    end=_any_index,
)
def test_place_never_raises_on_quotes_of_other_texts(old: str, new: str, start: int, end: int) -> None:
    found = place(make_quote(old, start, end), new)
    if found is not None:
        assert 0 <= found.start <= found.end <= len(new)
