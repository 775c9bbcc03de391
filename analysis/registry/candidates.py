"""What each name stands for: the matcher's tables of candidates, from the registry and the
gazetteer under it (dated names, blockers)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from analysis import schema
from analysis.disk_cache import cached
from analysis.registry.gazetteer import Gazetteer, Span, valid_on
from analysis.registry.patterns import _spaced, _variants
from analysis.registry.table import split_list
from analysis.text import normalise

# Not a mention: a place that holds an actor's name ("New Mexico"), matched so that the longest
# name wins and then dropped.
HOW_BLOCK = "block"


@dataclass(frozen=True)
class Candidate:
    actor_id: str
    how: str
    spans: tuple[Span, ...] | None = None  # the days the name may match; None: every day


@dataclass(frozen=True)
class _Entry:
    """What a matched name stands for, worked out once per name rather than once per hit."""

    role: Candidate | None  # the first role, when every candidate is a role
    single_role: bool  # the name's only candidate is a role
    firm: Candidate | None  # the first candidate that is neither a short name nor a role
    shorts: tuple[Candidate, ...]  # the short-name candidates, in order
    dated: tuple[Candidate, ...] | None = None  # every candidate, when one has spans


def _entry(candidates: list[Candidate]) -> _Entry:
    roles = [c for c in candidates if c.how == schema.HOW_ROLE]
    others = [c for c in candidates if c.how not in (schema.HOW_ROLE, HOW_BLOCK)]
    firm = [c for c in others if c.how != schema.HOW_SHORT]
    dated = any(c.spans is not None for c in candidates)
    return _Entry(
        role=roles[0] if roles and not others else None,
        single_role=len(candidates) == 1 and bool(roles),
        firm=firm[0] if firm else None,
        shorts=tuple(c for c in others if c.how == schema.HOW_SHORT),
        dated=tuple(candidates) if dated else None,
    )


def on_day(entry: _Entry, day: dt.date | None) -> _Entry:
    """The entry with only the candidates whose names may match on `day`."""
    if entry.dated is None:
        return entry
    return _entry([c for c in entry.dated if valid_on(c.spans, day)])


def _enter(table: dict[str, list[Candidate]], key: str, candidate: Candidate) -> None:
    """An actor is a candidate once per name: the first `how` stays, the spans add up."""
    entries = table.setdefault(key, [])
    for i, c in enumerate(entries):
        if c.actor_id == candidate.actor_id:
            if c.spans is not None and c.how == candidate.how:
                spans = None if candidate.spans is None else c.spans + candidate.spans
                entries[i] = Candidate(c.actor_id, c.how, spans)
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


def tables(
    registry: pd.DataFrame, gazetteer: Gazetteer | None
) -> tuple[dict[str, list[Candidate]], dict[str, list[Candidate]]]:
    """(case-sensitive, case-insensitive) name -> candidates. The registry's rows come first
    (a name both claim goes to the registry's actor); a registry name of an actor the
    gazetteer dates takes the gazetteer's span of that name, or else the actor's. Then the
    gazetteer's actors the registry lacks, then the blockers."""
    table: dict[str, list[Candidate]] = {}
    ci_table: dict[str, list[Candidate]] = {}
    prepared = _prepared(gazetteer) if gazetteer is not None else None
    name_spans = prepared.name_spans if prepared is not None else {}
    actor_spans = gazetteer.spans if gazetteer is not None else {}

    def spans(actor_id: str, form: str) -> tuple[Span, ...] | None:
        found = name_spans.get((actor_id, form)) or actor_spans.get(actor_id)
        return None if found is None or all(s == (None, None) for s in found) else found

    for row in schema.records(registry):
        aid = row["actor_id"]
        forms = [(row["name"], schema.HOW_NAME, row["name"])]
        forms += [(a, schema.HOW_ALIAS, a) for a in split_list(row["aliases"])]
        forms += [(s, schema.HOW_SHORT, s) for s in split_list(row["short_names"])]
        for demonym in split_list(row["demonyms"]):
            forms += [(demonym, schema.HOW_DEMONYM, demonym)]
            forms += [(demonym + "s", schema.HOW_DEMONYM, demonym)]
        for form, how, base in forms:
            candidate = Candidate(aid, how, spans(aid, base))
            for variant in _variants(form):
                _enter(table, variant, candidate)
        for form in split_list(row.get("ci_aliases")):
            candidate = Candidate(aid, schema.HOW_ALIAS, spans(aid, form))
            for variant in _variants(form):
                _enter(ci_table, variant.lower(), candidate)
    if gazetteer is None:
        return table, ci_table
    # Every actor's gazetteer names count too, the registry's own actors' included (a registry
    # row that lacks "New Delhi" keeps it): after the registry's, so a name the registry gives
    # another actor stays that actor's, and one it gives the same actor keeps its `how`.
    registry_keys = set(table)
    for variant, candidate in prepared.entries:
        _enter(table, variant, candidate)
    # Blockers: places holding a gazetteer name (worked out once), or a registry name.
    chosen = set(prepared.blocking)
    for key in registry_keys:
        chosen.update(prepared.holding.get(key, ()))
    places = prepared.places
    for i in sorted(chosen):
        key, spans = places[i]
        if key in table and any(c.how != HOW_BLOCK for c in table[key]):
            continue  # a place named like an actor yields to the actor
        # "British Columbian(s)" as well as "British Columbia": not British.
        for form in (key, key + "n", key + "ns") if key.endswith("a") else (key,):
            _enter(table, form, Candidate("", HOW_BLOCK, spans))
    return table, ci_table


# An acronym newsrooms also write in title case ("OPEC" as "Opec", "NATO" as "Nato"): four
# letters or more, and not an English word then ("AIDS", "CARE" stay as they are).
_TITLED_ACRONYM = re.compile(r"[A-Z]{4,8}")


def _a_word(acronym: str) -> bool:
    from analysis.found.lexicon import lower_words  # the English word list the finder ships

    return acronym.lower() in lower_words()


@dataclass(frozen=True)
class _Prepared:
    """What every matcher takes from one gazetteer, worked out once per process."""

    entries: tuple[tuple[str, Candidate], ...]  # (spelling, candidate) of its names, in order
    name_spans: dict[tuple[str, str], tuple[Span, ...]]  # (actor_id, name) -> spans
    places: tuple[tuple[str, tuple[Span, ...] | None], ...]  # (name, spans)
    blocking: frozenset[int]  # the places holding one of its names
    holding: dict[str, tuple[int, ...]]  # a run of words -> the places it lies inside
    not_given: frozenset[str]  # see not_given_names


_PREPARED: dict[str, _Prepared] = {}


def not_given_names(gazetteer: Gazetteer) -> frozenset[str]:
    """The one-word names of the gazetteer's actors other than people ("Soviet", "NATO"): a
    person's name after one of them is no other person's ("Soviet Gorbachev")."""
    return _prepared(gazetteer).not_given


def _prepared(gazetteer: Gazetteer) -> _Prepared:
    found = _PREPARED.get(gazetteer.digest)
    if found is None:
        # Kept on disk too (analysis.disk_cache): the gazetteer's digest is of its files' bytes.
        make = lambda: _prepare(gazetteer)  # noqa: E731
        found = _PREPARED[gazetteer.digest] = cached("prepared", gazetteer.digest.encode(), make)
    return found


def _prepare(gazetteer: Gazetteer) -> _Prepared:
    # Only people's names are spelt with a hyphen for a space ("Kim Jong-un"): other names as
    # they are, which keeps the table to a few spellings a name. A name opening in lower case
    # ("de Gaulle", "el-Sisi") is left out: one opening on a capital comes with it, and a
    # lower-case start would have the scan try every lower-case word of a text.
    people = set(gazetteer.actors.loc[gazetteer.actors["kind"] == "person", "actor_id"].tolist())
    entries, name_spans = [], {}
    for aid, name, how, span in gazetteer.names:
        name_spans[(aid, name)] = (*name_spans.get((aid, name), ()), span)
        if not name[:1].isupper():
            continue
        candidate = Candidate(aid, how, None if span == (None, None) else (span,))
        forms = (name, name + "s") if how == schema.HOW_DEMONYM else (name,)
        if aid not in people and _TITLED_ACRONYM.fullmatch(name) and not _a_word(name):
            forms += (name.capitalize(),)  # "Opec", "Nato": British newsrooms' style
        for form in forms:
            for variant in _variants(form) if aid in people else (_spaced(normalise(form)),):
                entries.append((variant, candidate))
    names = {variant for variant, _ in entries}
    places, blocking, holding = [], set(), {}
    for i, (key, span, pieces) in enumerate(gazetteer.places):
        places.append((key, None if span == (None, None) else (span,)))
        for piece in pieces:
            holding.setdefault(piece, []).append(i)
            if piece in names:
                blocking.add(i)
    return _Prepared(
        tuple(entries),
        name_spans,
        tuple(places),
        frozenset(blocking),
        {k: tuple(v) for k, v in holding.items()},
        frozenset(
            name for aid, name, _, _ in gazetteer.names if aid not in people and " " not in name
        ),
    )


# What a ticker looks like between angle brackets ("<ROK>"): no name.
_TICKER = re.compile(r"[A-Z0-9.&]{1,8}")
# An institution's words before a country's or a person's name, joined by "of" or "de"
# ("Credit Commercial de France", "Royal Bank of Canada", "Industrial Bank of Japan"): the
# whole is the institution, not that actor. Capitalised words only, so "a bank in France" stays.
INSTITUTION_BEFORE = re.compile(
    r"\b(?:Bank|Banque|Banco|Banca|Credit|Cr\u00e9dit|Caisse|Soci\u00e9t\u00e9|Societe|Compagnie|"
    r"Company|Corporation|Corp|Trust|Fund|Insurance|Assurance|Airlines|Airways|University|"
    r"Universit\u00e9|College|Institute|Museum|Foundation|Co|Club|Chamber|Association|Exchange|"
    r"Federation|Society)"
    r"(?:[ \t\n]+[A-Z][\w'&.-]*)*[ \t\n]+(?:of(?:[ \t\n]+the)?|de|du|des|do|da|di|del)[ \t\n]+\Z"
)
# A word after a person's or a country's name that makes the whole an institution named after
# them ("Queen Elizabeth College", "Reagan Airport", "Japan Airlines"): not that actor.
INSTITUTION = re.compile(
    r"[ \t]+(?:College|University|School|Institute|Hospital|Airport|Airlines|Airways|"
    r"Foundation|Prize|Award|Memorial|Museum|Library|Stadium|Street|Avenue|Boulevard|Bridge|"
    r"Center|Centre|Express|Corp|Corporation|Inc|Ltd|Co|Plc|Fund|Trust|Motors|Steel|"
    r"Cup|Open|Award|Medal|Doctrine|Theatre|Theater|Hall|Square|Park)(?![\w-])"
)
# A body named after a place, with capitalised words between ("Tokyo Stock Exchange", "Japan
# Chamber of Commerce", "Japan Development Bank"): the body, not the place. Heads of a
# government's own bodies ("Japan Finance Ministry") are the country's, so are not here.
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # words of one name: spaces or a wrapped line apart
INSTITUTION_AFTER = re.compile(
    rf"(?:{_GAP}[A-Z][\w&'-]*){{0,3}}?{_GAP}(?:Exchange|Chamber|Club|Association|Federation|"
    r"Society|Bank|Institute|Council|Foundation|Corp|Co|Inc|Ltd|Plc|Group|Mines|Mining|"
    r"Industries|Holdings|Airlines|Airways|Railways|Insurance|Network)(?![\w-])"
)
# The capitalised words of the same run just before a name ("the Industrial Bank of Japan"
# holds "Bank of Japan", "Long Term Credit Bank of Japan"): the longer name may be another body.
WORDS_BEFORE = re.compile(r"(?<![\w.'&-])((?:[A-Z][\w.&'-]*[ \t]+)*)([A-Z][a-z]+)[ \t]+\Z")


_STATE_BANK = re.compile(r"\b(?:Central|National|Reserve|State)[ \t]+Bank\Z")
_LEGAL_BEFORE = re.compile(r"\b(?:Inc|Corp|Co|Ltd|Plc|PLC|AG|SA|NV|BV)\.?[ \t]+\Z")
_WORD_BEFORE = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+|[A-Z]{2,4})[ \t]+\Z")
_LINE_WORD_BEFORE = re.compile(r"(?:\A|\n)[ \t]*([A-Z][a-z]+)[ \t]+\Z")  # "Texaco Canada said"


# One capitalised word and a possessive after a country's name: "Bermuda Star's shares".
OWNED_AFTER = re.compile(r"[ \t]([A-Z][a-z]+)(?:'s|\u2019s)\b")


def own_firm_word(word: str) -> bool:
    """A word a firm's name may end in, no body of the state ("Hong Kong Government's")."""
    from analysis.found import lexicon as lx

    return word not in lx.ORG_HEADS and word not in lx.TITLES and word not in lx.known_kinds()


# A legal form ending the words after a country's initials: a firm's name ("U.S. Home Corp").
LEGAL_END = re.compile(r"\b(?:Corp|Co|Inc|Ltd|Plc)\Z")


def firm_before(norm: str, start: int) -> bool:
    """Whether a firm's words stand just before a country's name, which is then a unit's:
    a legal form ("Sunbeam Corp Ltd Australia"), or mid-sentence a word of a firm's own, no
    English word, known name nor title ("Amoco Canada plans", "BP Singapore Pte")."""
    from analysis.found import lexicon as lx
    from analysis.found.words import own_word

    if _LEGAL_BEFORE.search(norm, max(0, start - 8), start):
        return True
    m = _WORD_BEFORE.search(norm, max(0, start - 20), start)
    if m is None:
        # opening a paragraph, only a word of no list of names or words ("Texaco Canada")
        m = _LINE_WORD_BEFORE.search(norm, max(0, start - 24), start)
        if m is None or m.group(1) in lx.STOP or not own_word(m.group(1)):
            return False
    word = m.group(1)
    if word in lx.STOP or word in lx.given_names() or word in lx.surnames():
        return False  # "the February Paris accord", "on Sunday Iran had", "Shultz China's"
    if word.isupper():
        return word not in known_kinds() and not _a_word(word)
    return own_word(word)


def _mid_sentence(norm: str, at: int) -> bool:
    """Whether a lower-case word or a comma stands just before `at`."""
    before = norm[max(0, at - 3) : at].rstrip(" \t")
    return bool(before) and (before[-1].islower() or before[-1] in ",;")


def _proper_word(word: str) -> bool:
    """Whether a capitalised word mid-sentence is a name's own: an English word ("Industrial"),
    not a title, a place's, a demonym nor one always capitalised ("The", "Monday")."""
    from analysis.found import lexicon as lx
    from analysis.found.words import is_title

    return (
        word.lower() in lx.lower_words()
        and word not in lx.STOP
        and not is_title(word)
        and word not in known_kinds()
        and word not in lx.demonyms()
    )


def known_kinds() -> dict[str, str]:
    from analysis.found import lexicon as lx  # the finder's word lists, loaded when first asked

    return lx.known_kinds()
