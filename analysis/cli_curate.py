"""`python -m analysis actors confirm|rename|kind|merge|hide|unhide|found`: curation of the
entities found in no list (analysis.registry.curate), and the registry saves they share with
the other `actors` actions."""

from __future__ import annotations

import argparse

import pandas as pd

from analysis import schema
from analysis.export import write_table
from analysis.ingest import save_registry, sync_registry
from analysis.registry import curate
from analysis.registry.gazetteer import active_gazetteer, layered
from analysis.registry.table import RegistryError
from analysis.store import Store
from analysis.terminal import printable, progress_bar

EXIT_OK = 0


def add_actions(actions: argparse._SubParsersAction, formats: tuple[str, ...]) -> None:
    """The curation actions under `actors`."""
    q = actions.add_parser("found", help="the entities found in no list, newest upload first, "
                           "with their counts and first sentence")  # fmt: skip
    q.add_argument("--format", choices=formats, default=argparse.SUPPRESS)
    q.set_defaults(run=_found_list)
    q = actions.add_parser("confirm", help="make a found entity an actor of the registry")
    q.add_argument("actor_id", metavar="FOUND_ID", help="found:... (see `actors found`)")
    q.add_argument("--name", help="a fuller name (the found one becomes an alias)")
    q.add_argument("--kind", choices=schema.ACTOR_KINDS, help="default: the kind guessed")
    q.set_defaults(run=_confirm)
    q = actions.add_parser("merge", help="make a found entity's name an alias of an actor")
    q.add_argument("actor_id", metavar="FOUND_ID")
    q.add_argument("--into", required=True, metavar="ACTOR_ID")
    q.set_defaults(run=_merge)
    q = actions.add_parser("hide", help="leave an actor or found entity out of every page")
    q.add_argument("actor_id", metavar="ACTOR_ID")
    q.set_defaults(run=_hide, hide=True)
    q = actions.add_parser("unhide", help="show a hidden actor or found entity again")
    q.add_argument("actor_id", metavar="ACTOR_ID")
    q.set_defaults(run=_hide, hide=False)


def in_force(store: Store, registry: pd.DataFrame) -> pd.DataFrame:
    """Every actor in force (schema.LAYERED_ACTORS): the registry's, the gazetteer's under it,
    and the entities found in no list; hidden ones left out."""
    actors = layered(registry, active_gazetteer())
    found = curate.found_actors(curate.found_entities(store))
    actors = pd.concat([actors, found], ignore_index=True)
    return actors[~actors["actor_id"].isin(curate.hidden(store))].reset_index(drop=True)


def save(args, store: Store, registry: pd.DataFrame) -> None:
    """The edited registry into the store, matching run again (a bar on a terminal)."""
    with progress_bar("matching", "articles") as bar:
        save_registry(store, registry, roles=args.roles, progress=bar)


def counted(store: Store, actor_id: str) -> str:
    """ "N mentions in M articles" of one actor, as stored."""
    mentions = store.read("mentions", ["article_id", "actor_id"])
    hits = mentions[mentions["actor_id"] == actor_id]
    n, arts = len(hits), hits["article_id"].nunique()
    return f"{n} mention{'s' if n != 1 else ''} in {arts} article{'s' if arts != 1 else ''}"


def _found_list(args, store: Store, registry: pd.DataFrame) -> int:
    sync_registry(store, registry, roles=args.roles)
    found = curate.with_first_sentence(store, curate.found_entities(store))
    columns = ["actor_id", "name", "kind", "mentions", "articles", "sentence"]
    write_table(found[columns], args.format)
    return EXIT_OK


def _entity(store: Store, actor_id: str) -> pd.Series:
    if not curate.is_found(actor_id):
        raise RegistryError(f"{actor_id!r} is not a found entity (they start with 'found:')")
    found = curate.found_entities(store)
    row = found[found["actor_id"] == actor_id]
    if row.empty:
        raise RegistryError(f"no found entity {actor_id!r} in the store (see `actors found`)")
    return row.iloc[0]


def _confirm(args, store: Store, registry: pd.DataFrame) -> int:
    entity = _entity(store, args.actor_id)
    edited = curate.confirm(
        registry, args.name or entity["name"], args.kind or entity["kind"], entity["name"]
    )
    new_id = edited["actor_id"].iloc[-1]
    save(args, store, edited)
    name = printable(edited["name"].iloc[-1])
    print(f"confirmed {printable(new_id)} ({name}): {counted(store, new_id)}")
    return EXIT_OK


def _merge(args, store: Store, registry: pd.DataFrame) -> int:
    entity = _entity(store, args.actor_id)
    actors = layered(registry, active_gazetteer())
    edited = curate.merge(registry, entity["name"], args.into, actors)
    save(args, store, edited)
    name = printable(repr(entity["name"]))
    print(f"{printable(args.into)} has the alias {name}: {counted(store, args.into)}")
    return EXIT_OK


def _hide(args, store: Store, registry: pd.DataFrame) -> int:
    curate.set_hidden(store, [args.actor_id], hide=args.hide)
    print(f"{'hidden' if args.hide else 'shown again'}: {printable(args.actor_id)}")
    return EXIT_OK
