"""analysis.charts.outlets on a hand-made outlets frame (analysis.outlets.OUTLET_COLUMNS)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from analysis.charts.outlets import outlets_chart, source_order
from analysis.outlets import OUTLET_COLUMNS

NAMES = {"putin": "Vladimir Putin", "kim": "Kim <b>Jong</b> Un"}


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = [
        # source, actor, mentions, sentences, articles, source_articles, share, tone, low, high
        ("Wire", "putin", 3, 3, 2, 10, 0.2, 0.5, 0.1, 0.9),
        ("Wire", "kim", 0, 0, 0, 10, 0.0, np.nan, np.nan, np.nan),
        ("Daily", "putin", 4, 4, 3, 3, 1.0, -0.6, -0.8, -0.4),
        ("Daily", "kim", 1, 1, 1, 3, 1 / 3, 0.2, np.nan, np.nan),
    ]
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def spec(fig: go.Figure) -> dict:
    def prune(value):
        if isinstance(value, dict):
            return {k: prune(v) for k, v in value.items() if prune(v) != {}}
        if isinstance(value, list):
            return [prune(v) for v in value]
        return value

    return prune(json.loads(pio.to_json(fig, validate=False)))


def test_charts_outlets_is_what_plotly_validation_makes_of_it(frame) -> None:
    fig = outlets_chart(frame, NAMES)
    assert spec(fig) == spec(go.Figure(fig))


def test_charts_outlets_biggest_source_first_bars_and_points_clickable(frame) -> None:
    assert source_order(frame) == ["Wire", "Daily"]
    fig = outlets_chart(frame, NAMES, min_count=2)
    bars = [t for t in fig.data if t.type == "bar"]
    points = [t for t in fig.data if t.type == "scatter"]
    assert [t.name for t in bars] == ["Vladimir Putin", "Kim &lt;b&gt;Jong&lt;/b&gt; Un"]
    assert list(bars[0].y) == ["Wire (10)", "Daily (3)"]
    assert list(bars[0].x) == [0.2, 1.0]
    assert [list(c) for c in points[0].customdata] == [["putin", "Wire"], ["putin", "Daily"]]
    # Kim's Daily tone rests on one sentence, below min_count 2: no point; Wire has none.
    assert list(points[1].x) == [None, None]
    assert list(points[0].error_x.array) == pytest.approx([0.4, 0.2])
    assert list(points[0].error_x.arrayminus) == pytest.approx([0.4, 0.2])


def test_charts_outlets_of_an_empty_frame_has_no_traces(frame) -> None:
    assert outlets_chart(frame.iloc[:0], NAMES).data == ()
