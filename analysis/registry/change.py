"""What differs between two matchers (Change, Drop), to match again only where it can matter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis import schema
from analysis.registry.candidates import HOW_BLOCK
from analysis.registry.patterns import (
    _FEW_WORDS,
    _INSIDE,
    _WORD,
    _first_words,
    _name_pattern,
    _occurs,
    _spaced,
)
from analysis.text import normalise

if TYPE_CHECKING:
    from analysis.registry.candidates import Candidate
    from analysis.registry.matcher import Matcher


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


def _changed_names(
    old: dict[str, list[Candidate]],
    new: dict[str, list[Candidate]],
    curated: set[str] | None = None,
) -> set[str]:
    """Names whose candidates differ, and names whose hit hangs on the order of the registry's
    rows (two firm candidates, or two roles): the old order is not known for sure. With
    `curated` (the registry's actors), only their candidates can be out of order: the
    gazetteer's come after them in the gazetteer's own order, which its digest pins."""
    return {
        name
        for name in old.keys() | new.keys()
        if old.get(name) != new.get(name) or _order_counts(old.get(name, []), curated)
    }


def _order_counts(candidates: list[Candidate], curated: set[str] | None = None) -> bool:
    if len(candidates) < 2:  # most names
        return False
    roles = sum(c.how == schema.HOW_ROLE for c in candidates)
    firm = sum(
        c.how not in (schema.HOW_ROLE, schema.HOW_SHORT, HOW_BLOCK)
        and (curated is None or c.actor_id in curated)
        for c in candidates
    )
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
