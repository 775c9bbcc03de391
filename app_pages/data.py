"""The one Streamlit-aware data layer: cached reads of the store and the current view."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from analysis import facts, view
from analysis.actors import load_registry
from analysis.comentions import comentions
from analysis.ingest import registry_path, seed_if_empty
from analysis.store import Store, articles_table, mentions_table, sentences_table
from analysis.trends import trends

VIEW_KEY = "view"


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One store (a connection pool) per server process, seeded on first use when empty."""
    s = Store()
    seed_if_empty(s, load_registry(registry_path()))
    return s


@dataclass(frozen=True)
class Corpus:
    """Everything the charts need, without article or sentence text."""

    facts: pd.DataFrame  # analysis.facts.FACT_COLUMNS
    articles: pd.DataFrame  # analysis.facts.article_facts
    sentences: pd.DataFrame  # article_id, sent_idx, compound: every sentence's tone
    registry: pd.DataFrame  # schema.ACTORS
    revision: int

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.registry["actor_id"], self.registry["name"], strict=True))

    @property
    def sources(self) -> list[str]:
        return sorted(self.articles["source"].dropna().unique().tolist())

    def top_actors(self, n: int) -> list[str]:
        counts = self.facts.groupby("actor_id", observed=True)["hits"].sum()
        return counts.sort_values(ascending=False).head(n).index.astype(str).tolist()


# A resource, not data: the frames are shared read-only by every session instead of being
# copied on every rerun (a million mention rows would cost more to copy than to filter).
@st.cache_resource(max_entries=2, show_spinner="Loading the corpus…")
def _corpus(url: str, revision: int) -> Corpus:
    s = store()
    articles = s.read("articles", ["article_id", "title", "published", "source"])
    sentences = s.read("sentences", ["article_id", "sent_idx", "compound"])
    mentions = s.read("mentions", ["article_id", "sent_idx", "actor_id"])
    return Corpus(
        facts=facts.mention_facts(mentions, sentences, articles),
        articles=facts.article_facts(articles, sentences),
        sentences=sentences,
        registry=s.read("actors"),
        revision=revision,
    )


def corpus() -> Corpus:
    """The corpus at the store's current revision: a new ingest shows without a restart."""
    s = store()
    return _corpus(s.url, s.revision())


def current_view() -> view.View:
    """The view the sidebar set for this run (see streamlit_app.py)."""
    return st.session_state.get(VIEW_KEY, view.View())


def view_facts(c: Corpus, v: view.View, actors: bool = True) -> pd.DataFrame:
    """The corpus facts inside the view's dates and sources (and actors, unless told not to)."""
    f = facts.roll_up(c.facts, c.registry) if not v.people else c.facts
    return facts.select(f, v.actors if actors else None, v.start, v.end, v.sources)


def view_articles(c: Corpus, v: view.View) -> pd.DataFrame:
    """The articles inside the view's dates and sources."""
    return facts.select(c.articles, None, v.start, v.end, v.sources)


@st.cache_data(max_entries=64, show_spinner=False)
def view_trends(revision: int, v: view.View, min_count: int) -> pd.DataFrame:
    c = corpus()
    return trends(view_facts(c, v), view_articles(c, v), freq=v.freq, min_count=min_count)


@st.cache_data(max_entries=64, show_spinner=False)
def view_pairs(revision: int, v: view.View, window: str) -> pd.DataFrame:
    c = corpus()
    arts = view_articles(c, v)
    if window == "sentence":
        units = int(c.sentences["article_id"].isin(arts["article_id"]).sum())
    else:
        units = len(arts)
    return comentions(view_facts(c, v), units, window=window)


def sentence_text(keys: pd.DataFrame) -> pd.DataFrame:
    """Text of the sentences named by keys (article_id, sent_idx): one page, fetched on demand."""
    if keys.empty:
        return pd.DataFrame(columns=["article_id", "sent_idx", "text", "start", "end"])
    t = sentences_table
    pairs = list(zip(keys["article_id"].astype(str), keys["sent_idx"].astype(int), strict=True))
    query = sa.select(t.c.article_id, t.c.sent_idx, t.c.text, t.c.start, t.c.end).where(
        sa.tuple_(t.c.article_id, t.c.sent_idx).in_(pairs)
    )
    return store().query(query)


def article(article_id: str) -> dict | None:
    """One whole article with its metadata, or None."""
    query = sa.select(articles_table).where(articles_table.c.article_id == article_id)
    rows = store().query(query)
    return rows.iloc[0].to_dict() if len(rows) else None


def article_mentions(article_id: str) -> pd.DataFrame:
    """The mentions of one article (offsets into its text), for highlighting."""
    query = sa.select(mentions_table).where(mentions_table.c.article_id == article_id)
    return store().query(query)


def open_evidence(focus, window: str = "sentence", period=None) -> None:
    """Show the sentences behind a clicked chart element on the Evidence page."""
    st.session_state["focus"] = [str(a) for a in focus]
    st.session_state["window"] = window
    st.session_state["period"] = period
    st.switch_page("app_pages/evidence.py")
