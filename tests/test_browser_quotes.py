"""The Quotes page in Debian's Chromium, on the seed and tests/data/multidate.csv: Jake
Sullivan's warning in the network and the list, a row showing its sentences, and a click on
the list's button opening Evidence.

The screenshots land in artifacts/screenshots/quotes.png and quotes-row.png.
"""

from __future__ import annotations

import pytest
from browser import build_store, open_page, screenshot, served, wait_for_app

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 30_000
EXPECT_MS = 20_000
EXCEPTION = '[data-testid="stException"]'
ACTORS = "jake-sullivan,north-korea,vladimir-putin,joe-biden"


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("quotes-browser")
    with served(build_store(folder), folder / "logs", "quotes") as app:
        yield app


def test_browser_quotes_network_list_and_a_row(server, chromium) -> None:
    with open_page(chromium, VIEWPORT, TIMEOUT_MS) as page:
        page.goto(f"{server.url}/quotes?actors={ACTORS}")
        wait_for_app(page, TIMEOUT_MS)
        main = page.locator('[data-testid="stMain"]')
        plot = main.locator(".js-plotly-plot")
        expect(plot.locator(".gtitle")).to_contain_text(
            "Who is quoted about whom", timeout=EXPECT_MS
        )
        expect(plot).to_contain_text("Jake Sullivan")
        expect(plot).to_contain_text("North Korea")
        table = main.locator('[data-testid="stDataFrame"]')
        expect(table).to_contain_text("reflect well on North Korea", timeout=EXPECT_MS)
        expect(main.locator(EXCEPTION)).to_have_count(0)
        screenshot(page, "quotes")

        # The grid is a canvas: a click on a row's checkbox cell selects it. Newest first:
        # Putin's December quotation, then the seed's Sullivan warning.
        box = table.bounding_box()
        page.mouse.click(box["x"] + 12, box["y"] + 35 * 2 + 17)
        expect(main.locator("h3")).to_contain_text("Jake Sullivan", timeout=EXPECT_MS)
        expect(main).to_contain_text("pay a price for this", timeout=EXPECT_MS)
        expect(main.locator(EXCEPTION)).to_have_count(0)
        screenshot(page, "quotes-row")

        main.get_by_role("button", name="Open in Evidence").click()
        expect(main.locator("h1")).to_contain_text("Evidence", timeout=EXPECT_MS)
        wait_for_app(page, TIMEOUT_MS)
        assert "focus=jake-sullivan" in page.url
        expect(main.locator(EXCEPTION)).to_have_count(0)
