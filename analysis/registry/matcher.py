"""The matcher that finds the registry's actors in text."""

from __future__ import annotations

import re
from dataclasses import InitVar, dataclass, field
from functools import cached_property

import pandas as pd

from analysis import nogc, schema
from analysis.found.words import in_unit_brackets
from analysis.registry.candidates import (
    _STATE_BANK,
    _TICKER,
    INSTITUTION,
    INSTITUTION_AFTER,
    INSTITUTION_BEFORE,
    LEGAL_END,
    OWNED_AFTER,
    WORDS_BEFORE,
    Candidate,
    _choose,
    _enter,
    _Entry,
    _entry,
    _mid_sentence,
    _proper_word,
    firm_before,
    known_kinds,
    not_given_names,
    on_day,
    own_firm_word,
    tables,
)
from analysis.registry.change import Change, Drop, _changed_names, _changed_role_names, _drop
from analysis.registry.discover import STOP_WORDS
from analysis.registry.gazetteer import (
    Gazetteer,
    active_gazetteer,
    inner_spans,
    layered,
    layered_roles,
)
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
from analysis.registry.scan import NameScanner
from analysis.text import normalise

ACTIVE = "active"
_REGEX_NAMES = 4_000  # names: up to this many, one trie regex; above, Aho-Corasick
_ONE_WORD_HOWS = (schema.HOW_ALIAS, schema.HOW_SHORT)
# The capitalised word right before a hit (a given name, a title, a country...).
_GIVEN = re.compile(r"(?<![\w.'’-])([A-Z][\w.'’-]*)[ \t]+$")


@dataclass
class Matcher:
    """Finds registry actors in text: case-sensitive (except the ci_aliases), whole words,
    leftmost-longest; with `roles` (analysis.registry.roles), dated roles too.

    Built once per registry; `find` is a pure function of the text and its date.
    """

    registry: pd.DataFrame
    roles: pd.DataFrame | None = None  # roles.ROLE_COLUMNS; kept: those of the actors
    # The gazetteer under the registry: by default the one in force (gazetteer.gazetteer_dir),
    # None for the registry alone.
    gazetteer: InitVar[Gazetteer | None | str] = "active"
    actors: pd.DataFrame = field(init=False, repr=False)  # schema.LAYERED_ACTORS in force
    names: dict[str, str] = field(init=False)
    gazetteer_digest: str | None = field(init=False, repr=False)
    _people: frozenset[str] = field(init=False, repr=False)
    _not_given: frozenset[str] = field(init=False, repr=False)  # see _not_a_name
    _named_after: frozenset[str] = field(init=False, repr=False)  # people and countries
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

    @nogc.without_collection  # thousands of names' candidates, all kept
    def __post_init__(self, gazetteer: Gazetteer | None | str) -> None:
        gaz = active_gazetteer() if gazetteer == ACTIVE else gazetteer
        self.actors = layered(self.registry, gaz)
        ids, kinds = self.actors["actor_id"].tolist(), self.actors["kind"].tolist()
        self.names = dict(zip(ids, self.actors["name"].tolist(), strict=True))
        self.gazetteer_digest = gaz.digest if gaz is not None else None
        table, ci_table = tables(self.registry, gaz)
        base_names = table  # the names that can stand inside a role alias, set below
        roles = roles_in(self.roles, self.actors)
        self.roles = roles if len(roles) else None
        in_force = roles_in(layered_roles(self.roles, gaz), self.actors)
        self._book = RoleBook(in_force) if len(in_force) else None
        if self._book is not None:
            role_names = [v for alias in self._book.aliases for v in _variants(alias)]
            # Only what a role alias holds is ever scanned for inside one: a small pattern
            # ("U.S.", "Russian"), not a second copy of the thousands of names.
            base_names = {n for v in role_names for n in inner_spans(v) if n in table}
            for alias, role_id in self._book.aliases.items():
                for variant in _variants(alias):
                    _enter(table, variant, Candidate(role_id, schema.HOW_ROLE))
        self._base_names = sorted(base_names)
        self._table, self._ci_table = table, ci_table
        self._entries, self._ci_entries = {}, {}
        self._ci_words = _first_words(ci_table) if ci_table else None
        titles = self._book.title_pattern() if self._book is not None else None
        self._titles = _assert_later(titles) if titles is not None else None
        shaped = self._titles is not None and self._titles.pattern.startswith(_THE_TITLE)
        self._title_words = _first_words(self._book.titles) if shaped else None
        kind_of = dict(zip(ids, kinds, strict=True))
        self._people = frozenset(a for a, k in kind_of.items() if k == "person")
        # Fixed by the gazetteer alone (its digest is the registry's too): were it the table's
        # words, an edit could change the hits next to the names it touched (change.Drop).
        self._not_given = not_given_names(gaz) if gaz is not None else frozenset()
        self._named_after = frozenset(a for a, k in kind_of.items() if k in ("person", "country"))
        self._country_of = {}
        for aid, kind, affiliation in zip(ids, kinds, self.actors["affiliation"], strict=True):
            if kind == "country":
                self._country_of[aid] = aid
            elif kind_of.get(affiliation if isinstance(affiliation, str) else "") == "country":
                self._country_of[aid] = affiliation

    # The name patterns are compiled on first use (a second or so for thousands of names): a
    # matcher built only to be compared (changes_since) never needs them.
    @cached_property
    def _pattern(self) -> re.Pattern[str] | NameScanner:
        # The same spans either way (tests/test_registry_scan.py): the trie regex scans a
        # registry's few thousand names faster; past that, it compiles for seconds and scans
        # slower than the automaton.
        if len(self._table) <= _REGEX_NAMES:
            return _name_pattern(self._table)
        return NameScanner(self._table)

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
        day = day_of(published)
        hits: list[tuple[int, int, str, str]] = []
        last_seen: dict[str, int] = {}  # actor_id -> position of its last unambiguous hit
        countries: set[str] = set()
        country_of = self._country_of
        for start, end, entry in self._scan(norm, 0, len(norm), self._pattern, low):
            entry = on_day(entry, day)
            if entry.role is not None:
                # A name right after the title names the holder itself ("Russian President
                # Vladimir Putin"): the title is then no hit of its own.
                named = _NAME_NEXT.match(norm, end) is not None
                holder = None if named else self._book.holder(entry.role.actor_id, day)
                if holder is None:  # what the words inside name on their own
                    inner = self._scan(norm, start, end, self._base, low)
                    inner = [(s, e, on_day(x, day)) for s, e, x in inner]
                else:
                    countries.add(self._book.country[entry.role.actor_id])
                    inner = [(start, end, _entry([Candidate(holder, schema.HOW_ROLE)]))]
            else:
                inner = [(start, end, entry)]
            for s, e, found in inner:
                chosen = found.role if found.single_role else _choose(found, last_seen)
                if chosen is None or self._not_a_name(norm, s, e, chosen):
                    continue
                if chosen.how != schema.HOW_SHORT:
                    last_seen[chosen.actor_id] = s
                if chosen.actor_id in country_of:
                    countries.add(country_of[chosen.actor_id])
                hits.append((s, e, chosen.actor_id, chosen.how))
        if self._titles is not None and day is not None:
            hits = self._bare_titles(norm, hits, countries, day, low)
        return hits

    def _not_a_name(self, norm: str, start: int, end: int, chosen: Candidate) -> bool:
        """A ticker in angle brackets ("<ROK>"); a person's one-word alias or short name after
        a capitalised word that is no title and no name ("Gerhard Stoltenberg" when only Jens
        is known): another person."""
        ticker = start and norm[start - 1] == "<" and norm.startswith(">", end)
        if ticker and _TICKER.fullmatch(norm, start, end):
            return True
        if chosen.actor_id in self._named_after and (
            INSTITUTION.match(norm, end)
            or INSTITUTION_BEFORE.search(norm, max(0, start - 80), start)
        ):
            return True
        if self._inside_longer(norm, start, end, chosen):
            return True
        if chosen.actor_id not in self._people or chosen.how not in _ONE_WORD_HOWS:
            return False
        if " " in norm[start:end] or "\n" in norm[start:end]:
            return False
        before = _GIVEN.search(norm, max(0, start - 40), start)
        if before is None:
            return False
        word = before.group(1)
        return not (
            word in STOP_WORDS
            or word.isupper()
            or word.endswith(("'s", "’s", "."))  # a possessive; a sentence's or a title's end
            or word in self._not_given
        )  # a gazetteer country's or organisation's word ("Soviet"), not a person's ("Howard")

    def _inside_longer(self, norm: str, start: int, end: int, chosen: Candidate) -> bool:
        """A name inside a longer proper name of another body: "U.K." of "Victa (U.K.) Ltd",
        "Tokyo" of "Tokyo Stock
        Exchange" (a country's name, not its initials, then a body's head), "Bank of Japan" of
        "the Industrial Bank of Japan" (an English word capitalised mid-sentence just before
        a name of several words). The finder then finds the longer name."""
        name = norm[start:end]
        if norm[end : end + 1] == ")" and in_unit_brackets(norm, start, end):
            return True
        after = None
        if self._country_of.get(chosen.actor_id) == chosen.actor_id:
            after = INSTITUTION_AFTER.match(norm, end)
        if after is not None and "." in name:
            # initials open bodies of the state ("U.S. Agriculture Department") and firms
            # ("U.S. Video Vending Corp"): only a legal form says which
            if LEGAL_END.search(after.group()):
                return True
        elif self._country_of.get(chosen.actor_id) == chosen.actor_id and "." not in name:
            # a country, not its bodies; its name (not its initials) or its demonym ("the
            # Canadian Imperial Bank of Commerce", "The American Meat Institute")
            if after is not None and chosen.how in (schema.HOW_NAME, schema.HOW_ALIAS):
                return True
            if after is not None and chosen.how == schema.HOW_DEMONYM:
                return not _STATE_BANK.search(after.group())  # "Swiss National Bank"
            if chosen.how in (schema.HOW_NAME, schema.HOW_ALIAS) and firm_before(norm, start):
                return True  # "Amoco Canada plans", "Sunbeam Corp Ltd Australia": a firm's unit
            owned = OWNED_AFTER.match(norm, end)
            if owned is not None and chosen.how == schema.HOW_NAME and own_firm_word(owned[1]):
                return True  # "60 pct of Bermuda Star's shares": a firm named by the country
        if chosen.actor_id in self._people or " " not in name:
            return False
        m = WORDS_BEFORE.search(norm, max(0, start - 60), start)
        if m is None or not _proper_word(m.group(2)):
            return False
        words = [*m.group(1).split(), m.group(2)]
        if len(words) == 1 and not _mid_sentence(norm, m.start()):
            return False  # "Industrial" opening a sentence may be the sentence's capital
        # "United Nations Food and Agriculture Organization", "New York Federal Reserve": a
        # known name before the name, not one longer name
        known = known_kinds()
        return not any(" ".join(words[i:]) in known for i in range(len(words)))

    def changes_since(self, old: Matcher) -> Change:
        """The names and actors whose hits may differ between `old` and this matcher."""
        curated = set(old.registry["actor_id"].tolist()) | set(self.registry["actor_id"].tolist())
        forms = _changed_names(old._table, self._table, curated)
        forms |= _changed_names(old._ci_table, self._ci_table, curated)
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
        self, norm: str, pos: int, endpos: int, pattern: re.Pattern | NameScanner, low: str | None
    ) -> list[tuple[int, int, _Entry]]:
        """(start, end, entry) of the names in norm[pos:endpos], leftmost-longest over the
        case-sensitive and the case-insensitive names (the case-sensitive first on a tie).
        `low` is _lowered(norm), or None: _ci_matches then tries every place."""
        entries = self._entries
        found = []
        if isinstance(pattern, NameScanner):  # the whole text (pos 0, endpos its length)
            spans = pattern.spans(norm)
        else:
            spans = [m.span() for m in pattern.finditer(norm, pos, endpos)]
        for start, end in spans:
            name = norm[start:end]
            entry = entries.get(name)
            if entry is None:  # the table's names have one space between words
                entry = entries[name] = _entry(self._table.get(_spaced(name), []))
            found.append((start, end, entry))
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
