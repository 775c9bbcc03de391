"""Name handling shared by the gazetteer build: slugs, ASCII folds, surnames, date spans."""

from __future__ import annotations

import re
import unicodedata

OPEN_START = "0000-00-00"
OPEN_END = "9999-99-99"
_PARTICLES = {
    "de",
    "da",
    "do",
    "dos",
    "das",
    "van",
    "von",
    "der",
    "den",
    "del",
    "della",
    "di",
    "du",
    "le",
    "la",
    "bin",
    "ibn",
    "al",
    "el",
    "ter",
    "zu",
}
_SUFFIXES = {"Jr.", "Jr", "Sr.", "II", "III", "IV"}
# Where a name's family name comes first in English text.
FAMILY_FIRST = {
    "china",
    "taiwan",
    "hong-kong",
    "macau",
    "north-korea",
    "south-korea",
    "vietnam",
    "north-vietnam",
    "south-vietnam",
    "cambodia",
    "mongolia",
}


def fold(text: str) -> str:
    """The text without its accents ("Pöhl" -> "Pohl"); other letters unchanged."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def slug(text: str) -> str:
    """An actor_id slug: ASCII, lower case, words joined by hyphens."""
    ascii_text = fold(text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_latin(text: str) -> bool:
    """Whether every letter of the text is a Latin letter (drops native-script spellings)."""
    return all(unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())


def surname(name: str, family_first: bool = False) -> str:
    """The family name that stands alone for a person ("Kohl", "de Gaulle", "Xi")."""
    words = [w for w in name.split() if w not in _SUFFIXES]
    if len(words) < 2:
        return ""
    if family_first:
        return words[0]
    last = [words[-1]]
    for word in reversed(words[:-1]):
        if word.lower() not in _PARTICLES:
            break
        last.insert(0, word)
    return " ".join(last)


def overlaps(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two [start, end) spans of ISO dates meet; empty strings are open ends."""
    a0, a1 = a[0] or OPEN_START, a[1] or OPEN_END
    b0, b1 = b[0] or OPEN_START, b[1] or OPEN_END
    return a0 < b1 and b0 < a1


def within(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    """Whether span `inner` lies inside span `outer`."""
    return (inner[0] or OPEN_START) >= (outer[0] or OPEN_START) and (inner[1] or OPEN_END) <= (
        outer[1] or OPEN_END
    )


def clip(inner: tuple[str, str], outer: tuple[str, str]) -> tuple[str, str] | None:
    """The part of `inner` inside `outer`, or None when they do not meet."""
    if not overlaps(inner, outer):
        return None
    start = max(inner[0] or OPEN_START, outer[0] or OPEN_START)
    end = min(inner[1] or OPEN_END, outer[1] or OPEN_END)
    return ("" if start == OPEN_START else start, "" if end == OPEN_END else end)
