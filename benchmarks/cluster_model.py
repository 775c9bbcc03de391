"""A model of cluster ingest time for N workers, from costs measured on this machine.

    python -m benchmarks.cluster_model [--articles N] [--workers 1,2,4,8,16,32] [--check]

An ingest on a cluster is a pipeline: the client loads the files, hands out jobs of
CHUNK_ARTICLES articles, and stores each job's rows while the workers compute the next ones.
So, for J jobs on N workers (one process each):

    T(N) = start + load + ship + warm + J * max((c + o_w) / N, w + o_c) + (c + o_w)

with ship the client's pickling of the matcher (sent once to every worker), warm what each
worker then spends once, in parallel (unpickling it, compiling its patterns and filling its
caches on the first job), and, per job: c the analysis (split, score, match, find) in one
process; o_w what a worker spends besides (unpickling the job, pickling its rows); o_c what
the client and the scheduler spend serially (pickling the job, unpickling the rows, the
scheduler's share of a task); w the store's write of the rows. The last term is the pipeline
filling. The workers are the bottleneck while (c + o_w) / N > w + o_c: beyond
N* = (c + o_w) / (w + o_c) more workers add nothing, unless the store's writes are spread too.
`--check` runs the same jobs on a real local cluster of 1 and 2 workers (no store) and prints
the measured time beside the model's: on a host shared with other work the measured one is
longer (the model counts one process per core).
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from analysis import pipeline
from analysis.ingest import BATCH_ARTICLES
from analysis.registry.matcher import Matcher
from analysis.registry.table import load_registry
from analysis.store import Store
from benchmarks.corpus import generate

ARTICLES = 4_000
WORKERS = (1, 2, 4, 8, 16, 32)


@dataclass(frozen=True)
class Costs:
    """Seconds, measured; per job unless said."""

    jobs: int
    articles: int
    load: float  # the whole corpus, on the client
    start: float  # bringing up a local cluster (0 for a running one)
    ship: float  # pickling the matcher once, on the client
    warm: float  # once per worker, side by side: the matcher unpickled and warmed up
    compute: float  # c
    worker_io: float  # o_w
    client_io: float  # o_c
    write: float  # w

    def time(self, workers: int) -> float:
        per_job = max((self.compute + self.worker_io) / workers, self.write + self.client_io)
        fill = self.compute + self.worker_io
        return self.start + self.load + self.ship + self.warm + self.jobs * per_job + fill

    def saturation(self) -> float:
        """N*: the workers beyond which the client's serial share bounds the ingest."""
        return (self.compute + self.worker_io) / max(self.write + self.client_io, 1e-9)


def measure(n_articles: int, start: float = 0.0) -> tuple[Costs, list[list[tuple]], Matcher]:
    """The costs on a synthetic corpus of n articles (one process, this machine)."""
    t = time.perf_counter()
    articles = generate(n_articles)
    articles["article_id"] = [f"a{i}" for i in range(len(articles))]
    load = time.perf_counter() - t
    matcher = Matcher(load_registry())
    chunks = pipeline.chunked(articles)
    t = time.perf_counter()
    shipped = pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)
    ship = time.perf_counter() - t
    t = time.perf_counter()
    matcher = pickle.loads(shipped)
    pipeline.analyse_chunk(chunks[0], matcher)  # patterns compiled, caches warm: as a worker
    first = time.perf_counter() - t
    compute = worker_io = client_io = 0.0
    results = []
    for chunk in chunks:
        t0 = time.perf_counter()
        sent = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        t1 = time.perf_counter()
        job = pickle.loads(sent)
        t2 = time.perf_counter()
        rows = pipeline.analyse_chunk(job, matcher)
        t3 = time.perf_counter()
        back = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        t4 = time.perf_counter()
        results.append(pickle.loads(back))
        t5 = time.perf_counter()
        client_io += (t1 - t0) + (t5 - t4)
        worker_io += (t2 - t1) + (t4 - t3)
        compute += t3 - t2
    write = _write_s(articles, chunks, results)
    jobs = len(chunks)
    warm = max(first - compute / jobs, 0.0)
    return (
        Costs(
            jobs=jobs,
            articles=len(articles),
            load=load,
            start=start,
            ship=ship,
            warm=warm,
            compute=compute / jobs,
            worker_io=worker_io / jobs,
            client_io=client_io / jobs + _hop_s(),
            write=write / jobs,
        ),
        chunks,
        matcher,
    )


def _write_s(articles, chunks, results) -> float:
    """The store's writes of every job's rows, in ingest's batches, into a fresh SQLite file."""
    with tempfile.TemporaryDirectory(prefix="actorscope-model-") as folder:
        store = Store(str(Path(folder) / "model.db"))
        t = time.perf_counter()
        for batch in pipeline.batched(articles, chunks, iter(results), BATCH_ARTICLES):
            store.add_rows(batch.articles, batch.sentence_rows, batch.mention_rows)
        return time.perf_counter() - t


def _hop_s(tasks: int = 500) -> float:
    """The scheduler's time for one small task when many are in flight (as ingest keeps
    them), on a local cluster of one worker: what each job adds on top of its bytes, serially
    (the scheduler is one process). 0 without Dask."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        return 0.0
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster, Client(cluster, set_as_default=False) as client:  # fmt: skip
        client.submit(abs, 0, pure=False).result()
        t = time.perf_counter()
        client.gather([client.submit(abs, -i, pure=False) for i in range(tasks)])
        return (time.perf_counter() - t) / tasks


def measured_on_cluster(
    chunks: list[list[tuple]], matcher: Matcher, workers: int
) -> tuple[float, float]:
    """(the jobs' time on a real local cluster, its start): rows consumed as ingest would,
    none stored."""
    from analysis import cluster

    t = time.perf_counter()
    with cluster.connect(f"local:{workers}") as on_cluster:
        ready = time.perf_counter()
        for _ in on_cluster._results(chunks, matcher):
            pass
        done = time.perf_counter()
    return done - ready, ready - t


def table(costs: Costs, workers: tuple[int, ...] = WORKERS) -> list[str]:
    one = costs.time(1)
    lines = ["| workers | model s | speed-up |", "| ---: | ---: | ---: |"]
    for n in workers:
        lines.append(f"| {n} | {costs.time(n):.2f} | {one / costs.time(n):.2f}x |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cluster_model", description=__doc__)
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--workers", default=",".join(map(str, WORKERS)))
    parser.add_argument("--check", action="store_true", help="measure local:2 beside the model")
    args = parser.parse_args(argv)
    costs, chunks, matcher = measure(args.articles)
    print(
        f"{costs.articles:,} articles, {costs.jobs} jobs: per job c {costs.compute * 1e3:.1f} ms, "
        f"o_w {costs.worker_io * 1e3:.2f} ms, o_c {costs.client_io * 1e3:.2f} ms, "
        f"w {costs.write * 1e3:.1f} ms; load {costs.load:.2f} s, ship {costs.ship:.2f} s, "
        f"warm {costs.warm:.2f} s; N* = {costs.saturation():.1f}"
    )
    print("\n".join(table(costs, tuple(int(n) for n in args.workers.split(",")))))
    if args.check:
        for n in (1, 2):
            took, start = measured_on_cluster(chunks, matcher, n)
            work = costs.compute + costs.worker_io
            model = costs.ship + costs.warm + costs.jobs * max(work / n, costs.client_io) + work
            print(
                f"local:{n}, analysis only (no load, no store): measured {took:.2f} s, "
                f"model {model:.2f} s (start {start:.1f} s, not in either)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
