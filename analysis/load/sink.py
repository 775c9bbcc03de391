"""Where one load's articles, rejections and notices are collected."""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.load.archive import Budget
from analysis.load.base import Limits, Loaded, Notice, Rejected
from analysis.load.fields import article_row, meta_fields


class Sink:
    """Collects one load's articles and rejections; same text twice is kept once."""

    def __init__(self, limits: Limits, defaults: dict | None, budget: Budget | None = None):
        self.limits = limits
        self.defaults = meta_fields(defaults or {})
        self.budget = budget or Budget(limits)
        self.rows: list[dict] = []
        self.seen: set[str] = set()
        self.rejected: list[Rejected] = []
        self.notices: list[Notice] = []

    def reject(self, name: str, reason: str) -> None:
        self.rejected.append(Rejected(name, reason))

    def note(self, name: str, note: str) -> None:
        self.notices.append(Notice(name, note))

    def add(self, text: object, origin: str, fields: dict) -> str | None:
        """Keep one article; the reason when it is refused (a duplicate is not refused)."""
        row = article_row(text, origin, {**self.defaults, **fields})
        return row if isinstance(row, str) else self.keep(row)

    def keep(self, row: dict) -> str | None:
        """Keep an article's row, unless its text is kept already; the reason when refused."""
        if row["article_id"] in self.seen:
            return None
        if len(self.rows) >= self.limits.max_articles:
            return f"article limit reached ({self.limits.max_articles} per load)"
        self.seen.add(row["article_id"])
        self.rows.append(row)
        return None

    def loaded(self) -> Loaded:
        columns = [c for c in schema.ARTICLES if c != "ingested_at"]
        df = pd.DataFrame(self.rows, columns=columns)
        df["ingested_at"] = pd.Timestamp.now(tz="UTC").floor("s")
        return Loaded(schema.conform(df, schema.ARTICLES), self.rejected, self.notices)


class Recorder(Sink):
    """A sink in a worker process: it records, and the load's own sink decides (see _File).
    Its defaults are those of the load's sink, as that holds them."""

    def __init__(self, limits: Limits, defaults: dict):
        super().__init__(limits, None)
        self.defaults = defaults

    def keep(self, row: dict) -> str | None:
        self.rows.append(row)
        return None
