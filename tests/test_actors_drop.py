"""Names taken out of the registry (Matcher.changes_since's Change.drop, Matcher.hits_to_drop):
the old hits less those of the dropped names are the new matcher's hits, whenever
hits_to_drop says so, and an article without a hit of a dropped name does not change."""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from registry_cells import minus

from analysis.registry.change import Change
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry, split_list

ROLES = load_roles()
# (actor_id, column, name) that an edit may take out.
REMOVABLE = [
    ("russia", "aliases", "Moscow"),
    ("russia", "aliases", "Kremlin"),
    ("russia", "aliases", "Russian Federation"),
    ("russia", "demonyms", "Russian"),
    ("united-states", "aliases", "Washington"),
    ("united-states", "aliases", "U.S."),
    ("north-korea", "aliases", "Pyongyang"),
    ("ukraine", "aliases", "Kyiv"),
]
WORDS = [
    "Moscow", "MOSCOW", "moscow", "Kremlin", "Kremlin leader", "Russia", "Russian", "Russians",
    "Russian Federation", "Russian\nFederation", "Russian President", "Moscow State",
    "Washington", "U.S.", "U.S. president", "the U.S.", "American", "United States",
    "Pyongyang", "pyongyang", "north korea", "North Korea", "Kyiv", "Ukraine", "Kim Jong Un",
    "Kim", "Vladimir Putin", "Putin", "Joe Biden", "the President", "The president",
    "the Prime Minister", "President", "said", "met", "in", "of", "and", ".", ",", "\n",
]  # fmt: skip
DAYS = [None, "2016-03-01", "2023-05-01"]


def without(registry: pd.DataFrame, removed: list[tuple[str, str, str]]) -> pd.DataFrame:
    return functools.reduce(lambda r, name: minus(r, *name), removed, registry)


@pytest.fixture(scope="module")
def old() -> Matcher:
    return Matcher(load_registry(), ROLES)


@pytest.fixture(scope="module")
def edits() -> dict[tuple, tuple[Matcher, Change]]:
    """A matcher for each set of removed names tried, with its Change (each built once)."""
    return {}


def _edit(old: Matcher, edits: dict, removed: tuple) -> tuple[Matcher, Change]:
    if removed not in edits:
        new = Matcher(without(old.registry, list(removed)), ROLES)
        edits[removed] = (new, new.changes_since(old))
    return edits[removed]


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    removed=st.sets(st.sampled_from(REMOVABLE), min_size=1, max_size=3),
    day=st.sampled_from(DAYS),
)
def test_actors_drop_hits_taken_out_are_the_new_hits(
    old: Matcher, edits: dict, words: list[str], removed: set, day: str | None
) -> None:
    new, change = _edit(old, edits, tuple(sorted(removed)))
    assume(change.drop is not None)
    text = " ".join(words)
    hits = old.find(text, day)
    dropped_hits = [h for h in hits if change.drop.hit(text[h[0] : h[1]], h[3])]
    if not dropped_hits and not change.forms - change.drop.names and not change.actors:
        assert new.find(text, day) == hits  # such articles are not even read
    gone = new.hits_to_drop(text, day, hits, change.drop)
    if gone is not None:
        assert gone == dropped_hits
        assert [h for h in hits if h not in gone] == new.find(text, day)


def test_actors_drop_of_an_alias(old: Matcher) -> None:
    new = Matcher(without(old.registry, [("russia", "aliases", "Moscow")]), ROLES)
    change = new.changes_since(old)
    assert change.drop is not None
    assert change.drop.names == {"Moscow"}
    assert change.drop.losing == {"russia"}
    assert "vladimir-putin" in change.drop.watched  # of Russia: his hits name it too
    text = "Putin spoke in Moscow. The President smiled; Moscow said nothing."
    hits = old.find(text, "2023-05-01")
    assert [
        text[s:e] for s, e, _, _ in new.hits_to_drop(text, "2023-05-01", hits, change.drop)
    ] == [
        "Moscow",
        "Moscow",
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Officials in Russian Federation offices.", "a shorter name starts inside the hit"),
        ("Officials in Moscow. The President spoke.", "the only name of Russia, and a title"),
    ],
)
def test_actors_drop_falls_back_to_matching_again(old: Matcher, text: str, why: str) -> None:
    removed = [("russia", "aliases", "Moscow"), ("russia", "aliases", "Russian Federation")]
    new = Matcher(without(old.registry, removed), ROLES)
    drop = new.changes_since(old).drop
    hits = old.find(text, "2023-05-01")
    assert new.hits_to_drop(text, "2023-05-01", hits, drop) is None, why
    # Without a date no title resolves: taking the hit out is then enough.
    if "President" in text:
        assert new.hits_to_drop(text, None, old.find(text, None), drop) is not None


def test_actors_drop_only_firm_names_of_actors_without_short_names(old: Matcher) -> None:
    registry = old.registry
    # Kim Jong Un has the short name "Kim": where his hits are decides what "Kim" names.
    kim = registry["actor_id"] == "kim-jong-un"
    assert split_list(registry.loc[kim, "short_names"].iloc[0])
    with_alias = registry.copy()
    with_alias.loc[kim, "aliases"] = "Marshal Kim Jong Un"
    new = Matcher(registry, ROLES)
    assert new.changes_since(Matcher(with_alias, ROLES)).drop is None
    # Any-case names are left to matching again.
    new = Matcher(without(registry, [("north-korea", "ci_aliases", "pyongyang")]), ROLES)
    assert new.changes_since(old).drop is None
