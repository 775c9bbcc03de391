"""Loaded articles into the store: skip the known, analyse the new, keep mentions in step."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.actors import DEFAULT_REGISTRY, Matcher
from analysis.loaders import Loaded, Rejected, load_paths
from analysis.pipeline import Progress, analyse_batches, rematch
from analysis.store import Store
from analysis.text import split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BATCH_ARTICLES = 2_000  # one transaction each: a crash loses at most the batch in flight
PREVIEW_COLUMNS = [
    "keep", "title", "published", "source", "sentences", "actors", "duplicate", "origin",
    "article_id", "actor_ids",
]  # fmt: skip
PREVIEW_EDITABLE = ("keep", "title", "published", "source")
PREVIEW_NAMES = 4  # actors named in a preview row; the rest are counted
IN_STORE = "already stored"
IN_BATCH = "twice in this batch"


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
    mentions = rematch(sentences, texts, matcher)
    store.replace_mentions(mentions, registry, digest, article_ids=texts["article_id"])
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


def preview(loaded: Loaded, matcher: Matcher, known_ids: Iterable[str]) -> pd.DataFrame:
    """One row per loaded article, before anything is stored: splitting and matching only.

    Needs loaded.articles' article_id, title, published, source, origin, text. Returns
    PREVIEW_COLUMNS: `keep` (False for duplicates), `sentences` (count), `actors` (names of the
    most mentioned, "+N" for the rest), `duplicate` (IN_STORE, IN_BATCH or ""), `actor_ids`
    (every actor found, most mentioned first, comma-separated). Its row order and index are
    those of loaded.articles, which `apply_preview` relies on.
    """
    known = set(known_ids)
    seen: set[str] = set()
    rows = []
    for art in loaded.articles.itertuples():
        aid = str(art.article_id)
        text = "" if pd.isna(art.text) else str(art.text)
        if aid in known:
            duplicate = IN_STORE
        elif aid in seen:
            duplicate = IN_BATCH
        else:
            duplicate = ""
        seen.add(aid)
        counts = Counter(actor_id for _, _, actor_id, _ in matcher.find(text))
        names = [matcher.names[a] for a, _ in counts.most_common(PREVIEW_NAMES)]
        more = len(counts) - len(names)
        rows.append(
            {
                "keep": not duplicate,
                "title": art.title,
                "published": art.published,
                "source": art.source,
                "sentences": len(split_sentences(text)),
                "actors": ", ".join(names) + (f", +{more}" if more else ""),
                "duplicate": duplicate,
                "origin": art.origin,
                "article_id": aid,
                "actor_ids": ",".join(a for a, _ in counts.most_common()),
            }
        )
    out = pd.DataFrame(rows, columns=PREVIEW_COLUMNS, index=loaded.articles.index)
    out["keep"] = out["keep"].astype(bool)
    out["sentences"] = out["sentences"].astype("int64")
    for col in ("title", "source", "actors", "duplicate", "origin", "article_id", "actor_ids"):
        out[col] = out[col].astype("string")
    out["published"] = pd.to_datetime(out["published"]).astype("datetime64[s]")
    return out


def apply_preview(articles: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """The articles to store: the preview's kept rows, with its edited titles, dates and sources.

    `edited` is the preview (PREVIEW_EDITABLE columns at least) with the same index as
    `articles`. Blank edits become missing values; the second copy of a text in the batch is
    dropped (the store holds each text once).
    """
    out = articles.copy()
    rows = edited.reindex(out.index)
    for col in ("title", "source"):
        values = rows[col].astype("string").str.strip()
        out[col] = values.where(values.fillna("") != "", pd.NA)
    out["published"] = pd.to_datetime(rows["published"], errors="coerce")
    out = out[rows["keep"].fillna(False).astype(bool)]
    out = out.drop_duplicates("article_id", keep="first")
    return schema.conform(out, schema.ARTICLES)
