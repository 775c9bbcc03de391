"""Roles with dates: "the U.S. president" is whoever held the office on the article's date."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.registry.table import RegistryError, split_list

DEFAULT_ROLES = Path(__file__).resolve().parents[2] / "data" / "roles.csv"
# role_id, aliases (|-separated), country (an actor_id), actor_id (the holder), start, end (the
# first day out of office, the successor's first day; empty while in office), title (optional:
# the bare word, "President" or "Prime Minister", that stands for the role in an article that
# names its country and no other country with that title).
ROLE_COLUMNS = ["role_id", "aliases", "country", "actor_id", "start", "end", "title"]
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def roles_path() -> Path:
    """The roles file: $ACTORSCOPE_ROLES or data/roles.csv."""
    return Path(os.environ.get("ACTORSCOPE_ROLES") or DEFAULT_ROLES)


def load_roles(path: str | Path = DEFAULT_ROLES) -> pd.DataFrame:
    """Read and validate a roles CSV (ROLE_COLUMNS); a missing file is no roles."""
    if not Path(path).exists():
        return empty_roles()
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise RegistryError(f"{path}: cannot read the roles: {exc}") from exc
    try:
        return validate_roles(raw)
    except RegistryError as exc:
        raise RegistryError(f"{path}: {exc}") from exc


def empty_roles() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in ROLE_COLUMNS})


def validate_roles(raw: pd.DataFrame) -> pd.DataFrame:
    """The roles with their columns checked; RegistryError names the first bad row.

    Needs role_id, aliases, country, actor_id, start; end and title are optional. A role's
    aliases are those of all its rows; its terms must not overlap; an alias names one role.
    """
    missing = [c for c in ROLE_COLUMNS[:5] if c not in raw.columns]
    if missing:
        raise RegistryError(f"the roles have no column {', '.join(missing)}")
    df = raw.fillna("").astype(str).apply(lambda col: col.str.strip())
    for col in ROLE_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df = df[ROLE_COLUMNS]
    alias_owner: dict[str, str] = {}
    seen: dict[str, dict] = {}  # role_id -> its first row
    terms: dict[str, list[tuple[dt.date, dt.date | None, str]]] = {}
    for line, row in zip(itertools.count(2), df.to_dict("records"), strict=False):
        where = f"roles row {line} ({row['role_id'] or 'blank'})"
        for col in ("role_id", "country", "actor_id"):
            if not _SLUG.match(row[col]):
                raise RegistryError(f"{where}: {col} must be a slug like 'us-president'")
        start = _date(row["start"], where, "start")
        end = _date(row["end"], where, "end") if row["end"] else None
        if start is None:
            raise RegistryError(f"{where}: start is empty")
        if end is not None and end <= start:
            raise RegistryError(f"{where}: end {row['end']} is not after start {row['start']}")
        first = seen.setdefault(row["role_id"], row)
        for col in ("country", "title"):
            if row[col] and first[col] and row[col] != first[col]:
                raise RegistryError(f"{where}: {col} differs from the role's first row")
        for alias in split_list(row["aliases"]):
            owner = alias_owner.setdefault(alias, row["role_id"])
            if owner != row["role_id"]:
                raise RegistryError(f"{where}: {alias!r} is already an alias of {owner}")
        for other_start, other_end, other in terms.get(row["role_id"], []):
            if start < (other_end or dt.date.max) and other_start < (end or dt.date.max):
                raise RegistryError(f"{where}: the term overlaps {other}'s")
        terms.setdefault(row["role_id"], []).append((start, end, row["actor_id"]))
    titled: dict[tuple[str, str], str] = {}
    for role_id, first in seen.items():
        aliases = [
            a for cell in df.loc[df["role_id"] == role_id, "aliases"] for a in split_list(cell)
        ]
        if not aliases and not first["title"]:
            raise RegistryError(f"role {role_id} has no alias and no title")
        if first["title"]:
            key = (first["country"], title_key(first["title"]))
            other = titled.setdefault(key, role_id)
            if other != role_id:
                raise RegistryError(
                    f"role {role_id}: {first['country']} has the title {first['title']!r} "
                    f"twice (also {other})"
                )
    return df.astype("string").reset_index(drop=True)


def roles_in(roles: pd.DataFrame | None, registry: pd.DataFrame) -> pd.DataFrame:
    """The roles whose holder and country are actors of the registry (the others are left out:
    an actor deleted from the registry takes its terms with it)."""
    if roles is None or roles.empty:
        return empty_roles()
    ids = set(registry["actor_id"].tolist())
    pairs = zip(roles["actor_id"].tolist(), roles["country"].tolist(), strict=True)
    keep = [holder in ids and country in ids for holder, country in pairs]
    return roles[keep].reset_index(drop=True)


@dataclass(frozen=True)
class Term:
    start: dt.date
    end: dt.date | None  # the first day out of office; None while in office
    actor_id: str


@dataclass
class RoleBook:
    """Who held which role when, for the matcher (built from validated roles)."""

    roles: pd.DataFrame
    aliases: dict[str, str] = field(init=False)  # alias -> role_id
    terms: dict[str, list[Term]] = field(init=False)
    country: dict[str, str] = field(init=False)  # role_id -> country actor_id
    titles: dict[str, dict[str, str]] = field(init=False)  # title key -> country -> role_id

    def __post_init__(self) -> None:
        self.aliases, self.terms, self.country, self.titles = {}, {}, {}, {}
        for row in schema.records(self.roles):
            role = row["role_id"]
            for alias in split_list(row["aliases"]):
                self.aliases[alias] = role
            self.country.setdefault(role, row["country"])
            end = dt.date.fromisoformat(row["end"]) if row["end"] else None
            start = dt.date.fromisoformat(row["start"])
            self.terms.setdefault(role, []).append(Term(start, end, row["actor_id"]))
            if row["title"]:
                self.titles.setdefault(title_key(row["title"]), {})[row["country"]] = role
        for terms in self.terms.values():
            terms.sort(key=lambda t: t.start)

    def holder(self, role_id: str, day: dt.date | None) -> str | None:
        """The actor holding the role on that day; None without a day or a holder."""
        if day is None:
            return None
        for term in self.terms.get(role_id, []):
            if term.start <= day and (term.end is None or day < term.end):
                return term.actor_id
        return None

    def title_pattern(self) -> re.Pattern[str] | None:
        """ "the President" / "the prime minister" standing alone: not followed by a name
        ("the President Biden"), "of" ("the president of the company") or a hyphen
        ("president-elect"). Group 1 is the title."""
        if not self.titles:
            return None
        alternatives = []
        for key in sorted(self.titles, key=len, reverse=True):
            words = [f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in key.split()]
            alternatives.append(r"\s+".join(words))
        return re.compile(
            r"(?<![\w.])[Tt]he\s+(" + "|".join(alternatives) + r")(?![\w-])(?!\s+of\b)"
            r"(?!\s+[A-Z])"
        )


def title_key(title: str) -> str:
    """A title as RoleBook.titles is keyed: lower case, one space between words."""
    return " ".join(title.lower().split())


def day_of(published: object) -> dt.date | None:
    """A calendar day from a date, a timestamp or an ISO string; None when missing or unreadable."""
    if published is None or published is pd.NaT:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        try:
            return dt.date.fromisoformat(published.strip()[:10])
        except ValueError:
            return None
    try:
        if pd.isna(published):
            return None
        return pd.Timestamp(published).date()
    except (TypeError, ValueError):
        return None


def _date(value: str, where: str, col: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RegistryError(f"{where}: {col} {value!r} is not a date (YYYY-MM-DD)") from None
