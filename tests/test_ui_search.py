"""Searching from the window: query, results with snippets, filters, sort, opening a hit with highlights."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from reader.library.store import Library
from reader.ui.core_messages import core_text
from reader.ui.i18n import tr
from reader.ui.search_dock import HitRole, SearchResultsModel, snippet_html
from tests.conftest import SAMPLES
from tests.helpers import import_pages


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from reader.app import build

    folder = tmp_path / "lib"
    with Library(folder) as lib:
        import_pages(lib, [SAMPLES])
    win, services = build(folder)
    win.importer.quiet = True
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    with qtbot.waitSignal(win.importer.job_ended, timeout=60_000):
        win.importer.sync_index()
    yield win
    services.shutdown()


def search(qtbot, win, text: str):  # type: ignore[no-untyped-def]
    dock = win.search_dock
    dock.query.setText(text)
    with qtbot.waitSignal(win.search.result_ready, timeout=30_000) as blocker:
        qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    return blocker.args[0]


def hits(win) -> list:  # type: ignore[no-untyped-def]
    model = win.search_dock.model
    return [model.index(r, 0).data(HitRole) for r in range(model.rowCount())]


def test_search_shows_count_histogram_and_snippets(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    result = search(qtbot, window, "养老服务")
    assert result.total >= 2
    shown = hits(window)
    assert shown and all(h.snippet_hits for h in shown)
    for h in shown:
        for start, end in h.snippet_hits:
            assert h.snippet[start:end] == "养老服务"
    assert window.search_dock.status.text() == tr("{n} hits").format(n=result.total)
    assert sum(window.search_dock.histogram.counts().values()) == result.total


def test_open_hit_highlights_every_occurrence(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, window, "养老")
    view = window.search_dock.results
    first = window.search_dock.model.index(0, 0)
    hit = first.data(HitRole)
    view.scrollTo(first)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    assert window.reading_pane.current_article_id == hit.article_id
    article = window.library.article(hit.article_id)
    expected = article.body.count("养老") + (article.title or "").count("养老")
    assert window.reading_pane.hit_count == expected > 0
    window.reading_pane.next_hit()
    assert window.reading_pane.current_hit == 1 % expected


def test_an_opened_hit_highlights_its_own_query_not_the_box(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, window, "养老")
    window.search_dock.query.setText("记者")  # typed, not yet searched: the shown hits still belong to 养老
    view = window.search_dock.results
    first = window.search_dock.model.index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    article = window.library.article(first.data(HitRole).article_id)
    assert window.reading_pane.hit_count == article.body.count("养老") + (article.title or "").count("养老") > 0


def test_paper_filter_and_sort(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dock = window.search_dock
    search(qtbot, window, "记者")
    everything = hits(window)
    assert {h.paper for h in everything} >= {"许昌日报", "衡水日报"}
    with qtbot.waitSignal(window.search.result_ready, timeout=30_000):
        dock.paper.setCurrentIndex(dock.paper.findData("衡水日报"))
    assert hits(window) and {h.paper for h in hits(window)} == {"衡水日报"}
    with qtbot.waitSignal(window.search.result_ready, timeout=30_000):
        dock.paper.setCurrentIndex(0)
    with qtbot.waitSignal(window.search.result_ready, timeout=30_000):
        dock.sort.setCurrentIndex(dock.sort.findData("newest"))
    dates = [h.date for h in hits(window) if h.date]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1


def test_date_range_filter(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    dock = window.search_dock
    dock.date_from.setDate(QDate(2020, 1, 1))
    dock.date_to.setDate(QDate(2020, 12, 31))
    dock.use_from.setChecked(True)
    dock.use_to.setChecked(True)
    search(qtbot, window, "记者")
    assert hits(window) and all(str(h.date).startswith("2020") for h in hits(window))


def test_malformed_query_gives_a_message_not_an_exception(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    result = search(qtbot, window, 'title: "unclosed')
    assert result.error == "'title:' needs a value right after the colon, e.g. title:脱贫" and not result.hits
    assert window.search_dock.status.text() == core_text(result.error)
    assert not hits(window)


def test_results_model_passes_the_model_tester(qtmodeltester, qtbot, window) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, window, "许昌")
    qtmodeltester.check(window.search_dock.model)
    qtmodeltester.check(SearchResultsModel())


def test_snippet_markup_is_escaped() -> None:
    html = snippet_html("<b>许昌</b>", [(3, 5)])
    assert "<b>" not in html and "&lt;b&gt;" in html and ">许昌</span>" in html


def test_hit_layouts_are_reused_but_never_stale(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.search.service import Hit
    from reader.ui.search_dock import HitDelegate

    delegate = HitDelegate()
    first = Hit(1, "许昌日报", "2020-04-08", "1", "标题", "养老服务体系", [(0, 2)], 1.0)
    again = Hit(1, "许昌日报", "2020-04-08", "1", "标题", "养老服务体系", [(0, 2)], 2.0)
    other = Hit(1, "许昌日报", "2020-04-08", "1", "标题", "另一个查询的片段", [(0, 2)], 1.0)
    doc = delegate._document(first, 300)
    assert delegate._document(again, 300) is doc  # same text, same width: laid out once
    assert "另一个查询的片段" in delegate._document(other, 300).toPlainText()  # same article, new snippet
    assert delegate._document(first, 500) is not doc  # another width is laid out again


def test_an_opened_hit_says_which_hit_of_how_many_and_f3_steps(qtbot, window, english_ui) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, window, "养老")
    view = window.search_dock.results
    first = window.search_dock.model.index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    pane = window.reading_pane
    n = pane.hit_count
    assert n > 1 and pane.hit_bar.isVisible()
    assert pane.hit_label.text() == f"Hit 1 of {n}"
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(pane.browser, Qt.Key.Key_F3)
    assert pane.hit_label.text() == f"Hit 2 of {n}"
    qtbot.keyClick(pane.browser, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(pane.browser, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert pane.hit_label.text() == f"Hit {n} of {n}"  # wrapped backwards
    window.step_article(1)  # an article opened otherwise has no hits to step through
    assert not pane.hit_bar.isVisible()


def test_the_year_histogram_keeps_gaps_shows_counts_and_filters_on_click(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    histogram = window.search_dock.histogram
    histogram.set_counts({"2018": 3, "2020": 5, "?": 1})
    assert histogram.slots() == [("2018", 3), ("2019", 0), ("2020", 5), ("?", 1)]  # 2019 keeps its place
    result = search(qtbot, window, "记者")
    years = {y for y in result.facets["year"] if y is not None}  # years are numbers, None: undated
    slots = histogram.slots()
    assert [int(y) for y, _ in slots if y.isdigit()] == list(range(min(years), max(years) + 1))
    year = max(years)
    x = [y for y, _ in slots].index(str(year)) * histogram.width() / len(slots) + 2
    with qtbot.waitSignal(window.search.result_ready, timeout=30_000) as blocker:
        qtbot.mouseClick(histogram, Qt.MouseButton.LeftButton, pos=QPoint(int(x), histogram.height() - 20))
    filtered = blocker.args[0]
    assert filtered.total == result.facets["year"][year]
    assert all(str(h.date).startswith(str(year)) for h in hits(window))
    assert histogram.selected == year
    with qtbot.waitSignal(window.search.result_ready, timeout=30_000) as blocker:  # again: clears
        qtbot.mouseClick(histogram, Qt.MouseButton.LeftButton, pos=QPoint(int(x), histogram.height() - 20))
    assert blocker.args[0].total == result.total and histogram.selected is None


def test_a_block_hit_shows_its_kind_and_opens_in_the_page_text(qtbot, window, english_ui) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.labels import kind_label

    result = search(qtbot, window, "银行 kind:advert")
    assert result.total >= 2 and all(h.kind == "advert" for h in hits(window))
    model = window.search_dock.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(HitRole).snippet.count("银行") == 2)
    index = model.index(row, 0)
    hit = index.data(HitRole)
    assert index.data(Qt.ItemDataRole.DisplayRole).startswith(f"【{kind_label('advert')}】")
    assert kind_label("advert") == "advert"
    view = window.search_dock.results
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    pane = window.reading_pane
    page = window.library.page(hit.page_id)
    assert window.issue_view.current_page_id == page.id
    assert pane.hit_count == 2 and pane.hit_label.text() == "Hit 1 of 2"
    shown = pane.browser.toPlainText()
    assert "Original text" in shown and "您身边的银行 可信赖的银行" in shown and "许昌日报" in shown  # the whole page
    html = pane.browser.toHtml()
    assert html.count("background-color") > 2  # the block's place and its two hits are marked
    assert window.original_action.isChecked()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(pane.browser, Qt.Key.Key_F3)
    assert pane.hit_label.text() == "Hit 2 of 2"
    window.original_action.trigger()  # Ctrl+U: the block alone, with its kind
    assert not window.original_action.isChecked() and not pane.hit_bar.isVisible()
    assert pane.browser.toPlainText().count("银行") == 2 and "Original text" not in pane.browser.toPlainText()
    window.original_action.trigger()
    assert pane.hit_label.text() == "Hit 2 of 2"
    window.open_first_issue_if_idle()  # an import ending meanwhile leaves the opened block alone
    assert pane.hit_label.text() == "Hit 2 of 2" and pane.current_article_id is None


def test_a_page_not_proven_the_true_top_says_so(qtbot, english_ui) -> None:  # type: ignore[no-untyped-def]
    from reader.search.service import Hit, SearchResult
    from reader.ui.search_dock import SearchDock

    dock = SearchDock(["许昌日报"])
    qtbot.addWidget(dock)
    hit = Hit(1, "许昌日报", "2020-04-08", "1", "标题", "记者", [(0, 2)], 1.0)
    dock.show_result(SearchResult(150_000, [hit], exact=False))
    assert dock.status.text() == "150000 hits · best of the likeliest hits"
    assert "further down" in dock.status.toolTip()
    dock.show_result(SearchResult(150_000, [hit]))
    assert dock.status.text() == "150000 hits" and dock.status.toolTip() == ""
