"""Interface language: Simplified Chinese when the system locale is Chinese, English otherwise.

Strings are written in English in the code, wrapped in ``tr("…")`` (or marked with ``N_("…")`` where they are
translated later, from a table); their Chinese lives in a Qt Linguist file, ``resources/i18n/newsreader_zh_CN.ts``,
compiled to ``.qm`` and shipped in the package (``scripts/update_translations.py`` extracts, merges and compiles).
Qt's own strings (standard buttons, context menus, dialogs) come from the ``qtbase`` catalogue that ships with
PySide6. ``NEWSREADER_LANG=zh|en`` overrides the locale (tests and users who prefer the other language).
"""

from __future__ import annotations

import locale
import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from reader.paths import resource

log = logging.getLogger(__name__)

CONTEXT = "newsreader"  # one context: tr() is a function, not a method of a class
CATALOGUE = "i18n/newsreader_zh_CN.qm"

_language: str | None = None
_catalogue: QTranslator | None = None
_cache: dict[str, str] = {}
_installed: list[QTranslator] = []  # kept alive while installed in the application


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


def _translator() -> QTranslator:
    global _catalogue
    if _catalogue is None:
        _catalogue = QTranslator()
        path = resource(CATALOGUE)
        if not _catalogue.load(str(path)):
            log.warning("no interface translations at %s: the interface stays in English", path)
    return _catalogue


def tr(text: str) -> str:
    """The interface string in the current language (English is the key; untranslated text stays English)."""
    if ui_language() != "zh":
        return text
    found = _cache.get(text)
    if found is None:
        found = _cache[text] = _translator().translate(CONTEXT, text) or text
    return found


def N_(text: str) -> str:
    """Mark a string for translation where it is defined; ``tr()`` translates it where it is shown."""
    return text


def install_qt_translations(app: QCoreApplication) -> QTranslator | None:
    """Chinese for Qt's own strings and a Chinese default locale (calendars, dates), when the interface is Chinese.

    Returns the installed catalogue (None in English, or when it is missing: standard buttons stay English).
    """
    if ui_language() != "zh":
        return None
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not qt.load("qtbase_zh_CN", folder):
        log.warning("Qt's Chinese catalogue (qtbase_zh_CN.qm) is not in %s: standard buttons stay English", folder)
        return None
    app.installTranslator(qt)
    _installed.append(qt)
    return qt
