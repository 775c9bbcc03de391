"""Entities of no list, wired in: found at ingest beside the registry and gazetteer, listed with
origin "found", and curated from the CLI (found -> confirmed -> renamed -> merged -> hidden)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.cli import EXIT_OK, main
from analysis.found import FOUND_ENV
from analysis.registry.gazetteer import GAZETTEER_ENV
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "tests" / "data" / "found" / "brazil_india.txt"
SEEDS = ROOT / "seeds"


@pytest.fixture
def found_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The finder and the gazetteer on (their defaults), a store of its own."""
    monkeypatch.setenv(FOUND_ENV, "on")
    monkeypatch.setenv(GAZETTEER_ENV, "")
    db = tmp_path / "s.db"
    monkeypatch.setenv("ACTORSCOPE_DB", str(db))
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)
    monkeypatch.delenv("ACTORSCOPE_ROLES", raising=False)
    return db


@pytest.fixture
def story(found_on: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["ingest", str(folder), "--published", "2024-10-14"]) == EXIT_OK
    capsys.readouterr()
    return found_on


def _run(capsys: pytest.CaptureFixture, *argv: str) -> str:
    assert main(list(argv)) == EXIT_OK
    return capsys.readouterr().out


def _jsonl(capsys: pytest.CaptureFixture, *argv: str) -> dict[str, dict]:
    rows = [json.loads(line) for line in _run(capsys, *argv).splitlines()]
    return {r["actor_id"]: r for r in rows}


def test_found_entities_are_stored_with_how_and_listed_with_origin(
    story: Path, capsys: pytest.CaptureFixture
) -> None:
    mentions = Store(str(story)).read("mentions")
    haddad = mentions[mentions["actor_id"] == "found:fernando-haddad"]
    assert len(haddad) >= 2  # the full name and the later "Haddad"
    assert set(haddad["name"]) == {"Fernando Haddad"}
    assert {schema.found_kind(h) for h in haddad["how"]} == {"person"}
    assert "Haddad" in set(haddad["surface"])
    actors = _jsonl(capsys, "actors", "list", "--format", "jsonl")
    assert actors["found:fernando-haddad"]["origin"] == schema.ORIGIN_FOUND
    assert actors["found:fernando-haddad"]["kind"] == "person"
    assert actors["brazil"]["origin"] in (schema.ORIGIN_REGISTRY, schema.ORIGIN_GAZETTEER)
    exported = pd.read_csv(__import__("io").StringIO(_run(capsys, "export", "mentions")), dtype=str)
    assert (exported["actor_id"] == "found:fernando-haddad").sum() == len(haddad)


def test_curation_from_the_cli(story: Path, capsys: pytest.CaptureFixture) -> None:
    found = _jsonl(capsys, "actors", "found", "--format", "jsonl")
    assert found["found:fernando-haddad"]["kind"] == "person"
    assert "Haddad" in found["found:fernando-haddad"]["sentence"]

    # confirmed, with a fuller name typed: a registry actor now, the found name an alias
    out = _run(
        capsys, "actors", "confirm", "found:fernando-haddad", "--name", "Fernando Haddad Filho"
    )
    assert out.startswith("confirmed fernando-haddad-filho (Fernando Haddad Filho): ")
    actors = _jsonl(capsys, "actors", "list", "--format", "jsonl")
    assert "found:fernando-haddad" not in actors
    assert actors["fernando-haddad-filho"]["origin"] == schema.ORIGIN_REGISTRY
    mentions = Store(str(story)).read("mentions")
    assert (mentions["actor_id"] == "fernando-haddad-filho").sum() >= 2
    assert not (mentions["actor_id"] == "found:fernando-haddad").any()

    # merged into an actor of the gazetteer: copied into the registry with the new alias
    other = next(a for a, r in found.items() if r["kind"] == "organization")
    name = found[other]["name"]
    _run(capsys, "actors", "merge", other, "--into", "brazil")
    registry = Store(str(story)).read("actors")
    assert name in registry.set_index("actor_id").loc["brazil", "aliases"].split("|")
    assert other not in _jsonl(capsys, "actors", "list", "--format", "jsonl")

    # hidden everywhere, and shown again
    person = next(a for a, r in found.items() if r["kind"] == "person" and "haddad" not in a)
    assert _run(capsys, "actors", "hide", person) == f"hidden: {person}\n"
    assert person not in _jsonl(capsys, "actors", "list", "--format", "jsonl")
    assert person not in _jsonl(capsys, "actors", "found", "--format", "jsonl")
    _run(capsys, "actors", "unhide", person)
    assert person in _jsonl(capsys, "actors", "found", "--format", "jsonl")


def test_confirming_what_is_not_found_is_one_line(
    story: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["actors", "confirm", "brazil"]) != EXIT_OK
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is not a found entity" in err
    assert main(["actors", "confirm", "found:nobody-at-all"]) != EXIT_OK
    assert "no found entity" in capsys.readouterr().err


def test_the_seeds_registry_actors_keep_their_counts(
    found_on: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def counts() -> pd.Series:
        mentions = Store(str(found_on)).read("mentions")
        listed = mentions[~mentions["actor_id"].str.startswith("found:")]
        return listed.groupby("actor_id").size()

    assert main(["ingest", str(SEEDS)]) == EXIT_OK
    with_found = counts()
    monkeypatch.setenv(FOUND_ENV, "off")
    assert main(["rematch"]) == EXIT_OK
    capsys.readouterr()
    assert len(with_found) == 12
    pd.testing.assert_series_equal(with_found, counts())


def test_a_workspace_brings_the_actors_only_it_mentions(
    found_on: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A hosted visitor's private articles may name gazetteer actors and found entities the
    shared corpus has not: the merged corpus has their names and kinds (no missing label)."""
    from analysis import query

    assert main(["ingest", str(SEEDS)]) == EXIT_OK
    shared = Store(str(found_on))
    private = tmp_path / "private"
    private.mkdir()
    (private / "story.txt").write_text(STORY.read_text(encoding="utf-8"), encoding="utf-8")
    ws_db = tmp_path / "ws.db"
    assert main(["--db", str(ws_db), "ingest", str(private), "--published", "2024-10-14"]) == 0
    capsys.readouterr()
    merged = query.merge(query.load_corpus(shared, shared.revision()), Store(str(ws_db)), 1)
    ids = set(merged.registry["actor_id"])
    assert set(merged.facts["actor_id"].astype(str)) <= ids
    assert merged.names["found:fernando-haddad"] == "Fernando Haddad"
    assert len(ids) == len(merged.registry)  # each actor once
    hidden = query.merge(
        query.load_corpus(shared, shared.revision()),
        Store(str(ws_db)),
        2,
        frozenset({"found:fernando-haddad"}),
    )
    assert "found:fernando-haddad" not in set(hidden.facts["actor_id"].astype(str))
    assert "found:fernando-haddad" not in set(hidden.registry["actor_id"])


def test_the_seed_gets_no_false_entity_from_its_english_words(
    found_on: Path, capsys: pytest.CaptureFixture
) -> None:
    # "We’re" (a curly apostrophe), "Axis of Evil", "VIP Member" (page furniture) were found.
    assert main(["ingest", str(SEEDS)]) == EXIT_OK
    capsys.readouterr()
    mentions = Store(str(found_on)).read("mentions")
    found = set(mentions.loc[mentions["actor_id"].str.startswith("found:"), "name"])
    assert not found & {"We’re", "We're", "Were", "Axis of Evil", "VIP Member"}
    assert not any("\u2019" in name for name in found)
