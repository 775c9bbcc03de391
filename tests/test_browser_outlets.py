"""The Outlets page in Debian's Chromium, on the small multi-outlet corpus of
tests/outlets_corpus.py: the chart from a link, and a click on a source's bar opening that
source's sentences on Evidence.

The screenshots land in artifacts/screenshots/outlets.png and outlets-evidence.png.
"""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, served, wait_for_app
from outlets_corpus import BLAME, KIM, PRAISE, PUTIN, SMALL, outlets_store

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 30_000
EXPECT_MS = 20_000
EXCEPTION = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("outlets-browser")
    url = outlets_store(folder)
    with served(url, folder / "logs", "outlets") as app:
        yield app


def test_browser_outlets_chart_and_a_click_to_its_sentences(server, chromium) -> None:
    with open_page(chromium, VIEWPORT, TIMEOUT_MS) as page:
        page.goto(f"{server.url}/outlets?actors={PUTIN},{KIM}&min_count=1")
        wait_for_app(page, TIMEOUT_MS)
        main = page.locator('[data-testid="stMain"]')
        plot = main.locator(".js-plotly-plot")
        expect(plot.locator(".gtitle")).to_contain_text(
            "share of its own articles", timeout=EXPECT_MS
        )
        expect(plot.locator(".ytick")).to_contain_text([f"{SMALL} (3)"], timeout=EXPECT_MS)
        expect(main.locator(EXCEPTION)).to_have_count(0)
        screenshot(page, "outlets")

        # Putin's bars come first, biggest source first: the second is the small daily's.
        bar = plot.locator(".barlayer .trace").first.locator(".point").nth(1)
        bar.scroll_into_view_if_needed()
        bar.click(force=True)
        expect(main.locator("h1")).to_contain_text("Evidence", timeout=EXPECT_MS)
        wait_for_app(page, TIMEOUT_MS)
        table = main.locator('[data-testid="stDataFrame"]')
        expect(table).to_contain_text(BLAME, timeout=EXPECT_MS)
        expect(table).not_to_contain_text(PRAISE)
        assert f"sources={SMALL.replace(' ', '+')}" in page.url
        expect(main.locator(EXCEPTION)).to_have_count(0)
        screenshot(page, "outlets-evidence")
