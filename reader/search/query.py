"""The search syntax: a hand-written tokenizer and parser from what a user types to a small AST.

Grammar (documented for users in the README)::

    query   := clause*                 clauses separated by spaces must all match
    clause  := unary ("OR" unary)*     OR binds tighter than the implicit AND: a b OR c = a AND (b OR c)
    unary   := ("-" | "NOT") unary | term
    term    := [field ":"] (WORD | "quoted phrase")

A WORD or phrase matches as an exact string (after folding). Fields: title, sub (kicker, subtitle),
byline (author), body restrict the text fields; paper, page, section, kind and date are filters; date
takes 2020, 2020-04, 2020-04-01 or a range A..B of those (either end may be left open; a document of unknown
date is in no range); kind takes article, block or a block kind, in English or Chinese (广告, 导读, ...).
Parentheses, colons after unknown names and everything else are literal text. Anything malformed raises
``QueryError`` with a message for the user, and nothing else is ever raised.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

TEXT_FIELDS = ("title", "sub", "byline", "body")
FIELD_ALIASES = {
    "title": "title",
    "sub": "sub",
    "kicker": "sub",
    "subtitle": "sub",
    "byline": "byline",
    "author": "byline",
    "body": "body",
    "paper": "paper",
    "page": "page",
    "section": "section",
    "date": "date",
    "kind": "kind",
}
FILTER_FIELDS = ("paper", "page", "section", "kind")
# kind: values (English and the Chinese labels the reader shows) -> the stored kind; "block" is any non-article.
KIND_NAMES = {
    "article": "article", "articles": "article", "文章": "article",
    "block": "block", "blocks": "block", "非文章": "block",
    "masthead": "masthead", "报头": "masthead",
    "advert": "advert", "adverts": "advert", "ad": "advert", "ads": "advert", "广告": "advert",
    "index": "index", "teaser": "index", "teasers": "index", "导读": "index",
    "caption": "caption", "captions": "caption", "图片说明": "caption", "图说": "caption",
    "footer": "footer", "页脚": "footer",
    "section": "section", "栏目": "section",
    "table": "table", "tables": "table", "表格": "table",
    "noise": "noise", "杂项": "noise",
}  # fmt: skip
KIND_LABELS = {
    "article": "文章", "masthead": "报头", "advert": "广告", "index": "导读", "caption": "图片说明",
    "footer": "页脚", "section": "栏目", "table": "表格", "noise": "杂项",
}  # fmt: skip
_EXAMPLES = {
    "date": "date:2020-04", "paper": "paper:许昌日报", "page": "page:2", "section": "section:要闻",
    "kind": "kind:广告", "title": "title:脱贫", "sub": "sub:访谈", "byline": "byline:王", "body": "body:疫情",
}  # fmt: skip
MAX_QUERY_CHARS = 2000
MAX_TERMS = 64


class QueryError(ValueError):
    """A query the user must fix; the message says what is wrong and how to write it."""


@dataclass(frozen=True)
class Text:
    """An exact string (whitespace-separated parts, as typed) in some text fields."""

    parts: tuple[str, ...]
    fields: tuple[str, ...] = TEXT_FIELDS

    @property
    def display(self) -> str:
        return " ".join(self.parts)


@dataclass(frozen=True)
class Filter:
    """An exact value of a filter field: paper (a part of a name), page label or section."""

    field: str
    value: str


@dataclass(frozen=True)
class DateRange:
    """Dates from ``start`` to ``end`` inclusive, as yyyymmdd integers."""

    start: int
    end: int


@dataclass(frozen=True)
class And:
    """All children match; an empty And matches every article."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any child matches."""

    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The child does not match."""

    child: Node


Node = Text | Filter | DateRange | And | Or | Not
MATCH_ALL = And(())

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word", "or", "not", "and"
    text: str = ""
    quoted: bool = False
    field: str | None = None
    negated: bool = False


def _tokenize(query: str) -> list[_Tok]:
    """Split the query into words, quoted phrases and operators."""
    s = query.translate(_WIDTH)  # full-width ＂ － ： typed with a Chinese input method work as operators
    toks: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        if s[i].isspace():
            i += 1
            continue
        start = i
        negated = False
        if s[i] == "-" and i + 1 < n and not s[i + 1].isspace():
            negated = True
            i += 1
        # An optional known field name and a colon.
        field = None
        m = re.match(r"([A-Za-z]+):", s[i:])
        if m and m.group(1).lower() in FIELD_ALIASES:
            field = FIELD_ALIASES[m.group(1).lower()]
            i += m.end()
        if i < n and s[i] == '"':
            end = s.find('"', i + 1)
            if end < 0:
                raise QueryError(f'a quotation mark is not closed: {s[start:]!r}; add the closing "')
            toks.append(_Tok("word", s[i + 1 : end], True, field, negated))
            i = end + 1
            continue
        j = i
        while j < n and not s[j].isspace():
            j += 1
        word = s[i:j]
        i = j
        if field is not None and not word:
            name = m.group(1) if m else field
            example = _EXAMPLES.get(field, f"{field}:许昌").replace(f"{field}:", f"{name}:", 1)
            raise QueryError(f"'{name}:' needs a value right after the colon, e.g. {example}")
        if not negated and field is None and word in ("OR", "AND", "NOT"):
            toks.append(_Tok(word.lower()))
            continue
        if '"' in word:
            raise QueryError(f"a quotation mark inside a word: {word!r}; put the whole phrase in quotes")
        toks.append(_Tok("word", word, False, field, negated))
    return toks


class _Parser:
    """Recursive descent over the token list."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.pos = 0
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse(self) -> Node:
        clauses: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "and":
                self.pos += 1
                if not clauses or self.peek() is None:
                    raise QueryError(
                        "AND needs a word on each side (words separated by spaces must all match)"
                    )
                continue
            if tok.kind == "or":
                raise QueryError("OR needs a word on each side, e.g. 许昌 OR 郑州")
            clauses.append(self.clause())
        if len(clauses) == 1:
            return clauses[0]
        return And(tuple(clauses))

    def clause(self) -> Node:
        options = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and"):
                raise QueryError("OR needs a word on each side, e.g. 许昌 OR 郑州")
            options.append(self.unary())
        return options[0] if len(options) == 1 else Or(tuple(options))

    def unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise QueryError("the query ends too early")
        if tok.kind == "not":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and", "not"):
                raise QueryError("NOT needs a word after it, e.g. 许昌 NOT 郑州")
            return Not(self.unary())
        if tok.kind != "word":
            raise QueryError(
                f'{tok.kind.upper()} cannot stand here; search it as a word with quotes: "{tok.kind.upper()}"'
            )
        self.pos += 1
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many search terms (more than {MAX_TERMS})")
        node = _term(tok)
        return Not(node) if tok.negated else node


def _term(tok: _Tok) -> Node:
    if tok.field == "date":
        return parse_date_range(tok.text)
    if tok.field in FILTER_FIELDS:
        value = " ".join(tok.text.split())
        if not value:
            raise QueryError(f"'{tok.field}:' needs a value, e.g. {_EXAMPLES[tok.field]}")
        if tok.field == "kind":
            return Filter("kind", kind_value(value))
        return Filter(tok.field, value)
    parts = tuple(tok.text.split())
    if not parts:
        raise QueryError('an empty phrase "" finds nothing: put words between the quotes')
    fields = (tok.field,) if tok.field else TEXT_FIELDS
    return Text(parts, fields)


def kind_value(text: str) -> str:
    """The stored kind a ``kind:`` value names (article, block, advert, ...), or a QueryError listing them."""
    kind = KIND_NAMES.get(text.strip().lower())
    if kind is None:
        names = ", ".join(f"{k} ({v})" for k, v in KIND_LABELS.items())
        raise QueryError(f"no kind {text!r}: use one of {names}, or block for any of them but article")
    return kind


_DATE_RE = re.compile(r"^(\d{4})(?:[-/.]?(\d{1,2})(?:[-/.]?(\d{1,2}))?)?$")


def _date_bound(text: str, end: bool) -> int:
    """yyyymmdd of the first (or, with ``end``, last) day that ``text`` (2020, 2020-04, 2020-04-01) names."""
    m = _DATE_RE.match(text.strip())
    if not m:
        raise QueryError(
            f"not a date: {text!r}; write date:2020, date:2020-04, date:2020-04-01 or date:2020-04..2020-06"
        )
    year = int(m.group(1))
    if m.group(2) is None:
        return year * 10000 + (1231 if end else 101)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        raise QueryError(f"no month {month} in {text!r}: months go from 1 to 12")
    if m.group(3) is None:
        last = calendar.monthrange(year, month)[1] if year > 0 else 31
        return year * 10000 + month * 100 + (last if end else 1)
    day = int(m.group(3))
    if year == 0 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise QueryError(f"no such day: {text!r}")
    return year * 10000 + month * 100 + day


def parse_date_range(text: str) -> DateRange:
    """date:2020, date:2020-04, date:2020-04-01, date:A..B (A or B may be omitted)."""
    if ".." in text:
        left, _, right = text.partition("..")
        if not left.strip() and not right.strip():
            raise QueryError("a date range needs at least one end, e.g. date:2020-04..2020-06")
        start = _date_bound(left, end=False) if left.strip() else 0
        stop = _date_bound(right, end=True) if right.strip() else 99991231
    else:
        start, stop = _date_bound(text, end=False), _date_bound(text, end=True)
    if start > stop:
        raise QueryError(f"the date range {text!r} ends before it starts")
    return DateRange(start, stop)


def parse_query(query: str) -> Node:
    """The AST of ``query``; an empty query matches every article. Raises only ``QueryError``."""
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long (more than {MAX_QUERY_CHARS} characters)")
    try:
        toks = _tokenize(query)
        if not toks:
            return MATCH_ALL
        return _Parser(toks).parse()
    except QueryError:
        raise
    except RecursionError:
        raise QueryError("the query nests too deeply (too many NOTs in a row)") from None
    except Exception as exc:  # a parser bug must still reach the user as a message, never a traceback
        raise QueryError(f"cannot read this query ({exc.__class__.__name__}); try simpler words") from exc
