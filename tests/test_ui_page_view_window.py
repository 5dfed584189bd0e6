"""The page view in the window: layouts (remembered; text pages stay text), the reading column beside the page,
clicks on the page opening articles, opened articles outlined, opened hits marked, missing files, focus mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt

from reader.jobs import SearchRequest
from reader.library.store import Library
from reader.ui.layouts import PAGE_ONLY, SIDE_BY_SIDE, SIDE_MIN_PAGE, TEXT_ONLY
from tests.conftest import SAMPLES
from tests.helpers import import_pages
from tests.pageview_fixtures import Material, make_material, page_ids
from tests.reading_measure import chars_per_line

SIGNAL_MS = 20_000


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    return make_material(tmp_path_factory.mktemp("pageview-window"))


@pytest.fixture
def lib_dir(tmp_path: Path, material: Material) -> Path:
    """The PDF issue and two issues imported from text (other papers and days than the PDF's)."""
    folder, _pdfs = material.copy(tmp_path)
    with Library(folder) as lib:
        import_pages(lib, sorted(SAMPLES.glob("00[34]_*.txt")))
    return folder


@pytest.fixture
def make_window(qtbot: Any, lib_dir: Path, english_ui: None) -> Iterator[Any]:
    from reader.app import build

    made: list[Any] = []

    def make(width: int = 1400, height: int = 900) -> Any:
        win, services = build(lib_dir)
        win.importer.quiet = True
        qtbot.addWidget(win)
        made.append((win, services))
        win.resize(width, height)
        win.restore()
        win.resize(width, height)
        win.show()
        qtbot.waitExposed(win)
        return win

    yield make
    for win, services in made:
        if win.page_view is not None:
            win.page_view.shutdown()
        services.shutdown()


def pdf_issue(win: Any) -> Any:
    return next(i for i in win.library.issues() if i.paper == "许昌日报" and i.stored_pages == 2 and
                win.library.page_image(win.library.page_summaries(i.id)[0].id).has_image)


def text_issue(win: Any) -> Any:
    return next(i for i in win.library.issues()
                if not win.library.page_image(win.library.page_summaries(i.id)[0].id).has_image)


def open_pdf_issue(qtbot: Any, win: Any) -> Any:
    issue = pdf_issue(win)
    with qtbot.waitSignal(win.make_page_view().page_painted, timeout=SIGNAL_MS):
        win.open_issue(issue.id)
    return issue


def test_pdf_pages_open_side_by_side_and_text_pages_stay_text(qtbot: Any, make_window: Any) -> None:
    win = make_window()
    assert win.layouts.choice == SIDE_BY_SIDE  # the default
    win.open_issue(text_issue(win).id)
    assert win.page_view is None  # text pages never make the page view (nor load what it draws with)
    open_pdf_issue(qtbot, win)
    assert win.layouts.shown == SIDE_BY_SIDE
    assert win.page_view.isVisible() and win.reading_pane.isVisible()
    article = win.reading_pane.current_article_id
    assert [r.region.id for r in win.page_view.canvas.regions if r.emphasised] == [article]

    win.open_issue(text_issue(win).id)
    assert win.layouts.shown == TEXT_ONLY and not win.page_view.isVisible()
    assert win.layout_actions[SIDE_BY_SIDE].isChecked()  # the choice is kept for the next page with a picture
    win.set_page_layout(PAGE_ONLY)
    assert win.reading_pane.isVisible() and not win.page_view.isVisible()  # still text: the page has no picture
    assert "imported from text" in win.statusBar().currentMessage()


def test_layouts_switch_from_the_view_menu_and_are_remembered(qtbot: Any, make_window: Any) -> None:
    win = make_window()
    open_pdf_issue(qtbot, win)
    win.layout_actions[PAGE_ONLY].trigger()
    assert win.layouts.shown == PAGE_ONLY
    assert win.page_view.isVisible() and not win.reading_pane.isVisible()
    win.layout_actions[TEXT_ONLY].trigger()
    assert win.layouts.shown == TEXT_ONLY
    assert win.reading_pane.isVisible() and not win.page_view.isVisible()
    win.layout_actions[PAGE_ONLY].trigger()
    win.close()

    again = make_window()
    assert again.layouts.choice == PAGE_ONLY and again.layout_actions[PAGE_ONLY].isChecked()
    again.open_issue(pdf_issue(again).id)
    assert again.layouts.shown == PAGE_ONLY and not again.reading_pane.isVisible()

    again.set_page_layout(SIDE_BY_SIDE)  # the reader drags the handle: a third for the text
    area = again.layouts.area
    total = sum(area.sizes())
    area.setSizes([total // 3, total - total // 3])
    area.splitterMoved.emit(total // 3, 1)
    again.close()
    third = make_window()
    third.open_issue(pdf_issue(third).id)
    sizes = third.layouts.area.sizes()
    assert third.layouts.shown == SIDE_BY_SIDE and abs(sizes[0] / sum(sizes) - 1 / 3) < 0.02


@pytest.mark.parametrize("width, height, floor", [(1280, 800, 30), (1920, 1080, 30)])
def test_the_reading_column_beside_the_page(qtbot: Any, make_window: Any, width: int, height: int,
                                            floor: int) -> None:
    """Side by side, the reading column keeps a usable measure; the numbers are printed for the report."""
    win = make_window(width, height)
    open_pdf_issue(qtbot, win)
    side = chars_per_line(win)
    contents = win.splitter.sizes()[0]
    print(f"\n{width}x{height} side by side: reading pane {win.reading_pane.width()} px, {side:.1f} characters a "
          f"line; page view {win.page_view.width()} px; contents list {contents} px")
    assert side >= floor  # the reading column comes first ...
    assert win.page_view.width() >= SIDE_MIN_PAGE  # ... and the page keeps a usable width
    reading = win.reading_pane.width()
    win.set_page_layout(TEXT_ONLY)
    qtbot.waitUntil(lambda: win.reading_pane.width() > reading, timeout=SIGNAL_MS)  # laid out again
    text = chars_per_line(win)
    print(f"{width}x{height} text only: {text:.1f} characters a line; contents list {win.splitter.sizes()[0]} px")
    assert text >= 30
    if contents == 0:
        assert win.splitter.sizes()[0] > 0  # the contents list gave way to the two columns and came back


def test_clicking_an_article_on_the_page_opens_it(qtbot: Any, make_window: Any) -> None:
    win = make_window()
    open_pdf_issue(qtbot, win)
    canvas = win.page_view.canvas
    current = win.reading_pane.current_article_id
    target = next(r.region for r in canvas.regions if r.region.is_article and r.region.id != current)
    x0, y0, x1, y1 = target.regions[-1]
    canvas.centerOn(QPointF((x0 + x1) / 2, (y0 + y1) / 2))
    point = canvas.mapFromScene(QPointF((x0 + x1) / 2, (y0 + y1) / 2))
    with qtbot.waitSignal(win.article_opened, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [target.id] and win.reading_pane.current_article_id == target.id
    assert [r.region.id for r in canvas.regions if r.emphasised] == [target.id]
    article = win.library.article(target.id)
    assert article.paragraphs[0][:10] in "".join(win.reading_pane.browser.toPlainText().split())


def test_opening_an_article_from_the_contents_outlines_it_and_a_thumbnail_opens_its_page(
        qtbot: Any, make_window: Any) -> None:
    win = make_window()
    issue = open_pdf_issue(qtbot, win)
    first, second = [p.id for p in win.library.page_summaries(issue.id)]
    last = win.library.articles(first)[-1]
    win.issue_view.article_requested.emit(last.id)
    assert win.reading_pane.current_article_id == last.id
    assert [r.region.id for r in win.page_view.canvas.regions if r.emphasised] == [last.id]

    strip = win.page_view.thumbnails
    qtbot.waitUntil(lambda: strip.page_ids() == [p.id for p in win.library.page_summaries(issue.id)],
                    timeout=SIGNAL_MS)
    rect = strip.visualItemRect(strip.item(1))
    with qtbot.waitSignal(win.page_view.page_painted, timeout=SIGNAL_MS):
        qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.issue_view.current_page_id == second and win.page_view.current_page_id == second
    assert win.library.article(win.reading_pane.current_article_id).page_id == second


def test_an_opened_search_hit_is_marked_on_the_page(qtbot: Any, make_window: Any) -> None:
    win = make_window()
    issue = open_pdf_issue(qtbot, win)
    page = win.library.page_summaries(issue.id)[0].id
    article = win.library.articles(page)[1]
    word = "".join(article.body.split())[20:24]
    win.open_hit(SimpleNamespace(article_id=article.id, is_article=True), SearchRequest(query=word))
    assert win.reading_pane.hit_count >= 1
    hits = win.page_view.canvas.hit_items
    assert hits
    regions = [r for r in win.page_view.canvas.regions if r.region.id == article.id and r.region.is_article]
    for hit in hits:  # every mark lies inside the article's outline
        assert any(r.sceneBoundingRect().adjusted(-2, -2, 2, 2).contains(hit.sceneBoundingRect()) for r in regions)
    win.open_article(win.library.articles(page)[0].id)
    assert win.page_view.canvas.hit_items == []


def test_a_missing_file_is_said_and_the_text_still_reads(qtbot: Any, make_window: Any, lib_dir: Path) -> None:
    with Library(lib_dir) as lib:
        sources = [lib.page_image(p).source_path for p in page_ids(lib)]
    source = next(s for s in sources if s.endswith("01.pdf"))
    Path(source).unlink()
    win = make_window()
    issue = pdf_issue(win)
    with qtbot.waitSignal(win.make_page_view().problem_shown, timeout=SIGNAL_MS):
        win.open_issue(issue.id)
    assert win.page_view.notice.isVisible() and source in win.page_view.notice.text()
    article = win.library.article(win.reading_pane.current_article_id)
    assert article.title and article.title[:6] in win.reading_pane.browser.toPlainText()
    win.step_article(1)  # reading goes on
    assert win.reading_pane.current_article_id != article.id


def test_focus_mode_shows_the_article_alone_whatever_the_layout(qtbot: Any, make_window: Any) -> None:
    win = make_window()
    open_pdf_issue(qtbot, win)
    win.set_page_layout(PAGE_ONLY)
    assert not win.reading_pane.isVisible()
    win.set_focus_mode(True)
    assert win.reading_pane.isVisible() and not win.page_view.isVisible()
    win.set_focus_mode(False)
    assert win.layouts.shown == PAGE_ONLY
    assert win.page_view.isVisible() and not win.reading_pane.isVisible()


def test_importing_the_moved_folder_again_shows_the_page_again(qtbot: Any, make_window: Any, lib_dir: Path,
                                                                tmp_path: Path) -> None:
    with Library(lib_dir) as lib:
        source = Path(next(lib.page_image(p).source_path for p in page_ids(lib)
                           if lib.page_image(p).source_path.endswith("01.pdf")))
    win = make_window()
    issue = open_pdf_issue(qtbot, win)
    page = win.page_view.current_page_id
    qtbot.waitUntil(lambda: not win.page_view.service.busy, timeout=SIGNAL_MS)  # its picture is in the cache
    moved = tmp_path / "moved" / source.parent.name
    moved.parent.mkdir()
    source.parent.rename(moved)
    win.open_issue(text_issue(win).id)
    with qtbot.waitSignal(win.page_view.problem_shown, timeout=SIGNAL_MS):
        win.open_issue(issue.id)
    assert win.page_view.notice.isVisible()

    with Library(lib_dir) as lib:  # as the writer process does it, then tells the window
        report = import_pages(lib, [moved])
    assert report.moved == 2 and report.added == 0
    results: list[Any] = []
    win.page_view.service.rendered.connect(results.append)
    with qtbot.waitSignal(win.page_view.page_painted, timeout=SIGNAL_MS):
        win.library_changed(full=True)
    assert win.page_view.current_page_id == page and not win.page_view.notice.isVisible()
    assert win.library.page_image(page).source_path == str(moved / "01.pdf")
    assert [r.cached for r in results if not r.request.thumbnail] == [True]  # the same file: its cached picture
