"""Tests for reader.ingest.decode: encoding detection, binary rejection, normalisation, read_page failures."""

from __future__ import annotations

import codecs
import errno
import os
import random
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest import decode
from reader.ingest.decode import PageSkipped, UndecodableError, decode_bytes, read_page

SIMPLIFIED = "许昌日报 2020年4月8日 本报讯（记者 王利辉）\n全市疫情防控工作视频调度会议召开。\n"
TRADITIONAL = "中華民國貳拾捌年四月廿四日 第三千七百九十八號\n（長沙廿三日電）國民政府明令褒揚。\n"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"


# ------------------------------------------------------------------------------------------------------
# Encodings


def test_utf8() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-8")) == (SIMPLIFIED, "utf-8")


def test_utf8_with_bom_strips_bom() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + TRADITIONAL.encode("utf-8")) == (TRADITIONAL, "utf-8-sig")


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    assert decode_bytes(bom + SIMPLIFIED.encode(codec)) == (SIMPLIFIED, "utf-16")


@pytest.mark.parametrize(
    "bom, codec", [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")]
)
def test_utf32_with_bom(bom: bytes, codec: str) -> None:
    assert decode_bytes(bom + TRADITIONAL.encode(codec)) == (TRADITIONAL, "utf-32")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL, "XUCHANG DAILY\nwww.21xc.com\n"])
def test_utf16_without_bom(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)) == (text, codec)


def test_utf16_without_bom_pure_cjk_has_no_nul_bytes() -> None:
    text = "许昌日报社出版中共许昌市委机关报河南省级报纸"  # no 一 (U+4E00) and no ASCII: no NUL byte
    data = text.encode("utf-16-le")
    assert b"\x00" not in data
    assert decode_bytes(data) == (text, "utf-16-le")


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL])
def test_gb18030_and_gbk(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)) == (text, "gb18030")


def test_gb18030_four_byte_characters() -> None:
    text = "记者 王𠀀利辉 报道€\n本报讯 今日8版"
    data = text.encode("gb18030")
    assert b"\x95\x32\x82\x36" in data  # U+20000 is a four-byte GB18030 sequence
    assert decode_bytes(data) == (text, "gb18030")


def test_short_gb18030_that_is_also_valid_utf8() -> None:
    # 拾 is CA B0 in GB18030, which is also valid UTF-8 (U+02B0): the Chinese reading wins.
    assert decode_bytes("拾".encode("gb18030")) == ("拾", "gb18030")
    assert decode_bytes("中華民國".encode("gbk")) == ("中華民國", "gb18030")


def test_utf8_non_chinese_text_stays_utf8() -> None:
    text = "Газета «Правда», 8 апреля 2020 г. — Ελληνικά"
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


def test_gb18030_mostly_ascii() -> None:
    text = "XUCHANG DAILY www.21xc.com CN41-0013 第9158期 今日8版\n"
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize(
    "data",
    [
        SIMPLIFIED.encode("utf-8"),
        b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"),
        codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be"),
        TRADITIONAL.replace("\n", "\r\n").encode("utf-16-le"),
        TRADITIONAL.encode("gb18030"),
    ],
)
def test_returned_encoding_is_a_codec_that_decodes_the_bytes(data: bytes) -> None:
    text, encoding = decode_bytes(data)
    raw = data.decode(encoding).replace("\r\n", "\n")
    assert raw == text


# ------------------------------------------------------------------------------------------------------
# Normalisation


def test_crlf_and_lone_cr_become_lf() -> None:
    data = "第一行\r\n第二行\r第三行\n第四行\r\n".encode()
    assert decode_bytes(data)[0] == "第一行\n第二行\n第三行\n第四行\n"


def test_crlf_in_gb18030_and_utf16() -> None:
    crlf = SIMPLIFIED.replace("\n", "\r\n")
    assert decode_bytes(crlf.encode("gb18030"))[0] == SIMPLIFIED
    assert decode_bytes(codecs.BOM_UTF16_LE + crlf.encode("utf-16-le"))[0] == SIMPLIFIED


def test_nothing_else_is_normalised() -> None:
    text = "ＸＵＣＨＡＮＧ　１２３ ① ㈠ “引号” —— ﹝注﹞\t制表\n"
    assert decode_bytes(text.encode("utf-8"))[0] == text


# ------------------------------------------------------------------------------------------------------
# Empty and binary


def test_empty() -> None:
    with pytest.raises(UndecodableError) as info:
        decode_bytes(b"")
    assert info.value.reason == "empty file"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "data",
    [
        b" \n\t\r\n ",
        "\u3000\n\u3000".encode(),
        " \n".encode("utf-16"),
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b"\n",
    ],
)
def test_whitespace_only_or_bom_only_is_empty(data: bytes) -> None:
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason.startswith("empty file")


def test_png_header_is_binary() -> None:
    with pytest.raises(UndecodableError) as info:
        decode_bytes(PNG_HEADER)
    assert info.value.reason == "binary data (NUL bytes at offset 8)"


@pytest.mark.parametrize("size", [1000, 100_000])
def test_random_bytes_are_binary(size: int) -> None:
    data = random.Random(20200408).randbytes(size)
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason.startswith("binary data (NUL bytes at offset")


@pytest.mark.parametrize("seed", range(20))
def test_short_random_bytes_are_rejected(seed: int) -> None:
    data = random.Random(seed).randbytes(64)
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason.startswith(("binary data", "not decodable"))


def test_nul_bytes_in_utf8_text() -> None:
    data = "许昌日报".encode() + b"\x00\x00\x00" + "本报讯".encode()  # 24 bytes: even, yet not UTF-16
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason == "binary data (NUL bytes at offset 12)"


def test_control_characters_are_binary() -> None:
    data = b"abc\x01\x02\x03\x04\x05def ghi"
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason.startswith("binary data (")
    assert "control characters" in info.value.reason


def test_a_few_control_characters_in_a_long_text_are_tolerated() -> None:
    text = SIMPLIFIED * 20 + "\x1b" + SIMPLIFIED
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


def test_private_use_text_is_rejected() -> None:
    text = "".join(chr(0xE000 + i) for i in range(300))
    with pytest.raises(UndecodableError) as info:
        decode_bytes(text.encode("utf-8"))
    assert "private-use" in info.value.reason


def test_invalid_utf8_and_invalid_gb18030() -> None:
    data = bytes(range(0x80, 0x100)) * 3
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason.startswith("not decodable as UTF-8, UTF-16 or GB18030 (invalid UTF-8 byte 0x80")


def test_valid_gb18030_that_is_not_chinese_text_is_rejected() -> None:
    # Private-use characters encode to valid GB18030 (user-defined areas) but are no Chinese text.
    data = "".join(chr(0xE000 + i) for i in range(200)).encode("gb18030")
    data.decode("gb18030")  # precondition: strictly decodable
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason.startswith("not decodable as UTF-8, UTF-16 or GB18030")
    assert "GB18030 only" in info.value.reason


def test_random_high_bytes_are_not_taken_for_gb18030() -> None:
    rng = random.Random(8)
    # Every byte in 0xA1..0xFE: always valid GB18030 (two-byte codes), never valid UTF-8.
    data = bytes(rng.randrange(0xA1, 0xFF) for _ in range(4000))
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason.startswith("not decodable")


def test_bom_with_invalid_content() -> None:
    data = codecs.BOM_UTF8 + "许昌".encode("gbk") + b"\xff"
    with pytest.raises(UndecodableError) as info:
        decode_bytes(data)
    assert info.value.reason == (
        "starts with a UTF-8 byte-order mark but is not valid UTF-8 (bad bytes at offset 3)"
    )


def test_damaged_utf8_keeps_the_text() -> None:
    good = SIMPLIFIED * 50
    data = good.encode("utf-8") + "报".encode()[:2]  # last character cut in half
    text, encoding = decode_bytes(data)
    assert text == good + "\ufffd"
    assert encoding == "utf-8 (1 invalid byte sequence replaced)"


def test_truncated_short_utf8_keeps_the_text() -> None:
    data = "许昌日报".encode()[:-1]
    assert decode_bytes(data) == ("许昌日\ufffd", "utf-8 (1 invalid byte sequence replaced)")


def test_utf8_with_rare_damage_keeps_the_text() -> None:
    good = SIMPLIFIED * 200  # about 8,000 characters
    data = bytearray(good.encode("utf-8"))
    data[3000] = 0xFF  # inside a character: that character's bytes become invalid
    text, encoding = decode_bytes(bytes(data))
    assert len(text) > len(good)  # the damaged character turned into several replacement characters
    assert encoding.startswith("utf-8 (") and encoding.endswith(" invalid byte sequences replaced)")
    assert text.startswith(good[:900]) and text.endswith(good[-5000:])


def test_heavily_damaged_utf8_is_rejected() -> None:
    data = b"".join("许昌日报".encode() + b"\xff" for _ in range(50))
    with pytest.raises(UndecodableError):
        decode_bytes(data)


def test_large_input_is_fast() -> None:
    line = SIMPLIFIED.replace("\n", "\r\n")
    text = line * (20 * 1024 * 1024 // len(line.encode("gb18030")))
    data = text.encode("gb18030")  # worst ordinary path: UTF-8 fails, GB18030 is checked in full
    start = time.perf_counter()
    decoded, encoding = decode_bytes(data)
    elapsed = time.perf_counter() - start
    assert encoding == "gb18030"
    assert len(decoded) == len(text) - text.count("\r")
    assert elapsed < 5.0, f"decoding 20 MB took {elapsed:.1f} s"


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_only_raise_undecodable(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        assert exc.reason
        return
    assert text.strip()
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert encoding


_ALPHABET = st.sampled_from(
    list("许昌日报本报讯记者王利辉中華民國貳拾捌年月日號電") + list(" ，。、（）：“”abcXYZ019\n\r\t")
)


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=200), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gbk"]))
def test_round_trip(text: str, codec: str) -> None:
    if not text.strip():
        return
    decoded, _ = decode_bytes(text.encode(codec))
    assert decoded == text.replace("\r\n", "\n").replace("\r", "\n")


# ------------------------------------------------------------------------------------------------------
# read_page


def test_read_page(tmp_path: Path) -> None:
    page = tmp_path / "01.txt"
    page.write_bytes(TRADITIONAL.replace("\n", "\r\n").encode("gbk"))
    assert read_page(page) == (TRADITIONAL, "gb18030")
    assert read_page(str(page)) == (TRADITIONAL, "gb18030")


def _skip_reason(path: str | os.PathLike[str], **kwargs: int) -> PageSkipped:
    with pytest.raises(PageSkipped) as info:
        read_page(path, **kwargs)
    return info.value


def test_read_page_empty(tmp_path: Path) -> None:
    page = tmp_path / "empty.txt"
    page.write_bytes(b"")
    exc = _skip_reason(page)
    assert exc.reason == "empty file"
    assert exc.path == str(page)
    assert str(exc) == f"{page}: empty file"


def test_read_page_binary(tmp_path: Path) -> None:
    page = tmp_path / "scan.txt"
    page.write_bytes(PNG_HEADER)
    assert _skip_reason(page).reason == "binary data (NUL bytes at offset 8)"


def test_read_page_too_large_small_limit(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_bytes(b"x" * 26)
    reason = _skip_reason(page, max_bytes=10).reason
    assert reason == "file too large for one page (26 bytes > 10 bytes limit)"
    assert read_page(page, max_bytes=26) == ("x" * 26, "utf-8")


def test_read_page_too_large_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "huge.txt"
    with page.open("wb") as fh:
        fh.truncate(int(57.3 * 1024 * 1024))  # sparse: no disk space used
    opened: list[tuple[object, ...]] = []

    def spy(*args: object) -> int:
        opened.append(args)
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(decode.os, "open", spy)
    assert _skip_reason(page).reason == "file too large for one page (57.3 MB > 20 MB limit)"
    assert opened == []


def test_read_page_missing(tmp_path: Path) -> None:
    exc = _skip_reason(tmp_path / "gone.txt")
    assert exc.reason.startswith("cannot read: file not found")


def test_read_page_directory(tmp_path: Path) -> None:
    assert _skip_reason(tmp_path).reason == "is a directory"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_read_page_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _skip_reason(fifo).reason == "not a regular file (named pipe)"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_read_page_unreadable(tmp_path: Path) -> None:
    page = tmp_path / "secret.txt"
    page.write_text("许昌日报", encoding="utf-8")
    page.chmod(0)
    try:
        assert _skip_reason(page).reason == "cannot read: permission denied"
    finally:
        page.chmod(0o644)


def test_read_page_permission_denied_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "secret.txt"
    page.write_text("许昌日报", encoding="utf-8")

    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(page))

    monkeypatch.setattr(decode.os, "open", deny)
    assert _skip_reason(page).reason == "cannot read: permission denied"


def test_read_page_unexpected_error_becomes_page_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "p.txt"
    page.write_text("许昌日报", encoding="utf-8")

    def boom(data: bytes) -> tuple[str, str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(decode, "decode_bytes", boom)
    assert _skip_reason(page).reason == "cannot read: unexpected RuntimeError: boom"


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_read_page_gbk_file_name_gives_printable_path(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"\xd0\xed\xb2\xfd.txt")  # 许昌 in GBK
    with open(raw, "wb") as fh:
        fh.write(PNG_HEADER)
    exc = _skip_reason(os.fsdecode(raw))
    assert exc.path == os.path.join(str(tmp_path), "许昌.txt")
    assert exc.path.isprintable()
