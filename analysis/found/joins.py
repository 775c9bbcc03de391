"""Where one name goes on past the words that cut its run of capitals (analysis.found.runs):
over "and" ("Securities and Exchange Commission", "Kidder, Peabody and Co", "Standard and
Poor's"), a number ("Pier 1 Imports"), "of the" ("Fruit of the Loom"), a unit's place in
brackets ("KEB (Asia) Finance Ltd"), newswire's angle brackets; and where it does not
("House and Senate", "20 Islamic Banks"). The finder (analysis.found.finder) asks these of
each piece it guessed.
"""

from __future__ import annotations

import re

from analysis.found import lexicon as lx
from analysis.found.kinds import WEAK, is_acronym, strength
from analysis.found.lexicon import LEGAL_FORMS, ORGANIZATION, PLACE
from analysis.found.resolve import Guess
from analysis.found.words import own_word

GAZETTEER = ("gazetteer", "common place")

# A firm's unit: its place in brackets, a word or two of the firm's and a legal form after.
UNIT_AFTER = re.compile(
    r"[ \t]\((?:[A-Z][\w.'-]*[ \t]?){1,3}\)[ \t]+(?:[A-Z][a-z]+[ \t]+){0,2}"
    r"(Ltd|Inc|Corp|Co|Plc|PLC|AG|SA|NV|BV|Pte|Pty|Limited|GmbH|SpA|KK|AB)\b\.?"
)


# A plural head after a number or a word of quantity: bodies counted, not one named.
_COUNT_BEFORE = re.compile(
    r"(?:\b\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|several|many|some|"
    r"other|all|most|few|both))[ \t\n]+\Z",
    re.IGNORECASE,
)


def counted(text: str, start: int, words: tuple[str, ...]) -> bool:
    last = words[-1]
    plural = last[:-1] in lx.ORG_HEADS or last[:-3] + "y" in lx.ORG_HEADS
    return plural and _COUNT_BEFORE.search(text, max(0, start - 12), start) is not None


# A firm's name with a number in it, an English word after ("Pier 1 Imports Inc", "Group 4
# Securitas"): the run of capitals broke at the number.
_NUMBER_BEFORE = re.compile(r"(?<![\w.'-])([A-Z][a-z]+)[ \t\n](\d{1,4})[ \t\n]\Z")


def numbered(text: str, start: int, words: tuple[str, ...]) -> int | None:
    if words[0].lower() not in lx.lower_words():
        return None
    m = _NUMBER_BEFORE.search(text, max(0, start - 24), start)
    return m.start(1) if m is not None and m.group(1) not in lx.STOP else None


# A firm's name with "of the" in it, a legal form to end: "Fruit of the Loom Inc".
_OF_THE = re.compile(r"(?<![\w.'-])((?:[A-Z][\w'-]*[ \t])+)of[ \t]the[ \t]\Z")


def of_the(text: str, start: int, words: tuple[str, ...]) -> int | None:
    if sum(w not in LEGAL_FORMS for w in words) != 1:
        return None  # "Officials of the Bank of Tokyo Ltd": a body's own name after
    m = _OF_THE.search(text, max(0, start - 40), start)
    if m is None:
        return None
    before = m.group(1).split()
    if any(w in lx.STOP or w in lx.known_kinds() for w in before):
        return None  # a stop or a known name opens no firm of this shape
    last = before[-1].lower()
    if last.endswith("s") and last in lx.lower_words() or last.rstrip("s") in lx.PERSON_NOUNS:
        return None  # "Shares of the Loom Inc", "Officials of the Grace Inc": its people
    return m.start(1)


# "Standard and Poor's Corp": an English word with a capital mid-sentence, "and", then a firm:
# the word is the firm's, for it names nothing alone.
_COMMON_AND = re.compile(
    r"(?<![\w'-])[a-z][a-z'-]*,?[ \t]+([A-Z][a-z]+)[ \t]+(?:and|&)[ \t]+\Z"
)  # after a lower-case word: "Federal Savings and Loan" is the join's (see joined)


def common_and(text: str, start: int, guesses: list[Guess]) -> int | None:
    m = _COMMON_AND.search(text, max(0, start - 40), start)
    if m is None or m.group(1).lower() not in lx.lower_words() or m.group(1) in lx.STOP:
        return None
    if lx.known_kinds().get(m.group(1)):
        return None  # a name of its own ("Texas and Pacific")
    if guesses and guesses[-1].end > m.start(1) and guesses[-1].reason not in WEAK:
        return None  # a guess of its own on more than its words alone
    return m.start(1)


# "Ministry of International Trade and Industry": a head, "of" and English words, then "and"
# and one or two more, the name's last (a lower-case word or a stop after them).
_AND_WORDS = re.compile(r"[ \t]+(?:and|&)[ \t]+((?:[A-Z][a-z]+)(?:[ \t]+[A-Z][a-z]+)?)(?![\w'-])")


def and_after(text: str, end: int, cut: tuple, kind: tuple[str, str]) -> tuple[int, tuple]:
    words = cut[2]
    if not kind[1].startswith("head") or "of" not in words or words[0] not in lx.ORG_HEADS:
        return end, cut
    tail = words[words.index("of") + 1 :]
    if not tail or any(w.lower() not in lx.lower_words() for w in tail):
        return end, cut  # "Bank of England and Treasury": a name of its own before "and"
    m = _AND_WORDS.match(text, end)
    if m is None or text[m.end() : m.end() + 2].lstrip()[:1].isupper():
        return end, cut
    added = m.group(1).split()
    if any(w.lower() not in lx.lower_words() or lx.known_kinds().get(w) for w in added):
        return end, cut
    name = f"{cut[6]} and {' '.join(added)}"
    return m.end(), (*cut[:2], (*words, "and", *added), *cut[3:6], name, cut[7])


_KIN = frozenset({"Sons", "Associates", "Partners", "Brothers", "Company"})
_SHAPED = strength("surname list")
SUFFIXES = lx.ORG_SUFFIXES | {w.rstrip(".") for w in LEGAL_FORMS}
# (" e ", " y ", " und ", " et ": the conjunction of a name in its own language)
_BRACKETS = re.compile(r"<([A-Z][^<>\n]{2,80}?(?:,| and | & | e | y | und | et )[^<>\n]{1,80})>")


def bracketed(text: str, claimed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the names in angle brackets that hold several runs ("<Hambrecht and Quist>"),
    but none the registry or gazetteer matched a part of."""
    spans = (m.span(1) for m in _BRACKETS.finditer(text))
    return [(s, e) for s, e in spans if not overlaps_any(s, e, claimed)]


def joined(
    text: str, before: tuple, start: int, end: int, kind: tuple[str, str], guesses: list[Guess]
) -> bool:
    """Whether a body's name goes on over "and" to the words before it: only when the body's
    head or suffix comes after and the words before are no strong name of their own
    ("Brazil and the Bank of England" stays two)."""
    if kind[0] != ORGANIZATION or not kind[1].startswith(("head", "suffix")):
        return False
    between = text[before[1] : start]
    if between == "/":
        return len(guesses) <= before[3] + 1  # "MGM/UA Communications Co": one firm
    if between.split() not in (["and"], ["&"]):
        return False
    if text[start:end] in lx.ORG_HEADS:
        return False  # "House and Senate", "the Commission and Council": two bodies
    if len(guesses) > before[3] + 1:
        return False  # something came between
    if len(guesses) == before[3] + 1:
        prior = guesses[before[3]]
        if text[before[0] : before[1]].split()[-1].rstrip(".,") in LEGAL_FORMS:
            return False  # "Tidewater Oil Co and Loop Inc": a firm in full, then another
        # Common words ("Securities", "Food"); a firm named after people only before "and Co"
        # ("KeyCorp and Banc One Corp." are two)
        legal = all(
            w.rstrip(".,;") in LEGAL_FORMS or w in _KIN
            for w in text[start : start + 12].split()[:1]
        )  # "Merrill Lynch and Co", "Alex Brown and Sons Inc"
        if not prior.kind or legal and strength(prior.reason) <= strength("first name"):
            return True
        if legal and prior.kind == PLACE and " " not in prior.name:
            return True  # "Kidder, Peabody and Co Inc": no town has a legal form
        if _town_partner(prior, text[start:end].split()):
            return True  # "Clayton and Dubilier Inc", "Lufkin and Jenrette Securities"
        words = text[start:end].split()
        lone = strength(prior.reason) < strength("first name") and not is_acronym(prior.name)
        named = [w for w in words if w.rstrip(".,") not in LEGAL_FORMS]
        if lone and len(named) == 1 and words[-1].rstrip(".,") in LEGAL_FORMS:
            # "Crisanti and Maffei Inc", "Rosenkrantz Lyon and Ross Inc": a name with no suffix
            # of its own, then one word and legal forms ("Tidewater Oil Co and Loop Inc", "IBM
            # and Apple Inc", "KeyCorp and Banc One Corp." are two)
            return True
        weak = prior.kind == ORGANIZATION or strength(prior.reason) <= strength("first name")
        weak = weak and " " in prior.name  # "IBM and Apple Inc" are two
        if weak and len(words) >= 2 and words[0].lower() in lx.lower_words():
            # "Kaiser Aluminum and Chemical Corp", "Sumitomo Trust and Banking Co Ltd": one
            # English word and legal forms are no firm of their own
            return all(w.rstrip(".,") in LEGAL_FORMS or w in LEGAL_FORMS for w in words[1:])
        if _unit(text, prior, words):
            return True  # "Lomas and Nettleton Financial Corp": never named apart
        # "Numac Oil and Gas Ltd": what follows "and" is no name of its own, only suffixes
        return prior.kind == ORGANIZATION and all(w.rstrip(".,") in SUFFIXES for w in words)
    return False


def _town_partner(prior: Guess, words: list[str]) -> bool:
    """Whether a town's name of one word, "and", then a name of no list and a firm's suffix are
    one firm of partners: a town never comes before a partner's surname in a list of firms."""
    if prior.kind != PLACE or " " in prior.name or prior.reason not in GAZETTEER:
        return False
    if lx.known_kinds().get(prior.name) != PLACE or len(words) < 2:
        return False
    named = [w.rstrip(".,") for w in words if w.rstrip(".,") not in SUFFIXES]
    return len(named) == 1 and own_word(named[0]) and named[0] not in lx.given_names()


def _unit(text: str, prior: Guess, words: list[str]) -> bool:
    """Whether a lone surname, then "and" and a firm's name that opens
    with no English word, are one firm: the article never names the first apart ("Lomas and
    Nettleton Financial Corp"; not "Chrysler and General Motors Corp")."""
    if " " in prior.name or strength(prior.reason) > _SHAPED or prior.name not in lx.surnames():
        return False
    if words[0].lower() in lx.lower_words() or words[0] in lx.given_names():
        return False
    return text.count(prior.name) == text.count(f"{prior.name} and {words[0]}")


_PARTNER = re.compile(r"(?<=[a-z][ \n])([A-Z][\w'-]+),\s+\Z")  # mid-sentence


def partners(text: str, at: int, start: int, end: int) -> int | None:
    """Where a firm of partners' names starts when a name and a comma come before the words
    joined over "and" and only legal forms follow ("Kidder, Peabody and Co Inc"); None if not
    ("Ford, Chrysler and General Motors Corp" is a list: a name of its own follows)."""
    words = text[start:end].split()
    named = [w for w in words if w.rstrip(".,") not in SUFFIXES and w not in _KIN]
    # only legal forms after "and", or one partner's name of no list and suffixes
    if named and not (len(named) == 1 and own_word(named[0].rstrip(".,")) and len(words) > 1):
        return None
    m = _PARTNER.search(text, max(0, at - 40), at)
    # a place's name may be a partner's ("Bear, Stearns and Co"), a country's is not
    if m is None or lx.known_kinds().get(m.group(1)) == lx.COUNTRY or m.group(1) in lx.STOP:
        return None
    return m.start(1)


def overlaps_any(start: int, end: int, claimed: list[tuple[int, int]]) -> bool:
    # Claimed spans are few per article: a scan is cheaper than an interval index.
    return any(s < end and start < e for s, e in claimed)
