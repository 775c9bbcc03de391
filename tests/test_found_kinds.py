"""The kind of each found name and the reason shown for it."""

from __future__ import annotations

import pytest
from found_helpers import found, names

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
        ("The plan, Kowalczyk said he thought, was sound.", "Kowalczyk", "person", "speech said"),
        ("Prices rose. Conrail said the rates would rise.", "Conrail", "organization", "speaks"),
        (
            "Lead manager Salomon Brothers International said so.",
            "Salomon Brothers International",
            "organization",
            "suffix Brothers",
        ),
        (
            "The bonus was made to Cargill, Inc and will be paid.",
            "Cargill",
            "organization",
            "suffix Inc",
        ),
        ("Banks pressed Dome to sell. Dome said it would.", "Dome", "organization", "company"),
        ("A JAL spokesman in Toyko said no.", "Toyko", "place", "preposition in"),
        ("It bought Westfiar Funding Corp of Armonk, N.Y., for cash.", "N.Y.", "place", ""),
        (
            "The Bank Board regulates Savings and Loan Associations.",
            "Savings and Loan Associations",
            "organization",
            "head Associations",
        ),
        (
            "Rates rose. Protective Life Corp said it would buy.",
            "Protective Life Corp",
            "organization",
            "suffix Corp",
        ),
        (
            "Sales fell, the data showed. Central Statistical Board data showed it.",
            "Central Statistical Board",
            "organization",
            "head Board",
        ),
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


def test_words_opening_a_sentence_before_a_body_are_not_its_name() -> None:
    # The first words end in no suffix before "of": "Officials" stays the sentence's capital.
    text = "Prices rose. Officials of Ford Motor Co said no."
    assert [text[f.start : f.end] for f in found(text)] == ["Ford Motor Co"]


def test_firms_named_by_towns_and_people_joined_over_and() -> None:
    # partners' names before "and Co": the whole firm, from the first name on
    text = "The company named Kidder, Peabody and Co Inc as lead manager."
    assert [(f.name, f.kind) for f in found(text)] == [("Kidder, Peabody", "organization")]
    text = "It was priced, said sole manager\nBear, Stearns and Co.\n  The notes"
    assert [f.name for f in found(text)] == ["Bear, Stearns"]
    text = "He met Ford, Chrysler and General Motors Corp on Monday."
    assert "General Motors" in [f.name for f in found(text)]
    text = "It sold units through Rosenkrantz Lyon and Ross Inc on Monday."
    assert [f.name for f in found(text)] == ["Rosenkrantz Lyon and Ross"]
    text = "Ashland Oil Inc rose. Ashland said it would sell."
    assert {f.name for f in found(text)} == {"Ashland Oil"}
    text = "It bought U.S. Medical Enterprises Inc. in May."
    assert [f.name for f in found(text)] == ["U.S. Medical Enterprises"]


def test_paragraphs_demonyms_and_a_place_after_of_are_no_ones_name() -> None:
    text = "It was set in April by Avimo Singapore Ltd.\n    Wong said turnover rose."
    assert "Avimo Singapore" in {f.name for f in found(text)}
    text = "Senate Republican Leader Robert Dole of Kansas said so."
    assert [(f.name, f.kind) for f in found(text)] == [
        ("Robert Dole", "person"),
        ("Kansas", "place"),
    ]
    assert names("It sold it to Klukwan Inc, an Alaskan native cooperative.") == {
        "Klukwan": "organization"
    }
    assert names("It sued in Wilmington, Del., on Monday.")["Delaware"] == "place"
    assert names("Jansher won. Jansher said that he was tired.") == {"Jansher": "person"}


def test_products_rivers_and_joined_trades() -> None:
    text = "It makes 50 kilowatts of AC electricity. Migration to OS/2 is slow. NASA launched it."
    assert [f.name for f in found(text)] == ["NASA"]
    assert names("TNT officials declined to comment.") == {"TNT": "organization"}
    assert names("The ship grounded in the Orinoco river.") == {"Orinoco": "place"}
    assert found("It sold wheat for June-July delivery.") == []
    text = "Prices rose. Kaiser Aluminum and Chemical Corp said it is increasing prices."
    assert names(text) == {"Kaiser Aluminum and Chemical": "organization"}
    text = "It merged its unit into Diamond Shamrock Refining and Marketing Co before May."
    assert names(text) == {"Diamond Shamrock Refining and Marketing": "organization"}


def test_firms_joined_over_and_and_a_possessive_of_their_own() -> None:
    text = "Prices rose. Alex Brown and Sons Inc said an Americus Trust rose."
    assert "Alex Brown and Sons" in names(text)
    text = "It was filed against Puget Sound Power and Light Co and others."
    assert names(text) == {"Puget Sound Power and Light": "organization"}
    text = "Prices rose. IBM and Apple Inc agreed."
    assert names(text) == {"IBM": "organization", "Apple": "organization"}
    text = "Prices rose. Tidewater Oil Co and Loop Inc agreed."
    assert names(text) == {"Tidewater Oil": "organization", "Loop": "organization"}
    text = "Nauman Barakat, analyst at McCarthy, Crisanti and Maffei Inc, said so."
    assert "McCarthy, Crisanti and Maffei" in names(text)  # the firm's three partners
    text = "There were no ratings by Moody's Investors Service Inc or others."
    assert names(text) == {"Moody's Investors Service": "organization"}
    assert "Imperial Oil" in names("Shares of Exxon's Imperial Oil Ltd rose.")


def test_a_place_nouns_of_a_letters_firm_and_a_citys_adjective() -> None:
    assert names("It improved an airport on the island of Sardinia.") == {"Sardinia": "place"}
    assert names("K Mart Corp said its record fiscal 1986 net rose.") == {"K Mart": "organization"}
    assert found("It was circulated to several Parisian stockbrokers.") == []


def test_a_number_and_a_title_compound_are_no_names() -> None:
    assert found("Dyecast alloy No. Three is now 52.5 cents a lb.") == []
    text = "The commander, Major-General Nikolai Sherbatov, spoke. Sherbatov said no."
    assert {f.name for f in found(text)} == {"Nikolai Sherbatov"}


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


@pytest.mark.parametrize(
    "text",
    [
        "We\u2019re sure of it, and I\u2019m too. We're glad.",  # contractions, either apostrophe
        "He warned of an Axis of Evil in the region.",  # "of" and English words: no person
        "Join the conversation as a VIP Member today.",  # page furniture of English words
        "The rise was seen in the Third World, the study said.",
        "NOTE: figures exclude AIDS spending and GDP grew.",  # words in capitals, terms
        "Qtly div 12 cts vs 12 cts prior.",  # a table's first word, written once
        "The Ministry said the Commission would act, the Co added.",  # lone heads, legal forms
    ],
)
def test_no_entity_in_english_words_with_capitals(text: str) -> None:
    assert found(text) == []


def test_a_body_goes_on_over_and_to_its_common_words() -> None:
    text = "The Securities and Exchange Commission sued Merrill Lynch and Co on Monday."
    got = {text[f.start : f.end]: (f.name, f.kind) for f in found(text)}
    assert got["Securities and Exchange Commission"][1] == "organization"
    assert got["Merrill Lynch and Co"] == ("Merrill Lynch", "organization")


def test_two_bodies_joined_by_and_stay_two() -> None:
    text = "Talks between Brazil and the Bank of England, then KeyCorp and Banc One Corp. merged."
    got = [text[f.start : f.end] for f in found(text)]
    assert {"Brazil", "Bank of England", "Banc One Corp."} <= set(got)


def test_a_companys_first_word_is_the_company() -> None:
    text = "Shares of Ford Motor Co rose. Later, Ford said it would hire."
    fords = [f for f in found(text) if text[f.start : f.end] == "Ford"]
    assert [(f.name, f.kind) for f in fords] == [("Ford Motor", "organization")]


def test_a_place_named_by_an_english_word_needs_its_place() -> None:
    assert names("Sales rose in Bath last year.").get("Bath") == "place"
    assert "Western" not in names("Western nations met. The western allies agreed.")
    assert "North American" not in names("North American sales rose.")


def test_names_in_angle_brackets_are_one_company() -> None:
    text = "Lead underwriters <Donaldson, Lufkin and Jenrette> and <Hambrecht and Quist> said so."
    got = {text[f.start : f.end]: (f.name, f.kind, f.reason) for f in found(text)}
    assert got["Donaldson, Lufkin and Jenrette"][1:] == ("organization", "angle brackets")
    assert got["Hambrecht and Quist"][1] == "organization"
    assert "Lufkin" not in got


def test_a_persons_firm_is_not_the_person() -> None:
    text = "Seemala said Ivan Boesky left. Boesky and Co noteholders would seek more."
    firm = [f for f in found(text) if text[f.start : f.end] == "Boesky and Co"]
    assert [(f.name, f.kind) for f in firm] == [("Boesky", "organization")]


@pytest.mark.parametrize(
    "text",
    [
        "MTH  6.43  -  6.31 2  MTH  6.50  -  6.37",  # a table's labels
        "Ratings were cut to BB-plus from A-minus.",  # grades
        "Federal funds rose. The MPs met at last.",  # an adjective; a title's plural
        "Mr Solomon is Director of Corporate Strategy.",  # a title's field
        "The 50 European Currency Unit coins went on sale.",  # a demonym and English words
    ],
)
def test_no_entity_in_tables_grades_and_titles(text: str) -> None:
    assert [text[f.start : f.end] for f in found(text)] in ([], ["Solomon"])


def test_a_state_abbreviation_after_a_town_is_the_state() -> None:
    assert (
        names("The investor is Mason Slaine, Cos Cob, Mass., a banker.").get("Massachusetts")
        == "place"
    )
    got = names("It offers service between Burbank, Calif., and Lakewood, Ga., from May.")
    assert got == {
        "Burbank": "place",
        "California": "place",
        "Lakewood": "place",
        "Georgia": "place",
    }


def test_a_compound_adjective_is_cut_off_and_suffixes_join() -> None:
    text = "Numac Oil and Gas Ltd said so. The company said Detroit-based Faygo, a bottler, agreed."
    got = {text[f.start : f.end]: f.name for f in found(text)}
    assert got == {"Numac Oil and Gas Ltd": "Numac Oil and Gas", "Faygo": "Faygo"}


def test_slashes_join_one_firm() -> None:
    # a letter alone and a slash open the firm's name; two names over a slash, one firm
    text = "It was awarded to M/A-Com Inc and MGM/UA Communications Co bought it."
    assert [f.name for f in found(text)] == ["M/A-Com", "MGM/UA Communications"]


def test_a_surname_of_a_body_is_a_person_and_the_body() -> None:
    text = "Prices rose, said Siedenburg of Smith Barney Harris Upham."
    assert [f.name for f in found(text)] == ["Siedenburg", "Smith Barney Harris Upham"]
    text = "It agreed to buy Coulson of Texas Inc on Monday."
    assert [f.name for f in found(text)] == ["Coulson of Texas"]
    # an English word or a known name before "of" keeps the name whole
    text = "It sold them to Lloyds of London and the Industrial Bank of Japan."
    assert "Industrial Bank of Japan" in [f.name for f in found(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The MTNs were sold on Monday.",
        "Note: Year-ago results were restated.",
        "Patients infected with the AIDS-causing virus.",
        "The bonds were sold in the Euromarket on Monday.",
        "Moody's said it cut the debt to Caa from Baa3.",
    ],
)
def test_terms_in_capitals_are_no_entities(text: str) -> None:
    assert found(text) == []


def test_a_compound_in_capitals_is_still_a_firm() -> None:
    text = "Shareholders of Scan-Graphics said so."
    assert [f.name for f in found(text)] == ["Scan-Graphics"]


def test_a_place_in_brackets_of_a_firms_unit_is_no_place() -> None:
    text = "Hoare Govett (Far East) Ltd and Nikko Securities Co (Europe) Ltd lead it."
    assert "East" not in [f.name for f in found(text)]
    assert "Europe" not in [f.name for f in found(text)]


def test_grades_days_and_a_compass_before_of() -> None:
    assert names("It sold West Texas Intermediate and Brent Blend on Monday.") == {}
    assert names("Trading runs Mondays to Thursdays, it said.") == {}
    assert names("The attack began northeast of Qasr-e-Shirin at dawn.") == {
        "Qasr-e-Shirin": "place"
    }


def test_a_surname_and_a_firm_never_named_apart_are_one_firm() -> None:
    text = "It sold accounts to Lomas and Nettleton Financial Corp on Monday."
    assert names(text) == {"Lomas and Nettleton Financial": "organization"}
    text = "Talks between KeyCorp and Banc One Corp. went on."  # no surname first: two
    assert names(text) == {"KeyCorp": "organization", "Banc One": "organization"}


def test_a_compass_word_before_a_word_of_no_list_makes_it_a_region() -> None:
    assert names("Two projects in eastern Java were cut.") == {"Java": "place"}
    assert names("Rains hit northern Luzon on Monday.") == {"Luzon": "place"}


def test_a_partys_members_are_the_party() -> None:
    got = names("Chancellor Kohl's Christian Democrats won the vote on Sunday.")
    assert got["Christian Democrats"] == "organization"
