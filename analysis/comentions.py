"""Which actors are mentioned together, how much more than chance, and in what tone.

Pair tone, the one definition every table, chart, export and snapshot uses: the mean VADER
compound of the distinct sentences behind the pair, each sentence once and with equal weight.
In the sentence window those are the sentences naming both actors; in the article window, the
sentences of the articles naming both that name either actor (a sentence naming both is one
sentence, counted once). `pair_days` carries it as tone_sum / tone_n; `pairs_of` and
`pair_periods_of` only add those up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.trends import encode, encode_sorted, group_keys, period_days, period_dtype

WINDOWS = ("sentence", "article")
MEASURES = ("count", "npmi", "lift", "tone")  # what a cell of the pair matrix shows
ASSOCIATIONS = ("npmi", "lift")  # the measures a minimum support holds back
# Lift, PMI and NPMI of a pair seen together once or twice say more about chance than about
# the pair (one shared article gives a lift of 2.5): below this many shared units they are
# not shown as an association (the dashboard lets the analyst change it).
MIN_SUPPORT = 3
PAIR_COLUMNS = ["actor_a", "actor_b", "window", "count", "count_a", "count_b", "units",
                "lift", "pmi", "npmi", "tone"]  # fmt: skip
UNIT_COLUMNS = ["unit", "actor_id", "published", "source", "tone_sum", "sentences"]
PAIR_DAY_COLUMNS = ["actor_a", "actor_b", "published", "source", "count", "tone_sum", "tone_n"]


def comentions(facts: pd.DataFrame, units: int, window: str = "sentence") -> pd.DataFrame:
    """Pair counts of actors sharing a sentence or an article.

    Needs facts' (analysis.facts.mention_facts) article_id, sent_idx, actor_id, compound;
    `units` is how many sentences (or articles) the view holds, mentioned or not. Returns
    PAIR_COLUMNS, one row per pair with actor_a < actor_b: count of shared units, each
    actor's own count, lift (count / expected by chance), pmi = log2(lift), npmi (pmi scaled
    to -1..1, which corrects for frequent actors), and tone, the pair tone (module docstring).
    """
    facts = _with_dates(facts)
    rows = unit_rows(facts, window)
    own = rows.groupby("actor_id", observed=True).size()
    return pairs_of(window_pair_days(facts, window), own, units, window)


def window_pair_days(facts: pd.DataFrame, window: str = "sentence") -> pd.DataFrame:
    """`pair_days` of the facts in a window, with the pair tone of the module docstring:
    for articles, each sentence naming both actors counted once (`distinct_sentences`)."""
    _check(window)
    facts = _with_dates(facts)
    sentences = pair_days(unit_rows(facts, "sentence"))
    if window == "sentence":
        return sentences
    return distinct_sentences(pair_days(unit_rows(facts, "article")), sentences)


def unit_rows(facts: pd.DataFrame, window: str = "sentence") -> pd.DataFrame:
    """One row per actor per unit (a sentence, or an article) naming it.

    Needs facts' (analysis.facts.mention_facts) article_id, sent_idx, actor_id, compound,
    published, source. Returns UNIT_COLUMNS in unit, actor order: `unit` numbers the
    sentences (or articles); tone_sum and sentences sum the compounds and count the scored
    sentences of the unit that name the actor; published and source are the article's. Filter
    it like facts (analysis.facts.select); `pair_days` pairs its actors.
    """
    _check(window)
    article, _ = encode(facts["article_id"])
    if window == "sentence":
        sent = facts["sent_idx"].to_numpy(dtype=np.int64)
        article = article * (int(sent.max(initial=0)) + 1) + sent
    unit, _ = pd.factorize(article)
    actor, actors = encode(facts["actor_id"])
    n_actors = max(len(actors), 1)
    group, keys = group_keys(unit.astype(np.int64) * n_actors + actor)
    some = np.empty(len(keys), dtype=np.intp)
    some[group] = np.arange(len(group))  # any row of each: they all share their article
    compound = facts["compound"].to_numpy(np.float64)
    scored = ~np.isnan(compound)
    return pd.DataFrame(
        {
            "unit": keys // n_actors,
            "actor_id": pd.Categorical.from_codes(keys % n_actors, categories=actors),
            "published": facts["published"].to_numpy()[some],
            "source": _categorical(facts["source"]).take(some),
            # Unscored sentences (another language, analysis/language.py) carry no tone.
            "tone_sum": np.bincount(group, np.where(scored, compound, 0.0), len(keys)),
            "sentences": np.bincount(group, scored, len(keys)).astype(np.int64),
        }
    )


def pair_days(units: pd.DataFrame) -> pd.DataFrame:
    """Every two actors named in one unit, summed per pair, day and source.

    Needs unit rows (`unit_rows`: all, or a selection). Returns PAIR_DAY_COLUMNS, in pair
    order: actor_a < actor_b (categoricals of the same ids), published the day, count the
    units naming both, tone_sum and tone_n the compounds summed and the sentences counted on
    both sides (in a sentence both sides are that sentence, so its mean is the sentence's; in
    an article, the sentences naming either actor, one naming both counted twice: pass the
    article rows through `distinct_sentences` before use). Filter it like facts
    (analysis.facts.select, without actors) and pass it to `pairs_of` or `pair_periods_of`.
    """
    actor, ids = encode_sorted(units["actor_id"])
    unit = units["unit"].to_numpy(dtype=np.int64)
    order = np.lexsort((actor, unit))
    unit, actor = unit[order], actor[order]
    # Each row pairs with the rows after it in its unit (so actor_a < actor_b): `after` of them.
    first = np.flatnonzero(np.concatenate([[True], unit[1:] != unit[:-1]])[: len(unit)])
    size = np.diff(np.append(first, len(unit)))
    after = np.repeat(first + size, size) - np.arange(len(unit)) - 1
    left = np.repeat(np.arange(len(unit)), after)
    right = np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after) + left + 1
    day, days = encode(pd.to_datetime(units["published"]).dt.floor("D"))
    source, sources = encode(units["source"])
    day, source = day[order][left], source[order][left]
    n_ids, n_days, n_sources = max(len(ids), 1), len(days) + 1, len(sources) + 1
    pair = actor[left] * n_ids + actor[right]
    group, keys = group_keys((pair * n_days + day + 1) * n_sources + source + 1)
    tone = units["tone_sum"].to_numpy(np.float64)[order]
    size = units["sentences"].to_numpy(np.float64)[order]
    n = len(keys)
    pairs = keys // n_sources // n_days
    return pd.DataFrame(
        {
            "actor_a": pd.Categorical.from_codes(pairs // n_ids, categories=ids),
            "actor_b": pd.Categorical.from_codes(pairs % n_ids, categories=ids),
            "published": days.take(keys // n_sources % n_days - 1, fill_value=pd.NaT),
            "source": pd.Categorical.from_codes(keys % n_sources - 1, categories=sources),
            "count": np.bincount(group, minlength=n),
            "tone_sum": np.bincount(group, tone[left] + tone[right], n),
            "tone_n": np.bincount(group, size[left] + size[right], n).astype(np.int64),
        }
    )


def distinct_sentences(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The article window's `pair_days` with each sentence naming both actors counted once.

    Needs `pair_days` of the article unit rows and of the sentence unit rows of the same facts
    (the same view; the sentences' may hold other pairs too). In an article's pair sums, a
    sentence naming both actors is on both sides: once too many. Its pair, day and source are
    its article's, so the sentence rows of the same pair, day and source say exactly how much
    to take off: half their tone_sum and tone_n (both sides of one sentence).
    """
    if articles.empty or sentences.empty:
        return articles
    keys = ["actor_a", "actor_b", "published", "source"]

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "actor_a": frame["actor_a"].astype(str).to_numpy(),
                "actor_b": frame["actor_b"].astype(str).to_numpy(),
                "published": frame["published"].to_numpy(),
                "source": frame["source"].astype(object).to_numpy(),
            }
        )

    both = keyed(sentences).assign(
        both_sum=sentences["tone_sum"].to_numpy(np.float64),
        both_n=sentences["tone_n"].to_numpy(np.int64),
    )
    # Missing dates and sources match each other: an undated article's sentences are undated.
    found = keyed(articles).merge(both, on=keys, how="left", validate="one_to_one")
    return articles.assign(
        tone_sum=articles["tone_sum"].to_numpy() - found["both_sum"].fillna(0).to_numpy() / 2,
        tone_n=articles["tone_n"].to_numpy() - found["both_n"].fillna(0).to_numpy(np.int64) // 2,
    )


def pair_rows(together: pd.DataFrame, actors) -> pd.DataFrame:
    """The rows of `pair_days` whose two actors are both among these."""
    wanted = list(actors)
    hit_a = np.append(together["actor_a"].cat.categories.isin(wanted), False)
    hit_b = np.append(together["actor_b"].cat.categories.isin(wanted), False)
    keep = hit_a[together["actor_a"].cat.codes.to_numpy()]
    keep &= hit_b[together["actor_b"].cat.codes.to_numpy()]
    return together[keep]


def own_units(days: pd.DataFrame, window: str = "sentence") -> pd.Series:
    """How many units (sentences, or articles) name each actor, from facts summed per day
    (analysis.trends.daily): its sentences, or its articles."""
    _check(window)
    actor, actors = encode_sorted(days["actor_id"])
    values = days["sentences" if window == "sentence" else "articles"].to_numpy(np.float64)
    return pd.Series(np.bincount(actor, values, len(actors)).astype(np.int64), index=actors)


def pairs_of(
    together: pd.DataFrame, own: pd.Series, units: int, window: str = "sentence"
) -> pd.DataFrame:
    """`comentions` of one view: its pairs (`pair_days` of its unit rows, or those rows of
    a corpus's that are in the view) and `own`, how many of its units name each actor (by
    actor id; `own_units`)."""
    _check(window)
    if together.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    # Summed per pair on codes: the categories (sorted ids) name them at the end.
    ids = together["actor_a"].cat.categories.astype(str)
    rank = np.argsort(np.argsort(np.asarray(ids, dtype=object), kind="stable"))
    k = len(ids)
    group, keys = group_keys(
        rank[together["actor_a"].cat.codes.to_numpy()] * k
        + rank[together["actor_b"].cat.codes.to_numpy()]
    )

    def total(col: str) -> np.ndarray:
        return np.bincount(group, together[col].to_numpy(np.float64), len(keys))

    by_rank = ids.take(np.argsort(rank))
    first, second = by_rank.take(keys // k), by_rank.take(keys % k)
    own = own.set_axis(own.index.astype(str))
    count = total("count").astype(np.int64)
    count_a = own.reindex(first).to_numpy().astype(np.int64)
    count_b = own.reindex(second).to_numpy().astype(np.int64)
    units = max(units, 1)
    p_ab = count / units
    lift = count * units / (count_a * count_b)
    pmi = np.log2(lift)
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_ab < 1, pmi / -np.log2(np.where(p_ab < 1, p_ab, 0.5)), 1.0)
    out = pd.DataFrame(
        {
            "actor_a": first,
            "actor_b": second,
            "window": window,
            "count": count,
            "count_a": count_a,
            "count_b": count_b,
            "units": units,
            "lift": lift,
            "pmi": pmi,
            "npmi": npmi,
            "tone": total("tone_sum") / total("tone_n"),
        }
    )
    # Most seen first; ties stay in actor_a, actor_b order.
    return out.take(np.argsort(-count, kind="stable")).reset_index(drop=True)


def pair_periods(
    facts: pd.DataFrame, actor_a: str, actor_b: str, freq: str = "W", window: str = "sentence"
) -> pd.DataFrame:
    """How often two actors are seen together, period by period.

    Needs facts' (analysis.facts.mention_facts) article_id, sent_idx, actor_id, compound,
    published. Returns period (start of the day, week or month) and count: the sentences (or
    articles, for window="article") naming both, and tone, the pair tone (module docstring)
    of the period. Every period with a dated fact is listed (count 0, tone NaN where the
    pair is not seen), so the pair's periods read against the whole view. Undated facts are
    left out.
    """
    _check(window)
    facts = _with_dates(facts)
    pair = facts[facts["actor_id"].isin([actor_a, actor_b])]
    together = window_pair_days(pair, window)
    return pair_periods_of(together, actor_a, actor_b, facts["published"], freq, window)


def pair_periods_of(
    together: pd.DataFrame,
    actor_a: str,
    actor_b: str,
    published: pd.Series,
    freq: str = "W",
    window: str = "sentence",
) -> pd.DataFrame:
    """`pair_periods` of one view: `window_pair_days` of its facts (the window's pair sums;
    rows of other pairs are ignored); `published`, the dates of every fact of the view, gives
    the periods listed."""
    _check(window)
    dates = pd.to_datetime(published).to_numpy()
    dates = dates[~np.isnat(dates)]
    if not len(dates):
        return pd.DataFrame(
            {
                "period": pd.Series(dtype="datetime64[us]"),
                "count": pd.Series(dtype="int64"),
                "tone": pd.Series(dtype="float64"),
            }
        )
    grid = np.unique(period_days(dates, freq))
    count, tone_sum, tone_n = _per_period(together, actor_a, actor_b, grid, freq)
    with np.errstate(invalid="ignore", divide="ignore"):
        tone = tone_sum / tone_n
    return pd.DataFrame(
        {
            "period": grid.astype(period_dtype(dates.dtype, freq)),
            "count": count.astype("int64"),
            "tone": np.where(count > 0, tone, np.nan),
        }
    )


def _per_period(
    together: pd.DataFrame, actor_a: str, actor_b: str, grid: np.ndarray, freq: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One pair's count, tone_sum and tone_n (`pair_days`) summed per period of the grid
    (zero for an actor with itself)."""
    first, second = sorted((str(actor_a), str(actor_b)))
    published = together["published"].to_numpy()
    rows = (
        (together["actor_a"] == first).to_numpy()
        & (together["actor_b"] == second).to_numpy()
        & ~np.isnat(published)
    )
    at = np.searchsorted(grid, period_days(published[rows], freq))

    def total(col: str) -> np.ndarray:
        return np.bincount(at, together[col].to_numpy(np.float64)[rows], len(grid))

    return total("count"), total("tone_sum"), total("tone_n")


def _with_dates(facts: pd.DataFrame) -> pd.DataFrame:
    """Facts with the published and source columns the unit rows carry (missing if absent)."""
    missing = {"published": pd.NaT, "source": None}
    return facts.assign(**{k: v for k, v in missing.items() if k not in facts})


def _categorical(values: pd.Series) -> pd.Categorical:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    return pd.Categorical(values.to_numpy())


def _check(window: str) -> None:
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}, not {window!r}")
