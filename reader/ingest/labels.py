"""Page labels in one canonical form: "第二版" -> "2", "A02" -> "A2", "０８" -> "8"."""

from __future__ import annotations

import re
import unicodedata

from reader.ingest.numerals import chinese_to_int

_LABEL_RE = re.compile(r"^([A-Z]{0,2})0*(\d{1,4})$")


def normalize_page_label(raw: str | None) -> str | None:
    """Canonical page label, or None when ``raw`` does not look like one."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw).upper()
    text = re.sub(r"\s+|第|版|面|頁|页|^P(?:AGE)?[_\-]?", "", text)
    if not text:
        return None
    letters = re.match(r"[A-Z]*", text).group(0)  # type: ignore[union-attr]
    rest = text[len(letters):]
    if not rest.isdigit():
        number = chinese_to_int(rest)
        if number is None:
            return None
        rest = str(number)
    m = _LABEL_RE.match(letters + rest)
    if not m or int(m.group(2)) == 0:
        return None
    return f"{m.group(1)}{int(m.group(2))}"
