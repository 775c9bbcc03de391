"""A view's rows: the whole-corpus frames the views filter (built once per corpus, in its
memo) and the view's facts, articles and days cut from them."""

from __future__ import annotations

import pandas as pd

from analysis import facts, mirror
from analysis.comentions import distinct_sentences, pair_days, pair_rows, unit_rows
from analysis.query import duck, parquet, parquet_facts
from analysis.query.corpus import Corpus
from analysis.trends import article_days, daily
from analysis.view import View

# --- whole-corpus frames, once per corpus -----------------------------------------------------


def all_facts(c: Corpus, people: bool) -> pd.DataFrame:
    """The corpus facts, people counted under their country unless `people`."""
    if people:
        return c.facts
    return c.memo.get(("facts", people), lambda: facts.roll_up(c.facts, c.registry))


def all_daily(c: Corpus, people: bool) -> pd.DataFrame:
    """all_facts summed per actor, day and source (analysis.trends.daily; by DuckDB when
    asked for, analysis.query.duck)."""
    by = duck.daily if duck.enabled() else daily
    return c.memo.get(("daily", people), lambda: by(all_facts(c, people)))


def all_article_days(c: Corpus) -> pd.DataFrame:
    """The articles per day and source (analysis.trends.article_days)."""
    return c.memo.get(("article_days",), lambda: article_days(c.articles))


def all_sentence_pairs(c: Corpus, people: bool) -> pd.DataFrame:
    """The pairs of actors named in one sentence, per day (pair_days of the sentences' unit
    rows, which are not kept: only their pairs)."""

    def build() -> pd.DataFrame:
        return pair_days(unit_rows(all_facts(c, people), "sentence"))

    return c.memo.get(("sentence_pairs", people), build)


def all_article_units(c: Corpus, people: bool) -> pd.DataFrame:
    """The article unit rows of all_facts (analysis.comentions.unit_rows)."""
    return c.memo.get(("article", people), lambda: unit_rows(all_facts(c, people), "article"))


# --- one view's rows ------------------------------------------------------------------------


def counted(c: Corpus, v: View) -> Corpus:
    """The corpus a view counts: without the wire copies (articles.copy_of, analysis/copies.py)
    unless the view counts every copy. Every view_* function below starts here."""
    if v.copies:
        return c

    def build() -> Corpus:
        arts = c.articles
        if "copy_of" not in arts or not arts["copy_of"].notna().any():
            return c
        gone = arts["article_id"][arts["copy_of"].notna()].astype(str)
        kept = [~frame["article_id"].isin(gone) for frame in (c.facts, arts, c.sentences)]
        # A negative revision: not the store's rows as the facts' mirror holds them.
        return Corpus(c.facts[kept[0]], arts[kept[1]], c.sentences[kept[2]], c.registry, -1)

    return c.memo.get(("originals",), build)


def view_facts(c: Corpus, v: View, actors: bool = True) -> pd.DataFrame:
    """The corpus facts inside the view's dates and sources (and actors, unless told not to)."""
    c = counted(c, v)
    f = all_facts(c, v.people)
    return facts.select(f, v.actors if actors else None, v.start, v.end, v.sources)


def view_articles(c: Corpus, v: View) -> pd.DataFrame:
    """The articles inside the view's dates and sources (analysis.facts.article_facts)."""
    c = counted(c, v)
    return facts.select(c.articles, None, v.start, v.end, v.sources)


def view_article_days(c: Corpus, v: View) -> pd.DataFrame:
    """The view's articles per day and source (analysis.trends.article_days)."""
    c = counted(c, v)
    return facts.select(all_article_days(c), None, v.start, v.end, v.sources)


def view_days(c: Corpus, v: View) -> pd.DataFrame:
    """The view's facts summed per actor, day and source (analysis.trends.daily). A page asks
    for them several times a run: the shared corpus keeps the newest few views' (a private
    one does not: they would be a session's own copy of the shared rows). With the facts'
    Parquet mirror level with the corpus's revision (analysis.mirror), summed by DuckDB there
    (people as themselves; counted under their country, by pandas)."""
    c = counted(c, v)

    def build() -> pd.DataFrame:
        path = mirrored(c)
        if v.people and path is not None:
            return parquet.daily(path, v.actors, v.start, v.end, v.sources)
        return facts.select(all_daily(c, v.people), v.actors, v.start, v.end, v.sources)

    if c.revision < 0:
        return build()
    return c.memo.get(("days", v.people, v.actors, v.start, v.end, v.sources), build, True)


def view_pair_days(c: Corpus, v: View, actors, window: str) -> pd.DataFrame:
    """analysis.comentions.window_pair_days of the view's facts, for pairs of these actors
    (people as themselves, with the mirror level: by DuckDB there, as view_days)."""
    c = counted(c, v)
    path = mirrored(c)
    if v.people and path is not None:
        return parquet_facts.pair_days(path, actors, window, v.start, v.end, v.sources)
    # Sentences are few enough to pair once for the whole corpus.
    pairs = pair_rows(all_sentence_pairs(c, v.people), actors)
    sentences = facts.select(pairs, None, v.start, v.end, v.sources)
    if window == "sentence":
        return sentences
    # Articles name too many pairs to keep them all: only the selected actors' are paired.
    rows = all_article_units(c, v.people)
    return distinct_sentences(
        pair_days(facts.select(rows, actors, v.start, v.end, v.sources)), sentences
    )


def mirrored(c: Corpus):
    """The facts' Parquet mirror while it is level with the corpus's revision (its own, or
    the ACTORSCOPE_FACTS one, levelled since the corpus loaded), else None."""
    path = c.mirror or mirror.mirror_path()
    return path if parquet.available(path, c.revision) else None
