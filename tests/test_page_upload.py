"""The Upload page (app_pages/upload.py) in AppTest, each test on its own SQLite store.

AppTest drives the real file uploader (at.file_uploader[...].set_value), the forms, the preview's
data editor (through its edit state in session_state) and the commit.
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import ingest as ingest_module
from analysis.ingest import (
    IN_BATCH,
    IN_STORE,
    PREVIEW_COLUMNS,
    apply_preview,
    preview,
    text_fits,
)
from analysis.load import load_text
from analysis.registry.matcher import Matcher
from analysis.registry.table import load_registry
from analysis.store import Store
from app_pages import settings as settings_page

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
UPLOAD = "app_pages/upload.py"
PASSCODE = "correct horse battery staple"
MACRON = (
    "Macron in Kyiv\n\nEmmanuel Macron met Volodymyr Zelensky in Kyiv on Tuesday. Macron "
    "promised more help for Ukraine. Russia said the visit changed nothing."
)
MERKEL = (
    "Scholz and Biden\n\nOlaf Scholz spoke with Joe Biden about China. Biden praised Germany. "
    "The call was warm and friendly."
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh store (no seeds) that the app uses; local mode unless a test says otherwise."""
    empty = tmp_path / "no-seeds"
    empty.mkdir()
    monkeypatch.setattr(ingest_module, "SEEDS", empty)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("ACTORSCOPE_DB", url)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml: settings come from the env
    for key in ("REGISTRY", "EDITOR_PASSCODE", "MAX_ARTICLES_PER_BATCH", "ALLOW_PRIVATE_URLS",
                "MAX_BATCH_MB", "MAX_PRIVATE_MB", "WORK_MEMORY_MB", "WORK_TIMEOUT_S"):  # fmt: skip
        monkeypatch.delenv(f"ACTORSCOPE_{key}", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def hosted(db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ACTORSCOPE_EDITOR_PASSCODE", PASSCODE)
    return db


def stored(url: str) -> pd.DataFrame:
    s = Store(url)
    try:
        return s.read("articles")
    finally:
        s.close()


def upload_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(UPLOAD).run()


def paste(at: AppTest, text: str, title: str = "", source: str = "") -> AppTest:
    at.text_area(key="up_paste_text").input(text)
    if title:
        at.text_input(key="up_paste_title").input(title)
    if source:
        at.text_input(key="up_paste_source").input(source)
    return button(at, "Read text").run()


def find_button(at: AppTest, label: str):
    found = [b for b in [*at.button, *at.get("form_submit_button")] if b.label.startswith(label)]
    assert found, [b.label for b in at.button]
    return found[0]


def button(at: AppTest, label: str):
    return find_button(at, label).click()


def preview_frame(at: AppTest) -> pd.DataFrame:
    return at.data_editor[0].value


def messages(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.success, *at.info, *at.warning, *at.error])


# --- the page ------------------------------------------------------------------------------------


def test_page_upload_paste_preview_commit(db):
    at = upload_page()
    assert not at.exception
    assert at.title[0].value == "Upload"
    assert "go to the shared store" in at.caption[0].value
    at = paste(at, MACRON, source="Le Wire")
    assert not at.exception
    frame = preview_frame(at)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["title"] == "Macron in Kyiv"
    assert row["source"] == "Le Wire"
    assert row["sentences"] == 3
    assert row["actors"].startswith("Emmanuel Macron")
    assert "Volodymyr Zelensky" in row["actors"]
    assert "Ukraine" in row["actors"]
    assert row["duplicate"] == ""
    assert stored(db).empty  # a preview stores nothing

    at = button(at, "Add 1 article to the shared store").run()
    assert not at.exception
    assert "Added 1 article" in at.success[0].value
    assert "the shared store" in at.success[0].value
    assert not at.data_editor  # the batch is cleared
    arts = stored(db)
    assert arts["title"].tolist() == ["Macron in Kyiv"]
    assert arts["source"].tolist() == ["Le Wire"]
    # The dashboard sees the new article at once (the store's revision moved).
    at.switch_page("app_pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"


def test_page_upload_files_several_kinds(db):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("inner/one.txt", MERKEL)
        z.writestr("../evil.txt", "nope")
    csv = (
        "title,date,source,text\n"
        'Putin speaks,2023-09-12,Wire,"Vladimir Putin spoke about NATO. He was angry."\n'
    )
    meta = {"title": "Macron visits", "source": "Side Wire", "published": "2023-09-19"}
    at = upload_page()
    at.file_uploader[0].set_value(
        [
            ("macron.txt", MACRON.encode(), "text/plain"),
            ("macron.meta.json", json.dumps(meta).encode(), "application/json"),
            ("rows.csv", csv.encode(), "text/csv"),
            ("bundle.zip", zipped.getvalue(), "application/zip"),
            ("broken.json", b"{not json", "application/json"),
        ]
    )
    at = button(at, "Read files").run()
    assert not at.exception
    frame = preview_frame(at)
    assert frame["title"].tolist() == ["Macron visits", "Putin speaks", "Scholz and Biden"]
    assert frame["source"].fillna("-").tolist() == ["Side Wire", "Wire", "-"]
    assert frame["origin"].tolist() == ["macron.txt", "rows.csv", "bundle.zip:inner/one.txt"]
    rejected = at.dataframe[-1].value
    assert rejected["input"].tolist() == ["bundle.zip:../evil.txt", "broken.json"]
    assert rejected["reason"].iloc[0] == "unsafe member path (absolute or '..'); not loaded"
    assert rejected["reason"].iloc[1].startswith("malformed JSON")
    assert {m.label: m.value for m in at.metric}["Articles"] == "3"


def test_page_upload_notes_shown_beside_the_preview(db):
    mostly = b"\xff".join(
        "Emmanuel Macron a rencontré Olaf Scholz à Berlin. ".encode() for _ in range(3)
    )
    at = upload_page()
    at.file_uploader[0].set_value([("mostly.txt", mostly, "text/plain")])
    at = button(at, "Read files").run()
    assert not at.exception
    assert len(preview_frame(at)) == 1
    notes = at.dataframe[-1].value
    assert notes.to_numpy().tolist() == [["mostly.txt", "2 invalid UTF-8 bytes replaced"]]


def test_page_upload_archives_share_one_budget(db, monkeypatch):
    from test_loaders_archive import archives

    monkeypatch.setenv("ACTORSCOPE_MAX_UPLOAD_EXPANDED_MB", "1")
    at = upload_page()
    at.file_uploader[0].set_value(
        [(name, data, "application/zip") for name, data in archives(3, 400_000).items()]
    )
    at = button(at, "Read files").run()
    assert not at.exception
    assert preview_frame(at)["origin"].tolist() == ["a0.zip:p0.txt", "a1.zip:p1.txt"]
    assert at.dataframe[-1].value.to_numpy().tolist() == [
        ["a2.zip", "archives of this load expand past 1.0 MiB together; not loaded"]
    ]


def test_page_upload_files_fill_missing_date_and_source(db):
    at = upload_page()
    at.file_uploader[0].set_value([("a.txt", MERKEL.encode(), "text/plain")])
    at.date_input(key="up_files_date").set_value(pd.Timestamp("2023-10-01").date())
    at.text_input(key="up_files_source").input("My Desk")
    at = button(at, "Read files").run()
    row = preview_frame(at).iloc[0]
    assert str(row["published"])[:10] == "2023-10-01"
    assert row["source"] == "My Desk"


def test_page_upload_flags_duplicates(db):
    s = Store(db)
    ingest_module.ingest(s, load_text(MACRON), load_registry())
    s.close()
    at = upload_page()
    at = paste(at, MACRON)
    at = paste(at, MERKEL)
    at = paste(at, MERKEL)
    frame = preview_frame(at)
    assert frame["duplicate"].tolist() == [IN_STORE, "", IN_BATCH]
    assert frame["keep"].tolist() == [False, True, False]
    at = button(at, "Add 1 article").run()
    assert "Added 1 article" in at.success[0].value
    assert "2 skipped as duplicates" in at.success[0].value
    assert len(stored(db)) == 2


def test_page_upload_preview_edits_are_stored(db):
    at = upload_page()
    at = paste(at, MACRON)
    at = paste(at, MERKEL)
    at.session_state[f"up_preview_{at.session_state['up_version']}"] = {
        "edited_rows": {
            0: {"source": "Edited Wire", "published": "2023-09-20"},
            1: {"keep": False},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at = at.run()
    at = button(at, "Add 1 article").run()
    assert not at.exception
    result = at.success[0].value
    assert "Added 1 article" in result
    assert "1 left out" in result
    arts = stored(db)
    assert arts[["title", "source"]].to_numpy().tolist() == [["Macron in Kyiv", "Edited Wire"]]
    assert str(arts["published"].iloc[0].date()) == "2023-09-20"


def test_page_upload_rereading_is_not_needed(db, monkeypatch):
    """A rerun (an edit in the preview) reads nothing again: the batch is in session_state."""
    at = upload_page()
    at.file_uploader[0].set_value([("a.txt", MERKEL.encode(), "text/plain")])
    at = button(at, "Read files").run()
    from analysis import batch

    def fail(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(batch, "load_bytes", fail)
    at = at.run()
    assert not at.exception
    assert len(preview_frame(at)) == 1


def test_page_upload_discard(db):
    at = paste(upload_page(), MACRON)
    at = button(at, "Discard").run()
    assert not at.data_editor
    assert stored(db).empty


def test_page_upload_batch_limit(db, monkeypatch):
    """The cap holds for each file (the loaders' limit) and for the batch as a whole."""
    monkeypatch.setenv("ACTORSCOPE_MAX_ARTICLES_PER_BATCH", "3")

    def table(first: int, n: int) -> bytes:
        rows = [f'T{i},"Joe Biden spoke for the {i}th time."' for i in range(first, first + n)]
        return ("title,text\n" + "\n".join(rows) + "\n").encode()

    at = upload_page()
    at.file_uploader[0].set_value(
        [("a.csv", table(0, 5), "text/csv"), ("b.csv", table(10, 2), "text/csv")]
    )
    at = button(at, "Read files").run()
    assert preview_frame(at)["title"].tolist() == ["T0", "T1", "T2"]
    assert at.dataframe[-1].value["reason"].tolist() == [
        "2 rows skipped: article limit reached (3 per load) (rows 4, 5)",
        "2 articles left out: limit 3 per batch",
    ]


def test_page_upload_batch_text_budget(db, monkeypatch):
    """The batch's text is capped in bytes too (136 + 100 bytes here, past 209)."""
    monkeypatch.setenv("ACTORSCOPE_MAX_BATCH_MB", "0.0002")
    at = paste(paste(upload_page(), MACRON), MERKEL)
    assert not at.exception
    assert preview_frame(at)["title"].tolist() == ["Macron in Kyiv"]
    assert at.dataframe[-1].value["reason"].tolist() == [
        "1 articles left out: the batch holds at most 0.0002 MB of text"
    ]


def test_page_upload_everything_rejected(db):
    at = upload_page()
    at.file_uploader[0].set_value([("empty.txt", b"   ", "text/plain")])
    at = button(at, "Read files").run()
    assert not at.exception
    assert "every input was rejected" in messages(at)
    assert at.dataframe[-1].value["reason"].tolist() == ["no text"]
    assert find_button(at, "Add 0 articles").disabled


def test_page_upload_bad_setting_is_reported(db, monkeypatch):
    monkeypatch.setenv("ACTORSCOPE_MAX_ARTICLES_PER_BATCH", "many")
    at = upload_page()
    assert not at.exception
    assert "ACTORSCOPE_MAX_ARTICLES_PER_BATCH: 'many' is not a number" in messages(at)


def test_page_upload_fetch_refuses_file_urls(db):
    at = upload_page()
    at.text_input(key="up_page_url").input("file:///etc/passwd")
    at = button(at, "Fetch page").run()
    assert not at.exception
    reasons = at.dataframe[-1].value["reason"].tolist()
    assert reasons == ["only http and https addresses are fetched, not 'file'"]


# --- hosted mode ---------------------------------------------------------------------------------


def test_page_upload_hosted_visitor_goes_private(hosted):
    at = upload_page()
    assert "stay private to this session" in messages(at)
    at = paste(at, MACRON)
    at = button(at, "Add 1 article to your private workspace").run()
    assert not at.exception
    assert "your private workspace" in at.success[0].value
    assert stored(hosted).empty  # nothing reached the shared store
    banner = at.info[0].value
    assert "1 private article in this session, visible only to you" in banner
    # Every page counts it, for this session.
    at.switch_page("app_pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    assert "visible only to you" in at.info[0].value
    at.switch_page("app_pages/evidence.py").run()
    assert not at.exception


def charts_text(at: AppTest) -> str:
    return " ".join(c.proto.spec for c in at.get("plotly_chart"))


def test_page_upload_hosted_sessions_are_isolated(hosted):
    """One visitor's private articles never reach another's view, nor any shared cache."""
    s = Store(hosted)
    shared = load_text(MERKEL, source="Shared", published="2023-09-05")
    ingest_module.ingest(s, shared, load_registry())
    s.close()
    mine = upload_page()
    mine.date_input(key="up_paste_date").set_value(pd.Timestamp("2023-09-12").date())
    mine = button(paste(mine, MACRON), "Add 1 article").run()
    mine = button(mine, "See them on Trends").run()
    assert not mine.exception
    assert mine.title[0].value == "Trends"
    chosen = list(mine.session_state["f_actors"])
    assert chosen[0] == "emmanuel-macron"
    day = pd.Timestamp("2023-09-12").date()  # the batch's dates, not the corpus's from 09-05
    assert tuple(mine.session_state["f_dates"]) == (day, day)
    assert "Emmanuel Macron" in charts_text(mine)  # this session sees its article
    both = ["emmanuel-macron", "joe-biden"]
    mine.session_state["f_actors"] = both
    mine.switch_page("app_pages/trends.py").run()
    assert "Emmanuel Macron" in charts_text(mine)
    mine.switch_page("app_pages/comentions.py").run()
    assert not mine.exception

    # Another visitor, same view, right after: same cache keys, none of the private article.
    theirs = AppTest.from_file(APP, default_timeout=60)
    theirs.query_params["actors"] = ",".join(both)
    theirs.run()
    assert {m.label: m.value for m in theirs.metric}["Articles"] == "1"
    assert not [i for i in theirs.info if "private" in i.value]
    theirs.switch_page("app_pages/trends.py").run()
    assert not theirs.exception
    assert list(theirs.session_state["f_actors"]) == both
    assert "Joe Biden" in charts_text(theirs)
    assert "Emmanuel Macron" not in charts_text(theirs)
    theirs.switch_page("app_pages/comentions.py").run()
    assert not theirs.exception
    assert "Volodymyr Zelensky" not in charts_text(theirs)
    theirs.switch_page(UPLOAD).run()
    assert "private article" not in messages(theirs)
    assert stored(hosted)["source"].tolist() == ["Shared"]


def sign_in(at: AppTest, passcode: str) -> AppTest:
    at.text_input(key="up_passcode").input(passcode)
    return button(at, "Sign in").run()


def test_page_upload_hosted_editor_writes_shared(hosted):
    at = sign_in(upload_page(), "wrong")
    assert "Wrong passcode." in messages(at)
    at = sign_in(at, PASSCODE)
    assert "signed in as an editor" in messages(at)
    at = paste(at, MACRON)
    at = button(at, "Add 1 article to the shared store").run()
    assert len(stored(hosted)) == 1
    at = button(at, "Sign out").run()
    assert "stay private to this session" in messages(at)


@pytest.fixture
def slow_throttle(hosted: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A first wait of 10 minutes, which no test outlasts (the db fixture clears the server's
    throttle before and after)."""
    monkeypatch.setattr(settings_page, "PASSCODE_DELAY_S", 600.0)
    return hosted


def test_page_upload_hosted_passcode_limit_outlives_the_session(slow_throttle):
    """Wrong guesses count for the server: a reload, a new session, starts nothing afresh."""
    at = upload_page()
    for _ in range(4):
        at = sign_in(at, "guess")
    assert "Too many" not in messages(at)
    at = sign_in(at, "guess")
    assert "Wrong passcode. Too many wrong passcodes: try again in 10 min." in messages(at)
    fresh = upload_page()  # a new session, as a reload gives
    assert "Too many wrong passcodes: try again in 10 min." in messages(fresh)
    fresh = sign_in(fresh, PASSCODE)
    assert "signed in as an editor" not in messages(fresh)
    assert (
        "Not checked: Too many wrong passcodes: try again in 10 min (until then even the right "
        "passcode is refused)." in messages(fresh)
    )
    assert not [b for b in fresh.button if b.key == "up_sign_out"]
    assert settings_page.passcode_throttle().failures == 5  # the refused try was not counted


def test_page_upload_hosted_private_cap(hosted, monkeypatch):
    monkeypatch.setenv("ACTORSCOPE_MAX_PRIVATE_ARTICLES", "1")
    at = paste(paste(upload_page(), MACRON), MERKEL)
    at = button(at, "Add 2 articles").run()
    assert "Added 1 article" in at.success[0].value
    reasons = at.dataframe[-1].value["reason"].tolist()
    assert reasons == ["1 articles not added: a session holds at most 1 private articles"]


def test_page_upload_hosted_private_text_budget(hosted, monkeypatch):
    """A session's private text is capped in bytes, counting what it already holds."""
    monkeypatch.setenv("ACTORSCOPE_MAX_PRIVATE_MB", "0.0002")  # 209 bytes: Macron's 136 fit
    at = paste(paste(upload_page(), MACRON), MERKEL)
    at = button(at, "Add 2 articles").run()
    assert "Added 1 article" in at.success[0].value
    reason = "1 articles not added: a session holds at most 0.0002 MB of private text"
    assert at.dataframe[-1].value["reason"].tolist() == [reason]
    at = button(paste(at, MERKEL), "Add 1 article").run()  # 136 held + 100 > 209
    assert "Added 0 articles" in at.warning[0].value
    assert at.dataframe[-1].value["reason"].tolist() == [reason]
    assert stored(hosted).empty


# --- the pure parts ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry_matcher() -> Matcher:
    return Matcher(load_registry())


def test_page_upload_preview_frame(registry_matcher):
    loaded = load_text(MACRON)
    again = load_text(MACRON)
    from analysis.fetch import combine

    both = combine([loaded, again])
    frame = preview(both, registry_matcher, set())
    assert list(frame.columns) == PREVIEW_COLUMNS
    assert frame["duplicate"].tolist() == ["", IN_BATCH]
    assert frame["actor_ids"].iloc[0].split(",")[0] == "emmanuel-macron"
    chosen = apply_preview(both.articles, frame.assign(source=["  ", "x"]))
    assert len(chosen) == 1  # the second copy is dropped
    assert chosen["source"].isna().all()  # a blank edit is no source


@pytest.mark.parametrize(
    ("texts", "budget", "fits"),
    [
        (["aaaa", "bb", "c"], 7, 3),
        (["aaaa", "bb", "c"], 6, 2),
        (["aaaa", "b", "cccccc"], 5, 2),
        (["ééé"], 5, 0),  # UTF-8 bytes (6), not characters (3)
        (["a", "bbbbbbbbbb", "c"], 3, 1),  # the first that does not fit ends the run
        ([], 10, 0),
    ],
)
def test_page_upload_text_fits_counts_utf8_bytes(texts, budget, fits):
    articles = pd.DataFrame({"text": pd.Series(texts, dtype="string")})
    assert text_fits(articles, budget) == fits


def test_page_upload_workspace_store_is_one_database_for_all_threads():
    ws = Store("sqlite://")
    ingest_module.ingest(ws, load_text(MACRON), load_registry())
    seen = []
    thread = threading.Thread(target=lambda: seen.append(ws.counts()["articles"]))
    thread.start()
    thread.join()
    assert seen == [1]
    ws.close()


@pytest.fixture
def site():
    """tests/test_fetch.py's test site on 127.0.0.1 (a local run may fetch it)."""
    from test_fetch import Handler, Server

    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_page_upload_feed_and_page(db, site):
    at = upload_page()
    at.text_input(key="up_feed_url").input(f"{site}/feed.rss")
    at = button(at, "Fetch feed").run()
    assert not at.exception
    frame = preview_frame(at)
    assert frame["title"].tolist() == ["Putin and Kim meet", "NATO answers"]
    assert frame["source"].tolist() == ["Test Wire World"] * 2
    rejected = at.dataframe[-1].value
    assert rejected["reason"].tolist() == ["1 item without a link skipped", "HTTP 404 Not Found"]
    at.text_input(key="up_page_url").input(f"{site}/article.html")
    at = button(at, "Fetch page").run()
    assert preview_frame(at)["duplicate"].tolist() == ["", "", IN_BATCH]
    at = button(at, "Add 2 articles").run()
    assert "Added 2 articles" in at.success[0].value
    assert len(stored(db)) == 2


def test_page_upload_hosted_refuses_private_addresses(hosted, site):
    at = upload_page()
    at.text_input(key="up_page_url").input(f"{site}/article.html")
    at = button(at, "Fetch page").run()
    (reason,) = at.dataframe[-1].value["reason"].tolist()
    assert reason.startswith("refused: 127.0.0.1 is a loopback address")
