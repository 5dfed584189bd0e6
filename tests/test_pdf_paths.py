"""File and folder names of e-paper PDFs and scans: dates, page labels and papers; the page fragment."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.ingest.pathhints import PathHints, hints_from_path

D = dt.date(2020, 4, 8)


@pytest.mark.parametrize(
    ("path", "hints"),
    [
        ("lib/2020-04-08/01.pdf", PathHints(D, "1", None, 2020)),
        ("lib/20200408_01.pdf", PathHints(D, "1", None, 2020)),
        ("lib/人民日报_20200408.pdf", PathHints(D, None, "人民日报", 2020)),
        ("lib/rmrb2020040801.pdf", PathHints(D, "1", "人民日报", 2020)),
        ("lib/RMRB20200408A03.PDF", PathHints(D, "A3", "人民日报", 2020)),
        ("lib/xcrb_20200408_A01.jpg", PathHints(D, "A1", "许昌日报", 2020)),
        ("lib/abcd2020040801.pdf", PathHints(None, None, None, None)),  # unknown initials: no guess
        # Page n of a multi-page file: the fragment gives the page, the file's name keeps date and paper.
        ("lib/2020-04-08/01.pdf#page=3", PathHints(D, "3", None, 2020)),
        ("lib/人民日报_20200408.pdf#page=12", PathHints(D, "12", "人民日报", 2020)),
        ("lib/scans/1939-04-24.tif#page=2", PathHints(dt.date(1939, 4, 24), "2", None, 1939)),
    ],
)
def test_hints_of_epaper_names(path: str, hints: PathHints) -> None:
    assert hints_from_path(path) == hints
