"""Capitalised runs cut into pieces: sentence starts, headlines, possessives, titles."""

from __future__ import annotations

from found_helpers import names, surfaces

from analysis.found.runs import Scanner
from analysis.found.words import as_name, headline, word_text


def pieces(text: str, starts=(0,)) -> list[tuple[str, ...]]:
    return [p.words for p in Scanner(text, list(starts)).pieces()]


def test_a_common_word_opening_a_sentence_is_not_a_name() -> None:
    text = "Analysts said the central bank would act. Shares in Petrobras rose."
    assert surfaces(text) == ["Petrobras"]


def test_a_name_opening_a_sentence_is_kept() -> None:
    text = "The minister spoke. Haddad said the plan would pass. Fernando Haddad left."
    assert surfaces(text) == ["Haddad", "Fernando Haddad"]


def test_an_english_word_is_a_name_where_the_article_capitalises_it_elsewhere() -> None:
    # "shah" is an English word; the article writes "Amit Shah" mid-sentence.
    text = "India's Home Minister Amit Shah spoke. Shah dismissed the criticism."
    assert names(text)["Amit Shah"] == "person"
    assert surfaces(text).count("Shah") == 1


def test_a_headline_in_capitals_keeps_only_its_names() -> None:
    text = "SOCCER - JAPAN GET LUCKY WIN, CHINA IN SURPRISE DEFEAT."
    assert surfaces(text) == ["JAPAN", "CHINA"]
    assert names(text) == {"Japan": "country", "China": "country"}


def test_a_known_name_of_several_words_survives_a_headline() -> None:
    assert "NEW YORK" in surfaces("STOCKS FALL IN NEW YORK AS RATES RISE")
    assert as_name(("ST", "LOUIS"), caps=True) == "St Louis"
    assert as_name(("UAE",), caps=True) == "UAE"
    assert as_name(("CUTTITTA",), caps=True) == "Cuttitta"


def test_headline_detection() -> None:
    assert headline("BRAZIL'S HADDAD SAYS TAX PLAN WILL PASS")
    assert headline("Brazil's Haddad Says Tax Plan Will Pass Congress")
    assert not headline("Brazil's Haddad says the tax plan will pass Congress")


def test_a_possessive_ends_a_name() -> None:
    text = "He met Brazil's Finance Minister Fernando Haddad on Monday."
    assert surfaces(text) == ["Brazil", "Fernando Haddad"]


def test_a_title_opens_a_persons_name_and_is_not_part_of_it() -> None:
    text = "He met U.S. Secretary of State James Baker and President Lula in Brasilia."
    got = surfaces(text)
    assert "James Baker" in got
    assert "Lula" in got
    assert "U.S." in got
    assert not any("Secretary" in s or "President" in s for s in got)


def test_an_institution_named_after_a_person_stays_whole() -> None:
    text = "She studied at Queen Elizabeth College in London."
    assert names(text)["Queen Elizabeth College"] == "organization"
    assert "Elizabeth" not in names(text)


def test_particles_stay_inside_names() -> None:
    text = "He met Luiz Inacio Lula da Silva and Ursula von der Leyen in Rome."
    assert {"Luiz Inacio Lula da Silva", "Ursula von der Leyen"} <= set(surfaces(text))


def test_tickers_in_angle_brackets_are_not_names() -> None:
    text = "Dealers bought shares of <ROK> and of Standard Oil Co <SRD> on Monday."
    got = surfaces(text)
    assert "ROK" not in got
    assert "SRD" not in got
    assert "Standard Oil Co" in got


def test_a_company_in_angle_brackets_is_an_organisation() -> None:
    text = "The stake was sold to <Norcros Holdings> last week."
    assert names(text)["Norcros Holdings"] == "organization"


def test_a_hyphenated_prefix_is_not_a_name() -> None:
    assert surfaces("They staged anti-American and pro-Western protests.") == []


def test_a_run_never_crosses_a_sentence_start() -> None:
    text = "It was sold to Petrobras\nShares of Vale rose."
    starts = [0, text.index("Shares")]
    assert pieces(text, starts) == [("Petrobras",), ("Vale",)]


def test_word_text_strips_possessives_and_full_stops_but_not_abbreviations() -> None:
    assert word_text("Haddad's") == "Haddad"
    assert word_text("Haddad.") == "Haddad"
    assert word_text("Inc.") == "Inc."
    assert word_text("U.S.") == "U.S."


def test_after_an_acronym_a_common_word_may_open_a_sentence_unseen() -> None:
    # The splitter keeps "U.S. Production" in one sentence; "Production" is no name.
    text = "Imports came from the U.S. Production rose 3 pct in March."
    assert surfaces(text) == ["U.S."]


def test_a_title_before_an_event_or_treaty_opens_no_name() -> None:
    assert surfaces("Talks under the General Agreement on Tariffs and Trade resumed.") == []
