"""Evidence a found name needs before it is emitted (README, 'Found entities').

A guess from the shape of its words alone is wrong most often where the words are a term, a
unit or a fragment: an acronym no one spells out ("LIFO", "WTS"), a currency or a unit after a
number ("4.31 billion Taka", "91 degrees Kelvin"), the first half of two places sharing a noun
("Central and South America"), a politician's label ("a Texas Democrat"), a term that an
appositive makes look like a speaker ("Special Drawing Rights, the spokesman said").
"""

from __future__ import annotations

import re

from analysis.found import lexicon as lx
from analysis.found.kinds import is_acronym, strength

# What follows a body's acronym: its possessive, its people, its speech ("the EC's", "SEC
# officials", "TWA said"), or a company's ticker; not a plural ("CD-ROM's will").
_BODY_AFTER = re.compile(
    r"(?:['\u2019]s\b(?![ \t\n]+(?:will|are|were|have|would|can|could|and|or|to)\b)(?![.,;])|"
    r"[ \t\n]+(?:said|says|officials?|spokes(?:man|woman)|chairman|president|"
    r"members?|board|management|shares|stock|unit|subsidiary|director|chief|staff)\b|"
    r"[ \t\n]*<)"
)
_NEXT_WORD = re.compile(r"[ \t\n]+([A-Za-z]+)")
_AMOUNT_BEFORE = re.compile(
    r"\d[\d,./]*[ \t\n]+(?:(?:mln|million|billion|bln|trillion|thousand|degrees|pct|"
    r"percent)[ \t\n]+)?$"
)
# Reasons that say no more than the shape of a word: a unit after a number outweighs them.
_SHAPE_ONLY = frozenset({"single word", "given name", "acronym", "surname list", "common word"})
_ELIDED = re.compile(r"[ \t\n]+(?:and|or|&)[ \t\n]+[A-Z][\w.'-]*((?:[ \t][A-Z][\w.'-]*)+)")
# A party's member after a place: a label of a politician, no entity ("a Texas Democrat").
_PARTISANS = frozenset(
    "Democrat Democrats Republican Republicans Conservative Conservatives Liberal Liberals "
    "Socialist Socialists Communist Communists".split()
)
_CONTENT_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "on", "in"})


def screen(guesses: list) -> None:
    """Drop (kind "") what has no evidence; rename acronyms spelled out without brackets."""
    _initials(guesses)
    _partners(guesses)
    _trim_leads(guesses)
    _listed(guesses)
    kept = {g.name for g in guesses if g.kind and g.reason not in ("acronym", "single word")}
    cued = {
        g.name
        for i, g in enumerate(guesses)
        if g.reason == "acronym" and (_cued(g) or _beside_body(guesses, i))
    }
    ends = {g.end for g in guesses if g.kind}
    for g in guesses:
        if not g.kind:
            continue
        if g.reason == "acronym" and g.name not in kept and g.name not in cued:
            g.kind = ""  # "the LIFO method", "WTS gained": no one said what it names
        elif g.reason in _SHAPE_ONLY and " " not in g.name and _after_amount(g):
            g.kind = ""  # "4.31 billion Taka", "91 degrees Kelvin"
        elif g.reason in _SHAPE_ONLY and _CODE_AFTER.match(g.text, g.end):
            g.kind = ""  # "XZAP 1151", "SMR 20": a code or a grade and its number
        elif " " not in g.name and g.reason in _WEAK_PLACE and _elided(g):
            g.kind = ""  # "Central" of "Central and South America"
        elif g.kind == lx.ORGANIZATION and _cut_tail(g, ends):
            g.kind = ""  # "Analysis and [Technology Inc]", "Sun [Chemical Corp]": a firm cut
        elif g.reason == "place word City" and _common_lead(g.name):
            g.kind, g.reason = lx.ORGANIZATION, "name-like (English words and City)"  # a bank
        elif _partisan(g.name):
            g.kind = ""
        elif g.kind == lx.PERSON and g.name.split()[-1].replace(".", "") in _FORMS:
            g.kind, g.reason = lx.ORGANIZATION, f"suffix {g.name.split()[-1]}"  # "Volkswagen A.G."
        elif g.kind == lx.PERSON and lx.known_kinds().get(g.name.split()[-1]) == lx.COUNTRY:
            g.kind, g.reason = lx.ORGANIZATION, "a firm's unit in a country"  # "Texaco Canada"
        elif g.kind == lx.PERSON and g.reason.startswith(_CUED) and _common_words(g.name):
            g.kind = ""  # "Special Drawing Rights, the spokesman said"


_CUED = ("appositive", "speech")
_CODE_AFTER = re.compile(r"[ \t]\d+\b(?![.,/]\d)(?![ \t]*(?:pct|percent|mln|billion|%))")
_FORMS = frozenset(w.replace(".", "") for w in lx.LEGAL_FORMS)
_SPEECH = strength("speech")
_HEAD = strength("head")
_WEAK_PLACE = frozenset({"gazetteer", "common place", "single word", "surname list"})


def _initials(guesses: list) -> None:
    """'The Commodity Credit Corporation, CCC,': an acronym of a body the article names is a
    short name of it, brackets or not."""
    bodies: dict[str, str] = {}
    for g in guesses:
        if g.kind == lx.ORGANIZATION and " " in g.name and not g.reason.startswith("acronym"):
            words = [w for w in g.name.split() if w not in _CONTENT_SKIP]
            key = "".join(w[0] for w in words if w[:1].isupper())
            if len(key) >= 2 and len(key) == len(words):
                bodies.setdefault(key, g.name)
    if not bodies:
        return
    for g in guesses:
        shaped = g.reason == "acronym" or (is_acronym(g.name) and strength(g.reason) <= _SPEECH)
        if shaped and g.kind and g.name.replace(".", "") in bodies:
            g.name = bodies[g.name.replace(".", "")]
            g.kind, g.reason = lx.ORGANIZATION, f"acronym of {g.name}"


def _cued(g) -> bool:
    """A body's cue around an acronym: "the EC's", "SEC officials", "BJP leader", "NASA
    launched", "cleared by the CADE"; not a market's verbs ("the DJIA rose")."""
    if _BODY_AFTER.match(g.text, g.end) or _AGENT.search(g.text, max(0, g.start - 8), g.start):
        return True
    m = _NEXT_WORD.match(g.text, g.end)
    if m is None:
        return False
    word = m.group(1)
    if word in lx.TITLES or word in _HEADS_OF or word in _ACTS:
        return True
    return word.endswith("ed") and word.islower() and word not in _MARKET_VERBS


_HEADS_OF = frozenset(
    "leader leaders chairman president spokesman spokeswoman official officials chief head "
    "secretary director minister governor executive executives".split()
)
_AGENT = re.compile(r"\bby[ \t\n]+the[ \t\n]+$")
_ACTS = frozenset("has had is was will would plans agreed says said bought sold".split())
_MARKET_VERBS = frozenset(
    "rose fell gained dropped declined climbed increased decreased eased firmed jumped "
    "slipped edged advanced surged plunged rallied closed opened ended traded averaged "
    "totalled totaled reached stood".split()
)
_COORDINATED = re.compile(r"[ \t\n]*(?:,|and|or|&)[ \t\n]*$")


def _beside_body(guesses: list, i: int) -> bool:
    """An acronym listed beside a firm named by its suffix or head: "IBM and Apple Inc"."""
    g = guesses[i]
    for j in (i - 1, i + 1):
        if 0 <= j < len(guesses):
            o = guesses[j]
            between = g.text[o.end : g.start] if j < i else g.text[g.end : o.start]
            strong = o.kind == lx.ORGANIZATION and strength(o.reason) >= _HEAD
            if strong and _COORDINATED.match(between) and len(between) < 8:
                return True
    return False


def _after_amount(g) -> bool:
    return _AMOUNT_BEFORE.search(g.text, max(0, g.start - 30), g.start) is not None


def _elided(g) -> bool:
    """Whether the name and the words after the next name's first word make a known name:
    "Central" and "South America" make "Central America"."""
    m = _ELIDED.match(g.text, g.end)
    if m is None:
        return False
    rest = " ".join(m.group(1).split())
    return f"{g.name} {rest}" in lx.known_kinds()


def _partisan(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1] in _PARTISANS and " ".join(words[:-1]) in lx.known_kinds()


def _common_words(name: str) -> bool:
    """Words all English and in no list of names: a term, not a speaker."""
    words = [w for w in name.split() if w not in _CONTENT_SKIP]
    return len(words) > 1 and all(
        w.lower() in lx.lower_words() and w not in lx.surnames() and w not in lx.given_names()
        for w in words
    )


# A capitalised word just before a name, alone or with "and" ("Analysis and", "Sun"): the
# name's own first words, cut off by a sentence's start or a stop word.
_WORD_BEFORE = re.compile(r"(?<![\w.'&-])([A-Z][\w'-]*)[ \t]+(?:(?:and|&)[ \t]+)?\Z")


def _cut_tail(g, ends: set[int]) -> bool:
    """Whether a firm's name opening with an English word is the tail of a longer name: a
    capitalised word stands before it that is no entity of its own, no country's name and no
    sentence's stop word ("The", "In")."""
    first = g.name.split()[0]
    if first.lower() not in lx.lower_words() or first in lx.surnames():
        return False
    m = _WORD_BEFORE.search(g.text, max(0, g.start - 30), g.start)
    if m is None:
        return False
    word = m.group(1)
    if word.endswith(("'s", "'")):
        return False  # "Brazil's Finance Ministry": a possessive ends the name before
    if m.end(1) in ends or word.upper() in ("THE", "A", "AN") or word in lx.TITLES:
        return False
    if word in lx.STOP and word not in _STOP_NAMES:
        return False
    return lx.known_kinds().get(word) != lx.COUNTRY and word not in lx.demonyms()


_STOP_NAMES = frozenset({"Sun", "Sat", "Mon", "Wed"})  # days' abbreviations, firms' first words


_AGENT_ENDS = ("er", "ing", "ist", "or", "ant")  # "Lawyer", "Planning", "Economist"


def _trim_leads(guesses: list) -> None:
    """ "Lawyer David Steel", "EPA Administrator Lee Thomas": English words (or a body's
    acronym) before a given name are a title's or a field's, not the person's."""
    for g in guesses:
        words = g.name.split()
        if len(words) < 3 or g.text[g.start : g.start + len(words[0])] != words[0]:
            continue
        k = next((i for i, w in enumerate(words[1:-1], 1) if w in lx.given_names()), 0)
        leads = words[:k]
        if not k or not all(map(_lead_word, leads)):
            continue
        agent = len(words) == 3 and words[0].endswith(_AGENT_ENDS)
        if g.kind == lx.PERSON or (agent and words[2] not in lx.LEGAL_FORMS):
            g.start += g.text.index(words[k], g.start) - g.start
            g.name = " ".join(words[k:])
            if g.kind != lx.PERSON:
                g.kind, g.reason = lx.PERSON, f"first name {words[k]}"


def _lead_word(word: str) -> bool:
    common = word.lower() in lx.lower_words() and word not in lx.given_names()
    return common or is_acronym(word) or word in lx.TITLES


def _listed(guesses: list) -> None:
    """A word of no list beside places in a list is a place ("Guangxi and Yunnan"); a name
    beside a grade of crude is a grade ("Wyoming Southwest Sweet, Colorado Western")."""
    for i, g in enumerate(guesses):
        if g.reason not in ("single word", "name-like"):
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(guesses):
                continue
            o = guesses[j]
            between = g.text[o.end : g.start] if j < i else g.text[g.end : o.start]
            if len(between) > 7 or _COORDINATED.match(between) is None:
                continue
            placed = o.kind in (lx.PLACE, lx.COUNTRY) and o.reason != _LISTED
            if placed and " " not in g.name and g.reason == "single word":
                g.kind, g.reason = lx.PLACE, _LISTED
                break
        if _GRADE_BESIDE.search(g.text, max(0, g.start - 40), g.start) or _GRADE_AFTER.match(
            g.text, g.end
        ):
            g.kind = ""


_LISTED = "listed with places"
_GRADES = "|".join(sorted(lx.GRADE_HEADS))
_GRADE_BESIDE = re.compile(rf"\b(?:{_GRADES})[ \t\n]*,[ \t\n]*(?:and[ \t\n]+)?\Z")
_GRADE_AFTER = re.compile(
    rf"[ \t\n]*,?[ \t\n]*(?:and|or)?[ \t\n]*(?:[A-Z][\w-]*[ \t]+)+(?:{_GRADES})\b"
)


_FIRM_AFTER = re.compile(
    r"(?:['\u2019]s\b|[ \t\n]+said[ \t\n]+it\b|[ \t\n]*<|"
    r"[ \t\n]+(?:unit|division|subsidiary|engines?|shares|stock)\b)"
)


_FOREIGN_AND = frozenset(f" {w} " for w in "ve und et och og en".split())


def _partners(guesses: list) -> None:
    """ "Pratt and Whitney said it": two lone names joined by "and", that a firm's cue follows
    and the article never names apart, are one firm; "Reagan and Baker met" stay two."""
    for a, b in zip(guesses, guesses[1:], strict=False):
        if not (a.kind and b.kind):
            continue
        if " " in a.name + b.name and a.text[a.end : b.start] not in _FOREIGN_AND:
            continue
        between = a.text[a.end : b.start]
        if between in _FOREIGN_AND:
            # "Yapi ve Kredi Bankasi", "Bilfinger und Berger": a firm's name in its language
            a.end, a.name = b.end, a.text[a.start : b.end]
            a.kind, a.reason, b.kind = lx.ORGANIZATION, "name joined by " + between.strip(), ""
            continue
        if between not in (" and ", " & ") or not _FIRM_AFTER.match(b.text, b.end):
            continue
        if strength(a.reason) > _SPEECH or is_acronym(a.name) or is_acronym(b.name):
            continue
        pair = a.text[a.start : b.end]
        if a.text.count(a.name) == a.text.count(b.name) == a.text.count(pair):
            a.end, a.name, a.kind, a.reason = b.end, pair, lx.ORGANIZATION, "partners' firm"
            b.kind = ""


def _common_lead(name: str) -> bool:
    """ "First City", "Capital City": English words before "City" name no town the gazetteer
    knows (it would have matched), more often a firm."""
    words = name.split()[:-1]
    return bool(words) and all(w.lower() in lx.lower_words() for w in words)
