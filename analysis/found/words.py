"""Words of a run one at a time: a word's text, titles, contractions, headlines, names."""

from __future__ import annotations

import functools
import re

from analysis.found import lexicon as lx

UPPER = "".join(c for c in map(chr, range(0x2000)) if c.isupper() or c.istitle())
U = "[" + re.escape(UPPER) + "]"
_ACRONYM = re.compile(r"(?:[A-Z]\.)+$")  # "U.S.", and an initial: "N. Chandrababu Naidu"
# A contraction, with either apostrophe: "We're", "We\u2019re", "I'm", "Don't".
_CONTRACTION = re.compile(r"(\w+?)(?:['\u2019](?:re|ve|ll|d|m)|n['\u2019]t)$", re.IGNORECASE)
_LOWER_WORD = re.compile(r"(?<![\w'\u2019])[a-z]+\b")
_LONG_LOWER = re.compile(r"(?<![\w'\u2019])[a-z]{5,}")  # longer than every small word
_SMALL = frozenset(
    "a an the of in on at to for and or nor but by with as from vs v via per".split()
)
_CAP_WORD = re.compile(rf"\b{U}")


# Abbreviations whose full stop belongs to the word ("Inc.", "Mr.", "St."), not the sentence.
ABBREVIATED = frozenset(
    "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Maj Capt Adm Cmdr Sgt Brig Rev St Mt Ft Jr Sr "
    "Inc Corp Co Cos Ltd Bros No".split()
)


@functools.lru_cache(maxsize=1 << 16)  # asked of every word of every new run; words recur
def word_text(word: str) -> str:
    """A word without its possessive or its sentence's full stop."""
    if word.endswith(("'s", "'S", "\u2019s")):
        word = word[:-2]
    elif word.endswith(("'", "\u2019")):
        word = word[:-1]
    if word.endswith(".") and word[:-1] not in ABBREVIATED and not _ACRONYM.match(word):
        word = word[:-1]
    return word


def contraction(word: str) -> bool:
    """A pronoun's or a common word's contraction ("We're", "I\u2019m"): no name's part."""
    m = _CONTRACTION.match(word)
    if m is None:
        return False
    stem = m.group(1)
    return stem in lx.STOP or (len(stem) > 1 and stem.lower() in lx.lower_words())


def is_title(word: str) -> bool:
    word = word.rstrip(".")
    # "Major-General", "Vice-Admiral": a compound of titles is one
    return word in lx.TITLES or ("-" in word and all(p in lx.TITLES for p in word.split("-")))


def headline(sentence: str) -> bool:
    """All capitals, or Title Case: four capitalised words or more, and no lower-case word
    but the small words headlines leave small ("Fed Holds Rates as Inflation Eases")."""
    if _LONG_LOWER.search(sentence) is not None:  # the common case, decided early
        return False
    if sentence.upper() == sentence:
        return any(c.isalpha() for c in sentence)
    if len(_CAP_WORD.findall(sentence)) < 4:
        return False
    return all(w in _SMALL for w in _LOWER_WORD.findall(sentence))


def as_name(words: tuple[str, ...], caps: bool) -> str:
    """The words as a name. A headline's capitals say nothing of the name's: "FERNANDO
    HADDAD" is "Fernando Haddad", "ST LOUIS" "St Louis"; a short word may be an acronym."""
    name = " ".join(words)
    if not caps or not name.isupper():
        return name
    known = lx.known_kinds()
    titled = " ".join(map(_titled, words))
    if titled in known or name in known:
        return titled if titled in known else name
    short = " ".join(w if len(w) <= 3 or "." in w else _titled(w) for w in words)
    if short in known or (len(words) == 1 and len(name) <= 4):
        return short
    return titled


def _titled(word: str) -> str:
    if "." in word:
        return word
    return "-".join(p.capitalize() for p in word.split("-"))


def own_word(word: str) -> bool:
    """A word that can only be a name's: no English word, acronym, known name or body's head."""
    return not (
        word.lower() in lx.lower_words()
        or word.isupper()
        or word in lx.known_kinds()
        or word in lx.ORG_HEADS
        or word in lx.ORG_LEADS
        or word in lx.ORG_SUFFIXES
        or is_title(word)
    )


# A word whose shape says it is a term: an acronym in the plural ("MTNs", "ADRs"), a compound
# ending on a word in lower case ("AIDS-causing", "Year-ago"), a market's "Euro" compound,
# A bond rating ("Caa", "Baa3") too.
_TERM_SHAPE = re.compile(
    r"[A-Z]{2,6}s\Z|[A-Z][\w]*-([a-z]+)\Z|Euro([a-z]+)\Z|(?:Aaa|Aa|Baa|Ba|Caa|Ca)[1-3]?\Z"
)
_EURO_TERMS = frozenset(
    "market markets bond bonds dollar dollars note notes paper deposit deposits currency "
    "currencies yen mark marks loan loans issue issues equity equities credit credits".split()
)


def term_shaped(name: str) -> bool:
    """Whether a word's shape says it is a term, no one's name."""
    m = _TERM_SHAPE.match(name)
    if m is None:
        return False
    if m.group(1):
        return m.group(1) in lx.lower_words()
    if m.group(2):
        return m.group(2) in _EURO_TERMS
    return True


# A place in brackets inside a firm's name, a legal form after (a word or two of the firm's
# between): "Victa (U.K.) Ltd", "Nikko Securities Co (Europe) Ltd", "Hoare Govett (Far East)
# Ltd", "KEB (Asia) Finance Ltd": the firm's unit, no place.
_UNIT_OPEN = re.compile(r"[A-Z][\w.&'-]*[ \t]+\((?:[A-Z][\w.'-]*[ \t]+){0,2}\Z")
_UNIT_CLOSE = re.compile(
    r"\)[ \t]+(?:[A-Z][a-z]+[ \t]+){0,2}"
    r"(?:Ltd|Inc|Corp|Co|Plc|PLC|AG|SA|NV|BV|Pte|Pty|Limited|GmbH|SpA|KK|AB)\b"
)


def in_unit_brackets(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends the bracketed place of a firm's unit's name (see above)."""
    return bool(_UNIT_CLOSE.match(text, end) and _UNIT_OPEN.search(text, max(0, start - 40), start))
