"""The Actors page end to end in Debian's Chromium: a missing name added with one click, then
seen on Trends without a restart.

The server has a store of its own (this test writes to it). The screenshot of the Actors page
with its missing names lands in artifacts/screenshots/actors-missing.png.
"""

from __future__ import annotations

import re

import pytest
from browser import launch_chromium, screenshot, served, wait_for_app
from missing_names import build_store

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 30_000
EXPECT_MS = 20_000
EXCEPTION = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("actors-browser")
    url = build_store(folder)
    with served(url, folder / "logs", "actors", ("REGISTRY", "ROLES", "EDITOR_PASSCODE")) as app:
        yield app


@pytest.fixture(scope="module")
def page(chromium, server):
    with sync_api.sync_playwright() as p:
        browser = launch_chromium(p, chromium)
        context = browser.new_context(viewport=VIEWPORT)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        context.close()
        browser.close()
        assert errors == []


def test_browser_actors_add_missing_name_then_trends(server, page) -> None:
    page.goto(f"{server.url}/actors")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Who is missing")).to_be_visible(timeout=EXPECT_MS)
    expect(main.get_by_text("Sergei Shoigu: 4 mentions in 1 article")).to_be_visible(
        timeout=EXPECT_MS
    )
    add = main.get_by_role("button", name=re.compile("Add as a new actor"))
    add.scroll_into_view_if_needed()
    # All six kinds in view at 1400 px: in half a row "Place" was cut off.
    kinds = (
        main.locator('[data-testid="stButtonGroup"]').filter(has_text="Organization").last
    )  # the table filter comes first
    expect(kinds.get_by_text("Place", exact=True)).to_be_visible(timeout=EXPECT_MS)
    box, place = kinds.bounding_box(), kinds.get_by_text("Place", exact=True).bounding_box()
    assert place["x"] + place["width"] <= box["x"] + box["width"] + 1, (place, box)
    assert kinds.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    screenshot(page, "actors-missing")

    add.click()
    wait_for_app(page)
    expect(
        main.get_by_text("Added Sergei Shoigu (person): 4 mentions in 1 article.")
    ).to_be_visible(timeout=EXPECT_MS)
    assert page.locator(EXCEPTION).count() == 0

    main.get_by_role("button", name=re.compile("See on Trends")).click()
    page.wait_for_url(re.compile(r"/trends\?.*actors=sergei-shoigu"), timeout=TIMEOUT_MS)
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=EXPECT_MS)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Sergei Shoigu (4)")).to_be_visible(timeout=EXPECT_MS)
    # The charts' own data, as plotly holds it: a trace of Shoigu's 4 mentions.
    traces = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
            gd => (gd._fullData || []).map(t => ({name: t.name, y: Array.from(t.y || [])})))"""
    )
    shoigu = [t for t in traces if t["name"] == "Sergei Shoigu"]
    assert shoigu, traces
    assert max(sum(v for v in t["y"] if isinstance(v, int | float)) for t in shoigu) == 4
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "actors-added-trends")
