"""Support for the browser tests: a test store, the app as a real server, Debian's Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
MULTIDATE = ROOT / "tests" / "data" / "multidate.csv"
# Chromium must make no traffic of its own: this machine has no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60.0  # a cold start on a busy 2-core runner takes a few seconds

# An article whose text is markup: it must be shown as text, never run.
HOSTILE_TITLE = "Markup in the wire copy"
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(2)>"
HOSTILE_DATE = "2023-09-10"
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n\n"
    f"Vladimir Putin was quoted in a post that read {HOSTILE_SCRIPT} and {HOSTILE_IMG} "
    "before it was removed. The Kremlin said nothing more.\n"
)


# The texts of these elements that overflow their box (shown cut, with an ellipsis).
CUT_LABELS_JS = """els => els.filter(el => [el, ...el.querySelectorAll('*')]
    .some(e => e.scrollWidth > e.clientWidth + 1)).map(el => el.innerText)"""


def chromium_path() -> str | None:
    """Debian's Chromium (see the Makefile's `chromium` target), or None when absent."""
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(folder: Path) -> str:
    """A SQLite store of seeds/, tests/data/multidate.csv and the hostile article; its URL."""
    from analysis.ingest import SEEDS, ingest
    from analysis.load import load_paths
    from analysis.registry.table import load_registry
    from analysis.store import Store

    hostile = folder / "hostile"
    hostile.mkdir(parents=True)
    (hostile / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    meta = {"title": HOSTILE_TITLE, "source": "Test Wire", "published": HOSTILE_DATE}
    (hostile / "hostile.meta.json").write_text(json.dumps(meta), encoding="utf-8")

    url = f"sqlite:///{folder / 'actorscope.db'}"
    loaded = load_paths([SEEDS, MULTIDATE, hostile])
    assert not loaded.rejected, loaded.rejected
    store = Store(url)
    try:
        summary = ingest(store, loaded, load_registry())
    finally:
        store.engine.dispose()
    assert summary.added == len(loaded.articles), summary
    return url


class AppServer:
    """`streamlit run streamlit_app.py` on a free port, as a subprocess.

    start() returns at once so that several servers can boot side by side; wait() polls the
    health endpoint until it answers "ok". Output goes to files, not pipes: nothing to drain.
    """

    def __init__(self, db_url: str, logs: Path, name: str = "app"):
        self.db_url = db_url
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        logs.mkdir(parents=True, exist_ok=True)
        self.stdout_path = logs / f"{name}.stdout.log"
        self.stderr_path = logs / f"{name}.stderr.log"
        self.proc: subprocess.Popen | None = None
        self._ready = False

    def start(self) -> AppServer:
        env = {
            **os.environ,
            "ACTORSCOPE_DB": self.db_url,
            "PYTHONUNBUFFERED": "1",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        }
        cmd = [
            sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            # Nothing to watch: the pages must not rerun while other work edits files.
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            # The child keeps its own copies of the descriptors; ours close here.
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        return self

    def wait(self, timeout: float = START_TIMEOUT_S) -> AppServer:
        """Poll /_stcore/health until "ok"; raise with the server's stderr when it never is."""
        if self._ready:
            return self
        assert self.proc is not None, "start() first"
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit ({self.name}) exited with {self.proc.returncode}:\n{self.stderr()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().decode().strip() == "ok":
                        self._ready = True
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"streamlit ({self.name}) not healthy after {timeout:.0f}s:\n{self.stderr()}"
                )
            time.sleep(0.1)  # a poll interval, not a wait for something to happen

    def terminate(self) -> None:
        """Ask the server to stop and return at once (stop() waits for it)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()

    def stop(self) -> None:
        if self.proc is None:
            return
        self.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def stderr(self) -> str:
        try:
            return self.stderr_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def problems(self) -> str:
        """The server's stderr without its routine start-up lines: empty when all was well."""
        lines = self.stderr().splitlines()
        return "\n".join(line for line in lines if "server started on" not in line).strip()

    def __enter__(self) -> AppServer:
        return self.start().wait()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def served(db_url: str, logs: Path, name: str, unset: tuple[str, ...] = ("REGISTRY",)):
    """An AppServer on `db_url` started without the ACTORSCOPE_<key> variables of `unset`
    (the test run's own), waited for, stopped afterwards; its stderr must hold no traceback."""
    env = {f"ACTORSCOPE_{key}": os.environ.pop(f"ACTORSCOPE_{key}", None) for key in unset}
    try:  # the server inherits the environment at start
        app = AppServer(db_url, logs, name).start()
    finally:
        os.environ.update({k: v for k, v in env.items() if v is not None})
    try:
        yield app.wait()
    finally:
        app.stop()
        problems = app.problems()
        assert "Traceback" not in problems, problems


def launch_chromium(playwright, executable: str):
    """Debian's Chromium, headless, with its own network traffic switched off."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


@contextmanager
def open_page(chromium: str, viewport: dict, timeout: float = 30_000):
    """A page of a fresh headless Chromium; the page's script errors must stay none."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch_chromium(p, chromium)
        try:
            page = browser.new_page(viewport=viewport)
            page.set_default_timeout(timeout)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            yield page
        finally:
            browser.close()
    assert errors == []


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit is connected and the script run has finished."""
    from playwright.sync_api import expect

    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    # Elements whose code is still loading show a skeleton until it arrives.
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)


def screenshot(page, name: str) -> Path:
    """A full-page PNG under artifacts/screenshots/.

    Streamlit scrolls its main area, not the document, so the viewport is first made as tall
    as that area's content; the original size is restored afterwards.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        """() => Math.max(
            document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], section.stMain')]
                .map(e => e.scrollHeight))"""
    )
    if size and height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
    try:
        page.screenshot(path=path, full_page=True, animations="disabled")
    finally:
        if size:
            page.set_viewport_size(size)
    return path


POINT_CENTRE_JS = """target => {
    // Page coordinates of the scatter point whose customdata is `target`, in any chart.
    const want = JSON.stringify(target);
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        for (const [t, trace] of (gd._fullData || []).entries()) {
            const custom = trace.customdata || [];
            for (let i = 0; i < custom.length; i++) {
                const c = Array.isArray(custom[i]) ? custom[i] : [custom[i]];
                if (JSON.stringify(c.map(String)) !== want) continue;
                gd.scrollIntoView({block: 'center'});
                const plot = gd._fullLayout._plots[trace.xaxis + trace.yaxis];
                const pt = gd.calcdata[t].find(p => p.i === i) || gd.calcdata[t][i];
                const r = gd.getBoundingClientRect();
                return {
                    x: r.left + plot.xaxis._offset + plot.xaxis.c2p(pt.x),
                    y: r.top + plot.yaxis._offset + plot.yaxis.c2p(pt.y),
                };
            }
        }
    }
    return null;
}"""


def click_at(page, where: dict | None, what: str) -> None:
    """Click as a user does: move there first (plotly picks the point it hovers), then press."""
    assert where, f"nothing to click: {what}"
    page.mouse.move(where["x"], where["y"])
    page.mouse.click(where["x"], where["y"])


def click_point(page, customdata: list[str]) -> None:
    """Click the plotly point carrying this customdata (e.g. a network edge's midpoint)."""
    click_at(page, page.evaluate(POINT_CENTRE_JS, customdata), f"a point {customdata!r}")
