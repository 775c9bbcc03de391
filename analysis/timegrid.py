"""Trend rows on the time grid of a view, for drawing and export: which periods hold articles
(a week with articles but no mention is a real 0), which hold none (a gap: no data, never 0),
and per-period labels formatted once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.trends import TREND_COLUMNS, encode_sorted, period_days

PERIOD_COLUMNS = ["period", "period_articles"]
# The trends export: a row per actor and period of the view, with the view's articles in the
# period and whether it is a gap (no article at all in the view).
TABLE_COLUMNS = [*TREND_COLUMNS, "period_articles", "gap"]


def _grid_days(first: np.datetime64, last: np.datetime64, freq: str) -> np.ndarray:
    """Every period start from first to last (both period starts), as datetime64[D]."""
    if freq == "M":
        return np.arange(first.astype("datetime64[M]"), last.astype("datetime64[M]") + 1).astype(
            "datetime64[D]"
        )
    return np.arange(first, last + 1, 7 if freq == "W" else 1).astype("datetime64[D]")


def view_periods(articles: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Every period from the view's first dated article to its last, with its articles.

    Needs articles' published and articles (analysis.trends.article_days of the view, or
    one row per article without `articles`). Returns PERIOD_COLUMNS: period (the period's
    first day, as analysis.trends.period_start gives it) and period_articles (0: a gap).
    """
    published = pd.to_datetime(articles["published"]).to_numpy()
    counts = (
        articles["articles"].to_numpy(np.int64)
        if "articles" in articles
        else np.ones(len(articles), dtype=np.int64)
    )
    dated = ~np.isnat(published)
    if not dated.any():
        return pd.DataFrame(
            {
                "period": pd.Series(dtype="datetime64[us]"),
                "period_articles": pd.Series(dtype="int64"),
            }
        )
    start = period_days(published[dated], freq)
    grid = _grid_days(start.min(), start.max(), freq)
    at = np.searchsorted(grid, start)
    return pd.DataFrame(
        {
            "period": grid.astype("datetime64[us]"),
            "period_articles": np.bincount(at, counts[dated], len(grid)).astype(np.int64),
        }
    )


def _fallback_periods(trends: pd.DataFrame, freq: str) -> pd.DataFrame:
    """view_periods when only the trends are known: every period from their first to their
    last holds articles (each period with a row does)."""
    days = period_days(pd.to_datetime(trends["period"]).to_numpy(), freq)
    grid = _grid_days(days.min(), days.max(), freq)
    return pd.DataFrame({"period": grid.astype("datetime64[us]"), "period_articles": 1})


def on_grid(trends: pd.DataFrame, freq: str, periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """Trends rows for every actor on the view's time grid, with a `gap` column.

    `periods` is view_periods of the view (by default every period from the trends' first to
    their last holds articles). A period with articles where an actor is not mentioned gets
    mentions and share 0 and no tone: the counts drop to zero, the tone breaks. A period with
    no article at all is a gap (gap true, counts 0 but not to be drawn). Only the periods that
    change a line are kept: those with data, the periods either side of them, the first and
    last of each run with articles, and the first of each gap (one is enough to break a line);
    along the rest a line runs flat between kept points. Rows come actor by actor (sorted
    ids), each over the same periods.
    """
    if periods is None or periods.empty:
        periods = _fallback_periods(trends, freq)
    grid = periods["period"].to_numpy().astype("datetime64[D]")
    has_articles = periods["period_articles"].to_numpy() > 0
    days = period_days(pd.to_datetime(trends["period"]).to_numpy(), freq)
    rows = np.minimum(np.searchsorted(grid, days), len(grid) - 1)
    inside = grid[rows] == days  # a trend row outside the view's periods has nowhere to go
    trends, rows = trends[inside], rows[inside]
    has_data = np.zeros(len(grid), dtype=bool)
    has_data[rows] = True

    def shifted(flags: np.ndarray, by: int) -> np.ndarray:
        out = np.zeros_like(flags)
        if by > 0:
            out[by:] = flags[:-by]
        else:
            out[:by] = flags[-by:]
        return out

    edge = has_articles & ~(shifted(has_articles, 1) & shifted(has_articles, -1))
    gap_start = ~has_articles & shifted(has_articles, 1)
    keep = has_data | shifted(has_data, 1) | shifted(has_data, -1) | edge | gap_start
    keep[[0, -1]] = True
    kept = np.flatnonzero(keep)
    index = np.full(len(grid), -1)
    index[kept] = np.arange(len(kept))
    dtype = trends["period"].dtype if len(trends) else np.dtype("datetime64[us]")
    period_values = grid[kept].astype(dtype)
    actor, actors = encode_sorted(trends["actor_id"])
    at = actor * len(kept) + index[rows]
    n = len(actors) * len(kept)

    def filled(col: str, empty, dtype) -> np.ndarray:
        out = np.full(n, empty, dtype=dtype)
        out[at] = trends[col].to_numpy(dtype=dtype)
        return out

    return pd.DataFrame(
        {
            "actor_id": np.repeat(np.asarray(actors, dtype=object), len(kept)),
            "period": np.tile(period_values, len(actors)),
            "mentions": filled("mentions", 0, np.int64),
            "sentences": filled("sentences", 0, np.int64),
            "articles": filled("articles", 0, np.int64),
            "share": filled("share", 0.0, np.float64),
            "tone": filled("tone", np.nan, np.float64),
            "tone_low": filled("tone_low", np.nan, np.float64),
            "tone_high": filled("tone_high", np.nan, np.float64),
            "shown": filled("shown", False, bool),
            "gap": np.tile(~has_articles[kept], len(actors)),
        }
    )


def trends_table(trends: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The trends export: TABLE_COLUMNS, one row per actor (of trends) and period of the view
    (view_periods), gaps included. Where an actor is not mentioned its counts are 0 and its
    tone missing; `gap` marks a period without any article in the view, whose 0 means no data.
    """
    if trends.empty or periods.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    actors = sorted(trends["actor_id"].astype(str).unique())
    frame = pd.MultiIndex.from_product(
        [actors, pd.to_datetime(periods["period"])], names=["actor_id", "period"]
    ).to_frame(index=False)
    keyed = trends.assign(
        actor_id=trends["actor_id"].astype(str), period=pd.to_datetime(trends["period"])
    )
    out = frame.merge(keyed, on=["actor_id", "period"], how="left", validate="one_to_one")
    out = out.merge(
        periods.assign(period=pd.to_datetime(periods["period"])), on="period", how="left"
    )
    for col in ("mentions", "sentences", "articles"):
        out[col] = out[col].fillna(0).astype("int64")
    out["shown"] = out["shown"].eq(True)
    out["gap"] = out["period_articles"].eq(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share"] = np.where(out["gap"], np.nan, out["articles"] / out["period_articles"])
    return out[TABLE_COLUMNS]


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
