"""The "whose sentences?" buttons of a crowded click (analysis/clicks.py) in Debian's Chromium,
on two long names that share their first three words: each button shows its whole name, or
the analyst cannot tell the two apart ("European Commission for…" twice). So do the sidebar's
chips of the two chosen actors.

The screenshot lands in artifacts/screenshots/trends-crowded-long-names.png.
"""

from __future__ import annotations

import re

import pytest
from browser import CUT_LABELS_JS, click_point, open_page, screenshot, served, wait_for_app

from analysis.cli import EXIT_OK, main

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

# A laptop's window with the sidebar open: the main area is about 700 px wide.
VIEWPORT = {"width": 1100, "height": 900}
TIMEOUT_MS = 30_000
EXPECT_MS = 20_000
EXCEPTION = '[data-testid="stException"]'
LONG = {
    "venice-commission": "European Commission for Democracy through Law",
    "cepej": "European Commission for the Efficiency of Justice",
}
# Each named once a week in the same articles: their points lie on top of each other.
TEXTS = [
    ("2023-09-05", "The {0} met in Strasbourg. Separately, the {1} published a report."),
    ("2023-09-12", "The {1} praised the courts. The {0} asked for a new law."),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    """The app on a store of two articles naming the two long-named actors (the store's
    registry: `actors add`, then `ingest`, as an analyst would)."""
    folder = tmp_path_factory.mktemp("long-names")
    db = str(folder / "store.db")
    for actor_id, name in LONG.items():
        argv = ["--db", db, "actors", "add", name, "--kind", "organization", "--id", actor_id]
        assert main(argv) == EXIT_OK
    names = list(LONG.values())
    for i, (day, text) in enumerate(TEXTS):
        (folder / f"a{i}.txt").write_text(text.format(*names), encoding="utf-8")
        argv = ["--db", db, "ingest", str(folder / f"a{i}.txt"), "--published", day]
        assert main([*argv, "--source", "Wire"]) == EXIT_OK
    with served(f"sqlite:///{db}", folder / "logs", "long-names") as app:
        yield app


def test_browser_crowded_click_buttons_show_whole_long_names(server, chromium) -> None:
    with open_page(chromium, VIEWPORT, TIMEOUT_MS) as page:
        page.goto(f"{server.url}/trends?actors={','.join(LONG)}")
        wait_for_app(page, TIMEOUT_MS)
        main_area = page.locator('[data-testid="stMain"]')
        expect(main_area.locator(".js-plotly-plot").first).to_be_visible(timeout=EXPECT_MS)
        click_point(page, ["venice-commission", "2023-09-11"])
        expect(
            main_area.get_by_text("2 actors' points lie on top of each other there")
        ).to_be_visible(timeout=EXPECT_MS)
        screenshot(page, "trends-crowded-long-names")
        # The sidebar's chips of the chosen actors: each whole, as text and as drawn.
        chips = page.locator('[data-testid="stSidebar"] [data-tag]')
        expect(chips).to_have_count(2)
        for name in LONG.values():
            assert any(name in text for text in chips.all_inner_texts()), name
        assert chips.evaluate_all(CUT_LABELS_JS) == [], "sidebar chips cut"
        # The buttons of the question (their keys: app_pages/trends.py show()).
        asked = main_area.locator('[class*="st-key-tr_mentions_near_"] button')
        expect(asked).to_have_count(2)
        for name in LONG.values():
            expect(asked.filter(has_text=name)).to_be_visible()
            # The whole name on the button, as its text and as drawn: nothing cut to "…".
            assert name in asked.filter(has_text=name).inner_text()
        # No button or choice of the page cut either, on this narrower window: the tone row
        # wraps, "Lower the minimum to 2" is as wide as its label.
        every = main_area.locator(
            '[data-testid="stButton"] button, [data-testid="stButtonGroup"] button'
        )
        cut = every.evaluate_all(CUT_LABELS_JS)
        assert cut == [], f"labels cut: {cut}"
        asked.filter(has_text=LONG["cepej"]).click()
        expect(page).to_have_url(re.compile(r"/evidence(?:\?|$)"), timeout=TIMEOUT_MS)
        wait_for_app(page, TIMEOUT_MS)
        expect(main_area.get_by_text(f"Sentences naming {LONG['cepej']}")).to_be_visible()
        expect(main_area.locator(EXCEPTION)).to_have_count(0)
