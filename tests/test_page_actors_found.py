"""The Actors page curates the entities found in no list: listed for the sidebar's view, newest
upload first, then confirmed, renamed, merged into an actor, or hidden (and shown again)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import streamlit as st
from app_store import shown_text
from streamlit.testing.v1 import AppTest

from analysis.found import FOUND_ENV
from analysis.ingest import ingest
from analysis.load import load_paths
from analysis.registry import curate
from analysis.registry.table import load_registry
from analysis.store import Store, articles_table

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
STORY = ROOT / "tests" / "data" / "found" / "brazil_india.txt"
# A later upload: one entity of the story again, one new.
LATER = (
    "Haddad meets the markets\n\n"
    "Fernando Haddad met investors in Sao Paulo on Monday. Economists at Morgan Stanley said "
    "Fernando Haddad had reassured them.\n"
)


def _article(folder: Path, name: str, text: str, published: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = {"source": "Test Wire", "published": published}
    (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store of the Brazil and India story (stored first) and a later article, with the
    entities of no list found; local mode (an editor)."""
    monkeypatch.setenv(FOUND_ENV, "on")
    url = f"sqlite:///{tmp_path / 'found.db'}"
    store = Store(url)
    _article(tmp_path / "first", "story", STORY.read_text(encoding="utf-8"), "2024-10-14")
    _article(tmp_path / "later", "later", LATER, "2024-10-21")
    ingest(store, load_paths([tmp_path / "first"]), load_registry())
    with store.engine.begin() as conn:  # stored an hour before the later upload
        conn.execute(sa.update(articles_table).values(ingested_at=dt.datetime(2024, 10, 21, 8)))
    ingest(store, load_paths([tmp_path / "later"]), load_registry())
    store.close()
    monkeypatch.setenv("ACTORSCOPE_DB", url)
    monkeypatch.chdir(tmp_path)
    for key in ("REGISTRY", "ROLES", "EDITOR_PASSCODE"):
        monkeypatch.delenv(f"ACTORSCOPE_{key}", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def found_page(**state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = at.switch_page("app_pages/actors.py")
    at.session_state["actors_section"] = "found"
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def found_table(at: AppTest) -> pd.DataFrame:
    (frame,) = [d.value for d in at.dataframe if "sentence" in d.value.columns]
    return frame


def stored(url: str, table: str) -> pd.DataFrame:
    s = Store(url)
    try:
        return s.read(table)
    finally:
        s.close()


def trends_spec(at: AppTest) -> str:
    """The Trends charts' specs after "See on Trends"."""
    at.button(key="actors_to_trends").click().run()
    assert not at.exception
    assert at.title[0].value == "Trends"
    return json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])


def test_found_entities_listed_newest_upload_first(db: str) -> None:
    at = found_page()
    assert not at.exception
    table = found_table(at)
    # The later upload's entities first (Morgan Stanley, Fernando Haddad named there too).
    assert table["actor_id"].iloc[0] in {"found:morgan-stanley", "found:fernando-haddad"}
    assert set(table["actor_id"].iloc[:2]) == {"found:morgan-stanley", "found:fernando-haddad"}
    haddad = table.set_index("actor_id").loc["found:fernando-haddad"]
    assert (haddad["kind"], haddad["mentions"], haddad["articles"]) == ("person", 5, 2)
    assert "Fernando Haddad said on Tuesday" in haddad["sentence"]
    assert "found:arthur-lira" in set(table["actor_id"])
    # Each with its kind shown as a guess, the first sentence as text.
    pick = at.selectbox(key=curate_pick())
    assert pick.value == table["actor_id"].iloc[0]
    assert any(m.value.endswith("First named:") for m in at.markdown)
    assert table["sentence"].iloc[0] in [t.value for t in at.text]


def curate_pick() -> str:
    from app_pages.curation import PICK_KEY

    return PICK_KEY


def test_found_entities_follow_the_sidebar_dates(db: str) -> None:
    at = found_page(f_dates=(dt.date(2024, 10, 14), dt.date(2024, 10, 15)))
    assert not at.exception
    table = found_table(at)
    assert "found:morgan-stanley" not in set(table["actor_id"])
    assert table.set_index("actor_id").loc["found:fernando-haddad", "mentions"] == 3


def test_confirm_with_the_kind_changed_then_trends(db: str) -> None:
    at = found_page()
    at.selectbox(key=curate_pick()).set_value("found:arthur-lira").run()
    (kind,) = [b for b in at.get("button_group") if b.key == "actors_found_kind_found:arthur-lira"]
    assert kind.value == "person"  # the guess, changeable
    at.button(key="actors_found_confirm").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value) == (
        "Confirmed Arthur Lira (person): 2 mentions in 1 article."
    )
    registry = stored(db, "actors").set_index("actor_id")
    assert registry.loc["arthur-lira", "kind"] == "person"
    mentions = stored(db, "mentions")
    assert (mentions["actor_id"] == "arthur-lira").sum() == 2
    assert not (mentions["actor_id"] == "found:arthur-lira").any()
    assert "found:arthur-lira" not in set(found_table(at)["actor_id"])
    spec = trends_spec(at)
    assert at.query_params["actors"] == "arthur-lira"
    assert "Arthur Lira" in spec

    # The kind changed while confirming: Progressistas is a party, a group.
    at = found_page()
    at.selectbox(key=curate_pick()).set_value("found:progressistas").run()
    at.session_state["actors_found_kind_found:progressistas"] = "group"
    at.run()
    at.button(key="actors_found_confirm").click().run()
    assert not at.exception
    assert stored(db, "actors").set_index("actor_id").loc["progressistas", "kind"] == "group"


def test_rename_makes_the_found_name_an_alias(db: str) -> None:
    at = found_page()
    at.selectbox(key=curate_pick()).set_value("found:amit-shah").run()
    at.button(key="actors_found_rename").click().run()
    assert "Type the fuller name first." in [w.value for w in at.warning]
    at.text_input(key="actors_found_name_found:amit-shah").input("Amit Anilchandra Shah").run()
    at.button(key="actors_found_rename").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value).startswith(
        "Renamed Amit Shah to Amit Anilchandra Shah and confirmed it (person): 2 mentions"
    )
    row = stored(db, "actors").set_index("actor_id").loc["amit-anilchandra-shah"]
    assert "Amit Shah" in row["aliases"].split("|")
    assert "Amit Anilchandra Shah" in trends_spec(at)


def test_merge_into_an_actor(db: str) -> None:
    before = (stored(db, "mentions")["actor_id"] == "brazil").sum()
    at = found_page()
    at.selectbox(key=curate_pick()).set_value("found:itamaraty").run()
    at.button(key="actors_found_merge").click().run()
    assert "Choose the actor to merge into first." in [w.value for w in at.warning]
    at.selectbox(key="actors_found_into_found:itamaraty").set_value("brazil").run()
    at.button(key="actors_found_merge").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value).startswith("Merged Itamaraty into Brazil: ")
    assert "Itamaraty" in stored(db, "actors").set_index("actor_id").loc["brazil", "aliases"]
    assert (stored(db, "mentions")["actor_id"] == "brazil").sum() == before + 1
    assert "found:itamaraty" not in set(found_table(at)["actor_id"])
    assert "Brazil" in trends_spec(at)


def test_hide_everywhere_and_show_again(db: str) -> None:
    at = found_page(f_actors=["found:goldman-sachs"])
    at.selectbox(key=curate_pick()).set_value("found:goldman-sachs").run()
    at.button(key="actors_found_hide").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value) == "Hid Goldman Sachs on every page."
    assert "found:goldman-sachs" in curate.hidden(Store(db))
    assert "found:goldman-sachs" not in set(found_table(at)["actor_id"])
    (hidden,) = [d.value for d in at.dataframe if "sentence" not in d.value.columns]
    assert hidden["name"].tolist() == ["Goldman Sachs"]
    # Gone from the sidebar and from Trends.
    assert "found:goldman-sachs" not in at.session_state["f_actors"]
    at = at.switch_page("app_pages/trends.py").run()
    assert not at.exception
    assert "Goldman Sachs" not in json.dumps([c.proto.spec for c in at.get("plotly_chart")])

    at = found_page()
    at.multiselect(key="actors_unhide_pick").select("found:goldman-sachs").run()
    at.button(key="actors_unhide").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value) == "Shown again: Goldman Sachs."
    assert curate.hidden(Store(db)) == frozenset()
    assert "found:goldman-sachs" in set(found_table(at)["actor_id"])


def test_visitors_of_a_hosted_app_only_read(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTORSCOPE_HOSTED", "1")
    monkeypatch.setenv("ACTORSCOPE_EDITOR_PASSCODE", "let-me-edit")
    at = found_page()
    assert not at.exception
    assert len(found_table(at))
    assert "actors_found_confirm" not in [b.key for b in at.button]
    assert "Curating found entities is for editors" in " ".join(c.value for c in at.caption)
