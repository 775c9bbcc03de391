"""VADER tone per sentence: exactly vaderSentiment's polarity_scores of the normalised text."""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.vader_fast import FastVader

# The thresholds from VADER's README: compound >= 0.05 is positive, <= -0.05 negative.
POSITIVE = 0.05
NEGATIVE = -0.05
SCORES = ("compound", "pos", "neu", "neg")


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """One analyzer per process: building it reads the lexicon; scoring only reads it."""
    return SentimentIntensityAnalyzer()


@cache
def _fast_vader() -> FastVader:
    """One fast scorer per process, reading the analyzer's lexicon."""
    return FastVader(analyzer())


def score(sentence: str) -> tuple[float, float, float, float]:
    """(compound, pos, neu, neg) of one already-normalised sentence: the same numbers as
    vaderSentiment's polarity_scores, faster (analysis/vader_fast.py)."""
    return _fast_vader().scores(sentence)


def label(compound: float) -> str:
    """positive, negative or neutral, by VADER's thresholds."""
    if compound >= POSITIVE:
        return "positive"
    if compound <= NEGATIVE:
        return "negative"
    return "neutral"
