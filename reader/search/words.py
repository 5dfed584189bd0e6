"""jieba's words of a short query without loading jieba: its dictionary kept in a small SQLite file.

Ranking boosts documents that hold the query's jieba words (``reader.search.compile``). Loading jieba's
dictionary takes about a second in every process, which was nearly all of a command-line search. A query is
short, and jieba's segmentation without HMM (``jieba.lcut(q, HMM=False)``) needs only the dictionary words
that occur in the query: this module keeps jieba's words with their counts and the total (as
``jieba.Tokenizer.gen_pfdict`` makes them, prefixes included) in ``cache/``, one compressed, marshalled
bucket per first character (a word's prefixes start with its first character, so a bucket holds exactly
jieba's entries for it), and runs jieba's own DAG and route code over the buckets of the text's
characters. The output is jieba's, character for character (a test compares them on many strings).

The file (about 3 MB) is built once from jieba's dictionary file (by the writer during a sync, or by
whichever process needs it first; about a second) and named after that file's size and time and the
Python version (marshal's format), so another jieba or Python rebuilds it.
"""

from __future__ import annotations

import importlib.util
import logging
import marshal
import os
import re
import sqlite3
import sys
import threading
import zlib
from collections.abc import Iterator
from math import inf, log
from pathlib import Path

log_ = logging.getLogger(__name__)

TABLE_VERSION = 3
_CHUNK = 900  # variables per IN (...) query
_NONE: dict[str, int] = {}  # the bucket of a character no word starts with

# jieba 0.42's patterns (jieba/__init__.py): what ``cut`` treats as a block to segment, as whitespace, as
# a Latin letter or digit that joins its neighbours.
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)
_RE_ENG = re.compile("[a-zA-Z0-9]", re.U)

_local = threading.local()
_build_lock = threading.Lock()


def dictionary_file() -> Path | None:
    """jieba's default dictionary, found without importing jieba (None: jieba is not installed)."""
    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


def table_path(cache_dir: Path) -> Path | None:
    """Where the table for the installed jieba dictionary lives in ``cache_dir`` (None: no jieba)."""
    source = dictionary_file()
    if source is None:
        return None
    st = source.stat()
    tag = sys.implementation.cache_tag or "py"  # buckets are marshalled: one file per Python version
    return Path(cache_dir) / f"jieba-words-v{TABLE_VERSION}-{tag}-{st.st_size}-{st.st_mtime_ns}.sqlite3"


def _words(source: Path) -> tuple[dict[str, int], int]:
    """jieba's dictionary words with their counts (the last line wins, as in ``gen_pfdict``), and the total."""
    freq: dict[str, int] = {}
    total = 0
    with source.open("rb") as f:
        for raw in f:
            word, count = raw.strip().decode("utf-8").split(" ")[:2]
            freq[word] = int(count)
            total += int(count)
    return freq, total


def build_table(cache_dir: Path) -> Path | None:
    """Write the table for the installed jieba dictionary into ``cache_dir`` unless it is there; its path."""
    path = table_path(cache_dir)
    if path is None or path.is_file():
        return path
    with _build_lock:
        if path.is_file():
            return path
        source = dictionary_file()
        assert source is not None
        freq, total = _words(source)
        buckets: dict[str, dict[str, int]] = {}
        for word, n in freq.items():
            buckets.setdefault(word[0], {})[word] = n
        for bucket in buckets.values():  # gen_pfdict: every prefix of a word is an entry (0 if no word)
            for word in list(bucket):
                for end in range(1, len(word)):
                    bucket.setdefault(word[:end], 0)
        temp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp.unlink(missing_ok=True)
            conn = sqlite3.connect(temp)
            try:
                conn.execute("CREATE TABLE words (c TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID")
                conn.execute("CREATE TABLE meta (total INTEGER NOT NULL, maxlen INTEGER NOT NULL)")
                conn.executemany(
                    "INSERT INTO words VALUES (?, ?)",
                    [(c, zlib.compress(marshal.dumps(ws), 9)) for c, ws in sorted(buckets.items())],
                )
                conn.execute("INSERT INTO meta VALUES (?, ?)", (total, max(map(len, freq))))
                conn.commit()
                conn.execute("VACUUM")
            finally:
                conn.close()
            os.replace(temp, path)  # whole or not at all, also when two processes build it at once
        except (OSError, sqlite3.Error) as exc:  # a read-only or full disk: queries load jieba instead
            log_.warning("cannot keep jieba's dictionary in %s: %s", cache_dir, exc)
            temp.unlink(missing_ok=True)
            return None
        log_.info("jieba dictionary table written: %s (%d words)", path, len(freq))
        return path


class QuerySegmenter:
    """jieba's segmentation (no HMM) from the dictionary table, for queries and whole documents alike.

    Its ``buckets`` are jieba's prefix dictionary restricted to the characters seen so far: the bucket of a
    character holds exactly jieba's entries that start with it (a word's prefixes start with the same
    character), so jieba's DAG and route code runs unchanged over them.
    """

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.total, self.maxlen = self.conn.execute("SELECT total, maxlen FROM meta").fetchone()
        self.logtotal = log(self.total)
        # first character -> its bucket: jieba's entries starting with it. Kept apart, not merged into one
        # dict: merging was 40 % of reading the 2,300 buckets of a new issue's characters (0.14 of 0.32 s).
        self.buckets: dict[str, dict[str, int]] = {}
        self.weight: dict[str, float] = {}  # word -> log(count) - log(total), as the route needs it
        self.loaded: set[str] = set()
        self.pid = os.getpid()

    def close(self) -> None:
        self.conn.close()

    def load(self, text: str) -> None:
        """Read the buckets of the characters of ``text`` not read yet."""
        missing = sorted({c for c in text if c not in self.loaded})
        if not missing:
            return
        for n in range(0, len(missing), _CHUNK):
            chunk = missing[n : n + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for c, blob in self.conn.execute(f"SELECT c, data FROM words WHERE c IN ({marks})", chunk):
                self.buckets[c] = marshal.loads(zlib.decompress(blob))
        self.loaded.update(missing)

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is a dictionary word of nonzero count."""
        self.load(word[:1])
        return bool(self.buckets.get(word[:1], _NONE).get(word))

    def _cut_block(self, sentence: str) -> Iterator[str]:
        """jieba's ``__cut_DAG_NO_HMM`` with its ``get_DAG`` and ``calc``, in one pass from the end.

        Tokenising is most of an import, and this most of tokenising: each end's log probability is kept
        (``weight``), and a route's best is found in a loop rather than by ``max`` over tuples. The floats
        are computed as jieba computes them, and ties go to the longer word as with jieba's ``max``.
        """
        buckets, weight = self.buckets, self.weight
        n = len(sentence)
        best = [0.0] * (n + 1)
        step = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            freq = buckets.get(sentence[k], _NONE)  # every word from k starts with this character
            top, end = -inf, k
            for i in range(k, n):
                frag = sentence[k : i + 1]
                count = freq.get(frag)
                if count is None:  # no word starts with it
                    break
                if count:
                    w = weight.get(frag)
                    if w is None:
                        w = weight[frag] = log(count) - self.logtotal
                    p = w + best[i + 1]
                    if p >= top:
                        top, end = p, i
            if top == -inf:  # no word starts here: the character alone (jieba's DAG [k], count 1)
                top, end = log(freq.get(sentence[k]) or 1) - self.logtotal + best[k + 1], k
            best[k], step[k] = top, end
        x = 0
        buf = ""
        while x < n:
            y = step[x] + 1
            word = sentence[x:y]
            if _RE_ENG.match(word) and len(word) == 1:
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    def cut(self, sentence: str) -> list[str]:
        """``jieba.lcut(sentence, HMM=False)``."""
        self.load(sentence)
        out: list[str] = []
        for blk in _RE_HAN.split(sentence):
            if not blk:
                continue
            if _RE_HAN.match(blk):
                out.extend(self._cut_block(blk))
            else:
                for x in _RE_SKIP.split(blk):
                    if _RE_SKIP.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out


_cache_dir: Path | None = None


def configure(cache_dir: str | os.PathLike[str] | None) -> None:
    """Where the table lives (the library's cache folder); None: always use jieba itself."""
    global _cache_dir
    _cache_dir = Path(cache_dir) if cache_dir else None


def _segmenter() -> QuerySegmenter | None:
    seg: QuerySegmenter | None = getattr(_local, "segmenter", None)
    folder = _cache_dir
    if seg is not None and seg.pid != os.getpid():  # a forked worker: the parent's connection is not its own
        seg = _local.segmenter = None
    if seg is not None and getattr(_local, "folder", None) == folder:
        return seg
    if seg is not None:
        seg.close()
    _local.segmenter, _local.folder = None, folder
    if folder is None:
        return None
    path = table_path(folder)
    if path is not None and not path.is_file():
        path = build_table(folder)
    if path is None:
        return None
    try:
        _local.segmenter = QuerySegmenter(path)
    except sqlite3.Error as exc:
        log_.warning("jieba dictionary table %s unusable (%s): loading jieba instead", path, exc)
        path.unlink(missing_ok=True)
        return None
    return _local.segmenter


def lcut(text: str) -> list[str]:
    """``jieba.lcut(text, HMM=False)``, from the table when one is configured, else from jieba itself."""
    seg = _segmenter()
    if seg is not None:
        try:
            return seg.cut(text)
        except sqlite3.Error as exc:
            log_.warning("jieba dictionary table unreadable (%s): loading jieba instead", exc)
    from reader.search.analysis import init_jieba

    init_jieba(_cache_dir)
    import jieba

    return list(jieba.lcut(text, HMM=False))


def is_word(word: str) -> bool:
    """Whether ``word`` is a jieba dictionary word of nonzero count (from the table, else from jieba)."""
    seg = _segmenter()
    if seg is not None:
        try:
            return seg.is_word(word)
        except sqlite3.Error:
            pass
    from reader.search.analysis import init_jieba

    init_jieba(_cache_dir)
    import jieba

    return bool(jieba.dt.FREQ.get(word))


def active() -> bool:
    """Whether words come from the table (no jieba needed in this process)."""
    return _segmenter() is not None
