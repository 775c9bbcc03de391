"""The questions beyond Trends' daily sums, asked by DuckDB of the facts' Parquet mirror
(analysis.mirror): co-mentioned pairs, each actor's mentions, the articles naming each actor
around a few dates (spikes' drivers), and the facts behind an Evidence selection.

Each returns what the pandas path builds from the facts in memory (analysis.comentions,
analysis.facts), only the view's rows, so the corpus need not hold the facts at all while the
mirror is level with the store (analysis.query.corpus). Read only while
analysis.query.parquet.available says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import mirror, schema
from analysis.comentions import PAIR_DAY_COLUMNS, distinct_sentences
from analysis.facts import FACT_COLUMNS
from analysis.query.parquet import run, where

_FACTS = """
WITH f AS (
    SELECT article_id, sent_idx, actor_id, compound, published, source
    FROM read_parquet(?, hive_partitioning = true, hive_types = {{'month': VARCHAR}})
    WHERE {where}
)
"""

# The batches' sentence pairs (analysis.mirror.PAIRS) summed again, as the daily sums are.
_SENTENCE_PAIRS = """
SELECT actor_a, actor_b, published, source,
       sum(count) AS count, sum(tone_sum) AS tone_sum, sum(tone_n) AS tone_n
FROM read_parquet(?, hive_partitioning = true, hive_types = {{'month': VARCHAR}})
WHERE {where} AND actor_a IN ({actors}) AND actor_b IN ({actors})
GROUP BY ALL
"""

# pair_days of the article unit rows: per actor and article, its sentences' compounds summed
# and counted (an article has one day and one source).
_ARTICLE_PAIRS = """
, u AS (
    SELECT article_id, actor_id, any_value(published) AS published,
           any_value(source) AS source, coalesce(sum(compound), 0) AS ts, count(compound) AS n
    FROM f GROUP BY article_id, actor_id
)
SELECT a.actor_id AS actor_a, b.actor_id AS actor_b, a.published, a.source,
       count(*) AS count, sum(a.ts + b.ts) AS tone_sum, sum(a.n + b.n) AS tone_n
FROM u AS a JOIN u AS b ON a.article_id = b.article_id AND a.actor_id < b.actor_id
GROUP BY ALL
"""


def pair_days(
    path: Path,
    actors: Iterable[str],
    window: str = "sentence",
    start: dt.date | None = None,
    end: dt.date | None = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """analysis.comentions.window_pair_days of the mirror's facts of these actors in the
    dates and sources (as analysis.facts.select): PAIR_DAY_COLUMNS, actor_a < actor_b."""
    actors = sorted(set(map(str, actors)))
    clauses = where(actors, start, end, sources)
    if clauses is None:
        return _pairs(None)
    # Without the actors' condition: the pairs' files name them as actor_a and actor_b.
    sql, params = where(None, start, end, sources)
    marks = ", ".join("?" * len(actors))
    sentences = _pairs(
        run(
            _SENTENCE_PAIRS.format(where=sql, actors=marks),
            [mirror.pairs_glob(Path(path)), *params, *actors, *actors],
        )
    )
    if window == "sentence":
        return sentences
    article = _FACTS.format(where=clauses[0]) + _ARTICLE_PAIRS
    articles = _pairs(run(article, [mirror.glob(Path(path)), *clauses[1]]))
    return distinct_sentences(articles, sentences)


def actor_mentions(path: Path) -> pd.Series:
    """Every actor's mentions (the sum of its facts' hits) in the mirror, by actor id in id
    order: the sidebar's counts and the most mentioned actors."""
    out = run(
        "SELECT actor_id, sum(mentions) AS mentions FROM read_parquet(?, hive_partitioning = "
        "true, hive_types = {'month': VARCHAR}) GROUP BY actor_id ORDER BY actor_id",
        [mirror.daily_glob(Path(path))],
    )
    if out is None:
        return pd.Series(dtype="int64", name="hits")
    index = pd.Index(out["actor_id"].astype(str), name="actor_id")
    return pd.Series(out["mentions"].to_numpy(np.int64), index=index, name="hits")


def actor_sums(
    path: Path,
    actors: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The mirror's daily sums (analysis.mirror.DAILY) summed per actor over the dates and
    sources: actor_id, mentions, sentences, articles, tone_sum, scored, one row per actor,
    what analysis.trends.daily_totals reads (an article has one day and source: they add up)."""
    columns = ["actor_id", "mentions", "sentences", "articles", "scored", "tone_sum"]
    clauses = where(None if actors is None else tuple(actors), start, end, sources)
    out = None
    if clauses is not None:
        out = run(
            "SELECT actor_id, sum(mentions) AS mentions, sum(sentences) AS sentences, "
            "sum(articles) AS articles, sum(scored) AS scored, sum(tone_sum) AS tone_sum "
            "FROM read_parquet(?, "
            "hive_partitioning = true, hive_types = {'month': VARCHAR}) WHERE "
            + clauses[0]
            + " GROUP BY actor_id ORDER BY actor_id",
            [mirror.daily_glob(Path(path)), *clauses[1]],
        )
    if out is None:
        out = pd.DataFrame(columns=columns)
    ints = {c: "int64" for c in columns[1:5]}
    return out.astype({"actor_id": str, **ints, "tone_sum": "float64"})[columns]


# spikes.spike_rows asked of the mirror: each spike's articles (its actor in its period) and
# the other actors they name, counted, from the facts of the spikes' periods only; then those
# actors' articles over each baseline window, from the daily sums (an article has one day and
# one source, so their articles add up to the distinct ones), which are far fewer rows.
_SPIKE_PERIODS = """
WITH f AS (
    SELECT article_id, actor_id, published, source
    FROM read_parquet(?, hive_partitioning = true, hive_types = {{'month': VARCHAR}})
    WHERE {where} AND month IN ({months}) AND ({within})
), mine AS (
    SELECT DISTINCT s.spike, f.article_id, f.source FROM f JOIN spans AS s
    ON f.actor_id = s.actor_id AND f.published >= s.first AND f.published < s.after
), now AS (
    SELECT m.spike, f.actor_id, count(DISTINCT f.article_id) AS now
    FROM mine AS m JOIN f USING (article_id) JOIN spans AS s USING (spike)
    WHERE f.actor_id <> s.actor_id GROUP BY ALL
)
SELECT spike, article_id, source, NULL AS actor_id, NULL AS now FROM mine
UNION ALL
SELECT spike, NULL, NULL, actor_id, now FROM now
"""  # one query, the facts read once: own rows have no actor_id
_BASELINES = """
SELECT o.spike, o.actor_id, sum(d.articles) AS before
FROM (
    SELECT actor_id, published, articles
    FROM read_parquet(?, hive_partitioning = true, hive_types = {{'month': VARCHAR}})
    WHERE {where} AND month IN ({months}) AND ({within})
) AS d
JOIN others AS o ON d.actor_id = o.actor_id JOIN spans AS s ON s.spike = o.spike
WHERE d.published >= s.window AND d.published < s.first
GROUP BY ALL
"""


def _days(ranges: list[tuple[dt.date, dt.date]]) -> tuple[str, str, list]:
    """The SQL of some days (each range [first, after), merged where they meet): the month
    folders to open, the days' condition, and their parameters (months first)."""
    merged: list[list[dt.date]] = []
    for first, after in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], after)
        else:
            merged.append([first, after])
    months = sorted(
        {str(m) for first, after in merged for m in pd.period_range(first, after, freq="M")}
    )
    within = " OR ".join(["(published >= ? AND published < ?)"] * len(merged))
    return ", ".join("?" * len(months)), within, [*months, *(d for m in merged for d in m)]


def spike_rows(
    path: Path,
    spans: pd.DataFrame,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sources: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """analysis.spikes.spike_rows of the mirror's facts in the dates and sources: OWN_ROWS
    and CO_ROWS for the spikes' `spans` (analysis.spikes.spans)."""
    from analysis.spikes import CO_ROWS, OWN_ROWS

    own, co = pd.DataFrame(columns=OWN_ROWS), pd.DataFrame(columns=CO_ROWS)
    clauses = where(None, start, end, sources)
    if spans.empty or clauses is None:
        return own, co
    table = spans.assign(
        **{c: pd.to_datetime(spans[c]).dt.date for c in ("first", "after", "window")}
    )
    periods = list(zip(table["first"], table["after"], strict=True))
    months, within, days = _days(periods)
    sql = _SPIKE_PERIODS.format(where=clauses[0], months=months, within=within)
    got = run(sql, [mirror.glob(Path(path)), *clauses[1], *days], tables={"spans": table})
    if got is None:  # no file yet: no facts
        return own, co
    mine = got["actor_id"].isna().to_numpy()
    own = got.loc[mine, OWN_ROWS].astype({"article_id": str}).reset_index(drop=True)
    own["source"] = own["source"].astype(object).where(own["source"].notna(), None)
    now = got.loc[~mine, ["spike", "actor_id", "now"]].astype({"actor_id": str, "now": "int64"})
    windows = list(zip(table["window"], table["first"], strict=True))
    months, within, days = _days([(w, f) for w, f in windows if w < f])
    before = None
    if days:
        sql = _BASELINES.format(where=clauses[0], months=months, within=within)
        params = [mirror.daily_glob(Path(path)), *clauses[1], *days]
        tables = {"spans": table, "others": now[["spike", "actor_id"]]}
        before = run(sql, params, tables=tables)
    if before is None or before.empty:
        co = now.assign(before=0)
    else:
        before = before.astype({"actor_id": str})
        co = now.merge(before, on=["spike", "actor_id"], how="left")
        co["before"] = co["before"].fillna(0)
    co = co.astype({"before": "int64"})[CO_ROWS]
    return own, co.reset_index(drop=True)


def view_facts(
    path: Path,
    ids: pd.CategoricalDtype,
    actors: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sources: Iterable[str] | None = None,
    articles: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The mirror's facts (analysis.facts.FACT_COLUMNS) selected as analysis.facts.select
    does, and of these articles only (None: all), in the corpus's article, sentence order:
    `ids` is its article ids' dtype (analysis.query.corpus numbers the facts' articles so)."""
    clauses = where(None if actors is None else tuple(actors), start, end, sources)
    frame = None
    if clauses is not None:
        sql, params = clauses
        if articles is not None:
            articles = sorted(set(map(str, articles)))
            sql += (
                f" AND article_id IN ({', '.join('?' * len(articles))})"
                if articles
                else " AND false"
            )
            params = params + articles
        frame = run(
            "SELECT article_id, sent_idx, actor_id, hits, compound, published, source FROM "
            "read_parquet(?, hive_partitioning = true, hive_types = {'month': VARCHAR}) WHERE "
            + sql,
            [mirror.glob(Path(path)), *params],
        )
    if frame is None:
        frame = pd.DataFrame(columns=FACT_COLUMNS)
    out = pd.DataFrame(
        {
            "article_id": frame["article_id"].astype(ids),
            "sent_idx": frame["sent_idx"].to_numpy(np.int32),
            "actor_id": pd.Categorical(frame["actor_id"]),
            "hits": frame["hits"].to_numpy(np.int32),
            "compound": frame["compound"].to_numpy(np.float64),
            "published": pd.to_datetime(frame["published"]).astype(schema.ARTICLES["published"]),
            "source": pd.Categorical(frame["source"]),
        }
    )
    key = out["article_id"].cat.codes.to_numpy(np.int64) * 2**32 + out["sent_idx"].to_numpy()
    return out.take(np.argsort(key, kind="stable")).reset_index(drop=True)


def _pairs(out: pd.DataFrame | None) -> pd.DataFrame:
    """DuckDB's pair rows as pair_days gives them: actor_a and actor_b categoricals of the
    same sorted ids, the store's dates, in pair, day and source order."""
    if out is None:
        out = pd.DataFrame(columns=PAIR_DAY_COLUMNS)
    a, b = pd.Categorical(out["actor_a"]), pd.Categorical(out["actor_b"])
    ids = a.categories.union(b.categories)
    a, b = a.set_categories(ids), b.set_categories(ids)
    source = pd.Categorical(out["source"])  # missing: code -1, first
    published = pd.to_datetime(out["published"]).astype(schema.ARTICLES["published"])
    day = published.to_numpy().view(np.int64)  # NaT is the smallest: first
    order = np.lexsort((source.codes, day, b.codes, a.codes))
    frame = pd.DataFrame(
        {
            "actor_a": a.take(order),
            "actor_b": b.take(order),
            "published": published.to_numpy().take(order),
            "source": source.take(order),
            "count": out["count"].to_numpy(np.int64).take(order),
            "tone_sum": out["tone_sum"].to_numpy(np.float64).take(order),
            "tone_n": out["tone_n"].to_numpy(np.int64).take(order),
        }
    )
    return frame[PAIR_DAY_COLUMNS]
