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


# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    Mr Mrs Ms Mx Dr Prof Sr Jr St Mt Ft Rev Hon Gen Lt Col Maj Capt Cmdr Cdr Sgt Cpl Pvt Adm Brig
    Gov Sen Rep Pres Amb Sec Supt Insp Det Atty Messrs Mme Mlle
    Inc Corp Co Ltd Bros Dept Univ Assn Ave Blvd Rd No Nos Vol Fig approx vs est
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb
    Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """.split()
)

# After an acronym such as "U.S." a full stop ends the sentence only before a word like these.
_SENTENCE_STARTERS = frozenset(
    """
    The A An It He She They We I You This That These Those There But And Or So Yet In On At
    For If When While As After Before His Her Their Its Our My Some Many Most Officials
    """.split()
)

_CLOSERS = "\"')]\u201d\u2019"
_OPENERS = "\"'([\u201c\u2018"  # stripped from the start of the word before a full stop
# A run of stops is tried once, from its first character (the lookbehind: not after another
# stop), and never backtracked into ("*+"): retried from each stop of a run, 80,000 full stops
# took 83 s. The lookbehind follows the first stop so that the engine still leaps from stop
# to stop (before it, the pattern is twice as slow on prose).
_END = re.compile(r"[.!?\u2026](?<![.!?\u2026]{2})[.!?\u2026]*+[\"')\]\u201d\u2019]*+(?=\s)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_QUOTE = re.compile(r"\u201c[^\u201c\u201d\n]{0,400}\u201d|\"[^\"\n]{0,400}\"")
_NEXT = re.compile(r"\s+(\S+)")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")
# What a full stop's word is judged by: enough to tell the longest abbreviation from a longer word.
_LONGEST = max(map(len, ABBREVIATIONS)) + 1


def is_hard_wrapped(text: str) -> bool:
    """Whether single line breaks are wrapping (newswire at 70 columns), not paragraph ends."""
    lengths = [len(line) for line in text.split("\n") if line.strip()]
    if len(lengths) < 3:
        return False
    # Nine in ten lines fit in 90 columns: the 90th percentile of the lengths, counted, not
    # sorted for.
    return sum(n <= 90 for n in lengths) >= int(len(lengths) * 0.9)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank lines end one, and so do single line breaks
    unless the text is hard-wrapped."""
    breaks = _PARAGRAPH if is_hard_wrapped(text) else _LINE_BREAK
    spans, start = [], 0
    for m in breaks.finditer(text):
        spans.append(_strip(text, start, m.start()))
        start = m.end()
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
                if not _ends_sentence(para[max(solid, stop - _LONGEST) : stop], following):
                    continue
        spans.append(_strip(para, start, end, offset))
        start = end
    last = _strip(para, start, len(para), offset)
    if last[0] < last[1]:
        spans.append(last)
    return steps


def _ends_sentence(tail: str, following: str) -> bool:
    """Whether a full stop ends the sentence, after the last _LONGEST characters of its word
    (without opening quotes) and before the word `following`."""
    if len(tail) < _LONGEST and (tail in ABBREVIATIONS or (len(tail) == 1 and tail.isupper())):
        return False
    # An acronym ("U.S.") shows in the word's last three characters alone.
    if _ACRONYM.search(tail[-3:] + "."):
        return following.rstrip(",;:") in _SENTENCE_STARTERS
    return True


def _strip(text: str, start: int, end: int, offset: int = 0) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start + offset, end + offset
