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
# The y axis: at least this much of the −1..+1 scale (a wiggle of 0.1 must not fill the chart),
# with this margin around the means and the bands narrower than it; wider bands (two or three
# articles behind a mean) are cut at its edges.
LEAST_SPAN, PAD, EDGE = 1.0, 0.1, 1.05
BAND_CUT = "Bands cut at the axis (few articles behind a mean): hover a point for its band."


def tone_range(
    means: np.ndarray, low: np.ndarray | None = None, high: np.ndarray | None = None
) -> tuple[float, float]:
    """The y range of the tone chart: the shown means, 0 and the bands (low..high) no wider
    than LEAST_SPAN, a margin PAD, at least LEAST_SPAN wide, within ±EDGE."""
    keep = ~np.isnan(means)
    if not keep.any():
        return -EDGE, EDGE
    values = [means[keep], [0.0]]
    if low is not None and high is not None:
        narrow = keep & ~np.isnan(low) & ~np.isnan(high) & (high - low <= LEAST_SPAN)
        values += [low[narrow], high[narrow]]
    every = np.concatenate(values)
    lo, hi = float(every.min()) - PAD, float(every.max()) + PAD
    grow = max(LEAST_SPAN - (hi - lo), 0.0) / 2
    lo, hi = lo - grow, hi + grow
    if lo < -EDGE:
        lo, hi = -EDGE, min(hi + (-EDGE - lo), EDGE)
    if hi > EDGE:
        lo, hi = max(lo - (hi - EDGE), -EDGE), EDGE
    return round(lo, 4), round(hi, 4)


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
    in the view (grey bands) are gaps: y is None there, so the line breaks. The y axis spans
    the shown means and their narrower bands (tone_range): a band from two articles can reach
    −1..+1 and would flatten every line, so the bands are light and a wide one is cut at the
    axis, a note saying so (BAND_CUT). Each point carries [actor_id, period (YYYY-MM-DD)] as
    customdata; the bands are not clickable.
    """
    colours = actor_colours(names)
    data = []
    y_range, cut = (-EDGE, EDGE), False
    if not trends.empty:
        grid = on_grid(trends, freq, periods)
        drawn = grid["shown"].to_numpy(bool) & ~grid["gap"].to_numpy(bool)
        y_range = tone_range(
            *(grid[k].to_numpy(np.float64)[drawn] for k in ("tone", "tone_low", "tone_high"))
        )
        for aid, rows in per_actor(grid, freq):
            name, colour = plain.plotly(names.get(aid, aid)), colours.get(aid, PALETTE[0])
            tone = rows["tone"]
            shown = rows["shown"] & ~np.isnan(tone) & ~rows["gap"]
            low, high = (np.clip(rows[k], *y_range) for k in ("tone_low", "tone_high"))
            cut |= bool(((low != rows["tone_low"]) | (high != rows["tone_high"]))[shown].any())
            band_x, band_y = band(stamps(rows["period"]), low, high, shown)
            if band_x:
                data.append(
                    {
                        "x": band_x,
                        "y": band_y,
                        "fill": "toself",
                        "mode": "lines",
                        "fillcolor": hex_rgba(colour, 0.09),  # behind the lines, not over them
                        "line": {"color": hex_rgba(colour, 0.25), "width": 1},
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
    lo, hi = y_range
    ticks = [t for t in np.arange(-1, 1.01, 0.25).round(2).tolist() if lo <= t <= hi]
    layout["yaxis"].update(range=list(y_range), zeroline=False, tickvals=ticks)
    if cut:
        layout["annotations"] = [
            {
                "text": BAND_CUT, "xref": "paper", "yref": "paper", "x": 0, "y": 1,
                "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                "font": {"size": 11, "color": "#6b7280"},
            }
        ]  # fmt: skip
    if not trends.empty:
        layout["xaxis"].update(time_axis(grid["period"], freq))
        layout["shapes"] += gap_shapes(periods, freq)
    return figure(data, layout)
