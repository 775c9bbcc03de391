"""Hostile uploads and pastes through a hosted app in Debian's Chromium: a zip bomb, an
overlapping-entry zip, 600 members of 1 MiB, 512 KiB of quoted speech and a paragraph past the
cap, each built at test time (tests/hostile.py). Each is refused with its one-line reason or
stored, no traceback reaches the page, and another visitor who loads the app while it is read
still gets the dashboard. Content is asserted, never time.

Screenshots land in artifacts/screenshots/hostile-input-*.png.
"""

from __future__ import annotations

import re

import pytest
from browser import AppServer, build_store, launch_chromium, screenshot, wait_for_app
from hostile import many_members_zip, over_cap_paste, overlapping_zip, quoted_paste, zip_bomb
from test_browser_upload import EXCEPTION, Visitor, main, metric, open_app

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

PASSCODE = "a long passcode nobody guesses"
TIMEOUT_MS = 120_000  # the slowest input on a busy 2-core runner, with room to spare
ADD = re.compile(r"^Add 1 article to your private workspace")


@pytest.fixture(scope="module")
def browser(chromium):
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_api.sync_playwright() as p:
        b = launch_chromium(p, chromium)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    """A hosted app (an editor passcode set) on a store of its own, with the default limits."""
    folder = tmp_path_factory.mktemp("hostile-inputs")
    app = AppServer(build_store(folder), folder / "logs", "hostile-inputs")
    with pytest.MonkeyPatch.context() as mp:  # the server inherits the environment at start
        for key in ("MAX_BATCH_MB", "WORK_MEMORY_MB", "WORK_TIMEOUT_S", "MAX_UPLOAD_MB"):
            mp.delenv(f"ACTORSCOPE_{key}", raising=False)
        mp.setenv("ACTORSCOPE_EDITOR_PASSCODE", PASSCODE)
        app.start()
    try:
        yield app.wait()
    finally:
        app.stop()
        problems = app.problems()
        assert "Traceback" not in problems, problems


@pytest.fixture(scope="module")
def shared_count(server, browser) -> str:
    """The shared store's article count, as a visitor's Overview shows it."""
    v = Visitor(browser)
    try:
        open_app(v.page, f"{server.url}/")
        return metric(v.page, "Articles").inner_text()
    finally:
        v.close()


@pytest.fixture
def visitors(browser, request):
    made: list[Visitor] = []

    def new() -> Visitor:
        made.append(Visitor(browser))
        made[-1].context.set_default_timeout(TIMEOUT_MS)
        return made[-1]

    failed_before = request.session.testsfailed
    yield new
    for i, v in enumerate(made):
        if request.session.testsfailed > failed_before:
            screenshot(v.page, f"FAILED-{request.node.name}-{i}")
        v.close()


def a_zip(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "application/zip", "buffer": data}


def send_files(page, files: list[dict]) -> None:
    """Put the files in the uploader and press Read files, without waiting for the result."""
    uploader = main(page).locator('[data-testid="stFileUploader"]')
    uploader.locator('input[type="file"]').set_input_files(files)
    expect(uploader.locator('[data-testid="stFileChip"]')).to_have_count(len(files))
    main(page).get_by_role("button", name="Read files").click()


def send_paste(page, text: str) -> None:
    """Paste the text in the Paste text tab and press Read text, without waiting."""
    main(page).get_by_role("tab", name=re.compile("Paste text")).click()
    area = main(page).locator('[data-testid="stTextArea"] textarea')
    area.fill(text)
    main(page).get_by_role("button", name="Read text").click()


def another_visitor_gets_the_dashboard(v: Visitor, url: str, shared_count: str) -> None:
    """A second visitor, in its own browser context, loads the Overview while the first one's
    input is read: the shared corpus, none of the other's, no error."""
    open_app(v.page, f"{url}/")
    expect(metric(v.page, "Articles")).to_have_text(shared_count)
    expect(main(v.page).locator(".js-plotly-plot").first).to_be_attached()
    expect(main(v.page)).not_to_contain_text("private article")
    assert_clean(v)


def read_done(page) -> None:
    expect(main(page).get_by_role("heading", name="Preview")).to_be_visible()
    wait_for_app(page, TIMEOUT_MS)


def rejected_table(page):
    return main(page).locator('[data-testid="stDataFrame"]').last


def add_one(page) -> None:
    main(page).get_by_role("button", name=ADD).click()
    expect(main(page).locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "Added 1 article"
    )
    wait_for_app(page, TIMEOUT_MS)


def assert_clean(v: Visitor) -> None:
    """No exception box, no traceback text, no error in the page's scripts."""
    expect(v.page.locator(EXCEPTION)).to_have_count(0)
    assert "Traceback" not in v.page.locator("body").inner_text()
    assert v.errors == [], v.errors


def test_browser_hostile_input_zip_bomb_refused_its_sibling_stored(server, shared_count, visitors):
    first, second = visitors(), visitors()
    open_app(first.page, f"{server.url}/upload")
    send_files(first.page, [a_zip("bomb.zip", zip_bomb())])
    another_visitor_gets_the_dashboard(second, server.url, shared_count)
    read_done(first.page)
    expect(metric(first.page, "Articles")).to_have_text("1")
    expect(rejected_table(first.page)).to_contain_text("bomb.zip:bomb.txt")
    expect(rejected_table(first.page)).to_contain_text("compression ratio over 200 (a zip bomb?)")
    screenshot(first.page, "hostile-input-zip-bomb")
    add_one(first.page)
    assert_clean(first)


@pytest.mark.parametrize(
    ("name", "build", "reason"),
    [
        (
            "overlap.zip",
            overlapping_zip,
            "members 'a0.txt' and 'a1.txt' overlap (a zip bomb?); not loaded",
        ),
        (
            "many.zip",
            many_members_zip,
            "archive expands to 600.0 MiB, past 200 times its size (a zip bomb?); not loaded",
        ),
    ],
    ids=["overlapping-entries", "600-members-of-1-MiB"],
)
def test_browser_hostile_input_archive_refused_whole(
    server, shared_count, visitors, name, build, reason
):
    first, second = visitors(), visitors()
    open_app(first.page, f"{server.url}/upload")
    send_files(first.page, [a_zip(name, build())])
    another_visitor_gets_the_dashboard(second, server.url, shared_count)
    read_done(first.page)
    expect(main(first.page)).to_contain_text("Nothing to add: every input was rejected.")
    expect(rejected_table(first.page)).to_contain_text(name)
    expect(rejected_table(first.page)).to_contain_text(reason)
    expect(main(first.page).get_by_role("button", name=re.compile("^Add "))).to_be_disabled()
    screenshot(first.page, f"hostile-input-{name.removesuffix('.zip')}")
    assert_clean(first)


def test_browser_hostile_input_quoted_speech_paste_stored(server, shared_count, visitors):
    """512 KiB of quoted speech, in paragraphs just under the cap: read, then added while
    another visitor loads the app."""
    first, second = visitors(), visitors()
    open_app(first.page, f"{server.url}/upload")
    send_paste(first.page, quoted_paste())
    read_done(first.page)
    table = main(first.page).locator('[data-testid="stDataFrame"]').first
    expect(table).to_contain_text("Quoted at length")
    main(first.page).get_by_role("button", name=ADD).click()
    another_visitor_gets_the_dashboard(second, server.url, shared_count)
    expect(main(first.page).locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "Added 1 article"
    )
    wait_for_app(first.page, TIMEOUT_MS)
    banner = main(first.page).locator('[data-testid="stAlertContentInfo"]').first
    expect(banner).to_contain_text("private article")
    screenshot(first.page, "hostile-input-quoted-paste")
    assert_clean(first)


def test_browser_hostile_input_paragraph_past_the_cap_refused(server, shared_count, visitors):
    first, second = visitors(), visitors()
    open_app(first.page, f"{server.url}/upload")
    send_paste(first.page, over_cap_paste())
    another_visitor_gets_the_dashboard(second, server.url, shared_count)
    read_done(first.page)
    expect(main(first.page)).to_contain_text("Nothing to add: every input was rejected.")
    expect(rejected_table(first.page)).to_contain_text(
        "a paragraph of 250,000 characters (limit 200,000): add paragraph breaks"
    )
    screenshot(first.page, "hostile-input-over-cap-paste")
    assert_clean(first)
