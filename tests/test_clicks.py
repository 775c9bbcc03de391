"""A click on a trend chart opens the point aimed at, or asks (analysis/clicks.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.clicks import backed_points, crowded

# The charts' layout (analysis.charts.style.time_layout): 380 px high, margins 50 and 40, so
# the assumed plot area is 640 x 230 px.
LAYOUT = {"height": 380, "margin": {"t": 50, "b": 40}, "hovermode": "closest"}
WEEKS = ["2023-09-04", "2023-09-11"]


def _figure(ys: dict[str, list], days=WEEKS, y_range=None, x_range=None, size=7) -> dict:
    data = [
        {"customdata": [[a, d] for d in days], "y": y, "marker": {"size": size}}
        for a, y in ys.items()
    ]
    data.append({"x": days, "y": [0.5] * len(days)})  # a band: no customdata, never a point
    layout = {
        **LAYOUT,
        "yaxis": {"range": y_range} if y_range else {},
        "xaxis": {"range": x_range or ["2023-09-01", "2023-09-15"]},
    }
    return {"data": data, "layout": layout}


@pytest.mark.parametrize(
    ("ys", "y_range", "point", "expected"),
    [
        # 0.2 apart on an axis of 0 to 20: 2.3 px, one on top of the other.
        ({"a": [10, 20], "b": [10.2, 5]}, None, ["a", "2023-09-04"], ["a", "b"]),
        ({"a": [10, 20], "b": [10.2, 5]}, None, ["b", "2023-09-04"], ["b", "a"]),
        ({"a": [10, 20], "b": [10.2, 5]}, None, ["a", "2023-09-11"], ["a"]),  # 172 px apart
        # On an axis of -1 to 1 (115 px a unit): 0.034 apart is 3.9 px, two markers of 7 px
        # overlap and plotly's hover ties; 0.07 is 8.05 px, more than two radii and a pixel.
        ({"a": [0.5, 0], "b": [0.534, 0]}, [-1, 1], ["b", "2023-09-04"], ["b", "a"]),
        ({"a": [0.5, 0], "b": [0.57, 0]}, [-1, 1], ["a", "2023-09-04"], ["a"]),
        # A gap (None) is no point, and an unknown point is its own.
        ({"a": [None, 1], "b": [None, 1]}, None, ["a", "2023-09-04"], ["a"]),
        ({"a": [1, 1]}, None, ["z", "2023-09-04T00:00:00"], ["z"]),
    ],
)
def test_clicks_crowded_points_of_one_period(ys, y_range, point, expected):
    near = crowded(_figure(ys, y_range=y_range), point)
    assert [a for a, _ in near] == expected
    assert {d for _, d in near} == {point[1][:10]}


def test_clicks_neighbours_in_time_count_on_a_long_axis():
    # A year of days on 640 px: 1.75 px a day, so the next day's point of another actor at
    # the same height is within reach, and the one a week later is not.
    days = ["2023-01-01", "2023-01-02", "2023-01-09"]
    fig = _figure(
        {"a": [5, None, 5], "b": [None, 5, None]},
        days=days,
        y_range=[0, 10],
        x_range=["2023-01-01", "2024-01-01"],
    )
    assert crowded(fig, ["a", "2023-01-01"]) == [("a", "2023-01-01"), ("b", "2023-01-02")]
    assert crowded(fig, ["a", "2023-01-09"]) == [("a", "2023-01-09")]


def test_clicks_nearest_first_and_small_markers_reach_less():
    fig = _figure({"a": [1.0, 0], "b": [1.05, 0], "c": [1.02, 0]}, y_range=[-1, 1])
    assert crowded(fig, ["a", "2023-09-04"]) == [
        ("a", "2023-09-04"), ("c", "2023-09-04"), ("b", "2023-09-04"),
    ]  # fmt: skip
    # Markers of 5 px still hover within plotly's least radius, 3 px: 7 px of reach.
    small = _figure({"a": [0.5, 0], "b": [0.56, 0]}, y_range=[-1, 1], size=5)  # 6.9 px apart
    assert [a for a, _ in crowded(small, ["a", "2023-09-04"])] == ["a", "b"]
    apart = _figure({"a": [0.5, 0], "b": [0.565, 0]}, y_range=[-1, 1], size=5)  # 7.5 px
    assert [a for a, _ in crowded(apart, ["a", "2023-09-04"])] == ["a"]


def test_clicks_offer_the_nearest_few():
    # Ten actors at 0 on the same day: the reported point and the five nearest (trace order
    # breaks the tie of equal distance).
    fig = _figure({f"a{i}": [0, 5] for i in range(10)}, y_range=[0, 10])
    near = crowded(fig, ["a3", "2023-09-04"])
    assert [a for a, _ in near] == ["a3", "a0", "a1", "a2", "a4", "a5"]


def test_clicks_leave_out_points_without_sentences():
    # Ten actors at 0 on one day: a zero has no sentence to read, so only the ones with
    # sentences behind them are offered; the reported point stays when nothing else does.
    fig = _figure({f"a{i}": [0, 5] for i in range(10)}, y_range=[0, 10])
    trends = pd.DataFrame(
        {
            "actor_id": ["a1", "a3", "a7", "a3"],
            "period": pd.to_datetime(["2023-09-04", "2023-09-04", "2023-09-04", "2023-09-11"]),
            "sentences": [2, 0, 1, 4],
        }
    )
    backed = backed_points(trends)
    assert backed == {("a1", "2023-09-04"), ("a7", "2023-09-04"), ("a3", "2023-09-11")}
    near = crowded(fig, ["a3", "2023-09-04"], backed=backed)
    assert near == [("a1", "2023-09-04"), ("a7", "2023-09-04")]
    assert crowded(fig, ["a3", "2023-09-04"], backed=set()) == [("a3", "2023-09-04")]
