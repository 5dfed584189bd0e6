"""Render the window with bookmarks, highlights and notes on the bundled samples, for the README.

Usage: QT_QPA_PLATFORM=offscreen NEWSREADER_LANG=zh python scripts/screenshot_notes.py OUT.png [--theme dark]
(needs fonts-noto-cjk; uses a throwaway library and settings folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

QUOTE = "市长史根治强调"
SECOND = "坚决克服麻痹松懈思想"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--theme", default="light")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="newsreader-shot-"))
    os.environ["NEWSREADER_HOME"] = str(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from reader.app import build
    from reader.library.store import Library
    from reader.paths import samples_dir
    from reader.writer import new_importer

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = home / "lib"
    with Library(folder) as lib:
        new_importer(lib).import_paths([samples_dir()])
    win, services = build(folder)
    try:
        win.prefs.theme = args.theme
        win.resize(1500, 920)
        win.show()
        article = next(
            a
            for issue in win.library.issues()
            for page in win.library.pages(issue.id)
            for a in win.library.articles(page.id)
            if QUOTE in a.body
        )
        win.open_article(article.id)
        body = article.body
        start = body.index(QUOTE)
        win.notes.add_highlight(article.id, start, start + len(QUOTE) + 1, "yellow",
                                "会议由市长主持，注意与第2版的报道对照。")
        second = body.index(SECOND, start + 10)
        win.notes.add_highlight(article.id, second, second + len(SECOND), "green", "")
        win.notes.add_note(article.id, "这是疫情期间第74次日例会，可与4月1日的例会比较。")
        win.notes.add_bookmark(article.id, name="复学与防控", folder="研究/疫情")
        other = next(a for a in win.library.articles(article.page_id) if a.id != article.id)
        win.notes.add_bookmark(other.id, folder="研究/疫情")
        pos = other.body.index("。") + 1 if "。" in other.body else 0
        win.notes.add_highlight(other.id, 0, max(pos, 8), "blue", "开头一句")
        win.open_article(article.id)
        win.notes_dock.raise_()
        app.processEvents()
        win.grab().save(str(args.out))
        win.bookmarks_dock.raise_()
        app.processEvents()
        win.grab().save(str(args.out.with_name(args.out.stem + "-bookmarks" + args.out.suffix)))
    finally:
        win.close()
        services.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
