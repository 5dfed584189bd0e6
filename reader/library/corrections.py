"""User corrections of page/issue metadata: which fields may be corrected and how values are stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reader.ingest.model import PageMeta, Source
from reader.library.db import LibraryError

PAGE_FIELDS = ("paper", "date", "page", "issue_number", "page_count")
ISSUE_FIELDS = ("paper", "date", "issue_number", "page_count")
FIELDS = {"page": PAGE_FIELDS, "issue": ISSUE_FIELDS}


def check_field(kind: str, field: str) -> None:
    if kind not in FIELDS:
        raise LibraryError(f"a correction applies to a page or an issue, not {kind!r}")
    if field not in FIELDS[kind]:
        raise LibraryError(f"cannot correct {field!r} of a {kind}; choose one of {', '.join(FIELDS[kind])}")


def encode_value(field: str, value: Any) -> str | None:
    """Validate a corrected value and turn it into the text stored in the corrections table."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None  # the user says: unknown
    if field == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise LibraryError(f"not a date (use YYYY-MM-DD): {value!r}") from None
    if field in ("issue_number", "page_count"):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise LibraryError(f"{field} must be a whole number: {value!r}") from None
        if number < 0:
            raise LibraryError(f"{field} cannot be negative: {number}")
        return str(number)
    return str(value).strip()


def decode_value(field: str, text: str | None) -> Any:
    if text is None:
        return None
    if field == "date":
        return dt.date.fromisoformat(text)
    if field in ("issue_number", "page_count"):
        return int(text)
    return text


def apply_corrections(meta: PageMeta, values: dict[str, str | None]) -> None:
    """Set each corrected field on ``meta`` with the USER source."""
    for field, text in values.items():
        meta.set(field, decode_value(field, text), Source.USER)
        if text is None:
            meta.provenance[field] = Source.USER  # "unknown" is itself the user's answer
