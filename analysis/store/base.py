"""The Store: one database, opened (its schema made or migrated) with its reads and writes."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from analysis.store.reads import Reads
from analysis.store.sql import StoreError, _driver_url, _engine_options, _first_line, _sqlite_wal
from analysis.store.tables import create_schema
from analysis.store.writes import Writes

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "actorscope.db"


def database_url(value: str | None = None) -> str:
    """A SQLAlchemy URL from a URL, a file path, $ACTORSCOPE_DB or the default file."""
    value = value or os.environ.get("ACTORSCOPE_DB") or str(DEFAULT_PATH)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


class Store(Reads, Writes):
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
            create_schema(self.engine)
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

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
