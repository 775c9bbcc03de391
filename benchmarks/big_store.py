"""A synthetic store of about N mention rows with its facts mirror, written without the
pipeline, for the dashboard at 1M and 10M rows (benchmarks/dashboard_speed.py): an ingest
of 600,000 articles would take hours on this machine, and the dashboard times only reads.

`python -m benchmarks.big_store DB --rows N --facts DIR`; prints JSON. Articles in date order
over three years, 16 sentences each naming about 16 actors (the registry's first 400, of
Zipf-like popularity), 8 sources, a tone toward on half the mentions; stored a batch of 2,000
articles at a time (Store.add_rows, as an ingest batch), each batch's facts appended to the
mirror as ingest appends them (analysis.mirror.write_parts), compacted at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

BATCH = 2_000  # analysis.ingest.BATCH_ARTICLES
SENTENCES, MENTIONS, ACTORS, SOURCES, DAYS = 16, 16, 400, 8, 3 * 365
FIRST_DAY = np.datetime64("2021-01-01")


def batch(first: int, count: int, articles: int, actors: list[str], rng) -> tuple:
    """(articles frame, sentence rows, mention rows) of articles first..first+count."""
    ids = [f"b{i:09d}" for i in range(first, first + count)]
    number = np.arange(first, first + count)
    day = FIRST_DAY + (number * DAYS // articles).astype("timedelta64[D]")
    frame = pd.DataFrame(
        {
            "article_id": ids,
            "title": [f"Article {i}" for i in number],
            "source": [f"Source {i}" for i in (number * 7919) % SOURCES],
            "author": None,
            "url": None,
            "published": day.astype("datetime64[s]"),
            "text": "x",
            "origin": "synthetic",
            "ingested_at": pd.Timestamp("2026-01-01", tz="UTC"),
        }
    )
    art = np.repeat(np.arange(count), SENTENCES)
    sent = np.tile(np.arange(SENTENCES), count)
    compound = np.round(np.sin((art + first) * 12.9898 + sent * 78.233) * 0.8, 4)
    sentences = [
        (ids[a], int(s), 0, 1, float(c), 0.1, 0.8, 0.1)
        for a, s, c in zip(art.tolist(), sent.tolist(), compound.tolist(), strict=True)
    ]
    m_art = np.repeat(np.arange(count), MENTIONS)
    m_sent = rng.integers(0, SENTENCES, len(m_art))
    m_actor = np.minimum(rng.zipf(1.3, len(m_art)) - 1, len(actors) - 1)
    start = np.arange(len(m_art)) % MENTIONS  # distinct offsets: the key holds repeats
    toward = np.where(
        rng.random(len(m_art)) < 0.5, np.round(rng.normal(0, 0.4, len(m_art)), 3), np.nan
    )
    mentions = [
        (ids[a], int(s), actors[k], actors[k], actors[k], int(o), int(o) + 1, "alias",
         None if t != t else float(t), None)
        for a, s, k, o, t in zip(
            m_art.tolist(), m_sent.tolist(), m_actor.tolist(), start.tolist(), toward.tolist(),
            strict=True,
        )
    ]  # fmt: skip
    return frame, sentences, mentions


def build(db: str, rows: int, facts: Path) -> dict:
    from analysis import facts as facts_module
    from analysis import mirror, schema
    from analysis.ingest import active_registry, registry_digest
    from analysis.registry.matcher import Matcher
    from analysis.registry.roles import load_roles, roles_path
    from analysis.registry.sync import sync
    from analysis.store import Store

    store = Store(db)
    # The registry and roles the app starts with, recorded as ingest does: else the app
    # would match every article again at its start (and find nothing in their stand-in text).
    registry, roles = active_registry(store), load_roles(roles_path())
    matcher = sync(store, registry, Matcher(registry, roles), roles, None, 1)[0]
    digest = registry_digest(matcher.registry, roles)
    actors = registry["actor_id"].astype(str).tolist()[:ACTORS]
    articles = max(1, rows // MENTIONS)
    rng = np.random.default_rng(18)
    started = time.perf_counter()
    mirror._write_manifest(facts, store.revision())
    for first in range(0, articles, BATCH):
        frame, sentences, mentions = batch(
            first, min(BATCH, articles - first), articles, actors, rng
        )
        store.add_rows(frame, sentences, mentions, digest=digest)
        fact = facts_module.mention_facts(
            pd.DataFrame(mentions, columns=list(schema.MENTIONS))[
                ["article_id", "sent_idx", "actor_id"]
            ],
            pd.DataFrame(sentences, columns=list(schema.SENTENCES))[
                ["article_id", "sent_idx", "compound"]
            ],
            frame.assign(published=frame["published"].dt.floor("D")),
        )
        mirror.write_parts(facts, fact, store.revision())
    mirror._write_manifest(facts, store.revision())
    stored_s = time.perf_counter() - started
    mirror.compact(store, facts)
    counts = store.counts()
    return {
        "articles": counts["articles"],
        "sentences": counts["sentences"],
        "mention_rows": counts["mentions"],
        "store_s": round(stored_s, 1),
        "compact_s": round(time.perf_counter() - started - stored_s, 1),
        "level": mirror.is_current(facts, store.revision()),
        "store_mb": round(Path(db).stat().st_size / 2**20),
        "mirror_mb": round(sum(f.stat().st_size for f in facts.rglob("*.parquet")) / 2**20),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.big_store", description=__doc__)
    parser.add_argument("db", help="the SQLite file to write (new)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="mention rows (default 1M)")
    parser.add_argument("--facts", type=Path, required=True, help="the mirror's folder (new)")
    args = parser.parse_args(argv)
    if Path(args.db).exists() or args.facts.exists():
        print("error: the store and the mirror must be new", file=sys.stderr)
        return 2
    json.dump(build(args.db, args.rows, args.facts.resolve()), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
