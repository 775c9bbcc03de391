"""Quoted spans of Reuters-21578 beside the quotations ActorScope finds in them, for reading
recall by hand: every quoted span of four words or more in N stories with double quotes
(the OFFSET-th of every STEP, counted from 1), each as FOUND (with its speaker, "None" for
none) or MISS.

    python -m benchmarks.quote_recall [N [OFFSET]]   # newid, FOUND|MISS, speaker, context

Found entities that are people count as people here, as in the app (a "he said" resolves to
one). The README gives the figures read from the default run (30 stories from the 5th).
"""

from __future__ import annotations

import bisect
import json
import re
import sys

import pandas as pd

from analysis import schema
from analysis.pipeline import analyse
from analysis.quotes import article_quotes
from analysis.quotes.speakers import Mention
from analysis.registry.gazetteer import GAZETTEER_DIR, layered, load_gazetteer
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry
from benchmarks.quote_sample import CORPUS

STEP = 11
QUOTED = re.compile(r'"([^"]{15,}?)"', re.S)


def rows(n: int = 30, offset: int = 5) -> list[tuple[int, str, str, str]]:
    gazetteer, registry = load_gazetteer(GAZETTEER_DIR), load_registry()
    matcher = Matcher(registry, load_roles(), gazetteer=gazetteer)
    actors = layered(registry, gazetteer)
    persons = set(actors.loc[actors["kind"] == "person", "actor_id"].astype(str))
    batch, seen = [], 0
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            body = record.get("body") or ""
            if body.count('"') >= 2:
                seen += 1
                if seen % STEP == offset:
                    batch.append((int(record["newid"]), body))
            if len(batch) >= n:
                break
    ids = [str(i) for i, _ in batch]
    frame = pd.DataFrame({"article_id": ids, "text": [b for _, b in batch], "origin": "r"})
    sentences, mentions = analyse(schema.conform(frame, schema.ARTICLES), matcher, workers=1)
    out = []
    for newid, body in batch:
        s = sentences[sentences["article_id"] == str(newid)]
        m = mentions[mentions["article_id"] == str(newid)]
        people = m.loc[m["how"].astype(str).str.startswith("found person"), "actor_id"]
        ments = [
            Mention(int(b), int(e), str(a), int(k))
            for b, e, a, k in zip(m["start"], m["end"], m["actor_id"], m["sent_idx"], strict=True)
        ]
        sents = list(zip(s["sent_idx"], s["start"], s["end"], strict=True))
        quotes = article_quotes(body, sents, ments, persons | set(people.astype(str)))
        starts = list(s["start"])
        for q in QUOTED.finditer(body):
            if len(q.group(1).split()) < 4:
                continue
            k = s["sent_idx"].iloc[max(bisect.bisect_right(starts, q.start()) - 1, 0)]
            hit = [x for x in quotes if x.sent_idx <= k <= x.last_idx]
            context = " ".join(body[max(0, q.start() - 60) : q.end() + 60].split())
            out.append(
                (newid, "FOUND" if hit else "MISS", str(hit[0].speaker) if hit else "-", context)
            )
    return out


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    for row in rows(*args):
        print("\t".join(map(str, row)))
