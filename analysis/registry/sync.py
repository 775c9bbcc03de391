"""The stored mentions kept in step with the registry: its edits, syncs at start, and the
articles an ingest stored under a registry edited meanwhile."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.found import FINDER_VERSION, found_on
from analysis.pipeline import Progress, processes, rematch_pages
from analysis.registry.change import Drop
from analysis.registry.gazetteer import active_gazetteer, layered
from analysis.registry.matcher import Matcher
from analysis.registry.roles import roles_in
from analysis.registry.table import (
    DEFAULT_REGISTRY,
    RegistryError,
    load_registry,
    validate_registry,
)
from analysis.store import UNCHECKED, RegistryMoved, Store, StoreError

REMATCH_PAGE = 500  # articles read, filtered and matched at a time after a registry change
REGISTRY_SOURCE = "registry_source"  # meta key: "store" once the registry was edited in the store
STALE_ROUNDS = 3  # rounds of matching again what other writers left stale meanwhile


def registry_path() -> Path:
    """The registry file: $ACTORSCOPE_REGISTRY or data/actors.csv."""
    return Path(os.environ.get("ACTORSCOPE_REGISTRY") or DEFAULT_REGISTRY)


def active_registry(store: Store) -> pd.DataFrame:
    """The registry in use: the store's own once it was edited (in the app or the CLI; meta
    registry_source=store), until then the file (registry_path()), synced at start."""
    if store.get_meta(REGISTRY_SOURCE) == "store":
        return validate_registry(store.read("actors"))
    return load_registry(registry_path())


# Bumped when the matcher's identity rules change what it finds (2: an institution's words
# before a name, "Credit Commercial de France"; 3: "Opec", "U.S" without its last stop): stores
# matched under the gazetteer match again. 5: a country's name before a firm's head ("Zambia
# Consolidated Copper Mines") or after a firm's own word opening a line ("Texaco Canada").
# 6: a country's initials opening a firm's name ("U.S. Video Vending Corp"), "USA Network".
# 7: a firm's word and a possessive after ("Bermuda Star's"), "Corp of" over a wrapped line.
MATCHER_RULES = "7"


def registry_digest(registry: pd.DataFrame, roles: pd.DataFrame | None = None) -> str:
    """A fingerprint of the registry's content (and of the roles of its actors, the gazetteer
    in force under it and the entity finder's version when it is on), to tell when matching
    must run again. The order of the rows does not count; without a gazetteer, digests stored
    before it came stay valid."""
    text = _csv(registry, list(schema.ACTORS), ["actor_id"])
    gazetteer = active_gazetteer()
    kept = roles_in(roles, layered(registry, gazetteer) if gazetteer is not None else registry)
    if len(kept):
        text += "roles\n" + _csv(kept, list(kept.columns), ["role_id", "start", "actor_id"])
    if gazetteer is not None:
        text += "gazetteer " + gazetteer.digest + " rules " + MATCHER_RULES
    if found_on():
        text += "found " + FINDER_VERSION
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _csv(frame: pd.DataFrame, columns: list[str], order: list[str]) -> str:
    """The columns as CSV, rows sorted by `order`, missing cells blank: the text that pandas'
    sort_values(order, kind="stable").to_csv(index=False) gives (digests stored before stay
    valid), without pandas' cost of a few milliseconds on every registry check."""
    rows = [
        ["" if v is None else str(v) for v in (row.get(c) for c in columns)]
        for row in schema.records(frame)
    ]
    at = [columns.index(c) for c in order]
    rows.sort(key=lambda row: [row[i] for i in at])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def sync_registry(
    store: Store,
    registry: pd.DataFrame,
    matcher: Matcher | None = None,
    progress: Progress | None = None,
    roles: pd.DataFrame | None = None,
    workers: int | None = None,
) -> bool:
    """Re-run matching over the stored articles if the registry (or its roles) changed; never
    re-scores. `roles` are those of `matcher`, when one is given. Only the articles the change
    can reach are matched again (every one when the stored registry cannot be trusted), by
    `workers` processes (default: every core).

    Once the registry was edited in the store, the store's own is in force: a copy read before
    another process edited it is not written back. Articles stored under another registry than
    the store's (see rematch_stale) are matched again too. Returns whether mentions changed.
    """
    return sync(store, registry, matcher, roles, progress, workers)[1]


def sync(
    store: Store,
    registry: pd.DataFrame,
    matcher: Matcher | None,
    roles: pd.DataFrame | None,
    progress: Progress | None,
    workers: int | None,
    edit: bool = False,
    full: bool = False,
) -> tuple[Matcher, bool]:
    """sync_registry, returning the matcher of the registry in force too (what ingest matches
    new articles with). With `edit`, the
    registry given is written whatever the store holds, and becomes the store's own; with
    `full`, every article is matched again."""
    roles = matcher.roles if matcher is not None else roles
    rebuilt = False
    for _ in range(STALE_ROUNDS):
        if not edit:
            registry, matcher = _in_force(store, registry, matcher)
        digest = registry_digest(registry, roles)
        stored = store.get_meta("registry_digest")
        if stored == digest and not full:
            break
        matcher = matcher or Matcher(registry, roles)
        try:
            _rematch_store(
                store, registry, matcher, roles, digest, progress, workers, full=full,
                expect=UNCHECKED if edit else stored,
                meta={REGISTRY_SOURCE: "store"} if edit else None,
            )  # fmt: skip
        except RegistryMoved:  # edited meanwhile: that edit is the one in force now
            continue
        rebuilt = True
        break
    else:
        raise StoreError("the store's registry kept changing while this ran: run it again")
    matcher = matcher or Matcher(registry, roles)
    rebuilt = rematch_stale(store, roles, matcher, progress, workers) > 0 or rebuilt
    return matcher, rebuilt


def _in_force(
    store: Store, registry: pd.DataFrame, matcher: Matcher | None
) -> tuple[pd.DataFrame, Matcher | None]:
    """The registry in force, with `matcher` if it is that registry's: the store's own once it
    was edited there (`registry` may be a copy read before another process edited it), else
    `registry` (the file's)."""
    if store.get_meta(REGISTRY_SOURCE) != "store":
        return registry, matcher
    try:
        stored = validate_registry(store.read("actors"))
    except RegistryError:
        return registry, matcher
    if registry_digest(stored) == registry_digest(registry):
        return registry, matcher
    return stored, None


def rematch_stale(
    store: Store,
    roles: pd.DataFrame | None = None,
    matcher: Matcher | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> int:
    """Match again, with the store's registry, the articles whose mentions were matched under
    another (stored by an ingest while a registry edit was under way); returns how many.

    Each write records the digest its articles were matched under (Store.match_batches), and
    an edit moves only the batches it saw, so these are found whichever process wrote last.
    `matcher` is used if it is the store's registry's. Nothing is done when the store's
    registry with `roles` does not give the store's digest: sync_registry matches every
    article then.
    """
    done = 0
    for _ in range(STALE_ROUNDS):
        digest = store.get_meta("registry_digest")
        stale = store.stale_batches(digest)
        if not stale or digest is None:
            break
        if matcher is None or registry_digest(matcher.registry, matcher.roles) != digest:
            try:
                registry = validate_registry(store.read("actors"))
            except RegistryError:
                break
            if registry_digest(registry, roles) != digest:
                break
            matcher = Matcher(registry, roles)
        ids = store.batch_articles(stale)
        mentions, sizes, read = [], deque(), 0
        pages = _with_starts(store, store.article_pages(REMATCH_PAGE, ids), sizes)
        for rows in rematch_pages(pages, matcher, processes(workers, len(ids))):
            mentions += rows
            read += sizes.popleft()
            if progress:
                progress(read, len(ids))
        store.rematched(mentions, ids, digest, stale)
        done += len(ids)
    return done


def _with_starts(store: Store, pages: Iterable[list[tuple]], sizes: deque) -> Iterator[list[tuple]]:
    """Pages of (article_id, text, published) with each article's sentence starts added;
    each page's size goes to `sizes`."""
    for page in pages:
        starts = store.sentence_starts([row[0] for row in page]) if page else {}
        sizes.append(len(page))
        yield [(aid, text, published, starts.get(aid, [])) for aid, text, published in page]


def rematch_all(
    store: Store,
    registry: pd.DataFrame,
    roles: pd.DataFrame | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> None:
    """Match every stored article again with the registry in force (what repairs a store whose
    mentions an older ActorScope left out of step with its registry)."""
    sync(store, registry, None, roles, progress, workers, full=True)


@dataclass(frozen=True)
class _Rematched:
    full: bool  # every article was matched again: the stored registry could not be trusted
    articles: int  # articles matched again
    dropped: int = 0  # mentions deleted where only dropped names changed (not matched again)


def _rematch_store(
    store: Store,
    registry: pd.DataFrame,
    matcher: Matcher,
    roles: pd.DataFrame | None,
    digest: str,
    progress: Progress | None,
    workers: int | None = None,
    full: bool = False,
    expect: object = UNCHECKED,
    meta: dict[str, str] | None = None,
) -> _Rematched:
    """Match again the articles whose mentions can differ under `matcher` (every one when
    `full`), then swap in their mentions, the registry and its digest in one transaction.

    An article is matched again when a name whose hits may differ (Matcher.changes_since)
    could occur in its text, or when it mentions an actor whose name or country changed. Where
    a dropped name was all that matched of those, its mentions are deleted instead, when that
    is all that changes (Matcher.hits_to_drop).

    The batches of articles stored so far are taken first, before any article is read: those
    matched under the stored registry move to the new one. Articles that another process
    stores meanwhile are in batches not taken, and keep the digest they were matched under.
    `expect` and `meta`: as Store.replace_mention_rows'.
    """
    batches = store.match_batches()
    old = None if full else _stored_matcher(store, roles)
    if old is not None:
        was = registry_digest(old.registry, roles)
        batches = {i: d for i, d in batches.items() if d == was}
    wanted, drop, dropping = None, None, set()  # wanted None: every article
    if old is None:
        total, pages = store.count("articles"), store.article_pages(REMATCH_PAGE)
    else:
        change = matcher.changes_since(old)
        stored = change.actors & old.names.keys()  # the others have no mentions yet
        finder, mentioning = change.finder(), store.articles_mentioning(stored)
        drop = change.drop
        if drop is not None:  # the articles with a hit of a dropped name
            surfaces = store.mention_surfaces(drop.losing)
            dropping = {aid for aid, surface, how in surfaces if drop.hit(surface, how)}
        wanted = _wanted(finder, mentioning)
        if finder is None:  # only those actors' articles, and those of the dropped names
            ids = mentioning | dropping
            total, pages = len(ids), store.article_pages(REMATCH_PAGE, ids)
        else:
            total, pages = store.count("articles"), store.article_pages(REMATCH_PAGE)
    handed: deque[tuple[int, list[str]]] = deque()  # (articles read, ids matched) per page
    gone: list[tuple[str, int, int]] = []  # the keys of mentions deleted, not matched again

    def chosen(pages: Iterable[list[tuple]]) -> Iterator[list[tuple]]:
        for page in pages:
            rows = page if wanted is None else [row for row in page if wanted(row)]
            if dropping:
                taken = {row[0] for row in rows}
                rest = [row for row in page if row[0] not in taken and row[0] in dropping]
                rows += _drop_hits(store, matcher, rest, drop, gone)
            ids = [row[0] for row in rows]
            starts = store.sentence_starts(ids) if ids else {}
            handed.append((len(page), ids))
            yield [(aid, text, published, starts.get(aid, [])) for aid, text, published in rows]

    mentions, matched, done = [], [], 0
    for rows in rematch_pages(chosen(pages), matcher, processes(workers, total)):
        read, ids = handed.popleft()
        mentions += rows
        matched += ids
        done += read
        if progress:
            progress(done, max(total, done))
    store.replace_mention_rows(
        mentions, registry, digest, article_ids=matched, dropped=gone,
        batches=batches.items(), expect=expect, meta=meta,
    )  # fmt: skip
    return _Rematched(full=old is None, articles=len(matched), dropped=len(gone))


def _drop_hits(
    store: Store,
    matcher: Matcher,
    rows: list[tuple],
    drop: Drop,
    gone: list[tuple[str, int, int]],
) -> list[tuple]:
    """Of these articles (article_id, text, published), in which only dropped names changed,
    the keys of the mentions to delete go to `gone`; returned: those to match again instead."""
    hits = store.mention_hits([row[0] for row in rows], drop.watched)
    again = []
    for row in rows:
        aid, text, published = row
        hits_gone = matcher.hits_to_drop(text, published, hits.get(aid, []), drop)
        if hits_gone is None:
            again.append(row)
        else:
            gone += [(aid, sent_idx, start) for start, _, _, _, sent_idx in hits_gone]
    return again


def _stored_matcher(store: Store, roles: pd.DataFrame | None) -> Matcher | None:
    """The matcher the stored mentions were made with: the store's registry, with the roles,
    when its digest is the stored one. None when that cannot be told (no registry or no
    digest stored, or other roles: the roles of the stored mentions are unknown)."""
    stored = store.read("actors")
    if stored.empty:
        return None
    try:
        old = validate_registry(stored)
    except RegistryError:
        return None
    if registry_digest(old, roles) != store.get_meta("registry_digest"):
        return None
    return Matcher(old, roles)


def _wanted(finder: Callable[[str], bool] | None, mentioning: set[str]) -> Callable[[tuple], bool]:
    """Whether an article (article_id, text, published) is to be matched again."""
    if finder is None:
        return lambda row: row[0] in mentioning
    return lambda row: row[0] in mentioning or finder(row[1])


def save_registry(
    store: Store,
    registry: pd.DataFrame,
    roles: pd.DataFrame | None = None,
    progress: Progress | None = None,
) -> bool:
    """Make `registry` the store's own (the source of truth from now on, over the file) and
    re-run matching over the stored articles without re-scoring; RegistryError when it is not
    valid. Returns whether the mentions were rebuilt (the store's revision then moves on)."""
    registry = validate_registry(registry)
    changed = sync(store, registry, None, roles, progress, None, edit=True)[1]
    if store.get_meta(REGISTRY_SOURCE) != "store":  # unchanged, so not written above
        store.set_meta(REGISTRY_SOURCE, "store")
    return changed
