"""The compact, text-free frames the dashboard loads once and filters."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FACT_COLUMNS = ["article_id", "sent_idx", "actor_id", "hits", "compound", "published", "source"]
# With mentions that carry it: the mean tone toward the actor over its mentions in the sentence
# (analysis/tone/; NaN where none is scored), after FACT_COLUMNS.
TOWARD = "toward"
COUNT_COLUMNS = ["actor_id", "name", "kind", "mentions", "sentences", "articles", "tone"]


def mention_facts(
    mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    """One row per actor per sentence that mentions it, in article, sentence, actor order.

    Needs mentions' article_id, sent_idx, actor_id; sentences' article_id, sent_idx, compound;
    articles' article_id, published, source. Returns FACT_COLUMNS, `hits` being how often the
    sentence names the actor, and TOWARD when mentions have it; ids and sources are
    categoricals to stay small.
    """
    # A million mention rows load at every start: everything joins on integer keys (Arrow
    # encodes the strings), never on strings.
    ids = pd.unique(articles["article_id"].astype(str))
    actor_codes, actor_ids = _encode(mentions["actor_id"])
    n_actors = max(len(actor_ids), 1)
    keys = _sentence_keys(sentences, ids)
    order = np.argsort(keys, kind="stable")  # the sentences in article, sentence order
    row = _positions(keys, order, _sentence_keys(mentions, ids))
    found = row >= 0  # a mention of a sentence that is not there counts nowhere
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys))
    # One key per sentence and actor, small enough for any corpus (sentences x actors).
    hit_keys, at, hits = np.unique(
        rank[row[found]] * n_actors + actor_codes[found], return_inverse=True, return_counts=True
    )
    toward = _mean_toward(mentions, found, at, len(hit_keys)) if TOWARD in mentions else None
    ranks, actor_codes = np.divmod(hit_keys, n_actors)
    row = order[ranks]
    article = (keys[row] >> 32).astype(np.int32)
    source = pd.Categorical(articles["source"].astype("string").to_numpy(na_value=None))
    out = pd.DataFrame(
        {
            "article_id": pd.Categorical.from_codes(article, categories=ids),
            "sent_idx": (keys[row] & 0xFFFFFFFF).astype(np.int32),
            "actor_id": pd.Categorical.from_codes(actor_codes, categories=actor_ids),
            "hits": hits.astype(np.int32),
            "compound": sentences["compound"].to_numpy(dtype=np.float64)[row],
            "published": articles["published"].to_numpy()[article],
            "source": source[article],
        }
    )[FACT_COLUMNS]
    if toward is not None:
        out[TOWARD] = toward
    return out


def _mean_toward(mentions: pd.DataFrame, found: np.ndarray, at: np.ndarray, n: int) -> np.ndarray:
    """The mean of the scored `toward` of each group's mentions (NaN where none is)."""
    score = pd.to_numeric(mentions[TOWARD], errors="coerce").to_numpy(np.float64, na_value=np.nan)
    return _nanmean_groups(score[found], at, n)


def _nanmean_groups(score: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    scored = ~np.isnan(score)
    total = np.bincount(group[scored], score[scored], minlength=n)
    count = np.bincount(group[scored], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _encode(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes into the sorted distinct values (by Arrow, without a Python string per row)."""
    encoded = _arrow(values).dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    order = np.argsort(distinct, kind="stable") if distinct else np.array([], dtype=int)
    remap = np.empty(len(distinct), dtype=np.int64)
    remap[order] = np.arange(len(distinct))
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return remap[codes], [distinct[i] for i in order]


def article_codes(article_ids: pd.Series, ids: np.ndarray) -> np.ndarray:
    """Each article id's position in `ids` (-1 where it is not there), by Arrow."""
    codes = pc.index_in(_arrow(article_ids), value_set=pa.array(ids, type=pa.string()))
    return codes.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _sentence_keys(frame: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """One int64 per row: the article's position in `ids` (high half) and sent_idx (low
    half); -1 for an article not in `ids`."""
    codes = article_codes(frame["article_id"], ids)
    keys = (codes << 32) | frame["sent_idx"].to_numpy(dtype=np.int64)
    return np.where(codes >= 0, keys, -1)


def _arrow(values: pd.Series) -> pa.Array:
    """A column of strings as one Arrow array (zero-copy when Arrow already holds it)."""
    array = pa.array(values.astype("string[pyarrow]"))
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _positions(keys: np.ndarray, order: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each wanted key is in keys (-1 where it is not), `order` sorting keys."""
    if not len(keys):
        return np.full(len(wanted), -1)
    # Searching the keys in order, not through `order`: an indirect probe is a cache miss each.
    at = np.searchsorted(keys[order], wanted).clip(max=len(keys) - 1)
    hit = order[at]
    return np.where((keys[hit] == wanted) & (wanted >= 0), hit, -1)


ARTICLE_MARKS = ("language", "copy_of")


def article_facts(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per article: article_id, title, published, source, sentences, tone (mean compound).

    Needs articles' article_id, title, published, source; sentences' article_id, compound.
    """
    per = sentences.groupby("article_id", observed=True)["compound"].agg(["size", "mean"])
    per = per.rename(columns={"size": "sentences", "mean": "tone"}).reset_index()
    # language and copy_of, when read: the tone left out of other languages, copies counted once
    kept = [col for col in ARTICLE_MARKS if col in articles]
    out = articles[["article_id", "title", "published", "source", *kept]].merge(
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

    A sentence naming both Putin and Russia then counts once for Russia. Rows come in
    article, sentence, actor order.
    """
    people = registry[(registry["kind"] == "person") & registry["affiliation"].fillna("").ne("")]
    parent = dict(zip(people["actor_id"], people["affiliation"], strict=True))
    # On integer codes: a million facts name only as many actors as the registry holds.
    actor, names = _select_codes(facts["actor_id"])
    rolled = pd.Index([parent.get(a, a) for a in names.astype(str)], dtype="str")
    categories = pd.Index(rolled.unique()).sort_values()
    actor = np.where(actor >= 0, categories.get_indexer(rolled)[actor], -1)
    article, _ = _select_codes(facts["article_id"])
    sent = facts["sent_idx"].to_numpy(dtype=np.int64)
    order = np.lexsort((actor, sent, article))
    article, sent, actor = article[order], sent[order], actor[order]
    starts = np.flatnonzero(
        np.concatenate(
            [
                [True],
                (article[1:] != article[:-1]) | (sent[1:] != sent[:-1]) | (actor[1:] != actor[:-1]),
            ]
        )[: len(order)]
    )
    first = facts.iloc[order[starts]].reset_index(drop=True)
    hits = facts["hits"].to_numpy(dtype=np.int64)[order]
    out = first.assign(
        actor_id=pd.Categorical.from_codes(actor[starts], categories=categories),
        hits=(np.add.reduceat(hits, starts) if len(starts) else hits).astype("int32"),
    )
    if TOWARD in facts:  # a country's sentence naming two of its people: their mean
        group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(order))))
        toward = facts[TOWARD].to_numpy(np.float64, na_value=np.nan)[order]
        out[TOWARD] = _nanmean_groups(toward, group, len(starts))
    for col in ("article_id", "actor_id", "source"):
        out[col] = out[col].astype("category")
    out["actor_id"] = out["actor_id"].cat.remove_unused_categories()
    return out[FACT_COLUMNS + ([TOWARD] if TOWARD in facts else [])]


def select(
    frame: pd.DataFrame,
    actors: Iterable[str] | None = None,
    start: object = None,
    end: object = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows of a facts frame for these actors, dates (inclusive) and sources; None means all.

    Rows with no published date are kept only when no date bound is given. Any frame with
    these columns will do (actor_id is skipped when it has none).
    """
    # One plain boolean array: this runs on every filter change, over a million rows.
    mask = np.ones(len(frame), dtype=bool)
    if actors is not None and "actor_id" in frame:
        mask &= _select_isin(frame["actor_id"], actors)
    if start is not None:
        mask &= (frame["published"] >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        mask &= (frame["published"] < pd.Timestamp(end) + pd.Timedelta(days=1)).to_numpy()
    if sources is not None:
        mask &= _select_isin(frame["source"], sources)
    # Nothing filtered out: a shallow copy (copy-on-write keeps the original safe) is enough.
    return frame.copy(deep=False) if mask.all() else frame[mask]


def _select_isin(column: pd.Series, values: Iterable[str]) -> np.ndarray:
    """column.isin(values); for a categorical, tested once per category, then looked up."""
    values = list(values)
    if isinstance(column.dtype, pd.CategoricalDtype):
        hit = np.append(column.cat.categories.isin(values), False)  # code -1 (missing): never
        return hit[column.cat.codes.to_numpy()]
    return column.isin(values).to_numpy()


def _select_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of the values (-1 where missing) and the values they stand for, in
    category order for a categorical, sorted otherwise."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), values.cat.categories
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)
