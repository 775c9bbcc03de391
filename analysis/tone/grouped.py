"""Tone toward the mentions of many articles at once, for ingest: for each group of mentions
(one article's), exactly the numbers predict_batch gives that group alone, bit for bit.

Calling predict_batch an article at a time spent most of its time in Python: a loop per token
of each sentence, a VADER score of a sentence the pipeline has just scored, and numpy calls
on a few rows each. Here the tokens of every sentence of every group are looked up, negated
and gathered as arrays in one go, and a sentence's VADER compound is taken from the caller
where it has it. What stays per group is what makes its numbers its own: the running sums
start afresh at each group (a difference of running sums depends on what came before it in
the last bits) and each group gets its own matrix products (OpenBLAS gives a row different
bits in a product of a different number of rows).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from functools import cache
from itertools import accumulate

import numpy as np
from vaderSentiment.vaderSentiment import N_SCALAR

from analysis.sentiment import score as vader_score
from analysis.tone import features
from analysis.tone.model import CHUNK, LABELS, MEMO_TOKENS, ToneModel, _one_blas_thread

Mention = tuple[str, int, int]
_SPLIT = re.compile(f"({features._TOKEN.pattern})")


class _Tokens:
    """Each distinct token seen: its id, and by id its table row, VADER valence, whether it
    negates and whether it is a lexicon word (what features._sentence looks up per token)."""

    def __init__(self, model: ToneModel) -> None:
        self.vocab, self.lexicon = model.vocab, model.lexicon
        self._table: np.ndarray | None = None
        self.clear()

    def clear(self) -> None:
        self.ids: dict[str, int] = {}
        self._new: list[tuple[int, float, bool, bool]] = []
        self.row = np.zeros(0, dtype=np.int64)
        self.valence = np.zeros(0, dtype=np.float64)
        self.negation = np.zeros(0, dtype=bool)
        self.in_lexicon = np.zeros(0, dtype=bool)

    def table(self, model: ToneModel) -> np.ndarray:
        """The word table as float64 (exact), with room for the per-token VADER values: a
        fresh array of rows is taken from it for each call."""
        if self._table is None:
            table = model.table
            self._table = np.zeros((len(table), table.shape[1] + len(features._PER_TOKEN)))
            self._table[:, : table.shape[1]] = table
        return self._table

    def lookup(self, texts: list[str]) -> np.ndarray:
        """The ids of the texts, adding the tokens not seen before."""
        if len(self.ids) > MEMO_TOKENS:
            self.clear()
        for text in set(texts).difference(self.ids):
            lower = features._lower(text)
            negation = lower in features._NEGATE or lower.endswith("n't")
            row = self.vocab.get(text) or self.vocab.get(lower, 0)
            self.ids[text] = len(self.ids)
            self._new.append((row, self.lexicon.get(lower, 0.0), negation, lower in self.lexicon))
        if self._new:
            row, valence, negation, in_lexicon = zip(*self._new, strict=True)
            self.row = np.concatenate([self.row, np.asarray(row, dtype=np.int64)])
            self.valence = np.concatenate([self.valence, np.asarray(valence, dtype=np.float64)])
            self.negation = np.concatenate([self.negation, np.asarray(negation, dtype=bool)])
            self.in_lexicon = np.concatenate([self.in_lexicon, np.asarray(in_lexicon, dtype=bool)])
            self._new = []
        return np.fromiter(map(self.ids.__getitem__, texts), dtype=np.int64, count=len(texts))


@cache
def _tokens(model: ToneModel) -> _Tokens:
    return _Tokens(model)


def predict_groups(
    model: ToneModel,
    groups: Sequence[Sequence[Mention]],
    compounds: Mapping[str, float] | None = None,
) -> list[list[tuple[str, float]]]:
    """predict_batch(group) for each group. `compounds` may give sentences' VADER compounds
    (analysis.sentiment.score's first number), which are then not scored again."""
    # predict_batch passes CHUNK mentions at a time to the model: a batch here is one pass.
    batches = [list(g[i : i + CHUNK]) for g in groups for i in range(0, len(g), CHUNK)]
    if not batches:
        return [[] for _ in groups]
    p = _probabilities(model, _tokens(model), batches, dict(compounds or {}))
    labels = p.argmax(axis=1).tolist()
    scores = (p[:, 2] - p[:, 0]).tolist()
    flat = [(LABELS[k], round(s, 4)) for k, s in zip(labels, scores, strict=True)]
    out, at = [], 0
    for g in groups:
        out.append(flat[at : at + len(g)])
        at += len(g)
    return out


def _probabilities(
    model: ToneModel,
    tokens: _Tokens,
    batches: list[list[Mention]],
    compounds: dict[str, float],
) -> np.ndarray:
    # Each batch's distinct sentences, in the order features.build meets them.
    spans: dict[str, tuple[list[int], list[int], list[str]]] = {}
    texts: list[str] = []
    sentence_at: list[dict[str, int]] = []  # per batch: sentence -> its first token, globally
    batch_at = []  # per batch: its first token, globally
    firsts, lengths = [], []  # per distinct sentence of a batch: its first token, its tokens
    for batch in batches:
        batch_at.append(len(texts))
        seen: dict[str, int] = {}
        for sentence, _, _ in batch:
            if sentence in seen:
                continue
            known = spans.get(sentence)
            if known is None:
                known = spans[sentence] = _tokenise(sentence)
            seen[sentence] = len(texts)
            firsts.append(len(texts))
            lengths.append(len(known[2]))
            texts += known[2]
        sentence_at.append(seen)
    ids = tokens.lookup(texts)
    total = len(texts)

    # Per token: negated when a negation is among the NEAR tokens before it in its sentence.
    position = np.arange(total) - np.repeat(np.asarray(firsts, dtype=np.int64), lengths)
    negation = tokens.negation[ids]
    negated = np.zeros(total, dtype=bool)
    for k in range(1, features.NEAR + 1):
        negated[k:] |= negation[:-k] & (position[k:] >= k)
    valence = tokens.valence[ids]
    valence = np.where(negated, valence * N_SCALAR, valence)
    in_lexicon = np.concatenate([[0], np.cumsum(tokens.in_lexicon[ids])])

    # Word vectors (float64: exact) and the per-token VADER values side by side, so that one
    # running sum per batch covers both; afresh for each batch: batch b's token t at t + b + 1.
    dim = model.table.shape[1]
    per_token = tokens.table(model)[tokens.row[ids]]
    per_token[:, dim:] = np.column_stack([valence, valence > 0, valence < 0, negated])
    running = np.zeros((total + len(batches), per_token.shape[1]), dtype=np.float64)
    ends = [*batch_at[1:], total]
    for b, (a, z) in enumerate(zip(batch_at, ends, strict=True)):
        if z > a:
            np.cumsum(per_token[a:z], axis=0, out=running[a + b + 1 : z + b + 1])

    firsts, lasts, bases, ns, extra, masked, sizes = [], [], [], [], [], [], []
    for b, batch in enumerate(batches):
        sizes.append(len(batch))
        seen = sentence_at[b]
        for sentence, start, end in batch:
            first_token = seen[sentence]
            starts, token_ends, words = spans[sentence]
            n = len(words)
            first = bisect_right(token_ends, start)
            last = bisect_left(starts, end) - 1
            if first > last:
                first, last = n, n - 1
            firsts.append(first)
            lasts.append(last)
            bases.append(first_token + b)  # this batch's running sums are offset by b rows
            ns.append(n)
            compound = compounds.get(sentence)
            if compound is None:
                compound = compounds[sentence] = vader_score(sentence)[0]
            if in_lexicon[first_token + last + 1] > in_lexicon[first_token + first]:
                masked.append(len(extra))
            left = sentence[:start]
            quoted = left.count('"') % 2 == 1 or left.count("“") > left.count("”")
            extra.append([compound, compound, float(quoted)])
    flat = [m for batch in batches for m in batch]
    for i in masked:  # words inside a name move VADER: the sentence without the name
        sentence, start, end = flat[i]
        extra[i][1] = vader_score(f"{sentence[:start]} {sentence[end:]}")[0]

    first, last = np.asarray(firsts, dtype=np.int64), np.asarray(lasts, dtype=np.int64)
    n, base = np.asarray(ns, dtype=np.int64), np.asarray(bases, dtype=np.int64)
    cut = np.column_stack(
        [
            np.zeros_like(n),
            *(np.maximum(0, first - r) for r in features.REACH),
            first,
            last + 1,
            *(np.minimum(n, last + 1 + r) for r in reversed(features.REACH)),
            n,
        ]
    )
    bounds = base[:, None] + cut
    mentions = len(bounds)
    sums = np.diff(running[bounds], axis=1)  # (mentions, regions, dim + per-token values)
    counts = np.maximum(np.diff(bounds, axis=1), 1)[:, :, None]
    pooled = (sums[:, :, :dim] / counts).astype(np.float32).reshape(mentions, -1)
    extra_ = np.asarray(extra, dtype=np.float64)
    scalars = np.hstack(
        [
            sums[:, :, dim:].reshape(mentions, -1),
            extra_[:, :2],
            (first / np.maximum(n, 1))[:, None],
            (n / 50)[:, None],
            (first == 0).astype(np.float64)[:, None],
            extra_[:, 2:],
        ]
    )
    x = np.hstack([pooled, (scalars.astype(np.float32) - model.mean) / model.std])

    hidden = np.empty((mentions, model.w1.shape[1]), dtype=np.float32)
    logits = np.empty((mentions, model.w2.shape[1]), dtype=np.float32)
    cuts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    with _one_blas_thread():
        for a, z in zip(cuts[:-1], cuts[1:], strict=True):
            np.matmul(x[a:z], model.w1, out=hidden[a:z])
        hidden += model.b1
        np.maximum(hidden, 0.0, out=hidden)
        for a, z in zip(cuts[:-1], cuts[1:], strict=True):
            np.matmul(hidden[a:z], model.w2, out=logits[a:z])
    logits += model.b2
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def _tokenise(sentence: str) -> tuple[list[int], list[int], list[str]]:
    """features.tokens' starts, ends and texts: split keeps the separators between the
    tokens, so their lengths give the offsets without a match object per token."""
    parts = _SPLIT.split(sentence)  # separator, token, separator, ..., separator
    offsets = list(accumulate(map(len, parts), initial=0))
    return offsets[1::2], offsets[2::2], parts[1::2]
