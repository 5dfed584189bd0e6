"""Query AST to SQL over the index: FTS5 MATCH expressions for text, docid arithmetic and columns for filters.

Text is exact by construction (see ``reader.search.analysis``): a leaf's FTS5 phrase matches exactly the
documents whose folded field contains the string. Subtrees made only of text (with at least one positive
term where NOT appears) become one MATCH; the rest is combined in SQL over the ``docs`` table ``d``.
Dates, papers and "article or block" are read from the docid (``reader.search.index``), so those filters
cost no lookup; page, section and the block kinds are columns of ``docs``.

When the whole query is "text AND filters" (``Compiled.core``), the text is one MATCH over fts, the dates a
docid range FTS5 seeks to, and the other filters conditions on each matching docid: that is how ranked
queries, counts and newest/oldest run. Anything else (text under OR with a filter, a NOT of a filter, ...)
runs as ``Compiled.where`` over ``docs``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.ingest.labels import normalize_page_label
from reader.search.analysis import phrase_tokens, word_token
from reader.search.fold import fold
from reader.search.index import CODE_SHIFT, GRAM_COLUMNS, PAPER_CODES, UNI_COLUMNS, date_bounds
from reader.search.query import TEXT_FIELDS, And, DateRange, Filter, Node, Not, Or, Text

# bm25 weights per fts column: title, sub, byline, body, and their unigram columns.
GRAM_WEIGHTS = (4.0, 2.0, 1.0, 1.0)
WORD_WEIGHT = 0.5  # jieba-word bm25 relative to the exact-string bm25
BM25_GRAMS = "bm25(fts, {})".format(", ".join(map(str, (*GRAM_WEIGHTS, *GRAM_WEIGHTS))))
MAX_WORDS = 32
ALL_DOCIDS = (0, 2**62)

DocidSQL = Callable[[str], str]


def folded_parts(leaf: Text) -> list[str]:
    return [fold(p) for p in leaf.parts]


def leaf_match(leaf: Text) -> str:
    """The FTS5 expression of one exact string in its fields."""
    parts = folded_parts(leaf)
    fields = [f for f in TEXT_FIELDS if f in leaf.fields]
    last = parts[-1]
    if len(parts) == 1 and len(last) == 1:
        cols = [UNI_COLUMNS[GRAM_COLUMNS.index(f)] for f in fields]
        return '{{{}}} : "u{:x}"'.format(" ".join(cols), ord(last))
    columns = " ".join(fields)
    tokens = phrase_tokens(parts)
    if len(last) == 1:  # the last character either goes on in its run (a bigram) or ends it (a unigram)
        head = " ".join(tokens)
        code = f"{ord(last):x}"
        return f'{{{columns}}} : ("{head} u{code}" OR "{head} {code}x" *)'
    return '{{{}}} : "{}"'.format(columns, " ".join(tokens))


def _fts(node: Node) -> str | None:
    """One MATCH expression for ``node``, or None when it needs SQL (filters, or a NOT with nothing positive)."""
    if isinstance(node, Text):
        return leaf_match(node)
    if isinstance(node, Or):
        exprs = [_fts(c) for c in node.children]
        if any(e is None for e in exprs):
            return None
        return "(" + " OR ".join(f"({e})" for e in exprs) + ")"
    if isinstance(node, And):
        pos = [_fts(c) for c in node.children if not isinstance(c, Not)]
        neg = [_fts(c.child) for c in node.children if isinstance(c, Not)]
        if not pos or any(e is None for e in pos + neg):
            return None
        return "(" + " AND ".join(f"({e})" for e in pos) + ")" + "".join(f" NOT ({e})" for e in neg)
    return None


@dataclass
class Compiled:
    """A query as SQL, plus what ranking and highlighting need.

    ``where``/``params``: a condition over ``docs d`` for any query. ``core``: when the query is text AND
    filters, the text as one MATCH; ``lo``..``hi`` the docid range of its dates; ``rest`` a condition over
    the docid (``rest(expr)`` with ``expr`` the SQL of the docid) and, when ``rest_needs_docs``, over
    ``docs d`` joined on it.
    """

    where: str
    params: list[object] = field(default_factory=list)
    core: str | None = None
    lo: int = ALL_DOCIDS[0]
    hi: int = ALL_DOCIDS[1]
    rest: DocidSQL = field(default=lambda docid: "1")
    rest_params: list[object] = field(default_factory=list)
    rest_needs_docs: bool = False
    core_node: Node | None = None  # the text part that ``core`` matches
    rank_match: str | None = None  # OR of the positive text leaves
    positive: list[Text] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # jieba words of the positive strings
    word_tokens: list[str] = field(default_factory=list)
    has_text: bool = False  # blocks are found only by text (or a kind: filter); listings show articles


class _Sql:
    """SQL of filter nodes over a docid expression (and ``docs d`` for page, section and block kinds)."""

    def __init__(self, docid: str) -> None:
        self.docid = docid
        self.needs_docs = False

    def node(self, node: Node, params: list[object]) -> str:
        expr = _fts(node)
        if expr is not None:
            params.append(expr)
            return f"{self.docid} IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
        if isinstance(node, And):
            if not node.children:
                return "1"
            # Merge the text children into one MATCH where possible, the rest in SQL.
            texts = [c for c in node.children if isinstance(c, Text | Or) and _fts(c) is not None]
            negs = [c for c in node.children if isinstance(c, Not) and _fts(c.child) is not None]
            rest = [c for c in node.children if c not in texts and c not in negs]
            clauses = []
            if texts:
                params.append(_fts(And(tuple(texts) + tuple(negs))))
                clauses.append(f"{self.docid} IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            else:
                rest += negs
            clauses += [self.node(c, params) for c in rest]
            return "(" + " AND ".join(clauses) + ")"
        if isinstance(node, Or):
            return "(" + " OR ".join(self.node(c, params) for c in node.children) + ")"
        if isinstance(node, Not):
            return f"NOT ({self.node(node.child, params)})"
        if isinstance(node, DateRange):
            lo, hi = date_bounds(node.start, node.end)
            params += [lo, hi]
            return f"({self.docid} BETWEEN ? AND ?)"
        if isinstance(node, Filter):
            return self.filter(node, params)
        raise TypeError(node)

    def filter(self, node: Filter, params: list[object]) -> str:
        if node.field == "paper":
            params.append(fold(node.value))
            return (
                f"(({self.docid} >> {CODE_SHIFT}) & {PAPER_CODES - 1} IN"
                " (SELECT code FROM papers WHERE instr(name_key, ?) > 0))"
            )
        if node.field == "kind":
            if node.value in ("article", "block"):
                return f"({self.docid} & 1 = {int(node.value == 'block')})"
            self.needs_docs = True
            params.append(node.value)
            # a block kind: the docid's block bit first, so that no article is looked up (的 kind:caption:
            # 1,861 of 168,240 matches, and about 60 % of them articles)
            return f"({self.docid} & 1 = 1 AND d.kind = ?)"
        self.needs_docs = True
        if node.field == "section":
            params.append(fold(node.value))
            return "(instr(d.section_key, ?) > 0)"
        params.append(normalize_page_label(node.value) or node.value)
        return "(d.page = ?)"


def positive_leaves(node: Node) -> list[Text]:
    """The text leaves that are not under a NOT: what a hit is highlighted with and ranked by."""
    out: list[Text] = []

    def walk(n: Node) -> None:
        if isinstance(n, Text):
            out.append(n)
        elif isinstance(n, And | Or):
            for c in n.children:
                walk(c)

    walk(node)
    return out


def _has_kind(node: Node) -> bool:
    if isinstance(node, Filter):
        return node.field == "kind"
    if isinstance(node, And | Or):
        return any(_has_kind(c) for c in node.children)
    if isinstance(node, Not):
        return _has_kind(node.child)
    return False


_WORDY = re.compile(r"\w")


def compile_query(node: Node, extra: list[Node] | None = None, *, rank_words: bool = True) -> Compiled:
    """SQL for ``node`` AND the ``extra`` filter nodes (parameters of the search call).

    A query without a positive string and without ``kind:`` lists articles only (blocks are there to be
    found by their text). ``rank_words=False`` skips the jieba words (only ranking uses them).
    """
    if extra:
        node = And((node, *extra)) if not (isinstance(node, And) and not node.children) else And(tuple(extra))
    positive = positive_leaves(node)
    has_text = bool(positive)
    if not has_text and not _has_kind(node):
        articles = Filter("kind", "article")
        node = And((*node.children, articles)) if isinstance(node, And) else And((node, articles))
    params: list[object] = []
    outer = _Sql("d.docid")
    where = outer.node(node, params)
    rank = " OR ".join(f"({leaf_match(t)})" for t in positive) if positive else None
    words: list[str] = []
    if positive and rank_words:
        from reader.search.words import lcut

        for t in positive:
            for w in lcut(" ".join(folded_parts(t))):
                if w not in words and _WORDY.search(w):
                    words.append(w)
        words = words[:MAX_WORDS]
    compiled = Compiled(where, params, rank_match=rank, positive=positive, words=words,
                        word_tokens=[word_token(w) for w in words], has_text=has_text)
    _split(node, compiled)
    return compiled


def _split(node: Node, c: Compiled) -> None:
    """Fill ``c.core`` and its filters when every hit must match one MATCH and the rest is AND-ed filters."""
    whole = _fts(node)
    if whole is not None:
        c.core, c.core_node = whole, node
        return
    if not isinstance(node, And):
        return
    texts = [ch for ch in node.children if not isinstance(ch, Not) and _fts(ch) is not None]
    negs = [ch for ch in node.children if isinstance(ch, Not) and _fts(ch.child) is not None]
    if not texts:
        return
    rest = [ch for ch in node.children if ch not in texts and ch not in negs]
    lo, hi = ALL_DOCIDS
    others = []
    for ch in rest:
        if isinstance(ch, DateRange):  # AND-ed dates narrow the range FTS5 seeks to
            a, b = date_bounds(ch.start, ch.end)
            lo, hi = max(lo, a), min(hi, b)
        else:
            others.append(ch)
    c.core_node = And(tuple(texts) + tuple(negs))
    c.core = _fts(c.core_node)
    c.lo, c.hi = lo, hi

    def rest_sql(docid: str) -> str:
        sql = _Sql(docid)
        params: list[object] = []
        text = " AND ".join(sql.node(ch, params) for ch in others) or "1"
        c.rest_params, c.rest_needs_docs = params, sql.needs_docs
        return text

    rest_sql("r.id")  # fills rest_params and rest_needs_docs
    c.rest = rest_sql


def highlight_patterns(positive: list[Text]) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """(fields, regex over folded text) of each positive string; whitespace between parts matches any run."""
    out = []
    for t in positive:
        pattern = r"\s+".join(re.escape(p) for p in folded_parts(t))
        out.append((t.fields, re.compile(pattern)))
    return out


__all__ = ["Compiled", "compile_query", "highlight_patterns", "leaf_match", "positive_leaves"]
