"""Start the desktop application: build the services, hand them to the main window, run the event loop."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.library.store import Library
from reader.paths import samples_dir
from reader.ui.main_window import MainWindow
from reader.ui.search_bridge import SearchBridge
from reader.ui.settings import Preferences, WindowState
from reader.ui.tasks import ReadPool, WriterLane

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything the window needs, created once and passed in (no globals)."""

    library: Library
    prefs: Preferences
    state: WindowState
    lane: WriterLane
    pool: ReadPool
    search: SearchBridge

    def shutdown(self) -> None:
        self.lane.stop()
        self.pool.wait()
        self.library.close()


def build(library_dir: Path) -> tuple[MainWindow, Services]:
    """The main window over ``library_dir`` with fresh services (tests use this too)."""
    library = Library(library_dir)
    pool = ReadPool()
    services = Services(library, Preferences(), WindowState(), WriterLane(library_dir), pool,
                        SearchBridge(pool, library_dir))
    window = MainWindow(library, library_dir, services.prefs, services.state, services.lane, pool,
                        services.search)
    return window, services


def run(library_dir: Path, *, import_samples: bool = False, argv: list[str] | None = None) -> int:
    """Show the window; with ``import_samples`` the bundled samples are imported (unchanged ones are skipped)."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("newsreader")
    app.setOrganizationName("newsreader")
    window, services = build(library_dir)
    window.restore()
    window.show()
    window.importer.sync_index()  # cheap when up to date; rebuilds a missing, old or damaged index
    services.search.warm_up()  # jieba and the index load in the background
    window.check_fonts()
    if import_samples:
        # Connected before the job exists: a quick job can finish before start() returns.
        window.importer.import_finished.connect(lambda _report: window.open_first_issue_if_idle())
        window.importer.start([samples_dir()])
    else:
        QTimer.singleShot(0, window.offer_samples)
    try:
        return app.exec()
    finally:
        services.shutdown()
