"""Builds the gazetteer files from the sources; the same sources give the same bytes."""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from scripts.gazetteer_build import countries, people, places
from scripts.gazetteer_build.model import Entity, records, settle
from scripts.gazetteer_build.sources import MLEDOZE, ROOT, SOURCES, extract_mledoze, read

OUT = ROOT / "data" / "gazetteer"
ACTOR_COLUMNS = [
    "actor_id",
    "name",
    "kind",
    "aliases",
    "short_names",
    "demonyms",
    "affiliation",
    "ci_aliases",
    "valid_from",
    "valid_to",
    "origin",
    "source",
]
NAME_COLUMNS = ["actor_id", "name", "how", "valid_from", "valid_to"]


def build(sources: Path = SOURCES) -> dict[str, list[dict[str, str]]]:
    """The rows of each output file, keyed by file name."""
    entities, iso_ids = countries.countries(sources)
    people.organizations(entities, sources)
    sovereign = {
        iso_ids[r["cca2"]]
        for r in read(MLEDOZE, sources)
        if r["independent"] == "true" and r["cca2"] in iso_ids
    }
    people.central_banks(entities, sovereign, sources)
    roles = people.officeholders(entities, sources)
    people.wikidata_leaders(entities, sources)
    countries.dated(entities, sources)
    report = settle(entities)
    _check(entities)
    place_rows = places.places(iso_ids, sources)
    places.mark_contained(place_rows, entities)
    actor_rows = [_actor_row(e) for e in sorted(entities.values(), key=lambda e: e.actor_id)]
    name_rows = sorted(
        (
            {
                "actor_id": r.actor_id,
                "name": r.name,
                "how": r.how,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
            }
            for e in entities.values()
            for r in records(e)
        ),
        key=lambda r: (r["actor_id"], r["name"], r["how"], r["valid_from"]),
    )
    dropped = [{"name": n, "kept_by": k, "dropped_from": d} for n, k, d in report]
    return {
        "actors.csv": actor_rows,
        "names.csv": name_rows,
        "places.csv": place_rows,
        "roles.csv": roles,
        "dropped.csv": dropped,
    }


def _check(entities: dict[str, Entity]) -> None:
    for entity in entities.values():
        if entity.affiliation and entity.affiliation not in entities:
            raise ValueError(f"{entity.actor_id}: affiliation {entity.affiliation} is no entity")


def _actor_row(entity: Entity) -> dict[str, str]:
    return {
        "actor_id": entity.actor_id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": "|".join(entity.aliases),
        "short_names": "|".join(entity.short_names),
        "demonyms": "|".join(entity.demonyms),
        "affiliation": entity.affiliation,
        "ci_aliases": "",
        "valid_from": entity.valid_from,
        "valid_to": entity.valid_to,
        "origin": "gazetteer",
        "source": entity.source,
    }


COLUMNS = {
    "actors.csv": ACTOR_COLUMNS,
    "names.csv": NAME_COLUMNS,
    "places.csv": places.PLACE_COLUMNS,
    "roles.csv": people.ROLE_COLUMNS,
    "dropped.csv": ["name", "kept_by", "dropped_from"],
}


def write(tables: dict[str, list[dict[str, str]]], out: Path) -> None:
    """Write each table whole to a temporary file, then put it in place."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        tmp = out / f".{name}.tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        tmp.replace(out / name)


def summary(tables: dict[str, list[dict[str, str]]]) -> str:
    kinds = Counter(r["kind"] for r in tables["actors.csv"])
    names = Counter(r["how"] for r in tables["names.csv"])
    place_names = sum(
        1 + len([a for a in r["aliases"].split("|") if a]) for r in tables["places.csv"]
    )
    return (
        f"actors {len(tables['actors.csv'])} {dict(sorted(kinds.items()))}; "
        f"names {len(tables['names.csv'])} {dict(sorted(names.items()))}; "
        f"places {len(tables['places.csv'])} ({place_names} names); "
        f"roles {len(tables['roles.csv'])}; dropped {len(tables['dropped.csv'])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (data/gazetteer)")
    parser.add_argument(
        "--extract-mledoze",
        type=Path,
        metavar="COUNTRIES_JSON",
        help="first refresh sources/mledoze-countries.csv from a countries.json",
    )
    args = parser.parse_args(argv)
    if args.extract_mledoze:
        extract_mledoze(args.extract_mledoze, SOURCES / MLEDOZE)
    tables = build()
    write(tables, args.out)
    print(summary(tables), file=sys.stderr)
    return 0
