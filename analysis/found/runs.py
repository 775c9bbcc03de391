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
from analysis.found.pieces import GLUE_WORDS, POSSESSIVE, emit
from analysis.found.words import (
    U,
    contraction,
    headline,
    is_title,
    word_text,
)

# A capitalised word: "Haddad", "O'Brien", "Jean-Pierre", "U.S.", "McDonald's".
_WORD = rf"{U}\w*+(?:['\-.&\u2019]\w++)*+\.?"
_GLUE = "|".join(sorted(lx.PARTICLES | lx.JOINERS, key=len, reverse=True))
# Words, joined by white space and the particles of names ("Ursula von der Leyen",
# "Bashar al-Assad"); sentence starts, found by the splitter, cut runs later.
# Words of one name are one or two spaces or a wrapped line apart: not a paragraph's indent
# ("Avimo Singapore Ltd.\n    Wong said") nor a table's gap ("Group Ltd     Earnings").
_SEP = r"(?:[ \t]{1,2}|[ \t]?\n)(?![ \t\n])"
# The first word's \b is asserted after its capital instead (no word character before it; every
# capital is one): re then leaps from capital to capital by their set, where it tried \b at
# every character before (twice the time).
_RUN = re.compile(
    rf"{U}(?<!\w.){_WORD.removeprefix(U)}"
    rf"(?:{_SEP}(?:(?:{_GLUE}){_SEP}){{0,3}}(?:(?:al|el)-)?{_WORD})*+"
)
_SPACE = re.compile(r"\S+")
_NUMBERED = ("Group", "Club", "G")  # bodies named with a number: "Group of 20"
_OF_NUMBER = re.compile(r" of \d+\b")
_TICKER_TEXT = re.compile(r"[A-Z0-9.\-&]{1,10}")
# After "U.S." a sentence may end unseen ("from the U.S. Production rose"): the next word is
# judged as a sentence's first.
_DOTTED = re.compile(r"(?:[A-Z]\.){2,}$")
_BASED = re.compile(r"-(?:based|born|owned|backed|controlled|run|listed|led)$")
_OPENING = " \t\n\"'([{-*:;"


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
    name: str = ""  # the words as a name: a headline's "FERNANDO HADDAD" is "Fernando Haddad"
    judged: object = None  # what the judge made of the name's own words (see Scanner)

    @property
    def before(self) -> str:
        return self.text[max(0, self.start - 40) : self.start]

    @property
    def after(self) -> str:
        return self.text[self.end : self.end + 40]


# (run, opens a sentence, in a headline) -> the words whose capitals elsewhere in the article
# decide its cuts; ((run, opens, headline), answers) -> cuts.
_ASKS: dict[tuple[str, bool, bool], tuple[str, ...]] = {}
_CUTS: dict[tuple, list[tuple]] = {}
_CUTS_MAX = 200_000


class Scanner:
    """The runs of one article, cut into pieces; the article's own capitals as evidence."""

    def __init__(self, text: str, starts: list[int], judge=None):
        """`judge(name, title, prefix, caps)` is called once per distinct cut and its answer
        kept on the piece: what a name's own words say is the same in every article."""
        self.text = text
        self.judge = judge
        starts = sorted(set(starts)) or [0]
        if starts[0] > 0:
            starts.insert(0, 0)
        self.starts = starts
        self.runs: list[tuple[int, str, bool, bool]] = []  # start, text, initial, caps
        runs = self.runs
        heads: list[bool | None] = [None] * len(starts)
        si, n = 0, len(starts)
        stop = lx.STOP
        for m in _RUN.finditer(text):
            run = m.group()
            if run in stop:  # "The", "He", "Monday" alone: a third of all runs
                continue
            pos = m.start()
            end = pos + len(run)
            before = text[pos - 1 : pos]
            if before and before in "-'&\u2019<" and self._skip(pos, end, run):
                continue
            while si + 1 < n and starts[si + 1] <= pos:
                si += 1
            if si + 1 < n and starts[si + 1] < end:
                self._crossing(pos, end, si, heads)
                continue
            if text.startswith(" of ", end) and run.endswith(_NUMBERED):
                m = _OF_NUMBER.match(text, end)
                if m is not None:  # "Group of 20", "Group of Seven"
                    run, end = run + m.group(), m.end()
            start = starts[si]
            caps = heads[si]
            if caps is None:
                caps = heads[si] = headline(text[start : starts[si + 1] if si + 1 < n else None])
            # Opens a sentence: only openers before it, or a quotation or a colon just before.
            if pos - start < 8:
                initial = not text[start:pos].strip(_OPENING)
            else:
                c = text[pos - 1]
                initial = c in '"(' or (c == " " and text[pos - 2] in '":')
            runs.append((pos, run, initial, caps))
        self._midcaps: set[str] | None = None

    @property
    def midcaps(self) -> set[str]:
        """Words written with a capital in sentences of mixed case: names, whatever a
        dictionary says ("Bush", "Baker", "Green" are English words too). Kept as written
        ("Bush's"), looked up in the few forms a word takes (see _midcap); made when needed."""
        if self._midcaps is None:
            caps: set[str] = set()
            for _, run, initial, in_caps in self.runs:
                if not in_caps:
                    caps.update(run.split()[1:] if initial else run.split())
            self._midcaps = caps
        return self._midcaps

    def _skip(self, pos: int, end: int, run: str) -> bool:
        text = self.text
        if text[pos - 1] == "<":
            # A ticker ("<ROK>") names no one; a company in brackets ("<Norcros Plc>") does.
            return text[end : end + 1] == ">" and _TICKER_TEXT.fullmatch(run) is not None
        # "anti-American", "non-OPEC": not a name's own capital; "al-Assad" is.
        return text[pos - 2 : pos] != "l-"

    def _crossing(self, pos: int, end: int, si: int, heads: list) -> None:
        """A run that crosses into the next sentences, cut at each of their starts."""
        starts, text, n = self.starts, self.text, len(self.starts)
        j = si
        while j + 1 < n and starts[j + 1] < end:
            j += 1
        cut = [pos, *starts[si + 1 : j + 1], end]
        for k in range(len(cut) - 1):
            part = text[cut[k] : cut[k + 1]]
            stripped = part.strip()
            if not stripped:
                continue
            at, i = cut[k] + len(part) - len(part.lstrip()), si + k
            if heads[i] is None:
                heads[i] = headline(text[starts[i] : starts[i + 1] if i + 1 < n else None])
            start = starts[i]
            initial = at == start or not text[start:at].strip(_OPENING)
            self.runs.append((at, stripped, initial, heads[i]))

    def _midcap(self, titled: str) -> bool:
        caps = self.midcaps
        return (
            titled in caps
            or titled + "'s" in caps
            or titled + "." in caps
            or titled + "'" in caps
            or titled + "\u2019s" in caps
        )

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
        return [self.piece(*span) for span in self.spans()]

    def spans(self):
        """(start, end, cut, caps) of each piece, in text order; `piece` makes it a Piece."""
        for pos, run, initial, caps in self.runs:
            key = (run, initial, caps)
            # How a run is cut depends on its words and, for a few words at a sentence's start
            # or in a headline, on whether the article capitalises them elsewhere: the cuts
            # are kept per answer to those questions (most runs ask none).
            asks = _ASKS.get(key)
            if asks is not None:
                cuts = _CUTS.get((key, tuple(map(self._midcap, asks))))
                if cuts is None:
                    cuts = self._fresh(key, run, initial, caps)
            else:
                cuts = self._fresh(key, run, initial, caps)
            for cut in cuts:
                yield pos + cut[0], pos + cut[1], cut, caps

    def _fresh(self, key: tuple, run: str, initial: bool, caps: bool) -> list[tuple]:
        asked: list[str] = []
        cuts = self._cut(run, initial, caps, asked)
        judge = self.judge
        cuts = [(*c, judge(c[6], c[3], c[5], caps) if judge else None) for c in cuts]
        if len(_CUTS) < _CUTS_MAX:
            _ASKS[key] = tuple(asked)
            _CUTS[(key, tuple(map(self._midcap, asked)))] = cuts
        return cuts

    def piece(self, start: int, end: int, cut: tuple, caps: bool) -> Piece:
        _, _, words, title, first, prefix, name, judged = cut
        text = self.text
        angle = start > 0 and text[start - 1] == "<" and text[end : end + 1] == ">"
        return Piece(start, end, words, title, first, caps, prefix, angle, text, name, judged)

    def _cut(self, run: str, initial: bool, caps: bool, asked: list[str]) -> list[tuple]:
        """The pieces of a run as (start, end, words, title, initial, prefix, name), offsets
        relative to the run; `asked` gets the words the article's capitals decided."""
        spans = [(w.start(), w.end(), w.group()) for w in _SPACE.finditer(run)]
        keep = [True] * len(spans)
        apart: set[int] = set()  # words that open a piece of their own
        # "Protective Life Corp said", "Central Statistical Board data": a common word opening
        # a sentence is the firm's own when its words go on to a suffix or a body's head.
        firm = initial and not caps and _firm(spans)
        for i, (_, _, word) in enumerate(spans):
            if word in GLUE_WORDS:
                continue
            w = word_text(word)
            # a letter alone is no name's, but "K Mart Corp" ends in a legal form
            letter = len(w) == 1 and not (i == 0 and w.isupper() and _firm(spans, False))
            stop = w in lx.STOP or (caps and w.capitalize() in lx.STOP) or letter
            if stop or (("'" in w or "\u2019" in w) and contraction(w)):
                keep[i] = False
            elif "-" in w and i + 1 < len(spans) and _BASED.search(w):
                keep[i] = False  # "Detroit-based Faygo": Faygo, and no place in its name
            elif (
                caps
                or (initial and i == 0 and not firm)
                or (i and _DOTTED.match(spans[i - 1][2]) and not _firm(spans[i - 1 :], False))
            ) and not (is_title(w) and i + 1 < len(spans)):
                dotted = i and _DOTTED.match(spans[i - 1][2])
                if dotted and i + 1 < len(spans) and _firm(spans[i - 1 :]):
                    # "the U.S. Central Intelligence Agency": a country's initials, then a
                    # body's whole name (its head ends it), not the body of a sentence after
                    apart.add(i)
                    continue
                common = self.common(w, given=not caps and len(spans) > 1)
                if common is None and not caps and not (initial and i == 0):
                    common = True  # after "U.S.": the article's capitals are this run's own
                elif common is None:  # the article decides
                    titled = w if w[1:].islower() else w.capitalize()
                    asked.append(titled)
                    common = not self._midcap(titled)
                keep[i] = not common
        if caps or initial:
            _protect_known(spans, keep, caps)
        out: list[tuple] = []
        segment: list[tuple[int, int, str]] = []
        first = 0
        for i, span in enumerate(spans):
            if i in apart:
                emit(segment, initial and first == 0, caps, out)
                segment, first = [], i
            if keep[i]:
                segment.append(span)
            ends = span[2].endswith(".") and not word_text(span[2]).endswith(".")
            # a legal form with its stop ends a firm's name: "Moody's Investors Service Inc.
            # L.F. Rothschild" are two firms
            ends = ends or span[2].endswith(".") and _legal_then_name(spans, i)
            owned = POSSESSIVE.search(span[2]) is not None and not _owned_firm(spans, i)
            if not keep[i] or ends or owned:
                emit(segment, initial and first == 0, caps, out)
                segment, first = [], i + 1
        emit(segment, initial and first == 0, caps, out)
        return out


def _legal_then_name(spans, i: int) -> bool:
    if i + 1 >= len(spans) or spans[i][2] not in lx.LEGAL_FORMS:
        return False
    after = spans[i + 1][2]
    return after not in GLUE_WORDS and word_text(after) not in lx.LEGAL_FORMS


def _owned_firm(spans, i: int) -> bool:
    """Whether a possessive is a firm's own word: "Fireman's Fund Corp", "Moody's Investors
    Service Inc" (English words around it, and a legal form or a suffix to end), not a
    parent's ("Exxon's Imperial Oil Ltd") nor a place's ("Britain's Imperial Chemical")."""
    if i + 1 >= len(spans) or not _firm(spans[i:], False):
        return False
    owner, word = word_text(spans[i][2]), word_text(spans[i + 1][2])
    english = word.lower() in lx.lower_words() and word not in lx.STOP
    if lx.known_kinds().get(owner) == lx.PLACE and i + 2 < len(spans):
        # a town's or a region's name owning one English word and a legal form: "Hudson's
        # Bay Co" (a country's does not: "Britain's Imperial Chemical Industries Plc")
        return english and word_text(spans[i + 2][2]) in lx.LEGAL_FORMS
    if owner in lx.known_kinds() or owner in lx.demonyms() or owner.lower() not in lx.lower_words():
        return False
    return english


def _firm(spans, heads: bool = True) -> bool:
    """Whether a run's first words, before any joining word, end in a company's suffix or a
    body's head ("Consolidated Edison Co of New York", not "Officials of Ford Motor Co")."""
    if len(spans) < 2 or spans[0][2] in lx.STOP or is_title(word_text(spans[0][2])):
        return False
    if heads and len(spans) > 2 and spans[0][2] in _FIRM_HEADS and spans[1][2] == "of":
        return True  # "Bank of New England Corp", "Ministry of Finance officials"
    for _, _, word in spans[1:]:
        if word in GLUE_WORDS:
            return False
        w = word_text(word)
        if w in lx.ORG_SUFFIXES or w in lx.LEGAL_FORMS or heads and w in _FIRM_HEADS:
            return True
        if POSSESSIVE.search(word) or word.endswith((",", ".")) and w not in lx.LEGAL_FORMS:
            return False
    return False


# A body's heads that end a name ("Statistical Board"), not the teams' or the media's.
_FIRM_HEADS = frozenset(
    "Bank Ministry Party University College Institute Council Committee Commission Association "
    "Federation Union Society Agency Authority Board Bureau Department Office Court Exchange "
    "Reserve Foundation Organisation Organization Corporation Cooperative Consortium".split()
)


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
