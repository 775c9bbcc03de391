"""VADER tone per sentence: exactly vaderSentiment's polarity_scores of the normalised text."""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# The thresholds from VADER's README: compound >= 0.05 is positive, <= -0.05 negative.
POSITIVE = 0.05
NEGATIVE = -0.05
SCORES = ("compound", "pos", "neu", "neg")


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """One analyzer per process: building it reads the lexicon; scoring only reads it."""
    return SentimentIntensityAnalyzer()


def score(sentence: str) -> tuple[float, float, float, float]:
    """(compound, pos, neu, neg) of one already-normalised sentence."""
    s = analyzer().polarity_scores(sentence)
    return s["compound"], s["pos"], s["neu"], s["neg"]


def label(compound: float) -> str:
    """positive, negative or neutral, by VADER's thresholds."""
    if compound >= POSITIVE:
        return "positive"
    if compound <= NEGATIVE:
        return "negative"
    return "neutral"
