"""Masthead facts in a block of text: paper, date, weekday, issue number, page count, page header."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.ingest.dates import LunarDate, find_gregorian_date, find_weekday, parse_lunar, resolve_lunar
from reader.ingest.labels import normalize_page_label
from reader.ingest.model import Source
from reader.ingest.numerals import chinese_to_int
from reader.ingest.papers import PaperDirectory, compact, fold, guess_name, serial_key

log = logging.getLogger(__name__)

SHORT_LINE = 40  # masthead lines are short; a date or number in a longer line is body text
_SP = r"[ \t\u3000]{0,3}"
_CJK_NUM = "〇零一二三四五六七八九十百千万两兩壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬"

# Identification cue -> masthead feature name.
_CUE_FEATURE = {
    "name": "paper_name", "latin": "latin_name", "serial": "serial", "domain": "domain", "organ": "organ",
}  # fmt: skip

# 第9158期, 第 9785 期, 第三千七百九十八號, 总第12345期; the number must stand apart from the sentence.
_ISSUE = re.compile(
    rf"(?:(?<![\u3400-\u9fff])|(?<=[总總日]))第{_SP}(?P<num>[0-9０-９]{{1,6}}|[{_CJK_NUM}]{{1,12}}){_SP}[期号號]"
)
_ISSUE_NEXT_OK = ("今日", "今天", "本期", "星期", "农历", "農曆", "总第", "總第", "共", "(", "（")
# 今日8版, 今日 8 版, 本期十六版, 今日出版 16 版, 本期共24版.
_PAGE_COUNT = re.compile(
    rf"(?:今日|今天|本期|本日){_SP}(?:出版{_SP})?(?:共{_SP})?"
    rf"(?P<num>[0-9０-９]{{1,3}}|[{_CJK_NUM}]{{1,4}}){_SP}(?:个{_SP})?版"
)
# A page header opening a short line: 第2版, 第A2版, A2版, 第二版, 2版 (then 要闻, 综合, a date ...).
_PAGE_HEADER = re.compile(
    rf"^[ \t\u3000]*(?:第{_SP})?"
    rf"(?P<label>[A-Za-zＡ-Ｚａ-ｚ]?{_SP}[0-9０-９]{{1,3}}|[一二三四五六七八九十]{{1,3}}){_SP}版(?![本权權税稅画畫式次面图圖])"
)
_JUMP = re.compile(r"[转轉接]\s*(?:第|[A-Za-z]|\d)")
# Organ lines of papers missing from the directory: 中共XX市委机关报, XX日报社主办.
_ORGAN = re.compile(r"(?:中共|中国共产党).{1,16}(?:委员会|委)(?:机关报|主办|主管)|机关报")
_LATIN = re.compile(r"\b[A-Z][A-Z ]{2,40}(?:DAILY|RIBAO|WANBAO|EVENING NEWS|TIMES|NEWS|HERALD|POST)\b")
_PUBLISHER = re.compile(
    r"报社(?:编辑)?出版|报社主办|主管主办|主管\S{0,12}主办|一级报纸|邮发代号|出版发行|发行所|发行人|编辑人"
    # Republic-era mastheads (matched after folding to simplified): 本報館設…, 本報社址…, 每份大洋四分
    r"|本报馆|报馆设|本报社址|本馆设|报社设|每份大洋|每份铜元|每份售|零售每份"
)
# Staff titles count only as a credit ("总编辑:邓雷"), not in a sentence about a 合作社社长.
_PUBLISHER_TITLE = re.compile(r"(?:总编辑|社长)[ \t\u3000:：]")
_SERIAL_LABEL = re.compile(r"国内统一(?:刊号|连续出版物号)|国际标准连续出版物号|ISSN")
_DOMAIN_LABEL = re.compile(r"网址|网站|新闻网|www\.", re.IGNORECASE)


@dataclass
class MastheadHit:
    """Masthead facts found in one block (or merged from several) and which masthead features were seen."""

    paper: str | None = None
    paper_cue: str | None = None  # "name" | "latin" | "serial" | "domain" | "organ" | "guess"
    date: dt.date | None = None
    date_source: Source | None = None  # Source.MASTHEAD or Source.LUNAR
    weekday: int | None = None  # Monday = 0
    issue_number: int | None = None
    page_count: int | None = None
    page_label: str | None = None
    cues: set[str] = field(default_factory=set)
    lunar: LunarDate | None = None  # a printed lunar date, kept so merge_hits can resolve it with a weekday


def scan_block(text: str, papers: PaperDirectory, *, year_hint: int | None = None) -> MastheadHit:
    """What masthead facts one block of text contains; never raises."""
    hit = MastheadHit()
    if not isinstance(text, str) or not text.strip():
        return hit
    try:
        _scan(text, papers, hit, year_hint)
    except Exception:  # a masthead reader must never stop a page from loading
        log.exception("masthead scan failed")
    return hit


def _scan(text: str, papers: PaperDirectory, hit: MastheadHit, year_hint: int | None) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    simple = fold(text)
    tight = compact(simple)

    found = papers.matches(text)
    if found:
        hit.paper, hit.paper_cue = found[0]
        hit.cues.update(_CUE_FEATURE[cue] for _, cue in found)
    else:
        guessed = guess_name(text) or _leading_name(lines)
        if guessed:
            hit.paper, hit.paper_cue = guessed, "guess"
            hit.cues.add("paper_name")
    # Features of papers the directory does not know.
    if serial_key(text) or _SERIAL_LABEL.search(tight):
        hit.cues.add("serial")
    if _ORGAN.search(tight):
        hit.cues.add("organ")
    if any(_LATIN.search(line) for line in lines if len(line) <= 60):
        hit.cues.add("latin_name")
    if _DOMAIN_LABEL.search(tight) and any(len(line) <= 80 for line in lines):
        hit.cues.add("domain")
    if _PUBLISHER.search(tight) or _PUBLISHER_TITLE.search(simple):
        hit.cues.add("publisher")

    for line in lines:
        _scan_line(line, hit)

    if hit.date is None and hit.lunar is not None:
        date = resolve_lunar(hit.lunar, hit.weekday, year_hint)
        if date is not None:
            hit.date, hit.date_source = date, Source.LUNAR


def _scan_line(line: str, hit: MastheadHit) -> None:
    short = len(line) <= SHORT_LINE
    weekday = find_weekday(line) if short or "星期" in line or "禮拜" in line or "礼拜" in line else None
    if weekday is not None:
        hit.cues.add("weekday")
        if hit.weekday is None:
            hit.weekday = weekday
    lunar = parse_lunar(line)
    # A lunar date in a long line is body text unless the line also names the weekday.
    if lunar is not None and (short or weekday is not None):
        hit.cues.add("lunar")
        if hit.lunar is None:
            hit.lunar = lunar
    if short or weekday is not None or lunar is not None:
        found = find_gregorian_date(line)
        if found is not None:
            hit.cues.add("date")
            if hit.date is None or hit.date_source == Source.LUNAR:
                hit.date, hit.date_source = found[0], Source.MASTHEAD

    number = _issue_number(line, short)
    if number is not None:
        hit.cues.add("issue")
        if hit.issue_number is None:
            hit.issue_number = number

    m = _PAGE_COUNT.search(line)
    if m and short:
        count = chinese_to_int(m.group("num"))
        if count is not None and 1 <= count <= 400:
            hit.cues.add("page_count")
            if hit.page_count is None:
                hit.page_count = count

    if short:
        label = _page_header(line)
        if label is not None:
            hit.cues.add("page_header")
            if hit.page_label is None:
                hit.page_label = label


# A supplement numbers its own issues ("滬聲副刊 第一百零二期"): that is not the paper's issue number.
_SUPPLEMENT = re.compile(r"副刊|副鐫|週刊|周刊|增刊|特刊|畫刊|画刊")


def _issue_number(line: str, short: bool) -> int | None:
    """An issue number standing apart (start of line, after a space, before 今日8版), not 第三期干部论坛."""
    if _SUPPLEMENT.search(line):
        return None
    for m in _ISSUE.finditer(line):
        rest = line[m.end() :]  # a word glued to it means a sentence: 第三期干部论坛
        if rest and re.match(r"[\u3400-\u9fff]", rest) and not rest.startswith(_ISSUE_NEXT_OK):
            continue
        raw = m.group("num")
        value = chinese_to_int(raw)
        if value is None or value < 1:
            continue
        if short or value >= 100:
            return value
    return None


def _page_header(line: str) -> str | None:
    """Page label of a header line such as "第2版 要闻"; jump lines like (下转第二版) are not headers.

    Republic-era page headers put the paper's name or the date first: "北辰報 第二版 國際要聞",
    "滬聲報 中華民國二十五年五月三日 星期日 第三版"; there the label is a word of its own.
    """
    m = _PAGE_HEADER.match(line)
    if m is None:
        words = line.split()
        if len(words) < 2 or not (guess_name(words[0]) or find_gregorian_date(line)):
            return None
        m = next((w for w in (_PAGE_WORD.fullmatch(word) for word in words[1:]) if w), None)
        return normalize_page_label(m.group("label")) if m else None
    if _JUMP.search(line[: m.end()]):
        return None
    return normalize_page_label(m.group("label"))


_PAGE_WORD = re.compile(r"第(?P<label>[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})版")


def _leading_name(lines: list[str]) -> str | None:
    """A paper's name printed first on a line of masthead facts: "大江日報 中華民國二十四年十月十三日 星期日 …"."""
    for line in lines:
        words = line.split()
        if len(words) < 2 or len(line) > 80:
            continue
        name = guess_name(words[0])
        rest = " ".join(words[1:])
        if name and (find_gregorian_date(rest) or find_weekday(rest) is not None or _PAGE_WORD.search(rest)
                     or _ISSUE.search(rest)):
            return name
    return None


def merge_hits(hits: Iterable[MastheadHit], *, year_hint: int | None = None) -> MastheadHit:
    """Combine the facts of several blocks: the first value of each field wins.

    Two exceptions, because some evidence is stronger: a paper identified through the directory beats
    a guessed name, and a printed Gregorian date beats one derived from a lunar date. A lunar date
    whose weekday sits in another block is resolved here.
    """
    merged = MastheadHit()
    for hit in hits:
        merged.cues |= hit.cues
        if hit.paper and (merged.paper is None or (merged.paper_cue == "guess" and hit.paper_cue != "guess")):
            merged.paper, merged.paper_cue = hit.paper, hit.paper_cue
        upgrade = merged.date_source == Source.LUNAR and hit.date_source == Source.MASTHEAD
        if hit.date and (merged.date is None or upgrade):
            merged.date, merged.date_source = hit.date, hit.date_source
        for name in ("weekday", "issue_number", "page_count", "page_label", "lunar"):
            if getattr(merged, name) is None:
                setattr(merged, name, getattr(hit, name))
    if merged.date is None and merged.lunar is not None:
        date = resolve_lunar(merged.lunar, merged.weekday, year_hint)
        if date is not None:
            merged.date, merged.date_source = date, Source.LUNAR
    return merged
