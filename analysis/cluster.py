"""Ingest's analysis (split, score, match) on a Dask cluster; the client loads and stores.

`--scheduler tcp://HOST:PORT` joins a running cluster (`dask scheduler`, `dask worker`);
`--scheduler local:N` starts N worker processes on this machine for the one command. The jobs
are pipeline.chunked's, computed by pipeline.analyse_chunk, gathered in their order and cut
into the same Batches as on one machine, so the client writes the same rows in the same
transactions (a kill -9 loses at most the batch in flight). Loading stays in the client: the
files are where the command runs, and the store needs the articles there anyway.

Dask is an optional extra (`pip install .[cluster]`): it is imported only when asked for.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections import deque
from collections.abc import Iterator

import pandas as pd

from analysis import pipeline
from analysis.found import found_on
from analysis.ingest import Analyse
from analysis.parallel import WorkerFailed
from analysis.pipeline import Batch, Progress
from analysis.registry.matcher import Matcher

INSTALL = "pip install .[cluster]"
LOCAL = re.compile(r"local:(\d+)")
REMOTE = re.compile(r"(tcp|tls)://[^\s/]+:\d+")
CONNECT_S = 10  # to reach the scheduler
POLL_S = 1.0  # between looks at the scheduler while a result is awaited
NO_WORKERS_S = 60.0  # a cluster without a worker for this long fails the ingest
AHEAD_PER_THREAD = 4  # jobs handed out per worker thread: none idles while the client stores
SPEC_HELP = "tcp://HOST:PORT (a running `dask scheduler`) or local:N (N worker processes here)"


class ClusterError(RuntimeError):
    """No cluster to work on (no Dask, a bad --scheduler, a scheduler out of reach): one line."""


def check_spec(spec: str) -> str:
    """The --scheduler value, or a one-line ClusterError saying what it takes."""
    local = LOCAL.fullmatch(spec)
    if (local and int(local.group(1)) >= 1) or REMOTE.fullmatch(spec):
        return spec
    raise ClusterError(f"--scheduler {spec!r}: expected {SPEC_HELP}")


@contextlib.contextmanager
def connect(spec: str) -> Iterator[Analyse]:
    """An analyse_batches for ingest(analyse=...) running on the cluster `spec` names; the
    client (and a local cluster) are closed on the way out, whatever happened."""
    check_spec(spec)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(f"--scheduler needs Dask, which is not installed: {INSTALL}") from None
    with contextlib.ExitStack() as stack:
        local = LOCAL.fullmatch(spec)
        if local:
            # Loopback only. The scheduler's HTTP server (its /metrics) starts even without a
            # dashboard, on 8787 unless told: a free port, so two ingests can run side by side.
            try:
                address = stack.enter_context(
                    LocalCluster(
                        n_workers=int(local.group(1)),
                        threads_per_worker=1,  # pure Python work: threads would share a GIL
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address="127.0.0.1:0",
                    )
                )
            except (OSError, RuntimeError) as exc:  # a worker process that did not start
                raise ClusterError(
                    f"cannot start a local Dask cluster: {_first_line(exc)}"
                ) from None
        else:
            address = spec
        try:
            client = stack.enter_context(Client(address, timeout=CONNECT_S, set_as_default=False))
        except OSError as exc:
            first = (str(exc).strip().splitlines() or [""])[0]
            raise ClusterError(f"cannot reach the Dask scheduler at {spec}: {first}") from None
        yield _OnCluster(client)


class _OnCluster:
    """pipeline.analyse_batches' signature, with the chunks computed on the client's workers."""

    def __init__(self, client) -> None:
        self.client = client

    def __call__(
        self,
        articles: pd.DataFrame,
        matcher: Matcher,
        workers: int | None = None,
        batch_articles: int = 2_000,
        progress: Progress | None = None,
    ) -> Iterator[Batch]:
        chunks = pipeline.chunked(articles)
        if not chunks:
            return
        # Closed as soon as the caller stops (a failed write): the jobs left are cancelled.
        with contextlib.closing(self._results(chunks, matcher)) as results:
            yield from pipeline.batched(articles, chunks, results, batch_articles, progress)

    def _results(self, chunks: list[list[tuple]], matcher: Matcher) -> Iterator[tuple]:
        """analyse_chunk's result for each chunk, in order, with a bounded window in flight
        (the scheduler would otherwise hold every article's text at once)."""
        client = self.client
        # Once to every worker (not once per job): the registry's tables are the bulk of a job.
        shipped = client.scatter(matcher, broadcast=True, hash=False)
        found = found_on()  # the client's setting, not each worker's environment
        threads = sum(client.nthreads().values()) or 1
        ahead = max(AHEAD_PER_THREAD * threads, 2)
        pending: deque = deque()
        todo = iter(chunks)
        try:
            for chunk in todo:
                pending.append(client.submit(_analyse, chunk, shipped, found, pure=False))
                if len(pending) >= ahead:
                    break
            while pending:
                result = _result(client, pending.popleft())
                chunk = next(todo, None)
                if chunk is not None:
                    pending.append(client.submit(_analyse, chunk, shipped, found, pure=False))
                yield result
        finally:
            if pending:  # a failed write or a failed worker: drop what is left
                client.cancel(list(pending))


def _analyse(chunk: list[tuple], matcher: Matcher, found: bool) -> tuple[list, list]:
    """On a worker: the scattered matcher is one object per worker, so its patterns compile
    once there and its caches of hits last across jobs."""
    return pipeline.analyse_chunk(chunk, matcher, found)


def _result(client, future):
    """The job's result; WorkerFailed when its worker died (the scheduler gave up on it after
    retrying), or when the cluster has had no worker for NO_WORKERS_S."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError

    alone_since = None
    while True:
        try:
            return future.result(timeout=POLL_S)
        except KilledWorker as exc:
            raise WorkerFailed(f"a Dask worker failed ({_first_line(exc)})") from None
        except FutureCancelledError as exc:  # the scheduler went, or dropped the job
            raise WorkerFailed(f"the Dask cluster dropped the work ({_first_line(exc)})") from None
        except TimeoutError:
            pass
        if client.scheduler_info(n_workers=1).get("workers"):
            alone_since = None
            continue
        alone_since = alone_since or time.monotonic()
        if time.monotonic() - alone_since >= NO_WORKERS_S:
            raise WorkerFailed(
                f"no Dask worker has been connected to the scheduler for {NO_WORKERS_S:g} s"
            )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
