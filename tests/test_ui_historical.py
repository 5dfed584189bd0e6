"""Republic-era pages in the window: datelines, verse, serial links and the series list, flagged pages,
and dead ends explained (a jump to a page not in the library, an untitled continuation)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.library.store import Library
from reader.ui.corrections_dialog import CorrectionsDialog
from tests.helpers import import_pages

HISTORICAL = Path(__file__).resolve().parent / "historical"


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("old")
    folder = root / "lib"
    # One issue of three pages, one of which prints another date: it is filed with the issue and flagged.
    issue = root / "滬聲報第二一〇五號"
    issue.mkdir()
    for name, page in (("p1.txt", "t01_husheng_front.txt"), ("p2.txt", "t32_husheng_p2_date_conflict.txt"),
                       ("p3.txt", "t27_husheng_local.txt")):
        (issue / name).write_bytes((HISTORICAL / "tuned" / page).read_bytes())
    with Library(folder) as lib:
        import_pages(lib, [issue])  # first: the same pages in tests/historical are then copies, not added
        import_pages(lib, [HISTORICAL])
    return folder


@pytest.fixture
def window(qtbot: Any, lib_dir: Path, english_ui: None) -> Iterator[Any]:
    from reader.app import build

    win, services = build(lib_dir)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    services.shutdown()


def articles(win: Any) -> list[Any]:
    return [a for i in win.library.issues() for p in win.library.pages(i.id) for a in win.library.articles(p.id)]


def text(win: Any) -> str:
    return str(win.reading_pane.browser.document().toPlainText())


def test_a_telegrams_dateline_is_shown_as_a_dateline_not_an_author(window: Any) -> None:
    telegram = next(a for a in articles(window) if a.dateline and not a.byline)
    window.open_article(telegram.id)
    assert telegram.dateline in text(window)
    assert '<p class="wire">' in window.reading_pane._html().html
    assert window.reading_pane._places.valid


def test_verse_keeps_its_lines(window: Any) -> None:
    poem = next(a for a in articles(window) if a.verse and len(a.paragraphs) > 1)
    window.open_article(poem.id)
    html = window.reading_pane._html().html
    assert html.count('<p class="verse">') == len([p for p in poem.paragraphs if p.strip()])
    assert '<p class="para">' not in html


def test_an_instalment_links_to_its_neighbours_and_the_series_is_browsable(window: Any, qtbot: Any) -> None:
    series = next(s for s in window.library.series() if s.instalments >= 3)
    parts = window.library.instalments(series.key, series.paper)
    middle = parts[1].article_id
    window.open_article(middle)
    assert f"Serial: {series.title}" in text(window)
    assert "← Previous instalment" in text(window) and "Next instalment →" in text(window)
    html = window.reading_pane._html().html
    assert f'href="article:{parts[0].article_id}"' in html and f'href="article:{parts[2].article_id}"' in html
    dialog = window.series_dialog()
    top = next(dialog.tree.topLevelItem(k) for k in range(dialog.tree.topLevelItemCount())
               if series.title in dialog.tree.topLevelItem(k).text(0))
    top.setExpanded(True)
    assert top.childCount() == len(parts)
    dialog._open(top.child(2))
    assert window.reading_pane.current_article_id == parts[2].article_id
    dialog.reject()


def test_a_flagged_page_says_so_and_offers_the_correction(window: Any, qtbot: Any) -> None:
    flagged = next((p, i) for i in window.library.issues() for p in window.library.page_summaries(i.id) if p.flags)
    page, issue = flagged
    window.open_issue(issue.id)
    window.issue_view.show_page(page.id)
    flags = window.issue_view._flags
    assert flags.isVisible() and "differs from the rest of this issue" in flags.text()
    strip = window.issue_view.page_strip
    assert any(strip.tabText(k).startswith("⚠") for k in range(strip.count()))
    with qtbot.waitSignal(window.issue_view.correction_requested) as blocker:  # the link asks for the correction
        window.issue_view._on_flag_link(f"correct:{page.id}")
    assert blocker.args == [page.id]
    dialog = window.findChild(CorrectionsDialog)
    assert dialog is not None and dialog.isVisible() and dialog.page_id == page.id  # ... and the window offers it
    dialog.reject()


def test_a_jump_to_a_page_not_in_the_library_says_so(tmp_path: Path, qtbot: Any, english_ui: None) -> None:
    from reader.app import build

    page = tmp_path / "2020-04-08" / "01.txt"
    page.parent.mkdir()
    page.write_text("测试日报\n2020年4月8日\n\n大标题在此\n\n本报讯（记者 王五）正文第一段。（下转第8版）\n", "utf-8")
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [page])
    win, services = build(tmp_path / "lib")
    qtbot.addWidget(win)
    try:
        article = next(a for i in win.library.issues() for p in win.library.pages(i.id)
                       for a in win.library.articles(p.id) if a.continued_to)
        win.open_article(article.id)
        assert "Continued on page 8 →" in text(win) and "(page 8 is not in the library)" in text(win)
    finally:
        services.shutdown()
