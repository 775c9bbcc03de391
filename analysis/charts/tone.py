"""Tone over time: one line per actor with its 95% band."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.charts.style import (
    PALETTE,
    UNIT,
    actor_colours,
    band,
    figure,
    gap_shapes,
    hex_rgba,
    none_where,
    points,
    time_axis,
    time_layout,
)  # fmt: skip
from analysis.timegrid import on_grid, per_actor, stamps

# How the mean is weighted, as the chart's title says it (analysis.interval.WEIGHTS).
WEIGHTED = {"sentence": "per sentence", "article": "of the article means"}
# What is averaged, as the title says it (analysis.trends.TONES).
MEAN_OF = {"vader": "mean VADER compound", "toward": "mean tone toward the actor"}


def tone_trend(
    trends: pd.DataFrame,
    names: Mapping[str, str],
    freq: str = "W",
    weight: str = "sentence",
    periods: pd.DataFrame | None = None,
    tone_of: str = "vader",
) -> go.Figure:
    """Mean tone per period, one line per actor, with its 95% band; the title says which tone
    (`tone_of`: analysis.trends.TONES), how the mean is weighted (`weight`, as analysis.trends
    computed it) and that the band counts articles (analysis.interval).

    Needs trends' (analysis.trends.trends) actor_id, period, sentences, tone, tone_low,
    tone_high, shown, articles; periods as for analysis.charts.trends.mentions_trend. Periods
    not `shown` (too few sentences), periods without mentions and periods without any article
    in the view (grey bands) are gaps: y is None there, so the line breaks. The y axis is
    fixed at ±1. Each point carries [actor_id, period (YYYY-MM-DD)] as customdata; the bands
    are not clickable.
    """
    colours = actor_colours(names)
    data = []
    if not trends.empty:
        grid = on_grid(trends, freq, periods)
        for aid, rows in per_actor(grid, freq):
            name, colour = plain.plotly(names.get(aid, aid)), colours.get(aid, PALETTE[0])
            tone = rows["tone"]
            shown = rows["shown"] & ~np.isnan(tone) & ~rows["gap"]
            band_x, band_y = band(
                stamps(rows["period"]), rows["tone_low"], rows["tone_high"], shown
            )
            if band_x:
                data.append(
                    {
                        "x": band_x,
                        "y": band_y,
                        "fill": "toself",
                        "mode": "lines",
                        "fillcolor": hex_rgba(colour, 0.18),
                        "line": {"color": hex_rgba(colour, 0.45), "width": 1},
                        "legendgroup": aid,
                        "showlegend": False,
                        "hoverinfo": "skip",
                        "name": f"{name} 95%",
                        "type": "scatter",
                    }  # fmt: skip
                )
            text = [
                f"<b>{name}</b> · {p}<br>tone {t:+.2f}"
                + (f" (95%: {lo:+.2f} to {hi:+.2f})" if lo == lo else "")
                + f"<br>{n} sentence{'s' * (n != 1)} in {g} article{'s' * (g != 1)}"
                if t == t
                else ""
                for p, t, lo, hi, n, g in zip(
                    rows["label"].tolist(),
                    tone.tolist(),
                    rows["tone_low"].tolist(),
                    rows["tone_high"].tolist(),
                    rows["sentences"].tolist(),
                    rows["articles"].tolist(),
                    strict=True,
                )  # fmt: skip
            ]
            data.append(
                {
                    "x": rows["period"],
                    "y": none_where(tone, shown),
                    "name": name,
                    "legendgroup": aid,
                    "mode": "lines+markers",
                    "connectgaps": False,
                    "line": {"color": colour, "width": 2},
                    "marker": {"size": 7},
                    "customdata": points(aid, rows["day"]),
                    "text": np.array(text),
                    "hovertemplate": "%{text}<extra></extra>",
                    "type": "scatter",
                }
            )
    n = sum(1 for t in data if t.get("showlegend") is not False)
    layout = time_layout(
        f"Tone per {UNIT[freq]}: {MEAN_OF[tone_of]} {WEIGHTED[weight]}, 95% band over articles",
        "tone",
        n,
    )
    layout["shapes"] = [
        {
            "type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": 0, "y1": 0,
            "line": {"color": "#999999", "width": 1, "dash": "dot"},
        }
    ]  # fmt: skip
    layout["yaxis"].update(range=[-1.05, 1.05], zeroline=False, tickvals=[-1, -0.5, 0, 0.5, 1])
    if not trends.empty:
        layout["xaxis"].update(time_axis(grid["period"], freq))
        layout["shapes"] += gap_shapes(periods, freq)
    return figure(data, layout)
