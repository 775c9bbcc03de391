"""The store's SQL plumbing: engines and drivers, bulk inserts, and rows to and from frames."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from analysis import schema

BATCH_ROWS = 20_000  # rows per executemany call: bounded memory on big ingests


class StoreError(RuntimeError):
    """A store that cannot be opened or used; the message says why in one line."""


def _driver_url(url: str) -> str:
    """PostgreSQL URLs as hosts hand them out (postgres://, postgresql://) through psycopg 3."""
    scheme, sep, rest = url.partition("://")
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg{sep}{rest}"
    return url


def _sqlite_wal(dbapi_connection, _record) -> None:
    """Write-ahead logging: readers (the dashboard) never wait for a writer (an ingest), and a
    writer never deadlocks against a reader that wants to write too."""
    cursor = dbapi_connection.cursor()
    # Switching a new file to WAL needs a moment alone with it, and SQLite answers "locked"
    # at once, without waiting, when another process opens it at the same time: try again.
    for attempt in range(100):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if attempt == 99:
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; fsync at checkpoints only
    # 64 MB of page cache instead of 2 MB: index inserts into a large store stay in memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite") and sa.engine.make_url(url).database in (None, "", ":memory:"):
        # In memory (a session's private workspace): each connection would be a new, empty
        # database, so every thread shares the one connection.
        return {"poolclass": sa.pool.StaticPool, "connect_args": {"check_same_thread": False}}
    if url.startswith("sqlite"):
        # Wait for a concurrent writer instead of failing at once.
        return {"connect_args": {"timeout": 60}}
    return {"pool_pre_ping": True}


def _insert_ignore(conn: sa.Connection, table: sa.Table):
    dialect = conn.dialect.name
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    raise StoreError(f"ActorScope supports SQLite and PostgreSQL, not {dialect}")


def _insert_all(conn: sa.Connection, table: sa.Table, rows: list[tuple]) -> None:
    """Bulk insert straight through the driver (COPY on psycopg, executemany elsewhere):
    SQLAlchemy's per-row parameter handling would cost as much as scoring the sentences."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in table.columns)
    if conn.dialect.driver == "psycopg":
        # PostgreSQL's COPY: several times executemany's rate, in the same transaction.
        sql = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        dbapi = conn.dialect.loaded_dbapi
        try:
            with conn.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        except dbapi.Error as exc:  # as SQLAlchemy's own (IntegrityError, ...), like executemany
            error = sa.exc.DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=conn.dialect)
            raise error from exc
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * len(table.columns))
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
    for batch in _chunks(rows):
        conn.exec_driver_sql(sql, batch)


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _chunks(rows: list, size: int = BATCH_ROWS) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _rows_frame(rows: list[tuple], names: list[str]) -> pd.DataFrame:
    """Rows of plain values as a frame with these column names."""
    values = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pd.DataFrame(dict(zip(names, values, strict=True)), columns=names)


def _concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = list(frames)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _records(df: pd.DataFrame, columns: dict[str, str]) -> list[tuple]:
    """Rows as tuples of plain Python values (None for missing), in the schema's column order.
    Column-wise, as numpy casts: value by value through pandas costs several times as much."""
    out = schema.conform(df, columns)
    values = []
    for col in columns:
        series = out[col]
        if col == "published":  # NaT casts to None
            values.append(series.to_numpy().astype("datetime64[D]").astype(object).tolist())
        elif col == "ingested_at":
            values.append([None if d is pd.NaT else d for d in series.dt.to_pydatetime()])
        elif series.dtype == "string":
            cells = series.to_numpy(dtype=object, na_value=None).tolist()
            if any("\x00" in cell for cell in cells if cell is not None):
                # PostgreSQL text cannot hold NUL; one code point for another keeps every offset.
                cells = [None if c is None else c.replace("\x00", "\ufffd") for c in cells]
            values.append(cells)
        elif series.dtype == "Float64":  # a nullable float: <NA> casts to None
            values.append(series.to_numpy(dtype=object, na_value=None).tolist())
        else:
            values.append(series.tolist())
    return list(zip(*values, strict=True))


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
