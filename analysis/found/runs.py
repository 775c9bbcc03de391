"""Runs of capitalised words, cut into the pieces that may each name one entity.

One regular expression finds every run ("Finance Minister Fernando Haddad", "Bank of England",
"Luiz Inacio Lula da Silva"); Python then looks only at the runs, which keeps the finder fast.
A run is cut where its capitals say nothing: words that are always capitalised ("The",
"Monday"), common words at a sentence's start ("Analysts said"), every common word of a
headline in capitals, a possessive ("Brazil's Finance Minister"), and titles, which mark the
name after them as a person's. How a run is cut depends on its words, on whether it opens a
sentence or stands in a headline, and (for those two) on the article's other capitals; runs
recur (names, "The", "U.S."), so cuts that do not depend on the article are kept, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.found import lexicon as lx

_UPPER = "".join(c for c in map(chr, range(0x2000)) if c.isupper() or c.istitle())
_U = "[" + re.escape(_UPPER) + "]"
# A capitalised word: "Haddad", "O'Brien", "Jean-Pierre", "U.S.", "McDonald's".
_WORD = rf"{_U}\w*+(?:['\-.&\u2019]\w++)*+\.?"
_GLUE = "|".join(sorted(lx.PARTICLES | lx.JOINERS, key=len, reverse=True))
# Words, joined by white space and the particles of names ("Ursula von der Leyen",
# "Bashar al-Assad"); sentence starts, found by the splitter, cut runs later.
_RUN = re.compile(rf"\b{_WORD}(?:[ \t\n]+(?:(?:{_GLUE})[ \t\n]+){{0,3}}(?:(?:al|el)-)?{_WORD})*+")
_SPACE = re.compile(r"\S+")
_TICKER_TEXT = re.compile(r"[A-Z0-9.\-&]{1,10}")
_ACRONYM = re.compile(r"(?:[A-Z]\.)+$")  # "U.S.", and an initial: "N. Chandrababu Naidu"
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LOWER_WORD = re.compile(r"\b[a-z][a-z]{3,}\b")
_CAP_WORD = re.compile(rf"\b{_U}")
_OPENING = " \t\n\"'([{-*:;"
_GLUE_WORDS = lx.PARTICLES | lx.JOINERS

# Abbreviations whose full stop belongs to the word ("Inc.", "Mr.", "St."), not the sentence.
ABBREVIATED = frozenset(
    "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Maj Capt Adm Cmdr Sgt Brig Rev St Mt Ft Jr Sr "
    "Inc Corp Co Cos Ltd Bros No".split()
)


@dataclass(slots=True)
class Piece:
    """Words that may name one entity, with what the run around them said about them."""

    start: int
    end: int
    words: tuple[str, ...]
    title: str = ""  # the title just before ("Minister"), which makes the piece a person
    initial: bool = False  # opens a sentence
    caps: bool = False  # in a headline of capitals or Title Case
    prefix: bool = False  # the words before a title ("U.S." of "U.S. Secretary ...")
    angle: bool = False  # in angle brackets, as newswire marks a company: "<Norcros Plc>"
    text: str = ""  # the article, for the words around

    @property
    def before(self) -> str:
        return self.text[max(0, self.start - 40) : self.start]

    @property
    def after(self) -> str:
        return self.text[self.end : self.end + 40]


def word_text(word: str) -> str:
    """A word without its possessive or its sentence's full stop."""
    if word.endswith(("'s", "'S", "\u2019s")):
        word = word[:-2]
    elif word.endswith(("'", "\u2019")):
        word = word[:-1]
    if word.endswith(".") and word[:-1] not in ABBREVIATED and not _ACRONYM.match(word):
        word = word[:-1]
    return word


def is_title(word: str) -> bool:
    return word.rstrip(".") in lx.TITLES


def headline(sentence: str) -> bool:
    """All capitals, or Title Case with no lower-case word of four letters or more."""
    if sentence.upper() == sentence:
        return any(c.isalpha() for c in sentence)
    return not _LOWER_WORD.search(sentence) and len(_CAP_WORD.findall(sentence)) >= 4


# (run, opens a sentence, in a headline) -> cuts, for runs whose cuts the article cannot change.
_CUTS: dict[tuple[str, bool, bool], list[tuple]] = {}
_CUTS_MAX = 200_000


class Scanner:
    """The runs of one article, cut into pieces; the article's own capitals as evidence."""

    def __init__(self, text: str, starts: list[int]):
        self.text = text
        starts = sorted(set(starts)) or [0]
        if starts[0] > 0:
            starts.insert(0, 0)
        self.starts = starts
        self.runs: list[tuple[int, str, bool, bool]] = []  # start, text, initial, caps
        heads: dict[int, bool] = {}
        si, n = 0, len(starts)
        for m in _RUN.finditer(text):
            pos, run = m.start(), m.group()
            end = m.end()
            if pos and text[pos - 1] in "-'&\u2019" and text[pos - 2 : pos] not in ("l-",):
                continue  # "anti-American", "non-OPEC": not a name's own capital
            angled = text[pos - 1 : pos] == "<" and text[end : end + 1] == ">"
            if angled and _TICKER_TEXT.fullmatch(run):
                continue  # a ticker ("<ROK>") names no one
            while si + 1 < n and starts[si + 1] <= pos:
                si += 1
            # A run that crosses into the next sentences is cut at each of their starts.
            j = si
            while j + 1 < n and starts[j + 1] < end:
                j += 1
            if j == si:
                self._add_run(pos, run, si, heads)
                continue
            cut = [pos, *starts[si + 1 : j + 1], end]
            for k in range(len(cut) - 1):
                piece = text[cut[k] : cut[k + 1]].rstrip()
                lead = len(piece) - len(piece.lstrip())
                if piece.strip():
                    self._add_run(cut[k] + lead, piece.strip(), si + k, heads)
        # Words written with a capital in sentences of mixed case: names, whatever a
        # dictionary says ("Bush", "Baker", "Green" are English words too).
        self.midcaps: set[str] = set()
        for _, run, initial, caps in self.runs:
            if not caps:
                words = run.split()
                self.midcaps.update(map(word_text, words[1:] if initial else words))

    def _add_run(self, pos: int, run: str, si: int, heads: dict[int, bool]) -> None:
        text, start = self.text, self.starts[si]
        if si not in heads:
            end = self.starts[si + 1] if si + 1 < len(self.starts) else len(text)
            heads[si] = headline(text[start:end])
        # Opens a sentence: only openers before it, or a quotation or a colon just before.
        initial = (pos - start < 8 and not text[start:pos].strip(_OPENING)) or text[
            max(start, pos - 3) : pos
        ].rstrip()[-1:] in "\"':("
        self.runs.append((pos, run, initial, heads[si]))

    def common(self, word: str, given: bool) -> bool | None:
        """Whether a capital on this word may only be the sentence's or the headline's: True
        or False in every article, or None when the article's other capitals decide."""
        if word in lx.STOP or len(word) == 1:
            return True
        lower = word.lower()
        words = lx.lower_words()
        if lower not in words and not ("-" in lower and all(p in words for p in lower.split("-"))):
            return False
        titled = word if word[1:].islower() else word.capitalize()
        if given and titled in lx.given_names():  # "Mark Carney said", not "ROMANIA BEAT"
            return False
        kind = lx.known_kinds().get(titled)
        if kind is not None and kind != lx.PLACE:
            return False
        return None  # common, unless the article writes it with a capital elsewhere

    def pieces(self) -> list[Piece]:
        out: list[Piece] = []
        text = self.text
        for pos, run, initial, caps in self.runs:
            key = (run, initial, caps)
            cuts = _CUTS.get(key)
            if cuts is None:
                cuts, fixed = self._cut(run, initial, caps)
                if fixed and len(_CUTS) < _CUTS_MAX:
                    _CUTS[key] = cuts
            for start, end, words, title, first, prefix in cuts:
                s, e = pos + start, pos + end
                angle = text[s - 1 : s] == "<" and text[e : e + 1] == ">"
                out.append(Piece(s, e, words, title, first, caps, prefix, angle, text))
        return out

    def _cut(self, run: str, initial: bool, caps: bool) -> tuple[list[tuple], bool]:
        """The pieces of a run as (start, end, words, title, initial, prefix) relative to the
        run, and whether they hold in every article."""
        spans = [(w.start(), w.end(), w.group()) for w in _SPACE.finditer(run)]
        fixed = True
        keep = [True] * len(spans)
        for i, (_, _, word) in enumerate(spans):
            if word in _GLUE_WORDS:
                continue
            w = word_text(word)
            if w in lx.STOP or (caps and w.capitalize() in lx.STOP) or len(w) == 1:
                keep[i] = False
            elif caps or (initial and i == 0):
                common = self.common(w, given=not caps and len(spans) > 1)
                if common is None:
                    fixed = False  # the article decides
                    titled = w if w[1:].islower() else w.capitalize()
                    common = titled not in self.midcaps
                keep[i] = not common
        if caps or initial:
            _protect_known(spans, keep, caps)
        out: list[tuple] = []
        segment: list[tuple[int, int, str]] = []
        first = 0
        for i, span in enumerate(spans):
            if keep[i]:
                segment.append(span)
            ends = span[2].endswith(".") and not word_text(span[2]).endswith(".")
            if not keep[i] or ends or _POSSESSIVE.search(span[2]):
                _emit(segment, initial and first == 0, out)
                segment, first = [], i + 1
        _emit(segment, initial and first == 0, out)
        return out, fixed


def _protect_known(spans, keep, caps) -> None:
    """A name of several words the gazetteer knows is never cut ("New York", "UNITED ARAB
    EMIRATES"): its first word is common only as a word."""
    known = lx.known_kinds()
    words = [word_text(s[2]) for s in spans]
    forms = [words]
    if caps:
        forms = [
            [w.capitalize() for w in words],
            [w if len(w) <= 3 and w.isupper() else w.capitalize() for w in words],
        ]
    n = len(words)
    for i in range(n):
        for j in range(min(n, i + 5), i + 1, -1):
            if any(" ".join(f[i:j]) in known for f in forms):
                for k in range(i, j):
                    keep[k] = True
                break


def _trim(segment):
    while segment and segment[0][2] in _GLUE_WORDS:
        segment = segment[1:]
    while segment and segment[-1][2] in _GLUE_WORDS:
        segment = segment[:-1]
    return segment


def _emit(segment, initial: bool, out: list[tuple]) -> None:
    segment = _trim(segment)
    if not segment:
        return
    words = [word_text(s[2]) for s in segment]
    # A title opens a person's name unless the run names a body ("Queen Elizabeth College").
    last = words[-1]
    body = last in lx.ORG_HEADS or last in lx.ORG_SUFFIXES or last in lx.PLACE_HEADS
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
            _add(segment[:first_title], "", initial, True, out)
        _add(segment[cut + 1 :], words[cut].rstrip("."), False, False, out)
    elif not (len(words) == 1 and is_title(words[0])):  # "the President" names no one here
        _add(segment, "", initial, False, out)


def _add(segment, title: str, initial: bool, prefix: bool, out: list[tuple]) -> None:
    segment = _trim(segment)
    if not segment:
        return
    words = tuple(word_text(s[2]) for s in segment)
    end = segment[-1][1] - (len(segment[-1][2]) - len(words[-1]))
    out.append((segment[0][0], end, words, title, initial, prefix))
