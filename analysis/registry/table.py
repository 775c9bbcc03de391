"""The registry table: reading, checking and the `|`-separated cells of data/actors.csv."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd

from analysis import schema

DEFAULT_REGISTRY = Path(__file__).resolve().parents[2] / "data" / "actors.csv"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RegistryError(ValueError):
    """A registry that cannot be used; the message names the row at fault."""


def split_list(cell: object) -> list[str]:
    """The names in a `|`-separated registry cell."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and cell != cell):
        return []
    return [part.strip() for part in str(cell).split("|") if part.strip()]


def load_registry(path: str | Path = DEFAULT_REGISTRY) -> pd.DataFrame:
    """Read and validate a registry CSV; returns schema.ACTORS columns."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise RegistryError(f"{path}: cannot read the registry: {exc}") from exc
    return validate_registry(raw)


def validate_registry(raw: pd.DataFrame, first_row: int = 2) -> pd.DataFrame:
    """The registry with its columns checked; RegistryError names the first bad row.

    Needs actor_id, name, kind; aliases, short_names, demonyms, affiliation, ci_aliases are
    optional. Rows are numbered from `first_row` (2: the line of a CSV file under its header).
    A case-insensitive alias may not name another actor in any case.
    """
    missing = [c for c in ("actor_id", "name", "kind") if c not in raw.columns]
    if missing:
        raise RegistryError(f"the registry has no column {', '.join(missing)}")
    cells = [
        {col: "" if value is None else str(value).strip() for col, value in row.items()}
        for row in schema.records(raw)
    ]
    seen_ids: set[str] = set()
    claimed: dict[str, str] = {}
    rows = list(zip(itertools.count(first_row), cells, strict=False))
    for line, row in rows:
        where = f"row {line} ({row['actor_id'] or row['name'] or 'blank'})"
        if not _SLUG.match(row["actor_id"]):
            raise RegistryError(f"{where}: actor_id must be a slug like 'kim-jong-un'")
        if row["actor_id"] in seen_ids:
            raise RegistryError(f"{where}: actor_id {row['actor_id']!r} appears twice")
        seen_ids.add(row["actor_id"])
        if not row["name"]:
            raise RegistryError(f"{where}: name is empty")
        if row["kind"] not in schema.ACTOR_KINDS:
            kinds = ", ".join(schema.ACTOR_KINDS)
            raise RegistryError(f"{where}: kind {row['kind']!r} is not one of {kinds}")
        for alias in [
            row["name"],
            *split_list(row.get("aliases")),
            *split_list(row.get("demonyms")),
        ]:
            owner = claimed.setdefault(alias, row["actor_id"])
            if owner != row["actor_id"]:
                raise RegistryError(f"{where}: {alias!r} is already a name of {owner}")
    _check_ci_aliases(rows, claimed)
    for line, row in rows:
        affiliation = row.get("affiliation", "")
        if affiliation and affiliation not in seen_ids:
            raise RegistryError(
                f"row {line} ({row['actor_id']}): affiliation {affiliation!r} is not an actor_id"
            )
    return schema.conform(pd.DataFrame(cells, columns=list(raw.columns)), schema.ACTORS)


def _check_ci_aliases(rows: list[tuple[int, dict]], claimed: dict[str, str]) -> None:
    """A case-insensitive alias must not be, in any case, a name of another actor."""
    names_folded = {name.casefold(): owner for name, owner in claimed.items()}
    ci_claimed: dict[str, str] = {}
    for line, row in rows:
        for alias in split_list(row.get("ci_aliases")):
            where = f"row {line} ({row['actor_id']})"
            owner = names_folded.get(alias.casefold(), row["actor_id"])
            if owner == row["actor_id"]:
                owner = ci_claimed.setdefault(alias.casefold(), row["actor_id"])
            if owner != row["actor_id"]:
                raise RegistryError(f"{where}: {alias!r} (any case) is already a name of {owner}")
