"""The Evidence page (app_pages/evidence.py) in AppTest, on a store of seeds/, multidate.csv and
one article that tries to inject HTML."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from app_store import page_html, shown_text
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from analysis.evidence import NO_WORD, TOWARD_OF
from analysis.ingest import ingest
from analysis.load import load_paths, load_text
from analysis.registry.table import load_registry
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]
EVIL = (
    "Vladimir Putin wrote <script>alert(1)</script><img src=x onerror=alert(2)> in a terrible "
    "note to Kim Jong Un. It was a $5 billion *deal* for Russia."
)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory):
    """The store, the app pointed at it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'store.db'}"
    store = Store(url)
    registry = load_registry()
    ingest(store, load_paths(CORPUS), registry)
    evil = load_text(
        EVIL,
        title="<b>Evil</b> note",
        published="2023-12-06",
        source="Tabloid <i>",
        url="javascript:alert(3)",
    )
    ingest(store, evil, registry)
    store.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACTORSCOPE_DB", url)
        mp.delenv("ACTORSCOPE_REGISTRY", raising=False)
        st.cache_resource.clear()
        st.cache_data.clear()
        yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def sentences_naming(url: str, *actors: str) -> int:
    """How many sentences name all of these actors, counted from the store."""
    store = Store(url)
    mentions = store.read("mentions", ["article_id", "sent_idx", "actor_id"])
    store.close()
    hits = mentions[mentions["actor_id"].isin(actors)].drop_duplicates()
    per = hits.groupby(["article_id", "sent_idx"])["actor_id"].nunique()
    return int((per == len(actors)).sum())


def evidence(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("app_pages/evidence.py").run()


def table(at: AppTest):
    return at.dataframe[0].value


def select_row(at: AppTest, row: int) -> AppTest:
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [row], "columns": []}}
    return at.run()


def headline(at: AppTest) -> str:
    return shown_text(at.markdown[0].value.strip("*"))


def test_page_evidence_pair_in_a_week(store_url):
    at = evidence({"focus": "kim-jong-un,vladimir-putin", "period": "2023-09-11"})
    assert not at.exception
    assert at.title[0].value == "Evidence"
    assert (
        headline(at) == "Sentences naming both Kim Jong Un and Vladimir Putin, week of 2023-09-11"
    )
    assert at.caption[0].value.startswith("1 sentence in 1 article,")
    rows = table(at)
    assert list(rows.columns) == [
        "date", "source", "title", "sentence", "actors", "tone", "label", "toward",
        "toward_words", "toward Kim Jong Un", "toward Vladimir Putin",
    ]  # fmt: skip
    assert rows["sentence"].tolist() == [
        "Vladimir Putin welcomed Kim Jong Un at the Vostochny cosmodrome."
    ]
    # The tone toward each actor named, from the mentions stored at ingest.
    assert re.fullmatch(
        r"Kim Jong Un: (negative|neutral|positive) [+\u2212]\d\.\d\d; "
        r"Vladimir Putin: (negative|neutral|positive) [+\u2212]\d\.\d\d",
        rows["toward"].iloc[0],
    )
    # The words behind each, computed now: words of the sentence, never the actor's own name
    # (another actor's may be: the model reads it as context).
    words = dict(part.split(": ") for part in rows["toward_words"].iloc[0].split("; "))
    assert list(words) == ["Kim Jong Un", "Vladimir Putin"]
    words_of = set(re.findall(r"\w+", rows["sentence"].iloc[0]))
    for name, said in words.items():
        assert said == NO_WORD or set(said.split(", ")) <= words_of - set(name.split())
    assert rows["title"].tolist() == ["Putin and Kim meet in Vostochny"]
    assert rows["label"].tolist() == ["positive"]
    assert at.button[0].label == "Clear selection"


def test_page_evidence_one_actor(store_url):
    at = evidence({"focus": "jake-sullivan"})
    assert not at.exception
    assert headline(at) == "Sentences naming Jake Sullivan"
    rows = table(at)
    assert len(rows) == sentences_naming(store_url, "jake-sullivan")
    assert all(rows["actors"].str.contains("Jake Sullivan"))
    assert rows["date"].tolist() == sorted(rows["date"].tolist(), reverse=True)  # newest first


def test_page_evidence_pair_sentence_and_article_windows(store_url):
    pair = {"focus": "kim-jong-un,vladimir-putin"}
    by_sentence = evidence(pair)
    assert len(table(by_sentence)) == sentences_naming(store_url, "kim-jong-un", "vladimir-putin")
    by_article = evidence({**pair, "window": "article"})
    assert not by_article.exception
    assert headline(by_article) == (
        "Sentences naming Kim Jong Un or Vladimir Putin in articles naming both"
    )
    assert len(table(by_article)) > len(table(by_sentence))


def test_page_evidence_view_actors_paged(store_url):
    at = evidence({"actors": "russia,ukraine,north-korea"})
    assert not at.exception
    assert headline(at) == "Sentences naming any of Russia, Ukraine and North Korea"
    assert not at.button  # nothing to clear
    total = int(at.caption[0].value.split()[0])
    assert total > 25
    assert len(table(at)) == 25
    at.number_input(key="ev_page").set_value(2).run()
    assert not at.exception
    assert len(table(at)) == total - 25


def test_page_evidence_order_most_negative(store_url):
    at = evidence({"focus": "russia"})
    at.segmented_control(key="ev_order").set_value("most negative").run()
    assert not at.exception
    tones = table(at)["tone"].tolist()
    assert tones == sorted(tones)
    assert tones[0] < 0


def test_page_evidence_respects_sources(store_url):
    at = evidence({"focus": "russia", "sources": "Wire One"})
    assert set(table(at)["source"]) == {"Wire One"}


def test_page_evidence_clear_selection(store_url):
    at = evidence({"focus": "kim-jong-un", "period": "2023-09-11", "actors": "russia"})
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["focus"] == []
    assert at.session_state["period"] is None
    assert headline(at) == "Sentences naming Russia"
    assert "focus" not in at.query_params


def test_page_evidence_empty_selection(store_url):
    at = evidence({"focus": "kim-jong-un,vladimir-putin", "period": "2023-07-10"})
    assert not at.exception
    assert "No sentences match" in at.info[0].value
    assert not at.dataframe
    assert at.button[0].label == "Clear selection"


def test_page_evidence_table_is_plain_text(store_url):
    at = evidence({"focus": "kim-jong-un", "period": "2023-12-04"})
    rows = table(at)
    assert rows["sentence"].iloc[0].startswith("Vladimir Putin wrote <script>alert(1)</script>")
    assert rows["title"].iloc[0] == "<b>Evil</b> note"


def test_page_evidence_chosen_row_highlighted_and_escaped(store_url):
    at = evidence({"focus": "kim-jong-un", "period": "2023-12-04"})
    at = select_row(at, 0)
    assert not at.exception
    sentence, chips, article = page_html(at)
    assert "<script>" not in sentence
    assert "<img" not in sentence
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in sentence
    assert 'title="Vladimir Putin">Vladimir Putin</mark>' in sentence
    assert 'title="Kim Jong Un">Kim Jong Un</mark>' in sentence
    assert 'title="valence -2.1">terrible</mark>' in sentence
    assert "terrible -2.1" in chips
    assert any(c.value.startswith("Tone -") for c in at.caption)
    toward = [t.value for t in at.text if t.value.startswith("Tone toward each actor: ")]
    assert len(toward) == 1
    assert "Kim Jong Un: " in toward[0]
    assert "Vladimir Putin: " in toward[0]
    behind = [t.value for t in at.text if t.value.startswith("Words behind it: ")]
    assert len(behind) == 1  # st.text: plain, never Markdown
    assert "Kim Jong Un: " in behind[0]
    assert at.expander[0].label == "The whole article"
    for raw in ("<script>", "<img", "<b>Evil", "<i>", "href="):
        assert raw not in article
    assert "&lt;b&gt;Evil&lt;/b&gt; note" in article
    assert "javascript:alert(3)" in article  # shown, never a link
    assert "$5 billion *deal*" in article  # no Markdown: st.html shows text as it is


def test_page_evidence_article_link_when_http(store_url):
    at = evidence({"focus": "jake-sullivan", "sources": "Hot Air"})
    at = select_row(at, 0)
    article = page_html(at)[-1]
    assert '<a href="https://hotair.com/' in article
    assert 'rel="noopener noreferrer nofollow"' in article
    assert "<b>author</b> Jazz Shaw" in article


def test_page_evidence_order_comes_from_the_link_and_goes_back_into_it(store_url):
    at = evidence({"focus": "russia", "order": "most positive"})
    assert not at.exception
    assert at.segmented_control(key="ev_order").value == "most positive"
    tones = table(at)["tone"].tolist()
    assert tones == sorted(tones, reverse=True)
    at.segmented_control(key="ev_order").set_value("oldest").run()
    assert not at.exception
    assert at.query_params["order"] == "oldest"


def test_page_evidence_numbers_are_numbers_and_blanks_empty(store_url):
    at = evidence({"actors": "kim-jong-un,vladimir-putin"})
    assert not at.exception
    rows = table(at)
    number = [c for c in rows.columns if c == "tone" or c.startswith("toward ")]
    assert number == ["tone", TOWARD_OF.format("Kim Jong Un"), TOWARD_OF.format("Vladimir Putin")]
    assert all(rows[c].dtype == np.float64 for c in number)  # right-aligned, sorted as numbers
    kim = rows[TOWARD_OF.format("Kim Jong Un")]
    # A sentence naming only Putin has no tone toward Kim: an empty cell, never "None".
    assert kim.isna().any()
    assert kim.notna().any()
    assert at.dataframe[0].proto.placeholder == ""
    # The chosen tone toward Kim is the number in the row's words.
    named = rows[kim.notna() & rows["actors"].str.contains("Kim Jong Un")].iloc[0]
    said = re.search(r"Kim Jong Un: \w+ ([+\u2212]\d\.\d\d)", named["toward"]).group(1)
    assert f"{named[TOWARD_OF.format('Kim Jong Un')]:+.2f}" == said.replace("\u2212", "-")


def test_page_evidence_downloads_every_sentence_words_on_request(store_url, monkeypatch):
    seen: list = []
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen.append((file_name, data_callable))
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    at = evidence({"actors": "russia,ukraine,north-korea"})
    assert not at.exception
    n = int(at.caption[0].value.split()[0])
    (button,) = [b for b in at.get("download_button") if b.label == f"All {n:,} as CSV"]
    builds = [build for name, build in seen if name == "actorscope-evidence.csv"]
    frame = pd.read_csv(io.BytesIO(builds[-1]()))
    assert len(frame) == n > 25  # every sentence, not the page's
    assert "toward_words" not in frame  # about 4 ms a mention: only on request
    assert frame["sentence"].head(25).tolist() == table(at)["sentence"].tolist()  # its order
    assert not any(c.startswith("toward ") for c in frame.columns)  # three actors: no lead

    at.checkbox(key="ev_words").check().run()
    assert not at.exception
    builds = [build for name, build in seen if name == "actorscope-evidence.csv"]
    with_words = pd.read_csv(io.BytesIO(builds[-1]()), keep_default_na=False)
    assert len(with_words) == n
    # The page's words, computed for its rows, are the download's for the same rows.
    assert with_words["toward_words"].head(25).tolist() == table(at)["toward_words"].tolist()
    assert (with_words["toward_words"] != "").mean() > 0.9
