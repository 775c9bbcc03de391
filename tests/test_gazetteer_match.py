"""Matching with the world gazetteer under the registry (analysis/registry/gazetteer.py,
candidates.py): dated names, blockers, the identity rules, the registry on top."""

from __future__ import annotations

import json
import pickle
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.cli import EXIT_OK, main
from analysis.pipeline import analyse
from analysis.registry.gazetteer import (
    GAZETTEER_DIR,
    GAZETTEER_ENV,
    active_gazetteer,
    gazetteer_dir,
    layered,
    load_gazetteer,
    valid_on,
)
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.sync import registry_digest
from analysis.registry.table import validate_registry

pytestmark = pytest.mark.skipif(
    not (GAZETTEER_DIR / "actors.csv").exists(), reason="no data/gazetteer/ in this checkout"
)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(GAZETTEER_DIR)


@pytest.fixture(scope="module")
def world(registry: pd.DataFrame, gazetteer) -> Matcher:
    """The real registry, roles and gazetteer: what the app matches with by default."""
    return Matcher(registry, load_roles(), gazetteer=gazetteer)


def hits(matcher: Matcher, text: str, day: str | None) -> list[tuple[str, str, str]]:
    return [(text[s:e], a, how) for s, e, a, how in matcher.find(text, day)]


def actors(matcher: Matcher, text: str, day: str | None) -> list[str]:
    return [a for _, a, _ in hits(matcher, text, day)]


# --- the seed ---------------------------------------------------------------------------------


def test_gazetteer_seed_keeps_its_12_actors_and_counts(
    monkeypatch: pytest.MonkeyPatch, registry: pd.DataFrame, seed_articles: pd.DataFrame
) -> None:
    monkeypatch.setenv(GAZETTEER_ENV, "")  # the default: data/gazetteer/ on
    assert active_gazetteer() is not None
    _, with_gazetteer = analyse(seed_articles, Matcher(registry, load_roles()), workers=1)
    _, alone = analyse(seed_articles, Matcher(registry, load_roles(), gazetteer=None), workers=1)
    counts = Counter(with_gazetteer["actor_id"].tolist())
    assert counts == Counter(alone["actor_id"].tolist())
    assert len(counts) == 12
    # The same sentences name the same actors; only a surface may grow ("President Biden",
    # the gazetteer's dated alias, where the registry matched "Biden").
    where = ["sent_idx", "actor_id"]
    pd.testing.assert_frame_equal(with_gazetteer[where], alone[where])


# --- dated names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("1987-03-01", ["west-germany", "soviet-union", "soviet-union"]),  # Georgia: the US state
        ("2020-03-01", ["germany", "russia", "georgia"]),
        (None, ["germany", "russia", "georgia"]),  # no date: the names of today
    ],
)
def test_gazetteer_names_match_on_their_dates(world: Matcher, day, expected) -> None:
    assert actors(world, "Germany, Moscow, Georgia, Soviet Union", day) == expected


def test_gazetteer_valid_on_spans() -> None:
    import datetime as dt

    spans = ((dt.date(1949, 5, 23), dt.date(1990, 10, 3)),)
    assert valid_on(spans, dt.date(1987, 1, 1))
    assert not valid_on(spans, dt.date(1990, 10, 3))  # the end is the first day out
    assert not valid_on(spans, None)  # ended: not a name of today
    assert valid_on(None, None)
    assert valid_on(((dt.date(1990, 10, 3), None),), None)


# --- the identity rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Latin America",
        "North American",
        "New Mexico",
        "the Gulf of Mexico",
        "British Columbia",
        "Bank of America",
        "American Express",
        "Queen Elizabeth College",
        "Rockwell <ROK> rose",
        "Credit Commercial de France split its shares",
        "the Royal Bank of Canada",
        "the Development Bank of the Philippines",
        # a body's head after the place's name, capitalised words between
        "seats on the Tokyo Stock Exchange",
        "a listing on the Tokyo\nStock Exchange",
        "said the Japan Chamber of Commerce and Industry",
        # a firm's or a club's words before "of"
        "Aluminum Co of America said",
        "Yamakawa Manufacturing Corp of\nAmerica said",  # over a wrapped line
        "the National Press Club of Japan",
        # a longer name holds the gazetteer's: an English word capitalised mid-sentence
        "a loan from the Industrial Bank of Japan",
        # a firm's unit named by a country: a firm's own word or a legal form before it
        "the public offering Amoco Canada plans",
        "it sold Sunbeam Corp Ltd Australia",
        "    Texaco Canada said in its annual report",  # a firm's own word opening a line
        "the state-owned Zambia Consolidated Copper Mines",  # a firm's head after the name
        # a demonym, then a body's head that is no state's bank
        "the Canadian Imperial Bank of Commerce said",
        "Canadian Imperial Bank added that",
        # a place in brackets in a firm's unit's name, a legal form after
        "Victa (U.K.) Ltd said",
        # a country's initials or a name opening a firm's: a legal form or a network after
        "U.S. Video Vending Corp said it would",
        "terms were not disclosed, USA Network said",
        "it owns 60 pct of Bermuda Star's shares",  # a firm's word and a possessive after
    ],
)
def test_gazetteer_blockers_and_institutions_name_no_actor(world: Matcher, text: str) -> None:
    assert hits(world, text, "1987-03-01") == []


def test_gazetteer_acronyms_in_title_case_and_initials_without_the_last_stop(
    world: Matcher,
) -> None:
    text = "An emergency Opec meeting; Nato allies; trade with the U.S and Canada."
    assert actors(world, text, "1987-03-01") == ["opec", "nato", "united-states", "canada"]
    # An acronym that is an English word in title case is that word: "Aids" is no AIDS.
    assert hits(world, "Aids to navigation were cut.", "1987-03-01") == []


def test_gazetteer_a_country_after_lower_case_words_is_the_country(world: Matcher) -> None:
    text = "A bank of France lent more; the Government of Canada agreed."
    assert actors(world, text, "1987-03-01") == ["france", "canada"]


def test_gazetteer_a_longer_name_blocks_only_when_its_words_are_a_name(world: Matcher) -> None:
    # a government's own body is the country's; a sentence's first capital is no name's word;
    # initials are no place's name that a body holds
    text = "The Japan Finance Ministry said. Japan and the Bank of Japan agreed."
    assert actors(world, text, "1987-03-01") == ["japan", "japan", "bank-of-japan"]
    text = "Officials said the U.S. Chamber of Commerce agreed."
    assert actors(world, text, "1987-03-01") == ["united-states"]
    # a state's bank is the country's; a month or a surname before a country is no firm's
    text = "It said the Peruvian Central Bank agreed, since the February Paris accord."
    assert actors(world, text, "1987-03-01") == ["peru", "france"]
    assert actors(world, "Sales in Japan (Tokyo) rose.", "1987-03-01") == ["japan", "japan"]
    text = "He told Secretary of State George Shultz China's troubles were over."
    assert "china" in actors(world, text, "1987-03-01")


def test_gazetteer_the_longest_name_wins_and_the_short_one_still_counts(world: Matcher) -> None:
    text = "Mexico and New Mexico; Queen Elizabeth College and Queen Elizabeth; ROK troops."
    assert actors(world, text, "1987-03-01") == ["mexico", "elizabeth-ii", "south-korea"]


def test_gazetteer_surname_only_after_the_full_name(world: Matcher) -> None:
    assert hits(world, "Stoltenberg said.", "1987-03-01") == []
    text = "West German Finance Minister Gerhard Stoltenberg spoke. Stoltenberg said."
    assert actors(world, text, "1987-03-01")[-2:] == ["gerhard-stoltenberg"] * 2
    text = "Jens Stoltenberg of NATO spoke. Stoltenberg said."
    assert actors(world, text, "2020-03-01") == ["jens-stoltenberg", "nato", "jens-stoltenberg"]


def test_gazetteer_another_given_name_is_another_person(world: Matcher) -> None:
    text = "Jens Stoltenberg met Fred Stoltenberg. Mr Stoltenberg said."
    assert hits(world, text, "2020-03-01") == [
        ("Jens Stoltenberg", "jens-stoltenberg", schema.HOW_NAME),
        ("Stoltenberg", "jens-stoltenberg", schema.HOW_SHORT),  # after a title, not a name
    ]


def test_gazetteer_two_bakers(world: Matcher) -> None:
    text = "James Baker met Howard Baker. Secretary Baker said."
    assert hits(world, text, "1987-03-01") == [
        ("James Baker", "james-baker", schema.HOW_NAME),
        ("Baker", "james-baker", schema.HOW_SHORT),
    ]


def test_gazetteer_organisations_with_acronyms(world: Matcher) -> None:
    text = "The European Community, the IMF, the World Bank, OPEC, GATT, the OECD and the Fed."
    assert actors(world, text, "1987-03-01") == [
        "european-community", "imf", "world-bank", "opec", "gatt", "oecd", "federal-reserve",
    ]  # fmt: skip


# --- the registry on top ----------------------------------------------------------------------

ROWS = [
    {"actor_id": "india", "name": "Bharat Republic", "kind": "country"},
    {"actor_id": "acme", "name": "Acme", "kind": "organization", "aliases": "Kremlin"},
]


def test_gazetteer_registry_row_overrides_and_keeps_the_gazetteer_names(gazetteer) -> None:
    registry = validate_registry(pd.DataFrame(ROWS).fillna(""))
    matcher = Matcher(registry, gazetteer=gazetteer)
    assert matcher.names["india"] == "Bharat Republic"
    # The registry row lacks "New Delhi": the gazetteer's name still counts.
    assert actors(matcher, "Bharat Republic and New Delhi", "2020-01-01") == ["india", "india"]
    # A name the registry gives another actor is that actor's.
    assert actors(matcher, "the Kremlin", "2020-01-01") == ["acme"]
    both = layered(registry, gazetteer)
    assert list(both.columns) == list(schema.LAYERED_ACTORS)
    assert both["actor_id"].is_unique
    origin = dict(zip(both["actor_id"], both["origin"], strict=True))
    assert (origin["india"], origin["acme"], origin["russia"]) == (
        schema.ORIGIN_REGISTRY, schema.ORIGIN_REGISTRY, schema.ORIGIN_GAZETTEER,
    )  # fmt: skip


def test_gazetteer_registry_edit_changes_few_names(registry: pd.DataFrame, world: Matcher) -> None:
    """A registry edit re-matches what it can reach (Change), not the gazetteer's names."""
    shoigu = {"actor_id": "sergei-shoigu", "name": "Sergei Shoigu", "kind": "person"}
    edited = validate_registry(pd.concat([registry, pd.DataFrame([shoigu])]).fillna(""))
    change = Matcher(edited, load_roles(), gazetteer=load_gazetteer(GAZETTEER_DIR)).changes_since(
        world
    )
    assert "Sergei Shoigu" in change.forms
    assert len(change.forms) < 50


def test_gazetteer_matcher_pickles(world: Matcher) -> None:
    text = "Gerhard Stoltenberg met the IMF in Bonn. Stoltenberg said. Latin America."
    again = pickle.loads(pickle.dumps(world))
    assert again.find(text, "1987-03-01") == world.find(text, "1987-03-01")


# --- turning it on and off --------------------------------------------------------------------


def test_gazetteer_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(GAZETTEER_ENV, "off")
    assert gazetteer_dir() is None
    assert active_gazetteer() is None
    monkeypatch.setenv(GAZETTEER_ENV, "")
    assert gazetteer_dir() == GAZETTEER_DIR
    monkeypatch.setenv(GAZETTEER_ENV, str(tmp_path))  # a folder without one: none
    assert active_gazetteer() is None


def test_gazetteer_small_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A gazetteer of one's own: actors.csv alone (names from its cells), a place blocker."""
    (tmp_path / "actors.csv").write_text(
        "actor_id,name,kind,aliases,short_names,demonyms,affiliation,ci_aliases,valid_from,"
        "valid_to\nruritania,Ruritania,country,Strelsau,,Ruritanian,,,1900-01-01,\n",
        encoding="utf-8",
    )
    (tmp_path / "places.csv").write_text(
        "place_id,name,aliases,kind,country,population,valid_from,valid_to,contains,source\n"
        "new-ruritania,New Ruritania,,province,,,,,ruritania,test\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(GAZETTEER_ENV, str(tmp_path))
    gaz = active_gazetteer()
    assert gaz is not None
    matcher = Matcher(validate_registry(pd.DataFrame(ROWS[:1]).fillna("")))
    assert (
        actors(matcher, "Ruritania, Strelsau, Ruritanians, New Ruritania", None)
        == ["ruritania"] * 3
    )
    digest = registry_digest(matcher.registry)
    monkeypatch.setenv(GAZETTEER_ENV, "off")
    assert registry_digest(matcher.registry) != digest  # turning it off re-matches


def test_gazetteer_cli_actors_list_jsonl(
    monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path, registry: pd.DataFrame
) -> None:
    monkeypatch.setenv(GAZETTEER_ENV, "")
    monkeypatch.setenv("ACTORSCOPE_DB", str(tmp_path / "store.db"))
    monkeypatch.setattr("analysis.ingest.SEEDS", tmp_path / "no-seeds")
    (tmp_path / "no-seeds").mkdir()
    assert main(["actors", "list", "--format", "jsonl"]) == EXIT_OK
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_id = {r["actor_id"]: r for r in rows}
    assert len(by_id) == len(rows)
    # An empty store has found nothing yet (tests/test_found_wired.py lists found entities)
    assert {r["origin"] for r in rows} == {schema.ORIGIN_REGISTRY, schema.ORIGIN_GAZETTEER}
    assert by_id["united-states"]["origin"] == schema.ORIGIN_REGISTRY
    assert (by_id["west-germany"]["kind"], by_id["west-germany"]["origin"]) == (
        "country", schema.ORIGIN_GAZETTEER,
    )  # fmt: skip
    assert [r["actor_id"] for r in rows][: len(registry)] == registry["actor_id"].tolist()
