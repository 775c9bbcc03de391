"""One name per entity: surnames, acronyms and capitals within an article; ids across them."""

from __future__ import annotations

from found_helpers import found, names

from analysis.found import ID_PREFIX, entity_id, majority_kinds


def test_a_later_surname_resolves_to_the_full_name_given_earlier() -> None:
    text = "Finance Minister Fernando Haddad spoke on Monday. Haddad said taxes would fall."
    got = [(text[f.start : f.end], f.name, f.kind) for f in found(text)]
    assert ("Haddad", "Fernando Haddad", "person") in got


def test_a_surname_two_people_share_is_not_guessed() -> None:
    text = (
        "James Baker met Howard Baker in Washington on Monday. Baker said the talks had gone well."
    )
    baker = [f for f in found(text) if text[f.start : f.end] == "Baker"]
    assert len(baker) == 1
    assert baker[0].ambiguous
    assert baker[0].name == "Baker"
    assert "Howard Baker" in baker[0].reason
    assert "James Baker" in baker[0].reason


def test_a_family_name_first_resolves_too() -> None:
    text = "Premier Wang Jintao arrived on Monday. Wang met the governor."
    assert [f.name for f in found(text) if text[f.start : f.end] == "Wang"] == ["Wang Jintao"]


def test_a_middle_name_resolves_to_the_full_name() -> None:
    text = "President Luiz Inacio Lula da Silva spoke. Later Lula left for Rome."
    lula = [f for f in found(text) if text[f.start : f.end] == "Lula"]
    assert [f.name for f in lula] == ["Luiz Inacio Lula da Silva"]


def test_an_acronym_spelled_out_resolves_to_the_full_name() -> None:
    text = (
        "The Partido Renovador Democratico (PRD) won the vote. "
        "Leaders of the PRD celebrated in Lisbon."
    )
    prd = [f for f in found(text) if text[f.start : f.end] == "PRD"]
    assert {f.name for f in prd} == {"Partido Renovador Democratico"}
    assert {f.kind for f in prd} == {"organization"}


def test_a_headline_in_capitals_takes_the_bodys_spelling() -> None:
    text = "KOWALCZYK QUITS AS MINISTER\n\nJan Kowalczyk resigned on Monday, Kowalczyk said."
    names = {f.name for f in found(text)}
    assert "Jan Kowalczyk" in names
    assert "KOWALCZYK" not in names


def test_one_kind_per_name_within_an_article() -> None:
    text = "Zendrox said it would cut jobs. Analysts at Oslo doubted Zendrox."
    kinds = {f.kind for f in found(text) if f.name == "Zendrox"}
    assert kinds == {"organization"}


def test_entity_ids_are_stable_slugs() -> None:
    assert entity_id("Fernando Haddad") == "found:fernando-haddad"
    assert entity_id("São Paulo") == entity_id("Sao Paulo") == "found:sao-paulo"
    assert entity_id("Fernando  Haddad") == entity_id("fernando haddad")
    assert entity_id("北京").startswith(ID_PREFIX)
    assert len(entity_id("北京")) > len(ID_PREFIX)
    assert found("Finance Minister Fernando Haddad spoke.")[0].entity_id == "found:fernando-haddad"


def test_the_kind_across_articles_is_the_majority() -> None:
    pairs = [("found:vale", "organization")] * 3 + [("found:vale", "place")]
    pairs += [("found:tie", "place"), ("found:tie", "person")]
    assert majority_kinds(pairs) == {"found:vale": "organization", "found:tie": "person"}


def test_a_company_is_one_name_with_or_without_its_legal_form() -> None:
    text = (
        "Standard Oil Co and BP North America Inc said they would form a venture. "
        "BP North America is a unit of British Petroleum Co Plc, and Standard Oil agreed."
    )
    got = {(text[f.start : f.end], f.name, f.kind) for f in found(text)}
    assert ("Standard Oil Co", "Standard Oil", "organization") in got
    assert ("Standard Oil", "Standard Oil", "organization") in got
    assert ("BP North America", "BP North America", "organization") in got
    assert ("British Petroleum Co Plc", "British Petroleum", "organization") in got


def test_a_company_is_not_renamed_to_its_subsidiary() -> None:
    text = "Pennzoil sued Texaco Inc on Monday. Texaco Capital Inc issued notes. Texaco said no."
    assert {f.name for f in found(text) if text[f.start : f.end] == "Texaco"} == {"Texaco"}


def test_a_firms_first_words_are_the_firm() -> None:
    text = "Mark IV Industries Inc bought it. Mark IV currently owns 17 pct."
    assert {f.name for f in found(text)} == {"Mark IV Industries"}
    text = "It holds <Unidare Aluminium Ltd>, Unidare said. Merrill Lynch Capital Markets led it."
    got = {text[f.start : f.end]: (f.name, f.kind) for f in found(text)}
    assert got["Unidare"] == ("Unidare Aluminium", "organization")
    assert got["Merrill Lynch Capital Markets"][1] == "organization"


def test_a_surname_that_speaks_lends_its_full_name_a_person() -> None:
    # Neither "Semyon" nor "Sharetsky" is in a list: the shape and the speech together are.
    text = "The speaker of parliament, Semyon Sharetsky, spoke. Sharetsky said no."
    got = {text[f.start : f.end]: (f.name, f.kind) for f in found(text)}
    assert got["Sharetsky"] == ("Semyon Sharetsky", "person")
    text = "U.S. growth slowed, said Economist Joel Naroff of First Fidelity Bancorp."
    assert "Joel Naroff" in {f.name for f in found(text)}


def test_a_firms_legal_form_outweighs_a_town_of_its_name() -> None:
    text = "Gillette Co rose. A deal between Gillette and some other company was seen."
    assert {(f.name, f.kind) for f in found(text)} == {("Gillette", "organization")}


def test_a_towns_name_is_the_firms_it_starts_but_not_where_a_place_is() -> None:
    text = (
        "Burlington Industries Inc rose. There's only one Burlington, he said. It has a plant "
        "in Burlington. Offices in Dallas and Houston, Texas, and Houston Oil Co said so."
    )
    got = [(text[f.start : f.end], f.name) for f in found(text)]
    assert got[1] == ("Burlington", "Burlington Industries")
    assert got[2] == ("Burlington", "Burlington")
    assert ("Houston", "Houston") in got
    text = "Disagreement over management of <San Miguel Corp> (SMC) may follow. SMC said no."
    assert {(f.name, f.kind) for f in found(text)} == {("San Miguel", "organization")}


def test_a_surname_alone_among_firms_is_a_firm_and_after_the_nothing() -> None:
    text = (
        "Shearson Lehman Brothers Inc rose. The deal with Hutton barred directors. Hutton is "
        "putting up zero, and the Hague court will rule."
    )
    got = {(text[f.start : f.end], f.kind) for f in found(text)}
    assert ("Hutton", "organization") in got
    assert not any(surface == "Hague" for surface, _ in got)
    # With no firm named by its legal form, the lone surname stays a person's.
    assert {f.kind for f in found("Later Hutton scored twice and Ortiz once.")} <= {"person"}


def test_a_name_of_no_list_among_firms_is_a_firm_unless_a_person_is_said() -> None:
    text = "Underwriters led by Morgan Keegan Inc and Bateman Eichler sold the notes."
    assert names(text)["Bateman Eichler"] == "organization"
    text = "Morgan Keegan Inc said it was prepared by economists Persio Arida and others."
    assert names(text)["Persio Arida"] == "person"
    # With no firm named by its legal form, the shape still says a person.
    assert names("Wahid Quraishi scored twice.") == {"Wahid Quraishi": "person"}


def test_a_full_name_after_an_article_is_no_persons() -> None:
    assert found("The Buena Vista light grade rose 50 cts.") == []
    text = "He met the late Kazuo Nagano in Tokyo."
    assert ("Kazuo Nagano", "person") in {(f.name, f.kind) for f in found(text)}
    text = "Floods hit Benton and Penn Yan, N.Y. on Monday."
    assert ("Penn Yan", "place") in {(f.name, f.kind) for f in found(text)}


def test_a_person_of_a_body_is_two_entities() -> None:
    text = "It did not quite make it, said Ward McCarthy of Merrill Lynch Capital Markets."
    got = [text[f.start : f.end] for f in found(text)]
    assert got[0] == "Ward McCarthy"
    assert "Merrill Lynch Capital Markets" in got


def test_a_word_only_its_shape_calls_a_person_is_no_one_after_a_determiner() -> None:
    assert "Tory" not in names("Another Tory back-bencher, Anthony Beaumont-Dark, said so.")
    assert names("Officials said Reagan and Baker met.") == {"Reagan": "person", "Baker": "person"}


def test_a_speakers_surname_of_two_words_is_the_full_name_given_earlier() -> None:
    text = (
        "The head of the export institute, Apolonio Ruiz Ligero, spoke. "
        "Ruiz Ligero said the budget would double."
    )
    got = {text[f.start : f.end]: f.name for f in found(text) if f.kind == "person"}
    assert got == {
        "Apolonio Ruiz Ligero": "Apolonio Ruiz Ligero",
        "Ruiz Ligero": "Apolonio Ruiz Ligero",
    }
