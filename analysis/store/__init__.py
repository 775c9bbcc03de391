"""The store: articles, sentences, mentions and registry, in SQLite or any SQLAlchemy URL.

Split by job: tables (the schema and its migrations), reads, writes, copy, and sql (the
plumbing under them); base.Store puts the reads and writes on one database.
"""

from analysis.store.base import DEFAULT_PATH, Store, database_url
from analysis.store.copy import copy_store
from analysis.store.reads import with_text
from analysis.store.sql import BATCH_ROWS, StoreError
from analysis.store.tables import (
    OLD_BATCH,
    SCHEMA_VERSION,
    TABLES,
    actors_table,
    articles_table,
    match_batches_table,
    mentions_table,
    meta_table,
    metadata,
    sentences_table,
)
from analysis.store.writes import UNCHECKED, Added, RegistryMoved

__all__ = [
    "BATCH_ROWS",
    "DEFAULT_PATH",
    "OLD_BATCH",
    "SCHEMA_VERSION",
    "TABLES",
    "UNCHECKED",
    "Added",
    "RegistryMoved",
    "Store",
    "StoreError",
    "actors_table",
    "articles_table",
    "copy_store",
    "database_url",
    "match_batches_table",
    "mentions_table",
    "meta_table",
    "metadata",
    "sentences_table",
    "with_text",
]
