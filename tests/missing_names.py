"""Support for the registry tests: an article naming Sergei Shoigu, who is not in the registry."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MULTIDATE = ROOT / "tests" / "data" / "multidate.csv"

SHOIGU_TITLE = "Shoigu in Pyongyang"
SHOIGU_DATE = "2023-07-26"
SHOIGU_TEXT = (
    "Sergei Shoigu, the Russian defence minister, arrived in Pyongyang for a military parade. "
    "Kim Jong Un showed Sergei Shoigu new missiles at an arms fair. Analysts said the visit "
    "by Sergei Shoigu was a sign of a growing alliance. Sergei Shoigu praised the North Korean "
    "army in a speech. The U.S. president warned against any arms deal with Russia.\n"
)


def write_shoigu(folder: Path) -> Path:
    """The article as shoigu.txt with its shoigu.meta.json, in a folder of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shoigu.txt").write_text(SHOIGU_TEXT, encoding="utf-8")
    meta = {"title": SHOIGU_TITLE, "source": "Test Wire", "published": SHOIGU_DATE}
    (folder / "shoigu.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def build_store(folder: Path) -> str:
    """A SQLite store of seeds/, tests/data/multidate.csv and the Shoigu article; its URL."""
    from analysis.ingest import ingest
    from analysis.load import load_paths
    from analysis.registry.roles import load_roles
    from analysis.registry.table import load_registry
    from analysis.store import Store

    loaded = load_paths([SEEDS, MULTIDATE, write_shoigu(folder / "shoigu")])
    assert not loaded.rejected, loaded.rejected
    url = f"sqlite:///{folder / 'actorscope.db'}"
    store = Store(url)
    try:
        ingest(store, loaded, load_registry(), workers=1, roles=load_roles())
    finally:
        store.close()
    return url
