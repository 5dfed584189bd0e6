"""Recall, checked by brute force: the hits of a string are exactly the documents (articles and blocks) whose
folded text contains it."""

from __future__ import annotations

import random

import jieba
import opencc
import pytest

from reader.library import Library
from reader.search import SearchService
from reader.search.fold import fold
from tests.helpers import generated_library

Doc = tuple[str, int]  # ("article", article id) or ("block", block id)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchService, dict[Doc, list[str]]]:
    root = tmp_path_factory.mktemp("recall")
    with Library(generated_library(root, pages=12, seed=7)) as library:
        service = SearchService(root / "lib")
        service.sync(library)
        texts: dict[Doc, list[str]] = {}
        for issue in library.issues():
            for p in library.pages(issue.id):
                for a in library.articles(p.id):
                    sub = "\n".join(x for x in (a.kicker, a.subtitle) if x)
                    byline = " ".join(x for x in (a.byline, a.dateline) if x)  # a dateline is searched as byline
                    texts[("article", a.id)] = [fold(x) for x in (a.title or "", sub, byline, a.body)]
                for b in library.blocks(p.id):
                    texts[("block", b.id)] = ["", "", "", fold(b.text)]
    assert sum(k[0] == "article" for k in texts) > 30
    assert sum(k[0] == "block" for k in texts) > 10
    return service, texts


def _expected(texts: dict[Doc, list[str]], needle: str) -> set[Doc]:
    folded = fold(needle)
    return {aid for aid, fields in texts.items() if any(folded in f for f in fields)}


def _found(service: SearchService, needle: str) -> set[Doc]:
    result = service.search(f'"{needle}"', limit=1000, facets=True)
    assert result.error is None, (needle, result.error)
    assert result.total == len(result.hits)
    found: set[Doc] = set()
    for h in result.hits:
        if h.is_article:
            assert h.article_id is not None
            found.add(("article", h.article_id))
        else:
            assert h.block_id is not None
            found.add(("block", h.block_id))
    return found


def _samples(texts: dict[Doc, list[str]], rng: random.Random, count: int) -> list[str]:
    out: list[str] = []
    bodies = [f for fields in texts.values() for f in fields if len(f) > 10]
    while len(out) < count:
        text = rng.choice(bodies)
        size = rng.randint(1, 8)
        start = rng.randrange(0, len(text) - size)
        needle = text[start : start + size]
        if needle.strip() == needle and '"' not in needle and not any(c.isspace() for c in needle):
            out.append(needle)
    return out


def _across_words(texts: dict[Doc, list[str]], rng: random.Random, count: int) -> list[str]:
    """Strings that start inside one jieba word and end inside the next: jieba segments them differently."""
    out: list[str] = []
    bodies = [fields[3] for fields in texts.values() if len(fields[3]) > 50]
    while len(out) < count:
        text = rng.choice(bodies)
        words = list(jieba.tokenize(text))
        i = rng.randrange(0, len(words) - 1)
        (w1, s1, _e1), (w2, s2, _e2) = words[i], words[i + 1]
        if len(w1) < 2 or len(w2) < 2:
            continue
        needle = text[s1 + 1 : s2 + 1 + rng.randrange(0, len(w2) - 1)]
        if needle and not any(c.isspace() or c == '"' for c in needle):
            out.append(needle)
    return out


def test_random_substrings_are_found_exactly(archive: tuple[SearchService, dict[Doc, list[str]]]) -> None:
    service, texts = archive
    rng = random.Random(11)
    for needle in _samples(texts, rng, 150):
        assert _found(service, needle) == _expected(texts, needle), needle


def test_strings_across_jieba_word_boundaries(archive: tuple[SearchService, dict[Doc, list[str]]]) -> None:
    service, texts = archive
    rng = random.Random(5)
    for needle in _across_words(texts, rng, 60):
        assert _found(service, needle) == _expected(texts, needle), needle


def test_traditional_queries_find_simplified_text(
    archive: tuple[SearchService, dict[Doc, list[str]]],
) -> None:
    service, texts = archive
    s2t = opencc.OpenCC("s2t")
    rng = random.Random(3)
    changed = 0
    for needle in _samples(texts, rng, 80):
        trad = str(s2t.convert(needle))
        if len(trad) != len(needle):
            continue
        changed += trad != needle
        assert _found(service, trad) == _expected(texts, needle), (needle, trad)
    assert changed > 10


def test_absent_strings_find_nothing(archive: tuple[SearchService, dict[Doc, list[str]]]) -> None:
    service, texts = archive
    for needle in ("龘龘", "zzqx", "發展發展發展發展"):
        assert _found(service, needle) == _expected(texts, needle)
