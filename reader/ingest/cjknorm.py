"""Map the look-alike code points PDF text layers use for Chinese characters back to the unified ideographs.

Chinese PDFs (and Qt's PDF writer with Noto CJK) often map a glyph shared by a radical and an ideograph to
the radical's code point: ``⽇`` (U+2F47 KANGXI RADICAL SUN) for 日, ``⺠`` (U+2EA0) for 民, ``⻓`` for 长. Search
and display need the ideographs. Kangxi radicals (U+2F00-U+2FD5) and CJK compatibility ideographs have NFKC
mappings; the CJK Radicals Supplement (U+2E80-U+2EF3) mostly has none, so it gets a table. Every mapping is one
code point to one code point, so offsets into the text stay valid for the original.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

log = logging.getLogger(__name__)

__all__ = ["normalize_cjk"]

# CJK Radicals Supplement -> unified ideograph: Unicode's EquivalentUnifiedIdeograph.txt, checked against the
# glyphs Noto Sans/Serif CJK share between the radical and the ideograph (the cause of the substitution).
_SUPPLEMENT = {
    0x2E82: "乛", 0x2E83: "乚", 0x2E85: "亻", 0x2E89: "刂", 0x2E8B: "㔾", 0x2E8E: "兀", 0x2E8F: "尣", 0x2E90: "尢",
    0x2E92: "巳", 0x2E93: "幺", 0x2E94: "彑", 0x2E95: "彐", 0x2E96: "忄", 0x2E98: "扌", 0x2E99: "攵", 0x2E9B: "旡",
    0x2E9E: "歺", 0x2E9F: "母", 0x2EA0: "民", 0x2EA1: "氵", 0x2EA3: "灬", 0x2EA4: "爫", 0x2EA6: "丬", 0x2EA8: "犭",
    0x2EAB: "罒", 0x2EAD: "礻", 0x2EAF: "糹", 0x2EB0: "纟", 0x2EB1: "罓", 0x2EB2: "罒", 0x2EB3: "㓁", 0x2EB9: "耂",
    0x2EBA: "肀", 0x2EBE: "艹", 0x2EBF: "艹", 0x2EC1: "虎", 0x2EC2: "衤", 0x2EC3: "覀", 0x2EC4: "西", 0x2EC5: "见",
    0x2EC6: "角", 0x2EC8: "讠", 0x2EC9: "贝", 0x2ECB: "车", 0x2ECC: "辶", 0x2ECD: "辶", 0x2ECE: "辶", 0x2ED0: "钅",
    0x2ED1: "長", 0x2ED2: "镸", 0x2ED3: "长", 0x2ED4: "门", 0x2ED6: "阝", 0x2ED8: "青", 0x2ED9: "韦", 0x2EDA: "页",
    0x2EDB: "风", 0x2EDC: "飞", 0x2EDD: "食", 0x2EDF: "飠", 0x2EE0: "饣", 0x2EE2: "马", 0x2EE3: "骨", 0x2EE4: "鬼",
    0x2EE5: "鱼", 0x2EE6: "鸟", 0x2EE7: "卤", 0x2EE8: "麦", 0x2EE9: "黄", 0x2EEA: "黾", 0x2EEB: "斉", 0x2EEC: "齐",
    0x2EED: "歯", 0x2EEE: "齿", 0x2EEF: "竜", 0x2EF0: "龙", 0x2EF1: "龜", 0x2EF2: "亀", 0x2EF3: "龟",
}  # fmt: skip

# Blocks whose characters may need mapping: radicals, and the compatibility ideographs (BMP and supplement).
_CANDIDATES = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


@functools.cache
def _table() -> dict[int, str]:
    table = dict(_SUPPLEMENT)
    ranges = (range(0x2F00, 0x2FE0), range(0xF900, 0xFB00), range(0x2F800, 0x2FA20))
    for cp in (c for r in ranges for c in r):
        mapped = unicodedata.normalize("NFKC", chr(cp))
        if mapped != chr(cp) and len(mapped) == 1:
            table[cp] = mapped
    # ⼾ (KANGXI RADICAL DOOR) decomposes to the traditional 戶, but simplified CJK fonts (the usual e-paper case)
    # share its glyph with 户; search folds the two anyway.
    table[0x2F3E] = "户"
    return table


def normalize_cjk(text: str) -> str:
    """``text`` with radicals and compatibility ideographs replaced by unified ideographs; same length."""
    if not _CANDIDATES.search(text):
        return text
    return text.translate(_table())
