"""The view's time grid (analysis/timegrid.py): periods with articles, gaps, the trends export."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis.cli import EXIT_OK, main
from analysis.timegrid import TABLE_COLUMNS, on_grid, trends_table, view_periods
from analysis.trends import TREND_COLUMNS

MON = pd.Timestamp("2023-09-04")
WEEK = pd.Timedelta(days=7)


def articles_on(*days: str) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(days))],
                         "published": pd.to_datetime(list(days), format="ISO8601")})  # fmt: skip


@pytest.mark.parametrize(
    ("freq", "periods", "counts"),
    [
        ("W", ["2023-09-04", "2023-09-11", "2023-09-18", "2023-09-25"], [2, 0, 0, 1]),
        ("M", ["2023-09-01"], [3]),
        ("D", ["2023-09-05", "2023-09-06", "2023-09-07"], [2, 0, 0]),
    ],
)
def test_timegrid_view_periods_cover_the_span_with_zero_article_periods(freq, periods, counts):
    arts = articles_on("2023-09-05", "2023-09-05 18:00", "2023-09-27", None)
    if freq == "D":
        arts = arts.iloc[[0, 1]]
        arts = pd.concat([arts, articles_on("2023-09-07")])
        counts = [2, 0, 1]
    got = view_periods(arts, freq)
    assert got["period"].tolist() == [pd.Timestamp(p) for p in periods]
    assert got["period_articles"].tolist() == counts


def test_timegrid_view_periods_of_undated_articles_is_empty():
    assert view_periods(articles_on(None), "W").empty


def trend_rows(rows):
    frame = pd.DataFrame(rows, columns=TREND_COLUMNS)
    return frame.astype({"period": "datetime64[us]", "shown": bool})


def test_timegrid_on_grid_flags_gaps_and_keeps_zero_weeks():
    trends = trend_rows(
        [
            ("kim", MON, 3, 3, 1, 0.5, 0.2, np.nan, np.nan, False),
            ("kim", MON + 9 * WEEK, 2, 2, 1, 1.0, 0.1, np.nan, np.nan, False),
        ]
    )
    # Articles in weeks 0-3 and 8-9, none in weeks 4-7.
    periods = pd.DataFrame(
        {
            "period": [MON + i * WEEK for i in range(10)],
            "period_articles": [2, 1, 1, 1, 0, 0, 0, 0, 1, 1],
        }  # fmt: skip
    ).astype({"period": "datetime64[us]"})
    grid = on_grid(trends, "W", periods)
    weeks = ((grid["period"] - MON) / WEEK).astype(int).tolist()
    # Data weeks and their neighbours, the ends of each run with articles, the gap's first.
    assert weeks == [0, 1, 3, 4, 8, 9]
    assert grid["gap"].tolist() == [False, False, False, True, False, False]
    assert grid["mentions"].tolist() == [3, 0, 0, 0, 0, 2]


def test_timegrid_trends_table_has_every_period_with_its_articles_and_gap_flag():
    trends = trend_rows(
        [
            ("kim", MON, 3, 3, 1, 0.5, 0.2, np.nan, np.nan, False),
            ("putin", MON + 2 * WEEK, 1, 1, 1, 1.0, -0.1, np.nan, np.nan, False),
        ]
    )
    periods = pd.DataFrame(
        {"period": [MON, MON + WEEK, MON + 2 * WEEK], "period_articles": [2, 0, 1]}
    ).astype({"period": "datetime64[us]"})
    table = trends_table(trends, periods)
    assert list(table.columns) == TABLE_COLUMNS
    assert len(table) == 2 * 3  # every actor in every period of the view
    kim = table[table["actor_id"] == "kim"]
    assert kim["mentions"].tolist() == [3, 0, 0]
    assert kim["period_articles"].tolist() == [2, 0, 1]
    assert kim["gap"].tolist() == [False, True, False]
    assert kim["share"].iloc[2] == 0.0  # articles that week, none naming Kim: a real 0
    assert np.isnan(kim["share"].iloc[1])  # no article: no share at all
    assert kim["tone"].isna().tolist() == [False, True, True]


def test_timegrid_cli_trends_export_flags_the_corpus_gaps(store_url, capsys):
    code = main(["--db", store_url, "export", "trends", "--freq", "W"])
    out, err = capsys.readouterr()
    assert (code, err) == (EXIT_OK, "")
    table = pd.read_csv(io.StringIO(out), parse_dates=["period"])
    assert list(table.columns) == TABLE_COLUMNS
    one = table[table["actor_id"] == "vladimir-putin"]
    weeks = pd.date_range(one["period"].min(), one["period"].max(), freq="7D")
    assert one["period"].tolist() == weeks.tolist()  # no week left out
    # multidate.csv has no article in October 2023: those weeks are gaps, flagged, not zeros.
    october = one[(one["period"] >= "2023-10-02") & (one["period"] <= "2023-10-30")]
    assert len(october) == 5
    assert october["gap"].all()
    assert (october["period_articles"] == 0).all()
    with_articles = one[~one["gap"]]
    assert (with_articles["period_articles"] > 0).all()
    assert (with_articles["mentions"] == 0).any()  # a week with articles, without Putin
