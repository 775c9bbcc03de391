"""A small multi-outlet corpus for the Outlets page's tests: a big wire that rarely names
Putin and a small daily that names him in every article, in opposite tones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.ingest import ingest
from analysis.load import Loaded
from analysis.registry.table import load_registry
from analysis.store import Store

PUTIN, KIM = "vladimir-putin", "kim-jong-un"
BIG, SMALL, BLOG = "Big Wire", "Small Daily", "Tiny Blog"
PRAISE = "Vladimir Putin won warm praise for a wonderful, generous and helpful peace offer."
BLAME = "Vladimir Putin was blamed for a terrible, cruel and deadly attack."
# Milder sentences beside them, so that each source's tone has a band of some width.
MILD_PRAISE = "Vladimir Putin made a good offer."
MILD_BLAME = "Vladimir Putin was criticised."
FILLER = "Grain prices rose slightly on the exchange this week. Traders were calm."


def rows() -> list[tuple[str, str, str, str, str]]:
    """(article_id, title, source, published, text): BIG has 10 articles, 2 naming Putin
    (praise); SMALL 3, all naming him (blame); BLOG 2, one naming Kim Jong Un."""
    out = []
    for i in range(10):
        text = [f"{PRAISE} {FILLER}", f"{MILD_PRAISE} {FILLER}"][i] if i < 2 else FILLER
        out.append((f"w{i}", f"Wire {i}", BIG, f"2023-09-{4 + i:02d}", text))
    for i in range(3):
        text = f"{BLAME if i else MILD_BLAME} {FILLER}"
        out.append((f"d{i}", f"Daily {i}", SMALL, f"2023-09-{5 + i:02d}", text))
    out.append(("b0", "Blog 0", BLOG, "2023-09-06", f"Kim Jong Un visited a farm. {FILLER}"))
    out.append(("b1", "Blog 1", BLOG, "2023-09-07", FILLER))
    return out


def outlets_store(folder: Path) -> str:
    """A SQLite store of `rows()`; its URL."""
    url = f"sqlite:///{folder / 'outlets.db'}"
    frame = pd.DataFrame(rows(), columns=["article_id", "title", "source", "published", "text"])
    store = Store(url)
    try:
        ingest(store, Loaded(schema.conform(frame.assign(origin="pasted"), schema.ARTICLES), []),
               load_registry())  # fmt: skip
    finally:
        store.close()
    return url
