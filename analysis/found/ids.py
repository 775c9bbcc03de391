"""One entity across articles: a found name's stable id, and the kind most of its mentions had
(analysis.found.resolve names each entity within its article)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from analysis.found import lexicon as lx

ID_PREFIX = "found:"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def entity_id(name: str) -> str:
    """A stable id for a found name: 'found:' and the name's ASCII slug."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_.lower()).strip("-")
    return ID_PREFIX + (slug or "x" + name.encode().hex()[:16])


def majority_kinds(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """entity id -> the kind most of its mentions were guessed as (ties: FOUND_KINDS order)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for eid, kind in pairs:
        counts[eid][kind] += 1
    order = {k: i for i, k in enumerate(lx.FOUND_KINDS)}
    return {
        eid: min(c, key=lambda k: (-c[k], order.get(k, len(order)))) for eid, c in counts.items()
    }
