"""Spikes: periods in which an actor is named far more than its own recent baseline.

How a spike is found, per actor, over the periods of the view (analysis.timegrid's trends
table, gaps flagged):
- Periods without any article in the view are gaps: no data, not zeros. They are skipped,
  neither tested nor counted in any baseline.
- The baseline of a period is the median mentions of the actor over the previous `k` periods
  with articles (default 8): robust to an earlier spike. A period with fewer than
  `min_history` such periods before it is not tested.
- The score is -log10 p, p being the chance of at least that many mentions were the count
  Poisson with the baseline as its mean (a baseline below `floor`, 1 mention, counts as
  `floor`: a never-named actor is not a spike at its first mention). A period is a spike when
  its score is at least `threshold` (default 3: p <= 0.001) and its mentions exceed the
  baseline.
Limits: mentions are not Poisson (one article names an actor many times, and the news is
bursty), so the score ranks jumps rather than gives a true probability; a long run of high
coverage becomes its own baseline after k/2 periods; the volume of the whole corpus is not
controlled for (a week with twice the articles raises every actor).

What drove a spike (`drivers`): its articles (ids, titles), their sources, and the actors
co-mentioned in them that are new or grew against the baseline window (more articles in the
spike than their mean per period over the window's periods).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

K = 8
MIN_HISTORY = 4
THRESHOLD = 3.0
FLOOR = 1.0
MAX_THRESHOLD = 300.0
SPIKE_COLUMNS = ["actor_id", "period", "mentions", "baseline", "score"]
# spikes_of: also where its baseline window starts and how many periods with articles it holds.
WINDOW_COLUMNS = ["window_start", "window_periods"]
DRIVER_COLUMNS = ["article_ids", "titles", "sources", "co_actors"]
EXPORT_COLUMNS = [*SPIKE_COLUMNS, "articles", *DRIVER_COLUMNS]


def check_threshold(value: float) -> float:
    """The threshold, if it is one a score can meet (0 to 300; a p below 1e-300 is 0)."""
    if not 0 <= value <= MAX_THRESHOLD:  # NaN too
        raise ValueError(f"threshold must be from 0 to {MAX_THRESHOLD:g}")
    return value


def poisson_score(x: int, mu: float) -> float:
    """-log10 P(X >= x) for X Poisson with mean mu > 0 (0 for x <= 0)."""
    if x <= 0:
        return 0.0
    if x <= mu:  # the tail is large: 1 - cdf loses nothing that matters
        cdf = sum(math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(x))
        return -math.log10(max(1.0 - cdf, 1e-300))
    # Far in the tail 1 - cdf underflows: sum the tail itself, from its first (largest) term.
    first = x * math.log(mu) - mu - math.lgamma(x + 1)
    total, term = 1.0, 1.0
    for j in range(1, 10_000):
        term *= mu / (x + j)
        total += term
        if term < 1e-16 * total:
            break
    return -(first + math.log(total)) / math.log(10)


def spikes_of(
    table: pd.DataFrame,
    threshold: float = THRESHOLD,
    k: int = K,
    min_history: int = MIN_HISTORY,
    floor: float = FLOOR,
    every: bool = False,
) -> pd.DataFrame:
    """The spikes of a trends table (analysis.timegrid.trends_table: actor_id, period,
    mentions, gap), as the module docstring says; with `every`, every tested period.

    Returns SPIKE_COLUMNS + WINDOW_COLUMNS, actor by actor in period order.
    """
    out = []
    rows = table[~table["gap"].to_numpy(dtype=bool)]
    for actor, own in rows.groupby(rows["actor_id"].astype(str), sort=True):
        own = own.sort_values("period")
        mentions = own["mentions"].to_numpy(np.int64)
        periods = own["period"].to_numpy()
        for i in range(min_history, len(own)):
            lo = max(0, i - k)
            base = float(np.median(mentions[lo:i]))
            x = int(mentions[i])
            if not every and x <= base:
                continue  # no spike, whatever its score (which costs x terms to sum)
            score = poisson_score(x, max(base, floor))
            if every or (score >= threshold and x > base):
                out.append((actor, periods[i], x, base, score, periods[lo], i - lo))
    columns = SPIKE_COLUMNS + WINDOW_COLUMNS
    if not out:
        frame = pd.DataFrame(out, columns=columns)
        return frame.astype({"mentions": "int64", "baseline": "float64", "score": "float64"})
    return pd.DataFrame(out, columns=columns)


def drivers(
    spikes: pd.DataFrame, facts: pd.DataFrame, titles: pd.DataFrame, freq: str
) -> pd.DataFrame:
    """What drove each spike: DRIVER_COLUMNS beside `spikes` (spikes_of), row for row.

    facts: analysis.facts FACT_COLUMNS of every actor in the view (article_id, actor_id,
    published, source); titles: article_id, title. article_ids and titles: the spike's
    articles naming the actor, in id order; sources: (source, articles) most first;
    co_actors: (actor_id, articles in the spike, mean articles per period over the baseline
    window) of the other actors named in those articles, new or grown, most first.
    """
    if spikes.empty:
        return explain(spikes, *_no_rows(), titles)
    return explain(spikes, *spike_rows(spikes, facts, freq), titles)


# What `explain` reads of the facts, per spike (its row number in `spikes`): the articles
# naming its actor in its period (OWN_ROWS), and each other actor those articles name, with
# how many of them name it and how many articles named it over the baseline window, before
# the period (CO_ROWS).
OWN_ROWS = ["spike", "article_id", "source"]
CO_ROWS = ["spike", "actor_id", "now", "before"]


def spans(spikes: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Each spike's dates: spike (its row), actor_id, the first day of its period, the day
    after its last, and the first day of its baseline window (the window ends at the period)."""
    first = np.array([pd.Timestamp(p).date() for p in spikes["period"]], dtype="datetime64[D]")
    if freq == "W":
        after = first + np.timedelta64(7, "D")
    elif freq == "M":
        after = (first.astype("datetime64[M]") + 1).astype("datetime64[D]")
    else:
        after = first + np.timedelta64(1, "D")
    window = [pd.Timestamp(w).date() for w in spikes["window_start"]]
    return pd.DataFrame(
        {
            "spike": np.arange(len(spikes)),
            "actor_id": spikes["actor_id"].astype(str).to_numpy(),
            "first": first,
            "after": after,
            "window": np.array(window, dtype="datetime64[D]"),
        }
    )


def spike_rows(
    spikes: pd.DataFrame, facts: pd.DataFrame, freq: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """OWN_ROWS and CO_ROWS of the facts, in pandas (analysis/query/parquet_facts.py asks the
    same of the facts' mirror)."""
    f = facts[["article_id", "actor_id", "published", "source"]].copy()
    f["article_id"] = f["article_id"].astype(str)
    f["actor_id"] = f["actor_id"].astype(str)
    # An article without a source (Reuters-21578's) is under no outlet: left out of `sources`.
    f["source"] = f["source"].astype(object).where(f["source"].notna(), None)
    f["day"] = pd.to_datetime(f["published"]).to_numpy().astype("datetime64[D]")
    f = f.drop_duplicates(["article_id", "actor_id"])
    own, co = [], []
    for sp in spans(spikes, freq).itertuples(index=False):
        inside = (f["day"] >= sp.first) & (f["day"] < sp.after)
        mine = f[inside & (f["actor_id"] == sp.actor_id)]
        own.append(mine.assign(spike=sp.spike)[OWN_ROWS])
        theirs = f[f["article_id"].isin(mine["article_id"]) & (f["actor_id"] != sp.actor_id)]
        now = theirs.groupby("actor_id")["article_id"].nunique()
        window = (f["day"] >= sp.window) & (f["day"] < sp.first) & f["actor_id"].isin(now.index)
        before = f[window].groupby("actor_id")["article_id"].nunique()
        co.append(
            pd.DataFrame(
                {
                    "spike": sp.spike,
                    "actor_id": now.index,
                    "now": now.to_numpy(),
                    "before": before.reindex(now.index, fill_value=0).to_numpy(),
                }
            )
        )
    return pd.concat(own, ignore_index=True), pd.concat(co, ignore_index=True)


def _no_rows() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.DataFrame(columns=OWN_ROWS), pd.DataFrame(columns=CO_ROWS)


def explain(
    spikes: pd.DataFrame, own: pd.DataFrame, co: pd.DataFrame, titles: pd.DataFrame
) -> pd.DataFrame:
    """DRIVER_COLUMNS beside `spikes` from their OWN_ROWS and CO_ROWS (see drivers)."""
    if spikes.empty:
        return spikes.assign(**{col: pd.Series(dtype=object) for col in DRIVER_COLUMNS})
    own = own.astype({"article_id": str})
    wanted = titles["article_id"].astype(str).isin(set(own["article_id"])).to_numpy()
    title = dict(
        zip(titles["article_id"].astype(str)[wanted], titles["title"][wanted], strict=True)
    )
    mine = {k: g for k, g in own.groupby("spike")}
    theirs = {k: g for k, g in co.astype({"actor_id": str}).groupby("spike")}
    result = {col: [] for col in DRIVER_COLUMNS}
    for i, row in enumerate(spikes.itertuples(index=False)):
        rows = mine.get(i, own.iloc[:0]).sort_values("article_id")
        ids = rows["article_id"].tolist()
        result["article_ids"].append(ids)
        result["titles"].append([str(title.get(a, "")) for a in ids])
        named = pd.Series([s for s in rows["source"] if s is not None and s == s], dtype=object)
        result["sources"].append(list(named.astype(str).value_counts().items()))
        others = theirs.get(i, co.iloc[:0])
        periods = max(int(row.window_periods), 1)
        grown = [
            (other, int(n), float(b) / periods)
            for other, n, b in zip(others["actor_id"], others["now"], others["before"], strict=True)
            if n > float(b) / periods
        ]
        result["co_actors"].append(sorted(grown, key=lambda g: (-(g[1] - g[2]), g[0])))
    return spikes.assign(**result)


def export_table(explained: pd.DataFrame) -> pd.DataFrame:
    """EXPORT_COLUMNS of `drivers`' frame, lists joined by ';' (sources as source:articles,
    co-actors as id:articles), `articles` the number of its articles."""
    out = explained.copy()
    out["articles"] = out["article_ids"].map(len).astype("int64")
    out["article_ids"] = out["article_ids"].map(";".join)
    out["titles"] = out["titles"].map(lambda t: ";".join(s.replace(";", ",") for s in t))
    out["sources"] = out["sources"].map(lambda s: ";".join(f"{k}:{n}" for k, n in s))
    out["co_actors"] = out["co_actors"].map(lambda s: ";".join(f"{k}:{n}" for k, n, _ in s))
    return out[EXPORT_COLUMNS].reset_index(drop=True)
