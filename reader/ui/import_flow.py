"""Importing from the interface: file dialogs, drag and drop, a progress dialog, a summary of skipped files.

The work runs on the writer lane; the library view refreshes every few seconds while issues arrive, and
reading and searching go on meanwhile (SQLite's WAL readers are never blocked by the writer).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.discover import group_skipped
from reader.jobs import INDEX_STEP, ApplyCorrections, Correction, ImportPages, SyncIndex
from reader.ui.core_messages import core_text
from reader.ui.i18n import tr
from reader.ui.tasks import Job, WriterLane

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 600  # a quick import never flashes a dialog
REFRESH_EVERY_S = 2.0



def _eta(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    if seconds >= 3600:
        return f"{seconds // 3600}h {seconds % 3600 // 60}m"
    if seconds >= 60:
        return f"{seconds // 60}m {seconds % 60}s"
    return f"{seconds}s"


class ImportProgressDialog(QDialog):
    """Pages done of total, the current file, time left, and Cancel."""

    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Importing"))
        self.setModal(False)
        self.job = job
        layout = QVBoxLayout(self)
        self.count = QLabel(tr("Preparing…"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.current = QLabel("")
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setMinimumWidth(480)
        self.eta = QLabel("")
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        for w in (self.count, self.bar, self.current, self.eta, self.cancel_button):
            layout.addWidget(w)

    def _cancel(self) -> None:
        self.job.cancel()
        self.cancel_button.setEnabled(False)

    def update_progress(self, done: int, total: int, text: str) -> None:
        if text == INDEX_STEP:
            text = tr("Updating the search index…")
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.count.setText(tr("{done} of {total} pages").format(done=done, total=total))
        self.current.setText(text)
        if self.job.started_at is not None and 0 < done < total:
            rate = done / max(time.monotonic() - self.job.started_at, 1e-6)
            self.eta.setText(tr("about {eta} left").format(eta=_eta((total - done) / rate)))


class ImportController(QObject):
    """Starts imports and correction jobs on the writer lane and reports back to the user."""

    library_changed = Signal()  # a job ended: anything may have changed
    library_growing = Signal()  # an import is adding pages (sent every few seconds while it runs)
    import_finished = Signal(object)  # the ImportReport (or None when it failed)
    job_ended = Signal(object)  # the request (reader.jobs) of a finished job, on the GUI thread

    def __init__(self, window: QWidget, lane: WriterLane, library_dir: Path) -> None:
        super().__init__(window)
        self.window, self.lane, self.library_dir = window, lane, library_dir
        self.jobs: list[Job] = []
        self.dialog: ImportProgressDialog | None = None
        self.last_summary = ""
        self.quiet = False  # tests and --samples runs: no modal summary box

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, tr("Import Pages"), "",
                                                tr("Text files (*.txt);;All files (*)"))
        if files:
            self.start([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, tr("Import a Folder"))
        if folder:
            self.start([Path(folder)])

    def start(self, paths: list[Path]) -> Job:
        last_refresh = [time.monotonic()]

        def setup(job: Job) -> None:
            dialog = ImportProgressDialog(job, self.window)
            self.dialog = dialog
            self.jobs.append(job)

            def on_progress(done: int, total: int, text: str) -> None:
                dialog.update_progress(done, total, text)
                if time.monotonic() - last_refresh[0] > REFRESH_EVERY_S:
                    last_refresh[0] = time.monotonic()
                    self.library_growing.emit()  # issues show up in the library while the import runs

            def show_dialog() -> None:
                if job in self.jobs:
                    dialog.show()

            job.progress.connect(on_progress)
            job.done.connect(self._done)
            job.failed.connect(self._failed)
            job.finished.connect(lambda: self._finished(job, dialog))
            QTimer.singleShot(SHOW_AFTER_MS, show_dialog)

        return self.lane.submit(ImportPages(tuple(str(p) for p in paths)), setup)

    def _finished(self, job: Job, dialog: ImportProgressDialog) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        dialog.close()
        self.library_changed.emit()
        self.job_ended.emit(job.request)

    def _done(self, report: Any) -> None:
        lines = [tr("Pages added: {added}, replaced: {replaced}, unchanged: {unchanged}. Issues: {issues}. "
                    "Articles: {articles}.").format(added=report.added, replaced=report.replaced,
                                                    unchanged=report.unchanged, issues=len(report.issue_ids),
                                                    articles=report.articles)]
        if report.moved:
            lines.append(tr("Pages found at a new place (the library follows them): {n}.").format(n=report.moved))
        if report.duplicates:
            lines.append(tr("Copies of pages already in the library, not added: {n}.").format(n=len(report.duplicates)))
            lines.extend("  " + tr("{copy}: already in the library as {original}").format(copy=copy, original=original)
                         for copy, original in report.duplicates)
        if report.skipped:
            lines.append(tr("Skipped files ({n}):").format(n=len(report.skipped)))
            groups, others = group_skipped(report.skipped)
            lines.extend("  " + tr("{n} {suffix} files: not newspaper pages").format(
                n=n, suffix=suffix or tr("extension-less")) for suffix, n in groups)
            lines.extend("  " + tr("{path}: {reason}").format(path=path, reason=core_text(reason))
                         for path, reason in others)
        self.last_summary = "\n".join(lines)
        title = tr("Import cancelled") if report.cancelled else tr("Import finished")
        self.import_finished.emit(report)
        noteworthy = report.skipped or report.duplicates or report.moved
        if not self.quiet and (noteworthy or report.cancelled or report.added + report.replaced > 0):
            box = QMessageBox(QMessageBox.Icon.Information, title, lines[0], parent=self.window)
            if noteworthy:
                box.setDetailedText(self.last_summary)
            box.setModal(False)
            box.show()

    def _failed(self, message: str) -> None:
        message = core_text(message)
        self.last_summary = message
        self.import_finished.emit(None)
        if not self.quiet:
            # The message names files (and may quote them): plain text, never markup Qt would guess at.
            box = QMessageBox(QMessageBox.Icon.Critical, tr("Import failed"), message, parent=self.window)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.exec()

    def sync_index(self) -> Job:
        """Bring the search index in step with the library (rebuilds an old or damaged index) in the background."""

        def setup(job: Job) -> None:
            dialog = ImportProgressDialog(job, self.window)
            dialog.setWindowTitle(tr("Updating the search index…"))
            self.jobs.append(job)
            job.progress.connect(dialog.update_progress)
            job.failed.connect(self._failed)
            job.finished.connect(lambda: self._finished(job, dialog))
            QTimer.singleShot(SHOW_AFTER_MS, lambda: dialog.show() if job in self.jobs else None)

        return self.lane.submit(SyncIndex(), setup)

    def apply_corrections(self, changes: list[Correction]) -> Job:
        """Store the user's corrections (they survive re-import) and re-index what moved."""

        def setup(job: Job) -> None:
            self.jobs.append(job)
            job.failed.connect(self._failed)

            def ended() -> None:
                if job in self.jobs:
                    self.jobs.remove(job)
                self.library_changed.emit()
                self.job_ended.emit(job.request)

            job.finished.connect(ended)

        return self.lane.submit(ApplyCorrections(tuple(changes)), setup)

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()


