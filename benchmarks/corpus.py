"""A reproducible synthetic news corpus: seeded, with news-like sentences, actors and dates."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pandas as pd

from analysis.registry.table import load_registry, split_list

SOURCES = ["Wire One", "Daily Two", "Ledger Three", "Herald Four", "Courier Five", "Gazette Six"]
START = dt.date(2023, 1, 2)
DAYS = 3 * 365

# Sentence frames of the length and shape of wire copy (about 22 words); {a} and {b} are actors.
FRAMES = [
    "{a} said on {day} that talks with {b} had made good progress and both sides hoped to "
    "reach an agreement before the end of the month.",
    "Officials in {a} warned that the crisis could worsen sharply if {b} failed to honour "
    "its commitments, according to a statement released late on {day}.",
    "{a} rejected the accusations as baseless and said {b} was trying to distract attention "
    "from its own failures at home.",
    "Analysts said the meeting between {a} and {b} was a rare sign of cooperation after "
    "months of bitter disputes over trade and security.",
    "The decision by {a} drew sharp criticism from {b}, which called it a dangerous and "
    "reckless escalation that threatened regional stability.",
    "{a} praised the deal as a historic success that would bring lasting benefits to "
    "millions of families across the region.",
    "Markets fell on {day} after reports that {a} would impose new sanctions, adding to "
    "fears of a prolonged slowdown.",
    "A spokesman for {a} declined to comment on the report, saying only that discussions "
    "with partners were continuing.",
]
FILLER = [
    "The ministry said the figures would be revised next quarter as more data became available.",
    "Prices rose by 2.4 percent in the year to March, slightly above the forecast of economists.",
    "The committee is expected to publish its findings in the spring.",
    "Heavy rain delayed the harvest in several provinces, local officials said.",
    "Trading volumes were thin ahead of the holiday weekend.",
    "The report was based on interviews with more than 300 people over six months.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def actor_names(registry: pd.DataFrame) -> list[str]:
    """The names and aliases a generated sentence may use."""
    names = []
    for row in registry.itertuples():
        names.append(row.name)
        names += split_list(row.aliases)[:2]
    return names


def generate(n_articles: int, seed: int = 42) -> pd.DataFrame:
    """n articles (title, published, source, text); the same seed gives the same corpus."""
    rng = random.Random(seed)
    names = actor_names(load_registry())
    # A few actors dominate the news, as in real coverage: Zipf-like weights.
    weights = [1 / (rank + 1) for rank in range(len(names))]
    rows = []
    for i in range(n_articles):
        sentences = []
        for _ in range(rng.randint(6, 24)):
            if rng.random() < 0.3:
                sentences.append(rng.choice(FILLER))
                continue
            a, b = rng.choices(names, weights, k=2)
            frame = rng.choice(FRAMES)
            sentences.append(frame.format(a=a, b=b, day=rng.choice(WEEKDAYS)))
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        rows.append(
            {
                "title": f"Report {i}: {sentences[0][:60]}",
                "published": (START + dt.timedelta(days=rng.randrange(DAYS))).isoformat(),
                "source": rng.choice(SOURCES),
                "text": "\n\n".join(paragraphs),
            }
        )
    return pd.DataFrame(rows)


def write_jsonl(frame: pd.DataFrame, path: Path) -> Path:
    """The corpus as a JSONL file, as a user would ingest it."""
    with path.open("w", encoding="utf-8") as f:
        for row in frame.to_dict("records"):
            f.write(json.dumps(row) + "\n")
    return path


def write_corpus(frame: pd.DataFrame, folder: Path, per_file: int = 5_000) -> list[Path]:
    """The corpus as JSONL files of `per_file` articles each, as a feed archive would be
    (one file would pass the loaders' 50 MiB limit per file at 100k articles)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_jsonl(frame.iloc[i : i + per_file], folder / f"part-{i // per_file:03d}.jsonl")
        for i in range(0, len(frame), per_file)
    ]
