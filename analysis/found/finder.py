"""Find the people, organisations and places of one article, with no list typed first."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import NamedTuple

from analysis.found import lexicon as lx
from analysis.found.ids import entity_id
from analysis.found.joins import (
    GAZETTEER,
    UNIT_AFTER,
    and_after,
    bracketed,
    common_and,
    counted,
    joined,
    numbered,
    of_the,
    overlaps_any,
    partners,
)
from analysis.found.kinds import LEGAL, WEAK, guess, in_table, judge
from analysis.found.lexicon import ORGANIZATION, PERSON, PLACE
from analysis.found.resolve import Guess, resolve
from analysis.found.runs import Scanner
from analysis.found.words import in_unit_brackets
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
    brackets = bracketed(text, claimed) if "<" in text else []
    skip_to = 0
    datelines = [m.span() for m in _DATELINE.finditer(text)]
    for start, end, cut, caps in scanner.spans():
        if datelines and overlaps_any(start, end, datelines):
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
        unit = UNIT_AFTER.match(text, end) if text.startswith(" (", end) else None
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
            if cut[2][-1][-1] == "s" and counted(text, start, cut[2]):
                kind = None  # "20 Islamic Banks": banks counted, no body's name
            else:
                near = text[max(0, start - 5) : start]
                at = numbered(text, start, cut[2]) if near[-2:-1].isdigit() else None
                if at is None and near.endswith(" the ") and kind[1].startswith("suffix"):
                    at = of_the(text, start, cut[2])  # "Fruit of the Loom Inc"
                lone_head = len(cut[2]) == 1 and cut[2][0] in lx.ORG_HEADS
                if at is None and ("and" in near or "&" in near) and not lone_head:
                    at = common_and(text, start, guesses)  # not "House and Senate"
                if at is not None and claimed and overlaps(at, start):
                    at = None  # the words before are a listed actor's: not this firm's
                if at is not None:  # "Pier 1 Imports Inc", "Standard and Poor's Corp"
                    while guesses and guesses[-1].end > at:
                        guesses.pop()
                    cut = (*cut[:6], f"{' '.join(text[at:start].split())} {cut[6]}", cut[7])
                    start, before = at, None
                if "of" in cut[2] and text.startswith((" and ", " & "), end):
                    end, cut = and_after(text, end, cut, kind)
        if kind is not None:
            if sports and kind[0] == PLACE and kind[1] in GAZETTEER and not _at(text, start):
                kind = ORGANIZATION, "team (a sports report)"  # "Surrey", "CHICAGO", "Nice"
            if kind is LEGAL:
                kind = (ORGANIZATION, f"suffix {cut[2][-1]}")
                if before is None or not joined(text, before, start, end, kind, guesses):
                    continue
            if before is not None and joined(text, before, start, end, kind, guesses):
                # "Securities and Exchange Commission", "Merrill Lynch and Co": one body
                at, name = before[0], f"{before[2]}{text[before[1] : start]}{cut[6]}"
                firm = partners(text, at, start, end)  # "Kidder, Peabody and Co"
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
# One capital letter and a slash opening a firm's name ("M/A-Com"): a letter alone is no name.
_LETTER_SLASH = re.compile(r"(?<![\w/])[A-Z]/")
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
    """overlaps_any(start, end, claimed) of sorted spans, as a function of (start, end) that
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
