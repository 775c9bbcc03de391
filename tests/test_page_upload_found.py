"""The Upload preview lists the batch's new entities: names found in no list, in the articles
to add, that no stored article mentions yet (with the kind guessed and their counts)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_page_upload import db, paste, preview_frame  # noqa: F401 (db: a fixture)

from analysis.fetch import combine
from analysis.found import FOUND_ENV
from analysis.ingest import ingest, preview_parts, preview_rows
from analysis.load import load_text
from analysis.registry import curate
from analysis.registry.matcher import Matcher
from analysis.registry.table import load_registry
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
STORY = (ROOT / "tests" / "data" / "found" / "brazil_india.txt").read_text(encoding="utf-8")
LATER = (
    "Haddad meets the markets\n\nFernando Haddad met investors in Sao Paulo on Monday. "
    "Economists at Morgan Stanley said Fernando Haddad had reassured them."
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_registry())


def test_preview_parts_finds_the_entities_of_each_article(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FOUND_ENV, "on")
    loaded = combine([load_text(STORY), load_text(LATER)])
    rows, found = preview_parts(loaded, matcher)
    pd.testing.assert_frame_equal(rows, preview_rows(loaded, matcher))
    assert list(found.columns) == list(curate.BATCH_FOUND)
    story, later = loaded.articles["article_id"].tolist()
    haddad = found[found["actor_id"] == "found:fernando-haddad"].set_index("article_id")
    assert haddad.loc[story, "mentions"] == 3  # the full name, then "Haddad" twice
    assert haddad.loc[later, "mentions"] == 2
    assert set(haddad["kind"]) == {"person"}
    # What the registry matched is no found entity.
    assert not found["name"].isin(["Brazil", "Narendra Modi", "Jair Bolsonaro"]).any()

    monkeypatch.setenv(FOUND_ENV, "off")
    assert preview_parts(loaded, matcher)[1].empty


def test_new_in_batch_leaves_out_what_is_stored_or_not_added() -> None:
    found = pd.DataFrame(
        [
            ("a1", "found:x", "X Corp", "organization", 2),
            ("a2", "found:x", "X Corp", "organization", 1),
            ("a1", "found:y", "Yvonne Ypsilanti", "person", 4),
            ("a3", "found:z", "Zeta", "place", 9),
        ],
        columns=list(curate.BATCH_FOUND),
    )
    new = curate.new_in_batch(found, ["a1", "a2"], {"found:y"})
    assert new[["actor_id", "name", "kind", "mentions", "articles"]].to_numpy().tolist() == [
        ["found:x", "X Corp", "organization", 3, 2]
    ]
    assert curate.new_in_batch(found, [], set()).empty


def test_upload_preview_lists_the_new_entities(db: str, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv(FOUND_ENV, "on")
    store = Store(db)
    ingest(store, load_text(STORY, published="2024-10-14"), load_registry())
    store.close()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = paste(at.switch_page("app_pages/upload.py").run(), LATER)
    assert not at.exception
    assert len(preview_frame(at)) == 1
    assert "**New entities (2)**" in [m.value for m in at.markdown]
    (new,) = [d.value for d in at.dataframe if "kind" in d.value.columns]
    # Fernando Haddad is stored already: not new. Morgan Stanley and Sao Paulo are.
    kinds = new.set_index("name")["kind"].to_dict()
    assert set(kinds) == {"Morgan Stanley", "Sao Paulo"}
    assert kinds["Sao Paulo"] == "place"  # Morgan Stanley's is a guess from one sentence
    assert new["mentions"].tolist() == [1, 1]

    # Unticked, the article brings nothing new.
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"keep": False}}, "added_rows": [], "deleted_rows": []
    }  # fmt: skip
    at.run()
    assert not any(m.value.startswith("**New entities") for m in at.markdown)
