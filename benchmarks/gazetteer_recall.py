"""`python -m benchmarks.gazetteer_recall`: who the matcher finds in Reuters-21578, against the
collection's hand tags, with and without the world gazetteer; its speed; the ingest's.

A story tagged X counts as found when it has a mention of X's actor: the actor whose id, name
or any of whose names is the tag ("usa" -> "USA", "volcker" -> "Volcker"; an org tag also by
its first part, "ico-coffee" -> "ICO"). Identity errors are counted by the shapes the issue
names (Gerhard Stoltenberg given to Jens, "Latin America" to the United States, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis.registry.gazetteer import GAZETTEER_ENV, active_gazetteer
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry
from analysis.text import normalise

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578.jsonl"
KINDS = ("people", "places", "orgs")
LEAST = 20  # stories: the places macro recall is over tags this frequent
REPEATS = 3  # timings: the best of three


@dataclass
class Recall:
    stories: int = 0
    megabytes: float = 0.0
    match_s: float = 0.0
    mentions: int = 0
    tagged: dict[str, int] = field(default_factory=dict)  # kind -> (story, tag) pairs
    found: dict[str, int] = field(default_factory=dict)  # of those, with a mention
    unmapped: dict[str, int] = field(default_factory=dict)  # pairs whose tag is no actor's
    per_place: dict[str, tuple[int, int]] = field(default_factory=dict)  # tag -> (found, n)
    errors: Counter = field(default_factory=Counter)

    def recall(self, kind: str) -> float:
        return self.found.get(kind, 0) / max(self.tagged.get(kind, 0), 1)

    def places_macro(self) -> tuple[float, list[str]]:
        """Mean recall over place tags of LEAST+ stories, and those never found at all."""
        frequent = {t: fn for t, fn in self.per_place.items() if fn[1] >= LEAST}
        shares = [f / n for f, n in frequent.values()]
        missed = sorted(t for t, (f, _) in frequent.items() if f == 0)
        return (sum(shares) / len(shares) if shares else 0.0), missed

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.match_s if self.match_s else 0.0


def stories(path: Path = REUTERS):
    """(text, date, {kind: tags}) of each story with a body, as ingest would take it."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            body = (row.get("body") or "").strip()
            if body:
                tags = {k: list(row.get(k) or []) for k in KINDS}
                yield normalise(body), (row.get("date") or "")[:10] or None, tags


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def tag_index(matcher: Matcher) -> dict[str, set[str]]:
    """A tag's key -> the actors it may stand for (by id, name or any name of theirs)."""
    index: dict[str, set[str]] = defaultdict(set)
    for actor_id, name in matcher.names.items():
        index[_key(actor_id)].add(actor_id)
        index[_key(name)].add(actor_id)
    for name, candidates in matcher._table.items():
        for c in candidates:
            if c.actor_id in matcher.names:
                index[_key(name)].add(c.actor_id)
    return index


def _actors_of(tag: str, kind: str, index: dict[str, set[str]]) -> set[str]:
    found = index.get(_key(tag), set())
    if not found and kind == "orgs":
        found = index.get(_key(tag.split("-")[0]), set())
    return found


# The identity errors of the issue: (label, actor, what the text around the hit looks like).
ERRORS = [
    ("Stoltenberg -> Jens", "jens-stoltenberg", None),
    (
        "Latin/North/South America -> US",
        "united-states",
        re.compile(r"(?:Latin|North|South|Central)\s+$"),
    ),
    ("New Mexico / Gulf of Mexico -> Mexico", "mexico", re.compile(r"(?:New|Gulf\s+of)\s+$")),
    ("British Columbia -> UK", "united-kingdom", None),
    ("Queen Elizabeth College -> Elizabeth II", "elizabeth-ii", None),
    ("<ticker> -> actor", None, None),
]


def _errors(norm: str, hits: list[tuple], out: Counter) -> None:
    for start, end, actor_id, _ in hits:
        before, after = norm[max(0, start - 12) : start], norm[end : end + 12]
        if actor_id == "jens-stoltenberg":  # in 1987 the Stoltenberg of the news is Gerhard
            out[ERRORS[0][0]] += 1
        if actor_id == "united-states" and ERRORS[1][2].search(before):
            out[ERRORS[1][0]] += 1
        if actor_id == "mexico" and ERRORS[2][2].search(before):
            out[ERRORS[2][0]] += 1
        if actor_id == "united-kingdom" and re.match(r"\s+Columbia", after):
            out[ERRORS[3][0]] += 1
        if actor_id == "elizabeth-ii" and re.match(r"\s+College", after):
            out[ERRORS[4][0]] += 1
        if before.endswith("<") and after.startswith(">") and norm[start:end].isupper():
            out[ERRORS[5][0]] += 1


def measure(matcher: Matcher, path: Path = REUTERS, repeats: int = 1) -> Recall:
    """Match every story (one core) and score the hits against the tags; the matching time
    is the best of `repeats` passes (the host's other load only ever adds time)."""
    index = tag_index(matcher)
    out = Recall(errors=Counter({label: 0 for label, _, _ in ERRORS}))
    tagged, found, unmapped = Counter(), Counter(), Counter()
    place_n, place_found = Counter(), Counter()
    rows = list(stories(path))
    matcher.find("warm up the patterns", None)
    for text, day, tags in rows:
        started = time.perf_counter()
        hits = matcher.find(text, day)
        out.match_s += time.perf_counter() - started
        out.stories += 1
        out.megabytes += len(text.encode()) / 2**20
        out.mentions += len(hits)
        mentioned = {h[2] for h in hits}
        _errors(text, hits, out.errors)
        for kind in KINDS:
            for tag in tags[kind]:
                tagged[kind] += 1
                actors = _actors_of(tag, kind, index)
                hit = bool(actors & mentioned)
                found[kind] += hit
                unmapped[kind] += not actors
                if kind == "places":
                    place_n[tag] += 1
                    place_found[tag] += hit
    for _ in range(repeats - 1):
        started = time.perf_counter()
        for text, day, _ in rows:
            matcher.find(text, day)
        out.match_s = min(out.match_s, time.perf_counter() - started)
    out.tagged, out.found, out.unmapped = dict(tagged), dict(found), dict(unmapped)
    out.per_place = {t: (place_found[t], n) for t, n in place_n.items()}
    return out


def report(label: str, run: Recall, build_s: float) -> list[str]:
    macro, missed = run.places_macro()
    lines = [
        f"## {label}",
        f"stories {run.stories:,}, {run.megabytes:.1f} MB, mentions {run.mentions:,}",
        f"matcher built and compiled in {build_s:.1f} s; matching {run.mb_per_s:.2f} MB/s "
        f"(one core, {run.match_s:.1f} s)",
    ]
    for kind in KINDS:
        lines.append(
            f"{kind}: recall {run.recall(kind):.3f} ({run.found.get(kind, 0):,} of "
            f"{run.tagged.get(kind, 0):,} story tags; {run.unmapped.get(kind, 0):,} of no actor)"
        )
    frequent = sum(1 for _, n in run.per_place.values() if n >= LEAST)
    lines.append(
        f"places macro recall over the {frequent} tags of {LEAST}+ stories: {macro:.3f}; "
        f"never found: {', '.join(missed) or 'none'}"
    )
    lines.append("identity errors: " + ", ".join(f"{k} {v}" for k, v in run.errors.items()))
    return lines


def _built(gazetteer) -> tuple[Matcher, float]:
    started = time.perf_counter()
    matcher = Matcher(load_registry(), load_roles(), gazetteer=gazetteer)
    matcher.find("warm up the patterns", None)
    return matcher, time.perf_counter() - started


def _ingest(label: str, corpus: Path) -> list[str]:
    """The whole ingest (benchmarks/ingest_speed.py, best of REPEATS) against stock VADER alone."""
    from benchmarks.ingest_speed import measure as ingest_measure
    from benchmarks.ingest_speed import scratch_dir

    run = ingest_measure("Reuters-21578", [corpus], scratch_dir() / "reuters.db", REPEATS)
    return [
        f"## ingest, {label}",
        f"{run.articles:,} articles, {run.sentences:,} sentences, {run.mentions:,} mentions",
        f"one core {run.one_core_s:.1f} s, {run.cores} cores {run.all_cores_s:.1f} s; stock "
        f"VADER alone on one core {run.floor_s:.1f} s (ingest on {run.cores} cores / VADER: "
        f"{run.all_cores_s / run.floor_s:.2f})",
        *(
            f"re-match after '{edit}': {s:.2f} s ({s / run.all_cores_s:.0%} of the ingest)"
            for edit, s in run.rematch_s.items()
        ),
    ]


def _interleaved(matchers: list[Matcher], runs: list[Recall], path: Path) -> None:
    """Each run's matching time as the best of REPEATS passes, the matchers taking turns, so
    that the host's changing load weighs on both alike."""
    rows = [(text, day) for text, day, _ in stories(path)]
    for _ in range(REPEATS):
        for matcher, run in zip(matchers, runs, strict=True):
            started = time.perf_counter()
            for text, day in rows:
                matcher.find(text, day)
            run.match_s = min(run.match_s, time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.gazetteer_recall", description=__doc__
    )
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--ingest", action="store_true", help="time the whole ingest too (minutes)")
    parser.add_argument("--no-recall", action="store_true", help="only the ingest timings")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent")
        return 0
    if not args.no_recall:
        layers = (("registry alone", None), ("registry + gazetteer", active_gazetteer()))
        built = [(label, *_built(g)) for label, g in layers]
        runs = [measure(matcher, args.corpus) for _, matcher, _ in built]
        _interleaved([m for _, m, _ in built], runs, args.corpus)
        for (label, _, build_s), run in zip(built, runs, strict=True):
            print("\n".join(report(label, run, build_s)), flush=True)
    if args.ingest:
        for label, value in (("registry alone", "off"), ("registry + gazetteer", "")):
            os.environ[GAZETTEER_ENV] = value  # what ingest's matcher reads
            print("\n".join(_ingest(label, args.corpus)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
