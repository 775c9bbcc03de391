"""The Quotes page's cached reads (app_pages.data's, kept apart to keep that module short):
every quotation of the corpus found once per corpus, and a view's, cached like view_trends."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import query, quotes, view
from analysis.query import Corpus
from app_pages import data


def view_quotes(revision: int, v: view.View) -> pd.DataFrame:
    """analysis.quotes.view_quotes of the view (its dates, sources, and the quotations by or
    about its actors): cached for every visitor, or, with private articles, for this one."""
    if data._has_private():
        key = ("quotes", revision, v)
        return data._session_cached(
            key, lambda: quotes.view_quotes(_every_quotes(), data.corpus().articles, v)
        )
    return _shared_quotes(revision, v)


# A resource, like the corpus: a hit hands out the frame itself instead of a copy.
# The first view of a corpus finds every quotation (some 20 s on Reuters-21578): say so.
@st.cache_resource(max_entries=64, show_spinner="Finding the quotations…")
def _shared_quotes(revision: int, v: view.View) -> pd.DataFrame:
    c = data._shared_corpus()
    return quotes.view_quotes(query.derived(c, "quotes", _store_quotes), c.articles, v)


def _store_quotes(c: Corpus) -> pd.DataFrame:
    """Every quotation of the shared store: built once per corpus, with it (its memo)."""
    return quotes.store_quotes(data.store(), c.registry)


def _every_quotes() -> pd.DataFrame:
    """Every quotation of the shared store and of this session's workspace (kept in this
    session only: its articles are private)."""
    shared = query.derived(data._shared_corpus(), "quotes", _store_quotes)
    ws = data.workspace()
    if ws is None:
        return shared
    own = data._session_cached(
        ("quotes_private", ws.revision()), lambda: quotes.store_quotes(ws, data.corpus().registry)
    )
    return pd.concat([shared, own], ignore_index=True)
