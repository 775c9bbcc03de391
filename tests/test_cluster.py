"""Ingest on a Dask cluster (analysis/cluster.py): the same rows, in the same batches, as on one
machine; on a local cluster of 2 worker processes and through real `dask scheduler` and
`dask worker` processes on loopback. Real processes throughout, nothing stubbed."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from analysis import cluster, ingest, pipeline, schema
from analysis.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from analysis.found import FOUND_ENV
from analysis.load import load_paths
from analysis.registry.table import load_registry
from analysis.store import Store
from benchmarks.corpus import generate, write_corpus

pytest.importorskip("distributed", reason=f"Dask is not installed ({cluster.INSTALL})")

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 60
DEADLINE_S = 60
# Every column but when the row was written and the write's own id (the batches are compared
# apart, as the sets of articles each write stored).
COMPARED = {
    "articles": [c for c in schema.ARTICLES if c != "ingested_at"],
    "sentences": list(schema.SENTENCES),
    "mentions": list(schema.MENTIONS),
}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "in"
    write_corpus(generate(ARTICLES, seed=11), folder)
    return folder


def _rows(db: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(db)) as conn:
        tables = {
            table: conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}"
            ).fetchall()
            for table, columns in COMPARED.items()
        }
        writes: dict[int, set[str]] = {}
        for aid, batch in conn.execute("SELECT article_id, match_batch FROM articles"):
            writes.setdefault(batch, set()).add(aid)
    tables["writes"] = sorted(sorted(ids) for ids in writes.values())
    return tables


def test_local_cluster_of_two_processes_stores_the_rows_of_one_machine(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches of small chunks: several writes, each of chunks from both workers.
    monkeypatch.setattr(pipeline, "CHUNK_ARTICLES", 4)
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", 12)
    loaded = load_paths([inbox, ROOT / "seeds"])  # the seed: names of no list, to be found
    registry = load_registry()
    with cluster.connect("local:2") as on_cluster:
        assert len(on_cluster.client.nthreads()) == 2
        # Turned on here only after the workers started with it off: theirs is the client's.
        monkeypatch.setenv(FOUND_ENV, "on")
        here = ingest.ingest(Store(str(tmp_path / "here.db")), loaded, registry, workers=1)
        there = ingest.ingest(
            Store(str(tmp_path / "there.db")), loaded, registry, analyse=on_cluster
        )
    assert (there.added, there.sentences, there.mentions) == (
        here.added, here.sentences, here.mentions,
    )  # fmt: skip
    assert here.added == len(loaded.articles) > ARTICLES
    rows = _rows(tmp_path / "here.db")
    assert rows == _rows(tmp_path / "there.db")
    assert len(rows["writes"]) == -(-here.added // 12)
    how = COMPARED["mentions"].index("how")
    assert any(schema.found_kind(row[how]) for row in rows["mentions"])


def _free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "error",
    }


def _start(command: list[str], log, cwd: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env={**_env(), **env}, cwd=cwd
    )


def _stop(started: list[subprocess.Popen]) -> None:
    for process in reversed(started):
        process.terminate()
    for process in reversed(started):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _dask() -> str:
    found = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    assert found, "the dask command comes with distributed"
    return found


@pytest.fixture
def scheduler(tmp_path: Path):
    """A real `dask scheduler` and `dask worker` (a nanny and its worker) on loopback; all
    stopped afterwards, whatever the test's outcome."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask.log"
    started: list[subprocess.Popen] = []
    with logs.open("w") as log:
        try:
            started.append(_start(
                [_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--no-dashboard", "--no-show"], log, tmp_path,
            ))  # fmt: skip
            started.append(_start(
                [_dask(), "worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                 "--nthreads", "1", "--no-dashboard"], log, tmp_path,
            ))  # fmt: skip
            _wait_for_workers(address, 1, logs)
            yield address
        finally:
            _stop(started)


def _wait_for_workers(address: str, count: int, logs: Path) -> None:
    from distributed import Client

    deadline = time.monotonic() + DEADLINE_S
    with Client(address, timeout=DEADLINE_S, set_as_default=False) as client:
        while len(client.nthreads()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no {count} workers after {DEADLINE_S} s:\n{logs.read_text()}"
                )
            time.sleep(0.1)


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "--db", str(db), *args],
        capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=DEADLINE_S * 2,
    )  # fmt: skip


def test_real_scheduler_and_workers_store_the_rows_of_one_machine(
    inbox: Path, tmp_path: Path, scheduler: str
) -> None:
    here = _cli("ingest", str(inbox), "--workers", "1", db=tmp_path / "here.db")
    there = _cli("ingest", str(inbox), "--scheduler", scheduler, db=tmp_path / "there.db")
    assert here.returncode == there.returncode == EXIT_OK, there.stderr
    assert there.stdout == here.stdout  # "added 60 articles (... sentences, ... mentions) ..."
    assert f"added {ARTICLES} articles" in there.stdout
    assert _rows(tmp_path / "here.db") == _rows(tmp_path / "there.db")


def test_a_dask_worker_killed_mid_job_is_one_line_and_exit_3(tmp_path: Path) -> None:
    """kill -9 to the only worker (no nanny to restart it) while it runs a job; the scheduler,
    told to allow no failure, gives the job up at once."""
    from distributed import Client

    folder = tmp_path / "in"
    write_corpus(generate(1_000, seed=12), folder)  # five jobs, under one batch
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask.log"
    started: list[subprocess.Popen] = []
    with logs.open("w") as log:
        try:
            started.append(_start(
                [_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--no-dashboard", "--no-show"], log, tmp_path,
                DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="0",
            ))  # fmt: skip
            worker = _start(
                [_dask(), "worker", address, "--host", "127.0.0.1", "--no-nanny",
                 "--nthreads", "1", "--no-dashboard"], log, tmp_path,
            )  # fmt: skip
            started.append(worker)
            _wait_for_workers(address, 1, logs)
            db = tmp_path / "s.db"
            command = [sys.executable, "-m", "analysis", "--db", str(db), "ingest", str(folder)]
            ingest_run = subprocess.Popen(
                [*command, "--scheduler", address], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT,
            )  # fmt: skip
            started.append(ingest_run)
            with Client(address, timeout=DEADLINE_S, set_as_default=False) as watch:
                deadline = time.monotonic() + DEADLINE_S
                while not any(watch.processing().values()):
                    assert time.monotonic() < deadline, "the worker never got a job"
                    assert ingest_run.poll() is None, ingest_run.communicate()
                    time.sleep(0.05)
                worker.kill()
                out, err = ingest_run.communicate(timeout=DEADLINE_S * 2)
        finally:
            _stop(started)
    assert ingest_run.returncode == EXIT_FAILED, err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: a Dask worker failed (")
    assert "nothing of the unfinished batch was stored" in err
    assert Store(str(db)).count("articles") == 0


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:  # the task ended meanwhile
            continue
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped by whoever adopted it, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_to_the_client_ends_its_local_cluster(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_corpus(generate(1_000, seed=13), folder)
    command = [sys.executable, "-m", "analysis", "--db", str(tmp_path / "s.db"), "ingest"]
    client = subprocess.Popen(
        [*command, str(folder), "--scheduler", "local:2"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + DEADLINE_S
        while len(workers := _children(client.pid)) < 2:
            assert client.poll() is None, "the ingest ended before its workers started"
            assert time.monotonic() < deadline, "no worker processes"
            time.sleep(0.05)
        client.kill()
        client.wait()
        while any(_alive(pid) for pid in workers):
            assert time.monotonic() < deadline + DEADLINE_S, "worker processes left behind"
            time.sleep(0.05)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()


def test_scheduler_out_of_reach_is_one_line_and_a_usage_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_S", 1)
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    code = main(
        ["--db", str(tmp_path / "s.db"), "ingest", str(ROOT / "seeds"), "--scheduler", address]
    )
    err = capsys.readouterr().err.strip()
    assert code == EXIT_USAGE
    assert err.startswith(f"error: cannot reach the Dask scheduler at {address}")
    assert len(err.splitlines()) == 1
    assert Store(str(tmp_path / "s.db")).count("articles") == 0


@pytest.mark.parametrize("spec", ["local:0", "local:x", "127.0.0.1:8786", "tcp://host"])
def test_a_bad_scheduler_address_is_refused_before_anything_runs(
    spec: str, capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", str(ROOT / "seeds"), "--scheduler", spec])
    assert exit_.value.code == EXIT_USAGE
    assert "expected tcp://HOST:PORT" in capsys.readouterr().err


# Dask taken out of the interpreter, as on an install without the extra.
WITHOUT_DASK = "import sys; sys.modules['dask'] = sys.modules['distributed'] = None; "


def test_without_dask_the_cli_runs_and_scheduler_names_the_extra(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    command = WITHOUT_DASK + "from analysis.cli import main; sys.exit(main(sys.argv[1:]))"
    seeds = str(ROOT / "seeds")
    run = [sys.executable, "-c", command, "--db", str(db), "ingest", seeds]
    plain = subprocess.run(run, capture_output=True, text=True, env=_env(), cwd=ROOT)
    assert plain.returncode == EXIT_OK, plain.stderr
    asked = subprocess.run(
        [*run, "--scheduler", "local:2"], capture_output=True, text=True, env=_env(), cwd=ROOT
    )
    assert asked.returncode == EXIT_USAGE
    assert asked.stderr.strip() == (
        "error: --scheduler needs Dask, which is not installed: pip install .[cluster]"
    )
