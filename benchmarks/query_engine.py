"""The query layer on one store, pandas against DuckDB (analysis/query/duck.py): the first
load (the corpus, then the daily sums the first Trends view builds) and a filter change on
Trends (query.trends of a new selection). Each engine in fresh processes; prints JSON.

`python -m benchmarks.query_engine DB` (DuckDB must be importable for its half).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

LOADS = 3  # first loads, each in a fresh process; the median is reported
CHANGES = 7  # filter changes on Trends; the median is reported


def run(db: str, engine: str) -> dict:
    """One fresh process: the first load, then the filter changes, with this engine."""
    os.environ["ACTORSCOPE_DUCKDB"] = "on" if engine == "duckdb" else "off"
    from analysis import query
    from analysis.query import duck
    from analysis.query.views import all_article_days, all_daily
    from analysis.store import Store
    from analysis.view import View

    if engine == "duckdb" and not duck.enabled():
        raise RuntimeError("duckdb is not installed: pip install .[duckdb]")
    store = Store(db)
    started = time.perf_counter()
    c = query.load_corpus(store, store.revision())
    loaded = time.perf_counter()
    all_daily(c, True)  # what the first Trends view builds once per revision
    all_article_days(c)
    summed = time.perf_counter()
    actors = c.top_actors(12)
    changes = []
    for i in range(CHANGES):
        # A different selection each time, as benchmarks/dashboard_speed.py makes them.
        v = View(actors=tuple(actors[i % 4 : i % 4 + 3 + i % 3]))
        t = time.perf_counter()
        query.trends(c, v, min_count=2)
        changes.append(time.perf_counter() - t)
    return {
        "mention_rows": len(c.facts),
        "load_s": loaded - started,
        "daily_s": summed - loaded,
        "trends_change_ms": statistics.median(changes) * 1000,
    }


def measure(db: str) -> dict:
    spawn = multiprocessing.get_context("spawn")
    runs: dict[str, list[dict]] = {"pandas": [], "duckdb": []}
    for _ in range(LOADS):  # the engines in turn: a change in the machine's load hits both
        for engine, done in runs.items():
            with ProcessPoolExecutor(1, mp_context=spawn) as pool:
                done.append(pool.submit(run, db, engine).result())
    out: dict = {"fact_rows": runs["pandas"][0]["mention_rows"]}
    for engine, done in runs.items():
        out[engine] = {k: statistics.median(r[k] for r in done) for k in done[0]}
        del out[engine]["mention_rows"]
    return out


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
