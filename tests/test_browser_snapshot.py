"""The static snapshot in Debian's Chromium: opened from a file, with the network cut off.

A screenshot lands in artifacts/screenshots/snapshot.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import AppServer, build_store, launch_chromium, screenshot, wait_for_app

from analysis import evidence, query, snapshot
from analysis.store import Store
from analysis.view import View
from app_pages import data
from app_pages import snapshot as snapshot_page

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

KIM, PUTIN = "kim-jong-un", "vladimir-putin"
SEPTEMBER = View(actors=(KIM, PUTIN), start=dt.date(2023, 9, 1), end=dt.date(2023, 9, 30))
LIVE = "http://127.0.0.1:8501/?actors=kim-jong-un,vladimir-putin&start=2023-09-01&end=2023-09-30"
EXPECT_MS = 15_000


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    """The browser tests' store: seeds/, multidate.csv and an article of hostile markup."""
    return build_store(tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def snapshot_file(store_url, tmp_path_factory):
    """The snapshot of Kim and Putin in September 2023, written to a file; with the sentences
    it should show."""
    folder = tmp_path_factory.mktemp("snapshot")
    store = Store(store_url)
    try:
        c = query.load_corpus(store, store.revision())
        doc = snapshot_page.snapshot_of(c, SEPTEMBER, LIVE, (store, None))
        picked = snapshot.pick_evidence(
            evidence.select_sentences(
                query.view_facts(c, SEPTEMBER, actors=False), (), actors=SEPTEMBER.actors
            )  # fmt: skip
        )
        texts = data.sentence_text(picked[["article_id", "sent_idx"]], (store, None))
    finally:
        store.close()
    path = folder / "snapshot.html"
    path.write_text(doc, encoding="utf-8")
    figures = len(re.findall(r'<section class="chart">', doc))
    return path, figures, texts["text"].tolist()


def test_browser_snapshot_opens_offline(chromium, snapshot_file):
    path, figures, sentences = snapshot_file
    assert figures == 7
    assert sentences
    attempted: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r):
        # Blocked, and counted by the request listener below.
        r.abort() if not r.request.url.startswith("file:") else r.continue_()

    def request(r):
        if not r.url.startswith("file:"):
            attempted.append(r.url)

    with sync_api.sync_playwright() as p:
        browser = launch_chromium(p, chromium)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", route)
            page.on("request", request)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri(), wait_until="load")

            # Every chart drew: one plotly root per figure, each with its SVG.
            plots = page.locator(".js-plotly-plot")
            expect(plots).to_have_count(figures, timeout=EXPECT_MS)
            drawn = page.locator(".js-plotly-plot .svg-container > .main-svg:first-child")
            expect(drawn).to_have_count(figures, timeout=EXPECT_MS)
            expect(page.locator(".js-plotly-plot .scatterlayer .trace").first).to_be_attached()

            # The evidence table shows the sentences, as text.
            rows = page.locator("table.evidence tbody tr")
            expect(rows).to_have_count(len(sentences))
            shown = page.locator("table.evidence td.sentence").all_inner_texts()
            assert sorted(s.strip() for s in shown) == sorted(s.strip() for s in sentences)

            # The header: the filters in words and the live link.
            expect(page.locator("h1")).to_contain_text("Kim Jong Un and Vladimir Putin")
            expect(page.locator("dl")).to_contain_text("2023-09-01 to 2023-09-30")
            expect(page.locator("a")).to_have_count(1)
            expect(page.locator("a")).to_have_attribute("href", LIVE)

            screenshot(page, "snapshot")
        finally:
            browser.close()

    assert attempted == []  # no request left the file, not even a blocked one
    assert errors == []
    assert dialogs == []


def test_browser_snapshot_button_downloads_the_view(chromium, store_url, tmp_path):
    """The real app: the sidebar's button hands over the file, built on Streamlit's own thread,
    linking back to the page it was taken on."""
    query = "actors=kim-jong-un,vladimir-putin&start=2023-09-01&end=2023-09-30"
    with AppServer(store_url, tmp_path / "logs", "snapshot") as app:
        with sync_api.sync_playwright() as p:
            browser = launch_chromium(p, chromium)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"{app.url}/trends?{query}")
                wait_for_app(page, 30_000)
                button = page.get_by_test_id("stSidebar").get_by_role(
                    "button", name=snapshot_page.LABEL
                )
                with page.expect_download(timeout=30_000) as download:
                    button.click()
                doc = download.value.path().read_text(encoding="utf-8")
                assert download.value.suggested_filename.startswith("actorscope-snapshot-")
            finally:
                browser.close()
        problems = app.problems()
    assert doc.startswith("<!DOCTYPE html>")
    assert doc.count("Plotly.newPlot(") == 7
    assert f'href="{app.url}/trends?{query.replace("&", "&amp;")}"' in doc
    assert problems == ""
