"""The Outlets page (app_pages/outlets.py) in AppTest, on the small multi-outlet corpus of
tests/outlets_corpus.py."""

from __future__ import annotations

import json

import pytest
from app_store import app_on
from outlets_corpus import BIG, BLOG, KIM, PUTIN, SMALL, outlets_store
from streamlit.testing.v1 import AppTest
from test_page_trends import APP, click

from analysis.ingest import ingest
from analysis.load import load_text
from analysis.registry.table import load_registry
from analysis.store import Store

PAGE = "app_pages/outlets.py"


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with app_on(outlets_store(tmp_path_factory.mktemp("outlets-page"))) as url:
        yield url


def page(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE)
    for key, value in {"actors": f"{PUTIN},{KIM}", **params}.items():
        at.query_params[key] = value
    return at.run()


def figure(at: AppTest) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def test_page_outlets_shares_are_of_each_sources_own_articles(url) -> None:
    at = page()
    assert not at.exception
    fig = figure(at)
    bars = {t["name"]: t for t in fig["data"] if t["type"] == "bar"}
    assert set(bars) == {"Vladimir Putin", "Kim Jong Un"}
    putin = bars["Vladimir Putin"]
    # Biggest source first: 10, 3 and 2 articles.
    assert putin["y"] == [f"{BIG} (10)", f"{SMALL} (3)", f"{BLOG} (2)"]
    assert putin["x"] == pytest.approx([0.2, 1.0, 0.0])
    assert [list(c) for c in putin["customdata"]] == [[PUTIN, s] for s in (BIG, SMALL, BLOG)]


def test_page_outlets_tone_points_are_opposite_and_thin_ones_left_out(url) -> None:
    at = page(min_count=2)
    points = {t["name"]: t for t in figure(at)["data"] if t["type"] == "scatter"}
    big, small, blog = points["Vladimir Putin"]["x"]
    assert big > 0 > small
    assert blog is None  # the blog never names Putin
    assert points["Kim Jong Un"]["x"] == [None, None, None]  # one sentence: below 2


def test_page_outlets_click_opens_the_sources_sentences(url) -> None:
    at = click(page(), "ou_chart", [PUTIN, SMALL])
    assert not at.exception
    assert at.title[0].value == "Evidence"
    assert at.query_params["focus"] == PUTIN
    assert at.query_params["sources"] == SMALL
    assert at.session_state["f_sources"] == [SMALL]


def test_page_outlets_more_than_two_actors_shows_the_first_two(url) -> None:
    at = page(actors=f"{KIM},{PUTIN},russia")
    assert not at.exception
    assert "first two of the 3 actors" in at.info[0].value
    names = {t["name"] for t in figure(at)["data"]}
    assert names == {"Kim Jong Un", "Vladimir Putin"}


def test_page_outlets_choices_go_into_the_link(url) -> None:
    at = page(tone="toward", weight="article", min_count="3")
    assert not at.exception
    assert (at.query_params["tone"], at.query_params["weight"]) == ("toward", "article")
    assert "mean tone toward the actor" in figure(at)["layout"]["title"]["text"]


def test_page_outlets_articles_without_a_source_say_so(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'nosource.db'}"
    store = Store(url)
    try:
        text = "Vladimir Putin spoke on Monday. Nothing else happened."
        ingest(store, load_text(text, title="Unsourced", published="2023-09-04"), load_registry())
    finally:
        store.close()
    with app_on(url):
        at = page(actors=PUTIN)
    assert not at.exception
    assert "has a source to compare" in at.info[0].value
    assert not at.get("plotly_chart")


def test_page_outlets_thin_tones_are_counted_with_an_offer_to_lower(url) -> None:
    at = page(min_count=3)
    assert not at.exception
    # Putin: 2 sentences in Big Wire, 3 in Small Daily; Kim: 1 in Tiny Blog.
    assert "2 of the 3 source-actor tones rest on fewer than 3" in at.info[0].value
    at = at.button[0].click().run()
    assert at.query_params["min_count"] == "2"
    points = {t["name"]: t for t in figure(at)["data"] if t["type"] == "scatter"}
    assert points["Vladimir Putin"]["x"][0] is not None
