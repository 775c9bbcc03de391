"""Whole columns out of a database as Arrow tables, through ADBC: no Python object per value.

A SQLite store is read by child processes (`python -m analysis.arrow_reader URI QUERY...`,
one Arrow IPC stream per query on stdout). ADBC's SQLite driver carries its own copy of
SQLite, and two copies of SQLite in one process can corrupt a database: closing a file in one
drops the other's POSIX locks (https://www.sqlite.org/howtocorrupt.html, 2.2.1). This module
imports nothing else of ActorScope, so a child never opens the store through Python's sqlite3.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import adbc_driver_manager
import pyarrow as pa

SQLITE_BATCH_ROWS = "65536"  # ADBC's default of 1,024 rows a batch takes twice as long


class ReadError(RuntimeError):
    """ADBC could not read; the caller reads through its driver instead."""


def fetch(uri: str, queries: list[str]) -> list[pa.Table]:
    """The result of each query, in this process: for servers (PostgreSQL), never SQLite."""
    if uri.startswith("file:"):
        raise ReadError("SQLite is read in a child process: see fetch_sqlite")
    import adbc_driver_postgresql.dbapi

    try:
        with adbc_driver_postgresql.dbapi.connect(uri) as conn, conn.cursor() as cursor:
            tables = []
            for query in queries:
                cursor.execute(query)
                tables.append(cursor.fetch_arrow_table())
            return tables
    except adbc_driver_manager.Error as exc:
        raise ReadError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


def fetch_sqlite(uri: str, queries: list[str]) -> list[pa.Table]:
    """The result of each query on a SQLite file URI, read by child processes: the queries
    dealt out in turn to a child per core (no more children than queries), each child's output
    read by a thread of its own, so that none waits on a full pipe. At a million mention rows,
    two children read the dashboard's three queries in two thirds of one child's time."""
    children = max(min(len(queries), os.cpu_count() or 1), 1)
    dealt = [queries[i::children] for i in range(children)]
    with ThreadPoolExecutor(children) as threads:
        results = list(threads.map(partial(_fetch_child, uri), dealt))
    # Back in the queries' order: the i-th query went to child i % children.
    return [results[i % children][i // children] for i in range(len(queries))]


def _fetch_child(uri: str, queries: list[str]) -> list[pa.Table]:
    """The queries' results from one child process. The streams are read from the pipe as the
    child writes them: each table owns its buffers (slices of one captured output would keep
    all of it alive while any column lives)."""
    command = [sys.executable, "-m", "analysis.arrow_reader", uri, *queries]
    with tempfile.TemporaryFile() as errors:  # a file: a full stderr pipe cannot block the child
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors)
        try:
            tables = [pa.ipc.open_stream(child.stdout).read_all() for _ in queries]
        except (pa.ArrowException, OSError):
            tables = None
        finally:
            child.stdout.close()
            code = child.wait()
        if code != 0 or tables is None:
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines()
            raise ReadError(lines[-1] if lines else f"the reader exited with {code}")
    return tables


def _serve() -> None:
    """The child's side of fetch_sqlite. ADBC's low-level API, not its DB-API module: that one
    imports pandas and pyarrow.dataset, which would double the child's start."""
    import adbc_driver_sqlite

    uri, *queries = sys.argv[1:]
    out = sys.stdout.buffer
    with (
        adbc_driver_sqlite.connect(uri) as database,
        adbc_driver_manager.AdbcConnection(database) as conn,
    ):
        for query in queries:
            with adbc_driver_manager.AdbcStatement(conn) as statement:
                # Larger batches: faster, and more rows to tell each column's type from.
                statement.set_options(**{"adbc.sqlite.query.batch_rows": SQLITE_BATCH_ROWS})
                statement.set_sql_query(query)
                stream, _ = statement.execute_query()
                # Each batch goes out as it comes: the whole result is never held here.
                with (
                    pa.RecordBatchReader.from_stream(stream) as batches,
                    pa.ipc.new_stream(out, batches.schema) as writer,
                ):
                    for batch in batches:
                        writer.write_batch(batch)
    out.flush()


if __name__ == "__main__":
    _serve()
