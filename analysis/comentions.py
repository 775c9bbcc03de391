"""Which actors are mentioned together, how much more than chance, and in what tone."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.trends import period_start

WINDOWS = ("sentence", "article")
PAIR_COLUMNS = ["actor_a", "actor_b", "window", "count", "count_a", "count_b", "units",
                "lift", "pmi", "npmi", "tone"]  # fmt: skip


def comentions(facts: pd.DataFrame, units: int, window: str = "sentence") -> pd.DataFrame:
    """Pair counts of actors sharing a sentence or an article.

    Needs facts' (analysis.facts.mention_facts) article_id, sent_idx, actor_id, compound;
    `units` is how many sentences (or articles) the view holds, mentioned or not. Returns
    PAIR_COLUMNS, one row per pair with actor_a < actor_b: count of shared units, each
    actor's own count, lift (count / expected by chance), pmi = log2(lift), npmi (pmi scaled
    to -1..1, which corrects for frequent actors), and tone, the mean compound of the shared
    sentences (for articles: of the sentences in the shared articles that name either actor).
    """
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}, not {window!r}")
    keys = ["article_id", "sent_idx"] if window == "sentence" else ["article_id"]
    per_unit = (
        facts.assign(
            actor_id=facts["actor_id"].astype(str), article_id=facts["article_id"].astype(str)
        )
        .groupby([*keys, "actor_id"], observed=True)["compound"]
        .agg(["sum", "size"])
        .reset_index()
    )
    own = per_unit.groupby("actor_id").size()
    pairs = per_unit.merge(per_unit, on=keys, suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    if pairs.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    # Sentence window: both sides carry the same sentence, so this is its compound. Article
    # window: the sentences naming either actor (one naming both counts twice).
    pairs = pairs.assign(
        tone_sum=pairs["sum_a"] + pairs["sum_b"], tone_n=pairs["size_a"] + pairs["size_b"]
    )
    out = (
        pairs.groupby(["actor_id_a", "actor_id_b"])
        .agg(count=("tone_n", "size"), tone_sum=("tone_sum", "sum"), tone_n=("tone_n", "sum"))
        .reset_index()
        .rename(columns={"actor_id_a": "actor_a", "actor_id_b": "actor_b"})
    )
    out["window"] = window
    out["count_a"] = out["actor_a"].map(own).to_numpy()
    out["count_b"] = out["actor_b"].map(own).to_numpy()
    out["units"] = max(units, 1)
    p_ab = out["count"] / out["units"]
    out["lift"] = out["count"] * out["units"] / (out["count_a"] * out["count_b"])
    out["pmi"] = np.log2(out["lift"])
    out["npmi"] = np.where(p_ab < 1, out["pmi"] / -np.log2(p_ab.where(p_ab < 1, 0.5)), 1.0)
    out["tone"] = out["tone_sum"] / out["tone_n"]
    return out[PAIR_COLUMNS].sort_values(
        ["count", "actor_a"], ascending=[False, True], ignore_index=True
    )


def pair_periods(
    facts: pd.DataFrame, actor_a: str, actor_b: str, freq: str = "W", window: str = "sentence"
) -> pd.DataFrame:
    """How often two actors are seen together, period by period.

    Needs facts' (analysis.facts.mention_facts) article_id, sent_idx, actor_id, compound,
    published. Returns period (start of the day, week or month) and count: the sentences (or
    articles, for window="article") naming both, and tone, the mean compound of the sentences
    naming both (sentence window) or naming either (article window). Every period with a
    dated fact is listed (count 0, tone NaN where the pair is not seen), so the pair's periods
    read against the whole view. Undated facts are left out.
    """
    keys = ["article_id", "sent_idx"] if window == "sentence" else ["article_id"]
    dated = facts[facts["published"].notna()]
    if dated.empty:
        return pd.DataFrame(
            {
                "period": pd.Series(dtype="datetime64[us]"),
                "count": pd.Series(dtype="int64"),
                "tone": pd.Series(dtype="float64"),
            }
        )
    grid = pd.DatetimeIndex(period_start(dated["published"], freq).unique()).sort_values()
    both = dated.assign(
        actor_id=dated["actor_id"].astype(str), article_id=dated["article_id"].astype(str)
    )
    both = both[both["actor_id"].isin([actor_a, actor_b])]
    seen = both.groupby(keys)["actor_id"].nunique()
    shared = seen[(seen == 2) & (actor_a != actor_b)].index.to_frame(index=False)
    rows = both.merge(shared, on=keys) if len(shared) else both.iloc[:0]
    units = rows.drop_duplicates(keys)
    counts = units.groupby(period_start(units["published"], freq)).size()
    # One compound per sentence: a sentence naming both actors carries it twice.
    sentences = rows.drop_duplicates(["article_id", "sent_idx"])
    tone = sentences.groupby(period_start(sentences["published"], freq))["compound"].mean()
    out = pd.DataFrame({"count": counts, "tone": tone}).reindex(grid)
    out["count"] = out["count"].fillna(0).astype("int64")
    out["tone"] = out["tone"].astype("float64")
    return out.rename_axis("period").reset_index()[["period", "count", "tone"]]
