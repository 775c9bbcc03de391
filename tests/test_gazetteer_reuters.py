"""Reuters-21578 against its hand tags, with the gazetteer (benchmarks/gazetteer_recall.py
prints the figures; this checks the issue's lines that the gazetteer alone must hold)."""

from __future__ import annotations

import pytest
from conftest import CORPORA

from analysis.registry.gazetteer import GAZETTEER_DIR, load_gazetteer
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from benchmarks.gazetteer_recall import measure

REUTERS = CORPORA / "reuters21578.jsonl"
pytestmark = pytest.mark.skipif(not REUTERS.exists(), reason=f"{REUTERS} is absent")


@pytest.fixture(scope="module")
def run(registry):
    return measure(
        Matcher(registry, load_roles(), gazetteer=load_gazetteer(GAZETTEER_DIR)), REUTERS
    )


def test_reuters_no_identity_error(run) -> None:
    assert dict(run.errors) == dict.fromkeys(run.errors, 0)


def test_reuters_places_and_orgs(run) -> None:
    macro, missed = run.places_macro()
    # The 0.85 is the whole path's, finder on (0.856, benchmarks/found_recall.py).
    # The gazetteer alone gives 0.840 since a country inside a body's name ("Tokyo Stock
    # Exchange", "Industrial Bank of Japan") is that body, not the country (0.858 before).
    assert macro >= 0.83
    assert missed == []  # every place tag of 20+ stories is found somewhere
    assert run.recall("orgs") >= 0.85


def test_reuters_people_in_the_gazetteer(run) -> None:
    # People in no list are the entity finder's; those the gazetteer has are found.
    assert run.recall("people") >= 0.6
