"""Per actor and period: how often, in how many articles, in what tone (with a 95% interval)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

FREQS = {"D": "day", "W": "week", "M": "month"}
MIN_COUNT = 5  # fewer sentences than this in a period: its mean tone is not a trend point
TREND_COLUMNS = [
    "actor_id", "period", "mentions", "sentences", "articles", "share",
    "tone", "tone_low", "tone_high", "shown",
]  # fmt: skip

# Two-sided 95% critical values of Student's t for 1..30 degrees of freedom; 1.96 beyond.
_T95 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip


def period_start(published: pd.Series, freq: str) -> pd.Series:
    """The first day of each date's period: the day, the Monday of its week, or the 1st."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    day = pd.to_datetime(published).dt.floor("D")
    if freq == "W":
        return day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    if freq == "M":
        return day - pd.to_timedelta(day.dt.day - 1, unit="D")
    return day


def t95(n: int) -> float:
    """The 95% two-sided critical value of Student's t with n - 1 degrees of freedom."""
    return _T95[n - 2] if 2 <= n <= len(_T95) + 1 else (math.nan if n < 2 else 1.96)


def trends(
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    freq: str = "W",
    min_count: int = MIN_COUNT,
) -> pd.DataFrame:
    """One row per actor and period.

    Needs facts' (analysis.facts.mention_facts) actor_id, article_id, hits, compound,
    published; articles' article_id, published (all articles of the view, for `share`).
    Returns TREND_COLUMNS: mentions (hits), sentences and articles naming the actor, share
    (of all articles in the period), tone (mean compound of those sentences) with its 95%
    interval, and `shown`, false when fewer than min_count sentences back the mean.
    Facts without a published date are left out: they have no place in time.
    """
    dated = facts[facts["published"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    work = pd.DataFrame(
        {
            "actor_id": dated["actor_id"].astype(str),
            "period": period_start(dated["published"], freq),
            "article_id": dated["article_id"].astype(str),
            "hits": dated["hits"],
            "compound": dated["compound"],
        }
    )
    out = work.groupby(["actor_id", "period"]).agg(
        mentions=("hits", "sum"),
        sentences=("compound", "size"),
        articles=("article_id", "nunique"),
        tone=("compound", "mean"),
        sd=("compound", "std"),
    )
    out = out.reset_index()
    totals = articles[articles["published"].notna()]
    totals = totals.groupby(period_start(totals["published"], freq))["article_id"].nunique()
    out["share"] = out["articles"] / out["period"].map(totals).to_numpy()
    margin = np.array([t95(int(n)) for n in out["sentences"]]) * out["sd"].fillna(0)
    margin = margin / np.sqrt(out["sentences"])
    out["tone_low"] = (out["tone"] - margin).clip(lower=-1)
    out["tone_high"] = (out["tone"] + margin).clip(upper=1)
    out["shown"] = out["sentences"] >= min_count
    out["mentions"] = out["mentions"].astype("int64")
    return out[TREND_COLUMNS].sort_values(["actor_id", "period"], ignore_index=True)


def share_of_voice(trends: pd.DataFrame) -> pd.DataFrame:
    """Each actor's share of all the listed actors' mentions, period by period.

    Needs trends' (`trends`) actor_id, period, mentions. Returns actor_id, period, mentions and
    `voice` (0..1; the actors' voices add up to 1 in every period with any mention, and are 0
    in a period with none).
    """
    out = trends[["actor_id", "period", "mentions"]].copy()
    total = out.groupby("period")["mentions"].transform("sum")
    out["voice"] = (out["mentions"] / total.where(total > 0)).fillna(0.0)
    return out.reset_index(drop=True)
