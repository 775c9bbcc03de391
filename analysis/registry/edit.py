"""Edits of the actor registry: add an actor or an alias, merge two actors, delete one, CSV."""

from __future__ import annotations

import io
import re
import unicodedata

import pandas as pd

from analysis import schema
from analysis.export import csv_safe, unneutralise
from analysis.registry.table import RegistryError, split_list, validate_registry

LIST_COLUMNS = ("aliases", "short_names", "demonyms", "ci_aliases")


def slugify(name: str) -> str:
    """An actor_id from a name: "Sergei Shoigu" -> "sergei-shoigu", "Élysée" -> "elysee"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def new_actor_id(registry: pd.DataFrame, name: str) -> str:
    """A slug of the name not yet taken in the registry ("-2", "-3", ... when it is)."""
    base = slugify(name) or "actor"
    taken = set(registry["actor_id"].astype(str))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def fill_ids(registry: pd.DataFrame) -> pd.DataFrame:
    """Rows given a name but no actor_id (new rows of an edited table) get one from the name."""
    out = registry.copy()
    if "actor_id" not in out.columns:
        out["actor_id"] = ""
    ids = out["actor_id"].astype("string").fillna("").str.strip()
    names = out["name"].astype("string").fillna("").str.strip() if "name" in out else ids
    for i in out.index[(ids == "") & (names != "")]:
        out.loc[i, "actor_id"] = new_actor_id(out.assign(actor_id=ids), names[i])
        ids[i] = out.loc[i, "actor_id"]
    return out


def add_actor(
    registry: pd.DataFrame,
    name: str,
    kind: str,
    aliases: list[str] | tuple[str, ...] = (),
    affiliation: str = "",
    actor_id: str | None = None,
    short_names: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """The registry with one more actor (validated; RegistryError names what is wrong)."""
    name = " ".join(name.split())
    row = {
        "actor_id": actor_id or new_actor_id(registry, name),
        "name": name,
        "kind": kind,
        "aliases": "|".join(a.strip() for a in aliases if a.strip() and a.strip() != name),
        "short_names": "|".join(s.strip() for s in short_names if s.strip()),
        "affiliation": affiliation or "",
    }
    return validate_registry(pd.concat([registry, pd.DataFrame([row])], ignore_index=True))


def surname(name: str, kind: str) -> list[str]:
    """A person's last name as a short name ("Shoigu" of "Sergei Shoigu"): counted only after
    the full name, in the same article, like "Kim" after "Kim Jong Un"."""
    words = name.split()
    if kind != "person" or len(words) < 2 or not words[-1][:1].isupper() or len(words[-1]) < 3:
        return []
    return [words[-1]]


def add_alias(registry: pd.DataFrame, actor_id: str, alias: str) -> pd.DataFrame:
    """The registry with one more alias of an actor (nothing changes if it has it already)."""
    alias = " ".join(alias.split())
    out = _with(registry, actor_id)
    i = out.index[out["actor_id"] == actor_id][0]
    if not alias:
        raise RegistryError("the alias is empty")
    for row in out.to_dict("records"):
        names = [row["name"], *split_list(row["aliases"]), *split_list(row["demonyms"])]
        if row["actor_id"] != actor_id and alias in names:
            raise RegistryError(f"{alias!r} is already a name of {row['actor_id']}")
    if alias != out.loc[i, "name"]:
        out.loc[i, "aliases"] = _join(split_list(out.loc[i, "aliases"]), [alias])
    return validate_registry(out)


def merge_actors(registry: pd.DataFrame, keep: str, absorb: str) -> pd.DataFrame:
    """`absorb` folded into `keep`: its name and aliases become aliases of `keep` (its short
    names, demonyms and case-insensitive aliases join those of `keep`), actors affiliated to it
    are affiliated to `keep`, and it is deleted."""
    if keep == absorb:
        raise RegistryError("choose two different actors to merge")
    out = _with(_with(registry, keep), absorb)
    k = out.index[out["actor_id"] == keep][0]
    a = out.index[out["actor_id"] == absorb][0]
    gone = out.loc[a]
    names = [gone["name"], *split_list(gone["aliases"])]
    out.loc[k, "aliases"] = _join(
        split_list(out.loc[k, "aliases"]), [n for n in names if n != out.loc[k, "name"]]
    )
    for col in ("short_names", "demonyms", "ci_aliases"):
        out.loc[k, col] = _join(split_list(out.loc[k, col]), split_list(gone[col]))
    if not out.loc[k, "affiliation"] and gone["affiliation"] != keep:
        out.loc[k, "affiliation"] = gone["affiliation"]
    out = out.drop(index=a)
    out.loc[out["affiliation"] == absorb, "affiliation"] = keep
    out.loc[(out["actor_id"] == keep) & (out["affiliation"] == keep), "affiliation"] = ""
    return validate_registry(out.reset_index(drop=True))


def delete_actor(registry: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    """The registry without the actor; actors affiliated to it lose that affiliation."""
    out = _with(registry, actor_id)
    out = out[out["actor_id"] != actor_id].copy()
    out.loc[out["affiliation"] == actor_id, "affiliation"] = ""
    return validate_registry(out.reset_index(drop=True))


def to_csv(registry: pd.DataFrame) -> bytes:
    """The registry as a CSV file (the columns of data/actors.csv), formula-like cells
    neutralised with a leading ' (from_csv takes it off again)."""
    return csv_safe(schema.conform(registry, schema.ACTORS).fillna(""))


def from_csv(data: bytes | str, first_row: int = 2) -> pd.DataFrame:
    """A registry read from CSV bytes (as to_csv writes them, or data/actors.csv), validated."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise RegistryError(f"cannot read the CSV: {exc}") from exc
    raw = raw.map(unneutralise)
    raw.columns = [unneutralise(c) for c in raw.columns]
    return validate_registry(raw, first_row=first_row)


def _with(registry: pd.DataFrame, actor_id: str) -> pd.DataFrame:
    out = validate_registry(registry)
    if actor_id not in set(out["actor_id"]):
        raise RegistryError(f"no actor {actor_id!r} in the registry")
    return out


def _join(first: list[str], more: list[str]) -> str:
    return "|".join(dict.fromkeys([*first, *more]))
