"""A registry edit while an ingest runs: every article ends matched with the registry in force.

Each test compares the store with a fresh one that ingested the same articles with the final
registry from the start. The edits are made by `python -m analysis actors add` in another
process, at a moment forced by the ingest's progress calls (after a batch is stored), or at
whatever moment a real concurrent run gives; on SQLite and, with $ACTORSCOPE_TEST_PG, on
PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest
from test_store_backends import BACKENDS, _url, pg_admin  # noqa: F401 (a fixture)

from analysis import ingest as ingest_module
from analysis.cli import EXIT_OK, main
from analysis.ingest import ingest, registry_digest, save_registry, sync_registry
from analysis.load import Loaded, load_paths
from analysis.registry import edit as registry_edit
from analysis.registry.roles import load_roles, roles_path
from analysis.registry.table import load_registry
from analysis.store import OLD_BATCH, Store
from benchmarks.corpus import generate, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
ADD = ("actors", "add", "Paul Volcker", "--kind", "person", "--alias", "Volcker")
VOLCKER = "Paul Volcker told Congress that inflation was the enemy. Volcker met Joe Biden."
MENTION_KEY = ["article_id", "sent_idx", "start"]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _url(request.param, request, tmp_path, "race")


@pytest.fixture(scope="module")
def roles() -> pd.DataFrame:
    return load_roles(roles_path())


def _corpus(n: int, seed: int = 7) -> pd.DataFrame:
    """n synthetic articles, every third naming Paul Volcker (who is in no registry yet)."""
    frame = generate(n, seed=seed)
    volcker = frame.index % 3 == 0
    frame.loc[volcker, "text"] = frame.loc[volcker, "text"] + "\n\n" + VOLCKER
    return frame


def _loaded(tmp_path: Path, n: int, seed: int = 7) -> Loaded:
    path = write_jsonl(_corpus(n, seed), tmp_path / f"news-{n}-{seed}.jsonl")
    return load_paths([path], workers=1)


def _cli(url: str, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ACTORSCOPE_DB": url}
    env.pop("ACTORSCOPE_REGISTRY", None)
    return subprocess.run(
        [sys.executable, "-m", "analysis", *argv],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _final_registry() -> pd.DataFrame:
    return registry_edit.add_actor(load_registry(), "Paul Volcker", "person", ["Volcker"])


def _fresh(path: Path, loaded: Loaded, roles: pd.DataFrame) -> pd.DataFrame:
    """The mentions of a store that ingested `loaded` with the final registry from the start."""
    store = Store(str(path))
    save_registry(store, _final_registry(), roles=roles)
    ingest(store, loaded, _final_registry(), workers=1, roles=roles)
    mentions = store.read("mentions")
    store.close()
    return mentions


def _same_mentions(store: Store, expected: pd.DataFrame) -> None:
    got = store.read("mentions").sort_values(MENTION_KEY, ignore_index=True)
    pd.testing.assert_frame_equal(got, expected.sort_values(MENTION_KEY, ignore_index=True))
    assert (got["actor_id"] == "paul-volcker").sum() > 0
    digest = store.get_meta("registry_digest")
    assert digest == registry_digest(store.read("actors"), load_roles(roles_path()))
    assert store.stale_batches(digest) == []


@pytest.mark.parametrize("at", [200, 400], ids=["after-batch-1", "after-batch-2"])
def test_ingest_edit_between_batches_reaches_the_batches_after_it(
    url: str, tmp_path: Path, roles: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    """The edit commits after a batch is stored and before the next: it matches the batches
    stored before it, the ingest those it matched under the registry before, at its end."""
    monkeypatch.setattr(ingest_module, "BATCH_ARTICLES", 200)
    loaded = _loaded(tmp_path, 600)  # 3 batches, matched in this process (under 400 articles)
    edits: list[subprocess.CompletedProcess] = []

    def between(done: int, total: int) -> None:
        if done == at:
            edits.append(_cli(url, *ADD))

    store = Store(url)
    summary = ingest(store, loaded, load_registry(), workers=1, progress=between, roles=roles)
    assert [e.returncode for e in edits] == [EXIT_OK], edits[0].stderr
    assert summary.added == 600
    assert summary.rematched == 600 - at
    _same_mentions(store, _fresh(tmp_path / "fresh.db", loaded, roles))
    store.close()


def test_ingest_edit_before_the_ingest_reads_no_older_copy_back(
    url: str, tmp_path: Path, roles: pd.DataFrame
) -> None:
    """The ingest's registry was read before the edit (the CLI reads it, then loads files for
    seconds): the store's edited one is the one it matches with, and it is not written back."""
    loaded = _loaded(tmp_path, 60)
    store = Store(url)
    before = load_registry()
    edit = _cli(url, *ADD)
    assert edit.returncode == EXIT_OK, edit.stderr
    ingest(store, loaded, before, workers=1, roles=roles)
    assert "paul-volcker" in set(store.read("actors")["actor_id"])
    _same_mentions(store, _fresh(tmp_path / "fresh.db", loaded, roles))
    store.close()


def test_ingest_batch_stored_while_an_edit_matches_is_matched_again(
    url: str, tmp_path: Path, roles: pd.DataFrame
) -> None:
    """A batch committed after the edit read the stored articles and before it wrote its
    mentions: the edit does not cover it, and it is matched again under the edited registry."""
    first, second = _loaded(tmp_path, 90), _loaded(tmp_path, 30, seed=8)
    store = Store(url)
    ingest(store, first, load_registry(), workers=1, roles=roles)
    editor = Store(url)
    swap, rematched = editor.replace_mention_rows, []

    def late(*args, **kwargs):  # the other process's batch, in between
        writer = Store(url)
        ingest(writer, second, load_registry(), workers=1, roles=roles)
        writer.close()
        return swap(*args, **kwargs)

    editor.replace_mention_rows = late
    redo = editor.rematched
    editor.rematched = lambda rows, ids, *a: rematched.append(len(ids)) or redo(rows, ids, *a)
    save_registry(editor, _final_registry(), roles=roles)
    assert rematched == [len(second.articles)]
    both = Loaded(pd.concat([first.articles, second.articles], ignore_index=True), [])
    _same_mentions(store, _fresh(tmp_path / "fresh.db", both, roles))
    editor.close()
    store.close()


def test_ingest_interrupted_after_an_edit_is_repaired_by_the_next_command(
    url: str, tmp_path: Path, roles: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest killed after an edit left batches matched under the registry before: any
    later command (here `stats`) matches them again."""
    monkeypatch.setattr(ingest_module, "BATCH_ARTICLES", 200)
    loaded = _loaded(tmp_path, 400)

    def edit_then_stop(done: int, total: int) -> None:
        if done == 200:
            assert _cli(url, *ADD).returncode == EXIT_OK
        if done == 400:
            raise KeyboardInterrupt  # after the last batch, before the ingest's own repair

    store = Store(url)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, loaded, load_registry(), workers=1, progress=edit_then_stop, roles=roles)
    assert store.stale_batches(store.get_meta("registry_digest"))
    stats = _cli(url, "stats")
    assert stats.returncode == EXIT_OK, stats.stderr
    _same_mentions(store, _fresh(tmp_path / "fresh.db", loaded, roles))
    store.close()


def _count(url: str) -> int:
    if url.startswith("sqlite:///"):
        try:
            path = url.removeprefix("sqlite:///")
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:  # not made yet
            return 0
    store = Store(url)
    try:
        return store.count("articles")
    finally:
        store.close()


def test_ingest_and_edit_in_two_real_processes_end_in_step(
    url: str, tmp_path: Path, roles: pd.DataFrame
) -> None:
    """`ingest` and `actors add` as two commands at once, the edit once the ingest has stored
    its first batch: whatever the interleaving, the same mentions as a fresh ingest."""
    path = write_jsonl(_corpus(6_000), tmp_path / "news.jsonl")
    env = {**os.environ, "ACTORSCOPE_DB": url}
    env.pop("ACTORSCOPE_REGISTRY", None)
    command = [sys.executable, "-m", "analysis", "ingest", str(path), "--workers", "2"]
    running = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 240
    while _count(url) == 0 and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    edit = _cli(url, *ADD)
    out, err = running.communicate(timeout=300)
    assert (running.returncode, edit.returncode) == (EXIT_OK, EXIT_OK), err + edit.stderr
    store = Store(url)
    _same_mentions(store, _fresh(tmp_path / "fresh.db", load_paths([path], workers=1), roles))
    store.close()


def test_ingest_old_store_gains_batches_and_rematch_repairs_it(
    tmp_path: Path, roles: pd.DataFrame, capsys: pytest.CaptureFixture
) -> None:
    """A store made before batches were recorded opens (its articles in batch 0, trusted as
    matched under its registry), and `rematch` repairs one that the old race left behind: the
    edited registry stored, its new actor's mentions missing."""
    db = tmp_path / "old.db"
    loaded = _loaded(tmp_path, 60)
    store = Store(str(db))
    ingest(store, loaded, load_registry(), workers=1, roles=roles)
    # What the race left: the edited registry and its digest, the mentions of the one before.
    final = _final_registry()
    store.replace_mention_rows([], final, registry_digest(final, roles), article_ids=[])
    store.set_meta(ingest_module.REGISTRY_SOURCE, "store")
    store.close()
    with sqlite3.connect(db) as conn:  # back to the schema of before
        conn.executescript(
            "DROP INDEX ix_articles_match_batch; ALTER TABLE articles DROP COLUMN match_batch;"
            "DROP TABLE match_batches;"
        )
    store = Store(str(db))
    digest = store.get_meta("registry_digest")
    assert store.match_batches() == {OLD_BATCH: digest}
    assert store.batch_articles([OLD_BATCH]) == set(loaded.articles["article_id"])
    assert not sync_registry(store, final, roles=roles)  # trusted: nothing to tell it by
    assert (store.read("mentions")["actor_id"] == "paul-volcker").sum() == 0
    assert main(["--db", str(db), "rematch"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith(f"matched {len(loaded.articles)} articles again")
    _same_mentions(store, _fresh(tmp_path / "fresh.db", loaded, roles))
    assert store.match_batches() == {OLD_BATCH: digest}  # matched again under the same one
    store.close()
