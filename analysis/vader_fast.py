"""vaderSentiment's polarity_scores, the same numbers bit for bit, several times faster.

VADER 3.3.2 spends most of its time on overhead, not on rules: it builds the emoji-free text
one character at a time, lower-cases the whole word list again for every word it checks and
calls a helper per check. FastVader runs the same rules in the same order, with the same float
operations, on a word list lower-cased once; it skips the emoji pass when there is no emoji,
works only on the lexicon words, and returns at once for a sentence without one. Lexicon, emoji
descriptions and constants are VADER's own.
"""

from __future__ import annotations

import math
import string

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    normalize,
)

_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation
# The words of multi-word special cases and boosters. _special_idioms_check joins two or three
# words around the lexicon word, and every join holds the word two back or the word itself, so
# it can only match when one of those two is such a word.
_IDIOM_WORDS = frozenset(
    w for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key for w in key.split(" ")
)


class FastVader:
    """Scores a text exactly as `analyzer.polarity_scores` does (a stock analyzer by default)."""

    def __init__(self, analyzer: SentimentIntensityAnalyzer | None = None) -> None:
        self._stock = analyzer if analyzer is not None else SentimentIntensityAnalyzer()
        self._lexicon = self._stock.lexicon
        # polarity_scores skips booster words before it looks in the lexicon.
        self._scored = frozenset(w for w in self._lexicon if w not in BOOSTER_DICT)
        self._emojis = self._stock.emojis
        # It replaces emojis one character at a time, so longer keys (with skin tones or
        # variation selectors) never match. A set, not a regex: re tests a class of astral
        # characters one by one.
        self._emoji_chars = frozenset(k for k in self._emojis if len(k) == 1)
        self._ascii_emoji = any(c.isascii() for c in self._emoji_chars)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """The dict polarity_scores returns."""
        compound, pos, neu, neg = self.scores(text)
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}

    def scores(self, text: str) -> tuple[float, float, float, float]:
        """(compound, pos, neu, neg), exactly polarity_scores' numbers."""
        if not isinstance(text, str):
            # VADER's own odd handling of non-strings is not worth mirroring.
            s = self._stock.polarity_scores(text)
            return s["compound"], s["pos"], s["neu"], s["neg"]
        if (self._ascii_emoji or not text.isascii()) and not self._emoji_chars.isdisjoint(text):
            text = self._replace_emojis(text)
        text = text.strip()

        # SentiText: strip punctuation off each token unless that leaves two characters or
        # fewer (an emoticon such as ":)"). Lower-cased once, here, for every rule. The rules
        # ask of the stripped words only isupper(), which stripping (ASCII punctuation has no
        # case) never changes: the tokens stand in for them.
        if text.isascii():
            # ASCII lower-cases letter for letter, so the whole text lower-cased once splits
            # into the lower-cased tokens, and stripping commutes with it.
            lower = [s if len(s := t.strip(_PUNCTUATION)) > 2 else t for t in text.lower().split()]
            words = None
        else:  # lower() may change a length ("İ"), or a letter by its neighbours (final sigma)
            words = [s if len(s := t.strip(_PUNCTUATION)) > 2 else t for t in text.split()]
            lower = [w.lower() for w in words]
        scored = self._scored
        if scored.isdisjoint(lower):  # most sentences: no lexicon word at all
            return (0.0, 0.0, 1.0, 0.0) if lower else (0.0, 0.0, 0.0, 0.0)
        n = len(lower)
        # Words polarity_scores scores: in the lexicon, not boosters, not "kind" of "kind of".
        hits = [
            i
            for i, w in enumerate(lower)
            if w in scored and (w != "kind" or i == n - 1 or lower[i + 1] != "of")
        ]
        if not hits:
            # Every sentiment is 0: score_valence gives all zeros, or only neutral words.
            return (0.0, 0.0, 1.0, 0.0) if n else (0.0, 0.0, 0.0, 0.0)

        if words is None:
            words = text.split()
        sentiments: list[float] = [0] * n
        for i in hits:
            sentiments[i] = self._valence(words, lower, i)
        if "but" in lower:
            _but_check(lower, sentiments)
        return _score_valence(sentiments, hits, text)

    def _replace_emojis(self, text: str) -> str:
        """polarity_scores' emoji pass: each emoji becomes its description, after a space unless
        the text starts there or the character before is a plain space; none after it."""
        emojis = self._emojis
        parts = []
        prev_space = True
        for ch in text:
            if ch in emojis:
                if not prev_space:
                    parts.append(" ")
                parts.append(emojis[ch])
                prev_space = False
            else:
                parts.append(ch)
                prev_space = ch == " "
        return "".join(parts)

    def _valence(self, words: list[str], lower: list[str], i: int) -> float:
        """sentiment_valence of lexicon word i, with _negation_check and _least_check inlined.

        `valence + s` stays even when s is 0.0, as in VADER: it turns -0.0 into 0.0.
        """
        lexicon = self._lexicon
        item = lower[i]
        valence = lexicon[item]
        # "no" before another lexicon word negates that word rather than scoring itself.
        if item == "no" and i != len(lower) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[item] * N_SCALAR
        if words[i].isupper() and _cap_differential(words):
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR

        # The three words before, each unless it is a lexicon word itself: a booster's scalar,
        # dampened with distance, then the negation rule for that distance.
        if i > 0 and (w1 := lower[i - 1]) not in lexicon:
            s = _booster_scalar(words, w1, i - 1, valence) if w1 in BOOSTER_DICT else 0.0
            valence = valence + s
            if w1 in _NEGATE or "n't" in w1:
                valence = valence * N_SCALAR
        if i > 1 and (w2 := lower[i - 2]) not in lexicon:
            s = _booster_scalar(words, w2, i - 2, valence) if w2 in BOOSTER_DICT else 0.0
            if s != 0:
                s = s * 0.95
            valence = valence + s
            w1 = lower[i - 1]
            if w2 == "never" and (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w2 == "without" and w1 == "doubt":
                pass
            elif w2 in _NEGATE or "n't" in w2:
                valence = valence * N_SCALAR
        if i > 2 and (w3 := lower[i - 3]) not in lexicon:
            s = _booster_scalar(words, w3, i - 3, valence) if w3 in BOOSTER_DICT else 0.0
            if s != 0:
                s = s * 0.9
            valence = valence + s
            w2, w1 = lower[i - 2], lower[i - 1]
            # VADER's precedence: (never and (so or this)) or (so or this) one word back.
            if w3 == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
                valence = valence * 1.25
            elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                pass
            elif w3 in _NEGATE or "n't" in w3:
                valence = valence * N_SCALAR
            if w2 in _IDIOM_WORDS or item in _IDIOM_WORDS:
                valence = _special_idioms_check(valence, lower, i)

        # _least_check: "least" before the word negates it, unless "at least" or "very least".
        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * N_SCALAR
        return valence


def _cap_differential(words: list[str]) -> bool:
    """allcap_differential, asked only when one word is ALL CAPS: whether some word is not."""
    return not all(map(str.isupper, words))


def _booster_scalar(words: list[str], word_lower: str, j: int, valence: float) -> float:
    """scalar_inc_dec of word j, a booster (for any other word it is 0.0)."""
    scalar = BOOSTER_DICT[word_lower]
    if valence < 0:
        scalar *= -1
    if words[j].isupper() and _cap_differential(words):
        if valence > 0:
            scalar += C_INCR
        else:
            scalar -= C_INCR
    return scalar


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    """SentimentIntensityAnalyzer._special_idioms_check on the lower-cased words (i >= 3)."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _but_check(lower: list[str], sentiments: list[float]) -> None:
    """SentimentIntensityAnalyzer._but_check, in place, quirk included: it finds each value by
    list.index, so a value equal to an earlier one rescales that earlier one instead."""
    bi = lower.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments[si] = sentiment * 0.5
        elif si > bi:
            sentiments[si] = sentiment * 1.5


def _score_valence(
    sentiments: list[float], hits: list[int], text: str
) -> tuple[float, float, float, float]:
    """score_valence of a non-empty list, as (compound, pos, neu, neg).

    Only the words in `hits` can be non-zero (_but_check keeps zeros zero), so the positive and
    negative sums run over those alone, in the same order, and every other word is neutral.
    """
    sum_s = float(sum(sentiments))
    # _punctuation_emphasis: up to four "!", and two or more "?", anywhere in the text.
    ep_amplifier = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    punct_emph_amplifier = ep_amplifier + qm_amplifier
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    compound = normalize(sum_s)

    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = len(sentiments) - len(hits)
    for i in hits:
        sentiment_score = sentiments[i]
        if sentiment_score > 0:
            pos_sum += float(sentiment_score) + 1
        if sentiment_score < 0:
            neg_sum += float(sentiment_score) - 1
        if sentiment_score == 0:
            neu_count += 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct_emph_amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct_emph_amplifier

    total = pos_sum + math.fabs(neg_sum) + neu_count
    pos = math.fabs(pos_sum / total)
    neg = math.fabs(neg_sum / total)
    neu = math.fabs(neu_count / total)
    return round(compound, 4), round(pos, 3), round(neu, 3), round(neg, 3)
