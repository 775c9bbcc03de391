"""Ingest speed end to end (load, split, score, match, store) against VADER's own speed."""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.ingest import ingest, sync_registry
from analysis.load import load_paths
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry
from analysis.sentiment import analyzer, score
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
    scorer_s: float  # ActorScope's own scorer (analysis.sentiment.score) alone, same sentences
    ceiling: float  # the speed-up of work with no serial part on this machine (_ceiling)
    one_core_s: float  # the whole pipeline, one process
    all_cores_s: float  # the whole pipeline, every core
    rematch_s: dict[str, float]  # matching again after each EDITS change, no scoring
    store_mb: float
    cores: int

    @property
    def floor_ratio(self) -> float:
        """Pipeline speed as a share of the floor's (1.0: all the rest costs nothing)."""
        return self.floor_s / self.one_core_s

    @property
    def rest_share(self) -> float:
        """What everything but scoring costs, on top of ActorScope's own scoring."""
        return (self.one_core_s - self.scorer_s) / self.scorer_s

    @property
    def speedup(self) -> float:
        return self.one_core_s / self.all_cores_s

    def rematch_share(self, edit: str) -> float:
        """Both as a user runs them: on every core."""
        return self.rematch_s[edit] / self.all_cores_s


SHOIGU = {
    "actor_id": "sergei-shoigu", "name": "Sergei Shoigu", "kind": "person",
    "aliases": "Shoigu", "affiliation": "russia",
}  # fmt: skip


def _new_actor(registry: pd.DataFrame) -> pd.DataFrame:
    """The "who is missing" flow: one more actor."""
    return pd.concat([registry, pd.DataFrame([SHOIGU])], ignore_index=True)


def _alias_dropped(registry: pd.DataFrame) -> pd.DataFrame:
    """An alias of a frequent actor taken out: every article that uses it changes."""
    out = registry.copy()
    out.loc[out["actor_id"] == "russia", "aliases"] = "Russian Federation|Kremlin"
    return out


# Registry edits whose re-match is timed: name -> the edited registry.
EDITS = {"new actor": _new_actor, "alias dropped": _alias_dropped}
CEILING_SENTENCES = 200_000  # about 2 s of scoring on one core
FULL = "full"  # every article matched again (the stored registry cannot be trusted)
WAL = ("-wal", "-shm")  # SQLite's files beside a store


def measure(corpus: str, files: list[Path], store_path: Path, repeats: int = 1) -> IngestRun:
    """Ingest the files into a fresh store on one core, then on every core, and time it; each
    timing is the best of `repeats` (the host's other load only ever adds time)."""
    registry, roles = load_registry(), load_roles()
    cores = os.cpu_count() or 1
    times: dict[int, list[float]] = {1: [], cores: []}
    for _ in range(repeats):
        for workers, taken in times.items():
            for path in (store_path, *(store_path.with_name(store_path.name + x) for x in WAL)):
                path.unlink(missing_ok=True)  # a fresh store: its write-ahead log goes too
            store = Store(str(store_path))
            started = time.perf_counter()
            loaded = load_paths(files, workers=workers)
            if loaded.articles.empty:  # e.g. a file over the loaders' size limit
                raise RuntimeError(f"the benchmark corpus was rejected: {loaded.rejected[:3]}")
            summary = ingest(store, loaded, registry, workers=workers, roles=roles)
            taken.append(time.perf_counter() - started)
            store.close()

    store = Store(str(store_path))
    sentences = [normalise(s) for s in store.sentence_texts()["text"]]
    floor = min(_time_each(analyzer().polarity_scores, sentences) for _ in range(repeats))
    scorer = min(_time_each(score, sentences) for _ in range(repeats))
    ceiling = _ceiling(sentences, cores, repeats)

    # Registry changes: matching runs again where the change can reach, scores stay.
    _read_through(store_path)
    rematch_s = {}
    for edit, change in EDITS.items():
        taken = []
        for _ in range(repeats):
            started = time.perf_counter()
            sync_registry(store, change(registry), roles=roles)
            taken.append(time.perf_counter() - started)
            sync_registry(store, registry, roles=roles)
        rematch_s[edit] = min(taken)
    taken = []
    for _ in range(repeats):
        store.set_meta("registry_digest", "")  # forces matching again over every article
        started = time.perf_counter()
        sync_registry(store, registry, roles=roles)
        taken.append(time.perf_counter() - started)
    rematch_s[FULL] = min(taken)
    store.close()

    return IngestRun(
        corpus=corpus,
        articles=summary.added,
        sentences=summary.sentences,
        mentions=summary.mentions,
        megabytes=sum(f.stat().st_size for f in files) / 2**20,
        floor_s=floor,
        scorer_s=scorer,
        ceiling=ceiling,
        one_core_s=min(times[1]),
        all_cores_s=min(times[cores]),
        rematch_s=rematch_s,
        store_mb=store_path.stat().st_size / 2**20,
        cores=cores,
    )


def _read_through(store_path: Path) -> None:
    """Read the store's files once, so that the edits find them in memory as the ingest left
    them: a host may have let them go meanwhile (this one reclaims idle page cache), and a
    100k-article store then costs seconds of disk reading that no matching explains."""
    for path in (store_path, *(store_path.with_name(store_path.name + x) for x in WAL)):
        if path.exists():
            with path.open("rb") as f:
                while f.read(1 << 24):
                    pass


def _time_each(scorer, sentences: list[str]) -> float:
    started = time.perf_counter()
    for s in sentences:
        scorer(s)
    return time.perf_counter() - started


def _score_all(sentences: list[str]) -> None:
    for s in sentences:
        score(s)


def _ceiling(sentences: list[str], cores: int, repeats: int) -> float:
    """What every core gives over one on work with no serial part, on this machine now: the
    scorer over CEILING_SENTENCES of the corpus's sentences (a fixed amount, long enough to
    outlast the host's jitter), alone and then shared out to every core."""
    work = list(itertools.islice(itertools.cycle(sentences), CEILING_SENTENCES))
    one = min(_time_each(score, work) for _ in range(repeats))
    parts = [work[i::cores] for i in range(cores)]
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(_score_all, [[]] * cores))  # the workers are up before the clock starts
        every = []
        for _ in range(repeats):
            started = time.perf_counter()
            list(pool.map(_score_all, parts))
            every.append(time.perf_counter() - started)
    return one / min(every)


def scratch_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="actorscope-bench-"))
