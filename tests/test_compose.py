"""compose.yaml: its services' own commands run here as real processes on loopback (a Dask
scheduler, the workers it asks for, the ingest client on the seed, the dashboard), with the
hosts swapped for 127.0.0.1 and free ports, and the PostgreSQL service for a SQLite file (the
store tests cover PostgreSQL). No Docker daemon or image is needed, and none is used."""

from __future__ import annotations

import io
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import yaml
from test_cluster import _dask, _env, _free_port, _stop, _wait_for_workers
from test_deploy import _dockerfile, _one

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
SCHEDULER_IN_COMPOSE = "tcp://scheduler:8786"


def _argv(service: str) -> list[str]:
    return shlex.split(SERVICES[service]["command"])


def test_the_services_share_one_image_and_one_store() -> None:
    assert {"store", "scheduler", "worker", "dashboard", "ingest"} <= SERVICES.keys()
    app = ("scheduler", "worker", "dashboard", "ingest")
    assert len({SERVICES[s]["image"] for s in app}) == 1
    assert all(SERVICES[s]["build"]["args"]["EXTRAS"] == "cluster" for s in app)
    stores = {SERVICES[s]["environment"]["ACTORSCOPE_DB"] for s in app}
    assert stores == {"postgresql://actorscope:actorscope@store:5432/actorscope"}
    assert SERVICES["worker"]["deploy"]["replicas"] == 2
    # The scheduler runs what any client sends: never published to the host.
    assert "ports" not in SERVICES["scheduler"]
    assert SERVICES["dashboard"]["ports"] == ["8501:8501"]
    assert "command" not in SERVICES["dashboard"]  # the image's CMD, as test_deploy runs it
    assert SERVICES["ingest"]["profiles"] == ["ingest"]


def _run_here(argv: list[str], address: str, tmp_path: Path) -> list[str]:
    """A compose command as this machine runs it: the venv's dask and python, loopback."""
    out = []
    for arg in argv:
        if arg == "dask":
            arg = _dask()
        elif arg == "python":
            arg = sys.executable
        elif arg == SCHEDULER_IN_COMPOSE:
            arg = address
        elif arg == "/tmp":
            arg = str(tmp_path)
        elif arg == "/corpus":
            arg = str(ROOT / "seeds")
        out.append(arg)
    return out


def test_compose_commands_run_a_cluster_that_fills_the_dashboards_store(tmp_path: Path) -> None:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _run_here(_argv("scheduler"), address, tmp_path)
    assert scheduler[scheduler.index("--port") + 1] == "8786"
    scheduler[scheduler.index("--host") + 1] = "127.0.0.1"
    scheduler[scheduler.index("--port") + 1] = str(port)
    worker = [*_run_here(_argv("worker"), address, tmp_path), "--host", "127.0.0.1"]
    replicas = SERVICES["worker"]["deploy"]["replicas"]
    db = tmp_path / "store.db"
    env = {**_env(), "ACTORSCOPE_DB": str(db)}
    logs = tmp_path / "compose.log"
    started: list[subprocess.Popen] = []
    with logs.open("w") as log:
        try:
            started.append(subprocess.Popen(scheduler, stdout=log, stderr=log, env=env))
            for _ in range(replicas):
                started.append(subprocess.Popen(worker, stdout=log, stderr=log, env=env))
            _wait_for_workers(address, replicas, logs)
            ingest = subprocess.run(
                _run_here(_argv("ingest"), address, tmp_path),
                capture_output=True, text=True, env=env, cwd=ROOT, timeout=240,
            )  # fmt: skip
            assert ingest.returncode == 0, ingest.stderr
            assert ingest.stdout.startswith("added 1 article"), ingest.stdout
            # The dashboard: the image's own command, on the store the ingest filled.
            web = _free_port()
            command = _one(_dockerfile(), "CMD").replace("0.0.0.0", "127.0.0.1")
            bin_dir = str(Path(sys.executable).parent)
            dash_env = {**env, "PORT": str(web), "PATH": f"{bin_dir}:{env.get('PATH', '')}"}
            started.append(
                subprocess.Popen(["sh", "-c", command], cwd=ROOT, env=dash_env, stdout=log,
                                 stderr=log)
            )  # fmt: skip
            assert _healthy(f"http://127.0.0.1:{web}/_stcore/health"), logs.read_text()
        finally:
            _stop(started)
    articles = subprocess.run(
        [sys.executable, "-m", "analysis", "--db", str(db), "export", "articles"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert articles.returncode == 0, articles.stderr
    stored = pd.read_csv(io.StringIO(articles.stdout))
    assert stored["origin"].tolist() == ["seeds/000_48fb225f04140536.txt"]


def _healthy(url: str, within_s: float = 90) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False
