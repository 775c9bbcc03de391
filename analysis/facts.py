"""The compact, text-free frames the dashboard loads once and filters."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

FACT_COLUMNS = ["article_id", "sent_idx", "actor_id", "hits", "compound", "published", "source"]
COUNT_COLUMNS = ["actor_id", "name", "kind", "mentions", "sentences", "articles", "tone"]


def mention_facts(
    mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    """One row per actor per sentence that mentions it.

    Needs mentions' article_id, sent_idx, actor_id; sentences' article_id, sent_idx, compound;
    articles' article_id, published, source. Returns FACT_COLUMNS, `hits` being how often the
    sentence names the actor; ids and sources are categoricals to stay small.
    """
    keys = ["article_id", "sent_idx", "actor_id"]
    hits = mentions.groupby(keys, observed=True).size().rename("hits").reset_index()
    out = hits.merge(
        sentences[["article_id", "sent_idx", "compound"]], on=["article_id", "sent_idx"]
    )
    out = out.merge(articles[["article_id", "published", "source"]], on="article_id")
    out["hits"] = out["hits"].astype("int32")
    for col in ("article_id", "actor_id", "source"):
        out[col] = out[col].astype("category")
    return out[FACT_COLUMNS]


def article_facts(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per article: article_id, title, published, source, sentences, tone (mean compound).

    Needs articles' article_id, title, published, source; sentences' article_id, compound.
    """
    per = sentences.groupby("article_id", observed=True)["compound"].agg(["size", "mean"])
    per = per.rename(columns={"size": "sentences", "mean": "tone"}).reset_index()
    out = articles[["article_id", "title", "published", "source"]].merge(
        per, on="article_id", how="left"
    )
    out["sentences"] = out["sentences"].fillna(0).astype("int32")
    return out


def actor_totals(facts: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """Per actor found in the facts: mentions, sentences, articles and tone, most mentioned first.

    Needs facts' actor_id, article_id, hits, compound and registry's actor_id, name, kind.
    Returns COUNT_COLUMNS: mentions (sum of hits), the sentences and articles naming the actor,
    and tone, the mean compound of those sentences. An actor missing from the registry is
    named by its id. Ties in mentions go by name.
    """
    if facts.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    per = facts.groupby("actor_id", observed=True).agg(
        mentions=("hits", "sum"),
        sentences=("hits", "size"),
        articles=("article_id", "nunique"),
        tone=("compound", "mean"),
    )
    per.index = per.index.astype(str)
    per = per.reset_index()
    reg = registry[["actor_id", "name", "kind"]].astype({"actor_id": str})
    out = per.merge(reg, on="actor_id", how="left")
    out["name"] = out["name"].fillna(out["actor_id"])
    out = out.astype({"mentions": "int64", "sentences": "int64", "articles": "int64"})
    return out.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)[
        COUNT_COLUMNS
    ]


def roll_up(facts: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """Facts with each person counted under the country they belong to (their affiliation).

    A sentence naming both Putin and Russia then counts once for Russia.
    """
    people = registry[(registry["kind"] == "person") & registry["affiliation"].fillna("").ne("")]
    parent = dict(zip(people["actor_id"], people["affiliation"], strict=True))
    out = facts.copy()
    out["actor_id"] = out["actor_id"].astype(str).map(lambda a: parent.get(a, a))
    keys = ["article_id", "sent_idx", "actor_id"]
    out = out.groupby(keys, observed=True, as_index=False).agg(
        hits=("hits", "sum"),
        compound=("compound", "first"),
        published=("published", "first"),
        source=("source", "first"),
    )
    for col in ("article_id", "actor_id", "source"):
        out[col] = out[col].astype("category")
    out["hits"] = out["hits"].astype("int32")
    return out[FACT_COLUMNS]


def select(
    frame: pd.DataFrame,
    actors: Iterable[str] | None = None,
    start: object = None,
    end: object = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows of a facts frame for these actors, dates (inclusive) and sources; None means all.

    Rows with no published date are kept only when no date bound is given.
    """
    mask = pd.Series(True, index=frame.index)
    if actors is not None and "actor_id" in frame:
        mask &= frame["actor_id"].isin(list(actors))
    if start is not None:
        mask &= frame["published"] >= pd.Timestamp(start)
    if end is not None:
        mask &= frame["published"] < pd.Timestamp(end) + pd.Timedelta(days=1)
    if sources is not None:
        mask &= frame["source"].isin(list(sources))
    return frame[mask]
