"""Pairs: the matrix of every pair, and one pair over time."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.charts.style import (
    ASSOCIATION_SCALE,
    COUNT_SCALE,
    MARGIN,
    TONE_SCALE,
    UNIT,
    copy_scale,
    figure,
    gap_shapes,
    x_range,
)  # fmt: skip
from analysis.timegrid import period_labels

MEASURES = {
    "count": "co-mentions",
    "npmi": "association (NPMI)",
    "lift": "lift (× chance)",
}


def pair_matrix(pairs: pd.DataFrame, names: Mapping[str, str], measure: str = "count") -> go.Figure:
    """The pairs as a symmetric matrix: co-mention counts, NPMI or lift per cell.

    Needs pairs' (analysis.comentions) actor_a, actor_b, count, npmi, lift, tone; names
    gives the rows and columns (actor_id → name, in name order). Counts run from white to
    blue; NPMI on a purple-white-green scale fixed at ±1; lift on the same scale, log-spaced
    around 1 (as often as chance). The cells are drawn by a heatmap; each pair also has a
    transparent marker at its cell carrying [actor_a, actor_b] as customdata, so a click on
    the cell selects the pair (plotly cannot select heatmap cells).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    order = sorted(names, key=lambda a: (str(names[a]).casefold(), a))
    labels = [plain.plotly(names[a]) for a in order]
    at = {a: i for i, a in enumerate(order)}
    n = len(order)
    z = [[None] * n for _ in range(n)]
    text = [[""] * n for _ in range(n)]
    known = pairs[pairs["actor_a"].isin(at) & pairs["actor_b"].isin(at) & (pairs["count"] > 0)]
    if measure == "count":
        for i in range(n):
            for j in range(n):
                if i != j:
                    z[i][j], text[i][j] = 0, "0"
    rows = list(
        zip(
            known["actor_a"], known["actor_b"], known["count"].tolist(), known["npmi"].tolist(),
            known["lift"].tolist(), known["tone"].tolist(), strict=True,
        )
    )  # fmt: skip
    for a, b, count, npmi, lift, _ in rows:
        value = {"count": count, "npmi": npmi, "lift": lift}[measure]
        shown = (
            f"{int(value)}" if measure == "count" else f"{value:+.2f}" if measure == "npmi"
            else f"{value:.1f}×"
        )  # fmt: skip
        cell = math.log2(value) if measure == "lift" else float(value)
        for i, j in ((at[a], at[b]), (at[b], at[a])):
            z[i][j] = cell
            text[i][j] = shown
    colorbar = {"title": {"text": MEASURES[measure], "side": "right"}, "thickness": 10, "len": 0.8}
    if measure == "count":
        scale = {"colorscale": copy_scale(COUNT_SCALE), "zmin": 0,
                 "zmax": max(1, int(known["count"].max()) if len(known) else 1)}  # fmt: skip
    elif measure == "npmi":
        scale = {"colorscale": copy_scale(ASSOCIATION_SCALE), "zmin": -1, "zmax": 1}
        colorbar["tickvals"] = [-1, -0.5, 0, 0.5, 1]
    else:
        reach = max(1.0, max((abs(math.log2(v)) for v in known["lift"]), default=1.0))
        reach = float(math.ceil(reach))
        scale = {"colorscale": copy_scale(ASSOCIATION_SCALE), "zmin": -reach, "zmax": reach}
        ticks = list(range(-int(reach), int(reach) + 1))
        colorbar["tickvals"] = ticks
        colorbar["ticktext"] = [f"{2.0**t:g}×" for t in ticks]
    heat = {
        "z": z, "x": labels, "y": labels, "text": text, "hoverinfo": "skip",
        "xgap": 2, "ygap": 2, "colorbar": colorbar, **scale, "type": "heatmap",
    }  # fmt: skip
    if n <= 10:
        heat["texttemplate"] = "%{text}"
    data = [heat]
    if len(known):
        cells = [
            (a, b, labels[at[a]], labels[at[b]], c, npmi, lift, t)
            for a, b, c, npmi, lift, t in rows
        ]
        cells += [(b, a, nb, na, c, npmi, lift, t) for a, b, na, nb, c, npmi, lift, t in cells]
        hover = [
            f"<b>{na} & {nb}</b><br>{c} time{'s' * (c != 1)} together<br>NPMI {npmi:+.2f} · "
            f"lift {lift:.2f}× · tone {t:+.2f}<br><i>click for the evidence</i>"
            for _, _, na, nb, c, npmi, lift, t in cells
        ]
        data.append(
            {
                "x": [c[3] for c in cells],
                "y": [c[2] for c in cells],
                "mode": "markers",
                "marker": {
                    "size": max(12, min(44, 400 // max(n, 1))),
                    "symbol": "square",
                    "color": "rgba(0,0,0,0)",
                },
                "customdata": [[min(c[0], c[1]), max(c[0], c[1])] for c in cells],
                "text": hover,
                "hovertemplate": "%{text}<extra></extra>",
                "showlegend": False,
                "type": "scatter",
            }
        )
    side = min(900, max(360, 30 * n + 190))
    layout = {
        "title": {"text": f"Pairs by {MEASURES[measure]}", "x": 0, "xanchor": "left"},
        "height": side, "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "hovermode": "closest",
        "xaxis": {"side": "bottom", "tickangle": -45, "showgrid": False, "categoryorder": "array",
                  "categoryarray": labels},
        "yaxis": {"autorange": "reversed", "showgrid": False, "categoryorder": "array",
                  "categoryarray": labels},
        "plot_bgcolor": "rgba(0,0,0,0)",
    }  # fmt: skip
    return figure(data, layout)


def pair_trend(
    periods: pd.DataFrame,
    names: Mapping[str, str],
    actor_a: str,
    actor_b: str,
    freq: str = "W",
    window: str = "sentence",
    view: pd.DataFrame | None = None,
) -> go.Figure:
    """Bars of how often a pair is seen together, period by period, coloured by tone.

    Needs periods' (analysis.comentions.pair_periods) period, count, tone; view, the view's
    periods (analysis.timegrid.view_periods), if known, sets the time axis and shades the
    periods without any article (where no bar means no data, not 0). Each bar carries
    [actor_a, actor_b, period (YYYY-MM-DD)] as customdata.
    """
    na, nb = plain.plotly(names.get(actor_a, actor_a)), plain.plotly(names.get(actor_b, actor_b))
    unit = "sentences" if window == "sentence" else "articles"
    labels, days = period_labels(periods["period"].to_numpy(), freq)
    text = [
        f"<b>{na} & {nb}</b> · {p}<br>{c} {unit[:-1] if c == 1 else unit}"
        " naming both" + (f" · tone {t:+.2f}" if t == t else "")
        for p, c, t in zip(
            labels.tolist(),
            periods["count"].tolist(),
            periods["tone"].tolist(),
            strict=True,
        )  # fmt: skip
    ]
    width_ms = {"D": 0.8, "W": 5.6, "M": 24.0}[freq] * 86_400_000
    bars = {
        "x": periods["period"].to_numpy(),
        "y": periods["count"].to_numpy(),
        "width": width_ms,
        "marker": {
            "color": periods["tone"].to_numpy(dtype=np.float64),
            "colorscale": copy_scale(TONE_SCALE),
            "cmin": -1,
            "cmax": 1,
            "colorbar": {
                "title": {"text": "tone"},
                "thickness": 12,
                "len": 0.8,
                "tickvals": [-1, -0.5, 0, 0.5, 1],
            },
        },
        "text": text,
        "hovertemplate": "%{text}<extra></extra>",
        "textposition": "none",
        "type": "bar",
    }
    if len(periods):
        pair = [np.full(len(days), actor_a), np.full(len(days), actor_b)]
        bars["customdata"] = np.column_stack([*pair, days])
    layout = {
        "title": {"text": f"{na} & {nb}: {unit} naming both, per {UNIT[freq]}", "x": 0,
                  "xanchor": "left"},
        "yaxis": {"title": {"text": unit}, "rangemode": "tozero", "tickformat": "d"},
        "xaxis": {"title": {}}, "height": 340, "margin": dict(MARGIN), "bargap": 0.1,
        "hovermode": "closest",
    }  # fmt: skip
    span = view["period"] if view is not None and len(view) else periods["period"]
    if len(span):
        layout["xaxis"]["range"] = x_range(span, freq)
    if shapes := gap_shapes(view, freq):
        layout["shapes"] = shapes
    return figure([bars], layout)
