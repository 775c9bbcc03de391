"""Jobs on worker processes, results in the jobs' order."""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor


def in_order(
    function: Callable,
    jobs: Iterable,
    workers: int,
    ahead: int,
    here: int = 0,
    initializer: Callable | None = None,
    initargs: tuple = (),
) -> Iterator:
    """function(job) for each job, in order: in `workers` processes, with up to `ahead` jobs
    handed out beyond the one awaited. Jobs run in this process when workers is 1, and until
    the jobs so far hold `here` items (len(job)): processes cost more than they save on a few.
    `initializer(*initargs)` runs in each process. The processes ignore Ctrl-C, which a
    terminal sends them all: this one stops the work (and lets the jobs under way finish).

    Closing the iterator early (a failed write) drops the jobs not yet started.
    """
    if workers <= 1:
        yield from map(function, jobs)
        return
    pool, seen = None, 0
    try:
        pending: deque = deque()
        for job in jobs:
            if pool is None and here and seen + len(job) <= here:
                seen += len(job)
                yield function(job)
                continue
            if pool is None:
                pool = ProcessPoolExecutor(
                    workers, initializer=_start_worker, initargs=(initializer, initargs)
                )
            pending.append(pool.submit(function, job))
            if len(pending) > ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(initializer: Callable | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)
