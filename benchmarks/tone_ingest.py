"""`python -m benchmarks.tone_ingest`: what the tone toward each mention adds to an ingest, in
CPU seconds of one process, on the first stories of Reuters-21578 with the registry, the
gazetteer and the finder of entities in no list (issue 19: within 1.5x of the ingest without
it). The chunks run as analysis.pipeline.analyse_chunk runs them; "without" is the same run
with the tone model replaced by a constant. The least CPU time of three runs.

`--save FILE` writes every mention's toward and toward_label (of the first `--stories`);
`--check FILE` compares them with a saved file, exactly, and exits 1 on any difference.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported: one core, as the ingest's workers

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from analysis import schema  # noqa: E402
from analysis.found import FOUND_ENV, find_entities  # noqa: E402
from analysis.registry.gazetteer import GAZETTEER_ENV  # noqa: E402
from benchmarks.gazetteer_recall import REUTERS  # noqa: E402
from benchmarks.ingest_speed import scratch_dir  # noqa: E402

REPEATS = 3
TOWARD = list(schema.MENTIONS).index("toward")


def prepare(corpus: Path, stories: int):
    """(chunks, matcher): the stories as pipeline.chunked's rows, and a warmed matcher."""
    from analysis import pipeline
    from analysis.load import load_paths
    from analysis.registry.matcher import Matcher
    from analysis.registry.roles import load_roles
    from analysis.registry.table import load_registry
    from analysis.sentiment import score
    from analysis.tone import predict

    os.environ[FOUND_ENV] = "on"
    os.environ[GAZETTEER_ENV] = ""
    subset = scratch_dir() / "stories.jsonl"
    with corpus.open(encoding="utf-8") as src, subset.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, stories))
    articles = load_paths([subset], workers=1).articles
    matcher = Matcher(load_registry(), load_roles())
    matcher.find("The patterns are compiled on first use.", None)
    score("The lexicon is read on first use.")
    find_entities("Mr John Smith of Acme Corp said so.", [0])
    predict("The model loads once.", 4, 9)
    return pipeline.chunked(articles), matcher


def run(chunks, matcher) -> list[tuple]:
    from analysis import pipeline

    rows = []
    for chunk in chunks:
        rows += pipeline.analyse_chunk(chunk, matcher, True)[1]
    return rows


def without_model():
    """A context in which the pipeline's tone toward is a constant."""
    from unittest import mock

    from analysis import pipeline

    def constant(groups, compounds=None):
        return [[(0.0, "neutral")] * len(group) for group in groups]

    return mock.patch.object(pipeline, "tone_toward", constant)


def best(function) -> tuple[float, list]:
    times, out = [], []
    for _ in range(REPEATS):
        started = time.process_time()
        out = function()
        times.append(time.process_time() - started)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tone_ingest", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--stories", type=int, default=3_000, help="the first N")
    parser.add_argument("--save", type=Path, help="write toward and toward_label to FILE")
    parser.add_argument("--check", type=Path, help="compare toward and toward_label with FILE")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent")
        return 0
    chunks, matcher = prepare(args.corpus, args.stories)
    if args.save or args.check:
        got = [[r[0], r[5], r[6], *r[TOWARD : TOWARD + 2]] for r in run(chunks, matcher)]
        if args.save:
            args.save.write_text(json.dumps(got), encoding="utf-8")
            print(f"{len(got):,} mentions' tone toward written to {args.save}")
            return 0
        want = json.loads(args.check.read_text(encoding="utf-8"))
        differ = sum(a != b for a, b in zip(got, want, strict=False)) + abs(len(got) - len(want))
        print(f"{len(got):,} mentions against {len(want):,} saved: {differ:,} differ")
        return 1 if differ else 0
    with without_model():
        plain, _ = best(lambda: run(chunks, matcher))
    toned, rows = best(lambda: run(chunks, matcher))
    extra = toned - plain
    print(
        f"{args.stories:,} stories, {len(rows):,} mentions; CPU of one process\n\n"
        "| ingest | CPU s | x without |\n| --- | ---: | ---: |\n"
        f"| without the tone model | {plain:.2f} | 1.00 |\n"
        f"| with it | {toned:.2f} | {toned / plain:.2f} |\n"
        f"| the model's share | {extra:.2f} | {extra / plain:.2f} |\n\n"
        f"tone toward at ingest: {len(rows) / max(extra, 1e-9):,.0f} mentions/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
