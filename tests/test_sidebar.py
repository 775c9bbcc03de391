"""The shared sidebar: filters seeded from the URL, kept in step as the corpus grows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st
from app_store import shown_text
from streamlit.testing.v1 import AppTest

from analysis.ingest import SEEDS, ingest
from analysis.load import load_paths, load_text
from analysis.registry.table import load_registry
from analysis.store import Store

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    ingest(store, load_paths([SEEDS]), load_registry())
    store.close()
    monkeypatch.setenv("ACTORSCOPE_DB", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def add(url: str, text: str, published: str) -> None:
    store = Store(url)
    ingest(store, load_text(text, published=published, source="Later Wire"), load_registry())
    store.close()


def test_sidebar_date_range_follows_new_articles(store_url):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert at.session_state["f_dates"] == (dt.date(2023, 9, 7), dt.date(2023, 9, 7))
    add(store_url, "Vladimir Putin met Xi Jinping in Beijing on Tuesday.", "2024-01-05")
    at.run()
    assert not at.exception
    assert at.session_state["f_dates"] == (dt.date(2023, 9, 7), dt.date(2024, 1, 5))
    assert at.session_state["view"].end is None  # the link stays open-ended
    assert "end" not in at.query_params


def test_sidebar_narrowed_range_stays_narrowed(store_url):
    add(store_url, "Joe Biden spoke to Volodymyr Zelensky on Monday.", "2023-10-02")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["end"] = "2023-09-30"
    at.run()
    add(store_url, "Vladimir Putin met Xi Jinping in Beijing on Tuesday.", "2024-01-05")
    at.run()
    assert at.session_state["f_dates"] == (dt.date(2023, 9, 7), dt.date(2023, 9, 30))
    assert at.query_params["end"] == "2023-09-30"


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"actors": "nobody-at-all"}, "Ignored unknown actors: nobody-at-all"),
        ({"start": "yesterday"}, "Ignored start='yesterday'"),
        ({"freq": "Y"}, "Ignored freq='Y'"),
    ],
)
def test_sidebar_bad_link_opens_with_a_notice(store_url, params, notice):
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert any(notice in shown_text(w.value) for w in at.warning)
    assert at.session_state["f_actors"]  # the default actors still show
