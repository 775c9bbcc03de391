"""The kind of each found name and the reason shown for it."""

from __future__ import annotations

import pytest
from found_helpers import found

from analysis.found.kinds import STRENGTH, strength


def kind_of(text: str, surface: str) -> tuple[str, str]:
    for f in found(text):
        if text[f.start : f.end] == surface:
            return f.kind, f.reason
    raise AssertionError(f"{surface!r} not found in {[text[f.start : f.end] for f in found(text)]}")


@pytest.mark.parametrize(
    ("text", "surface", "kind", "reason"),
    [
        ("Shares of Tecnisa Inc. rose on Monday.", "Tecnisa Inc.", "organization", "suffix Inc."),
        ("The Ministry of Mines said output fell.", "Ministry of Mines", "organization", "head"),
        ("He joined the Progressistas party in May.", "Progressistas", "organization", "followed"),
        ("He spoke to Mr Lanzetta on Monday.", "Lanzetta", "person", "title Mr"),
        ("Earlier, Sen. Okafor voted against it.", "Okafor", "person", "title Sen"),
        ("The plan, Kowalczyk said, was sound.", "Kowalczyk", "person", "speech said"),
        ("The plan was backed by Teodoro Kwiatek.", "Teodoro Kwiatek", "person", "first name"),
        ("It was Vardanyan, a spokesman for the firm.", "Vardanyan", "person", "appositive"),
        ("The deal was cleared by the CADE in April.", "CADE", "organization", "acronym"),
        ("The boats sailed into the Gulf of Carpentaria.", "Gulf of Carpentaria", "place", "place"),
        ("Talks were held in Brasilia and Mumbai.", "Mumbai", "place", "gazetteer"),
        ("Prices fell in Japan.", "Japan", "country", "gazetteer"),
        ("Zendrox said it would cut 300 jobs.", "Zendrox", "organization", "company"),
        ("At stumps it was Kent 280, Surrey 312 for six.", "Surrey", "organization", "team"),
        ("Economists at Brandvik Sachs said so.", "Brandvik Sachs", "organization", "member of"),
        ("Leaders of the Group of 20 met in Rome.", "Group of 20", "organization", ""),
    ],
)
def test_kind_and_reason(text: str, surface: str, kind: str, reason: str) -> None:
    got_kind, got_reason = kind_of(text, surface)
    assert got_kind == kind
    assert got_reason.startswith(reason)


def test_an_institution_named_after_a_person_is_an_organisation() -> None:
    assert kind_of("He taught at Queen Elizabeth College.", "Queen Elizabeth College")[0] == (
        "organization"
    )


def test_demonyms_and_events_are_not_entities() -> None:
    text = "Brazilian and Indian fans watched the World Cup and the Asian Games."
    assert [text[f.start : f.end] for f in found(text)] == []


def test_a_title_alone_names_no_one() -> None:
    assert found("The President said on Monday the Minister would resign.") == []


def test_a_capitalised_common_word_alone_is_not_an_entity() -> None:
    assert found("The report was sent to the Group on Monday.") == []


def test_every_reason_has_a_strength_and_stronger_reasons_win() -> None:
    assert strength("gazetteer") > strength("title Minister") > strength("speech said")
    assert strength("suffix Inc.") == STRENGTH["suffix"]
    assert strength("acronym of Bharatiya Janata Party") == STRENGTH["acronym of"]
    assert strength("no such reason") == 0


def test_in_a_sports_report_cities_and_counties_are_teams_and_grounds_places() -> None:
    text = (
        "CRICKET - ENGLISH COUNTY RESULTS\n\nLONDON 1996-08-30\n\nKent beat Surrey at Canterbury."
    )
    kinds = {(text[f.start : f.end], f.kind) for f in found(text)}
    assert ("Surrey", "organization") in kinds
    assert ("Kent", "organization") in kinds
    assert ("Canterbury", "place") in kinds
    # The same names in a story that is not a sports report stay places.
    plain = "Floods hit Surrey and Kent on Monday."
    assert {f.kind for f in found(plain)} == {"place"}


def test_codes_numerals_and_the_byline_are_not_entities() -> None:
    text = "Prices of Level IV and X-1986 grain were 2.40 dlrs FOB.\n Reuter"
    assert found(text) == []


def test_compound_adjectives_are_not_entities() -> None:
    assert found("A New York-based fund and Kremlin-backed media bid.") == []
