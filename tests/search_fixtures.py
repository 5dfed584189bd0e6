"""Shared helpers for the search tests: a toy page format and a library built from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.ingest.model import Article, PageMeta, ParsedPage, Source

_META = {"paper": "paper", "date": "date", "page": "page"}
_HEAD = {"kicker": "kicker", "sub": "subtitle", "by": "byline", "section": "section"}


def toy_parse(text: str, source: str, papers: object = None) -> ParsedPage:
    """'paper: X' / 'date: 2020-04-08' / 'page: 1' header, then '== title' articles with 'kicker:', 'sub:',
    'by:', 'section:' lines and body paragraphs."""
    meta = PageMeta()
    items: list[Article] = []
    for line in text.splitlines():
        key, _, value = line.partition(": ")
        if key in _META and value and not items:
            meta.set(key, dt.date.fromisoformat(value) if key == "date" else value, Source.MASTHEAD)
        elif line.startswith("== "):
            items.append(Article(title=line[3:]))
        elif items and key in _HEAD and value:
            setattr(items[-1], _HEAD[key], value)
        elif items and line.strip():
            items[-1].paragraphs.append(line.strip())
    return ParsedPage(source=source, text=text, meta=meta, items=list(items))


def page(paper: str, date: str, label: str, *articles: str) -> str:
    return "\n".join([f"paper: {paper}", f"date: {date}", f"page: {label}", *articles]) + "\n"


def write_pages(folder: Path, pages: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
