"""Curation of found entities end to end in Debian's Chromium: found -> confirmed -> renamed ->
merged -> hidden, each seen on Trends at once (the trace appears, is renamed, grows, is gone).

The server has a store of its own, of the Brazil and India story and a later article, ingested
with the finder on (ACTORSCOPE_FOUND=on for the app too). Screenshots land in
artifacts/screenshots/curation-*.png.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import AppServer, launch_chromium, screenshot, wait_for_app

from analysis.found import FOUND_ENV

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "tests" / "data" / "found" / "brazil_india.txt"
LATER = (
    "Haddad meets the markets\n\n"
    "Fernando Haddad met investors in Sao Paulo on Monday. Economists at Morgan Stanley said "
    "Fernando Haddad had reassured them.\n"
)
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 30_000
EXPECT_MS = 20_000
EXCEPTION = '[data-testid="stException"]'


def build_store(folder: Path) -> str:
    from analysis.ingest import ingest
    from analysis.load import load_paths
    from analysis.registry.table import load_registry
    from analysis.store import Store

    for name, text, day in (("story", STORY.read_text("utf-8"), "2024-10-14"),
                            ("later", LATER, "2024-10-21")):  # fmt: skip
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
        meta = {"source": "Test Wire", "published": day}
        (folder / "in" / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    url = f"sqlite:///{folder / 'curation.db'}"
    store = Store(url)
    try:
        ingest(store, load_paths([folder / "in"]), load_registry())
    finally:
        store.engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("curation-browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(FOUND_ENV, "on")  # the store's ingest and the app's process
        for key in ("REGISTRY", "ROLES", "EDITOR_PASSCODE"):
            mp.delenv(f"ACTORSCOPE_{key}", raising=False)
        url = build_store(folder)
        app = AppServer(url, folder / "logs", name="curation").start()
    try:
        yield app.wait()
    finally:
        app.stop()
        problems = app.problems()
        assert "Traceback" not in problems, problems


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


def traces(page) -> dict[str, int]:
    """The Mentions chart's traces (the first chart) as plotly holds them: name -> mentions
    over every period."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].slice(0, 1).flatMap(
            gd => (gd._fullData || []).map(t => ({name: t.name, y: Array.from(t.y || [])})))"""
    )
    sums: dict[str, int] = {}
    for t in found:
        total = int(sum(v for v in t["y"] if isinstance(v, int | float)))
        sums[t["name"]] = max(sums.get(t["name"], 0), total)
    return sums


def trends(page, server, actors: str) -> dict[str, int]:
    page.goto(f"{server.url}/trends?actors={actors}")
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=EXPECT_MS)
    assert page.locator(EXCEPTION).count() == 0
    return traces(page)


def found_section(page, server):
    page.goto(f"{server.url}/actors")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Found entities", exact=True).click()
    wait_for_app(page)
    expect(main.get_by_text("kind (guessed)").first).to_be_attached(timeout=EXPECT_MS)
    return main


def pick(page, main, label: str, option: str) -> None:
    """Choose an option of a selectbox by its label, typing to filter the list."""
    box = main.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    wait_for_app(page)


def then_trends(page, main, message: str) -> dict[str, int]:
    """The success message after a registry edit, then its "See on Trends"."""
    expect(main.get_by_text(message)).to_be_visible(timeout=EXPECT_MS)
    assert page.locator(EXCEPTION).count() == 0
    main.get_by_role("button", name=re.compile("See on Trends")).click()
    page.wait_for_url(re.compile(r"/trends\?"), timeout=TIMEOUT_MS)
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=EXPECT_MS)
    return traces(page)


def test_browser_curation_found_confirmed_renamed_merged_hidden(server, page) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')

    # Found: on Trends as found entities, beside a registry actor.
    shown = trends(page, server, "found:fernando-haddad,found:goldman-sachs,brazil")
    assert shown["Fernando Haddad"] == 5, shown
    assert shown["Goldman Sachs"] == 1, shown
    brazil = shown["Brazil"]
    expect(sidebar.get_by_text("Fernando Haddad (5, found)")).to_be_visible(timeout=EXPECT_MS)

    main = found_section(page, server)
    screenshot(page, "curation-found")

    # Confirmed: a registry actor, no longer marked found.
    pick(page, main, "Entity to curate", "Fernando Haddad")
    expect(main.get_by_placeholder("e.g. Fernando Haddad …")).to_be_visible()
    main.get_by_role("button", name="Confirm", exact=True).click()
    wait_for_app(page)
    shown = then_trends(page, main, "Confirmed Fernando Haddad (person): 5 mentions in 2 articles.")
    assert page.url.endswith("actors=fernando-haddad") or "actors=fernando-haddad&" in page.url
    assert shown == {"Fernando Haddad": 5}, shown
    expect(sidebar.get_by_text("Fernando Haddad (5)", exact=True)).to_be_visible()

    # Renamed: confirmed under a fuller name.
    main = found_section(page, server)
    pick(page, main, "Entity to curate", "Amit Shah")
    expect(main.get_by_placeholder("e.g. Amit Shah …")).to_be_visible()  # the run for Amit Shah
    fuller = main.get_by_role("textbox", name="Fuller name")
    fuller.fill("Amit Anilchandra Shah")
    fuller.press("Enter")
    wait_for_app(page)
    main.get_by_role("button", name="Rename and confirm").click()
    wait_for_app(page)
    shown = then_trends(
        page, main,
        "Renamed Amit Shah to Amit Anilchandra Shah and confirmed it (person): 2 mentions in "
        "1 article.",
    )  # fmt: skip
    assert shown == {"Amit Anilchandra Shah": 2}, shown

    # Merged: Itamaraty (Brazil's foreign ministry) counts as Brazil.
    main = found_section(page, server)
    pick(page, main, "Entity to curate", "Itamaraty")
    expect(main.get_by_placeholder("e.g. Itamaraty …")).to_be_visible()
    pick(page, main, "Merge", "Brazil (brazil)")
    main.get_by_role("button", name="Merge", exact=True).click()
    wait_for_app(page)
    shown = then_trends(page, main, f"Merged Itamaraty into Brazil: {brazil + 1} mentions in")
    assert shown == {"Brazil": brazil + 1}, shown

    # Hidden: gone from Trends and from the sidebar's choices.
    main = found_section(page, server)
    pick(page, main, "Entity to curate", "Goldman Sachs")
    expect(main.get_by_placeholder("e.g. Goldman Sachs …")).to_be_visible()
    main.get_by_role("button", name=re.compile("Hide .*Goldman Sachs.* everywhere")).click()
    wait_for_app(page)
    expect(main.get_by_text("Hid Goldman Sachs on every page.")).to_be_visible(timeout=EXPECT_MS)
    expect(main.get_by_text("Hidden everywhere (1)")).to_be_visible()
    screenshot(page, "curation-hidden")
    shown = trends(page, server, "found:goldman-sachs,brazil")
    assert "Goldman Sachs" not in shown, shown
    assert shown["Brazil"] == brazil + 1, shown
    expect(sidebar.get_by_text(re.compile("Goldman Sachs"))).to_have_count(0)
