"""Relevance is exact: the first page of hits is the true top of a brute-force BM25 ranking of every document.

The brute force here computes the ranking formula of ``reader/search/README.md`` from the documents' text
alone (exact strings counted in each field with the field weights, jieba words counted in the whole text,
document lengths in index tokens), over every article and block of a generated archive, and the service's
first pages must hold the same documents with the same scores, whatever the filters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import jieba
import pytest

from bench.generate import generate_archive
from reader.library import Library
from reader.search import SearchService, impact, rank
from reader.search import service as service_module
from reader.search.compile import compile_query, leaf_match
from reader.search.fold import fold
from reader.search.index import library_docs, tokenize
from reader.search.query import parse_query
from tests.helpers import import_pages

K1, B = 1.2, 0.75
WEIGHTS = (4, 2, 1, 1)
WORDY = re.compile(r"\w")


@dataclass
class Doc:
    """One document as the brute force sees it."""

    key: tuple[str, int]  # ("article", id) or ("block", id)
    paper: str | None
    date: int
    fields: list[str]  # folded title, sub, byline, body
    words: list[str]  # jieba words of the folded text, as indexed
    length: int  # tokens in the index


@pytest.fixture(scope="module", params=[(64, 0), (24, 0), (64, None)], ids=["lists64", "lists24", "nolists"])
def archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[SearchService, list[Doc]]:
    """The archive indexed with impact lists of 64 documents (256 for the commonest tokens), of 24 for every
    token (pages must then be proven from barely enough candidates, or fall back to scoring every match),
    and without lists (a small index)."""
    root = tmp_path_factory.mktemp("relevance")
    generate_archive(root / "scans", papers=2, pages=48, seed=3)
    docs: list[Doc] = []
    size, start = request.param
    patch = pytest.MonkeyPatch()
    patch.setattr(impact, "LIST_SIZE", size)
    if size == 24:
        patch.setattr(impact, "DEEP_FACTOR", 1)
    patch.setattr(impact, "START_DOCS", start if start is not None else 10**9)
    patch.setattr(rank, "COMPLETE_MAX", 20)  # a small archive: few matches would skip the lists
    patch.setattr(impact, "SAMPLE_MIN_DF", 3)  # and its tokens are rare
    request.addfinalizer(patch.undo)
    with Library(root / "lib") as library:
        import_pages(library, [root / "scans"])
        service = SearchService(root / "lib")
        service.sync(library)
        for d in library_docs(library, sorted(library.index_keys())):
            folded = [fold(f) for f in d.fields]
            words = [w for w in jieba.lcut("\n".join(folded), HMM=False) if WORDY.search(w)]
            key = ("article" if d.kind == "article" else "block", d.item_id)
            docs.append(Doc(key, d.paper, d.date, folded, words, tokenize(d).length))
    assert sum(d.key[0] == "block" for d in docs) > 50
    return service, docs


def occurrences(text: str, s: str) -> int:
    """Occurrences of ``s`` in ``text``, overlapping ones too (as phrase positions are counted)."""
    return sum(1 for i in range(len(text) - len(s) + 1) if text.startswith(s, i))


def idf(n: int, df: int) -> float:
    return max(math.log((n - df + 0.5) / (df + 0.5)), 1e-6)


def saturate(tf: float, length: int, avgdl: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avgdl))


def brute_force(docs: list[Doc], strings: list[str], must: list[str], must_not: list[str],
                keep: object = None) -> dict[tuple[str, int], float]:
    """Scores of the documents holding every ``must`` string and no ``must_not`` one (and ``keep(doc)``)."""
    n = len(docs)
    avgdl = sum(d.length for d in docs) / n
    score = {d.key: 0.0 for d in docs}
    for s in strings:
        tf = {d.key: sum(w * occurrences(f, s) for w, f in zip(WEIGHTS, d.fields, strict=True)) for d in docs}
        df = sum(1 for v in tf.values() if v)
        for d in docs:
            if tf[d.key]:
                score[d.key] += idf(n, df) * saturate(tf[d.key], d.length, avgdl)
    words: list[str] = []
    for s in strings:
        words += [w for w in jieba.lcut(s, HMM=False) if WORDY.search(w) and w not in words]
    for w in words:
        tf = {d.key: d.words.count(w) for d in docs}
        df = sum(1 for v in tf.values() if v)
        for d in docs:
            if tf[d.key]:
                score[d.key] += 0.5 * idf(n, df) * saturate(tf[d.key], d.length, avgdl)
    return {
        d.key: score[d.key]
        for d in docs
        if all(any(s in f for f in d.fields) for s in must)
        and not any(any(s in f for f in d.fields) for s in must_not)
        and (keep is None or keep(d))  # type: ignore[operator]
    }


def first_page(service: SearchService, query: str, limit: int = 20, **kw: object) -> dict[tuple[str, int], float]:
    result = service.search(query, limit=limit, **kw)
    assert result.error is None, result.error
    return {
        ("article", h.article_id) if h.is_article else ("block", h.block_id): h.score  # type: ignore[misc]
        for h in result.hits
    }


def check(found: dict[tuple[str, int], float], expected: dict[tuple[str, int], float], limit: int = 20) -> None:
    """``found`` is a true top ``limit`` of ``expected``: same scores, and nothing left out scores higher."""
    assert len(found) == min(limit, len(expected))
    for key, s in found.items():
        assert key in expected, key
        assert s == pytest.approx(expected[key], rel=1e-4, abs=1e-6), key
    if len(expected) > len(found):
        worst = min(found.values())
        left_out = max(v for k, v in expected.items() if k not in found)
        assert left_out <= worst + 1e-6


QUERIES = [
    # query, strings (positive), must, must_not
    ("的", ["的"], ["的"], []),
    ("发展", ["发展"], ["发展"], []),
    ("疫情防控", ["疫情防控"], ["疫情防控"], []),
    ("高质量发展", ["高质量发展"], ["高质量发展"], []),
    ("记者 发展", ["记者", "发展"], ["记者", "发展"], []),
    ("发展 -记者", ["发展"], ["发展"], ["记者"]),
    ('"本报讯(记者"', ["本报讯(记者"], ["本报讯(记者"], []),
    ("摄", ["摄"], ["摄"], []),
]


@pytest.mark.parametrize(("query", "strings", "must", "must_not"), QUERIES)
def test_first_page_is_the_true_top(
    archive: tuple[SearchService, list[Doc]], query: str, strings: list[str], must: list[str], must_not: list[str]
) -> None:
    service, docs = archive
    expected = brute_force(docs, strings, must, must_not)
    check(first_page(service, query), expected)
    check(first_page(service, query, limit=5), expected, limit=5)


def test_or_ranks_both_sides(archive: tuple[SearchService, list[Doc]]) -> None:
    service, docs = archive
    either = {
        k: v for k, v in brute_force(docs, ["许昌", "新时代"], [], []).items()
        if any("许昌" in f or "新时代" in f for f in next(d for d in docs if d.key == k).fields)
    }
    check(first_page(service, "许昌 OR 新时代"), either)


def test_filters_narrow_before_ranking(archive: tuple[SearchService, list[Doc]]) -> None:
    service, docs = archive
    paper = next(d.paper for d in docs if d.paper)
    dates = sorted({d.date for d in docs if d.date})
    lo, hi = dates[1], dates[len(dates) // 2]
    iso = [f"{x // 10000:04d}-{x // 100 % 100:02d}-{x % 100:02d}" for x in (lo, hi)]
    for query, strings in (("发展", ["发展"]), ("的", ["的"]), ("疫情防控", ["疫情防控"])):
        by_paper = brute_force(docs, strings, strings, [], keep=lambda d, p=paper: d.paper == p)
        check(first_page(service, query, paper=paper), by_paper)
        in_range = brute_force(docs, strings, strings, [], keep=lambda d: lo <= d.date <= hi)
        check(first_page(service, query, date_from=iso[0], date_to=iso[1]), in_range)
        check(first_page(service, f"{query} date:{iso[0]}..{iso[1]}"), in_range)
        blocks = brute_force(docs, strings, strings, [], keep=lambda d: d.key[0] == "block")
        check(first_page(service, f"{query} kind:block"), blocks)


def test_deeper_pages_continue_the_ranking(archive: tuple[SearchService, list[Doc]]) -> None:
    service, _docs = archive
    whole = service.search("发展", limit=60)
    parts = [service.search("发展", limit=20, offset=k) for k in (0, 20, 40)]
    assert [h.score for p in parts for h in p.hits] == pytest.approx([h.score for h in whole.hits])


def test_the_lists_answer_most_pages(archive: tuple[SearchService, list[Doc]], monkeypatch: pytest.MonkeyPatch) -> None:
    """The exactness above holds whichever path answers; this checks the quick one does answer, or falls back."""
    service, docs = archive
    answered: list[bool] = []
    real = service_module.rank_page

    def spy(*args: object, **kw: object) -> object:
        page = real(*args, **kw)  # type: ignore[arg-type]
        answered.append(page is not None)
        return page

    monkeypatch.setattr(service_module, "rank_page", spy)
    for query, strings, must, must_not in QUERIES:
        check(first_page(service, query), brute_force(docs, strings, must, must_not))
    assert len(answered) == len(QUERIES)
    if impact.START_DOCS > 10**6:
        assert not any(answered), answered  # no lists
    elif impact.LIST_SIZE == 64:  # one common string: proven from the lists (several: often not, see rank.py)
        assert answered[:4] == [True] * 4, answered
    else:
        assert 0 < sum(answered) < len(QUERIES), answered  # both paths taken: the bound decides


def test_past_the_text_budget_the_lists_page_is_shown_and_says_so(
    archive: tuple[SearchService, list[Doc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When proving a page would read too many texts, the lists' candidates answer: every hit's score is still
    exact and the order best first, but the result says the page is not proven the true top."""
    service, docs = archive
    monkeypatch.setattr(service_module, "TEXT_BUDGET", 0)
    unproven = 0
    for query, strings, must, must_not in QUERIES:
        result = service.search(query, limit=20)
        expected = brute_force(docs, strings, must, must_not)
        found = first_page(service, query)
        if result.exact:
            check(found, expected)
            continue
        unproven += 1
        assert result.to_json()["exact"] is False and len(found) == 20
        for key, score in found.items():
            assert score == pytest.approx(expected[key], rel=1e-4, abs=1e-6), key
        scores = [h.score for h in result.hits]
        assert scores == sorted(scores, reverse=True)
    if impact.LIST_SIZE == 24 and impact.START_DOCS == 0:
        assert unproven > 0  # the small lists cannot prove every page: those came from the candidates
    if impact.START_DOCS > 10**6:
        assert unproven == 0  # no lists, no candidates: every match is scored


def counted(texts: rank.Texts) -> tuple[rank.Texts, list[tuple[str, int]]]:
    """``texts`` (the library's ``index_texts``), and the (kind, id) of every document it is asked for."""
    read: list[tuple[str, int]] = []

    def counting(articles: list[int], blocks: list[int]) -> tuple[dict[int, rank.ArticleText], dict[int, str]]:
        read.extend([("article", a) for a in articles] + [("block", b) for b in blocks])
        return texts(articles, blocks)

    return counting, read


@contextmanager
def lists_attempt(service: SearchService, query: str) -> Iterator[tuple[Any, ...]]:
    """In one read transaction: the connection, the compiled query, FTS5's statistics, the query's words,
    its match counter and the lists' candidates with their outside bound (``rank._sources``)."""
    conn = service._conn()
    c = compile_query(parse_query(query), [])
    conn.execute("BEGIN")
    try:
        stats = rank.fts_stats(conn)
        assert stats is not None
        words = rank.query_words(conn, c, stats)
        count = lambda m: service._match_count(conn, m)  # noqa: E731
        memo = rank.Memo(service._library().index_texts)
        yield conn, c, stats, words, count, rank._sources(conn, c, stats, count, words, memo)
    finally:
        conn.execute("COMMIT")


def test_listed_documents_are_scored_from_their_keys_exactly(archive: tuple[SearchService, list[Doc]]) -> None:
    """A string that is one list token, or a word with its own list, has a listed document's count in its key:
    such documents are scored without their text, to the same float as from their text, and texts are read
    only where a document's bound can reach the page."""
    service, _docs = archive
    if impact.START_DOCS > 10**6:
        pytest.skip("no lists")
    texts = service._library().index_texts
    counting, read = counted(texts)
    keyed_some = False
    for query in ("的", "发展", "记者 发展", "摄", '"本报讯(记者"', "发展 -记者", "title:发展"):
        with lists_attempt(service, query) as (conn, c, stats, words, count, sources):
            if sources is None:
                continue
            candidates = sources[0]
            rows = rank.doc_rows(conn, sorted(candidates))
            from_text = dict(rank._text_scores(c, stats, rows, rank.Memo(texts), count, words))
            read.clear()
            args = (conn, c, stats, candidates)
            everything = rank._score_candidates(*args, rank.Memo(counting), count, words, want=10**6)
            assert dict(everything) == from_text, query  # the same documents, the same floats
            keyed_some |= len(set(read)) < len(from_text)
            read.clear()
            page = rank._score_candidates(*args, rank.Memo(counting), count, words, want=20)
            assert page[:20] == sorted(from_text.items(), key=rank.order)[:20], query
            read.clear()  # a bound no candidate can beat: given up on before any text is read
            assert rank._score_candidates(*args, rank.Memo(counting), count, words, 20, 1e9) is None
            assert not read
    assert keyed_some  # some documents were scored from their keys alone


def test_a_page_that_cannot_be_proven_is_given_up_part_way_through_reading(
    archive: tuple[SearchService, list[Doc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a bound that fewer than a page of candidates beat, but more than a page of their key bounds do,
    the lists read the likeliest texts and give up once those show that fewer than a page can beat it:
    before reading what finding the page would. What they read stays scored, exactly."""
    service, _docs = archive
    if impact.START_DOCS > 10**6:
        pytest.skip("no lists")
    monkeypatch.setattr(rank, "FIRST_READS", 2)  # a small archive: its pages need fewer reads than 64
    texts = service._library().index_texts
    counting, read = counted(texts)
    gave_up = 0
    for query in ('"本报讯(记者"', "高质量发展", "许昌 OR 新时代", "记者 OR 发展"):  # bounded by their keys
        with lists_attempt(service, query) as (conn, c, stats, words, count, sources):
            assert sources is not None, query
            everything = rank._score_candidates(conn, c, stats, sources[0], rank.Memo(texts), count, words, 10**6)
            assert everything is not None
            exact = dict(everything)
            read.clear()  # what finding the page takes without a bound
            rank._score_candidates(conn, c, stats, sources[0], rank.Memo(counting), count, words, 20)
            page_read = len(read)
            for beaten in range(19, 4, -1):  # fewer than twenty beat the bound: no page of twenty is proven
                bound = everything[beaten][1]
                read.clear()
                memo = rank.Memo(counting)
                assert rank._score_candidates(conn, c, stats, sources[0], memo, count, words, 20, bound) is None
                assert len(set(read)) == len(read), query  # no text read twice
                assert all(exact[d] == s for d, s in memo.scores.items()), query
                if 0 < len(read) < page_read:  # the keys alone did not tell: given up part way
                    gave_up += 1
                    break
    if impact.LIST_SIZE == 24:  # lists of 64 hold this small archive's counts: their keys alone decide
        assert gave_up  # some query read texts before it gave up


def test_a_search_reads_each_text_once_whichever_paths_it_takes(
    archive: tuple[SearchService, list[Doc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the lists cannot prove a page, the full path after them uses the texts (and exact scores) they
    read: no document's text is read twice in one search, and the page is still the brute force's."""
    service, docs = archive
    library = service._library()
    counting, read = counted(library.index_texts)
    monkeypatch.setattr(library, "index_texts", counting)
    for query, strings, must, must_not in QUERIES:
        read.clear()
        check(first_page(service, query), brute_force(docs, strings, must, must_not))
        assert len(read) == len(set(read)), query


def test_an_or_is_ranked_from_the_matches_of_both_strings_when_one_cannot_reach_the_page(
    archive: tuple[SearchService, list[Doc]]
) -> None:
    """"A OR B": where the page of the documents holding both strings ends above the most a document with
    one of them can score, it is the OR's page (scored from far fewer matches); either way the page is the
    brute force's."""
    service, docs = archive
    before = service.paths["both strings"]
    pairs = (("社会", "建设"), ("产业", "项目"), ("建设", "机制"), ("养老", "社区"), ("记者", "发展"), ("本报", "记者"))
    for a, b in pairs:
        either = {
            k: v for k, v in brute_force(docs, [a, b], [], []).items()
            if any(a in f or b in f for f in next(d for d in docs if d.key == k).fields)
        }
        check(first_page(service, f"{a} OR {b}"), either)
    if impact.LIST_SIZE == 24 or impact.START_DOCS > 10**6:  # (lists of 64 prove these pages themselves)
        assert service.paths["both strings"] > before  # some were answered from both strings' matches


def test_strings_or_a_date_rank_every_hit_by_the_strings_it_holds(archive: tuple[SearchService, list[Doc]]) -> None:
    """"发展 OR date:D" has no one MATCH (the full path's rows come from ``docs`` with the whole condition):
    every hit is scored by the strings it holds (those of the day alone too), and the page is the brute force's."""
    service, docs = archive
    day = sorted({d.date for d in docs if d.date})[1]
    iso = f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"
    for strings in (["发展"], ["许昌", "发展"]):
        scores = brute_force(docs, strings, [], [])
        hits = [d for d in docs if any(s in f for s in strings for f in d.fields) or d.date == day]
        expected = {d.key: scores[d.key] for d in hits}
        check(first_page(service, " OR ".join([*strings, f"date:{iso}"]), limit=40), expected, limit=40)


def test_after_the_lists_the_full_path_takes_only_rows_that_can_reach_their_page(
    archive: tuple[SearchService, list[Doc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the lists cannot prove a page, their best exact scores give the full path a floor: FTS5 hands over
    only the matches whose strings score within what the words can add of it. Fewer rows, the same page."""
    service, docs = archive
    if impact.START_DOCS > 10**6:
        pytest.skip("no lists")
    handed: list[tuple[int, int]] = []  # (rows above the floor, every row)
    real = SearchService._by_strings

    def spy(self: SearchService, conn: Any, c: Any, dead: bool, stack: Any, floor: float | None = None) -> Any:
        rows = list(real(self, conn, c, dead, stack, floor))
        if floor is not None:
            handed.append((len(rows), len(list(real(self, conn, c, dead, stack)))))
        return iter(rows)

    monkeypatch.setattr(SearchService, "_by_strings", spy)
    for query, strings, must, must_not in QUERIES:
        check(first_page(service, query), brute_force(docs, strings, must, must_not))
    if impact.LIST_SIZE == 24:  # lists too short to prove most pages: the full path follows them
        assert handed and all(above <= every for above, every in handed), handed
        assert any(above < every for above, every in handed), handed


def test_the_lists_have_the_strings_of_a_query_counted_at_once(
    archive: tuple[SearchService, list[Doc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before scoring candidates, the lists ask for every string's count in one go (two halves at once on a big
    index), not one string at a time as each is needed."""
    service, docs = archive
    if impact.START_DOCS > 10**6:
        pytest.skip("no lists")
    asked: list[list[str]] = []
    monkeypatch.setattr(SearchService, "_count_matches", lambda self, conn, matches: asked.append(sorted(matches)))
    check(first_page(service, "的 发展"), brute_force(docs, ["的", "发展"], ["的", "发展"], []))
    strings = compile_query(parse_query("的 发展"), []).positive
    assert asked == [sorted(leaf_match(t) for t in strings)]
