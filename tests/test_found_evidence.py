"""Found names emitted only with evidence: acronyms, units, shared nouns, labels, terms."""

from __future__ import annotations

import pytest
from found_helpers import names


@pytest.mark.parametrize(
    "text",
    [
        "He said the LIFO method was used for the new plant.",  # an acronym nothing explains
        "The bank said the CD operation was small.",
        "The company said it had boosted CD-ROM sales.",  # a product's acronym
        "Imports dropped to 4.31 billion Taka in October.",  # a currency after an amount
        "It said when cooled to 91 degrees Kelvin, the wire lost resistance.",  # a unit
        "Rep. Ed Jones, D-Tenn., chairman of the House panel, spoke.",  # party and state
        "The loan carries a spread of Libor plus 3/8 pct.",  # a term in another case
        "It sold dollars for Special Drawing Rights, the spokesman said.",  # a term, no speaker
    ],
)
def test_no_entity_without_evidence(text: str) -> None:
    assert not {n for n in names(text) if n not in ("Ed Jones",)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The deal was cleared by the CADE in April.", "CADE"),  # an agent
        ("He met SEC officials on Monday.", "SEC"),  # its people
        ("It said that the UMOA's members would gain.", "UMOA"),  # its possessive
        ("Prices rose. NASA launched it on Friday.", "NASA"),  # it acts
        ("Prices rose. IBM and Apple Inc agreed.", "IBM"),  # listed beside a firm
    ],
)
def test_acronym_with_a_cue_is_kept(text: str, name: str) -> None:
    assert names(text).get(name) == "organization"


def test_acronym_spelled_out_without_brackets_is_the_body() -> None:
    text = "The Commodity Credit Corporation, CCC, accepted a bid. The CCC bought wheat."
    assert names(text) == {"Commodity Credit Corporation": "organization"}


def test_first_of_two_places_sharing_a_noun_is_no_place() -> None:
    text = "Declines were reported in Central and South America and in Europe."
    assert "Central" not in names(text)


def test_a_politician_label_is_no_entity() -> None:
    text = "House Speaker Jim Wright, a Texas Democrat, is one of them."
    assert names(text) == {"Jim Wright": "person"}
