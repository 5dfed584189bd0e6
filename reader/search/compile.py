"""Query AST to SQL over the index: FTS5 MATCH expressions for text, column tests for filters.

Text is exact by construction (see ``reader.search.analysis``): a leaf's FTS5 phrase matches exactly the
articles whose folded field contains the string. Subtrees made only of text (with at least one positive
term where NOT appears) become one MATCH; the rest is combined in SQL over the ``docs`` table ``d``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.ingest.labels import normalize_page_label
from reader.search.analysis import jieba_words, phrase_tokens, word_token
from reader.search.fold import fold
from reader.search.index import GRAM_COLUMNS, UNI_COLUMNS
from reader.search.query import TEXT_FIELDS, And, DateRange, Filter, Node, Not, Or, Text

# bm25 weights per fts column: title, sub, byline, body, their unigram columns, words.
GRAM_WEIGHTS = (4.0, 2.0, 1.0, 1.0)
BM25_GRAMS = "bm25(fts, {})".format(", ".join(map(str, (*GRAM_WEIGHTS, *GRAM_WEIGHTS, 0.0))))
BM25_WORDS = "bm25(fts, {})".format(", ".join(["0.0"] * 8 + ["1.0"]))


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
    """A query as SQL: ``where`` over ``docs d`` with its parameters, plus what ranking needs."""

    where: str
    params: list[object] = field(default_factory=list)
    core_match: str | None = None  # when the query is "text AND rest": the text part as one MATCH...
    rest_where: str = "1"  # ...and the rest as SQL over d, with rest_params
    rest_params: list[object] = field(default_factory=list)
    rank_match: str | None = None  # OR of the positive text leaves
    rank_covers: bool = False  # every hit matches rank_match
    positive: list[Text] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # jieba words of the positive strings, as tokens


def _sql(node: Node, params: list[object]) -> str:
    expr = _fts(node)
    if expr is not None:
        params.append(expr)
        return "d.article_id IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
    if isinstance(node, And):
        if not node.children:
            return "1"
        # Merge the text children into one MATCH where possible, the rest in SQL.
        texts = [c for c in node.children if isinstance(c, Text | Or) and _fts(c) is not None]
        negs = [c for c in node.children if isinstance(c, Not) and _fts(c.child) is not None]
        rest = [c for c in node.children if c not in texts and c not in negs]
        clauses = []
        if texts:
            merged = _fts(And(tuple(texts) + tuple(negs)))
            params.append(merged)
            clauses.append("d.article_id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        else:
            rest += negs
        clauses += [_sql(c, params) for c in rest]
        return "(" + " AND ".join(clauses) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(_sql(c, params) for c in node.children) + ")"
    if isinstance(node, Not):
        return f"NOT ({_sql(node.child, params)})"
    if isinstance(node, DateRange):
        params += [node.start, node.end]
        return "(d.date BETWEEN ? AND ?)"
    if isinstance(node, Filter):
        if node.field == "paper":
            params.append(fold(node.value))
            return "(instr(d.paper_key, ?) > 0)"
        if node.field == "section":
            params.append(fold(node.value))
            return "(instr(d.section_key, ?) > 0)"
        params.append(normalize_page_label(node.value) or node.value)
        return "(d.page = ?)"
    if isinstance(node, Text):
        params.append(leaf_match(node))
        return "d.article_id IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
    raise TypeError(node)


def _positive(node: Node, out: list[Text]) -> None:
    if isinstance(node, Text):
        out.append(node)
    elif isinstance(node, And | Or):
        for c in node.children:
            _positive(c, out)


def _covers(node: Node) -> bool:
    if isinstance(node, Text):
        return True
    if isinstance(node, And):
        return any(_covers(c) for c in node.children)
    if isinstance(node, Or):
        return all(_covers(c) for c in node.children)
    return False


_WORDY = re.compile(r"\w")


def compile_query(node: Node, extra: list[Node] | None = None, *, rank_words: bool = True) -> Compiled:
    """SQL for ``node`` AND the ``extra`` filter nodes (parameters of the search call).

    ``rank_words=False`` skips jieba (only ranking uses its words), e.g. to highlight hits on the GUI thread.
    """
    if extra:
        node = And((node, *extra)) if not (isinstance(node, And) and not node.children) else And(tuple(extra))
    params: list[object] = []
    where = _sql(node, params)
    positive: list[Text] = []
    _positive(node, positive)
    rank = " OR ".join(f"({leaf_match(t)})" for t in positive) if positive else None
    words: list[str] = []
    if positive and rank_words:
        for t in positive:
            for w in jieba_words(" ".join(folded_parts(t))):
                token = word_token(w)
                if token not in words and _WORDY.search(w):
                    words.append(token)
    core, rest, rest_params = _split(node)
    return Compiled(where, params, core, rest, rest_params, rank, _covers(node), positive, words[:32])


def _split(node: Node) -> tuple[str | None, str, list[object]]:
    """(one MATCH for the text part, SQL for the rest, its params) when every hit must match that text."""
    whole = _fts(node)
    if whole is not None:
        return whole, "1", []
    if not isinstance(node, And):
        return None, "1", []
    texts = [c for c in node.children if not isinstance(c, Not) and _fts(c) is not None]
    negs = [c for c in node.children if isinstance(c, Not) and _fts(c.child) is not None]
    if not texts:
        return None, "1", []
    core = _fts(And(tuple(texts) + tuple(negs)))
    rest = [c for c in node.children if c not in texts and c not in negs]
    params: list[object] = []
    where = " AND ".join(_sql(c, params) for c in rest) or "1"
    return core, where, params


def highlight_patterns(positive: list[Text]) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """(fields, regex over folded text) of each positive string; whitespace between parts matches any run."""
    out = []
    for t in positive:
        pattern = r"\s+".join(re.escape(p) for p in folded_parts(t))
        out.append((t.fields, re.compile(pattern)))
    return out
