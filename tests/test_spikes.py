"""analysis.spikes on hand-made trends tables and facts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import spikes


def table(counts, gaps=()):
    periods = pd.date_range("2024-01-01", periods=len(counts), freq="7D")
    return pd.DataFrame(
        {
            "actor_id": "a",
            "period": periods,
            "mentions": counts,
            "gap": [i in gaps for i in range(len(counts))],
        }
    )


def test_poisson_score_matches_the_tail():
    # P(X >= 1 | mu = 1) = 1 - e^-1; P(X >= 3 | mu = 1) = 1 - 2.5 e^-1.
    assert spikes.poisson_score(1, 1.0) == pytest.approx(-math.log10(1 - math.exp(-1)))
    assert spikes.poisson_score(3, 1.0) == pytest.approx(-math.log10(1 - 2.5 * math.exp(-1)))
    assert spikes.poisson_score(0, 5.0) == 0.0
    assert spikes.poisson_score(200, 2.0) > 250  # far tail: no underflow to inf


def test_a_flat_series_with_one_jump_is_flagged_alone():
    found = spikes.spikes_of(table([5, 4, 5, 6, 5, 5, 4, 5, 20, 5, 6]))
    assert list(found["period"]) == [pd.Timestamp("2024-02-26")]
    row = found.iloc[0]
    assert (row["mentions"], row["baseline"]) == (20, 5.0)
    assert row["score"] == pytest.approx(spikes.poisson_score(20, 5.0))
    assert row["window_periods"] == 8


def test_a_gap_is_not_a_zero():
    # Zeros in the three weeks before would drop the median of the window to 0 and flag 12;
    # as gaps they are skipped and the baseline stays 10.
    counts = [10, 10, 11, 9, 10, 0, 0, 0, 12]
    as_zeros = spikes.spikes_of(table(counts), k=4)
    as_gaps = spikes.spikes_of(table(counts, gaps={5, 6, 7}), k=4, every=True)
    assert pd.Timestamp("2024-02-26") in set(as_zeros["period"])
    last = as_gaps.iloc[-1]
    assert (last["period"], last["baseline"]) == (pd.Timestamp("2024-02-26"), 10.0)
    assert last["score"] < 1
    assert not as_gaps["period"].isin(pd.date_range("2024-02-05", periods=3, freq="7D")).any()


def test_the_threshold_is_adjustable():
    series = table([3, 3, 3, 3, 3, 8])
    score = spikes.poisson_score(8, 3.0)
    assert len(spikes.spikes_of(series, threshold=score)) == 1
    assert spikes.spikes_of(series, threshold=score + 0.01).empty


def test_too_short_a_history_is_not_tested():
    assert spikes.spikes_of(table([1, 1, 50])).empty
    assert spikes.spikes_of(table([])).columns.tolist() == [
        *spikes.SPIKE_COLUMNS,
        *spikes.WINDOW_COLUMNS,
    ]


def test_drivers_name_articles_sources_and_grown_co_actors():
    weeks = pd.date_range("2024-01-01", periods=6, freq="7D")
    rows = []
    for i, week in enumerate(weeks[:5]):  # a and b together once a week
        rows += [(f"w{i}", "a", week, "X"), (f"w{i}", "b", week, "X")]
    for j in range(3):  # the spike week: a with c (new), b once, from two sources
        rows += [(f"s{j}", "a", weeks[5], "Y" if j else "X"), (f"s{j}", "c", weeks[5], "Y")]
    rows += [("s0", "b", weeks[5], "X"), ("s3", "a", weeks[5], None)]  # s3: no source
    facts = pd.DataFrame(rows, columns=["article_id", "actor_id", "published", "source"])
    titles = pd.DataFrame({"article_id": facts["article_id"].unique()}).assign(
        title=lambda t: "T " + t["article_id"]
    )
    spike = pd.DataFrame(
        {
            "actor_id": ["a"],
            "period": [weeks[5]],
            "mentions": [3],
            "baseline": [1.0],
            "score": [2.0],
            "window_start": [weeks[0]],
            "window_periods": [5],
        }
    )
    got = spikes.drivers(spike, facts, titles, "W").iloc[0]
    assert got["article_ids"] == ["s0", "s1", "s2", "s3"]
    assert got["titles"] == ["T s0", "T s1", "T s2", "T s3"]
    assert got["sources"] == [("Y", 2), ("X", 1)]
    # c is new (3 against 0 a week); b is named once, as often as in the window: not grown.
    assert got["co_actors"] == [("c", 3, 0.0)]
    out = spikes.export_table(spikes.drivers(spike, facts, titles, "W"))
    assert out.columns.tolist() == spikes.EXPORT_COLUMNS
    assert out.iloc[0][["articles", "article_ids", "sources", "co_actors"]].tolist() == [
        4,
        "s0;s1;s2;s3",
        "Y:2;X:1",
        "c:3",
    ]
