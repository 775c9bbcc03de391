"""Why VADER scored a sentence so: its words with their valence, in context."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

from analysis.sentiment import analyzer
from analysis.text import normalise

WORD_COLUMNS = ["word", "start", "end", "valence", "in_context"]


def tone_words(sentence: str) -> pd.DataFrame:
    """The words of VADER's lexicon in a sentence, with their valence, as VADER reads them.

    VADER splits the normalised sentence on white space, strips the punctuation around each
    word and looks it up lower-cased. `valence` is the lexicon's (-4..+4); `in_context` is what
    VADER counted after its rules (negation, intensifiers, capitals, "but"): their sum, with
    the emphasis of ! and ?, is what the compound squashes into -1..+1. `start`/`end` are
    offsets into the sentence (-1 if an emoji made them unknowable). Returns WORD_COLUMNS.
    """
    sia = analyzer()
    text = normalise(sentence)
    read = _emoji_to_words(text, sia.emojis)
    senti = SentiText(read)
    tokens = senti.words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(tokens):
        # As polarity_scores: intensifiers and "kind of" carry no valence of their own.
        if item.lower() in BOOSTER_DICT or (
            item.lower() == "kind" and i < len(tokens) - 1 and tokens[i + 1].lower() == "of"
        ):
            sentiments.append(0)
            continue
        sentiments = sia.sentiment_valence(0, senti, item, i, sentiments)
    sentiments = sia._but_check(tokens, sentiments)
    spans = _token_spans(text)
    if [text[s:e] for s, e in spans] != tokens:
        spans = [(-1, -1)] * len(tokens)
    rows = [
        (token, start, end, float(sia.lexicon[token.lower()]), float(value))
        for token, (start, end), value in zip(tokens, spans, sentiments, strict=True)
        if token.lower() in sia.lexicon
    ]
    return pd.DataFrame(rows, columns=WORD_COLUMNS)


def _emoji_to_words(text: str, emojis: Mapping[str, str]) -> str:
    """The text as polarity_scores reads it: each emoji replaced by its description."""
    out, prev_space = "", True
    for char in text:
        if char in emojis:
            out += ("" if prev_space else " ") + emojis[char]
            prev_space = False
        else:
            out += char
            prev_space = char == " "
    return out.strip()


def _token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each of VADER's tokens in text (SentiText._strip_punc_if_word)."""
    spans = []
    for m in re.finditer(r"\S+", text):
        token = SentiText._strip_punc_if_word(m.group())
        offset = m.group().find(token)
        spans.append((m.start() + offset, m.start() + offset + len(token)))
    return spans
