"""Text to index tokens: character bigrams and unigrams (exact substring search) and jieba words (ranking).

Every function here takes text that ``reader.search.fold.fold`` has already folded.

The gram columns of the index hold, for each whitespace-free run of a field (CJK, Latin, digits and
punctuation alike), the overlapping bigrams of the run followed by one unigram token for its last
character. Positions are consecutive, so a string ``s`` of 2+ characters without whitespace occurs in a
field exactly when the phrase of its bigrams occurs there: consecutive bigram tokens only come from
consecutive characters of one run, and the run-final unigram keeps a phrase from continuing into the next
run. This is exact, not a candidate filter, so search needs no verification pass; a string with spaces
("new york") is a phrase over its parts with the run-final unigrams between them. Separate unigram
columns hold every character once, so a 1-character query is a single term.

SQLite's ``unicode61`` tokenizer splits on punctuation, so each character is written as its code point in
hex: bigram ``4e2dx56fd``, unigram ``u4e2d``; words are hex too (``w`` + code points joined by ``x``).
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JIEBA_CACHE_ENV = "NEWSREADER_JIEBA_CACHE"
_RUN = re.compile(r"\S+")
_WORDISH = re.compile(r"\w")  # a jieba token worth indexing has a letter, digit or ideograph

_jieba_lock = threading.Lock()
_jieba_ready = False
_hex_cache: dict[str, str] = {}


def init_jieba(cache_dir: str | os.PathLike[str] | None = None) -> None:
    """Load jieba's dictionary once (about 1 s: call it off the GUI thread), caching it in ``cache_dir``.

    jieba logs to its own stderr handler; that is silenced so jieba never prints.
    """
    global _jieba_ready
    if _jieba_ready:
        return
    with _jieba_lock:
        if _jieba_ready:
            return
        import jieba

        jieba.setLogLevel(logging.WARNING)
        folder = cache_dir or os.environ.get(JIEBA_CACHE_ENV)
        if folder:
            try:
                Path(folder).mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(folder)
            except OSError as exc:
                log.warning("jieba cache folder %s unusable (%s): using the system temp folder", folder, exc)
        _load_dictionary(jieba.dt)
        _jieba_ready = True


def _load_dictionary(tokenizer: object) -> None:
    """Build jieba's prefix dictionary the way ``jieba.initialize`` does, but politely.

    ``initialize`` unmarshals a cache in one C call that holds the GIL for 0.3-0.5 s, which freezes the
    window when the search runs in a thread of the GUI process. This loop (jieba's ``gen_pfdict``) yields
    the GIL every few thousand lines, so the interface keeps drawing while the dictionary loads.
    """
    dt: Any = tokenizer
    with dt.lock:
        if dt.initialized:
            return
        freq: dict[str, int] = {}
        total = 0
        with dt.get_dict_file() as f:
            for k, raw in enumerate(f):  # line by line: one big split would hold the GIL
                parts = raw.decode("utf-8").split(" ")
                if k % 2000 == 0:
                    time.sleep(0)  # let the GUI thread run
                if len(parts) < 2 or not parts[1].strip().isdigit():
                    continue
                word, count = parts[0], int(parts[1])
                freq[word] = count
                total += count
                for end in range(1, len(word)):
                    freq.setdefault(word[:end], 0)
        dt.FREQ, dt.total = freq, total
        dt.initialized = True


def segment_words(text: str) -> tuple[list[str], bytes]:
    """jieba's words of ``text`` worth indexing, and a bitmap of where every jieba token starts.

    Bit ``i`` (byte ``i >> 3``, bit ``i & 7``) is set when a token starts at character ``i``; bit
    ``len(text)`` is set too. With it, how often a word occurs *as a word* in a document is counted from the
    document's text alone (``count_word``), for ranking a few candidates without the index.
    """
    from reader.search.words import lcut  # jieba's cut, from the dictionary table when there is one

    bits = bytearray(len(text) // 8 + 1)
    words: list[str] = []
    pos = 0
    for token in lcut(text):
        bits[pos >> 3] |= 1 << (pos & 7)
        pos += len(token)
        if _WORDISH.search(token):
            words.append(token)
    bits[pos >> 3] |= 1 << (pos & 7)
    return words, bytes(bits)


def count_word(text: str, starts: bytes, word: str) -> int:
    """How many jieba tokens of ``text`` (as segmented into ``starts`` by ``segment_words``) equal ``word``."""
    n = 0
    size = len(word)
    i = text.find(word)
    while i >= 0:
        end = i + size
        if (
            starts[i >> 3] >> (i & 7) & 1
            and starts[end >> 3] >> (end & 7) & 1
            and not any(starts[j >> 3] >> (j & 7) & 1 for j in range(i + 1, end))
        ):
            n += 1
        i = text.find(word, i + 1)
    return n


def _hex(c: str) -> str:
    h = _hex_cache.get(c)
    if h is None:
        h = _hex_cache[c] = format(ord(c), "x")
    return h


def _codes(text: str) -> list[str]:
    """The hex code of each character (tokenising calls this for every character of every document)."""
    try:
        return [_hex_cache[c] for c in text]
    except KeyError:
        return [_hex(c) for c in text]


def gram_tokens(text: str) -> str:
    """The bigram column value of ``text``: per run, its bigrams then a unigram of its last character."""
    out: list[str] = []
    for run in _RUN.findall(text):
        codes = _codes(run)
        out.extend([a + "x" + b for a, b in itertools.pairwise(codes)])
        out.append("u" + codes[-1])
    return " ".join(out)


def unigram_tokens(text: str) -> str:
    """The unigram column value of ``text``: one token per character that is not whitespace."""
    return " ".join(["u" + h for run in _RUN.findall(text) for h in _codes(run)])


def word_token(word: str) -> str:
    return "w" + "x".join(_codes(word))


def word_tokens(words: Iterable[str]) -> str:
    return " ".join(word_token(w) for w in words)


def phrase_tokens(parts: list[str]) -> list[str]:
    """Tokens of the phrase that finds the whitespace-separated ``parts`` (each non-empty, no spaces).

    A part before another ends its run (its unigram follows its bigrams); the last part may continue
    in the text, so it contributes bigrams only. A 1-character last part has no bigram: see ``match_terms``.
    """
    tokens: list[str] = []
    for i, part in enumerate(parts):
        codes = [_hex(c) for c in part]
        tokens.extend(a + "x" + b for a, b in itertools.pairwise(codes))
        if i < len(parts) - 1:
            tokens.append("u" + codes[-1])
    return tokens
