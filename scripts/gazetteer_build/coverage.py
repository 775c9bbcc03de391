"""Share of a tagged corpus's tag values that the gazetteer covers (Reuters-21578's tags).

A place tag is covered when an actor with that id or name ("usa" -> "USA") is valid on
1987-06-01; an org tag likewise, or when its first part is an org's short name ("ico-coffee");
a people tag when it is a person's id or short name ("volcker").
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from scripts.gazetteer_build.sources import ROOT

OUT = ROOT / "data" / "gazetteer"  # not build.OUT: this needs no build-only package
CORPUS = ROOT.parent.parent / "shared" / "corpora" / "reuters21578.jsonl"
DAY = "1987-06-01"


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def tag_counts(corpus: Path) -> dict[str, Counter]:
    counts = {k: Counter() for k in ("places", "people", "orgs")}
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            for field, counter in counts.items():
                counter.update(story.get(field) or [])
    return counts


def coverage(
    corpus: Path, gazetteer: Path = OUT, least: int = 20
) -> dict[str, tuple[int, int, list]]:
    """field -> (covered, total, the uncovered tags) over tags with at least `least` stories."""
    with open(gazetteer / "names.csv", encoding="utf-8", newline="") as handle:
        names = list(csv.DictReader(handle))
    kinds = {}
    with open(gazetteer / "actors.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kinds[row["actor_id"]] = row["kind"]
    valid: dict[str, set[str]] = {"country": set(), "org": set(), "person": set()}
    for row in names:
        group = {"country": "country", "person": "person"}.get(kinds[row["actor_id"]], "org")
        open_span = (row["valid_from"] or "0000") <= DAY < (row["valid_to"] or "9999")
        if group == "person" or open_span:
            valid[group] |= {_key(row["name"]), _key(row["actor_id"])}
    out = {}
    for field, group in (("places", "country"), ("orgs", "org"), ("people", "person")):
        tags = [t for t, n in tag_counts(corpus)[field].items() if n >= least]
        missed = [
            t
            for t in tags
            if _key(t) not in valid[group]
            and not (field == "orgs" and _key(t.split("-")[0]) in valid[group])
        ]
        out[field] = (len(tags) - len(missed), len(tags), sorted(missed))
    return out


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    for field, (hit, total, missed) in coverage(path).items():
        print(f"{field}: {hit}/{total} ({hit / total:.0%}); not covered: {', '.join(missed)}")
