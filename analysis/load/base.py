"""What loading takes and gives back: limits, articles with rejections and notices, the kinds
of input read, and the one-line reasons."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 2**20  # one input file
    max_zip_members: int = 10_000
    max_zip_total_bytes: int = 500 * 2**20  # one archive, expanded
    max_zip_ratio: float = 200.0  # expanded / compressed, per member and per whole archive
    max_load_expanded_bytes: int = 1000 * 2**20  # every archive of one load, expanded together
    max_articles: int = 200_000  # per load


@dataclass(frozen=True)
class Rejected:
    name: str
    reason: str  # one line, human-readable, no traceback


@dataclass(frozen=True)
class Notice:
    name: str
    note: str  # one line: what was done to an input that still loaded (not a rejection)


@dataclass
class Loaded:
    articles: pd.DataFrame  # schema.ARTICLES columns
    rejected: list[Rejected]
    notices: list[Notice] = dataclasses.field(default_factory=list)


DOCUMENTS = (".txt", ".md", ".html", ".htm")
SUPPORTED = (*DOCUMENTS, ".csv", ".tsv", ".json", ".jsonl", ".zip")


class Refused(Exception):
    """An input we decline, with the reason shown to the user."""


def extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def unsupported(ext: str) -> str:
    return f"unsupported file type {ext or '(none)'!r} (expected one of: {', '.join(SUPPORTED)})"


def human_size(n: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def too_large(size: int, limits: Limits) -> str:
    return f"too large: {human_size(size)} (limit {human_size(limits.max_file_bytes)})"


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def describe(exc: Exception) -> str:
    if isinstance(exc, Refused):
        return str(exc)
    return f"could not read ({type(exc).__name__}: {first_line(exc)})"
