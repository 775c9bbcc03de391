"""The store: schema, idempotent and atomic writes, concurrent writers (analysis/store.py)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis import schema
from analysis.store import SCHEMA_VERSION, Added, Store, StoreError, database_url, sentences_table

Frames = tuple[pd.DataFrame, pd.DataFrame]


@pytest.fixture
def store(tmp_path: Path):
    s = Store(str(tmp_path / "s.db"))
    yield s
    s.close()


def test_store_creates_schema(store: Store, tmp_path: Path) -> None:
    assert (tmp_path / "s.db").exists()
    tables = set(sa.inspect(store.engine).get_table_names())
    assert tables == {
        "articles", "sentences", "mentions", "actors", "meta", "match_batches", "signatures",
    }  # fmt: skip
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
    assert store.counts() == {"articles": 0, "sentences": 0, "mentions": 0, "actors": 0}
    assert store.revision() == 0


def test_store_reopens_existing_store(
    tmp_path: Path, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    path = str(tmp_path / "s.db")
    first = Store(path)
    first.add(corpus, *corpus_analysis)
    first.close()
    again = Store(path)
    assert again.counts()["articles"] == len(corpus)
    assert again.revision() == 1
    again.close()


def test_store_other_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(StoreError) as info:
        Store(str(path))
    message = str(info.value)
    assert message == f"the store has schema 99; this ActorScope reads {SCHEMA_VERSION}"
    assert "\n" not in message


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, None])
def test_store_unusable_file_is_a_one_line_store_error(
    tmp_path: Path, content: bytes | None
) -> None:
    target = tmp_path / "bad.db"
    if content is None:
        target.mkdir()  # a directory where the file should be
    else:
        target.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(str(target))
    message = str(info.value)
    assert message.startswith("cannot open the store sqlite:///")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("postgresql://u:p@host/db", "postgresql://u:p@host/db"),
        ("sqlite:///relative.db", "sqlite:///relative.db"),
        ("/abs/path/s.db", "sqlite:////abs/path/s.db"),
    ],
)
def test_store_database_url(value: str, expected: str) -> None:
    assert database_url(value) == expected


def test_store_database_url_from_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ACTORSCOPE_DB", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.chdir(tmp_path)
    assert database_url("rel.db") == f"sqlite:///{tmp_path / 'rel.db'}"


def test_store_add_and_read_back(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    sentences, mentions = corpus_analysis
    added = store.add(corpus, sentences, mentions)
    assert added == Added(len(corpus), 0, len(sentences), len(mentions))
    assert store.revision() == 1
    articles = store.read("articles")
    assert {c: str(t) for c, t in articles.dtypes.items()} == schema.ARTICLES
    pd.testing.assert_frame_equal(
        articles.drop(columns="ingested_at").sort_values("article_id", ignore_index=True),
        corpus.drop(columns="ingested_at").sort_values("article_id", ignore_index=True),
    )
    key = ["article_id", "sent_idx"]
    pd.testing.assert_frame_equal(
        store.read("sentences").sort_values(key, ignore_index=True),
        sentences.sort_values(key, ignore_index=True),
    )
    mkey = ["article_id", "start"]
    pd.testing.assert_frame_equal(
        store.read("mentions").sort_values(mkey, ignore_index=True),
        mentions.sort_values(mkey, ignore_index=True),
    )
    assert store.read("sentences", ["article_id", "compound"]).columns.tolist() == [
        "article_id",
        "compound",
    ]


def test_store_round_trips_dates_and_missing_values(store: Store) -> None:
    article = schema.conform(
        pd.DataFrame(
            {
                "article_id": ["x"],
                "text": ["Some text."],
                "published": ["2024-02-29"],
                "ingested_at": [pd.Timestamp("2023-09-07 12:34:56", tz="UTC")],
            }
        ),
        schema.ARTICLES,
    )
    store.add(article, schema.empty(schema.SENTENCES), schema.empty(schema.MENTIONS))
    back = store.read("articles")
    pd.testing.assert_frame_equal(back, article)
    assert back["title"].isna().all()  # missing stays missing, not "None" or ""


def test_store_add_is_idempotent(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    store.add(corpus, *corpus_analysis)
    counts, revision = store.counts(), store.revision()
    again = store.add(corpus, *corpus_analysis)
    assert again == Added(0, len(corpus), 0, 0)
    assert store.counts() == counts
    assert store.revision() == revision  # nothing written, no bump


def test_store_add_skips_only_the_known(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    sentences, mentions = corpus_analysis
    first = corpus[corpus["article_id"].isin(["c1", "c2"])]
    store.add(first, sentences, mentions)  # only c1 and c2's rows are taken
    assert store.counts()["articles"] == 2
    assert store.counts()["sentences"] == (sentences["article_id"].isin(["c1", "c2"])).sum()
    added = store.add(corpus, sentences, mentions)
    assert (added.articles, added.present) == (len(corpus) - 2, 2)
    assert store.counts()["sentences"] == len(sentences)
    assert store.counts()["mentions"] == len(mentions)
    assert store.revision() == 2
    assert store.has_articles(["c1", "c6", "nope", "c1"]) == {"c1", "c6"}


def test_store_failed_add_leaves_nothing(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    sentences, mentions = corpus_analysis
    broken = mentions.copy()
    broken.loc[len(broken) - 1, "how"] = pd.NA  # NOT NULL: fails after articles and sentences
    with pytest.raises(sa.exc.IntegrityError):
        store.add(corpus, sentences, broken)
    assert store.counts() == {"articles": 0, "sentences": 0, "mentions": 0, "actors": 0}
    assert store.revision() == 0
    # The batch can then be stored whole.
    assert store.add(corpus, sentences, mentions).articles == len(corpus)


def _two_actors(registry: pd.DataFrame) -> pd.DataFrame:
    return registry[registry["actor_id"].isin(["russia", "vladimir-putin"])]


def test_store_replace_mentions_swaps(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames, registry: pd.DataFrame
) -> None:
    sentences, mentions = corpus_analysis
    store.add(corpus, sentences, mentions)
    only_putin = mentions[mentions["actor_id"] == "vladimir-putin"]
    small = _two_actors(registry)
    store.replace_mentions(only_putin, small, "digest-1")
    assert store.get_meta("registry_digest") == "digest-1"
    assert store.revision() == 2
    assert set(store.read("mentions")["actor_id"]) == {"vladimir-putin"}
    assert len(store.read("mentions")) == len(only_putin)
    assert sorted(store.read("actors")["actor_id"]) == ["russia", "vladimir-putin"]
    pd.testing.assert_frame_equal(
        store.read("sentences").sort_values(["article_id", "sent_idx"], ignore_index=True),
        sentences.sort_values(["article_id", "sent_idx"], ignore_index=True),
    )


def test_store_failed_replace_mentions_keeps_the_old(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames, registry: pd.DataFrame
) -> None:
    sentences, mentions = corpus_analysis
    store.add(corpus, sentences, mentions)
    store.replace_mentions(mentions, _two_actors(registry), "old")
    before = store.read("mentions")
    broken = mentions.copy()
    broken.loc[len(broken) - 1, "actor_id"] = pd.NA
    with pytest.raises(sa.exc.IntegrityError):
        store.replace_mentions(broken, registry, "new")
    pd.testing.assert_frame_equal(store.read("mentions"), before)
    assert store.get_meta("registry_digest") == "old"
    assert store.counts()["actors"] == 2
    assert store.revision() == 2


def test_store_query_runs_a_select(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    store.add(corpus, *corpus_analysis)
    statement = (
        sa.select(sentences_table.c.sent_idx, sentences_table.c.end)
        .where(sentences_table.c.article_id == "c1")
        .order_by(sentences_table.c.sent_idx)
    )
    page = store.query(statement)
    assert page.columns.tolist() == ["sent_idx", "end"]
    assert page["sent_idx"].tolist() == [0, 1, 2]


def test_sentence_texts_are_cut_from_the_article(
    store: Store, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    store.add(corpus, *corpus_analysis)
    keys = pd.DataFrame({"article_id": ["c1", "c1"], "sent_idx": [2, 0]})
    texts = store.sentence_texts(keys).sort_values("sent_idx")
    assert texts["text"].tolist() == [
        "Vladimir Putin met Kim Jong Un in Russia.",
        "The talks were good.",
    ]
    every = store.sentence_texts()
    assert len(every) == len(corpus_analysis[0])
    assert "Kim praised Putin." in every["text"].tolist()
    assert store.sentence_texts(keys.iloc[:0]).columns.tolist() == [
        "article_id", "sent_idx", "start", "end", "text", "compound", "pos", "neu", "neg",
    ]  # fmt: skip


def test_a_schema_1_store_is_migrated_without_losing_a_sentence(tmp_path) -> None:
    """Schema 1 kept a copy of every sentence's text; opening it drops the copy, keeps the rest."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE sentences (article_id VARCHAR(32), sent_idx INTEGER, start INTEGER,
                "end" INTEGER, text TEXT, compound FLOAT, pos FLOAT, neu FLOAT, neg FLOAT,
                PRIMARY KEY (article_id, sent_idx));
            CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO sentences VALUES ('a', 0, 0, 5, 'Good.', 0.44, 1.0, 0.0, 0.0);
            INSERT INTO meta VALUES ('schema_version', '1');
            """
        )
    store = Store(str(path))
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION)
    kept = store.read("sentences")
    assert (kept["article_id"].tolist(), kept["end"].tolist()) == (["a"], [5])
    assert kept["compound"].tolist() == [0.44]
    store.close()


def _add_at_once(path: str, frames: tuple, start, results) -> None:
    """In a child process: wait for the other, then open the store and add the same articles."""
    start.wait()
    try:
        store = Store(path)
        added = store.add(*frames)
        store.close()
        results.put(("ok", added.articles))
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def _two_writers(path: str, frames: tuple) -> list[tuple[str, object]]:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    workers = [ctx.Process(target=_add_at_once, args=(path, frames, start, results)) for _ in "ab"]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    return sorted(outcomes)


def test_store_two_processes_add_same_articles_once(
    tmp_path: Path, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    path = str(tmp_path / "s.db")
    Store(path).close()  # the schema exists; both writers race on the rows
    outcomes = _two_writers(path, (corpus, *corpus_analysis))
    assert outcomes == [("ok", 0), ("ok", len(corpus))]
    check = Store(path)
    assert check.counts()["articles"] == len(corpus)
    assert check.counts()["sentences"] == len(corpus_analysis[0])
    assert check.counts()["mentions"] == len(corpus_analysis[1])
    assert check.revision() == 1
    check.close()


def test_store_two_processes_open_a_new_store_at_once(
    tmp_path: Path, corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    # Two `python -m analysis ingest` runs on a fresh store: both create the schema.
    path = str(tmp_path / "s.db")
    outcomes = _two_writers(path, (corpus, *corpus_analysis))
    assert outcomes == [("ok", 0), ("ok", len(corpus))]
    check = Store(path)
    assert check.counts()["articles"] == len(corpus)
    assert check.counts()["sentences"] == len(corpus_analysis[0])
    check.close()


def test_arrow_reader_child_reports_a_failed_query_in_one_line(store: Store) -> None:
    from analysis import arrow_reader
    from analysis.store.reads import _adbc_uri

    uri = _adbc_uri(store.url)
    assert uri is not None
    assert uri.endswith("?mode=ro")
    (table,) = arrow_reader.fetch_sqlite(uri, ["SELECT key, value FROM meta"])
    assert "schema_version" in table.column("key").to_pylist()
    with pytest.raises(arrow_reader.ReadError) as info:
        arrow_reader.fetch_sqlite(uri, ["SELECT nothing FROM nowhere"])
    assert "nowhere" in str(info.value)
    assert "\n" not in str(info.value)
    with pytest.raises(arrow_reader.ReadError):
        arrow_reader.fetch(uri, ["SELECT 1"])  # never SQLite in this process


@pytest.mark.parametrize("cores", [1, 2, 3])
def test_arrow_reader_children_give_results_in_the_queries_order(
    store: Store, cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis import arrow_reader
    from analysis.store.reads import _adbc_uri

    uri = _adbc_uri(store.url)
    assert uri is not None
    monkeypatch.setattr(arrow_reader.os, "cpu_count", lambda: cores)
    queries = [f"SELECT {i} AS i, 'q{i}' AS s" for i in range(5)]
    tables = arrow_reader.fetch_sqlite(uri, queries)
    assert [t.column("s").to_pylist() for t in tables] == [[f"q{i}"] for i in range(5)]
    with pytest.raises(arrow_reader.ReadError) as info:  # one child fails, the others do not
        arrow_reader.fetch_sqlite(uri, [*queries, "SELECT nothing FROM nowhere"])
    assert "nowhere" in str(info.value)


def test_arrow_reader_child_streams_each_result_in_turn(store: Store) -> None:
    # Results far over a pipe's buffer, read while the child writes, each table in its turn.
    from analysis import arrow_reader
    from analysis.store.reads import _adbc_uri

    uri = _adbc_uri(store.url)
    assert uri is not None
    many = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
        "SELECT i, printf('%016d', i) AS s FROM n"
    )
    tables = arrow_reader.fetch_sqlite(uri, [many, "SELECT key FROM meta WHERE 0", many])
    assert [t.num_rows for t in tables] == [300_000, 0, 300_000]
    assert tables[2].column("s")[-1].as_py() == "0000000000300000"
    assert tables[0].column("i").to_pylist() == list(range(1, 300_001))
    with pytest.raises(arrow_reader.ReadError) as info:  # after a first result went through
        arrow_reader.fetch_sqlite(uri, [many, "SELECT nothing FROM nowhere"])
    assert "nowhere" in str(info.value)


def test_a_schema_2_store_gains_languages_copies_and_unscored_sentences(tmp_path) -> None:
    """Schema 2's scores were NOT NULL and its articles had no language or copy_of: opening it
    keeps every row, old articles read as language and copy_of NULL, and a sentence may then
    be stored unscored."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE articles (article_id VARCHAR(32) PRIMARY KEY, title TEXT, source TEXT,
                author TEXT, url TEXT, published DATE, text TEXT NOT NULL, origin TEXT,
                ingested_at DATETIME, match_batch BIGINT);
            CREATE TABLE sentences (article_id VARCHAR(32), sent_idx INTEGER,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, compound FLOAT NOT NULL,
                pos FLOAT NOT NULL, neu FLOAT NOT NULL, neg FLOAT NOT NULL,
                PRIMARY KEY (article_id, sent_idx)) WITHOUT ROWID;
            CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO articles (article_id, text) VALUES ('a', 'Good.');
            INSERT INTO sentences VALUES ('a', 0, 0, 5, 0.44, 1.0, 0.0, 0.0);
            INSERT INTO meta VALUES ('schema_version', '2');
            """
        )
    store = Store(str(path))
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION) == "3"
    old = store.read("articles")
    assert old[["language", "copy_of"]].isna().all().all()
    assert store.read("sentences")["compound"].tolist() == [0.44]
    with store.engine.begin() as conn:
        conn.execute(sentences_table.insert().values(article_id="a", sent_idx=1, start=0, end=5))
    assert store.read("sentences")["compound"].isna().tolist() == [False, True]
    store.close()
    with sqlite3.connect(path) as conn:  # the copy made on the way is gone
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "sentences_2" not in names
