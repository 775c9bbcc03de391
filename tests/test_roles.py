"""Roles with dates: "the U.S. president" on the article's date (analysis/registry/roles.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.ingest import ingest, registry_digest, sync_registry
from analysis.load import load_text
from analysis.pipeline import analyse, rematch
from analysis.registry.matcher import Matcher
from analysis.registry.roles import (
    DEFAULT_ROLES,
    ROLE_COLUMNS,
    RoleBook,
    day_of,
    load_roles,
    roles_in,
    validate_roles,
)
from analysis.registry.table import RegistryError, load_registry
from analysis.store import Store


@pytest.fixture(scope="module")
def roles() -> pd.DataFrame:
    return load_roles()


@pytest.fixture(scope="module")
def with_roles(registry: pd.DataFrame, roles: pd.DataFrame) -> Matcher:
    return Matcher(registry, roles)


def hits(matcher: Matcher, text: str, published=None) -> list[tuple[str, str, str]]:
    return [(text[s:e], a, how) for s, e, a, how in matcher.find(text, published)]


# --- the default roles, data/roles.csv -------------------------------------------------------


def test_roles_default_file_loads(roles: pd.DataFrame, registry: pd.DataFrame) -> None:
    assert DEFAULT_ROLES.name == "roles.csv"
    assert list(roles.columns) == ROLE_COLUMNS
    assert DEFAULT_ROLES.read_text(encoding="utf-8").splitlines()[0] == ",".join(ROLE_COLUMNS)
    # Every holder and every country is an actor of the default registry.
    ids = set(registry["actor_id"])
    assert set(roles["actor_id"]) <= ids
    assert set(roles["country"]) <= ids
    assert len(roles_in(roles, registry)) == len(roles)


def test_roles_default_covers_the_countries_heads(roles: pd.DataFrame, registry) -> None:
    """Every country of the registry has a head of state or government from 2017 to now."""
    countries = set(registry.loc[registry["kind"] == "country", "actor_id"]) - {"iraq"}
    assert countries <= set(roles["country"])
    book = RoleBook(roles)
    for country in countries:
        held = [r for r, c in book.country.items() if c == country]
        assert any(book.holder(r, dt.date(2026, 1, 1)) for r in held), country


@pytest.mark.parametrize(
    ("role", "day", "holder"),
    [
        ("us-president", "2017-01-19", None),  # Obama: not in the registry, not in the roles
        ("us-president", "2017-01-20", "donald-trump"),
        ("us-president", "2021-01-19", "donald-trump"),
        ("us-president", "2021-01-20", "joe-biden"),
        ("us-president", "2023-06-01", "joe-biden"),
        ("us-president", "2025-01-20", "donald-trump"),
        ("us-president", "2025-06-01", "donald-trump"),
        ("uk-prime-minister", "2018-01-01", "theresa-may"),
        ("uk-prime-minister", "2022-10-01", "liz-truss"),
        ("uk-prime-minister", "2024-07-05", "keir-starmer"),
        ("germany-chancellor", "2021-12-07", "angela-merkel"),
        ("germany-chancellor", "2025-05-06", "friedrich-merz"),
        ("japan-prime-minister", "2025-12-01", "sanae-takaichi"),
        ("south-korea-president", "2025-05-01", None),  # between Yoon's removal and Lee
        ("iran-president", "2024-06-01", None),  # between Raisi's death and Pezeshkian
        ("russia-president", "2019-03-03", "vladimir-putin"),
        ("france-prime-minister", "2024-10-01", "michel-barnier"),
        ("us-president", None, None),
    ],
)
def test_roles_holder_on_a_day(roles, role: str, day: str | None, holder: str | None) -> None:
    assert RoleBook(roles).holder(role, day_of(day)) == holder


# --- matching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The U.S. president spoke.", "2023-03-01",
         [("U.S. president", "joe-biden", "role")]),
        ("The U.S. president spoke.", "2025-03-01",
         [("U.S. president", "donald-trump", "role")]),
        ("The U.S. president spoke.", "2019-03-01",
         [("U.S. president", "donald-trump", "role")]),
        # No date: the role is not resolved, its words count as they would alone.
        ("The U.S. president spoke.", None, [("U.S.", "united-states", "alias")]),
        ("The American president\u2019s plan.", pd.NaT, [("American", "united-states", "demonym")]),
        # A name right after the title names the holder itself.
        ("U.S. President Joe Biden spoke.", "2023-03-01",
         [("U.S.", "united-states", "alias"), ("Joe Biden", "joe-biden", "name")]),
        ("Russian President Vladimir Putin spoke.", "2023-03-01",
         [("Russian", "russia", "demonym"), ("Vladimir Putin", "vladimir-putin", "name")]),
        ("the Russian leader said", "2023-03-01", [("Russian leader", "vladimir-putin", "role")]),
        ("the North Korean leader said", "2023-03-01",
         [("North Korean leader", "kim-jong-un", "role")]),
        ("The British prime minister resigned.", "2022-10-20",
         [("British prime minister", "liz-truss", "role")]),
        ("The UN chief warned.", "2023-03-01", [("UN chief", "antonio-guterres", "role")]),
        # A term with no holder in the registry: the words alone.
        ("The Iranian president spoke.", "2024-06-01", [("Iranian", "iran", "demonym")]),
    ],
)  # fmt: skip
def test_roles_matcher_resolves_on_the_date(with_roles, text, published, expected) -> None:
    assert hits(with_roles, text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # One country with a president: "the President" is its president on that day.
        ("France voted. The President said no.", "2023-03-01",
         [("France", "france", "name"), ("President", "emmanuel-macron", "role")]),
        ("Macron went home. Later the president spoke.", "2023-03-01",
         [("Macron", "emmanuel-macron", "alias"), ("president", "emmanuel-macron", "role")]),
        ("The president met Britain's King.", "2023-03-01",  # Britain has no president
         [("Britain", "united-kingdom", "alias")]),
        ("The prime minister went to London. Britain was calm.", "2019-01-10",
         [("prime minister", "theresa-may", "role"), ("Britain", "united-kingdom", "alias")]),
        # Two countries with a president: skipped.
        ("France and Russia met. The president spoke.", "2023-03-01",
         [("France", "france", "name"), ("Russia", "russia", "name")]),
        # No date, a name after it, "of", or a hyphen: skipped.
        ("France voted. The President said no.", None, [("France", "france", "name")]),
        ("France voted. The President Macron said no.", "2023-03-01",
         [("France", "france", "name"), ("Macron", "emmanuel-macron", "alias")]),
        ("France voted. The president of Renault said no.", "2023-03-01",
         [("France", "france", "name")]),
        ("France voted. The president-elect said no.", "2023-03-01",
         [("France", "france", "name")]),
        ("France voted. The vice president said no.", "2023-03-01",
         [("France", "france", "name")]),
    ],
)  # fmt: skip
def test_roles_matcher_bare_title(with_roles, text, published, expected) -> None:
    assert hits(with_roles, text, published) == expected


def test_roles_without_roles_nothing_changes(matcher: Matcher, seed_text: str) -> None:
    text = "The U.S. president spoke. The President said no. U.S. officials agreed."
    assert hits(matcher, text, "2023-03-01") == [
        ("U.S.", "united-states", "alias"),
        ("U.S.", "united-states", "alias"),
    ]
    assert matcher.find(seed_text, "2023-09-07") == matcher.find(seed_text)


def test_roles_seed_article_unchanged(with_roles, matcher, seed_text, seed_meta) -> None:
    """The seed names its presidents with their names: roles change none of its hits."""
    assert with_roles.find(seed_text, seed_meta["published"]) == matcher.find(seed_text)


def test_roles_of_actors_not_in_the_registry_are_left_out(roles) -> None:
    registry = load_registry()
    without_biden = registry[registry["actor_id"] != "joe-biden"]
    m = Matcher(without_biden, roles)
    assert set(roles_in(roles, without_biden)["actor_id"]) == set(roles["actor_id"]) - {"joe-biden"}
    assert hits(m, "The U.S. president spoke.", "2023-03-01") == [
        ("U.S.", "united-states", "alias")
    ]
    assert hits(m, "The U.S. president spoke.", "2025-03-01") == [
        ("U.S. president", "donald-trump", "role")
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-07", dt.date(2023, 9, 7)),
        ("2023-09-07T12:00:00", dt.date(2023, 9, 7)),
        (dt.date(2023, 9, 7), dt.date(2023, 9, 7)),
        (dt.datetime(2023, 9, 7, 23, 0), dt.date(2023, 9, 7)),
        (pd.Timestamp("2023-09-07"), dt.date(2023, 9, 7)),
        (None, None),
        (pd.NaT, None),
        (float("nan"), None),
        ("not a date", None),
    ],
)
def test_roles_day_of(value, expected) -> None:
    assert day_of(value) == expected


# --- validation --------------------------------------------------------------------------------

GOOD = [
    ("us-president", "U.S. president", "united-states", "joe-biden", "2021-01-20", "2025-01-20",
     "President"),
    ("us-president", "U.S. president", "united-states", "donald-trump", "2025-01-20", "",
     "President"),
]  # fmt: skip


def roles_of(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ROLE_COLUMNS[: len(rows[0])])


def test_roles_validate_accepts_good_rows() -> None:
    out = validate_roles(roles_of(GOOD))
    assert list(out.columns) == ROLE_COLUMNS
    assert out["actor_id"].tolist() == ["joe-biden", "donald-trump"]


def test_roles_validate_fills_optional_columns() -> None:
    out = validate_roles(roles_of([GOOD[1][:5]]))
    assert out["end"].tolist() == [""]
    assert out["title"].tolist() == [""]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("US President", "x", "united-states", "a", "2026-01-01", "", ""), r"row 4 .*slug"),
        (("r", "x", "united-states", "a", "2026-13-01", "", ""), r"row 4 \(r\): start .* date"),
        (("r", "x", "united-states", "a", "", "", ""), r"row 4 \(r\): start is empty"),
        (("r", "x", "united-states", "a", "2026-01-01", "2025-01-01", ""), "not after start"),
        (("us-president", "U.S. president", "united-states", "kamala-harris", "2024-01-01", "",
          "President"), r"row 4 \(us-president\): the term overlaps"),
        (("other", "U.S. president", "united-states", "a", "2026-01-01", "", ""),
         r"'U.S. president' is already an alias of us-president"),
        (("us-president", "", "russia", "a", "2030-01-01", "", "President"),
         "country differs"),
        (("vp", "", "united-states", "a", "2030-01-01", "", "President"),
         "united-states has the title 'President' twice"),
        (("r", "", "united-states", "a", "2030-01-01", "", ""), "role r has no alias"),
    ],
)  # fmt: skip
def test_roles_validate_names_the_bad_row(row: tuple, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        validate_roles(roles_of([*GOOD, row]))


def test_roles_validate_needs_core_columns() -> None:
    with pytest.raises(RegistryError, match="no column start"):
        validate_roles(pd.DataFrame({c: ["x"] for c in ROLE_COLUMNS[:4]}))


def test_roles_load_missing_file_is_no_roles(tmp_path: Path) -> None:
    assert load_roles(tmp_path / "none.csv").empty


def test_roles_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "roles.csv"
    path.write_text(",".join(ROLE_COLUMNS) + "\nr,x,c,a,someday,,\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"roles.csv: roles row 2 \(r\): start"):
        load_roles(path)


# --- the pipeline: ingest, rematch, the registry digest ---------------------------------------

ARTICLE = "The U.S. president spoke in Washington. Russia said nothing."


def test_roles_analyse_uses_each_articles_date(with_roles: Matcher) -> None:
    articles = pd.concat(
        [
            load_text(ARTICLE, published="2023-05-01").articles,
            load_text(ARTICLE + " Again.", published="2025-05-01").articles,
            load_text(ARTICLE + " Undated.").articles,
        ],
        ignore_index=True,
    )
    sentences, mentions = analyse(articles, with_roles, workers=1)
    role = mentions[mentions["how"] == schema.HOW_ROLE]
    by_article = dict(zip(role["article_id"], role["actor_id"], strict=True))
    ids = articles["article_id"].tolist()
    assert by_article == {ids[0]: "joe-biden", ids[1]: "donald-trump"}
    assert set(role["name"]) == {"Joe Biden", "Donald Trump"}
    assert set(role["surface"]) == {"U.S. president"}
    # rematch gives the same with the articles' dates, and no roles without them.
    texts = articles[["article_id", "text", "published"]]
    pd.testing.assert_frame_equal(rematch(sentences, texts, with_roles), mentions)
    undated = rematch(sentences, texts.drop(columns="published"), with_roles)
    assert schema.HOW_ROLE not in set(undated["how"])


def test_roles_rematch_reports_progress(with_roles: Matcher, corpus, corpus_analysis) -> None:
    calls = []
    rematch(corpus_analysis[0], corpus, with_roles, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (len(corpus), len(corpus))


def test_roles_ingest_and_digest(tmp_path: Path, registry, roles) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    ingest(store, load_text(ARTICLE, published="2025-05-01"), registry, workers=1, roles=roles)
    mentions = store.read("mentions")
    assert ("donald-trump", "role") in set(zip(mentions["actor_id"], mentions["how"], strict=True))
    assert store.get_meta("registry_digest") == registry_digest(registry, roles)
    assert registry_digest(registry, roles) != registry_digest(registry)
    # The same registry without roles: matching runs again and the role is gone.
    revision = store.revision()
    steps = []
    assert sync_registry(store, registry, progress=lambda d, t: steps.append(d))
    assert steps == [1]
    assert store.revision() == revision + 1
    assert "donald-trump" not in set(store.read("mentions")["actor_id"])
    # Digests do not depend on the order of the rows.
    shuffled = registry.sample(frac=1, random_state=3)
    assert registry_digest(shuffled, roles.sample(frac=1, random_state=3)) == registry_digest(
        registry, roles
    )
    store.close()
