"""Typography normalisation and sentence splitting, both keeping offsets into the original text."""

from __future__ import annotations

import re

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
_END = re.compile(r"[.!?\u2026]+[\"')\]\u201d\u2019]*(?=\s)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_QUOTE = re.compile(r"\u201c[^\u201c\u201d\n]{0,400}\u201d|\"[^\"\n]{0,400}\"")
_NEXT = re.compile(r"\s+(\S+)")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")


def is_hard_wrapped(text: str) -> bool:
    """Whether single line breaks are wrapping (newswire at 70 columns), not paragraph ends."""
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    if len(lengths) < 3:
        return False
    return lengths[int(len(lengths) * 0.9) - 1] <= 90


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank lines end one, and so do single line breaks
    unless the text is hard-wrapped."""
    breaks = _PARAGRAPH if is_hard_wrapped(text) else re.compile(r"\n\s*")
    spans, start = [], 0
    for m in breaks.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in text, whitespace trimmed.

    A sentence ends at . ! ? (with any closing quotes) before white space, except after an
    abbreviation or initial ("Gen.", "N. Korea"), inside a short quotation, or before a
    lower-case word; paragraph breaks always end one.
    """
    spans = []
    for p_start, p_end in split_paragraphs(text):
        para = text[p_start:p_end]
        quoted = [m.span() for m in _QUOTE.finditer(para)]
        start = 0
        for m in _END.finditer(para):
            if _is_boundary(para, m.start(), m.end(), quoted):
                spans.append(_strip(para, start, m.end(), p_start))
                start = m.end()
        if para[start:].strip():
            spans.append(_strip(para, start, len(para), p_start))
    return spans


def _is_boundary(para: str, stop: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    if any(q_start < stop and end < q_end for q_start, q_end in quoted):
        return False
    nxt = _NEXT.match(para, end)
    if nxt is None:
        return True
    following = nxt.group(1).lstrip(_CLOSERS + "\u201c\u2018(")
    if following[:1].islower():
        return False
    if para[stop] != ".":
        return True
    token = para[max(para.rfind(" ", 0, stop), para.rfind("\n", 0, stop)) + 1 : stop]
    token = token.lstrip("\"'([\u201c\u2018")
    if token in ABBREVIATIONS or (len(token) == 1 and token.isupper()):
        return False
    if _ACRONYM.search(token + "."):
        return following.rstrip(",;:") in _SENTENCE_STARTERS
    return True


def _strip(text: str, start: int, end: int, offset: int = 0) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start + offset, end + offset
