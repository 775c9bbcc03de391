"""`python -m benchmarks.found_recall`: who the registry, the world gazetteer and the finder of
entities in no list (analysis.found) find in Reuters-21578, against the collection's hand tags.

Each story is matched as ingest matches it (analysis.pipeline._mentions: the matcher, then the
finder in what the matcher left). A story tagged X counts as recalled when one of its mentions
is X: a registry or gazetteer actor the tag names (by id, name or any name, as
benchmarks/gazetteer_recall.py maps them), or a mention whose actor's name is the tag's:
"james-baker" is "James Baker" (or "James A. Baker"), a surname ("reagan", "de-clercq") is any
name ending with it ("Ronald Reagan", "Willy De Clercq"), an organisation's tag may be a name's
initials ("ec" is "European Community") or its first part ("ico-coffee" -> "ICO"). People
recall is reported with and without the finder; places are macro recall over tags of 20+
stories. `--ingest` times the whole ingest of every story on every core with the finder on,
against stock VADER alone (vaderSentiment's polarity_scores) on one core over the same
sentences (minutes); `--ingest-only` times that alone, in a fresh process, as a CLI's ingest
starts (nothing read before it).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import itertools
import os
import pstats
import random
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis.found import FOUND_ENV, find_entities
from analysis.registry.gazetteer import GAZETTEER_ENV, active_gazetteer
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry
from analysis.text import split_sentences
from benchmarks.found_pairs import keys_sample
from benchmarks.gazetteer_recall import KINDS, LEAST, REUTERS, _actors_of, _key, stories, tag_index

_SMALL = frozenset({"of", "the", "and", "for", "de", "&"})


@dataclass
class Run:
    stories: int = 0
    megabytes: float = 0.0
    match_s: float = 0.0
    find_s: float = 0.0
    mentions: int = 0
    found_mentions: int = 0
    tagged: Counter = field(default_factory=Counter)
    recalled: Counter = field(default_factory=Counter)
    per_place: dict[str, list[int]] = field(default_factory=dict)  # tag -> [found, stories]
    missed_people: Counter = field(default_factory=Counter)

    def recall(self, kind: str) -> float:
        return self.recalled[kind] / max(self.tagged[kind], 1)

    def places_macro(self) -> tuple[float, int, list[str]]:
        frequent = {t: fn for t, fn in self.per_place.items() if fn[1] >= LEAST}
        shares = [f / n for f, n in frequent.values()]
        missed = sorted(t for t, (f, _) in frequent.items() if f == 0)
        return (sum(shares) / len(shares) if shares else 0.0), len(frequent), missed


def name_keys(name: str) -> set[str]:
    """The keys a tag may match a name by: the whole name, its last word (a surname tag),
    first and last words (a middle initial left out), its initials (an acronym tag)."""
    words = [w for w in name.replace("-", " ").split() if w]
    if not words:
        return set()
    keys = {_key(" ".join(words[i:])) for i in range(len(words))}  # "de-clercq", "reagan"
    if len(words) > 2:
        keys.add(_key(words[0] + words[-1]))
    solid = [w for w in words if w.lower() not in _SMALL]
    if len(solid) > 1:
        keys.add("".join(w[0] for w in solid).casefold())
    return keys


def tag_keys(tag: str, kind: str) -> set[str]:
    keys = {_key(tag)}
    if kind == "orgs":
        keys.add(_key(tag.split("-")[0]))
    return keys


def measure(matcher: Matcher, finder: bool, path: Path = REUTERS) -> Run:
    index = tag_index(matcher)
    names = matcher.names
    run = Run()
    matcher.find("warm up the patterns", None)
    for text, day, tags in stories(path):
        run.stories += 1
        run.megabytes += len(text.encode()) / 2**20
        started = time.process_time()
        hits = matcher.find(text, day)
        run.match_s += time.process_time() - started
        actors = {h[2] for h in hits}
        keys: set[str] = set()
        for actor_id in actors:
            keys |= name_keys(names[actor_id])
        if finder:
            started = time.process_time()
            starts = [s for s, _ in split_sentences(text)] or [0]
            found = [
                f for f in find_entities(text, starts, [(h[0], h[1]) for h in hits])
                if not f.ambiguous
            ]  # fmt: skip
            run.find_s += time.process_time() - started
            run.found_mentions += len(found)
            for f in found:
                keys |= name_keys(f.name)
        run.mentions += len(hits)
        for kind in KINDS:
            for tag in tags[kind]:
                hit = bool(_actors_of(tag, kind, index) & actors) or bool(
                    tag_keys(tag, kind) & keys
                )
                run.tagged[kind] += 1
                run.recalled[kind] += hit
                if kind == "people" and not hit:
                    run.missed_people[tag] += 1
                if kind == "places":
                    counts = run.per_place.setdefault(tag, [0, 0])
                    counts[0] += hit
                    counts[1] += 1
    return run


def report(label: str, run: Run) -> list[str]:
    macro, frequent, missed = run.places_macro()
    lines = [
        f"## {label}",
        f"stories {run.stories:,}, {run.megabytes:.1f} MB; matcher mentions {run.mentions:,}, "
        f"found mentions {run.found_mentions:,}",
        f"matching {run.megabytes / max(run.match_s, 1e-9):.2f} MB/s ({run.match_s:.1f} s CPU, "
        "one process)",
    ]
    if run.find_s:
        lines.append(
            f"finding (sentence split included) {run.megabytes / run.find_s:.2f} MB/s "
            f"({run.find_s:.1f} s CPU, one process)"
        )
    for kind in KINDS:
        lines.append(
            f"{kind}: recall {run.recall(kind):.3f} ({run.recalled[kind]:,} of "
            f"{run.tagged[kind]:,} story tags)"
        )
    lines.append(
        f"places macro recall over the {frequent} tags of {LEAST}+ stories: {macro:.3f}; "
        f"never found: {', '.join(missed) or 'none'}"
    )
    top = ", ".join(f"{t} {n}" for t, n in run.missed_people.most_common(12))
    lines.append(f"people tags most often missed: {top or 'none'}")
    return lines


def ingest_times(corpus: Path) -> list[str]:
    """The whole ingest on every core with the finder on, against stock VADER on one core."""
    from analysis.ingest import ingest
    from analysis.load import load_paths
    from analysis.sentiment import analyzer
    from analysis.store import Store
    from analysis.text import normalise
    from benchmarks.ingest_speed import scratch_dir

    os.environ[FOUND_ENV] = "on"
    os.environ[GAZETTEER_ENV] = ""
    cores = os.cpu_count() or 1
    store = Store(str(scratch_dir() / "found.db"))
    started, cpu = time.perf_counter(), _cpu()
    loaded = load_paths([corpus], workers=cores)
    summary = ingest(store, loaded, load_registry(), workers=cores, roles=load_roles())
    taken, ingest_cpu = time.perf_counter() - started, _cpu() - cpu
    sentences = [normalise(s) for s in store.sentence_texts()["text"]]
    store.close()
    polarity = analyzer().polarity_scores
    started, cpu = time.perf_counter(), time.process_time()
    for sentence in sentences:
        polarity(sentence)
    vader, vader_cpu = time.perf_counter() - started, time.process_time() - cpu
    return [
        "## ingest, registry + gazetteer + finder",
        f"{summary.added:,} articles, {summary.sentences:,} sentences, {summary.mentions:,} "
        f"mentions",
        f"ingest on {cores} cores {taken:.1f} s; stock VADER alone on one core {vader:.1f} s "
        f"(ingest / VADER: {taken / vader:.2f})",
        f"CPU: ingest {ingest_cpu:.1f} s over every process (/ {cores} cores: "
        f"{ingest_cpu / cores:.1f} s); stock VADER {vader_cpu:.1f} s "
        f"(ingest CPU / {cores} / VADER CPU: {ingest_cpu / cores / vader_cpu:.2f}); "
        f"load average {os.getloadavg()[0]:.1f}",
    ]


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (the worker processes)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def sample(matcher: Matcher, path: Path, n: int, seed: int, stories_n: int = 1500) -> list[str]:
    """`n` random found mentions of `stories_n` random bodies, one a line with its context, to be
    read by hand: "kind name | ...before[[surface]]after"."""
    rng = random.Random(seed)
    bodies = [row for row in stories(path)]
    lines = []
    for text, day, _ in rng.sample(bodies, min(stories_n, len(bodies))):
        hits = matcher.find(text, day)
        starts = [s for s, _ in split_sentences(text)] or [0]
        for f in find_entities(text, starts, [(h[0], h[1]) for h in hits]):
            if not f.ambiguous:
                before = text[max(0, f.start - 45) : f.start].replace("\n", " ")
                after = text[f.end : f.end + 30].replace("\n", " ")
                surface = text[f.start : f.end].replace("\n", " ")
                lines.append(f"{f.kind:12s} {f.name!r:34.34s} | ...{before}[[{surface}]]{after}")
    return rng.sample(lines, min(n, len(lines)))


def sample_all(matcher: Matcher, path: Path, n: int, seed: int, stories_n: int = 1500) -> list[str]:
    """`n` random mentions of every origin (the registry's and the gazetteer's hits, and found
    entities), one a line: "actor_id how | ...before[[surface]]after", to read by hand for
    wrong identities (the issue's measure: a mention given to the wrong entity)."""
    rng = random.Random(seed)
    bodies = [row for row in stories(path)]
    lines = []

    def line(who: str, start: int, end: int, text: str) -> str:
        before = text[max(0, start - 45) : start].replace("\n", " ")
        after = text[end : end + 30].replace("\n", " ")
        return f"{who:40.40s} | ...{before}[[{text[start:end]}]]{after}".replace("\n", " ")

    for text, day, _ in rng.sample(bodies, min(stories_n, len(bodies))):
        hits = matcher.find(text, day)
        starts = [s for s, _ in split_sentences(text)] or [0]
        for h in hits:
            lines.append(line(f"{h[2]} ({h[3]})", h[0], h[1], text))
        for f in find_entities(text, starts, [(h[0], h[1]) for h in hits]):
            if not f.ambiguous:
                lines.append(line(f"found {f.kind} {f.name!r}", f.start, f.end, text))
    return rng.sample(lines, min(n, len(lines)))


def headlines_found(path: Path, limit: int = 20_000) -> tuple[int, int]:
    """(headlines, found mentions) over the first `limit` rows of a CSV's headline_text."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [r["headline_text"] for r in itertools.islice(csv.DictReader(handle), limit)]
    return len(rows), sum(len(find_entities(text, [0])) for text in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.found_recall", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--ingest", action="store_true", help="time the whole ingest (minutes)")
    parser.add_argument(
        "--ingest-only",
        action="store_true",
        help="only --ingest, in this fresh process (nothing read before it: a CLI's start)",
    )
    parser.add_argument("--profile", action="store_true", help="profile the finder's pass")
    parser.add_argument("--sample", type=int, default=0, help="print N found mentions to read")
    parser.add_argument(
        "--every", action="store_true", help="--sample draws from every mention, not found ones"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--keys", type=Path, help="with --sample --every: write the sample's keys, or re-run them"
    )
    parser.add_argument("--headlines", type=Path, help="count found entities in a headline CSV")
    args = parser.parse_args(argv)
    if args.headlines is not None:
        if args.headlines.exists():
            rows, found = headlines_found(args.headlines)
            print(f"{rows:,} headlines, {found:,} found mentions")
        return 0
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent")
        return 0
    if args.ingest_only:
        print("\n".join(ingest_times(args.corpus)), flush=True)
        return 0
    matcher = Matcher(load_registry(), load_roles(), gazetteer=active_gazetteer())
    if args.sample and args.every and args.keys is not None:
        print("\n".join(keys_sample(matcher, args.corpus, args.sample, args.seed, args.keys)))
        return 0
    if args.sample and args.every:
        print("\n".join(sample_all(matcher, args.corpus, args.sample, args.seed)))
    elif args.sample:
        print("\n".join(sample(matcher, args.corpus, args.sample, args.seed)))
        return 0
    print("\n".join(report("registry + gazetteer", measure(matcher, False, args.corpus))))
    if args.profile:
        profile = cProfile.Profile()
        run = profile.runcall(measure, matcher, True, args.corpus)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    else:
        run = measure(matcher, True, args.corpus)
    print("\n".join(report("registry + gazetteer + finder", run)), flush=True)
    if args.ingest:
        print("\n".join(ingest_times(args.corpus)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
