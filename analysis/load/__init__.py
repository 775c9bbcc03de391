"""Load news articles from files, folders, zip archives and pasted text into an articles frame."""

from analysis.load.archive import Budget
from analysis.load.base import DOCUMENTS, SUPPORTED, Limits, Loaded, Notice, Rejected
from analysis.load.fields import FIELDS, article_id
from analysis.load.files import load_paths
from analysis.load.parse import TITLE_MAX_CHARS, load_bytes, load_text

__all__ = [
    "DOCUMENTS",
    "FIELDS",
    "SUPPORTED",
    "TITLE_MAX_CHARS",
    "Budget",
    "Limits",
    "Loaded",
    "Notice",
    "Rejected",
    "article_id",
    "load_bytes",
    "load_paths",
    "load_text",
]
