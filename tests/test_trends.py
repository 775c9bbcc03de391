"""Per actor and period counts, share and tone (analysis/trends.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.facts import FACT_COLUMNS
from analysis.trends import MIN_COUNT, TREND_COLUMNS, period_start, share_of_voice, t95, trends

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


@pytest.mark.parametrize(
    ("n", "expected"),
    [(2, 12.706), (3, 4.303), (5, 2.776), (11, 2.228), (31, 2.042), (32, 1.96), (1000, 1.96)],
)
def test_trends_t95_critical_values(n: int, expected: float) -> None:
    assert t95(n) == expected


@pytest.mark.parametrize("n", [0, 1])
def test_trends_t95_undefined_below_two(n: int) -> None:
    assert math.isnan(t95(n))


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


def test_trends_tone_interval_uses_t(facts: pd.DataFrame, articles: pd.DataFrame) -> None:
    out = trends(facts, articles, freq="W")
    row = out[(out["actor_id"] == "russia") & (out["period"] == "2023-09-04")].iloc[0]
    values = np.array([0.5, -0.5, 0.2])
    mean, sd = values.mean(), values.std(ddof=1)
    margin = 4.303 * sd / math.sqrt(3)
    assert row["tone"] == pytest.approx(mean)
    assert row["tone_low"] == pytest.approx(max(mean - margin, -1))
    assert row["tone_high"] == pytest.approx(min(mean + margin, 1))
    assert row["tone_low"] == -1  # the t interval of 3 values this spread is clipped
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
    margin = 2.571 * np.std(values, ddof=1) / math.sqrt(6)
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
