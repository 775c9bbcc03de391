"""One visitor's upload batch: read, cut to its budgets and previewed, or analysed to be stored.

The jobs here are what analysis.sandbox runs in a child process for a hosted app (plain,
picklable arguments; nothing from the store), and what a local app runs in its own process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath

import pandas as pd

from analysis import schema
from analysis.fetch import combine
from analysis.ingest import Analyse, preview_parts, text_fits
from analysis.load import DOCUMENTS, Budget, Limits, Loaded, Rejected, load_bytes, load_text
from analysis.pipeline import Batch, Progress, analyse_batches
from analysis.registry.matcher import Matcher
from analysis.sandbox import WorkLimits, run

ADD_HINT = "add fewer articles at a time"


@dataclass(frozen=True)
class Room:
    """What a batch still takes: articles and bytes of UTF-8 text, with its caps for the
    lines that say what was left out."""

    articles: int
    text_bytes: int
    max_articles: int
    max_mb: float

    @classmethod
    def left(cls, held: pd.DataFrame | None, max_articles: int, max_bytes: int, max_mb: float):
        """The room beside the articles the batch holds already (None: an empty batch)."""
        if held is None or held.empty:
            return cls(max_articles, max_bytes, max_articles, max_mb)
        used = int(held["text"].map(lambda t: len(t.encode("utf-8", "replace"))).sum())
        return cls(max(max_articles - len(held), 0), max(max_bytes - used, 0), max_articles, max_mb)

    def fit(self, loaded: Loaded) -> Loaded:
        """The first articles that fit; a line for the rest."""
        if len(loaded.articles) > self.articles:
            loaded = cut(loaded, self.articles, f"left out: limit {self.max_articles:,} per batch")
        fits = text_fits(loaded.articles, self.text_bytes)
        if fits < len(loaded.articles):
            why = f"left out: the batch holds at most {self.max_mb:g} MB of text"
            loaded = cut(loaded, fits, why)
        return loaded


def cut(loaded: Loaded, keep: int, why: str) -> Loaded:
    """The first `keep` articles, and a line for the rest: "N articles <why>"."""
    dropped = len(loaded.articles) - keep
    return Loaded(
        loaded.articles.iloc[:keep],
        [*loaded.rejected, Rejected("batch", f"{dropped} articles {why}")],
        loaded.notices,
    )


def prepare(read: Callable[[], list[Loaded]], room: Room, matcher: Matcher):
    """(the articles read, cut to the room, their preview rows and their entities of no list:
    ingest.preview_parts)."""
    loaded = room.fit(combine(read()))
    return (loaded, *preview_parts(loaded, matcher))


def pasted(text: str, meta: dict) -> list[Loaded]:
    """A reader of pasted text (meta: load_text's title, published, source)."""
    return [load_text(text, **meta)]


def given(*parts: Loaded) -> list[Loaded]:
    """A reader of inputs read already (a fetched page or feed)."""
    return list(parts)


def read_files(
    files: list[tuple[str, bytes]], limits: Limits, published=None, source: str = ""
) -> list[Loaded]:
    """Each (name, bytes) loaded; X.meta.json beside X.txt gives its metadata, as on disk.
    The files' archives share one expansion budget; the date and source fill articles that
    carry none."""
    sidecars, parts = {}, []
    budget = Budget(limits)
    for name, content in files:
        if name.endswith(".meta.json"):
            try:
                found = json.loads(content)
                if not isinstance(found, dict):
                    raise ValueError("not a JSON object")
                sidecars[name.removesuffix(".meta.json")] = found
            except ValueError as exc:
                parts.append(rejected(name, f"malformed JSON sidecar: {exc}"))
    for name, content in files:
        if name.endswith(".meta.json"):
            continue
        stem = name.rsplit(".", 1)[0]
        own = sidecars.get(stem) if PurePosixPath(name).suffix.lower() in DOCUMENTS else None
        parts.append(fill(load_bytes(name, content, limits, own, budget), published, source))
    return parts


def fill(loaded: Loaded, published, source: str) -> Loaded:
    """Fill the date and source of articles that carry none."""
    arts = loaded.articles
    if published:
        arts["published"] = arts["published"].fillna(pd.Timestamp(published))
    if source.strip():
        arts["source"] = arts["source"].fillna(source.strip())
    return loaded


def rejected(name: str, reason: str) -> Loaded:
    return Loaded(schema.empty(schema.ARTICLES), [Rejected(name, reason)])


def analysed(
    articles: pd.DataFrame, matcher: Matcher, batch_articles: int, progress: Progress | None = None
) -> list[tuple[int, list[tuple], list[tuple]]]:
    """Every article split, scored and matched in this process: (articles, sentence rows,
    mention rows) per batch; the articles themselves are the caller's already."""
    found = analyse_batches(articles, matcher, 1, batch_articles=batch_articles, progress=progress)
    return [(len(b.articles), b.sentence_rows, b.mention_rows) for b in found]


def sandboxed(limits: WorkLimits | None) -> Analyse:
    """An `analyse` for ingest(): the analysis in a child within `limits` (all of it before
    the first batch is stored); pipeline.analyse_batches itself when None."""
    if limits is None:
        return analyse_batches
    return partial(_sandboxed, limits)


def _sandboxed(
    limits: WorkLimits,
    articles: pd.DataFrame,
    matcher: Matcher,
    workers: int | None,
    batch_articles: int,
    progress: Progress | None = None,
) -> Iterator[Batch]:
    rows = run(
        analysed, articles, matcher, batch_articles, limits=limits, progress=progress,
        hint=ADD_HINT,
    )  # fmt: skip
    done = 0
    for size, sentences, mentions in rows:
        yield Batch(articles.iloc[done : done + size], sentences, mentions)
        done += size
