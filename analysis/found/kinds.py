"""The kind of a piece of capitalised words, with the reason for the guess.

The reasons are tried strongest first: a name the world gazetteer knows, a company's suffix
("Inc."), a body's head word ("Ministry", "Party"), a place's ("Gulf", "River"), a title before
("Minister"), a given name, an acronym, the words around ("Haddad said", "in Goa"). Each
reason has a strength, so that an article's mentions of one name can agree on the best.
"""

from __future__ import annotations

import functools
import re

from analysis.found import lexicon as lx
from analysis.found.runs import Piece
from analysis.found.words import term_shaped

# Strength of each reason, higher wins when the mentions of one name disagree.
STRENGTH = {
    "gazetteer": 9,
    "common place": 2,
    "suffix": 8,
    "head": 7,
    "place word": 7,
    "angle brackets": 7,
    "title": 6,
    "acronym of": 6,
    "spelled out as": 6,
    "first name": 5,
    "surname of": 5,
    "short name of": 5,
    "surname list": 3,
    "initial": 5,
    "given name": 3,
    "speech": 4,
    "speaks, no person cue": 4,
    "a surname alone": 3,
    "appositive": 4,
    "followed by": 4,
    "company": 4,
    "company (a place": 10,  # its own words outweigh the gazetteer's town of the same name
    "member of": 4,
    "team": 7,
    "acronym": 3,
    "preposition": 2,
    "place noun before": 4,
    "name-like": 1,
    "single word": 0,
}

_INITIAL = re.compile(r"[A-Z]\.$")
# A score after a place makes it a team ("Surrey 312", "Chicago 5"); not a date or an amount.
_TEAM = re.compile(
    r"[ \t]+(?:\d+\b(?![.,\-/]\d| ?(?:percent|pct|%|mln|billion|million))|(?:beat|drew|v|vs)\b)"
)
# The words after a name: a comma, and the next two ("said it", ", a spokesman").
_NEXT = re.compile(r"(?:'s)?[ \t\n]*(,)?[ \t\n]*(\w+)(?:[ \t\n]+(\w+))?")
# People of a body just before its name: "economists at Goldman Sachs", "a spokesman for".
_MEMBER_OF = re.compile(
    r"\b(?:analysts?|economists?|strategists?|officials?|executives?|traders?|dealers?|"
    r"workers|employees|staff|sources|spokesman|spokeswoman|spokesperson|chairman|shares)"
    r"[ \t\n]+(?:at|for|of)[ \t\n]+$",  # not "in": "a spokesman in Tokyo"
    re.IGNORECASE,
)
_PLACE_OF = re.compile(
    r"\b(?:island|islands|port|city|town|village|province|state|region|republic|county|capital|"
    r"district|area|valley|coast|(?:north|south|east|west|northeast|northwest|southeast|"
    r"southwest))[ \t\n]+of[ \t\n]+$"
)
# A lower-case word after a name, but not a joining or a speaking one: "Federal funds".
_LOWER_NEXT = re.compile(
    r"[ \t\n]+(?!(?:and|or|of|in|on|at|to|for|said|says|is|was|has|had)\b)[a-z]"
)
_LANDS = (lx.PLACE, lx.COUNTRY)
_PRONOUN_NEXT = re.compile(r"[ \t\n]+(?:he|she)\b")
_PRONOUNS = frozenset({"he", "she", "his", "her"})
_COMPANY_WORDS = frozenset({"shares", "stock", "posted", "earned", "reported"})
_PLACE_PREPS = frozenset({"in", "near", "outside", "across", "into"})
_COMPASS = frozenset(
    "northern southern eastern western central northeastern northwestern southeastern "
    "southwestern north-eastern north-western south-eastern south-western".split()
)


def strength(reason: str) -> int:
    """How much a reason counts: its key is the longest one the reason starts with."""
    got = _STRENGTHS.get(reason)
    if got is None:
        got = next((STRENGTH[key] for key in _KEYS if reason.startswith(key)), 0)
        if len(_STRENGTHS) < 100_000:
            _STRENGTHS[reason] = got
    return got


_STRENGTHS: dict[str, int] = {}
_KEYS = sorted(STRENGTH, key=len, reverse=True)


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _body_acronym(word: str) -> bool:
    """An acronym that may name a body: not a word in capitals ("NOTE", "AIDS") nor a term of
    economics ("GDP", "LIBOR")."""
    if word in lx.TERMS or (len(word) >= 4 and word.lower() in lx.lower_words()):
        return False
    return is_acronym(word)


def guess(piece: Piece, name: str) -> tuple[str, str] | None:
    """(kind, reason) for a piece whose name is `name`, or None: not an entity the finder
    counts (a demonym, an event, a title alone)."""
    if piece.angle:
        found = _static(name, piece.title, piece.prefix, piece.caps, True)
    elif piece.judged is not None:
        found = piece.judged
    else:
        found = _static(name, piece.title, piece.prefix, piece.caps, False)
    if found is COMMON_PLACE:
        found = _common_place(piece, name)
    if found is not CONTEXT:
        if not found:
            return None
        if found[0] == lx.PLACE and _TEAM.match(piece.text, piece.end):
            return lx.ORGANIZATION, "team (a score after)"  # "Surrey 312", "Chicago 5"
        if found == (lx.PLACE, "gazetteer") and len(piece.words) == 1:
            cue = _context(piece)
            of = piece.text[max(0, piece.start - 4) : piece.start] == " of "  # "family of X said"
            if cue is not None and cue[1].startswith("company (said") and not of:
                # "Ashland said it would sell", "Gillette's shares": a firm named by a town
                return lx.ORGANIZATION, "company (a place " + cue[1][9:]
        return found
    if name in _MONTHS:
        return None  # "Jan 5", "in Jan": a month; Jan Kowalczyk is two words
    cue = _context(piece)
    if cue is not None:
        return cue
    found = _fallback(name)
    opens = piece.initial or _opens_line(piece.text, piece.start)
    once = found[1] == "single word" and opens and not _written_inside(piece.text, name)
    if once and _TEAM.match(piece.text, piece.end) is None:
        return None  # "Qtly div 12 cts": only the sentence's capital, never written again
    return found


@functools.lru_cache(maxsize=100_000)
def _fallback(name: str) -> tuple[str, str]:
    """What the shape of a name says when nothing else does."""
    words = name.split()
    numbered = len(words) > 1 and _ROMAN.match(words[-1]) is not None
    if numbered and all(w.lower() in lx.lower_words() for w in words[:-1]):
        return UNSURE, "numbered word"  # "Level IV", "Phase II"
    if len(words) == 1 and name in lx.surnames():
        return lx.PERSON, "surname list"
    solid = [w for w in words if w not in lx.PARTICLES]  # "Joost van der Westhuizen": two
    content = [w for w in solid if w not in lx.JOINERS]
    common = [
        w
        for w in content
        if (w.lower() in lx.lower_words() and w not in lx.surnames()) or w in lx.demonyms()
    ]
    if common and all(w in common or is_acronym(w) for w in content):
        # "Third World", "Axis of Evil", "VIP Member", "European Currency Units": no name
        return UNSURE, "common words"
    # Not with "of" ("Axis of Evil"), an acronym, or an English word last ("Vincristine Sulfate")
    people = len(solid) == len(content) and not any(map(is_acronym, content))
    people = people and content[-1] not in common
    if people and len(solid) in (2, 3) and len(words) - len(solid) <= 2:
        return lx.PERSON, "name-like"
    if len(words) > 1:
        return lx.ORGANIZATION, "name-like"
    if name.lower() in lx.lower_words():
        # "Group", "Government": a capital alone does not make a name, unless the article
        # names a person so ("Shah" after "Amit Shah"): resolution decides, or drops it.
        return UNSURE, "common word"
    # One word no rule explains: on CoNLL-2003 eng.testa a body more often than a person
    # (a person's surname alone mostly follows the full name, which resolves it).
    return lx.ORGANIZATION, "single word"


_COMPOUND = re.compile(
    r"-(?:based|born|bred|led|owned|backed|style|made|run|bound|listed|controlled|funded|"
    r"speaking|dominated|registered|flagged|linked|allied|era|plus|minus)$"
)
_PARTY_STATE = re.compile(r"[DRI]-[A-Z][a-z]{1,4}\.?$")
_CAPS_COMPOUND = re.compile(r"[A-Z]{1,5}(?:-[A-Z]{1,5})+$")
_ROMAN = re.compile(r"[IVXLC]+$")  # "Level IV", "World War II": numerals, not acronyms
_MONTHS = frozenset({"Jan"})  # month abbreviations that are given names too
CONTEXT = ("", "")  # the words around must say
COMMON_PLACE = ("", "place")  # a place the gazetteer knows by an English word: "in" must say
_MAYBE = ("", "common word")  # only resolution may make it a name ("Lira" of Arthur Lira)
LEGAL = ("", "suffix")  # legal forms alone: part of the name before "and" ("Lynch and Co")
UNSURE = ""  # the kind of a piece that only resolution can make an entity


def judge(name: str, title: str, prefix: bool, caps: bool):
    """What a name's own words say, outside angle brackets: (kind, reason), None for no
    entity, or CONTEXT (the words around must say). For Scanner to keep on its pieces."""
    return _static(name, title, prefix, caps, False) or _NOTHING


_NOTHING = ()  # judged: not an entity (None would mean "not judged yet")


@functools.lru_cache(maxsize=100_000)
def _static(name: str, title: str, prefix: bool, caps: bool, angle: bool):
    """What the name's own words say, or CONTEXT."""
    words = name.split()
    kind = lx.known_kinds().get(name)
    if kind == lx.PLACE and name in lx.short_names():
        return lx.PERSON, "gazetteer short name"  # "Clinton", not Clinton, Iowa
    if kind is not None and words[-1] in lx.demonyms():
        return None  # "North American", "Latin American": adjectives
    if kind == lx.PLACE and len(words) == 1 and name.lower() in lx.lower_words():
        return COMMON_PLACE  # "Western", "Bank", "Federal": a place only after "in"
    if kind is not None:
        return kind, "gazetteer"
    if name in lx.demonyms() or name in lx.TERMS or name in _MONTHS:
        return None
    if len(words) == 1 and (name.upper() in lx.TERMS or _PARTY_STATE.match(name)):
        return None  # "Libor" as "LIBOR"; "D-Tenn", "R-Calif": a member's party and state
    if len(words) == 1 and _CAPS_COMPOUND.match(name) and not caps:
        return lx.ORGANIZATION, "acronym"  # "CD-ROM", "TI-CARO": an acronym, needing evidence
    if len(words) == 1 and name[-1:] == "s" and name[:-1] in lx.STOP:
        return None  # "Mondays to Thursdays"
    if "-" in name and all(p in lx.STOP for p in name.split("-")):
        return None  # "June-July delivery"
    if len(words) == 1 and term_shaped(name):
        return None  # "MTNs", "AIDS-causing", "Year-ago", "Euromarket": terms, no one's name
    if len(words) == 1 and name.endswith("an") and _demonym(name):
        return None  # "an Alaskan native cooperative", "Bolivian": a place's adjective
    if all(w in lx.LEGAL_FORMS or w + "." in lx.LEGAL_FORMS for w in words):
        return LEGAL  # "Co", "Ltd", "Co Inc": a legal form alone names no company
    last, first = words[-1], words[0]
    if len(words) > 1 and (last in lx.EVENT_HEADS or last in lx.GRADE_HEADS):
        return None
    if angle:
        return lx.ORGANIZATION, "angle brackets"
    if len(words) > 1 and last.rstrip(".") in lx.ORG_SUFFIXES:
        return lx.ORGANIZATION, f"suffix {last}"
    # "Salomon Brothers International", "Merrill Lynch Capital Markets": a suffix inside
    inner = next((w for w in words[1:-1] if w in lx.ORG_SUFFIXES), None)
    if inner is not None and first not in lx.TITLES:
        return lx.ORGANIZATION, f"suffix {inner}"
    if len(words) == 1 and (name in lx.GENERIC_HEADS or name[:-1] in lx.TITLES):
        return None  # "the Ministry", "the MPs": a short name of some body, a title's plural
    for i, word in enumerate(words):
        # "Savings and Loan Associations": a head in the plural is one too
        head = word in lx.ORG_HEADS or (i and word[-1:] == "s" and word[:-1] in lx.ORG_HEADS)
        if head and (i == len(words) - 1 or words[i + 1] in lx.JOINERS):
            return lx.ORGANIZATION, f"head {word}"
    if len(words) > 1 and first in lx.ORG_LEADS:
        return lx.ORGANIZATION, f"head {first}"
    if len(words) > 1 and (last in lx.PLACE_HEADS or first in lx.PLACE_LEADS):
        return lx.PLACE, f"place word {last if last in lx.PLACE_HEADS else first}"
    if prefix:
        # Before a title only a known name or a body counts ("U.S. Secretary", "BJP leader").
        return (lx.ORGANIZATION, "acronym") if _body_acronym(name) and not caps else None
    if title:
        if len(words) == 1 and _common_word(name):
            return None  # "Director of Corporate Strategy": a title's field, no one's name
        return lx.PERSON, f"title {title}"
    if all(_INITIAL.match(w) for w in words):
        return None  # "M.": an initial alone
    if first == "No.":
        return None  # "alloy No. Three": a number
    if any(c.isdigit() for c in name):
        return None  # "X-1986", "Rate-X3": codes of a table, not names
    if _COMPOUND.search(last):
        return None  # "New York-based", "Kremlin-backed": an adjective
    given = next((w for w in words[:-1] if not _INITIAL.match(w)), "")
    if given in lx.given_names() and last.endswith("ing") and _common_word(last) and len(words) > 2:
        # "Diamond Shamrock Refining", "Morgan Stanley Trading": a trade, no one's surname
        return lx.ORGANIZATION, "name-like"
    if given in lx.given_names():
        return lx.PERSON, f"first name {given}"
    if len(words) > 1 and _INITIAL.match(first):
        return lx.PERSON, f"initial {first}"
    if len(words) == 1 and name in lx.given_names() and not name.isupper():
        return lx.PERSON, "given name"
    if len(words) == 1 and not caps and not _ROMAN.match(name):
        if _body_acronym(name):
            return lx.ORGANIZATION, "acronym"
        if is_acronym(name):
            return None
    return CONTEXT


def _demonym(name: str) -> bool:
    """A place's name and "n", no one's name: "Alaskan", not "Duran" (of "Dura") or "Alan"."""
    place = name[:-3] if name.endswith("ian") and name[:-3] in lx.known_kinds() else name[:-1]
    if len(place) < 5 or lx.known_kinds().get(place) not in _LANDS:
        return False  # "Alaskan", "Parisian"
    return name not in lx.surnames() and name not in lx.given_names()


def _common_place(piece: Piece, name: str) -> tuple[str, str] | None:
    """A place named by an English word ("Bath", "Western", "Bank"): not after "the" (but
    "the Gulf") nor where the article writes the word in lower case; else a place, or a
    person if the words around say so ("Dole said")."""
    before = piece.text[max(0, piece.start - 12) : piece.start].rsplit(None, 1)
    if before and before[-1] in _PLACE_PREPS | {"at", "from", "to"}:
        return lx.PLACE, "gazetteer"
    if _TEAM.match(piece.text, piece.end):
        return lx.PLACE, "gazetteer"  # a team, as guess says
    if before and before[-1] in ("the", "The") and name not in lx.PLACE_HEADS:
        return _MAYBE
    if _LOWER_NEXT.match(piece.text, piece.end) and name not in lx.PLACE_HEADS:
        return _MAYBE  # "Federal funds", "Bell telephone units": an adjective
    if _occurs(piece.text, name.lower()):
        return _MAYBE
    m = _NEXT.match(piece.text, piece.end)
    if m is not None and not m.group(1) and m.group(2) in lx.SPEECH_VERBS:
        # "Dome said": a place does not speak, and an English word is no one's name
        return lx.ORGANIZATION, "company (a common place speaks)"
    cue = _context(piece)
    if cue is not None and cue[0] in (lx.PERSON, lx.ORGANIZATION):
        return cue
    return lx.PLACE, "common place"  # weaker than the gazetteer's: other mentions may say


WEAK = frozenset({"single word", "name-like", "acronym", "common word", "common words"})


def in_table(text: str, at: int) -> bool:
    """Whether the line around a name is a table's row, its cells set apart by runs of spaces
    ("MTH  6.43  -  6.31"); a sports table's "Samsung 3 LG 2" is prose to this."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end >= 0 else len(text)].strip().count("  ") >= 2


def _opens_line(text: str, at: int) -> bool:
    """Whether only spaces stand between a name and the line's start ("\n    Qtly div")."""
    start = text.rfind("\n", 0, at) + 1
    return not text[start:at].strip()


def _written_inside(text: str, name: str) -> bool:
    """Whether the article writes the word with its capital inside a sentence too."""
    return _occurs(text, name, lambda t, i: i > 1 and t[i - 1] == " " and t[i - 2] in _INSIDE)


_INSIDE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789,;")


def _occurs(text: str, word: str, where=None) -> bool:
    """Whether the word stands in the text as a whole word (str.find: no regex per word)."""
    at, n = text.find(word), len(word)
    while at >= 0:
        whole = (at == 0 or not text[at - 1].isalnum()) and not text[at + n : at + n + 1].isalnum()
        if whole and (where is None or where(text, at)):
            return True
        at = text.find(word, at + 1)
    return False


def _common_word(name: str) -> bool:
    """One English word that no surname list has: "the Bank said" is no person's speech."""
    return " " not in name and name.lower() in lx.lower_words() and name not in lx.surnames()


def _context(piece: Piece) -> tuple[str, str] | None:
    """What the words around say: "Haddad said", "Petrobras said it", "Lira, a member",
    "the Progressistas party", "in Goa"."""
    if _MEMBER_OF.search(piece.text, max(0, piece.start - 30), piece.start) is not None:
        return lx.ORGANIZATION, "member of"  # "economists at Goldman Sachs"
    if _PLACE_OF.search(piece.text, max(0, piece.start - 30), piece.start) is not None:
        return lx.PLACE, "place noun before"  # "the island of Kauai", "the port of Temuco"
    before = piece.text[max(0, piece.start - 12) : piece.start].rsplit(None, 1)
    m = _NEXT.match(piece.text, piece.end)
    if m is not None and not (before and before[-1] in _PLACE_PREPS):  # "in Toyko said"
        comma, w1, w2 = m.groups()
        if not comma:
            if w1 == "said" and w2 in ("it", "its") or w1 in _COMPANY_WORDS:
                return lx.ORGANIZATION, f"company ({w1} {w2 or ''})".replace(" )", ")")
            if w1 in lx.SPEECH_VERBS and not _common_word(piece.name):
                he = _PRONOUN_NEXT.match(piece.text, m.end()) if w2 == "that" else None
                if w2 in _PRONOUNS or he is not None:
                    # "Jansher said (that) he", not "Conrail said the prices"
                    return lx.PERSON, f"speech {w1} {he.group().split()[0] if he else w2}"
                return lx.PERSON, f"speech {w1}"
            if w1 in lx.ORG_FOLLOWERS:
                return lx.ORGANIZATION, f"followed by {w1}"
            if w1 in lx.PLACE_FOLLOWERS and not piece.text.startswith("'", piece.end):
                return lx.PLACE, f"followed by {w1}"
        else:
            if w1 in lx.LEGAL_FORMS or w1 + "." in lx.LEGAL_FORMS:
                return lx.ORGANIZATION, f"suffix {w1}"  # "Cargill, Inc"
            if w1 == "who" or w1 in lx.PERSON_NOUNS:
                return lx.PERSON, f"appositive {w1}"
            if w1 in ("a", "an", "the") and w2 in lx.PERSON_NOUNS:
                return lx.PERSON, f"appositive {w2}"
    if before and before[-1] in _PLACE_PREPS:
        return lx.PLACE, f"preposition {before[-1]}"
    if before and before[-1] in _COMPASS:
        return lx.PLACE, "place noun before"  # "eastern Java", "northern Luzon"
    return None
