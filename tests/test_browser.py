"""End to end in Debian's Chromium: the real app on a real server, driven by Playwright."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import (
    HOSTILE_DATE,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    AppServer,
    build_store,
    chromium_path,
    launch_chromium,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

# (url path, screenshot name, has plotly charts)
PAGES = [
    ("/", "overview", True),
    ("/trends", "trends", True),
    ("/comentions", "comentions", True),
    ("/evidence", "evidence", False),
    ("/actors", "actors", True),
    ("/upload", "upload", False),
]
CHART_PAGES = [(path, name) for path, name, charts in PAGES if charts]
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 20_000
KIM, PUTIN = "kim-jong-un", "vladimir-putin"
SEPTEMBER = f"actors={KIM},{PUTIN}&start=2023-09-01&end=2023-09-30"
EXCEPTION = '[data-testid="stException"]'


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if not path:
        pytest.skip("Debian's chromium is not on PATH: run `make chromium` (apt, no download)")
    return path


@pytest.fixture(scope="session")
def store_url(tmp_path_factory) -> str:
    """seeds/ + tests/data/multidate.csv + one article of hostile markup, ingested once."""
    return build_store(tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="session")
def logs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server-logs")


def _report_stderr(request, servers: list[AppServer], failed_before: int) -> None:
    """Show the servers' stderr when a test failed while they ran (it holds any traceback)."""
    if request.session.testsfailed <= failed_before:
        return
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    for server in servers:
        text = server.stderr().strip()
        if reporter and text:
            reporter.write_sep("-", f"streamlit stderr ({server.name})")
            reporter.write_line(text[-8000:])


@pytest.fixture(scope="session")
def server(chromium, store_url, logs, request):
    """One app server shared by the tests that do not need a fresh one."""
    failed_before = request.session.testsfailed
    app = AppServer(store_url, logs, "shared")
    try:
        yield app.start().wait()
    finally:
        app.stop()
        _report_stderr(request, [app], failed_before)


@pytest.fixture(scope="session")
def fresh_pool(chromium, store_url, logs, request):
    """A server per page, all booted at once; each page is the first request its server gets."""
    failed_before = request.session.testsfailed
    pool = {path: AppServer(store_url, logs, f"fresh-{name}") for path, name, _ in PAGES}
    try:
        for app in pool.values():
            app.start()
        yield pool
    finally:
        for app in pool.values():
            app.stop()
        _report_stderr(request, list(pool.values()), failed_before)


@pytest.fixture
def fresh_server(fresh_pool, path):
    app = fresh_pool[path].wait()
    yield app
    app.stop()  # done with it: free the cores for the next one


@pytest.fixture(scope="session")
def browser(chromium):
    with sync_api.sync_playwright() as p:
        b = launch_chromium(p, chromium)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert/confirm/prompt the page raised (dismissed at once)."""
    return []


@pytest.fixture
def page(browser, dialogs):
    """A fresh browser context (so a fresh Streamlit session) per test."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    try:
        yield pg
    finally:
        context.close()


# --- helpers -----------------------------------------------------------------------------------


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, TIMEOUT_MS)


def expect_no_exception(page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def actor_chips(page):
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Actors"
    )
    return box.locator('[data-baseweb="tag"]')


def expect_charts(page) -> None:
    """At least one plotly chart drawn as SVG, and every chart drawn with at least one trace."""
    plots = page.locator(".js-plotly-plot")
    expect(plots.first).to_be_visible()
    expect(plots.first.locator(".main-svg").first).to_be_attached()
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        expect(plot.locator(".main-svg").first).to_be_attached()
        expect(plot.locator("g.trace").first).to_be_attached()


BAR_CENTRE_JS = """(gd, name) => {
    // Pixel centre (page coordinates) of the horizontal bar labelled `name`.
    for (const [t, trace] of gd.data.entries()) {
        if (trace.type !== 'bar') continue;
        const i = Array.from(trace.y || []).indexOf(name);
        if (i < 0) continue;
        const bar = gd.querySelectorAll('.barlayer .trace')[t].querySelectorAll('.point')[i];
        const r = bar.getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2};
    }
    return null;
}"""


def click_bar(page, plot, name: str) -> None:
    plot.scroll_into_view_if_needed()
    handle = plot.element_handle()
    where = handle.evaluate(BAR_CENTRE_JS, name)
    assert where, f"no bar for {name!r}"
    page.mouse.move(where["x"], where["y"])
    page.mouse.click(where["x"], where["y"])


# --- tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name", "charts"), PAGES, ids=[n for _, n, _ in PAGES])
def test_browser_page_loads_as_first_request(fresh_server, page, path, name, charts):
    """A deep link is the very first request a fresh server gets: the page still runs clean."""
    open_app(page, fresh_server.url + path)
    expect(page).to_have_url(re.compile(re.escape(fresh_server.url + path) + r"(\?.*)?$"))
    expect_no_exception(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()
    if charts:
        expect_charts(page)
    screenshot(page, name)
    expect_no_exception(page)


@pytest.mark.parametrize(("path", "name"), CHART_PAGES, ids=[n for _, n in CHART_PAGES])
def test_browser_charts_render(server, page, path, name):
    open_app(page, f"{server.url}{path}?{SEPTEMBER}")
    expect_no_exception(page)
    expect_charts(page)
    screenshot(page, f"{name}-september")


def test_browser_url_sets_actors_and_dates(server, page):
    open_app(page, f"{server.url}/comentions?{SEPTEMBER}")
    expect_no_exception(page)
    chips = actor_chips(page)
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text("Kim Jong Un")
    expect(chips.nth(1)).to_contain_text("Vladimir Putin")
    dates = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input')
    expect(dates).to_have_value(re.compile(r"2023-09-01\s*[–-]\s*2023-09-30"))
    params = query(page)
    assert params.get("actors") == f"{KIM},{PUTIN}", page.url
    assert params.get("start") == "2023-09-01", page.url
    assert params.get("end") == "2023-09-30", page.url


def test_browser_overview_bar_click_opens_evidence(server, page):
    open_app(page, f"{server.url}/?{SEPTEMBER}")
    expect_no_exception(page)
    plot = page.locator(".js-plotly-plot").filter(has=page.locator(".barlayer .trace")).first
    expect(plot.locator(".barlayer .point").first).to_be_attached()
    click_bar(page, plot, "Vladimir Putin")
    expect(page).to_have_url(re.compile(r"/evidence(\?|$)"))
    wait_for_app(page, TIMEOUT_MS)
    expect_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stCaptionContainer"]').first).to_contain_text(
        "Vladimir Putin"
    )
    expect(main).to_contain_text("Putin")
    assert query(page).get("focus") == PUTIN, page.url
    screenshot(page, "evidence-from-overview-click")


def test_browser_hostile_markup_shown_as_text(server, page, dialogs):
    url = (
        f"{server.url}/evidence?actors={PUTIN}&focus={PUTIN}"
        f"&start={HOSTILE_DATE}&end={HOSTILE_DATE}"
    )
    open_app(page, url)
    expect_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(HOSTILE_SCRIPT)
    expect(main).to_contain_text(HOSTILE_IMG)
    expect(main.locator("script")).to_have_count(0)
    expect(main.locator('img[src="x"]')).to_have_count(0)
    screenshot(page, "evidence-hostile")
    assert dialogs == []
