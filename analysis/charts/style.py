"""What every chart shares: colours, scales, the time layout, and figures of plain dicts."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Tone on a diverging scale, red (negative) through grey to blue (positive), fixed at ±1 so
# colours mean the same on every chart.
TONE_SCALE = [[0.0, "#b2182b"], [0.5, "#d9d9d9"], [1.0, "#2166ac"]]
# What a tone colour is, in hovers and colour bars (analysis.trends.TONES).
TONE_OF = {"vader": "mean tone", "toward": "mean tone toward"}
NOT_SCORED = "not scored"  # tone toward an actor whose mentions were stored before the model
TONE_RANGE = (-1.0, 1.0)

# One colour per actor, the same on every chart: Tableau 10, handed out by sorted actor id.
PALETTE = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
]  # fmt: skip

# Association of a pair (npmi, -1..1): purple (less than chance) through white to green (more).
# Not the tone colours, so that a matrix of associations is never read as a matrix of tone.
ASSOCIATION_SCALE = [[0.0, "#762a83"], [0.5, "#f7f7f7"], [1.0, "#1b7837"]]
COUNT_SCALE = [[0.0, "#f7fbff"], [1.0, "#08306b"]]

UNIT = {"D": "day", "W": "week", "M": "month"}
MARGIN = {"l": 10, "r": 10, "t": 50, "b": 40}
HALF = {"D": 0.5, "W": 3.5, "M": 15}  # half a period, in days: the margin around a point


def actor_colours(actor_ids: Iterable[str]) -> dict[str, str]:
    """A colour per actor from PALETTE, by sorted id: the same actors get the same colours."""
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(sorted(set(map(str, actor_ids))))}


def period_label(period: object, freq: str) -> str:
    """How a period reads in a hover: 2023-09-04, week of 2023-09-04, or September 2023."""
    day = pd.Timestamp(period)
    if freq == "W":
        return f"week of {day:%Y-%m-%d}"
    if freq == "M":
        return f"{day:%B %Y}"
    return f"{day:%Y-%m-%d}"


def hex_rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def x_range(periods: pd.Series, freq: str) -> list[str]:
    """The same time axis on every trend chart: the first to the last period, half a period
    of margin either side, or EDGE_SHARE of the span if more: half a day of eight months is
    a pixel, and the first and last days' markers were cut in half at the plot's edges."""
    first, last = pd.Timestamp(periods.min()), pd.Timestamp(periods.max())
    half = max(pd.Timedelta(days=HALF[freq]), (last - first) * EDGE_SHARE)
    return [(first - half).isoformat(), (last + half).isoformat()]


EDGE_SHARE = 0.01  # of the span: 6 px of a 640 px plot, more than a marker's radius


# A period in plotly's terms, for ticks: one tick per period on a short axis.
DTICK = {"D": 86_400_000, "W": 7 * 86_400_000, "M": "M1"}
TICK_FORMAT = {"D": "%b %d", "W": "%b %d", "M": "%b %Y"}
SHORT_AXIS = 8  # periods: fewer, and plotly's own ticks fall between them (hours, days)


def time_axis(periods: pd.Series, freq: str) -> dict:
    """The x axis of a time chart over these periods: `x_range`, and on a short span one
    tick per period labelled as the period (no hour ticks on days, no day ticks on weeks)."""
    axis = {"range": x_range(periods, freq)}
    first, last = pd.Timestamp(periods.min()), pd.Timestamp(periods.max())
    span = {"D": (last - first).days, "W": (last - first).days // 7,
            "M": (last.year - first.year) * 12 + last.month - first.month}[freq]  # fmt: skip
    if span < SHORT_AXIS:
        axis.update(dtick=DTICK[freq], tick0=first.isoformat(), tickformat=TICK_FORMAT[freq])
    if span == 0:  # one period: room either side, or its one bar fills the whole axis
        pad = pd.Timedelta(days=3 * HALF[freq])
        axis["range"] = [(first - pad).isoformat(), (last + pad).isoformat()]
    return axis


def none_where(values: np.ndarray, keep: np.ndarray) -> list:
    """The values as a list, None where keep is false or the value is missing."""
    return [
        x if k and x == x else None for x, k in zip(values.tolist(), keep.tolist(), strict=True)
    ]


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure of plain dicts, not run through plotly's validators: for the hundreds of
    points of a trend chart they cost more than everything else on a page. The dicts are
    what validation makes of them (tests/test_charts.py holds them to it)."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def time_layout(title: str, y_title: str, n_legend: int) -> dict:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "yaxis": {"title": {"text": y_title}},
        "xaxis": {"title": {}},
        "height": 380 + 22 * max(0, math.ceil(n_legend / 6) - 1),
        "margin": dict(MARGIN),
        "hovermode": "closest",
        # Low enough for the year plotly writes under the first tick of a date axis.
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
    }


def points(aid: str, days: np.ndarray) -> np.ndarray:
    """The customdata of a trend line: [actor_id, period (YYYY-MM-DD)] per point."""
    return np.column_stack([np.full(len(days), aid), days])


def copy_scale(scale: list) -> list:
    """A copy of a colour scale: every figure its own (the figure dicts are not copied)."""
    return [list(stop) for stop in scale]


def band(
    periods: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    shown: np.ndarray,
    lone_days: float = 0.0,
):
    """A closed polygon per run of consecutive shown periods, separated by None. A run of one
    period is `lone_days` wide either side of it (0: a vertical line, an error bar's look; a
    stacked area wants a bar there, or a lone week between gaps reads as a stray line)."""
    xs: list = []
    ys: list = []
    run: list[tuple] = []
    ok = (shown & ~np.isnan(low) & ~np.isnan(high)).tolist()
    rows = zip(periods.tolist(), low.tolist(), high.tolist(), ok, strict=True)
    for p, lo, hi, keep in [*rows, (None, None, None, False)]:
        if keep:
            run.append((p, lo, hi))
            continue
        if len(run) == 1 and lone_days:
            (p0, lo0, hi0), wide = run[0], np.timedelta64(int(lone_days * 86_400), "s")
            left, right = (str(np.datetime64(p0, "s") + d) for d in (-wide, wide))
            xs += [left, right, right, left, None]
            ys += [hi0, hi0, lo0, lo0, None]
            run = []
        elif run:
            xs += [r[0] for r in run] + [r[0] for r in reversed(run)] + [None]
            ys += [r[2] for r in run] + [r[1] for r in reversed(run)] + [None]
            run = []
    return xs, ys


def gap_shapes(periods: pd.DataFrame | None, freq: str, limit: int = 200) -> list[dict]:
    """A light grey band over each run of periods without any article in the view
    (analysis.timegrid.view_periods), so that a gap reads as "no data" and not as a low
    value; none beyond `limit` runs (the lines still break there)."""
    if periods is None or periods.empty:
        return []
    empty = (periods["period_articles"].to_numpy() == 0).astype(np.int8)
    edges = np.diff(np.concatenate([[0], empty, [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    if len(starts) > limit:
        return []
    days = pd.to_datetime(periods["period"])
    half = pd.Timedelta(days=HALF[freq])
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "layer": "below",
            "x0": (days.iloc[a] - half).isoformat(),
            "x1": (days.iloc[b] + half).isoformat(),
            "fillcolor": "rgba(120,120,120,0.12)",
            "line": {"width": 0},
        }  # fmt: skip
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
