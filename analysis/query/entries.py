"""One entry per question a page asks of a view; each returns what the page draws.

The app caches some of them (app_pages.data: trends and pairs per view); the snapshot and
the tests call them as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import evidence as ev
from analysis import facts, timegrid
from analysis import spikes as spike
from analysis.comentions import own_units, pair_periods_of, pairs_of, window_pair_days
from analysis.facts import actor_totals
from analysis.outlets import outlets_of
from analysis.query import parquet_facts
from analysis.query.corpus import Corpus
from analysis.query.views import (
    counted,
    mirrored,
    view_article_days,
    view_articles,
    view_days,
    view_facts,
    view_pair_days,
)
from analysis.trends import MIN_COUNT, daily, daily_totals, trends_of
from analysis.view import View


@dataclass(frozen=True)
class Overview:
    """The Overview page's figures of a view."""

    articles: pd.DataFrame  # view_articles: the articles in the view's dates and sources
    counts: pd.DataFrame  # actor_counts: every actor named in them (facts.COUNT_COLUMNS)
    tone: pd.Series  # the compound of every sentence of those articles


def overview(c: Corpus, v: View) -> Overview:
    """The view's articles, every actor's counts in them, and their sentences' tone."""
    articles = view_articles(c, v)
    return Overview(articles, actor_counts(c, v), ev.view_tone(c.sentences, articles))


def corpus_mentions(c: Corpus, copies: bool = False) -> pd.Series:
    """Every actor's mentions in the whole corpus (the sidebar's counts), by actor id, a wire
    story counted once unless `copies`, as the pages count it by default."""
    return counted(c, View(copies=copies)).actor_mentions()


def actor_counts(c: Corpus, v: View, every: bool = True) -> pd.DataFrame:
    """analysis.facts.actor_totals of the view's facts: of every actor in its dates and
    sources (the Overview's and the Actors page's counts), or only of its actors. With the
    mirror level (people as themselves), its daily sums summed per actor by DuckDB."""
    c = counted(c, v)  # the mirror knows no copies: with copies to leave out, pandas
    path = mirrored(c)
    if v.people and path is not None:
        sums = parquet_facts.actor_sums(
            path, None if every else v.actors, v.start, v.end, v.sources
        )
        return daily_totals(sums, c.registry)
    return actor_totals(view_facts(c, v, actors=not every), c.registry)


def totals(c: Corpus, v: View) -> pd.DataFrame:
    """The view's actors' totals (facts.COUNT_COLUMNS, most mentioned first), from view_days:
    actor_counts(c, v, every=False) without going back to the facts."""
    return daily_totals(view_days(c, v), c.registry)


def trends(c: Corpus, v: View, min_count: int = MIN_COUNT, weight: str = "sentence"):
    """analysis.trends.trends of the view's actors per v.freq period: mentions, share,
    tone with its band, `shown` False where fewer than min_count sentences name the actor."""
    days = view_article_days(c, v)
    return trends_of(view_days(c, v), days, freq=v.freq, min_count=min_count, weight=weight)


def toward_trends(c: Corpus, v: View, min_count: int = MIN_COUNT, weight: str = "sentence"):
    """`trends` with the tone toward each actor (facts.TOWARD) in place of the sentence's
    VADER, over the facts whose mentions are scored: the same mean and band (articles as
    clusters); mentions, share and sentences count those facts only."""
    f = scored_facts(c, v)
    days = view_article_days(c, v)
    return trends_of(daily(f), days, freq=v.freq, min_count=min_count, weight=weight)


def scored_facts(c: Corpus, v: View) -> pd.DataFrame:
    """The view's facts whose mentions carry a tone toward (facts.TOWARD), that tone put in
    `compound`: whatever sums the sentence's VADER then sums the tone toward instead."""
    f = view_facts(c, v)
    if facts.TOWARD not in f:
        return f.iloc[:0]
    return f[f[facts.TOWARD].notna().to_numpy()].assign(compound=f[facts.TOWARD])


def toward_totals(c: Corpus, v: View) -> pd.DataFrame:
    """`totals` with `tone` the mean tone toward each actor over its scored sentences (NaN
    for an actor with none): the Co-mentions network's nodes, `?tone=toward`."""
    f = scored_facts(c, v)
    toward = f.groupby(f["actor_id"].astype(str), observed=True)["compound"].mean()
    t = totals(c, v)
    return t.assign(tone=t["actor_id"].astype(str).map(toward).astype("float64"))


def toward_pairs(c: Corpus, v: View, window: str = "sentence") -> pd.DataFrame:
    """`pairs` with `tone` the pair tone (analysis.comentions) over the tone toward: in a
    sentence naming both, the mean of the tone toward each; in the article window, of the
    tone toward either in its sentences naming them. Counts and association stay those of
    every fact; NaN where no scored mention is behind the pair."""
    p = pairs(c, v, window)
    days = window_pair_days(scored_facts(c, v), window)
    key = [days["actor_a"].astype(str), days["actor_b"].astype(str)]
    sums = days.groupby(key, observed=True)[["tone_sum", "tone_n"]].sum()
    tone = (sums["tone_sum"] / sums["tone_n"].where(sums["tone_n"] > 0)).to_dict()
    pair = zip(p["actor_a"].astype(str), p["actor_b"].astype(str), strict=True)
    return p.assign(tone=pd.array([tone.get(k, float("nan")) for k in pair], dtype="float64"))


def outlets(c: Corpus, v: View, weight: str = "sentence", tone: str = "vader") -> pd.DataFrame:
    """analysis.outlets.outlets_of the view's actors: per source, the share of its own
    articles naming each actor and its tone toward it with the band; `tone` "toward" takes
    the tone toward each actor over the facts whose mentions are scored (as toward_trends)."""
    days = daily(scored_facts(c, v)) if tone == "toward" else view_days(c, v)
    return outlets_of(days, view_article_days(c, v), tuple(v.actors), weight)


def periods(c: Corpus, v: View) -> pd.DataFrame:
    """analysis.timegrid.view_periods of the view's dates and sources: every period of its
    span with its articles (0: a gap in every time chart)."""
    return timegrid.view_periods(view_article_days(c, v), v.freq)


def spikes(
    c: Corpus, v: View, threshold: float = spike.THRESHOLD, k: int = spike.K
) -> pd.DataFrame:
    """analysis.spikes of the view's actors per v.freq period: the periods their mentions
    jump above their own baseline (gaps skipped), each with what drove it
    (spikes.DRIVER_COLUMNS: its articles, their sources, the co-mentioned actors that grew)."""
    table = timegrid.trends_table(trends(c, v), periods(c, v))
    found = spike.spikes_of(table, threshold=threshold, k=k)
    if found.empty:
        return spike.drivers(found, pd.DataFrame(), c.articles, v.freq)
    counts = counted(c, v)  # the mirror knows no copies: with copies to leave out, pandas
    path = mirrored(counts)
    if v.people and path is not None:
        # Each spike's own rows and its baseline's counts, counted by DuckDB where they are
        rows = parquet_facts.spike_rows(path, spike.spans(found, v.freq), v.start, v.end, v.sources)
        return spike.explain(found, *rows, c.articles)
    return spike.drivers(found, view_facts(counts, v, actors=False), c.articles, v.freq)


def pairs(c: Corpus, v: View, window: str = "sentence") -> pd.DataFrame:
    """analysis.comentions.PAIR_COLUMNS of the view's actors named in one sentence (or one
    article): counts, the units each is in, and how much more than chance."""
    arts = view_articles(c, v)
    # Every sentence of the view's articles, named or not (article_facts counts them).
    units = int(arts["sentences"].sum()) if window == "sentence" else len(arts)
    own = own_units(view_days(c, v), window)
    return pairs_of(view_pair_days(c, v, v.actors, window), own, units, window=window)


def pair_periods(
    c: Corpus, v: View, actor_a: str, actor_b: str, window: str = "sentence", tone: str = "vader"
):
    """analysis.comentions.pair_periods of the view, for one pair: per period, how often the
    two are named together, and the pair tone; `tone` "toward" takes it over the tone toward
    them (as toward_pairs: counts stay those of every fact, NaN where none is scored)."""
    together = view_pair_days(c, v, (actor_a, actor_b), window)
    published = view_days(c, v)["published"]
    out = pair_periods_of(together, actor_a, actor_b, published, v.freq, window)
    if tone == "toward":
        f = scored_facts(c, v)
        f = f[f["actor_id"].astype(str).isin([str(actor_a), str(actor_b)]).to_numpy()]
        scored = window_pair_days(f, window)
        toward = pair_periods_of(scored, actor_a, actor_b, published, v.freq, window)
        out = out.assign(tone=toward["tone"].to_numpy())
    return out


@dataclass(frozen=True)
class Evidence:
    """The Evidence page's selection of a view."""

    # The facts it was chosen from: every actor's in the dates and sources; from the mirror
    # (`mirror` set), those of the actors it was chosen by.
    facts: pd.DataFrame
    found: pd.DataFrame  # analysis.evidence.select_sentences: one row per sentence
    mirror: Path | None = None

    def named(self, keys: pd.DataFrame) -> pd.Series:
        """analysis.evidence.named_actors of these sentences (a page of `found`): from the
        mirror, of their articles' facts alone."""
        if self.mirror is None:
            return ev.named_actors(self.facts, keys)
        ids = self.facts["article_id"].dtype
        rows = parquet_facts.view_facts(self.mirror, ids, articles=keys["article_id"].unique())
        return ev.named_actors(rows, keys)


def evidence(c: Corpus, v: View) -> Evidence:
    """The sentences behind the view's focus (else behind any of its actors), period and
    window; a person in the focus while people count under their country is looked up as
    themselves. With the mirror level (people as themselves), from the facts of the focus
    (else of the view's actors) that DuckDB returns."""
    c = counted(c, v)  # the mirror knows no copies: with copies to leave out, pandas
    path = mirrored(c)
    if v.people and path is not None:
        start, end = v.start, v.end
        if v.period is not None:  # a period is at most a month: only its facts are read
            start = max(v.period, start) if start else v.period
            last = v.period + dt.timedelta(days=31)
            end = min(last, end) if end else last
        ids = c.sentences["article_id"].dtype
        wanted = v.focus or v.actors or None
        f = parquet_facts.view_facts(path, ids, wanted, start, end, v.sources)
        found = ev.select_sentences(f, v.focus, v.window, v.period, v.freq, v.actors)
        return Evidence(f, found, path)
    facts = view_facts(c, v, actors=False)
    if v.focus and not set(v.focus) <= set(facts["actor_id"].unique()):
        facts = view_facts(c, v.evolve(people=True), actors=False)
    found = ev.select_sentences(facts, v.focus, v.window, v.period, v.freq, v.actors)
    return Evidence(facts, found)
