"""The Overview page (app_pages/overview.py) in AppTest, on a store of seeds/ and multidate.csv."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import ingest as ingest_module
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]


def _use_store(mp: pytest.MonkeyPatch, url: str) -> None:
    mp.setenv("ACTORSCOPE_DB", url)
    mp.delenv("ACTORSCOPE_REGISTRY", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def stored(store_url: str) -> dict:
    """What the store holds, counted without the app."""
    store = Store(store_url)
    counts = store.counts()
    mentions = store.read("mentions", ["actor_id"])
    articles = store.read("articles", ["source"])
    store.close()
    return {
        "articles": counts["articles"],
        "sentences": counts["sentences"],
        "actors": mentions["actor_id"].nunique(),
        "sources": articles["source"].nunique(),
    }


def overview(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_page_overview_metrics(stored):
    at = overview()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metrics(at) == {
        "Articles": str(stored["articles"]),
        "Sentences": str(stored["sentences"]),
        "Actors found": str(stored["actors"]),
        "Sources": str(stored["sources"]),
        "Date span, 2023": "12 Jul – 8 Dec",  # the year in the label: the value fits
    }


def test_page_overview_top_actors_clickable(store_url):
    at = overview()
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    figure = json.loads(charts[0].proto.spec)
    bar = figure["data"][0]
    assert bar["type"] == "bar"
    assert bar["y"][-1] == "Russia"  # the most mentioned, drawn on top
    assert [row[0] for row in bar["customdata"]][-1] == "russia"
    assert list(charts[0].proto.selection_mode)  # a click reruns with the clicked bar
    assert any("Click a bar" in c.value for c in at.caption)


def test_page_overview_tone_distribution(store_url):
    at = overview()
    figure = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert figure["data"][0]["type"] == "histogram"
    shares = next(c.value for c in at.caption if "positive ·" in c.value)
    assert shares.endswith("(VADER compound, neutral within ±0.05)")


def test_page_overview_latest_articles(store_url):
    at = overview()
    latest = at.dataframe[0].value
    assert list(latest.columns) == ["published", "title", "source", "sentences", "tone"]
    assert len(latest) == 10
    assert latest["title"].iloc[0] == "Putin re-election bid"
    assert str(latest["published"].iloc[0]) == "2023-12-08"


def test_page_overview_where_next_links(store_url):
    at = overview()
    links = {link.proto.page for link in at.get("page_link")}
    assert links == {"trends", "comentions", "evidence", "upload"}


@pytest.mark.parametrize(
    ("params", "articles", "span"),
    [
        ({"start": "2023-09-01", "end": "2023-09-30"}, "4", "5–21 Sep"),
        ({"sources": "Wire One"}, "6", "22 Aug – 1 Dec"),
        ({"sources": "Daily Two", "start": "2023-11-01"}, "1", "28 Nov"),
    ],
)
def test_page_overview_respects_dates_and_sources(store_url, params, articles, span):
    at = overview(params)
    assert not at.exception
    assert metrics(at)["Articles"] == articles
    assert metrics(at)["Date span, 2023"] == span


def test_page_overview_empty_view(store_url):
    at = overview({"start": "2023-10-01", "end": "2023-10-31"})
    assert not at.exception
    assert "No articles in these dates and sources" in at.info[0].value
    assert not at.metric


def test_page_overview_empty_store(tmp_path, monkeypatch):
    """With nothing to seed, a new store shows how to add articles."""
    empty = tmp_path / "no-seeds"
    empty.mkdir()
    monkeypatch.setattr(ingest_module, "SEEDS", empty)
    _use_store(monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        at = overview()
        assert not at.exception
        assert "No articles yet" in at.info[0].value
        assert "python -m analysis ingest PATH" in at.code[0].value
        assert [link.proto.page for link in at.get("page_link")] == ["upload"]
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
