"""The Upload page end to end in Debian's Chromium: the real file chooser, hostile text, and two
visitors of a hosted app who must not see each other's uploads.

Each server here gets its own store (these tests write). Screenshots land in
artifacts/screenshots/upload-*.png.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from browser import (
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    AppServer,
    build_store,
    launch_chromium,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 30_000
EXPECT_MS = 15_000
EXCEPTION = '[data-testid="stException"]'
PASSCODE = "a passcode nobody guesses"
MACRON_TITLE = "Macron meets Zelensky in Kyiv"
MACRON = (
    f"{MACRON_TITLE}\n\nEmmanuel Macron met Volodymyr Zelensky in Kyiv on Tuesday and promised "
    "more air defence for Ukraine. Macron said Europe would stand by Kyiv through the winter. "
    "Russia called the visit a provocation.\n"
)
HOSTILE_UPLOAD_TITLE = f"Upload test {HOSTILE_SCRIPT} {HOSTILE_IMG}"
HOSTILE_UPLOAD = (
    f"{HOSTILE_UPLOAD_TITLE}\n\nVladimir Putin answered a question that read {HOSTILE_SCRIPT} "
    f"and then {HOSTILE_IMG} on a state channel. Emmanuel Macron laughed.\n"
)


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(chromium):
    expect.set_options(timeout=EXPECT_MS)
    with sync_api.sync_playwright() as p:
        b = launch_chromium(p, chromium)
        try:
            yield b
        finally:
            b.close()


def _serve(tmp_path_factory, name: str, env: dict[str, str]):
    """A server on a store of its own (seeds, multidate.csv, the hostile article)."""
    folder = tmp_path_factory.mktemp(name)
    url = build_store(folder)
    app = AppServer(url, folder / "logs", name)
    with pytest.MonkeyPatch.context() as mp:  # the server inherits the environment at start
        mp.delenv("ACTORSCOPE_EDITOR_PASSCODE", raising=False)
        for key, value in env.items():
            mp.setenv(key, value)
        app.start()
    try:
        yield app.wait()
    finally:
        app.stop()
        problems = app.problems()
        assert "Traceback" not in problems, problems


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    yield from _serve(tmp_path_factory, "upload-local", {})


@pytest.fixture(scope="module")
def hosted_server(tmp_path_factory):
    yield from _serve(tmp_path_factory, "upload-hosted", {"ACTORSCOPE_EDITOR_PASSCODE": PASSCODE})


class Visitor:
    """One browser context (one Streamlit session) with its dialogs and page errors recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visitors(browser, request):
    made: list[Visitor] = []

    def new() -> Visitor:
        made.append(Visitor(browser))
        return made[-1]

    failed_before = request.session.testsfailed
    yield new
    for i, v in enumerate(made):
        if request.session.testsfailed > failed_before:
            screenshot(v.page, f"FAILED-{request.node.name}-{i}")
        v.close()


# --- helpers -----------------------------------------------------------------------------------


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, TIMEOUT_MS)
    expect(page.locator(EXCEPTION)).to_have_count(0)


def main(page):
    return page.locator('[data-testid="stMain"]')


def choose_files(page, files: list[dict], chooser: bool = False, day: str | None = None) -> None:
    """Put files in the uploader (through the browser's file chooser, or on its input), type
    the date for articles without one, and read them."""
    uploader = main(page).locator('[data-testid="stFileUploader"]')
    if chooser:
        with page.expect_file_chooser() as info:
            uploader.get_by_role(
                "button", name=re.compile(r"^(Upload|Browse files)$", re.I)
            ).click()
        info.value.set_files(files)
    else:
        uploader.locator('input[type="file"]').set_input_files(files)
    expect(uploader.locator('[data-testid="stFileChip"]')).to_have_count(len(files))
    if day:
        box = main(page).locator('[data-testid="stDateInput"]').filter(has_text="without one")
        box.locator("input").fill(day)
        box.locator("input").press("Enter")
        page.keyboard.press("Escape")  # close the calendar
        expect(page.locator('[data-st-overlay-root="true"] [aria-label="month"]')).to_have_count(0)
        expect(box.locator("input")).to_have_value(day)
    main(page).get_by_role("button", name="Read files").click()
    expect(main(page).get_by_role("heading", name="Preview")).to_be_visible()
    wait_for_app(page, TIMEOUT_MS)


def a_file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode()}


def metric(page, label: str):
    box = main(page).locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]')


def commit(page, target: str) -> None:
    main(page).get_by_role("button", name=re.compile(rf"^Add 1 article to {target}")).click()
    expect(main(page).locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "Added 1 article"
    )
    wait_for_app(page, TIMEOUT_MS)


def go_to(page, label: str) -> None:
    """In-app navigation (the same session), by the sidebar's page links."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=label, exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(label)
    wait_for_app(page, TIMEOUT_MS)


def articles_in(db_url: str) -> list[str]:
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT title FROM articles")]


# --- tests -------------------------------------------------------------------------------------


def test_browser_upload_file_chooser_to_trends(local_server, visitors):
    v = visitors()
    page = v.page
    open_app(page, f"{local_server.url}/upload")
    choose_files(page, [a_file("macron.txt", MACRON)], chooser=True, day="2023-09-26")
    expect(metric(page, "Articles")).to_have_text("1")
    table = main(page).locator('[data-testid="stDataFrame"]').first
    expect(table).to_contain_text(MACRON_TITLE)
    expect(table).to_contain_text("Emmanuel Macron")
    expect(table).to_contain_text("2023-09-26")
    screenshot(page, "upload-preview")

    commit(page, "the shared store")
    assert MACRON_TITLE in articles_in(local_server.db_url)
    main(page).get_by_role("button", name="See them on Trends").click()
    expect(page).to_have_url(re.compile(r"/trends\?(.*&)?actors=[^&]*emmanuel-macron"))
    wait_for_app(page, TIMEOUT_MS)
    chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] [data-tag]')
    expect(chips.filter(has_text="Emmanuel Macron")).to_have_count(1)
    plot = main(page).locator(".js-plotly-plot").first
    expect(plot.locator("g.trace").first).to_be_attached()
    expect(plot).to_contain_text("Emmanuel Macron")  # the legend names the new actor
    screenshot(page, "upload-then-trends")
    expect(page.locator(EXCEPTION)).to_have_count(0)
    assert v.errors == [], v.errors


def test_browser_upload_hostile_markup_shown_as_text(local_server, visitors):
    v = visitors()
    page = v.page
    open_app(page, f"{local_server.url}/upload")
    names = f"{HOSTILE_IMG}.txt"  # the file name is markup too
    choose_files(page, [a_file(names, HOSTILE_UPLOAD), a_file(f"{HOSTILE_SCRIPT}.json", "{nope")])
    table = main(page).locator('[data-testid="stDataFrame"]')
    expect(table.first).to_contain_text(HOSTILE_SCRIPT)  # the title, as text
    expect(table.first).to_contain_text(HOSTILE_IMG)
    expect(table.last).to_contain_text(f"{HOSTILE_SCRIPT}.json")  # the rejected file's name
    expect(table.last).to_contain_text("malformed JSON")
    screenshot(page, "upload-hostile-preview")

    commit(page, "the shared store")
    query = "actors=vladimir-putin&focus=vladimir-putin"
    open_app(page, f"{local_server.url}/evidence?{query}")
    evidence = main(page).locator('[data-testid="stDataFrame"]').first
    expect(evidence).to_contain_text("on a state channel")  # the uploaded article's sentence
    expect(evidence).to_contain_text(HOSTILE_SCRIPT)
    expect(evidence).to_contain_text(HOSTILE_IMG)
    expect(main(page).locator("script")).to_have_count(0)
    expect(main(page).locator("img[onerror], img[src='x']")).to_have_count(0)
    assert v.dialogs == [], v.dialogs
    assert v.errors == [], v.errors


def test_browser_upload_hosted_visitors_do_not_see_each_other(hosted_server, visitors):
    first, second = visitors(), visitors()
    open_app(first.page, f"{hosted_server.url}/")
    shared_count = metric(first.page, "Articles").inner_text()

    go_to(first.page, "Upload")
    expect(main(first.page)).to_contain_text("stay private to this session")
    choose_files(first.page, [a_file("macron.txt", MACRON)])
    commit(first.page, "your private workspace")
    banner = main(first.page).locator('[data-testid="stAlertContentInfo"]').first
    expect(banner).to_contain_text("1 private article in this session, visible only to you")
    screenshot(first.page, "upload-hosted-visitor")
    go_to(first.page, "Overview")
    expect(metric(first.page, "Articles")).to_have_text(str(int(shared_count) + 1))
    screenshot(first.page, "upload-hosted-private-overview")

    # The other visitor, at the same moment: the shared corpus only, no banner.
    open_app(second.page, f"{hosted_server.url}/")
    expect(metric(second.page, "Articles")).to_have_text(shared_count)
    expect(main(second.page)).not_to_contain_text("private article")
    open_app(second.page, f"{hosted_server.url}/trends?actors=emmanuel-macron")
    expect(main(second.page).locator(".js-plotly-plot")).to_have_count(0)
    expect(main(second.page)).to_contain_text("None of the selected actors is mentioned")
    go_to(second.page, "Upload")
    expect(main(second.page).locator('[data-testid="stDataFrame"]')).to_have_count(0)

    # The first visitor still has it; the store never did.
    go_to(first.page, "Trends")
    assert MACRON_TITLE not in articles_in(hosted_server.db_url)
    assert len(articles_in(hosted_server.db_url)) == int(shared_count)
    for v in (first, second):
        expect(v.page.locator(EXCEPTION)).to_have_count(0)
        assert v.errors == [], v.errors
