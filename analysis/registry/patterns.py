"""Name patterns: the bounded trie regexes the matcher scans with, and spelling variants."""

from __future__ import annotations

import itertools
import re
from functools import cache

from analysis.text import normalise

_WORD = re.compile(r"\w+")
_INSIDE = re.compile(r"(?<=[\w.])")  # a name cannot start here: _LEAD
_NAME_NEXT = re.compile(r"(?:[ \t]+|[ \t]*\n[ \t]*)[A-Z]")
_LEAD = r"(?<![\w.])"  # no word character or full stop right before a name
_LEAD_LATER = r"(?<![\w.].)"  # the same, asserted one character into the name
_TAIL = r"(?!\w)"
_FEW_WORDS = 32  # above, one regex search beats a str.find per first word
_SHORT = 200  # characters: a shorter text (a headline) is scanned as it is, without lower()
_THE_TITLE = r"[Tt]" + _LEAD_LATER + r"he\s+("  # roles.title_pattern's start, moved on


def _bounded(body: str, flags: int = 0) -> re.Pattern[str]:
    if not body:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(_LEAD + "(?:" + body + ")" + _TAIL, flags)


def _name_pattern(names, ignorecase: bool = False) -> re.Pattern[str]:
    """The names as a bounded trie regex (as `_bounded(trie_regex(names))`, with re.IGNORECASE
    if asked), laid out to start with a plain character or set, so that re's search skips
    straight to where a name could start instead of trying the pattern at every position."""
    trie = _trie(names)
    if not trie or "" in trie or " " in trie:  # nothing, or a name opening on a space
        return _bounded(_trie_to_regex(trie), re.IGNORECASE if ignorecase else 0)
    if not ignorecase:
        branches = [re.escape(c) + _LEAD_LATER + _trie_to_regex(trie[c]) for c in sorted(trie)]
        return re.compile("(?:" + "|".join(branches) + ")" + _TAIL)
    # re finds no start set for an IGNORECASE pattern: a plain set of every character that
    # may open a name leads, and each branch checks its first character again, ignoring case.
    branches = [f"(?<={re.escape(c)})" + _trie_to_regex(trie[c]) for c in sorted(trie)]
    body = "(?i:" + "|".join(branches) + ")"
    return re.compile(_first_chars(trie) + _LEAD_LATER + body + _TAIL)


def _first_chars(trie: dict) -> str:
    """A set of every character that matches, ignoring case, one that opens a name: the ASCII
    ones that do, and every other character (re's case folding reaches beyond ASCII)."""
    opening = [re.compile(f"(?i:{re.escape(c)})") for c in trie]
    ascii_chars = [chr(i) for i in range(128) if any(p.fullmatch(chr(i)) for p in opening)]
    return "[" + "".join(re.escape(c) for c in ascii_chars) + r"\x80-\U0010ffff]"


def _first_words(names) -> tuple[str, ...] | None:
    """The first words (up to a space) of the names, none the start of another; None when one
    is not ASCII, as re's case folding then reaches beyond ASCII's lower and upper case."""
    words = sorted({name.split(" ", 1)[0] for name in names})
    if not all(word.isascii() and word for word in words):
        return None
    return tuple(w for w in words if not any(w.startswith(o) and w != o for o in words))


def _occurs(norm: str, pattern: re.Pattern[str], words: tuple[str, ...]) -> bool:
    """Whether the case-insensitive pattern, whose names open with `words` (ASCII, lower
    case), matches in norm; it is tried only where one of the words starts, when _lowered
    can tell where."""
    low = _lowered(norm)
    if low is None:
        return pattern.search(norm) is not None
    for word in words:
        i = low.find(word)
        while i != -1:
            if pattern.match(norm, i):
                return True
            i = low.find(word, i + 1)
    return False


# Characters that re's IGNORECASE takes for an ASCII letter other than its own two cases.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin)


def _lowered(norm: str) -> str | None:
    """norm.lower(), if an ASCII word matches norm ignoring case (as re does) only where the
    word's lower case stands in it: at the same place (no character lowers to two), with no
    character that re takes for another ASCII letter. None otherwise."""
    low = norm.lower()
    if norm.isascii():
        return low
    if len(low) != len(norm) or any(c in norm for c in _FOLDS_TO_ASCII):
        return None
    return low


def _places(text: str, word: str, pos: int, endpos: int) -> list[int]:
    """Where the word starts in text[pos:endpos] (all of it inside)."""
    found = []
    i = text.find(word, pos, endpos)
    while i != -1:
        found.append(i)
        i = text.find(word, i + 1, endpos)
    return found


def _assert_later(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern that opens with the name boundary then one character or set, with the
    boundary moved after that character (so re can skip ahead); any other pattern as it is."""
    source = pattern.pattern
    if not source.startswith(_LEAD):
        return pattern
    first = re.match(r"\[[^\]\\\[]+\]|[A-Za-z0-9]", source[len(_LEAD) :])
    if first is None:
        return pattern
    rest = source[len(_LEAD) + first.end() :]
    return re.compile(first.group() + _LEAD_LATER + rest, pattern.flags)


def _spaced(name: str) -> str:
    return " ".join(name.split())


# An abbreviation of initials ("U.S.", "U.K."), written without its last stop too ("in the
# U.S and Canada").
_INITIALS = re.compile(r"(?:[A-Z]\.){2,4}")


@cache  # every matcher needs the variants of every name: an edit changes a few
def _variants(form: str) -> frozenset[str]:
    found = spelling_variants(normalise(form))
    if _INITIALS.fullmatch(form):
        found.add(form[:-1])
    return frozenset(found)


def spelling_variants(form: str) -> set[str]:
    """The form with each space or hyphen between words written either way
    ("Kim Jong Un" -> "Kim Jong-Un", "Kim Jong-un", ...)."""
    words = re.split(r"[ -]+", form.strip())
    if len(words) == 1 or len(words) > 5:
        return {_spaced(form)}
    variants = set()
    for seps in itertools.product((" ", "-"), repeat=len(words) - 1):
        out = words[0]
        for sep, word in zip(seps, words[1:], strict=True):
            out += sep + word
        variants.add(out)
        # After a hyphen the next word is often lower case: "Kim Jong-un", "Moon Jae-in".
        lowered = words[0]
        for sep, word in zip(seps, words[1:], strict=True):
            lowered += sep + (word[:1].lower() + word[1:] if sep == "-" else word)
        variants.add(lowered)
    return variants


def trie_regex(words: dict[str, object] | list[str]) -> str:
    """A regex alternation of the words, built as a trie so matching stays fast with thousands
    of names; longer words are tried first, and a space matches any run of white space."""
    return _trie_to_regex(_trie(words))


def _trie(words) -> dict:
    """The words as nested dicts, a character a level; "" marks where a word ends."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True
    return trie


def _trie_to_regex(node: dict) -> str:
    ends_here = "" in node
    branches = []
    for char in sorted(k for k in node if k):
        head = r"\s+" if char == " " else re.escape(char)
        branches.append(head + _trie_to_regex(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body
