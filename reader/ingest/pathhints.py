"""Metadata suggested by file and folder names: date, year, page label and paper."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import unicodedata
from dataclasses import dataclass

from reader.ingest.labels import normalize_page_label
from reader.ingest.papers import BUNDLED_PAPERS, guess_name

log = logging.getLogger(__name__)

MIN_YEAR, MAX_YEAR = 1800, 2100

# Hex digests and ids ("ab7bf107eabe527e") can hide digit runs that look like dates.
_HASH = re.compile(
    r"(?<![0-9A-Za-z])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{12,}(?![0-9A-Za-z])"
)
_DATE_IN_NAME = (
    re.compile(r"(?<!\d)(\d{4})([-_.])(\d{1,2})\2(\d{1,2})(?!\d)"),  # 2020-04-08, 2020_4_8, 2020.04.08
    re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日?"),  # 2020年4月8日
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),  # 20200408
)
_YEAR_DIR = re.compile(r"(\d{4})年?")
_YEAR_MONTH_DIR = re.compile(r"(\d{4})[-_.年](\d{1,2})月?")
_MONTH_DIR = re.compile(r"(\d{1,2})月?")
_DAY_DIR = re.compile(r"(\d{1,2})日?")
_MONTH_DAY_DIR = re.compile(r"(\d{2})(\d{2})|(\d{1,2})[-_.](\d{1,2})")

_PAGE_PREFIXED = re.compile(r"(?<![A-Za-z])(?:page|pg|p)[-_ ]?(\d{1,3})(?!\d)", re.IGNORECASE)
_PAGE_BAN = re.compile(
    r"(?<![0-9A-Za-z])第?\s*([A-Za-z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版(?![本权權])"
)
_PAGE_WHOLE = re.compile(r"[A-Za-z]?\d{1,3}")  # "01", "1", "A02" -- only as a whole stem or after a date
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# "<path>#page=<n>": page n of a multi-page PDF or TIFF (see reader.ingest.pages).
_PAGE_FRAGMENT = re.compile(r"#page=(\d{1,5})$")
# E-paper names: pinyin initials, date, page ("rmrb2020040801", "xcrb20200408A01").
_ABBREVIATED = re.compile(r"(?P<abbr>[A-Za-z]{2,6})[-_]?(?P<date>\d{8})[-_]?(?P<page>[A-Za-z]?\d{1,3})?")


@functools.cache
def abbreviations() -> dict[str, str]:
    """Pinyin abbreviations of paper names used in file names (``abbreviations`` in resources/papers.json)."""
    try:
        data = json.loads(BUNDLED_PAPERS.read_text(encoding="utf-8"))
        table = data.get("abbreviations", {}) if isinstance(data, dict) else {}
        return {str(k).lower(): str(v) for k, v in table.items()}
    except (OSError, ValueError) as exc:
        log.warning("cannot read paper abbreviations from %s: %s", BUNDLED_PAPERS, exc)
        return {}


@dataclass(frozen=True)
class PathHints:
    """What a page's path says about it; every field may be None."""

    date: dt.date | None = None
    page_label: str | None = None
    paper: str | None = None
    year: int | None = None  # the date's year, or a year folder; helps to resolve lunar dates


def hints_from_path(path: str) -> PathHints:
    """Date, page label, paper and year suggested by a page's path; never raises."""
    try:
        return _hints(str(path))
    except Exception:  # odd names must never stop an import
        log.exception("cannot read hints from %r", path)
        return PathHints()


def _hints(path: str) -> PathHints:
    # Page n of a multi-page file: the file's name says nothing about that page's label, n does.
    fragment = _PAGE_FRAGMENT.search(path)
    if fragment:
        path = path[: fragment.start()]
    parts = [unicodedata.normalize("NFKC", p).strip() for p in re.split(r"[\\/]+", path) if p.strip()]
    if not parts:
        return PathHints()
    stem = _stem(parts[-1])
    folders = [p for p in parts[:-1] if not re.fullmatch(r"[A-Za-z]:", p)]

    abbreviated = _abbreviated(stem)
    date, date_text = _date_in(stem)
    if date is None and abbreviated is not None:
        date = abbreviated[1]
    if date is None:
        date = _date_in_folders(folders)
    year = date.year if date else _year_in_folders(folders)
    if fragment:
        page = _normalize(str(int(fragment.group(1))))
    elif abbreviated is not None and abbreviated[2]:
        page = abbreviated[2]
    else:
        page = _page_label(stem, date_text)
    paper = None
    for part in [stem, *reversed(folders)]:
        paper = next((n for run in _CJK_RUN.findall(part) if (n := guess_name(run))), None)
        if paper:
            break
    if paper is None and abbreviated is not None:
        paper = abbreviated[0]
    return PathHints(date=date, page_label=page, paper=paper, year=year)


def _abbreviated(stem: str) -> tuple[str, dt.date | None, str | None] | None:
    """(paper, date, page label) of an e-paper name such as "rmrb2020040801" whose initials are known."""
    m = _ABBREVIATED.fullmatch(stem.strip())
    if m is None:
        return None
    paper = abbreviations().get(m.group("abbr").lower())
    if paper is None:
        return None
    raw = m.group("date")
    date = _valid(raw[:4], raw[4:6], raw[6:])
    page = _normalize(m.group("page")) if m.group("page") else None
    return paper, date, page


def _stem(name: str) -> str:
    """File name without its extension ("01.txt" -> "01"; "2020.04.08" keeps its dots)."""
    base, dot, ext = name.rpartition(".")
    return base if dot and base and ext.isalpha() and len(ext) <= 5 else name


def _valid(year: str, month: str, day: str) -> dt.date | None:
    y, m, d = int(year), int(month), int(day)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _date_in(name: str) -> tuple[dt.date | None, str | None]:
    """A date written inside one file or folder name, and the text it was written as."""
    cleaned = _HASH.sub("#", name)
    for pattern in _DATE_IN_NAME:
        for m in pattern.finditer(cleaned):
            groups = [g for g in m.groups() if g and g not in "-_."]
            date = _valid(*groups[:3])
            if date is not None:
                return date, m.group(0)
    return None, None


def _date_in_folders(folders: list[str]) -> dt.date | None:
    """Deepest folder date: "1939-04-24", or nested "2020/04/08", "2020/0408", "2020-04/08"."""
    for i in range(len(folders) - 1, -1, -1):
        date, _ = _date_in(folders[i])
        if date is not None:
            return date
        if i >= 1:
            date = _pair(folders[i - 1], folders[i])
            if date is not None:
                return date
        if i >= 2:
            y, m, d = (_YEAR_DIR.fullmatch(folders[i - 2]), _MONTH_DIR.fullmatch(folders[i - 1]),
                       _DAY_DIR.fullmatch(folders[i]))  # fmt: skip
            if y and m and d:
                date = _valid(y.group(1), m.group(1), d.group(1))
                if date is not None:
                    return date
    return None


def _pair(upper: str, lower: str) -> dt.date | None:
    y = _YEAR_DIR.fullmatch(upper)
    md = _MONTH_DAY_DIR.fullmatch(lower)
    if y and md:
        month, day = (md.group(1), md.group(2)) if md.group(1) else (md.group(3), md.group(4))
        return _valid(y.group(1), month, day)
    ym = _YEAR_MONTH_DIR.fullmatch(upper)
    d = _DAY_DIR.fullmatch(lower)
    if ym and d:
        return _valid(ym.group(1), ym.group(2), d.group(1))
    return None


def _year_in_folders(folders: list[str]) -> int | None:
    for part in reversed(folders):
        m = _YEAR_DIR.fullmatch(part) or _YEAR_MONTH_DIR.fullmatch(part)
        if m and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
            return int(m.group(1))
    return None


def _page_label(stem: str, date_text: str | None) -> str | None:
    """Page label of a file stem: "01", "A02", "第2版", "page_3", "08版", "2020-04-08_A03".

    A bare number counts only as the whole stem or right after a date: in "000_ab7bf107eabe527e"
    the number is an export sequence, not a page.
    """
    cleaned = _HASH.sub("#", stem).strip()
    if _PAGE_WHOLE.fullmatch(cleaned):
        return _normalize(cleaned)
    m = _PAGE_PREFIXED.fullmatch(cleaned) or _PAGE_BAN.search(cleaned) or _PAGE_PREFIXED.search(cleaned)
    if m:
        return _normalize(m.group(1))
    if date_text:
        after = cleaned[cleaned.find(date_text) + len(date_text) :]
        tokens = [t for t in re.split(r"[-_\s.]+", after) if t]
        if len(tokens) == 1 and _PAGE_WHOLE.fullmatch(tokens[0]):
            return _normalize(tokens[0])
    return None


def _normalize(raw: str) -> str | None:
    label = normalize_page_label(raw)
    return label if label and label != "0" else None
