"""A segment of a run of capitals, once cut where its capitals say nothing (analysis.found.runs),
into the pieces that each name one entity: a person before the body they speak for ("Ward
McCarthy of Merrill Lynch"), a title apart from the name it opens ("Finance Minister
Fernando Haddad"), a body's name whole ("Queen Elizabeth College").
"""

from __future__ import annotations

import re

from analysis.found import lexicon as lx
from analysis.found.words import as_name, is_title, own_word, word_text

POSSESSIVE = re.compile(r"['\u2019]s?$")
GLUE_WORDS = lx.PARTICLES | lx.JOINERS  # the particles of names and joining words: "von", "of"


def _trim(segment):
    while segment and segment[0][2] in GLUE_WORDS:
        segment = segment[1:]
    while segment and segment[-1][2] in GLUE_WORDS:
        segment = segment[:-1]
    return segment


def emit(segment, initial: bool, caps: bool, out: list[tuple]) -> None:
    """Append to `out` the pieces of one segment of a run (spans of (start, end, word)): cut
    after a person before "of" and after its titles, each piece as runs.Piece's fields."""
    segment = _trim(segment)
    if not segment:
        return
    words = [word_text(s[2]) for s in segment]
    # after the last title: "Economist Joel Naroff of", "Republican Leader Robert Dole of"
    titles = [i for i, w in enumerate(words[:-3]) if is_title(w)]
    lead = titles[-1] + 1 if titles else 0
    given = words[lead] in lx.given_names() and not is_title(words[lead])
    # "Siedenburg of Smith Barney": a surname alone (no English word, no known name), then a
    # body of two words or more; "Bank of Japan", "Lloyds of London" stay whole, and a firm
    lone = len(words) >= lead + 4 and words[lead + 1] == "of" and own_word(words[lead])
    lone = lone and words[-1] not in lx.LEGAL_FORMS  # "Coulson of Texas Inc" is one firm
    if "of" in words[2 + lead :] and given or lone:
        # "Ward McCarthy of Merrill Lynch": a person, then the body they speak for
        at = words.index("of", 1 + lead if lone else 2 + lead)
        emit(segment[:at], initial, caps, out)
        emit(segment[at + 1 :], False, caps, out)
        return
    # A title opens a person's name unless the run names a body ("Queen Elizabeth College").
    last = words[-1]
    body = (
        last in lx.ORG_HEADS
        or last in lx.ORG_SUFFIXES
        or last in lx.PLACE_HEADS
        or last in lx.EVENT_HEADS  # "General Agreement on Tariffs": no General's name
    )
    cut = -1
    if not body:
        for i in range(len(words) - 1):
            if is_title(words[i]):
                cut = i
        if cut >= 0 and cut + 2 < len(words) and words[cut + 1] == "of":
            cut += 2  # "Secretary of State James Baker"
    if cut >= 0 and cut + 1 < len(words):
        first_title = next(i for i in range(cut + 1) if is_title(words[i]))
        if first_title:
            _add(segment[:first_title], "", initial, True, caps, out)
        _add(segment[cut + 1 :], words[cut].rstrip("."), False, False, caps, out)
    elif not (len(words) == 1 and is_title(words[0])):  # "the President" names no one here
        _add(segment, "", initial, False, caps, out)


def _add(segment, title: str, initial: bool, prefix: bool, caps: bool, out: list) -> None:
    segment = _trim(segment)
    if not segment:
        return
    last = len(segment) - 1
    # a possessive inside a firm's name stays ("Fireman's Fund"); at the end it goes
    words = tuple(
        s[2] if k < last and POSSESSIVE.search(s[2]) else word_text(s[2])
        for k, s in enumerate(segment)
    )
    end = segment[-1][1] - (len(segment[-1][2]) - len(words[-1]))
    out.append((segment[0][0], end, words, title, initial, prefix, as_name(words, caps)))
