"""Dates, page labels, papers and years suggested by file and folder names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.pathhints import PathHints, hints_from_path

D = dt.date(2020, 4, 8)


@pytest.mark.parametrize(
    ("path", "date"),
    [
        ("lib/2020-04-08/01.txt", D),
        ("lib/2020_04_08/01.txt", D),
        ("lib/20200408/01.txt", D),
        ("lib/2020/04/08/01.txt", D),
        ("lib/2020/4/8/01.txt", D),
        ("lib/2020/0408/01.txt", D),
        ("lib/2020-04/08/01.txt", D),
        ("lib/2020年4月8日/01.txt", D),
        ("lib/xcrb_20200408_A01.txt", D),
        ("晶报/1939-04-24/1.txt", dt.date(1939, 4, 24)),
        ("C:\\papers\\2020-04-08\\01.txt", D),
        ("lib/2021-02-30/01.txt", None),  # no such day
        ("lib/12345678/01.txt", None),  # eight digits that are no date
        ("lib/20201399/01.txt", None),
        ("lib/000_ab7bf107eabe527e.txt", None),
        ("lib/000_a20200408b7eabe527e.txt", None),  # digits inside a hash are not a date
        ("lib/2020/04/01.txt", None),  # the stem is a page, not a day
    ],
)
def test_dates(path: str, date: dt.date | None) -> None:
    assert hints_from_path(path).date == date


def test_file_date_beats_folder_date() -> None:
    assert hints_from_path("2020-04-07/2020-04-08_A03.txt").date == D


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("01.txt", "1"),
        ("1.txt", "1"),
        ("A02.txt", "A2"),
        ("第2版.txt", "2"),
        ("第二版.txt", "2"),
        ("page_3.txt", "3"),
        ("p3.txt", "3"),
        ("P03.txt", "3"),
        ("08版.txt", "8"),
        ("2020-04-08_A03.txt", "A3"),
        ("xcrb_20200408_05.txt", "5"),
        ("000_ab7bf107eabe527e.txt", None),  # an export sequence number, not a page
        ("001_40dee96cd8a54743.txt", None),
        ("000.txt", None),
        ("scan.txt", None),
        ("20200408.txt", None),
        ("report_2020.txt", None),
    ],
)
def test_page_labels(tmp_path: Path, name: str, label: str | None) -> None:
    assert hints_from_path(str(tmp_path / "x" / name)).page_label == label


@pytest.mark.parametrize(
    ("path", "paper"),
    [
        ("晶报/1939-04-24/1.txt", "晶报"),
        ("archive/許昌日報/2020/04/08/1.txt", "許昌日報"),
        ("archive/许昌日报_2020/1.txt", "许昌日报"),
        ("archive/要闻简报/1.txt", None),
        ("archive/papers/1.txt", None),
    ],
)
def test_paper(path: str, paper: str | None) -> None:
    assert hints_from_path(path).paper == paper


@pytest.mark.parametrize(
    ("path", "year"),
    [
        ("lib/2020/04/x/1.txt", 2020),
        ("lib/1939年/1.txt", 1939),
        ("lib/2022-10/1.txt", 2022),
        ("lib/2020-04-08/1.txt", 2020),
        ("lib/9999/1.txt", None),
        ("lib/x/1.txt", None),
    ],
)
def test_year(path: str, year: int | None) -> None:
    assert hints_from_path(path).year == year


def test_empty_path() -> None:
    assert hints_from_path("") == PathHints()


@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    assert isinstance(hints_from_path(text), PathHints)


@given(st.lists(st.text(alphabet="0123456789-_./年月日版第pA报", max_size=12), max_size=5))
def test_never_raises_on_pathlike_soup(parts: list[str]) -> None:
    assert isinstance(hints_from_path("/".join(parts)), PathHints)
