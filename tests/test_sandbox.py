"""analysis.sandbox with real child processes: a result, a memory limit, a time limit, a crash.

No time is asserted: the limits are far from what the jobs need (a few MB against 512 MB, a
sleep of a minute against a second).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from analysis import sandbox
from analysis.sandbox import WorkLimits, WorkRefused, execute, run

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

SMALL = WorkLimits(memory_mb=64, timeout_s=60)
SMALL_ONE_SLOT = WorkLimits(memory_mb=64, timeout_s=60, slots=1)
HINT = "split it into smaller files"


def square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 2**20)
    return len(block)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def counting(n: int, progress=None) -> int:
    for done in range(1, n + 1):
        progress(done, n)
    return n


def fail() -> None:
    raise ValueError("no such column\nsecond line of the message")


def automaton(words: int) -> int:
    import ahocorasick

    built = ahocorasick.Automaton()
    for i in range(words):
        built.add_word(f"name number {i} of many", i)
    built.make_automaton()
    return len(built)


def null_without_exception() -> None:
    raise SystemError("<built-in method> returned NULL without setting an exception")


def die() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def test_sandbox_gives_the_result_from_another_process():
    outcome = execute(square_with_pid, 12, limits=SMALL)
    value, pid = outcome.result
    assert value == 144
    assert pid != os.getpid()
    assert outcome.peak_mb > 0


def test_sandbox_without_limits_runs_here():
    assert run(square_with_pid, 3, limits=None) == (9, os.getpid())


def test_sandbox_memory_limit_gives_the_memory_reason():
    with pytest.raises(WorkRefused) as refused:
        run(allocate, 512, limits=SMALL)
    assert str(refused.value) == (
        "this batch needs more than 64 MB of memory to analyse; split it into smaller files"
    )
    assert run(allocate, 8, limits=SMALL) == 8 * 2**20  # within it, the same job passes


def test_sandbox_memory_limit_in_a_c_extension_gives_the_memory_reason():
    """An automaton past the limit; and a C extension that returns NULL without an exception
    when an allocation fails (SystemError, as pyahocorasick did in the Upload page's test)."""
    with pytest.raises(WorkRefused, match="needs more than 64 MB of memory"):
        run(automaton, 3_000_000, limits=SMALL)
    with pytest.raises(WorkRefused, match="needs more than 64 MB of memory"):
        run(null_without_exception, limits=SMALL)
    assert run(automaton, 1_000, limits=SMALL) == 1_000


def test_sandbox_job_too_large_to_take_in_is_refused_for_memory():
    """The limit holds before the job's arguments arrive: they are charged too."""
    with pytest.raises(WorkRefused, match="needs more than 16 MB of memory"):
        run(len, b"x" * 128 * 2**20, limits=WorkLimits(memory_mb=16, timeout_s=60))


def test_sandbox_time_limit_gives_the_timeout_reason_and_kills_the_child():
    before = _children()
    with pytest.raises(WorkRefused) as refused:
        run(sleep, 60, limits=WorkLimits(memory_mb=256, timeout_s=1), hint="add fewer")
    assert str(refused.value) == "this batch took longer than 1 s to analyse; add fewer"
    assert _children() <= before  # the sleeper is gone, not left to finish


def test_sandbox_progress_reaches_the_caller():
    seen: list[tuple[int, int]] = []
    assert run(counting, 3, limits=SMALL, progress=lambda d, t: seen.append((d, t))) == 3
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_sandbox_error_is_one_line():
    with pytest.raises(WorkRefused) as refused:
        run(fail, limits=SMALL)
    assert str(refused.value) == "could not analyse this batch (ValueError: no such column)"


def test_sandbox_crash_names_the_signal():
    with pytest.raises(WorkRefused) as refused:
        run(die, limits=SMALL)
    stopped = "the analysis of this batch stopped (killed by SIGSEGV)"
    assert str(refused.value) == f"{stopped}; {HINT}"


def _children() -> set[int]:
    """Processes whose parent is the forkserver this process started (its sandboxed jobs)."""
    servers = _direct_children(os.getpid())
    return {pid for server in servers for pid in _direct_children(server)}


def _direct_children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                found.update(int(p) for p in f.read().split())
        except OSError:
            pass
    return found


def test_sandbox_slots_are_shared_by_the_server_and_a_job_waits_for_one():
    """With every slot taken (by other sessions' jobs), a job waits for one, and is refused
    with the busy reason, no child started, when none frees within its time."""
    one = WorkLimits(memory_mb=256, timeout_s=0.5, slots=1)
    taken = sandbox._semaphore(1)  # the server's one slot, as another session's job holds it
    assert taken.acquire(timeout=5)
    try:
        before = _children()
        with pytest.raises(WorkRefused) as refused:
            run(square_with_pid, 2, limits=one)
        assert _children() == before
    finally:
        taken.release()
    assert str(refused.value) == (
        "the server is analysing 1 other batch and none finished within 0.5 s; "
        "try again in a few minutes"
    )
    assert taken.acquire(timeout=5)
    results: list[object] = []
    waiting = threading.Thread(
        target=lambda: results.append(run(square_with_pid, 4, limits=SMALL_ONE_SLOT)[0])
    )
    waiting.start()
    taken.release()  # the other job ends: the waiting one gets the slot
    waiting.join(timeout=60)
    assert results == [16]
