"""Organisations, central banks, office holders and the roles they held."""

from __future__ import annotations

from scripts.gazetteer_build.model import Entity
from scripts.gazetteer_build.names import FAMILY_FIRST, fold, slug, surname
from scripts.gazetteer_build.sources import read, split

# A role of a state that had a predecessor: its holders before the date served the predecessor.
PREDECESSORS = {"germany": ("west-germany", "1990-10-03")}
ROLE_COLUMNS = ["role_id", "aliases", "country", "actor_id", "start", "end", "title"]


def organizations(entities: dict[str, Entity], sources) -> None:
    """The curated organisations, media and central banks (organizations.csv)."""
    for row in read("organizations.csv", sources):
        entity = Entity(
            row["actor_id"],
            row["name"],
            row["kind"],
            "curated",
            3,
            row["valid_from"],
            row["valid_to"],
            row["affiliation"],
        )
        entity.add("aliases", *split(row["aliases"]))
        entity.add("short_names", *split(row["short_names"]))
        if entity.actor_id in entities:
            raise ValueError(f"organizations.csv: {entity.actor_id} is also a country")
        entities[entity.actor_id] = entity


def central_banks(entities: dict[str, Entity], sovereign: set[str], sources) -> int:
    """A central bank for each sovereign state that the curated list leaves without one.

    Named "Central Bank of <country>" with "<demonym> central bank" forms: the pattern the
    news uses, though a bank's own name may differ (source `generated`).
    """
    rows = read("organizations.csv", sources)
    have = {r["affiliation"] for r in rows if r["category"] == "central-bank"}
    made = 0
    for actor_id in sorted(sovereign - have):
        country = entities[actor_id]
        bank = Entity(
            f"central-bank-of-{actor_id}",
            f"Central Bank of {country.name}",
            "organization",
            "generated",
            1,
            country.valid_from,
            country.valid_to,
            actor_id,
        )
        for demonym in country.demonyms:
            bank.add("aliases", f"{demonym} central bank", f"{demonym} Central Bank")
        bank.add("aliases", f"{country.name}'s central bank")
        entities[bank.actor_id] = bank
        made += 1
    return made


def officeholders(entities: dict[str, Entity], sources) -> list[dict[str, str]]:
    """Persons from officeholders.csv and their dated roles (the data/roles.csv format)."""
    offices = {r["role_id"]: r for r in read("offices.csv", sources)}
    roles = []
    latest: dict[str, tuple[str, str]] = {}  # person -> (start, affiliation) of their latest term
    for row in read("officeholders.csv", sources):
        office = offices[row["role_id"]]
        country = office["country"]
        family_first = country in FAMILY_FIRST
        person_id = row["id"] or slug(row["name"])
        person = entities.get(person_id)
        if person is None:
            person = Entity(person_id, row["name"], "person", "curated", 3)
            entities[person_id] = person
        elif person.kind != "person":
            raise ValueError(f"officeholders.csv: {person_id} is a {person.kind}")
        person.add("aliases", *split(row["aliases"]))
        shorts = split(row["short"]) or [s for s in [surname(row["name"], family_first)] if s]
        person.add("short_names", *shorts)
        term = (row["start"], row["end"])
        for honorific in split(office["honorifics"]):
            for short in shorts:
                alias = f"{honorific} {short}"
                person.add("aliases", alias)
                for form in dict.fromkeys((alias, fold(alias))):
                    person.spans.setdefault(form, []).append(term)
        affiliation = (
            entities[country].affiliation if entities[country].kind != "country" else country
        )
        affiliation = affiliation or country
        before = PREDECESSORS.get(affiliation)
        if before and (row["end"] or "9999") <= before[1]:
            affiliation = before[0]
        if row["start"] >= latest.get(person_id, ("", ""))[0]:
            latest[person_id] = (row["start"], affiliation)
        roles.append(
            {
                "role_id": row["role_id"],
                "aliases": office["aliases"],
                "country": country,
                "actor_id": person_id,
                "start": row["start"],
                "end": row["end"],
                "title": office["title"],
            }
        )
    for person_id, (_, affiliation) in latest.items():
        entities[person_id].affiliation = affiliation
    for person in entities.values():
        for alias, spans in person.spans.items():
            person.spans[alias] = sorted(set(spans))
    return sorted(roles, key=lambda r: (r["role_id"], r["start"], r["actor_id"]))


def wikidata_leaders(entities: dict[str, Entity], sources) -> int:
    """Recent heads of state and government of every country, as persons without roles.

    Wikidata gives only the years of their terms, too coarse for a dated role.
    """
    by_name = {}
    for entity in entities.values():
        if entity.kind == "country":
            for name in [entity.name, *entity.aliases]:
                by_name.setdefault(name, entity.actor_id)
    known = {n for e in entities.values() if e.kind == "person" for n in [e.name, *e.aliases]}
    made = 0
    for row in read("wikidata-leaders.csv", sources):
        country = by_name.get(row["country"]) or by_name.get(
            row["country"].removeprefix("Kingdom of ").removeprefix("the ")
        )
        name = row["officeholderLabel"]
        if country is None or name in known:
            continue
        person_id = slug(name)
        if person_id in entities:
            continue
        person = Entity(person_id, name, "person", "wikidata", 2, affiliation=country)
        short = surname(name, country in FAMILY_FIRST)
        if short:
            person.add("short_names", short)
        entities[person_id] = person
        known.add(name)
        made += 1
    return made
