"""A whole store copied to another (SQLite to PostgreSQL or back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlalchemy as sa

from analysis.store.sql import BATCH_ROWS, StoreError, _driver_url, _insert_all
from analysis.store.tables import (
    TABLES,
    _bump,
    _set,
    match_batches_table,
    meta_table,
    signatures_table,
)

if TYPE_CHECKING:
    from analysis.store.base import Store


def copy_store(
    src: Store,
    dst: Store,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Copy every table of `src` into `dst` (SQLite to PostgreSQL or back), in one transaction.

    Rows stream table by table in batches, so a store larger than memory copies. A target that
    holds anything is refused unless `replace`, which empties it first. Returns rows per table;
    `progress(done, total)` is called after each batch.
    """
    if _driver_url(src.url) == _driver_url(dst.url):
        raise StoreError("cannot copy a store onto itself")
    total = sum(src.counts().values())
    copied = dict.fromkeys(TABLES, 0)
    with dst.engine.begin() as out:
        held = {
            name: out.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for name, (t, _) in TABLES.items()
        }
        if any(held.values()) and not replace:
            what = ", ".join(f"{n} {name}" for name, n in held.items() if n)
            raise StoreError(f"the target store {dst.safe_url} is not empty ({what}); "
                             "copy with --replace to overwrite it")  # fmt: skip
        tables = {name: table for name, (table, _) in TABLES.items()}
        tables["match_batches"] = match_batches_table  # copied, not counted: bookkeeping
        tables["signatures"] = signatures_table
        for table in tables.values():
            out.execute(table.delete())
        with src.engine.connect() as source:
            for name, table in tables.items():
                result = source.execution_options(yield_per=BATCH_ROWS).execute(sa.select(table))
                for batch in result.partitions():
                    _insert_all(out, table, [_portable(table, row) for row in batch])
                    if name in copied:
                        copied[name] += len(batch)
                    if progress is not None:
                        progress(sum(copied.values()), total)
            for key, value in source.execute(sa.select(meta_table.c.key, meta_table.c.value)):
                if key not in ("schema_version", "revision"):
                    _set(out, key, value)
        _bump(out)
    return copied


def _portable(table: sa.Table, row: sa.Row) -> tuple:
    """A row read through SQLAlchemy, ready for the driver: naive UTC timestamps made aware
    (SQLite keeps none, and PostgreSQL would read a naive one in its session time zone)."""
    return tuple(
        value.replace(tzinfo=dt.UTC)
        if isinstance(value, dt.datetime) and value.tzinfo is None and column.type.timezone
        else value
        for column, value in zip(table.columns, row, strict=True)
    )
