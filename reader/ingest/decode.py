"""Turn the bytes of a page file into normalised text, or say precisely why that is not possible.

Detection order: byte-order marks; UTF-16 without BOM if there are NUL bytes (else binary); strict UTF-8
(unless only GB18030 reads as Chinese); strict GB18030 (accepted only when the result looks like Chinese
text); UTF-16 of ideographs only; finally UTF-8 with a few damaged bytes.
Everything runs at C speed (codecs, ``bytes.translate``, regular expressions over character runs), so a
20 MB page decodes in well under a second.

The returned encoding is a Python codec name that decodes the original bytes (``utf-8``, ``utf-8-sig``,
``utf-16``, ``utf-16-le``, ``utf-16-be``, ``utf-32``, ``gb18030``), except for damaged UTF-8, reported as
``"utf-8 (N invalid byte sequences replaced)"``.
"""

from __future__ import annotations

import codecs
import errno
import functools
import logging
import os
import re

from reader.ingest.discover import display_path, file_kind_problem

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_BYTES", "PageSkipped", "UndecodableError", "decode_bytes", "read_page"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# A guessed encoding (GB18030, UTF-16 without BOM) must give at least this share of familiar characters.
_PLAUSIBLE_SHARE = 0.85
# Any decoding is rejected when control characters exceed this share of the non-space characters ...
_MAX_CONTROL_SHARE = 0.05
# ... or when control, private-use, replacement and non-characters together exceed this share.
_MAX_BAD_SHARE = 0.30
# Damaged UTF-8 is still accepted when at most this share of the characters had to be replaced.
_MAX_REPLACED_SHARE = 0.001
# Long texts are first judged on this many characters taken from this many places, then in full.
_SAMPLE_CHARS = 1 << 20
_SAMPLE_WINDOWS = 64

_EMPTY = "empty file"
_WHITESPACE_ONLY = "empty file (whitespace only)"
_UNDECODABLE = "not decodable as UTF-8, UTF-16 or GB18030"

# Controls that never occur in text (tab, newline, VT, FF and CR are whitespace; C1 controls are mojibake).
_CONTROL_RUNS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]+")
_BAD_RUNS = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffd\ufffe\uffff"
    r"\U000f0000-\U0010ffff]+"
)

# BOMs in the order they must be tested (the UTF-32 LE BOM begins with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# High bytes of UTF-16 code units in Chinese text: NUL (ASCII), 0x20 (punctuation), 0x30 (CJK punctuation),
# 0x34-0x9F (ideographs) and 0xFF (full-width forms).
_UTF16_CJK_HIGH_BYTES = bytes([0x00, 0x20, 0x30, *range(0x34, 0xA0), 0xFF])


class UndecodableError(ValueError):
    """Raised by ``decode_bytes`` when the bytes are not text; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PageSkipped(Exception):
    """Raised by ``read_page`` for any file that cannot be turned into page text; carries path and reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# --------------------------------------------------------------------------------------------------------
# Character classes


def _ranges_class(codepoints: set[int]) -> str:
    """A regex character-class body for a set of code points, compressed into ranges."""
    parts: list[str] = []
    ordered = sorted(codepoints)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        lo, hi = ordered[i], ordered[j]
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return "".join(parts)


def _decoded_pairs(encoding: str, leads: range, trails: list[int]) -> set[int]:
    found: set[int] = set()
    for lead in leads:
        for trail in trails:
            try:
                found.update(ord(c) for c in bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return found


@functools.cache
def _plausible_runs() -> re.Pattern[str]:
    """Runs of characters that make up real Chinese newspaper text, whitespace included.

    Ideographs count only if they are common: GB2312 (simplified) or Big5 level 1 (traditional). Random
    bytes decoded as GB18030 give mostly rare ideographs, private-use and symbols, so they score low.
    """
    hanzi = _decoded_pairs("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    hanzi |= _decoded_pairs("big5", range(0xA4, 0xC7), big5_trails)
    # Whitespace, printable ASCII, Latin-1 signs (· × °), general punctuation (— “ ” …), letterlike symbols,
    # number forms (Ⅻ), arrows, enclosed numbers (①), box drawing, shapes (★ ■), CJK punctuation, kana,
    # bopomofo, enclosed CJK (㈠), full-width forms.
    others = (
        r"\s!-~\u00a0-\u00ff\u2010-\u205e\u2100-\u21ff\u2460-\u24ff\u2500-\u25ff\u2600-\u26ff"
        r"\u3000-\u30ff\u3100-\u312f\u3200-\u32ff\uff01-\uffef"
    )
    return re.compile(f"[{others}{_ranges_class(hanzi)}]+")


def _run_chars(pattern: re.Pattern[str], text: str) -> int:
    """Number of characters of ``text`` matched by ``pattern`` (a class followed by ``+``)."""
    return len(text) - len(pattern.sub("", text))


def _non_space(text: str) -> int:
    return sum(map(len, text.split()))


def _spread_sample(text: str) -> str | None:
    """Windows spread over a long text, so that garbage is rejected without scanning all of it."""
    if len(text) <= 2 * _SAMPLE_CHARS:
        return None
    step, width = len(text) // _SAMPLE_WINDOWS, _SAMPLE_CHARS // _SAMPLE_WINDOWS
    return "".join(text[i * step : i * step + width] for i in range(_SAMPLE_WINDOWS))


def _plausible_share(text: str) -> float:
    """Share of non-space characters that are common Chinese, ASCII or usual punctuation and symbols."""
    sample = _spread_sample(text)
    if sample is not None:
        share = _plausible_share(sample)
        if share < _PLAUSIBLE_SHARE:
            return share
    total = _non_space(text)
    if total == 0:
        return 1.0
    odd = len(_plausible_runs().sub("", text))
    return max(0.0, 1.0 - odd / total)


def _binary_reason(text: str) -> str | None:
    """Why decoded ``text`` looks like binary data rather than text, or None if it looks like text."""
    nul = text.find("\x00")
    if nul >= 0:
        return f"binary data (NUL character at position {nul})"
    sample = _spread_sample(text)
    if sample is not None:
        reason = _binary_reason(sample)
        if reason:
            return reason
    total = max(1, _non_space(text))
    controls = _run_chars(_CONTROL_RUNS, text)
    if controls > _MAX_CONTROL_SHARE * total:
        return f"binary data ({_percent(controls, total)} control characters)"
    bad = _run_chars(_BAD_RUNS, text)
    if bad > _MAX_BAD_SHARE * total:
        return (
            f"binary data or unknown encoding ({_percent(bad, total)} of the characters are non-printable, "
            "private-use or replacement characters)"
        )
    return None


def _percent(part: int, whole: int) -> str:
    return f"{min(100, round(100 * part / max(1, whole)))}%"


# --------------------------------------------------------------------------------------------------------
# Decoding


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _finish(text: str, encoding: str) -> tuple[str, str]:
    """Normalise accepted text and reject it if it is empty or binary."""
    text = _normalise(text)
    if not text:
        raise UndecodableError(_EMPTY)
    if text.isspace():
        raise UndecodableError(_WHITESPACE_ONLY)
    reason = _binary_reason(text)
    if reason:
        raise UndecodableError(reason)
    return text, encoding


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    """Decode data that starts with a byte-order mark; None if there is none."""
    for bom, codec, name in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            text = data[len(bom) :].decode(codec)
        except UnicodeDecodeError as exc:
            if codec == "utf-32-le":  # FF FE 00 00 may also be a UTF-16 LE BOM followed by U+0000
                continue
            label = codec.upper().replace("-LE", " LE").replace("-BE", " BE")
            pos = exc.start + len(bom)
            raise UndecodableError(
                f"starts with a {label} byte-order mark but is not valid {label} (bad bytes at offset {pos})"
            ) from None
        return _finish(text, name)
    return None


def _utf16_orders(data: bytes) -> list[str]:
    """UTF-16 byte orders to try for BOM-less data with NUL bytes, most likely first."""
    if len(data) % 2:
        return []
    # ASCII characters have a NUL high byte: odd positions for LE, even positions for BE. Ideographs like
    # 一 (U+4E00) put NULs in the other place, so both orders are tried.
    if data[1::2].count(0) >= data[0::2].count(0):
        return ["utf-16-le", "utf-16-be"]
    return ["utf-16-be", "utf-16-le"]


def _cjk_utf16_orders(data: bytes) -> list[str]:
    """UTF-16 byte orders whose high bytes fall in the narrow band of CJK text (for data without NULs)."""
    if len(data) % 2:
        return []
    orders = []
    for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if len(high.translate(None, _UTF16_CJK_HIGH_BYTES)) <= 0.1 * len(high):
            orders.append(codec)
    return orders


def _try_guess(data: bytes, codec: str) -> str | None:
    """Text of ``data`` in a guessed encoding if it decodes strictly and reads like Chinese text."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if _plausible_share(text) >= _PLAUSIBLE_SHARE else None


def _truncated_utf8(data: bytes) -> bool:
    """True if ``data`` is valid UTF-8 but for a last character cut short (a file cut off while written)."""
    for cut in (1, 2, 3):
        try:
            data[:-cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return len(data) > cut and data[-cut] >= 0xC2
    return False


def _decode_damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few invalid bytes (a truncated last character, a flipped bit): keep the text."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count(codecs.encode("\ufffd", "utf-8"))
    if replaced > _MAX_REPLACED_SHARE * len(text) and not _truncated_utf8(data):
        return None
    plural = "sequence" if replaced == 1 else "sequences"
    try:
        decoded = _finish(text, f"utf-8 ({replaced} invalid byte {plural} replaced)")
    except UndecodableError:
        return None
    log.warning("decoded damaged UTF-8: %d invalid byte %s replaced", replaced, plural)
    return decoded


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a page file's bytes to normalised text; return ``(text, encoding)``.

    Raises ``UndecodableError`` (and nothing else) when the bytes are empty, binary or in no supported
    encoding. The text has no leading BOM and only ``\\n`` line ends; nothing else is changed.
    """
    if not data:
        raise UndecodableError(_EMPTY)
    data = bytes(data)
    from_bom = _decode_bom(data)
    if from_bom is not None:
        return from_bom

    nul = data.find(b"\x00")
    if nul >= 0:
        # NUL bytes: UTF-16 without BOM (ASCII characters have a NUL high byte), or binary data.
        for codec in _utf16_orders(data):
            guessed = _try_guess(data, codec)
            if guessed is not None:
                return _finish(guessed, codec)
        raise UndecodableError(f"binary data (NUL bytes at offset {nul})")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 byte 0x{data[exc.start]:02X} at offset {exc.start}"
    else:
        # Short GB18030 text can be valid UTF-8 by accident ("拾" is CA B0 = U+02B0): prefer the reading
        # that looks like Chinese when the UTF-8 one does not.
        if not text.isascii() and _plausible_share(text) < _PLAUSIBLE_SHARE:
            guessed = _try_guess(data, "gb18030")
            if guessed is not None:
                return _finish(guessed, "gb18030")
        return _finish(text, "utf-8")

    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        gb_error = f"invalid GB18030 bytes at offset {exc.start}"
    else:
        share = _plausible_share(text)
        if share >= _PLAUSIBLE_SHARE:
            return _finish(text, "gb18030")
        gb_error = f"as GB18030 only {_percent(round(share * 1000), 1000)} of it looks like Chinese text"

    # Ideographs only (no ASCII, so no NUL byte) in UTF-16: rare, so tried after GB18030, which it never
    # passes for (its bytes fail strict GB18030 or read as rare characters).
    for codec in _cjk_utf16_orders(data):
        guessed = _try_guess(data, codec)
        if guessed is not None:
            return _finish(guessed, codec)

    damaged = _decode_damaged_utf8(data)
    if damaged is not None:
        return damaged
    raise UndecodableError(f"{_UNDECODABLE} ({utf8_error}; {gb_error})")


# --------------------------------------------------------------------------------------------------------
# Files


def _format_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")


def _too_large(size: int, limit: int) -> str:
    shown, limit_shown = _format_size(size), _format_size(limit)
    if shown == limit_shown:  # rounding hid the difference
        shown, limit_shown = f"{size} bytes", f"{limit} bytes"
    return f"file too large for one page ({shown} > {limit_shown} limit)"


_ERRNO_REASONS = {
    errno.ENOENT: "cannot read: file not found (moved or deleted?)",
    errno.EACCES: "cannot read: permission denied",
    errno.EPERM: "cannot read: permission denied",
    errno.EISDIR: "is a directory",
    errno.ELOOP: "cannot read: symlink loop",
    errno.ENOTDIR: "cannot read: a parent of this path is not a folder",
    errno.ENAMETOOLONG: "cannot read: path too long",
}


def _os_reason(exc: OSError) -> str:
    if exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    detail = exc.strerror or type(exc).__name__
    return f"cannot read: {detail[:1].lower()}{detail[1:]}"


class _Refused(Exception):
    """Internal: the path exists but names something read_page will not read; the message is the reason."""


def _read_bytes(path: str | bytes, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``_Refused`` or OSError otherwise."""
    st = os.stat(path)
    reason = file_kind_problem(st.st_mode)
    if reason is None and st.st_size > max_bytes:
        reason = _too_large(st.st_size, max_bytes)
    if reason:
        raise _Refused(reason)
    # O_NONBLOCK: if the file was swapped for a FIFO since stat(), open() must not hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        reason = file_kind_problem(os.fstat(fh.fileno()).st_mode)
        if reason:
            raise _Refused(reason)
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew since stat()
        raise _Refused(f"file too large for one page (more than {_format_size(max_bytes)} limit)")
    return data


def read_page(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read and decode one page file; return ``(text, encoding)`` or raise ``PageSkipped`` with a reason."""
    shown = "?"
    try:
        raw = os.fspath(path)
        shown = display_path(raw)
        data = _read_bytes(raw, max_bytes)
        return decode_bytes(data)
    except _Refused as exc:
        raise PageSkipped(shown, str(exc)) from None
    except UndecodableError as exc:
        raise PageSkipped(shown, exc.reason) from None
    except OSError as exc:
        raise PageSkipped(shown, _os_reason(exc)) from None
    except Exception as exc:  # never let one odd file stop an import
        log.exception("unexpected error reading %s", shown)
        raise PageSkipped(shown, f"cannot read: unexpected {type(exc).__name__}: {exc}") from None
