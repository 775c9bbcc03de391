"""What the tone model sees of one mention: word vectors and VADER's words, region by region.

A sentence is cut around the mention into seven regions: far, wide and near left of it, the
mention, near, wide and far right. Each region gives the mean of its word vectors and sums of
VADER's lexicon over its words. The same code builds the features for training
(scripts/train_tone.py, on the 256-dimensional vectors) and for inference (on the shipped,
projected ones): a mean is linear, so the mean of projected vectors is the projected mean.
Sums over a region are differences of running sums, so a mention costs a few array lookups.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from vaderSentiment.vaderSentiment import N_SCALAR, NEGATE

from analysis.sentiment import score as vader_score

# A word (with inner apostrophes, as in "didn't") or one other non-space character.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_NEGATE = frozenset(NEGATE)
NEAR = 3  # VADER's reach of a negation, in tokens
# Region edges, in tokens either side of the mention, farthest first: 10 and 3 make far
# (beyond 10), wide (4 to 10) and near (1 to 3) on each side.
REACH = (10, 3)
_SIDE = ("far", *(f"within_{r}" for r in REACH))
REGIONS = (*(f"left_{s}" for s in _SIDE), "target", *(f"right_{s}" for s in reversed(_SIDE)))
TARGET = REGIONS.index("target")
_PER_TOKEN = ("valence", "positive", "negative", "negated")  # summed over each region
SCALARS = (
    *(f"{kind}_{region}" for region in REGIONS for kind in _PER_TOKEN),
    "vader_sentence",
    "vader_masked",
    "position",
    "length",
    "at_start",
    "in_quote",
)


def tokens(sentence: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of each token of a sentence."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


@dataclass
class Batch:
    """Mentions over their sentences' tokens: `rows` index the word-vector table (row 0 is the
    zero vector), `bounds` hold each mention's region edges as offsets into `rows`."""

    rows: np.ndarray  # (tokens,) int: every sentence's tokens, one sentence after another
    bounds: np.ndarray  # (mentions, regions + 1) int
    scalars: np.ndarray  # (mentions, scalars) float32

    def pooled(self, table: np.ndarray) -> np.ndarray:
        """(mentions, regions * dim): the mean of each region's rows of the table."""
        running = np.zeros((len(self.rows) + 1, table.shape[1]), dtype=np.float64)
        np.cumsum(table[self.rows], axis=0, out=running[1:])
        sums = running[self.bounds[:, 1:]] - running[self.bounds[:, :-1]]
        counts = np.maximum(np.diff(self.bounds, axis=1), 1)[:, :, None]
        return (sums / counts).astype(np.float32).reshape(len(self.bounds), -1)


def build(
    mentions: Sequence[tuple[str, int, int]],
    vocab: Mapping[str, int],
    lexicon: Mapping[str, float],
    memo: dict | None = None,
) -> Batch:
    """The Batch of (sentence, start, end) mentions; `vocab` maps a word to its table row,
    `lexicon` is VADER's; `memo`, a dict kept for these two, saves looking words up again."""
    memo = {} if memo is None else memo
    seen: dict[str, tuple] = {}
    rows: list[int] = []
    per_token: list[tuple] = []
    edges: list[tuple[int, ...]] = []
    extra: list[tuple[float, ...]] = []
    for sentence, start, end in mentions:
        if sentence not in seen:
            texts, starts, ends, ids, values, compound = _sentence(sentence, vocab, lexicon, memo)
            seen[sentence] = (len(rows), texts, starts, ends, compound)
            rows.extend(ids)
            per_token.extend(values)
        offset, texts, starts, ends, compound = seen[sentence]
        n = len(texts)
        first = bisect_right(ends, start)  # the first token ending after start
        last = bisect_left(starts, end) - 1  # the last token starting before end
        if first > last:  # the span holds no token: all of the sentence is context
            first, last = n, n - 1
        cut = (
            0,
            *(max(0, first - r) for r in REACH),
            first,
            last + 1,
            *(min(n, last + 1 + r) for r in reversed(REACH)),
            n,
        )
        edges.append(tuple(offset + c for c in cut))
        left = sentence[:start]
        has_lexicon_word = any(_lower(t) in lexicon for t in texts[first : last + 1])
        extra.append(
            (
                compound,
                # Words inside a name ("Security" in "National Security Adviser") move VADER.
                vader_score(f"{left} {sentence[end:]}")[0] if has_lexicon_word else compound,
                first / max(n, 1),
                n / 50,
                float(first == 0),
                float(left.count('"') % 2 == 1 or left.count("“") > left.count("”")),
            )
        )
    bounds = np.asarray(edges, dtype=np.int64).reshape(-1, len(REGIONS) + 1)
    values = np.zeros((len(per_token) + 1, len(_PER_TOKEN)), dtype=np.float64)
    if per_token:
        np.cumsum(np.asarray(per_token, dtype=np.float64), axis=0, out=values[1:])
    sums = (values[bounds[:, 1:]] - values[bounds[:, :-1]]).reshape(len(bounds), -1)
    scalars = np.hstack([sums, np.asarray(extra, dtype=np.float64).reshape(len(bounds), -1)])
    return Batch(np.asarray(rows, dtype=np.int64), bounds, scalars.astype(np.float32))


def _lower(text: str) -> str:
    return text.lower().replace("’", "'")


def _sentence(
    sentence: str, vocab: Mapping[str, int], lexicon: Mapping[str, float], memo: dict
) -> tuple:
    """Token texts, starts and ends, table rows, per-token VADER values (valence, negated after
    a negation in the three tokens before; is it positive; negative; negated) and the VADER
    compound. `memo` keeps each token's row, valence and whether it negates, for the next
    sentences."""
    texts, starts, ends, ids, values = [], [], [], [], []
    last_negation = -NEAR - 1
    for i, match in enumerate(_TOKEN.finditer(sentence)):
        text = match.group()
        a, b = match.span()
        texts.append(text)
        starts.append(a)
        ends.append(b)
        known = memo.get(text)
        if known is None:
            lower = _lower(text)
            negation = lower in _NEGATE or lower.endswith("n't")
            row = vocab.get(text) or vocab.get(lower, 0)
            known = memo[text] = (row, lexicon.get(lower, 0.0), negation)
        row, v, negation = known
        ids.append(row)
        negated = i - last_negation <= NEAR
        if negated:
            v *= N_SCALAR
        values.append((v, v > 0, v < 0, negated))
        if negation:
            last_negation = i
    return texts, starts, ends, ids, values, vader_score(sentence)[0]
