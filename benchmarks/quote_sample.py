"""A sample of Reuters-21578's attributed quotations, for reading by hand: the first one of
every STEP-th story that has one, with the gazetteer on (Reuters names ministers and central
bankers the registry does not list).

    python -m benchmarks.quote_sample [N [OFFSET]]    # newid, sent_idx, speaker, sentences

tests/data/reuters_quotes.csv holds N=50 of them read by hand (right: whether the speaker is
who said it); tests/test_quotes_reuters.py measures the precision of speaker attribution.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.pipeline import analyse
from analysis.quotes import article_quotes
from analysis.quotes.speakers import Mention
from analysis.registry.gazetteer import GAZETTEER_DIR, layered, load_gazetteer
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578.jsonl"
STEP = 7  # every 7th story with a body: spread over the collection's dates and desks
BATCH = 200


def stories(path: Path = CORPUS, offset: int = 0) -> Iterator[tuple[int, str]]:
    """(newid, body) of every STEP-th story with a body, from the offset-th."""
    n = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if (record.get("body") or "").strip():
                if n % STEP == offset:
                    yield int(record["newid"]), record["body"]
                n += 1


def sample(n: int, offset: int = 0, path: Path = CORPUS) -> list[tuple[int, int, str, str]]:
    """(newid, sent_idx, speaker, its sentences) of the first attributed quotation of each story
    taken, until n of them."""
    gazetteer = load_gazetteer(GAZETTEER_DIR)
    registry = load_registry()
    matcher = Matcher(registry, load_roles(), gazetteer=gazetteer)
    actors = layered(registry, gazetteer)
    persons = set(actors.loc[actors["kind"] == "person", "actor_id"].astype(str))
    out: list[tuple[int, int, str, str]] = []
    batch: list[tuple[int, str]] = []
    for story in stories(path, offset):
        batch.append(story)
        if len(batch) < BATCH:
            continue
        out += _quotes(batch, matcher, persons)
        batch = []
        if len(out) >= n:
            break
    else:
        out += _quotes(batch, matcher, persons)
    return out[:n]


def _quotes(batch, matcher: Matcher, persons: set[str]) -> list[tuple[int, int, str, str]]:
    frame = pd.DataFrame(
        {"article_id": [str(i) for i, _ in batch], "text": [b for _, b in batch], "origin": "r"}
    )
    sentences, mentions = analyse(schema.conform(frame, schema.ARTICLES), matcher, workers=1)
    out = []
    for newid, body in batch:
        s = sentences[sentences["article_id"] == str(newid)]
        m = mentions[mentions["article_id"] == str(newid)]
        sents = list(zip(s["sent_idx"], s["start"], s["end"], strict=True))
        ments = [
            Mention(int(b), int(e), str(a), int(k))
            for b, e, a, k in zip(m["start"], m["end"], m["actor_id"], m["sent_idx"], strict=True)
        ]
        for q in article_quotes(body, sents, ments, persons):
            if q.speaker is not None:
                first = s[s["sent_idx"] == q.sent_idx].iloc[0]
                last = s[s["sent_idx"] == q.last_idx].iloc[0]
                context = " ".join(body[int(first["start"]) : int(last["end"])].split())
                out.append((newid, q.sent_idx, q.speaker, context))
                break
    return out


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    for row in sample(size, int(sys.argv[2]) if len(sys.argv) > 2 else 0):
        print("\t".join(map(str, row)))
