"""VADER tone per sentence (analysis/sentiment.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.sentiment import NEGATIVE, POSITIVE, SCORES, analyzer, label, score
from analysis.store import with_text
from analysis.text import normalise


def test_sentiment_analyzer_is_one_object_per_process() -> None:
    assert analyzer() is analyzer()
    assert isinstance(analyzer(), SentimentIntensityAnalyzer)


def test_sentiment_thresholds_are_vaders() -> None:
    assert (POSITIVE, NEGATIVE) == (0.05, -0.05)
    assert SCORES == ("compound", "pos", "neu", "neg")


@pytest.mark.parametrize(
    "sentence",
    ["It was a wonderful, great day.", "The war is horrible.", "The meeting is on Tuesday.", ""],
)
def test_sentiment_score_is_polarity_scores(sentence: str) -> None:
    expected = SentimentIntensityAnalyzer().polarity_scores(sentence)
    assert score(sentence) == tuple(expected[key] for key in SCORES)


@pytest.mark.parametrize(
    ("compound", "expected"),
    [
        (0.9, "positive"),
        (0.05, "positive"),
        (0.0499, "neutral"),
        (0.0, "neutral"),
        (-0.0499, "neutral"),
        (-0.05, "negative"),
        (-1.0, "negative"),
    ],
)
def test_sentiment_label(compound: float, expected: str) -> None:
    assert label(compound) == expected


def test_sentiment_seed_sentences_score_exactly_as_vader(
    seed_analysis: tuple[pd.DataFrame, pd.DataFrame], seed_articles: pd.DataFrame
) -> None:
    sentences = _with_text(seed_analysis, seed_articles)
    fresh = SentimentIntensityAnalyzer()
    assert len(sentences) > 20
    for row in sentences.itertuples():
        expected = fresh.polarity_scores(normalise(row.text))
        got = {key: getattr(row, key) for key in SCORES}
        assert got == {key: expected[key] for key in SCORES}, row.text


def test_sentiment_seed_curly_apostrophes_are_normalised_before_scoring(
    seed_analysis: tuple[pd.DataFrame, pd.DataFrame], seed_articles: pd.DataFrame
) -> None:
    sentences = _with_text(seed_analysis, seed_articles)
    curly = sentences[sentences["text"].str.contains("\u2019", regex=False)]
    assert not curly.empty
    raw = [SentimentIntensityAnalyzer().polarity_scores(t)["compound"] for t in curly["text"]]
    # At least one sentence would score differently without normalising (e.g. "hasn’t").
    assert raw != curly["compound"].tolist()


def _with_text(analysis: tuple[pd.DataFrame, pd.DataFrame], articles: pd.DataFrame) -> pd.DataFrame:
    """The analysed sentences with their text."""
    return with_text(analysis[0], articles)
