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


def validate_registry(raw: pd.DataFrame) -> pd.DataFrame:
    """The registry with its columns checked; RegistryError names the first bad row.

    Needs actor_id, name, kind; aliases, short_names, demonyms, affiliation are optional.
    """
    missing = [c for c in ("actor_id", "name", "kind") if c not in raw.columns]
    if missing:
        raise RegistryError(f"the registry has no column {', '.join(missing)}")
    df = raw.fillna("").astype(str).apply(lambda col: col.str.strip())
    seen_ids: set[str] = set()
    claimed: dict[str, str] = {}
    for line, row in zip(itertools.count(2), df.to_dict("records"), strict=False):
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
    for line, row in zip(itertools.count(2), df.to_dict("records"), strict=False):
        affiliation = row.get("affiliation", "")
        if affiliation and affiliation not in seen_ids:
            raise RegistryError(
                f"row {line} ({row['actor_id']}): affiliation {affiliation!r} is not an actor_id"
            )
    return schema.conform(df, schema.ACTORS)


@dataclass(frozen=True)
class Candidate:
    actor_id: str
    how: str


@dataclass
class Matcher:
    """Finds registry actors in text: case-sensitive, whole words, leftmost-longest.

    Built once per registry; `find` is a pure function of the text.
    """

    registry: pd.DataFrame
    names: dict[str, str] = field(init=False)
    _table: dict[str, list[Candidate]] = field(init=False, repr=False)
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.names = dict(zip(self.registry["actor_id"], self.registry["name"], strict=True))
        table: dict[str, list[Candidate]] = {}
        for row in self.registry.to_dict("records"):
            forms = [(row["name"], schema.HOW_NAME)]
            forms += [(a, schema.HOW_ALIAS) for a in split_list(row["aliases"])]
            forms += [(s, schema.HOW_SHORT) for s in split_list(row["short_names"])]
            for demonym in split_list(row["demonyms"]):
                forms += [(demonym, schema.HOW_DEMONYM), (demonym + "s", schema.HOW_DEMONYM)]
            for form, how in forms:
                for variant in spelling_variants(normalise(form)):
                    entries = table.setdefault(variant, [])
                    if all(c.actor_id != row["actor_id"] for c in entries):
                        entries.append(Candidate(row["actor_id"], how))
        self._table = table
        self._pattern = re.compile(r"(?<![\w.])(?:" + trie_regex(table) + r")(?!\w)")

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, actor_id, how) of every actor hit in the article text, in order.

        An ambiguous short name ("Kim") counts only after a full name of its actor appeared
        earlier in the same text, and goes to the actor whose full name appeared last.
        """
        hits = []
        last_seen: dict[str, int] = {}  # actor_id -> position of its last unambiguous hit
        for m in self._pattern.finditer(normalise(text)):
            surface = " ".join(m.group().split())
            candidates = self._table.get(surface, [])
            firm = [c for c in candidates if c.how != schema.HOW_SHORT]
            if firm:
                chosen = firm[0]
            else:
                seen = [c for c in candidates if c.actor_id in last_seen]
                if not seen:
                    continue
                chosen = max(seen, key=lambda c: last_seen[c.actor_id])
            if chosen.how != schema.HOW_SHORT:
                last_seen[chosen.actor_id] = m.start()
            hits.append((m.start(), m.end(), chosen.actor_id, chosen.how))
        return hits


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
