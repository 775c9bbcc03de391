"""Ingest speed end to end (load, split, score, match, store) against VADER's own speed."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from analysis.actors import load_registry
from analysis.ingest import ingest, sync_registry
from analysis.loaders import load_paths
from analysis.sentiment import analyzer
from analysis.store import Store
from analysis.text import normalise


@dataclass
class IngestRun:
    corpus: str
    articles: int
    sentences: int
    mentions: int
    megabytes: float
    floor_s: float  # VADER's polarity_scores alone over the same sentences
    one_core_s: float  # the whole pipeline, one process
    all_cores_s: float  # the whole pipeline, every core
    rematch_s: float  # matching again after a registry change, no scoring
    store_mb: float
    cores: int

    @property
    def floor_ratio(self) -> float:
        """Pipeline speed as a share of the floor's (1.0: all the rest costs nothing)."""
        return self.floor_s / self.one_core_s

    @property
    def speedup(self) -> float:
        return self.one_core_s / self.all_cores_s

    @property
    def rematch_share(self) -> float:
        return self.rematch_s / self.one_core_s


def measure(corpus: str, files: list[Path], store_path: Path) -> IngestRun:
    """Ingest the files into a fresh store twice (one core, then every core) and time it."""
    registry = load_registry()
    cores = os.cpu_count() or 1
    times = {}
    for workers in (1, cores):
        store_path.unlink(missing_ok=True)
        store = Store(str(store_path))
        started = time.perf_counter()
        loaded = load_paths(files)
        if loaded.articles.empty:  # e.g. a file over the loaders' size limit
            raise RuntimeError(f"the benchmark corpus was rejected: {loaded.rejected[:3]}")
        summary = ingest(store, loaded, registry, workers=workers)
        times[workers] = time.perf_counter() - started
        store.close()

    store = Store(str(store_path))
    sentences = store.read("sentences", ["text"])["text"]
    floor = _vader_only([normalise(s) for s in sentences])

    # A registry change (one more alias): matching runs again over the store, scores stay.
    changed = registry.copy()
    changed.loc[changed["actor_id"] == "russia", "aliases"] += "|Russian Federation"
    started = time.perf_counter()
    sync_registry(store, changed)
    rematch_s = time.perf_counter() - started
    sync_registry(store, registry)
    store.close()

    return IngestRun(
        corpus=corpus,
        articles=summary.added,
        sentences=summary.sentences,
        mentions=summary.mentions,
        megabytes=sum(f.stat().st_size for f in files) / 2**20,
        floor_s=floor,
        one_core_s=times[1],
        all_cores_s=times[cores],
        rematch_s=rematch_s,
        store_mb=store_path.stat().st_size / 2**20,
        cores=cores,
    )


def _vader_only(sentences: list[str]) -> float:
    score = analyzer().polarity_scores
    started = time.perf_counter()
    for s in sentences:
        score(s)
    return time.perf_counter() - started


def scratch_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="actorscope-bench-"))
