"""The compact facts frames (analysis/facts.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.facts import (
    COUNT_COLUMNS,
    FACT_COLUMNS,
    TOWARD,
    actor_totals,
    article_facts,
    mention_facts,
    roll_up,
    select,
)

KIM, PUTIN, RUSSIA = "kim-jong-un", "vladimir-putin", "russia"
# (article_id, sent_idx, actor_id, hits, compound) for actor_totals; a3 names Putin twice in
# one sentence, a4 is undated.
COUNT_ROWS = [
    ("a1", 0, KIM, 1, 0.5),
    ("a1", 0, PUTIN, 1, 0.5),
    ("a1", 1, KIM, 1, -0.4),
    ("a1", 2, PUTIN, 1, 0.0),
    ("a2", 0, KIM, 1, 0.8),
    ("a2", 1, PUTIN, 1, 0.1),
    ("a3", 0, KIM, 1, -0.6),
    ("a3", 0, PUTIN, 2, -0.6),
    ("a3", 0, RUSSIA, 1, -0.6),
    ("a4", 0, PUTIN, 1, 0.3),
]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return schema.conform(
        pd.DataFrame(
            {
                "article_id": ["a1", "a2", "a3"],
                "title": ["One", "Two", "Three"],
                "source": ["Wire", "Daily", "Wire"],
                "published": ["2023-09-04", "2023-09-12", None],
                "text": ["...", "...", "..."],
            }
        ),
        schema.ARTICLES,
    )


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    rows = [
        ("a1", 0, 0.5),
        ("a1", 1, -0.4),
        ("a1", 2, 0.0),
        ("a2", 0, 0.8),
        ("a3", 0, -0.2),
    ]
    frame = pd.DataFrame(rows, columns=["article_id", "sent_idx", "compound"])
    return schema.conform(
        frame.assign(start=0, end=1, text="x", pos=0, neu=1, neg=0), schema.SENTENCES
    )


@pytest.fixture(scope="module")
def mentions() -> pd.DataFrame:
    rows = [
        ("a1", 0, "vladimir-putin"),
        ("a1", 0, "russia"),
        ("a1", 0, "russia"),
        ("a1", 1, "vladimir-putin"),
        ("a1", 1, "usa-today"),
        ("a2", 0, "joe-biden"),
        ("a2", 0, "united-states"),
        ("a3", 0, "russia"),
    ]
    frame = pd.DataFrame(rows, columns=["article_id", "sent_idx", "actor_id"])
    return schema.conform(frame.assign(start=0, end=1, how="name"), schema.MENTIONS)


@pytest.fixture(scope="module")
def facts(mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return mention_facts(mentions, sentences, articles)


def test_facts_mention_facts_one_row_per_actor_and_sentence(facts: pd.DataFrame) -> None:
    assert list(facts.columns) == [*FACT_COLUMNS, TOWARD]  # mentions carry toward
    got = sorted(
        (str(r.article_id), r.sent_idx, str(r.actor_id), r.hits, r.compound)
        for r in facts.itertuples()
    )
    assert got == [
        ("a1", 0, "russia", 2, 0.5),
        ("a1", 0, "vladimir-putin", 1, 0.5),
        ("a1", 1, "usa-today", 1, -0.4),
        ("a1", 1, "vladimir-putin", 1, -0.4),
        ("a2", 0, "joe-biden", 1, 0.8),
        ("a2", 0, "united-states", 1, 0.8),
        ("a3", 0, "russia", 1, -0.2),
    ]


def test_facts_mention_facts_dtypes_and_dates(facts: pd.DataFrame) -> None:
    assert str(facts["hits"].dtype) == "int32"
    for col in ("article_id", "actor_id", "source"):
        assert isinstance(facts[col].dtype, pd.CategoricalDtype), col
    first = facts.drop_duplicates("article_id")
    by_article = first.set_index(first["article_id"].astype(str))
    assert by_article.loc["a1", "published"] == pd.Timestamp("2023-09-04")
    assert pd.isna(by_article.loc["a3", "published"])
    assert by_article.loc["a2", "source"] == "Daily"
    assert "text" not in facts.columns


def test_facts_article_facts(articles: pd.DataFrame, sentences: pd.DataFrame) -> None:
    extra = schema.conform(
        pd.DataFrame({"article_id": ["a4"], "title": ["Empty"], "text": [""]}), schema.ARTICLES
    )
    out = article_facts(pd.concat([articles, extra], ignore_index=True), sentences)
    assert list(out.columns) == [
        "article_id", "title", "published", "source", "language", "copy_of", "sentences", "tone",
    ]  # fmt: skip
    got = out.set_index("article_id")
    assert got["sentences"].tolist() == [3, 1, 1, 0]
    assert str(got["sentences"].dtype) == "int32"
    assert got.loc["a1", "tone"] == pytest.approx((0.5 - 0.4 + 0.0) / 3)
    assert got.loc["a2", "tone"] == 0.8
    assert pd.isna(got.loc["a4", "tone"])


def test_facts_roll_up_counts_people_under_their_country_once_per_sentence(
    facts: pd.DataFrame, registry: pd.DataFrame
) -> None:
    out = roll_up(facts, registry)
    assert list(out.columns) == [*FACT_COLUMNS, TOWARD]
    got = sorted(
        (str(r.article_id), r.sent_idx, str(r.actor_id), r.hits, r.compound)
        for r in out.itertuples()
    )
    assert got == [
        ("a1", 0, "russia", 3, 0.5),  # Putin + Russia twice: one row, hits summed
        ("a1", 1, "russia", 1, -0.4),  # Putin alone
        ("a1", 1, "usa-today", 1, -0.4),  # media are not people: not rolled up
        ("a2", 0, "united-states", 2, 0.8),  # Biden + United States
        ("a3", 0, "russia", 1, -0.2),
    ]
    assert str(out["hits"].dtype) == "int32"
    assert isinstance(out["actor_id"].dtype, pd.CategoricalDtype)


def test_facts_toward_is_the_mean_of_the_scored_mentions(
    mentions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, registry
) -> None:
    # Per row of the mentions fixture; None: stored before the model.
    scored = mentions.assign(toward=pd.array([-0.6, 0.2, 0.4, None, 0.1, 0.9, 0.5, None]))
    facts = mention_facts(scored, sentences, articles)
    got = {(str(r.article_id), r.sent_idx, str(r.actor_id)): r.toward for r in facts.itertuples()}
    assert got[("a1", 0, "russia")] == pytest.approx(0.3)  # two mentions: their mean
    assert got[("a1", 0, "vladimir-putin")] == pytest.approx(-0.6)
    assert pd.isna(got[("a1", 1, "vladimir-putin")])  # none scored: NaN, not 0
    assert pd.isna(got[("a3", 0, "russia")])
    rolled = roll_up(facts, registry)
    by = {(str(r.article_id), r.sent_idx, str(r.actor_id)): r.toward for r in rolled.itertuples()}
    assert by[("a1", 0, "russia")] == pytest.approx((-0.6 + 0.3) / 2)  # Putin's and Russia's
    assert pd.isna(by[("a1", 1, "russia")])  # Putin alone, unscored
    assert by[("a2", 0, "united-states")] == pytest.approx((0.9 + 0.5) / 2)
    without = mention_facts(mentions.drop(columns=[TOWARD]), sentences, articles)
    assert list(without.columns) == FACT_COLUMNS


def test_facts_roll_up_keeps_dates_and_sources(facts: pd.DataFrame, registry: pd.DataFrame) -> None:
    out = roll_up(facts, registry).assign(article_id=lambda df: df["article_id"].astype(str))
    a1 = out[out["article_id"] == "a1"]
    assert set(a1["published"]) == {pd.Timestamp("2023-09-04")}
    assert set(a1["source"].astype(str)) == {"Wire"}
    assert out[out["article_id"] == "a3"]["published"].isna().all()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["a1", "a1", "a1", "a1", "a2", "a2", "a3"]),
        ({"actors": ["russia"]}, ["a1", "a3"]),
        ({"actors": []}, []),
        ({"start": "2023-09-04", "end": "2023-09-04"}, ["a1", "a1", "a1", "a1"]),
        ({"start": "2023-09-05"}, ["a2", "a2"]),
        ({"end": "2023-09-11"}, ["a1", "a1", "a1", "a1"]),
        ({"end": "2023-09-12"}, ["a1", "a1", "a1", "a1", "a2", "a2"]),
        ({"sources": ["Daily"]}, ["a2", "a2"]),
        ({"sources": ["Wire"], "actors": ["russia"]}, ["a1", "a3"]),
    ],
)
def test_facts_select(facts: pd.DataFrame, kwargs: dict, expected: list[str]) -> None:
    out = select(facts, **kwargs)
    assert sorted(out["article_id"].astype(str)) == expected


# --- per actor totals ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def counted() -> pd.DataFrame:
    """COUNT_ROWS as a facts frame (FACT_COLUMNS, categorical ids, as mention_facts)."""
    frame = pd.DataFrame(
        COUNT_ROWS, columns=["article_id", "sent_idx", "actor_id", "hits", "compound"]
    )
    published = frame["article_id"].map(
        {"a1": "2023-09-04", "a2": "2023-09-12", "a3": "2023-09-13"}
    )
    frame = frame.assign(published=pd.to_datetime(published), source="Wire")
    for col in ("article_id", "actor_id", "source"):
        frame[col] = frame[col].astype("category")
    return frame[FACT_COLUMNS]


def test_facts_actor_totals(counted: pd.DataFrame, registry: pd.DataFrame) -> None:
    counts = actor_totals(counted, registry)
    assert list(counts.columns) == COUNT_COLUMNS
    assert counts["actor_id"].tolist() == [PUTIN, KIM, RUSSIA]
    putin = counts.set_index("actor_id").loc[PUTIN]
    assert (putin["mentions"], putin["sentences"], putin["articles"]) == (6, 5, 4)
    assert putin["tone"] == pytest.approx((0.5 + 0.0 + 0.1 - 0.6 + 0.3) / 5)
    assert putin["name"] == "Vladimir Putin"
    assert putin["kind"] == "person"


def test_facts_actor_totals_empty(counted: pd.DataFrame, registry: pd.DataFrame) -> None:
    counts = actor_totals(counted.iloc[0:0], registry)
    assert counts.empty
    assert list(counts.columns) == COUNT_COLUMNS


def test_facts_actor_totals_of_plain_ids_outside_the_registry(
    pair_facts: pd.DataFrame, registry: pd.DataFrame
) -> None:
    totals = actor_totals(pair_facts, registry)
    assert totals["actor_id"].tolist() == ["putin", "kim"]  # most mentioned first
    by_id = totals.set_index("actor_id")
    assert by_id.loc["putin", "mentions"] == 5
    assert by_id.loc["putin", "sentences"] == 5
    assert by_id.loc["kim", "tone"] == pytest.approx((0.5 + 0.2 + 0.9) / 3)
    assert by_id.loc["kim", "name"] == "kim"  # not in the registry: named by its id


def test_facts_actor_totals_of_nothing(pair_facts: pd.DataFrame, registry: pd.DataFrame) -> None:
    assert actor_totals(pair_facts.iloc[0:0], registry).empty


def test_facts_roll_up_does_not_depend_on_row_order(
    facts: pd.DataFrame, registry: pd.DataFrame
) -> None:
    rolled = roll_up(facts, registry)
    shuffled = roll_up(facts.sample(frac=1, random_state=7), registry)
    pd.testing.assert_frame_equal(rolled, shuffled)
    keys = list(zip(rolled["article_id"].cat.codes, rolled["sent_idx"], strict=True))
    assert keys == sorted(keys)  # article, sentence (then actor) order


def test_facts_select_leaves_the_frame_alone(facts: pd.DataFrame) -> None:
    before = facts.copy()
    for out in (select(facts), select(facts, actors=["russia"], sources=["Wire"])):
        out["hits"] = 0  # a caller writing to what it got
    pd.testing.assert_frame_equal(facts, before)
    assert select(facts, actors=["nobody"]).empty  # not a category: no row
