"""The actor registry and the matcher that finds its actors in text."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.text import normalise

DEFAULT_REGISTRY = Path(__file__).resolve().parents[1] / "data" / "actors.csv"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LIST_COLUMNS = ("aliases", "short_names", "demonyms")


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
    df = raw.fillna("").astype(str).apply(lambda col: col.str.strip())
    seen_ids: set[str] = set()
    claimed: dict[str, str] = {}
    rows = list(zip(itertools.count(first_row), df.to_dict("records"), strict=False))
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
    return schema.conform(df, schema.ACTORS)


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


@dataclass(frozen=True)
class Candidate:
    actor_id: str
    how: str


@dataclass
class Matcher:
    """Finds registry actors in text: case-sensitive (except the ci_aliases), whole words,
    leftmost-longest; with `roles` (analysis.roles), dated roles too.

    Built once per registry; `find` is a pure function of the text and its date.
    """

    registry: pd.DataFrame
    roles: pd.DataFrame | None = None  # analysis.roles.ROLE_COLUMNS; kept: those of the registry
    names: dict[str, str] = field(init=False)
    _table: dict[str, list[Candidate]] = field(init=False, repr=False)
    _ci_table: dict[str, list[Candidate]] = field(init=False, repr=False)
    _pattern: re.Pattern[str] = field(init=False, repr=False)
    _base: re.Pattern[str] = field(init=False, repr=False)  # without the role aliases
    _ci_pattern: re.Pattern[str] | None = field(init=False, repr=False)
    _book: object = field(init=False, repr=False)  # analysis.roles.RoleBook or None
    _titles: re.Pattern[str] | None = field(init=False, repr=False)
    _country_of: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from analysis.roles import RoleBook, roles_in

        self.names = dict(zip(self.registry["actor_id"], self.registry["name"], strict=True))
        table: dict[str, list[Candidate]] = {}
        ci_table: dict[str, list[Candidate]] = {}
        for row in self.registry.to_dict("records"):
            forms = [(row["name"], schema.HOW_NAME)]
            forms += [(a, schema.HOW_ALIAS) for a in split_list(row["aliases"])]
            forms += [(s, schema.HOW_SHORT) for s in split_list(row["short_names"])]
            for demonym in split_list(row["demonyms"]):
                forms += [(demonym, schema.HOW_DEMONYM), (demonym + "s", schema.HOW_DEMONYM)]
            for form, how in forms:
                for variant in spelling_variants(normalise(form)):
                    _enter(table, variant, Candidate(row["actor_id"], how))
            for form in split_list(row.get("ci_aliases")):
                for variant in spelling_variants(normalise(form)):
                    _enter(ci_table, variant.lower(), Candidate(row["actor_id"], schema.HOW_ALIAS))
        base = trie_regex(table)
        roles = roles_in(self.roles, self.registry)
        self.roles = roles if len(roles) else None
        self._book = RoleBook(roles) if self.roles is not None else None
        if self._book is not None:
            for alias, role_id in self._book.aliases.items():
                for variant in spelling_variants(normalise(alias)):
                    _enter(table, variant, Candidate(role_id, schema.HOW_ROLE))
        self._table, self._ci_table = table, ci_table
        self._pattern = _bounded(trie_regex(table))
        self._base = _bounded(base) if self._book is not None else self._pattern
        self._ci_pattern = _bounded(trie_regex(ci_table), re.IGNORECASE) if ci_table else None
        self._titles = self._book.title_pattern() if self._book is not None else None
        kinds = dict(zip(self.registry["actor_id"], self.registry["kind"], strict=True))
        self._country_of = {}
        for row in self.registry.to_dict("records"):
            if row["kind"] == "country":
                self._country_of[row["actor_id"]] = row["actor_id"]
            elif kinds.get(row.get("affiliation") or "") == "country":
                self._country_of[row["actor_id"]] = row["affiliation"]

    def find(self, text: str, published: object = None) -> list[tuple[int, int, str, str]]:
        """(start, end, actor_id, how) of every actor hit in the article text, in order.

        An ambiguous short name ("Kim") counts only after a full name of its actor appeared
        earlier in the same text, and goes to the actor whose full name appeared last. A role
        ("the U.S. president") goes to whoever held it on `published` (the article's date);
        without a date or a holder, or when a name follows ("U.S. President Joe Biden"), the
        words inside count as they would on their own ("U.S."). A bare title ("the President",
        "the prime minister") goes to the holder only when the article names exactly one
        country that has a role with that title.
        """
        from analysis.roles import day_of

        norm = normalise(text)
        day = day_of(published) if self._book is not None else None
        hits: list[tuple[int, int, str, str]] = []
        last_seen: dict[str, int] = {}  # actor_id -> position of its last unambiguous hit
        countries: set[str] = set()
        for start, end, candidates in self._scan(norm, 0, len(norm), self._pattern):
            roles = [c for c in candidates if c.how == schema.HOW_ROLE]
            if roles and not [c for c in candidates if c.how != schema.HOW_ROLE]:
                # A name right after the title names the holder itself ("Russian President
                # Vladimir Putin"): the title is then no hit of its own.
                named = _NAME_NEXT.match(norm, end) is not None
                holder = None if named else self._book.holder(roles[0].actor_id, day)
                if holder is None:  # what the words inside name on their own
                    inner = self._scan(norm, start, end, self._base)
                else:
                    countries.add(self._book.country[roles[0].actor_id])
                    inner = [(start, end, [Candidate(holder, schema.HOW_ROLE)])]
            else:
                inner = [(start, end, candidates)]
            for s, e, found in inner:
                resolved = len(found) == 1 and found[0].how == schema.HOW_ROLE
                chosen = found[0] if resolved else _choose(found, last_seen)
                if chosen is None:
                    continue
                if chosen.how != schema.HOW_SHORT:
                    last_seen[chosen.actor_id] = s
                if chosen.actor_id in self._country_of:
                    countries.add(self._country_of[chosen.actor_id])
                hits.append((s, e, chosen.actor_id, chosen.how))
        if self._titles is not None and day is not None:
            hits = self._bare_titles(norm, hits, countries, day)
        return hits

    def _scan(
        self, norm: str, pos: int, endpos: int, pattern: re.Pattern[str]
    ) -> list[tuple[int, int, list[Candidate]]]:
        """(start, end, candidates) of the names in norm[pos:endpos], leftmost-longest over the
        case-sensitive and the case-insensitive names (the case-sensitive first on a tie)."""
        found = [
            (m.start(), m.end(), 0, self._table.get(" ".join(m.group().split()), []))
            for m in pattern.finditer(norm, pos, endpos)
        ]
        if self._ci_pattern is None:
            return [(s, e, c) for s, e, _, c in found]
        ci = [
            (m.start(), m.end(), 1, self._ci_table.get(" ".join(m.group().split()).lower(), []))
            for m in self._ci_pattern.finditer(norm, pos, endpos)
        ]
        if not ci:
            return [(s, e, c) for s, e, _, c in found]
        merged, reached = [], -1
        for s, e, _, c in sorted(found + ci, key=lambda h: (h[0], -h[1], h[2])):
            if s >= reached:
                merged.append((s, e, c))
                reached = e
        return merged

    def _bare_titles(
        self, norm: str, hits: list, countries: set[str], day
    ) -> list[tuple[int, int, str, str]]:
        taken = [(s, e) for s, e, _, _ in hits]
        added = []
        for m in self._titles.finditer(norm):
            with_title = self._book.titles.get(" ".join(m.group(1).lower().split()), {})
            here = [c for c in countries if c in with_title]
            if len(here) != 1:
                continue
            s, e = m.span(1)
            if any(s < te and ts < e for ts, te in taken):
                continue
            holder = self._book.holder(with_title[here[0]], day)
            if holder is not None:
                added.append((s, e, holder, schema.HOW_ROLE))
        return sorted(hits + added) if added else hits


_NAME_NEXT = re.compile(r"(?:[ \t]+|[ \t]*\n[ \t]*)[A-Z]")


def _enter(table: dict[str, list[Candidate]], key: str, candidate: Candidate) -> None:
    entries = table.setdefault(key, [])
    if all(c.actor_id != candidate.actor_id for c in entries):
        entries.append(candidate)


def _bounded(body: str, flags: int = 0) -> re.Pattern[str]:
    if not body:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<![\w.])(?:" + body + r")(?!\w)", flags)


def _choose(candidates: list[Candidate], last_seen: dict[str, int]) -> Candidate | None:
    """A firm name wins; an ambiguous short name goes to the actor named last, if any (roles,
    resolved by the caller, are not chosen here)."""
    firm = [c for c in candidates if c.how not in (schema.HOW_SHORT, schema.HOW_ROLE)]
    if firm:
        return firm[0]
    seen = [c for c in candidates if c.how == schema.HOW_SHORT and c.actor_id in last_seen]
    if not seen:
        return None
    return max(seen, key=lambda c: last_seen[c.actor_id])


def spelling_variants(form: str) -> set[str]:
    """The form with each space or hyphen between words written either way
    ("Kim Jong Un" -> "Kim Jong-Un", "Kim Jong-un", ...)."""
    words = re.split(r"[ -]+", form.strip())
    if len(words) == 1 or len(words) > 5:
        return {" ".join(form.split())}
    variants = set()
    for seps in itertools.product((" ", "-"), repeat=len(words) - 1):
        out = words[0]
        for sep, word in zip(seps, words[1:], strict=True):
            out += sep + word
        variants.add(out)
        # After a hyphen the next word is often lower case: "Kim Jong-un", "Moon Jae-in".
        lowered = words[0]
        for sep, word in zip(seps, words[1:], strict=True):
            lowered += sep + (word[:1].lower() + word[1:] if sep == "-" else word)
        variants.add(lowered)
    return variants


def trie_regex(words: dict[str, object] | list[str]) -> str:
    """A regex alternation of the words, built as a trie so matching stays fast with thousands
    of names; longer words are tried first, and a space matches any run of white space."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True
    return _trie_to_regex(trie)


def _trie_to_regex(node: dict) -> str:
    ends_here = "" in node
    branches = []
    for char in sorted(k for k in node if k):
        head = r"\s+" if char == " " else re.escape(char)
        branches.append(head + _trie_to_regex(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body
