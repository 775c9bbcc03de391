"""The store: articles, sentences, mentions and registry, in SQLite or any SQLAlchemy URL."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from analysis import arrow_reader, schema

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "actorscope.db"
SCHEMA_VERSION = 2  # 2: sentences keep offsets into the article text, not a copy
BATCH_ROWS = 20_000  # rows per executemany call: bounded memory on big ingests
_SCHEMA_LOCK = 0x4163746F7253  # PostgreSQL advisory lock key taken while creating the schema

metadata = sa.MetaData()
articles_table = sa.Table(
    "articles",
    metadata,
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("origin", sa.Text),
    sa.Column("ingested_at", sa.DateTime(timezone=True)),
    # The write that stored the article and matched it (match_batches); NULL: stored before
    # batches were recorded, batch 0.
    sa.Column("match_batch", sa.BigInteger, index=True),
)
sentences_table = sa.Table(
    "sentences",
    metadata,
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("sent_idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),  # the text is articles.text[start:end]
    sa.Column("compound", sa.Float, nullable=False),
    sa.Column("pos", sa.Float, nullable=False),
    sa.Column("neu", sa.Float, nullable=False),
    sa.Column("neg", sa.Float, nullable=False),
    # SQLite: the rows live in the primary key's B-tree, not in a second one beside it.
    sqlite_with_rowid=False,
)
mentions_table = sa.Table(
    "mentions",
    metadata,
    # A mention is where it starts: matches never overlap. Keyed by sentence, one B-tree serves
    # the reads by article and by sentence. No index on actor_id: it would double the cost of
    # every ingest for the one read that wants it (a registry edit's re-match, a full scan).
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("sent_idx", sa.Integer, primary_key=True),
    sa.Column("actor_id", sa.String(128), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("surface", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("how", sa.String(32), nullable=False),
    sa.Column("toward", sa.Float),  # added later: _add_new_columns
    sa.Column("toward_label", sa.String(8)),
    sqlite_with_rowid=False,
)
actors_table = sa.Table(
    "actors",
    metadata,
    *(
        sa.Column(name, sa.Text, primary_key=name == "actor_id", nullable=name != "affiliation")
        for name in schema.ACTORS
    ),
)
meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
# Each write of matched articles, with the digest of the registry their mentions were matched
# under: a registry edit moves the batches it saw to its own digest, so the articles another
# process stored meanwhile, under the registry before, stay apart and are matched again.
match_batches_table = sa.Table(
    "match_batches",
    metadata,
    sa.Column("batch_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("registry_digest", sa.Text),
)
OLD_BATCH = 0  # the batch of the articles stored before batches were recorded
TABLES = {
    "articles": (articles_table, schema.ARTICLES),
    "sentences": (sentences_table, schema.SENTENCES),
    "mentions": (mentions_table, schema.MENTIONS),
    "actors": (actors_table, schema.ACTORS),
}


class StoreError(RuntimeError):
    """A store that cannot be opened or used; the message says why in one line."""


class RegistryMoved(Exception):
    """Another process changed the store's registry since this one read it (nothing written)."""


UNCHECKED = object()  # replace_mention_rows' `expect`: whatever registry the store holds


def database_url(value: str | None = None) -> str:
    """A SQLAlchemy URL from a URL, a file path, $ACTORSCOPE_DB or the default file."""
    value = value or os.environ.get("ACTORSCOPE_DB") or str(DEFAULT_PATH)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


@dataclass(frozen=True)
class Added:
    articles: int
    present: int
    sentences: int
    mentions: int


class Store:
    """One database. Every write is one transaction and bumps the revision."""

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = sa.create_engine(_driver_url(self.url), **_engine_options(self.url))
            if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (
                None, "", ":memory:",
            ):  # fmt: skip
                sa.event.listen(self.engine, "connect", _sqlite_wal)
            self._create_schema()
        except (sa.exc.SQLAlchemyError, ImportError) as exc:
            self._dispose()
            raise StoreError(f"cannot open the store {self.safe_url}: {_first_line(exc)}") from exc
        except StoreError:
            self._dispose()
            raise

    def _dispose(self) -> None:
        """Close the pool of a store that failed to open: no connection is left to the GC."""
        if hasattr(self, "engine"):
            self.engine.dispose()

    def _create_schema(self) -> None:
        with self.engine.begin() as conn:
            # Two processes opening a new store would both CREATE TABLE: take the write lock
            # first, so the second finds the tables made.
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})"))
            elif conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            metadata.create_all(conn)
            _add_new_columns(conn)
            version = _get(conn, "schema_version")
            if version == "1":
                # Sentence text is the article's text at the sentence's offsets: drop the copy.
                conn.exec_driver_sql("ALTER TABLE sentences DROP COLUMN text")
                _set(conn, "schema_version", "2")
                version = "2"
            if version is None:
                _set(conn, "schema_version", str(SCHEMA_VERSION))
            elif int(version) != SCHEMA_VERSION:
                raise StoreError(
                    f"the store has schema {version}; this ActorScope reads {SCHEMA_VERSION}"
                )

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def revision(self) -> int:
        """A number that changes with every write: the dashboard's cache key."""
        with self.engine.connect() as conn:
            return int(_get(conn, "revision") or 0)

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return _get(conn, key)

    def set_meta(self, key: str, value: str, bump: bool = False) -> None:
        """Set one meta value; the revision moves only with `bump` (a value the pages show)."""
        with self.engine.begin() as conn:
            _set(conn, key, value)
            if bump:
                _bump(conn)

    def add(self, articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame) -> Added:
        """Store new articles with their sentences and mentions, all or nothing.

        Articles already stored are skipped, with their sentences and mentions, even when
        another process stores them at the same moment.
        """
        return self.add_rows(
            articles,
            _records(sentences, schema.SENTENCES),
            _records(mentions, schema.MENTIONS),
        )

    def add_rows(
        self,
        articles: pd.DataFrame,
        sentence_rows: list[tuple],
        mention_rows: list[tuple],
        digest: str | None = None,
    ) -> Added:
        """add() with the sentences and mentions as rows of plain values in the schema's
        column order (as analysis.pipeline makes them). `digest`: that of the registry the
        mentions were matched with (default: the store's, as it is when this commits)."""
        with self.engine.begin() as conn:
            # First a write: SQLite's lock is then taken, and the digest read is the latest.
            batch_id = _new_batch(conn, digest)
            rows = [
                {**dict(zip(schema.ARTICLES, r, strict=True)), "match_batch": batch_id}
                for r in _records(articles, schema.ARTICLES)
            ]
            stmt = _insert_ignore(conn, articles_table).returning(articles_table.c.article_id)
            inserted: set[str] = set()
            for batch in _chunks(rows):
                # RETURNING names only the rows this transaction wrote, whatever others do.
                inserted.update(conn.execute(stmt, batch).scalars())
            new_sentences = [r for r in sentence_rows if r[0] in inserted]
            new_mentions = [r for r in mention_rows if r[0] in inserted]
            _insert_all(conn, sentences_table, new_sentences)
            _insert_all(conn, mentions_table, new_mentions)
            if inserted:
                _bump(conn)
            else:
                _delete_batches(conn, [batch_id])
        return Added(
            len(inserted), len(rows) - len(inserted), len(new_sentences), len(new_mentions)
        )

    def has_articles(self, article_ids: Iterable[str]) -> set[str]:
        """Which of these article ids are stored."""
        ids = list(dict.fromkeys(article_ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(ids, 500):
                query = sa.select(articles_table.c.article_id).where(
                    articles_table.c.article_id.in_(chunk)
                )
                found.update(conn.execute(query).scalars())
        return found

    def read(self, table: str, columns: Iterable[str] | None = None) -> pd.DataFrame:
        """A whole table as a frame with the schema's dtypes (only `columns`, if given)."""
        sa_table, dtypes = TABLES[table]
        wanted = [sa_table.c[c] for c in (columns if columns is not None else dtypes)]
        return schema.conform(self._read_rows(wanted), {c.name: dtypes[c.name] for c in wanted})

    def read_many(self, wanted: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
        """read() of several tables ({table: columns}) at once, as Arrow where it can: several
        times the speed of any DB-API driver on the millions of rows the dashboard loads at
        start (see analysis.arrow_reader); through the driver where it cannot."""
        columns = {t: [TABLES[t][0].c[c] for c in cols] for t, cols in wanted.items()}
        frames = self._read_arrow(list(columns.values()))
        if frames is None:
            frames = [self._read_rows(cols) for cols in columns.values()]
        return {
            t: schema.conform(df, {c: TABLES[t][1][c] for c in wanted[t]})
            for t, df in zip(wanted, frames, strict=True)
        }

    def _read_arrow(self, selects: list[list[sa.Column]]) -> list[pd.DataFrame] | None:
        """Each list of columns through ADBC (analysis.arrow_reader); None where ADBC cannot
        reach the store (SQLite in memory) or fails."""
        uri = _adbc_uri(self.url)
        if uri is None:
            return None
        sqlite_store = uri.startswith("file:")
        dialect = sqlite.dialect() if sqlite_store else postgresql.dialect()
        # SQLite types values, not columns, and ADBC guesses a column's type from its first
        # rows: a text column that starts with NULLs would pass for integers. NULL reads as NUL,
        # which no stored text holds (see _records).
        blanks = [
            [c.name for c in cols if sqlite_store and c.nullable and _is_text(c)]
            for cols in selects
        ]
        queries = [
            _arrow_query(cols, blank, dialect) for cols, blank in zip(selects, blanks, strict=True)
        ]
        try:
            fetch = arrow_reader.fetch_sqlite if sqlite_store else arrow_reader.fetch
            tables = fetch(uri, queries)
        except arrow_reader.ReadError:
            return None
        tables.reverse()  # popped in order, so that each is freed once converted
        frames = []
        for blank in blanks:
            table = tables.pop()
            # Arrow's buffers are freed column by column as pandas takes them over.
            df = table.to_pandas(split_blocks=True, self_destruct=True)
            for name in blank:
                df[name] = df[name].where(df[name] != "\x00", None)
            frames.append(df)
        return frames

    def _read_rows(self, columns: list[sa.Column]) -> pd.DataFrame:
        """The columns through the DB-API driver's own cursor: plain tuples, without
        SQLAlchemy's Row object per row."""
        return _rows_frame(self.rows(sa.select(*columns)), [c.name for c in columns])

    def sentence_texts(self, keys: pd.DataFrame | None = None) -> pd.DataFrame:
        """The sentences named by keys' article_id and sent_idx (every sentence when None), with
        their text (see with_text)."""
        s, a = sentences_table, articles_table
        if keys is not None and keys.empty:
            return with_text(schema.empty(schema.SENTENCES), schema.empty(schema.ARTICLES))
        if keys is None:
            found = self.read("sentences")
            texts = self.read("articles", ["article_id", "text"])
        else:
            pairs = list(
                zip(keys["article_id"].astype(str), keys["sent_idx"].astype(int), strict=True)
            )
            ids = list(dict.fromkeys(aid for aid, _ in pairs))
            pair = sa.tuple_(s.c.article_id, s.c.sent_idx)
            found = _concat(
                self.query(sa.select(s).where(pair.in_(chunk))) for chunk in _chunks(pairs, 500)
            )
            texts = _concat(
                self.query(sa.select(a.c.article_id, a.c.text).where(a.c.article_id.in_(chunk)))
                for chunk in _chunks(ids, 500)
            )
        return with_text(found, texts)

    def rows(self, statement: sa.Select) -> list[tuple]:
        """The rows of a select as plain tuples, through the driver's own cursor (SQLAlchemy's
        Row objects cost more than matching, on whole articles). Values come as the driver
        gives them (SQLite: dates as ISO strings)."""
        with self.engine.connect() as conn:
            compiled = statement.compile(
                dialect=conn.dialect, compile_kwargs={"render_postcompile": True}
            )
            params = compiled.params
            if compiled.positional:
                params = tuple(params[name] for name in compiled.positiontup)
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                cursor.execute(str(compiled), params)
                return cursor.fetchall()
            finally:
                cursor.close()

    def article_pages(self, size: int, ids: Iterable[str] | None = None) -> Iterator[list[tuple]]:
        """The stored articles as (article_id, text, published) rows, `size` at a time (memory
        stays bounded): all of them in article_id order, or those of `ids`."""
        a = articles_table
        query = sa.select(a.c.article_id, a.c.text, a.c.published)
        if ids is not None:
            for chunk in _chunks(sorted(ids), size):
                yield self.rows(query.where(a.c.article_id.in_(chunk)))
            return
        query = query.order_by(a.c.article_id).limit(size)
        page = self.rows(query)
        while page:
            yield page
            if len(page) < size:
                return
            page = self.rows(query.where(a.c.article_id > page[-1][0]))

    def articles_mentioning(self, actor_ids: Iterable[str]) -> set[str]:
        """The articles with a stored mention of any of these actors."""
        m = mentions_table
        found: set[str] = set()
        for chunk in _chunks(sorted(actor_ids), 500):
            query = sa.select(m.c.article_id).where(m.c.actor_id.in_(chunk)).distinct()
            found.update(aid for (aid,) in self.rows(query))
        return found

    def mention_surfaces(self, actor_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """(article_id, surface, how) of every stored mention of these actors."""
        m = mentions_table
        query = sa.select(m.c.article_id, m.c.surface, m.c.how)
        return self.rows(query.where(m.c.actor_id.in_(sorted(actor_ids))))

    def mention_hits(
        self, article_ids: list[str], actor_ids: Iterable[str]
    ) -> dict[str, list[tuple]]:
        """Each article's stored mentions of these actors as (start, end, actor_id, how,
        sent_idx), in no order (articles without any are left out)."""
        m = mentions_table
        query = sa.select(m.c.article_id, m.c.start, m.c.end, m.c.actor_id, m.c.how, m.c.sent_idx)
        query = query.where(m.c.actor_id.in_(sorted(actor_ids)))
        hits: dict[str, list[tuple]] = {}
        for chunk in _chunks(article_ids, 500):
            for row in self.rows(query.where(m.c.article_id.in_(chunk))):
                hits.setdefault(row[0], []).append(row[1:])
        return hits

    def sentence_starts(self, article_ids: list[str]) -> dict[str, list[int]]:
        """Each article's sentence starts, in sentence order (articles without sentences are
        left out)."""
        s = sentences_table
        query = sa.select(s.c.article_id, s.c.sent_idx, s.c.start)
        rows = []
        for chunk in _chunks(article_ids, 500):
            rows += self.rows(query.where(s.c.article_id.in_(chunk)))
        starts: dict[str, list[int]] = {}
        for aid, _, start in sorted(rows):
            starts.setdefault(aid, []).append(start)
        return starts

    def query(self, statement: sa.Select) -> pd.DataFrame:
        """The rows of a select, as a frame (for targeted reads such as one page of sentences)."""
        with self.engine.connect() as conn:
            result = conn.execute(statement)
            return pd.DataFrame(result.all(), columns=list(result.keys()))

    def replace_mentions(
        self,
        mentions: pd.DataFrame,
        registry: pd.DataFrame,
        digest: str,
        article_ids: Iterable[str] | None = None,
    ) -> None:
        """Swap in the mentions and registry of a new registry, in one transaction.

        `article_ids` are the articles the new mentions cover (None: all): articles another
        process stored meanwhile keep theirs.
        """
        rows = _records(mentions, schema.MENTIONS)
        self.replace_mention_rows(rows, registry, digest, article_ids)

    def replace_mention_rows(
        self,
        mention_rows: list[tuple],
        registry: pd.DataFrame,
        digest: str,
        article_ids: Iterable[str] | None = None,
        dropped: Iterable[tuple[str, int, int]] = (),
        batches: Iterable[tuple[int, str | None]] | None = None,
        expect: object = UNCHECKED,
        meta: dict[str, str] | None = None,
    ) -> None:
        """replace_mentions() with the mentions as rows of plain values in the schema's column
        order (as analysis.pipeline makes them); the mentions keyed by `dropped` (article_id,
        sent_idx, start) are deleted too, in other articles than those of `article_ids`.

        `batches` (batch_id, digest) are those whose articles, but for those of `article_ids`,
        hold mentions that `digest` would give too: each moves to `digest` if its digest is
        still the one given; the articles of `article_ids` not in a batch so moved join a new
        batch of `digest` (None: every batch moves, the caller vouching for every article).

        With `expect`, RegistryMoved and nothing written unless the store's registry digest is
        still `expect` (a sync never writes back a registry older than the one stored).
        `meta` values are set in the same transaction.
        """
        with self.engine.begin() as conn:
            _lock_mentions(conn)
            if expect is not UNCHECKED and _get(conn, "registry_digest") != expect:
                raise RegistryMoved
            if article_ids is None:
                conn.execute(mentions_table.delete())
            else:
                ids = list(article_ids)
                for chunk in _chunks(ids, 500):
                    conn.execute(
                        mentions_table.delete().where(mentions_table.c.article_id.in_(chunk))
                    )
            m = mentions_table
            keys = [{"a": a, "s": s, "p": p} for a, s, p in dropped]
            if keys:  # a statement a row, by the primary key: a list of keys in IN is far slower
                key = [m.c.article_id == sa.bindparam("a"), m.c.sent_idx == sa.bindparam("s")]
                conn.execute(m.delete().where(*key, m.c.start == sa.bindparam("p")), keys)
            conn.execute(actors_table.delete())
            _insert_all(conn, mentions_table, mention_rows)
            _insert_all(conn, actors_table, _records(registry, schema.ACTORS))
            _set(conn, "registry_digest", digest)
            for key, value in (meta or {}).items():
                _set(conn, key, value)
            if batches is None:
                conn.execute(match_batches_table.update().values(registry_digest=digest))
            else:
                _move_batches(conn, list(batches), digest, list(article_ids or ()))
            _bump(conn)

    def match_batches(self) -> dict[int, str | None]:
        """Each batch of stored articles with the digest of the registry it was matched under."""
        b = match_batches_table
        return dict(self.rows(sa.select(b.c.batch_id, b.c.registry_digest)))

    def stale_batches(self, digest: str | None) -> list[int]:
        """The batches matched under another registry than that of `digest`."""
        b = match_batches_table
        query = sa.select(b.c.batch_id).where(b.c.registry_digest.is_distinct_from(digest))
        return [batch for (batch,) in self.rows(query)]

    def batch_articles(self, batches: Iterable[int]) -> set[str]:
        """The ids of the articles in these batches."""
        a, batches = articles_table, sorted(batches)
        found: set[str] = set()
        for chunk in _chunks(batches, 500):
            where = a.c.match_batch.in_(chunk)
            if OLD_BATCH in chunk:
                where = where | a.c.match_batch.is_(None)
            found.update(aid for (aid,) in self.rows(sa.select(a.c.article_id).where(where)))
        return found

    def rematched(
        self,
        mention_rows: list[tuple],
        article_ids: Iterable[str],
        digest: str,
        stale: Iterable[int],
    ) -> None:
        """Swap in the mentions of these articles, matched again under `digest`, in a batch of
        their own; the `stale` batches they were in are deleted (every article of theirs is
        among these: an article joins a batch only in the write that makes the batch)."""
        ids = list(article_ids)
        with self.engine.begin() as conn:
            _lock_mentions(conn)
            batch = _new_batch(conn, digest)
            a, m = articles_table, mentions_table
            for chunk in _chunks(ids, 500):
                conn.execute(m.delete().where(m.c.article_id.in_(chunk)))
                conn.execute(a.update().where(a.c.article_id.in_(chunk)).values(match_batch=batch))
            _insert_all(conn, mentions_table, mention_rows)
            _delete_batches(conn, stale, empty_only=True)
            _bump(conn)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self.engine.connect() as conn:
            return {name: _count(conn, table) for name, (table, _) in TABLES.items()}

    def count(self, table: str) -> int:
        """Rows in one table (counting only it: the sentences take a while at a million)."""
        with self.engine.connect() as conn:
            return _count(conn, TABLES[table][0])

    def close(self) -> None:
        self.engine.dispose()


def with_text(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The sentences (article_id, start, end at least) with their text cut from the articles'
    (articles' article_id, text), as a column after `end`: the store keeps offsets only."""
    text_of = dict(zip(articles["article_id"], articles["text"], strict=True))
    rows = zip(sentences["article_id"], sentences["start"], sentences["end"], strict=True)
    out = sentences.reset_index(drop=True)
    text = pd.array([text_of[aid][b:e] for aid, b, e in rows], dtype="string")
    out.insert(out.columns.get_loc("end") + 1, "text", text)
    return out


def copy_store(
    src: Store,
    dst: Store,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Copy every table of `src` into `dst` (SQLite to PostgreSQL or back), in one transaction.

    Rows stream table by table in batches, so a store larger than memory copies. A target that
    holds anything is refused unless `replace`, which empties it first. Returns rows per table;
    `progress(done, total)` is called after each batch.
    """
    if _driver_url(src.url) == _driver_url(dst.url):
        raise StoreError("cannot copy a store onto itself")
    total = sum(src.counts().values())
    copied = dict.fromkeys(TABLES, 0)
    with dst.engine.begin() as out:
        held = {
            name: out.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for name, (t, _) in TABLES.items()
        }
        if any(held.values()) and not replace:
            what = ", ".join(f"{n} {name}" for name, n in held.items() if n)
            raise StoreError(f"the target store {dst.safe_url} is not empty ({what}); "
                             "copy with --replace to overwrite it")  # fmt: skip
        tables = {name: table for name, (table, _) in TABLES.items()}
        tables["match_batches"] = match_batches_table  # copied, not counted: bookkeeping
        for table in tables.values():
            out.execute(table.delete())
        with src.engine.connect() as source:
            for name, table in tables.items():
                result = source.execution_options(yield_per=BATCH_ROWS).execute(sa.select(table))
                for batch in result.partitions():
                    _insert_all(out, table, [_portable(table, row) for row in batch])
                    if name in copied:
                        copied[name] += len(batch)
                    if progress is not None:
                        progress(sum(copied.values()), total)
            for key, value in source.execute(sa.select(meta_table.c.key, meta_table.c.value)):
                if key not in ("schema_version", "revision"):
                    _set(out, key, value)
        _bump(out)
    return copied


def _add_new_columns(conn: sa.Connection) -> None:
    """Columns added since the store was made: actors.ci_aliases, empty; articles.match_batch,
    NULL (batch 0, recorded as matched under the registry stored then); mentions.toward and
    toward_label, NULL (until the articles are matched again)."""
    inspector = sa.inspect(conn)
    quote = conn.dialect.identifier_preparer.quote
    for table in (actors_table, articles_table, mentions_table):
        have = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in have:
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(
                    f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {kind}"
                )
                for index in table.indexes:
                    if column in index.columns.values():
                        index.create(conn)
                if column is articles_table.c.match_batch:
                    old = {"batch_id": OLD_BATCH, "registry_digest": _get(conn, "registry_digest")}
                    conn.execute(match_batches_table.insert().values(old))


def _lock_mentions(conn: sa.Connection) -> None:
    """The first statement of a write that replaces mentions: such writes wait for each other,
    and ingests for them, and what they read next is the latest. PostgreSQL: two swaps at once
    would each insert the rows the other deletes; the second waits, then its DELETE sees the
    first's rows. SQLite: its one writer's lock, taken now rather than at the first write."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE mentions, actors IN SHARE ROW EXCLUSIVE MODE"))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _new_batch(conn: sa.Connection, digest: str | None) -> int:
    """A new batch matched under `digest` (None: the store's digest now). Random ids: no
    sequence to keep in step when a store is copied, and none that two writers could share."""
    batch = secrets.randbits(62) + 1
    conn.execute(match_batches_table.insert().values(batch_id=batch, registry_digest=digest))
    if digest is None:
        now = _get(conn, "registry_digest")
        b = match_batches_table
        conn.execute(b.update().where(b.c.batch_id == batch).values(registry_digest=now))
    return batch


def _move_batches(
    conn: sa.Connection, batches: list[tuple[int, str | None]], digest: str, article_ids: list[str]
) -> None:
    """replace_mention_rows' `batches` to `digest`, and the articles matched again that are in
    none of those to a new batch of `digest`."""
    b, a = match_batches_table, articles_table
    if batches:
        was = b.c.registry_digest.is_not_distinct_from(sa.bindparam("was"))
        update = b.update().where(b.c.batch_id == sa.bindparam("id"), was)
        conn.execute(
            update.values(registry_digest=digest), [{"id": i, "was": d} for i, d in batches]
        )
    query = sa.select(b.c.batch_id).where(b.c.registry_digest == digest)
    moved = {i for i, _ in batches} & set(conn.execute(query).scalars())
    if not article_ids:
        return
    batch, joined = _new_batch(conn, digest), 0
    outside = a.c.match_batch.not_in(moved) if moved else a.c.match_batch.is_not(None)
    if OLD_BATCH not in moved:
        outside = outside | a.c.match_batch.is_(None)
    for chunk in _chunks(article_ids, 500):
        update = a.update().where(a.c.article_id.in_(chunk), outside)
        joined += conn.execute(update.values(match_batch=batch)).rowcount
    if not joined:
        _delete_batches(conn, [batch])


def _delete_batches(conn: sa.Connection, batches: Iterable[int], empty_only: bool = False) -> None:
    """Delete these batches (with `empty_only`, those that no article is in)."""
    b, a = match_batches_table, articles_table
    batches = sorted(batches)
    if empty_only and OLD_BATCH in batches:  # an article of batch 0 has no batch recorded
        batches.remove(OLD_BATCH)
        empty = ~sa.exists().where(a.c.match_batch.is_(None))
        conn.execute(b.delete().where(b.c.batch_id == OLD_BATCH, empty))
    for chunk in _chunks(batches, 500):
        where = b.c.batch_id.in_(chunk)
        if empty_only:
            where = where & ~sa.exists().where(a.c.match_batch == b.c.batch_id)
        conn.execute(b.delete().where(where))


def _portable(table: sa.Table, row: sa.Row) -> tuple:
    """A row read through SQLAlchemy, ready for the driver: naive UTC timestamps made aware
    (SQLite keeps none, and PostgreSQL would read a naive one in its session time zone)."""
    return tuple(
        value.replace(tzinfo=dt.UTC)
        if isinstance(value, dt.datetime) and value.tzinfo is None and column.type.timezone
        else value
        for column, value in zip(table.columns, row, strict=True)
    )


def _arrow_query(columns: list[sa.Column], blank: list[str], dialect) -> str:
    """SELECT of the columns, those in `blank` with NULL read as NUL."""
    nul = sa.func.char(0)
    picked = [sa.func.coalesce(c, nul).label(c.name) if c.name in blank else c for c in columns]
    return str(sa.select(*picked).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _adbc_uri(url: str) -> str | None:
    """What ADBC opens for a store URL: a read-only SQLite file URI or a libpq URI; None for
    SQLite in memory, which only the engine's own connection can see."""
    parsed = sa.engine.make_url(_driver_url(url))
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            return None
        return f"file:{quote(parsed.database)}?mode=ro"
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return None


def _is_text(column: sa.Column) -> bool:
    return isinstance(column.type, sa.String | sa.Date | sa.DateTime)


def _driver_url(url: str) -> str:
    """PostgreSQL URLs as hosts hand them out (postgres://, postgresql://) through psycopg 3."""
    scheme, sep, rest = url.partition("://")
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg{sep}{rest}"
    return url


def _sqlite_wal(dbapi_connection, _record) -> None:
    """Write-ahead logging: readers (the dashboard) never wait for a writer (an ingest), and a
    writer never deadlocks against a reader that wants to write too."""
    cursor = dbapi_connection.cursor()
    # Switching a new file to WAL needs a moment alone with it, and SQLite answers "locked"
    # at once, without waiting, when another process opens it at the same time: try again.
    for attempt in range(100):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if attempt == 99:
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; fsync at checkpoints only
    # 64 MB of page cache instead of 2 MB: index inserts into a large store stay in memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite") and sa.engine.make_url(url).database in (None, "", ":memory:"):
        # In memory (a session's private workspace): each connection would be a new, empty
        # database, so every thread shares the one connection.
        return {"poolclass": sa.pool.StaticPool, "connect_args": {"check_same_thread": False}}
    if url.startswith("sqlite"):
        # Wait for a concurrent writer instead of failing at once.
        return {"connect_args": {"timeout": 60}}
    return {"pool_pre_ping": True}


def _insert_ignore(conn: sa.Connection, table: sa.Table):
    dialect = conn.dialect.name
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    raise StoreError(f"ActorScope supports SQLite and PostgreSQL, not {dialect}")


def _insert_all(conn: sa.Connection, table: sa.Table, rows: list[tuple]) -> None:
    """Bulk insert straight through the driver (COPY on psycopg, executemany elsewhere):
    SQLAlchemy's per-row parameter handling would cost as much as scoring the sentences."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in table.columns)
    if conn.dialect.driver == "psycopg":
        # PostgreSQL's COPY: several times executemany's rate, in the same transaction.
        sql = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        dbapi = conn.dialect.loaded_dbapi
        try:
            with conn.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        except dbapi.Error as exc:  # as SQLAlchemy's own (IntegrityError, ...), like executemany
            error = sa.exc.DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=conn.dialect)
            raise error from exc
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * len(table.columns))
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
    for batch in _chunks(rows):
        conn.exec_driver_sql(sql, batch)


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _chunks(rows: list, size: int = BATCH_ROWS) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _rows_frame(rows: list[tuple], names: list[str]) -> pd.DataFrame:
    """Rows of plain values as a frame with these column names."""
    values = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pd.DataFrame(dict(zip(names, values, strict=True)), columns=names)


def _concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = list(frames)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _records(df: pd.DataFrame, columns: dict[str, str]) -> list[tuple]:
    """Rows as tuples of plain Python values (None for missing), in the schema's column order.
    Column-wise, as numpy casts: value by value through pandas costs several times as much."""
    out = schema.conform(df, columns)
    values = []
    for col in columns:
        series = out[col]
        if col == "published":  # NaT casts to None
            values.append(series.to_numpy().astype("datetime64[D]").astype(object).tolist())
        elif col == "ingested_at":
            values.append([None if d is pd.NaT else d for d in series.dt.to_pydatetime()])
        elif series.dtype == "string":
            cells = series.to_numpy(dtype=object, na_value=None).tolist()
            if any("\x00" in cell for cell in cells if cell is not None):
                # PostgreSQL text cannot hold NUL; one code point for another keeps every offset.
                cells = [None if c is None else c.replace("\x00", "\ufffd") for c in cells]
            values.append(cells)
        elif series.dtype == "Float64":  # a nullable float: <NA> casts to None
            values.append(series.to_numpy(dtype=object, na_value=None).tolist())
        else:
            values.append(series.tolist())
    return list(zip(*values, strict=True))


def _get(conn: sa.Connection, key: str) -> str | None:
    query = sa.select(meta_table.c.value).where(meta_table.c.key == key)
    return conn.execute(query).scalar_one_or_none()


def _set(conn: sa.Connection, key: str, value: str) -> None:
    stmt = _insert_ignore(conn, meta_table).values(key=key, value=value)
    conn.execute(stmt)
    conn.execute(meta_table.update().where(meta_table.c.key == key).values(value=value))


def _bump(conn: sa.Connection) -> None:
    # One UPDATE that reads and writes: concurrent writers queue on the row and none is lost.
    conn.execute(_insert_ignore(conn, meta_table).values(key="revision", value="0"))
    value = meta_table.c.value
    conn.execute(
        meta_table.update()
        .where(meta_table.c.key == "revision")
        .values(value=sa.cast(sa.cast(value, sa.Integer) + 1, sa.Text))
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
