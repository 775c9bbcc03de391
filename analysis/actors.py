"""The actor registry and the matcher that finds its actors in text."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
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


@dataclass(frozen=True)
class Change:
    """What differs between two matchers, for matching again only where it can matter.

    `forms` are names (normalised, as the matcher keeps them) whose hits may differ: an
    article in which none of them occurs, in any case, is matched the same by both, unless it
    mentions one of `actors` (their name or their country changed, which alters every hit).
    `drop` holds the forms that may only lose their hits: where they are the only forms to
    occur, the old hits less theirs may be the new ones (Matcher.hits_to_drop).
    """

    forms: frozenset[str]
    actors: frozenset[str]
    drop: Drop | None = None

    def finder(self) -> Callable[[str], bool] | None:
        """A test of whether any form but the dropped ones could match in a text: true
        wherever one does, and maybe elsewhere (it ignores case). None without such forms."""
        return _finder(self.forms - self.drop.names if self.drop else self.forms)


@dataclass(frozen=True)
class Drop:
    """Names gone from a matcher whose hits may simply be taken out of the old ones."""

    names: frozenset[str]
    losing: frozenset[str]  # the actors of the names
    watched: frozenset[str]  # those and the actors of their countries: whose hits count
    inside: tuple[re.Pattern[str], ...]  # the new names that may start inside a dropped hit

    def hit(self, surface: str, how: str) -> bool:
        """Whether a stored mention (its text and how) was a hit of a dropped name: those of
        the other names stay as they were, so only articles with one can change."""
        return how != schema.HOW_ROLE and _spaced(normalise(surface)) in self.names


def _finder(forms: frozenset[str]) -> Callable[[str], bool] | None:
    if not forms:
        return None
    pattern = _name_pattern(forms, ignorecase=True)
    words = _first_words(forms)
    if words is None or len(words) > _FEW_WORDS:
        return lambda text: pattern.search(normalise(text)) is not None
    lowered = tuple(dict.fromkeys(word.lower() for word in words))
    return lambda text: _occurs(normalise(text), pattern, lowered)


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
    # A hit's text -> its entry, made on the name's first hit: a matcher built only to be
    # compared never needs them, and a corpus hits a few of the thousands of names.
    _entries: dict[str, _Entry] = field(init=False, repr=False)
    _ci_entries: dict[str, _Entry] = field(init=False, repr=False)
    _base_names: list[str] = field(init=False, repr=False)  # the names but the role aliases
    _ci_words: tuple[str, ...] | None = field(init=False, repr=False)  # see _ci_matches
    _book: object = field(init=False, repr=False)  # analysis.roles.RoleBook or None
    _titles: re.Pattern[str] | None = field(init=False, repr=False)
    _title_words: tuple[str, ...] | None = field(init=False, repr=False)  # see _bare_titles
    _country_of: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from analysis.roles import RoleBook, roles_in

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
        from analysis.roles import day_of

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
        from analysis.roles import day_of, title_key

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
        from analysis.roles import title_key

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


_WORD = re.compile(r"\w+")
_INSIDE = re.compile(r"(?<=[\w.])")  # a name cannot start here: _LEAD
_NAME_NEXT = re.compile(r"(?:[ \t]+|[ \t]*\n[ \t]*)[A-Z]")
_LEAD = r"(?<![\w.])"  # no word character or full stop right before a name
_LEAD_LATER = r"(?<![\w.].)"  # the same, asserted one character into the name
_TAIL = r"(?!\w)"
_FEW_WORDS = 32  # above, one regex search beats a str.find per first word
_SHORT = 200  # characters: a shorter text (a headline) is scanned as it is, without lower()
_THE_TITLE = r"[Tt]" + _LEAD_LATER + r"he\s+("  # roles.title_pattern's start, moved on


def _enter(table: dict[str, list[Candidate]], key: str, candidate: Candidate) -> None:
    entries = table.setdefault(key, [])
    for c in entries:
        if c.actor_id == candidate.actor_id:
            return
    entries.append(candidate)


def _bounded(body: str, flags: int = 0) -> re.Pattern[str]:
    if not body:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(_LEAD + "(?:" + body + ")" + _TAIL, flags)


def _name_pattern(names, ignorecase: bool = False) -> re.Pattern[str]:
    """The names as a bounded trie regex (as `_bounded(trie_regex(names))`, with re.IGNORECASE
    if asked), laid out to start with a plain character or set, so that re's search skips
    straight to where a name could start instead of trying the pattern at every position."""
    trie = _trie(names)
    if not trie or "" in trie or " " in trie:  # nothing, or a name opening on a space
        return _bounded(_trie_to_regex(trie), re.IGNORECASE if ignorecase else 0)
    if not ignorecase:
        branches = [re.escape(c) + _LEAD_LATER + _trie_to_regex(trie[c]) for c in sorted(trie)]
        return re.compile("(?:" + "|".join(branches) + ")" + _TAIL)
    # re finds no start set for an IGNORECASE pattern: a plain set of every character that
    # may open a name leads, and each branch checks its first character again, ignoring case.
    branches = [f"(?<={re.escape(c)})" + _trie_to_regex(trie[c]) for c in sorted(trie)]
    body = "(?i:" + "|".join(branches) + ")"
    return re.compile(_first_chars(trie) + _LEAD_LATER + body + _TAIL)


def _first_chars(trie: dict) -> str:
    """A set of every character that matches, ignoring case, one that opens a name: the ASCII
    ones that do, and every other character (re's case folding reaches beyond ASCII)."""
    opening = [re.compile(f"(?i:{re.escape(c)})") for c in trie]
    ascii_chars = [chr(i) for i in range(128) if any(p.fullmatch(chr(i)) for p in opening)]
    return "[" + "".join(re.escape(c) for c in ascii_chars) + r"\x80-\U0010ffff]"


def _first_words(names) -> tuple[str, ...] | None:
    """The first words (up to a space) of the names, none the start of another; None when one
    is not ASCII, as re's case folding then reaches beyond ASCII's lower and upper case."""
    words = sorted({name.split(" ", 1)[0] for name in names})
    if not all(word.isascii() and word for word in words):
        return None
    return tuple(w for w in words if not any(w.startswith(o) and w != o for o in words))


def _occurs(norm: str, pattern: re.Pattern[str], words: tuple[str, ...]) -> bool:
    """Whether the case-insensitive pattern, whose names open with `words` (ASCII, lower
    case), matches in norm; it is tried only where one of the words starts, when _lowered
    can tell where."""
    low = _lowered(norm)
    if low is None:
        return pattern.search(norm) is not None
    for word in words:
        i = low.find(word)
        while i != -1:
            if pattern.match(norm, i):
                return True
            i = low.find(word, i + 1)
    return False


# Characters that re's IGNORECASE takes for an ASCII letter other than its own two cases.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin)


def _lowered(norm: str) -> str | None:
    """norm.lower(), if an ASCII word matches norm ignoring case (as re does) only where the
    word's lower case stands in it: at the same place (no character lowers to two), with no
    character that re takes for another ASCII letter. None otherwise."""
    low = norm.lower()
    if norm.isascii():
        return low
    if len(low) != len(norm) or any(c in norm for c in _FOLDS_TO_ASCII):
        return None
    return low


def _places(text: str, word: str, pos: int, endpos: int) -> list[int]:
    """Where the word starts in text[pos:endpos] (all of it inside)."""
    found = []
    i = text.find(word, pos, endpos)
    while i != -1:
        found.append(i)
        i = text.find(word, i + 1, endpos)
    return found


def _assert_later(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern that opens with the name boundary then one character or set, with the
    boundary moved after that character (so re can skip ahead); any other pattern as it is."""
    source = pattern.pattern
    if not source.startswith(_LEAD):
        return pattern
    first = re.match(r"\[[^\]\\\[]+\]|[A-Za-z0-9]", source[len(_LEAD) :])
    if first is None:
        return pattern
    rest = source[len(_LEAD) + first.end() :]
    return re.compile(first.group() + _LEAD_LATER + rest, pattern.flags)


def _drop(old: Matcher, new: Matcher, forms: set[str], actors: set[str]) -> Drop | None:
    """The forms that may only lose their hits: names gone from `new` (in any case) that were
    firm names in `old` of actors whose names and countries stay (not in `actors`) and who
    have no short name (whose choice hangs on where the actor was named last), sharing no word
    with a title. None when there are none."""
    gone = [name for name in forms if name in old._table and name not in new._table]
    if not gone:
        return None
    with_shorts = {
        c.actor_id
        for matcher in (old, new)
        for candidates in matcher._table.values()
        for c in candidates
        if c.how == schema.HOW_SHORT
    }
    firm = (schema.HOW_NAME, schema.HOW_ALIAS, schema.HOW_DEMONYM)
    # A bare title that a dropped hit overlapped could become a hit: both are whole words, so
    # the name would share a word with the title.
    title_words = {
        word
        for matcher in (old, new)
        for title in (matcher._book.titles if matcher._book is not None else ())
        for word in _WORD.findall(title.lower())
    }
    names = frozenset(
        name
        for name in gone
        if name.lower() not in old._ci_table
        and name.lower() not in new._ci_table
        and all(
            c.how in firm and c.actor_id not in actors and c.actor_id not in with_shorts
            for c in old._table[name]
        )
        and not title_words & set(_WORD.findall(name.lower()))
    )
    if not names:
        return None
    losing = {c.actor_id for name in names for c in old._table[name]}
    countries = {new._country_of[a] for a in losing if a in new._country_of}
    watched = losing | {a for a, c in new._country_of.items() if c in countries}
    # A name that matches from inside a dropped hit reads the rest of it from one of its words
    # on: it starts with that rest, or the rest starts with it. (Any-case names are all tried:
    # re's case folding reaches beyond lower and upper case.)
    rests = {name[i:] for name in names for i in range(len(name)) if not _INSIDE.match(name, i)}
    inside = [new._ci_pattern] if new._ci_pattern is not None else []
    if overlapping := [n for n in new._table if any(_overlap(n, rest) for rest in rests)]:
        inside.append(_name_pattern(overlapping))
    return Drop(names, frozenset(losing), frozenset(watched), tuple(inside))


def _overlap(name: str, rest: str) -> bool:
    return name.startswith(rest) or rest.startswith(name)


def _spaced(name: str) -> str:
    return " ".join(name.split())


def _changed_names(old: dict[str, list[Candidate]], new: dict[str, list[Candidate]]) -> set[str]:
    """Names whose candidates differ, and names whose hit hangs on the order of the registry's
    rows (two firm candidates, or two roles): the old order is not known for sure."""
    return {
        name
        for name in old.keys() | new.keys()
        if old.get(name) != new.get(name) or _order_counts(old.get(name, []))
    }


def _order_counts(candidates: list[Candidate]) -> bool:
    if len(candidates) < 2:  # most names
        return False
    roles = sum(c.how == schema.HOW_ROLE for c in candidates)
    firm = sum(c.how not in (schema.HOW_ROLE, schema.HOW_SHORT) for c in candidates)
    return roles > 1 or firm > 1


def _changed_role_names(old: Matcher, new: Matcher) -> set[str]:
    """The names of roles whose holders or country differ (every alias, and the title), and
    titles whose roles differ."""
    old_book, new_book = old._book, new._book
    role_ids = _role_ids(old_book) | _role_ids(new_book)
    changed = {r for r in role_ids if _role_state(old_book, r) != _role_state(new_book, r)}
    names = {
        name
        for table in ((old._table, new._table) if changed else ())
        for name, candidates in table.items()
        if any(c.how == schema.HOW_ROLE and c.actor_id in changed for c in candidates)
    }
    old_titles = old_book.titles if old_book is not None else {}
    new_titles = new_book.titles if new_book is not None else {}
    for title in old_titles.keys() | new_titles.keys():
        roles_of = set(old_titles.get(title, {}).values()) | set(new_titles.get(title, {}).values())
        if old_titles.get(title) != new_titles.get(title) or roles_of & changed:
            names.add(title)
    return names


def _role_ids(book) -> set[str]:
    return set(book.terms) if book is not None else set()


def _role_state(book, role_id: str) -> tuple:
    if book is None:
        return (None, None)
    return (book.terms.get(role_id), book.country.get(role_id))


def _choose(entry: _Entry, last_seen: dict[str, int]) -> Candidate | None:
    """A firm name wins; an ambiguous short name goes to the actor named last, if any (roles,
    resolved by the caller, are not chosen here)."""
    if entry.firm is not None:
        return entry.firm
    seen = [c for c in entry.shorts if c.actor_id in last_seen]
    if not seen:
        return None
    return max(seen, key=lambda c: last_seen[c.actor_id])


@cache  # every matcher needs the variants of every name: an edit changes a few
def _variants(form: str) -> frozenset[str]:
    return frozenset(spelling_variants(normalise(form)))


def spelling_variants(form: str) -> set[str]:
    """The form with each space or hyphen between words written either way
    ("Kim Jong Un" -> "Kim Jong-Un", "Kim Jong-un", ...)."""
    words = re.split(r"[ -]+", form.strip())
    if len(words) == 1 or len(words) > 5:
        return {_spaced(form)}
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
    return _trie_to_regex(_trie(words))


def _trie(words) -> dict:
    """The words as nested dicts, a character a level; "" marks where a word ends."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True
    return trie


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
