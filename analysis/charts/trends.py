"""Mentions over time, as counts or shares, and share of voice: one line (or area) per actor.
A period without any article in the view is a gap (no point, a grey band), never a 0."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.charts.style import (
    HALF,
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
from analysis.timegrid import iso, on_grid, per_actor, stamps
from analysis.trends import share_of_voice


def mentions_trend(
    trends: pd.DataFrame,
    names: Mapping[str, str],
    freq: str = "W",
    measure: str = "mentions",
    periods: pd.DataFrame | None = None,
    spikes: pd.DataFrame | None = None,
) -> go.Figure:
    """Mentions per period, one line per actor: counts, or share of all articles in the period.

    Needs trends' (analysis.trends.trends) actor_id, period, mentions, articles, share;
    periods, the view's (analysis.timegrid.view_periods; by default every period from the
    trends' first to their last holds articles). measure is "mentions" or "share". A period
    with articles where an actor is not mentioned counts as 0; a period without any article is
    a gap: y is None there and a grey band marks it. Each point carries [actor_id, period
    (YYYY-MM-DD)] as customdata. `spikes` (analysis.spikes.spikes_of rows: actor_id, period,
    mentions, baseline, score) are marked with a star on their actor's point, same customdata.
    """
    if measure not in ("mentions", "share"):
        raise ValueError(f"measure must be mentions or share, not {measure!r}")
    colours = actor_colours(names)
    if trends.empty:
        return figure([], time_layout("Mentions", measure, 0))
    grid = on_grid(trends, freq, periods)
    data = []
    for aid, rows in per_actor(grid, freq):
        name = plain.plotly(names.get(aid, aid))
        text = [
            ""
            if gap
            else f"<b>{name}</b> · {p}<br>{m} mention{'s' * (m != 1)}"
            f" in {a} article{'s' * (a != 1)} ({s:.0%} of the {UNIT[freq]}'s articles)"
            for p, m, a, s, gap in zip(
                rows["label"].tolist(),
                rows["mentions"].tolist(),
                rows["articles"].tolist(),
                rows["share"].tolist(),
                rows["gap"].tolist(),
                strict=True,
            )  # fmt: skip
        ]
        data.append(
            {
                "x": rows["period"],
                "y": none_where(rows[measure].astype(np.float64), ~rows["gap"]),
                "name": name,
                "mode": "lines+markers",
                "connectgaps": False,
                "line": {"color": colours.get(aid, PALETTE[0]), "width": 2},
                "marker": {"size": 7},
                "customdata": points(aid, rows["day"]),
                "text": np.array(text),
                "hovertemplate": "%{text}<extra></extra>",
                "type": "scatter",
            }
        )
    if spikes is not None and not spikes.empty:
        data.append(_spike_marks(spikes, trends, names, colours, measure))
    title = (
        f"Mentions per {UNIT[freq]}"
        if measure == "mentions"
        else f"Share of each {UNIT[freq]}'s articles naming the actor"
    )
    layout = time_layout(
        title, "mentions" if measure == "mentions" else "share of articles", len(data)
    )
    layout["xaxis"].update(time_axis(grid["period"], freq))
    if shapes := gap_shapes(periods, freq):
        layout["shapes"] = shapes
    if measure == "share":
        layout["yaxis"].update(tickformat=".0%", rangemode="tozero")
    else:
        layout["yaxis"]["rangemode"] = "tozero"
    return figure(data, layout)


def _spike_marks(spikes, trends, names, colours, measure: str) -> dict:
    """One trace of stars, a spike each, on its actor's line (its share, or its mentions)."""
    aids = spikes["actor_id"].astype(str).to_numpy()
    days = iso(spikes["period"].to_numpy())
    if measure == "share":
        key = trends["actor_id"].astype(str) + "|" + iso(trends["period"].to_numpy())
        share = dict(zip(key, trends["share"].astype(np.float64), strict=True))
        ys = [share.get(f"{a}|{d}") for a, d in zip(aids, days, strict=True)]
    else:
        ys = spikes["mentions"].astype(np.float64).tolist()
    text = [
        f"<b>{plain.plotly(names.get(a, a))}</b> · spike, {m} mentions against a baseline of "
        f"{b:g} (score {s:.1f})"
        for a, m, b, s in zip(
            aids, spikes["mentions"], spikes["baseline"], spikes["score"], strict=True
        )
    ]
    return {
        "x": spikes["period"].to_numpy(),
        "y": ys,
        "name": "Spikes",
        "showlegend": False,
        "mode": "markers",
        "marker": {
            "size": 15,
            "symbol": "star",
            "color": [colours.get(a, PALETTE[0]) for a in aids],
            "line": {"color": "black", "width": 1},
        },
        "customdata": np.column_stack([aids, days]),
        "text": np.array(text),
        "hovertemplate": "%{text}<extra></extra>",
        "type": "scatter",
    }


def voice_trend(
    trends: pd.DataFrame,
    names: Mapping[str, str],
    freq: str = "W",
    periods: pd.DataFrame | None = None,
) -> go.Figure:
    """Share of voice: each actor's share of all the charted actors' mentions, stacked.

    Needs trends' (analysis.trends.trends) actor_id, period, mentions; periods as for
    `mentions_trend`. The areas add up to 100% in every period with any mention
    (analysis.trends.share_of_voice). A period without any article (a gap), or in which none
    of the actors is mentioned (no mix to show), breaks the areas: they are never drawn
    across it. Each actor is a filled area per run of periods, stacked in actor order, and a
    line along its top whose points carry [actor_id, period (YYYY-MM-DD)] as customdata.
    """
    colours = actor_colours(names)
    data = []
    grid = None
    if not trends.empty:
        grid = on_grid(trends, freq, periods)
        voice = share_of_voice(grid)
        actors = list(per_actor(grid, freq))
        shape = (len(actors), len(grid) // max(len(actors), 1))
        share = voice["voice"].to_numpy(np.float64).reshape(shape)
        mentions = grid["mentions"].to_numpy(np.float64).reshape(shape)
        drawn = (mentions.sum(axis=0) > 0) & ~grid["gap"].to_numpy().reshape(shape)[0]
        top = np.cumsum(share, axis=0)
        for i, (aid, rows) in enumerate(actors):
            name, colour = plain.plotly(names.get(aid, aid)), colours.get(aid, PALETTE[0])
            area_x, area_y = band(
                stamps(rows["period"]), top[i] - share[i], top[i], drawn, HALF[freq] / 2
            )
            data.append(
                {
                    "x": area_x,
                    "y": area_y,
                    "name": name,
                    "fill": "toself",
                    "mode": "lines",
                    "fillcolor": hex_rgba(colour, 0.75),
                    "line": {"color": colour, "width": 1},
                    "legendgroup": aid,
                    "hoverinfo": "skip",
                    "type": "scatter",
                }  # fmt: skip
            )
            text = [
                f"<b>{name}</b> · {p}<br>{v:.0%} of the mentions ({m} mention{'s' * (m != 1)})"
                if ok
                else ""
                for p, v, m, ok in zip(
                    rows["label"].tolist(),
                    share[i].tolist(),
                    rows["mentions"].tolist(),
                    drawn.tolist(),
                    strict=True,
                )  # fmt: skip
            ]
            data.append(
                {
                    "x": rows["period"],
                    "y": none_where(top[i], drawn),
                    "name": name,
                    "legendgroup": aid,
                    "showlegend": False,
                    "mode": "lines+markers",
                    "connectgaps": False,
                    "line": {"color": colour, "width": 1},
                    "marker": {"size": 5, "color": colour},
                    "customdata": points(aid, rows["day"]),
                    "text": np.array(text),
                    "hovertemplate": "%{text}<extra></extra>",
                    "type": "scatter",
                }  # fmt: skip
            )
    n = sum(1 for t in data if t.get("showlegend") is not False)
    layout = time_layout(f"Share of voice per {UNIT[freq]}", "share of mentions", n)
    layout["yaxis"].update(tickformat=".0%", range=[0, 1.0])
    layout["legend"]["traceorder"] = "normal"
    if grid is not None:
        layout["xaxis"].update(time_axis(grid["period"], freq))
        if shapes := gap_shapes(periods, freq):
            layout["shapes"] = shapes
    return figure(data, layout)
