"""Figures (analysis/charts/) from hand-built frames: traces, customdata, gaps, colours."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from analysis.charts.network import network, network_layout
from analysis.charts.overview import tone_distribution, top_actors
from analysis.charts.pairs import pair_matrix, pair_trend
from analysis.charts.style import (
    PALETTE,
    TONE_RANGE,
    TONE_SCALE,
    actor_colours,
    period_label,
    x_range,
)
from analysis.charts.tone import BAND_CUT, tone_range, tone_trend
from analysis.charts.trends import mentions_trend, voice_trend
from analysis.clicks import clicked
from analysis.comentions import pair_periods
from analysis.trends import TREND_COLUMNS

NAMES = {"putin": "Vladimir Putin", "kim": "Kim Jong Un", "russia": "Russia"}
MON = pd.Timestamp("2023-09-04")  # a Monday: the first week
WEEK = pd.Timedelta(days=7)


def trend_rows(rows: list[tuple]) -> pd.DataFrame:
    """A trends frame (TREND_COLUMNS) from (actor_id, period, mentions, sentences, articles,
    share, tone, low, high, shown) tuples."""
    frame = pd.DataFrame(rows, columns=TREND_COLUMNS)
    return frame.astype({"period": "datetime64[us]", "shown": bool})


@pytest.fixture
def trend() -> pd.DataFrame:
    # Putin in weeks 1 and 3 (not 2); Kim in week 1 (too few sentences) and week 2.
    return trend_rows(
        [
            ("putin", MON, 6, 6, 2, 0.5, -0.2, -0.5, 0.1, True),
            ("putin", MON + 2 * WEEK, 5, 5, 1, 1.0, 0.3, 0.0, 0.6, True),
            ("kim", MON, 2, 2, 1, 0.25, 0.5, -1.0, 1.0, False),
            ("kim", MON + WEEK, 4, 6, 2, 1.0, 0.1, -0.2, 0.4, True),
        ]
    )


@pytest.fixture
def pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_a": ["kim", "putin", "kim"],
            "actor_b": ["putin", "russia", "russia"],
            "window": "sentence",
            "count": [4, 2, 0],
            "count_a": [5, 8, 5],
            "count_b": [8, 6, 6],
            "units": 100,
            "lift": [10.0, 100 * 2 / 48, 0.0],
            "pmi": [math.log2(10.0), math.log2(100 * 2 / 48), -math.inf],
            "npmi": [0.6, 0.3, -1.0],
            "tone": [0.4, -0.3, 0.0],
        }
    )


@pytest.fixture
def totals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_id": ["putin", "kim", "russia"],
            "mentions": [9, 4, 1],
            "sentences": [8, 4, 1],
            "tone": [-0.2, 0.5, 0.0],
        }
    )


def trace(fig: go.Figure, name: str):
    (found,) = [t for t in fig.data if t.name == name]
    return found


# --- colours and labels ------------------------------------------------------------------


def test_charts_actor_colours_follow_sorted_ids():
    colours = actor_colours(["russia", "kim", "putin", "kim"])
    assert colours == {
        "kim": PALETTE[0],
        "putin": PALETTE[1],
        "russia": PALETTE[2],
    }
    assert actor_colours(reversed(list(colours))) == colours


def test_charts_actor_colours_wrap_around_the_palette():
    ids = [f"a{i:02d}" for i in range(len(PALETTE) + 1)]
    assert actor_colours(ids)[ids[-1]] == PALETTE[0]


@pytest.mark.parametrize(
    ("freq", "expected"),
    [("D", "2023-09-04"), ("W", "week of 2023-09-04"), ("M", "September 2023")],
)
def test_charts_period_label(freq, expected):
    assert period_label(MON, freq) == expected


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (None, None),
        ({"selection": {"points": []}}, None),
        ({"selection": {"points": [{"x": 1}]}}, None),
        ({"selection": {"points": [{"customdata": ["kim", "2023-09-04"]}]}}, ["kim", "2023-09-04"]),
        ({"selection": {"points": [{"x": 1}, {"customdata": ["a", "b"]}]}}, ["a", "b"]),
        ({"selection": {"points": [{"customdata": "kim"}]}}, ["kim"]),
    ],
)
def test_charts_clicked(event, expected):
    assert clicked(event) == expected


# --- trends ------------------------------------------------------------------------------


def test_charts_mentions_trend_one_line_per_actor_named_and_coloured(trend):
    fig = mentions_trend(trend, NAMES, "W")
    assert [t.name for t in fig.data] == ["Kim Jong Un", "Vladimir Putin"]
    colours = actor_colours(NAMES)
    assert trace(fig, "Kim Jong Un").line.color == colours["kim"]
    assert trace(fig, "Vladimir Putin").line.color == colours["putin"]
    assert "Vladimir Putin" in trace(fig, "Vladimir Putin").text[0]


def test_charts_mentions_trend_fills_missing_periods_with_zero(trend):
    putin = trace(mentions_trend(trend, NAMES, "W"), "Vladimir Putin")
    assert list(putin.y) == [6.0, 0.0, 5.0]
    assert [list(c) for c in putin.customdata] == [
        ["putin", "2023-09-04"],
        ["putin", "2023-09-11"],
        ["putin", "2023-09-18"],
    ]


def test_charts_long_gaps_keep_only_their_edges():
    # Weeks 1 and 10: the weeks between need only their ends (2 and 9) to draw zero or a gap.
    far = trend_rows(
        [
            ("kim", MON, 3, 3, 1, 1.0, 0.2, 0.0, 0.4, True),
            ("kim", MON + 9 * WEEK, 2, 5, 1, 1.0, -0.1, -0.3, 0.1, True),
        ]
    )
    counts = mentions_trend(far, NAMES, "W").data[0]
    assert [c[1] for c in counts.customdata] == [
        "2023-09-04", "2023-09-11", "2023-10-30", "2023-11-06",
    ]  # fmt: skip
    assert list(counts.y) == [3.0, 0.0, 0.0, 2.0]
    tone = next(t for t in tone_trend(far, NAMES, "W").data if t.name == "Kim Jong Un")
    assert list(tone.y) == [0.2, None, None, -0.1]


def test_charts_mentions_trend_as_share(trend):
    fig = mentions_trend(trend, NAMES, "W", measure="share")
    assert list(trace(fig, "Kim Jong Un").y) == [0.25, 1.0, 0.0]
    assert fig.layout.yaxis.tickformat == ".0%"


def test_charts_mentions_trend_rejects_unknown_measure(trend):
    with pytest.raises(ValueError, match="measure"):
        mentions_trend(trend, NAMES, "W", measure="tone")


def test_charts_tone_trend_hidden_and_missing_periods_are_gaps(trend):
    fig = tone_trend(trend, NAMES, "W")
    kim = trace(fig, "Kim Jong Un")
    putin = trace(fig, "Vladimir Putin")
    assert list(kim.y) == [None, 0.1, None]  # week 1 below the minimum; week 3 unmentioned
    assert list(putin.y) == [-0.2, None, 0.3]
    assert kim.connectgaps is False
    assert [list(c) for c in kim.customdata][1] == ["kim", "2023-09-11"]
    # The axis spans the means and their bands (-0.5 .. +0.6: none is wide) with a margin.
    assert tuple(fig.layout.yaxis.range) == pytest.approx((-0.6, 0.7))
    assert not fig.layout.annotations  # no band cut


def test_charts_tone_trend_band_of_two_articles_recedes():
    # Putin's week 1: two articles, a band of -1..+1 around a mean of +0.2.
    rows = [
        ("putin", MON, 6, 6, 2, 0.5, 0.2, -1.0, 1.0, True),
        ("putin", MON + WEEK, 9, 9, 6, 0.5, 0.3, 0.1, 0.5, True),
    ]
    fig = tone_trend(trend_rows(rows), NAMES, "W")
    lo, hi = fig.layout.yaxis.range
    assert (lo, hi) == pytest.approx((-0.25, 0.75))  # the means, the narrow band, 0
    bands = [t for t in fig.data if t.fill == "toself"]
    # Putin's week 1 band runs -1..+1 (two articles): cut at the axis, said in a note.
    values = [y for t in bands for y in t.y if y is not None]
    assert min(values) == pytest.approx(lo)
    assert max(values) == pytest.approx(hi)
    assert [a.text for a in fig.layout.annotations] == [BAND_CUT]
    assert all(t.fillcolor.endswith(",0.09)") for t in bands)  # lighter than the lines
    # The hover keeps the band as computed, uncut.
    assert "(95%: -1.00 to +1.00)" in trace(fig, "Vladimir Putin").text[0]


@pytest.mark.parametrize(
    ("means", "expected"),
    [
        ([], (-1.05, 1.05)),  # nothing drawn: the whole scale
        ([0.5, 0.6], (-0.2, 0.8)),  # 0 in view, half the scale at least
        ([-0.95, 0.9], (-1.05, 1.0)),  # the margin, within ±1.05
        ([0.97, 0.99], (-0.14, 1.05)),  # the margin past the top edge moved below
    ],
)
def test_charts_tone_range(means, expected):
    assert tone_range(np.array(means, dtype=float)) == pytest.approx(expected)


def test_charts_tone_range_takes_narrow_bands_only():
    means, low, high = (np.array(v) for v in ([0.2, 0.3], [-1.0, -0.4], [1.0, 0.5]))
    # The -1..+1 band is left out (cut at the axis); the -0.4..+0.5 one is in, with its margin.
    assert tone_range(means, low, high) == pytest.approx((-0.5, 0.6))


def test_charts_tone_trend_bands_follow_shown_runs(trend):
    fig = tone_trend(trend, NAMES, "W")
    bands = [t for t in fig.data if t.fill == "toself"]
    assert len(bands) == 2
    assert all(t.hoverinfo == "skip" and t.showlegend is False for t in bands)
    putin_band = next(t for t in bands if t.legendgroup == "putin")
    # Two separate runs (week 1, week 3), each a closed polygon: high forward, low back.
    assert list(putin_band.y) == [0.1, -0.5, None, 0.6, 0.0, None]


def test_charts_tone_trend_no_band_without_interval():
    one = trend_rows([("kim", MON, 1, 1, 1, 1.0, 0.4, math.nan, math.nan, True)])
    fig = tone_trend(one, NAMES, "W")
    assert [t.fill for t in fig.data] == [None]
    assert list(fig.data[0].y) == [0.4]


def test_charts_voice_trend_stacks_shares_of_periods_with_mentions(trend):
    fig = voice_trend(trend, NAMES, "W")
    areas = [t for t in fig.data if t.fill == "toself"]
    tops = [t for t in fig.data if t.customdata is not None]
    assert [t.name for t in areas] == ["Kim Jong Un", "Vladimir Putin"]  # the legend
    assert all(t.hoverinfo == "skip" for t in areas)
    kim, putin = tops
    # Stacked in actor order: Kim's top is his share, Putin's the whole.
    assert list(kim.y) == pytest.approx([0.25, 1.0, 0.0])
    assert list(putin.y) == pytest.approx([1.0, 1.0, 1.0])
    assert [list(c) for c in putin.customdata][0] == ["putin", "2023-09-04"]
    # Putin's area: from Kim's top up to 1, forward along the top and back along the base.
    assert list(areas[1].y) == pytest.approx([1.0, 1.0, 1.0, 0.0, 1.0, 0.25, None])


def view_periods_of(articles: list[int]) -> pd.DataFrame:
    """A view_periods frame of consecutive weeks from MON with these article counts."""
    return pd.DataFrame(
        {
            "period": [MON + i * WEEK for i in range(len(articles))],
            "period_articles": articles,
        }
    ).astype({"period": "datetime64[us]"})


# Putin in weeks 1 and 3, Kim in weeks 1 and 2; week 4 has articles but no mention, weeks 5-6
# no article at all, week 7 Putin again.
GAPPY = [3, 2, 2, 1, 0, 0, 2]


@pytest.fixture
def gappy(trend) -> pd.DataFrame:
    later = trend_rows([("putin", MON + 6 * WEEK, 2, 2, 1, 0.5, 0.1, -0.3, 0.5, False)])
    return pd.concat([trend, later], ignore_index=True)


def test_charts_gaps_are_none_and_zero_weeks_stay_zero(gappy):
    periods = view_periods_of(GAPPY)
    putin = trace(mentions_trend(gappy, NAMES, "W", periods=periods), "Vladimir Putin")
    days = [c[1] for c in putin.customdata]
    weeks = ("09-04", "09-11", "09-18", "09-25", "10-02", "10-09", "10-16")
    assert days == [f"2023-{d}" for d in weeks]
    assert list(putin.y) == [6.0, 0.0, 5.0, 0.0, None, None, 2.0]
    assert putin.connectgaps is False
    share = trace(mentions_trend(gappy, NAMES, "W", "share", periods), "Kim Jong Un")
    assert list(share.y) == [0.25, 1.0, 0.0, 0.0, None, None, 0.0]
    tone = trace(tone_trend(gappy, NAMES, "W", periods=periods), "Vladimir Putin")
    assert list(tone.y) == [-0.2, None, 0.3, None, None, None, None]


def test_charts_voice_is_not_drawn_across_gaps(gappy):
    fig = voice_trend(gappy, NAMES, "W", view_periods_of(GAPPY))
    putin = [t for t in fig.data if t.customdata is not None][1]
    # Week 4 (no mention of either) and weeks 5-6 (no article) break the areas.
    assert list(putin.y) == [1.0, 1.0, 1.0, None, None, None, 1.0]
    area = next(t for t in fig.data if t.fill == "toself" and t.name == "Vladimir Putin")
    assert list(area.y).count(None) == 2  # two separate polygons: weeks 1-3 and week 7
    # Week 7, alone between a gap and the end, is a bar of half a week, not a vertical line.
    lone = [pd.Timestamp(x) for x in list(area.x)[list(area.y).index(None) + 1 : -1]]
    assert lone[1] - lone[0] == pd.Timedelta(days=3.5)
    assert lone[0] + pd.Timedelta(days=1.75) == MON + 6 * WEEK


def test_charts_gaps_are_shaded_on_every_time_chart(gappy):
    periods = view_periods_of(GAPPY)
    for fig in (
        mentions_trend(gappy, NAMES, "W", periods=periods),
        tone_trend(gappy, NAMES, "W", periods=periods),
        voice_trend(gappy, NAMES, "W", periods),
    ):
        (shade,) = [s for s in fig.layout.shapes if s.type == "rect"]
        assert pd.Timestamp(shade.x0) == MON + 4 * WEEK - pd.Timedelta(days=3.5)
        assert pd.Timestamp(shade.x1) == MON + 5 * WEEK + pd.Timedelta(days=3.5)
        assert pd.Timestamp(fig.layout.xaxis.range[1]) == MON + 6 * WEEK + pd.Timedelta(days=3.5)


def test_charts_time_axis_leaves_room_for_the_edge_markers():
    # Eight months of days: half a day either side would be a pixel; 1% of the span is more.
    days = pd.Series(pd.to_datetime(["1987-02-26", "1987-10-20"]))
    low, high = (pd.Timestamp(x) for x in x_range(days, "D"))
    pad = (days[1] - days[0]) * 0.01
    assert (days[0] - low, high - days[1]) == (pad, pad)
    weeks = pd.Series(pd.to_datetime(["2023-09-04", "2023-09-18"]))  # short: half a period
    assert pd.Timestamp(x_range(weeks, "W")[0]) == weeks[0] - pd.Timedelta(days=3.5)


def test_charts_trend_charts_share_their_time_axis(trend):
    figs = [f(trend, NAMES, "W") for f in (mentions_trend, tone_trend, voice_trend)]
    ranges = {tuple(pd.Timestamp(x) for x in f.layout.xaxis.range) for f in figs}
    assert ranges == {(MON - pd.Timedelta(days=3.5), MON + 2 * WEEK + pd.Timedelta(days=3.5))}


@pytest.mark.parametrize("chart", [mentions_trend, tone_trend, voice_trend])
def test_charts_trend_charts_accept_an_empty_frame(chart):
    fig = chart(pd.DataFrame(columns=TREND_COLUMNS), NAMES, "W")
    assert not [t for t in fig.data if t.customdata is not None]


def test_charts_monthly_grid_uses_first_of_month():
    monthly = trend_rows(
        [
            ("kim", pd.Timestamp("2023-07-01"), 1, 1, 1, 1.0, 0.1, math.nan, math.nan, False),
            ("kim", pd.Timestamp("2023-09-01"), 2, 2, 1, 1.0, 0.1, 0.0, 0.2, True),
        ]
    )
    kim = mentions_trend(monthly, NAMES, "M").data[0]
    assert [c[1] for c in kim.customdata] == ["2023-07-01", "2023-08-01", "2023-09-01"]
    assert list(kim.y) == [1.0, 0.0, 2.0]


# --- co-mentions -------------------------------------------------------------------------


def test_charts_network_nodes_edges_and_customdata(totals, pairs):
    fig = network(totals, pairs, NAMES)
    nodes = next(t for t in fig.data if t.name == "actors")
    mids = next(t for t in fig.data if t.name == "pairs")
    edges = [t for t in fig.data if t.mode == "lines"]
    assert list(nodes.text) == ["Kim Jong Un", "Vladimir Putin", "Russia"]
    assert [list(c) for c in nodes.customdata] == [["kim"], ["putin"], ["russia"]]
    assert [list(c) for c in mids.customdata] == [["kim", "putin"], ["putin", "russia"]]
    assert len(edges) == 2  # the pair never seen together has no edge
    widths = sorted(t.line.width for t in edges)
    assert widths[1] > widths[0]
    sizes = dict(zip([c[0] for c in nodes.customdata], nodes.marker.size, strict=True))
    assert sizes["putin"] > sizes["kim"] > sizes["russia"]


def test_charts_network_tone_colours_fixed_at_plus_minus_one(totals, pairs):
    fig = network(totals, pairs, NAMES)
    for t in (tr for tr in fig.data if tr.mode != "lines"):
        assert (t.marker.cmin, t.marker.cmax) == (-1, 1)
        assert [list(s) for s in t.marker.colorscale] == TONE_SCALE


def test_charts_network_says_which_tone_it_shows(totals, pairs):
    vader = network(totals, pairs, NAMES)
    toward = network(
        totals.assign(tone=[-0.8, 0.6, math.nan]),  # Russia's mentions stored before the model
        pairs.assign(tone=[-0.1, math.nan, 0.0]),
        NAMES,
        tone_of="toward",
    )
    for fig, title in ((vader, "mean tone"), (toward, "mean tone toward")):
        assert trace(fig, "actors").marker.colorbar.title.text == title
    hover = dict(zip(trace(toward, "actors").text, trace(toward, "actors").hovertext, strict=True))
    assert "mean tone toward +0.60" in hover["Kim Jong Un"]
    assert "mean tone toward −0.80" not in hover["Vladimir Putin"]  # a plain minus
    assert "mean tone toward -0.80" in hover["Vladimir Putin"]
    assert "mean tone toward not scored" in hover["Russia"]
    kim_putin, putin_russia = trace(toward, "pairs").text
    assert "mean tone toward -0.10" in kim_putin
    assert "mean tone toward not scored" in putin_russia
    assert list(trace(toward, "pairs").marker.color)[0] == -0.1  # coloured by the tone toward
    assert "mean tone +0.40" in trace(vader, "pairs").text[0]


def test_charts_network_layout_is_stable(totals, pairs):
    first = network(totals, pairs, NAMES)
    again = network(totals.iloc[::-1], pairs.iloc[::-1], NAMES)
    nodes = [next(t for t in f.data if t.name == "actors") for f in (first, again)]
    assert list(nodes[0].x) == list(nodes[1].x)
    assert list(nodes[0].y) == list(nodes[1].y)
    assert min(nodes[0].x) == -1
    assert max(nodes[0].x) == 1


def test_charts_network_layout_small_cases():
    empty = pd.DataFrame(columns=["actor_a", "actor_b", "count"])
    assert network_layout([], empty) == {}
    assert network_layout(["kim"], empty) == {"kim": (0.0, 0.0)}
    two = network_layout(["kim", "putin"], empty)
    assert sorted(two) == ["kim", "putin"]


def test_charts_network_skips_actors_without_mentions(totals, pairs):
    quiet = totals.assign(mentions=[9, 4, 0])
    fig = network(quiet, pairs, NAMES)
    nodes = next(t for t in fig.data if t.name == "actors")
    assert list(nodes.text) == ["Kim Jong Un", "Vladimir Putin"]


def test_charts_pair_matrix_counts_are_symmetric(pairs):
    fig = pair_matrix(pairs, NAMES, "count")
    heat = fig.data[0]
    labels = list(heat.x)
    assert labels == ["Kim Jong Un", "Russia", "Vladimir Putin"]  # name order
    z = np.array(heat.z, dtype=float)
    assert np.isnan(np.diag(z)).all()
    assert z[0, 2] == z[2, 0] == 4
    assert z[0, 1] == 0  # never together: a count of zero
    assert (heat.zmin, heat.zmax) == (0, 4)


def test_charts_pair_matrix_cells_are_clickable(pairs):
    fig = pair_matrix(pairs, NAMES, "count")
    cells = fig.data[1]
    assert isinstance(cells, go.Scatter)
    picked = {(x, y): tuple(c) for x, y, c in zip(cells.x, cells.y, cells.customdata, strict=True)}
    assert picked[("Vladimir Putin", "Kim Jong Un")] == ("kim", "putin")
    assert picked[("Kim Jong Un", "Vladimir Putin")] == ("kim", "putin")
    assert len(picked) == 4  # two pairs seen together, each in both halves


def test_charts_pair_matrix_npmi_fixed_at_plus_minus_one(pairs):
    heat = pair_matrix(pairs, NAMES, "npmi").data[0]
    assert (heat.zmin, heat.zmax) == (-1, 1)
    z = np.array(heat.z, dtype=float)
    assert z[0, 2] == pytest.approx(0.6)
    assert np.isnan(z[0, 1])  # never together: blank, not -1


def test_charts_pair_matrix_lift_on_a_log_scale(pairs):
    heat = pair_matrix(pairs, NAMES, "lift").data[0]
    z = np.array(heat.z, dtype=float)
    assert z[0, 2] == pytest.approx(math.log2(10.0))
    assert heat.zmin == -heat.zmax == -4
    assert "1×" in heat.colorbar.ticktext


def test_charts_pair_matrix_tone_on_the_tone_scale(pairs):
    toward = pairs.assign(tone=[-0.5, float("nan"), float("nan")])  # putin-russia not scored
    fig = pair_matrix(toward, NAMES, "tone", tone_of="toward")
    heat = fig.data[0]
    assert (heat.zmin, heat.zmax) == (-1, 1)
    assert heat.colorbar.title.text == "mean tone toward"
    z = np.array(heat.z, dtype=float)
    assert z[0, 2] == z[2, 0] == pytest.approx(-0.5)  # Kim & Putin
    assert np.isnan(z[1, 2])  # Russia & Putin: seen together, its tone toward not scored
    assert len(fig.data) == 3  # no grey cells: tone has no minimum support
    hover = dict(zip(fig.data[1].x, fig.data[1].text, strict=True))
    assert "mean tone toward not scored" in hover["Russia"]
    assert "mean tone toward -0.50" in hover["Kim Jong Un"]
    assert pair_matrix(pairs, NAMES, "tone").data[0].colorbar.title.text == "mean tone"


def test_charts_pair_trend_toward_greys_a_bar_without_a_tone():
    periods = pd.DataFrame(
        {
            "period": pd.to_datetime(["2023-09-04", "2023-09-11", "2023-09-18"]),
            "count": [2, 0, 1],
            "tone": [0.3, float("nan"), float("nan")],  # the third: mentions not scored
        }
    )
    fig = pair_trend(periods, NAMES, "kim", "putin", "W", tone_of="toward")
    bars, grey = fig.data
    assert bars.marker.colorbar.title.text == "mean tone toward"
    assert list(grey.y) == [1]
    assert grey.marker.color == "#e0e0e0"
    assert [list(c) for c in grey.customdata] == [["kim", "putin", "2023-09-18"]]
    assert "mean tone toward not scored" in grey.text[0]
    assert fig.layout.barmode == "overlay"


def test_charts_pair_matrix_rejects_unknown_measure(pairs):
    with pytest.raises(ValueError, match="measure"):
        pair_matrix(pairs, NAMES, "pmi")


def test_charts_pair_trend_bars_carry_pair_and_period(pair_facts):
    periods = pair_periods(pair_facts, "kim", "putin", "W", "article")
    fig = pair_trend(periods, NAMES, "kim", "putin", "W", "article")
    bars = fig.data[0]
    assert list(bars.y) == [1, 0, 1]
    assert [list(c) for c in bars.customdata][2] == ["kim", "putin", "2023-09-18"]
    assert (bars.marker.cmin, bars.marker.cmax) == (-1, 1)
    assert "Kim Jong Un & Vladimir Putin" in fig.layout.title.text


# --- the figures others use --------------------------------------------------------------


def test_charts_top_actors_still_works():
    counts = pd.DataFrame(
        {
            "actor_id": ["kim", "putin"],
            "name": ["Kim", "Putin"],
            "mentions": [3, 5],
            "tone": [0.1, -0.2],
        }
    )
    fig = top_actors(counts)
    assert list(fig.data[0].y) == ["Kim", "Putin"]
    assert [list(c) for c in fig.data[0].customdata] == [["kim"], ["putin"]]


def test_charts_tone_distribution_still_works():
    fig = tone_distribution(pd.Series([-0.5, 0.0, 0.7]))
    assert tuple(fig.layout.xaxis.range) == (TONE_RANGE[0] - 0.05, TONE_RANGE[1] + 0.05)


def test_charts_tone_distribution_exact_zeros_are_in_the_neutral_bin():
    fig = tone_distribution(pd.Series([0.0] * 5 + [0.05, -0.3]))
    bins = fig.data[0].xbins
    # The bin holding 0 runs from -0.05 to 0.05 (VADER's neutral band), not from 0 to 0.1.
    edges = np.round(np.arange(bins.start, bins.end + 1e-9, bins.size), 6)
    at = np.searchsorted(edges, 0.0, side="right")
    assert (edges[at - 1], edges[at]) == (-0.05, 0.05)
    assert edges[np.searchsorted(edges, 0.05, side="right") - 1] == 0.05  # 0.05 is positive


def test_charts_tone_distribution_neutral_label_above_the_bars():
    fig = tone_distribution(pd.Series([0.0] * 50 + [-0.5, 0.7]))
    (note,) = fig.layout.annotations
    assert note.text.startswith("neutral")
    assert (note.yref, note.y, note.yanchor) == ("paper", 1, "bottom")  # never behind a bar


# --- figures built from plain dicts ----------------------------------------------------------


def _spec(fig: go.Figure) -> dict:
    """A figure's JSON, empty objects left out (validation drops them; plotly ignores them)."""

    def prune(value):
        if isinstance(value, dict):
            pruned = {k: prune(v) for k, v in value.items()}
            return {k: v for k, v in pruned.items() if v != {}}
        if isinstance(value, list):
            return [prune(v) for v in value]
        return value

    return prune(json.loads(pio.to_json(fig, validate=False)))


@pytest.mark.parametrize(
    "build",
    [
        lambda t, p, n, f: mentions_trend(t, NAMES, "W"),
        lambda t, p, n, f: mentions_trend(t, NAMES, "M", "share"),
        lambda t, p, n, f: tone_trend(t, NAMES, "W"),
        lambda t, p, n, f: voice_trend(t, NAMES, "D"),
        lambda t, p, n, f: tone_trend(t.iloc[:0], NAMES, "W"),
        lambda t, p, n, f: network(n, p, NAMES),
        lambda t, p, n, f: pair_matrix(p, NAMES, "count"),
        lambda t, p, n, f: pair_matrix(p, NAMES, "lift"),
        lambda t, p, n, f: pair_trend(
            pair_periods(f, "kim", "putin", "W", "article"), NAMES, "kim", "putin", "W", "article"
        ),
    ],
)
def test_charts_figures_are_what_plotly_validation_makes_of_them(
    build, trend, pairs, totals, pair_facts
):
    fig = build(trend, pairs, totals, pair_facts)
    validated = go.Figure(fig)  # raises on any property or value plotly does not know
    assert _spec(fig) == _spec(validated)


# --- minimum support of the association measures ---------------------------------------------


@pytest.mark.parametrize("measure", ["npmi", "lift"])
def test_charts_pair_matrix_greys_pairs_below_the_minimum_support(pairs, measure):
    # kim & putin: 4 together; putin & russia: 2 (below 3); kim & russia: never.
    fig = pair_matrix(pairs, NAMES, measure, min_support=3)
    heat, thin = fig.data[0], fig.data[1]
    z, grey = np.array(heat.z, dtype=float), np.array(thin.z, dtype=float)
    # Order: Kim Jong Un, Russia, Vladimir Putin.
    assert np.isnan(z[1, 2])  # no association colour for 2 sentences
    assert np.isnan(z[2, 1])
    assert grey[1, 2] == grey[2, 1] == 0
    assert heat.text[1][2] == "n=2"
    assert thin.showscale is False
    assert not np.isnan(z[0, 2])
    assert "grey: under 3 sentences" in fig.layout.title.text
    with_all = pair_matrix(pairs, NAMES, measure, min_support=2)
    assert len([t for t in with_all.data if t.type == "heatmap"]) == 1  # all supported


def test_charts_pair_matrix_every_cell_has_its_counts_on_hover(pairs):
    fig = pair_matrix(pairs, NAMES, "lift", min_support=3)
    clickable, never = [t for t in fig.data if t.type == "scatter"]
    hover = dict(zip(zip(clickable.x, clickable.y, strict=True), clickable.text, strict=True))
    thin = hover[("Russia", "Vladimir Putin")]
    assert "2 sentences naming both (of 100; Vladimir Putin in 8, Russia in 6)" in thin
    assert "below the minimum support of 3" in thin
    assert "lift" not in thin.split("<br>")[2]
    assert "lift 10.00×" in hover[("Vladimir Putin", "Kim Jong Un")]
    assert never.customdata is None  # nothing to open
    assert set(zip(never.x, never.y, strict=True)) == {
        ("Russia", "Kim Jong Un"), ("Kim Jong Un", "Russia"),
    }  # fmt: skip
    assert all("never together" in t for t in never.text)
    n = len(NAMES)
    assert len(clickable.x) + len(never.x) == n * (n - 1)  # every cell off the diagonal


def test_charts_network_says_when_an_edge_is_below_the_minimum_support(totals, pairs):
    fig = network(totals, pairs, NAMES, min_support=3)
    mids = next(t for t in fig.data if t.name == "pairs")
    text = dict(zip(map(tuple, mids.customdata), mids.text, strict=True))
    assert "association (NPMI) +0.60" in text[("kim", "putin")]
    assert "below the minimum support of 3" in text[("putin", "russia")]


@pytest.mark.parametrize(("freq", "dtick"), [("D", 86_400_000), ("W", 604_800_000), ("M", "M1")])
def test_charts_short_axes_tick_once_per_period_and_one_period_has_room(freq, dtick):
    one = trend_rows([("kim", MON, 3, 3, 1, 1.0, 0.2, math.nan, math.nan, True)])
    for fig in (mentions_trend(one, NAMES, freq), tone_trend(one, NAMES, freq)):
        axis = fig.layout.xaxis
        assert axis.dtick == dtick  # not hours on a day, not days on a week
        low, high = (pd.Timestamp(x) for x in axis.range)
        assert high - low == pd.Timedelta(days={"D": 3, "W": 21, "M": 90}[freq])
    long = trend_rows(
        [("kim", MON + i * WEEK, 1, 1, 1, 1.0, 0.2, math.nan, math.nan, True) for i in range(20)]
    )
    assert mentions_trend(long, NAMES, "W").layout.xaxis.dtick is None  # plotly's own ticks


@pytest.mark.parametrize("chart", [mentions_trend, tone_trend, voice_trend])
def test_charts_legend_sits_below_the_year_under_the_first_tick(chart, trend):
    # plotly writes the year on a second line under a date axis's first tick; a legend at
    # -0.12 of the plot's height covered it.
    legend = chart(trend, NAMES, "D").layout.legend
    assert (legend.yanchor, legend.orientation) == ("top", "h")
    assert legend.y <= -0.2


def test_charts_network_labels_sit_right_above_or_below_their_nodes(totals, pairs):
    nodes = next(t for t in network(totals, pairs, NAMES).data if t.name == "actors")
    centre = sum(nodes.y) / len(nodes.y)
    for y, where in zip(nodes.y, nodes.textposition, strict=True):
        assert where == ("top center" if y >= centre else "bottom center")
