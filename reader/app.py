"""Start the desktop application: build the services, hand them to the main window, run the event loop."""

from __future__ import annotations

import contextlib
import gc
import logging
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reader.library.db import is_damage
from reader.library.store import Library
from reader.notes.backup import backup_dir, backup_library, backup_notes
from reader.notes.store import NoteStore
from reader.paths import samples_dir
from reader.recovery import RecoveryReport, open_library_safely, request_check
from reader.ui.core_messages import core_text
from reader.ui.first_paint import after_first_paint
from reader.ui.i18n import install_qt_translations, tr
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
    recovery: RecoveryReport | None = None  # set when the library database was damaged and recovered

    def shutdown(self) -> None:
        """Stop the background work, back up the notes a last time, close the library."""
        self.lane.stop()
        self.search.stop()
        self.pool.wait()
        backup_notes(NoteStore.of(self.library), backup_dir(self.library.folder))
        self.library.close()


def build(library_dir: Path) -> tuple[MainWindow, Services]:
    """The main window over ``library_dir`` with fresh services (tests use this too).

    A damaged library database is moved aside and the notes restored first (``services.recovery`` says so).
    """
    library, recovery = open_library_safely(library_dir)
    pool = ReadPool()
    services = Services(library, Preferences(), WindowState(), WriterLane(library_dir), pool,
                        SearchBridge(pool, library_dir), recovery)
    window = MainWindow(library, library_dir, services.prefs, services.state, services.lane, pool,
                        services.search)

    def backup() -> None:  # thousands of notes take a few hundred ms to export: not on the GUI thread
        pool.submit("notes backup", lambda _cancel: backup_library(library_dir))

    backup()  # the notes as they were when the reader started
    window.notes.enable_backups(backup)
    # What start-up built (modules, Qt wrappers, the window) lives as long as the window: taken out of the
    # collector's view, so a full collection scans only newer objects (gen2 pauses of 65-85 ms measured).
    gc.freeze()
    return window, services


def start(library_dir: Path, *, import_samples: bool = False) -> tuple[MainWindow, Services]:
    """Everything ``run`` does before the event loop: build, show, start-up checks (tests call this).

    ``import_samples`` imports the bundled samples only into a new, empty library: a reader's own library
    (``run.sh --library ~/papers``) never receives them.
    """
    window, services = build(library_dir)
    window.restore()
    window.show()
    recovery = services.recovery
    import_samples = import_samples and services.library.is_empty()

    def in_background() -> None:  # processes that load the index and jieba: once the window is on screen
        log.info("window shown on %s", library_dir)
        window.importer.sync_index()  # cheap when up to date; rebuilds a missing, old or damaged index
        services.search.warm_up()
        if import_samples:
            window.importer.import_finished.connect(lambda _report: window.open_first_issue_if_idle())
            window.importer.start([samples_dir()])

    after_first_paint(window, in_background)
    window.check_fonts()
    if recovery is not None:
        QTimer.singleShot(0, lambda: show_recovery(window, recovery))
    return window, services


def recovery_text(report: RecoveryReport) -> str:
    """The user's account of a recovered library, in the interface language."""
    lines = [
        tr("The library database was damaged and could not be used ({reason}).").format(
            reason=core_text(report.reason)),
        tr("It has been kept aside as {path} (nothing was deleted), and a new, empty library was created.").format(
            path=report.damaged_path),
    ]
    if report.backup is not None:
        when = report.backup_time
        stamp = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "?"
        lines.append(tr("{n} notes and bookmarks were recovered from the automatic backup of {time} ({path}).").format(
            n=report.from_backup, time=stamp, path=report.backup))
    elif report.restore_error:
        lines.append(tr("Your notes and bookmarks could not be restored from the automatic backups: {error}").format(
            error=core_text(report.restore_error)))
    else:
        lines.append(tr("No automatic backup of your notes and bookmarks was found."))
    if report.salvaged is not None and report.salvaged.added + report.salvaged.updated:
        lines.append(tr("{n} newer notes or changes could still be read from the damaged file and were recovered "
                        "too.").format(n=report.salvaged.added + report.salvaged.updated))
    lines.append(tr("Import your pages again (File ▸ Import Folder…): the recovered notes re-attach to their articles "
                    "by themselves."))
    hint = report.folders_hint()
    if hint:
        lines.append(tr("They were on pages in {folders}.").format(folders=hint))
    return "\n\n".join(lines)


def show_recovery(window: QWidget, report: RecoveryReport) -> QMessageBox:
    """Tell the user the library was recovered: a window-modal box that does not block the event loop."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Library recovered"), recovery_text(report), parent=window)
    box.setObjectName("recovery_message")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def watch_for_damage(window: QWidget, library_dir: Path) -> None:
    """A damage error met while reading (not caught at start-up) asks for a full check and recovery next start."""
    previous = sys.excepthook
    told: list[bool] = []

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if is_damage(exc):
            request_check(library_dir)
            if not told:
                told.append(True)
                box = QMessageBox(QMessageBox.Icon.Critical, tr("Library damaged"), tr(
                    "The library database is damaged ({reason}). Quit and start the reader again: the damaged file "
                    "will be kept aside and your notes recovered from the latest automatic backup.").format(
                        reason=core_text(str(exc))), parent=window)
                box.open()
        previous(kind, exc, tb)

    sys.excepthook = hook


def close_on_signals(window: QWidget) -> QSocketNotifier | None:
    """Ctrl+C in the terminal (SIGINT) and SIGTERM close the window as its Quit does: state saved, children
    stopped, notes backed up. Python runs a signal handler only when the interpreter gets control, so the
    signal is written to a socket that the event loop watches (``signal.set_wakeup_fd``)."""
    try:
        ours, theirs = socket.socketpair()
        ours.setblocking(False)
        theirs.setblocking(False)
        signal.set_wakeup_fd(theirs.fileno())
    except (OSError, ValueError):  # not the main thread, or no sockets: the default handling stays
        log.warning("cannot watch for SIGINT/SIGTERM: they will end the reader without saving its state")
        return None

    def on_signal(signum: int, _frame: object) -> None:
        log.info("signal %d: closing the window", signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    notifier = QSocketNotifier(ours.fileno(), QSocketNotifier.Type.Read, window)

    def woken() -> None:
        with contextlib.suppress(OSError):
            ours.recv(64)
        window.close()

    notifier.activated.connect(woken)
    setattr(notifier, "sockets", (ours, theirs))  # noqa: B010  (kept as long as the notifier lives)
    return notifier


def run(library_dir: Path, *, import_samples: bool = False, argv: list[str] | None = None) -> int:
    """Show the window; with ``import_samples`` the bundled samples go into a new, empty library."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("newsreader")
    app.setOrganizationName("newsreader")
    install_qt_translations(app)  # Qt's own buttons, menus and dialogs in the interface language
    window, services = start(library_dir, import_samples=import_samples)
    watch_for_damage(window, library_dir)
    keep = close_on_signals(window)
    try:
        return app.exec()
    finally:
        if keep is not None:
            signal.set_wakeup_fd(-1)
        services.shutdown()
