"""`python -m benchmarks.ingest_stages`: what each stage of an ingest costs, in CPU seconds of
one process (the host's other load moves wall times 2-3x, CPU time far less), on the first
stories of Reuters-21578 with the registry, the gazetteer and the finder of entities in no
list. The stages run as analysis.pipeline.analyse_chunk runs them, one article at a time;
the store is written as ingest writes it. `--vader` adds stock VADER and ActorScope's scorer
alone over the same sentences; `--ingest N` then times N whole ingests of the corpus on every
core against stock VADER alone on one core (benchmarks.found_recall's `--ingest`)."""

from __future__ import annotations

import argparse
import itertools
import os
import time
from pathlib import Path

from analysis.found import FOUND_ENV, find_entities
from analysis.registry.gazetteer import GAZETTEER_ENV
from benchmarks.found_recall import ingest_times
from benchmarks.gazetteer_recall import REUTERS
from benchmarks.ingest_speed import scratch_dir

# language: analysis/language.py, in the worker that scores, and ingest's code; copies:
# analysis/copies.py's MinHash LSH over the batch (ingest.marked), before any analysis.
STAGES = ("load", "matcher built", "language", "copies", "split", "score", "match", "find", "store")


def measure(corpus: Path, stories: int, vader: bool = False) -> tuple[dict[str, float], dict]:
    """({stage: CPU seconds}, {"megabytes", "articles", "sentences", "mentions", and with
    `vader` "stock VADER" and "our scorer" in CPU seconds})."""
    from analysis import copies, language, pipeline
    from analysis.load import load_paths
    from analysis.registry.matcher import Matcher
    from analysis.registry.roles import load_roles
    from analysis.registry.table import load_registry
    from analysis.sentiment import analyzer, score
    from analysis.store import Store
    from analysis.text import normalise, split_sentences

    os.environ[FOUND_ENV] = "on"
    os.environ[GAZETTEER_ENV] = ""
    if stories:
        subset = scratch_dir() / "stories.jsonl"
        with corpus.open(encoding="utf-8") as src, subset.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(src, stories))
        corpus = subset
    cpu = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time

    started = clock()
    articles = load_paths([corpus], workers=1).articles
    cpu["load"] = clock() - started
    started = clock()
    registry, roles = load_registry(), load_roles()
    matcher = Matcher(registry, roles)
    matcher.find("The patterns are compiled on first use.", None)
    score("The lexicon is read on first use.")
    find_entities("Mr John Smith of Acme Corp said so.", [0])  # the word lists, read once
    language.detect("Le modèle de langue est lu une fois, à la première histoire.")
    cpu["matcher built"] = clock() - started

    items = [item for chunk in pipeline.chunked(articles) for item in chunk]
    started = clock()
    for _, text, _ in items:  # the worker's detect, then ingest's code from its scores
        language.detect(text)
        language.scored_code(text)
    cpu["language"] = clock() - started
    started = clock()
    wire = copies.find([aid for aid, _, _ in items], [text for _, text, _ in items])
    cpu["copies"] = clock() - started
    sentences, mentions = [], 0
    for aid, text, day in items:
        started = clock()
        spans = split_sentences(text)
        split = clock()
        norm = normalise(text)
        for idx, (start, end) in enumerate(spans):
            sentences.append((aid, idx, start, end, *score(norm[start:end])))
        scored = clock()
        hits = matcher.find(text, day)
        matched = clock()
        starts = [s for s, _ in spans] or [0]
        found = [f for f in find_entities(text, starts, [h[:2] for h in hits]) if not f.ambiguous]
        done = clock()
        mentions += len(hits) + len(found)
        cpu["split"] += split - started
        cpu["score"] += scored - split
        cpu["match"] += matched - scored
        cpu["find"] += done - matched

    # The store is written with the pipeline's own rows, as ingest writes them.
    sentence_rows, mention_rows = pipeline.analyse_chunk(items, matcher, True)
    store = Store(str(scratch_dir() / "stages.db"))
    found_ids = [aid for aid, _, _ in items]
    started = clock()
    for first in range(0, len(items), 2_000):
        batch = articles.iloc[first : first + 2_000]
        ids = set(batch["article_id"])
        store.add_rows(
            batch,
            [r for r in sentence_rows if r[0] in ids],
            [r for r in mention_rows if r[0] in ids],
            signatures=[
                (a, m) for a, m in zip(found_ids, wire.signatures, strict=True) if a in ids
            ],
        )
    cpu["store"] = clock() - started
    store.close()

    facts = {
        "megabytes": sum(len(text.encode()) for _, text, _ in items) / 2**20,
        "articles": len(items),
        "sentences": len(sentence_rows),
        "mentions": mentions,
        "copies": wire.copies,
    }
    if vader:
        norms = {aid: normalise(text) for aid, text, _ in items}
        texts = [norms[aid][start:end] for aid, _, start, end, *_ in sentence_rows]
        for label, scorer in (("stock VADER", analyzer().polarity_scores), ("our scorer", score)):
            started = clock()
            for sentence in texts:
                scorer(sentence)
            facts[label] = clock() - started
    return cpu, facts


def report(cpu: dict[str, float], facts: dict) -> list[str]:
    mb = facts["megabytes"]
    lines = [
        f"{facts['articles']:,} stories, {mb:.1f} MB, {facts['sentences']:,} sentences, "
        f"{facts['mentions']:,} mentions, {facts['copies']:,} wire copies; CPU of one process",
        "",
        "| stage | CPU s | MB/s |",
        "| --- | ---: | ---: |",
    ]
    for stage in STAGES:
        rate = "" if stage == "matcher built" else f"{mb / max(cpu[stage], 1e-9):.1f}"
        lines.append(f"| {stage} | {cpu[stage]:.2f} | {rate} |")
    lines.append(f"| all | {sum(cpu.values()):.2f} | {mb / sum(cpu.values()):.1f} |")
    for label in ("stock VADER", "our scorer"):
        if label in facts:
            lines.append(f"| {label} alone, same sentences | {facts[label]:.2f} | |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest_stages", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--stories", type=int, default=3_000, help="the first N (0: all)")
    parser.add_argument("--vader", action="store_true", help="time stock VADER alone too")
    parser.add_argument(
        "--ingest",
        type=int,
        default=0,
        metavar="N",
        help="then N times the whole corpus's ingest on every core against stock VADER alone",
    )
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent")
        return 0
    print("\n".join(report(*measure(args.corpus, args.stories, args.vader))), flush=True)
    for _ in range(args.ingest):
        print("\n".join(ingest_times(args.corpus)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
