"""The quotations of a store, and those of a view (the Quotes page's and the export's)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa

from analysis import facts
from analysis.quotes.table import MENTION_KEYS, QUOTE_COLUMNS, SENTENCE_KEYS, quote_rows
from analysis.registry import curate
from analysis.registry.gazetteer import active_gazetteer, layered
from analysis.store import Store, mentions_table, sentences_table

PAGE = 500  # articles read at a time: memory stays bounded on a big store
# What the page adds to each row: its article's date, source and title.
ARTICLE_COLUMNS = ["published", "source", "title"]


def store_quotes(store: Store, registry: pd.DataFrame) -> pd.DataFrame:
    """Every quotation with a speaker in the store (quotes_of), computed from the stored text,
    sentences and mentions (no table of its own); hidden actors are neither speakers nor
    targets. registry: actor_id, kind (a "he said" resolves to a person only)."""
    persons = set(registry.loc[registry["kind"].astype(str) == "person", "actor_id"].astype(str))
    s, m = sentences_table, mentions_table
    frames = []
    for page in store.article_pages(PAGE):  # PAGE ids at most: one IN list each
        ids = [row[0] for row in page]
        sents = store.rows(
            sa.select(*(s.c[k] for k in SENTENCE_KEYS)).where(s.c.article_id.in_(ids))
        )
        ments = store.rows(
            sa.select(*(m.c[k] for k in MENTION_KEYS)).where(m.c.article_id.in_(ids))
        )
        frames.append(quote_rows([(r[0], r[1]) for r in page], sents, ments, persons))
    out = pd.concat(frames, ignore_index=True) if frames else quote_rows([], [], [], persons)
    gone = curate.hidden(store)
    if gone:
        out = out[~out["speaker_id"].isin(gone) & ~out["target_id"].isin(gone)]
    return out.reset_index(drop=True)


def actors_in_force(store: Store, registry: pd.DataFrame) -> pd.DataFrame:
    """actor_id and kind of the registry, the gazetteer under it and the entities found in no
    list: the actors the dashboard's corpus knows (a "he said" may be any of their people)."""
    actors = layered(registry, active_gazetteer())[["actor_id", "kind"]]
    found = curate.found_actors(curate.found_entities(store))
    return (
        pd.concat([actors, found[["actor_id", "kind"]]], ignore_index=True)
        if len(found)
        else actors
    )


def select_quotes(
    quotes: pd.DataFrame, articles: pd.DataFrame, actors: Iterable[str] | None = None
) -> pd.DataFrame:
    """The quotations of these articles (article_id, published, source, title: a view's)
    whose speaker or target is one of `actors` (None: any), with ARTICLE_COLUMNS added;
    newest first, then in text order."""
    wanted = articles[["article_id", *ARTICLE_COLUMNS]].astype({"article_id": str})
    out = quotes.merge(wanted, on="article_id", how="inner")
    if actors is not None:
        keep = set(actors)
        out = out[out["speaker_id"].isin(keep) | out["target_id"].isin(keep)]
    out = out.sort_values(
        ["published", "article_id", "sent_idx"], ascending=[False, True, True], kind="stable"
    )
    return out[[*QUOTE_COLUMNS, *ARTICLE_COLUMNS]].reset_index(drop=True)


def view_quotes(every: pd.DataFrame, articles: pd.DataFrame, v) -> pd.DataFrame:
    """select_quotes of a view (analysis.view.View): its dates, sources and actors."""
    arts = facts.select(articles, None, v.start, v.end, v.sources)
    return select_quotes(every, arts, v.actors or None)
