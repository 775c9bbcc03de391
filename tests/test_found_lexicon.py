"""The shipped word lists and what the finder reads of the world gazetteer."""

from __future__ import annotations

import pytest

from analysis.found import lexicon as lx


def test_the_shipped_lists_load() -> None:
    assert len(lx.lower_words()) > 60_000
    assert {"analysts", "shares", "baker", "said"} <= lx.lower_words()
    assert "Haddad" not in lx.lower_words()
    given = lx.given_names()
    assert {"Fernando", "Arthur", "Rahul", "Amit", "Narendra", "Mary", "John"} <= given
    assert not given & lx.STOP
    assert "Will" not in given
    assert "May" not in given
    assert {"Wang", "Garcia", "Nguyen"} <= lx.surnames()
    assert "Smith" not in lx.surnames()  # "smith" is a word: no evidence alone


def test_the_gazetteer_gives_kinds_when_it_is_there() -> None:
    kinds = lx.known_kinds()
    if not kinds:  # the finder works without data/gazetteer, with fewer kinds
        pytest.skip("data/gazetteer/ is absent")
    assert kinds["Brazil"] == "country"
    assert kinds["Mumbai"] == "place"
    assert kinds.get("St Louis") == kinds.get("St. Louis") == "place"
    assert "Brazilian" in lx.demonyms()


def test_the_vocabularies_do_not_overlap_where_they_would_fight() -> None:
    assert not lx.TITLES & lx.ORG_HEADS
    assert not lx.STOP & lx.TITLES
    assert set(lx.FOUND_KINDS) >= {"person", "organization", "country", "place"}
