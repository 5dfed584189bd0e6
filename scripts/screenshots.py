"""Render the README's screenshots of the window, offscreen, on the bundled samples and a laid-out PDF issue.

Usage: python scripts/screenshots.py [OUT_FOLDER]   (default docs/screenshots; needs fonts-noto-cjk)

Each shot runs in a fresh process (the interface language is chosen once per process) with a throwaway library
and settings folder. Shots: the reading window with a search at 1280 x 800 and 1920 x 1080, Chinese and
English, light and dark; a PDF page beside its article; the notes; the whole page in one scroll.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1280, 800), (1920, 1080))
QUERY = {"zh": "疫情防控", "en": "疫情防控"}


def shots() -> list[tuple[str, list[str]]]:
    """(file name, arguments of one shot) for every shot."""
    out = []
    for lang in ("zh", "en"):
        for theme in ("light", "dark"):
            for width, height in SIZES:
                name = f"main-{theme}-{lang}-{width}x{height}.png"
                out.append((name, ["main", lang, theme, str(width), str(height)]))
        out.append((f"page-light-{lang}-1920x1080.png", ["page", lang, "light", "1920", "1080"]))
    out.append(("page-light-zh-1280x800.png", ["page", "zh", "light", "1280", "800"]))
    out.append(("continuous-sepia-zh-1280x800.png", ["continuous", "zh", "sepia", "1280", "800"]))
    return out


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, args in shots():
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NEWSREADER_LANG=args[1],
                   NEWSREADER_HOME=tempfile.mkdtemp(prefix="newsreader-shot-"))
        run = subprocess.run([sys.executable, __file__, "--one", str(folder / name), *args], env=env, cwd=ROOT)
        failed += run.returncode != 0
        print(("failed: " if run.returncode else "") + str(folder / name))
    return 1 if failed else 0


def one(out: Path, kind: str, lang: str, theme: str, width: int, height: int) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.app import build
    from reader.jobs import SearchRequest
    from reader.library.store import Library
    from reader.paths import samples_dir
    from reader.ui.i18n import install_qt_translations
    from reader.writer import new_importer, sync_index

    app = QApplication(sys.argv[:1])
    install_qt_translations(app)
    home = Path(os.environ["NEWSREADER_HOME"])

    def wait(ms: int, until: object = None) -> None:
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if until is None or until() else None)  # type: ignore[operator]
        timer.start(50)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    folder = home / "lib"
    paths = [samples_dir()]
    if kind == "page":
        from tests.material.newspaper import default_specs, write_pages

        for path, _truth in write_pages(home / "papers", default_specs(2)):
            path.with_suffix(".truth.json").unlink()
        paths = [home / "papers"]
    with Library(folder) as lib:
        new_importer(lib).import_paths(paths)
        sync_index(lib, None, None)
    win, services = build(folder)
    try:
        win.prefs.theme = theme
        win.resize(width, height)
        win.show()
        wait(300)
        if kind == "main":
            issue = win.library.find_issue("许昌日报", "2020-04-08")
            win.open_issue(issue.id)
            if width >= 1600:
                win.search_dock.show()
                win.search_dock.raise_()
            request = SearchRequest(query=QUERY[lang])
            win.search_dock.query.setText(request.query)
            win.search_dock.submit()
            wait(60000, lambda: win.search_dock.model.rowCount() > 0)
            hit = win.search_dock.model.hit(0)
            win.search_dock.hit_activated.emit(hit, win.search_dock.request())
        elif kind == "page":
            issue = win.library.issues()[0]
            win.open_issue(issue.id)
            articles = win.library.articles(win.issue_view.current_page_id)
            win.open_article(articles[1].id)
            view = win.make_page_view()
            painted: list[int] = []
            view.page_painted.connect(painted.append)
            wait(8000, lambda: bool(painted))
        elif kind == "continuous":
            issue = win.library.find_issue("许昌日报", "2020-04-08")
            win.open_issue(issue.id)
            win.set_reading_mode("page")
        wait(600)
        win.grab().save(str(out))
    finally:
        win.close()
        services.shutdown()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        out, kind, lang, theme, w, h = sys.argv[2:8]
        one(Path(out), kind, lang, theme, int(w), int(h))
        sys.exit(0)
    sys.exit(main())
