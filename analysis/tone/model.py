"""The shipped tone model: its arrays, their checksum, and the numpy forward pass."""

from __future__ import annotations

import ctypes
import hashlib
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from analysis.tone import features

LABELS = ("negative", "neutral", "positive")
WEIGHTS = "tone.npz"
CHECKSUM = "tone.sha256"
# Every array the forward pass reads; the checksum covers these, by name, in this order.
CHUNK = 1024  # mentions a pass: big enough for numpy to pay, small enough to stay in cache
MEMO_TOKENS = 200_000  # distinct tokens remembered (about 40 MB) before starting afresh
ARRAYS = ("words", "table", "table_scale", "mean", "std", "w1", "b1", "w2", "b2")


class ModelError(Exception):
    """The shipped weights are missing or are not the ones recorded."""


def checksum(arrays: dict[str, np.ndarray]) -> str:
    """sha256 of the arrays' names, dtypes, shapes and bytes (an .npz's own bytes carry the
    time it was written)."""
    digest = hashlib.sha256()
    for name in ARRAYS:
        a = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{a.dtype.str}:{a.shape};".encode())
        digest.update(a.tobytes())
    return digest.hexdigest()


class ToneModel:
    """Tone toward one mention: pooled projected word vectors and VADER features, one hidden
    layer, softmax over negative, neutral, positive."""

    def __init__(self, arrays: dict[str, np.ndarray], lexicon: dict[str, float]) -> None:
        words = bytes(arrays["words"]).decode("utf-8").split("\n")
        self.vocab = {w: i + 1 for i, w in enumerate(words)}  # row 0: the zero vector
        self.table = arrays["table"].astype(np.float32) * arrays["table_scale"]
        self.mean, self.std = arrays["mean"], arrays["std"]
        self.w1, self.b1, self.w2, self.b2 = (arrays[k] for k in ("w1", "b1", "w2", "b2"))
        self.lexicon = lexicon
        self._memo: dict = {}  # features.build's: each token's row and VADER values

    def probabilities(self, mentions: list[tuple[str, int, int]]) -> np.ndarray:
        """(mentions, 3): P(negative), P(neutral), P(positive) of each (sentence, start, end)."""
        return np.vstack(
            [np.zeros((0, len(LABELS)), dtype=np.float32)]
            + [self._forward(mentions[i : i + CHUNK]) for i in range(0, len(mentions), CHUNK)]
        )

    def _forward(self, mentions: list[tuple[str, int, int]]) -> np.ndarray:
        if len(self._memo) > MEMO_TOKENS:
            self._memo.clear()
        batch = features.build(mentions, self.vocab, self.lexicon, self._memo)
        x = np.hstack([batch.pooled(self.table), (batch.scalars - self.mean) / self.std])
        with _one_blas_thread():
            logits = np.maximum(x @ self.w1 + self.b1, 0.0) @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


def read_arrays(data=None) -> dict[str, np.ndarray]:
    """The arrays in `data` (a folder; the shipped one by default), checked against the
    checksum recorded beside them."""
    data = data if data is not None else resources.files("analysis.tone") / "data"
    try:
        with (data / WEIGHTS).open("rb") as f, np.load(f) as npz:
            arrays = {k: npz[k] for k in npz.files}
        recorded = (data / CHECKSUM).read_text().split()[0]
    except (OSError, ValueError, IndexError) as exc:
        raise ModelError(f"the tone model's weights cannot be read: {exc}") from exc
    if checksum(arrays) != recorded:
        raise ModelError("the tone model's weights are not the ones recorded in tone.sha256")
    return arrays


@cache
def shipped() -> ToneModel:
    """One model per process: loading builds the word table once."""
    from analysis.sentiment import analyzer

    return ToneModel(read_arrays(), analyzer().lexicon)


@contextmanager
def _one_blas_thread():
    """numpy's OpenBLAS on one thread, in this thread, for the duration: on matrices this
    small, waking its threads costs more than the product (on a busy host 30 ms a call,
    against 0.1 ms)."""
    local = _blas_thread_setter()
    if local is None:
        yield
        return
    before = local(1)
    try:
        yield
    finally:
        local(before)


@cache
def _blas_thread_setter():
    """OpenBLAS's openblas_set_num_threads_local from numpy's wheel, where it has one."""
    for path in sorted((Path(np.__file__).parent.parent / "numpy.libs").glob("*openblas*")):
        try:
            setter = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        setter.argtypes, setter.restype = [ctypes.c_int], ctypes.c_int
        return setter
    return None
