"""Sharing metadata between the pages of one issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.ingest.issues import issue_key, resolve_issues
from reader.ingest.model import PageMeta, ParsedPage, Source

D1 = dt.date(2020, 4, 8)
D2 = dt.date(2020, 4, 9)


def page(path: Path, source: Source = Source.MASTHEAD, **values: object) -> ParsedPage:
    meta = PageMeta()
    for name, value in values.items():
        meta.set(name, value, source)
    return ParsedPage(source=str(path), text="", meta=meta)


def test_inner_pages_inherit_from_front_page(tmp_path: Path) -> None:
    front = page(tmp_path / "01.txt", paper="许昌日报", date=D1, issue_number=9158, page_count=8)
    inner = page(tmp_path / "02.txt")
    resolve_issues([front, inner])
    assert (inner.meta.paper, inner.meta.date, inner.meta.issue_number, inner.meta.page_count) == (
        "许昌日报", D1, 9158, 8,
    )  # fmt: skip
    fields = ("paper", "date", "issue_number", "page_count")
    assert all(inner.meta.provenance[k] == Source.SIBLING for k in fields)
    assert front.meta.provenance["date"] == Source.MASTHEAD


def test_pages_in_other_folders_share_nothing(tmp_path: Path) -> None:
    front = page(tmp_path / "a" / "01.txt", paper="许昌日报", date=D1)
    other = page(tmp_path / "b" / "02.txt")
    resolve_issues([front, other])
    assert other.meta.paper is None and other.meta.date is None


def test_known_values_are_never_overwritten(tmp_path: Path) -> None:
    front = page(tmp_path / "01.txt", paper="许昌日报", date=D1, issue_number=9158)
    from_path = page(tmp_path / "02.txt", Source.PATH, date=D1)
    by_user = page(tmp_path / "03.txt", Source.USER, issue_number=9999, date=D2)
    resolve_issues([front, from_path, by_user])
    assert from_path.meta.provenance["date"] == Source.PATH
    assert (by_user.meta.issue_number, by_user.meta.provenance["issue_number"]) == (9999, Source.USER)
    assert by_user.meta.date == D2
    assert from_path.meta.issue_number == 9158  # same date, number missing: inherited


def test_flat_folder_of_several_dates_shares_only_within_a_date(tmp_path: Path) -> None:
    a1 = page(tmp_path / "2020-04-08_01.txt", paper="许昌日报", date=D1, issue_number=9158, page_count=8)
    a2 = page(tmp_path / "2020-04-08_02.txt", Source.PATH, date=D1)
    b1 = page(tmp_path / "2020-04-09_01.txt", paper="许昌日报", date=D2, issue_number=9159, page_count=12)
    b2 = page(tmp_path / "2020-04-09_02.txt", Source.PATH, date=D2)
    undated = page(tmp_path / "scan.txt")
    resolve_issues([a1, a2, b1, b2, undated])
    assert (a2.meta.issue_number, a2.meta.page_count) == (9158, 8)
    assert (b2.meta.issue_number, b2.meta.page_count) == (9159, 12)
    # A page of unknown date cannot tell which issue it belongs to ...
    assert undated.meta.date is None and undated.meta.issue_number is None
    # ... but the folder holds a single paper, so every page gets it.
    assert undated.meta.paper == "许昌日报"
    assert a2.meta.paper == b2.meta.paper == "许昌日报"


def test_mixed_papers_do_not_spread(tmp_path: Path) -> None:
    xc = page(tmp_path / "xc.txt", paper="许昌日报", date=D1)
    hs = page(tmp_path / "hs.txt", paper="衡水日报", date=D1)
    unknown = page(tmp_path / "x.txt", Source.PATH, date=D1)
    resolve_issues([xc, hs, unknown])
    assert unknown.meta.paper is None


def test_conflicting_issue_numbers_are_not_merged(tmp_path: Path) -> None:
    # Two pages claim different issue numbers for one date: a page of that date inherits neither.
    p1 = page(tmp_path / "1.txt", paper="许昌日报", date=D1, issue_number=1)
    p2 = page(tmp_path / "2.txt", paper="许昌日报", date=D1, issue_number=2)
    p3 = page(tmp_path / "3.txt", Source.PATH, date=D1)
    resolve_issues([p1, p2, p3])
    assert p3.meta.issue_number is None


def test_date_follows_paper_and_issue_number(tmp_path: Path) -> None:
    xc = page(tmp_path / "xc1.txt", paper="许昌日报", date=D1)
    hs = page(tmp_path / "hs1.txt", paper="衡水日报", date=D2)
    xc2 = page(tmp_path / "xc2.txt", Source.PATH, paper="许昌日报")
    lonely = page(tmp_path / "z.txt")
    resolve_issues([xc, hs, xc2, lonely])
    assert (xc2.meta.date, xc2.meta.provenance["date"]) == (D1, Source.SIBLING)
    assert lonely.meta.date is None and lonely.meta.paper is None


def test_inherited_values_are_recomputed_not_donated(tmp_path: Path) -> None:
    front = page(tmp_path / "01.txt", paper="许昌日报", date=D1)
    stale = page(tmp_path / "02.txt", Source.SIBLING, date=D2)  # inherited in an earlier run
    resolve_issues([front, stale])
    assert (stale.meta.date, stale.meta.provenance["date"]) == (D1, Source.SIBLING)
    resolve_issues([front, stale])  # idempotent
    assert stale.meta.date == D1


def test_custom_folder_function(tmp_path: Path) -> None:
    front = page(tmp_path / "a" / "01.txt", paper="许昌日报")
    inner = page(tmp_path / "b" / "02.txt")
    resolve_issues([front, inner], folder_of=lambda p: "one issue")
    assert inner.meta.paper == "许昌日报"


def test_issue_key() -> None:
    meta = PageMeta(paper="许昌日报", date=D1)
    assert issue_key(meta) == ("许昌日报", D1)
    assert issue_key(PageMeta()) == (None, None)
