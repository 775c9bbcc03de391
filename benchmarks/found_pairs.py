"""The same hand-read mentions before and after a change of rules (`found_recall --keys`).

A sample of every mention (`--sample N --every --seed S`) is drawn anew whenever the rules
change what is found, so two samples of one seed are two sets of mentions. `--keys FILE`
writes the drawn mentions' keys (story, span, label) when FILE is absent; when it is there,
it finds each of those mentions again in its story with the rules of now and prints it as
SAME or CHNG with what it is now (DROPPED: no mention there), to read only what changed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from analysis.found import find_entities
from analysis.registry.matcher import Matcher
from analysis.text import split_sentences
from benchmarks.gazetteer_recall import stories


def mentions(matcher: Matcher, text: str, day) -> list[tuple[int, int, str]]:
    """Every mention of a story as ingest finds it: (start, end, label)."""
    hits = matcher.find(text, day)
    starts = [s for s, _ in split_sentences(text)] or [0]
    out = [(h[0], h[1], f"{h[2]} ({h[3]})") for h in hits]
    found = find_entities(text, starts, [(h[0], h[1]) for h in hits])
    out += [(f.start, f.end, f"found {f.kind} {f.name!r}") for f in found if not f.ambiguous]
    return out


def draw(matcher: Matcher, path: Path, n: int, seed: int, stories_n: int = 1500) -> list:
    """The keys of the mentions found_recall.sample_all draws for this seed (the same picks)."""
    rng = random.Random(seed)
    bodies = list(stories(path))
    lines = []
    for i in rng.sample(range(len(bodies)), min(stories_n, len(bodies))):
        text, day, _ = bodies[i]
        lines += [(i, s, e, label) for s, e, label in mentions(matcher, text, day)]
    return rng.sample(lines, min(n, len(lines)))


def rerun(matcher: Matcher, path: Path, keys: list) -> list[str]:
    """Each kept mention as it is now: "SAME|CHNG label | context || now"."""
    bodies = list(stories(path))
    out = []
    for i, s, e, label in keys:
        text, day, _ = bodies[i]
        now = [m for m in mentions(matcher, text, day) if m[0] < e and s < m[1]]
        same = any(m[:3] == (s, e, label) for m in now)
        said = "; ".join(f"{text[a:b]!r}={lab}" for a, b, lab in now) or "DROPPED"
        context = text[max(0, s - 40) : e + 25].replace("\n", " ")
        out.append(f"{'SAME' if same else 'CHNG'} {label} | {context} || {said}")
    return out


def keys_sample(matcher: Matcher, path: Path, n: int, seed: int, keys: Path) -> list[str]:
    """Write the sample's keys to `keys` (absent), or re-run the mentions kept there."""
    if keys.exists():
        return rerun(matcher, path, json.loads(keys.read_text(encoding="utf-8")))
    drawn = draw(matcher, path, n, seed)
    keys.write_text(json.dumps(drawn), encoding="utf-8")
    return [f"{len(drawn)} keys written to {keys}"]
