"""The words that drove the tone toward a mention: leave one word out, score again.

The model is not linear in its words (a hidden layer, and VADER's compound of the sentence
and of the sentence without the name among its inputs), so no per-word share of the score is
exact. Leaving each word out of the sentence and scoring what is left is: a word's pull is how
far the predicted label's measure falls without it. All of a sentence's variants go through
the model in one batch, so a mention in a 30-word sentence costs about 30 predictions, on
demand for the sentences a page shows, never at ingest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.tone.features import tokens
from analysis.tone.model import LABELS, shipped

TOP = 3  # words shown a mention: enough to see why, few enough to read in a cell
MIN_PULL = 0.02  # a word moving its measure less than this drove nothing
_WORD = re.compile(r"\w")  # a token with a letter or digit is a word; punctuation is not


@dataclass(frozen=True)
class Driver:
    """One word that drove the label: its text, its span in the sentence, and its pull: how far
    the label's measure falls when it is left out (score = P(positive) - P(negative) for a
    positive label, minus that for a negative one, P(neutral) for a neutral one)."""

    word: str
    start: int
    end: int
    pull: float


def measure(p: np.ndarray, label: str) -> np.ndarray:
    """The label's measure of probability rows (..., 3): the score toward the label's side
    for positive and negative, P(neutral) for neutral."""
    score = p[..., 2] - p[..., 0]
    if label == "positive":
        return score
    if label == "negative":
        return -score
    return p[..., 1]


def without(sentence: str, start: int, end: int, a: int, b: int) -> tuple[str, int, int]:
    """The sentence with sentence[a:b] (outside the mention) cut, and the mention's span in it."""
    shift = b - a if b <= start else 0
    return sentence[:a] + sentence[b:], start - shift, end - shift


def drivers(
    mentions: Sequence[tuple[str, int, int]], top: int = TOP
) -> list[tuple[str, list[Driver]]]:
    """(label, drivers) for each (sentence, start, end): the predicted label and up to `top`
    words outside the mention whose leaving out lowers its measure most, most first."""
    variants: list[tuple[str, int, int]] = []
    words: list[list[tuple[str, int, int]]] = []
    for sentence, start, end in mentions:
        outside = [
            (t, a, b)
            for t, a, b in tokens(sentence)
            if _WORD.search(t) and (b <= start or a >= end)
        ]
        words.append(outside)
        variants.append((sentence, start, end))
        variants.extend(without(sentence, start, end, a, b) for _, a, b in outside)
    p = shipped().probabilities(variants)
    out, at = [], 0
    for outside in words:
        full, rest = p[at], p[at + 1 : at + 1 + len(outside)]
        at += 1 + len(outside)
        label = LABELS[int(full.argmax())]
        pulls = measure(full, label) - measure(rest, label)
        best = np.argsort(-pulls, kind="stable")[:top]
        out.append(
            (
                label,
                [
                    Driver(outside[i][0], outside[i][1], outside[i][2], round(float(pulls[i]), 4))
                    for i in best
                    if pulls[i] >= MIN_PULL
                ],
            )
        )
    return out
