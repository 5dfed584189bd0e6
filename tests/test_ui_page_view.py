"""The page view on its own: the picture drawn in the background, regions outlined and clickable, hover titles
escaped, zoom modes and Ctrl+wheel, search hits at the printed characters, thumbnails, missing and changed files,
the disk cache. pytest-qt, offscreen, on two generated PDF pages (and one of them as a scan)."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from reader.ingest.model import rects_for_range
from reader.library.store import Library
from reader.ui.page_cache import PageCache
from reader.ui.page_render import split_source
from reader.ui.page_view import ACTUAL, CUSTOM, FIT_PAGE, FIT_WIDTH, MARGIN, ZOOM_STEP, PageView
from tests.pageview_fixtures import Material, boxes_of, make_material, make_scan_page, page_ids, truth_lines

SIGNAL_MS = 20_000  # generous: the machine is shared; a render takes well under a second


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    return make_material(tmp_path_factory.mktemp("pageview"))


@pytest.fixture
def setup(tmp_path: Path, material: Material) -> Iterator[tuple[Library, list[Path], Path]]:
    lib_dir, pdfs = material.copy(tmp_path)
    lib = Library(lib_dir)
    yield lib, pdfs, lib_dir / "cache" / "pages"
    lib.close()


def make_view(qtbot: Any, lib: Library, cache: Path | None, size: tuple[int, int] = (600, 700),
              **options: Any) -> PageView:
    view = PageView(lib, cache, **options)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def shown(qtbot: Any, view: PageView, page_id: int, article_id: int | None = None) -> None:
    """Show a page (with an article outlined) and wait until its picture is painted."""
    with qtbot.waitSignal(view.page_painted, timeout=SIGNAL_MS):
        if article_id is None:
            view.show_page(page_id)
        else:
            view.show_article(article_id, page_id)


def point_of(view: PageView, x: float, y: float) -> QPoint:
    view.canvas.centerOn(QPointF(x, y))
    return view.canvas.mapFromScene(QPointF(x, y))


def box_centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


@pytest.fixture(autouse=True)
def _english(english_ui: None) -> None:
    """Messages are compared in English."""


@pytest.fixture(autouse=True)
def _stop_views(qtbot: Any) -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, PageView):
            widget.shutdown()


def test_the_page_is_drawn_in_the_background_at_the_screens_resolution(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    view = make_view(qtbot, lib, cache)
    first = page_ids(lib)[0]
    shown(qtbot, view, first)
    canvas = view.canvas
    assert canvas.zoom_mode == FIT_WIDTH
    assert canvas.picture_pixels >= canvas.needed_pixels()  # at least as sharp as the screen shows it
    assert canvas.picture_pixels <= 1.25 * canvas.needed_pixels() + 1
    assert view.problem is None and not view.notice.isVisible()


def test_clicking_a_region_opens_its_article_and_a_drag_only_pans(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    view = make_view(qtbot, lib, cache)
    page = page_ids(lib)[0]
    shown(qtbot, view, page)
    articles = [r.region for r in view.canvas.regions if r.region.is_article]
    assert {a.id for a in articles} == {a.id for a in lib.articles(page)}
    target = articles[-1]
    point = point_of(view, *box_centre(target.regions[-1]))
    with qtbot.waitSignal(view.article_requested, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [target.id]

    block = next(r.region for r in view.canvas.regions if not r.region.is_article and r.region.kind == "advert")
    point = point_of(view, *box_centre(block.regions[0]))
    with qtbot.waitSignal(view.block_requested, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [page, block.id]

    # A press, a move of 40 px down and a release on an article: the page moves with the mouse, nothing opens.
    point = point_of(view, *box_centre(target.regions[-1]))
    viewport = view.canvas.viewport()
    scroll = view.canvas.verticalScrollBar().value()
    assert scroll >= 40
    with qtbot.assertNotEmitted(view.article_requested):
        for kind, at, buttons in ((QEvent.Type.MouseButtonPress, point, Qt.MouseButton.LeftButton),
                                  (QEvent.Type.MouseMove, point + QPoint(0, 40), Qt.MouseButton.LeftButton),
                                  (QEvent.Type.MouseButtonRelease, point + QPoint(0, 40), Qt.MouseButton.NoButton)):
            button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
            QApplication.sendEvent(viewport, QMouseEvent(kind, QPointF(at), QPointF(viewport.mapToGlobal(at)),
                                                         button, buttons, Qt.KeyboardModifier.NoModifier))
    assert view.canvas.verticalScrollBar().value() == scroll - 40


def test_opening_an_article_outlines_it_and_scrolls_to_it(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    view = make_view(qtbot, lib, cache, size=(600, 450))
    page = page_ids(lib)[0]
    shown(qtbot, view, page)
    canvas = view.canvas
    canvas.verticalScrollBar().setValue(0)
    lowest = max((r.region for r in canvas.regions if r.region.is_article), key=lambda r: min(b[1] for b in r.regions))
    top = min(b[1] for b in lowest.regions)
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert top > visible.bottom()  # out of view at first: the test can fail

    assert view.show_article_regions(lowest.id)
    emphasised = [r.region.id for r in canvas.regions if r.emphasised]
    assert emphasised == [lowest.id]
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    first = min(lowest.regions, key=lambda b: (b[1], b[0]))
    assert visible.contains(QPointF(first[0], first[1])), (visible, first)

    other = next(r.region for r in canvas.regions if r.region.is_article and r.region.id != lowest.id)
    view.show_article(other.id, page)  # the same page: only the outline moves
    assert [r.region.id for r in canvas.regions if r.emphasised] == [other.id]


def test_hovering_shows_the_title_escaped(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    page = page_ids(lib)[0]
    article = lib.articles(page)[0]
    hostile = '<b>粗体</b><script>alert("x")</script> & <img src=x onerror=alert(1)>'
    lib.connection.execute("UPDATE articles SET title = ? WHERE id = ?", (hostile, article.id))
    view = make_view(qtbot, lib, cache)
    shown(qtbot, view, page)
    (item,) = [r for r in view.canvas.regions if r.region.is_article and r.region.id == article.id]
    assert html.escape(hostile) in item.toolTip() and "<script>" not in item.toolTip()
    point = point_of(view, *box_centre(item.region.regions[0]))
    viewport = view.canvas.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=SIGNAL_MS)
    assert QToolTip.text() == item.toolTip()
    QToolTip.hideText()


def test_zoom_modes_ctrl_wheel_and_a_sharper_picture(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    view = make_view(qtbot, lib, cache)
    page = page_ids(lib)[0]
    shown(qtbot, view, page)
    canvas = view.canvas
    width, height = canvas.page_size or (0, 0)
    room = canvas.viewport().width() - 2 * MARGIN
    assert canvas.zoom == pytest.approx(room / width, rel=1e-3)
    view.set_zoom_mode(FIT_PAGE)
    assert canvas.zoom == pytest.approx(min(room / width, (canvas.viewport().height() - 2 * MARGIN) / height),
                                        rel=1e-3)
    assert view.zoom_buttons[FIT_PAGE].isChecked() and not view.zoom_buttons[FIT_WIDTH].isChecked()
    view.set_zoom_mode(ACTUAL)
    assert canvas.zoom == pytest.approx(canvas.logicalDpiX() / 72.0)
    assert view.zoom_label.text() == "100 %"

    view.set_zoom_mode(FIT_WIDTH)
    before, pixels = canvas.zoom, canvas.picture_pixels
    at = QPoint(canvas.viewport().width() // 2, canvas.viewport().height() // 3)
    under = canvas.mapToScene(at)
    viewport = canvas.viewport()
    with qtbot.waitSignal(view.page_painted, timeout=SIGNAL_MS):  # a sharper picture, asked for once zooming stops
        for _ in range(2):
            QApplication.sendEvent(viewport, QWheelEvent(QPointF(at), QPointF(viewport.mapToGlobal(at)), QPoint(),
                                                         QPoint(0, 120), Qt.MouseButton.NoButton,
                                                         Qt.KeyboardModifier.ControlModifier,
                                                         Qt.ScrollPhase.NoScrollPhase, False))
        assert canvas.zoom == pytest.approx(before * ZOOM_STEP**2, rel=1e-3)
        assert canvas.zoom_mode == CUSTOM
        moved = canvas.mapFromScene(under) - at
        assert moved.manhattanLength() <= 3  # zoomed about the mouse
    assert canvas.picture_pixels > pixels

    scroll, zoom = canvas.verticalScrollBar().value(), canvas.zoom
    QApplication.sendEvent(viewport, QWheelEvent(QPointF(at), QPointF(viewport.mapToGlobal(at)), QPoint(),
                                                 QPoint(0, -120), Qt.MouseButton.NoButton,
                                                 Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
    assert canvas.zoom == zoom and canvas.verticalScrollBar().value() > scroll  # a plain wheel scrolls


def test_search_hits_are_marked_on_the_printed_characters(qtbot: Any, setup: Any, material: Material) -> None:
    lib, _pdfs, cache = setup
    page = page_ids(lib)[0]
    view = make_view(qtbot, lib, cache)
    truth = material.truths[0]
    checked = 0
    for item in truth.articles:
        text, lines, exact = truth_lines(item)
        article = next((a for a in lib.articles(page) if a.title == item.title), None)
        if article is None:
            continue
        body = "".join(article.body.split())
        # One string inside a line, one across a line break (the page text has "\n" there, the body nothing).
        for k in range(len(lines) - 1):
            if not (exact[k] and exact[k + 1]) or lines[k].end - lines[k].start < 8:
                continue
            inside = text[lines[k].start + 2:lines[k].start + 6]
            across = text[lines[k].end - 2:lines[k].end + 2]
            for hit in (inside, across):
                if text.count(hit) != 1 or body.count(hit) != 1:
                    continue
                shown(qtbot, view, page, article.id) if view.current_page_id != page else view.show_article(
                    article.id, page)
                assert view.show_hits(article.id, hit) > 0
                start = text.index(hit)
                expected = sorted(rects_for_range(lines, start, start + len(hit)), key=lambda b: (b[1], b[0]))
                found = boxes_of(view.canvas.hit_items)
                assert len(found) == len(expected) == (2 if hit == across else 1), (hit, found, expected)
                for got, want in zip(found, expected, strict=True):
                    assert abs(got[0] - want[0]) <= 1.5 and abs(got[2] - want[2]) <= 1.5, (hit, got, want)
                    overlap = min(got[3], want[3]) - max(got[1], want[1])
                    assert overlap >= 0.6 * (want[3] - want[1]), (hit, got, want)
                checked += 1
            if checked >= 6:
                break
    assert checked >= 4
    view.show_article(lib.articles(page)[0].id, page)
    assert view.canvas.hit_items == []  # another article opened without a search: no marks


def test_thumbnails_appear_in_the_background_and_open_their_page(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    view = make_view(qtbot, lib, cache, size=(600, 800))
    ids = page_ids(lib)
    ready: list[int] = []
    view.thumbnail_ready.connect(ready.append)
    with qtbot.waitSignal(view.thumbnail_ready, timeout=SIGNAL_MS):
        view.show_page(ids[0])
    qtbot.waitUntil(lambda: len(ready) == len(ids), timeout=SIGNAL_MS)
    assert sorted(ready) == sorted(ids)
    strip = view.thumbnails
    assert strip.page_ids() == ids and all(strip.has_thumbnail(p) for p in ids)
    tip = strip.item(0).toolTip()  # the file's path, escaped inside rich text (shown as written, "&" too)
    assert tip.startswith("<p") and html.escape(str(lib.page_image(ids[0]).source_path)) in tip
    assert [strip.item(k).text() for k in range(strip.count())] == ["Page 1", "Page 2"]
    rect = strip.visualItemRect(strip.item(1))
    with qtbot.waitSignal(view.page_requested, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [ids[1]]


def test_text_pages_get_a_labelled_placeholder_and_no_picture(qtbot: Any, tmp_path: Path) -> None:
    from tests.conftest import SAMPLES
    from tests.helpers import import_pages

    with Library(tmp_path / "lib") as lib:
        import_pages(lib, sorted(SAMPLES.glob("00[12]_*.txt")))
        view = make_view(qtbot, lib, tmp_path / "cache")
        first = page_ids(lib)[0]
        view.show_page(first)
        assert not view.has_image(first)
        assert view.notice.isVisible() and "imported from text" in view.notice.text()
        assert view.canvas.page_size is None
        assert view.thumbnails.count() == 2 and not view.thumbnails.has_thumbnail(first)
        assert not view.thumbnails.item(0).icon().isNull()
        assert not view.service.busy  # nothing to draw


def test_a_moved_or_deleted_file_is_said_plainly_and_the_regions_still_work(qtbot: Any, setup: Any) -> None:
    lib, pdfs, cache = setup
    page = page_ids(lib)[0]
    moved = pdfs[0].with_name("elsewhere.pdf")
    pdfs[0].rename(moved)
    view = make_view(qtbot, lib, cache)
    with qtbot.waitSignal(view.problem_shown, timeout=SIGNAL_MS) as blocker:
        view.show_page(page)
    assert blocker.args == [page, "missing"]
    assert view.notice.isVisible() and str(pdfs[0]) in view.notice.text()
    assert "moved or deleted" in view.notice.text() and "import the moved folder again" in view.notice.text()
    assert view.canvas.picture_pixels == 0
    region = next(r.region for r in view.canvas.regions if r.region.is_article)
    point = point_of(view, *box_centre(region.regions[0]))
    with qtbot.waitSignal(view.article_requested, timeout=SIGNAL_MS) as clicked:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [region.id]


@pytest.mark.parametrize("change", ["longer", "same size"])
def test_a_changed_file_is_not_drawn(qtbot: Any, setup: Any, change: str) -> None:
    lib, pdfs, cache = setup
    page = page_ids(lib)[1]
    data = bytearray(pdfs[1].read_bytes())
    if change == "longer":
        data += b"\n% edited\n"
    else:
        data[-20] ^= 0x01  # one bit in the trailer: same size, other content
    pdfs[1].write_bytes(bytes(data))
    view = make_view(qtbot, lib, cache)
    with qtbot.waitSignal(view.problem_shown, timeout=SIGNAL_MS) as blocker:
        view.show_page(page)
    assert blocker.args == [page, "changed"]
    assert "has changed since it was imported" in view.notice.text()
    assert view.canvas.picture_pixels == 0


def test_a_scan_is_shown_in_its_pixels(qtbot: Any, setup: Any, tmp_path: Path) -> None:
    lib, pdfs, cache = setup
    page = page_ids(lib)[0]
    scan = make_scan_page(lib, page, pdfs[0], tmp_path / "01.png", scale=1.5)
    view = make_view(qtbot, lib, cache)
    shown(qtbot, view, page)
    image = lib.page_image(page)
    assert image is not None and image.unit == "px" and image.source_path == str(scan)
    view.set_zoom_mode(ACTUAL)
    assert view.canvas.zoom == pytest.approx(1.0 / view.canvas.devicePixelRatioF())
    region = next(r.region for r in view.canvas.regions if r.region.is_article)
    point = point_of(view, *box_centre(region.regions[0]))
    with qtbot.waitSignal(view.article_requested, timeout=SIGNAL_MS) as clicked:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [region.id]


def test_pictures_come_back_from_the_cache_and_a_damaged_entry_is_drawn_again(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    page = page_ids(lib)[0]
    view = make_view(qtbot, lib, cache)
    shown(qtbot, view, page)
    qtbot.waitUntil(lambda: not view.service.busy, timeout=SIGNAL_MS)  # the cache write comes after the page
    pixels = view.canvas.picture_pixels
    image = lib.page_image(page)
    assert image is not None and image.file_hash
    key = f"{image.file_hash}-p1-{pixels}"
    assert PageCache(cache).get(key) is not None
    view.shutdown()

    def results(other: PageView) -> list[Any]:
        got: list[Any] = []
        other.service.rendered.connect(lambda r: got.append(r) if not r.request.thumbnail else None)
        return got

    again = make_view(qtbot, lib, cache)
    got = results(again)
    shown(qtbot, again, page)
    assert got[-1].cached and got[-1].request.pixels == pixels
    again.shutdown()

    entry = cache / f"{key}.img"
    entry.write_bytes(entry.read_bytes()[:-100])  # truncated, as by a crash of another window
    third = make_view(qtbot, lib, cache)
    got = results(third)
    shown(qtbot, third, page)
    assert not got[-1].cached and third.canvas.picture_pixels == pixels
    qtbot.waitUntil(lambda: not third.service.busy, timeout=SIGNAL_MS)
    assert PageCache(cache).get(key) is not None  # written again, whole


def test_the_cache_of_a_view_stays_under_its_bound(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    limit = 2_000_000
    view = make_view(qtbot, lib, cache, cache_limit=limit)
    store = view.service.cache
    assert store is not None
    written: list[int] = []
    put = store.put
    store.put = lambda key, payload: written.append(len(payload)) or put(key, payload)  # type: ignore[method-assign]
    ids = page_ids(lib)
    for page in ids + ids:  # each page shown afresh at fit width, then zoomed in twice: three pictures a page
        view.set_zoom_mode(FIT_WIDTH)
        shown(qtbot, view, page)
        for _ in range(2):
            with qtbot.waitSignal(view.page_painted, timeout=SIGNAL_MS):
                view.canvas.zoom_by(1.6)
        qtbot.waitUntil(lambda: not view.service.busy, timeout=SIGNAL_MS)
        assert 0 < PageCache(cache).size() <= limit
    assert sum(written) > 1.5 * limit  # the bound was reached and held


def test_page_sources_are_read_as_the_importer_names_them() -> None:
    from reader.ingest.pages import page_source
    from reader.ingest.pages import split_source as ingest_split

    for source in ("/a/b.pdf", page_source("/a/b#page=x.pdf", 3), page_source("/a/b.tif", 12), "/a/#page=2",
                   "C:\\scans\\01.jpg", "/a/b.pdf#page="):
        assert split_source(source) == ingest_split(source)


def test_the_page_view_does_not_load_the_parser_for_a_pdf(material: Material, tmp_path: Path) -> None:
    """Drawing a PDF page in the window's process loads pypdfium2 (in the render thread) but not the page parser,
    the layout code or numpy: the window's process stays light (bench_startup). Pillow comes in with the first
    cached picture (it encodes and decodes them: Qt's image readers on a Python buffer deadlocked the window)."""
    lib_dir, _pdfs = material.copy(tmp_path)
    code = f"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer, QEventLoop
from PySide6.QtWidgets import QApplication
from reader.library.store import Library
from reader.ui.page_view import PageView
app = QApplication([])
lib = Library({str(lib_dir)!r})
view = PageView(lib, Path({str(tmp_path / 'cache')!r}))
view.resize(500, 600); view.show()
loop = QEventLoop()
view.page_painted.connect(loop.quit)
QTimer.singleShot(20000, loop.quit)
view.show_page(lib.connection.execute("SELECT MIN(id) FROM pages").fetchone()[0])
loop.exec()
view.shutdown()
print("painted" if view.canvas.picture_pixels else "not painted")
print(" ".join(sorted(sys.modules)))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         timeout=120).stdout.split("\n")
    assert out[0] == "painted"
    loaded = set(out[1].split())
    assert "pypdfium2" in loaded  # the check itself works
    assert loaded & {"reader.ingest.layout", "reader.ingest.segment", "reader.ingest.pdf", "reader.ingest.pages",
                     "reader.ingest.pipeline", "numpy"} == set()


def test_a_block_a_search_found_is_outlined_with_its_hits(qtbot: Any, setup: Any) -> None:
    lib, _pdfs, cache = setup
    view = make_view(qtbot, lib, cache)
    page = page_ids(lib)[0]
    shown(qtbot, view, page)
    block = next(b for b in lib.blocks(page) if b.kind == "advert" and len("".join(b.text.split())) >= 4)
    word = "".join(block.text.split())[:3]
    view.show_block(block.id, page, word)
    assert [(r.region.is_article, r.region.id) for r in view.canvas.regions if r.emphasised] == [(False, block.id)]
    found = boxes_of(view.canvas.hit_items)
    assert found
    outline = next(r.region for r in view.canvas.regions if not r.region.is_article and r.region.id == block.id)
    for left, top, right, bottom in found:  # every hit mark is inside the block's boxes
        assert any(b[0] - 2 <= left and right <= b[2] + 2 and b[1] - 2 <= top and bottom <= b[3] + 2
                   for b in outline.regions)
    view.show_article(lib.articles(page)[0].id, page)  # another article opened: the block's marks go
    assert not view.canvas.hit_items
