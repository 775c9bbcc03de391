"""One name per entity within an article (surnames, acronyms, capitals); across articles,
analysis.found.ids.

Within an article a later "Haddad" is the "Fernando Haddad" the article names in full, and
"BJP" is the "Bharatiya Janata Party (BJP)" it spelled out; a surname two of its people share
("Baker" of James and Howard Baker) is left unresolved and marked ambiguous.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from analysis.found import lexicon as lx
from analysis.found.evidence import screen
from analysis.found.kinds import is_acronym, strength

_SHAPE = strength("name-like")


@dataclass(slots=True)
class Guess:
    """One piece as guessed, before resolution: mutable while the article is resolved."""

    start: int
    end: int
    name: str
    kind: str
    reason: str
    ambiguous: bool = False
    text: str = ""  # the article, for the "(BJP)" after a name

    @property
    def after(self) -> str:
        return self.text[self.end : self.end + 14]


def resolve(guesses: list[Guess]) -> None:
    """Rename surnames and acronyms to the full names, then give each name one kind."""
    _legal_forms(guesses)
    _products(guesses)
    _acronyms(guesses)
    screen(guesses)
    _surnames(guesses)
    _firsts(guesses)
    _cases(guesses)
    _one_kind(guesses)


_AND = ("and", "&")
_PERSONAL = ("speech", "appositive")


def _legal_forms(guesses: list[Guess]) -> None:
    """A company is named without its legal form: "Standard Oil Co" and "Standard Oil" are one."""
    for g in guesses:
        if g.kind == lx.ORGANIZATION and " " in g.name:
            words = g.name.split()
            while len(words) > 1 and (words[-1] in lx.LEGAL_FORMS or words[-1] in _AND):
                words.pop()  # "Merrill Lynch and Co" is "Merrill Lynch"
            g.name = " ".join(words)


# What follows a product's or a term's acronym: a model's number ("OS/2", "FTS 2000") or a
# noun of things ("AC electricity", "the INF treaty", "VAX computers"); a body's acronym is
# followed by a body's nouns ("IRA ceasefire", "TNT officials"), which say nothing here.
_MODEL = re.compile(r"(?:/\d|-\d|[ \t]\d{3,}\b)")
_NOUN_AFTER = re.compile(r"[ \t\n]+([a-z]+)\b")
_THINGS = frozenset(
    "technology technologies electricity current treaty computer computers software chip chips "
    "system systems program programme engine engines aircraft jet jets fighter fighters missile "
    "missiles drug drugs vaccine tablets machine machines terminal terminals model models format "
    "virus molecule molecules gene genes protein".split()
)


def _products(guesses: list[Guess]) -> None:
    """An acronym the finder guessed from its shape alone, that every mention in the article
    uses as a product's or a term's name, is no entity."""
    uses: dict[str, list[bool]] = defaultdict(list)
    for g in guesses:
        if g.reason == "acronym":
            uses[g.name].append(_product_use(g))
    dropped = {name for name, got in uses.items() if all(got)}
    for g in guesses:
        if g.reason == "acronym" and g.name in dropped:
            g.kind = ""


def _product_use(g: Guess) -> bool:
    after = g.text[g.end : g.end + 24]
    if _MODEL.match(after):
        return True
    m = _NOUN_AFTER.match(after)
    return m is not None and m.group(1) in _THINGS


_DEFINED = re.compile(r">?[ \t\n]*\(([A-Z][A-Za-z.&]{1,9})\)")


def _acronyms(guesses: list[Guess]) -> None:
    """'Bharatiya Janata Party (BJP)': the acronym is a short name of the full one."""
    full: dict[str, Guess] = {}
    for g in guesses:
        if "(" not in g.text[g.end : g.end + 4]:
            continue
        m = _DEFINED.match(g.after)
        acronym = m.group(1) if m is not None else ""
        if len(g.name.split()) > 1 and is_acronym(acronym) and acronym[0] == g.name[0]:
            full.setdefault(acronym.replace(".", ""), g)
    for g in guesses:
        target = full.get(g.name.replace(".", ""))
        if target is not None and target is not g:
            if target.kind == lx.PERSON and strength(target.reason) <= strength("name-like"):
                # A name given an acronym is a body's: persons rarely have one.
                target.kind, target.reason = lx.ORGANIZATION, f"spelled out as {g.name}"
            g.name, g.kind = target.name, target.kind
            g.reason = f"acronym of {target.name}"


def _surnames(guesses: list[Guess]) -> None:
    """A name that is the tail of one person's full name in the article is that person."""
    # Only names known to be people lend their surnames: not a guess from the shape of the
    # words alone ("Pirelli Cables", "OSCE CHECHNYA" in a headline).
    people = {
        g.name
        for g in guesses
        if g.kind == lx.PERSON and " " in g.name and strength(g.reason) > _SHAPE
    }
    # ... but a name of that shape does when the surname alone is said to speak ("Semyon
    # Sharetsky, ..." then "Sharetsky said"): the two cues together make a person.
    # ("Apolonio Ruiz Ligero, ..." then "Ruiz Ligero said": a tail of several words too)
    speakers = {g.name for g in guesses if g.reason.startswith(_PERSONAL)}
    shaped = {
        g.name
        for g in guesses
        if g.kind == lx.PERSON and " " in g.name and g.reason == "name-like"
        and any(" ".join(g.name.split()[i:]) in speakers for i in range(1, len(g.name.split())))
    }  # fmt: skip
    people |= shaped
    by_tail: dict[str, set[str]] = defaultdict(set)
    for name in people:
        words = name.split()
        for i in range(1, len(words)):
            if words[i] not in lx.PARTICLES:
                by_tail[" ".join(words[i:])].add(name)
        for word in words[1:-1]:  # "Lula" of "Luiz Inacio Lula da Silva"
            if word not in lx.PARTICLES and word[:1].isupper():
                by_tail[word].add(name)
        if len(words) == 2 and words[0] not in lx.listed_given_names():
            by_tail[words[0]].add(name)  # a family name first: "Wang" of "Wang Jun"
    for g in guesses:
        if g.name in people and not by_tail.get(g.name):
            continue
        owners = by_tail.get(g.name)
        if not owners or g.reason == "gazetteer" and g.kind not in (lx.PERSON, lx.PLACE):
            continue
        if g.kind == lx.ORGANIZATION and strength(g.reason) >= _BODY:
            continue  # "Boesky and Co" is Ivan Boesky's firm, not he
        if len(owners) == 1:
            (owner,) = owners
            g.name, g.kind, g.reason = owner, lx.PERSON, f"surname of {owner}"
        else:
            g.kind, g.ambiguous = lx.PERSON, True
            g.reason = "ambiguous surname of " + "; ".join(sorted(owners))


def _firsts(guesses: list[Guess]) -> None:
    """A company's first word alone is that company when the article names it in full with
    its suffix or head: "Ford" after "Ford Motor Co", "Merrill" after "Merrill Lynch and Co"."""
    bodies: dict[str, set[str]] = defaultdict(set)
    firms: dict[str, set[str]] = defaultdict(set)  # first word -> firms with a suffix
    modifiers: set[str] = set()  # English first words of bodies named by a head ("Federal")
    for g in guesses:
        if g.kind == lx.ORGANIZATION and " " in g.name and g.reason.startswith(_NAMED):
            words = g.name.split()
            if not g.reason.startswith("head"):
                firms[words[0]].add(g.name)
            if words[0][:1].isupper() and words[0] not in lx.TITLES:
                # and its first words: "Mark IV" after "Mark IV Industries Inc"
                for i in range(1, len(words)):
                    if words[i - 1] not in lx.JOINERS and words[i - 1] not in _AND:
                        bodies[" ".join(words[:i])].add(g.name)
                if g.reason.startswith("head") and words[0].lower() in lx.lower_words():
                    modifiers.add(words[0])
    if not bodies:
        return
    # "Texaco" after "Texaco Inc" is Texaco, though "Texaco Capital Inc" is named too.
    named = {g.name for g in guesses if g.kind == lx.ORGANIZATION and g.reason.startswith(_NAMED)}
    for g in guesses:
        if g.name in named:
            continue
        owners = bodies.get(g.name)
        if owners and g.name in modifiers and _modifies(g):
            g.kind = ""  # "a Federal tax" after "the Federal Government": a word, no body
            continue
        # A person-shaped name of several words is the firm's too ("Louis Dreyfus" after
        # "Louis Dreyfus Corp"), but not one a title names.
        most = _FIRST if " " in g.name else _FIRST - 1
        if owners and len(owners) == 1 and (strength(g.reason) <= most or _firmish(g)):
            (owner,) = owners
            g.name, g.kind, g.reason = owner, lx.ORGANIZATION, f"short name of {owner}"
        elif g.kind == lx.PLACE and len(firms.get(g.name, ())) == 1 and not _located(g):
            # "Burlington" after "Burlington Industries Inc", "Avon said" after "Avon Products
            # Inc": a town's name is the firm's, but not "in Burlington" nor "Houston, Texas"
            (owner,) = firms[g.name]
            g.name, g.kind, g.reason = owner, lx.ORGANIZATION, f"short name of {owner}"


_NOUN_NEXT = re.compile(r"[ \t\n]+([a-z]+)")
_VERBS = frozenset("is was has had have will would could may might also".split())


def _modifies(g: Guess) -> bool:
    """Whether a word stands before a noun, as an adjective does ("Federal tax"), not before
    a verb as a name does ("National said")."""
    m = _NOUN_NEXT.match(g.text, g.end)
    return m is not None and m.group(1) not in lx.SPEECH_VERBS and m.group(1) not in _VERBS


# What a person's name before it makes a thing of: "the Reagan administration".
_THINGS_NAMED = frozenset(
    "administration government cabinet plan doctrine era years camp aides family scale mine "
    "field index award prize report round".split()
)


def _named_thing(g: Guess) -> bool:
    """Whether a name stands after an article or before a noun a name makes a thing of."""
    m = _NOUN_NEXT.match(g.text, g.end)
    if m is not None and m.group(1) in _THINGS_NAMED:
        return True
    return _ARTICLE_BEFORE.search(g.text, max(0, g.start - 9), g.start) is not None


def _shape_only(g: Guess) -> bool:
    return g.kind == lx.PERSON and g.reason in _SHAPE_ONLY and " " not in g.name


def _speaks(g: Guess) -> bool:
    """ "Silas said": a verb of speech after the name, which a given name's guess skips."""
    m = _NOUN_NEXT.match(g.text, g.end)
    return m is not None and m.group(1) in lx.SPEECH_VERBS


_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|another|this|that|its|their)[ \t\n]+\Z", re.IGNORECASE)


_PLACED = re.compile(r"(?:\b(?:in|at|near|from|to|into|outside|across)|,)[ \t\n]+$")


def _located(g: Guess) -> bool:
    """Whether the words around a place's name say it is a place: "in Houston", "Houston,
    Texas", "Dallas, Houston"."""
    before = g.text[max(0, g.start - 10) : g.start]
    if _PLACED.search(before) is not None:
        return True
    m = _STATE_AFTER.match(g.text, g.end)
    return m is not None and lx.known_kinds().get(m.group(1).rstrip(".")) in (lx.PLACE, lx.COUNTRY)


_STATE_AFTER = re.compile(r",[ \t\n]+([A-Z][A-Za-z.]+)")


_FIRST = strength("short name of")
# Reasons that name a body in full: a suffix, a head, newswire's angle brackets ("<Unidare
# Aluminium Ltd>", then "Unidare said").
_NAMED = ("suffix", "head", "angle brackets")
_BODY = strength("head")


def _cases(guesses: list[Guess]) -> None:
    """One spelling per name: the article's mixed-case one over a headline's capitals."""
    best: dict[str, str] = {}
    for g in guesses:
        key = g.name.lower()
        if key not in best or (best[key].isupper() and not g.name.isupper()):
            best[key] = g.name
    for g in guesses:
        g.name = best[g.name.lower()]


def _one_kind(guesses: list[Guess]) -> None:
    """All mentions of a name take the kind of its strongest reason in the article."""
    top: dict[str, Guess] = {}
    personal: set[str] = set()  # names some mention gives a person's cue other than speech
    for g in guesses:
        if g.ambiguous or not g.kind:
            continue
        if g.kind == lx.PERSON and not _speech_only(g.reason):
            personal.add(g.name)
        held = top.get(g.name)
        if held is None or _rank(g) > _rank(held):
            top[g.name] = g
    firms = any(_rank(g) == _LEGAL or g.reason == "angle brackets" for g in guesses)
    for name, g in top.items():
        # One word that only speaks ("Conrail said the prices"), in no list of names and
        # never with a title, a given name or "said he": more often a firm than a person.
        lone = name not in personal and _speech_only(g.reason) and _unnamed(name)
        if lone:
            g.kind, g.reason = lx.ORGANIZATION, _SPEAKS
        elif (
            g.reason == "name-like"
            and g.kind == lx.PERSON
            and firms
            and not _introduced(name, guesses)
        ):
            # Words of no list shaped like a name, in an article of firms, that nothing says is
            # a person: more often a firm ("Bateman Eichler", "Den Danske") or a place.
            g.kind, g.reason = lx.ORGANIZATION, "name-like (among firms)"
        elif g.reason == "surname list" and firms:
            # A surname alone, an article of firms ("Co", "Inc") never naming its person in
            # full nor by a title: a firm named after its founders ("Hutton", "Goldman,
            # Sachs"), or after "the" a place's ("the Hague", "the Sullivan mine").
            g.kind, g.reason = lx.ORGANIZATION, _SURNAME
    quiet = {name for name, g in top.items() if _shape_only(g)}
    if quiet:
        quiet -= {g.name for g in guesses if g.name in quiet and _speaks(g)}
    for g in guesses:
        if not g.ambiguous and g.name in top and top[g.name] is not g:
            g.kind = top[g.name].kind
            if _rank(g) <= _rank(top[g.name]):
                g.reason = top[g.name].reason
        if g.reason == _SURNAME and g.text[max(0, g.start - 4) : g.start] in ("the ", "The "):
            g.kind = ""  # not emitted
        elif g.name in quiet and (firms or _named_thing(g)):
            # One word a list of names holds, no title, no speech, no full name in the
            # article, among firms or before a noun: no one yet ("Lilly and Roche", "the
            # Richter scale", "the Reagan administration"); a report of a match keeps its
            # surnames ("Haddad and Lira met")
            g.kind = ""


def _rank(g: Guess) -> int:
    """A reason's strength; a legal form outweighs the gazetteer's town of the firm's name
    ("Edison" after "Consolidated Edison Co", "Gillette" after "Gillette Co")."""
    form = g.reason[7:] if g.reason.startswith("suffix ") else ""
    if g.kind == lx.ORGANIZATION and (form in lx.LEGAL_FORMS or form.rstrip(".") in lx.LEGAL_FORMS):
        return _LEGAL
    if g.reason == "angle brackets":
        return _LEGAL  # newswire's brackets hold a company: "<San Miguel Corp>"
    return strength(g.reason)


_LEGAL = strength("gazetteer") + 1


def _firmish(g: Guess) -> bool:
    """A guess the words around made a firm's ("Ashland said it" after "Ashland Oil Inc")."""
    return g.kind == lx.ORGANIZATION and g.reason.startswith("company")


_SHAPE_ONLY = ("given name", "surname list")
_SPEAKS = "speaks, no person cue"
_SURNAME = "a surname alone, no person cue"
_PRONOUN_ENDS = (" he", " she", " his", " her")


_BEFORE_WORD = re.compile(r"([a-z]+)[ \t\n]+$")


def _introduced(name: str, guesses: list[Guess]) -> bool:
    """Whether a mention of the name follows a person's noun or a verb of speech ("economists
    Persio Arida", "said Almy Hafild")."""
    for g in guesses:
        if g.name == name:
            m = _BEFORE_WORD.search(g.text, max(0, g.start - 20), g.start)
            word = m.group(1) if m is not None else ""
            if word in lx.SPEECH_VERBS or word in lx.PERSON_NOUNS or word[:-1] in lx.PERSON_NOUNS:
                return True
    return False


def _unnamed(name: str) -> bool:
    """One word no list of names has ("Conrail"), or words opening with an English one that
    is no given name ("First Chicago")."""
    first = name.split()[0]
    if " " not in name:
        return name not in lx.surnames() and name not in lx.given_names()
    return first.lower() in lx.lower_words() and first not in lx.given_names()


def _speech_only(reason: str) -> bool:
    return reason.startswith("speech") and not reason.endswith(_PRONOUN_ENDS)
