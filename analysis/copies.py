"""Wire copies: articles that are the same story as an earlier one, with small edits (another
headline, byline or last paragraph), found by MinHash LSH over word 5-shingles (datasketch).

Each article's words, lower-cased, make its set of 5-word shingles; 128 MinHash permutations
estimate the Jaccard similarity of two sets, and LSH bands find the pairs likely above
THRESHOLD without comparing every pair. A pair is a copy when the estimate is at least
THRESHOLD (chosen by measurement: tests/test_copies.py, README "Wire copies"). An article
copies the first one of its group that was stored (or came first in the batch): `copy_of` is
that article's id, the group's earliest, never a copy itself.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.8  # estimated Jaccard of word 5-shingles at or above which a text is a copy
# LSH: 21 bands of 6 rows. A pair at 0.8 shares a band with probability 0.998 (0.99 at 0.7,
# 0.28 at 0.5); the candidates are then checked against THRESHOLD. datasketch's own choice
# for a threshold of 0.8 misses about one pair in ten there, the S-curve's foot.
BANDS = (21, 6)
SHINGLE = 5  # words a shingle
NUM_PERM = 128
MIN_SHINGLES = 20  # a shorter text (a headline, a brief) is never called a copy: too little
SEED = 1  # the permutations of every signature, stored ones too: never change it
SCHEME = "affine32"  # datasketch's own since 2.0.0; stored signatures are of this one
_WORD = re.compile(r"[^\W_]+")


def shingle_hashes(text: str) -> np.ndarray:
    """The text's word 5-shingles, lower-cased, each as a 32-bit hash (distinct, sorted): the
    words' CRC-32s combined five at a time in numpy, several times faster than joining and
    hashing each shingle's string."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    w = np.fromiter((zlib.crc32(x.encode()) for x in words), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):  # a polynomial in the words' hashes, wrapping at 2**64
        h = h * _MIX + w[k : k + n]
    return np.unique(h & np.uint64(0xFFFFFFFF))


def shingles(text: str) -> set[int]:
    """The text's shingles (their hashes) as a set: for measuring Jaccard exactly."""
    return set(shingle_hashes(text).tolist())


def signature(text: str) -> MinHash | None:
    """The text's MinHash; None for a text of fewer than MIN_SHINGLES shingles."""
    grams = shingle_hashes(text)
    if len(grams) < MIN_SHINGLES:
        return None
    m = MinHash(
        num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME, hashfunc=int
    )
    m.update_batch(grams.tolist())  # already hashed: the hash function is int itself
    return m


def signed(text: str) -> bytes:
    """The text's signature as stored: empty for a text too short to have one (so that it is
    not looked at again)."""
    m = signature(text)
    return b"" if m is None else to_bytes(m)


def to_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype("<u4").tobytes()


def from_bytes(raw: bytes) -> MinHash:
    values = np.frombuffer(raw, dtype="<u4").astype(np.uint32)
    return MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        hashvalues=values,
        permutations=_permutations(),
        scheme=SCHEME,
        hashfunc=int,
    )


@dataclass
class Found:
    """What find() gives for a batch: per article, its copy_of (None: an original) and its
    signature's bytes (empty: too short to have one)."""

    copy_of: list[str | None]
    signatures: list[bytes]

    @property
    def copies(self) -> int:
        return sum(c is not None for c in self.copy_of)


class Finder:
    """An LSH index of signatures, stored ones first, then each new article as it is looked
    at: a batch finds copies of the store's articles and of those higher up in the batch."""

    def __init__(self, stored: Iterable[tuple[str, bytes, str | None]] = ()) -> None:
        """`stored`: (article_id, signature bytes, copy_of) of the articles already stored."""
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
        self._signatures: dict[str, MinHash] = {}
        self._root: dict[str, str] = {}
        with self._lsh.insertion_session() as session:
            for aid, raw, copy_of in stored:
                if aid in self._signatures:
                    continue
                m = from_bytes(raw)
                session.insert(aid, m)
                self._signatures[aid] = m
                self._root[aid] = copy_of or aid

    def add(self, article_id: str, text: str) -> tuple[str | None, bytes]:
        """(copy_of, signature bytes) of one new article, which joins the index."""
        m = signature(text)
        if m is None:
            return None, b""
        best, best_j = None, 0.0
        for other in self._lsh.query(m):
            if other == article_id:  # the same text again: a duplicate, not a copy
                continue
            j = m.jaccard(self._signatures[other])
            # Ties go to the earliest root: ids are compared for a stable choice.
            if j >= THRESHOLD and (j > best_j or (j == best_j and other < (best or other))):
                best, best_j = other, j
        copy_of = self._root[best] if best is not None else None
        if article_id not in self._signatures:
            self._lsh.insert(article_id, m)
            self._signatures[article_id] = m
            self._root[article_id] = copy_of or article_id
        return copy_of, to_bytes(m)


def find(
    article_ids: Sequence[str],
    texts: Sequence[str],
    stored: Iterable[tuple[str, bytes, str | None]] = (),
) -> Found:
    """The copies among these articles (in this order: the first of a group is its original),
    of the `stored` ones (article_id, signature bytes, copy_of) and of each other."""
    finder = Finder(stored)
    copy_of, signatures = [], []
    for aid, text in zip(article_ids, texts, strict=True):
        c, s = finder.add(str(aid), "" if text is None else str(text))
        copy_of.append(c)
        signatures.append(s)
    return Found(copy_of, signatures)


# Words hashed by CRC-32: the same in every process and version (Python's hash() is salted
# per process, and the signatures are stored).
_MIX = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime
_PERMUTATIONS: np.ndarray | None = None


def _permutations() -> np.ndarray:
    """The permutations for SEED, made once: MinHash() would draw them again every time."""
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return _PERMUTATIONS


def of_stored(article_ids: Sequence[str], texts: Sequence[str], stores: Iterable) -> int:
    """How many of these articles copy one already in the stores (the upload's preview: the
    stores are only read)."""
    signed = [row for store in stores if store is not None for row in stored(store, sign=False)]
    if not signed:
        return 0
    held = {aid for aid, _, _ in signed}
    finder = Finder(signed)
    return sum(
        finder.add(str(aid), str(text or ""))[0] in held
        for aid, text in zip(article_ids, texts, strict=True)
        if str(aid) not in held
    )


def stored(store, sign: bool = True) -> list[tuple[str, bytes, str | None]]:
    """(article_id, signature bytes, copy_of) of every signed article of the store. With
    `sign`, the articles stored before copies were looked for are signed first (once: their
    copy_of stays NULL, but later uploads are compared with them)."""
    from analysis.store.tables import articles_table as a
    from analysis.store.tables import signatures_table as s

    with store.engine.connect() as conn:
        unsigned = sa.select(a.c.article_id, a.c.text).where(
            ~sa.exists().where(s.c.article_id == a.c.article_id)
        )
        rows = [(aid, signed(text)) for aid, text in conn.execute(unsigned)] if sign else []
    if rows:
        from analysis.store.sql import _insert_ignore

        with store.engine.begin() as conn:  # another process may sign them meanwhile
            for i in range(0, len(rows), 1000):
                batch = [{"article_id": aid, "minhash": raw} for aid, raw in rows[i : i + 1000]]
                conn.execute(_insert_ignore(conn, s), batch)
    query = sa.select(s.c.article_id, s.c.minhash, a.c.copy_of).join(
        a, a.c.article_id == s.c.article_id
    )
    with store.engine.connect() as conn:
        return [(aid, bytes(raw), copy_of) for aid, raw, copy_of in conn.execute(query) if raw]


def counted_once(n: int) -> str:
    """The pages' line on the wire copies a view leaves out; empty when there are none."""
    if not n:
        return ""
    what = "wire copies are" if n != 1 else "wire copy is"
    return (
        f"{n:,} {what} left out: a story is counted once, under its first article "
        "(the sidebar's “Count every wire copy” counts each)."
    )
