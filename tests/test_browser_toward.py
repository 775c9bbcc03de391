"""The tone toward each actor on the Evidence page, in Debian's Chromium: one sentence naming
two actors in opposite tones gets one VADER number but two labels.

The screenshot lands in artifacts/screenshots/evidence-toward.png.
"""

from __future__ import annotations

import re

import pytest
from browser import open_page, screenshot, served, wait_for_app

from analysis.ingest import ingest
from analysis.load import load_text
from analysis.registry.table import load_registry
from analysis.store import Store

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 30_000
EXPECT_MS = 20_000
EXCEPTION = '[data-testid="stException"]'
PUTIN, ZELENSKY = "vladimir-putin", "volodymyr-zelensky"
SENTENCE = (
    "Critics accused Vladimir Putin of lying, while Volodymyr Zelensky won praise for his honesty."
)
# Actors come in id order; the score is P(positive) - P(negative) with a true minus sign.
TOWARD = re.compile(
    r"Vladimir Putin: negative \u2212\d\.\d\d; Volodymyr Zelensky: positive \+\d\.\d\d"
)
# The words behind each: the shipped model's, left out one at a time (analysis/tone/explain).
WORDS = re.compile(r"Vladimir Putin: [^;]*\baccused\b[^;]*; Volodymyr Zelensky: [^;]*\bpraise\b")


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    """The app on a store of one article (registry actors: the finder is off in the tests)."""
    folder = tmp_path_factory.mktemp("toward-browser")
    url = f"sqlite:///{folder / 'store.db'}"
    store = Store(url)
    try:
        text = f"{SENTENCE} The talks resume next week."
        article = load_text(text, title="Two leaders", published="2023-09-12", source="Wire")
        assert ingest(store, article, load_registry()).added == 1
    finally:
        store.close()
    with served(url, folder / "logs", "toward") as app:
        yield app


def test_browser_evidence_shows_opposite_tones_toward_two_actors(server, chromium) -> None:
    with open_page(chromium, VIEWPORT, TIMEOUT_MS) as page:
        both = f"{PUTIN},{ZELENSKY}"
        page.goto(f"{server.url}/evidence?actors={both}&focus={both}")
        wait_for_app(page, TIMEOUT_MS)
        main = page.locator('[data-testid="stMain"]')
        table = main.locator('[data-testid="stDataFrame"]')
        expect(table).to_contain_text(SENTENCE, timeout=EXPECT_MS)
        expect(table).to_contain_text(TOWARD, timeout=EXPECT_MS)
        # Its own column, beside (not instead of) VADER's tone.
        expect(table).to_contain_text("tone toward")
        expect(table).to_contain_text("words behind it")
        expect(table).to_contain_text(WORDS, timeout=EXPECT_MS)

        # The chosen row repeats the tone toward each actor under the sentence.
        table.scroll_into_view_if_needed()
        box = table.bounding_box()
        assert box, "the table is not on screen"
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's marker
        expect(main.get_by_text("Tone toward each actor:")).to_contain_text(
            TOWARD, timeout=EXPECT_MS
        )
        expect(main.get_by_text("Words behind it:")).to_contain_text(WORDS, timeout=EXPECT_MS)
        wait_for_app(page, TIMEOUT_MS)
        expect(main.locator(EXCEPTION)).to_have_count(0)
        screenshot(page, "evidence-toward")


def test_browser_trends_tone_toward_from_the_link(server, chromium) -> None:
    with open_page(chromium, VIEWPORT, TIMEOUT_MS) as page:
        page.goto(f"{server.url}/trends?actors={PUTIN},{ZELENSKY}&min_count=1&tone=toward")
        wait_for_app(page, TIMEOUT_MS)
        main = page.locator('[data-testid="stMain"]')
        title = main.locator(".js-plotly-plot .gtitle").filter(has_text="Tone per week")
        expect(title).to_contain_text("mean tone toward the actor", timeout=EXPECT_MS)
        expect(main.get_by_role("radio", name="Toward the actor")).to_be_checked()
        expect(main.locator(EXCEPTION)).to_have_count(0)
        title.scroll_into_view_if_needed()
        screenshot(page, "trends-toward")


def test_browser_comentions_tone_toward_from_the_link(server, chromium) -> None:
    with open_page(chromium, VIEWPORT, TIMEOUT_MS) as page:
        page.goto(f"{server.url}/comentions?actors={PUTIN},{ZELENSKY}&tone=toward")
        wait_for_app(page, TIMEOUT_MS)
        main = page.locator('[data-testid="stMain"]')
        net = main.locator(".js-plotly-plot").filter(has_text="Who appears with whom")
        expect(net).to_contain_text("mean tone toward", timeout=EXPECT_MS)  # the colour bar
        expect(main.get_by_role("radio", name="Toward the actor")).to_be_checked()
        expect(main.get_by_text("mean tone toward the actor in the sentences")).to_be_visible()
        expect(main.locator(EXCEPTION)).to_have_count(0)
        net.scroll_into_view_if_needed()
        screenshot(page, "comentions-toward")
