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
from collections.abc import Mapping, Sequence
from functools import cache

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

    def table(self, model: ToneModel) -> tuple[np.ndarray, int]:
        """The word table as float64 (exact), transposed (a row a dimension: numpy's running
        sum along a contiguous row is several times faster than down a column, and adds in
        the same order), and how many of its rows a running sum may add up exactly: each
        column's values are whole multiples of its lowest bit spanning `bits` bits, so sums
        of up to 2 ** (53 - bits) of them are exact in a float64, and a region's sum is the
        same whatever was summed before it."""
        if self._table is None:
            table = model.table.astype(np.float64)
            mantissa, exponent = np.frexp(table)
            whole = np.abs(mantissa * 2.0**24).astype(np.int64)  # float32: 24 bits
            lowest = np.frexp((whole & -whole).astype(np.float64))[1] - 1 + exponent - 24
            top = exponent
            bits = 0
            for j in range(table.shape[1]):
                nonzero = whole[:, j] != 0
                if nonzero.any():
                    bits = max(bits, int(top[nonzero, j].max() - lowest[nonzero, j].min()))
            self._table = (np.ascontiguousarray(table.T), 2 ** max(53 - bits, 0))
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
    # Each batch's distinct sentences (an occurrence each), in the order features.build meets
    # them; each distinct sentence is tokenised once, all of them in one pass.
    unique: dict[str, int] = {}
    occurrence_of: list[int] = []  # per occurrence: its distinct sentence
    mention_at: list[int] = []  # per mention: its occurrence
    batch_of: list[int] = []  # per occurrence: its batch
    for b, batch in enumerate(batches):
        seen: dict[str, int] = {}
        for sentence, _, _ in batch:
            o = seen.get(sentence)
            if o is None:
                o = seen[sentence] = len(occurrence_of)
                occurrence_of.append(unique.setdefault(sentence, len(unique)))
                batch_of.append(b)
            mention_at.append(o)
    sentences = list(unique)
    sizes = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    at = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]])  # each one's offset in the join
    # "\n" is no token's character: the joined text splits into each sentence's tokens.
    parts = _SPLIT.split("\n".join(sentences))  # separator, token, ..., separator
    offsets = np.concatenate(
        [[0], np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))]
    )
    token_starts, token_ends = offsets[1:-1:2], offsets[2::2]
    first_u = np.searchsorted(token_starts, at)
    count_u = np.searchsorted(token_starts, at + sizes) - first_u
    ids_u = tokens.lookup(parts[1::2])

    # Each occurrence's tokens, one after another: batch b's run from batch_at[b].
    occurrence = np.asarray(occurrence_of, dtype=np.int64)
    lengths = count_u[occurrence]
    occurrence_at = np.concatenate([[0], np.cumsum(lengths)])
    total = int(occurrence_at[-1])
    steps = np.arange(total) - np.repeat(occurrence_at[:-1], lengths)  # position in sentence
    ids = ids_u[np.repeat(first_u[occurrence], lengths) + steps]
    batch_first = np.searchsorted(np.asarray(batch_of, dtype=np.int64), np.arange(len(batches)))
    batch_at = occurrence_at[batch_first].tolist()

    # Per token: negated when a negation is among the NEAR tokens before it in its sentence.
    negation = tokens.negation[ids]
    negated = np.zeros(total, dtype=bool)
    for k in range(1, features.NEAR + 1):
        negated[k:] |= negation[:-k] & (steps[k:] >= k)
    valence = tokens.valence[ids]
    valence = np.where(negated, valence * N_SCALAR, valence)
    in_lexicon = np.concatenate([[0], np.cumsum(tokens.in_lexicon[ids])])

    # Running sums of the per-token VADER values afresh for each batch, as features.build
    # sums them (batch b's token t at row t + b + 1); of the word vectors over all tokens at
    # once where that is exact (column 0 of the table is the zero vector), else per batch.
    columns, exact = tokens.table(model)  # a row a dimension
    per_token = np.column_stack([valence, valence > 0, valence < 0, negated]).astype(np.float64)
    values = _afresh(per_token.T, batch_at).T
    rows = tokens.row[ids]
    # take, not columns[:, rows]: that lays its result out a token a row, and the running sum
    # along each dimension then strides through memory (twice the time)
    if total < exact:
        vectors = np.cumsum(columns.take(np.concatenate([[0], rows]), axis=1), axis=1)
    else:
        vectors = _afresh(columns.take(rows, axis=1), batch_at)

    # Each mention's first and last token, as features.build's bisections find them.
    flat = [m for batch in batches for m in batch]
    o = np.asarray(mention_at, dtype=np.int64)
    u = occurrence[o]
    start = np.fromiter((m[1] for m in flat), dtype=np.int64, count=len(flat))
    end = np.fromiter((m[2] for m in flat), dtype=np.int64, count=len(flat))
    n = count_u[u]
    first = np.clip(np.searchsorted(token_ends, at[u] + start, "right") - first_u[u], 0, n)
    last = np.clip(np.searchsorted(token_starts, at[u] + end) - 1 - first_u[u], -1, n - 1)
    empty = first > last  # the span holds no token: all of the sentence is context
    first, last = np.where(empty, n, first), np.where(empty, n - 1, last)
    lexical = in_lexicon[occurrence_at[o] + last + 1] > in_lexicon[occurrence_at[o] + first]

    known = [compounds.get(s) for s in sentences]
    for i, c in enumerate(known):
        if c is None:
            known[i] = vader_score(sentences[i])[0]
    compound = np.asarray(known, dtype=np.float64)[u]
    masked = compound.copy()
    for i in np.flatnonzero(lexical).tolist():  # words inside a name move VADER
        sentence, s, e = flat[i]
        masked[i] = vader_score(f"{sentence[:s]} {sentence[e:]}")[0]
    quoted = np.zeros(len(flat), dtype=np.float64)
    quotes = [('"' in s or "“" in s) for s in sentences]
    for i, (sentence, s, _) in enumerate(flat):
        if quotes[occurrence_of[mention_at[i]]]:
            left = sentence[:s]
            quoted[i] = float(left.count('"') % 2 == 1 or left.count("“") > left.count("”"))

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
    bounds = occurrence_at[o][:, None] + cut
    afresh = bounds + np.asarray(batch_of, dtype=np.int64)[o][:, None]  # b zero rows before
    mentions = len(bounds)
    sums = np.diff(vectors[:, bounds if total < exact else afresh], axis=2).transpose(1, 2, 0)
    counts = np.maximum(np.diff(bounds, axis=1), 1)[:, :, None]
    pooled = (sums / counts).astype(np.float32).reshape(mentions, -1)
    scalars = np.hstack(
        [
            np.diff(values[afresh], axis=1).reshape(mentions, -1),
            compound[:, None],
            masked[:, None],
            (first / np.maximum(n, 1))[:, None],
            (n / 50)[:, None],
            (first == 0).astype(np.float64)[:, None],
            quoted[:, None],
        ]
    )
    x = np.hstack([pooled, (scalars.astype(np.float32) - model.mean) / model.std])

    hidden = np.empty((mentions, model.w1.shape[1]), dtype=np.float32)
    logits = np.empty((mentions, model.w2.shape[1]), dtype=np.float32)
    cuts = np.concatenate([[0], np.cumsum([len(batch) for batch in batches])]).tolist()
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


def _afresh(per_token: np.ndarray, batch_at: list[int]) -> np.ndarray:
    """Running sums along each row (a column a token), starting afresh at each batch: batch
    b's token t at column t + b + 1, after a zero column at its start."""
    total = per_token.shape[1]
    running = np.zeros((per_token.shape[0], total + len(batch_at)), dtype=np.float64)
    ends = [*batch_at[1:], total]
    for b, (a, z) in enumerate(zip(batch_at, ends, strict=True)):
        if z > a:
            np.cumsum(per_token[:, a:z], axis=1, out=running[:, a + b + 1 : z + b + 1])
    return running
