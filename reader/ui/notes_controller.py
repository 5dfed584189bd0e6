"""Every change to bookmarks, highlights and notes goes through here: saved at once, undoable, announced.

A change is written (one small committed transaction) before anything shows it, so what the reader sees
is what is on disk; a failed write (disk full, read-only folder) is reported through ``failed`` and shown
nowhere. Undo and redo replay changes through the same store: deleting marks a row, undoing unmarks it.
"""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.notes.model import Annotation, NotesError
from reader.notes.store import NoteStore
from reader.ui.core_messages import core_text
from reader.ui.i18n import tr

log = logging.getLogger(__name__)

BACKUP_DELAY_MS = 2 * 60 * 1000  # an automatic backup this long after the last change...
BACKUP_MAX_WAIT_S = 10 * 60  # ...but no later than this after the first change not backed up, however busy



class _Step(QUndoCommand):
    """One change already made; undo and redo call back into the controller."""

    def __init__(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__(text)
        self._undo, self._redo, self._done = undo, redo, True

    def redo(self) -> None:
        if self._done:  # QUndoStack.push calls redo; the change was made before the push
            self._done = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()


class NotesController(QObject):
    """The one place the interface changes the reader's notes; panels call it and listen to its signals."""

    changed = Signal()  # something changed: lists reload
    article_changed = Signal(int)  # the annotations placed on this article changed: views redraw it
    failed = Signal(str)  # a change could not be saved; the message is for the user

    def __init__(self, store: NoteStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self._backup: Callable[[], object] | None = None
        self._backup_since: float | None = None  # when the first change not yet backed up was made
        self._backup_timer = QTimer(self)
        self._backup_timer.setSingleShot(True)
        self._backup_timer.setInterval(BACKUP_DELAY_MS)
        self._backup_timer.timeout.connect(self.backup_now)

    # -- automatic backups -------------------------------------------------------------------------------

    def enable_backups(self, backup: Callable[[], object]) -> None:
        """Call ``backup`` (it writes an automatic backup, in the background: reader.notes.backup) after changes."""
        self._backup = backup

    def backup_now(self) -> None:
        """Run the pending backup now."""
        self._backup_timer.stop()
        self._backup_since = None
        if self._backup is not None:
            self._backup()

    def _schedule_backup(self) -> None:
        if self._backup is None:
            return
        now = time.monotonic()
        if self._backup_since is None:
            self._backup_since = now
        if not self._backup_timer.isActive() or now - self._backup_since < BACKUP_MAX_WAIT_S:
            self._backup_timer.start()  # (re)start: one backup after a burst of edits

    # -- reading -----------------------------------------------------------------------------------------

    def list(self, kinds: Iterable[str] | str | None = None) -> builtins.list[Annotation]:
        return self._safe(lambda: self.store.list(kinds), [])

    def for_article(self, article_id: int) -> builtins.list[Annotation]:
        return self._safe(lambda: self.store.for_article(article_id), [])

    def get(self, uid: str) -> Annotation | None:
        return self._safe(lambda: self.store.get(uid), None)

    def bookmark_of(self, article_id: int) -> Annotation | None:
        return self._safe(lambda: self.store.bookmark_of(article_id), None)

    def marks(self, article_ids: Iterable[int]) -> dict[int, tuple[bool, int]]:
        """Per article: (bookmarked, number of highlights and notes)."""
        return self._safe(lambda: self.store.bookmarked(article_ids), {})

    def folders(self) -> builtins.list[str]:
        return self._safe(self.store.folders, [])

    # -- changing ----------------------------------------------------------------------------------------

    def toggle_bookmark(self, article_id: int, position: int | None = None) -> bool | None:
        """Bookmark the article, or remove its bookmark; returns whether it is bookmarked (None: failed)."""
        existing = self.bookmark_of(article_id)
        if existing is not None:
            return False if self.delete(existing.uid, tr("Remove bookmark")) else None
        return self.add_bookmark(article_id, position) is not None

    def add_bookmark(
        self, article_id: int, position: int | None = None, name: str | None = None, folder: str = ""
    ) -> Annotation | None:
        return self._add(
            tr("Add bookmark"), lambda: self.store.add_bookmark(article_id, position, name=name, folder=folder)
        )

    def add_highlight(
        self, article_id: int, start: int, end: int, color: str | None = None, note: str = ""
    ) -> Annotation | None:
        return self._add(
            tr("Highlight"), lambda: self.store.add_highlight(article_id, start, end, color=color, note=note)
        )

    def add_note(self, article_id: int, note: str) -> Annotation | None:
        return self._add(tr("Add note"), lambda: self.store.add_note(article_id, note))

    def update(self, uid: str, text: str | None = None, **changes: Any) -> Annotation | None:
        """Change note/color/name/folder; undo puts the old values back."""
        before = self.get(uid)
        if before is None:
            self.failed.emit(tr("That note or bookmark no longer exists."))
            return None
        old = {name: getattr(before, name) for name in changes}
        after = self._do(lambda: self.store.update(uid, **changes))
        if after is None:
            return None
        if all(getattr(after, name) == value for name, value in old.items()):
            return after  # nothing changed: no undo step that would do nothing
        label = text or self._label_for(changes)
        self.undo_stack.push(
            _Step(
                label,
                lambda: self._replay(lambda: self.store.update(uid, **old)),
                lambda: self._replay(lambda: self.store.update(uid, **changes)),
            )
        )
        return after

    def delete(self, uid: str, text: str | None = None) -> bool:
        """Delete (undoable: the row is only marked)."""
        before = self._do(lambda: self.store.delete(uid))
        if before is None:
            return False
        self.undo_stack.push(
            _Step(
                text or tr("Delete"),
                lambda: self._replay(lambda: self.store.restore(uid)),
                lambda: self._replay(lambda: self.store.delete(uid)),
            )
        )
        return True

    def rename_folder(self, old: str, new: str) -> bool:
        """Rename (or merge into another) a bookmark folder; undo moves back exactly what moved."""
        moved = self._do(lambda: self.store.rename_folder(old, new))
        if not isinstance(moved, dict):
            return False
        if moved:
            after = {uid: self.store.get(uid) for uid in moved}
            target = {uid: ann.folder for uid, ann in after.items() if ann is not None}
            self.undo_stack.push(
                _Step(
                    tr("Rename folder"),
                    lambda: self._replay(lambda: self.store.set_folders(moved)),
                    lambda: self._replay(lambda: self.store.set_folders(target)),
                )
            )
        return True

    def merge(self, text: str) -> Any:
        """Merge a JSON export (reader.notes.exchange); returns its report, or None when it was refused.

        Not undoable (it only adds and updates, matched by uid); earlier undo steps stay valid.
        """
        from reader.notes.exchange import import_json

        report = self._do(lambda: import_json(self.store, text))
        return None if report is True else report

    def refresh(self) -> None:
        """Tell every view to read the notes again (an import moved them to new article ids)."""
        self.article_changed.emit(-1)
        self.changed.emit()

    def reanchor(self) -> None:
        """Place notes whose article was replaced by an import (the import places most of them itself)."""
        if self._do(self.store.reanchor) is not None:
            self.changed.emit()

    # -- plumbing ----------------------------------------------------------------------------------------

    def _add(self, text: str, make: Callable[[], Annotation]) -> Annotation | None:
        made = self._do(make)
        if made is None:
            return None
        uid = made.uid
        self.undo_stack.push(
            _Step(
                text,
                lambda: self._replay(lambda: self.store.delete(uid)),
                lambda: self._replay(lambda: self.store.restore(uid)),
            )
        )
        return made

    def _do(self, change: Callable[[], Any]) -> Any:
        """Run a change; announce it, or report why it failed (returns None then)."""
        try:
            result = change()
        except NotesError as exc:
            log.warning("notes change failed: %s", exc)
            self.failed.emit(core_text(str(exc)))
            return None
        self._announce(result)
        return result if result is not None else True

    def _replay(self, change: Callable[[], Any]) -> None:
        self._do(change)

    def _announce(self, result: Any) -> None:
        if isinstance(result, Annotation) and result.article_id is not None:
            self.article_changed.emit(result.article_id)
        elif not isinstance(result, Annotation):
            self.article_changed.emit(-1)  # several or unknown articles: views redraw what they show
        self.changed.emit()
        self._schedule_backup()

    def _safe(self, read: Callable[[], Any], default: Any) -> Any:
        try:
            return read()
        except Exception as exc:  # a damaged database must not take the reading pane down with it
            log.exception("reading notes failed")
            self.failed.emit(core_text(str(exc)))
            return default

    @staticmethod
    def _label_for(changes: dict[str, Any]) -> str:
        if "color" in changes:
            return tr("Change colour")
        if "name" in changes:
            return tr("Rename bookmark")
        if "folder" in changes:
            return tr("Move bookmark")
        return tr("Edit note")
