"""The Quotes page (app_pages/quotes.py) in AppTest, on the seed and tests/data/multidate.csv:
the network and the list from a link, a click on an arrow opening Evidence."""

from __future__ import annotations

import json

from app_store import page_html
from streamlit.testing.v1 import AppTest
from test_page_evidence import select_row
from test_page_trends import APP, click

PAGE = "app_pages/quotes.py"


def page(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_page_quotes_network_and_list_of_sullivan(store_url) -> None:
    at = page(actors="jake-sullivan")
    assert not at.exception
    assert at.title[0].value == "Quotes"
    (chart,) = at.get("plotly_chart")
    fig = json.loads(chart.proto.spec)
    diamonds = next(t for t in fig["data"] if t.get("name") == "quotations")
    pairs = [list(p) for p in diamonds["customdata"]]
    assert ["jake-sullivan", "north-korea"] in pairs
    assert all(p[0] == "jake-sullivan" for p in pairs)
    table = at.dataframe[0].value
    assert set(table["speaker"]) == {"Jake Sullivan"}
    warning = table[table["quote"].str.startswith("[This] is not going to reflect well")]
    assert warning["about"].tolist() == ["North Korea +0.17 toward"]
    # The chosen quotation's whole article, its actors marked (app_pages/article.py).
    at = select_row(at, table.index.get_loc(warning.index[0]))
    assert not at.exception
    assert at.expander[0].label == "The whole article"
    article = page_html(at)[-1]
    assert 'title="Jake Sullivan">' in article


def test_page_quotes_view_without_quotes_says_so(store_url) -> None:
    at = page(actors="jake-sullivan", start="2024-01-01")
    assert not at.exception
    assert "No quotation" in at.info[0].value


def test_page_quotes_click_on_an_arrow_opens_its_evidence(store_url) -> None:
    at = page(actors="jake-sullivan")
    at = click(at, "qu_network", ["jake-sullivan", "north-korea"])
    assert not at.exception
    assert at.session_state["focus"] == ["jake-sullivan", "north-korea"]
    assert at.session_state["window"] == "article"
