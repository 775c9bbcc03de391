"""Support for the AppTests: a store of the test corpus, and the app pointed at it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st

from analysis.ingest import ingest
from analysis.load import Loaded, load_paths
from analysis.plain import WORD_JOINER
from analysis.registry.table import load_registry
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]


def page_html(at) -> list[str]:
    """The bodies of the page's st.html elements, without the app's own static style
    (app_pages/sidebar.py CHIP_STYLE, on every page)."""
    from app_pages.sidebar import CHIP_STYLE

    return [h.proto.body for h in at.get("html") if h.proto.body != CHIP_STYLE]


def fresh_caches() -> None:
    """Streamlit's caches outlive an AppTest: clear them when the store changes."""
    st.cache_resource.clear()
    st.cache_data.clear()


def corpus_store(folder: Path, *extra: Loaded) -> str:
    """A SQLite store of seeds/ and tests/data/multidate.csv (and any extra articles); its URL."""
    url = f"sqlite:///{folder / 'store.db'}"
    store = Store(url)
    registry = load_registry()
    for loaded in (load_paths(CORPUS), *extra):
        ingest(store, loaded, registry)
    store.close()
    return url


@contextmanager
def app_on(url: str) -> Iterator[str]:
    """The app reads this store (and the default registry) until the block ends."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACTORSCOPE_DB", url)
        mp.delenv("ACTORSCOPE_REGISTRY", raising=False)
        fresh_caches()
        yield url
    fresh_caches()


def shown_text(markdown_source: str) -> str:
    """The text a visitor reads of Markdown escaped by analysis.plain.markdown (its backslashes
    and word joiners gone); Markdown of the page's own, such as **, stays."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown_source.replace(WORD_JOINER, ""))
