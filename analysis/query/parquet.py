"""The Trends page's daily sums read by DuckDB from the facts' Parquet mirror (analysis.mirror).

Where the data is: the view's actors, dates and sources go into the query, DuckDB skips the
month folders and row groups outside them, and only the summed rows (one per actor, day and
source) come back to Python, never the facts. Used only while the mirror holds the store's
revision (analysis.mirror.is_current); otherwise the pandas path serves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import mirror, schema
from analysis.trends import DAY_COLUMNS

try:
    import duckdb
except ImportError:  # the optional engine is not installed: the pandas path serves
    duckdb = None

# As analysis.query.duck's _DAILY: per actor and article first (the sums the band needs),
# then per actor, day and source; the filters before either.
_DAILY = """
WITH facts AS (
    SELECT actor_id, article_id, published, source, hits, compound
    FROM read_parquet(?, hive_partitioning = true, hive_types = {{'month': VARCHAR}})
    WHERE {where}
), per AS (
    SELECT actor_id, article_id, any_value(published) AS day, any_value(source) AS source,
           sum(hits) AS h, count(*) AS n_g, sum(compound) AS s_g
    FROM facts GROUP BY actor_id, article_id
)
SELECT actor_id, day AS published, source,
       sum(h) AS mentions, sum(n_g) AS sentences, count(*) AS articles, sum(s_g) AS tone_sum,
       sum(s_g * s_g) AS art_s2, sum(n_g * s_g) AS art_ns, sum(n_g * n_g) AS art_n2,
       sum(s_g / n_g) AS art_mean, sum((s_g / n_g) * (s_g / n_g)) AS art_mean2
FROM per GROUP BY actor_id, day, source
ORDER BY actor_id, published NULLS FIRST, source NULLS FIRST
"""


def available(path: Path | None, revision: int) -> bool:
    """Whether the daily sums of the store at `revision` can be read from the mirror at
    `path`: DuckDB installed and the mirror level with that revision."""
    return duckdb is not None and mirror.is_current(path, revision)


def daily(
    path: Path,
    actors: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sources: Iterable[str] | None = None,
    con=None,
) -> pd.DataFrame:
    """analysis.trends.daily of the mirror's facts, selected as analysis.facts.select does
    (None: all; dates inclusive; undated facts only without a date bound), summed by DuckDB.
    DAY_COLUMNS, in daily's order. `con`: a DuckDB connection to reuse (default: a new one)."""
    where, params = ["true"], [mirror.glob(Path(path))]
    for column, values in (("actor_id", actors), ("source", sources)):
        if values is not None:
            values = sorted(set(map(str, values)))
            if not values:
                return _frame(pd.DataFrame(columns=DAY_COLUMNS))
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += values
    # The month folder too: DuckDB prunes whole partitions on it before opening a file.
    if start is not None:
        where.append("month >= ? AND published >= ?")
        params += [f"{start:%Y-%m}", start]
    if end is not None:
        where.append("month <= ? AND published <= ?")
        params += [f"{end:%Y-%m}", end]
    own = con is None
    con = duckdb.connect() if own else con
    try:
        out = con.execute(_DAILY.format(where=" AND ".join(where)), params).df()
    except duckdb.IOException:  # no file yet (an empty store's mirror): no facts
        out = pd.DataFrame(columns=DAY_COLUMNS)
    finally:
        if own:
            con.close()
    return _frame(out)


def _frame(out: pd.DataFrame) -> pd.DataFrame:
    """DuckDB's rows with daily's dtypes: categorical ids and sources, the store's dates."""
    out["actor_id"] = pd.Categorical(out["actor_id"].astype(object))
    out["source"] = pd.Categorical(out["source"].astype(object).where(out["source"].notna()))
    out["published"] = pd.to_datetime(out["published"]).astype(schema.ARTICLES["published"])
    ints = {"mentions": "int64", "sentences": "int64", "articles": "int64"}
    floats = {c: np.float64 for c in DAY_COLUMNS if c not in ints and c.startswith(("art", "tone"))}
    return out.astype(ints).astype(floats)[DAY_COLUMNS].reset_index(drop=True)
