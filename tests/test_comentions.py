"""Which actors are mentioned together (analysis/comentions.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.comentions import (
    PAIR_COLUMNS,
    PAIR_DAY_COLUMNS,
    UNIT_COLUMNS,
    comentions,
    own_units,
    pair_days,
    pair_periods,
    pair_periods_of,
    pair_rows,
    pairs_of,
    unit_rows,
    window_pair_days,
)
from analysis.facts import mention_facts, select
from analysis.trends import daily

# (article_id, sent_idx, actor_id, compound): one row per actor per sentence, as mention_facts.
FACT_ROWS = [
    ("a1", 0, "russia", 0.4),
    ("a1", 0, "vladimir-putin", 0.4),
    ("a1", 1, "russia", -0.2),
    ("a2", 0, "russia", 0.6),
    ("a2", 0, "vladimir-putin", 0.6),
    ("a2", 0, "united-states", 0.6),
    ("a2", 1, "united-states", 0.0),
    ("a3", 0, "china", 0.1),
]
MON = pd.Timestamp("2023-09-04")  # a Monday: the first week of conftest's pair_facts
WEEK = pd.Timedelta(days=7)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    frame = pd.DataFrame(FACT_ROWS, columns=["article_id", "sent_idx", "actor_id", "compound"])
    frame = frame.assign(hits=1, published=pd.Timestamp("2023-09-04"), source="Wire")
    for col in ("article_id", "actor_id", "source"):
        frame[col] = frame[col].astype("category")
    return frame


def pairs(frame: pd.DataFrame) -> dict[tuple[str, str], dict]:
    return {(r["actor_a"], r["actor_b"]): r for r in frame.to_dict("records")}


def test_comentions_sentence_window(facts: pd.DataFrame) -> None:
    out = comentions(facts, units=10, window="sentence")
    assert list(out.columns) == PAIR_COLUMNS
    got = out[["actor_a", "actor_b", "window", "count", "count_a", "count_b", "units"]]
    assert got.to_numpy().tolist() == [
        ["russia", "vladimir-putin", "sentence", 2, 3, 2, 10],
        ["russia", "united-states", "sentence", 1, 3, 2, 10],
        ["united-states", "vladimir-putin", "sentence", 1, 2, 2, 10],
    ]


@pytest.mark.parametrize(
    ("pair", "count", "count_a", "count_b", "tone"),
    [
        (("russia", "vladimir-putin"), 2, 3, 2, (0.4 + 0.6) / 2),
        (("russia", "united-states"), 1, 3, 2, 0.6),
        (("united-states", "vladimir-putin"), 1, 2, 2, 0.6),
    ],
)
def test_comentions_sentence_measures_by_hand(
    facts: pd.DataFrame, pair: tuple[str, str], count: int, count_a: int, count_b: int, tone: float
) -> None:
    units = 10
    row = pairs(comentions(facts, units=units))[pair]
    lift = count * units / (count_a * count_b)
    pmi = math.log2(lift)
    npmi = pmi / -math.log2(count / units)
    assert row["lift"] == pytest.approx(lift)
    assert row["pmi"] == pytest.approx(pmi)
    assert row["npmi"] == pytest.approx(npmi)
    assert row["tone"] == pytest.approx(tone)


def test_comentions_article_window(facts: pd.DataFrame) -> None:
    out = comentions(facts, units=4, window="article")
    got = pairs(out)
    assert set(got) == {
        ("russia", "vladimir-putin"),
        ("russia", "united-states"),
        ("united-states", "vladimir-putin"),
    }
    rp = got[("russia", "vladimir-putin")]
    assert (rp["window"], rp["count"], rp["count_a"], rp["count_b"]) == ("article", 2, 2, 2)
    assert rp["lift"] == pytest.approx(2 * 4 / (2 * 2))
    assert rp["npmi"] == pytest.approx(1 / -math.log2(2 / 4))
    # Sentences of the shared articles naming either actor, each once (a1/0, a1/1, a2/0).
    assert rp["tone"] == pytest.approx((0.4 - 0.2 + 0.6) / 3)
    ru = got[("russia", "united-states")]
    assert (ru["count"], ru["count_a"], ru["count_b"]) == (1, 2, 1)
    assert ru["tone"] == pytest.approx((0.6 + 0.0) / 2)


def test_comentions_article_window_counts_more_than_sentence(facts: pd.DataFrame) -> None:
    # russia and united-states share one sentence (a2/0) and one article (a2) here; add a
    # second article where they appear in different sentences.
    extra = pd.DataFrame(
        [("a9", 0, "russia", 0.0), ("a9", 1, "united-states", 0.0)],
        columns=["article_id", "sent_idx", "actor_id", "compound"],
    )
    both = pd.concat([facts[extra.columns].astype(object), extra], ignore_index=True)
    by_sentence = pairs(comentions(both, units=12, window="sentence"))
    by_article = pairs(comentions(both, units=5, window="article"))
    assert by_sentence[("russia", "united-states")]["count"] == 1
    assert by_article[("russia", "united-states")]["count"] == 2


def test_comentions_no_self_pairs_and_ordered(facts: pd.DataFrame) -> None:
    for window in ("sentence", "article"):
        out = comentions(facts, units=10, window=window)
        assert (out["actor_a"] < out["actor_b"]).all()
        assert not out.duplicated(["actor_a", "actor_b"]).any()
    named = comentions(facts, units=10)
    assert "china" not in set(named["actor_a"]) | set(named["actor_b"])


def test_comentions_sorted_by_count(facts: pd.DataFrame) -> None:
    out = comentions(facts, units=10)
    assert out["count"].tolist() == sorted(out["count"], reverse=True)


def test_comentions_always_together_has_npmi_one() -> None:
    facts = pd.DataFrame(
        [("a1", 0, "china", 0.2), ("a1", 0, "russia", 0.2)],
        columns=["article_id", "sent_idx", "actor_id", "compound"],
    )
    row = comentions(facts, units=1).iloc[0]
    assert (row["count"], row["lift"], row["pmi"], row["npmi"]) == (1, 1.0, 0.0, 1.0)


@pytest.mark.parametrize("window", ["sentence", "article"])
def test_comentions_lone_actors_give_empty_frame(window: str) -> None:
    facts = pd.DataFrame(
        [("a1", 0, "china", 0.2), ("a2", 0, "russia", 0.2)],
        columns=["article_id", "sent_idx", "actor_id", "compound"],
    )
    out = comentions(facts, units=2, window=window)
    assert out.empty
    assert list(out.columns) == PAIR_COLUMNS


def test_comentions_rejects_unknown_window(facts: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="window must be one of sentence, article, not 'page'"):
        comentions(facts, units=10, window="page")


# --- one pair, period by period (pair_facts: Kim and Putin over three weeks) ------------------


def test_comentions_pair_periods_sentence_window(pair_facts: pd.DataFrame) -> None:
    out = pair_periods(pair_facts, "kim", "putin", "W", "sentence")
    assert out["period"].tolist() == [MON, MON + WEEK, MON + 2 * WEEK]
    assert out["count"].tolist() == [1, 0, 0]
    assert out["tone"].iloc[0] == pytest.approx(0.5)
    assert out["tone"].iloc[1:].isna().all()


def test_comentions_pair_periods_article_window(pair_facts: pd.DataFrame) -> None:
    out = pair_periods(pair_facts, "putin", "kim", "W", "article")
    assert out["count"].tolist() == [1, 0, 1]
    # Week 3: the article's sentences naming either actor.
    assert out["tone"].iloc[2] == pytest.approx((0.2 - 0.6) / 2)


@pytest.mark.parametrize(("a", "b"), [("kim", "russia"), ("kim", "kim")])
def test_comentions_pair_periods_without_the_pair_counts_zero(
    pair_facts: pd.DataFrame, a: str, b: str
) -> None:
    out = pair_periods(pair_facts, a, b, "M", "sentence")
    assert out["period"].tolist() == [pd.Timestamp("2023-09-01")]
    assert out["count"].tolist() == [0]


def test_comentions_pair_periods_of_undated_facts_is_empty(pair_facts: pd.DataFrame) -> None:
    assert pair_periods(pair_facts[pair_facts["published"].isna()], "kim", "putin").empty


# --- pairs from unit rows and pair sums per day (what the dashboard filters) -----------------


def reference_pairs(facts: pd.DataFrame, window: str) -> dict[tuple[str, str], tuple]:
    """(count, tone) per pair, by plain loops over the facts' units: the count of units naming
    both, and the pair tone of analysis/comentions.py's docstring (the mean compound of the
    distinct sentences naming both, or, for articles, naming either in an article naming
    both)."""
    sentence = {}  # (article, sentence) -> (compound, actors)
    for art, sent, actor, compound in zip(
        facts["article_id"].astype(str), facts["sent_idx"], facts["actor_id"].astype(str),
        facts["compound"], strict=True,
    ):  # fmt: skip
        sentence.setdefault((art, int(sent)), (float(compound), set()))[1].add(actor)
    units: dict = {}
    for (art, sent), (_, actors) in sentence.items():
        key = (art, sent) if window == "sentence" else art
        units.setdefault(key, set()).update(actors)
    out = {}
    for key, actors in units.items():
        for a in actors:
            for b in actors:
                if a < b:
                    count, chosen = out.get((a, b), (0, set()))
                    inside = [key] if window == "sentence" else [
                        k for k in sentence if k[0] == key and sentence[k][1] & {a, b}
                    ]  # fmt: skip
                    out[(a, b)] = (count + 1, chosen | set(inside))
    return {
        pair: (count, sum(sentence[k][0] for k in chosen) / len(chosen))
        for pair, (count, chosen) in out.items()
    }


@pytest.fixture(scope="module")
def corpus_facts(corpus, corpus_analysis) -> pd.DataFrame:
    """conftest's hand-written corpus as the dashboard loads its facts."""
    sentences, mentions = corpus_analysis
    return mention_facts(mentions, sentences, corpus)


VIEWS = [
    {},
    {"actors": ["russia", "vladimir-putin", "kim-jong-un"]},
    {"start": "2023-09-05", "end": "2023-10-31"},
    {"sources": ["Wire"]},
]


@pytest.mark.parametrize("window", ["sentence", "article"])
@pytest.mark.parametrize("view", VIEWS)
def test_comentions_pairs_of_day_sums_match_a_self_join(corpus_facts, view, window) -> None:
    dates = {k: v for k, v in view.items() if k != "actors"}
    together = window_pair_days(corpus_facts, window)
    if "actors" in view:
        together = pair_rows(together, view["actors"])
    together = select(together, **dates)
    own = own_units(select(daily(corpus_facts), **view), window)
    got = pairs_of(together, own, units=50, window=window)
    chosen = select(corpus_facts, **view)
    want = reference_pairs(chosen, window)
    assert {
        (a, b): c for a, b, c in zip(got["actor_a"], got["actor_b"], got["count"], strict=True)
    } == {pair: count for pair, (count, _) in want.items()}
    for a, b, tone in zip(got["actor_a"], got["actor_b"], got["tone"], strict=True):
        assert tone == pytest.approx(want[(a, b)][1])
    pd.testing.assert_frame_equal(got, comentions(chosen, units=50, window=window))


def test_comentions_unit_rows_one_per_actor_and_unit(facts: pd.DataFrame) -> None:
    dated = facts.assign(published=pd.Timestamp("2023-09-04"), source="Wire")
    sentences = unit_rows(dated, "sentence")
    assert list(sentences.columns) == UNIT_COLUMNS
    assert len(sentences) == len(facts)  # one fact per actor and sentence already
    assert sentences["unit"].nunique() == 5
    articles = unit_rows(dated, "article")
    russia_a2 = articles[(articles["actor_id"] == "russia")]
    assert sorted(russia_a2["sentences"]) == [1, 2]  # a2 once, a1 twice
    assert russia_a2["tone_sum"].sum() == pytest.approx(0.4 - 0.2 + 0.6)


def test_comentions_pair_days_counts_each_pair_once_per_unit(facts: pd.DataFrame) -> None:
    dated = facts.assign(published=pd.Timestamp("2023-09-04"), source="Wire")
    together = pair_days(unit_rows(dated, "sentence"))
    assert list(together.columns) == PAIR_DAY_COLUMNS
    got = {(str(a), str(b)): c for a, b, c in together[["actor_a", "actor_b", "count"]].to_numpy()}
    assert got == {
        ("russia", "vladimir-putin"): 2,
        ("russia", "united-states"): 1,
        ("united-states", "vladimir-putin"): 1,
    }
    rp = together[(together["actor_a"] == "russia") & (together["actor_b"] == "vladimir-putin")]
    assert rp["tone_sum"].sum() == pytest.approx(2 * 0.4 + 2 * 0.6)  # both sides, per sentence
    assert rp["tone_n"].sum() == 4
    assert set(pair_rows(together, ["russia", "united-states"])["actor_b"]) == {"united-states"}


@pytest.mark.parametrize("window", ["sentence", "article"])
@pytest.mark.parametrize("freq", ["W", "M"])
def test_comentions_pair_periods_of_day_sums(corpus_facts, window: str, freq: str) -> None:
    together = window_pair_days(corpus_facts, window)
    for a, b in [("russia", "vladimir-putin"), ("vladimir-putin", "russia"), ("china", "russia")]:
        got = pair_periods_of(together, a, b, corpus_facts["published"], freq, window)
        want = pair_periods(corpus_facts, a, b, freq, window)
        pd.testing.assert_frame_equal(got, want)
        assert (
            got["count"].sum()
            == reference_pairs(corpus_facts[corpus_facts["published"].notna()], window).get(
                tuple(sorted((a, b))), (0, None)
            )[0]
        )
