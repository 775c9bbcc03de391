"""Mentions over time, as counts or shares, and share of voice: one line (or area) per actor."""

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
    figure,
    hex_rgba,
    points,
    time_layout,
    x_range,
)  # fmt: skip
from analysis.timegrid import on_grid, per_actor
from analysis.trends import encode, share_of_voice


def mentions_trend(
    trends: pd.DataFrame, names: Mapping[str, str], freq: str = "W", measure: str = "mentions"
) -> go.Figure:
    """Mentions per period, one line per actor: counts, or share of all articles in the period.

    Needs trends' (analysis.trends.trends) actor_id, period, mentions, articles, share.
    measure is "mentions" or "share". Periods between the first and the last where an actor is
    not mentioned count as 0. Each point carries [actor_id, period (YYYY-MM-DD)] as customdata.
    """
    if measure not in ("mentions", "share"):
        raise ValueError(f"measure must be mentions or share, not {measure!r}")
    colours = actor_colours(names)
    if trends.empty:
        return figure([], time_layout("Mentions", measure, 0))
    grid = on_grid(trends, freq)
    data = []
    for aid, rows in per_actor(grid, freq):
        name = plain.plotly(names.get(aid, aid))
        text = [
            f"<b>{name}</b> · {p}<br>{m} mention{'s' * (m != 1)}"
            f" in {a} article{'s' * (a != 1)} ({s:.0%} of the {UNIT[freq]}'s articles)"
            for p, m, a, s in zip(
                rows["label"].tolist(),
                rows["mentions"].tolist(),
                rows["articles"].tolist(),
                rows["share"].tolist(),
                strict=True,
            )  # fmt: skip
        ]
        data.append(
            {
                "x": rows["period"],
                "y": rows[measure].astype(np.float64),
                "name": name,
                "mode": "lines+markers",
                "line": {"color": colours.get(aid, PALETTE[0]), "width": 2},
                "marker": {"size": 7},
                "customdata": points(aid, rows["day"]),
                "text": np.array(text),
                "hovertemplate": "%{text}<extra></extra>",
                "type": "scatter",
            }
        )
    title = (
        f"Mentions per {UNIT[freq]}"
        if measure == "mentions"
        else f"Share of each {UNIT[freq]}'s articles naming the actor"
    )
    layout = time_layout(
        title, "mentions" if measure == "mentions" else "share of articles", len(data)
    )
    layout["xaxis"]["range"] = x_range(grid["period"], freq)
    if measure == "share":
        layout["yaxis"].update(tickformat=".0%", rangemode="tozero")
    else:
        layout["yaxis"]["rangemode"] = "tozero"
    return figure(data, layout)


def voice_trend(trends: pd.DataFrame, names: Mapping[str, str], freq: str = "W") -> go.Figure:
    """Share of voice: each actor's share of all the charted actors' mentions, stacked.

    Needs trends' (analysis.trends.trends) actor_id, period, mentions. The areas add up to
    100% in every period with any mention (analysis.trends.share_of_voice). Each point
    carries [actor_id, period (YYYY-MM-DD)] as customdata.
    """
    colours = actor_colours(names)
    data = []
    if not trends.empty:
        voice = share_of_voice(on_grid(trends, freq))
        # A period where none of them is mentioned has no mix to show: leave it out, so the
        # areas run from one mix to the next instead of collapsing to zero in between.
        period, _ = encode(voice["period"])
        voice = voice[(np.bincount(period, voice["mentions"].to_numpy(np.float64)) > 0)[period]]
        for aid, rows in per_actor(voice, freq):
            name, colour = plain.plotly(names.get(aid, aid)), colours.get(aid, PALETTE[0])
            text = [
                f"<b>{name}</b> · {p}<br>{v:.0%} of the mentions ({m} mention{'s' * (m != 1)})"
                for p, v, m in zip(
                    rows["label"].tolist(),
                    rows["voice"].tolist(),
                    rows["mentions"].tolist(),
                    strict=True,
                )  # fmt: skip
            ]
            data.append(
                {
                    "x": rows["period"],
                    "y": rows["voice"].astype(np.float64),
                    "name": name,
                    "stackgroup": "voice",
                    "mode": "lines+markers",
                    "line": {"color": colour, "width": 1},
                    "marker": {"size": 5},
                    "fillcolor": hex_rgba(colour, 0.75),
                    "customdata": points(aid, rows["day"]),
                    "text": np.array(text),
                    "hovertemplate": "%{text}<extra></extra>",
                    "type": "scatter",
                }  # fmt: skip
            )
    layout = time_layout(f"Share of voice per {UNIT[freq]}", "share of mentions", len(data))
    layout["yaxis"].update(tickformat=".0%", range=[0, 1.0])
    layout["legend"]["traceorder"] = "normal"
    if not trends.empty:
        layout["xaxis"]["range"] = x_range(trends["period"], freq)
    return figure(data, layout)
