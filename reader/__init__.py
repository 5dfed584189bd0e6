"""Newspaper reader: import OCR page text, reconstruct articles, browse and search them."""

from __future__ import annotations

__version__ = "0.1.0"
