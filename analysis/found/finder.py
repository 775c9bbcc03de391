"""Find the people, organisations and places of one article, with no list typed first."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import NamedTuple

from analysis.found import lexicon as lx
from analysis.found.kinds import LEGAL, WEAK, guess, in_table, is_acronym, judge, strength
from analysis.found.lexicon import LEGAL_FORMS, ORGANIZATION, PERSON, PLACE
from analysis.found.resolve import Guess, entity_id, resolve
from analysis.found.runs import Scanner
from analysis.found.words import in_unit_brackets, own_word
from analysis.text import split_sentences

# A sports report, by its headline: its cities and counties are teams ("Surrey beat Kent").
# A newswire dateline, "NEW YORK, March 3 (Reuters) - ", "BRASILIA/NEW DELHI, Oct 14 -": where
# the story was filed, not who is in it; its capitals would read as acronyms ("YORK").
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][A-Z.'’ -]*[A-Z.](?:/[A-Z][A-Z.'’ -]*[A-Z.])*"
    rf"(?=,\s+(?:{_MONTH}\s+\d|\d)|\s+\((?:Reuters|AP|AFP|UPI)\)|\s+-\s)",
    re.MULTILINE,
)
_SPORTS = re.compile(
    r"\s*(?:SOCCER|CRICKET|BASEBALL|BASKETBALL|ICE HOCKEY|NHL|NBA|NFL|RUGBY|AMERICAN FOOTBALL|"
    r"AUSTRALIAN RULES|FOOTBALL|HOCKEY|HANDBALL|VOLLEYBALL)\b"
)


class Found(NamedTuple):
    """One mention of a found entity: text[start:end] names `name` (the article's canonical
    form of it), guessed to be of `kind` for `reason` ("title Minister", "suffix Inc")."""

    start: int
    end: int
    name: str
    kind: str
    reason: str
    ambiguous: bool = False  # a surname two people of the article share: not resolved

    @property
    def entity_id(self) -> str:
        return entity_id(self.name)


def find_entities(
    text: str,
    sentence_starts: Iterable[int] | None = None,
    claimed: Iterable[tuple[int, int]] = (),
) -> list[Found]:
    """The entity mentions of an article, in text order.

    `sentence_starts` are the offsets where sentences begin (the starts of
    analysis.text.split_sentences, which is run when they are not given); `claimed` are
    (start, end) spans the registry or gazetteer already matched, which are skipped, and whose
    last words are taken as short names of what they matched.
    """
    if sentence_starts is None:
        sentence_starts = [start for start, _ in split_sentences(text)]
    claimed = sorted(claimed)
    starts = sorted(set(sentence_starts)) or [0]
    guesses: list[Guess] = []
    taken = _claimed_words(text, claimed)
    overlaps = _overlapping(claimed)
    scanner = Scanner(text, starts, judge)
    sports = _SPORTS.match(text) is not None
    last: tuple[int, int, str, int] | None = None  # the previous piece: start, end, name, guess
    brackets = _brackets(text, claimed) if "<" in text else []
    skip_to = 0
    datelines = [m.span() for m in _DATELINE.finditer(text)]
    for start, end, cut, caps in scanner.spans():
        if datelines and _overlaps(start, end, datelines):
            continue
        if claimed and (overlaps(start, end) or " ".join(cut[2]) in taken):
            last = None
            continue
        if brackets and brackets[0][0] <= start:
            while brackets and brackets[0][1] <= start:
                brackets.pop(0)
            if brackets and brackets[0][0] <= start:
                # "<Donaldson, Lufkin and Jenrette>": newswire's brackets hold one company
                s, e = brackets.pop(0)
                name = " ".join(text[s:e].split())
                guesses.append(Guess(s, e, name, ORGANIZATION, "angle brackets", text=text))
                while brackets and brackets[0][0] < e:
                    brackets.pop(0)
                last = None
                skip_to = e
                continue
        if start < skip_to:
            continue
        if text[end : end + 1] == ")" and in_unit_brackets(text, start, end):
            last = None
            continue  # "Hoare Govett (Far East) Ltd": a unit's place, part of the firm's name
        unit = _UNIT_AFTER.match(text, end) if text.startswith(" (", end) else None
        if unit is not None and not (
            claimed and overlaps(start, unit.end())
        ):  # "KEB (Asia) Finance Ltd": one firm, its unit's place inside
            name = " ".join(text[start : unit.end()].split())
            guesses.append(
                Guess(start, unit.end(), name, ORGANIZATION, "suffix " + unit[1], text=text)
            )
            last, skip_to = None, unit.end()
            continue
        before, last = last, (start, end, cut[6], len(guesses))
        judged = cut[7]
        # Most pieces are judged by their words alone, once per corpus (see Scanner.spans);
        # only the others, and names in angle brackets, are looked at in their article.
        plain = not (start and text[start - 1] == "<")
        if plain and judged and judged[0] not in (PLACE, ""):  # not CONTEXT, COMMON_PLACE
            kind = judged
        elif plain and judged == ():
            last = None
            continue
        else:
            kind = guess(scanner.piece(start, end, cut, caps), cut[6])
        weak = kind is not None and kind[1] in WEAK and kind[0] != PERSON  # golfers' tables
        if weak and in_table(text, start):
            kind = None  # "MTH  6.43  -  6.31", "Natl Loan Release": a table's labels
        if kind is not None and kind[0] == lx.COUNTRY and _CURRENCY_AFTER.match(text, end):
            kind = None  # "the U.S. dollar": the gazetteer's currency, which names no country
        if kind is not None and text.startswith(")", end) and kind[0] == PERSON:
            # "(former President Ferdinand) Marcos": the name goes on after the bracket
            kind = None if _BRACKET_CUT.match(text, end) else kind
        if kind is not None and kind[0] == PERSON and cut[2][-1] in _PARTY_MEMBERS:
            kind = ORGANIZATION, f"head {cut[2][-1]}"  # "Christian Democrats": a party
        if kind is not None and kind[0] == PERSON and " " in cut[6] and _no_person(text, start):
            kind = None  # "the Buena Vista light grade"
        if (
            kind is not None
            and kind[0] == PLACE
            and _KIN_BEFORE.search(text, max(0, start - 12), start)
        ):
            kind = PERSON, "kin before"  # "his wife, Nancy": no town of France
        if kind == (PERSON, "name-like") and _in_state(text, end):
            kind = PLACE, "followed by its state"  # "Benton and Penn Yan, N.Y."
        if kind is not None and kind[0] == ORGANIZATION:
            # Each rule looks at its words only where a character says it may apply: most
            # bodies' names pass none of them.
            if cut[2][-1][-1] == "s" and _counted(text, start, cut[2]):
                kind = None  # "20 Islamic Banks": banks counted, no body's name
            else:
                near = text[max(0, start - 5) : start]
                at = _numbered(text, start, cut[2]) if near[-2:-1].isdigit() else None
                if at is None and near.endswith(" the ") and kind[1].startswith("suffix"):
                    at = _of_the(text, start, cut[2])  # "Fruit of the Loom Inc"
                lone_head = len(cut[2]) == 1 and cut[2][0] in lx.ORG_HEADS
                if at is None and ("and" in near or "&" in near) and not lone_head:
                    at = _common_and(text, start, guesses)  # not "House and Senate"
                if at is not None and claimed and overlaps(at, start):
                    at = None  # the words before are a listed actor's: not this firm's
                if at is not None:  # "Pier 1 Imports Inc", "Standard and Poor's Corp"
                    while guesses and guesses[-1].end > at:
                        guesses.pop()
                    cut = (*cut[:6], f"{' '.join(text[at:start].split())} {cut[6]}", cut[7])
                    start, before = at, None
                if "of" in cut[2] and text.startswith((" and ", " & "), end):
                    end, cut = _and_after(text, end, cut, kind)
        if kind is not None:
            if sports and kind[0] == PLACE and kind[1] in _GAZETTEER and not _at(text, start):
                kind = ORGANIZATION, "team (a sports report)"  # "Surrey", "CHICAGO", "Nice"
            if kind is LEGAL:
                kind = (ORGANIZATION, f"suffix {cut[2][-1]}")
                if before is None or not _joined(text, before, start, end, kind, guesses):
                    continue
            if before is not None and _joined(text, before, start, end, kind, guesses):
                # "Securities and Exchange Commission", "Merrill Lynch and Co": one body
                at, name = before[0], f"{before[2]}{text[before[1] : start]}{cut[6]}"
                firm = _partners(text, at, start, end)  # "Kidder, Peabody and Co"
                if firm is not None and not (claimed and overlaps(firm, at)):
                    at, name = firm, f"{text[firm:at].split(',')[0]}, {name}"
                start = at
                while guesses and guesses[-1].start >= start:
                    guesses.pop()
                del guesses[before[3] :]
                guesses.append(Guess(start, end, name, *kind, text=text))
                last = (start, end, name, len(guesses) - 1)
                continue
            name = cut[6]
            if (
                kind[0] == PLACE
                and name in lx.STATE_ABBREVIATIONS
                and text[start - 2 : start] == ", "
            ):
                name = lx.STATE_ABBREVIATIONS[name]  # "Burbank, Calif.": California
            if start >= 2 and _LETTER_SLASH.match(text, start - 2):
                start, name = start - 2, text[start - 2 : start] + name  # "M/A-Com"
            guesses.append(Guess(start, end, name, *kind, text=text))
        else:
            last = (start, end, cut[6], len(guesses))
    resolve(guesses)
    # One mention a start, the claimed spans' included: the store keys mentions by it, and a
    # name joined over a word the registry matched ("Pope and Talbot Inc") starts there too.
    out, seen = [], {s for s, _ in claimed}
    for g in guesses:
        # One mention a start: the store keys mentions by it (a joined name ends where it may)
        if g.kind and g.start not in seen:
            seen.add(g.start)
            out.append(Found(g.start, g.end, g.name, g.kind, g.reason, g.ambiguous))
    return out


# A firm's unit: its place in brackets, a word or two of the firm's and a legal form after.
_UNIT_AFTER = re.compile(
    r"[ \t]\((?:[A-Z][\w.'-]*[ \t]?){1,3}\)[ \t]+(?:[A-Z][a-z]+[ \t]+){0,2}"
    r"(Ltd|Inc|Corp|Co|Plc|PLC|AG|SA|NV|BV|Pte|Pty|Limited|GmbH|SpA|KK|AB)\b\.?"
)


# A plural head after a number or a word of quantity: bodies counted, not one named.
_COUNT_BEFORE = re.compile(
    r"(?:\b\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|several|many|some|"
    r"other|all|most|few|both))[ \t\n]+\Z",
    re.IGNORECASE,
)


def _counted(text: str, start: int, words: tuple[str, ...]) -> bool:
    last = words[-1]
    plural = last[:-1] in lx.ORG_HEADS or last[:-3] + "y" in lx.ORG_HEADS
    return plural and _COUNT_BEFORE.search(text, max(0, start - 12), start) is not None


# A firm's name with a number in it, an English word after ("Pier 1 Imports Inc", "Group 4
# Securitas"): the run of capitals broke at the number.
_NUMBER_BEFORE = re.compile(r"(?<![\w.'-])([A-Z][a-z]+)[ \t\n](\d{1,4})[ \t\n]\Z")


def _numbered(text: str, start: int, words: tuple[str, ...]) -> int | None:
    if words[0].lower() not in lx.lower_words():
        return None
    m = _NUMBER_BEFORE.search(text, max(0, start - 24), start)
    return m.start(1) if m is not None and m.group(1) not in lx.STOP else None


# A firm's name with "of the" in it, a legal form to end: "Fruit of the Loom Inc".
_OF_THE = re.compile(r"(?<![\w.'-])((?:[A-Z][\w'-]*[ \t])+)of[ \t]the[ \t]\Z")


def _of_the(text: str, start: int, words: tuple[str, ...]) -> int | None:
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
)  # after a lower-case word: "Federal Savings and Loan" is the join's (see _joined)


def _common_and(text: str, start: int, guesses: list[Guess]) -> int | None:
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


def _and_after(text: str, end: int, cut: tuple, kind: tuple[str, str]) -> tuple[int, tuple]:
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


_PARTY_MEMBERS = frozenset(
    "Democrats Republicans Socialists Communists Liberals Conservatives Greens Nationalists "
    "Social-Democrats Unionists".split()
)
_CURRENCY_AFTER = re.compile(
    r"[ \t\n]+(?:dollars?|dlrs?|yen|marks?|francs?|pounds?|pesos?|lire|lira|crowns?|"
    r"guilders?|rand|rupees?|won|yuan|schillings?|kronor|kroner)\b",
    re.IGNORECASE,
)
_BRACKET_CUT = re.compile(r"\)[ \t]+[A-Z][a-z]")
_KIN_BEFORE = re.compile(
    r"\b(?:wife|husband|son|daughter|brother|sister|mother|father|widow|widower),?[ \t\n]+\Z"
)
_GAZETTEER = ("gazetteer", "common place")
_KIN = frozenset({"Sons", "Associates", "Partners", "Brothers", "Company"})
_SHAPED = strength("surname list")
SUFFIXES = lx.ORG_SUFFIXES | {w.rstrip(".") for w in LEGAL_FORMS}
# (" e ", " y ", " und ", " et ": the conjunction of a name in its own language)
_BRACKETS = re.compile(r"<([A-Z][^<>\n]{2,80}?(?:,| and | & | e | y | und | et )[^<>\n]{1,80})>")


def _brackets(text: str, claimed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the names in angle brackets that hold several runs ("<Hambrecht and Quist>"),
    but none the registry or gazetteer matched a part of."""
    spans = (m.span(1) for m in _BRACKETS.finditer(text))
    return [(s, e) for s, e in spans if not _overlaps(s, e, claimed)]


def _joined(
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
    if prior.kind != PLACE or " " in prior.name or prior.reason not in _GAZETTEER:
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


# One capital letter and a slash opening a firm's name ("M/A-Com"): a letter alone is no name.
_LETTER_SLASH = re.compile(r"(?<![\w/])[A-Z]/")
_PARTNER = re.compile(r"(?<=[a-z][ \n])([A-Z][\w'-]+),\s+\Z")  # mid-sentence


def _partners(text: str, at: int, start: int, end: int) -> int | None:
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


_ARTICLE = re.compile(r"\b(?:the|a|an)[ \t\n]+$", re.IGNORECASE)


def _no_person(text: str, start: int) -> bool:
    """Whether an article stands just before a name: a person's full name follows none ("the
    Buena Vista grade"); "the late X" is no matter."""
    return _ARTICLE.search(text, max(0, start - 8), start) is not None


# not "Almy Hafild, Indonesia's envoy": the place ends the clause
_STATE = re.compile(r",[ \t\n]+([A-Z][A-Za-z.]+(?:[ \t][A-Z][a-z]+)?)(?=[,;:)]|\.?[ \t\n]|$)")


def _in_state(text: str, end: int) -> bool:
    """Whether a place the gazetteer knows follows the name after a comma ("Penn Yan, N.Y.")."""
    m = _STATE.match(text, end)
    if m is None:
        return False
    place = m.group(1).rstrip(".") if m.group(1) not in lx.known_kinds() else m.group(1)
    return lx.known_kinds().get(place) in (PLACE, lx.COUNTRY)


def _at(text: str, start: int) -> bool:
    """Whether a place is where a match is played ("at Edgbaston", "in Chelmsford")."""
    before = text[max(0, start - 6) : start].rsplit(None, 1)
    return bool(before) and before[-1].lower() in ("at", "in", "to", "from")


def _claimed_words(text: str, claimed: list[tuple[int, int]]) -> set[str]:
    """Names and last words of claimed spans: "Lula" after a claimed "Lula da Silva"."""
    words = set()
    for start, end in claimed:
        parts = text[start:end].split()
        if parts:
            words.add(" ".join(parts))
            words.add(parts[-1].rstrip(".,"))
    return words


def _overlapping(claimed: list[tuple[int, int]]):
    """_overlaps(start, end, claimed) of sorted spans, as a function of (start, end) that
    bisects: an article's pieces times its claimed spans added up to a tenth of the finder."""
    starts = [s for s, _ in claimed]
    reach, top = [], -1  # the furthest end of the spans so far
    for _, e in claimed:
        top = e if e > top else top
        reach.append(top)

    def overlaps(start: int, end: int) -> bool:
        k = bisect_left(starts, end)  # the spans that start before `end`
        return k > 0 and reach[k - 1] > start

    return overlaps


def _overlaps(start: int, end: int, claimed: list[tuple[int, int]]) -> bool:
    # Claimed spans are few per article: a scan is cheaper than an interval index.
    return any(s < end and start < e for s, e in claimed)
