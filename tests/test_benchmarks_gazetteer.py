"""benchmarks/gazetteer_recall.py on a tiny tagged corpus: recall and identity errors add up.
No time is asserted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis.registry.gazetteer import GAZETTEER_DIR, load_gazetteer
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from benchmarks.gazetteer_recall import ERRORS, _errors, measure, report

STORIES = [
    {"date": "1987-03-02T10:00:00", "body": "Treasury Secretary James Baker met Volcker in "
     "Latin America. Baker said the IMF would help.", "places": ["usa", "brazil"],
     "people": ["james-baker", "volcker"], "orgs": ["imf"]},
    {"date": "1987-03-03T10:00:00", "body": "Gerhard Stoltenberg spoke in Bonn. Stoltenberg "
     "said West Germany would act.", "places": ["west-germany"], "people": ["stoltenberg"],
     "orgs": []},
    {"date": "1987-03-04T10:00:00", "body": "", "places": ["usa"], "people": [], "orgs": []},
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reuters") / "tiny.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    return path


def test_benchmarks_gazetteer_recall_adds_up(corpus: Path, registry: pd.DataFrame) -> None:
    matcher = Matcher(registry, load_roles(), gazetteer=load_gazetteer(GAZETTEER_DIR))
    run = measure(matcher, corpus, repeats=2)
    assert run.stories == 2  # the story without a body is no story
    assert run.tagged == {"places": 3, "people": 3, "orgs": 1}
    assert run.found["orgs"] == 1
    assert run.found["places"] == 1  # West Germany; not the US ("Latin America"), not Brazil
    assert run.found["people"] >= 2  # Baker and Gerhard Stoltenberg
    assert sum(run.errors.values()) == 0
    lines = report("world", run, 0.5)
    assert any(line.startswith("places macro recall") for line in lines)


def test_benchmarks_gazetteer_counts_the_registry_errors(
    corpus: Path, registry: pd.DataFrame
) -> None:
    run = measure(Matcher(registry, load_roles(), gazetteer=None), corpus)
    assert set(run.errors) == {label for label, _, _ in ERRORS}
    # The registry alone no longer calls "Latin America" the US: a longer proper name blocks
    # the one inside it (analysis.registry.candidates), with or without the gazetteer.
    assert sum(run.errors.values()) == 0
    # What the benchmark counts, on the hits the registry alone gave before that rule.
    text = STORIES[0]["body"]
    start = text.index("America")
    hits = [(start, start + len("America"), "united-states", "alias")]
    counted = Counter({label: 0 for label, _, _ in ERRORS})
    _errors(text, hits, counted)
    assert counted["Latin/North/South America -> US"] == 1
    assert sum(counted.values()) == 1
