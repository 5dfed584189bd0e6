"""The page view at 1920 x 1080: time to a painted page, zoom and pan frames, thumbnails, GUI-thread stalls.

    python -m bench.bench_pageview [--pages 8] [--rounds 3] [--json] [--keep DIR]

Laid-out newspaper pages (``tests/material/newspaper.py``: A3 PDF pages with a text layer, generated first and
not timed) are imported into a fresh library; two of them are also stored as scans (PNG renders at 2 px/pt,
1684 x 2382 px, and one JPEG at 3.5 px/pt, 2947 x 4169 px), as an OCR import would keep them. Then, in one
process, the real window (``reader.app.build``) at 1920 x 1080, offscreen Qt, in its own event loop:

- **show a page**: ``MainWindow.show_page`` (what a thumbnail click does: the contents list, the reading pane
  and the page view follow) until the page view has painted the page's picture (``PageView.page_painted``).
  "first" is the first page of the process (pypdfium2 is loaded then), "new" pages never drawn before, "cached"
  the same pages again (their pictures come from the disk cache), for page only and side by side;
- **zoom**: one Ctrl+wheel step: the synchronous repaint with the current picture scaled (what the eye sees at
  once), then the time until the sharper picture is painted (150 ms of settling included);
- **pan**: the repaint after scrolling by 120 px, twenty times, at fit width and at 200 %;
- **thumbnails**: an issue's thumbnails from none to all, uncached and cached (pages per second);
- **GUI-thread stalls**: a 5 ms timer runs on the GUI thread through all of the above; the largest lateness is
  the worst stall a reader could feel.

Nothing is hard-coded: every number printed is measured in this run; the machine line is printed with them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.machine import describe

WIDTH, HEIGHT = 1920, 1080


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {"n": len(values), "p50": round(statistics.median(values), 1), "p95": round(_pct(values, 0.95), 1),
            "max": round(max(values), 1), "min": round(min(values), 1)}


def _material(root: Path, pages: int) -> Path:
    """The library folder, with one issue of ``pages`` PDF pages, three of them stored as scans."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reader.library.store import Library
    from tests.helpers import import_pages
    from tests.material.newspaper import default_specs, write_pages
    from tests.pageview_fixtures import make_scan_page

    written = write_pages(root / "papers", default_specs(pages), stem="2020-04-08")
    for path, _truth in written:
        path.with_suffix(".truth.json").unlink()
    lib_dir = root / "lib"
    with Library(lib_dir) as lib:
        report = import_pages(lib, [root / "papers"])
        if report.added != pages:
            raise SystemExit(f"import: {report.added} of {pages} pages ({report.skipped})")
        ids = [int(r[0]) for r in lib.connection.execute("SELECT id FROM pages ORDER BY issue_id, seq")]
        by_id = {int(r[0]): Path(r[1]) for r in lib.connection.execute("SELECT id, source_path FROM pages")}
        # The last pages become scans: two PNGs at 2 px/pt and a big JPEG at 3.5 px/pt.
        for page_id, (suffix, scale) in zip(ids[-3:], ((".png", 2.0), (".png", 2.0), (".jpg", 3.5)), strict=False):
            pdf = by_id[page_id]
            make_scan_page(lib, page_id, pdf, pdf.with_name(pdf.stem + "-scan" + suffix), scale=scale)
    return lib_dir


class _Stalls:
    """How late a 5 ms timer on the GUI thread fires: the stalls a reader would feel."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.phase = "start"
        self.worst: dict[str, float] = {}  # the largest stall in each phase of the benchmark
        self.gc_worst: dict[str, float] = {}  # the longest garbage collection in each phase
        self._gc_began = 0.0
        gc.callbacks.append(self._gc)
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = max(0.0, (now - self._last) * 1000 - 5)
        self.gaps.append(gap)
        self.worst[self.phase] = round(max(self.worst.get(self.phase, 0.0), gap), 1)
        self._last = now

    def _gc(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_began = time.perf_counter()
        else:
            pause = (time.perf_counter() - self._gc_began) * 1000
            self.gc_worst[self.phase] = round(max(self.gc_worst.get(self.phase, 0.0), pause), 1)

    def stop(self) -> dict[str, Any]:
        self._timer.stop()
        gc.callbacks.remove(self._gc)
        return {"ticks": len(self.gaps), "p99": round(_pct(self.gaps, 0.99), 1), "max": round(max(self.gaps), 1),
                "over_100": sum(1 for g in self.gaps if g > 100), "worst_by_phase": self.worst,
                "longest_gc_by_phase": self.gc_worst}


def _wait(signal: Any, timeout_ms: int = 30_000) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[bool] = []
    signal.connect(loop.quit)
    signal.connect(lambda *_a: fired.append(True))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)
    return bool(fired)


def _idle(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def run(pages: int, rounds: int, keep: Path | None) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    root = keep or Path(tempfile.mkdtemp(prefix="bench-pageview-"))
    home = root / "home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    os.environ["NEWSREADER_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # before the material: it draws with Qt too
    t0 = time.perf_counter()
    lib_dir = _material(root, pages)
    made = time.perf_counter() - t0
    shutil.rmtree(lib_dir / "cache", ignore_errors=True)

    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    from reader.app import build
    from reader.ui.layouts import PAGE_ONLY, SIDE_BY_SIDE, TEXT_ONLY
    from reader.ui.page_view import FIT_WIDTH, PageView

    win, services = build(lib_dir)
    win.importer.quiet = True
    win.resize(WIDTH, HEIGHT)
    win.restore()
    win.resize(WIDTH, HEIGHT)
    win.show()
    _idle(300)
    view = win.make_page_view()  # made here so its signals can be waited on before the first page
    library = win.library
    issues = [i for i in library.issues() if i.stored_pages]
    page_ids = [p.id for issue in issues for p in library.page_summaries(issue.id)]
    kinds = {p: library.page_image(p).source_kind for p in page_ids}
    results: dict[str, Any] = {"machine": describe(), "pages": pages, "material_seconds": round(made, 1),
                               "window": [WIDTH, HEIGHT], "load_average_before": _load(), "layouts": {}}
    # As at a real start, the reader has an article open (restore() reopens the last one) before the page view
    # is first used: the reading pane's fonts are loaded then, not in the page view's first page.
    win.set_page_layout(TEXT_ONLY)
    win.open_issue(issues[0].id)
    _idle(300)
    stalls = _Stalls()

    def show(page_id: int) -> tuple[float, int, bool]:
        """ms from MainWindow.show_page to the page's picture painted; its render step; from the cache?"""
        got: list[Any] = []
        view.service.rendered.connect(lambda r: got.append(r) if not r.request.thumbnail else None)
        start = time.perf_counter()
        win.show_page(page_id)
        if not _wait(view.page_painted):
            raise SystemExit(f"page {page_id} was not painted within 30 s")
        elapsed = (time.perf_counter() - start) * 1000
        cached = bool(got) and got[-1].cached
        return elapsed, view.canvas.picture_pixels, cached

    for layout in (PAGE_ONLY, SIDE_BY_SIDE):
        stalls.phase = f"switch to {layout}"
        win.set_page_layout(layout)
        view.set_zoom_mode(FIT_WIDTH)
        view.set_thumbnails_visible(False)  # thumbnails are measured on their own below
        shutil.rmtree(lib_dir / "cache", ignore_errors=True)
        first: list[float] = []
        new: dict[str, list[float]] = {"pdf": [], "scan": []}
        cached: dict[str, list[float]] = {"pdf": [], "scan": []}
        steps: set[int] = set()
        for round_no in range(rounds):
            for n, page_id in enumerate(page_ids):
                if view.current_page_id == page_id:
                    win.show_page(page_ids[(n + 1) % len(page_ids)])
                    _wait(view.page_painted)
                stalls.phase = ("first page of the process" if not first and layout == PAGE_ONLY else
                                f"show pages ({layout}, {kinds[page_id]}, round {round_no + 1})")
                ms, pixels, from_cache = show(page_id)
                steps.add(pixels)
                if not first and layout == PAGE_ONLY:
                    first.append(ms)
                elif round_no == 0 and not from_cache:
                    new[kinds[page_id]].append(ms)
                elif from_cache:
                    cached[kinds[page_id]].append(ms)
                # let the cache write finish so the next page is timed alone
                _wait_idle(view)
        results["layouts"][layout] = {
            "page_view_px": [view.canvas.viewport().width(), view.canvas.viewport().height()],
            "render_steps_px": sorted(steps),
            "first_page_of_process_ms": round(first[0], 1) if first else None,
            "new_pdf_ms": _summary(new["pdf"]), "new_scan_ms": _summary(new["scan"]),
            "cached_pdf_ms": _summary(cached["pdf"]), "cached_scan_ms": _summary(cached["scan"]),
        }

    # Zoom: one Ctrl+wheel step at a time, in and out, on a PDF page shown page only.
    stalls.phase = "zoom"
    win.set_page_layout(PAGE_ONLY)
    pdf_page = next(p for p in page_ids if kinds[p] == "pdf")
    win.show_page(pdf_page)
    _wait(view.page_painted)
    canvas = view.canvas
    viewport = canvas.viewport()
    at = QPoint(viewport.width() // 2, viewport.height() // 3)
    frames: list[float] = []
    sharper: list[float] = []
    for delta in (120, 120, 120, -120, -120, -120, 120, 120, -120, -120):
        event = QWheelEvent(QPointF(at), QPointF(viewport.mapToGlobal(at)), QPoint(), QPoint(0, delta),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        start = time.perf_counter()
        QApplication.sendEvent(viewport, event)
        viewport.repaint()
        frames.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        if _wait(view.page_painted, 3000):
            sharper.append((time.perf_counter() - start) * 1000)
        _wait_idle(view)
    results["zoom"] = {"frame_ms": _summary(frames), "sharper_picture_ms": _summary(sharper),
                       "zoom_after": round(canvas.zoom, 3)}

    # Pan: scroll by 120 px with a synchronous repaint, at fit width and at 200 %.
    stalls.phase = "pan"
    pan: dict[str, Any] = {}
    for name, zoom in (("fit width", None), ("200 %", 2.0)):
        if zoom is None:
            view.set_zoom_mode(FIT_WIDTH)
        else:
            canvas.set_zoom(canvas.actual_zoom("pt") * zoom)
        _wait(view.page_painted, 3000)
        _wait_idle(view)
        bar = canvas.verticalScrollBar()
        bar.setValue(0)
        times = []
        for _ in range(20):
            start = time.perf_counter()
            bar.setValue(bar.value() + 120)
            viewport.repaint()
            times.append((time.perf_counter() - start) * 1000)
            _idle(16)  # one frame a screen refresh, as a drag would: the stall meter sees each frame alone
        pan[name] = _summary(times)
    results["pan_frame_ms"] = pan

    # Thumbnails: an issue's strip from none, then from the cache, each in a new page view (as in a new window).
    stalls.phase = "thumbnails"
    thumbs: dict[str, Any] = {}
    for label, clear in (("uncached", True), ("cached", False)):
        if clear:
            for entry in (lib_dir / "cache" / "pages").glob("*-160.img"):
                entry.unlink()
        rates = []
        for issue in issues:
            strip_view = PageView(library, lib_dir / "cache" / "pages")
            strip_view.resize(view.size())
            strip_view.show()
            _idle(50)
            ready: list[int] = []
            strip_view.thumbnail_ready.connect(ready.append)
            count = issue.stored_pages
            start = time.perf_counter()
            strip_view.show_issue(issue.id)
            deadline = time.perf_counter() + 60
            while len(ready) < count and time.perf_counter() < deadline:
                _wait(strip_view.thumbnail_ready, 5000)
            rates.append(count / (time.perf_counter() - start))
            strip_view.shutdown()
            strip_view.close()
            strip_view.deleteLater()
        thumbs[label] = {"pages_per_second": [round(r, 1) for r in rates]}
    results["thumbnails"] = thumbs
    results["gui_stalls_ms"] = stalls.stop()
    results["load_average_after"] = _load()

    win.close()
    services.shutdown()
    app.processEvents()
    if keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return results


def _load() -> list[float]:
    """The 1, 5 and 15 minute load averages: on a shared machine, other work slows every number here."""
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return []


def _wait_idle(view: Any) -> None:
    deadline = time.perf_counter() + 30
    while view.service.busy and time.perf_counter() < deadline:
        _idle(10)


def _print(results: dict[str, Any]) -> None:
    print(results["machine"])
    print(f"{results['pages']} laid-out A3 pages (3 stored as scans); window {WIDTH} x {HEIGHT}, offscreen Qt; "
          f"material made in {results['material_seconds']} s (not timed below)")
    for layout, r in results["layouts"].items():
        print(f"\n[{layout}] page view {r['page_view_px'][0]} x {r['page_view_px'][1]} px, render steps "
              f"{r['render_steps_px']} px (longer side)")
        if r["first_page_of_process_ms"] is not None:
            print(f"  first page of the process (loads pypdfium2): {r['first_page_of_process_ms']} ms")
        for key in ("new_pdf_ms", "new_scan_ms", "cached_pdf_ms", "cached_scan_ms"):
            print(f"  {key:15} {r[key]}")
    print(f"\nzoom, one Ctrl+wheel step: repaint {results['zoom']['frame_ms']}; sharper picture painted after "
          f"{results['zoom']['sharper_picture_ms']}")
    for name, r in results["pan_frame_ms"].items():
        print(f"pan 120 px at {name}: repaint {r}")
    for label, r in results["thumbnails"].items():
        print(f"thumbnails {label}: {r['pages_per_second']} pages/s per issue")
    print(f"GUI-thread stalls through it all: {results['gui_stalls_ms']}")
    print(f"load average before {results['load_average_before']}, after {results['load_average_after']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="visits of every page (the first one uncached)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="make the material and library here and keep them")
    args = parser.parse_args(argv)
    results = run(args.pages, args.rounds, args.keep)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        _print(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
