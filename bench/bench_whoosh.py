"""whoosh beside SQLite FTS5: the same bigram tokens, the same articles, the same queries (why search is FTS5).

Run ``python -m bench.bench_whoosh --pages 1000`` with the ``bench`` extra installed (whoosh-reloaded). It uses
the archive and library of ``bench.bench_search`` under ``bench/out/`` (generating and importing them when
missing), builds a fresh FTS5 index of the library (``SearchService.sync``, the real path: articles and blocks)
and a whoosh index of the same articles with the same tokens (``reader.search.index.tokenize``: folded bigram
and unigram columns, and the jieba words that FTS5's ranking counts beside them), then runs
``bench_search.QUERIES`` on both, FTS5 restricted to articles (``kind="article"``): the first page of 20 hits
with snippets and the exact total with facets (paper, year). Each query's whoosh hits are checked against
FTS5's: the same article ids, total and facets. The FTS5 index also holds the pages' blocks (adverts,
captions, ...), which whoosh does not: its build time and size are for more documents than whoosh's.
Progress goes to stderr, results to stdout (and ``bench/out/whoosh-<pages>.json``).

whoosh-reloaded 2.7.5 never inlines short posting lists: ``W3PostingsWriter.finish_postings`` calls
``terminfo.set_inline``, but the method is ``set_inlined``, so any ``inlinelimit`` above 1 raises
AttributeError (in a writer process of ``procs > 1`` the error kills the process and its documents are lost
without an error in the parent). Were it called, merging segments would still fail: the inlined postings
of a field without per-posting values read back as "" where whoosh wants bytes or None. The stock behaviour
is measured by default; ``--inline N`` uses ``InliningCodec``, which fixes both.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

from whoosh import fields, index, sorting
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.matching import ListMatcher

from bench.bench_search import OUT, QUERIES, REPEAT, _pct, _size_mb, archive
from bench.machine import cpu_model
from reader.ingest.labels import normalize_page_label
from reader.library import Library
from reader.library.store import IndexArticle
from reader.paths import cache_dir
from reader.search import SearchService
from reader.search.analysis import phrase_tokens
from reader.search.compile import GRAM_WEIGHTS, WORD_WEIGHT, compile_query, folded_parts, highlight_patterns
from reader.search.fold import fold, fold_table
from reader.search.highlight import find_spans
from reader.search.index import (
    ARTICLE,
    BATCH_PAGES,
    FTS_COLUMNS,
    GRAM_COLUMNS,
    POOL_MIN_PAGES,
    UNI_COLUMNS,
    DocSource,
    Tokens,
    date_number,
    index_path,
    prepare_words,
    tokenize,
)
from reader.search.query import (
    TEXT_FIELDS,
    And,
    DateRange,
    Filter,
    Node,
    Not,
    Or,
    Text,
    kind_value,
    parse_date_range,
    parse_query,
)
from reader.search.service import Hit, make_snippet

log = logging.getLogger(__name__)
T = TypeVar("T")

FIELD_WEIGHTS = dict(zip(GRAM_COLUMNS, GRAM_WEIGHTS, strict=True))  # the FTS5 ranking's, as whoosh query boosts
UNI_FIELD = dict(zip(GRAM_COLUMNS, UNI_COLUMNS, strict=True))  # title -> title1 ...
WORD_FIELD = "words"  # the document's jieba words (as tokens): FTS5 keeps them beside its fts rows for ranking
FACETS = ("paper", "year")  # the facets compared; FTS5's "kind" is always {"article": total} here
SORTED = ("newest", "oldest")


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- the whoosh index ---------------------------------------------------------------------------------------


def whoosh_schema() -> fields.Schema:
    """Gram fields with positions (phrases), unigram and word fields without, filters and facets as columns."""
    grams = {f: fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True) for f in GRAM_COLUMNS}
    # The unigram and word columns are only ever single terms: no positions, as little as whoosh can store.
    singles = {f: fields.TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False) for f in (*UNI_COLUMNS, WORD_FIELD)}
    return fields.Schema(
        aid=fields.NUMERIC(int, bits=64, stored=True, sortable=True),
        paper=fields.ID(stored=True, sortable=True),
        section=fields.ID(),
        date=fields.NUMERIC(int, bits=32, stored=True, sortable=True),
        year=fields.ID(sortable=True),
        page=fields.ID(stored=True),
        **grams,
        **singles,
    )


class _InliningPostingsWriter(W3PostingsWriter):
    """W3PostingsWriter that inlines short posting lists into the term info, as its comments say it does."""

    def finish_postings(self) -> Any:
        if not self.written() and len(self) < self._inlinelimit:
            terminfo = self._terminfo
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)  # 2.7.5 calls set_inline: no such method
            self._terminfo = None
            return terminfo
        return super().finish_postings()


class _InlinedPostings(ListMatcher):
    """ListMatcher over inlined postings whose value is None when the format stores none, as on disk.

    Stock ListMatcher answers "" (text), and merging segments (optimize, or a commit that merges small
    segments) then fails on whoosh's assertion that a posting's value is bytes or None.
    """

    def value(self) -> Any:
        return super().value() if self._values else None


class InliningCodec(W3Codec):
    """The default whoosh codec with a working ``inlinelimit``: short posting lists are kept in the term index."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return _InlinedPostings(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)


@dataclass
class WriterSettings:
    """How the whoosh index is written (whoosh's own knobs)."""

    procs: int = 2  # writer processes (whoosh.multiproc.MpWriter when > 1)
    multisegment: bool = True  # keep one segment per process instead of merging them at commit
    limitmb: int = 256  # memory per writer process for the posting pool before it spills a sorted run
    batchsize: int = 100  # documents per job file handed to a writer process
    inline: int = 0  # inline posting lists shorter than this (InliningCodec); 0: stock whoosh (never inlines)
    optimize: bool = False  # merge the segments into one after the build (timed apart)

    def describe(self) -> str:
        codec = f"InliningCodec(inlinelimit={self.inline})" if self.inline > 1 else "stock codec (no inlining)"
        return (
            f"procs={self.procs}, multisegment={self.multisegment}, limitmb={self.limitmb},"
            f" batchsize={self.batchsize}, {codec}{', optimized to one segment' if self.optimize else ''}"
        )


def article_doc(art: IndexArticle) -> DocSource:
    """An article as ``reader.search.index.library_docs`` makes it a document to index (same fields, same text)."""
    return DocSource(
        ARTICLE,
        art.id,
        art.page_id,
        art.paper,
        date_number(art.date),
        art.page_label,
        art.section,
        (art.title or "", "\n".join(x for x in (art.kicker, art.subtitle) if x), art.byline or "", art.body or ""),
    )


def whoosh_doc(doc: DocSource, tokens: Tokens) -> dict[str, Any]:
    """A whoosh document from an article's ``DocSource`` and its ``tokenize`` tokens (FTS5's columns and words)."""
    out: dict[str, Any] = {k: v for k, v in zip(FTS_COLUMNS, tokens.columns, strict=True) if v != ""}
    if tokens.words:
        out[WORD_FIELD] = " ".join(tokens.words)
    out["aid"] = doc.item_id
    out["date"] = doc.date
    for name, value in (
        ("paper", doc.paper),
        ("section", doc.section),
        ("page", doc.page),
        ("year", str(doc.date // 10000) if doc.date else None),
    ):
        if value:  # an empty ID would be an empty term; a missing one reads as "" from its column
            out[name] = value
    return out


Progress = Callable[[int, int], None]


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (writer and tokeniser processes are joined)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def build_whoosh(
    lib_dir: Path, ix_dir: Path, settings: WriterSettings, progress: Progress | None = None
) -> dict[str, Any]:
    """Index every article of the library at ``lib_dir`` into a new whoosh index at ``ix_dir``; timings.

    The parent process reads the library and computes the tokens (the same ``tokenize`` as the FTS5 index);
    with ``procs > 1`` whoosh's writer processes do the indexing meanwhile.
    """
    shutil.rmtree(ix_dir, ignore_errors=True)
    ix_dir.mkdir(parents=True)
    ix = index.create_in(str(ix_dir), whoosh_schema())
    kwargs: dict[str, Any] = {"limitmb": settings.limitmb}
    if settings.inline > 1:
        kwargs["codec"] = InliningCodec(inlinelimit=settings.inline)
    cache = cache_dir(lib_dir)
    fold_table(cache)
    prepare_words(cache)  # jieba's words from the dictionary table, as the FTS5 sync's tokenisers have them
    started, cpu = time.perf_counter(), _cpu_s()
    if settings.procs > 1:
        writer = ix.writer(
            procs=settings.procs, multisegment=settings.multisegment, batchsize=settings.batchsize, **kwargs
        )
    else:
        writer = ix.writer(**kwargs)
    tokenise_s = 0.0
    articles = 0
    try:
        with Library(lib_dir) as library:
            pages = sorted(library.index_keys())
            for n in range(0, len(pages), BATCH_PAGES):
                batch = library.articles_for_index(pages[n : n + BATCH_PAGES])
                for art in batch:
                    t = time.perf_counter()
                    doc = article_doc(art)
                    tokens = tokenize(doc)
                    tokenise_s += time.perf_counter() - t
                    writer.add_document(**whoosh_doc(doc, tokens))
                articles += len(batch)
                if progress is not None:
                    progress(min(n + BATCH_PAGES, len(pages)), len(pages))
        added = time.perf_counter()
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    committed, cpu = time.perf_counter(), _cpu_s() - cpu
    optimize_s = 0.0
    if settings.optimize:
        ix = index.open_dir(str(ix_dir))
        ix.optimize(**kwargs)
        optimize_s = time.perf_counter() - committed
    ix = index.open_dir(str(ix_dir))
    if ix.doc_count() != articles:  # a writer process that dies loses its documents without an error here
        raise RuntimeError(f"whoosh index holds {ix.doc_count()} of {articles} articles: a writer process failed")
    seconds = committed - started
    return {
        "pages": len(pages),
        "articles": articles,
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu, 1),
        "pages_per_s": round(len(pages) / seconds, 1),
        "tokenise_s": round(tokenise_s, 1),
        "commit_wait_s": round(committed - added, 1),
        "optimize_s": round(optimize_s, 1),
        "segments": len(ix._segments()),
        "size_mb": round(_size_mb(ix_dir), 1),
    }


# -- queries: reader.search's AST as whoosh queries ---------------------------------------------------------


def _phrase(field: str, tokens: list[str]) -> wq.Query:
    return wq.Term(field, tokens[0]) if len(tokens) == 1 else wq.Phrase(field, tokens)


def text_query(leaf: Text) -> wq.Query:
    """The whoosh query of one exact string, as ``reader.search.compile.leaf_match`` writes it for FTS5."""
    parts = folded_parts(leaf)
    last = parts[-1]
    options: list[wq.Query] = []
    for f in (f for f in TEXT_FIELDS if f in leaf.fields):
        if len(parts) == 1 and len(last) == 1:
            q: wq.Query = wq.Term(UNI_FIELD[f], f"u{ord(last):x}")
        else:
            tokens = phrase_tokens(parts)
            if len(last) == 1:  # the last character ends its run (a unigram) or goes on in it (a bigram)
                code = f"{ord(last):x}"
                q = wq.Or(
                    [
                        wq.Phrase(f, [*tokens, f"u{code}"]),
                        wq.Sequence([*(wq.Term(f, t) for t in tokens), wq.Prefix(f, f"{code}x")]),
                    ]
                )
            else:
                q = _phrase(f, tokens)
        q.boost = FIELD_WEIGHTS[f]
        options.append(q)
    return options[0] if len(options) == 1 else wq.Or(options)


def _lexicon(searcher: Any, field: str) -> list[str]:
    return [t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in searcher.lexicon(field)]


def _filter_query(node: Filter | DateRange, searcher: Any) -> wq.Query:
    """A filter as a query that matches what the FTS5 SQL matches; it never adds to the score."""
    if isinstance(node, DateRange):
        q: wq.Query = wq.NumericRange("date", max(node.start, 1), node.end)  # undated (0) is in no range
    elif node.field in ("paper", "section"):
        # FTS5 tests instr(folded name, folded value): here, the names in the field's lexicon that contain it.
        want = fold(node.value)
        names = [n for n in _lexicon(searcher, node.field) if want in fold(n)]
        q = wq.Or([wq.Term(node.field, n) for n in names]) if names else wq.NullQuery
    elif node.field == "kind":  # whoosh holds only articles
        q = wq.Every() if node.value == ARTICLE else wq.NullQuery
    else:
        q = wq.Term("page", normalize_page_label(node.value) or node.value)
    return wq.ConstantScoreQuery(q, score=0.0)


def to_whoosh(node: Node, searcher: Any) -> wq.Query:
    """The whoosh query of a parsed query (reader.search.query's AST)."""
    if isinstance(node, Text):
        return text_query(node)
    if isinstance(node, Filter | DateRange):
        return _filter_query(node, searcher)
    if isinstance(node, Not):
        return wq.Not(to_whoosh(node.child, searcher))
    if isinstance(node, And):
        if not node.children:
            return wq.Every()
        children = [to_whoosh(c, searcher) for c in node.children]
        return children[0] if len(children) == 1 else wq.And(children)
    if isinstance(node, Or):
        return wq.Or([to_whoosh(c, searcher) for c in node.children])
    raise TypeError(node)


def fts_args(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A query's parameters for ``SearchService.search``: articles only, the population whoosh holds."""
    return {**kwargs, "kind": ARTICLE}


def extra_filters(kwargs: dict[str, Any]) -> list[Node]:
    """The filter parameters of ``SearchService.search`` (paper, date_from, date_to, page, kind) as AST nodes."""
    extra: list[Node] = []
    if kwargs.get("paper"):
        extra.append(Filter("paper", kwargs["paper"]))
    start = parse_date_range(kwargs["date_from"]).start if kwargs.get("date_from") else None
    end = parse_date_range(kwargs["date_to"]).end if kwargs.get("date_to") else None
    if start is not None or end is not None:
        extra.append(DateRange(start or 0, end or 99991231))
    if kwargs.get("page"):
        extra.append(Filter("page", kwargs["page"]))
    if kwargs.get("kind"):
        extra.append(Filter("kind", kind_value(kwargs["kind"])))
    return extra


def whole_query(query: str, kwargs: dict[str, Any]) -> Node:
    """The query AND its filter parameters, as ``compile_query`` combines them."""
    node = parse_query(query)
    extra = extra_filters(kwargs)
    if extra:
        node = And((node, *extra)) if not (isinstance(node, And) and not node.children) else And(tuple(extra))
    return node


class WhooshSearch:
    """Answers bench queries from a whoosh index as SearchService answers them from FTS5."""

    def __init__(self, ix_dir: Path, lib_dir: Path) -> None:
        self.ix = index.open_dir(str(ix_dir))
        self.searcher = self.ix.searcher()
        self.library = Library(lib_dir)
        self._aids = self.searcher.reader().column_reader("aid")  # only for the untimed id checks

    def close(self) -> None:
        self.searcher.close()
        self.library.close()

    def first_page(self, query: str, kwargs: dict[str, Any], limit: int = 20) -> list[Hit]:
        """The first ``limit`` hits with snippets: relevance (BM25F, field weights as boosts) or date order."""
        node = whole_query(query, kwargs)
        compiled = compile_query(node)  # the positive strings and their jieba words, as FTS5 ranking uses them
        q = to_whoosh(node, self.searcher)
        sort = kwargs.get("sort", "relevance")
        scored = not (sort in SORTED or not compiled.positive)
        if not scored:  # FTS5 orders by date when there is nothing to score
            newest = sort != "oldest"
            facets = [sorting.FieldFacet("date", reverse=newest), sorting.FieldFacet("aid", reverse=newest)]
            results = self.searcher.search(q, limit=limit, sortedby=facets)
        else:
            if compiled.word_tokens:  # whole jieba words add to the score, as in FTS5's ranking
                words = [wq.Term(WORD_FIELD, w) for w in compiled.word_tokens]
                q = wq.AndMaybe(q, wq.Or(words, boost=WORD_WEIGHT))
            results = self.searcher.search(q, limit=limit)
        patterns = highlight_patterns(compiled.positive)
        hits = []
        for hit in results:
            stored = hit.fields()
            art = self.library.article(stored["aid"])
            if art is None:
                continue
            snippet, spans = make_snippet(art.body, find_spans(art.body, patterns, "body"))
            day = stored.get("date") or 0
            hits.append(
                Hit(
                    stored["aid"],
                    stored.get("paper"),
                    f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}" if day else None,
                    stored.get("page"),
                    art.title,
                    snippet,
                    spans,
                    float(hit.score) if scored else 0.0,  # a sorted hit's "score" is its sort key
                    find_spans(art.title or "", patterns, "title"),
                )
            )
        return hits

    def count(self, query: str, kwargs: dict[str, Any]) -> tuple[int, dict[str, dict[Any, int]]]:
        """The exact total and the counts per paper and per year (whoosh's unscored collector with facets), keyed
        as ``SearchResult.facets``: paper name and int year, None when unknown."""
        q = to_whoosh(whole_query(query, kwargs), self.searcher)
        facets = {name: sorting.FieldFacet(name) for name in FACETS}
        results = self.searcher.search(q, limit=None, scored=False, groupedby=facets, maptype=sorting.Count)
        papers = {(str(k) if k else None): int(n) for k, n in results.groups("paper").items()}
        years = {(int(k) if k else None): int(n) for k, n in results.groups("year").items()}
        return len(results), {"paper": papers, "year": years}

    def ids(self, query: str, kwargs: dict[str, Any]) -> set[int]:
        """Every matching article id (for the correctness check, not timed)."""
        q = to_whoosh(whole_query(query, kwargs), self.searcher)
        return {int(self._aids[d]) for d in self.searcher.docs_for_query(q)}


def fts5_ids(lib_dir: Path, query: str, kwargs: dict[str, Any]) -> set[int]:
    """Every article id the FTS5 index matches with the service's article filter (for the check, not timed).

    It runs the compiled query's ``where`` over ``docs`` (live documents only), not the MATCH-first SQL that
    the service's counts and pages run: an independent path to the same set.
    """
    compiled = compile_query(whole_query(query, fts_args(kwargs)), rank_words=False)
    conn = sqlite3.connect(f"file:{index_path(lib_dir)}?mode=ro", uri=True)
    try:
        rows = conn.execute(f"SELECT d.kind, d.item_id FROM docs d WHERE {compiled.where}", compiled.params).fetchall()
    finally:
        conn.close()
    if any(kind != ARTICLE for kind, _ in rows):
        raise AssertionError(f"kind:article let blocks through for {query!r} {kwargs}")
    return {int(item) for _, item in rows}


# -- the benchmark ------------------------------------------------------------------------------------------


def prepare_library(pages: int, papers: int, seed: int) -> Path:
    """bench_search's library of the archive (``bench/out/lib-<pages>``), imported here when missing."""
    src, stats = archive(pages, papers, seed)
    lib_dir = OUT / f"lib-{pages}"
    if (lib_dir / "library.sqlite3").is_file():
        with Library(lib_dir) as library:
            if len(library.index_keys()) >= stats["pages"]:
                return lib_dir
        _log(f"{lib_dir} is incomplete: importing again")
    shutil.rmtree(lib_dir, ignore_errors=True)
    _log(f"importing {stats['pages']} pages into {lib_dir} (parse + store, no index)")
    with Library(lib_dir) as library:
        import_pages(library, src)
    return lib_dir


def import_pages(library: Library, folder: Path) -> None:
    """Parse and store the pages under ``folder`` as ``newsreader import`` does, without indexing them."""
    from reader.writer import new_importer

    new_importer(library).import_paths([folder])


def build_fts5(lib_dir: Path) -> dict[str, Any]:
    """A fresh FTS5 index of the library through the real path (``SearchService.sync``); timings."""
    shutil.rmtree(lib_dir / "search", ignore_errors=True)
    started, cpu = time.perf_counter(), _cpu_s()
    service = SearchService(lib_dir)
    report = service.sync()
    seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
    service.close()
    return {
        "pages": report.indexed_pages,
        "articles": report.articles,
        "blocks": report.blocks,  # indexed too (whoosh holds only the articles)
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu, 1),
        "pages_per_s": round(report.indexed_pages / seconds, 1),
        "size_mb": round(_size_mb(lib_dir / "search"), 1),
    }


def _stats(values: list[float]) -> dict[str, float]:
    return {"p50": round(_pct(values, 0.5), 1), "p95": round(_pct(values, 0.95), 1), "max": round(max(values), 1)}


def _ms(fn: Callable[[], T]) -> tuple[float, T]:
    t = time.perf_counter()
    value = fn()
    return (time.perf_counter() - t) * 1000, value


def time_queries(
    service: SearchService, whoosh: WhooshSearch, lib_dir: Path, repeat: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Both engines on every query, ``repeat`` times in turn, then the untimed check of what each found."""
    # Warm-up on both sides: jieba's dictionary, the page cache, whoosh's readers.
    service.search("发展", kind=ARTICLE)
    whoosh.first_page("发展", {})
    whoosh.count("发展", {})
    series: dict[str, list[float]] = {k: [] for k in ("fts_page", "fts_count", "wh_page", "wh_count")}
    per_query = []
    for n, (query, kwargs) in enumerate(QUERIES):
        times: dict[str, list[float]] = {k: [] for k in series}
        args = fts_args(kwargs)
        for _ in range(repeat):
            ms, fts_page = _ms(partial(service.search, query, limit=20, count=False, **args))
            times["fts_page"].append(ms)
            ms, fts_count = _ms(partial(service.count, query, **args))
            times["fts_count"].append(ms)
            if fts_page.error or fts_count.error:
                raise SystemExit(f"query {query!r} failed: {fts_page.error or fts_count.error}")
            ms, wh_page = _ms(partial(whoosh.first_page, query, kwargs))
            times["wh_page"].append(ms)
            ms, (wh_total, wh_facets) = _ms(partial(whoosh.count, query, kwargs))
            times["wh_count"].append(ms)
        for k, v in times.items():
            series[k] += v
        fts_set, wh_set = fts5_ids(lib_dir, query, kwargs), whoosh.ids(query, kwargs)
        fts_first = [h.article_id for h in fts_page.hits]
        wh_first = [h.article_id for h in wh_page]
        ranked = kwargs.get("sort", "relevance") not in SORTED and bool(compile_query(whole_query(query, kwargs),
                                                                                      rank_words=False).positive)
        problems = []
        if not (fts_count.total == wh_total == len(fts_set) == len(wh_set)):
            problems.append(
                f"totals FTS5 {fts_count.total} (ids {len(fts_set)}), whoosh {wh_total} (ids {len(wh_set)})"
            )
        if fts_set != wh_set:
            problems.append(f"{len(fts_set - wh_set)} ids only in FTS5, {len(wh_set - fts_set)} only in whoosh")
        fts_facets = {k: fts_count.facets[k] for k in FACETS}
        if fts_facets != wh_facets:
            problems.append(f"facets FTS5 {fts_facets}, whoosh {wh_facets}")
        if not ranked and fts_first != wh_first:
            problems.append("first pages in date order differ")
        if not set(wh_first) <= fts_set:
            problems.append("whoosh's first page has articles FTS5 does not match")
        per_query.append(
            {
                "query": query,
                "args": kwargs,
                "total": fts_count.total,
                "whoosh_total": wh_total,
                "ranked": ranked,
                "top20_overlap": len(set(fts_first) & set(wh_first)),
                "first_page": len(fts_first),
                "problems": problems,
                **{f"{k}_ms": round(statistics.median(v), 1) for k, v in times.items()},
            }
        )
        _log(f"query {n + 1}/{len(QUERIES)} {query!r} {kwargs}: {fts_count.total} hits"
             + (f"; MISMATCH: {'; '.join(problems)}" if problems else ""))  # fmt: skip
    stats = {k: _stats(v) for k, v in series.items()}
    return stats, per_query


def machine() -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "whoosh": version("whoosh-reloaded"),
    }


def index_name(pages: int, settings: WriterSettings) -> str:
    """The whoosh index folder (and result file) of a run: stock and inlining indexes are kept apart."""
    return f"whoosh-{pages}" + (f"-inline{settings.inline}" if settings.inline > 1 else "")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run(
    pages: int, papers: int, seed: int, settings: WriterSettings, repeat: int = REPEAT, reuse: bool = False
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": machine(),
        "load_start": _load(),
        "settings": asdict(settings),
    }
    lib_dir = prepare_library(pages, papers, seed)
    ix_dir = OUT / index_name(pages, settings)
    previous = OUT / f"{ix_dir.name}.json"
    old = json.loads(previous.read_text()) if reuse and previous.is_file() else None
    if old is not None and old.get("settings") == asdict(settings) and (lib_dir / "search").is_dir():
        _log(f"reusing the indexes of the last run ({previous})")
        result["fts5_build"], result["whoosh_build"] = old["fts5_build"], old["whoosh_build"]
        result["builds_from"] = f"the run of {old['started']}" if "started" in old else "an earlier run"
        with SearchService(lib_dir) as service:
            service.sync()  # catches up when the library changed since (normally nothing to do)
    else:
        _log(f"building the FTS5 index of {lib_dir}")
        result["fts5_build"] = build_fts5(lib_dir)
        _log(f"FTS5: {result['fts5_build']}")
        _log(f"building the whoosh index {ix_dir} ({settings.describe()})")
        step = max(1, pages // 10)
        marks: dict[str, int] = {"next": step}

        def progress(done: int, total: int) -> None:
            if done >= marks["next"] or done == total:
                marks["next"] = done + step
                _log(f"whoosh: {done}/{total} pages handed to the writer")

        result["whoosh_build"] = build_whoosh(lib_dir, ix_dir, settings, progress)
        _log(f"whoosh: {result['whoosh_build']}")
    with Library(lib_dir) as library:
        result["library"] = {"pages": len(library.index_keys())}
    service = SearchService(lib_dir)
    whoosh = WhooshSearch(ix_dir, lib_dir)
    try:
        _log(f"{len(QUERIES)} queries x {repeat} on both indexes")
        result["search"], result["per_query"] = time_queries(service, whoosh, lib_dir, repeat)
    finally:
        whoosh.close()
        service.close()
    result["repeat"] = repeat
    result["load_end"] = _load()
    return result


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (CJK characters take two)."""
    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cols)


def _ratio(a: float, b: float) -> str:
    """a / b as a factor, two digits below 1."""
    if b <= 0:
        return "-"
    r = a / b
    return f"{r:.2f}x" if r < 1 else f"{r:.1f}x"


def report(result: dict[str, Any], command: str) -> list[str]:
    """The printed summary: build, search percentiles with ratios, each query, the correctness check."""
    m, s, f, w = result["machine"], result["settings"], result["fts5_build"], result["whoosh_build"]
    per = result["per_query"]
    lines = [
        f"command: {command}",
        f"machine: {m['cpu']}, {m['cores']} cores, {m['system']}, Python {m['python']}, SQLite {m['sqlite']},"
        f" whoosh-reloaded {m['whoosh']}; load average (1/5/15 min) {result['load_start']} at the start,"
        f" {result['load_end']} at the end",
        f"library: {result['library']['pages']} pages, {w['articles']} articles, the same in both indexes"
        + (
            f"; FTS5 also indexes {f['blocks']} blocks (adverts, captions, ...), searched with kind=article"
            if f.get("blocks")
            else ""
        ),
        f"whoosh writer: {WriterSettings(**s).describe()}; {w['segments']} segment(s)",
        "",
        f"{'index build':26} {'FTS5':>10} {'whoosh':>10} {'whoosh/FTS5':>12}"
        + (f"   (--reuse: as measured by {result['builds_from']})" if "builds_from" in result else ""),
        f"{'  seconds':26} {f['seconds']:>10} {w['seconds']:>10} {_ratio(w['seconds'], f['seconds']):>12}",
        f"{'  CPU seconds (all procs)':26} {f.get('cpu_s', '-'):>10} {w.get('cpu_s', '-'):>10}"
        f" {_ratio(w['cpu_s'], f['cpu_s']) if 'cpu_s' in f and 'cpu_s' in w else '-':>12}",
        f"{'  pages/s':26} {f['pages_per_s']:>10} {w['pages_per_s']:>10}"
        f" {_ratio(w['pages_per_s'], f['pages_per_s']):>12}",
        f"{'  size MB':26} {f['size_mb']:>10} {w['size_mb']:>10} {_ratio(w['size_mb'], f['size_mb']):>12}",
        f"  FTS5: SearchService.sync into an empty index (tokens in up to {min(m['cores'] or 1, 4)} worker processes"
        f" from {POOL_MIN_PAGES} pages on). whoosh: tokens in the"
        f" parent ({w['tokenise_s']} s, sharing the cores with the writer processes), then waiting for the"
        f" writers {w['commit_wait_s']} s" + (f"; the optimize's {w['optimize_s']} s not included" if s["optimize"]
                                               else ""),
        "",
        f"{'search, ms (' + str(len(per)) + ' queries x ' + str(result['repeat']) + ')':30}"
        f" {'FTS5 p50/p95/max':>20} {'whoosh p50/p95/max':>22} {'whoosh/FTS5 p50/p95/max':>26}",
    ]
    for label, key in (("first page of 20 + snippets", "page"), ("exact total + facets", "count")):
        a, b = result["search"][f"fts_{key}"], result["search"][f"wh_{key}"]
        fa = f"{a['p50']}/{a['p95']}/{a['max']}"
        fb = f"{b['p50']}/{b['p95']}/{b['max']}"
        fr = "/".join(_ratio(b[p], a[p]) for p in ("p50", "p95", "max"))
        lines.append(f"  {label:28} {fa:>20} {fb:>22} {fr:>26}")
    lines += [
        "",
        f"{'per query, median ms':52} {'hits':>7} {'first page: FTS5':>17} {'whoosh':>8} {'ratio':>7}"
        f" {'total+facets: FTS5':>19} {'whoosh':>8} {'ratio':>7}",
    ]
    for q in per:
        label = f"{q['query']!r} {q['args'] or ''}".strip()
        lines.append(
            f"  {_pad(label, 50)} {q['total']:>7} {q['fts_page_ms']:>17} {q['wh_page_ms']:>8}"
            f" {_ratio(q['wh_page_ms'], q['fts_page_ms']):>7} {q['fts_count_ms']:>19} {q['wh_count_ms']:>8}"
            f" {_ratio(q['wh_count_ms'], q['fts_count_ms']):>7}" + ("  MISMATCH" if q["problems"] else "")
        )
    bad = [q for q in per if q["problems"]]
    ordered = [q for q in per if not q["ranked"] and q["first_page"]]
    same_order = sum(1 for q in ordered if not any(p.startswith("first pages") for p in q["problems"]))
    ranked = [q for q in per if q["ranked"] and q["first_page"]]
    overlap = statistics.median([q["top20_overlap"] for q in ranked]) if ranked else "-"
    lines += [
        "",
        f"check: {len(per) - len(bad)}/{len(per)} queries find the same article ids, total and facets in both;"
        f" first pages in date order identical in {same_order}/{len(ordered)}; relevance ranking (whoosh BM25F"
        f" vs FTS5 bm25) shares a median {overlap} of the top 20 over {len(ranked)} queries",
    ]
    lines += [f"  MISMATCH {q['query']!r} {q['args']}: {'; '.join(q['problems'])}" for q in bad]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_whoosh", description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--papers", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="whoosh writer processes")
    ap.add_argument("--single-segment", action="store_true", help="merge the writer processes' segments at commit")
    ap.add_argument("--limitmb", type=int, default=WriterSettings.limitmb, help="posting pool MB per process")
    ap.add_argument("--batchsize", type=int, default=WriterSettings.batchsize, help="documents per job file")
    ap.add_argument("--inline", type=int, default=0, metavar="N",
                    help="inline posting lists shorter than N (works around whoosh's set_inline bug)")
    ap.add_argument("--optimize", action="store_true", help="merge the whoosh index into one segment after the build")
    ap.add_argument("--repeat", type=int, default=REPEAT)
    ap.add_argument("--reuse", action="store_true", help="skip both builds: search the indexes of the last run")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = WriterSettings(args.procs, not args.single_segment, args.limitmb, args.batchsize, args.inline,
                              args.optimize)  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    result = run(args.pages, args.papers, args.seed, settings, args.repeat, args.reuse)
    (OUT / f"{index_name(args.pages, settings)}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        command = "python -m bench.bench_whoosh " + " ".join(sys.argv[1:] if argv is None else argv)
        print("\n".join(report(result, command.strip())))
    return 1 if any(q["problems"] for q in result["per_query"]) else 0


if __name__ == "__main__":
    # Run the imported module's main, not __main__'s copy: the whoosh schema and codec are pickled with the
    # index and must name classes that other processes (the tests, --reuse) can import.
    from bench import bench_whoosh

    sys.exit(bench_whoosh.main())
