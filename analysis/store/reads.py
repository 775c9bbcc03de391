"""The store's reads: whole tables (as Arrow where it can), targeted rows, sentence text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from analysis import arrow_reader, schema
from analysis.store.sql import _chunks, _concat, _count, _driver_url, _rows_frame
from analysis.store.tables import (
    OLD_BATCH,
    TABLES,
    _get,
    articles_table,
    match_batches_table,
    mentions_table,
    sentences_table,
)


class Reads:
    """What Store reads (its `engine` and `url` are Store's own)."""

    engine: sa.Engine
    url: str

    def revision(self) -> int:
        """A number that changes with every write: the dashboard's cache key."""
        with self.engine.connect() as conn:
            return int(_get(conn, "revision") or 0)

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return _get(conn, key)

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

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self.engine.connect() as conn:
            return {name: _count(conn, table) for name, (table, _) in TABLES.items()}

    def count(self, table: str) -> int:
        """Rows in one table (counting only it: the sentences take a while at a million)."""
        with self.engine.connect() as conn:
            return _count(conn, TABLES[table][0])


def with_text(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The sentences (article_id, start, end at least) with their text cut from the articles'
    (articles' article_id, text), as a column after `end`: the store keeps offsets only."""
    text_of = dict(zip(articles["article_id"], articles["text"], strict=True))
    rows = zip(sentences["article_id"], sentences["start"], sentences["end"], strict=True)
    out = sentences.reset_index(drop=True)
    text = pd.array([text_of[aid][b:e] for aid, b, e in rows], dtype="string")
    out.insert(out.columns.get_loc("end") + 1, "text", text)
    return out


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
