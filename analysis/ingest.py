"""Loaded articles into the store: skip the known, analyse the new, keep mentions in step."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import copies, language, mirror, schema
from analysis.found import find_entities, found_on
from analysis.load import Loaded, Rejected, load_paths
from analysis.pipeline import Batch, Progress, analyse_batches
from analysis.registry import curate
from analysis.registry.matcher import Matcher
from analysis.registry.sync import (
    REGISTRY_SOURCE,
    active_registry,
    registry_digest,
    registry_path,
    rematch_all,
    rematch_stale,
    save_registry,
    sync,
    sync_registry,
)
from analysis.store import Store
from analysis.text import split_sentences

# The registry's side (analysis.registry.sync) is imported from here too, as it always was.
__all__ = [
    "IN_BATCH", "IN_STORE", "PREVIEW_COLUMNS", "Analyse", "REGISTRY_SOURCE", "SEEDS", "Summary",
    "active_registry", "apply_preview", "ingest", "mark_duplicates", "preview", "preview_parts",
    "preview_rows",
    "registry_digest", "registry_path", "rematch_all", "rematch_stale", "save_registry",
    "seed_if_empty", "sync_registry",
]  # fmt: skip

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BATCH_ARTICLES = 2_000  # one transaction each: a crash loses at most the batch in flight
PREVIEW_COLUMNS = [
    "keep", "title", "published", "source", "sentences", "actors", "duplicate", "origin",
    "article_id", "actor_ids",
]  # fmt: skip
PREVIEW_EDITABLE = ("keep", "title", "published", "source")
PREVIEW_NAMES = 4  # actors named in a preview row; the rest are counted
IN_STORE = "already stored"
Analyse = Callable[..., Iterable[Batch]]  # (articles, matcher, workers, batch_articles=, progress=)
IN_BATCH = "twice in this batch"


@dataclass
class Summary:
    added: int = 0
    present: int = 0
    sentences: int = 0
    mentions: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    rematched: int = 0  # articles matched again: the registry was edited during the ingest


def ingest(
    store: Store,
    loaded: Loaded,
    registry: pd.DataFrame,
    workers: int | None = None,
    progress: Progress | None = None,
    roles: pd.DataFrame | None = None,
    analyse: Analyse = analyse_batches,
) -> Summary:
    """Analyse and store the loaded articles not yet in the store, a batch per transaction
    (with `roles`, analysis.registry.roles, dated roles resolve on each article's date). A registry
    edit made meanwhile reaches these articles too: those matched under the registry before
    are matched again at the end (rematch_stale). `analyse` is analysis.pipeline's
    analyse_batches or one with its signature (analysis.batch.sandboxed runs it in a child
    process: what it raises comes before anything is stored)."""
    matcher = sync(store, registry, Matcher(registry, roles), roles, None, workers)[0]
    digest = registry_digest(matcher.registry, roles)
    summary = Summary(rejected=list(loaded.rejected))
    articles = loaded.articles
    known = store.has_articles(articles["article_id"])
    fresh = articles[~articles["article_id"].isin(known)]
    summary.present = len(articles) - len(fresh)
    finder = copies.Finder(copies.stored(store) if len(fresh) else [])
    facts_path = mirror.mirror_path()  # the Parquet mirror of the facts, when asked for
    if facts_path and not mirror.is_current(facts_path, store.revision()):
        mirror.bring_level(store, facts_path)  # level first, for the batches to append to
    for batch in analyse(fresh, matcher, workers, batch_articles=BATCH_ARTICLES, progress=progress):
        before = store.revision() if facts_path else 0
        arts, signed = marked(batch.articles, batch.sentence_rows, finder)
        added = store.add_rows(arts, batch.sentence_rows, batch.mention_rows, digest, signed)
        if facts_path:
            mirror.after_write(store, facts_path, before, batch, added.articles, added.present)
        summary.added += added.articles
        summary.present += added.present
        summary.sentences += added.sentences
        summary.mentions += added.mentions
    summary.rematched = rematch_stale(store, roles, matcher, workers=workers)
    # Left behind (a re-match, or another process wrote meanwhile): brought level again.
    if facts_path and not mirror.is_current(facts_path, store.revision()):
        mirror.bring_level(store, facts_path)
    elif facts_path:
        mirror.compact(store, facts_path)  # the batches' files of each month into one
    return summary


def marked(
    articles: pd.DataFrame, sentence_rows: list[tuple], finder: copies.Finder
) -> tuple[pd.DataFrame, list[tuple[str, bytes]]]:
    """A batch's articles with their `language` and `copy_of` (of the finder's articles, the
    store's and the earlier batches', and of those before them in this batch, the earliest
    published first), and each one's (article_id, signature). The pipeline's workers found
    the language already: only an article whose sentences came back unscored is looked at
    again here for its code (analysis/language.py)."""
    out = articles.copy()
    texts = out["text"].fillna("").astype(str).tolist()
    ids = out["article_id"].astype(str).tolist()
    unscored = {row[0] for row in sentence_rows if row[4] is None}
    codes = [
        language.detect(t) if aid in unscored else language.scored_code(t)
        for aid, t in zip(ids, texts, strict=True)
    ]
    out["language"] = pd.array(codes, dtype="string")
    # NaT sorts last: an undated article is the copy, not the original.
    order = np.argsort(pd.to_datetime(out["published"]).to_numpy(), kind="stable")
    copy_of, signed = [None] * len(ids), []
    for i in order.tolist():
        copy_of[i], signature = finder.add(ids[i], texts[i])
        signed.append((ids[i], signature))
    out["copy_of"] = pd.array(copy_of, dtype="string")
    return out, signed


def seed_if_empty(
    store: Store, registry: pd.DataFrame, roles: pd.DataFrame | None = None
) -> Summary | None:
    """Load seeds/ into an empty store (the first run); None when the store has articles."""
    if store.count("articles"):
        sync_registry(store, registry, roles=roles)
        return None
    return ingest(store, load_paths([SEEDS]), registry, roles=roles)


def preview(loaded: Loaded, matcher: Matcher, known_ids: Iterable[str]) -> pd.DataFrame:
    """One row per loaded article, before anything is stored: splitting and matching only.

    Needs loaded.articles' article_id, title, published, source, origin, text. Returns
    PREVIEW_COLUMNS: `keep` (False for duplicates), `sentences` (count), `actors` (names of the
    most mentioned, "+N" for the rest), `duplicate` (IN_STORE, IN_BATCH or ""), `actor_ids`
    (every actor found, most mentioned first, comma-separated). Its row order and index are
    those of loaded.articles, which `apply_preview` relies on.
    """
    return mark_duplicates(preview_rows(loaded, matcher), known_ids)


def preview_rows(loaded: Loaded, matcher: Matcher) -> pd.DataFrame:
    """The preview's rows without the store: the heavy part (splitting, matching), which needs
    nothing but the articles and the matcher. Every row kept, no duplicate marked yet."""
    return preview_parts(loaded, matcher)[0]


def preview_parts(loaded: Loaded, matcher: Matcher) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(preview_rows, the entities of no list found in each article: curate.BATCH_FOUND),
    matched once. The entities are found as ingest finds them (none when found_on() is off),
    for the preview to list the batch's new ones (curate.new_in_batch)."""
    rows, entities = [], []
    for art in loaded.articles.itertuples():
        text = "" if pd.isna(art.text) else str(art.text)
        spans = split_sentences(text)
        found = matcher.find(text, art.published)
        counts = Counter(actor_id for _, _, actor_id, _ in found)
        names = [matcher.names[a] for a, _ in counts.most_common(PREVIEW_NAMES)]
        more = len(counts) - len(names)
        rows.append(
            {
                "keep": True,
                "title": art.title,
                "published": art.published,
                "source": art.source,
                "sentences": len(spans),
                "actors": ", ".join(names) + (f", +{more}" if more else ""),
                "duplicate": "",
                "origin": art.origin,
                "article_id": str(art.article_id),
                "actor_ids": ",".join(a for a, _ in counts.most_common()),
            }
        )
        if found_on():
            entities += _entities(str(art.article_id), text, spans, found)
    out = pd.DataFrame(rows, columns=PREVIEW_COLUMNS, index=loaded.articles.index)
    out["keep"] = out["keep"].astype(bool)
    out["sentences"] = out["sentences"].astype("int64")
    for col in ("title", "source", "actors", "duplicate", "origin", "article_id", "actor_ids"):
        out[col] = out[col].astype("string")
    out["published"] = pd.to_datetime(out["published"]).astype("datetime64[s]")
    found = pd.DataFrame(entities, columns=list(curate.BATCH_FOUND))
    return out, schema.conform(found, curate.BATCH_FOUND)


def _entities(aid: str, text: str, spans: list, claimed: list) -> list[tuple]:
    """(article_id, actor_id, name, kind, mentions) of each entity of no list in one article,
    as pipeline._mentions finds them (what the lists matched is claimed; ambiguous not kept)."""
    starts = [s for s, _ in spans] or [0]
    hits = find_entities(text, starts, [(start, end) for start, end, *_ in claimed])
    counts = Counter((f.entity_id, f.name, f.kind) for f in hits if not f.ambiguous)
    return [(aid, eid, name, kind, n) for (eid, name, kind), n in counts.items()]


def mark_duplicates(rows: pd.DataFrame, known_ids: Iterable[str]) -> pd.DataFrame:
    """The preview rows with `duplicate` and `keep` set: IN_STORE for a known id, IN_BATCH for
    a text seen higher up in the rows, "" (and kept) for the rest."""
    known = set(known_ids)
    ids = rows["article_id"].astype(str)
    duplicate = ids.map(lambda aid: IN_STORE if aid in known else "")
    duplicate = duplicate.where(~(ids.duplicated() & (duplicate == "")), IN_BATCH)
    out = rows.copy()
    out["duplicate"] = duplicate.astype("string")
    out["keep"] = (duplicate == "").astype(bool)
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


def text_fits(articles: pd.DataFrame, budget: int) -> int:
    """How many of the first articles fit in `budget` bytes of UTF-8 text together."""
    sizes = articles["text"].map(lambda t: len(t.encode("utf-8", "replace")))
    return int((sizes.cumsum() <= budget).sum())
