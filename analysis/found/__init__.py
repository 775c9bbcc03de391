"""Entities found in any English text, with no list typed first (see README, 'Found entities').

find_entities(text, sentence_starts, claimed) -> [Found(start, end, name, kind, reason)]
entity_id(name) -> "found:<slug>";  majority_kinds([(entity_id, kind), ...]) -> {id: kind}
"""

from analysis.found.finder import Found, find_entities
from analysis.found.lexicon import FOUND_KINDS
from analysis.found.resolve import ID_PREFIX, entity_id, majority_kinds

__all__ = ["FOUND_KINDS", "ID_PREFIX", "Found", "entity_id", "find_entities", "majority_kinds"]
