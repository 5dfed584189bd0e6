"""Score the page parser against hand-checked truth: title recall, segment accuracy, bylines and more.

A truth file (``*.truth.json``) describes one page as the ordered list of its pieces. Each piece starts at a
text anchor (``"at"``, a snippet copied from the page; whitespace is ignored when searching) and runs to the
next piece's anchor, so the pieces cover the page. A piece may end earlier (``"to"``: its last snippet) or
own extra ranges elsewhere (``"also": [[from, to], ...]``, for columns the OCR interleaved)::

    {"text": "h01_wire_front.txt",
     "meta": {"paper": "申報", "date": "1936-05-03", "issue_number": 2105},
     "items": [
       {"kind": "masthead", "at": "申報"},
       {"kind": "article", "at": "中央全會昨閉幕", "title": "中央全會昨閉幕", "dateline": "（南京五日中央社電）"},
       {"kind": "advert", "at": "五洲大藥房"}]}

Article fields: ``title``, ``byline``, ``dateline``, ``series`` (``{"title", "number", "chapter"}``),
``verse`` (true for poems), ``subheads`` (the run-in heads of a news-brief column). Missing fields mean
"none". Measures (``score_page``, summed by ``score_set``):

- **segment accuracy**: truth articles matched by a predicted article, where a match means that at least
  80 % of the truth article's characters and 80 % of the predicted article's characters are shared
  (non-whitespace characters of the page, counted through the spans);
- **article precision**: predicted articles that match a truth article;
- **title recall**: truth titles equal to the title of some predicted article on the page (whitespace,
  width and quote style ignored);
- **bylines correct**: truth articles whose matched article has the same byline (none = none); unmatched
  articles count as wrong; the same for datelines (over articles with a dateline), series and verse;
- **bad titles**: predicted titles that are a parenthesised name, a telegraph dateline, or a byline or
  dateline of the truth;
- **empty articles**: predicted articles without any body text;
- **adverts found**: truth adverts with at least 80 % of their characters in predicted advert blocks.

Run ``python -m bench.score_pages [SET|DIR|FILE ...] [--json] [-v]``; SET is ``samples`` (the bundled
modern pages), ``historical`` (the pages the parser was tuned on) or ``heldout`` (written after tuning).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from reader.ingest.issues import resolve_issues
from reader.ingest.model import Article, Block, BlockKind, ParsedPage
from reader.ingest.page import PageParser

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "samples": ROOT / "tests" / "truth" / "samples",
    "historical": ROOT / "tests" / "historical" / "tuned",
    "heldout": ROOT / "tests" / "historical" / "heldout",
}
SAMPLES_DIR = ROOT / "resources" / "samples"
AGREE = 0.8  # share of characters both articles must have in common to count as the same article

_QUOTES = str.maketrans({c: '"' for c in "“”„‟『』「」〝〞＂'‘’"})
_PAREN_NAME_RE = re.compile(r"^[(（〔][^()（）〔〕]{1,20}[)）〕]$")
_DATELINE_TITLE_RE = re.compile(r"^[(（]?[^，。,]{0,16}(?:電|电|特訊|特讯|專訊|专讯)[)）]?$")


def norm(text: str | None) -> str:
    """Comparable form of a title or byline: NFKC, no whitespace, one quote style."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


def _fold_char(ch: str) -> str:
    """One character in a width- and quote-neutral form (always one character: offsets stay put)."""
    folded = unicodedata.normalize("NFKC", ch)
    return (folded if len(folded) == 1 else ch).translate(_QUOTES)


class TruthError(ValueError):
    """A truth file that does not fit its page (an anchor not found, a bad field)."""


@dataclass
class TruthItem:
    """One piece of a page as a careful reader sees it."""

    kind: str  # "article" or a BlockKind value
    at: str
    to: str | None = None
    also: list[list[str]] = field(default_factory=list)
    title: str | None = None
    kicker: str | None = None
    byline: str | None = None
    dateline: str | None = None
    series: dict[str, Any] | None = None
    verse: bool = False
    subheads: list[str] | None = None  # run-in heads of a news-brief column, in order
    note: str | None = None  # free text for the reader of the truth file


@dataclass
class PageTruth:
    """A page's text and its truth."""

    path: Path  # the truth file
    text_path: Path
    text: str
    items: list[TruthItem]
    meta: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None  # what sort of page ("wire front page", "supplement", ...)
    issue_group: str | None = None  # pages of one group are resolved together, as pages of one folder


_ITEM_FIELDS = {f.name for f in fields(TruthItem)}


def load_truth(path: Path) -> PageTruth:
    data = json.loads(path.read_text(encoding="utf-8"))
    name = data["text"]
    text_path = (path.parent / name) if (path.parent / name).exists() else SAMPLES_DIR / name
    if not text_path.exists():
        matches = sorted(SAMPLES_DIR.glob(f"{name}_*.txt"))
        if len(matches) != 1:
            raise TruthError(f"{path}: no page {name!r}")
        text_path = matches[0]
    items = []
    for raw in data["items"]:
        unknown = set(raw) - _ITEM_FIELDS
        if unknown:
            raise TruthError(f"{path}: unknown fields {sorted(unknown)} in {raw}")
        items.append(TruthItem(**raw))
    text = text_path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return PageTruth(path, text_path, text, items, data.get("meta", {}), data.get("kind"), data.get("issue_group"))


# -- characters ------------------------------------------------------------------------------------------


class _Chars:
    """The page's non-whitespace characters, with offsets mapped both ways."""

    def __init__(self, text: str) -> None:
        self.positions = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.compact = "".join(_fold_char(text[i]) for i in self.positions)
        self.before = [0] * (len(text) + 1)  # non-whitespace characters before each offset
        n = 0
        for i, ch in enumerate(text):
            self.before[i] = n
            n += not ch.isspace()
        self.before[len(text)] = n

    def find(self, anchor: str, start: int, where: str) -> int:
        needle = "".join(_fold_char(c) for c in "".join(anchor.split()))
        if not needle:
            raise TruthError(f"{where}: empty anchor")
        pos = self.compact.find(needle, start)
        if pos < 0:
            raise TruthError(f"{where}: anchor {anchor!r} not found")
        return pos

    def span_range(self, start: int, end: int) -> range:
        return range(self.before[start], self.before[end])


def truth_owners(truth: PageTruth, chars: _Chars) -> list[int]:
    """For each non-whitespace character, the index of the truth item owning it (-1: none)."""
    owner = [-1] * len(chars.compact)
    starts: list[int] = []
    pos = 0
    for k, item in enumerate(truth.items):
        pos = chars.find(item.at, pos, f"{truth.path.name} item {k}")
        starts.append(pos)
        pos += 1
    for k, item in enumerate(truth.items):
        end = starts[k + 1] if k + 1 < len(starts) else len(owner)
        if item.to is not None:
            to = chars.find(item.to, starts[k], f"{truth.path.name} item {k} 'to'")
            end = min(end, to + len("".join(item.to.split())))
        for i in range(starts[k], end):
            owner[i] = k
    for k, item in enumerate(truth.items):
        for pair in item.also:
            a = chars.find(pair[0], 0, f"{truth.path.name} item {k} 'also'")
            b = chars.find(pair[1], a, f"{truth.path.name} item {k} 'also'") + len("".join(pair[1].split()))
            for i in range(a, b):
                owner[i] = k
    return owner


def predicted_owners(page: ParsedPage, chars: _Chars) -> list[int]:
    owner = [-1] * len(chars.compact)
    for k, item in enumerate(page.items):
        for a, b in item.spans:
            for i in chars.span_range(a, b):
                owner[i] = k
    return owner


# -- scores ----------------------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts for one page or a whole set; ratios are derived from them."""

    pages: int = 0
    truth_articles: int = 0
    predicted_articles: int = 0
    matched: int = 0
    titles: int = 0
    titles_found: int = 0
    bylines_correct: int = 0
    with_byline: int = 0
    with_byline_correct: int = 0
    datelines: int = 0
    datelines_correct: int = 0
    series: int = 0
    series_correct: int = 0
    verse: int = 0
    verse_correct: int = 0
    subheads: int = 0
    subheads_correct: int = 0
    bad_titles: int = 0
    empty_articles: int = 0
    adverts: int = 0
    adverts_found: int = 0
    meta_fields: int = 0
    meta_correct: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for f in fields(self):
            if f.name == "problems":
                self.problems.extend(other.problems)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    def ratios(self) -> dict[str, float | None]:
        r = self._ratio
        return {
            "segment_accuracy": r(self.matched, self.truth_articles),
            "article_precision": r(self.matched, self.predicted_articles),
            "title_recall": r(self.titles_found, self.titles),
            "byline_accuracy": r(self.bylines_correct, self.truth_articles),
            "byline_accuracy_where_printed": r(self.with_byline_correct, self.with_byline),
            "dateline_accuracy": r(self.datelines_correct, self.datelines),
            "series_accuracy": r(self.series_correct, self.series),
            "verse_accuracy": r(self.verse_correct, self.verse),
            "subhead_accuracy": r(self.subheads_correct, self.subheads),
            "advert_recall": r(self.adverts_found, self.adverts),
            "meta_accuracy": r(self.meta_correct, self.meta_fields),
        }

    def to_json(self) -> dict[str, Any]:
        counts = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "problems"}
        return {**counts, **self.ratios()}


def _series_of(article: Article) -> dict[str, Any] | None:
    series = getattr(article, "series", None)
    if series is None:
        return None
    return series if isinstance(series, dict) else series.to_json()


def _series_equal(truth: dict[str, Any], got: dict[str, Any] | None) -> bool:
    if got is None:
        return False
    for key in ("title", "number", "chapter"):
        want = truth.get(key)
        if want is None and key != "title":
            continue
        have = got.get(key)
        if key == "number" and want is not None and have is not None:
            if int(want) != int(have):
                return False
        elif norm(str(want) if want is not None else None) != norm(str(have) if have is not None else None):
            return False
    return True


def score_page(page: ParsedPage, truth: PageTruth) -> Score:
    """Compare one parsed page with its truth."""
    chars = _Chars(truth.text)
    t_owner = truth_owners(truth, chars)
    p_owner = predicted_owners(page, chars)
    t_size = Counter(t_owner)
    p_size = Counter(p_owner)
    pairs = Counter(zip(t_owner, p_owner, strict=True))
    score = Score(pages=1)
    name = truth.path.name

    articles = [(k, it) for k, it in enumerate(page.items) if isinstance(it, Article)]
    score.predicted_articles = len(articles)
    article_index = {k for k, _ in articles}
    predicted_titles = {norm(a.title) for _, a in articles if a.title}
    truth_names = {norm(x) for it in truth.items for x in (it.byline, it.dateline) if x}

    for k, item in enumerate(truth.items):
        if item.kind == "advert":
            score.adverts += 1
            inside = sum(n for (t, p), n in pairs.items() if t == k and p >= 0
                         and isinstance(page.items[p], Block) and page.items[p].kind == BlockKind.ADVERT)
            if t_size[k] and inside >= AGREE * t_size[k]:
                score.adverts_found += 1
            else:
                score.problems.append(f"{name}: advert not found: {item.at!r}")
            continue
        if item.kind != "article":
            continue
        score.truth_articles += 1
        match: Article | None = None
        for p in article_index:
            shared = pairs.get((k, p), 0)
            if shared >= AGREE * t_size[k] and shared >= AGREE * p_size[p]:
                got = page.items[p]
                assert isinstance(got, Article)
                match = got
        if match is not None:
            score.matched += 1
        else:
            best = max(((pairs.get((k, p), 0), p) for p in article_index), default=(0, -1))
            where = f"best overlap {best[0]}/{t_size[k]} with item {best[1]} of {p_size[best[1]]}" if best[0] else \
                "no overlapping article"
            score.problems.append(f"{name}: article not matched: {item.at!r} ({where})")
        if item.title:
            score.titles += 1
            if norm(item.title) in predicted_titles:
                score.titles_found += 1
            else:
                score.problems.append(f"{name}: title not found: {item.title!r}")
        got_byline = match.byline if match is not None else None
        if match is not None and norm(got_byline) == norm(item.byline):
            score.bylines_correct += 1
        elif match is not None:
            score.problems.append(f"{name}: byline {got_byline!r}, expected {item.byline!r}")
        if item.byline:
            score.with_byline += 1
            score.with_byline_correct += match is not None and norm(got_byline) == norm(item.byline)
        if item.dateline:
            score.datelines += 1
            got = getattr(match, "dateline", None) if match is not None else None
            if match is not None and norm(got) == norm(item.dateline):
                score.datelines_correct += 1
            else:
                score.problems.append(f"{name}: dateline {got!r}, expected {item.dateline!r}")
        if item.series:
            score.series += 1
            got_series = _series_of(match) if match is not None else None
            if _series_equal(item.series, got_series):
                score.series_correct += 1
            else:
                score.problems.append(f"{name}: series {got_series!r}, expected {item.series!r}")
        if item.subheads:
            score.subheads += 1
            got_heads = [norm(match.paragraphs[i]) for i in match.subheads] if match is not None else []
            if got_heads == [norm(h) for h in item.subheads]:
                score.subheads_correct += 1
            else:
                score.problems.append(f"{name}: subheads {got_heads}, expected {item.subheads}")
        if item.verse:
            score.verse += 1
            if match is not None and getattr(match, "verse", False):
                score.verse_correct += 1
            else:
                score.problems.append(f"{name}: verse not kept: {item.at!r}")

    for _, art in articles:
        title = (art.title or "").strip()
        if title and (_PAREN_NAME_RE.match(title) or _DATELINE_TITLE_RE.match(title) or norm(title) in truth_names):
            score.bad_titles += 1
            score.problems.append(f"{name}: bad title {title!r}")
        if not any(p.strip() for p in art.paragraphs):
            score.empty_articles += 1
            score.problems.append(f"{name}: empty article titled {art.title!r}")

    meta = page.meta.to_json()
    for key, want in truth.meta.items():
        score.meta_fields += 1
        if meta.get(key) == want:
            score.meta_correct += 1
        else:
            score.problems.append(f"{name}: meta {key} = {meta.get(key)!r}, expected {want!r}")
    return score


def truth_files(targets: Iterable[str | Path]) -> list[Path]:
    """Truth files of sets, folders or single files."""
    found: list[Path] = []
    for target in targets:
        path = SETS.get(str(target), Path(target))
        if path.is_dir():
            found.extend(sorted(path.rglob("*.truth.json")))
        else:
            found.append(path)
    return found


def score_set(targets: Iterable[str | Path], parser: PageParser | None = None) -> tuple[Score, dict[str, Score]]:
    """Parse the pages of every truth file and score them; returns the total and the score of each page.

    Pages whose truth names the same ``issue_group`` are resolved together (``resolve_issues``), as the
    library resolves the pages of one folder; the others are scored on their own.
    """
    parser = parser or PageParser()
    truths = [load_truth(p) for p in truth_files(targets)]
    pages = [parser.parse(t.text, str(t.text_path)) for t in truths]
    groups: dict[str, list[ParsedPage]] = {}
    for t, page in zip(truths, pages, strict=True):
        if t.issue_group:
            groups.setdefault(t.issue_group, []).append(page)
    for members in groups.values():
        resolve_issues(members, folder_of=lambda _p: "group")
    total = Score()
    per_page: dict[str, Score] = {}
    for t, page in zip(truths, pages, strict=True):
        s = score_page(page, t)
        per_page[str(t.path.relative_to(ROOT) if t.path.is_relative_to(ROOT) else t.path)] = s
        total.add(s)
    return total, per_page


def _table(name: str, s: Score) -> str:
    r = s.ratios()

    def pct(key: str) -> str:
        v = r[key]
        return "–" if v is None else f"{v:.3f}"

    return (
        f"{name}: {s.pages} pages, {s.truth_articles} articles ({s.predicted_articles} predicted)\n"
        f"  segment accuracy    {pct('segment_accuracy')}  ({s.matched}/{s.truth_articles})\n"
        f"  article precision   {pct('article_precision')}  ({s.matched}/{s.predicted_articles})\n"
        f"  title recall        {pct('title_recall')}  ({s.titles_found}/{s.titles})\n"
        f"  bylines correct     {pct('byline_accuracy')}  ({s.bylines_correct}/{s.truth_articles});"
        f" where printed {pct('byline_accuracy_where_printed')} ({s.with_byline_correct}/{s.with_byline})\n"
        f"  datelines correct   {pct('dateline_accuracy')}  ({s.datelines_correct}/{s.datelines})\n"
        f"  series correct      {pct('series_accuracy')}  ({s.series_correct}/{s.series})\n"
        f"  verse kept          {pct('verse_accuracy')}  ({s.verse_correct}/{s.verse})\n"
        f"  brief subheads      {pct('subhead_accuracy')}  ({s.subheads_correct}/{s.subheads})\n"
        f"  adverts found       {pct('advert_recall')}  ({s.adverts_found}/{s.adverts})\n"
        f"  page metadata       {pct('meta_accuracy')}  ({s.meta_correct}/{s.meta_fields})\n"
        f"  name/dateline as title {s.bad_titles}, empty articles {s.empty_articles}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.score_pages", description=__doc__.split("\n")[0])
    ap.add_argument("targets", nargs="*", default=["samples"], help="samples, historical, heldout, folders or files")
    ap.add_argument("--json", action="store_true", help="print the counts and ratios as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    results = {}
    for target in args.targets:
        total, per_page = score_set([target])
        results[str(target)] = (total, per_page)
    if args.json:
        print(json.dumps({k: {"total": t.to_json(), "pages": {p: s.to_json() for p, s in pp.items()}}
                          for k, (t, pp) in results.items()}, ensure_ascii=False, indent=2))
        return 0
    for target, (total, per_page) in results.items():
        print(_table(str(target), total))
        if args.verbose:
            for page, s in per_page.items():
                r = s.ratios()
                print(f"    {page}: segments {s.matched}/{s.truth_articles}, titles {s.titles_found}/{s.titles},"
                      f" bylines {s.bylines_correct}/{s.truth_articles} (accuracy {r['segment_accuracy']})")
                for problem in s.problems:
                    print(f"      - {problem}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
