"""The Actors page edits the registry: who is missing, the editable table, merge, import, export."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from app_store import shown_text
from missing_names import ROOT, build_store
from streamlit.testing.v1 import AppTest

from analysis.ingest import REGISTRY_SOURCE
from analysis.registry import edit as registry_edit
from analysis.registry.table import load_registry
from analysis.store import Store

APP = str(ROOT / "streamlit_app.py")
PASSCODE = "let-me-edit"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh store of seeds/, multidate.csv and the Shoigu article; local mode."""
    url = build_store(tmp_path)
    monkeypatch.setenv("ACTORSCOPE_DB", url)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml: settings come from the env
    for key in ("REGISTRY", "ROLES", "EDITOR_PASSCODE"):
        monkeypatch.delenv(f"ACTORSCOPE_{key}", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def actors_page(section: str = "view") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = at.switch_page("app_pages/actors.py")
    at.session_state["actors_section"] = section
    return at.run()


def table(at: AppTest, key: str) -> pd.DataFrame:
    (found,) = [d for d in at.dataframe if d.key == key]
    return found.value


def registry_in(url: str) -> pd.DataFrame:
    s = Store(url)
    try:
        return s.read("actors").set_index("actor_id")
    finally:
        s.close()


def meta(url: str, key: str) -> str | None:
    s = Store(url)
    try:
        return s.get_meta(key)
    finally:
        s.close()


def mentions(url: str) -> pd.DataFrame:
    s = Store(url)
    try:
        return s.read("mentions")
    finally:
        s.close()


def test_page_actors_edit_shows_who_is_missing(db: str) -> None:
    at = actors_page()
    assert not at.exception
    assert "Who is missing" in [h.value for h in at.subheader]
    missing = table(at, "actors_missing")
    names = missing["name"].tolist()
    assert names[0] == "Sergei Shoigu"  # 4 mentions in one article: first
    assert "Vostochny" in names
    shoigu = missing.iloc[0]
    assert (shoigu["count"], shoigu["articles"]) == (4, 1)
    assert shoigu["example"].startswith("Sergei Shoigu, the Russian defence minister")
    assert at.markdown[-1].value.startswith("**Sergei Shoigu**: 4 mentions in 1 article. ")
    # The first row is the one added; its kind is guessed.
    assert at.button(key="actors_add_new").label == "Add as a new actor"
    (kind,) = [b for b in at.get("button_group") if b.key == "actors_new_kind_Sergei Shoigu"]
    assert kind.value == "person"


def test_page_actors_edit_adds_a_missing_name(db: str) -> None:
    revision = int(meta(db, "revision"))
    at = actors_page()
    at.button(key="actors_add_new").click().run()
    assert not at.exception
    assert (
        shown_text(at.success[0].value) == "Added Sergei Shoigu (person): 4 mentions in 1 article."
    )
    stored = registry_in(db)
    assert stored.loc["sergei-shoigu", "name"] == "Sergei Shoigu"
    assert stored.loc["sergei-shoigu", "short_names"] == "Shoigu"
    assert meta(db, REGISTRY_SOURCE) == "store"
    assert int(meta(db, "revision")) == revision + 1
    hits = mentions(db)
    assert (hits["actor_id"] == "sergei-shoigu").sum() == 4
    # No longer missing; counted in the registry table at once.
    assert "Sergei Shoigu" not in table(at, "actors_missing")["name"].tolist()
    counts = at.dataframe[0].value.set_index("actor_id")
    assert counts.loc["sergei-shoigu", "mentions"] == 4

    # "See on Trends": Trends with Shoigu selected, over every date.
    at.button(key="actors_to_trends").click().run()
    assert not at.exception
    assert at.title[0].value == "Trends"
    assert at.query_params["actors"] == "sergei-shoigu"
    spec = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])
    assert "Sergei Shoigu" in spec

    # And in the co-mention network, with Kim Jong Un (same sentence).
    at.session_state["f_actors"] = ["sergei-shoigu", "kim-jong-un"]
    at = at.switch_page("app_pages/comentions.py").run()
    assert not at.exception
    spec = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])
    assert "Sergei Shoigu" in spec


def test_page_actors_edit_adds_an_alias(db: str) -> None:
    before = (mentions(db)["actor_id"] == "russia").sum()
    at = actors_page()
    names = table(at, "actors_missing")["name"].tolist()
    at.session_state["actors_missing"] = {
        "selection": {"rows": [names.index("Vostochny")], "columns": []}
    }
    at.run()
    at.selectbox(key="actors_alias_owner_Vostochny").set_value("russia").run()
    at.button(key="actors_add_alias").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value).startswith("“Vostochny” is now an alias of Russia: ")
    assert "Vostochny" in registry_in(db).loc["russia", "aliases"].split("|")
    assert (mentions(db)["actor_id"] == "russia").sum() == before + 1


def test_page_actors_edit_table_saves(db: str) -> None:
    at = actors_page("edit")
    assert not at.exception
    (editor,) = at.data_editor
    shown = editor.value
    assert list(shown.columns) == list(load_registry().columns)
    row = int(shown.index[shown["actor_id"] == "taliban"][0])
    gone = int(shown.index[shown["actor_id"] == "african-union"][0])
    at.session_state[editor.key] = {
        "edited_rows": {row: {"aliases": "Vostochny Taliban"}},
        "added_rows": [{"name": "Black Sea Fleet", "kind": "organization",
                        "affiliation": "russia"}],
        "deleted_rows": [gone],
    }  # fmt: skip
    at.run()
    at.button(key="actors_save").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value).startswith("Saved the registry (")
    stored = registry_in(db)
    assert "african-union" not in stored.index
    assert stored.loc["moussa-faki-mahamat", "affiliation"] == ""  # was african-union
    assert stored.loc["black-sea-fleet", "kind"] == "organization"
    assert stored.loc["taliban", "aliases"] == "Vostochny Taliban"
    assert meta(db, REGISTRY_SOURCE) == "store"
    assert at.data_editor[0].value["actor_id"].tolist()[-1] == "black-sea-fleet"  # edits cleared


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"aliases": "Putin"}, "'Putin' is already a name of"),
        ({"name": ""}, "name is empty"),
        ({"affiliation": "atlantis"}, "affiliation 'atlantis' is not an actor_id"),
    ],
)
def test_page_actors_edit_table_refuses_a_bad_row(db: str, edit: dict, message: str) -> None:
    revision = meta(db, "revision")
    at = actors_page("edit")
    (editor,) = at.data_editor
    row = int(editor.value.index[editor.value["actor_id"] == "taliban"][0])
    at.session_state[editor.key] = {"edited_rows": {row: edit}, "added_rows": [],
                                    "deleted_rows": []}  # fmt: skip
    at.run()
    at.button(key="actors_save").click().run()
    assert not at.exception
    error = shown_text(at.error[0].value)
    assert error.startswith("Not saved: ")
    assert message in error
    assert "(taliban)" in error or "Putin" in error
    assert meta(db, "revision") == revision
    assert meta(db, REGISTRY_SOURCE) is None


def test_page_actors_edit_merges(db: str) -> None:
    at = actors_page("edit")
    at.selectbox(key="actors_merge_keep").set_value("joe-biden")
    at.selectbox(key="actors_merge_absorb").set_value("kamala-harris")
    [b for b in at.get("form_submit_button") if b.label == "Merge"][0].click().run()
    assert not at.exception
    assert shown_text(at.success[0].value).startswith("Merged Kamala Harris into Joe Biden: ")
    stored = registry_in(db)
    assert "kamala-harris" not in stored.index
    assert "Kamala Harris" in stored.loc["joe-biden", "aliases"].split("|")


def test_page_actors_edit_imports_and_exports(db: str) -> None:
    at = actors_page("edit")
    assert [b for b in at.get("download_button") if b.proto.label == "Registry CSV"]
    registry = load_registry()
    imported = registry_edit.add_actor(registry, "Sergei Shoigu", "person", ["Shoigu"], "russia")
    at.file_uploader(key="actors_import_0").set_value(
        ("mine.csv", registry_edit.to_csv(imported), "text/csv")
    )
    at.run()
    at.button(key="actors_import").click().run()
    assert not at.exception
    assert shown_text(at.success[0].value).startswith(
        f"Imported {len(imported)} actors from mine.csv"
    )
    assert registry_in(db).loc["sergei-shoigu", "aliases"] == "Shoigu"


def test_page_actors_edit_import_refuses_a_bad_file(db: str) -> None:
    at = actors_page("edit")
    at.file_uploader(key="actors_import_0").set_value(
        ("bad.csv", b"actor_id,name,kind\nx,X,leader\n", "text/csv")
    )
    at.run()
    at.button(key="actors_import").click().run()
    assert shown_text(at.error[0].value).startswith(
        "Not imported: bad.csv: row 2 (x): kind 'leader'"
    )
    assert meta(db, REGISTRY_SOURCE) is None


def test_page_actors_edit_hosted_visitors_read_only(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACTORSCOPE_EDITOR_PASSCODE", PASSCODE)
    at = actors_page()
    assert not at.exception
    assert "Sergei Shoigu" in table(at, "actors_missing")["name"].tolist()
    assert not [b for b in at.button if b.key == "actors_add_new"]
    at.session_state["actors_section"] = "edit"
    at.run()
    assert not at.data_editor
    assert at.info[0].value.startswith("The registry is shown read-only")
    assert [b for b in at.get("download_button") if b.proto.label == "Registry CSV"]
    # The editor passcode (the Upload page's sign-in) opens the table.
    at.text_input(key="up_passcode").input(PASSCODE)
    [b for b in at.get("form_submit_button") if b.label == "Sign in"][0].click().run()
    assert not at.exception
    assert len(at.data_editor) == 1
