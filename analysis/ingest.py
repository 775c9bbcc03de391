"""Loaded articles into the store: skip the known, analyse the new, keep mentions in step."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.actors import DEFAULT_REGISTRY, Matcher
from analysis.loaders import Loaded, Rejected, load_paths
from analysis.pipeline import Progress, analyse_batches, rematch
from analysis.store import Store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BATCH_ARTICLES = 2_000  # one transaction each: a crash loses at most the batch in flight


@dataclass
class Summary:
    added: int = 0
    present: int = 0
    sentences: int = 0
    mentions: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def registry_path() -> Path:
    """The registry file: $ACTORSCOPE_REGISTRY or data/actors.csv."""
    return Path(os.environ.get("ACTORSCOPE_REGISTRY") or DEFAULT_REGISTRY)


def registry_digest(registry: pd.DataFrame) -> str:
    """A fingerprint of the registry's content, to tell when matching must run again."""
    csv = schema.conform(registry, schema.ACTORS).to_csv(index=False)
    return hashlib.sha256(csv.encode()).hexdigest()[:16]


def sync_registry(store: Store, registry: pd.DataFrame, matcher: Matcher | None = None) -> bool:
    """Re-run matching over the stored articles if the registry changed; never re-scores.

    Returns whether the mentions were rebuilt.
    """
    digest = registry_digest(registry)
    if store.get_meta("registry_digest") == digest:
        return False
    matcher = matcher or Matcher(registry)
    sentences = store.read("sentences", ["article_id", "sent_idx", "start"])
    texts = store.read("articles", ["article_id", "text"])
    store.replace_mentions(rematch(sentences, texts, matcher), registry, digest)
    return True


def ingest(
    store: Store,
    loaded: Loaded,
    registry: pd.DataFrame,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Analyse and store the loaded articles not yet in the store, a batch per transaction."""
    matcher = Matcher(registry)
    sync_registry(store, registry, matcher)
    summary = Summary(rejected=list(loaded.rejected))
    articles = loaded.articles
    known = store.has_articles(articles["article_id"])
    fresh = articles[~articles["article_id"].isin(known)]
    summary.present = len(articles) - len(fresh)
    for batch, sentences, mentions in analyse_batches(
        fresh, matcher, workers, batch_articles=BATCH_ARTICLES, progress=progress
    ):
        added = store.add(batch, sentences, mentions)
        summary.added += added.articles
        summary.present += added.present
        summary.sentences += added.sentences
        summary.mentions += added.mentions
    return summary


def seed_if_empty(store: Store, registry: pd.DataFrame) -> Summary | None:
    """Load seeds/ into an empty store (the first run); None when the store has articles."""
    if store.counts()["articles"]:
        sync_registry(store, registry)
        return None
    return ingest(store, load_paths([SEEDS]), registry)
