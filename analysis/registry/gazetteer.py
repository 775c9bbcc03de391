"""The world gazetteer (data/gazetteer/, built by scripts/gazetteer.py) as the layer under the
registry: its actors are matched in every corpus with no list typed first; a registry row
overrides the gazetteer's row of the same actor_id, and the files stay apart, so rebuilding the
gazetteer never touches a user's edits.

What it adds to the matcher: dated names (a name matches only on the days its span in
names.csv allows), dated roles (roles.csv) and blockers (places.csv: a place whose name holds
an actor's name, "New Mexico", "British Columbia", "Bank of America", is matched as a whole
and gives no mention, so the longest name wins).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.disk_cache import cached
from analysis.registry.roles import ROLE_COLUMNS, validate_roles
from analysis.registry.table import split_list
from analysis.text import normalise

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"
# "off" (or 0/no/false) matches the registry alone; a folder path reads that gazetteer instead.
GAZETTEER_ENV = "ACTORSCOPE_GAZETTEER"
_OFF = {"off", "0", "no", "false"}
FILES = ("actors.csv", "names.csv", "places.csv", "roles.csv")
# names.csv's `how` -> the mention's how (schema.HOW_*)
HOWS = {
    "name": schema.HOW_NAME,
    "alias": schema.HOW_ALIAS,
    "short": schema.HOW_SHORT,
    "demonym": schema.HOW_DEMONYM,
}
# A span of days: (first day, first day after) with None for open; a name's spans are a tuple.
Span = tuple[dt.date | None, dt.date | None]


# A regnal number the build took for a surname ("I" of Juan Carlos I): no short name, and "I"
# would be hit in every first-person quote.
_REGNAL = re.compile(r"[IVXL]+")


class GazetteerError(ValueError):
    """A gazetteer folder that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Gazetteer:
    actors: pd.DataFrame  # schema.ACTORS columns, origin "gazetteer"
    spans: dict[str, tuple[Span, ...]]  # actor_id -> when the actor existed (absent: always)
    names: tuple[tuple[str, str, str, Span], ...]  # (actor_id, name, how, span)
    places: tuple[tuple[str, Span, tuple[str, ...]], ...]  # see _places
    roles: pd.DataFrame  # ROLE_COLUMNS, validated
    digest: str  # of the four files: stored mentions are matched again when it changes


def gazetteer_dir() -> Path | None:
    """The gazetteer in force: $ACTORSCOPE_GAZETTEER (a folder, or "off" for none), else
    data/gazetteer/."""
    value = os.environ.get(GAZETTEER_ENV, "").strip()
    if value.lower() in _OFF:
        return None
    return Path(value) if value else GAZETTEER_DIR


def active_gazetteer() -> Gazetteer | None:
    """The gazetteer in force, read once per folder and file times; None when turned off or
    when the folder holds no actors.csv (an install without data/gazetteer/)."""
    folder = gazetteer_dir()
    if folder is None or not (folder / "actors.csv").exists():
        return None
    stamps = tuple(_stamp(folder / name) for name in FILES)
    return load_gazetteer(folder, stamps)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@cache
def load_gazetteer(folder: Path, stamps: tuple = ()) -> Gazetteer:
    """Read a gazetteer folder (`stamps` only key the cache); GazetteerError when unreadable.
    What its bytes give is kept on disk for the next process (analysis.disk_cache)."""
    datas, digest = {}, hashlib.sha256()
    for name in FILES:
        path = folder / name
        try:
            datas[name] = path.read_bytes() if path.exists() else b""
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read the gazetteer: {exc}") from exc
        digest.update(name.encode() + b"\0" + datas[name] + b"\0")
    return cached("gazetteer", digest.digest(), lambda: _parse(folder, datas, digest))


def _parse(folder: Path, datas: dict[str, bytes], digest) -> Gazetteer:
    frames = {}
    for name in FILES:
        path = folder / name
        try:
            frames[name] = (
                pd.read_csv(path, dtype=str, keep_default_na=False) if datas[name] else None
            )
        except (OSError, ValueError) as exc:
            raise GazetteerError(f"{path}: cannot read the gazetteer: {exc}") from exc
    raw = frames["actors.csv"]
    if raw is None or not {"actor_id", "name", "kind"} <= set(raw.columns):
        raise GazetteerError(f"{folder / 'actors.csv'}: no actor_id, name and kind columns")
    raw = raw[raw["kind"].isin(schema.ACTOR_KINDS) & (raw["actor_id"] != "")]
    actors = schema.conform(raw, schema.ACTORS)
    spans = {
        row["actor_id"]: (_span(row.get("valid_from"), row.get("valid_to")),)
        for row in schema.records(raw)
        if row.get("valid_from") or row.get("valid_to")
    }
    known = set(actors["actor_id"].tolist())
    names = _names(frames["names.csv"], actors, known)
    places = _places(frames["places.csv"])
    roles = frames["roles.csv"]
    try:
        roles = validate_roles(roles) if roles is not None else None
    except ValueError as exc:
        raise GazetteerError(f"{folder / 'roles.csv'}: {exc}") from exc
    if roles is None:
        roles = pd.DataFrame({c: pd.Series(dtype="string") for c in ROLE_COLUMNS})
    return Gazetteer(actors, spans, names, places, roles, digest.hexdigest()[:16])


def _names(frame: pd.DataFrame | None, actors: pd.DataFrame, known: set[str]) -> tuple:
    """names.csv's rows; without that file, the undated names of actors.csv."""
    if frame is not None:
        return tuple(
            (
                row["actor_id"],
                row["name"],
                HOWS[row["how"]],
                _span(row["valid_from"], row["valid_to"]),
            )
            for row in schema.records(frame)
            if row["actor_id"] in known
            and row["how"] in HOWS
            and row["name"]
            and not (row["how"] == "short" and _REGNAL.fullmatch(row["name"]))
        )
    out = []
    for row in schema.records(actors):
        always = (None, None)
        out.append((row["actor_id"], row["name"], schema.HOW_NAME, always))
        out += [(row["actor_id"], a, schema.HOW_ALIAS, always) for a in split_list(row["aliases"])]
        out += [
            (row["actor_id"], a, schema.HOW_SHORT, always) for a in split_list(row["short_names"])
        ]
        out += [
            (row["actor_id"], a, schema.HOW_DEMONYM, always) for a in split_list(row["demonyms"])
        ]
    return tuple(out)


def _places(frame: pd.DataFrame | None) -> tuple:
    """(name, span, the runs of words inside it) of every place name and alias: worked out
    once, as every matcher checks them against its names (candidates._block)."""
    if frame is None:
        return ()
    out, pieces = [], {}
    columns = [frame[c].tolist() for c in ("name", "aliases", "valid_from", "valid_to")]
    for name, aliases, start, end in zip(*columns, strict=True):
        span = _span(start, end)
        for one in [name, *aliases.split("|")] if aliases else [name]:
            key = " ".join(normalise(one).split())
            if key:
                if key not in pieces:  # one word holds no other (its hyphens stay)
                    pieces[key] = tuple(inner_spans(key)) if " " in key else ()
                out.append((key, span, pieces[key]))
    return tuple(out)


def _span(start: object, end: object) -> Span:
    return (_day(start), _day(end))


def _day(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def valid_on(spans: tuple[Span, ...] | None, day: dt.date | None) -> bool:
    """Whether a name with these spans may match on `day`. Without a date (an undated
    article), only what still holds today may: a name whose span has no end."""
    if spans is None:
        return True
    if day is None:
        return any(end is None for _, end in spans)
    return any(
        (start is None or start <= day) and (end is None or day < end) for start, end in spans
    )


def layered(registry: pd.DataFrame, gazetteer: Gazetteer | None) -> pd.DataFrame:
    """The actors in force (schema.LAYERED_ACTORS): the registry's rows, then the gazetteer's
    whose actor_id the registry does not have."""
    reg = registry.assign(origin=schema.ORIGIN_REGISTRY)
    if gazetteer is None:
        return schema.conform(reg, schema.LAYERED_ACTORS)
    ids = set(registry["actor_id"].tolist())
    extra = gazetteer.actors[~gazetteer.actors["actor_id"].isin(ids)]
    extra = extra.assign(origin=schema.ORIGIN_GAZETTEER)
    return schema.conform(pd.concat([reg, extra], ignore_index=True), schema.LAYERED_ACTORS)


def layered_roles(roles: pd.DataFrame | None, gazetteer: Gazetteer | None) -> pd.DataFrame | None:
    """The registry's roles, then the gazetteer's whose role_id they do not have and whose
    aliases and titles clash with none of theirs (the registry's word is the last)."""
    if gazetteer is None or gazetteer.roles.empty:
        return roles
    if roles is None or roles.empty:
        return gazetteer.roles
    taken = {a for cell in roles["aliases"].tolist() for a in split_list(cell)}
    titled = {(c, _title(t)) for c, t in zip(roles["country"], roles["title"], strict=True) if t}
    theirs = gazetteer.roles[~gazetteer.roles["role_id"].isin(set(roles["role_id"].tolist()))]
    clash = {
        row["role_id"]
        for row in schema.records(theirs)
        if taken & set(split_list(row["aliases"]))
        or (row["title"] and (row["country"], _title(row["title"])) in titled)
    }
    theirs = theirs[~theirs["role_id"].isin(clash)]
    return pd.concat([roles, theirs], ignore_index=True)


def _title(title: str) -> str:
    return " ".join(str(title).lower().split())


# A place blocks the names inside it: word spans of its name (not the whole of it).
_PLACE_WORD = re.compile(r"[^\W_][\w.'’-]*")


def inner_spans(name: str) -> list[str]:
    """The runs of whole words inside a name, shorter than it ("New Mexico" -> "New",
    "Mexico"), with a full stop kept only where it ends a word ("U.S.")."""
    words = [(m.start(), m.end()) for m in _PLACE_WORD.finditer(name)]
    out = []
    for i in range(len(words)):
        for j in range(i, len(words)):
            start, end = words[i][0], words[j][1]
            if (start, end) != (0, len(name)):
                piece = name[start:end]
                out.append(piece)
                if piece.endswith(".") or piece.endswith("'s") or piece.endswith("’s"):
                    out.append(piece.rstrip(".") if piece.endswith(".") else piece[:-2])
    return out
