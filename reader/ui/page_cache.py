"""Rendered pages and thumbnails on disk, in the library folder: bounded in size, oldest used dropped first.

Entries are keyed by the source file's content hash, the page number and the pixel size, so a moved file finds
its pictures again and a changed one never shows a stale picture. Each file carries a checksum: a damaged or
truncated entry is ignored (and removed), and the caller renders it again. Writes go to a temporary file renamed
into place, so two windows sharing the folder never read half a file. No Qt here: entries are bytes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import struct
import threading
import time
import uuid
import zlib
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 300 * 1024 * 1024  # bytes
SUFFIX = ".img"
_MAGIC = b"NRPC1\n"
_HEADER = struct.Struct(">IQ")  # crc32 and length of the payload
_LOW_WATER = 0.9  # a trim goes down to this share of the limit, so it does not run again on the next write
_STALE_TMP = 3600.0  # seconds: a temporary file this old was left by a process that died mid-write
_SAFE = re.compile(r"[^0-9A-Za-z_.-]")


def entry_key(file_hash: str, page: int, pixels: int) -> str:
    """The key of page ``page`` (1-based) of the file with ``file_hash``, rendered ``pixels`` on its longer side."""
    return f"{_SAFE.sub('_', file_hash)}-p{int(page)}-{int(pixels)}"


class PageCache:
    """A folder of rendered images (bytes), at most ``limit`` bytes; the least recently used go first."""

    def __init__(self, folder: str | os.PathLike[str], limit: int = DEFAULT_LIMIT) -> None:
        self.folder = Path(folder)
        self.limit = int(limit)
        self._lock = threading.Lock()
        self._estimate: int | None = None  # bytes in the folder as this process believes (others write too)

    def _path(self, key: str) -> Path:
        return self.folder / (_SAFE.sub("_", key) + SUFFIX)

    def get(self, key: str) -> bytes | None:
        """The entry's bytes, or None when absent or damaged (a damaged entry is removed)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        payload = _unpack(data)
        if payload is None:
            log.warning("damaged cache entry %s: ignored", path.name)
            self.discard(key)
            return None
        with contextlib.suppress(OSError):  # the time of last use orders what a trim drops (atime is not kept)
            os.utime(path)
        return payload

    def put(self, key: str, payload: bytes) -> bool:
        """Store an entry (replacing one of the same key); False when the disk refused (the cache is optional)."""
        path = self._path(key)
        data = _MAGIC + _HEADER.pack(zlib.crc32(payload), len(payload)) + payload
        tmp = self.folder / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cannot write the page cache (%s): %s", self.folder, exc)
            with contextlib.suppress(OSError):
                tmp.unlink()
            return False
        with self._lock:
            if self._estimate is None:
                self._estimate = self.size()
            else:
                self._estimate += len(data)
            over = self._estimate > self.limit
        if over:
            self.trim()
        return True

    def discard(self, key: str) -> None:
        with contextlib.suppress(OSError):
            self._path(key).unlink()

    def entries(self) -> list[tuple[float, int, Path]]:
        """(time of last use, size, path) of every entry, oldest first."""
        found = []
        try:
            with os.scandir(self.folder) as it:
                for entry in it:
                    if not entry.name.endswith(SUFFIX) or entry.name.startswith("."):
                        continue
                    try:
                        st = entry.stat()
                    except OSError:  # removed meanwhile by another window's trim
                        continue
                    found.append((st.st_mtime, st.st_size, Path(entry.path)))
        except OSError:
            return []
        found.sort()
        return found

    def size(self) -> int:
        return sum(size for _t, size, _p in self.entries())

    def trim(self) -> int:
        """Drop the least recently used entries until the folder holds at most 90 % of the limit; bytes freed."""
        with self._lock:
            entries = self.entries()
            total = sum(size for _t, size, _p in entries)
            freed = 0
            if total > self.limit:
                target = int(self.limit * _LOW_WATER)
                for _t, size, path in entries:
                    if total - freed <= target:
                        break
                    try:
                        path.unlink()
                    except FileNotFoundError:  # another window dropped it first
                        pass
                    except OSError as exc:
                        log.warning("cannot remove %s from the page cache: %s", path.name, exc)
                        continue
                    freed += size
            self._estimate = total - freed
            self._drop_stale_temporaries()
        if freed:
            log.info("page cache: dropped %.1f MB of the oldest pictures", freed / 1e6)
        return freed

    def _drop_stale_temporaries(self) -> None:
        now = time.time()
        try:
            with os.scandir(self.folder) as it:
                for entry in it:
                    if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                        with contextlib.suppress(OSError):
                            if now - entry.stat().st_mtime > _STALE_TMP:
                                os.unlink(entry.path)
        except OSError:
            pass


def _unpack(data: bytes) -> bytes | None:
    """The payload of a stored entry, or None when the header or checksum does not match."""
    head = len(_MAGIC) + _HEADER.size
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    crc, length = _HEADER.unpack_from(data, len(_MAGIC))
    payload = data[head:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    return payload
