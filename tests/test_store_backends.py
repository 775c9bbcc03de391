"""The store on SQLite and on a real PostgreSQL server: same schema, same behaviour, same frames.

The PostgreSQL half needs a server URL in $ACTORSCOPE_TEST_PG (`make test` starts a throw-away
one with scripts/pg); without it those tests skip. Each PostgreSQL test gets a database of its
own, whose session time zone is not UTC, so time-zone slips show.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis import schema
from analysis import store as store_module
from analysis.cli import EXIT_OK, EXIT_USAGE, main
from analysis.ingest import ingest, registry_digest
from analysis.load import load_paths
from analysis.registry.table import load_registry
from analysis.store import SCHEMA_VERSION, Added, Store, StoreError, copy_store
from analysis.store import copy as store_copy
from analysis.store import reads as store_reads
from analysis.store import sql as store_sql
from analysis.store import tables as store_tables

Frames = tuple[pd.DataFrame, pd.DataFrame]
PG_ENV = "ACTORSCOPE_TEST_PG"
PG_SKIP = f"no PostgreSQL server: set {PG_ENV} to its URL (`make test` starts one with scripts/pg)"
BACKENDS = ["sqlite", "postgresql"]
INGESTED = pd.Timestamp("2024-03-01 12:34:56", tz="UTC")
EMPTY_ANALYSIS = (schema.empty(schema.SENTENCES), schema.empty(schema.MENTIONS))


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[sa.Engine]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP)
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _new_database(admin: sa.Engine) -> Iterator[str]:
    """A fresh database for one test (its session time zone Tokyo), dropped afterwards."""
    name = f"actorscope_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        conn.execute(sa.text(f"ALTER DATABASE \"{name}\" SET timezone TO 'Asia/Tokyo'"))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))


def _url(backend: str, request: pytest.FixtureRequest, tmp_path: Path, name: str) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
    else:
        yield from _new_database(request.getfixturevalue("pg_admin"))


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's URL on each backend (no schema yet)."""
    yield from _url(request.param, request, tmp_path, "s")


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    s = Store(url)
    yield s
    s.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'local.db'}"


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from _url("postgresql", request, tmp_path, "unused")


@pytest.fixture
def stamped(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus with a known ingest time, as the loaders stamp it."""
    return schema.conform(corpus.assign(ingested_at=INGESTED), schema.ARTICLES)


def _sorted(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return df.sort_values(key, ignore_index=True)


KEYS = {
    "articles": ["article_id"],
    "sentences": ["article_id", "sent_idx"],
    "mentions": ["article_id", "start"],
    "actors": ["actor_id"],
}


def _tables(s: Store) -> dict[str, pd.DataFrame]:
    return {name: _sorted(s.read(name), key) for name, key in KEYS.items()}


# --- schema ------------------------------------------------------------------------------------


def test_backend_schema_2_store_migrates_to_3(pg_url: str, stamped, corpus_analysis) -> None:
    """A PostgreSQL store of schema 2 (scores NOT NULL, no language, copy_of or signatures):
    reopened, every row kept, old articles NULL in both, and a sentence may be unscored."""
    s = Store(pg_url)
    s.add(stamped, *corpus_analysis)
    before = _tables(s)
    with s.engine.begin() as conn:
        for name in ("compound", "pos", "neu", "neg"):
            conn.execute(sa.text(f"ALTER TABLE sentences ALTER COLUMN {name} SET NOT NULL"))
        conn.execute(sa.text("ALTER TABLE articles DROP COLUMN language, DROP COLUMN copy_of"))
        conn.execute(sa.text("DROP TABLE signatures"))
        conn.execute(sa.text("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
    s.close()
    again = Store(pg_url)
    assert again.get_meta("schema_version") == str(SCHEMA_VERSION) == "3"
    after = _tables(again)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(after[name], frame)
    assert after["articles"][["language", "copy_of"]].isna().all().all()
    with again.engine.begin() as conn:
        conn.execute(
            store_tables.sentences_table.insert().values(
                article_id="c1", sent_idx=99, start=0, end=1
            )
        )
    assert again.read("sentences")["compound"].isna().sum() == 1
    again.close()


def test_backend_copies_signatures_round_trip(url: str) -> None:
    """Signatures written with the articles read back byte for byte, and a later batch finds
    its copy of a stored article (analysis/copies.py), on either backend."""
    from analysis import copies

    s = Store(url)
    text = " ".join(f"word{i} of the wire story number {i}" for i in range(40))
    found = copies.find(["w1"], [text])
    article = schema.conform(
        pd.DataFrame({"article_id": ["w1"], "text": [text], "ingested_at": [INGESTED]}),
        schema.ARTICLES,
    )
    s.add_rows(article, [], [], signatures=[("w1", found.signatures[0])])
    assert copies.stored(s) == [("w1", found.signatures[0], None)]
    later = copies.find(["c1"], [text + " Edited."], copies.stored(s))
    assert later.copy_of == ["w1"]
    s.close()


def test_backend_schema_created_and_versioned(url: str) -> None:
    s = Store(url)
    tables = set(sa.inspect(s.engine).get_table_names())
    assert tables == {
        "articles", "sentences", "mentions", "actors", "meta", "match_batches", "signatures",
    }  # fmt: skip
    assert s.get_meta("schema_version") == str(SCHEMA_VERSION)
    assert s.counts() == {"articles": 0, "sentences": 0, "mentions": 0, "actors": 0}
    assert s.revision() == 0
    s.close()
    again = Store(url)  # reopening finds the schema and keeps it
    assert again.get_meta("schema_version") == str(SCHEMA_VERSION)
    with again.engine.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    again.close()
    with pytest.raises(StoreError) as info:
        Store(url)
    assert str(info.value) == f"the store has schema 99; this ActorScope reads {SCHEMA_VERSION}"


def test_backend_unreachable_server_is_a_one_line_store_error() -> None:
    # Port 9 on localhost: nothing listens; the URL's password must not show.
    with pytest.raises(StoreError) as info:
        Store("postgresql://someone:secret@127.0.0.1:9/nothing?connect_timeout=5")
    message = str(info.value)
    assert message.startswith("cannot open the store postgresql://someone:***@127.0.0.1:9/")
    assert "secret" not in message
    assert "\n" not in message


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_backend_postgres_urls_use_psycopg(scheme: str) -> None:
    assert store_sql._driver_url(f"{scheme}://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store_sql._driver_url("sqlite:///x.db") == "sqlite:///x.db"


# --- writes ------------------------------------------------------------------------------------


def test_backend_add_reads_back_the_same_frames(
    store: Store, stamped: pd.DataFrame, corpus_analysis: Frames
) -> None:
    sentences, mentions = corpus_analysis
    assert store.add(stamped, sentences, mentions) == Added(
        len(stamped), 0, len(sentences), len(mentions)
    )
    articles = store.read("articles")
    assert {c: str(t) for c, t in articles.dtypes.items()} == schema.ARTICLES
    pd.testing.assert_frame_equal(
        _sorted(articles, ["article_id"]), _sorted(stamped, ["article_id"])
    )
    assert (articles["ingested_at"] == INGESTED).all()  # the instant, whatever the session zone
    assert articles.set_index("article_id")["published"].astype("string").to_dict()["c1"] == (
        "2023-09-04"
    )
    pd.testing.assert_frame_equal(
        _sorted(store.read("sentences"), KEYS["sentences"]), _sorted(sentences, KEYS["sentences"])
    )
    pd.testing.assert_frame_equal(
        _sorted(store.read("mentions"), KEYS["mentions"]), _sorted(mentions, KEYS["mentions"])
    )


def test_backend_arrow_reads_equal_driver_reads(store: Store) -> None:
    """The fast read (ADBC, Arrow; for SQLite in a child process) and the driver's rows give
    the same frames, also where a nullable column starts with thousands of NULLs, from which
    ADBC would guess a wrong type."""
    n = 3_000
    articles = pd.DataFrame(
        {
            "article_id": [f"a{i:05d}" for i in range(n)],
            "title": [None] * (n - 1) + ["Late title"],
            "source": [None] * (n - 2) + ["Wire", ""],
            "published": [None] * (n - 1) + ["2023-09-13"],
            "text": ["Putin spoke."] * n,
            "ingested_at": [INGESTED] * n,
        }
    )
    store.add(schema.conform(articles, schema.ARTICLES), *EMPTY_ANALYSIS)
    wanted = {t: list(store_module.TABLES[t][1]) for t in ("articles", "sentences", "actors")}
    tables = [[store_module.TABLES[t][0].c[c] for c in cols] for t, cols in wanted.items()]
    assert store._read_arrow(tables) is not None  # the Arrow path itself, not a fallback
    fast = store.read_many(wanted)
    for table in wanted:
        pd.testing.assert_frame_equal(fast[table], store.read(table), check_exact=True)
    read = fast["articles"].set_index("article_id")
    assert read["title"].notna().sum() == 1
    assert read.loc[f"a{n - 1:05d}", "published"] == pd.Timestamp("2023-09-13")


def test_backend_failed_arrow_read_falls_back_to_the_driver(
    store: Store, stamped: pd.DataFrame, corpus_analysis: Frames, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add(stamped, *corpus_analysis)

    def broken(uri: str, queries: list[str]):
        raise store_reads.arrow_reader.ReadError("no reader here")

    monkeypatch.setattr(store_reads.arrow_reader, "fetch", broken)
    monkeypatch.setattr(store_reads.arrow_reader, "fetch_sqlite", broken)
    read = store.read_many({"mentions": list(schema.MENTIONS)})
    pd.testing.assert_frame_equal(read["mentions"], store.read("mentions"))


def test_backend_in_memory_store_reads_through_the_driver() -> None:
    s = Store("sqlite://")
    assert store_reads._adbc_uri(s.url) is None
    assert s.read("articles").empty
    s.close()


def test_backend_bulk_insert_in_batches(
    store: Store,
    stamped: pd.DataFrame,
    corpus_analysis: Frames,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Several executemany calls per table, through the driver's own parameter marks.
    monkeypatch.setattr(store_sql, "BATCH_ROWS", 4)
    sentences, mentions = corpus_analysis
    store.add(stamped, sentences, mentions)
    assert store.counts() == {
        "articles": len(stamped),
        "sentences": len(sentences),
        "mentions": len(mentions),
        "actors": 0,
    }


def test_backend_add_is_idempotent(
    store: Store, stamped: pd.DataFrame, corpus_analysis: Frames
) -> None:
    store.add(stamped, *corpus_analysis)
    counts, revision = store.counts(), store.revision()
    assert store.add(stamped, *corpus_analysis) == Added(0, len(stamped), 0, 0)
    assert store.counts() == counts
    assert store.revision() == revision == 1
    part = stamped[stamped["article_id"].isin(["c1", "c6"])]
    assert store.add(part, *corpus_analysis) == Added(0, 2, 0, 0)
    assert store.has_articles(["c1", "nope"]) == {"c1"}


def test_backend_every_write_bumps_the_revision(
    store: Store, stamped: pd.DataFrame, corpus_analysis: Frames, registry: pd.DataFrame
) -> None:
    sentences, mentions = corpus_analysis
    store.add(stamped[stamped["article_id"] == "c1"], sentences, mentions)
    assert store.revision() == 1
    store.add(stamped, sentences, mentions)
    assert store.revision() == 2
    store.replace_mentions(mentions, registry, "d")
    assert store.revision() == 3


def test_backend_concurrent_writers_each_bump_the_revision(url: str) -> None:
    # The second writer reads the revision only after the first commits: no lost update.
    first, second = Store(url), Store(url)
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            with second.engine.begin() as conn:
                store_tables._bump(conn)
        except BaseException as exc:  # reported below
            errors.append(exc)

    with first.engine.begin() as conn:
        store_tables._bump(conn)
        other = threading.Thread(target=bump)
        other.start()
        other.join(timeout=1.0)
        assert other.is_alive()  # waiting for the first writer
    other.join(timeout=60)
    assert not errors
    assert first.revision() == 2
    first.close()
    second.close()


def test_backend_failed_add_leaves_nothing(
    store: Store, stamped: pd.DataFrame, corpus_analysis: Frames
) -> None:
    sentences, mentions = corpus_analysis
    broken = mentions.copy()
    broken.loc[len(broken) - 1, "how"] = pd.NA  # NOT NULL: fails after articles and sentences
    with pytest.raises(sa.exc.IntegrityError):
        store.add(stamped, sentences, broken)
    assert store.counts() == {"articles": 0, "sentences": 0, "mentions": 0, "actors": 0}
    assert store.revision() == 0
    assert store.add(stamped, sentences, mentions).articles == len(stamped)


def test_backend_replace_mentions_is_atomic(
    store: Store, stamped: pd.DataFrame, corpus_analysis: Frames, registry: pd.DataFrame
) -> None:
    sentences, mentions = corpus_analysis
    store.add(stamped, sentences, mentions)
    small = registry[registry["actor_id"].isin(["russia", "vladimir-putin"])]
    only_putin = mentions[mentions["actor_id"] == "vladimir-putin"]
    store.replace_mentions(only_putin, small, "old")
    before = _tables(store)
    assert set(before["mentions"]["actor_id"]) == {"vladimir-putin"}
    broken = mentions.copy()
    broken.loc[len(broken) - 1, "actor_id"] = pd.NA
    with pytest.raises(sa.exc.IntegrityError):
        store.replace_mentions(broken, registry, "new")
    after = _tables(store)
    for name in KEYS:
        pd.testing.assert_frame_equal(after[name], before[name])
    assert store.get_meta("registry_digest") == "old"
    assert store.revision() == 2


def test_backend_mentions_deleted_by_key(
    store: Store, stamped: pd.DataFrame, corpus_analysis: Frames, registry: pd.DataFrame
) -> None:
    """What a registry edit that takes names out does (analysis.registry.sync._drop_hits): read the
    mentions of some actors, then delete some of them by key, with the registry swapped in."""
    sentences, mentions = corpus_analysis
    store.add(stamped, sentences, mentions)
    russia = mentions[mentions["actor_id"] == "russia"]
    surfaces = store.mention_surfaces(["russia"])
    stored = zip(russia["article_id"], russia["surface"], russia["how"], strict=True)
    assert sorted(surfaces) == sorted(stored)
    ids = sorted(set(russia["article_id"]))
    hits = store.mention_hits(ids, ["russia", "vladimir-putin"])
    watched = mentions[mentions["actor_id"].isin(["russia", "vladimir-putin"])]
    assert sum(map(len, hits.values())) == watched["article_id"].isin(ids).sum()
    gone = russia.iloc[::2]  # every other one
    assert 0 < len(gone) < len(russia)
    keys = list(
        zip(gone["article_id"], gone["sent_idx"].tolist(), gone["start"].tolist(), strict=True)
    )
    store.replace_mention_rows([], registry, "dropped", article_ids=[], dropped=keys)
    expected = mentions.drop(index=gone.index)
    got = _sorted(store.read("mentions"), KEYS["mentions"])
    pd.testing.assert_frame_equal(got, _sorted(expected, KEYS["mentions"]), check_dtype=False)
    assert store.get_meta("registry_digest") == "dropped"


def test_backend_nul_characters_are_stored_without_moving_offsets(store: Store, matcher) -> None:
    from analysis.pipeline import analyse

    text = "Vladimir Putin\x00 met Kim Jong Un. Biden\x00 was not pleased."
    article = schema.conform(
        pd.DataFrame([{"article_id": "nul", "text": text, "title": "a\x00b"}]), schema.ARTICLES
    )
    sentences, mentions = analyse(article, matcher, workers=1)
    store.add(article, sentences, mentions)
    stored = store.read("articles")["text"].iloc[0]
    assert stored == text.replace("\x00", "\ufffd")
    assert store.read("articles")["title"].iloc[0] == "a\ufffdb"
    for row in store.read("mentions").itertuples():
        assert stored[row.start : row.end] == row.surface


# --- the two backends agree --------------------------------------------------------------------


def test_backends_read_back_identical_frames(
    sqlite_url: str, pg_url: str, stamped: pd.DataFrame, corpus_analysis: Frames, registry
) -> None:
    frames = []
    for u in (sqlite_url, pg_url):
        s = Store(u)
        s.add(stamped, *corpus_analysis)
        s.replace_mentions(corpus_analysis[1], registry, "d")
        frames.append(_tables(s))
        s.close()
    lite, pg = frames
    for name in KEYS:
        assert lite[name].dtypes.to_dict() == pg[name].dtypes.to_dict(), name
        pd.testing.assert_frame_equal(lite[name], pg[name], obj=name)
    assert str(pg["articles"]["ingested_at"].dtype) == "datetime64[s, UTC]"
    assert str(pg["articles"]["published"].dtype) == "datetime64[s]"


# --- concurrent ingest -------------------------------------------------------------------------


def _ingest_at_once(url: str, folder: str, start, results) -> None:
    """In a child process: wait for the other, then ingest the folder into the store."""
    start.wait()
    try:
        s = Store(url)
        summary = ingest(s, load_paths([folder]), load_registry(), workers=1)
        s.close()
        results.put(("ok", summary.added, summary.present, len(summary.rejected)))
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(("error", f"{type(exc).__name__}: {exc}", 0, 0))


def _two_ingests(url: str, folder: Path) -> list[tuple]:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=_ingest_at_once, args=(url, str(folder), start, results)) for _ in "ab"
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    return outcomes


@pytest.mark.parametrize("schema_first", [True, False], ids=["existing", "new-store"])
def test_backend_two_processes_ingest_the_same_folder_once(
    url: str, tmp_path: Path, corpus: pd.DataFrame, schema_first: bool
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    n = 120
    texts = corpus["text"].tolist()
    for i in range(n):
        body = f"Dispatch {i}. " + " ".join(texts[j % len(texts)] for j in range(i, i + 3))
        (folder / f"a{i:03}.txt").write_text(body, encoding="utf-8")
    if schema_first:
        Store(url).close()  # the schema exists; both writers race on the rows
    outcomes = _two_ingests(url, folder)
    assert all(o[0] == "ok" for o in outcomes), outcomes
    assert sum(o[1] for o in outcomes) == n  # each article added by exactly one of them
    assert all(o[1] + o[2] == n and o[3] == 0 for o in outcomes)
    check = Store(url)
    articles = check.read("articles", ["article_id", "origin"])
    assert len(articles) == n
    assert articles["article_id"].is_unique
    sentences = check.read("sentences", ["article_id", "sent_idx"])
    assert not sentences.duplicated().any()
    assert set(sentences["article_id"]) == set(articles["article_id"])
    assert check.get_meta("registry_digest") == registry_digest(load_registry())
    check.close()


# --- copy --------------------------------------------------------------------------------------


def _filled(url: str, stamped: pd.DataFrame, corpus_analysis: Frames, registry) -> Store:
    s = Store(url)
    s.add(stamped, *corpus_analysis)
    s.replace_mentions(corpus_analysis[1], registry, "digest-x")
    return s


@pytest.mark.parametrize("direction", ["sqlite-to-pg", "pg-to-sqlite"])
def test_copy_store_between_backends(
    direction: str,
    sqlite_url: str,
    pg_url: str,
    stamped: pd.DataFrame,
    corpus_analysis: Frames,
    registry: pd.DataFrame,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src_url, dst_url = (sqlite_url, pg_url) if direction == "sqlite-to-pg" else (pg_url, sqlite_url)
    monkeypatch.setattr(store_copy, "BATCH_ROWS", 7)  # several batches per table
    src = _filled(src_url, stamped, corpus_analysis, registry)
    dst = Store(dst_url)
    calls: list[tuple[int, int]] = []
    copied = copy_store(src, dst, progress=lambda done, total: calls.append((done, total)))
    assert copied == src.counts() == dst.counts()
    total = sum(copied.values())
    assert calls[-1] == (total, total)
    assert len(calls) > len(KEYS)
    want, got = _tables(src), _tables(dst)
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)
    assert (got["articles"]["ingested_at"] == INGESTED).all()
    assert dst.get_meta("registry_digest") == "digest-x"
    assert dst.revision() == 1
    src.close()
    dst.close()


def test_copy_store_refuses_a_non_empty_target_unless_replace(
    url: str, tmp_path: Path, stamped: pd.DataFrame, corpus_analysis: Frames, registry
) -> None:
    src = _filled(f"sqlite:///{tmp_path / 'src.db'}", stamped, corpus_analysis, registry)
    dst = Store(url)
    dst.add(stamped[stamped["article_id"] == "c1"], *corpus_analysis)
    with pytest.raises(StoreError) as info:
        copy_store(src, dst)
    assert "is not empty (1 articles" in str(info.value)
    assert "--replace" in str(info.value)
    assert dst.counts()["articles"] == 1
    assert dst.revision() == 1
    copy_store(src, dst, replace=True)
    assert dst.counts() == src.counts()
    assert dst.revision() == 2  # a new revision: caches of the old content are stale
    same = Store(src.url)
    with pytest.raises(StoreError, match="onto itself"):
        copy_store(src, same)
    same.close()
    src.close()
    dst.close()


def test_copy_store_failure_leaves_the_target_as_it_was(
    url: str,
    tmp_path: Path,
    stamped: pd.DataFrame,
    corpus_analysis: Frames,
    registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src = _filled(f"sqlite:///{tmp_path / 'src.db'}", stamped, corpus_analysis, registry)
    dst = Store(url)
    dst.add(stamped[stamped["article_id"] == "c1"], *corpus_analysis)
    before = _tables(dst)
    real = store_copy._insert_all

    def failing(conn, table, rows):
        if table.name == "mentions":
            raise RuntimeError("disk full")
        real(conn, table, rows)

    monkeypatch.setattr(store_copy, "_insert_all", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        copy_store(src, dst, replace=True)
    after = _tables(dst)
    for name in KEYS:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)
    assert dst.revision() == 1
    src.close()
    dst.close()


def test_cli_copy_both_ways(
    sqlite_url: str,
    pg_url: str,
    tmp_path: Path,
    stamped: pd.DataFrame,
    corpus_analysis: Frames,
    registry: pd.DataFrame,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ACTORSCOPE_DB", str(tmp_path / "default.db"))
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)
    _filled(sqlite_url, stamped, corpus_analysis, registry).close()
    back = f"sqlite:///{tmp_path / 'back.db'}"
    assert main(["copy", "--from", sqlite_url, "--to", pg_url]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith(f"copied sqlite:///{tmp_path / 'local.db'} to postgresql")
    assert f"{len(stamped)} articles" in out
    assert main(["--db", pg_url, "copy", "--to", back]) == EXIT_OK
    assert main(["copy", "--from", pg_url, "--to", back]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("error: the target store sqlite:///")
    assert "--replace" in err
    assert main(["copy", "--from", pg_url, "--to", back, "--replace"]) == EXIT_OK
    assert not (tmp_path / "default.db").exists()  # --from names the source: no default store
    src, dst = Store(sqlite_url), Store(back)
    want, got = _tables(src), _tables(dst)
    for name in KEYS:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)
    src.close()
    dst.close()
