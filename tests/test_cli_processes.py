"""`python -m analysis ingest` and its worker processes: kill -9, SIGTERM, a worker that dies.

Real processes throughout; every wait is for a condition, polled up to a deadline.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from pathlib import Path

import pytest

from analysis import parallel
from analysis.cli import EXIT_FAILED, EXIT_OK, EXIT_TERMINATED, NOTHING_HALF_WRITTEN
from benchmarks.corpus import generate, write_corpus

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 8_000  # about 16 MB: loaded and analysed by the workers, over several batches
DEADLINE_S = 120
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("procs") / "in"
    write_corpus(generate(ARTICLES, seed=5), folder)
    return folder


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with suppress(OSError):  # the task ended meanwhile
            found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped by whoever adopted it, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _wait_for(condition: Callable[[], object], what: str):
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"still waiting after {DEADLINE_S} s for {what}")


def _stored(db: Path, sql: str = "SELECT count(*) FROM articles") -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # no store, or no table yet
        return 0


ORPHANS = (
    "SELECT count(*) FROM articles a WHERE NOT EXISTS "
    "(SELECT 1 FROM sentences s WHERE s.article_id = a.article_id)"
)


def _ingest(inbox: Path, db: Path) -> tuple[list[str], dict]:
    command = [sys.executable, "-m", "analysis", "ingest", str(inbox), "--workers", "2"]
    return command, {**os.environ, "ACTORSCOPE_DB": str(db)}


def _start(inbox: Path, db: Path) -> subprocess.Popen:
    command, env = _ingest(inbox, db)
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _again_stores_the_rest(inbox: Path, db: Path) -> None:
    assert _stored(db, ORPHANS) == 0  # every stored article came with its sentences
    command, env = _ingest(inbox, db)
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == EXIT_OK, again.stderr
    assert _stored(db) == ARTICLES
    assert _stored(db, "SELECT count(DISTINCT article_id) FROM sentences") == ARTICLES


def test_cli_workers_end_with_a_killed_cli(inbox: Path, tmp_path: Path) -> None:
    cli = _start(inbox, tmp_path / "s.db")
    workers = _wait_for(lambda: _children(cli.pid), "the workers to start")
    cli.kill()  # SIGKILL: no handler, no cleanup of its own
    cli.communicate(timeout=DEADLINE_S)
    assert cli.returncode == -signal.SIGKILL
    _wait_for(lambda: not any(_alive(w) for w in workers), f"workers {workers} to end")


def test_cli_sigterm_stops_cleanly_and_the_same_command_finishes(
    inbox: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    cli = _start(inbox, db)
    _wait_for(lambda: _stored(db), "a first batch to be stored")
    workers = _children(cli.pid)
    cli.terminate()  # SIGTERM, to the CLI alone: as `kill PID` or a service manager
    out, err = cli.communicate(timeout=DEADLINE_S)
    assert (cli.returncode, err) == (EXIT_TERMINATED, f"terminated: {NOTHING_HALF_WRITTEN}\n")
    assert out == ""
    assert 0 < _stored(db) < ARTICLES
    _wait_for(lambda: not any(_alive(w) for w in workers), f"workers {workers} to end")
    _again_stores_the_rest(inbox, db)


def test_cli_crashed_worker_is_one_line_and_exit_3(inbox: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cli = _start(inbox, db)
    workers = _wait_for(lambda: _children(cli.pid), "the workers to start")
    os.kill(min(workers), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    out, err = cli.communicate(timeout=DEADLINE_S)
    assert cli.returncode == EXIT_FAILED, err
    assert err == (
        "error: a worker process failed (killed by SIGKILL); nothing of the unfinished batch "
        "was stored; the same command again resumes\n"
    )
    _wait_for(lambda: not any(_alive(w) for w in workers), f"workers {workers} to end")
    _again_stores_the_rest(inbox, db)


def _suicide(job: int) -> int:
    if job == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return job


def _exits(job: int) -> int:
    if job == 3:
        os._exit(4)
    return job


@pytest.mark.parametrize(
    ("function", "how"), [(_suicide, "killed by SIGKILL"), (_exits, "exit code 4")]
)
def test_parallel_dead_worker_raises_worker_failed(function, how: str) -> None:
    with pytest.raises(parallel.WorkerFailed) as failed:
        list(parallel.in_order(function, range(8), workers=2, ahead=8))
    assert str(failed.value) == f"a worker process failed ({how})"


def _jobs_after_a_death() -> Iterator[int]:
    """Job 3 kills its worker; the next jobs come only as the pool is found broken, so the
    pool breaks while a job is handed out, not while a result is awaited."""
    yield from range(4)
    for job in range(4, 100_000):
        time.sleep(0.001)
        yield job


def test_parallel_death_seen_when_handing_out_a_job_raises_worker_failed() -> None:
    with pytest.raises(parallel.WorkerFailed) as failed:
        list(parallel.in_order(_suicide, _jobs_after_a_death(), workers=2, ahead=10**6))
    assert str(failed.value) == "a worker process failed (killed by SIGKILL)"


def test_parallel_results_in_order_from_workers() -> None:
    assert list(parallel.in_order(_suicide, [0, 1, 2, 4, 5], workers=2, ahead=2)) == [0, 1, 2, 4, 5]
