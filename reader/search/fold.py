"""Length-preserving folding of text for matching: traditional -> simplified, full width -> ASCII, lower case.

``fold(text)`` has exactly as many characters as ``text`` and maps each character on its own, so an offset
in the folded text is the same offset in the original: hits found in folded text are highlighted in the
text as displayed, which is never altered. The same function runs at index time, at query time, in the
exact verification of candidates and in highlighting, so all of them agree.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FOLD_VERSION = 2  # bump when the table's recipe changes: indexes built with another recipe are rebuilt

# Variant forms that old papers print and OpenCC's 1:1 t2s table leaves alone (or sends elsewhere): each is
# folded like the standard character, so 囘 finds 回 and 擧 finds 舉/举. Only plain variants are listed:
# characters that are words of their own in modern use (瞭 in 瞭望, 彷 in 彷徨, 祇 god of the earth, 讎 in 校讎,
# 甯 as a surname) are not. Display text is never folded.
VARIANTS = (
    "囘回 囬回 廻回 衞卫 囙因 凴凭 躭耽 鑛矿 糢模 砲炮 礮炮 姪侄 竝并 淸清 靑青 値值 敍叙 鬭斗 擧举 粧妆 煖暖 槪概"
    " 郞郎 廐厩 覩睹 硏研 尙尚 吿告 衹只 牠它 喒咱 偺咱 寃冤 媿愧 搆构 鑪炉 汚污 鎗枪 騐验 驘骡 畱留 畧略 螎融"
    " 甞尝 噉啖 牋笺 桮杯 叅参 恠怪 觧解 牕窗 窻窗 躰体 㑹会 匃丐 皷鼓 虗虚 啣衔 秊年 亾亡 兦亡 㝡最 冣最 徃往"
    " 徧遍 庻庶 疎疏 䟽疏 冐冒 壻婿 聟婿 懽欢 蔴麻"
)

# Ideographs opencc knows: extension A, the URO, compatibility ideographs, and the supplementary planes.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20))
# Scripts whose letters have a single-character lower case (str.lower() of the whole text is not
# length-preserving: "İ".lower() has two characters).
_CASE_RANGES = ((0x41, 0x5B), (0xC0, 0x250), (0x370, 0x530))

_table: dict[int, int] | None = None
_table_lock = threading.Lock()


def _t2s_pairs() -> dict[int, int] | None:
    """Every ideograph that opencc's t2s turns into exactly one other character (None: opencc is unusable)."""
    try:
        import opencc

        converter = opencc.OpenCC("t2s")
    except Exception:  # a missing or broken converter must not stop search: match scripts literally
        log.exception("opencc is unavailable: traditional and simplified characters will not match")
        return None
    chars = [chr(cp) for start, stop in _CJK_RANGES for cp in range(start, stop)]
    # One character per line: no character sees a neighbour, so no phrase rules apply. Converted in
    # slices, yielding the GIL between them, so a window in the same process keeps drawing meanwhile.
    converted: list[str] = []
    for k in range(0, len(chars), 2048):
        converted.extend(str(converter.convert("\n".join(chars[k:k + 2048]))).split("\n"))
        time.sleep(0)
    if len(converted) != len(chars):  # should not happen; fall back to one call per character
        converted = [str(converter.convert(c)) for c in chars]
    return {ord(c): ord(s) for c, s in zip(chars, converted, strict=True) if len(s) == 1 and s != c}


def _build_table() -> tuple[dict[int, int], bool]:
    """The table, and whether it is complete (opencc worked): only a complete table is worth keeping."""
    pairs = _t2s_pairs()
    table = dict(pairs or {})
    for pair in VARIANTS.split():
        table[ord(pair[0])] = ord(pair[1])  # after t2s, so 礮 goes to 炮 rather than to a rare form
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[cp] = cp - 0xFEE0
    table[0x3000] = 0x20  # ideographic space
    for start, stop in _CASE_RANGES:
        for cp in range(start, stop):
            lower = chr(cp).lower()
            if len(lower) == 1 and lower != chr(cp):
                table[cp] = ord(lower)
    # Compose to a fixed point so that fold(fold(x)) == fold(x) (e.g. full-width "Ａ" -> "A" -> "a").
    for cp in list(table):
        seen = {cp}
        target = table[cp]
        while target in table and target not in seen:
            seen.add(target)
            target = table[target]
        table[cp] = target
    return {k: v for k, v in table.items() if k != v}, pairs is not None


def _cache_file(folder: Path) -> Path:
    """The kept table's name: the recipe and the installed OpenCC (its module file's size and time).

    Not ``importlib.metadata.version``: finding a distribution's version scans site-packages, which took
    40 ms of every command-line search.
    """
    try:
        import importlib.util

        spec = importlib.util.find_spec("opencc")
        st = Path(spec.origin).stat() if spec is not None and spec.origin else None
        converter = f"{st.st_size}-{st.st_mtime_ns}" if st else "unknown"
    except (ImportError, ValueError, OSError):  # no OpenCC: the recipe alone names the file
        converter = "unknown"
    return folder / f"fold-table-v{FOLD_VERSION}-opencc-{converter}.json"


def _load(folder: Path) -> dict[int, int] | None:
    """The table kept by an earlier process, or None (missing or unreadable: it is built again)."""
    path = _cache_file(folder)
    try:
        pairs = json.loads(path.read_text(encoding="utf-8"))
        table = {int(k): int(v) for k, v in pairs}
        if not table or not all(0 <= c < 0x110000 for pair in table.items() for c in pair):
            raise ValueError("code points out of range")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        log.warning("fold table copy %s unusable (%s): building it again", path, exc)
        return None
    return table


def _save(folder: Path, table: dict[int, int]) -> None:
    path = _cache_file(folder)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(sorted(table.items())), encoding="utf-8")
        os.replace(temp, path)  # whole or not at all, also when two processes write it at once
    except OSError as exc:  # a read-only or full disk: the next process builds it again
        log.warning("cannot keep the fold table in %s: %s", folder, exc)
        temp.unlink(missing_ok=True)


def fold_table(cache: str | os.PathLike[str] | None = None) -> dict[int, int]:
    """The translation table, made once per process on first use; thread-safe.

    Building it asks opencc about 90,000 characters (about 0.4 s of Python). With ``cache`` (a folder),
    the first process leaves a copy there and the others read it in about 2 ms: the window, the search
    and the writer processes each need the table.
    """
    global _table
    if _table is None:
        with _table_lock:
            if _table is None:
                table = _load(Path(cache)) if cache else None
                if table is None:
                    table, complete = _build_table()
                    if cache and complete:
                        _save(Path(cache), table)
                _table = table
                log.debug("fold table: %d characters", len(_table))
    return _table


def fold(text: str) -> str:
    """``text`` folded for matching; ``len(fold(text)) == len(text)`` always."""
    return text.translate(fold_table())


# Below this many characters in all, fold_many folds text by text: numpy's set-up costs more than it saves
# (measured: with numpy imported, one lookup is already 7 times quicker for 2,000 characters).
MANY_CHARS = 1_000
# Importing numpy takes about 0.1 s: a process that has not (``prepare_many``) does so only for a batch this
# big, so that a one-off command-line search does not pay it for a few hundred documents.
IMPORT_CHARS = 1_000_000
_lut: tuple[dict[int, int], Any] | None = None  # (the table it was made from, the array)


def _lookup() -> Any:
    """fold_table() as a numpy array indexed by code point (built once per process)."""
    global _lut
    table = fold_table()
    if _lut is None or _lut[0] is not table:
        import numpy as np

        size = max([*table, *table.values(), 0]) + 1
        lut = np.arange(size, dtype=np.uint32)
        if table:
            lut[np.fromiter(table.keys(), np.uint32, len(table))] = np.fromiter(table.values(), np.uint32, len(table))
        _lut = (table, lut)
    return _lut[1]


def prepare_many() -> None:
    """Import numpy and make fold_many's lookup array now (a long-lived search process, off the GUI thread)."""
    _lookup()


def fold_many(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]``, five times quicker for many texts: one numpy lookup over all of them.

    ``str.translate`` looks every character up in a dict (about 0.15 µs a character), and ranking folds
    the text of hundreds of documents per search.
    """
    size = sum(map(len, texts))
    if size < MANY_CHARS or (size < IMPORT_CHARS and "numpy" not in sys.modules):
        return [fold(t) for t in texts]
    try:
        data = "".join(texts).encode("utf-32-le")
    except UnicodeEncodeError:  # a lone surrogate: str.translate copes
        return [fold(t) for t in texts]
    import numpy as np

    lut = _lookup()
    codes = np.frombuffer(data, dtype="<u4")
    folded = np.where(codes < len(lut), lut[np.minimum(codes, len(lut) - 1)], codes)
    whole = folded.astype("<u4").tobytes().decode("utf-32-le")
    out, pos = [], 0
    for t in texts:
        out.append(whole[pos : pos + len(t)])
        pos += len(t)
    return out
