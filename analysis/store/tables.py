"""The store's schema: its tables, their creation and migrations, and the meta table's values
(the schema version, the revision, the registry's digest)."""

from __future__ import annotations

import sqlalchemy as sa

from analysis import schema
from analysis.store.sql import StoreError, _insert_ignore

# 2: sentences keep offsets into the article text, not a copy; 3: a sentence's scores may be
# NULL (an article in a language VADER does not read)
SCHEMA_VERSION = 3
SCORES = ("compound", "pos", "neu", "neg")
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
    sa.Column("language", sa.String(16)),  # added later: _add_new_columns
    sa.Column("copy_of", sa.String(32)),
)
sentences_table = sa.Table(
    "sentences",
    metadata,
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("sent_idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),  # the text is articles.text[start:end]
    # NULL: not scored (analysis/language.py: VADER reads English only)
    *(sa.Column(name, sa.Float) for name in SCORES),
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
# Each stored article's MinHash (analysis/copies.py), for later uploads to be compared with;
# written with the article. An article stored before copies were looked for has none until
# the next ingest computes it.
signatures_table = sa.Table(
    "signatures",
    metadata,
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
)
OLD_BATCH = 0  # the batch of the articles stored before batches were recorded
TABLES = {
    "articles": (articles_table, schema.ARTICLES),
    "sentences": (sentences_table, schema.SENTENCES),
    "mentions": (mentions_table, schema.MENTIONS),
    "actors": (actors_table, schema.ACTORS),
}


def create_schema(engine: sa.Engine) -> None:
    """Make the tables a new store lacks and bring an older store's up to date (one
    transaction, under a lock: two processes may open a new store at once)."""
    with engine.begin() as conn:
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
        if version == "2":
            _nullable_scores(conn)
            _set(conn, "schema_version", "3")
            version = "3"
        if version is None:
            _set(conn, "schema_version", str(SCHEMA_VERSION))
        elif int(version) != SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema {version}; this ActorScope reads {SCHEMA_VERSION}"
            )


def _nullable_scores(conn: sa.Connection) -> None:
    """Schema 2 to 3: the sentences' scores lose NOT NULL. SQLite cannot drop a constraint:
    the table is made again and the rows copied over, in the schema's transaction."""
    if conn.dialect.name != "sqlite":
        for name in SCORES:
            conn.exec_driver_sql(f"ALTER TABLE sentences ALTER COLUMN {name} DROP NOT NULL")
        return
    conn.exec_driver_sql("ALTER TABLE sentences RENAME TO sentences_2")
    sentences_table.create(conn)
    names = ", ".join(f'"{c.name}"' for c in sentences_table.columns)
    conn.exec_driver_sql(f"INSERT INTO sentences ({names}) SELECT {names} FROM sentences_2")
    conn.exec_driver_sql("DROP TABLE sentences_2")


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
