"""Article rows and their metadata: the column names of each field, values, dates, sidecars."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache

import dateutil.parser
import pandas as pd

from analysis.load.base import Refused
from analysis.load.decode import decode, normalise
from analysis.text import paragraph_problem

# Column names per field, in priority order; compared after _key() (case, "_" and spaces ignored).
FIELDS = {
    "text": ("text", "body", "content", "article", "story"),
    "title": ("title", "headline", "headline_text"),
    "published": ("date", "published", "publish_date", "published_at", "pubdate", "datetime"),
    "source": ("source", "outlet", "publisher", "site", "site_name"),
    "url": ("url", "link"),
    "author": ("author", "byline"),
}
NO_TEXT_COLUMN = f"no text column (expected one of: {', '.join(FIELDS['text'] + FIELDS['title'])})"


def article_id(text: str) -> str:
    """Stable id of an article: a hash of its NFKC text with whitespace runs collapsed."""
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


def article_row(text: object, origin: str, fields: dict) -> dict | str:
    """An article's row, or why there is none."""
    text = normalise(text) if isinstance(text, str) else ""
    if not text.strip():
        return "no text"
    if problem := paragraph_problem(text):  # before anything splits it, on every way in
        return problem
    row = {key: _one_line(fields.get(key)) for key in ("title", "source", "author", "url")}
    published = _to_day(fields.get("published"))
    return dict(row, article_id=article_id(text), published=published, text=text, origin=origin)


def sidecar_meta(data: bytes, note: Callable[[str], None] | None = None) -> dict:
    try:
        found = json.loads(decode(data, note))
    except ValueError as exc:
        raise Refused(f"malformed JSON sidecar: {exc}") from None
    if not isinstance(found, dict):
        raise Refused("sidecar is not a JSON object")
    return meta_fields(found)


@lru_cache(maxsize=2**12)  # every row of a table repeats the same column names
def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


CANDIDATES = {field: tuple(map(_key, names)) for field, names in FIELDS.items()}


def key_set(record: dict) -> frozenset[str]:
    return _columns(tuple(record))[0]


def record_fields(record: dict) -> dict:
    """The first non-empty value per field, by the priority of FIELDS' column names."""
    found = {}
    for field, names in _columns(tuple(record))[1]:
        value = next(
            (v for v in map(_value, map(record.__getitem__, names)) if v is not None), None
        )
        if value is not None:
            found[field] = value
    return found


@lru_cache(maxsize=2**8)  # the rows of a table share their column names
def _columns(names: tuple) -> tuple[frozenset[str], tuple[tuple[str, tuple], ...]]:
    """For a record with these column names: their keys, and per field the names to read, in
    the priority of FIELDS (of names with the same key, the first counts)."""
    first: dict[str, object] = {}
    for name in names:
        first.setdefault(_key(str(name)), name)
    fields = tuple(
        (field, tuple(first[k] for k in keys if k in first)) for field, keys in CANDIDATES.items()
    )
    return frozenset(first), tuple((field, names) for field, names in fields if names)


def meta_fields(record: dict) -> dict:
    return {k: v for k, v in record_fields(record).items() if k != "text"}


def _value(v: object) -> object:
    """A usable cell: non-blank text, a number as text, a date; None for anything else."""
    if isinstance(v, str):
        return v if v.strip() else None
    if isinstance(v, dict):  # e.g. NewsAPI's "source": {"id": ..., "name": ...}
        return _value(v.get("name"))
    if isinstance(v, (datetime, date)):
        return None if pd.isna(v) else v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v:
        return str(v)
    return None


def _one_line(v: object) -> str | None:
    """Metadata as one tidy line (titles in HTML or CSV often carry newlines)."""
    return None if v is None else " ".join(str(v).split()) or None


def _to_day(v: object) -> datetime | None:
    if isinstance(v, (datetime, date)) and not pd.isna(v):
        return datetime(v.year, v.month, v.day)
    return _parse_day(str(v).strip()) if isinstance(v, str) else None


@lru_cache(maxsize=2**14)  # corpora repeat the same few date strings
def _parse_day(text: str) -> datetime | None:
    # A missing month or day is the 1st ("2023" is 2023-01-01); a missing year is no date
    # ("March 2" could be any year), told by the impossible default year 1.
    try:  # ISO 8601 first: the common case, at twenty times dateutil's speed
        found = datetime.fromisoformat(text)
    except ValueError:
        try:
            found = dateutil.parser.parse(
                text, default=datetime(1, 1, 1), fuzzy=False, ignoretz=True
            )
        except Exception:  # dateutil raises several types on odd input; all mean "no date"
            return None
    return None if found.year == 1 else datetime(found.year, found.month, found.day)
