"""End to end in Debian's Chromium: the real app on a real server, driven by Playwright.

Screenshots of every page land in artifacts/screenshots/ (CI keeps them).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from browser import (
    CUT_LABELS_JS,
    HOSTILE_DATE,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    AppServer,
    build_store,
    click_at,
    click_point,
    launch_chromium,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

# (url path, screenshot name, draws plotly charts)
PAGES = [
    ("/", "overview", True),
    ("/trends", "trends", True),
    ("/outlets", "outlets-first", True),
    ("/comentions", "comentions", True),
    ("/evidence", "evidence", False),
    ("/actors", "actors", False),
    ("/upload", "upload", False),
]
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 20_000  # a script run, on a busy 2-core runner
EXPECT_MS = 10_000
KIM, PUTIN = "kim-jong-un", "vladimir-putin"
SEPTEMBER = {"actors": f"{KIM},{PUTIN}", "start": "2023-09-01", "end": "2023-09-30"}
SEPTEMBER_QUERY = "&".join(f"{k}={v}" for k, v in SEPTEMBER.items())
EXCEPTION = '[data-testid="stException"]'


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def store_url(tmp_path_factory) -> str:
    """seeds/ + tests/data/multidate.csv + one article of hostile markup, ingested once."""
    return build_store(tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="session")
def logs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server-logs")


def _report(request, servers: list[AppServer], failed_before: int) -> None:
    """After a failure, show what the servers wrote to stderr (any traceback is there)."""
    if request.session.testsfailed <= failed_before:
        return
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    for server in servers:
        text = server.problems()
        if reporter and text:
            reporter.write_sep("-", f"streamlit stderr ({server.name})")
            reporter.write_line(text[-8000:])


@pytest.fixture(scope="module")
def server(chromium, store_url, logs, request):
    """One app server for this module's tests that do not need a fresh one."""
    failed_before = request.session.testsfailed
    app = AppServer(store_url, logs, "shared")
    try:
        yield app.start().wait()
    finally:
        app.stop()
        _report(request, [app], failed_before)


@pytest.fixture(scope="module")
def fresh_pool(chromium, store_url, logs, request):
    """A server per page this run tests, all booted at once, each to serve a single test."""
    failed_before = request.session.testsfailed
    wanted = {
        item.callspec.params["path"]
        for item in request.session.items
        if "fresh_server" in getattr(item, "fixturenames", ())
    }
    pool = {
        path: AppServer(store_url, logs, f"fresh-{name}")
        for path, name, _ in PAGES
        if path in wanted
    }
    try:
        for app in pool.values():
            app.start()
        yield pool
    finally:
        for app in pool.values():
            app.stop()
        _report(request, list(pool.values()), failed_before)


@pytest.fixture
def fresh_server(fresh_pool, path):
    app = fresh_pool[path].wait()
    yield app
    app.terminate()  # used once; the pool waits for it at the end


# Module scope, not session: one sync Playwright per thread at a time, and other browser test
# modules start their own once this one is done.
@pytest.fixture(scope="module")
def browser(chromium):
    expect.set_options(timeout=EXPECT_MS)
    with sync_api.sync_playwright() as p:
        b = launch_chromium(p, chromium)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert, confirm or prompt the page raised (each dismissed at once)."""
    return []


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught JavaScript errors in the page."""
    return []


@pytest.fixture
def page(browser, dialogs, page_errors, request):
    """A new browser context, so a new Streamlit session, per test; a screenshot if it fails."""
    failed_before = request.session.testsfailed
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        yield pg
        if request.session.testsfailed > failed_before:  # this test's call just failed
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            with contextlib.suppress(sync_api.Error):  # the failure is the report, not this
                screenshot(pg, f"FAILED-{name}")
    finally:
        context.close()


# --- helpers -----------------------------------------------------------------------------------


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, TIMEOUT_MS)
    expect(page.locator(EXCEPTION)).to_have_count(0)


def expect_params(page, **params: str) -> None:
    """The address bar carries these query parameters (in any order, commas %-encoded or not)."""
    for key, value in params.items():
        pattern = re.escape(value).replace(",", "(?:,|%2C)")
        expect(page).to_have_url(re.compile(rf"[?&]{key}={pattern}(?:&|$)"))


def params_of(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def expect_charts(page) -> None:
    """At least one plotly chart, each drawn as SVG with at least one trace."""
    plots = page.locator(".js-plotly-plot")
    expect(plots.first).to_be_visible()
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        expect(plot.locator("svg.main-svg").first).to_be_attached()
        expect(plot.locator("g.trace").first).to_be_attached()


BAR_CENTRE_JS = """name => {
    // Page coordinates of the centre of the bar labelled `name`, in whichever chart has it.
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        const layers = gd.querySelectorAll('.barlayer .trace');
        for (const [t, trace] of (gd.data || []).entries()) {
            const i = trace.type === 'bar' ? Array.from(trace.y || []).indexOf(name) : -1;
            if (i < 0 || !layers[t]) continue;
            gd.scrollIntoView({block: 'center'});
            const r = layers[t].querySelectorAll('.point')[i].getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        }
    }
    return null;
}"""


def click_bar(page, name: str) -> None:
    """Click the plotly bar labelled `name` (a Streamlit points selection: plotly_selected)."""
    click_at(page, page.evaluate(BAR_CENTRE_JS, name), f"a bar labelled {name!r}")


def expect_evidence_for(page, *names: str) -> None:
    """On Evidence: the description names the actor(s) and only their sentences are listed."""
    expect(page).to_have_url(re.compile(r"/evidence(?:\?|$)"), timeout=TIMEOUT_MS)
    wait_for_app(page, TIMEOUT_MS)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator(EXCEPTION)).to_have_count(0)
    described = main.locator('[data-testid="stMarkdownContainer"]')
    for name in names:
        described = described.filter(has_text=name)
    expect(described.first).to_be_visible()
    # The table's accessible copy: a header row, then one row per sentence listed.
    rows = main.locator('[data-testid="stDataFrame"] [role="row"]')
    expect(rows.nth(1)).to_be_attached()
    for name in names:
        expect(rows.filter(has_not_text=name)).to_have_count(1)  # the header alone


def select_first_row(page, table) -> None:
    """Tick the first row of a st.dataframe: it is a canvas, so click where the row is drawn."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box, "the table is not on screen"
    # The row-marker column at the left; a 35px header row, then 35px rows.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)


# --- tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "name", "charts"), PAGES, ids=[name for _, name, _ in PAGES])
def test_browser_page_loads_as_first_request(fresh_server, page, page_errors, path, name, charts):
    """A bare deep link is the first request a fresh server gets: the page runs clean."""
    open_app(page, fresh_server.url + path)
    expect(page).to_have_url(re.compile(re.escape(fresh_server.url + path) + r"(?:\?.*)?$"))
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()
    if charts:
        expect_charts(page)
    screenshot(page, name)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    assert page_errors == [], page_errors


def test_browser_charts_render_in_filtered_view(server, page):
    open_app(page, f"{server.url}/trends?{SEPTEMBER_QUERY}")
    expect_charts(page)
    screenshot(page, "trends-september")


def test_browser_url_sets_actors_and_dates(server, page):
    open_app(page, f"{server.url}/comentions?{SEPTEMBER_QUERY}")
    sidebar = page.locator('[data-testid="stSidebar"]')
    chips = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Actors")
    chips = chips.locator("[data-tag]")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text("Kim Jong Un")
    expect(chips.nth(1)).to_contain_text("Vladimir Putin")
    dates = sidebar.locator('[data-testid="stDateInput"] input')
    expect(dates).to_have_count(2)
    expect(dates.nth(0)).to_have_value(SEPTEMBER["start"])
    expect(dates.nth(1)).to_have_value(SEPTEMBER["end"])
    expect_params(page, **SEPTEMBER)
    expect_charts(page)
    screenshot(page, "comentions-september")


def test_browser_overview_bar_click_opens_evidence(server, page):
    open_app(page, f"{server.url}/?{SEPTEMBER_QUERY}")
    expect(page.locator(".js-plotly-plot .barlayer .point").first).to_be_attached()
    screenshot(page, "overview-september")
    click_bar(page, "Vladimir Putin")
    expect_evidence_for(page, "Vladimir Putin")
    # Links are the state: the evidence page's address names the focus and keeps the view.
    expect_params(page, focus=PUTIN, **SEPTEMBER)
    screenshot(page, "evidence-from-overview-click")


def test_browser_overview_metrics_fit(server, page):
    # Every article: 12 Jul – 8 Dec 2023, as long as Reuters' "26 Feb – 20 Oct 1987", which
    # was cut to "26 Feb – 20 Oct 1…" with the year in the value at 1400 px.
    open_app(page, server.url)
    values = page.locator('[data-testid="stMetricValue"]')
    expect(values.filter(has_text="12 Jul – 8 Dec")).to_be_visible()
    expect(page.get_by_text("Date span, 2023")).to_be_visible()
    cut = values.evaluate_all(CUT_LABELS_JS)
    assert cut == [], f"metric values cut: {cut}"
    screenshot(page, "overview-all")


def test_browser_comentions_edge_click_opens_evidence(server, page):
    open_app(page, f"{server.url}/comentions?{SEPTEMBER_QUERY}")
    expect(page.locator(".js-plotly-plot .scatterlayer .point").first).to_be_attached()
    click_point(page, [KIM, PUTIN])  # the marker at the middle of the Kim–Putin edge
    expect_evidence_for(page, "Kim Jong Un", "Vladimir Putin")
    expect_params(page, focus=f"{KIM},{PUTIN}", **SEPTEMBER)
    screenshot(page, "evidence-from-comentions-click")


def test_browser_hostile_markup_shown_as_text(server, page, dialogs):
    query = f"actors={PUTIN}&focus={PUTIN}&start={HOSTILE_DATE}&end={HOSTILE_DATE}"
    open_app(page, f"{server.url}/evidence?{query}")
    main = page.locator('[data-testid="stMain"]')
    table = main.locator('[data-testid="stDataFrame"]')
    expect(table).to_contain_text(HOSTILE_SCRIPT)
    expect(table).to_contain_text(HOSTILE_IMG)

    select_first_row(page, table)  # opens the sentence and the whole-article view
    article = main.locator('[data-testid="stExpander"]').filter(has_text="article")
    article.locator("summary").click()
    body = article.locator('[data-testid="stExpanderDetails"]')
    expect(body).to_contain_text(HOSTILE_SCRIPT)
    expect(body).to_contain_text(HOSTILE_IMG)
    wait_for_app(page, TIMEOUT_MS)
    expect(main.locator(EXCEPTION)).to_have_count(0)
    expect(main.locator("script")).to_have_count(0)
    expect(main.locator("img[onerror], img[src='x']")).to_have_count(0)
    screenshot(page, "evidence-hostile")
    assert dialogs == [], dialogs
    assert params_of(page).get("focus") == PUTIN, page.url


def weekly_truth(store_url: str, actor: str) -> tuple[set[str], dict[str, int]]:
    """The store's weeks (Mondays, YYYY-MM-DD) with any article, and the actor's mentions per
    week: what the Trends page must draw, counted here without the app."""
    from analysis.store import Store

    store = Store(store_url)
    try:
        articles = store.read("articles", ["article_id", "published"])
        mentions = store.read("mentions", ["article_id", "actor_id"])
    finally:
        store.close()
    published = pd.to_datetime(articles["published"]).dropna()
    week = published.dt.normalize() - pd.to_timedelta(published.dt.day_of_week, unit="D")
    week_of = dict(zip(articles.loc[published.index, "article_id"], week.dt.strftime("%Y-%m-%d"),
                       strict=True))  # fmt: skip
    counts: dict[str, int] = {}
    for article in mentions.loc[mentions["actor_id"] == actor, "article_id"]:
        if article in week_of:
            counts[week_of[article]] = counts.get(week_of[article], 0) + 1
    return set(week_of.values()), counts


def test_browser_trends_draw_gaps_as_nulls_and_empty_weeks_as_zero(server, store_url, page):
    with_articles, putin = weekly_truth(store_url, PUTIN)
    open_app(page, f"{server.url}/trends?actors={KIM},{PUTIN}")
    expect_charts(page)
    # The data of each chart's traces as plotly.js holds them in the page.
    charts = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => gd.data.map(t => ({
            name: t.name, y: Array.from(t.y || []),
            days: Array.from(t.customdata || []).map(c => c[1])})))"""
    )
    mentions, tone, voice = charts
    (line,) = [t for t in mentions if t["name"] == "Vladimir Putin"]
    drawn = dict(zip(line["days"], line["y"], strict=True))
    gaps = {d: y for d, y in drawn.items() if d not in with_articles}
    assert gaps, "the store has weeks without any article (October 2023)"
    assert set(gaps.values()) == {None}  # a gap is null: no data, never 0
    zeros = [d for d in drawn if d in with_articles and d not in putin]
    assert zeros, "the store has weeks with articles but no mention of Putin"
    for day, y in drawn.items():
        if day in with_articles:
            assert y == putin.get(day, 0), day  # 0 where a week has articles and no mention
    # The tone line and the share of voice break at the same gaps.
    (tone_line,) = [t for t in tone if t["name"] == "Vladimir Putin" and t["days"]]
    assert all(y is None for d, y in zip(tone_line["days"], tone_line["y"], strict=True)
               if d in gaps)  # fmt: skip
    tops = [t for t in voice if t["days"]]
    assert all(y is None for t in tops for d, y in zip(t["days"], t["y"], strict=True) if d in gaps)
    # Grey bands over the gaps, drawn by plotly as shapes.
    assert page.locator(".js-plotly-plot").first.locator(".shapelayer path").count() >= 1
    screenshot(page, "trends-gaps")


def test_browser_page_choices_are_in_the_link(server, page):
    open_app(page, f"{server.url}/comentions?{SEPTEMBER_QUERY}&measure=lift&support=2")
    expect_charts(page)
    expect(page.get_by_text("Pairs by lift", exact=False).first).to_be_visible()
    page.get_by_text("Association (NPMI)", exact=True).first.click()
    expect_params(page, measure="npmi", support="2", **SEPTEMBER)
    open_app(page, f"{server.url}/trends?{SEPTEMBER_QUERY}&share=yes&min_count=2")
    expect_charts(page)
    expect(page.get_by_text("Share of each week's articles", exact=False).first).to_be_visible()
    expect_params(page, share="yes", min_count="2")


def test_browser_trends_click_on_crowded_points_asks_whose(server, page):
    # Kim and Putin have the same count in the week of 2023-09-11: one point on the other.
    open_app(page, f"{server.url}/trends?actors={KIM},{PUTIN}")
    expect_charts(page)
    click_point(page, [KIM, "2023-09-11"])
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("2 actors' points lie on top of each other there")).to_be_visible()
    asked = main.locator('[data-testid="stButton"] button')
    expect(asked.filter(has_text="Kim Jong Un")).to_be_visible()
    expect(asked.filter(has_text="Vladimir Putin")).to_be_visible()
    # Each button as wide as its name: no label cut to an ellipsis.
    cut = asked.evaluate_all(CUT_LABELS_JS)
    assert cut == [], f"labels cut: {cut}"
    screenshot(page, "trends-crowded-click")
    asked.filter(has_text="Vladimir Putin").click()
    expect_evidence_for(page, "Vladimir Putin")
    expect_params(page, focus=PUTIN, period="2023-09-11")


def test_browser_actor_chips_are_not_red(server, page):
    # Red means negative tone on this dashboard; the chips of the actors are slate.
    open_app(page, f"{server.url}/trends?actors={KIM},{PUTIN}")
    chip = page.locator('[data-testid="stSidebar"] [data-tag]').first
    expect(chip).to_be_visible()
    colour = chip.evaluate("el => getComputedStyle(el).backgroundColor")
    red, green, blue = map(int, re.findall(r"\d+", colour)[:3])
    # A grey, not Streamlit's red (255, 75, 75).
    assert abs(red - blue) < 40, colour
    assert abs(red - green) < 40, colour
    screenshot(page, "trends-chips")


def test_browser_actors_table_never_says_none(server, page):
    # Registry actors no article names have no tone: the grid draws its placeholder, "not
    # scored" (the page's AppTest checks it is given), and its accessible copy reads an empty
    # cell, never "None".
    open_app(page, f"{server.url}/actors")
    table = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    table.hover()
    page.mouse.wheel(0, 20_000)  # to the table's last rows: the actors never named
    cells = table.locator('[role="gridcell"]')
    expect(cells.filter(has_text=re.compile(r"^\d+$")).first).to_be_attached()
    expect(cells.filter(has_text=re.compile(r"^(None|nan|NaN|-?Infinity)$"))).to_have_count(0)
    screenshot(page, "actors-not-scored")


TONE_HEADER_X = 505  # the tone column's header, from the table's left edge, at VIEWPORT


def test_browser_actors_table_sorts_tone_as_numbers(server, page):
    # Tone is a number column: sorted, -0.72 comes before -0.10 and +0.05 (as text, "+0.05"
    # would come first), and the actors without a tone come last.
    open_app(page, f"{server.url}/actors")
    table = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    box = table.bounding_box()
    page.mouse.click(box["x"] + TONE_HEADER_X, box["y"] + 18)  # the grid's sort: ascending
    first = table.locator('[role="row"]').nth(1).locator('[role="gridcell"]').nth(5)
    expect(first).to_have_text(re.compile(r"^-0\.\d+"))  # the most negative tone first

    def tones() -> list[float]:
        cells = [
            row.locator('[role="gridcell"]').nth(5).text_content() or ""
            for row in table.locator('[role="row"]').all()[1:]
        ]
        return [float(cell) for cell in cells if cell]

    # The grid redraws its rows after the sort; on a busy host a read may meet the old order.
    read = tones()
    for _ in range(20):
        if len(read) >= 5 and read == sorted(read):
            break
        page.wait_for_timeout(500)
        read = tones()
    assert len(read) >= 5
    assert read == sorted(read)
    screenshot(page, "actors-tone-sorted")
