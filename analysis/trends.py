"""Per actor and period: how often, in how many articles, in what tone (with a 95% interval)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.facts import COUNT_COLUMNS
from analysis.interval import ARTICLE_SUMS, tone_interval

FREQS = {"D": "day", "W": "week", "M": "month"}
# Trends' tone: the sentence's VADER compound, or the tone toward the actor (analysis/tone/).
TONES = ("vader", "toward")
TONE_LABELS = {"vader": "Of the sentence (VADER)", "toward": "Toward the actor"}  # the pages'
MIN_COUNT = 5  # fewer sentences than this in a period: its mean tone is not a trend point
TREND_COLUMNS = [
    "actor_id", "period", "mentions", "sentences", "articles", "share",
    "tone", "tone_low", "tone_high", "shown",
]  # fmt: skip
# The tone's own n and G (analysis.interval): the sentences and articles VADER scored. An
# article in another language (analysis/language.py) is counted, and left out of every tone.
SCORED = ("scored", "scored_articles")
DAY_COLUMNS = [
    "actor_id", "published", "source", "mentions", "sentences", "articles", "tone_sum",
    *ARTICLE_SUMS, *SCORED,
]  # fmt: skip
ARTICLE_DAY_COLUMNS = ["published", "source", "articles"]


def period_start(published: pd.Series, freq: str) -> pd.Series:
    """The first day of each date's period: the day, the Monday of its week, or the 1st."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    dates = pd.to_datetime(published)
    start = period_days(dates.to_numpy(), freq)
    return pd.Series(
        start.astype(period_dtype(dates.dtype, freq)), index=dates.index, name=dates.name
    )


def period_days(published: np.ndarray, freq: str) -> np.ndarray:
    """`period_start` of a datetime64 array, as datetime64[D] (NaT stays NaT)."""
    day = published.astype("datetime64[D]")
    if freq == "W":
        # Day 0, 1970-01-01, was a Thursday: a day's Monday is (day + 3) % 7 days back.
        return day - ((day.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    if freq == "M":
        return day.astype("datetime64[M]").astype("datetime64[D]")
    return day


def period_dtype(dtype: np.dtype, freq: str) -> np.dtype:
    """The dtype of `period_start`'s dates: the dates' own for days, at least microseconds for
    weeks and months (as pandas' date arithmetic gives them)."""
    unit = np.datetime_data(dtype)[0]
    if freq != "D" and unit not in ("us", "ns"):
        unit = "us"
    return np.dtype(f"datetime64[{unit}]")


def trends(
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    freq: str = "W",
    min_count: int = MIN_COUNT,
    weight: str = "sentence",
) -> pd.DataFrame:
    """One row per actor and period.

    Needs facts' (analysis.facts.mention_facts) actor_id, article_id, hits, compound,
    published; articles' article_id, published (all articles of the view, for `share`).
    Returns TREND_COLUMNS: mentions (hits), sentences and articles naming the actor, share
    (of all articles in the period), tone (mean compound of those sentences, weighted per
    sentence or per article) with its 95% interval (analysis.interval: articles are the
    independent unit), and `shown`, false when fewer than min_count sentences back the
    mean. Facts without a published date are left out: they have no place in time.
    """
    return trends_of(
        daily(facts), article_days(articles), freq=freq, min_count=min_count, weight=weight
    )


def daily(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts summed per actor, day and source: all that `trends_of` needs, in far fewer rows.

    Needs facts' (analysis.facts.mention_facts) article_id, actor_id, hits, compound,
    published, and source when there is one. Returns DAY_COLUMNS, one row per actor, day and
    source: published is the day (NaT for undated facts), mentions the hits, sentences the
    facts, articles the distinct articles, tone_sum the compounds' sum, and ARTICLE_SUMS the
    per-article sums the interval needs (analysis.interval.tone_interval). actor_id and source
    are categoricals. An article has one day and one source, so the articles and their sums
    of several rows add up. Filter it like facts (analysis.facts.select): the dates and
    sources select the same facts.
    """
    actor, actors = encode(facts["actor_id"])
    day, days = encode(pd.to_datetime(facts["published"]).dt.floor("D"))
    source, sources = _sources(facts)
    n_days, n_sources = len(days) + 1, len(sources) + 1  # room for -1: no date, no source
    group, keys = group_keys((actor * n_days + day + 1) * n_sources + source + 1)
    n = np.bincount(group, minlength=len(keys))
    compound = facts["compound"].to_numpy(dtype=np.float64)
    # Sentences of an article VADER does not read have no compound: counted, not in the tone.
    scored = ~np.isnan(compound)
    compound = np.where(scored, compound, 0.0)
    tone_sum = np.bincount(group, compound, minlength=len(keys))
    article, _ = encode(facts["article_id"])
    # Per actor and article: its sentences n_g and their compounds' sum S_g, and its row here.
    per, at = group_keys(article.astype(np.int64) * max(len(actors), 1) + actor)
    n_g = np.bincount(per, scored, minlength=len(at))
    s_g = np.bincount(per, compound, minlength=len(at))
    row_g = np.empty(len(at), dtype=np.intp)
    row_g[per] = group
    # np.zeros, not zeros_like: bincount of no rows is int64 even with float weights
    m_g = np.divide(s_g, n_g, out=np.zeros(len(s_g)), where=n_g > 0)
    sums = {
        "art_s2": s_g * s_g, "art_ns": n_g * s_g, "art_n2": n_g * n_g,
        "art_mean": m_g, "art_mean2": m_g * m_g,
    }  # fmt: skip
    first = ~pd.Series(article.astype(np.int64) * max(len(actors), 1) + actor).duplicated()
    out = pd.DataFrame(
        {
            "actor_id": pd.Categorical.from_codes(keys // n_sources // n_days, categories=actors),
            "published": days.take(keys // n_sources % n_days - 1, fill_value=pd.NaT),
            "source": pd.Categorical.from_codes(keys % n_sources - 1, categories=sources),
            "mentions": np.bincount(group, facts["hits"].to_numpy(np.float64), len(keys)),
            "sentences": n,
            "articles": np.bincount(group[first.to_numpy()], minlength=len(keys)),
            "tone_sum": tone_sum,
            **{k: np.bincount(row_g, sums[k], minlength=len(keys)) for k in ARTICLE_SUMS},
            SCORED[0]: np.bincount(group, scored, minlength=len(keys)),
            SCORED[1]: np.bincount(row_g, n_g > 0, minlength=len(keys)),
        }
    )
    ints = dict.fromkeys(("mentions", "sentences", "articles", *SCORED), "int64")
    return out.astype(ints)


def article_days(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles counted per day and source: ARTICLE_DAY_COLUMNS (published is the day).

    Needs articles' article_id, published, and source when there is one. Filter it like
    facts (analysis.facts.select).
    """
    arts = articles.drop_duplicates("article_id")
    day, days = encode(pd.to_datetime(arts["published"]).dt.floor("D"))
    source, sources = _sources(arts)
    n_sources = len(sources) + 1
    group, keys = group_keys((day + 1) * n_sources + source + 1)
    return pd.DataFrame(
        {
            "published": days.take(keys // n_sources - 1, fill_value=pd.NaT),
            "source": pd.Categorical.from_codes(keys % n_sources - 1, categories=sources),
            "articles": np.bincount(group, minlength=len(keys)).astype("int64"),
        }
    )


def _sources(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """encode of the frame's source, all missing when it has none."""
    if "source" in frame:
        return encode(frame["source"])
    return np.full(len(frame), -1, dtype=np.int64), pd.Index([], dtype=object)


def trends_of(
    days: pd.DataFrame,
    articles: pd.DataFrame,
    freq: str = "W",
    min_count: int = MIN_COUNT,
    weight: str = "sentence",
) -> pd.DataFrame:
    """`trends` of facts and articles already summed per day (`daily`, `article_days`)."""
    # On plain arrays: these frames are small, and pandas' cost per call is not.
    published = days["published"].to_numpy()
    dated = ~np.isnat(published)
    if not dated.any():
        return pd.DataFrame(columns=TREND_COLUMNS)
    actor, actors = encode_sorted(days["actor_id"])
    # Periods as day numbers from the first: one integer key per actor and period.
    start = period_days(published[dated], freq).astype(np.int64)
    first, span = start.min(), start.max() - start.min() + 1
    group, keys = group_keys(actor[dated] * span + start - first)
    n_groups = len(keys)

    def total(col: str) -> np.ndarray:
        values = days[col].to_numpy(np.float64)[dated]
        return np.bincount(group, values, minlength=n_groups)

    cols = ("sentences", "tone_sum", "articles", *ARTICLE_SUMS, *SCORED)
    sums = {col: total(col) for col in cols if col in days}
    count = sums["articles"]
    tone, low, high = tone_interval(sums, weight)
    n = sums[SCORED[0]]  # a tone point needs min_count scored sentences
    period = keys % span
    return pd.DataFrame(
        {
            "actor_id": actors.take(keys // span),
            "period": (period + first)
            .astype("datetime64[D]")
            .astype(period_dtype(published.dtype, freq)),
            "mentions": total("mentions").astype("int64"),
            "sentences": sums["sentences"].astype("int64"),
            "articles": count.astype("int64"),
            "share": count / _article_totals(articles, first, span, freq)[period],
            "tone": tone,
            "tone_low": low,
            "tone_high": high,
            "shown": n >= min_count,
        }
    )


def _article_totals(articles: pd.DataFrame, first: int, span: int, freq: str) -> np.ndarray:
    """Dated articles (`article_days`) per period, by day number from `first` (NaN where
    there are none): the denominators of `share`."""
    start = period_days(articles["published"].to_numpy(), freq)
    at = start.astype(np.int64) - first
    keep = ~np.isnat(start) & (at >= 0) & (at < span)
    counts = articles["articles"].to_numpy(np.float64)[keep]
    totals = np.bincount(at[keep], counts, minlength=span)
    return np.where(np.bincount(at[keep], minlength=span) > 0, totals, np.nan)


def daily_totals(days: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """analysis.facts.actor_totals of the facts that `days` (`daily`) sums up.

    Returns COUNT_COLUMNS, most mentioned first (ties by name); an actor missing from the
    registry is named by its id.
    """
    if days.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    actor, actors = encode_sorted(days["actor_id"])

    def total(col: str) -> np.ndarray:
        return np.bincount(actor, days[col].to_numpy(np.float64), minlength=len(actors))

    ids = actors.tolist()
    reg = registry.drop_duplicates("actor_id")
    names = dict(zip(reg["actor_id"].astype(str), reg["name"], strict=True))
    kinds = dict(zip(reg["actor_id"].astype(str), reg["kind"], strict=True))
    named = [names.get(a, a) for a in ids]
    mentions, sentences, scored = total("mentions"), total("sentences"), total(SCORED[0])
    out = pd.DataFrame(
        {
            "actor_id": actors,
            "name": pd.Series(named, dtype=registry["name"].dtype),
            "kind": pd.Series([kinds.get(a) for a in ids], dtype=registry["kind"].dtype),
            "mentions": mentions.astype("int64"),
            "sentences": sentences.astype("int64"),
            "articles": total("articles").astype("int64"),
            # over the scored sentences; NaN where none is
            "tone": np.divide(
                total("tone_sum"), scored, out=np.full(len(ids), np.nan), where=scored > 0
            ),
        }
    )
    order = sorted(range(len(ids)), key=lambda i: (-mentions[i], named[i]))
    return out.take(order).reset_index(drop=True)


def share_of_voice(trends: pd.DataFrame) -> pd.DataFrame:
    """Each actor's share of all the listed actors' mentions, period by period.

    Needs trends' (`trends`) actor_id, period, mentions. Returns actor_id, period, mentions and
    `voice` (0..1; the actors' voices add up to 1 in every period with any mention, and are 0
    in a period with none).
    """
    period, _ = encode(trends["period"])
    mentions = trends["mentions"].to_numpy(np.float64)
    total = np.bincount(period, mentions)[period]
    with np.errstate(invalid="ignore", divide="ignore"):
        voice = np.where(total > 0, mentions / total, 0.0)
    out = trends[["actor_id", "period", "mentions"]].reset_index(drop=True)
    return out.assign(voice=voice)


def encode(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of the values (-1 where missing) and the distinct values, sorted (a
    categorical keeps its own categories and codes: no string is touched)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), values.cat.categories
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def encode_sorted(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes numbering the distinct values present in sorted order (as strings), and those
    values: a categorical's few categories are sorted, not its many rows."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return encode(values.astype(str))
    codes = values.cat.codes.to_numpy().astype(np.int64)
    present = np.flatnonzero(np.bincount(codes, minlength=len(values.cat.categories)))
    names = values.cat.categories[present].astype(str)
    order = np.argsort(np.asarray(names, dtype=object), kind="stable")
    rank = np.full(len(values.cat.categories), -1, dtype=np.int64)
    rank[present[order]] = np.arange(len(present))
    return rank[codes], names[order]


def group_keys(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the number of its key among the distinct keys; and those keys, ascending."""
    codes, uniques = pd.factorize(key)
    order = np.argsort(uniques)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], uniques[order]
