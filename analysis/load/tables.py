"""CSV, TSV, JSON and JSONL into articles, a row each; skipped rows summarised by reason."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from analysis.load.base import Refused, first_line
from analysis.load.fields import CANDIDATES, NO_TEXT_COLUMN, article_row, key_set, record_fields

if TYPE_CHECKING:
    from analysis.load.sink import Sink

_MALFORMED = object()  # a JSONL line that did not parse


def csv_rows(text: str, sep: str) -> list[tuple[int, object]]:
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise Refused(f"malformed CSV: {first_line(exc)}") from None
    if not isinstance(df.index, pd.RangeIndex):  # pandas turns surplus leading fields into an index
        raise Refused("malformed CSV: rows have more fields than the header")
    return list(enumerate(df.to_dict("records"), 1))


def json_rows(text: str) -> list[tuple[int, object]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise Refused(f"malformed JSON: {exc}") from None
    if isinstance(data, dict):
        # A wrapper like NewsAPI's {"status": ..., "articles": [...]} holds the rows in one list.
        lists = [v for v in data.values() if isinstance(v, list) and v]
        has_text = key_set(data) & {*CANDIDATES["text"], *CANDIDATES["title"]}
        data = lists[0] if not has_text and len(lists) == 1 else [data]
    if not isinstance(data, list) or not any(isinstance(r, dict) for r in data):
        raise Refused("expected a JSON object or a list of objects")
    return list(enumerate(data, 1))


def _jsonl_rows(lines: list[str], first: int) -> list[tuple[int, object]]:
    """(line number, object) of each line that is not blank; `first` is the first line's."""
    rows = []
    for number, line in enumerate(lines, first):
        if line and not line.isspace():
            try:
                rows.append((number, json.loads(line)))
            except (ValueError, RecursionError):
                rows.append((number, _MALFORMED))
    return rows


@dataclass(frozen=True)
class Rows:
    """Rows of a table, or some lines of a JSONL file, read into articles."""

    keys: set[str]  # the column keys of the rows' objects
    objects: bool  # whether any row is an object (a JSONL line may hold anything)
    field: str | None  # the field the articles' text was read from (None: no row was read)
    articles: list[tuple[int, dict]]  # (row number, the article's row)
    skipped: list[tuple[int, str]]  # (row number, why)


def _read_rows(origin, rows, meta: dict, defaults: dict, field: str | None = None) -> Rows:
    """The articles of rows (number, object), their text read from `field`, by default the
    one their keys name. Rows' own fields win over `meta`, and `meta` over `defaults`."""
    keys = set().union(*(key_set(r) for _, r in rows if isinstance(r, dict)))
    field = field or _text_field(keys)
    articles, skipped = [], []
    for number, row in rows if field else ():
        if isinstance(row, dict):
            fields = {**defaults, **meta, **record_fields(row)}
            found = article_row(fields.get(field), origin, fields)
        else:
            found = "malformed JSON" if row is _MALFORMED else "not a JSON object"
        if isinstance(found, str):
            skipped.append((number, found))
        else:
            articles.append((number, found))
    return Rows(keys, any(isinstance(r, dict) for _, r in rows), field, articles, skipped)


def read_lines(origin, first: int, lines: list[str], meta, defaults, field=None) -> Rows:
    return _read_rows(origin, _jsonl_rows(lines, first), meta, defaults, field)


def _text_field(keys: set[str]) -> str | None:
    if keys & set(CANDIDATES["text"]):
        return "text"
    if keys & set(CANDIDATES["title"]):
        return "title"  # a headline is a one-sentence article
    return None


def load_rows(origin, rows: list[tuple[int, object]], unit: str, meta: dict, sink: Sink) -> None:
    """One article per row of a table; rows' own fields win over `meta`."""
    if not rows:
        raise Refused("no rows")
    read = _read_rows(origin, rows, meta, sink.defaults)
    if read.field is None:
        raise Refused(NO_TEXT_COLUMN)
    _keep_rows(origin, [read], unit, sink)


def load_lines(origin, pieces: list[tuple[int, list[str]]], meta, sink, parts=None) -> None:
    """One article per line of a JSONL file cut in pieces (first line number, lines), read
    here, or already in `parts`, each piece on its own. The text field is the whole file's:
    a piece read with another is read again."""
    defaults = sink.defaults
    parts = parts or [read_lines(origin, *piece, meta, defaults) for piece in pieces]
    if not any(part.objects for part in parts):
        raise Refused("malformed JSON: no line holds a JSON object")
    field = _text_field(set().union(*(part.keys for part in parts)))
    if field is None:
        raise Refused(NO_TEXT_COLUMN)
    parts = [
        part if part.field == field else read_lines(origin, *piece, meta, defaults, field)
        for part, piece in zip(parts, pieces, strict=True)
    ]
    _keep_rows(origin, parts, "line", sink)


def _keep_rows(origin: str, parts: list[Rows], unit: str, sink: Sink) -> None:
    """Keep the parts' articles, in order; the rows skipped are summarised by reason."""
    skipped = [s for part in parts for s in part.skipped]
    for number, row in (a for part in parts for a in part.articles):
        reason = sink.keep(row)
        if reason:
            skipped.append((number, reason))
    numbers_by_reason = defaultdict(list)
    for number, reason in sorted(skipped, key=lambda s: s[0]):
        numbers_by_reason[reason].append(number)
    for reason, numbers in numbers_by_reason.items():
        listed = ", ".join(map(str, numbers[:5])) + (", ..." if len(numbers) > 5 else "")
        plural = "s" if len(numbers) > 1 else ""
        sink.reject(
            origin, f"{len(numbers)} {unit}{plural} skipped: {reason} ({unit}{plural} {listed})"
        )
