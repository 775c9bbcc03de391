"""The matcher that finds the registry's actors in text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from analysis import schema
from analysis.registry.change import Change, Drop, _changed_names, _changed_role_names, _drop
from analysis.registry.patterns import (
    _NAME_NEXT,
    _SHORT,
    _THE_TITLE,
    _assert_later,
    _first_words,
    _lowered,
    _name_pattern,
    _places,
    _spaced,
    _variants,
)
from analysis.registry.roles import RoleBook, day_of, roles_in, title_key
from analysis.registry.table import split_list
from analysis.text import normalise


@dataclass(frozen=True)
class Candidate:
    actor_id: str
    how: str


@dataclass(frozen=True)
class _Entry:
    """What a matched name stands for, worked out once per name rather than once per hit."""

    role: Candidate | None  # the first role, when every candidate is a role
    single_role: bool  # the name's only candidate is a role
    firm: Candidate | None  # the first candidate that is neither a short name nor a role
    shorts: tuple[Candidate, ...]  # the short-name candidates, in order


def _entry(candidates: list[Candidate]) -> _Entry:
    roles = [c for c in candidates if c.how == schema.HOW_ROLE]
    others = [c for c in candidates if c.how != schema.HOW_ROLE]
    firm = [c for c in others if c.how != schema.HOW_SHORT]
    return _Entry(
        role=roles[0] if roles and not others else None,
        single_role=len(candidates) == 1 and bool(roles),
        firm=firm[0] if firm else None,
        shorts=tuple(c for c in others if c.how == schema.HOW_SHORT),
    )


@dataclass
class Matcher:
    """Finds registry actors in text: case-sensitive (except the ci_aliases), whole words,
    leftmost-longest; with `roles` (analysis.registry.roles), dated roles too.

    Built once per registry; `find` is a pure function of the text and its date.
    """

    registry: pd.DataFrame
    roles: pd.DataFrame | None = (
        None  # analysis.registry.roles.ROLE_COLUMNS; kept: those of the registry
    )
    names: dict[str, str] = field(init=False)
    _table: dict[str, list[Candidate]] = field(init=False, repr=False)
    _ci_table: dict[str, list[Candidate]] = field(init=False, repr=False)
    # A hit's text -> its entry, made on the name's first hit: a matcher built only to be
    # compared never needs them, and a corpus hits a few of the thousands of names.
    _entries: dict[str, _Entry] = field(init=False, repr=False)
    _ci_entries: dict[str, _Entry] = field(init=False, repr=False)
    _base_names: list[str] = field(init=False, repr=False)  # the names but the role aliases
    _ci_words: tuple[str, ...] | None = field(init=False, repr=False)  # see _ci_matches
    _book: object = field(init=False, repr=False)  # analysis.registry.roles.RoleBook or None
    _titles: re.Pattern[str] | None = field(init=False, repr=False)
    _title_words: tuple[str, ...] | None = field(init=False, repr=False)  # see _bare_titles
    _country_of: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:

        self.names = dict(zip(self.registry["actor_id"], self.registry["name"], strict=True))
        table: dict[str, list[Candidate]] = {}
        ci_table: dict[str, list[Candidate]] = {}
        rows = schema.records(self.registry)
        for row in rows:
            forms = [(row["name"], schema.HOW_NAME)]
            forms += [(a, schema.HOW_ALIAS) for a in split_list(row["aliases"])]
            forms += [(s, schema.HOW_SHORT) for s in split_list(row["short_names"])]
            for demonym in split_list(row["demonyms"]):
                forms += [(demonym, schema.HOW_DEMONYM), (demonym + "s", schema.HOW_DEMONYM)]
            for form, how in forms:
                for variant in _variants(form):
                    _enter(table, variant, Candidate(row["actor_id"], how))
            for form in split_list(row.get("ci_aliases")):
                for variant in _variants(form):
                    _enter(ci_table, variant.lower(), Candidate(row["actor_id"], schema.HOW_ALIAS))
        self._base_names = list(table)
        roles = roles_in(self.roles, self.registry)
        self.roles = roles if len(roles) else None
        self._book = RoleBook(roles) if self.roles is not None else None
        if self._book is not None:
            for alias, role_id in self._book.aliases.items():
                for variant in _variants(alias):
                    _enter(table, variant, Candidate(role_id, schema.HOW_ROLE))
        self._table, self._ci_table = table, ci_table
        self._entries, self._ci_entries = {}, {}
        self._ci_words = _first_words(ci_table) if ci_table else None
        titles = self._book.title_pattern() if self._book is not None else None
        self._titles = _assert_later(titles) if titles is not None else None
        shaped = self._titles is not None and self._titles.pattern.startswith(_THE_TITLE)
        self._title_words = _first_words(self._book.titles) if shaped else None
        kinds = dict(zip(self.registry["actor_id"], self.registry["kind"], strict=True))
        self._country_of = {}
        for row in rows:
            if row["kind"] == "country":
                self._country_of[row["actor_id"]] = row["actor_id"]
            elif kinds.get(row.get("affiliation") or "") == "country":
                self._country_of[row["actor_id"]] = row["affiliation"]

    # The name patterns are compiled on first use (a second or so for thousands of names): a
    # matcher built only to be compared (changes_since) never needs them.
    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return _name_pattern(self._table)

    @cached_property
    def _base(self) -> re.Pattern[str]:  # without the role aliases
        return _name_pattern(self._base_names) if self._book is not None else self._pattern

    @cached_property
    def _ci_pattern(self) -> re.Pattern[str] | None:
        return _name_pattern(self._ci_table, ignorecase=True) if self._ci_table else None

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

        norm = normalise(text)
        lowered = self._ci_words is not None or self._title_words is not None
        low = _lowered(norm) if lowered and len(norm) > _SHORT else None
        day = day_of(published) if self._book is not None else None
        hits: list[tuple[int, int, str, str]] = []
        last_seen: dict[str, int] = {}  # actor_id -> position of its last unambiguous hit
        countries: set[str] = set()
        country_of = self._country_of
        for start, end, entry in self._scan(norm, 0, len(norm), self._pattern, low):
            if entry.role is not None:
                # A name right after the title names the holder itself ("Russian President
                # Vladimir Putin"): the title is then no hit of its own.
                named = _NAME_NEXT.match(norm, end) is not None
                holder = None if named else self._book.holder(entry.role.actor_id, day)
                if holder is None:  # what the words inside name on their own
                    inner = self._scan(norm, start, end, self._base, low)
                else:
                    countries.add(self._book.country[entry.role.actor_id])
                    inner = [(start, end, _entry([Candidate(holder, schema.HOW_ROLE)]))]
            else:
                inner = [(start, end, entry)]
            for s, e, found in inner:
                chosen = found.role if found.single_role else _choose(found, last_seen)
                if chosen is None:
                    continue
                if chosen.how != schema.HOW_SHORT:
                    last_seen[chosen.actor_id] = s
                if chosen.actor_id in country_of:
                    countries.add(country_of[chosen.actor_id])
                hits.append((s, e, chosen.actor_id, chosen.how))
        if self._titles is not None and day is not None:
            hits = self._bare_titles(norm, hits, countries, day, low)
        return hits

    def changes_since(self, old: Matcher) -> Change:
        """The names and actors whose hits may differ between `old` and this matcher."""
        forms = _changed_names(old._table, self._table) | _changed_names(
            old._ci_table, self._ci_table
        )
        forms |= _changed_role_names(old, self)
        actors = {
            actor_id
            for actor_id in old.names.keys() | self.names.keys()
            if old.names.get(actor_id) != self.names.get(actor_id)
            or old._country_of.get(actor_id) != self._country_of.get(actor_id)
        }
        return Change(frozenset(forms), frozenset(actors), _drop(old, self, forms, actors))

    def hits_to_drop(
        self, text: str, published: object, hits: list[tuple], drop: Drop
    ) -> list[tuple] | None:
        """The hits of the dropped names, to take out of an article's old `hits` (start, end,
        actor_id, how, ...: those of drop.watched actors under the matcher the Change is from,
        in any order) to make them this matcher's. None when more may differ, and the text is
        to be matched again: when a name of this matcher starts inside a dropped hit (the old
        scan went on from its end), or when a dropped hit named a country no other hit names
        and that has a role with a title the text uses (countries decide bare titles)."""

        norm = normalise(text)
        gone, named = [], set()
        for hit in hits:
            if hit[3] == schema.HOW_ROLE:
                continue
            if hit[2] in drop.losing and drop.hit(norm[hit[0] : hit[1]], hit[3]):
                gone.append(hit)
            else:
                named.add(self._country_of.get(hit[2]))
        for start, end, *_ in gone:
            if any(p.match(norm, i) for p in drop.inside for i in range(start, end)):
                return None
        day = day_of(published) if self._book is not None else None
        if gone and self._titles is not None and day is not None:
            unnamed = {self._country_of.get(hit[2]) for hit in gone} - named - {None}
            for m in self._titles.finditer(norm) if unnamed else ():
                if unnamed & self._book.titles.get(title_key(m.group(1)), {}).keys():
                    return None
        return gone

    def _scan(
        self, norm: str, pos: int, endpos: int, pattern: re.Pattern[str], low: str | None
    ) -> list[tuple[int, int, _Entry]]:
        """(start, end, entry) of the names in norm[pos:endpos], leftmost-longest over the
        case-sensitive and the case-insensitive names (the case-sensitive first on a tie).
        `low` is _lowered(norm), or None: _ci_matches then tries every place."""
        entries = self._entries
        found = []
        for m in pattern.finditer(norm, pos, endpos):
            name = m.group()
            entry = entries.get(name)
            if entry is None:  # the table's names have one space between words
                entry = entries[name] = _entry(self._table.get(_spaced(name), []))
            found.append((*m.span(), entry))
        if self._ci_pattern is None:
            return found
        ci = [
            (m.start(), m.end(), self._ci_entry(m.group()))
            for m in self._ci_matches(norm, pos, endpos, low)
        ]
        if not ci:
            return found
        tagged = [(s, e, 0, x) for s, e, x in found] + [(s, e, 1, x) for s, e, x in ci]
        merged, reached = [], -1
        for s, e, _, x in sorted(tagged, key=lambda h: (h[0], -h[1], h[2])):
            if s >= reached:
                merged.append((s, e, x))
                reached = e
        return merged

    def _ci_matches(self, norm: str, pos: int, endpos: int, low: str | None) -> list[re.Match]:
        """What _ci_pattern.finditer(norm, pos, endpos) finds. Given `low` (_lowered), a
        case-insensitive name can only start where the lower case of its first word does:
        only those places are tried, in order, each from the end of the last match."""
        if low is None or self._ci_words is None:
            return list(self._ci_pattern.finditer(norm, pos, endpos))
        starts = sorted(i for word in self._ci_words for i in _places(low, word, pos, endpos))
        found, reached = [], pos
        for start in starts:
            if start >= reached and (m := self._ci_pattern.match(norm, start, endpos)):
                found.append(m)
                reached = m.end()
        return found

    def _ci_entry(self, name: str) -> _Entry:
        entry = self._ci_entries.get(name)
        if entry is None:  # the table's names are lower case, one space between words
            key = _spaced(name).lower()
            entry = self._ci_entries[name] = _entry(self._ci_table.get(key, []))
        return entry

    def _bare_titles(
        self, norm: str, hits: list, countries: set[str], day, low: str | None
    ) -> list[tuple[int, int, str, str]]:

        if not countries:  # a title needs the article to name its country
            return hits
        start = 0
        if low is not None and self._title_words is not None:
            # A bare title starts at the last "the" before the first title word, or later.
            places = [i for word in self._title_words if (i := low.find(word)) != -1]
            if not places:
                return hits
            start = max(low.rfind("the", 0, min(places)), 0)
        taken = [(s, e) for s, e, _, _ in hits]
        added = []
        for m in self._titles.finditer(norm, start):
            with_title = self._book.titles.get(title_key(m.group(1)), {})
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


def _enter(table: dict[str, list[Candidate]], key: str, candidate: Candidate) -> None:
    entries = table.setdefault(key, [])
    for c in entries:
        if c.actor_id == candidate.actor_id:
            return
    entries.append(candidate)


def _choose(entry: _Entry, last_seen: dict[str, int]) -> Candidate | None:
    """A firm name wins; an ambiguous short name goes to the actor named last, if any (roles,
    resolved by the caller, are not chosen here)."""
    if entry.firm is not None:
        return entry.firm
    seen = [c for c in entry.shorts if c.actor_id in last_seen]
    if not seen:
        return None
    return max(seen, key=lambda c: last_seen[c.actor_id])
