"""Hostile inputs (tests/hostile.py) and the worst batch the limits allow, through the CLI and
through the hosted path (analysis.sandbox, as the Upload page runs it): wall time, peak memory
and outcome of each; then another visitor's page load, idle and while one visitor uploads the
worst batch, on a hosted and on a local server in Chromium.

`python -m benchmarks.hostile_inputs` prints the section (also part of `python -m benchmarks`).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the builders (hostile.py) and the browser helpers

from hostile import (  # noqa: E402
    many_members_zip,
    over_cap_paste,
    overlapping_zip,
    quoted_paste,
    zip_bomb,
)

from analysis.batch import Room, analysed, pasted, prepare, read_files  # noqa: E402
from analysis.ingest import BATCH_ARTICLES  # noqa: E402
from analysis.registry.matcher import Matcher  # noqa: E402
from analysis.registry.roles import load_roles, roles_path  # noqa: E402
from analysis.registry.table import load_registry  # noqa: E402
from analysis.sandbox import WorkLimits, WorkRefused, execute  # noqa: E402
from analysis.settings import Settings  # noqa: E402
from benchmarks.corpus import generate  # noqa: E402

WORST_ARTICLES = 5_000  # max_articles_per_batch
WORST_JOIN = 5  # synthetic articles joined into one: about 9 KB each, 44 MiB in all
IDLE_LOADS = 5  # another visitor's page loads when nobody uploads; the median is reported
PASSCODE = "benchmark passcode, long enough"
ANSWERS = ("Success", "Warning", "Error")  # how an add ends on the page


def news_zip() -> bytes:
    """The worst batch the default limits allow: 5,000 articles (the batch cap) of about
    9 KB of news each, 44 MiB of text (the batch's text cap is 50 MB), in a zip of five
    JSONL members of about 10 MB (each under the 50 MB a file may expand to)."""
    frame = generate(WORST_ARTICLES * WORST_JOIN, seed=11)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in range(5):
            lines = []
            for i in range(part * 1000, (part + 1) * 1000):
                rows = frame.iloc[i * WORST_JOIN : (i + 1) * WORST_JOIN]
                text = "\n\n".join(rows["text"])
                row = rows.iloc[0]
                lines.append(
                    json.dumps(
                        {
                            "title": f"{row['title']} ({i})",
                            "published": str(row["published"]),
                            "source": row["source"],
                            "text": text,
                        }
                    )  # fmt: skip
                )
            archive.writestr(f"news-{part}.jsonl", "\n".join(lines) + "\n")
    return buffer.getvalue()


# name -> (file name, bytes builder, pasted: the hosted path reads it as a paste)
INPUTS: dict[str, tuple[str, Callable[[], bytes], bool]] = {
    "zip bomb (256 MiB of zeros beside an article)": ("bomb.zip", zip_bomb, False),
    "200 overlapping entries of 1 MiB": ("overlap.zip", overlapping_zip, False),
    "600 members of 1 MiB": ("many.zip", many_members_zip, False),
    "512 KiB of quoted speech (paragraphs under the cap)": (
        "quoted.txt", lambda: quoted_paste().encode(), True),
    "one paragraph of 250,000 characters": ("overcap.txt", lambda: over_cap_paste().encode(), True),
    "worst batch: 5,000 articles, 44 MiB of text": ("news.zip", news_zip, False),
}  # fmt: skip


@dataclass
class InputRun:
    name: str
    input_bytes: int
    cli_s: float
    cli_peak_mb: float
    cli_exit: int
    cli_stored: int
    preview_s: float
    preview_peak_mb: float | None
    add_s: float | None = None
    add_peak_mb: float | None = None
    outcome: str = ""  # what the hosted visitor sees


def run_cli(path: Path, work: Path) -> tuple[float, float, int, int]:
    """`python -m analysis ingest PATH` on an empty store: seconds, peak MB of the CLI and its
    workers (wait4's maxrss: the largest of them), exit code, articles stored."""
    db = work / f"cli-{path.stem}.db"
    env = {**os.environ, "ACTORSCOPE_DB": str(db)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "ingest", str(path)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # no store made: nothing stored
        stored = 0
    return seconds, usage.ru_maxrss / 1024, proc.returncode, stored


def run_hosted(name: str, data: bytes, as_paste: bool, cfg: Settings, matcher: Matcher):
    """The Upload page's hosted path: the preview job, then (when something is left) the
    add's analysis, each in its own sandboxed child. (seconds, peak MB) of each, and what
    the visitor is told."""
    limits = cfg.work_limits()
    room = Room(
        cfg.max_articles_per_batch, cfg.max_batch_bytes, cfg.max_articles_per_batch,
        cfg.max_batch_mb,
    )  # fmt: skip
    read = (
        partial(pasted, data.decode(), {})
        if as_paste
        else partial(read_files, [(name, data)], cfg.limits())
    )
    started = time.perf_counter()
    try:
        outcome = execute(prepare, read, room, matcher, limits=limits)
    except WorkRefused as exc:
        return (time.perf_counter() - started, exc.peak_mb), None, f"refused: {exc}"
    preview = (time.perf_counter() - started, outcome.peak_mb)
    loaded, *_ = outcome.result
    reasons = "; ".join(r.reason for r in loaded.rejected)
    if loaded.articles.empty:
        return preview, None, f"refused: {reasons}"
    started = time.perf_counter()
    try:
        added = execute(analysed, loaded.articles, matcher, BATCH_ARTICLES, limits=limits)
    except WorkRefused as exc:
        return preview, (time.perf_counter() - started, exc.peak_mb), f"not added: {exc}"
    add = (time.perf_counter() - started, added.peak_mb)
    note = f" ({reasons})" if reasons else ""
    return preview, add, f"{len(loaded.articles):,} stored{note}"


def measure_inputs(names: list[str] | None = None) -> list[InputRun]:
    cfg = Settings(editor_passcode=PASSCODE)
    matcher = Matcher(load_registry(), load_roles(roles_path()))
    execute(len, b"", limits=cfg.work_limits())  # the forkserver starts once, before the figures
    runs = []
    with tempfile.TemporaryDirectory(prefix="actorscope-hostile-") as tmp:
        work = Path(tmp)
        for label in names or list(INPUTS):
            file_name, build, as_paste = INPUTS[label]
            data = build()
            path = work / file_name
            path.write_bytes(data)
            cli = run_cli(path, work)
            preview, add, outcome = run_hosted(file_name, data, as_paste, cfg, matcher)
            runs.append(
                InputRun(
                    label,
                    len(data),
                    *cli,
                    *preview,
                    *(add or (None, None)),
                    outcome=outcome,
                )  # fmt: skip
            )
            print(row(runs[-1]), file=sys.stderr, flush=True)
    return runs


@dataclass
class LoadRun:
    mode: str  # hosted or local
    idle_s: float  # median of IDLE_LOADS
    preview_s: float  # the uploading visitor's: from Read files to the preview
    add_s: float
    during: list[float] = field(default_factory=list)  # loads while the upload was analysed
    outcome: str = ""

    @property
    def ratio(self) -> float:
        return statistics.median(self.during) / self.idle_s if self.during else float("nan")


def measure_page_loads(modes: tuple[str, ...] = ("hosted", "local")) -> list[LoadRun]:
    """Another visitor's Overview load (a new browser context each: a new session), idle and
    while one visitor reads and adds the worst batch; [] without Chromium."""
    from browser import AppServer, build_store, chromium_path, launch_chromium

    chromium = chromium_path()
    if not chromium:
        print("skipped page loads: Debian's chromium is not on PATH", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    data = news_zip()
    runs = []
    with tempfile.TemporaryDirectory(prefix="actorscope-loads-") as tmp, sync_playwright() as p:
        browser = launch_chromium(p, chromium)
        for mode in modes:
            folder = Path(tmp) / mode
            env = {"ACTORSCOPE_EDITOR_PASSCODE": PASSCODE} if mode == "hosted" else {}
            server = AppServer(build_store(folder), folder / "logs", mode)
            saved = {k: os.environ.pop(k, None) for k in ("ACTORSCOPE_EDITOR_PASSCODE",)}
            os.environ.update(env)
            try:
                server.start()
            finally:
                for key in env:
                    os.environ.pop(key, None)
                os.environ.update({k: v for k, v in saved.items() if v is not None})
            try:
                server.wait()
                runs.append(_loads(browser, server.url, mode, data))
                print(json.dumps(runs[-1].__dict__), file=sys.stderr, flush=True)
            finally:
                server.stop()
        browser.close()
    return runs


def _load(browser, url: str) -> float:
    """Seconds for a new visitor's Overview: connected, run finished, a chart drawn."""
    from browser import wait_for_app
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/")
        wait_for_app(page, 300_000)
        expect(page.locator(".js-plotly-plot").first).to_be_attached(timeout=300_000)
        return time.perf_counter() - started
    finally:
        context.close()


def _loads(browser, url: str, mode: str, data: bytes) -> LoadRun:
    from browser import wait_for_app

    _load(browser, url)  # the first load warms the server's caches
    idle = statistics.median(_load(browser, url) for _ in range(IDLE_LOADS))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(300_000)
    page = context.new_page()
    page.goto(f"{url}/upload")
    wait_for_app(page, 300_000)
    main = page.locator('[data-testid="stMain"]')
    main.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [{"name": "news.zip", "mimeType": "application/zip", "buffer": data}]
    )
    main.locator('[data-testid="stFileChip"]').first.wait_for()
    during: list[float] = []
    started = time.perf_counter()
    main.get_by_role("button", name="Read files").click()
    heading = main.get_by_role("heading", name="Preview")
    while not heading.count():
        during.append(_load(browser, url))
    wait_for_app(page, 300_000)
    preview_s = time.perf_counter() - started
    add = main.get_by_role("button", name="Add ")
    if add.is_disabled():  # the preview itself was refused
        context.close()
        return LoadRun(mode, idle, preview_s, float("nan"), during, "refused at the preview")
    started = time.perf_counter()
    add.click()
    answer = main.locator(", ".join(f'[data-testid="stAlertContent{kind}"]' for kind in ANSWERS))
    while not answer.count():
        during.append(_load(browser, url))
    wait_for_app(page, 300_000)
    add_s = time.perf_counter() - started
    outcome = answer.first.locator('[data-testid="stMarkdownContainer"]').inner_text().strip()
    context.close()
    return LoadRun(mode, idle, preview_s, add_s, during, outcome)


def _mb(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _s(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def row(r: InputRun) -> str:
    return (
        f"| {r.name} | {r.input_bytes / 2**20:,.2f} | {_s(r.cli_s)} | {_mb(r.cli_peak_mb)} "
        f"| {r.cli_exit} | {r.cli_stored:,} | {_s(r.preview_s)} | {_mb(r.preview_peak_mb)} "
        f"| {_s(r.add_s)} | {_mb(r.add_peak_mb)} | {r.outcome} |"
    )


def load_row(r: LoadRun) -> str:
    during = sorted(r.during)
    return (
        f"| {r.mode} | {r.idle_s:.2f} | {len(during)} "
        f"| {statistics.median(during) if during else float('nan'):.2f} "
        f"| {during[-1] if during else float('nan'):.2f} | {r.ratio:.2f}x "
        f"| {r.preview_s:.1f} | {r.add_s:.1f} | {r.outcome} |"
    )


def section(inputs: list[InputRun], loads: list[LoadRun]) -> list[str]:
    if not inputs and not loads:
        return []
    lines = [
        "## Hostile inputs",
        "",
        "Each input through `python -m analysis ingest` on an empty store (wall seconds, peak "
        "MB of the CLI and its workers, exit code, articles stored) and through the hosted "
        "path, the Upload page's jobs in their sandboxed child with the default limits "
        f"({WorkLimits().memory_mb:g} MB, {WorkLimits().timeout_s:g} s): the preview, then the "
        "add's analysis (seconds, the child's peak RSS, "
        "about 85 MB of it its modules), and what the visitor is told.",
        "",
        "| input | MB | CLI s | CLI peak MB | CLI exit | CLI stored | preview s | preview peak MB "
        "| add s | add peak MB | hosted outcome |",
        "| --- |" + " ---: |" * 9 + " --- |",
        *(row(r) for r in inputs),
        "",
    ]
    if loads:
        lines += [
            "Another visitor's page load (the Overview in a new browser context, until a chart "
            f"is drawn): the median of {IDLE_LOADS} idle, and every load while one visitor "
            "reads and adds the worst batch (target: median during <= 2x idle).",
            "",
            "| server | idle s | loads during | median during s | slowest s | median/idle "
            "| upload: preview s | upload: add s | upload's outcome |",
            "| --- |" + " ---: |" * 7 + " --- |",
            *(load_row(r) for r in loads),
            "",
        ]
    return lines


def main() -> int:
    inputs = measure_inputs()
    loads = measure_page_loads()
    print("\n".join(section(inputs, loads)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
