"""Trends' daily sums by DuckDB over the facts' Parquet mirror (analysis.mirror and
analysis.query.parquet) at 1M or 10M mention rows: the first query and a filter change, and the
measuring process's peak memory. Prints JSON.

`python -m benchmarks.facts_parquet [--rows N | --ten-million] [--dir DIR]`; with
`--ingest N`, only what the mirror adds to an ingest of N synthetic articles.

The facts are synthetic (no ingest: this times the query side): articles in date order over
three years, 16 facts each on average, 400 actors of Zipf-like popularity, 8 sources; written
with analysis.mirror.write_parts a batch of 2,000 articles at a time, as an ingest in date order
writes them (one file per batch and month), queried, compacted (analysis.mirror.compact, as an
ingest ends) and queried again. Each step runs in a fresh process (spawn), so its peak RSS
(resource.getrusage) is its own, not the generator's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

FACTS_PER_ARTICLE = 16
BATCH_ARTICLES = 2_000  # analysis.ingest.BATCH_ARTICLES
ACTORS, SOURCES, DAYS = 400, 8, 3 * 365
FIRST_DAY = np.datetime64("2021-01-01")
SHOWN = 6  # analysis.view.DEFAULT_ACTORS: the actors of the first Trends view
CHANGES = 7  # filter changes timed; the median is reported


def batch_facts(first: int, count: int, articles: int, rng: np.random.Generator) -> pd.DataFrame:
    """The facts of articles first..first+count (of `articles` in all), FACT_COLUMNS."""
    article = np.repeat(np.arange(first, first + count), FACTS_PER_ARTICLE)
    sent = rng.integers(0, 24, len(article))
    actor = np.minimum(rng.zipf(1.3, len(article)) - 1, ACTORS - 1)
    key = (article.astype(np.int64) * 32 + sent) * ACTORS + actor
    keys, hits = np.unique(key, return_counts=True)  # a sentence names an actor once, `hits` times
    article, rest = np.divmod(keys, 32 * ACTORS)
    sent, actor = np.divmod(rest, ACTORS)
    day = FIRST_DAY + (article * DAYS // articles).astype("timedelta64[D]")
    source = (article * 7919) % SOURCES
    return pd.DataFrame(
        {
            "article_id": pd.Categorical.from_codes(
                article - first, [f"a{i:09d}" for i in range(first, first + count)]
            ),
            "sent_idx": sent.astype(np.int32),
            "actor_id": pd.Categorical.from_codes(actor, [f"actor-{i:03d}" for i in range(ACTORS)]),
            "hits": hits.astype(np.int32),
            "compound": np.round(np.sin((article * 24 + sent) * 12.9898) * 0.8, 4),
            "published": day.astype("datetime64[s]"),
            "source": pd.Categorical.from_codes(source, [f"Source {i}" for i in range(SOURCES)]),
        }
    )


def build(path: Path, rows: int, layout: str) -> dict:
    """A mirror of about `rows` facts at `path`; its rows, files and bytes. Layout "batch":
    one write per ingest batch (as ingest appends); "month": one per month (as a rebuild,
    `python -m analysis facts-mirror`, writes them: each month's daily sums in one file)."""
    from analysis import mirror

    articles = max(1, round(rows / (FACTS_PER_ARTICLE * 0.97)))  # 3% repeat an actor
    rng = np.random.default_rng(18)
    written, pending = 0, []
    started = time.perf_counter()
    month_of = FIRST_DAY.astype("datetime64[M]")

    def flush(revision: int) -> None:
        if pending:
            mirror.write_parts(path, pd.concat(pending, ignore_index=True), revision)
            pending.clear()

    for first in range(0, articles, BATCH_ARTICLES):
        frame = batch_facts(first, min(BATCH_ARTICLES, articles - first), articles, rng)
        written += len(frame)
        revision = first // BATCH_ARTICLES + 1
        if layout == "batch":
            mirror.write_parts(path, frame, revision)
            continue
        # Articles come in date order: a month is done when a batch starts past it.
        months = frame["published"].to_numpy().astype("datetime64[M]")
        for month in np.unique(months):
            if month != month_of:
                flush(revision)
                month_of = month
            pending.append(frame[months == month])
    flush(articles)
    mirror._write_manifest(path, 1)
    files = list(path.rglob("*.parquet"))
    return {
        "mention_rows": written,
        "articles": articles,
        "files": len(files),
        "mb": round(sum(f.stat().st_size for f in files) / 2**20, 1),
        "build_s": round(time.perf_counter() - started, 1),
    }


def query(path: str) -> dict:
    """In a fresh process: the first Trends query (the most mentioned actors, then their daily
    sums over every date), then filter changes (other actors, a date range, a source)."""
    from analysis import mirror
    from analysis.query import parquet

    cpu0, wall0 = time.process_time(), time.perf_counter()
    con = parquet._database()  # the app's: one per process, Parquet metadata kept
    top = con.execute(
        "SELECT actor_id FROM read_parquet(?, hive_partitioning = true, "
        "hive_types = {'month': VARCHAR}) GROUP BY actor_id ORDER BY sum(hits) DESC LIMIT ?",
        [mirror.glob(Path(path)), SHOWN * 2],
    ).fetchall()
    actors = [a for (a,) in top]
    first = parquet.daily(path, actors[:SHOWN])
    first_s, first_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    changes, cpu, sizes = [], [], []
    for i in range(CHANGES):
        start = dt.date(2021 + i % 3, 1 + i % 12, 1) if i % 2 else None
        end = start + dt.timedelta(days=180) if start else None
        sources = ("Source 1", "Source 3") if i % 3 == 2 else None
        c0, t0 = time.process_time(), time.perf_counter()
        frame = parquet.daily(path, actors[i % 4 : i % 4 + 3 + i % 3], start, end, sources)
        changes.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        sizes.append(len(frame))
    return {
        "first_query_s": round(first_s, 3),
        "first_query_cpu_s": round(first_cpu, 3),
        "first_rows": len(first),
        "change_ms_median": round(statistics.median(changes) * 1000, 1),
        "change_ms_max": round(max(changes) * 1000, 1),
        "change_cpu_ms_median": round(statistics.median(cpu) * 1000, 1),
        "change_rows_median": int(statistics.median(sizes)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


class _Level:
    """The store compact() asks for its revision: the one the synthetic mirror holds."""

    def revision(self) -> int:
        return 1


def compact(path: str) -> dict:
    """In a fresh process: analysis.mirror.compact of the mirror as ingest appended it."""
    from analysis import mirror

    cpu0, wall0 = time.process_time(), time.perf_counter()
    folded = mirror.compact(_Level(), Path(path))
    files = list(Path(path).rglob("*.parquet"))
    return {
        "folders": folded,
        "compact_s": round(time.perf_counter() - wall0, 2),
        "compact_cpu_s": round(time.process_time() - cpu0, 2),
        "files": len(files),
        "mb": round(sum(f.stat().st_size for f in files) / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def ingest_cost(articles: int, folder: Path) -> dict:
    """What the mirror adds to an ingest: benchmarks.corpus's synthetic articles ingested into
    a fresh store on one core, without then with ACTORSCOPE_FACTS (the mirror's writes, its
    compaction at the end), each in turn, the best of 2."""
    from analysis import mirror
    from analysis.ingest import ingest
    from analysis.load import load_paths
    from analysis.registry.table import load_registry
    from analysis.store import Store
    from benchmarks.corpus import generate, write_corpus

    corpus = load_paths(write_corpus(generate(articles), folder / "corpus"), workers=1)
    registry = load_registry()
    times: dict[str, list[float]] = {"plain_s": [], "mirrored_s": []}
    for run in range(2):
        for key, taken in times.items():
            db = folder / f"ingest-{run}-{key}.db"
            if key == "mirrored_s":
                os.environ[mirror.FACTS_ENV] = str(folder / f"facts-{run}")
            try:
                store = Store(str(db))
                started = time.perf_counter()
                ingest(store, corpus, registry, workers=1)
                taken.append(time.perf_counter() - started)
                store.close()
            finally:
                os.environ.pop(mirror.FACTS_ENV, None)
    return {"articles": articles} | {k: round(min(v), 2) for k, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.facts_parquet", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="mention rows (default 1M)")
    parser.add_argument("--ten-million", action="store_true", help="10M mention rows")
    parser.add_argument("--dir", type=Path, help="where the dataset goes (default: a temp dir)")
    parser.add_argument("--ingest", type=int, metavar="N", help="only time an ingest of N "
                        "articles without and with the mirror")  # fmt: skip
    args = parser.parse_args(argv)
    if args.ingest:
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            report = ingest_cost(args.ingest, Path(tmp))
        report["load_avg"] = [round(x, 1) for x in os.getloadavg()]
        json.dump(report, sys.stdout)
        print()
        return 0
    rows = 10_000_000 if args.ten_million else args.rows
    report: dict = {"rows_asked": rows}
    spawn = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "facts"
        report["batch"] = build(path, rows, "batch")
        # A fresh process per step: its peak RSS is its own, not the build's.
        with spawn.Pool(1) as pool:
            report["batch"] |= pool.apply(query, (str(path),))
        with spawn.Pool(1) as pool:
            report["compact"] = pool.apply(compact, (str(path),))
        with spawn.Pool(1) as pool:
            report["compacted"] = pool.apply(query, (str(path),))
    report["load_avg"] = [round(x, 1) for x in os.getloadavg()]
    report["cores"] = os.cpu_count()
    json.dump(report, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
