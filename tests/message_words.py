"""English words a Chinese message may keep (names, formats, query keywords), for the translation tests."""

from __future__ import annotations

import re

KEPT = {
    "PDF", "OCR", "UTF", "GB18030", "GBK", "NUL", "JSON", "ISO", "YYYY", "MM", "DD", "AND", "OR", "NOT", "date",
    "newsreader", "reindex", "pip", "install", "rapidocr", "onnxruntime", "json", "md", "csv", "ris", "bib",
    "relevance", "newest", "oldest", "uid", "pos_start", "pos_end", "start", "end", "article_spans", "annotations",
    "format", "convmv", "gbk", "utf8", "notest", "Windows", "quick_check", "Errno", "block",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
