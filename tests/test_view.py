"""The view to and from a URL (analysis/view.py): every choice of every page is in the link."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.view import PAGE_CHOICES, View, crowded, parse, to_params

ACTORS = ["kim", "putin"]


def round_trip(v: View) -> View:
    return parse(to_params(v), ACTORS, ["Wire"]).view


def test_view_default_link_is_short():
    assert to_params(View(actors=("kim",))) == {"actors": "kim"}


def test_view_every_page_choice_round_trips():
    v = View(
        actors=("kim", "putin"), start=dt.date(2023, 9, 1), freq="M", window="article",
        share=True, min_count=2, weight="article", tone="toward", measure="lift", support=7,
        order="most negative",
    )  # fmt: skip
    params = to_params(v)
    assert {k: params[k] for k in PAGE_CHOICES} == {
        "window": "article", "share": "yes", "min_count": "2", "weight": "article",
        "tone": "toward", "measure": "lift", "support": "7", "order": "most negative",
    }  # fmt: skip
    assert round_trip(v) == v


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"min_count": "0"}, "min_count='0': expected a whole number from 1"),
        ({"support": "many"}, "support='many': expected a whole number"),
        ({"measure": "pmi"}, "measure='pmi': expected one of count, npmi, lift"),
        ({"order": "random"}, "order='random': expected one of newest"),
        ({"weight": "word"}, "weight='word'"),
        ({"share": "maybe"}, "share='maybe'"),
    ],
)
def test_view_malformed_choices_are_dropped_with_a_notice(params, notice):
    parsed = parse(params, ACTORS, [])
    assert parsed.view.evolve(actors=()) == View()
    (said,) = parsed.notices
    assert notice in said


def _trend_figure(ys: dict[str, list], y_range: list | None = None) -> dict:
    days = ["2023-09-04", "2023-09-11"]
    data = [{"customdata": [[a, d] for d in days], "y": y} for a, y in ys.items()]
    data.append({"x": days, "y": [0.5, 0.5]})  # a band: no customdata, never a point
    return {"data": data, "layout": {"yaxis": {"range": y_range} if y_range else {}}}


@pytest.mark.parametrize(
    ("ys", "y_range", "point", "expected"),
    [
        # 0.2 apart on an axis of 0 to 20: 1% of it, one on top of the other.
        ({"a": [10, 20], "b": [10.2, 5]}, None, ["a", "2023-09-04"], ["a", "b"]),
        ({"a": [10, 20], "b": [10.2, 5]}, None, ["b", "2023-09-04"], ["b", "a"]),
        ({"a": [10, 20], "b": [10.2, 5]}, None, ["a", "2023-09-11"], ["a"]),  # 15 apart
        # 0.07 apart on a fixed axis of -1 to 1: 3.5%, apart enough.
        ({"a": [0.5, 0], "b": [0.57, 0]}, [-1, 1], ["a", "2023-09-04"], ["a"]),
        ({"a": [0.5, 0], "b": [0.55, 0]}, [-1, 1], ["a", "2023-09-04"], ["a", "b"]),
        # A gap (None) is no point, and an unknown point is its own actor.
        ({"a": [None, 1], "b": [None, 1]}, None, ["a", "2023-09-04"], ["a"]),
        ({"a": [1, 1]}, None, ["z", "2023-09-04T00:00:00"], ["z"]),
    ],
)
def test_view_crowded_points(ys, y_range, point, expected):
    assert crowded(_trend_figure(ys, y_range), point) == expected
