"""Countries and territories: ISO 3166 (pycountry), mledoze/countries, and the curated states."""

from __future__ import annotations

import re

import pycountry

from scripts.gazetteer_build.model import Entity
from scripts.gazetteer_build.names import clip, is_latin, slug
from scripts.gazetteer_build.sources import MLEDOZE, read, split

# Capitals that in English text mostly mean something else (a person, a word, another place).
CAPITAL_DENY = {
    "Brussels",
    "Kingston",
    "Victoria",
    "Hamilton",
    "Georgetown",
    "George Town",
    "Nassau",
    "Male",
    "Douglas",
    "Stanley",
    "Jamestown",
    "Plymouth",
    "The Valley",
    "San José",
    "Sucre",
    "Saint John's",
    "St. John's",
    "Road Town",
    "West Island",
    "King Edward Point",
    "Camp Justice",
    "Washington DC",
    "Washington D.C.",
    "Flying Fish Cove",
    "Diego Garcia",
    "Adamstown",
}
# Alternative names too ambiguous to stand for one country.
NAME_DENY = {"Congo", "Korea", "Virgin Islands", "Samoa Islands", "Holy See (Vatican City State)"}
# ISO 3166-3 states that no curated row covers: taken with ISO's withdrawal date as their end.
ISO_HISTORIC = {"AN", "SK", "NH", "GE", "PZ", "PC", "AI", "CT", "JT", "MI", "WK", "PU", "NQ", "BQ"}
_CODE = re.compile(r"^[A-Z]{2,3}$")


def _usable(name: str, curated: set[str]) -> bool:
    """Whether an alternative spelling can be a name: Latin, not a bare code, not inverted."""
    if name in curated:
        return True
    return bool(
        name
        and name not in NAME_DENY
        and is_latin(name)
        and not _CODE.match(name)
        and "," not in name
        and "(" not in name
        and len(name) > 3
    )


def countries(sources) -> tuple[dict[str, Entity], dict[str, str]]:
    """The country entities by actor_id, and ISO alpha-2 -> actor_id."""
    mledoze = {r["cca2"]: r for r in read(MLEDOZE, sources)}
    curated = {r["actor_id"]: r for r in read("states.csv", sources)}
    by_iso = {r["iso2"]: r for r in curated.values() if r["iso2"]}
    entities: dict[str, Entity] = {}
    iso_ids: dict[str, str] = {}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        ml = mledoze.get(code, {})
        row = by_iso.get(code)
        name = (
            row["name"]
            if row
            else ml.get("common") or getattr(country, "common_name", None) or country.name
        )
        actor_id = row["actor_id"] if row else slug(name)
        independent = ml.get("independent") == "true"
        entity = Entity(
            actor_id, name, "country", "iso3166+mledoze", 3 if row else (2 if independent else 1)
        )
        entities[actor_id] = entity
        iso_ids[code] = actor_id
        kept = set(split(row["aliases"])) if row else set()
        alts = [
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
            country.name,
        ]
        alts += [ml.get("official", "")] + split(ml.get("alt", ""))
        entity.add("aliases", *(a for a in alts if _usable(a, kept)))
        if row:
            _apply(entity, row)
            entity.source = "curated+iso3166+mledoze"
        else:
            entity.add("demonyms", *split(ml.get("demonyms", "")))
            entity.add(
                "aliases", *(c for c in split(ml.get("capital", "")) if c not in CAPITAL_DENY)
            )
    # Kosovo has no ISO code; mledoze calls it XK.
    for actor_id, row in sorted(curated.items()):
        if actor_id in entities:
            continue
        entity = Entity(actor_id, row["name"], "country", "curated", 3)
        _apply(entity, row)
        ml = mledoze.get(row["iso2"], {})
        entity.add(
            "aliases",
            *(a for a in [ml.get("official", "")] + split(ml.get("alt", "")) if _usable(a, set())),
        )
        entities[actor_id] = entity
        if row["iso2"]:
            iso_ids[row["iso2"]] = actor_id
    for old in sorted(pycountry.historic_countries, key=lambda c: c.alpha_3):
        if old.alpha_2 not in ISO_HISTORIC:
            continue
        name = old.name.split(",")[0]
        end = (
            old.withdrawal_date
            if len(old.withdrawal_date) == 10
            else f"{old.withdrawal_date}-01-01"
        )
        entity = Entity(slug(name), name, "country", "iso3166-3", 1, valid_to=end)
        entities.setdefault(entity.actor_id, entity)
    return entities, iso_ids


def _apply(entity: Entity, row: dict[str, str]) -> None:
    """A curated row's names, metonyms (which replace the ISO capitals) and dates."""
    entity.valid_from, entity.valid_to = row["valid_from"], row["valid_to"]
    entity.add("aliases", *split(row["aliases"]), *split(row["metonyms"]))
    entity.demonyms = []
    entity.add("demonyms", *split(row["demonyms"]))
    entity.aliases = [a for a in entity.aliases if a not in entity.demonyms]


def dated(entities: dict[str, Entity], sources) -> None:
    """Apply dated_names.csv: a listed name holds only its listed spans."""
    spans: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in read("dated_names.csv", sources):
        spans.setdefault((row["actor_id"], row["name"]), []).append(
            (row["valid_from"], row["valid_to"])
        )
    for (actor_id, name), listed in sorted(spans.items()):
        entity = entities[actor_id]
        if name != entity.name and name not in entity.aliases + entity.demonyms:
            entity.add("aliases", name)
        inside = [clip(span, entity.span()) for span in listed]
        entity.spans[name] = sorted(span for span in inside if span is not None)
