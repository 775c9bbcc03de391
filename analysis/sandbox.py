"""One visitor's heavy work in a child process, stopped at a memory and a wall-time limit.

A hosted server runs every session in one process: splitting, scoring and matching a large
upload there would hold the interpreter (and its memory) for everyone. Here the work runs in a
child forked from a forkserver (a clean process with the analysis modules already imported, so a
child starts in milliseconds and inherits none of the server's threads or sockets), niced below
the server, with an address-space limit (RLIMIT_AS) set before the job's arguments arrive, and
killed past its time. The caller's thread only waits on a pipe, which lets other sessions run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing import spawn
from multiprocessing.connection import Connection

from analysis.parallel import die_with

# Imported once into the forkserver, so that no child imports them again.
PRELOAD = ["analysis.batch", "analysis.ingest", "analysis.pipeline", "analysis.load"]
NAME = "actorscope-sandbox"  # our children's process name (see _preparation)
NICE = 10  # the server's own requests (other visitors' pages) come first
POLL_S = 0.5  # how often a waiting caller looks at the clock between messages
MEMORY_EXIT = 3  # a child's exit code when it ran out of memory and could not say so

_context_lock = threading.Lock()
_context = None
_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}  # slots -> the server's semaphore of them


@dataclass(frozen=True)
class WorkLimits:
    memory_mb: float = 1024.0  # beyond what the child starts with (its preloaded modules)
    timeout_s: float = 120.0  # from the child's start to its result
    # Children at once in this server: with one each, N tabs would be N times the memory. A job
    # waits for a slot, within its time.
    slots: int = 2


class WorkRefused(Exception):
    """The work stopped at a limit or failed: str() is the one line to show the visitor."""

    def __init__(self, reason: str, peak_mb: float | None = None):
        super().__init__(reason)
        self.peak_mb = peak_mb  # the child's peak resident memory, when it could tell


@dataclass(frozen=True)
class Outcome:
    result: object
    peak_mb: float  # the child's peak resident memory (RSS), its starting modules included


def memory_reason(limits: WorkLimits, hint: str) -> str:
    return f"this batch needs more than {limits.memory_mb:g} MB of memory to analyse; {hint}"


def timeout_reason(limits: WorkLimits, hint: str) -> str:
    return f"this batch took longer than {limits.timeout_s:g} s to analyse; {hint}"


def busy_reason(limits: WorkLimits) -> str:
    n = limits.slots
    return (
        f"the server is analysing {n} other batch{'es' if n != 1 else ''} and none finished "
        f"within {limits.timeout_s:g} s; try again in a few minutes"
    )


def run(
    function: Callable,
    *args,
    limits: WorkLimits | None,
    progress: Callable[[int, int], None] | None = None,
    hint: str = "split it into smaller files",
):
    """function(*args) in a child process within `limits` (in this process when None); with
    `progress`, the function gets progress=callable too, and its calls reach ours.

    Raises WorkRefused with a one-line reason (ending in `hint`) when the child passes its
    memory or its time, dies, or raises; nothing of its work is kept then.
    """
    if limits is None:
        return function(*args, **({"progress": progress} if progress else {}))
    return execute(function, *args, limits=limits, progress=progress, hint=hint).result


def execute(
    function: Callable,
    *args,
    limits: WorkLimits,
    progress: Callable[[int, int], None] | None = None,
    hint: str = "split it into smaller files",
) -> Outcome:
    """run() in a child always, with the child's peak memory; at most limits.slots children at
    once in this process (a job waits for a slot up to limits.timeout_s)."""
    slot = _semaphore(limits.slots)
    if not slot.acquire(timeout=limits.timeout_s):
        raise WorkRefused(busy_reason(limits))
    try:
        return _execute(function, *args, limits=limits, progress=progress, hint=hint)
    finally:
        slot.release()


def _semaphore(slots: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(slots, threading.BoundedSemaphore(slots))


def _execute(
    function: Callable,
    *args,
    limits: WorkLimits,
    progress: Callable[[int, int], None] | None,
    hint: str,
) -> Outcome:
    ctx = _forkserver()
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=_child, args=(theirs, limits.memory_mb), name=NAME, daemon=True)
    deadline = time.monotonic() + limits.timeout_s
    child.start()
    theirs.close()
    try:
        # A child that dies taking the job in (out of memory) says so in its message.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            ours.send((function, args, progress is not None))
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkRefused(timeout_reason(limits, hint))
            if not ours.poll(min(left, POLL_S)):
                continue
            try:
                message = ours.recv()
            except (EOFError, ConnectionResetError):
                raise WorkRefused(_died(child, limits, hint)) from None
            except MemoryError:  # the result does not fit here either
                raise WorkRefused(memory_reason(limits, hint)) from None
            kind = message[0]
            if kind == "progress" and progress is not None:
                progress(*message[1:])
            elif kind == "done":
                return Outcome(message[1], message[2])
            elif kind == "memory":
                raise WorkRefused(memory_reason(limits, hint), message[1])
            elif kind == "error":
                raise WorkRefused(f"could not analyse this batch ({message[1]})")
    finally:
        ours.close()
        if child.is_alive():  # past its time, or the caller stopped waiting (a rerun)
            child.kill()
        child.join()


def _died(child, limits: WorkLimits, hint: str) -> str:
    child.join()
    code = child.exitcode
    # Out of memory: our own exit code, or the kernel's OOM killer (nobody else kills it).
    if code in (MEMORY_EXIT, -signal.SIGKILL):
        return memory_reason(limits, hint)
    if code is not None and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit code {code}"
    return f"the analysis of this batch stopped ({how}); {hint}"


def _forkserver():
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            spawn.get_preparation_data = partial(_preparation, spawn.get_preparation_data)
            _context = ctx
        return _context


def _preparation(original: Callable[[str], dict], name: str) -> dict:
    """What a new child sets up before its target, but the main module for ours: under
    Streamlit, __main__ is the page script, which a child would otherwise run again whole."""
    data = original(name)
    if name == NAME:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


def address_space() -> int:
    """This process's virtual size in bytes (Linux), 0 where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(conn: Connection, memory_mb: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is the server's to act on
    die_with(os.getppid())  # the forkserver, which itself ends with the server
    os.nice(NICE)
    # The limit comes before the job: a job too large to take in is refused like any other.
    limit = address_space() + int(memory_mb * 2**20)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        function, args, wants_progress = conn.recv()
        kwargs = {"progress": lambda *p: conn.send(("progress", *p))} if wants_progress else {}
        result = function(*args, **kwargs)
        del function, args
        conn.send(("done", result, _peak_mb()))
    except (MemoryError, SystemError):
        # SystemError: a C extension (pyahocorasick) whose allocation failed under the limit
        # returns NULL without a MemoryError; nothing else here raises it.
        result = function = args = None  # noqa: F841 (what is freed makes room to report)
        try:
            conn.send(("memory", _peak_mb()))
        except Exception:
            os._exit(MEMORY_EXIT)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)  # the server's log; the visitor gets one line
        lines = str(exc).strip().splitlines()
        conn.send(("error", f"{type(exc).__name__}: {lines[0][:200] if lines else ''}".strip()))
    finally:
        conn.close()
