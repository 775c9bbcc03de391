"""`python -m benchmarks.wire_copies`: the wire copies analysis/copies.py finds in
Reuters-21578 (in date order, as ingest looks at a batch), how many at each estimated
similarity, and a sample of flagged pairs with the words that differ, to read by hand."""

from __future__ import annotations

import argparse
import difflib
import json
import random
import time
from collections import Counter
from pathlib import Path

from analysis import copies
from benchmarks.gazetteer_recall import REUTERS


def flagged(corpus: Path) -> tuple[list[dict], list[tuple[int, int, float]], float]:
    """(stories, (original, copy, estimated Jaccard) per copy, CPU seconds of copies.find)."""
    with corpus.open(encoding="utf-8") as f:
        stories = [json.loads(line) for line in f]
    order = sorted(range(len(stories)), key=lambda i: stories[i].get("date") or "9")
    texts = [stories[i].get("body") or "" for i in order]
    ids = [str(i) for i in order]
    started = time.process_time()
    found = copies.find(ids, texts)
    seconds = time.process_time() - started
    pairs = []
    for aid, text, copy_of in zip(ids, texts, found.copy_of, strict=True):
        if copy_of is not None:
            m = copies.signature(text)
            j = m.jaccard(copies.signature(stories[int(copy_of)].get("body") or ""))
            pairs.append((int(copy_of), int(aid), j))
    return stories, pairs, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.wire_copies", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--sample", type=int, default=10, help="flagged pairs shown")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--below", type=float, default=1.0, help="sample pairs under this J only")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent")
        return 0
    stories, pairs, seconds = flagged(args.corpus)
    signed = sum(copies.signature(s.get("body") or "") is not None for s in stories)
    print(
        f"{len(stories):,} stories, {signed:,} long enough to sign; {len(pairs):,} flagged as "
        f"copies of {len({a for a, _, _ in pairs}):,} originals; copies.find {seconds:.1f} CPU s"
    )
    bands = Counter(min(int(j * 20) / 20, 0.95) for _, _, j in pairs)
    print("estimated Jaccard: " + ", ".join(f"{b:.2f}+ {n}" for b, n in sorted(bands.items())))
    pool = [p for p in pairs if p[2] < args.below or args.below >= 1]
    for a, b, j in random.Random(args.seed).sample(pool, min(args.sample, len(pool))):
        x, y = stories[a], stories[b]
        words = difflib.ndiff((x.get("body") or "").split(), (y.get("body") or "").split())
        diff = " ".join(w for w in words if w[0] in "+-")
        print(f"\n#{x['newid']} {x.get('date')} {x.get('title')!r}")
        print(f"#{y['newid']} {y.get('date')} {y.get('title')!r}  J~{j:.2f}")
        print(f"  differ: {diff[:300] or '(same words)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
