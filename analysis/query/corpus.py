"""The corpus the pages query, loaded once per store revision: articles and sentences without
their text, and every mention fact, unless the facts mirror (analysis.mirror) is level with
the store, where DuckDB answers instead (the facts then read only if a question needs them);
and the shared corpus merged with a session's private workspace."""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analysis import facts, mirror, schema
from analysis.query import parquet, parquet_facts
from analysis.registry import curate
from analysis.registry.gazetteer import active_gazetteer, layered
from analysis.store import Store


class Memo:
    """What is derived from one corpus, built once and shared read-only (treat it so).

    It lives and goes with its corpus: a shared corpus's with the server's cache of it, a
    private one's with the session holding it, so nothing built from one visitor's articles
    reaches another. One lock: two sessions asking at once build a frame once, not twice.
    """

    def __init__(self, bounded: int = 16) -> None:
        self._lock = threading.RLock()  # a build may ask for another (daily asks for facts)
        self._held: dict = {}
        self._recent: OrderedDict = OrderedDict()  # per-view frames: the newest `bounded`
        self._bounded = bounded

    def get(self, key, build: Callable[[], object], bounded: bool = False) -> object:
        """build(), once per key; bounded: among the newest few (a frame per view)."""
        with self._lock:
            if not bounded:
                if key not in self._held:
                    self._held[key] = build()
                return self._held[key]
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
            value = self._recent[key] = build()
            while len(self._recent) > self._bounded:
                self._recent.popitem(last=False)
            return value


@dataclass(frozen=True)
class Corpus:
    """Everything the charts need, without article or sentence text.

    revision is the store's; negative for a corpus with a session's private articles. The
    mention facts are `loaded`, or None: read on first use (`facts`), when the facts' Parquet
    mirror at `mirror` was level with the store as it loaded and DuckDB answers from it.
    """

    loaded: pd.DataFrame | None  # analysis.facts.FACT_COLUMNS, or None (see `facts`)
    articles: pd.DataFrame  # analysis.facts.article_facts
    sentences: pd.DataFrame  # article_id, sent_idx, compound: every sentence's tone
    registry: pd.DataFrame  # schema.ACTORS
    revision: int
    mirror: Path | None = None
    read_facts: Callable[[], pd.DataFrame] | None = field(default=None, repr=False, compare=False)
    # Not a field to copy: dataclasses.replace gives the new corpus a memo of its own.
    memo: Memo = field(default_factory=Memo, init=False, repr=False, compare=False)

    @property
    def facts(self) -> pd.DataFrame:
        """Every fact (analysis.facts.FACT_COLUMNS, TOWARD too): held, or read from the store
        the first time a question the mirror does not answer asks for them, then kept."""
        if self.loaded is not None:
            return self.loaded
        return self.memo.get("facts", self.read_facts)

    def mirrored(self) -> Path | None:
        """The mirror, while it is level with this corpus (else None: the facts serve)."""
        return self.mirror if parquet.available(self.mirror, self.revision) else None

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.registry["actor_id"], self.registry["name"], strict=True))

    @property
    def sources(self) -> list[str]:
        return sorted(self.articles["source"].dropna().unique().tolist())

    def actor_mentions(self) -> pd.Series:
        """Every actor's mentions (hits), by actor id in id order."""

        def build() -> pd.Series:
            path = self.mirrored() if self.loaded is None else None
            if path is not None:
                return parquet_facts.actor_mentions(path)
            counts = self.facts.groupby("actor_id", observed=True)["hits"].sum()
            counts = counts.set_axis(counts.index.astype(str)).sort_index()
            return counts.astype("int64").rename("hits")

        return self.memo.get("actor_mentions", build)

    def top_actors(self, n: int) -> list[str]:
        counts = self.actor_mentions()
        return counts.sort_values(ascending=False, kind="stable").head(n).index.tolist()


def derived(c: Corpus, name: str, build: Callable[[Corpus], object]) -> object:
    """build(c), computed once per corpus and shared read-only (treat it so); `name` tells
    apart what is built from one corpus."""
    return c.memo.get(name, lambda: build(c))


def load_corpus(s: Store, revision: int) -> Corpus:
    """The corpus of a store (the app caches it per revision: app_pages.data.corpus). With
    the facts' mirror level with `revision`, the facts stay there (Corpus.facts)."""
    path = mirror.mirror_path()
    if parquet.available(path, revision):
        read = s.read_many(
            {
                "articles": ["article_id", "title", "published", "source", *facts.ARTICLE_MARKS],
                "sentences": ["article_id", "sent_idx", "compound"],
            }
        )
        articles, sentences = read.pop("articles"), read.pop("sentences")
        corpus = Corpus(
            loaded=None,
            articles=facts.article_facts(articles, sentences),
            sentences=_compact(sentences, _article_ids(articles)),
            registry=_in_force(s, set(parquet_facts.actor_mentions(path).index)),
            revision=revision,
            mirror=path,
            read_facts=lambda: _read_facts(s)[0],
        )
    else:
        fact, articles, sentences = _read_facts(s)
        corpus = Corpus(
            loaded=fact,
            articles=facts.article_facts(articles, sentences),
            sentences=_compact(sentences, _article_ids(articles)),
            registry=_in_force(s, _mentioned(fact)),
            revision=revision,
        )
    del articles, sentences  # the columns as read go before the memory goes back
    _release_memory()
    return corpus


def _read_facts(s: Store) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The store's mention facts (hidden actors' left out), and the articles and sentences
    as read for them."""
    read = s.read_many(
        {
            "articles": ["article_id", "title", "published", "source", *facts.ARTICLE_MARKS],
            "sentences": ["article_id", "sent_idx", "compound"],
            "mentions": ["article_id", "sent_idx", "actor_id", "toward"],
        }
    )
    articles, sentences = read["articles"], read["sentences"]
    gone = curate.hidden(s)
    mentions = read["mentions"]
    if gone:
        mentions = mentions[~mentions["actor_id"].isin(gone)]
    return facts.mention_facts(mentions, sentences, articles), articles, sentences


def _mentioned(fact: pd.DataFrame) -> set[str]:
    return set(fact["actor_id"].astype(str).unique().tolist()) if len(fact) else set()


def _article_ids(articles: pd.DataFrame):
    """The articles' ids as mention_facts numbers them (its article_id categories)."""
    return pd.unique(articles["article_id"].astype(str))


def _in_force(s: Store, mentioned: set[str]) -> pd.DataFrame:
    """The store's registry, with the gazetteer's actors under it and the entities found in
    no list that the corpus mentions (schema.LAYERED_ACTORS: `origin` tells which is which);
    the gazetteer's others would only lengthen every list of actors. Hidden ones are left out."""
    actors = layered(s.read("actors"), active_gazetteer())
    found = curate.found_actors(curate.found_entities(s))
    actors = pd.concat([actors, found], ignore_index=True) if len(found) else actors
    keep = (actors["origin"] == schema.ORIGIN_REGISTRY) | actors["actor_id"].isin(mentioned)
    return actors[keep & ~actors["actor_id"].isin(curate.hidden(s))].reset_index(drop=True)


def _release_memory() -> None:
    """Give the memory freed while loading back to the system. Arrow's allocator and glibc's
    malloc keep freed blocks for reuse: at a million mention rows, hundreds of MB the app
    would hold for good, under every later peak."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: left as it is
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _compact(sentences: pd.DataFrame, ids) -> pd.DataFrame:
    """Sentences with their article id as a categorical of the articles' ids (`_article_ids`,
    the facts' categories): a code per row instead of a string, and integer work when
    filtering."""
    ids = pd.Index(ids).to_numpy()
    codes = facts.article_codes(sentences["article_id"], ids)
    out = sentences.copy()
    out["article_id"] = pd.Categorical.from_codes(codes, categories=ids)
    return out


def merge(shared: Corpus, ws: Store, revision: int, gone: frozenset[str] = frozenset()) -> Corpus:
    """The shared corpus with the workspace's articles added; the actors are the shared ones
    and those only the workspace mentions (gazetteer actors, entities found in no list).
    revision is the merged corpus's (negative: app_pages.data gives one per session)."""
    articles = ws.read(
        "articles", ["article_id", "title", "published", "source", *facts.ARTICLE_MARKS]
    )
    if articles.empty:
        return shared
    sentences = ws.read("sentences", ["article_id", "sent_idx", "compound"])
    mentions = ws.read("mentions", ["article_id", "sent_idx", "actor_id", "toward"])
    if gone:
        mentions = mentions[~mentions["actor_id"].isin(gone)]
    fact = facts.mention_facts(mentions, sentences, articles)
    own = _in_force(ws, _mentioned(fact))
    own = own[~own["actor_id"].isin(set(shared.registry["actor_id"].tolist()) | gone)]
    # The private part stays pandas: the merged facts are the shared ones (read when first
    # asked for) with the workspace's under them.
    return Corpus(
        loaded=None,
        articles=_stack(shared.articles, facts.article_facts(articles, sentences)),
        sentences=_stack(shared.sentences, _compact(sentences, _article_ids(articles))),
        registry=pd.concat([shared.registry, own], ignore_index=True)
        if len(own)
        else shared.registry,
        revision=revision,
        read_facts=lambda: _stack(shared.facts, fact),
    )


def _stack(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """a then b; categorical columns stay categorical (their categories united)."""
    if b.empty:
        return a
    if a.empty:
        return b.reset_index(drop=True)
    out = pd.concat([a, b], ignore_index=True)
    for col in a.columns:
        if isinstance(a[col].dtype, pd.CategoricalDtype) and out[col].dtype != a[col].dtype:
            out[col] = out[col].astype("category")
    return out
