"""Page metadata to and from the JSON stored with each page, and the ranking of where values came from."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from typing import Any

from reader.ingest.model import PageMeta, Source

log = logging.getLogger(__name__)

META_FIELDS = ("paper", "date", "issue_number", "page", "page_count")

# Which source wins when the pages of one issue disagree (first wins).
SOURCE_RANK = [
    Source.USER,
    Source.MASTHEAD,
    Source.LUNAR,
    Source.TEXT,
    Source.INFERRED,
    Source.SIBLING,
    Source.PATH,
    Source.UNKNOWN,
]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _source(value: Any) -> Source:
    try:
        return Source(value)
    except ValueError:
        return Source.UNKNOWN


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        log.warning("ignoring stored date %r", value)
        return None


def meta_from_dict(data: dict[str, Any]) -> PageMeta:
    meta = PageMeta()
    provenance = data.get("provenance") or {}
    for name in META_FIELDS:
        value = data.get(name)
        if name == "date":
            value = _date(value)
        meta.set(name, value, _source(provenance.get(name)))
    flags = data.get("flags")
    if isinstance(flags, dict):
        meta.flags = {str(k): dict(v) for k, v in flags.items() if isinstance(v, dict)}
    return meta


def best_value(metas: Iterable[PageMeta], name: str) -> tuple[Any, Source]:
    """The value of ``name`` from the page whose source ranks highest (earliest page on ties)."""
    best: tuple[Any, Source] = (None, Source.UNKNOWN)
    best_rank = len(SOURCE_RANK)
    for meta in metas:
        value = getattr(meta, name)
        if value is None:
            continue
        source = meta.provenance.get(name, Source.UNKNOWN)
        rank = SOURCE_RANK.index(source) if source in SOURCE_RANK else len(SOURCE_RANK) - 1
        if rank < best_rank:
            best, best_rank = (value, source), rank
    return best
