"""Wire copies and other languages in Debian's Chromium: the Upload preview says a file copies
a stored article, and once stored the copy is counted once and the French article is left out
of the tone, each page saying so in a line.

The screenshots land in artifacts/screenshots/copies-*.png.
"""

from __future__ import annotations

import pytest
from browser import build_store, open_page, screenshot, served, wait_for_app
from test_browser_upload import a_file, choose_files, commit, go_to, main, open_app
from test_copies import WIRE, _edited
from test_languages_ingest import FRENCH

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
expect = sync_api.expect

VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium):
    folder = tmp_path_factory.mktemp("copies-browser")
    url = build_store(folder)
    with served(url, folder / "logs", "copies") as app:
        yield app


def test_browser_upload_preview_names_copies_then_pages_count_once(server, chromium) -> None:
    expect.set_options(timeout=20_000)
    with open_page(chromium, VIEWPORT, TIMEOUT_MS) as page:
        open_app(page, f"{server.url}/upload")
        choose_files(page, [a_file("wire.txt", "North Korea fires missiles\n\n" + WIRE)])
        commit(page, "the shared store")
        copy = _edited(WIRE, headline="N. Korea fires two missiles", byline="Staff and wires")
        files = [a_file("copy.txt", copy), a_file("fr.txt", "Attaque repoussée\n\n" + FRENCH)]
        choose_files(page, files, day="2024-03-06")
        expect(main(page)).to_contain_text("1 is a copy of a stored article")
        screenshot(page, "copies-upload-preview")
        main(page).get_by_role("button", name="Add 2 articles to the shared store").click()
        expect(main(page).locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
            "Added 2 articles"
        )
        wait_for_app(page, TIMEOUT_MS)

        go_to(page, "Overview")
        expect(main(page)).to_contain_text("1 wire copy is left out: a story is counted once")
        screenshot(page, "copies-overview-once")
        go_to(page, "Trends")
        page.goto(f"{server.url}/trends?actors=north-korea,ukraine&freq=M")
        wait_for_app(page, TIMEOUT_MS)
        expect(main(page)).to_contain_text(
            "1 article in a language other than English is counted but left out of the tone"
        )
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_contain_text("Count every wire copy")
        screenshot(page, "copies-trends")
        page.goto(f"{server.url}/?copies=yes")
        wait_for_app(page, TIMEOUT_MS)
        expect(main(page)).to_contain_text("left out of the tone")
        assert "copies=yes" in page.url
        screenshot(page, "copies-overview")
