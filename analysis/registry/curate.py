"""Curation of found entities (analysis.found): list them, then confirm, rename, merge into an
actor, change the kind, or hide.

A found entity is in no list: its mentions are stored with actor_id "found:<slug>" and a `how`
of "found <kind>: <reason>" (schema.found_how). Confirming, renaming, merging and changing the
kind are registry edits (the registry is the curated layer: the name is then the registry's,
the finder leaves it alone, and the edit re-matches only the articles it reaches). Hiding is
not: the ids hidden are kept in the store (HIDDEN_KEY) and every page leaves them out, a
registry or gazetteer actor as well as a found one, without matching anything again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa

from analysis import schema
from analysis.found import ID_PREFIX
from analysis.registry.edit import add_actor, add_alias, surname
from analysis.registry.table import RegistryError
from analysis.store import Store, articles_table, mentions_table

HIDDEN_KEY = "hidden_actors"  # store meta: a JSON list of the actor ids hidden everywhere
FOUND_COLUMNS = {
    "actor_id": "string",
    "name": "string",
    "kind": "string",
    "mentions": "int64",
    "articles": "int64",
    "newest": "datetime64[s, UTC]",  # when the newest article naming it was stored
    "first_article": "string",  # the first sentence naming it (in article, sentence order)
    "first_sent_idx": "int32",
}
HIDDEN_COLUMNS = {"actor_id": "string", "name": "string", "kind": "string"}
# An upload batch's found entities, one row per article and entity (analysis.ingest's preview).
BATCH_FOUND = {
    "article_id": "string",
    "actor_id": "string",
    "name": "string",
    "kind": "string",
    "mentions": "int64",
}
NEW_COLUMNS = {
    "actor_id": "string",
    "name": "string",
    "kind": "string",
    "mentions": "int64",
    "articles": "int64",
}


def is_found(actor_id: str) -> bool:
    return str(actor_id).startswith(ID_PREFIX)


def found_entities(
    store: Store, article_ids: Iterable[str] | None = None, hidden_too: bool = False
) -> pd.DataFrame:
    """The found entities of the store (of these articles, when given), newest upload first,
    then the most mentioned (FOUND_COLUMNS; hidden ones left out unless `hidden_too`). The
    name is the one most of its mentions give; the kind the one most were guessed as."""
    m, a = mentions_table, articles_table
    query = (
        sa.select(
            m.c.actor_id,
            m.c.name,
            m.c.how,
            m.c.article_id,
            sa.func.count().label("n"),
            sa.func.min(m.c.sent_idx).label("first"),
            sa.func.max(a.c.ingested_at).label("newest"),
        )
        .join(a, a.c.article_id == m.c.article_id)
        .where(m.c.how.like(schema.HOW_FOUND + " %"))
        .group_by(m.c.actor_id, m.c.name, m.c.how, m.c.article_id)
    )
    rows = store.query(query)
    if article_ids is not None:
        rows = rows[rows["article_id"].isin(set(article_ids))]
    if not hidden_too:
        rows = rows[~rows["actor_id"].isin(hidden(store))]
    if rows.empty:
        return schema.empty(FOUND_COLUMNS)
    return summarise(rows.assign(kind=rows["how"].map(schema.found_kind)))


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """FOUND_COLUMNS of mention counts per (actor_id, name, kind, article_id): `n` mentions,
    `first` sentence, `newest` stored. Whole-column work: a store of Reuters holds tens of
    thousands of entities, and a loop over them took seconds."""
    per = rows.groupby("actor_id", sort=False)
    table = pd.DataFrame(
        {
            "name": _most_per(rows, "name"),
            "kind": _most_per(rows, "kind"),
            "mentions": per["n"].sum(),
            "articles": per["article_id"].nunique(),
            "newest": per["newest"].max(),
        }
    )
    first = rows.sort_values(["article_id", "first"], kind="stable").drop_duplicates("actor_id")
    first = first.set_index("actor_id")
    table["first_article"] = first["article_id"]
    table["first_sent_idx"] = first["first"]
    table = schema.conform(table.rename_axis("actor_id").reset_index(), FOUND_COLUMNS)
    return table.sort_values(
        ["newest", "mentions", "name"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def _most_per(rows: pd.DataFrame, column: str) -> pd.Series:
    """Per actor_id, the value of `column` most of its mentions (`n`) have; ties: the first
    in order."""
    counts = rows.groupby(["actor_id", column], sort=False)["n"].sum().reset_index()
    counts = counts.sort_values(["actor_id", "n", column], ascending=[True, False, True])
    return counts.drop_duplicates("actor_id").set_index("actor_id")[column]


def with_first_sentence(store: Store, found: pd.DataFrame) -> pd.DataFrame:
    """found_entities' rows with the text of the first sentence naming each (`sentence`)."""
    if found.empty:
        return found.assign(sentence=pd.Series(dtype="string"))
    keys = pd.DataFrame({"article_id": found["first_article"], "sent_idx": found["first_sent_idx"]})
    texts = store.sentence_texts(keys)
    by_key = dict(
        zip(zip(texts["article_id"], texts["sent_idx"], strict=True), texts["text"], strict=True)
    )
    sentence = [
        by_key.get((aid, idx), "")
        for aid, idx in zip(found["first_article"], found["first_sent_idx"], strict=True)
    ]
    return found.assign(sentence=pd.Series(sentence, dtype="string", index=found.index))


def found_actors(found: pd.DataFrame) -> pd.DataFrame:
    """Found entities as actors in force (schema.LAYERED_ACTORS, origin "found")."""
    rows = found[["actor_id", "name", "kind"]].assign(origin=schema.ORIGIN_FOUND)
    return schema.conform(rows, schema.LAYERED_ACTORS)


def hidden(store: Store) -> frozenset[str]:
    """The actor ids hidden everywhere."""
    raw = store.get_meta(HIDDEN_KEY)
    try:
        ids = json.loads(raw) if raw else []
    except ValueError:  # written by this module only; a hand-edited value is not fatal
        ids = []
    return frozenset(str(i) for i in ids if isinstance(i, str))


def set_hidden(store: Store, actor_ids: Iterable[str], hide: bool = True) -> frozenset[str]:
    """Hide (or show again) these actors on every page; the dashboard reloads at once (the
    store's revision moves). Returns the ids hidden now."""
    now = set(hidden(store))
    now = now | set(actor_ids) if hide else now - set(actor_ids)
    store.set_meta(HIDDEN_KEY, json.dumps(sorted(now)), bump=True)
    return frozenset(now)


def confirm(
    registry: pd.DataFrame, name: str, kind: str, found_name: str | None = None
) -> pd.DataFrame:
    """The registry with a found entity confirmed as an actor of `kind` named `name` (a fuller
    name typed in renames it: the found name becomes an alias). A person's surname counts
    after the full name, as for any person the registry lists."""
    if kind not in schema.ACTOR_KINDS:
        raise RegistryError(f"kind {kind!r} is not one of {', '.join(schema.ACTOR_KINDS)}")
    name = " ".join(str(name).split())
    aliases = [found_name] if found_name and found_name != name else []
    short = [s for s in surname(name, kind) + surname(found_name or name, kind) if s not in aliases]
    short = list(dict.fromkeys(s for s in short if s != name))
    return add_actor(registry, name, kind, aliases, short_names=short)


def merge(
    registry: pd.DataFrame, found_name: str, into: str, actors: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The registry with a found name made an alias of the actor `into`. An actor of the
    gazetteer (in `actors`, the actors in force) is copied into the registry first: the
    registry is where curation is kept."""
    if into not in set(registry["actor_id"].astype(str)):
        theirs = actors[actors["actor_id"] == into] if actors is not None else actors
        if theirs is None or theirs.empty or is_found(into):
            raise RegistryError(f"no actor {into!r} to merge into")
        row = theirs.iloc[:1][list(schema.ACTORS)]
        registry = pd.concat([registry, row], ignore_index=True)
    return add_alias(registry, into, found_name)


def hidden_actors(store: Store, actors: pd.DataFrame) -> pd.DataFrame:
    """The actors hidden everywhere, with their names and kinds (actor_id, name, kind), by
    name: found ones named as their mentions name them, the others as `actors` (the
    registry and gazetteer in force) do; an id neither knows is shown as it is."""
    gone = hidden(store)
    if not gone:
        return schema.empty(HIDDEN_COLUMNS)
    found = found_entities(store, hidden_too=True)
    listed = actors[["actor_id", "name", "kind"]]
    known = pd.concat([found[["actor_id", "name", "kind"]], listed], ignore_index=True)
    known = known.drop_duplicates("actor_id")
    names = dict(zip(known["actor_id"], known["name"], strict=True))
    kinds = dict(zip(known["actor_id"], known["kind"], strict=True))
    rows = [
        {"actor_id": a, "name": names.get(a, a), "kind": kinds.get(a, "")} for a in sorted(gone)
    ]
    table = schema.conform(pd.DataFrame(rows), HIDDEN_COLUMNS)
    return table.sort_values("name", key=lambda s: s.str.lower()).reset_index(drop=True)


def stored_ids(store: Store, actor_ids: Iterable[str]) -> set[str]:
    """Which of these actor ids the store has mentions of (hidden ones too)."""
    ids = sorted(set(actor_ids))
    have: set[str] = set()
    for i in range(0, len(ids), 500):  # SQLite's bound-parameter limit, with room to spare
        query = (
            sa.select(mentions_table.c.actor_id)
            .where(mentions_table.c.actor_id.in_(ids[i : i + 500]))
            .distinct()
        )
        have.update(str(a) for (a,) in store.rows(query))
    return have


def new_in_batch(
    found: pd.DataFrame, article_ids: Iterable[str], stored: Iterable[str]
) -> pd.DataFrame:
    """The entities found in these articles of an upload batch (`found`: BATCH_FOUND rows,
    one per article and entity) that no stored article names yet (`stored`: ids the store
    has), most mentioned first: NEW_COLUMNS."""
    rows = found[found["article_id"].isin(set(article_ids)) & ~found["actor_id"].isin(set(stored))]
    if rows.empty:
        return schema.empty(NEW_COLUMNS)
    rows = rows.rename(columns={"mentions": "n"})
    per = rows.groupby("actor_id", sort=False)
    out = pd.DataFrame(
        {
            "name": _most_per(rows, "name"),
            "kind": _most_per(rows, "kind"),
            "mentions": per["n"].sum(),
            "articles": per["article_id"].nunique(),
        }
    ).rename_axis("actor_id")
    table = schema.conform(out.reset_index(), NEW_COLUMNS)
    return table.sort_values(
        ["mentions", "name"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
