"""Trend rows on a time grid for drawing: the periods either side of each period with data,
and per-period labels formatted once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.trends import encode_sorted


def _step(freq: str) -> pd.DateOffset:
    return (
        pd.DateOffset(days=1)
        if freq == "D"
        else pd.DateOffset(weeks=1)
        if freq == "W"
        else (pd.DateOffset(months=1))
    )


def on_grid(trends: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Trends rows for every actor in every period with data, and in the periods either side.

    Periods where an actor is not mentioned get mentions and share 0 and no tone, so lines
    drop to zero (counts) or break (tone) there instead of bridging the gap. A long empty
    stretch needs only its first and last period for that (the line runs along zero between
    them), so the rows grow with the periods that have data, not with the time they span.
    Rows come actor by actor (sorted ids), each over the same periods.
    """
    seen = pd.DatetimeIndex(trends["period"].unique()).sort_values()
    step = _step(freq)
    periods = seen.union(seen + step).union(seen - step)
    periods = periods[(periods >= seen[0]) & (periods <= seen[-1])]
    actor, actors = encode_sorted(trends["actor_id"])
    at = actor * len(periods) + periods.get_indexer(trends["period"])
    n = len(actors) * len(periods)

    def filled(col: str, empty, dtype) -> np.ndarray:
        out = np.full(n, empty, dtype=dtype)
        out[at] = trends[col].to_numpy(dtype=dtype)
        return out

    return pd.DataFrame(
        {
            "actor_id": np.repeat(np.asarray(actors, dtype=object), len(periods)),
            "period": np.tile(periods.to_numpy(), len(actors)),
            "mentions": filled("mentions", 0, np.int64),
            "sentences": filled("sentences", 0, np.int64),
            "articles": filled("articles", 0, np.int64),
            "share": filled("share", 0.0, np.float64),
            "tone": filled("tone", np.nan, np.float64),
            "tone_low": filled("tone_low", np.nan, np.float64),
            "tone_high": filled("tone_high", np.nan, np.float64),
            "shown": filled("shown", False, bool),
        }
    )


def per_actor(grid: pd.DataFrame, freq: str):
    """(actor_id, its rows as a dict of column → array) for each actor of an `on_grid`
    frame, in order; with each period's `label` (period_label) and `day` (YYYY-MM-DD),
    formatted once per distinct period, not once per actor."""
    actors = grid["actor_id"].to_numpy()
    starts = np.flatnonzero(np.concatenate([[True], actors[1:] != actors[:-1]]))
    ends = np.append(starts[1:], len(actors))
    columns = {col: grid[col].to_numpy() for col in grid.columns}
    columns["label"], columns["day"] = period_labels(columns["period"], freq)
    for lo, hi in zip(starts, ends, strict=True):
        yield str(actors[lo]), {col: values[lo:hi] for col, values in columns.items()}


def period_labels(periods: np.ndarray, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """period_label, and YYYY-MM-DD, of each period: formatted once per distinct period."""
    distinct, at = np.unique(periods, return_inverse=True)
    fmt = {"W": "week of %Y-%m-%d", "M": "%B %Y"}.get(freq, "%Y-%m-%d")
    labels = np.asarray(pd.DatetimeIndex(distinct).strftime(fmt), dtype=object)
    return labels[at], iso(distinct)[at]


def iso(periods) -> np.ndarray:
    """Days as YYYY-MM-DD."""
    return np.datetime_as_string(np.asarray(periods, dtype="datetime64[D]"), unit="D")


def stamps(periods) -> np.ndarray:
    """Days as plotly writes a Timestamp (ISO, to the second)."""
    return np.datetime_as_string(np.asarray(periods, dtype="datetime64[s]"), unit="s")
