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
    NOT_SCORED,
    TONE_OF,
    TONE_SCALE,
    UNIT,
    copy_scale,
    figure,
    gap_shapes,
    time_axis,
)  # fmt: skip
from analysis.comentions import ASSOCIATIONS, MIN_SUPPORT
from analysis.comentions import MEASURES as PAIR_MEASURES
from analysis.timegrid import period_labels

THIN_COLOUR = "#e0e0e0"  # a cell below the minimum support: no colour of the scale

# The matrix's measures (analysis.comentions.MEASURES) as its title and colour bar name them.
MEASURES = dict(zip(PAIR_MEASURES, ("co-mentions", "association (NPMI)", "lift (× chance)",
                                    "tone"), strict=True))  # fmt: skip


def _tone(t: float, tone_of: str) -> str:
    return f"{TONE_OF[tone_of]} " + (NOT_SCORED if t != t else f"{t:+.2f}")


def pair_matrix(
    pairs: pd.DataFrame,
    names: Mapping[str, str],
    measure: str = "count",
    min_support: int = MIN_SUPPORT,
    tone_of: str = "vader",
) -> go.Figure:
    """The pairs as a symmetric matrix: co-mention counts, NPMI, lift or tone per cell.

    Needs pairs' (analysis.comentions) actor_a, actor_b, window, count, count_a, count_b,
    units, npmi, lift, tone; names gives the rows and columns (actor_id → name, in name
    order). Counts run from white to blue; NPMI on a purple-white-green scale fixed at ±1;
    lift on the same scale, log-spaced around 1 (as often as chance). An association (NPMI,
    lift) needs `min_support` shared units (analysis.comentions.MIN_SUPPORT): a pair seen
    together fewer times is a grey cell labelled with its count, its association not shown.
    Tone is the pair tone (analysis.comentions) on the tone scale fixed at ±1; tone_of says
    which (analysis.trends.TONES: VADER's, or toward the actors, as pairs' `tone` holds it),
    and a pair whose tone toward is not scored is a blank cell.
    The cells are drawn by heatmaps; every cell off the diagonal also has a transparent marker
    whose hover gives the counts behind it, and each pair seen together carries [actor_a,
    actor_b] as customdata, so a click on the cell selects the pair (plotly cannot select
    heatmap cells).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    order = sorted(names, key=lambda a: (str(names[a]).casefold(), a))
    labels = [plain.plotly(names[a]) for a in order]
    at = {a: i for i, a in enumerate(order)}
    n = len(order)
    z = [[None] * n for _ in range(n)]
    text = [[""] * n for _ in range(n)]
    thin_z = [[None] * n for _ in range(n)]
    known = pairs[pairs["actor_a"].isin(at) & pairs["actor_b"].isin(at) & (pairs["count"] > 0)]
    unit = "article" if len(known) and known["window"].iloc[0] == "article" else "sentence"
    if measure == "count":
        for i in range(n):
            for j in range(n):
                if i != j:
                    z[i][j], text[i][j] = 0, "0"
    rows = list(
        zip(
            known["actor_a"], known["actor_b"], known["count"].tolist(),
            known["count_a"].tolist(), known["count_b"].tolist(), known["units"].tolist(),
            known["npmi"].tolist(), known["lift"].tolist(), known["tone"].tolist(), strict=True,
        )
    )  # fmt: skip
    supported = [measure not in ASSOCIATIONS or row[2] >= min_support for row in rows]
    for (a, b, count, *_, npmi, lift, tone), ok in zip(rows, supported, strict=True):
        value = {"count": count, "npmi": npmi, "lift": lift, "tone": tone}[measure]
        if value != value:  # a tone toward not scored: no colour, no number
            continue
        shown = (
            f"{int(value)}" if measure == "count" else f"{value:.1f}×" if measure == "lift"
            else f"{value:+.2f}"
        )  # fmt: skip
        cell = math.log2(value) if measure == "lift" else float(value)
        for i, j in ((at[a], at[b]), (at[b], at[a])):
            if ok:
                z[i][j], text[i][j] = cell, shown
            else:
                thin_z[i][j], text[i][j] = 0, f"n={count}"
    title = TONE_OF[tone_of] if measure == "tone" else MEASURES[measure]
    colorbar = {"title": {"text": title, "side": "right"}, "thickness": 10, "len": 0.8}
    strong = [row for row, ok in zip(rows, supported, strict=True) if ok]
    if measure == "count":
        scale = {"colorscale": copy_scale(COUNT_SCALE), "zmin": 0,
                 "zmax": max(1, int(known["count"].max()) if len(known) else 1)}  # fmt: skip
    elif measure in ("npmi", "tone"):
        colours = TONE_SCALE if measure == "tone" else ASSOCIATION_SCALE
        scale = {"colorscale": copy_scale(colours), "zmin": -1, "zmax": 1}
        colorbar["tickvals"] = [-1, -0.5, 0, 0.5, 1]
    else:
        reach = max(1.0, max((abs(math.log2(row[7])) for row in strong), default=1.0))
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
    if not all(supported):
        thin = {
            "z": thin_z, "x": labels, "y": labels, "text": text, "hoverinfo": "skip",
            "xgap": 2, "ygap": 2, "showscale": False, "zmin": 0, "zmax": 1,
            "colorscale": [[0.0, THIN_COLOUR], [1.0, THIN_COLOUR]], "type": "heatmap",
        }  # fmt: skip
        if n <= 10:
            thin["texttemplate"] = "%{text}"
            thin["textfont"] = {"color": "#555555"}
        data.append(thin)
    seen = {}
    for a, b, c, ca, cb, units, npmi, lift, t in rows:
        na, nb = labels[at[a]], labels[at[b]]
        base = (
            f"{c} {unit}{'s' * (c != 1)} naming both (of {units:,}; {na} in {ca:,}, {nb} in {cb:,})"
        )
        measures = (
            f"NPMI {npmi:+.2f} · lift {lift:.2f}×"
            if c >= min_support
            else f"association not shown: below the minimum support of {min_support}"
        )
        for x, y in ((nb, na), (na, nb)):
            seen[(x, y)] = (
                f"<b>{y} & {x}</b><br>{base}<br>{measures} · {_tone(t, tone_of)}"
                "<br><i>click for the evidence</i>",
                [a, b] if a < b else [b, a],
            )
    size = max(12, min(44, 400 // max(n, 1)))
    for clickable in (True, False):
        if clickable:
            cells = [(x, y, hover, pair) for (x, y), (hover, pair) in seen.items()]
        else:
            cells = [
                (labels[j], labels[i], f"<b>{labels[i]} & {labels[j]}</b><br>never together in"
                 f" the same {unit} (0 {unit}s naming both)", None)
                for i in range(n) for j in range(n) if i != j and (labels[j], labels[i]) not in seen
            ]  # fmt: skip
        if not cells:
            continue
        trace = {
            "x": [c[0] for c in cells],
            "y": [c[1] for c in cells],
            "mode": "markers",
            "marker": {"size": size, "symbol": "square", "color": "rgba(0,0,0,0)"},
            "text": [c[2] for c in cells],
            "hovertemplate": "%{text}<extra></extra>",
            "showlegend": False,
            "type": "scatter",
        }
        if clickable:
            trace["customdata"] = [c[3] for c in cells]
        data.append(trace)
    side = min(900, max(360, 30 * n + 190))
    layout = {
        "title": {"text": f"Pairs by {title}" + (
            f" · grey: under {min_support} {unit}s"
            if measure in ASSOCIATIONS else ""
        ), "x": 0, "xanchor": "left"},
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
    tone_of: str = "vader",
) -> go.Figure:
    """Bars of how often a pair is seen together, period by period, coloured by tone.

    Needs periods' (analysis.comentions.pair_periods) period, count, tone; view, the view's
    periods (analysis.timegrid.view_periods), if known, sets the time axis and shades the
    periods without any article (where no bar means no data, not 0). Each bar carries
    [actor_a, actor_b, period (YYYY-MM-DD)] as customdata. tone_of says which tone periods'
    `tone` is (analysis.trends.TONES); a period seen without a scored tone toward is grey.
    """
    na, nb = plain.plotly(names.get(actor_a, actor_a)), plain.plotly(names.get(actor_b, actor_b))
    unit = "sentences" if window == "sentence" else "articles"
    labels, days = period_labels(periods["period"].to_numpy(), freq)
    text = [
        f"<b>{na} & {nb}</b> · {p}<br>{c} {unit[:-1] if c == 1 else unit}"
        " naming both" + (f" · {_tone(t, tone_of)}" if c else "")
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
                "title": {"text": TONE_OF[tone_of]},
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
    traces = [bars]
    # A bar without a tone (toward: mentions stored before the model) would take plotly's
    # default colour, which reads as a tone: it is drawn over in grey instead.
    bare = (periods["count"].to_numpy() > 0) & np.isnan(bars["marker"]["color"])
    if bare.any():
        traces.append(
            {**{k: bars[k] for k in ("width", "hovertemplate", "textposition", "type")},
             "x": bars["x"][bare], "y": bars["y"][bare], "text": np.array(text)[bare],
             "customdata": bars["customdata"][bare], "marker": {"color": THIN_COLOUR},
             "showlegend": False}
        )  # fmt: skip
    layout = {
        "title": {"text": f"{na} & {nb}: {unit} naming both, per {UNIT[freq]}", "x": 0,
                  "xanchor": "left"},
        "yaxis": {"title": {"text": unit}, "rangemode": "tozero", "tickformat": "d"},
        "xaxis": {"title": {}}, "height": 340, "margin": dict(MARGIN), "bargap": 0.1,
        "hovermode": "closest", "barmode": "overlay",
    }  # fmt: skip
    span = view["period"] if view is not None and len(view) else periods["period"]
    if len(span):
        layout["xaxis"].update(time_axis(span, freq))
    if shapes := gap_shapes(view, freq):
        layout["shapes"] = shapes
    return figure(traces, layout)
