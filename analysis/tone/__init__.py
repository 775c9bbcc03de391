"""Tone toward one mention in a sentence: negative, neutral or positive, with a score.

A small model trained on NewsMTSC (scripts/train_tone.py), shipped in analysis/tone/data/;
numpy only at run time. VADER scores the sentence; this scores what it says about one mention.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.tone.model import LABELS, ModelError, shipped

__all__ = ["LABELS", "ModelError", "predict", "predict_batch"]


def predict(sentence: str, start: int, end: int) -> tuple[str, float]:
    """(label, score) of the tone toward sentence[start:end]: score is P(positive) -
    P(negative), from -1 to 1."""
    return predict_batch([(sentence, start, end)])[0]


def predict_batch(mentions: Sequence[tuple[str, int, int]]) -> list[tuple[str, float]]:
    """predict for each (sentence, start, end), in one pass."""
    p = shipped().probabilities(list(mentions))
    return [(LABELS[int(row.argmax())], round(float(row[2] - row[0]), 4)) for row in p]
