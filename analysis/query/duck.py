"""DuckDB for the query layer's biggest group-by (the daily sums), opt-in.

With duckdb installed (`pip install .[duckdb]`) and ACTORSCOPE_DUCKDB=on, all_daily is summed
by DuckDB over the corpus's frames; otherwise, and by default, by pandas and numpy. Off by
default because it is slower here: at 1M mention rows on 2 busy cores, 1.5-3.7 s against
pandas' 0.8-1.2 s (README, Speed; `python -m benchmarks.query_engine DB`). DuckDB would pay
where it reads the data itself instead of frames already in memory, and its SQLite reader is
an extension it downloads at run time, which ActorScope never does.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from analysis.trends import DAY_COLUMNS, SCORED

try:
    import duckdb
except ImportError:  # the optional engine is not installed: the pandas path serves
    duckdb = None

# Per actor and article first (an article has one day and one source), then per actor, day
# and source: the per-article sums are what analysis.interval needs for the band, over the
# scored sentences n_g (an unscored sentence's compound is NULL: counted, in no tone).
_DAILY = """
WITH per AS (
    SELECT actor_id, article_id, any_value(published) AS day, any_value(source) AS source,
           sum(hits) AS h, count(*) AS n, count(compound) AS n_g,
           coalesce(sum(compound), 0) AS s_g
    FROM facts GROUP BY actor_id, article_id
)
SELECT actor_id, day AS published, source,
       sum(h) AS mentions, sum(n) AS sentences, count(*) AS articles, sum(s_g) AS tone_sum,
       sum(s_g * s_g) AS art_s2, sum(n_g * s_g) AS art_ns, sum(n_g * n_g) AS art_n2,
       sum(CASE WHEN n_g > 0 THEN s_g / n_g ELSE 0 END) AS art_mean,
       sum(CASE WHEN n_g > 0 THEN (s_g / n_g) * (s_g / n_g) ELSE 0 END) AS art_mean2,
       sum(n_g) AS scored, count(*) FILTER (WHERE n_g > 0) AS scored_articles
FROM per GROUP BY actor_id, day, source
ORDER BY actor_id, published NULLS FIRST, source NULLS FIRST
"""


def enabled() -> bool:
    """Whether the query layer aggregates with DuckDB: asked for, and installed (if not,
    pandas serves, as by default)."""
    return duckdb is not None and os.environ.get("ACTORSCOPE_DUCKDB", "off") == "on"


def daily(facts: pd.DataFrame) -> pd.DataFrame:
    """analysis.trends.daily of the facts (mention_facts: categorical ids and sources), by
    DuckDB: the same rows in the same order, sums equal to rounding."""
    con = duckdb.connect()
    try:
        # Categoricals as their codes: DuckDB groups integers faster than enums, and the
        # categories come back untouched.
        frame = pd.DataFrame(
            {
                "actor_id": facts["actor_id"].cat.codes.to_numpy(np.int32),
                "article_id": facts["article_id"].cat.codes.to_numpy(np.int32),
                "published": pd.to_datetime(facts["published"]).dt.floor("D"),
                "source": facts["source"].cat.codes.to_numpy(np.int32),
                "hits": facts["hits"].to_numpy(),
                # NaN (unscored) as NULL, which DuckDB's sums and counts leave out
                "compound": pd.array(facts["compound"].to_numpy(np.float64), dtype="Float64"),
            }
        )
        frame["source"] = frame["source"].where(frame["source"] >= 0)
        con.register("facts", frame)
        out = con.execute(_DAILY).df()
    finally:
        con.close()
    source = out["source"].fillna(-1).to_numpy(np.int64)
    out["actor_id"] = pd.Categorical.from_codes(
        out["actor_id"].to_numpy(np.int64), categories=facts["actor_id"].cat.categories
    )
    out["source"] = pd.Categorical.from_codes(source, categories=facts["source"].cat.categories)
    out["published"] = out["published"].astype(facts["published"].dtype)
    ints = dict.fromkeys(("mentions", "sentences", "articles", *SCORED), "int64")
    return out.astype(ints).astype({"art_n2": "float64", "art_ns": "float64"})[DAY_COLUMNS]
