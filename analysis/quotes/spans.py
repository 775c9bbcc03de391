"""Where the quotations of a text are: spans inside quote marks, and reported speech without.

Quote marks: curly double (“ ”), guillemets (« »), straight double ("), and curly single
(‘ ’) outside a double quotation (inside one it is the nested quotation, part of the outer
text). A straight " opens only at a word's start and does not close after a digit (the inch
sign in 12"). A ’ closes a
single quotation only when no letter follows it: "hasn’t" and "Kim’s" are apostrophes. A
quotation may run over several sentences and paragraphs: the open mark carries on until it
closes, and a paragraph that ends inside it continues in the next one only when that one
opens with a quote mark again (the newswire convention); otherwise it is left out as unclosed.
A span of fewer than MIN_WORDS words is a scare quote ("a “price”"), not a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.text import split_paragraphs

MIN_WORDS = 3
_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"', "\u2018": "\u2019"}
_MARKS = re.compile('[\u201c\u201d\u00ab\u00bb"\u2018\u2019]')
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    """One quotation: `start` at its open mark (or the clause's first character), `end` after
    its close mark; `pieces` the (start, end) of its words inside the marks, one per
    paragraph; `marked` False for reported speech found without quote marks."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    marked: bool = True

    def text(self, full: str) -> str:
        """The quotation's words, white space collapsed, without a trailing comma."""
        parts = (_SPACE.sub(" ", full[s:e]).strip() for s, e in self.pieces)
        return " ".join(p for p in parts if p).rstrip(" ,")

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside one of its pieces."""
        return any(s <= start and end <= e for s, e in self.pieces)


def _opens_at(text: str, i: int) -> bool:
    """A straight or single mark at i opens only at a word's start, before a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{\u2014\u2013-/:") and not after.isspace()


def _inside_word(text: str, i: int, mark: str) -> bool:
    """A closing mark that is none: the apostrophe of "hasn’t", the inch sign of 12"."""
    if mark == "\u2019":
        return text[i + 1 : i + 2].isalpha()
    return mark == '"' and text[i - 1 : i].isdigit()


def marked_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Span]:
    """The quotations inside quote marks, in text order (see the module docstring)."""
    if not _MARKS.search(text):
        return []  # most newswire stories: no paragraphs to split
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    found: list[Span] = []
    opened: tuple[int, str] | None = None  # (open mark's position, the mark closing it)
    pieces: list[tuple[int, int]] = []
    content = 0
    for n, (ps, pe) in enumerate(paragraphs):
        if opened is not None:
            content = ps + 1  # carried on: this paragraph opens with a quote mark again
        for m in _MARKS.finditer(text, ps + (opened is not None), pe):
            i, mark = m.start(), m.group()
            if opened is None:
                if mark in "\u201c\u00ab" or (mark in '"\u2018' and _opens_at(text, i)):
                    opened, content, pieces = (i, _CLOSE[mark]), i + 1, []
                continue
            if mark == opened[1] and not _inside_word(text, i, mark):
                pieces.append((content, i))
                found.append(Span(opened[0], i + 1, tuple(pieces)))
                opened = None
            elif mark in "\u201c\u00ab" and opened[1] in "\u201d\u00bb":
                opened, content, pieces = (i, _CLOSE[mark]), i + 1, []  # the last never closed
        if opened is not None:
            following = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
            reopen = text[following] if following is not None else ""
            if reopen and reopen in _CLOSE and _CLOSE[reopen] == opened[1]:
                pieces.append((content, pe))
            else:
                opened = None
    return [s for s in found if _words(text, s) >= MIN_WORDS]


def _words(text: str, span: Span) -> int:
    return sum(len(_WORD.findall(text[s:e])) for s, e in span.pieces)


# Reported speech, in one sentence without quote marks: "X said (that) ...", "... , X said.",
# "According to X, ...", "..., according to X." The who-part is searched for the speaker
# (analysis.quotes.speakers), the what-part is the quotation.
VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|warned|warns|declared|noted|notes|"
    "argued|argues|insisted|insists|explained|wrote|writes|tweeted|announced|announces|"
    "claimed|claims|urged|urges|replied|acknowledged|asked|asks|commented|conceded|"
    "recalled|remarked|predicted|cautioned|complained|confirmed|denied|stressed|stresses"
)
_TOLD = r"(?:told|tells)\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w+|him|her|them|us)"
_SAYS = rf"(?:{_TOLD}|{VERBS})"
# What follows a verb that is no speech ("warned against", "told him to").
_NOT_SPEECH = r"(?:against|about|of|on|for|to|in|with|at|by|from|him|her|them|it|so)"
_WHO = r"[^,;:.!?]{1,90}?"  # a few words without a clause's punctuation
_LEADING = re.compile(
    rf"^(?P<who>{_WHO})\s+(?:has\s+|had\s+|also\s+|\w+ly\s+)?(?P<verb>{_SAYS})"
    rf"(?:\s+(?:on\s+)?(?:\w+day|today|yesterday))?,?\s+(?:that\s+)?"
    rf"(?!{_NOT_SPEECH}\b)(?P<what>\S.*)$",
    re.S,
)
_TRAILING = re.compile(
    rf"^(?P<what>.*\S),\s+(?P<who>{_WHO}\s+(?:{_SAYS})|(?:{VERBS})\s+{_WHO})"
    r"(?:\s+(?:on\s+)?\w+day)?(?:,\s+[^,]*)?[.!?]?$",
    re.S,
)
_ACCORDING_END = re.compile(
    r"^(?P<what>.*\S),\s+(?P<who>according\s+to\s+[^,]{1,90}?)[.!?]?$", re.S
)
_ACCORDING_START = re.compile(r"^(?P<who>According\s+to\s+[^,]{1,90}?),\s+(?P<what>\S.*)$", re.S)


@dataclass(frozen=True)
class Reported:
    """Reported speech in one sentence: the quotation's span, and the rest of the sentence
    (its attribution clause) with whether that clause comes after the quotation."""

    span: Span
    clause: tuple[int, int]
    after: bool


def reported_span(text: str, start: int, end: int) -> Reported | None:
    """The reported speech of the sentence text[start:end] (one without quote marks), or None."""
    sentence = text[start:end].rstrip()
    for pattern in (_ACCORDING_START, _ACCORDING_END, _TRAILING, _LEADING):
        m = pattern.match(sentence)
        if m is None:
            continue
        ws, we = m.span("what")
        what = sentence[ws:we].rstrip(" .!?")
        if len(_WORD.findall(what)) < MIN_WORDS:
            continue
        piece = (start + ws, start + ws + len(what))
        span = Span(piece[0], piece[1], (piece,), marked=False)
        after = ws == 0
        clause = (piece[1], start + len(sentence)) if after else (start, piece[0])
        return Reported(span, clause, after)
    return None
