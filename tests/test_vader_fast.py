"""FastVader (analysis/vader_fast.py) against stock polarity_scores: the very same floats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SENTIMENT_LADEN_IDIOMS,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from analysis.sentiment import SCORES, score
from analysis.text import normalise, split_sentences
from analysis.vader_fast import FastVader

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
# Enough Reuters sentences to meet every rule many times, few enough for a test of seconds.
REUTERS_CAP = 40_000

STOCK = SentimentIntensityAnalyzer()
FAST = FastVader(STOCK)


def stock_scores(text: str) -> tuple[float, float, float, float]:
    s = STOCK.polarity_scores(text)
    return tuple(s[key] for key in SCORES)


def bits(scores: tuple[float, ...]) -> list[str]:
    """Each float exactly, as hex: 0.0 and -0.0 differ, as do floats one ulp apart."""
    return [float(x).hex() for x in scores]


def assert_same(text: str) -> None:
    assert bits(FAST.scores(text)) == bits(stock_scores(text)), repr(text)


def sentences(text: str) -> list[str]:
    norm = normalise(text)
    return [norm[start:end] for start, end in split_sentences(norm)]


# -- hand-picked cases ------------------------------------------------------------------------

# VADER's own demo sentences, and one case for each rule and quirk.
CASES = [
    "VADER is smart, handsome, and funny.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Sentiment analysis has never been this good!",
    "With VADER, sentiment analysis is the shit!",
    "On the other hand, VADER is quite bad ass",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "no good",
    "no no good",
    "no problem or worry",
    "no problem nor worry",
    "not no good",
    "never so good",
    "it was this good",  # "this" just before: x1.25 with no "never" (VADER's precedence)
    "this is so very good",
    "good good but good bad good",  # _but_check finds each value by list.index
    "GOOD bad",
    "GOOD BAD",
    "VERY good news",
    "kind of good",
    "kind",
    "the bus stop was horrible",
    "kiss of death",
    "very least good",
    "least good",
    "sort of nice yeah right",
    "really??? great?!",
    "bad!!!!!!",
    "😀😀x😀 y 😀",
    "ON! arrow 🔛",
    "",
    "   ",
    "!",
    ":)",
    " (good) ",
]


@pytest.mark.parametrize("text", CASES)
def test_vader_fast_hand_picked_cases(text: str) -> None:
    assert_same(text)


def test_vader_fast_polarity_scores_is_the_stock_dict() -> None:
    for text in CASES:
        assert FAST.polarity_scores(text) == STOCK.polarity_scores(text)


def test_vader_fast_sentiment_score_uses_the_same_numbers() -> None:
    for text in CASES:
        assert bits(score(text)) == bits(stock_scores(text))


def test_vader_fast_seed_sentences() -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert seeds
    checked = 0
    for path in seeds:
        for sentence in sentences(path.read_text(encoding="utf-8")):
            assert_same(sentence)
            checked += 1
    assert checked > 20


# -- property tests ---------------------------------------------------------------------------

LEXICON = sorted(STOCK.lexicon)
STRONG = sorted(LEXICON, key=lambda w: abs(STOCK.lexicon[w]))[-300:]
RULE_WORDS = sorted(
    {w for key in (*BOOSTER_DICT, *SPECIAL_CASES, *SENTIMENT_LADEN_IDIOMS) for w in key.split()}
    | set(NEGATE)
    | {"no", "nor", "or", "never", "so", "this", "but", "BUT", "kind", "of", "least", "at"}
    | {"very", "without", "doubt", "isn't", "don't", "won't", "xn't", "n't", "a", "the"}
)
EMOJI_CHARS = sorted(k for k in STOCK.emojis if len(k) == 1)
EMOJI_KEYS = sorted(k for k in STOCK.emojis if len(k) > 1)  # never replaced: one char at a time
PUNCT = ["!", "!!!", "???", "?!", "?", ".", ",", "...", "-", "'", ":)", ":-(", ":(", ";)", ":D"]
# Few words, drawn often, so that they meet each other within VADER's three-word window.
HOT = ["no", "nor", "or", "never", "so", "this", "least", "at", "very", "without", "doubt"]
HOT += ["not", "but", "kind", "of", "the", "good", "bad"]
SEPARATORS = [" ", " ", " ", "", "  ", "\n", "\t", "\u00a0", "\u2003"]

word = st.one_of(
    st.sampled_from(HOT),
    st.sampled_from(HOT),
    st.sampled_from(LEXICON),
    st.sampled_from(STRONG),
    st.sampled_from(RULE_WORDS),
    st.sampled_from(list(BOOSTER_DICT)),
    st.sampled_from(EMOJI_CHARS),
    st.sampled_from(EMOJI_KEYS),
    st.sampled_from(PUNCT),
    st.text(max_size=2),
)
token = st.builds(
    lambda w, case, before, after: before + case(w) + after,
    word,
    st.sampled_from([str, str, str, str.upper, str.title]),
    st.sampled_from(["", "", "", "(", '"', "'", "*"]),
    st.sampled_from(["", "", "", "!", ".", ",", "?", ")", "'", "!!", "?!"]),
)
pieces = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=14)
space = st.sampled_from(["", "", " ", "  ", "\n"])


@st.composite
def vader_texts(draw: st.DrawFn) -> str:
    """Sentences dense in VADER's special words, emoticons, emojis, capitals and punctuation."""
    body = "".join(t + sep for t, sep in draw(pieces))
    return draw(space) + body + draw(space)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vader_texts())
def test_vader_fast_equals_stock_on_vader_vocabulary(text: str) -> None:
    assert_same(text)


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_vader_fast_equals_stock_on_any_text(text: str) -> None:
    assert_same(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*EMOJI_CHARS[:50], " ", "a", "!", "?", ":", ")", "\n"])))
def test_vader_fast_equals_stock_around_emojis(text: str) -> None:
    assert_same(text)


# -- real corpora -----------------------------------------------------------------------------


def test_vader_fast_real_corpora() -> None:
    reuters = CORPORA / "reuters21578.jsonl"
    abc = CORPORA / "abcnews-2003-headlines.csv"
    if not (reuters.is_file() and abc.is_file()):
        pytest.skip(f"no real corpora at {CORPORA}")
    checked = 0
    with reuters.open(encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line).get("body") or ""
            for sentence in sentences(body):
                assert_same(sentence)
                checked += 1
            if checked >= REUTERS_CAP:
                break
    assert checked >= REUTERS_CAP
    with abc.open(encoding="utf-8", newline="") as f:
        headlines = [row["headline_text"] for row in csv.DictReader(f)]
    assert len(headlines) > 40_000
    for headline in headlines:
        assert_same(headline)
