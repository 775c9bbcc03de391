"""The finder on whole stories: the issue's pasted story, claimed spans, Reuters, any text."""

from __future__ import annotations

import string

import pytest
from found_helpers import STORY, found
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.found import FOUND_KINDS, find_entities

# The people and bodies of the story, each with its kind: what a reader would list.
STORY_PEOPLE = [
    "Fernando Haddad",
    "Luiz Inacio Lula da Silva",
    "Arthur Lira",
    "Jair Bolsonaro",
    "Narendra Modi",
    "Amit Shah",
    "Rahul Gandhi",
    "N. Chandrababu Naidu",
]
STORY_BODIES = [
    "International Monetary Fund",
    "BRICS",
    "Congress",
    "Progressistas",
    "Liberal Party",
    "Bharatiya Janata Party",
    "Telugu Desam Party",
    "Goldman Sachs",
    "Itamaraty",
    "Group of 20",
]


def test_the_pasted_story_has_nine_in_ten_of_its_people_and_bodies_with_their_kind() -> None:
    text = STORY.read_text(encoding="utf-8")
    kinds = {f.name: f.kind for f in found(text)}
    expected = {n: "person" for n in STORY_PEOPLE} | {n: "organization" for n in STORY_BODIES}
    right = [n for n, k in expected.items() if kinds.get(n) == k]
    assert len(right) / len(expected) >= 0.9, sorted(set(expected) - set(right))
    # Every person of the story is found, under the full name the story gives.
    assert all(kinds.get(n) == "person" for n in STORY_PEOPLE)


def test_the_storys_later_surnames_are_its_full_names() -> None:
    text = STORY.read_text(encoding="utf-8")
    by_surface = {}
    for f in found(text):
        by_surface.setdefault(text[f.start : f.end], set()).add(f.name)
    assert by_surface["Haddad"] == {"Fernando Haddad"}
    assert by_surface["Lira"] == {"Arthur Lira"}
    assert by_surface["Shah"] == {"Amit Shah"}
    assert by_surface["Gandhi"] == {"Rahul Gandhi"}
    assert by_surface["Modi"] == {"Narendra Modi"}
    assert by_surface["BJP"] == {"Bharatiya Janata Party"}


def test_claimed_spans_are_skipped_and_their_surnames_with_them() -> None:
    text = "Finance Minister Fernando Haddad met Arthur Lira. Haddad said Lira agreed."
    claimed = [(text.index("Fernando"), text.index("Fernando") + len("Fernando Haddad"))]
    got = [(text[f.start : f.end], f.name) for f in found(text, claimed)]
    assert ("Fernando Haddad", "Fernando Haddad") not in got
    assert not any(surface == "Haddad" for surface, _ in got)
    assert ("Lira", "Arthur Lira") in got


def test_reuters_bodies(reuters_bodies: list[str]) -> None:
    for body in reuters_bodies:
        for f in found(body):
            surface = body[f.start : f.end]
            assert surface.strip() == surface
            assert surface[:1].isupper()
            assert f.kind in FOUND_KINDS
            angled = body[f.start - 1 : f.start] == "<" and body[f.end : f.end + 1] == ">"
            assert not (angled and surface.isupper()), surface  # a ticker such as <SRD>


def test_sentences_are_split_when_not_given() -> None:
    text = "Analysts were wary. Shares of Vale fell. Haddad said so."
    assert find_entities(text) == found(text)
    assert [text[f.start : f.end] for f in find_entities(text)] == ["Vale", "Haddad"]


def test_no_text_no_entities() -> None:
    assert find_entities("", []) == []
    assert find_entities("   \n\n ", [0]) == []
    assert find_entities("no capitals here at all.", [0]) == []


_TEXT = st.text(
    alphabet=st.sampled_from(string.ascii_letters + " .,'-\n<>()\"" + "ÉéßİŞ’"), max_size=300
)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.lists(st.integers(min_value=-5, max_value=320), max_size=8))
def test_any_text_and_any_starts_give_spans_inside_the_text(text: str, starts: list[int]) -> None:
    for f in find_entities(text, starts):
        assert 0 <= f.start < f.end <= len(text)
        assert f.name
        assert f.kind in FOUND_KINDS
        assert f.reason


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_finding_twice_gives_the_same(text: str) -> None:
    assert found(text) == found(text)  # no state leaks from one call into the next


def test_a_bracket_with_a_claimed_part_gives_no_second_mention_there() -> None:
    # The store keys mentions by their start: a found name may not start where a claimed one does
    text = "It bought <General Motors and Co Ltd> stock. <Hambrecht and Quist> advised."
    claimed = [(text.index("General"), text.index("General") + len("General Motors"))]
    got = found(text, claimed)
    assert all(not (s < f.end and f.start < e) for f in got for s, e in claimed)
    assert [text[f.start : f.end] for f in got] == ["Hambrecht and Quist"]


@pytest.mark.parametrize(
    "text",
    [
        "BRASILIA/NEW DELHI, Oct 14 (Reuters) - Prices rose on Tuesday.",
        "NEW YORK, March 3 - Prices rose.",
        "TOKYO, June 2 - Shares rose.\n\nLONDON (Reuters) - Gold fell.",
    ],
)
def test_a_dateline_is_where_the_story_was_filed_not_who_is_in_it(text: str) -> None:
    assert [f.name for f in find_entities(text) if f.name != "Reuters"] == []


@pytest.mark.parametrize(
    ("text", "claimed", "expected"),
    [
        # an English word, "and", then a firm: one firm
        ("It was rated BBB by Standard and Poor's. It fell.", (), ["Standard and Poor's"]),
        # a number inside a firm's name, over a wrapped line
        ("It holds 43 pct of Pier\n1 Imports Inc, it said.", (), ["Pier 1 Imports"]),
        # a head, "of" and English words, then "and" and the name's last word
        (
            "A Ministry of International Trade and Industry official said.",
            (),
            ["Ministry of International Trade and Industry"],
        ),
        # a country's initials, then a body's whole name: the body, apart
        (
            "It was run by the U.S. Central Intelligence Agency.",
            ("U.S.",),
            ["Central Intelligence Agency"],
        ),
        # a place in brackets, then a word of the firm's and a legal form: the firm's unit
        ("Led by KEB (Asia) Finance Ltd.     There were more.", (), ["KEB (Asia) Finance"]),
        # banks counted, no body named
        (
            "The Islamic Development Bank and 20 Islamic Banks signed.",
            (),
            ["Islamic Development Bank"],
        ),
        # a body's first word before a noun is an adjective, no short name of the body
        ("The Federal Government said so. He opposes a Federal tax.", (), ["Federal Government"]),
        # a lone head after "and" is a body of its own, not the end of one name
        ("It backed a deal by House and Senate budget writers.", (), []),
        # a head and "of" open a sentence's firm
        ("Bank of New England Corp is offering notes.", (), ["Bank of New England"]),
        # kin before a name: a person, no town
        ("He denied that his wife, Nancy, runs the government.", (), ["Nancy"]),
        # one word only its shape calls a person, among firms or before a noun: no one yet
        ("Eli Lilly and Co said so. Lilly and Roche agreed.", (), ["Eli Lilly", "Roche"]),
        ("It fell 6.9 on the Richter scale.", (), []),
        ("Gulf Oil Co said so. In other areas, Silas said costs rose.", (), ["Gulf Oil", "Silas"]),
        # a name cut by a bracket goes on after it: not the name
        ("It came from (former President Ferdinand) Marcos, he said.", (), ["Marcos"]),
        # a compass word before a word of no list: a region
        ("Two projects in eastern Java were cut.", (), ["Java"]),
        # a town's name owning one English word and a legal form: the firm's own possessive
        ("Hudson's Bay Co said it agreed.", (), ["Hudson's Bay"]),
        # "of the" inside a firm's one word and legal form; not a body's people before it
        ("Fruit of the Loom Inc said so.", (), ["Fruit of the Loom"]),
        ("Officials of the Bank of Tokyo Ltd said so.", (), ["Bank of Tokyo"]),
        # a legal form with its stop ends one firm's name
        (
            "It is rated by Moody's Investors Service Inc. L.F. Rothschild agreed.",
            (),
            ["Moody's Investors Service", "L.F. Rothschild"],
        ),
        # a name in its own language, in newswire's brackets, keeps its conjunction
        (
            "It sold <Sociedade de Iniciativa e Aproveitamentos Florestais>.",
            (),
            ["Sociedade de Iniciativa e Aproveitamentos Florestais"],
        ),
        # a town's name, "and", a partner's name of no list and a suffix: one firm
        ("It hired Clayton and Dubilier Inc, a firm.", (), ["Clayton and Dubilier"]),
        (
            "Wulff, an analyst at Donaldson, Lufkin and Jenrette Securities, said so.",
            (),
            ["Wulff", "Donaldson, Lufkin and Jenrette Securities"],
        ),
        # a country's name before a currency, which the gazetteer blocks: no found country
        ("He said the U.S. dollar rose against the yen.", (), []),
    ],
)
def test_names_whole_and_words_that_name_no_body(text: str, claimed, expected) -> None:
    spans = [(text.index(c), text.index(c) + len(c)) for c in claimed]
    assert [f.name for f in found(text, spans)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Pope and Talbot Inc rose.",  # an English word the registry matched
        "He said Kidder, Peabody and Co Inc agreed.",
    ],
)
def test_no_found_name_starts_or_reaches_into_a_claimed_span(text: str) -> None:
    word = text.split()[2].rstrip(",")
    claimed = [(text.index(word), text.index(word) + len(word))]
    for f in found(text, claimed):
        assert not (f.start < claimed[0][1] and claimed[0][0] < f.end), f
