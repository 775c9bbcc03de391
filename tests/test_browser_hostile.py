"""The attacker's link and actor names that are markup, in Debian's Chromium: every page and the
snapshot show them as text, link nowhere they point and fetch nothing they name.

Screenshots land in artifacts/screenshots/hostile-*.png.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import AppServer, launch_chromium, screenshot, wait_for_app
from hostile import (
    EVIL,
    HOSTILE_ID,
    HOSTILE_NAME,
    HOSTILE_QUERY,
    HOSTILE_TITLE,
    SESSION_LINK,
    TRAP,
    hostile_store,
)

from analysis import query
from analysis.plain import WORD_JOINER
from analysis.store import Store
from analysis.view import View
from app_pages import snapshot as snapshot_page

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

# (url path, screenshot name, draws plotly charts)
PAGES = [
    ("/", "overview", True),
    ("/trends", "trends", True),
    ("/outlets", "outlets", True),
    ("/comentions", "comentions", True),
    ("/evidence", "evidence", False),
    ("/actors", "actors", False),
    ("/upload", "upload", False),
]
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 30_000

# Every address on the page, in HTML and in SVG (plotly's links are SVG <a xlink:href>).
ADDRESSES_JS = """() => [...document.querySelectorAll('[href], [*|href], [src], [srcset]')]
    .flatMap(e => [...e.attributes].filter(a => /(^|:)(href|src|srcset)$/.test(a.name))
                                   .map(a => new URL(a.value, document.baseURI).href))"""
PLOT_TEXT_JS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .map(p => p.textContent).join('\\n')"""


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    return hostile_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def server(chromium, store_url, tmp_path_factory):
    app = AppServer(store_url, tmp_path_factory.mktemp("logs"), "hostile")
    try:
        yield app.start().wait()
    finally:
        app.stop()


@pytest.fixture(scope="module")
def browser(chromium):
    with sync_api.sync_playwright() as p:
        b = launch_chromium(p, chromium)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def requests() -> list[str]:
    """Every address the page asked for."""
    return []


@pytest.fixture
def page(browser, requests):
    """A new context (a new Streamlit session) that records every request it makes."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.on("request", lambda r: requests.append(r.url))
    try:
        yield pg
    finally:
        context.close()


def theirs(urls: list[str]) -> list[str]:
    """The addresses on EVIL's or TRAP's host (their values in our own query strings aside)."""
    return [u for u in urls if urlsplit(u).netloc.lower() in (EVIL, TRAP)]


def assert_nothing_of_theirs(pg, requests: list[str]) -> None:
    """No link to EVIL and no image or request to TRAP, anywhere in the page."""
    addresses = pg.evaluate(ADDRESSES_JS)
    assert addresses  # the check sees the page's own links
    assert theirs(addresses) == []
    assert theirs(requests) == []


def visible_text(pg) -> str:
    return pg.locator("body").inner_text().replace(WORD_JOINER, "")


@pytest.mark.parametrize(("path", "name", "charted"), PAGES, ids=[p[1] for p in PAGES])
def test_browser_hostile_pages_show_text(server, page, requests, path, name, charted):
    page.goto(f"{server.url}{path}?{HOSTILE_QUERY}")
    wait_for_app(page, TIMEOUT_MS)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    notices = page.locator('[data-testid="stAlertContentWarning"]')
    expect(notices.first).to_be_visible()
    text = visible_text(page)
    assert SESSION_LINK in text  # the notice quotes the link as it was typed
    assert f"Ignored start='![x](http://{TRAP}/x)'" in text
    assert "Ignored unknown sources: <b>x</b>" in text
    if charted:
        plots = page.locator(".js-plotly-plot")
        expect(plots.first.locator("g.trace").first).to_be_attached()
        for i in range(plots.count()):
            expect(plots.nth(i).locator("svg.main-svg").first).to_be_attached()
        assert HOSTILE_NAME in page.evaluate(PLOT_TEXT_JS)  # a label, legend entry or node
    if path == "/evidence":
        assert f"Sentences naming any of {HOSTILE_NAME}" in text
    assert_nothing_of_theirs(page, requests)
    screenshot(page, f"hostile-{name}")


def test_browser_hostile_evidence_of_the_actor(server, page, requests):
    """The Evidence page of the hostile actor, its sentence and whole article opened."""
    page.goto(f"{server.url}/evidence?focus={HOSTILE_ID}")
    wait_for_app(page, TIMEOUT_MS)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert f"Sentences naming {HOSTILE_NAME}" in visible_text(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    # A canvas: tick the first row where it is drawn (its marker column; a 35px header row).
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    wait_for_app(page, TIMEOUT_MS)
    expander = page.locator('[data-testid="stExpander"]').first
    expect(expander).to_be_visible()
    expander.locator("summary").click()
    expect(expander).to_contain_text(HOSTILE_TITLE)
    assert_nothing_of_theirs(page, requests)
    screenshot(page, "hostile-evidence-article")


def test_browser_hostile_snapshot(browser, store_url, tmp_path):
    """The snapshot file of the hostile actors, opened offline."""
    store = Store(store_url)
    try:
        c = query.load_corpus(store, store.revision())
        v = View(actors=(HOSTILE_ID, "kim-jong-un", "vladimir-putin"))
        doc = snapshot_page.snapshot_of(c, v, "http://127.0.0.1:8501/", (store, None))
    finally:
        store.close()
    path = tmp_path / "snapshot.html"
    path.write_text(doc, encoding="utf-8")
    requests: list[str] = []
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        pg.on("request", lambda r: requests.append(r.url))
        pg.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        pg.goto(path.as_uri(), wait_until="load")
        expect(pg.locator(".js-plotly-plot .main-svg").first).to_be_attached()
        expect(pg.locator("h1")).to_contain_text(HOSTILE_NAME)
        expect(pg.locator("table.evidence").first).to_contain_text(HOSTILE_TITLE)
        assert HOSTILE_NAME in pg.evaluate(PLOT_TEXT_JS)
        assert requests == [path.as_uri()]  # the file itself, nothing else
        assert_nothing_of_theirs(pg, requests)
        assert pg.locator("a").count() == 1  # the live view's link, and no other
        screenshot(pg, "hostile-snapshot")
    finally:
        pg.close()
