"""The store's writes: new articles, swapped mentions and registry, and the match batches that
say which registry each article was matched under. Every write is one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from analysis import schema
from analysis.store.sql import _chunks, _insert_all, _insert_ignore, _records
from analysis.store.tables import (
    OLD_BATCH,
    _bump,
    _get,
    _set,
    actors_table,
    articles_table,
    match_batches_table,
    mentions_table,
    sentences_table,
    signatures_table,
)


class RegistryMoved(Exception):
    """Another process changed the store's registry since this one read it (nothing written)."""


UNCHECKED = object()  # replace_mention_rows' `expect`: whatever registry the store holds


@dataclass(frozen=True)
class Added:
    articles: int
    present: int
    sentences: int
    mentions: int


class Writes:
    """What Store writes (its `engine` is Store's own)."""

    engine: sa.Engine

    def set_meta(self, key: str, value: str, bump: bool = False) -> None:
        """Set one meta value; the revision moves only with `bump` (a value the pages show)."""
        with self.engine.begin() as conn:
            _set(conn, key, value)
            if bump:
                _bump(conn)

    def add(self, articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> Added:
        """Store new articles with their sentences and mentions, all or nothing.

        Articles already stored are skipped, with their sentences and mentions, even when
        another process stores them at the same moment.
        """
        return self.add_rows(
            articles,
            _records(sentences, schema.SENTENCES),
            _records(mentions, schema.MENTIONS),
        )

    def add_rows(
        self,
        articles: pd.DataFrame,
        sentence_rows: list[tuple],
        mention_rows: list[tuple],
        digest: str | None = None,
        signatures: Iterable[tuple[str, bytes]] = (),
    ) -> Added:
        """add() with the sentences and mentions as rows of plain values in the schema's
        column order (as analysis.pipeline makes them). `digest`: that of the registry the
        mentions were matched with (default: the store's, as it is when this commits);
        `signatures`: (article_id, MinHash) of the articles (analysis/copies.py)."""
        with self.engine.begin() as conn:
            # First a write: SQLite's lock is then taken, and the digest read is the latest.
            batch_id = _new_batch(conn, digest)
            rows = [
                {**dict(zip(schema.ARTICLES, r, strict=True)), "match_batch": batch_id}
                for r in _records(articles, schema.ARTICLES)
            ]
            stmt = _insert_ignore(conn, articles_table).returning(articles_table.c.article_id)
            inserted: set[str] = set()
            for batch in _chunks(rows):
                # RETURNING names only the rows this transaction wrote, whatever others do.
                inserted.update(conn.execute(stmt, batch).scalars())
            new_sentences = [r for r in sentence_rows if r[0] in inserted]
            new_mentions = [r for r in mention_rows if r[0] in inserted]
            _insert_all(conn, sentences_table, new_sentences)
            _insert_all(conn, mentions_table, new_mentions)
            signed = [r for r in signatures if r[0] in inserted]
            _insert_all(conn, signatures_table, signed)
            if inserted:
                _bump(conn)
            else:
                _delete_batches(conn, [batch_id])
        return Added(
            len(inserted), len(rows) - len(inserted), len(new_sentences), len(new_mentions)
        )

    def replace_mentions(
        self,
        mentions: pd.DataFrame,
        registry: pd.DataFrame,
        digest: str,
        article_ids: Iterable[str] | None = None,
    ) -> None:
        """Swap in the mentions and registry of a new registry, in one transaction.

        `article_ids` are the articles the new mentions cover (None: all): articles another
        process stored meanwhile keep theirs.
        """
        rows = _records(mentions, schema.MENTIONS)
        self.replace_mention_rows(rows, registry, digest, article_ids)

    def replace_mention_rows(
        self,
        mention_rows: list[tuple],
        registry: pd.DataFrame,
        digest: str,
        article_ids: Iterable[str] | None = None,
        dropped: Iterable[tuple[str, int, int]] = (),
        batches: Iterable[tuple[int, str | None]] | None = None,
        expect: object = UNCHECKED,
        meta: dict[str, str] | None = None,
    ) -> None:
        """replace_mentions() with the mentions as rows of plain values in the schema's column
        order (as analysis.pipeline makes them); the mentions keyed by `dropped` (article_id,
        sent_idx, start) are deleted too, in other articles than those of `article_ids`.

        `batches` (batch_id, digest) are those whose articles, but for those of `article_ids`,
        hold mentions that `digest` would give too: each moves to `digest` if its digest is
        still the one given; the articles of `article_ids` not in a batch so moved join a new
        batch of `digest` (None: every batch moves, the caller vouching for every article).

        With `expect`, RegistryMoved and nothing written unless the store's registry digest is
        still `expect` (a sync never writes back a registry older than the one stored).
        `meta` values are set in the same transaction.
        """
        with self.engine.begin() as conn:
            _lock_mentions(conn)
            if expect is not UNCHECKED and _get(conn, "registry_digest") != expect:
                raise RegistryMoved
            if article_ids is None:
                conn.execute(mentions_table.delete())
            else:
                ids = list(article_ids)
                for chunk in _chunks(ids, 500):
                    conn.execute(
                        mentions_table.delete().where(mentions_table.c.article_id.in_(chunk))
                    )
            m = mentions_table
            keys = [{"a": a, "s": s, "p": p} for a, s, p in dropped]
            if keys:  # a statement a row, by the primary key: a list of keys in IN is far slower
                key = [m.c.article_id == sa.bindparam("a"), m.c.sent_idx == sa.bindparam("s")]
                conn.execute(m.delete().where(*key, m.c.start == sa.bindparam("p")), keys)
            conn.execute(actors_table.delete())
            _insert_all(conn, mentions_table, mention_rows)
            _insert_all(conn, actors_table, _records(registry, schema.ACTORS))
            _set(conn, "registry_digest", digest)
            for key, value in (meta or {}).items():
                _set(conn, key, value)
            if batches is None:
                conn.execute(match_batches_table.update().values(registry_digest=digest))
            else:
                _move_batches(conn, list(batches), digest, list(article_ids or ()))
            _bump(conn)

    def rematched(
        self,
        mention_rows: list[tuple],
        article_ids: Iterable[str],
        digest: str,
        stale: Iterable[int],
    ) -> None:
        """Swap in the mentions of these articles, matched again under `digest`, in a batch of
        their own; the `stale` batches they were in are deleted (every article of theirs is
        among these: an article joins a batch only in the write that makes the batch)."""
        ids = list(article_ids)
        with self.engine.begin() as conn:
            _lock_mentions(conn)
            batch = _new_batch(conn, digest)
            a, m = articles_table, mentions_table
            for chunk in _chunks(ids, 500):
                conn.execute(m.delete().where(m.c.article_id.in_(chunk)))
                conn.execute(a.update().where(a.c.article_id.in_(chunk)).values(match_batch=batch))
            _insert_all(conn, mentions_table, mention_rows)
            _delete_batches(conn, stale, empty_only=True)
            _bump(conn)


def _lock_mentions(conn: sa.Connection) -> None:
    """The first statement of a write that replaces mentions: such writes wait for each other,
    and ingests for them, and what they read next is the latest. PostgreSQL: two swaps at once
    would each insert the rows the other deletes; the second waits, then its DELETE sees the
    first's rows. SQLite: its one writer's lock, taken now rather than at the first write."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE mentions, actors IN SHARE ROW EXCLUSIVE MODE"))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _new_batch(conn: sa.Connection, digest: str | None) -> int:
    """A new batch matched under `digest` (None: the store's digest now). Random ids: no
    sequence to keep in step when a store is copied, and none that two writers could share."""
    batch = secrets.randbits(62) + 1
    conn.execute(match_batches_table.insert().values(batch_id=batch, registry_digest=digest))
    if digest is None:
        now = _get(conn, "registry_digest")
        b = match_batches_table
        conn.execute(b.update().where(b.c.batch_id == batch).values(registry_digest=now))
    return batch


def _move_batches(
    conn: sa.Connection, batches: list[tuple[int, str | None]], digest: str, article_ids: list[str]
) -> None:
    """replace_mention_rows' `batches` to `digest`, and the articles matched again that are in
    none of those to a new batch of `digest`."""
    b, a = match_batches_table, articles_table
    if batches:
        was = b.c.registry_digest.is_not_distinct_from(sa.bindparam("was"))
        update = b.update().where(b.c.batch_id == sa.bindparam("id"), was)
        conn.execute(
            update.values(registry_digest=digest), [{"id": i, "was": d} for i, d in batches]
        )
    query = sa.select(b.c.batch_id).where(b.c.registry_digest == digest)
    moved = {i for i, _ in batches} & set(conn.execute(query).scalars())
    if not article_ids:
        return
    batch, joined = _new_batch(conn, digest), 0
    outside = a.c.match_batch.not_in(moved) if moved else a.c.match_batch.is_not(None)
    if OLD_BATCH not in moved:
        outside = outside | a.c.match_batch.is_(None)
    for chunk in _chunks(article_ids, 500):
        update = a.update().where(a.c.article_id.in_(chunk), outside)
        joined += conn.execute(update.values(match_batch=batch)).rowcount
    if not joined:
        _delete_batches(conn, [batch])


def _delete_batches(conn: sa.Connection, batches: Iterable[int], empty_only: bool = False) -> None:
    """Delete these batches (with `empty_only`, those that no article is in)."""
    b, a = match_batches_table, articles_table
    batches = sorted(batches)
    if empty_only and OLD_BATCH in batches:  # an article of batch 0 has no batch recorded
        batches.remove(OLD_BATCH)
        empty = ~sa.exists().where(a.c.match_batch.is_(None))
        conn.execute(b.delete().where(b.c.batch_id == OLD_BATCH, empty))
    for chunk in _chunks(batches, 500):
        where = b.c.batch_id.in_(chunk)
        if empty_only:
            where = where & ~sa.exists().where(a.c.match_batch == b.c.batch_id)
        conn.execute(b.delete().where(where))
