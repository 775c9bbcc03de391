"""The build's entities and dated names, and the rule that settles a name two entities claim."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from scripts.gazetteer_build.names import fold, overlaps

NAME, ALIAS, SHORT, DEMONYM = "name", "alias", "short", "demonym"
FIRM = (NAME, ALIAS, DEMONYM)  # the kinds of name that must name one entity at a time


@dataclass
class Entity:
    actor_id: str
    name: str
    kind: str
    source: str
    rank: int  # who wins a shared name: higher wins (curated 3, sovereign 2, other 1)
    valid_from: str = ""
    valid_to: str = ""
    affiliation: str = ""
    aliases: list[str] = field(default_factory=list)
    short_names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    # name -> its dated spans, where they differ from the entity's
    spans: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def span(self) -> tuple[str, str]:
        return (self.valid_from, self.valid_to)

    def add(self, bucket: str, *names: str) -> None:
        """Add names (and their accent-free forms) to `aliases`, `short_names` or `demonyms`."""
        target = getattr(self, bucket)
        for raw in names:
            for name in dict.fromkeys((raw.strip(), fold(raw.strip()))):
                if name and name != self.name and name not in target:
                    target.append(name)


@dataclass(frozen=True)
class NameRecord:
    actor_id: str
    name: str
    how: str
    valid_from: str
    valid_to: str

    def span(self) -> tuple[str, str]:
        return (self.valid_from, self.valid_to)


def records(entity: Entity) -> list[NameRecord]:
    """Every name of the entity with the spans it holds it."""
    out = []
    for how, names in (
        (NAME, [entity.name]),
        (ALIAS, entity.aliases),
        (SHORT, entity.short_names),
        (DEMONYM, entity.demonyms),
    ):
        for name in names:
            for start, end in entity.spans.get(name, [entity.span()]):
                out.append(NameRecord(entity.actor_id, name, how, start, end))
    return out


def settle(entities: dict[str, Entity]) -> list[tuple[str, str, str]]:
    """Take out of the entities every firm name that two of them hold at once.

    The higher rank keeps it; at equal rank both lose it (the name is ambiguous). An
    entity's own `name` is never taken away: the other entity loses it whatever the ranks.
    Returns (name, kept_by or '', lost_by) for the build report.
    """
    holders: dict[str, list[NameRecord]] = defaultdict(list)
    for entity in entities.values():
        for rec in records(entity):
            if rec.how in FIRM:
                holders[rec.name].append(rec)
    lost: dict[str, set[str]] = defaultdict(set)  # actor_id -> names it loses
    report = []
    for name in sorted(holders):
        recs = holders[name]
        if len({r.actor_id for r in recs}) < 2:
            continue
        for i, a in enumerate(recs):
            for b in recs[i + 1 :]:
                if a.actor_id == b.actor_id or not overlaps(a.span(), b.span()):
                    continue
                ea, eb = entities[a.actor_id], entities[b.actor_id]
                key_a = (a.how == NAME, ea.rank)
                key_b = (b.how == NAME, eb.rank)
                if key_a > key_b:
                    lost[b.actor_id].add(name)
                    report.append((name, a.actor_id, b.actor_id))
                elif key_b > key_a:
                    lost[a.actor_id].add(name)
                    report.append((name, b.actor_id, a.actor_id))
                else:
                    lost[a.actor_id].add(name)
                    lost[b.actor_id].add(name)
                    report.append((name, "", a.actor_id))
                    report.append((name, "", b.actor_id))
    for actor_id, names in lost.items():
        entity = entities[actor_id]
        if entity.name in names:
            raise ValueError(f"{actor_id}: its own name {entity.name!r} is claimed twice")
        entity.aliases = [n for n in entity.aliases if n not in names]
        entity.demonyms = [n for n in entity.demonyms if n not in names]
    return sorted(set(report))
