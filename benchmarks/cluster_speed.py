"""Ingest on one machine against ingest on a local Dask cluster of 2 worker processes.

    python -m benchmarks.cluster_speed [--articles N] [--repeats R]

Both as a user runs them, end to end: `python -m analysis ingest PATH` (every core) and the same
with `--scheduler local:2`, each into a fresh SQLite store, wall time of the whole command (the
best of R runs: the host's other load only adds time). The ratio is cluster / one machine (the
target: within 1.3x on a 2-core machine). Start: how long bringing up the local cluster and its
client takes alone, part of the cluster's time. Corpora: N synthetic articles, and
../shared/corpora/reuters21578.jsonl when present.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.cli import EXIT_OK, EXIT_REJECTED
from benchmarks.corpus import generate, write_corpus
from benchmarks.ingest_speed import scratch_dir

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl"
ARTICLES = 10_000
REPEATS = 2
WORKERS = 2
# Run as a file (a local cluster's worker processes are spawned: they re-import the main module).
START = """import time
from analysis import cluster

if __name__ == "__main__":
    t = time.perf_counter()
    with cluster.connect("local:{workers}"):
        print(time.perf_counter() - t)
"""


@dataclass(frozen=True)
class ClusterRun:
    corpus: str
    articles: int
    one_machine_s: float
    cluster_s: float
    start_s: float  # bringing up the local cluster and its client, alone

    @property
    def ratio(self) -> float:
        return self.cluster_s / self.one_machine_s


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _ingest(paths: list[Path], db: Path, *extra: str) -> tuple[float, str]:
    """Wall seconds of the command, and its summary line."""
    db.unlink(missing_ok=True)
    command = [sys.executable, "-m", "analysis", "--db", str(db), "ingest", *map(str, paths)]
    started = time.perf_counter()
    done = subprocess.run([*command, *extra], capture_output=True, text=True, env=_env())
    if done.returncode not in (EXIT_OK, EXIT_REJECTED):  # Reuters has entries with no body
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return time.perf_counter() - started, done.stdout.strip()


def _start_s(work: Path) -> float:
    """Seconds to start a local cluster of WORKERS processes and connect (a fresh process)."""
    script = work / "cluster_start.py"
    script.write_text(START.format(workers=WORKERS))
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=_env(), check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def measure(corpus: str, paths: list[Path], work: Path, repeats: int = REPEATS) -> ClusterRun:
    one, many, lines = [], [], set()
    for _ in range(repeats):  # interleaved: a change in the host's load hits both alike
        seconds, line = _ingest(paths, work / "one.db")
        one.append(seconds)
        lines.add(line)
        seconds, line = _ingest(paths, work / "cluster.db", "--scheduler", f"local:{WORKERS}")
        many.append(seconds)
        lines.add(line)
    if len(lines) != 1:
        raise RuntimeError(f"the two paths stored different counts: {sorted(lines)}")
    articles = int(lines.pop().split()[1])  # "added N articles (...)"
    return ClusterRun(corpus, articles, min(one), min(many), _start_s(work))


def measure_corpora(
    work: Path, articles: int = ARTICLES, repeats: int = REPEATS
) -> list[ClusterRun]:
    """`articles` synthetic articles (none for 0), and Reuters-21578 when present."""
    runs = []
    if articles:
        files = write_corpus(generate(articles), work / f"cluster-synthetic-{articles}")
        label = f"synthetic {articles // 1000}k" if articles >= 1000 else "synthetic"
        runs.append(measure(label, files, work, repeats))
        print(row(runs[-1]), file=sys.stderr, flush=True)
    if REUTERS.exists():
        runs.append(measure("Reuters-21578", [REUTERS], work, repeats))
        print(row(runs[-1]), file=sys.stderr, flush=True)
    else:
        print(f"skipped Reuters-21578: {REUTERS} is absent", file=sys.stderr)
    return runs


def row(r: ClusterRun) -> str:
    return (
        f"| {r.corpus} | {r.articles:,} | {r.one_machine_s:.2f} | {r.cluster_s:.2f} "
        f"| {r.start_s:.2f} | {r.ratio:.2f}x |"
    )


def section(runs: list[ClusterRun], repeats: int = REPEATS) -> list[str]:
    """The results' section, as lines; none without runs."""
    if not runs:
        return []
    return [
        f"## Ingest on a local Dask cluster ({WORKERS} worker processes)",
        "",
        "`python -m analysis ingest PATH` (every core) against the same with `--scheduler "
        f"local:{WORKERS}`, end to end, each into a fresh SQLite store: wall seconds, the best of "
        f"{repeats} interleaved runs. Start: bringing up the cluster and its client alone "
        "(part of the cluster's time). Ratio: cluster / one machine (target <= 1.3x).",
        "",
        "| corpus | articles | one machine s | local:2 s | start s | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *(row(r) for r in runs),
        "",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cluster_speed", description=__doc__)
    parser.add_argument("--articles", type=int, default=ARTICLES, help="synthetic articles")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    runs = measure_corpora(scratch_dir(), args.articles, args.repeats)
    print("\n".join(section(runs, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
