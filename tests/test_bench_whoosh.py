"""bench_whoosh's whoosh index finds exactly what the FTS5 index finds (else its timings compare nothing)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("whoosh")  # the bench extra; the test extra does not install whoosh

from bench.bench_search import QUERIES
from bench.bench_whoosh import (
    FACETS,
    WhooshSearch,
    WriterSettings,
    article_doc,
    build_whoosh,
    fts5_ids,
    fts_args,
    import_pages,
)
from bench.generate import generate_archive
from reader.library import Library
from reader.search import SearchService
from reader.search.index import ARTICLE, library_docs

Engines = tuple[SearchService, WhooshSearch, Path, list[str], list[str]]  # FTS5, whoosh, library, bodies, sections

# Beyond the benchmark's set: a quoted phrase ending in one character (a unigram or a bigram prefix), NOT
# alone, OR across fields, a page filter, an open date range, kind: in the query (whoosh holds only articles;
# FTS5 is asked for articles) (and section filters made from the archive).
EXTRA: list[tuple[str, dict[str, Any]]] = [
    ('"本报讯 (记"', {}),
    ('"记者 王"', {}),
    ("-记者", {}),
    ("title:的 OR byline:记者", {}),
    ("date:..2015-01-02 的", {}),
    ("的", {"page": "1", "sort": "oldest"}),
    ("记者 -发展 OR 经济", {"paper": "临河"}),
    ("记者 kind:article", {}),
    ("的 kind:广告", {}),
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    root = tmp_path_factory.mktemp("whoosh")
    # Three papers, two days across a new year: facets by paper and by year have several keys.
    generate_archive(root / "scans", papers=3, pages=12, pages_per_issue=2, seed=5, start=dt.date(2015, 12, 31))
    lib = root / "lib"
    with Library(lib) as library:
        import_pages(library, root / "scans")
        service = SearchService(lib)
        service.sync(library)
        articles = [a for i in library.issues() for p in library.pages(i.id) for a in library.articles(p.id)]
        pages = sorted(library.index_keys())
        # whoosh's documents are the articles FTS5 indexes, field for field.
        assert [article_doc(a) for a in library.articles_for_index(pages)] == [
            d for d in library_docs(library, pages) if d.kind == ARTICLE
        ]
        assert any(d.kind != ARTICLE for d in library_docs(library, pages))  # FTS5 holds blocks: kind matters
    bodies = [a.body for a in articles]
    sections = sorted({a.section for a in articles if a.section})
    build = build_whoosh(lib, root / "whoosh", WriterSettings(procs=1))
    assert build["articles"] == len(bodies) > 20
    whoosh = WhooshSearch(root / "whoosh", lib)
    yield service, whoosh, lib, bodies, sections
    whoosh.close()
    service.close()


def _substrings(bodies: list[str], count: int) -> list[str]:
    """Strings that occur in the archive: 1 to 6 characters without spaces or quotes."""
    rng = random.Random(11)
    out: list[str] = []
    while len(out) < count:
        body = rng.choice(bodies)
        n = rng.randint(1, 6)
        start = rng.randrange(max(1, len(body) - n))
        s = body[start : start + n]
        if s and not any(c.isspace() or c in '"＂' for c in s):
            out.append(f'"{s}"')
    return out


def _across_spaces(bodies: list[str], count: int) -> list[str]:
    """Quoted strings spanning a space of the text (OCR column wraps) whose last part has one character."""
    found = sorted({f'"{m.group(1)} {m.group(2)}"' for b in bodies for m in re.finditer(r'([^\s"]{1,3}) (\S)', b)})
    return random.Random(3).sample(found, min(count, len(found)))


def _same(service: SearchService, whoosh: WhooshSearch, lib: Path, query: str, kwargs: dict[str, Any]) -> int:
    fts_ids = fts5_ids(lib, query, kwargs)
    assert whoosh.ids(query, kwargs) == fts_ids, query
    counted = service.count(query, **fts_args(kwargs))
    assert counted.error is None, counted.error
    assert set(counted.facets["kind"]) <= {ARTICLE}, query
    total, facets = whoosh.count(query, kwargs)
    fts_facets = {k: counted.facets[k] for k in FACETS}
    assert (total, facets) == (counted.total, fts_facets) and total == len(fts_ids), query
    first = [h.article_id for h in whoosh.first_page(query, kwargs)]
    fts_first = [h.article_id for h in service.search(query, limit=20, count=False, **fts_args(kwargs)).hits]
    assert len(first) == len(fts_first) == min(20, total), query
    if kwargs.get("sort") in ("newest", "oldest") or not query.strip():
        assert first == fts_first, query
    assert set(first) <= fts_ids
    return total


def test_whoosh_finds_what_fts5_finds(engines: Engines) -> None:
    service, whoosh, lib, bodies, sections = engines
    spaced = _across_spaces(bodies, 10)
    assert len(spaced) == 10 and sections
    by_section = [f"section:{s[:2]}" for s in sections] + [f"section:{sections[0][-2:]} 的"]
    queries = [*QUERIES, *EXTRA, *((s, {}) for s in _substrings(bodies, 40) + spaced + by_section)]
    totals = [_same(service, whoosh, lib, q, k) for q, k in queries]
    assert sum(1 for t in totals if t) > len(queries) * 2 // 3  # the comparison is not of empty sets


def test_inlining_codec_across_writer_processes(
    engines: Engines, tmp_path: Path
) -> None:
    """``--inline`` and ``--optimize``: two writer processes, short posting lists inlined, one segment in the
    end, the same hits."""
    service, _, lib, _, _ = engines
    build = build_whoosh(lib, tmp_path / "ix", WriterSettings(procs=2, multisegment=True, inline=8, optimize=True))
    assert build["segments"] == 1
    whoosh = WhooshSearch(tmp_path / "ix", lib)
    try:
        inlined = [
            sub.reader().term_info("body", term).is_inlined()
            for sub, _ in whoosh.searcher.leaf_searchers()
            for term in list(sub.reader().lexicon("body"))[:200]
        ]
        assert any(inlined) and not all(inlined)
        for query, kwargs in [*QUERIES[:12], *EXTRA]:
            _same(service, whoosh, lib, query, kwargs)
    finally:
        whoosh.close()


def test_stock_whoosh_cannot_inline(tmp_path: Path) -> None:
    """The bug the InliningCodec works around (whoosh-reloaded 2.7.5): drop the codec once this fails."""
    from whoosh import fields, index
    from whoosh.codec.whoosh3 import W3Codec

    ix = index.create_in(str(tmp_path), fields.Schema(t=fields.TEXT()))
    writer = ix.writer(codec=W3Codec(inlinelimit=8))
    writer.add_document(t="short posting lists")
    with pytest.raises(AttributeError, match="set_inline"):
        writer.commit()
