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


@pytest.mark.parametrize(
    "text",
    [
        "It is a target of Sun Chemical Corp, analysts said.",  # a day's abbreviation cut it
        "Shares of Analysis and Technology Inc rose.",  # its first word a sentence's capital
    ],
)
def test_a_firm_cut_from_its_first_words_is_not_emitted(text: str) -> None:
    got = names(text)
    assert "Chemical" not in got
    assert "Technology" not in got


def test_a_possessive_before_a_body_does_not_cut_it() -> None:
    text = "Officials said Brazil's Finance Ministry agreed."
    assert names(text)["Finance Ministry"] == "organization"


def test_words_beside_places_and_grades() -> None:
    assert names("Cane acreage in Guangxi and Yunnan fell.")["Yunnan"] == "place"
    text = "Amoco said Wyoming Southwest Sweet, Colorado Western, and two Utah grades rose."
    got = names(text)
    assert "Colorado Western" not in got
    assert "Wyoming Southwest Sweet" not in got


def test_a_title_word_before_a_given_name_is_not_the_name() -> None:
    assert names("The deal, said Lawyer David Steel, was fair.") == {"David Steel": "person"}


def test_partners_names_joined_by_and_are_one_firm_only_with_a_firm_cue() -> None:
    assert names("The engine maker Pratt and Whitney said it would cut jobs.") == {
        "Pratt and Whitney": "organization"
    }
    got = names("Officials said Reagan and Baker met on Monday.")
    assert got == {"Reagan": "person", "Baker": "person"}


def test_a_name_in_its_own_language_keeps_its_conjunction() -> None:
    got = names("He bought shares of Yapi ve Kredi Bankasi on Monday.")
    assert got == {"Yapi ve Kredi Bankasi": "organization"}


def test_a_firm_named_by_a_country_is_no_person() -> None:
    assert names("    Texaco Canada said in its annual report it would.") == {
        "Texaco Canada": "organization"
    }


def test_a_title_and_a_body_before_a_name_are_not_the_name() -> None:
    text = "Banks differ.     EPA Administrator Lee Thomas said the rules were sound."
    assert names(text) == {"Lee Thomas": "person"}


def test_a_legal_form_last_is_no_person_and_a_code_no_entity() -> None:
    text = "The subsidiary of Volkswagen A.G. said the plant will be built."
    assert names(text) == {"Volkswagen A.G.": "organization"}
    assert "XZAP" not in names("Trading rose, the LCE said. (XZAP 1151) Prices fell.")


def test_a_plural_or_a_things_noun_is_no_cue() -> None:
    text = "Lotus said CD-ROM's will be cheap. A new kind of CD-ROM player was shown."
    assert "CD-ROM" not in names(text)


def test_english_words_and_city_are_a_firm_and_of_a_place_stays_a_place() -> None:
    assert names("To raise cash, First City said it may sell units.") == {
        "First City": "organization"
    }
    text = "He left after the ruling family of Sharjah said its ruler would go."
    assert names(text) == {"Sharjah": "place"}
