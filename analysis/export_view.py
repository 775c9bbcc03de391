"""The command line's exports of one view (actors, dates, sources), filtered as the dashboard
filters its facts (analysis.facts.select) so a table and its chart hold the same rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import facts, quotes, spikes
from analysis.comentions import comentions
from analysis.evidence import mention_words
from analysis.outlets import EXPORT_COLUMNS, outlets_of
from analysis.registry import curate
from analysis.store import Store
from analysis.terminal import printable
from analysis.timegrid import trends_table, view_periods
from analysis.trends import article_days, daily, trends
from analysis.view import View, split_ids


class ViewError(ValueError):
    """A view the store cannot show: unknown actors or sources, or a start after the end."""


def cli_view(
    store: Store,
    registry: pd.DataFrame,
    actors: str | None = None,
    start: str | None = None,
    end: str | None = None,
    sources: str | None = None,
) -> View:
    """The View of the export flags (comma-separated ids, YYYY-MM-DD dates); None: no bound.

    Raises ViewError naming (escaped) every actor id or source the store does not know: an
    export silently narrowed to fewer actors than asked would look complete.
    """
    view = View()
    if actors is not None:
        known = set(registry["actor_id"].astype(str))
        known |= set(store.read("mentions", ["actor_id"])["actor_id"].astype(str))
        view = view.evolve(actors=_known(actors, known, "actor id"))
    if sources is not None:
        known = set(store.read("articles", ["source"])["source"].dropna().astype(str))
        view = view.evolve(sources=_known(sources, known, "source"))
    first = dt.date.fromisoformat(start) if start else None
    last = dt.date.fromisoformat(end) if end else None
    if first and last and first > last:
        raise ViewError(f"--start {first} is after --end {last}")
    return view.evolve(start=first, end=last)


def _known(raw: str, known: set[str], what: str) -> tuple[str, ...]:
    values, unknown = split_ids(raw, known)
    if unknown:
        shown = ", ".join(printable(repr(v)) for v in unknown)
        raise ViewError(f"unknown {what}{'s' if len(unknown) > 1 else ''}: {shown}")
    if not values:
        raise ViewError(f"no {what} given")
    return values


def view_table(
    store: Store,
    registry: pd.DataFrame,
    table: str,
    view: View,
    freq: str = "W",
    window: str = "sentence",
    min_count: int = 1,
    tone: str = "vader",
    threshold: float = spikes.THRESHOLD,
    words: bool = False,
) -> pd.DataFrame:
    """One export table of the view. Articles and sentences: those of the view's articles
    (dates, sources, and with actors those that mention one of them); mentions: of the view's
    actors in those articles; comentions, trends and outlets: of the view's facts, with units,
    periods and each source's articles counted over every article of the view, as the
    dashboard counts them (a wire copy once, unless view.copies); spikes: those of the trends
    (analysis.spikes) above `threshold`, with their articles, sources and co-mentioned actors
    over every actor of the view; quotes: analysis.quotes of the view's articles, by or about
    its actors. Hidden actors are left out of mentions, comentions, trends, outlets, spikes and
    quotes, as from every page. `words` adds to mentions `toward_words`, the words behind each
    tone toward (evidence.mention_words, about 4 ms a mention: only on request); raises
    ViewError for another table."""
    if words and table != "mentions":
        raise ViewError(f"--words is for the mentions table, not {table}")
    actors = view.actors or None
    if table == "actors":
        return facts.select(registry, actors).reset_index(drop=True)
    if table == "quotes":  # computed from the stored text, as on the Quotes page
        every = quotes.store_quotes(store, quotes.actors_in_force(store, registry))
        articles = store.read("articles", ["article_id", "published", "source", "title"])
        return quotes.export_table(quotes.view_quotes(every, articles, view))
    if table in ("articles", "sentences", "mentions"):
        # Only the articles table needs their text; the others filter on these three.
        articles = store.read(
            "articles", None if table == "articles" else ["article_id", "published", "source"]
        )
        ids = facts.select(articles, None, view.start, view.end, view.sources)["article_id"]
        mentions = None
        if actors is not None or table == "mentions":
            mentions = _shown(store, store.read("mentions"))
        if actors is not None:
            mentions = facts.select(mentions, actors)
            ids = ids[ids.isin(mentions["article_id"])]
        if table == "articles":
            return articles[articles["article_id"].isin(ids)].reset_index(drop=True)
        rows = store.sentence_texts() if table == "sentences" else mentions
        rows = rows[rows["article_id"].isin(ids)].reset_index(drop=True)
        if words:
            texts = store.sentence_texts(rows[["article_id", "sent_idx"]].drop_duplicates())
            rows = rows.assign(toward_words=mention_words(rows, texts))
        return rows
    articles = store.read("articles", ["article_id", "published", "source", "copy_of"])
    sentences = store.read("sentences", ["article_id", "sent_idx", "compound"])
    toward = table == "outlets" and tone == "toward"
    columns = ["article_id", "sent_idx", "actor_id", *([facts.TOWARD] if toward else [])]
    mentions = _shown(store, store.read("mentions", columns))
    if not view.copies:  # a wire copy counted once, as on the pages (analysis/copies.py)
        articles = articles[articles["copy_of"].isna()]
        sentences = sentences[sentences["article_id"].isin(articles["article_id"])]
        mentions = mentions[mentions["article_id"].isin(articles["article_id"])]
    articles = articles.drop(columns="copy_of")
    every = facts.select(
        facts.mention_facts(mentions, sentences, articles), None, view.start, view.end, view.sources
    )
    fact = facts.select(every, actors)
    articles = facts.select(articles, None, view.start, view.end, view.sources)
    if table == "spikes":  # the trends' jumps, explained over every actor's facts
        table_ = trends_table(trends(fact, articles, freq=freq), view_periods(articles, freq))
        found = spikes.spikes_of(table_, threshold=threshold)
        titles = store.read("articles", ["article_id", "title"])
        return spikes.export_table(spikes.drivers(found, every, titles, freq))
    if table == "trends":  # every period of the view's span, gaps flagged
        return trends_table(
            trends(fact, articles, freq=freq, min_count=min_count),
            view_periods(articles, freq),
        )
    if table == "outlets":  # every source of the view, its own articles the denominator
        if toward:  # the scored mentions' tone in place of the sentence's, as query.outlets
            fact = fact[fact[facts.TOWARD].notna().to_numpy()].assign(compound=fact[facts.TOWARD])
        return outlets_of(daily(fact), article_days(articles), actors)[EXPORT_COLUMNS]
    if window == "sentence":  # every sentence of the view's articles, named or not
        units = int(sentences["article_id"].isin(articles["article_id"]).sum())
    else:
        units = len(articles)
    return comentions(fact, units, window=window)


def _shown(store: Store, mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions of actors not hidden: hidden ones are left out everywhere, the dashboard's
    facts (analysis.query.load_corpus) too."""
    gone = curate.hidden(store)
    return mentions[~mentions["actor_id"].isin(gone)] if gone else mentions
