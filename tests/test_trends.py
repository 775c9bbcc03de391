"""Per actor and period counts, share and tone (analysis/trends.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.facts import FACT_COLUMNS, actor_totals, article_facts, mention_facts, select
from analysis.interval import t95
from analysis.trends import (
    ARTICLE_DAY_COLUMNS,
    DAY_COLUMNS,
    MIN_COUNT,
    SCORED,
    TREND_COLUMNS,
    article_days,
    daily,
    daily_totals,
    period_days,
    period_dtype,
    period_start,
    share_of_voice,
    trends,
    trends_of,
)

# (article_id, sent_idx, actor_id, hits, compound, published); 2023-09-04 is a Monday.
FACT_ROWS = [
    ("a1", 0, "russia", 2, 0.5, "2023-09-04"),
    ("a1", 0, "vladimir-putin", 1, 0.5, "2023-09-04"),
    ("a1", 1, "russia", 1, -0.5, "2023-09-04"),
    ("a2", 0, "russia", 1, 0.2, "2023-09-06"),
    ("a3", 0, "china", 1, 0.0, "2023-09-10"),  # a Sunday: still the week of the 4th
    ("a4", 0, "russia", 1, 0.3, "2023-09-11"),  # a Monday: a new week
    ("a5", 0, "russia", 3, -0.6, "2023-10-01"),
    ("a6", 0, "russia", 1, 0.9, None),  # undated: left out
]
# Every article of the view, named or not (a7 names no one).
ARTICLE_ROWS = [
    ("a1", "2023-09-04"),
    ("a2", "2023-09-06"),
    ("a3", "2023-09-10"),
    ("a4", "2023-09-11"),
    ("a5", "2023-10-01"),
    ("a6", None),
    ("a7", "2023-09-05"),
]
MON = pd.Timestamp("2023-09-04")  # a Monday: the first week
WEEK = pd.Timedelta(days=7)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    frame = pd.DataFrame(
        FACT_ROWS, columns=["article_id", "sent_idx", "actor_id", "hits", "compound", "published"]
    )
    frame = frame.assign(
        published=pd.to_datetime(frame["published"]).astype("datetime64[s]"), source="Wire"
    )
    for col in ("article_id", "actor_id", "source"):
        frame[col] = frame[col].astype("category")
    return frame[FACT_COLUMNS]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    frame = pd.DataFrame(ARTICLE_ROWS, columns=["article_id", "published"])
    return frame.assign(published=pd.to_datetime(frame["published"]).astype("datetime64[s]"))


@pytest.mark.parametrize(
    ("day", "freq", "expected"),
    [
        ("2023-09-04", "W", "2023-09-04"),  # Monday
        ("2023-09-10", "W", "2023-09-04"),  # Sunday
        ("2023-09-11", "W", "2023-09-11"),
        ("2024-03-01", "W", "2024-02-26"),  # across a month (leap year)
        ("2023-01-01", "W", "2022-12-26"),  # across a year
        ("2023-09-30", "M", "2023-09-01"),
        ("2024-02-29", "M", "2024-02-01"),
        ("2023-09-01", "M", "2023-09-01"),
        ("2023-09-07 18:30", "D", "2023-09-07"),
    ],
)
def test_trends_period_start(day: str, freq: str, expected: str) -> None:
    got = period_start(pd.Series([pd.Timestamp(day)]), freq)
    assert got.iloc[0] == pd.Timestamp(expected)


def test_trends_period_start_weeks_start_on_monday() -> None:
    days = pd.Series(pd.date_range("2023-01-01", "2024-12-31", freq="D"))
    weeks = period_start(days, "W")
    assert (weeks.dt.day_of_week == 0).all()
    assert ((days - weeks) < pd.Timedelta(days=7)).all()
    assert (period_start(days, "M").dt.day == 1).all()


def test_trends_period_start_rejects_unknown_freq() -> None:
    with pytest.raises(ValueError, match="freq must be one of D, W, M, not 'Y'"):
        period_start(pd.Series([pd.Timestamp("2023-09-04")]), "Y")


def test_trends_weekly_counts(facts: pd.DataFrame, articles: pd.DataFrame) -> None:
    out = trends(facts, articles, freq="W", min_count=3)
    assert list(out.columns) == TREND_COLUMNS
    got = out[["actor_id", "period", "mentions", "sentences", "articles", "share", "shown"]]
    assert got.to_numpy().tolist() == [
        ["china", pd.Timestamp("2023-09-04"), 1, 1, 1, 0.25, False],
        ["russia", pd.Timestamp("2023-09-04"), 4, 3, 2, 0.5, True],
        ["russia", pd.Timestamp("2023-09-11"), 1, 1, 1, 1.0, False],
        ["russia", pd.Timestamp("2023-09-25"), 3, 1, 1, 1.0, False],
        ["vladimir-putin", pd.Timestamp("2023-09-04"), 1, 1, 1, 0.25, False],
    ]


def test_trends_monthly_share(facts: pd.DataFrame, articles: pd.DataFrame) -> None:
    out = trends(facts, articles, freq="M")
    russia = out[out["actor_id"] == "russia"].set_index("period")
    # September: a1, a2, a3, a4, a7 are dated; Russia is named in a1, a2, a4.
    assert russia.loc[pd.Timestamp("2023-09-01"), "articles"] == 3
    assert russia.loc[pd.Timestamp("2023-09-01"), "share"] == pytest.approx(3 / 5)
    assert russia.loc[pd.Timestamp("2023-09-01"), "mentions"] == 5
    assert russia.loc[pd.Timestamp("2023-10-01"), "share"] == 1.0
    assert out["period"].dt.day.eq(1).all()


def test_trends_tone_interval_clusters_articles(
    facts: pd.DataFrame, articles: pd.DataFrame
) -> None:
    out = trends(facts, articles, freq="W")
    row = out[(out["actor_id"] == "russia") & (out["period"] == "2023-09-04")].iloc[0]
    # a1 holds 0.5 and -0.5, a2 holds 0.2: two articles, so t with 1 degree of freedom.
    mean = (0.5 - 0.5 + 0.2) / 3
    spread = (0.0 - 2 * mean) ** 2 + (0.2 - 1 * mean) ** 2
    margin = 12.706 * math.sqrt(2 / 1 * spread / 3**2)
    assert row["tone"] == pytest.approx(mean)
    assert row["tone_low"] == pytest.approx(max(mean - margin, -1), abs=1e-3)
    assert row["tone_high"] == pytest.approx(min(mean + margin, 1), abs=1e-3)
    assert row["tone_low"] == -1  # the t interval of 2 articles this spread is clipped
    assert not row["shown"]  # 3 sentences < MIN_COUNT
    assert MIN_COUNT == 5


def test_trends_tone_interval_narrow_case() -> None:
    values = [0.10, 0.12, 0.14, 0.16, 0.18, 0.20]
    facts = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(6)],
            "sent_idx": 0,
            "actor_id": "nato",
            "hits": 1,
            "compound": values,
            "published": pd.Timestamp("2023-09-05"),
            "source": "Wire",
        }
    )
    articles = facts[["article_id", "published"]]
    row = trends(facts, articles, freq="D").iloc[0]
    # Six articles of one sentence each: the clustered interval is the plain one.
    margin = t95(5) * np.std(values, ddof=1) / math.sqrt(6)
    assert t95(5) == pytest.approx(2.571, abs=5e-4)
    assert row["tone"] == pytest.approx(0.15)
    assert row["tone_low"] == pytest.approx(0.15 - margin)
    assert row["tone_high"] == pytest.approx(0.15 + margin)
    assert row["shown"]
    assert row["share"] == 1.0


def test_trends_single_sentence_has_no_interval(
    facts: pd.DataFrame, articles: pd.DataFrame
) -> None:
    out = trends(facts, articles, freq="W")
    china = out[out["actor_id"] == "china"].iloc[0]
    assert china["tone"] == 0.0
    assert math.isnan(china["tone_low"])
    assert math.isnan(china["tone_high"])


@pytest.mark.parametrize("min_count", [1, 3, 4])
def test_trends_shown_follows_min_count(
    facts: pd.DataFrame, articles: pd.DataFrame, min_count: int
) -> None:
    out = trends(facts, articles, freq="W", min_count=min_count)
    assert (out["shown"] == (out["sentences"] >= min_count)).all()


def test_trends_undated_facts_only(facts: pd.DataFrame, articles: pd.DataFrame) -> None:
    undated = facts[facts["published"].isna()]
    assert len(undated) == 1
    out = trends(undated, articles)
    assert out.empty
    assert list(out.columns) == TREND_COLUMNS


# --- share of voice ------------------------------------------------------------------------


@pytest.fixture
def mention_periods() -> pd.DataFrame:
    """Trends' actor_id, period, mentions: Putin in weeks 1 and 3, Kim in weeks 1 and 2."""
    return pd.DataFrame(
        [("putin", MON, 6), ("putin", MON + 2 * WEEK, 5), ("kim", MON, 2), ("kim", MON + WEEK, 4)],
        columns=["actor_id", "period", "mentions"],
    )


def test_trends_share_of_voice_adds_up_per_period(mention_periods: pd.DataFrame) -> None:
    voice = share_of_voice(mention_periods)
    per_period = voice.groupby("period")["voice"].sum()
    assert np.allclose(per_period, 1.0)
    first = voice[voice["period"] == MON].set_index("actor_id")["voice"]
    assert first.to_dict() == pytest.approx({"putin": 0.75, "kim": 0.25})


def test_trends_share_of_voice_is_zero_without_mentions() -> None:
    frame = pd.DataFrame({"actor_id": ["a", "b"], "period": [MON, MON], "mentions": [0, 0]})
    assert share_of_voice(frame)["voice"].tolist() == [0.0, 0.0]


# --- trends from facts summed per day (what the dashboard filters) --------------------------


def reference_trends(facts: pd.DataFrame, articles: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Trends by a direct groupby of the facts, row by row: what `daily` + `trends_of` must
    give."""
    dated = facts[facts["published"].notna()]
    work = dated.assign(
        actor_id=dated["actor_id"].astype(str),
        article_id=dated["article_id"].astype(str),
        period=period_start(dated["published"], freq),
    )
    out = (
        work.groupby(["actor_id", "period"])
        .agg(
            mentions=("hits", "sum"),
            sentences=("compound", "size"),
            articles=("article_id", "nunique"),
            tone=("compound", "mean"),
        )
        .reset_index()
    )
    # The clustered margin (analysis.interval), article by article.
    margins = {}
    for (actor, period), rows in work.groupby(["actor_id", "period"]):
        mean = rows["compound"].mean()
        per = rows.groupby("article_id")["compound"].agg(["sum", "size"])
        g = len(per)
        spread = ((per["sum"] - per["size"] * mean) ** 2).sum()
        var = g / (g - 1) * spread / len(rows) ** 2 if g > 1 else math.nan
        margins[(actor, period)] = t95(g - 1) * math.sqrt(var) if g > 1 else math.nan
    out["margin"] = [margins[k] for k in zip(out["actor_id"], out["period"], strict=True)]
    totals = articles[articles["published"].notna()]
    totals = totals.groupby(period_start(totals["published"], freq))["article_id"].nunique()
    out["share"] = out["articles"] / out["period"].map(totals).to_numpy()
    return out


@pytest.fixture(scope="module")
def corpus_facts(corpus, corpus_analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    """conftest's hand-written corpus as (facts, articles), as the dashboard loads them."""
    sentences, mentions = corpus_analysis
    return mention_facts(mentions, sentences, corpus), article_facts(corpus, sentences)


VIEWS = [
    {},
    {"actors": ["russia", "vladimir-putin"]},
    {"start": "2023-09-05", "end": "2023-09-30"},
    {"sources": ["Wire"]},
    {"actors": ["russia", "united-states", "north-korea"], "sources": ["Daily", "Blog"]},
]


@pytest.mark.parametrize("freq", ["D", "W", "M"])
@pytest.mark.parametrize("view", VIEWS)
def test_trends_of_daily_sums_match_the_facts(corpus_facts, view: dict, freq: str) -> None:
    facts, articles = corpus_facts
    dates = (view.get("start"), view.get("end"), view.get("sources"))
    got = trends_of(
        select(daily(facts), **view), select(article_days(articles), None, *dates), freq
    )
    want = reference_trends(select(facts, **view), select(articles, None, *dates), freq)
    assert list(got.columns) == TREND_COLUMNS
    assert got["actor_id"].tolist() == want["actor_id"].tolist()
    assert got["period"].tolist() == want["period"].tolist()
    for col in ("mentions", "sentences", "articles"):
        assert got[col].tolist() == want[col].tolist(), col
    for col in ("share", "tone"):
        assert np.allclose(got[col], want[col]), col
    # The clustered interval, from the days' per-article sums, is the rows' own.
    low = np.clip(want["tone"] - want["margin"], -1, None)
    high = np.clip(want["tone"] + want["margin"], None, 1)
    assert np.allclose(got["tone_low"], low, equal_nan=True)
    assert np.allclose(got["tone_high"], high, equal_nan=True)
    if freq == "M" and not view:  # the corpus has months where an actor is in two articles
        assert want["margin"].notna().any()


def test_trends_daily_sums_per_actor_day_and_source(facts: pd.DataFrame) -> None:
    days = daily(facts)
    assert list(days.columns) == DAY_COLUMNS
    assert DAY_COLUMNS[-2:] == list(SCORED)
    russia = days[days["actor_id"] == "russia"].set_index("published")
    first = russia.loc[pd.Timestamp("2023-09-04")]
    # a1: two sentences (hits 2 and 1), one article.
    assert (first["mentions"], first["sentences"], first["articles"]) == (3, 2, 1)
    assert first["tone_sum"] == pytest.approx(0.0)
    # a1 alone: S = 0.5 - 0.5 over n = 2 sentences.
    assert (first["art_s2"], first["art_ns"], first["art_n2"]) == pytest.approx((0, 0, 4))
    assert (first["art_mean"], first["art_mean2"]) == pytest.approx((0, 0))
    # a6, undated: kept (the totals count it), with no day.
    assert russia.index.isna().sum() == days["published"].isna().sum() == 1
    assert days["mentions"].sum() == facts["hits"].sum()


def test_trends_article_days_count_articles_per_day_and_source() -> None:
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "c", "d"],
            "published": pd.to_datetime(
                [
                    "2023-09-04 08:00",
                    "2023-09-04 20:00",
                    "2023-09-05 00:00",
                    "2023-09-05 00:00",
                    None,
                ]
            ),
            "source": ["Wire", "Wire", "Daily", "Daily", "Wire"],
        }
    )
    days = article_days(articles)
    assert list(days.columns) == ARTICLE_DAY_COLUMNS
    got = {(str(p)[:10], s): n for p, s, n in days.itertuples(index=False)}
    assert got == {("2023-09-04", "Wire"): 2, ("2023-09-05", "Daily"): 1, ("NaT", "Wire"): 1}


def test_trends_daily_totals_are_actor_totals(corpus_facts, registry: pd.DataFrame) -> None:
    facts, _ = corpus_facts
    for view in VIEWS:
        got = daily_totals(select(daily(facts), **view), registry)
        want = actor_totals(select(facts, **view), registry)
        pd.testing.assert_frame_equal(got, want, check_exact=False)
    assert daily_totals(daily(facts).iloc[:0], registry).empty


@pytest.mark.parametrize("freq", ["D", "W", "M"])
@pytest.mark.parametrize("unit", ["s", "us", "ns"])
def test_trends_period_days_and_period_start_agree(freq: str, unit: str) -> None:
    days = pd.Series(pd.date_range("1969-12-25", "2024-03-05", freq="37h")).astype(
        f"datetime64[{unit}]"
    )
    days[3] = pd.NaT
    start = period_start(days, freq)
    got = np.datetime_as_string(period_days(days.to_numpy(), freq))
    assert got.tolist() == np.datetime_as_string(start.to_numpy(), unit="D").tolist()
    assert start.isna().tolist() == days.isna().tolist()
    floor = days.dt.floor("D")
    if freq == "W":
        assert (start.dropna().dt.day_of_week == 0).all()
    if freq == "M":
        assert (start.dropna().dt.day == 1).all()
    assert ((floor - start).dropna() < pd.Timedelta(days=31)).all()
    assert start.dtype == period_dtype(days.dtype, freq)


@pytest.mark.parametrize("weight", ["sentence", "article"])
def test_trends_unscored_sentences_count_but_carry_no_tone(
    facts: pd.DataFrame, articles: pd.DataFrame, weight: str
) -> None:
    """An article in another language (compound NaN) adds mentions and sentences, and nothing
    to the tone, its band or the sentences a point needs (min_count)."""
    day = facts["published"].iloc[0]
    foreign = facts.iloc[:2].assign(article_id="xx", compound=np.nan, published=day)
    foreign = foreign.astype({"article_id": "category"})
    more = pd.concat([facts, foreign], ignore_index=True).astype({"article_id": "category"})
    arts = pd.concat([articles, pd.DataFrame({"article_id": ["xx"], "published": [day]})])
    before = trends(facts, articles, freq="M", min_count=1, weight=weight)
    after = trends(more, arts, freq="M", min_count=1, weight=weight)
    assert after["mentions"].sum() == before["mentions"].sum() + foreign["hits"].sum()
    assert after["sentences"].sum() == before["sentences"].sum() + 2
    for col in ("tone", "tone_low", "tone_high", "shown"):
        assert np.allclose(after[col], before[col], equal_nan=True), col
