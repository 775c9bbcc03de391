"""Column names and dtypes of the frames that flow through ActorScope (see DESIGN.md)."""

from __future__ import annotations

import pandas as pd

ARTICLES = {
    "article_id": "string",
    "title": "string",
    "source": "string",
    "author": "string",
    "url": "string",
    "published": "datetime64[s]",
    "text": "string",
    "origin": "string",
    "ingested_at": "datetime64[s, UTC]",
    # analysis/language.py's code ("en", "fr"); null: stored before languages were detected
    # (scored as English). Sentences of an article in another language have no scores.
    "language": "string",
    # The article this one is a near copy of (analysis/copies.py): the first stored of its
    # group; null for an original.
    "copy_of": "string",
}

SENTENCES = {
    "article_id": "string",
    "sent_idx": "int32",
    "start": "int32",
    "end": "int32",
    "compound": "float64",
    "pos": "float64",
    "neu": "float64",
    "neg": "float64",
}

MENTIONS = {
    "article_id": "string",
    "sent_idx": "int32",
    "actor_id": "string",
    "name": "string",
    "surface": "string",
    "start": "int32",
    "end": "int32",
    "how": "string",
    # The tone of the sentence toward this mention (analysis/tone/), beside the sentence's
    # VADER: P(positive) - P(negative), and its label. Null in rows stored before it existed.
    "toward": "Float64",
    "toward_label": "string",
}

ACTORS = {
    "actor_id": "string",
    "name": "string",
    "kind": "string",
    "aliases": "string",
    "short_names": "string",
    "demonyms": "string",
    "affiliation": "string",
    "ci_aliases": "string",  # names matched whatever their case ("iraq" in lower-case headlines)
}

ACTOR_KINDS = ("person", "country", "organization", "group", "media", "place")

# Where an actor comes from: the registry (data/actors.csv or the store's, the curated layer)
# or the world gazetteer (data/gazetteer/, built by scripts/gazetteer.py); a registry row
# overrides the gazetteer's of the same actor_id.
ORIGIN_REGISTRY = "registry"
ORIGIN_GAZETTEER = "gazetteer"
ORIGIN_FOUND = "found"  # found in the text by analysis.found, in no list: not yet confirmed
ACTOR_ORIGINS = (ORIGIN_REGISTRY, ORIGIN_GAZETTEER, ORIGIN_FOUND)
# The actors in force: the registry's columns and where each row comes from.
LAYERED_ACTORS = {**ACTORS, "origin": "string"}

# How a mention was made, recorded on every hit.
HOW_NAME = "name"  # the actor's full name
HOW_ALIAS = "alias"  # another unambiguous name ("Putin", "U.S.")
HOW_SHORT = "short name"  # an ambiguous short name, after the full name ("Kim")
HOW_DEMONYM = "demonym"  # "Russian", "North Koreans"
HOW_ROLE = "role"  # a dated role ("the U.S. president"), resolved on the article's date
# Found in no list (analysis.found): "found <kind>: <reason>", "found person: title Minister".
HOW_FOUND = "found"


def found_how(kind: str, reason: str) -> str:
    """The `how` of a found mention: the kind guessed and the reason for the guess."""
    return f"{HOW_FOUND} {kind}: {reason}"


def found_kind(how: str) -> str | None:
    """The kind guessed in a found mention's `how`; None for a mention of a listed actor."""
    if not how.startswith(HOW_FOUND + " "):
        return None
    return how[len(HOW_FOUND) + 1 :].split(":", 1)[0]


def empty(columns: dict[str, str]) -> pd.DataFrame:
    """An empty frame with the given columns and dtypes."""
    return conform(pd.DataFrame(columns=list(columns)), columns)


def conform(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The frame's columns in schema order and dtype; missing ones filled with nulls."""
    out = {}
    for col, dtype in columns.items():
        values = df[col] if col in df.columns else pd.Series(pd.NA, index=df.index, dtype="object")
        if dtype.startswith("datetime64"):
            tz = "UTC" if "UTC" in dtype else None
            values = pd.to_datetime(values, errors="coerce", utc=tz is not None)
        out[col] = values.astype(dtype)
    # Built at once: a column at a time costs a millisecond a column on small frames.
    return pd.DataFrame(out, index=df.index, copy=False).reset_index(drop=True)


def records(df: pd.DataFrame) -> list[dict]:
    """The rows as dicts of plain values, None where missing (df.to_dict("records") boxes value
    by value: several times slower on string columns)."""
    columns = list(df.columns)
    values = (df[c].to_numpy(dtype=object, na_value=None).tolist() for c in columns)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
