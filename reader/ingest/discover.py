"""Find the page files the user named: files as given, folders walked in natural order.

Walking is iterative (no recursion limit), follows symlinked folders but never loops, yields each real file
once, and turns every problem (missing path, broken link, unreadable folder) into a ``Skipped`` report.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["NOT_A_PAGE", "Found", "Skipped", "discover", "display_path", "group_skipped", "natural_key"]

NOT_A_PAGE = "not a newspaper page"  # the reason given for a file of another type met in a folder


@dataclass(frozen=True)
class Found:
    """A page file to read: its exact path, and how to show it (as named, or relative to the argument)."""

    path: Path
    given: str


@dataclass(frozen=True)
class Skipped:
    """A path that yields no page, with a human reason; ``path`` is printable, for display only."""

    path: str
    reason: str


# --------------------------------------------------------------------------------------------------------
# Display of paths

# Characters that cannot be shown: C0/C1 controls and surrogates (os.fsdecode puts undecodable bytes of a
# file name into U+DC80..U+DCFF).
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SEPARATORS = re.compile("([" + re.escape(os.sep + (os.altsep or "")) + "])")


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an escaped raw byte
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _show_component(name: str) -> str:
    if not _UNSHOWABLE.search(name):
        return name
    if re.search(r"[\udc80-\udcff]", name):
        # Names written by Chinese Windows or old Linux systems are often GBK bytes: show them as text.
        try:
            decoded = os.fsencode(name).decode("gb18030")
        except (UnicodeError, ValueError):
            decoded = None
        if decoded is not None and not _UNSHOWABLE.search(decoded):
            return decoded
    return _UNSHOWABLE.sub(lambda m: _escape(m.group()), name)


def display_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A printable form of a path: undecodable name bytes shown as GB18030 text when valid, else as \\xNN."""
    try:
        text = os.fsdecode(path)
    except Exception:  # a path-like that fails to convert: show something rather than fail
        return repr(path)
    if not _UNSHOWABLE.search(text):
        return text
    return "".join(_show_component(part) for part in _SEPARATORS.split(text))


# --------------------------------------------------------------------------------------------------------
# Ordering

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """Sort key ordering digit runs by value (``2.txt`` < ``10.txt``, ``A2`` < ``A10``), case-blind first."""
    chunks: list[tuple[int, int, str]] = []
    for i, part in enumerate(_DIGITS.split(name)):
        if not part:
            continue
        if i % 2:  # digit run: compare by value (any Unicode digits, no int() length limit)
            value = str(int(part)) if len(part) < 1000 else part.lstrip("0") or "0"
            chunks.append((0, len(value), value))
        else:
            chunks.append((1, 0, part.casefold()))
    return tuple(chunks), name  # the exact name breaks ties ("02" / "2", "A" / "a"): deterministic


# --------------------------------------------------------------------------------------------------------
# Walking


def _suffix_matches(name: str, suffixes: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(s) and len(lowered) > len(s) for s in suffixes)


def _stat_reason(exc: OSError, path: str) -> str:
    """A precise reason for a failed stat() of ``path`` (which follows symlinks)."""
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            try:
                target = display_path(os.readlink(path))
            except OSError:
                return "broken symlink"
            return f"broken symlink (target {target} does not exist)"
        if exc.errno == errno.ENOTDIR:
            return "not found (a parent of this path is not a folder)"
        return "not found"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot access: {exc.strerror or type(exc).__name__}"


def file_kind_problem(mode: int) -> str | None:
    """Why a file of this mode is no page file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "not a regular file (named pipe)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (device)"
    return "not a regular file"


def _kind_reason(mode: int) -> str:
    return file_kind_problem(mode) or "not a regular file"


@dataclass
class _Frame:
    """One folder being walked: its remaining entries (natural order) and its identity for loop checks."""

    entries: Iterator[tuple[str, str]]  # (name, full path)
    relative: str  # path of the folder relative to the argument ("" for the argument itself)
    key: tuple[int, int]


class _Walker:
    """State shared across all arguments of one discover() call: real files and folders already seen."""

    def __init__(self, suffixes: tuple[str, ...]) -> None:
        self.suffixes = suffixes
        self.seen_files: set[tuple[int, int]] = set()
        self.seen_dirs: set[tuple[int, int]] = set()
        self.loops_reported: set[tuple[int, int]] = set()

    def file(self, path: str, st: os.stat_result, given: str) -> Found | None:
        key = (st.st_dev, st.st_ino)
        if key in self.seen_files:
            log.debug("already found (same file by another path): %s", display_path(path))
            return None
        self.seen_files.add(key)
        return Found(Path(path), given)

    def argument(self, arg: str | os.PathLike[str]) -> Iterator[Found | Skipped]:
        try:
            path = os.fsdecode(arg)
        except Exception:  # not a path at all
            yield Skipped(display_path(str(arg)), "not a path")
            return
        shown = display_path(path)
        if not path:
            yield Skipped(shown, "not found (empty path)")
            return
        try:
            st = os.stat(path)
        except OSError as exc:
            yield Skipped(shown, _stat_reason(exc, path))
            return
        except ValueError:  # embedded NUL byte
            yield Skipped(shown, "not a valid path")
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.walk(path, st)
        elif stat.S_ISREG(st.st_mode):
            found = self.file(path, st, shown)
            if found:
                yield found
        else:
            yield Skipped(shown, _kind_reason(st.st_mode))

    def _open(self, path: str, relative: str, key: tuple[int, int]) -> _Frame | Skipped:
        """List a folder into a frame, or report why it cannot be listed."""
        try:
            with os.scandir(path) as it:
                names = [e.name for e in it if not e.name.startswith(".")]
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM):
                reason = "cannot open folder: permission denied"
            else:
                reason = f"cannot open folder: {exc.strerror or type(exc).__name__}"
            return Skipped(display_path(path), reason)
        names.sort(key=natural_key)
        entries = iter([(name, os.path.join(path, name)) for name in names])
        return _Frame(entries, relative, key)

    def walk(self, root: str, root_st: os.stat_result) -> Iterator[Found | Skipped]:
        """Depth-first walk with an explicit stack; files and folders interleave in natural order."""
        root_key = (root_st.st_dev, root_st.st_ino)
        if root_key in self.seen_dirs:
            return
        self.seen_dirs.add(root_key)
        opened = self._open(root, "", root_key)
        if isinstance(opened, Skipped):
            yield opened
            return
        stack = [opened]
        ancestors = {root_key}
        while stack:
            frame = stack[-1]
            entry = next(frame.entries, None)
            if entry is None:
                stack.pop()
                ancestors.discard(frame.key)
                continue
            name, path = entry
            relative = os.path.join(frame.relative, name) if frame.relative else name
            item = self._entry(name, path, relative, ancestors)
            if isinstance(item, _Frame):
                stack.append(item)
                ancestors.add(item.key)
            elif item is not None:
                yield item

    def _entry(
        self, name: str, path: str, relative: str, ancestors: set[tuple[int, int]]
    ) -> Found | Skipped | _Frame | None:
        """What one folder entry contributes: a page, a report, a folder to descend into, or nothing."""
        try:
            st = os.stat(path)
        except OSError as exc:
            # Report only what might have been a page or a folder: a broken "cover.jpg" link is no news.
            if _suffix_matches(name, self.suffixes) or not os.path.splitext(name)[1]:
                return Skipped(display_path(path), _stat_reason(exc, path))
            return None
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                if key in self.loops_reported:
                    return None
                self.loops_reported.add(key)
                return Skipped(display_path(path), "symlink loop")
            if key in self.seen_dirs:  # reached before by another path: its files are already out
                return None
            self.seen_dirs.add(key)
            return self._open(path, relative, key)
        if not _suffix_matches(name, self.suffixes):
            # Named, not silently passed over: a folder of scans or documents must not look like an empty one.
            return Skipped(display_path(path), NOT_A_PAGE) if stat.S_ISREG(st.st_mode) else None
        if stat.S_ISREG(st.st_mode):
            return self.file(path, st, display_path(relative))
        return Skipped(display_path(path), _kind_reason(st.st_mode))


def discover(
    paths: Iterable[str | os.PathLike[str]], suffixes: Iterable[str] = (".txt",)
) -> Iterator[Found | Skipped]:
    """Yield the page files named by ``paths`` in order, and a ``Skipped`` for each path that fails.

    A file argument is found whatever its suffix; a folder is walked for files ending in one of ``suffixes``
    (case-insensitive), ignoring hidden names. Each real file is yielded once.
    """
    walker = _Walker(tuple(s.lower() for s in suffixes))
    for arg in paths:
        yield from walker.argument(arg)


def group_skipped(skipped: Iterable[tuple[str, str]]) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """Skipped files for a summary: files that are no pages counted by type ((".docx", 12), ...; "" for no
    extension), most first, and every other (path, reason) as it is."""
    counts: dict[str, int] = {}
    others: list[tuple[str, str]] = []
    for path, reason in skipped:
        if reason == NOT_A_PAGE:
            suffix = os.path.splitext(path)[1].lower()
            counts[suffix] = counts.get(suffix, 0) + 1
        else:
            others.append((path, reason))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), others
