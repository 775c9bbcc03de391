"""Jobs on worker processes, results in the jobs' order; workers that end with their parent."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

PR_SET_PDEATHSIG = 1  # linux/prctl.h
JOIN_S = 2.0  # how long to wait for a broken pool's processes to be reaped


class WorkerFailed(RuntimeError):
    """A worker process ended in the middle of the work (killed, or out of memory); the message
    says how, in one line."""


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
    On Linux they are killed when this process ends, even by kill -9, so none is left behind.

    A worker that dies raises WorkerFailed. Closing the iterator early (a failed write) drops
    the jobs not yet started.
    """
    if workers <= 1:
        yield from map(function, jobs)
        return
    pool, seen = None, 0
    started: dict = {}  # pid -> Process: the pool forgets a broken pool's processes
    try:
        pending: deque = deque()
        for job in jobs:
            if pool is None and here and seen + len(job) <= here:
                seen += len(job)
                yield function(job)
                continue
            if pool is None:
                pool = ProcessPoolExecutor(
                    workers,
                    initializer=_start_worker,
                    initargs=(os.getpid(), initializer, initargs),
                )
            try:
                pending.append(pool.submit(function, job))
            except BrokenProcessPool:  # a worker died before this job was handed out
                raise _failed(started) from None
            started.update(getattr(pool, "_processes", None) or {})
            if len(pending) > ahead:
                yield _result(started, pending.popleft())
        while pending:
            yield _result(started, pending.popleft())
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _result(started: dict, future):
    try:
        return future.result()
    except BrokenProcessPool:
        raise _failed(started) from None


def _failed(started: dict) -> WorkerFailed:
    return WorkerFailed(f"a worker process failed ({_how_ended(started)})")


def _how_ended(started: dict) -> str:
    """How the worker that broke the pool ended: the pool ends the others with SIGTERM."""
    for process in started.values():
        if process.exitcode is None:
            process.join(JOIN_S)  # the dead one may not be reaped yet when the pool breaks
    codes = [p.exitcode for p in started.values()]
    codes = [c for c in codes if c not in (None, -signal.SIGTERM)] or codes
    code = next((c for c in codes if c is not None), None)
    if code is None:
        return "it ended abruptly"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _start_worker(parent: int, initializer: Callable | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's clean stop: that is its own
    die_with(parent)
    if initializer is not None:
        initializer(*initargs)


def die_with(parent: int) -> None:
    """Linux: SIGKILL to this process when its parent ends (strictly: when the parent's thread
    that started it ends; in_order's pool lives inside one call). Elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request took effect
        os.kill(os.getpid(), signal.SIGKILL)
