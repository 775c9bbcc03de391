"""The Actors page (app_pages/actors.py) in AppTest, on a store of seeds/ and multidate.csv."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.registry.table import load_registry
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]


@pytest.fixture(scope="module")
def mentions(store_url: str):
    store = Store(store_url)
    frame = store.read("mentions", ["article_id", "sent_idx", "actor_id"])
    store.close()
    return frame


def actors_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("app_pages/actors.py").run()


def test_page_actors_registry_with_counts(store_url, mentions):
    at = actors_page()
    assert not at.exception
    assert at.title[0].value == "Actors"
    table = at.dataframe[0].value
    registry = load_registry()
    assert len(table) == len(registry)
    assert at.caption[0].value.startswith(f"{len(registry)} of {len(registry)} registry actors.")
    russia = table.set_index("actor_id").loc["russia"]
    hits = mentions[mentions["actor_id"] == "russia"]
    assert russia["mentions"] == len(hits)
    assert russia["sentences"] == len(hits.drop_duplicates(["article_id", "sent_idx"]))
    assert russia["articles"] == hits["article_id"].nunique()
    assert -1 <= russia["tone"] <= 1
    # A number column (it sorts by value); the grid writes "not scored" where it is missing.
    assert table["tone"].dtype == "float64"
    assert table["tone"].isna().any()  # registry actors no article names
    assert at.dataframe[0].proto.placeholder == "not scored"
    assert table["actor_id"].iloc[0] == "russia"  # most mentioned first
    putin = table.set_index("actor_id").loc["vladimir-putin"]
    assert (putin["kind"], putin["affiliation"], putin["aliases"]) == ("person", "Russia", "Putin")


def test_page_actors_filter_by_kind(store_url):
    at = actors_page()
    at.pills(key="actors_kinds").set_value(["person", "organization"]).run()
    assert not at.exception
    kinds = set(at.dataframe[0].value["kind"])
    assert kinds == {"person", "organization"}


def test_page_actors_found_only(store_url, mentions):
    at = actors_page()
    at.toggle(key="actors_found_only").set_value(True).run()
    table = at.dataframe[0].value
    assert set(table["actor_id"]) == set(mentions["actor_id"])
    assert (table["mentions"] > 0).all()


def test_page_actors_respects_dates(store_url):
    at = actors_page({"start": "2023-07-01", "end": "2023-07-31"})
    table = at.dataframe[0].value.set_index("actor_id")
    assert table.loc["nato", "mentions"] == 1
    assert table.loc["kim-jong-un", "mentions"] == 0


def test_page_actors_people_rolled_up(store_url):
    at = actors_page({"people": "no"})
    assert "people are counted under their country" in at.caption[0].value
    table = at.dataframe[0].value.set_index("actor_id")
    assert table.loc["vladimir-putin", "mentions"] == 0


def test_page_actors_csv_download(store_url):
    at = actors_page()
    buttons = at.main.get("download_button")  # the sidebar has the snapshot's
    assert len(buttons) == 1
    assert buttons[0].proto.label == "CSV"


def test_page_actors_opens_evidence(store_url):
    at = actors_page({"start": "2023-09-01"})
    table = at.dataframe[0].value
    row = table.index[table["actor_id"] == "jake-sullivan"][0]
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [int(row)], "columns": []}}
    at.run()
    sentences = table.loc[row, "sentences"]
    button = at.button[0]
    assert button.label == f"Read the {sentences} sentences naming Jake Sullivan"
    button.click().run()
    assert not at.exception
    assert at.title[0].value == "Evidence"
    assert at.markdown[0].value == "**Sentences naming Jake Sullivan**"
    assert len(at.dataframe[0].value) == sentences
    assert at.query_params["focus"] == "jake-sullivan"
    assert at.query_params["start"] == "2023-09-01"  # the view comes along
