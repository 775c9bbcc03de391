"""The actor registry and the matcher (analysis/registry/)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.registry.matcher import Matcher
from analysis.registry.patterns import spelling_variants, trie_regex
from analysis.registry.table import (
    DEFAULT_REGISTRY,
    RegistryError,
    load_registry,
    split_list,
    validate_registry,
)

COLUMNS = list(schema.ACTORS)
GOOD_ROWS = [
    ("russia", "Russia", "country", "Moscow|Kremlin", "", "Russian", ""),
    ("vladimir-putin", "Vladimir Putin", "person", "Putin", "", "", "russia"),
    ("nato", "NATO", "organization", "", "", "", ""),
]


def registry_of(rows: list[tuple]) -> pd.DataFrame:
    # Rows of the first seven columns, or of all eight (with ci_aliases).
    return pd.DataFrame(rows, columns=COLUMNS[: len(rows[0])])


def hits(matcher: Matcher, text: str) -> list[tuple[str, str, str]]:
    return [(text[s:e], actor_id, how) for s, e, actor_id, how in matcher.find(text)]


def test_actors_validate_registry_accepts_good_rows() -> None:
    out = validate_registry(registry_of(GOOD_ROWS))
    assert list(out.columns) == COLUMNS
    assert out["actor_id"].tolist() == ["russia", "vladimir-putin", "nato"]
    assert all(str(out[c].dtype) == "string" for c in COLUMNS)


def test_actors_validate_registry_strips_cells_and_fills_missing_columns() -> None:
    raw = pd.DataFrame(
        {"actor_id": [" nato "], "name": [" NATO"], "kind": ["organization "], "aliases": [None]}
    )
    out = validate_registry(raw)
    assert out.loc[0, "actor_id"] == "nato"
    assert out.loc[0, "name"] == "NATO"
    assert list(out.columns) == COLUMNS


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ("russia", "Russland", "country", "", "", "", ""),
            r"row 6 \(russia\): actor_id 'russia' appears twice",
        ),
        (
            ("Kim Jong Un", "Kim Jong Un", "person", "", "", "", ""),
            r"row 6 \(Kim Jong Un\): .*slug",
        ),
        (("kim_jong_un", "Kim", "person", "", "", "", ""), r"row 6 \(kim_jong_un\): .*slug"),
        (("", "Nobody", "person", "", "", "", ""), r"row 6 \(Nobody\): .*slug"),
        (("nameless", "", "person", "", "", "", ""), r"row 6 \(nameless\): name is empty"),
        (("xi", "Xi", "leader", "", "", "", ""), r"row 6 \(xi\): kind 'leader' is not one of"),
        (
            ("kremlin", "Kremlin Inc", "organization", "Kremlin", "", "", ""),
            r"row 6 \(kremlin\): 'Kremlin' is already a name of russia",
        ),
        (
            ("russia-2", "Russia", "country", "", "", "", ""),
            r"row 6 \(russia-2\): 'Russia' is already a name of russia",
        ),
        (
            ("belarus", "Belarus", "country", "", "", "Russian", ""),
            r"row 6 \(belarus\): 'Russian' is already a name of russia",
        ),
        (
            ("peskov", "Dmitry Peskov", "person", "", "", "", "kremlin"),
            r"row 6 \(peskov\): affiliation 'kremlin' is not an actor_id",
        ),
    ],
)
def test_actors_validate_registry_names_the_bad_row(row: tuple, message: str) -> None:
    # Row 6 of the file: the header is line 1, then four good rows (lines 2 to 5).
    good = [*GOOD_ROWS, ("china", "China", "country", "", "", "Chinese", "")]
    with pytest.raises(RegistryError, match=message):
        validate_registry(registry_of([*good, row]))


def test_actors_validate_registry_allows_shared_short_names() -> None:
    rows = [
        ("north-korea", "North Korea", "country", "", "", "", ""),
        ("kim-jong-un", "Kim Jong Un", "person", "", "Kim", "", "north-korea"),
        ("kim-yo-jong", "Kim Yo Jong", "person", "", "Kim", "", "north-korea"),
    ]
    assert len(validate_registry(registry_of(rows))) == 3


def test_actors_validate_registry_needs_core_columns() -> None:
    with pytest.raises(RegistryError, match="no column kind"):
        validate_registry(pd.DataFrame({"actor_id": ["x"], "name": ["X"]}))


def test_actors_load_registry_unreadable_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(RegistryError, match="nope.csv: cannot read"):
        load_registry(missing)


def test_actors_load_registry_reads_csv_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "actor_id,name,kind,aliases,short_names,demonyms,affiliation\n"
        "russia,Russia,country,Moscow,,Russian,\n"
        "putin,Vladimir Putin,person,Putin,,,kremlin\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match=r"row 3 \(putin\)"):
        load_registry(path)


def test_actors_real_registry_loads(registry: pd.DataFrame) -> None:
    assert DEFAULT_REGISTRY.name == "actors.csv"
    assert list(registry.columns) == COLUMNS
    assert len(registry) > 100
    assert registry["actor_id"].is_unique
    assert set(registry["kind"]) <= set(schema.ACTOR_KINDS)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Putin", ["Putin"]),
        ("U.S.|USA| America ", ["U.S.", "USA", "America"]),
        ("a||b|", ["a", "b"]),
        ("", []),
        (None, []),
        (float("nan"), []),
        (pd.NA, []),
    ],
)
def test_actors_split_list(cell: object, expected: list[str]) -> None:
    assert split_list(cell) == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("Putin", {"Putin"}),
        ("U.S.", {"U.S."}),
        (
            "Kim Jong Un",
            {"Kim Jong Un", "Kim Jong-Un", "Kim-Jong Un", "Kim-Jong-Un", "Kim Jong-un"},
        ),
        ("Moon Jae-in", {"Moon Jae-in", "Moon Jae in", "Moon-Jae-in", "Moon-jae-in"}),
    ],
)
def test_actors_spelling_variants(form: str, expected: set[str]) -> None:
    variants = spelling_variants(form)
    assert expected <= variants
    assert all(
        " ".join(re.split(r"[ -]", v)).lower() == " ".join(re.split(r"[ -]", form)).lower()
        for v in variants
    )


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["Kim", "Kim Jong Un"], "Kim Jong Un", "Kim Jong Un"),
        (["Kim", "Kim Jong Un"], "Kim Jong", "Kim"),
        (["U.S.", "U.S.A."], "U.S.A.", "U.S.A."),
        (["Vladimir Putin"], "Vladimir \n Putin", "Vladimir \n Putin"),
        (["a+b", "a"], "a+b", "a+b"),
    ],
)
def test_actors_trie_regex_prefers_longest(words: list[str], text: str, expected: str) -> None:
    match = re.match(trie_regex(words), text)
    assert match is not None
    assert match.group() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vladimir Putin spoke.", [("Vladimir Putin", "vladimir-putin", "name")]),
        ("Putin spoke.", [("Putin", "vladimir-putin", "alias")]),
        ("putin spoke; RUSSIA too.", []),
        ("Putinism and Russiagate.", []),
        ("Putin\u2019s plan", [("Putin", "vladimir-putin", "alias")]),
        ("Putin's plan", [("Putin", "vladimir-putin", "alias")]),
        ("Biden\u2019s team", [("Biden", "joe-biden", "alias")]),
        ("North Koreans fled.", [("North Koreans", "north-korea", "demonym")]),
        ("A North Korean ship.", [("North Korean", "north-korea", "demonym")]),
        ("Russians and a Russian.", [("Russians", "russia", "demonym"),
                                     ("Russian", "russia", "demonym")]),
        ("The Russian Federation.", [("Russian Federation", "russia", "alias")]),
        ("Kim Jong-un", [("Kim Jong-un", "kim-jong-un", "name")]),
        ("Kim Jong Un", [("Kim Jong Un", "kim-jong-un", "name")]),
        ("Kim Jong-Un", [("Kim Jong-Un", "kim-jong-un", "name")]),
        ("Kim Jong-un\u2019s trip", [("Kim Jong-un", "kim-jong-un", "name")]),
        ("USA Today reported.", [("USA Today", "usa-today", "name")]),
        ("unnamed U.S. officials", [("U.S.", "united-states", "alias")]),
        ("the U.S.A. and the USA", [("U.S.A.", "united-states", "alias"),
                                    ("USA", "united-states", "alias")]),
        ("White House officials", [("White House", "united-states", "alias")]),
        ("NATO and Nato", [("NATO", "nato", "name"), ("Nato", "nato", "alias")]),
        ("Fox News Channel", [("Fox News Channel", "fox-news", "alias")]),
        ("the Democratic People's Republic of Korea",
         [("Democratic People's Republic of Korea", "north-korea", "alias")]),
        ("the Democratic People\u2019s Republic of Korea",
         [("Democratic People\u2019s Republic of Korea", "north-korea", "alias")]),
        ("the Republic of Korea", [("Republic of Korea", "south-korea", "alias")]),
        ("Chinatown and China.", [("China", "china", "name")]),
        ("a Biden-Putin summit", [("Biden", "joe-biden", "alias"),
                                  ("Putin", "vladimir-putin", "alias")]),
        ("Vladimir\nPutin arrived.", [("Vladimir\nPutin", "vladimir-putin", "name")]),
        ("Jake\n   Sullivan said", [("Jake\n   Sullivan", "jake-sullivan", "name")]),
        ("Kim Jong\nUn left", [("Kim Jong\nUn", "kim-jong-un", "name")]),
    ],
)  # fmt: skip
def test_actors_matcher_finds(
    matcher: Matcher, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert hits(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim spoke first.", []),
        ("Sullivan said so.", []),
        ("The Times said so.", []),
        (
            "Kim said so. Kim Jong Un agreed. Kim left.",
            [("Kim Jong Un", "kim-jong-un", "name"), ("Kim", "kim-jong-un", "short name")],
        ),
        (
            "Sullivan said. Jake Sullivan said. Sullivan left.",
            [("Jake Sullivan", "jake-sullivan", "name"),
             ("Sullivan", "jake-sullivan", "short name")],
        ),
        (
            "The New York Times said. The Times added.",
            [("The New York Times", "the-new-york-times", "name"),
             ("Times", "the-new-york-times", "short name")],
        ),
        (
            "Kim Jong Un met Kim Yo Jong. Kim spoke.",
            [("Kim Jong Un", "kim-jong-un", "name"), ("Kim Yo Jong", "kim-yo-jong", "name"),
             ("Kim", "kim-yo-jong", "short name")],
        ),
        (
            "Kim Yo Jong met Kim Jong Un. Kim spoke.",
            [("Kim Yo Jong", "kim-yo-jong", "name"), ("Kim Jong Un", "kim-jong-un", "name"),
             ("Kim", "kim-jong-un", "short name")],
        ),
        ("Kim\u2019s trip. Kim Jong-un\u2019s trip.", [("Kim Jong-un", "kim-jong-un", "name")]),
    ],
)  # fmt: skip
def test_actors_matcher_short_name_only_after_full_name(
    matcher: Matcher, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert hits(matcher, text) == expected


def test_actors_matcher_offsets_slice_original_text(matcher: Matcher, seed_text: str) -> None:
    found = matcher.find(seed_text)
    assert len(found) > 50
    starts = [start for start, *_ in found]
    assert starts == sorted(starts)
    for start, end, actor_id, how in found:
        if how == schema.HOW_SHORT:
            continue  # a short name alone names no one
        # The surface on its own is found again, whole, as the same actor.
        assert matcher.find(seed_text[start:end]) == [(0, end - start, actor_id, how)]


def test_actors_matcher_find_is_pure(matcher: Matcher, seed_text: str) -> None:
    assert matcher.find(seed_text) == matcher.find(seed_text)


def test_actors_matcher_names_every_actor(matcher: Matcher, registry: pd.DataFrame) -> None:
    assert matcher.names == dict(zip(registry["actor_id"], registry["name"], strict=True))
    assert matcher.names["kim-jong-un"] == "Kim Jong Un"


def test_actors_matcher_on_hand_registry() -> None:
    hand = Matcher(validate_registry(registry_of(GOOD_ROWS)))
    text = "Vladimir Putin and the Kremlin. Russians and NATO. Putin again."
    assert hits(hand, text) == [
        ("Vladimir Putin", "vladimir-putin", "name"),
        ("Kremlin", "russia", "alias"),
        ("Russians", "russia", "demonym"),
        ("NATO", "nato", "name"),
        ("Putin", "vladimir-putin", "alias"),
    ]


# The seed article (the done-when): who is found, and how.
SEED_EXPECTED = [
    ("kim-jong-un", "Kim Jong-un", "name"),
    ("kim-jong-un", "Kim Jong Un", "name"),
    ("kim-jong-un", "Kim", "short name"),
    ("vladimir-putin", "Vladimir Putin", "name"),
    ("vladimir-putin", "Putin", "alias"),
    ("jake-sullivan", "Jake Sullivan", "name"),
    ("jake-sullivan", "Sullivan", "short name"),
    ("joe-biden", "Biden", "alias"),
    ("north-korea", "North Korea", "name"),
    ("north-korea", "North Koreans", "demonym"),
    ("russia", "Russia", "name"),
    ("ukraine", "Ukraine", "name"),
    ("nato", "NATO", "name"),
    ("china", "China", "name"),
    ("united-states", "U.S.", "alias"),
    ("usa-today", "USA Today", "name"),
]


@pytest.mark.parametrize(("actor_id", "surface", "how"), SEED_EXPECTED)
def test_actors_matcher_seed_finds(
    matcher: Matcher, seed_text: str, actor_id: str, surface: str, how: str
) -> None:
    found = {(a, " ".join(seed_text[s:e].split()), h) for s, e, a, h in matcher.find(seed_text)}
    assert (actor_id, surface, how) in found


def test_actors_matcher_seed_short_names_follow_full_names(
    matcher: Matcher, seed_text: str
) -> None:
    found = matcher.find(seed_text)
    first_full = {}
    for start, _, actor_id, how in found:
        if how != schema.HOW_SHORT:
            first_full.setdefault(actor_id, start)
    shorts = [(start, actor_id) for start, _, actor_id, how in found if how == schema.HOW_SHORT]
    assert {a for _, a in shorts} == {"kim-jong-un", "jake-sullivan"}
    assert all(first_full[a] < start for start, a in shorts)
    # "Kim" appears 8 times after "Kim Jong-un" in the first sentence; every one is resolved.
    kim = [m.start() for m in re.finditer(r"\bKim\b(?! Jong)", seed_text)]
    assert kim == [start for start, a in shorts if a == "kim-jong-un"]


def test_actors_matcher_seed_usa_today_is_media_not_country(
    matcher: Matcher, seed_text: str
) -> None:
    at = seed_text.index("USA Today")
    found = [(s, e, a) for s, e, a, _ in matcher.find(seed_text) if s <= at < e]
    assert found == [(at, at + len("USA Today"), "usa-today")]
    us = [seed_text[s:e] for s, e, a, _ in matcher.find(seed_text) if a == "united-states"]
    assert "U.S." in us
    assert not any("USA" in surface for surface in us)


# --- case-insensitive aliases (the ci_aliases column) ---------------------------------------

CI_ROWS = [
    ("iraq", "Iraq", "country", "Baghdad", "", "Iraqi", "", "iraq|baghdad"),
    ("saddam-hussein", "Saddam Hussein", "person", "Saddam", "", "", "iraq", "saddam hussein"),
    ("united-states", "United States", "country", "US", "", "", "", ""),
    ("george-w-bush", "George W. Bush", "person", "", "Bush", "", "united-states", ""),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("iraq war looms", [("iraq", "iraq", "alias")]),
        ("IRAQ WAR LOOMS", [("IRAQ", "iraq", "alias")]),
        ("Iraq war looms", [("Iraq", "iraq", "name")]),  # the case-sensitive name on a tie
        ("saddam hussein defiant", [("saddam hussein", "saddam-hussein", "alias")]),
        ("Saddam Hussein defiant", [("Saddam Hussein", "saddam-hussein", "name")]),
        ("saddam defiant", []),  # "Saddam" is case-sensitive
        ("iraqi troops", []),  # the demonym "Iraqi" is case-sensitive
        ("iraq-based and baghdad's mayor", [("iraq", "iraq", "alias"),
                                            ("baghdad", "iraq", "alias")]),
        ("airaq and iraqui", []),  # whole words only
        ("us troops in iraq", [("iraq", "iraq", "alias")]),  # "us" stays case-sensitive
        ("bush visits iraq", [("iraq", "iraq", "alias")]),
    ],
)  # fmt: skip
def test_actors_matcher_ci_aliases(text: str, expected: list) -> None:
    assert hits(Matcher(validate_registry(registry_of(CI_ROWS))), text) == expected


def test_actors_matcher_ci_longest_wins_across_cases() -> None:
    rows = [
        ("north-korea", "North Korea", "country", "", "", "North Korean", "", ""),
        ("korean-air", "Korean Air", "organization", "", "", "", "", "north korean air"),
    ]
    m = Matcher(validate_registry(registry_of(rows)))
    assert hits(m, "North Korean Air flew.") == [("North Korean Air", "korean-air", "alias")]
    assert hits(m, "North Korean jets flew.") == [("North Korean", "north-korea", "demonym")]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("bush", "Bush", "person", "", "", "", "", "IRAQ"),
         r"row 6 \(bush\): 'IRAQ' \(any case\) is already a name of iraq"),
        (("baath", "Baath", "group", "", "", "", "", "saddam hussein"),
         r"row 6 \(baath\): 'saddam hussein' \(any case\) is already a name of saddam-hussein"),
        (("usa", "Usa", "country", "", "", "", "", "us"),
         r"row 6 \(usa\): 'us' \(any case\) is already a name of united-states"),
    ],
)  # fmt: skip
def test_actors_validate_registry_ci_aliases_are_unique(row: tuple, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        validate_registry(registry_of([*CI_ROWS, row]))


def test_actors_validate_registry_counts_rows_from_first_row() -> None:
    rows = [*GOOD_ROWS, ("nameless", "", "person", "", "", "", "")]
    with pytest.raises(RegistryError, match=r"row 4 \(nameless\)"):
        validate_registry(registry_of(rows), first_row=1)


def test_actors_real_registry_ci_aliases(registry: pd.DataFrame, matcher: Matcher) -> None:
    with_ci = registry.loc[registry["ci_aliases"] != "", "actor_id"].tolist()
    assert {"iraq", "saddam-hussein", "north-korea"} <= set(with_ci)
    # Case-insensitive only where no ordinary word is hit: never the pronoun "us" or "bush".
    folded = {a.casefold() for cell in registry["ci_aliases"] for a in split_list(cell)}
    assert not {"us", "bush", "turkey", "china", "putin", "russia"} & folded
    assert hits(matcher, "north korea fires missile") == [("north korea", "north-korea", "alias")]


def test_actors_abc_headlines_get_mentions(matcher: Matcher) -> None:
    """ABC news headlines of 2003, all lower case: the ci aliases find Iraq and Saddam."""
    path = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "abcnews-2003-headlines.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    headlines = pd.read_csv(path, dtype=str)["headline_text"].dropna()
    found = pd.Series([a for h in headlines for _, _, a, _ in matcher.find(h)])
    counts = found.value_counts()
    assert counts["iraq"] > 1000
    assert counts["saddam-hussein"] > 100
    assert counts["north-korea"] > 100
    share = sum(1 for h in headlines if matcher.find(h)) / len(headlines)
    assert share > 0.02, share


# --- the fast paths of Matcher.find, and Matcher.changes_since ---------------------------------

NAMES = ["Kim Jong Un", "Kim", "U.S.", "US", "-dash start", "Élysée", "a+b", "North Korea",
         "north-korean", "\u212aelvin", "Stra\u00dfe", "iraq", "x y z"]  # fmt: skip
SCANNED = (
    "Kim Jong  Un met US and U.S. envoys; kim jong un, KIM, us. -dash start, élysée, ÉLYSÉE, "
    "a+b, A+B, north\nkorea, North-Korean, NORTH KOREANS, kelvin \u212aelvin, STRASSE stra\u00dfe, "
    "Iraq's iraqi IRAQ x  y z X Y Z, ab.Kim, 9Kim, Kim9, _Kim,  lead LEAD"
)


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("names", [NAMES, [*NAMES, " lead"]], ids=["names", "one opens on a space"])
def test_actors_name_pattern_finds_what_the_plain_trie_regex_finds(
    flags: int, names: list[str]
) -> None:
    from analysis.registry.patterns import _bounded, _name_pattern

    fast = _name_pattern(names, ignorecase=bool(flags))
    plain = _bounded(trie_regex(names), flags)
    for text in [SCANNED, SCANNED.lower(), SCANNED.upper(), SCANNED * 3]:
        for pos in (0, 5, 40):
            assert [m.span() for m in fast.finditer(text, pos)] == [
                m.span() for m in plain.finditer(text, pos)
            ]


def test_actors_matcher_shortcuts_change_nothing(registry: pd.DataFrame) -> None:
    """The ASCII shortcuts (first words of the case-insensitive names and of the titles, found
    with str.find) give what the plain regexes give."""
    from analysis.registry.roles import load_roles

    texts = [
        "The President met Russia's envoys. " * 8 + "north korea, Pyongyang; the Prime Minister.",
        "iraq war: saddam hussein and the president, UNITED NATIONS, nato, Nato. " * 5,
        "The president of Russia, the President-elect, the President Putin. Russia. " * 4,
        "Putin, then the president. " * 10 + "THE PRESIDENT and the  prime\nminister of Japan.",
        "Nothing here at all, only words long enough to pass the short text limit. " * 4,
        # Not ASCII: the lower case is used where its places are the text's...
        "Les présidents à Zürich: the President met north korea\u2019s envoys. " * 5,
        "THE PRESIDENT OF RUSSIA ET L\u2019ÉLYSÉE; NORTH KOREA, nato. " * 5,
        # ... and not where a letter lowers to two (İ) or re takes it for another (ı ſ K).
        "İstanbul: the president met north korea. " * 6,
        "The ſtate of north korea met NATO in Dıyarbakır. " * 6,
        "nato: the KELVIN president of north korea \u212a. " * 6,
    ]
    fast = Matcher(registry, load_roles())
    plain = Matcher(registry, load_roles())
    plain._ci_words = plain._title_words = None
    assert fast._ci_words
    assert fast._title_words
    for text in texts:
        assert len(text) > 200
        for day in (None, "2023-05-01", "2025-06-01"):
            assert fast.find(text, day) == plain.find(text, day)


def test_actors_changes_since(registry: pd.DataFrame) -> None:
    from analysis.registry import edit
    from analysis.registry.roles import load_roles

    roles = load_roles()
    old = Matcher(registry, roles)
    assert old.changes_since(Matcher(registry, roles)).forms == frozenset()
    added = Matcher(edit.add_alias(registry, "russia", "Muscovy Land"), roles).changes_since(old)
    assert added.forms == spelling_variants("Muscovy Land")
    assert added.actors == frozenset()
    renamed = registry.copy()
    renamed.loc[renamed["actor_id"] == "jake-sullivan", "name"] = "Jacob Sullivan"
    change = Matcher(renamed, roles).changes_since(old)
    assert {"Jake Sullivan", "Jacob Sullivan"} <= change.forms
    assert change.actors == {"jake-sullivan"}
    # A country no more: its people lose it, for the bare titles ("the President").
    org = registry.copy()
    org.loc[org["actor_id"] == "russia", "kind"] = "organization"
    assert {"russia", "vladimir-putin"} <= Matcher(org, roles).changes_since(old).actors
    # A role holder gone: the role's names and its title may resolve otherwise.
    gone = Matcher(edit.delete_actor(registry, "vladimir-putin"), roles).changes_since(old)
    assert {"Russian president", "Kremlin leader", "president"} <= gone.forms


@pytest.mark.parametrize(
    "text",
    [
        "Ruſsian\nfederation",  # ſ: re ignoring case takes it for s
        "RUSSIAN FEDERATION in Zürich",
        "İ: the russian federation",  # İ lowers to two characters
        "\u212aIM said",  # the Kelvin sign is a K to re
        "Zürich: Kimchi and Russians",
    ],
)
def test_actors_change_finder_not_ascii(text: str) -> None:
    from analysis.registry.change import Change
    from analysis.registry.patterns import _name_pattern
    from analysis.text import normalise

    forms = frozenset({"Russian Federation", "Kim"})
    plain = _name_pattern(forms, ignorecase=True)
    expected = plain.search(normalise(text)) is not None
    assert Change(forms, frozenset()).finder()(text) is expected


def test_actors_change_finder_is_a_superset() -> None:
    from analysis.registry.change import Change

    finder = Change(frozenset({"Russian Federation", "Kim"}), frozenset()).finder()
    assert finder("the russian\n federation said")
    assert finder("KIM spoke")  # any case
    assert finder("Kim Jong Un")
    assert not finder("Russian officials and Kimchi")  # whole names, whole words
    assert not finder("Federation of Russian clubs")
    assert Change(frozenset(), frozenset({"x"})).finder() is None
