"""Dashboard speed on one store: first load of the facts, server-side reruns after a filter change,
peak memory. Run as its own process (`python -m benchmarks.dashboard_speed DB`) so that the
peak memory is the app's alone; prints one JSON object. With ACTORSCOPE_FACTS set to a mirror
level with the store, `facts_loaded` says whether the facts were still loaded into pandas."""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RERUNS = 7  # filter changes timed per page; the median is reported
LOADS = 3  # first loads timed, each in a fresh process; the median is reported


def first_load(db: str) -> tuple[float, list[str], bool]:
    """Seconds to load the corpus as the app does at start (uncached), its top actors, and
    whether it holds the facts (not while the facts mirror is level: analysis.query)."""
    from analysis.query import load_corpus
    from analysis.store import Store

    store = Store(db)
    started = time.perf_counter()
    corpus = load_corpus(store, store.revision())
    top = corpus.top_actors(12)
    return time.perf_counter() - started, top, corpus.loaded is not None


def measure(db: str) -> dict:
    os.environ["ACTORSCOPE_DB"] = db
    # The first load is timed in fresh processes: this one's peak memory is the app's.
    spawn = multiprocessing.get_context("spawn")
    loads = []
    for _ in range(LOADS):
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            load_s, actors, loaded = pool.submit(first_load, db).result()
            loads.append(load_s)
    from streamlit.testing.v1 import AppTest

    from analysis.store import Store

    mention_rows = Store(db).counts()["mentions"]
    result = {"mention_rows": mention_rows, "first_load_s": statistics.median(loads)}
    result["facts_loaded"] = loaded
    for page in ("trends", "comentions"):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        _check(at)
        times = []
        for i in range(RERUNS):
            # A different selection each time, so no cached result answers it.
            chosen = [str(a) for a in actors[i % 4 : i % 4 + 3 + i % 3]]
            at.multiselect(key="f_actors").set_value(chosen)
            at.run()
            _check(at)
            # Measured by the app itself: AppTest's own polling would add its granularity.
            times.append(at.session_state["_run_ms"] / 1000)
        result[f"{page}_rerun_ms"] = statistics.median(times) * 1000
    result["peak_mb"] = _peak_mb()
    return result


def _peak_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries that over
    from the parent across exec, so it would report the benchmark runner's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _check(at) -> None:
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
