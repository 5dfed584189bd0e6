"""Group pages into issues and let pages of one issue share paper, date, issue number and page count."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.ingest.model import PageMeta, ParsedPage, Source

log = logging.getLogger(__name__)

# (paper, date, issue_number) of a donor page: pages with the same signature share everything.
_Signature = tuple[str | None, dt.date | None, int | None]


def _default_folder(page: ParsedPage) -> str:
    return str(Path(page.source).parent)


def resolve_issues(
    pages: list[ParsedPage], folder_of: Callable[[ParsedPage], str] = _default_folder
) -> None:
    """Fill missing paper/date/issue number/page count from sibling pages of the same issue, in place.

    Siblings are pages of the same folder. Values printed, derived, taken from the path or set by
    the user are never touched; a value already inherited (Source.SIBLING) is recomputed and only
    inherited values ever change. A value is inherited only when every compatible sibling agrees:
    - paper: all known papers in the folder agree (a folder of mixed papers spreads none);
    - date: from siblings whose paper and issue number do not conflict;
    - issue number and page count: from siblings of the same date (and paper).

    One exception, so that a misprinted or misread date does not make a one-page issue: a page whose
    printed date is its own while most dated pages of the folder print another one (see
    ``_date_conflicts``) is flagged, and filed with them unless its issue number says otherwise.
    """
    folders: dict[str, list[ParsedPage]] = defaultdict(list)
    for page in pages:
        try:
            folder = folder_of(page)
        except Exception:  # a strange source must not stop the batch
            folder = str(page.source)
        folders[folder].append(page)
    for members in folders.values():
        if len(members) > 1:
            _resolve_folder(members)


def issue_key(meta: PageMeta) -> tuple[str | None, dt.date | None]:
    """The issue a page belongs to: (paper, date), either possibly unknown."""
    return meta.paper, meta.date


_PRINTED = (Source.MASTHEAD, Source.LUNAR, Source.TEXT)
_VOTES = (*_PRINTED, Source.PATH)  # a folder named by date speaks for the pages that print none
_NEAR = dt.timedelta(days=7)  # a misprint or misreading lands near the true date


def _date_conflicts(pages: list[ParsedPage]) -> None:
    """Flag pages whose printed date disagrees with most of their folder, and file them with the majority.

    The majority is a date given by at least two pages and by more than half of the dated pages (printed,
    or taken from the folder's name: 滬聲報/1936-05-03/); a page printing a date that no other page gives,
    within a week of it, disagrees. It keeps its printed date in ``meta.flags["date_conflict"]`` and a
    warning; it takes the majority's date (as inherited) unless paper or issue number conflict, in which
    case it stays apart but flagged.
    """
    for page in pages:
        if page.meta.provenance.get("date") in _PRINTED:
            page.meta.flags.pop("date_conflict", None)  # judged again below; a page filed earlier keeps its flag
    voters = [p for p in pages if p.meta.date is not None and p.meta.provenance.get("date") in _VOTES]
    printed = [p for p in voters if p.meta.provenance.get("date") in _PRINTED]
    counts: Counter[dt.date] = Counter(p.meta.date for p in voters if p.meta.date is not None)
    if len(counts) < 2 or not printed:
        return
    (top, top_n), = counts.most_common(1)
    if top_n < 2 or 2 * top_n <= len(voters):
        return
    majority = [p.meta for p in voters if p.meta.date == top]
    papers = {m.paper for m in majority if m.paper}
    numbers = {m.issue_number for m in majority if m.issue_number is not None}
    for page in printed:
        meta = page.meta
        own = meta.date
        if own is None or own == top or counts[own] > 1 or abs(own - top) > _NEAR:
            continue
        filed = (meta.paper is None or meta.paper in papers or not papers) and (
            meta.issue_number is None or meta.issue_number in numbers or not numbers)
        message = (
            f"printed date {own.isoformat()} disagrees with {top_n} other pages of this issue ({top.isoformat()})"
            + (": filed with them" if filed else ": kept apart (its issue number differs)")
        )
        meta.flags["date_conflict"] = {"printed": own.isoformat(), "issue": top.isoformat(), "filed": filed,
                                       "message": message}
        page.warnings.append(message)
        log.info("%s: %s", page.source, message)
        if filed:
            meta.set("date", top, Source.SIBLING)


def _resolve_folder(pages: list[ParsedPage]) -> None:
    _date_conflicts(pages)
    metas = [p.meta for p in pages]
    papers = {v for m in metas if (v := _own(m, "paper")) is not None}
    if len(papers) == 1:
        paper = next(iter(papers))
        for m in metas:
            _inherit(m, "paper", paper)

    def date_compatible(m: PageMeta, sig: _Signature) -> bool:
        return _agree(m.paper, sig[0]) and _agree(m.issue_number, sig[2])

    def same_issue(m: PageMeta, sig: _Signature) -> bool:
        return m.date == sig[1] and _agree(m.paper, sig[0])

    def same_issue_number(m: PageMeta, sig: _Signature) -> bool:
        return same_issue(m, sig) and _agree(m.issue_number, sig[2])

    _fill(metas, "date", date_compatible)
    _fill(metas, "issue_number", same_issue)
    _fill(metas, "page_count", same_issue_number)


def _fill(metas: list[PageMeta], name: str, compatible: Callable[[PageMeta, _Signature], bool]) -> None:
    """Give each page lacking ``name`` the single value its compatible donors agree on."""
    by_signature: dict[_Signature, set[Any]] = defaultdict(set)
    for m in metas:
        value = _own(m, name)
        if value is not None:
            by_signature[(m.paper, m.date, m.issue_number)].add(value)
    if not by_signature:
        return
    for m in metas:
        if _own(m, name) is not None:
            continue
        values: set[Any] = set()
        for signature, found in by_signature.items():
            if compatible(m, signature):
                values |= found
                if len(values) > 1:
                    break
        if len(values) == 1:
            _inherit(m, name, next(iter(values)))


def _own(meta: PageMeta, name: str) -> Any:
    """The page's own value for a field, ignoring values it merely inherited."""
    if meta.provenance.get(name) == Source.SIBLING:
        return None
    return getattr(meta, name)


def _inherit(meta: PageMeta, name: str, value: Any) -> None:
    if _own(meta, name) is None:
        meta.set(name, value, Source.SIBLING)


def _agree(a: Any, b: Any) -> bool:
    """Two values do not conflict when either is unknown or they are equal."""
    return a is None or b is None or a == b
