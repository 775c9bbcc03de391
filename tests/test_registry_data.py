"""Checks on the default actor registry, data/actors.csv (pandas only)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

ACTORS_CSV = Path(__file__).parents[1] / "data" / "actors.csv"
HEADER = [
    "actor_id", "name", "kind", "aliases", "short_names", "demonyms", "affiliation", "ci_aliases",
]  # fmt: skip
KINDS = {"person", "country", "organization", "group", "media"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

G20 = [
    ("argentina", "country"),
    ("australia", "country"),
    ("brazil", "country"),
    ("canada", "country"),
    ("china", "country"),
    ("france", "country"),
    ("germany", "country"),
    ("india", "country"),
    ("indonesia", "country"),
    ("italy", "country"),
    ("japan", "country"),
    ("mexico", "country"),
    ("russia", "country"),
    ("saudi-arabia", "country"),
    ("south-africa", "country"),
    ("south-korea", "country"),
    ("turkey", "country"),
    ("united-kingdom", "country"),
    ("united-states", "country"),
    ("european-union", "organization"),
    ("african-union", "organization"),
]

SEED_AND_OTHERS = [
    ("north-korea", "country"),
    ("ukraine", "country"),
    ("iran", "country"),
    ("israel", "country"),
    ("nato", "organization"),
    ("united-nations", "organization"),
    ("hamas", "group"),
    ("hezbollah", "group"),
    ("taliban", "group"),
]

MEDIA = [
    ("fox-news", "united-states"),
    ("usa-today", "united-states"),
    ("the-new-york-times", "united-states"),
    ("hot-air", "united-states"),
]

PEOPLE = [
    # seed article
    ("kim-jong-un", "north-korea"),
    ("vladimir-putin", "russia"),
    ("jake-sullivan", "united-states"),
    ("joe-biden", "united-states"),
    # United States
    ("donald-trump", "united-states"),
    ("kamala-harris", "united-states"),
    ("antony-blinken", "united-states"),
    # United Kingdom
    ("boris-johnson", "united-kingdom"),
    ("liz-truss", "united-kingdom"),
    ("rishi-sunak", "united-kingdom"),
    ("keir-starmer", "united-kingdom"),
    ("elizabeth-ii", "united-kingdom"),
    ("charles-iii", "united-kingdom"),
    # Japan
    ("naruhito", "japan"),
    ("shinzo-abe", "japan"),
    ("yoshihide-suga", "japan"),
    ("fumio-kishida", "japan"),
    ("shigeru-ishiba", "japan"),
    ("sanae-takaichi", "japan"),
    # Germany
    ("frank-walter-steinmeier", "germany"),
    ("angela-merkel", "germany"),
    ("olaf-scholz", "germany"),
    ("friedrich-merz", "germany"),
    # France
    ("emmanuel-macron", "france"),
    ("edouard-philippe", "france"),
    ("jean-castex", "france"),
    ("elisabeth-borne", "france"),
    ("gabriel-attal", "france"),
    ("michel-barnier", "france"),
    ("francois-bayrou", "france"),
    ("sebastien-lecornu", "france"),
    # Italy
    ("sergio-mattarella", "italy"),
    ("giuseppe-conte", "italy"),
    ("mario-draghi", "italy"),
    ("giorgia-meloni", "italy"),
    # Canada, Australia
    ("justin-trudeau", "canada"),
    ("mark-carney", "canada"),
    ("scott-morrison", "australia"),
    ("anthony-albanese", "australia"),
    # India
    ("narendra-modi", "india"),
    ("ram-nath-kovind", "india"),
    ("droupadi-murmu", "india"),
    # China
    ("xi-jinping", "china"),
    ("li-keqiang", "china"),
    ("li-qiang", "china"),
    # Russia
    ("dmitry-medvedev", "russia"),
    ("mikhail-mishustin", "russia"),
    ("sergei-lavrov", "russia"),
    ("dmitry-peskov", "russia"),
    # Koreas
    ("moon-jae-in", "south-korea"),
    ("yoon-suk-yeol", "south-korea"),
    ("lee-jae-myung", "south-korea"),
    ("kim-yo-jong", "north-korea"),
    # Brazil, Argentina, Mexico
    ("jair-bolsonaro", "brazil"),
    ("luiz-inacio-lula-da-silva", "brazil"),
    ("alberto-fernandez", "argentina"),
    ("javier-milei", "argentina"),
    ("andres-manuel-lopez-obrador", "mexico"),
    ("claudia-sheinbaum", "mexico"),
    # Indonesia, Saudi Arabia, South Africa, Turkey
    ("joko-widodo", "indonesia"),
    ("prabowo-subianto", "indonesia"),
    ("king-salman", "saudi-arabia"),
    ("mohammed-bin-salman", "saudi-arabia"),
    ("cyril-ramaphosa", "south-africa"),
    ("recep-tayyip-erdogan", "turkey"),
    # European Union, African Union
    ("ursula-von-der-leyen", "european-union"),
    ("charles-michel", "european-union"),
    ("antonio-costa", "european-union"),
    ("moussa-faki-mahamat", "african-union"),
    ("mahmoud-ali-youssouf", "african-union"),
    # Ukraine, Iran, Israel
    ("volodymyr-zelensky", "ukraine"),
    ("ali-khamenei", "iran"),
    ("hassan-rouhani", "iran"),
    ("ebrahim-raisi", "iran"),
    ("masoud-pezeshkian", "iran"),
    ("benjamin-netanyahu", "israel"),
    ("naftali-bennett", "israel"),
    ("yair-lapid", "israel"),
    ("reuven-rivlin", "israel"),
    ("isaac-herzog", "israel"),
    # NATO, United Nations
    ("jens-stoltenberg", "nato"),
    ("mark-rutte", "nato"),
    ("antonio-guterres", "united-nations"),
]

# (actor_id, string, column): strings the seed article relies on.
EXPECTED_STRINGS = [
    ("united-states", "White House", "aliases"),
    ("united-states", "Washington", "aliases"),
    ("united-states", "U.S.", "aliases"),
    ("russia", "Kremlin", "aliases"),
    ("russia", "Moscow", "aliases"),
    ("russia", "Russian", "demonyms"),
    ("north-korea", "Pyongyang", "aliases"),
    ("north-korea", "North Korean", "demonyms"),
    ("ukraine", "Ukrainian", "demonyms"),
    ("vladimir-putin", "Putin", "aliases"),
    ("joe-biden", "Biden", "aliases"),
    ("kim-jong-un", "Kim", "short_names"),
    ("jake-sullivan", "Sullivan", "short_names"),
    ("the-new-york-times", "Times", "short_names"),
    ("volodymyr-zelensky", "Zelenskyy", "aliases"),
    ("recep-tayyip-erdogan", "Erdogan", "aliases"),
    ("turkey", "Türkiye", "aliases"),
]


def _split(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return pd.read_csv(ACTORS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def by_id(actors: pd.DataFrame) -> dict[str, dict[str, str]]:
    return {row["actor_id"]: row for row in actors.to_dict("records")}


def test_registry_header_is_exact() -> None:
    first_line = ACTORS_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == ",".join(HEADER)


def test_registry_actor_ids_are_unique(actors: pd.DataFrame) -> None:
    duplicated = actors.loc[actors["actor_id"].duplicated(), "actor_id"].tolist()
    assert duplicated == []


def test_registry_actor_ids_are_slugs(actors: pd.DataFrame) -> None:
    bad = [aid for aid in actors["actor_id"] if not SLUG.match(aid)]
    assert bad == []


def test_registry_names_are_present_and_trimmed(actors: pd.DataFrame) -> None:
    bad = [name for name in actors["name"] if not name or name != name.strip()]
    assert bad == []


def test_registry_kinds_are_allowed(actors: pd.DataFrame) -> None:
    assert set(actors["kind"]) <= KINDS


def test_registry_affiliations_refer_to_existing_actors(actors: pd.DataFrame) -> None:
    ids = set(actors["actor_id"])
    dangling = [aff for aff in actors["affiliation"] if aff and aff not in ids]
    assert dangling == []


def test_registry_list_cells_have_no_blank_or_padded_entries(actors: pd.DataFrame) -> None:
    for column in ("aliases", "short_names", "demonyms"):
        for cell in actors[column]:
            if cell:
                parts = cell.split("|")
                assert all(p and p == p.strip() for p in parts), (column, cell)
                assert len(parts) == len(set(parts)), (column, cell)


def test_registry_aliases_do_not_repeat_the_name(actors: pd.DataFrame) -> None:
    bad = [
        (row["actor_id"], row["name"])
        for row in actors.to_dict("records")
        if row["name"] in _split(row["aliases"])
    ]
    assert bad == []


def test_registry_no_alias_is_claimed_by_two_actors(actors: pd.DataFrame) -> None:
    claims: defaultdict[str, set[str]] = defaultdict(set)
    for row in actors.to_dict("records"):
        for string in [row["name"], *_split(row["aliases"])]:
            claims[string].add(row["actor_id"])
    contested = {s: sorted(ids) for s, ids in claims.items() if len(ids) > 1}
    assert contested == {}


def test_registry_short_names_are_not_also_names_or_aliases(actors: pd.DataFrame) -> None:
    unambiguous = set(actors["name"])
    for cell in actors["aliases"]:
        unambiguous.update(_split(cell))
    shorts = {s for cell in actors["short_names"] for s in _split(cell)}
    assert shorts & unambiguous == set()


def test_registry_demonyms_are_not_names_or_aliases(actors: pd.DataFrame) -> None:
    unambiguous = set(actors["name"])
    for cell in actors["aliases"]:
        unambiguous.update(_split(cell))
    demonyms = [d for cell in actors["demonyms"] for d in _split(cell)]
    assert len(demonyms) == len(set(demonyms))
    assert set(demonyms) & unambiguous == set()


def test_registry_demonyms_only_for_countries(actors: pd.DataFrame) -> None:
    with_demonyms = actors.loc[actors["demonyms"] != "", "kind"]
    assert set(with_demonyms) <= {"country"}


def test_registry_every_country_has_a_demonym(actors: pd.DataFrame) -> None:
    countries = actors.loc[actors["kind"] == "country"]
    missing = countries.loc[countries["demonyms"] == "", "actor_id"].tolist()
    assert missing == []


def test_registry_every_person_has_an_affiliation(actors: pd.DataFrame) -> None:
    people = actors.loc[actors["kind"] == "person"]
    missing = people.loc[people["affiliation"] == "", "actor_id"].tolist()
    assert missing == []


def test_registry_korea_alone_names_no_actor(actors: pd.DataFrame) -> None:
    for column in ("aliases", "short_names"):
        assert all("Korea" not in _split(cell) for cell in actors[column])


@pytest.mark.parametrize(("actor_id", "kind"), G20 + SEED_AND_OTHERS)
def test_registry_has_country_or_organization(
    by_id: dict[str, dict[str, str]], actor_id: str, kind: str
) -> None:
    assert actor_id in by_id
    assert by_id[actor_id]["kind"] == kind


@pytest.mark.parametrize(("actor_id", "affiliation"), MEDIA)
def test_registry_has_media_outlet(
    by_id: dict[str, dict[str, str]], actor_id: str, affiliation: str
) -> None:
    assert actor_id in by_id
    assert by_id[actor_id]["kind"] == "media"
    assert by_id[actor_id]["affiliation"] == affiliation


@pytest.mark.parametrize(("actor_id", "affiliation"), PEOPLE)
def test_registry_has_person_with_affiliation(
    by_id: dict[str, dict[str, str]], actor_id: str, affiliation: str
) -> None:
    assert actor_id in by_id
    assert by_id[actor_id]["kind"] == "person"
    assert by_id[actor_id]["affiliation"] == affiliation


@pytest.mark.parametrize(("actor_id", "string", "column"), EXPECTED_STRINGS)
def test_registry_has_expected_surface_string(
    by_id: dict[str, dict[str, str]], actor_id: str, string: str, column: str
) -> None:
    assert string in _split(by_id[actor_id][column])
