"""Entities found in any English text, with no list typed first (see README, 'Found entities').

find_entities(text, sentence_starts, claimed) -> [Found(start, end, name, kind, reason)]
entity_id(name) -> "found:<slug>";  majority_kinds([(entity_id, kind), ...]) -> {id: kind}
"""

import os

from analysis.found.finder import Found, find_entities
from analysis.found.ids import ID_PREFIX, entity_id, majority_kinds
from analysis.found.lexicon import FOUND_KINDS

__all__ = [
    "FINDER_VERSION", "FOUND_ENV", "FOUND_KINDS", "ID_PREFIX", "Found", "entity_id",
    "find_entities", "found_on", "majority_kinds",
]  # fmt: skip

# "off" (or 0/no/false) finds the listed actors only (the registry's and the gazetteer's).
FOUND_ENV = "ACTORSCOPE_FOUND"
# Part of the registry's digest: a finder that finds otherwise matches the stored articles again.
FINDER_VERSION = "15"


def found_on() -> bool:
    """Whether entities of no list are found ($ACTORSCOPE_FOUND, on unless "off")."""
    return os.environ.get(FOUND_ENV, "").strip().lower() not in {"off", "0", "no", "false"}
