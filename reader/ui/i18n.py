"""Interface language: Simplified Chinese when the system locale is Chinese, English otherwise.

Strings are written in English in the code and looked up here; ``NEWSREADER_LANG=zh|en`` overrides the locale
(tests and users who prefer the other language).
"""

from __future__ import annotations

import locale
import os

_ZH: dict[str, str] = {}
_language: str | None = None


def ui_language() -> str:
    """"zh" or "en"."""
    global _language
    if _language is None:
        forced = os.environ.get("NEWSREADER_LANG", "").lower()
        if forced in ("zh", "en"):
            _language = forced
        else:
            lang = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
            if not lang:
                lang = locale.getlocale()[0] or ""
            _language = "zh" if lang.lower().startswith("zh") else "en"
    return _language


def set_language(language: str | None) -> None:
    """Force a language ("zh"/"en"), or None to read the locale again."""
    global _language
    _language = language


def tr(text: str) -> str:
    """The interface string in the current language (English is the key)."""
    if ui_language() == "zh":
        return _ZH.get(text, text)
    return text


def register(table: dict[str, str]) -> None:
    """Add translations (English -> Chinese); each UI module registers its own strings."""
    _ZH.update(table)
