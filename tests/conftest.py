"""Shared fixtures: the real registry and matcher, the seed article, a small multi-date corpus,
and a hand-built facts frame of one pair of actors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from app_store import app_on, corpus_store
from browser import chromium_path

from analysis import parallel, schema
from analysis.pipeline import analyse
from analysis.registry.matcher import Matcher
from analysis.registry.table import load_registry

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_TEXT = SEEDS / "000_48fb225f04140536.txt"
SEED_META = SEEDS / "000_48fb225f04140536.meta.json"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
# The tests written for the registry alone count its exact hits: they run without the world
# gazetteer (tests/test_gazetteer_match.py and the seed's test turn it on where they need it).
os.environ.setdefault("ACTORSCOPE_GAZETTEER", "off")
# Likewise the finder of entities in no list (tests/test_found_wired.py turns it on).
os.environ.setdefault("ACTORSCOPE_FOUND", "off")
# Nothing kept in the user's cache folder (tests/test_disk_cache.py gives it its own).
os.environ.setdefault("ACTORSCOPE_CACHE", "off")

# A small corpus written by hand: three weeks of September 2023, one October article and one
# without a date. Monday 2023-09-04 starts the first week.
CORPUS_ROWS = [
    (
        "c1",
        "Putin meets Kim",
        "Wire",
        "2023-09-04",
        "Vladimir Putin met Kim Jong Un in Russia. Kim praised Putin. The talks were good.",
    ),
    (
        "c2",
        "Biden warns",
        "Wire",
        "2023-09-06",
        "Joe Biden warned North Korea. The U.S. will respond with terrible sanctions.",
    ),
    (
        "c3",
        "War goes on",
        "Daily",
        "2023-09-10",
        "Russia and Ukraine fought again. It was a horrible day.",
    ),
    (
        "c4",
        "Shelling",
        "Daily",
        "2023-09-11",
        "Putin\u2019s army shelled Ukraine. NATO condemned the attack.",
    ),
    (
        "c5",
        "Deal signed",
        "Wire",
        "2023-10-02",
        "China and Russia signed a deal. Biden was not pleased.",
    ),
    ("c6", "Undated", "Blog", None, "USA Today says Putin is isolated."),
]


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    """A store of seeds/ and tests/data/multidate.csv, the app pointed at it (the AppTests')."""
    with app_on(corpus_store(tmp_path_factory.mktemp("app"))) as url:
        yield url


@pytest.fixture
def empty_store(tmp_path, monkeypatch):
    """A store with no articles (and no seeds to fill it), the app pointed at it for one test."""
    monkeypatch.setattr("analysis.ingest.SEEDS", tmp_path / "no-seeds")
    (tmp_path / "no-seeds").mkdir()
    with app_on(f"sqlite:///{tmp_path / 'empty.db'}") as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def _default_store_elsewhere(tmp_path_factory):
    """No test writes the developer's own store (data/actorscope.db): unless a test names
    another, the default store is a throw-away file."""
    patch = pytest.MonkeyPatch()
    if "ACTORSCOPE_DB" not in os.environ:
        patch.setenv("ACTORSCOPE_DB", str(tmp_path_factory.mktemp("default") / "store.db"))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def registry() -> pd.DataFrame:
    """The real registry, data/actors.csv, loaded and validated once."""
    return load_registry()


@pytest.fixture(scope="session")
def matcher(registry: pd.DataFrame) -> Matcher:
    return Matcher(registry)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_meta() -> dict:
    return json.loads(SEED_META.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_articles(seed_text: str, seed_meta: dict) -> pd.DataFrame:
    """The seed article as a one-row articles frame."""
    row = {**seed_meta, "article_id": "seed", "text": seed_text, "origin": SEED_TEXT.name}
    return schema.conform(pd.DataFrame([row]), schema.ARTICLES)


@pytest.fixture(scope="session")
def seed_analysis(
    seed_articles: pd.DataFrame, matcher: Matcher
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sentences, mentions) of the seed article."""
    return analyse(seed_articles, matcher, workers=1)


@pytest.fixture(scope="session")
def corpus() -> pd.DataFrame:
    """The hand-written multi-date corpus as an articles frame (schema.ARTICLES)."""
    frame = pd.DataFrame(
        CORPUS_ROWS, columns=["article_id", "title", "source", "published", "text"]
    ).assign(origin="pasted")
    return schema.conform(frame, schema.ARTICLES)


@pytest.fixture(scope="session")
def corpus_analysis(corpus: pd.DataFrame, matcher: Matcher) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sentences, mentions) of the corpus."""
    return analyse(corpus, matcher, workers=1)


@pytest.fixture
def pair_facts() -> pd.DataFrame:
    """A facts frame of Kim and Putin over three weeks: together in a sentence (week 1), in an
    article (week 3), Putin alone (week 2), both in an undated sentence. One hit each, plain
    string ids (not categoricals)."""
    rows = [
        ("a1", 0, "putin", 0.5, "2023-09-04"),
        ("a1", 0, "kim", 0.5, "2023-09-04"),  # together in a sentence, week 1
        ("a1", 1, "putin", -0.4, "2023-09-04"),
        ("a2", 0, "kim", 0.2, "2023-09-20"),  # same article, different sentences, week 3
        ("a2", 3, "putin", -0.6, "2023-09-20"),
        ("a3", 0, "putin", 0.1, "2023-09-13"),  # Putin alone, week 2
        ("a4", 0, "putin", 0.9, None),  # undated: both, never in time
        ("a4", 0, "kim", 0.9, None),
    ]
    frame = pd.DataFrame(
        rows, columns=["article_id", "sent_idx", "actor_id", "compound", "published"]
    )
    frame["hits"] = 1
    frame["source"] = "Wire"
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


@pytest.fixture(scope="session")
def reuters_bodies() -> list[str]:
    """The first few non-empty Reuters-21578 bodies (newswire hard-wrapped at ~70 columns)."""
    path = CORPORA / "reuters21578.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    bodies = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line).get("body")
            if body:
                bodies.append(body)
            if len(bodies) == 8:
                break
    return bodies


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The workers of each process pool started (analysis.parallel's)."""
    started: list[int] = []

    class Counted(parallel.ProcessPoolExecutor):
        def __init__(self, workers: int, **kwargs: object) -> None:
            started.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counted)
    return started


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium for the browser tests (never a browser download)."""
    path = chromium_path()
    if not path:
        pytest.skip("Debian's chromium is not on PATH: run `make chromium` (apt, no download)")
    return path
