"""The facts' Parquet mirror (analysis.mirror) and the Trends daily sums DuckDB reads from it
(analysis.query.parquet), on a real SQLite store of the conftest corpus: real files, real
DuckDB, compared with the pandas path's rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, mirror, query
from analysis.ingest import ingest
from analysis.load import Loaded
from analysis.query.views import view_days
from analysis.registry import curate
from analysis.store import Store
from analysis.trends import DAY_COLUMNS
from analysis.view import View

pytest.importorskip("duckdb", reason="duckdb is optional (pip install .[duckdb])")
from analysis.query import parquet, parquet_facts  # noqa: E402

SEPTEMBER = View(start=dt.date(2023, 9, 1), end=dt.date(2023, 9, 30))
TRIO = SEPTEMBER.evolve(actors=("vladimir-putin", "kim-jong-un", "russia"))
SPANISH = (
    "El presidente Vladimir Putin dijo el lunes que su gobierno no aceptará las nuevas "
    "sanciones. Según la agencia, Putin habló durante dos horas con los periodistas sobre la "
    "economía del país y la guerra."
)


def mirrored_store(folder: Path, corpus, registry) -> tuple[Store, Path]:
    """A store ingested in two goes with the mirror on (ACTORSCOPE_FACTS set by the caller):
    (store, mirror folder)."""
    s = Store(str(folder / "s.db"))
    ingest(s, Loaded(corpus.iloc[:3], []), registry)  # c1-c3: September
    # c4 September, c5 October, c6 undated; and x1, c1's day and source: the two batches' daily
    # sums of one actor, day and source add up.
    again = corpus.iloc[:1].assign(
        article_id="x1", text="Vladimir Putin met Kim Jong Un. Putin spoke of Russia again."
    )
    # y1, c1's day and source too, in Spanish: counted, in no tone (its compounds are NULL),
    # and the scored counts of both paths say so.
    spanish = corpus.iloc[:1].assign(article_id="y1", text=SPANISH)
    # Not compacted at the end, as ingest does: the batches' files stay apart (see the test).
    with pytest.MonkeyPatch.context() as m:
        m.setattr(mirror, "compact", lambda *_: 0)
        rows = pd.concat([corpus.iloc[3:], again, spanish], ignore_index=True)
        ingest(s, Loaded(rows, []), registry)
    return s, folder / "facts"


@pytest.fixture
def mirrored(tmp_path: Path, corpus, registry, monkeypatch: pytest.MonkeyPatch):
    """A mirrored store of this test's own, to write to."""
    monkeypatch.setenv(mirror.FACTS_ENV, str(tmp_path / "facts"))
    s, facts_dir = mirrored_store(tmp_path, corpus, registry)
    yield s, facts_dir
    s.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, corpus, registry):
    """A mirrored store the read-only tests share."""
    folder = tmp_path_factory.mktemp("mirror")
    with pytest.MonkeyPatch.context() as m:
        m.setenv(mirror.FACTS_ENV, str(folder / "facts"))
        s, facts_dir = mirrored_store(folder, corpus, registry)
    yield s, facts_dir
    s.close()


def as_plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Ids and sources as strings (categories differ between the two paths), DAY_COLUMNS."""
    out = frame.reset_index(drop=True)[DAY_COLUMNS]
    out["actor_id"] = out["actor_id"].astype(str)
    out["source"] = out["source"].astype(object).where(out["source"].notna(), None)
    return out


def pandas_days(s: Store, v: View, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    with monkeypatch.context() as m:
        m.delenv(mirror.FACTS_ENV, raising=False)
        return view_days(query.load_corpus(s, s.revision()), v)


VIEWS = [
    View(),
    View(actors=("vladimir-putin", "russia", "ukraine", "joe-biden")),
    TRIO,
    SEPTEMBER.evolve(sources=("Wire",)),
    View(start=dt.date(2023, 9, 6), end=dt.date(2023, 10, 2), actors=("russia", "china")),
    View(actors=()),
]


def test_mirror_is_written_per_batch_and_month_and_level(shared) -> None:
    s, facts_dir = shared
    assert mirror.is_current(facts_dir, s.revision())
    months = sorted(p.name for p in facts_dir.iterdir() if p.is_dir())
    assert months == [
        mirror.DAILY_DIR, mirror.PAIRS_DIR, "month=2023-09", "month=2023-10", "month=undated"
    ]  # fmt: skip
    daily_months = sorted(p.name for p in (facts_dir / mirror.DAILY_DIR).iterdir())
    assert daily_months == months[2:]
    assert {p.name for p in (facts_dir / mirror.PAIRS_DIR).iterdir()} <= set(months[2:])
    parts = pd.read_parquet(facts_dir / mirror.DAILY_DIR).astype({"actor_id": str})
    assert parts.duplicated(["actor_id", "published", "source"]).any()  # x1's, summed again
    # One file per batch and month: both ingests wrote a September file, appended.
    assert len(list((facts_dir / "month=2023-09").glob("*.parquet"))) == 2
    assert not list(facts_dir.rglob("*.tmp"))  # nothing half written left behind
    assert not list(facts_dir.parent.glob(".facts.[bo]*"))  # no rebuild's folder either
    on_disk = pd.read_parquet(facts_dir).astype({"actor_id": str, "article_id": str})
    stored = query.load_corpus(s, s.revision()).facts
    assert len(on_disk) == len(stored)
    assert on_disk["hits"].sum() == stored["hits"].sum() == s.count("mentions")


@pytest.mark.parametrize("v", VIEWS, ids=range(len(VIEWS)))
def test_parquet_daily_is_the_pandas_one(shared, v: View, monkeypatch) -> None:
    s, facts_dir = shared
    got = parquet.daily(facts_dir, v.actors, v.start, v.end, v.sources)
    want = pandas_days(s, v, monkeypatch)
    assert len(want) or v.actors == ()
    pd.testing.assert_frame_equal(as_plain(got), as_plain(want), check_exact=False, rtol=1e-12)
    if v == VIEWS[1]:  # y1's sentences naming Putin: counted, not scored
        assert (want["scored"] < want["sentences"]).any()


def test_view_days_reads_the_mirror_only_while_it_is_level(mirrored, monkeypatch) -> None:
    s, facts_dir = mirrored
    c = query.load_corpus(s, s.revision())
    calls = []
    real = parquet.daily
    monkeypatch.setattr(parquet, "daily", lambda *a, **k: calls.append(a) or real(*a, **k))
    level = view_days(c, TRIO)
    assert len(calls) == 1
    # Hiding an actor moves the revision: the mirror is stale, and is not read.
    curate.set_hidden(s, ["russia"])
    assert not mirror.is_current(facts_dir, s.revision())
    c2 = query.load_corpus(s, s.revision())
    stale = view_days(c2, TRIO)
    assert len(calls) == 1
    assert "russia" not in set(stale["actor_id"].astype(str))
    # Rebuilt from the store (the CLI), it is level again and holds the store's facts now.
    assert cli.main(["--db", str(s.url.removeprefix("sqlite:///")), "facts-mirror"]) == 0
    assert mirror.is_current(facts_dir, s.revision())
    fresh = view_days(replace(c2), TRIO)
    assert len(calls) == 2
    pd.testing.assert_frame_equal(as_plain(fresh), as_plain(stale), check_exact=False, rtol=1e-12)
    assert len(level) > len(stale)


def test_compaction_folds_each_months_files_and_sums_the_same(mirrored, monkeypatch) -> None:
    s, facts_dir = mirrored
    before = {v: parquet.daily(facts_dir, v.actors, v.start, v.end, v.sources) for v in VIEWS}
    pairs = parquet_facts.pair_days(facts_dir, TRIO.actors, "article", TRIO.start, TRIO.end)
    assert len(pairs)
    assert mirror.compact(s, facts_dir) == 3  # September's facts, daily sums and pairs
    assert mirror.is_current(facts_dir, s.revision())
    summed = (facts_dir / mirror.DAILY_DIR, facts_dir / mirror.PAIRS_DIR)
    for folder in [*facts_dir.glob("month=*"), *(f for d in summed for f in d.glob("month=*"))]:
        assert len(list(folder.glob("*.parquet"))) == 1, folder
    parts = pd.read_parquet(facts_dir / mirror.DAILY_DIR).astype({"actor_id": str})
    assert not parts.duplicated(["actor_id", "published", "source"]).any()
    again = parquet_facts.pair_days(facts_dir, TRIO.actors, "article", TRIO.start, TRIO.end)
    pd.testing.assert_frame_equal(again, pairs, check_exact=False, rtol=1e-12)
    for v, frame in before.items():
        after = parquet.daily(facts_dir, v.actors, v.start, v.end, v.sources)
        pd.testing.assert_frame_equal(after, frame, check_exact=False, rtol=1e-12)
        pd.testing.assert_frame_equal(
            as_plain(after), as_plain(pandas_days(s, v, monkeypatch)), check_exact=False, rtol=1e-12
        )
    assert mirror.compact(s, facts_dir) == 0  # nothing left to fold
    s.set_meta("anything", "x", bump=True)
    assert mirror.compact(s, facts_dir) == 0  # a stale mirror is left for a rebuild


def test_people_under_their_country_are_summed_by_pandas(shared, monkeypatch) -> None:
    s, facts_dir = shared
    monkeypatch.setenv(mirror.FACTS_ENV, str(facts_dir))
    c = query.load_corpus(s, s.revision())
    monkeypatch.setattr(parquet, "daily", lambda *a, **k: pytest.fail("read the mirror"))
    assert len(view_days(c, TRIO.evolve(people=False)))


def test_a_write_the_mirror_missed_leaves_it_stale_until_an_ingest(
    mirrored, corpus, registry, monkeypatch
) -> None:
    s, facts_dir = mirrored
    before = s.revision()
    s.set_meta("anything", "x", bump=True)  # a write the mirror did not see
    assert not parquet.available(facts_dir, s.revision())
    assert parquet.available(facts_dir, before)  # level with the revision it holds only
    # The next ingest finds it behind and brings it level (new articles or none).
    extra = corpus.head(1).assign(article_id="new1", text="Putin spoke. Russia answered.")
    ingest(s, Loaded(extra, []), registry)
    assert mirror.is_current(facts_dir, s.revision())
    assert set(pd.read_parquet(facts_dir)["article_id"].astype(str)) >= {"new1"}


def test_mirror_setting_off_writes_nothing(tmp_path: Path, corpus, registry, monkeypatch) -> None:
    monkeypatch.delenv(mirror.FACTS_ENV, raising=False)
    assert mirror.mirror_path() is None
    assert mirror.mirror_path({mirror.FACTS_ENV: "  "}) is None
    s = Store(str(tmp_path / "s.db"))
    ingest(s, Loaded(corpus, []), registry)
    assert not parquet.available(None, s.revision())
    assert not list(tmp_path.rglob("*.parquet"))
    assert not list(tmp_path.rglob(mirror.MANIFEST))
    s.close()


def test_benchmark_layouts_give_the_same_daily_sums(tmp_path: Path) -> None:
    """benchmarks/facts_parquet.py's two layouts (per batch as ingest appends, per month as a
    rebuild writes) hold the same facts and sum to the same days."""
    from benchmarks.facts_parquet import build

    runs = {layout: build(tmp_path / layout, 40_000, layout) for layout in ("batch", "month")}
    assert runs["batch"]["mention_rows"] == runs["month"]["mention_rows"] > 30_000
    assert runs["batch"]["files"] > runs["month"]["files"]
    actors = ("actor-000", "actor-003", "actor-042")
    end = dt.date(2022, 6, 30)
    by_batch = parquet.daily(tmp_path / "batch", actors, dt.date(2021, 3, 1), end)
    by_month = parquet.daily(tmp_path / "month", actors, dt.date(2021, 3, 1), end)
    assert len(by_batch) > 100
    pd.testing.assert_frame_equal(by_batch, by_month, check_exact=False, rtol=1e-12)


def test_a_failed_write_leaves_no_file_and_a_stale_mirror(
    tmp_path: Path, corpus, registry, monkeypatch
) -> None:
    facts_dir = tmp_path / "facts"
    monkeypatch.setenv(mirror.FACTS_ENV, str(facts_dir))
    s = Store(str(tmp_path / "s.db"))
    real = mirror.pq.write_table

    failed, levels = [], []
    real_level = mirror.bring_level

    def half_then_fail(table, where, *args, **kwargs):
        real(table.slice(0, 1), where)  # a part of the file is on disk when it fails
        failed.append(where)
        raise OSError("No space left on device")

    def level_once(store, path):  # level at the start (an empty store: no file), then stale
        levels.append(path)
        return real_level(store, path) if len(levels) == 1 else False

    with monkeypatch.context() as m:
        m.setattr(mirror.pq, "write_table", half_then_fail)
        m.setattr(mirror, "bring_level", level_once)
        summary = ingest(s, Loaded(corpus, []), registry)
    assert failed  # the batch's append was tried, and failed
    assert len(levels) == 2
    assert summary.added == len(corpus)  # the store's write stands
    assert not list(facts_dir.rglob("*.parquet"))
    assert not list(facts_dir.rglob("*.tmp"))
    assert not parquet.available(facts_dir, s.revision())
    # An empty store's mirror: level, with no file, and no rows.
    empty = Store(str(tmp_path / "empty.db"))
    assert mirror.rebuild(empty, tmp_path / "none") == empty.revision()
    assert parquet.available(tmp_path / "none", empty.revision())
    assert parquet.daily(tmp_path / "none", ("russia",)).empty
    s.close()
    empty.close()


def test_compaction_folds_the_undated_month_too(mirrored, corpus, registry, monkeypatch) -> None:
    s, facts_dir = mirrored
    # c6 is undated: another undated article gives the undated folder a second file, which
    # the ingest's compaction folds (its all-null dates once came back from pandas as floats).
    again = corpus.iloc[5:6].assign(article_id="u2")
    assert again["published"].isna().all()
    ingest(s, Loaded(again, []), registry)
    assert mirror.is_current(facts_dir, s.revision())
    undated = facts_dir / mirror.DAILY_DIR / f"month={mirror.UNDATED}"
    assert len(list(undated.glob("*.parquet"))) == 1
    got = parquet.daily(facts_dir, None)
    assert got["published"].isna().any()
    want = pandas_days(s, View(actors=None), monkeypatch)
    pd.testing.assert_frame_equal(as_plain(got), as_plain(want), check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("earlier", range(1, mirror.FORMAT))
def test_a_mirror_of_an_earlier_format_is_stale(shared, tmp_path: Path, earlier: int) -> None:
    """Format 1 had no sentence pairs, 2 no scored counts: it is rebuilt, never read."""
    s, facts_dir = shared
    old = tmp_path / "old"
    old.mkdir()
    now = f'"format": {mirror.FORMAT}'
    text = (facts_dir / mirror.MANIFEST).read_text()
    assert now in text
    (old / mirror.MANIFEST).write_text(text.replace(now, f'"format": {earlier}'))
    assert mirror.mirrored_revision(facts_dir) == s.revision()
    assert mirror.mirrored_revision(old) is None


def test_benchmark_big_store_is_level_and_matches_its_facts(tmp_path: Path, monkeypatch) -> None:
    """benchmarks/big_store.py's synthetic store: its mirror is level, and the app does not
    match its stand-in text again (it would find no actor in it)."""
    from benchmarks.big_store import build

    made = build(str(tmp_path / "b.db"), 8_000, tmp_path / "facts")
    assert made["level"]
    assert made["mention_rows"] == 8_000
    s = Store(str(tmp_path / "b.db"))
    from analysis.ingest import active_registry, sync_registry
    from analysis.registry.roles import load_roles, roles_path

    # What the app does at its start: nothing to match again.
    assert not sync_registry(s, active_registry(s), roles=load_roles(roles_path()))
    monkeypatch.setenv(mirror.FACTS_ENV, str(tmp_path / "facts"))
    c = query.load_corpus(s, s.revision())
    assert c.loaded is None
    assert c.actor_mentions().sum() == 8_000
    s.close()
