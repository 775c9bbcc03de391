"""The Trends page's daily sums read by DuckDB from the facts' Parquet mirror (analysis.mirror).

Where the data is: the view's actors, dates and sources go into the query, DuckDB skips the
month folders outside them and sums the batches' daily rows (analysis.mirror.DAILY), and only
the view's rows (one per actor, day and source) come back to Python, never the facts. Used
only while the mirror holds the store's revision (analysis.mirror.is_current); otherwise the
pandas path serves.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis import mirror, schema
from analysis.trends import DAY_COLUMNS, SCORED

try:
    import duckdb
except ImportError:  # the optional engine is not installed: the pandas path serves
    duckdb = None

# The batches' daily sums (analysis.mirror.DAILY) summed again: every column adds up over
# the batches' disjoint articles. The filters come first, on the month folders too.
_DAILY = """
SELECT actor_id, published, source,
       sum(mentions) AS mentions, sum(sentences) AS sentences, sum(articles) AS articles,
       sum(tone_sum) AS tone_sum, sum(art_s2) AS art_s2, sum(art_ns) AS art_ns,
       sum(art_n2) AS art_n2, sum(art_mean) AS art_mean, sum(art_mean2) AS art_mean2,
       sum(scored) AS scored, sum(scored_articles) AS scored_articles
FROM read_parquet(?, hive_partitioning = true, hive_types = {{'month': VARCHAR}})
WHERE {where}
GROUP BY actor_id, published, source
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
    DAY_COLUMNS, in daily's order. `con`: a DuckDB connection (default: the process's)."""
    clauses = where(actors, start, end, sources)
    if clauses is None:
        return _frame(pd.DataFrame(columns=DAY_COLUMNS))
    out = run(_DAILY.format(where=clauses[0]), [mirror.daily_glob(Path(path)), *clauses[1]], con)
    return _frame(out if out is not None else pd.DataFrame(columns=DAY_COLUMNS))


def where(
    actors: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sources: Iterable[str] | None = None,
) -> tuple[str, list] | None:
    """The SQL condition and its parameters selecting as analysis.facts.select does (None:
    all; dates inclusive; undated rows only without a date bound), on a dataset partitioned
    by month; None when no row can match (no actor or no source asked for)."""
    clauses, params = ["true"], []
    for column, values in (("actor_id", actors), ("source", sources)):
        if values is not None:
            values = sorted(set(map(str, values)))
            if not values:
                return None
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += values
    # The month folder too: DuckDB prunes whole partitions on it before opening a file.
    if start is not None:
        clauses.append("month >= ? AND published >= ?")
        params += [f"{start:%Y-%m}", start]
    if end is not None:
        clauses.append("month <= ? AND published <= ?")
        params += [f"{end:%Y-%m}", end]
    return " AND ".join(clauses), params


def run(sql: str, params: list, con=None, tables=None) -> pd.DataFrame | None:
    """DuckDB's rows of a query over the mirror (`_pandas`); None when it has no file yet (an
    empty store's mirror). `con`: a DuckDB connection (default: the process's); `tables`:
    frames the query reads by name."""
    cursor = (con or _database()).cursor()  # a cursor per call: one per thread
    try:
        for name, frame in (tables or {}).items():
            cursor.register(name, frame)
        table = cursor.sql(sql, params=params).to_arrow_table()
    except duckdb.IOException:  # no file yet: no facts
        return None
    finally:
        cursor.close()
    return _pandas(table)


def _pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow's rows as pandas: strings as categoricals of their sorted values (Arrow encodes
    them: no Python string per row, which cost more than the query), dates as the store's."""
    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            encoded = column.combine_chunks().dictionary_encode()
            codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            found = pd.Categorical.from_codes(codes, categories=encoded.dictionary.to_pylist())
            columns[name] = found.set_categories(sorted(found.categories))
        elif pa.types.is_date(column.type):
            stamps = column.cast(pa.timestamp("s")).to_numpy()
            columns[name] = stamps.astype(schema.ARTICLES["published"])
        elif pa.types.is_decimal(column.type):  # DuckDB's sums of integers: 128-bit
            whole = column.type.scale == 0
            columns[name] = column.cast(pa.int64() if whole else pa.float64()).to_numpy()
        else:
            columns[name] = column.to_numpy()
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))


_lock = threading.Lock()
_db = None


def _database():
    """The process's DuckDB (in memory), made once. It keeps the files' Parquet metadata: a
    mirror's files never change once renamed into place (new data is new files), so what it
    keeps is never stale."""
    global _db
    with _lock:
        if _db is None:
            _db = duckdb.connect()
            _db.execute("SET parquet_metadata_cache = true")
        return _db


def _frame(out: pd.DataFrame) -> pd.DataFrame:
    """DuckDB's rows with daily's dtypes: categorical ids and sources, the store's dates."""
    out["actor_id"] = pd.Categorical(out["actor_id"])
    out["source"] = pd.Categorical(out["source"])
    out["published"] = pd.to_datetime(out["published"]).astype(schema.ARTICLES["published"])
    ints = dict.fromkeys(("mentions", "sentences", "articles", *SCORED), "int64")
    floats = {c: np.float64 for c in DAY_COLUMNS if c not in ints and c.startswith(("art", "tone"))}
    return out.astype(ints).astype(floats)[DAY_COLUMNS].reset_index(drop=True)
