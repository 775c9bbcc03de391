"""How long the list of found entities takes to summarise (curate.summarise): the Actors page
and every corpus load do it. Synthetic rows of the size a Reuters-21578 store gives.

    .venv/bin/python -m benchmarks.found_list [ROWS]
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from analysis.registry import curate


def rows_of(n: int, seed: int = 0) -> pd.DataFrame:
    """n (actor_id, name, kind, article_id) rows over n/4 entities and 19,000 articles."""
    rng = np.random.default_rng(seed)
    ents = rng.integers(0, max(n // 4, 1), n)
    upper = rng.random(n) < 0.1  # a tenth spelled otherwise: the name is the majority's
    return pd.DataFrame(
        {
            "actor_id": [f"found:e{e}" for e in ents],
            "name": [f"NAME {e}" if u else f"Name {e}" for e, u in zip(ents, upper, strict=True)],
            "kind": rng.choice(["person", "organization", "place"], n),
            "article_id": [f"a{a}" for a in rng.integers(0, 19_000, n)],
            "n": rng.integers(1, 4, n),
            "first": rng.integers(0, 30, n),
            "newest": pd.Timestamp("2024-01-01", tz="UTC")
            + pd.to_timedelta(rng.integers(0, 1000, n), unit="s"),
        }
    )


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 150_000
    rows = rows_of(n)
    started = time.perf_counter()
    table = curate.summarise(rows)
    took = time.perf_counter() - started
    print(f"{n:,} rows, {len(table):,} entities: summarised in {took:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
