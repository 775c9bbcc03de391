"""Typography normalisation and sentence splitting, both keeping offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# One character for one character, so every offset into the normalised text is an offset into
# the original. VADER's negation rules only know ASCII apostrophes ("isn’t good" would score +0.44).
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "\u0060": "'",  # `
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\t": " ",
    }
)


_TYPOGRAPHIC = re.compile("[" + re.escape("".join(map(chr, _TYPOGRAPHY))) + "]")


def normalise(text: str) -> str:
    """Straight quotes, ASCII dashes and plain spaces; same length as the input."""
    # Most characters need nothing: replacing only the few that do is far faster than
    # str.translate, which looks every character up in the table.
    if text.isascii() and "\t" not in text:
        return text
    return _TYPOGRAPHIC.sub(lambda m: _TYPOGRAPHY[ord(m.group())], text)


# Words after which a full stop never ends a sentence: titles before a name, and words before
# a number or a date ("No. 5", "Jan. 26").
TITLES = frozenset(
    """
    Mr Mrs Ms Mx Dr Prof St Mt Ft Rev Hon Gen Lt Col Maj Capt Cmdr Cdr Sgt Cpl Pvt Adm Brig
    Gov Sen Rep Pres Amb Sec Supt Insp Det Atty Messrs Mme Mlle
    No Nos Vol Fig approx vs est
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """.split()
)
# Words that end a name and so often end a sentence too ("... by Salomon Brothers Inc. The
# bonds ..."; 224 such "Inc." sentences ran into the next one in Reuters-21578): their full
# stop ends the sentence before a word that starts one, as an acronym's does.
SUFFIXES = frozenset(
    """
    Jr Sr Inc Corp Co Ltd Bros Dept Univ Assn Ave Blvd Rd
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb
    Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """.split()
)
ABBREVIATIONS = TITLES | SUFFIXES

# After a suffix or an acronym such as "U.S." a full stop ends the sentence only before a word
# like these.
_SENTENCE_STARTERS = frozenset(
    """
    The A An It He She They We I You This That These Those There But And Or So Yet In On At
    For If When While As After Before His Her Their Its Our My Some Many Most Officials
    """.split()
)
# ... but not these after an acronym: "U.S. And West German officials", "U.S. Officials said",
# "exports to the U.S. In 1986 rose" (Reuters capitalises the word after "U.S."; 233 "U.S. And"
# and 77 "U.S. Officials" splits there were wrong). A conjunction or preposition joins the
# acronym to what follows far more often than it opens a sentence; a paragraph break still
# ends one.
_JOINING = frozenset("And Or Nor In On At For As Officials".split())
_AFTER_ACRONYM = _SENTENCE_STARTERS - _JOINING

_CLOSERS = "\"')]\u201d\u2019"
_OPENERS = "\"'([\u201c\u2018"  # stripped from the start of the word before a full stop
# A run of stops is tried once, from its first character (the lookbehind: not after another
# stop), and never backtracked into ("*+"): retried from each stop of a run, 80,000 full stops
# took 83 s. The lookbehind follows the first stop so that the engine still leaps from stop
# to stop (before it, the pattern is twice as slow on prose).
_END = re.compile(r"[.!?\u2026](?<![.!?\u2026]{2})[.!?\u2026]*+[\"')\]\u201d\u2019]*+(?=\s)")
_LINE_BREAK = re.compile(r"\n\s*")
# A straight quotation opens at a word's start: in '"Bad," he said. "Go."' the '" he said. "'
# between two quotations is none (taken for one, it hid some 100 sentence ends after "said." in
# Reuters-21578). The look-behind follows the quote, so the engine still leaps to each quote.
_QUOTE = re.compile(r"\u201c[^\u201c\u201d\n]{0,400}\u201d|\"(?<![^\s(\[]\")[^\"\n]{0,400}\"")
_NEXT = re.compile(r"\s+(\S+)")
_VISIBLE = re.compile(r"\S")
_STOPPED = re.compile(r"[.!?\u2026][\"')\]\u201d\u2019]*$")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")
# What a full stop's word is judged by: enough to tell the longest abbreviation from a longer word.
_LONGEST = max(map(len, ABBREVIATIONS)) + 1


def is_hard_wrapped(text: str) -> bool:
    """Whether single line breaks are wrapping (newswire at 70 columns), not paragraph ends:
    nine in ten lines fit in 90 columns, and one line break in ten (of those between two
    lines) runs on into a lower-case word, which lines of one sentence or paragraph each never
    do ("Summit report\nKim Jong Un arrived by train.\nHe met Putin.")."""
    lines = text.split("\n")
    # A line shows when it holds more than white space (isspace: no copy, as strip made).
    lengths = [len(line) for line in lines if line and not line.isspace()]
    if len(lengths) < 3:
        return False
    # The 90th percentile of the lengths, counted, not sorted for.
    if len([n for n in lengths if n <= 90]) < int(len(lengths) * 0.9):
        return False
    pairs = zip(lines, lines[1:], strict=False)
    starts = [
        c for here, after in pairs if here and not here.isspace() and (c := after.lstrip()[:1])
    ]
    return len([c for c in starts if c.islower()]) * 10 >= len(starts)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank lines end one, and so do single line breaks
    unless the text is hard-wrapped (then see _wrapped_paragraphs)."""
    if is_hard_wrapped(text):
        return _wrapped_paragraphs(text)
    spans, start = [], 0
    for m in _LINE_BREAK.finditer(text):
        spans.append(_strip(text, start, m.start()))
        start = m.end()
    spans.append(_strip(text, start, len(text)))
    return [(s, e) for s, e in spans if s < e]


def _wrapped_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs of hard-wrapped text. A line break ends one after a blank line, before an
    indented line (two or more columns past the text's least indent: newswire indents each
    paragraph's first line, and each row of its tables), and after a heading: a line that
    starts a paragraph (not the text's first: a loader takes that for the title, and newswire's
    first line is short where its dateline was cut), ends without a stop, fills at most half
    the usual width (the 90th percentile of the line lengths) and is followed by a capital
    ("\n\nSummit report\nKim Jong Un arrived by train.")."""
    lines = text.split("\n")
    shows = [bool(line) and not line.isspace() for line in lines]
    shown = [line for line, show in zip(lines, shows, strict=True) if show]
    lengths = sorted(len(line.rstrip()) for line in shown)
    half = lengths[int(len(lengths) * 0.9) - 1] // 2
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines]
    indent = min(i for i, show in zip(indents, shows, strict=True) if show) + 2
    # A paragraph goes on only over lines that show, so `here` starts one (a line alone in
    # it) when it is the line the paragraph started at: counted, not looked for in its text.
    spans, start, pos, first = [], 0, 0, 0
    for i in range(len(lines) - 1):
        here = lines[i]
        pos += len(here) + 1  # where the line after starts
        if not shows[i] or not shows[i + 1]:
            ends = True
        else:
            ends = (
                indents[i + 1] >= indent
                or (
                    start > 0  # `here` starts a paragraph, but not the text
                    and first == i
                    and len(here.strip()) <= half
                    and not _STOPPED.search(here.rstrip())
                    and lines[i + 1].lstrip()[:1].isupper()
                )
            )
        if ends:
            spans.append(_strip(text, start, pos - 1))
            start, first = pos, i + 1
    spans.append(_strip(text, start, len(text)))
    return [(s, e) for s, e in spans if s < e]


# The longest paragraph an article may have. A sentence never outgrows its paragraph, so this
# bounds every sentence too: what is scored as one tone and shown in one cell of Evidence.
# 200,000 characters is some 30,000 words, 15 times the longest paragraph of Reuters-21578
# (13,395) and more than most whole articles; a longer one is no prose but a dump, a minified
# page or a paste that lost its line breaks. Splitting one this long takes 15-40 ms.
MAX_PARAGRAPH_CHARS = 200_000


def paragraph_problem(text: str) -> str | None:
    """Why an article's text is refused for a paragraph too long to split, or None."""
    if len(text) <= MAX_PARAGRAPH_CHARS:  # the common case, without splitting
        return None
    longest = max((end - start for start, end in split_paragraphs(text)), default=0)
    if longest <= MAX_PARAGRAPH_CHARS:
        return None
    return (
        f"a paragraph of {longest:,} characters (limit {MAX_PARAGRAPH_CHARS:,}): "
        "add paragraph breaks"
    )


@dataclass
class Work:
    """What splitting did beside one pass of its patterns over the text: sentence ends decided,
    characters looked back over, quotations and words stepped past. It grows with the text, so
    tests can count it where they may not time it."""

    steps: int = 0


def split_sentences(text: str, work: Work | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in text, whitespace trimmed.

    A sentence ends at . ! ? (with any closing quotes) before white space, except after an
    abbreviation or initial ("Gen.", "N. Korea"), inside a short quotation, or before a
    lower-case word; paragraph breaks always end one. Time and `work` grow linearly with
    the text.
    """
    spans: list[tuple[int, int]] = []
    steps = 0
    for p_start, p_end in split_paragraphs(text):
        steps += _split_paragraph(text[p_start:p_end], p_start, spans)
    if work is not None:
        work.steps += steps
    return spans


def _split_paragraph(para: str, offset: int, spans: list[tuple[int, int]]) -> int:
    """Append the paragraph's sentences to spans; the work it took.

    Each sentence end looks back a bounded way: a cursor over the quotations, and the last
    space seen so far, so that a paragraph's work is linear in its length (looking back to
    its start at each full stop froze a server on a 512 KB paste).
    """
    quotes = [m.span() for m in _QUOTE.finditer(para)]  # in order, never overlapping
    quote = -1  # the last quotation opened before the current stop
    scanned = 0  # the look-back has seen para[:scanned] ...
    space = -1  # ... and the last " " or "\n" in it
    word = solid = -1  # the start of the last word looked at, and of its text after openers
    opening = -1  # the first visible character of the sentence being read, once looked for
    steps = start = 0
    for m in _END.finditer(para):
        stop, end = m.span()
        steps += 1
        # Of the quotations opened before the stop, only the last can still be open.
        while quote + 1 < len(quotes) and quotes[quote + 1][0] < stop:
            quote += 1
            steps += 1
        if quote >= 0 and end < quotes[quote][1]:
            continue
        nxt = _NEXT.match(para, end)
        if nxt is not None:
            steps += nxt.end() - end  # the words after two stops never overlap
            following = nxt.group(1).lstrip(_CLOSERS + "\u201c\u2018(")
            if following[:1].islower():
                continue
            if para[stop] == ".":
                found = max(para.rfind(" ", scanned, stop), para.rfind("\n", scanned, stop))
                steps += stop - scanned
                scanned, space = stop, max(space, found)
                if word != space + 1:  # a new word: step past its openers, once
                    word = solid = space + 1
                    while para[solid] in _OPENERS:  # ends at the stop at the latest
                        solid += 1
                    steps += solid - word
                if opening < start:  # once a sentence: its white space is stepped over once
                    opening = _VISIBLE.search(para, start).start()  # the stop at the latest
                    steps += opening - start
                tail = para[max(solid, stop - _LONGEST) : stop]
                if not _ends_sentence(tail, following, lone=word == opening):
                    continue
        spans.append(_strip(para, start, end, offset))
        start = end
    last = _strip(para, start, len(para), offset)
    if last[0] < last[1]:
        spans.append(last)
    return steps


def _ends_sentence(tail: str, following: str, lone: bool) -> bool:
    """Whether a full stop ends the sentence, after the last _LONGEST characters of its word
    (without opening quotes) and before the word `following`; `lone`: the word is all the
    sentence has so far (a sentence is never a lone "U.S." or "Inc.")."""
    if len(tail) < _LONGEST:
        if tail in TITLES or (len(tail) == 1 and tail.isupper()):
            return False
        if lone and tail.isdigit() and len(tail) <= 3:  # a list's number: "1. A ceasefire"
            return False
        if tail in SUFFIXES:
            return not lone and following.rstrip(",;:") in _SENTENCE_STARTERS
    # An acronym ("U.S.") shows in the word's last three characters alone.
    if _ACRONYM.search(tail[-3:] + "."):
        return not lone and following.rstrip(",;:") in _AFTER_ACRONYM
    return True


def _strip(text: str, start: int, end: int, offset: int = 0) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start + offset, end + offset
