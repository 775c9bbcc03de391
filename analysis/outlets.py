"""Outlets side by side: per actor and source, the share of the source's own articles that
name the actor, and the source's tone toward it with its 95% band.

The share divides by the source's own articles in the view, not by all articles, so a small
outlet's coverage weighs as much as a big one's. The tone is the mean of the sentences
naming the actor in that source (VADER's compound, or the tone toward the actor), with the
cluster-robust interval of analysis.interval: the articles of that source are the clusters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.interval import ARTICLE_SUMS, tone_interval
from analysis.trends import SCORED

OUTLET_COLUMNS = [
    "source", "actor_id", "mentions", "sentences", "articles", "source_articles", "share",
    "tone", "tone_low", "tone_high",
]  # fmt: skip
# What `python -m analysis export outlets` writes (issue 20's interface).
EXPORT_COLUMNS = ["source", "actor_id", "mentions", "share", "tone", "tone_low", "tone_high"]
_SUMS = ("mentions", "sentences", "articles", "tone_sum", *ARTICLE_SUMS, *SCORED)


def outlets_of(
    days: pd.DataFrame,
    article_days: pd.DataFrame,
    actors: tuple[str, ...] | None = None,
    weight: str = "sentence",
) -> pd.DataFrame:
    """OUTLET_COLUMNS, one row per actor and source of the view, sources A to Z.

    days: analysis.trends.daily of the view's facts; article_days: analysis.trends.article_days
    of the view's articles (the denominators). Every source with an article in the view gets
    a row for every actor (`actors`, else those in `days`): a source that never names the
    actor has share 0 and no tone. Articles without a source are left out (no outlet to put
    them under). The bounds are NaN from fewer than two articles (analysis.interval).
    """
    totals = (
        article_days.dropna(subset=["source"])
        .astype({"source": str})
        .groupby("source")["articles"]
        .sum()
    )
    totals = totals[totals > 0]
    named = days.dropna(subset=["source"]).astype({"source": str, "actor_id": str})
    if actors is None:
        actors = tuple(sorted(named["actor_id"].unique()))
    grid = pd.MultiIndex.from_product([totals.index, list(actors)], names=["source", "actor_id"])
    have = [k for k in _SUMS if k in named]  # the scored counts: pandas' daily alone has them
    sums = named.groupby(["source", "actor_id"])[have].sum().reindex(grid, fill_value=0)
    tone, low, high = tone_interval({k: sums[k].to_numpy(np.float64) for k in have}, weight)
    out = sums.reset_index()
    source_articles = totals.reindex(out["source"]).to_numpy(np.int64)
    out = out.assign(
        source_articles=source_articles,
        share=out["articles"].to_numpy(np.float64) / source_articles,
        tone=tone,
        tone_low=low,
        tone_high=high,
    )
    return out.astype({c: "int64" for c in ("mentions", "sentences", "articles")})[OUTLET_COLUMNS]
