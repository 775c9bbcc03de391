"""Plotly figures from the analysis frames: no data work beyond shaping for display; every name
in them is shown as text (analysis.plain)."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.sentiment import NEGATIVE, POSITIVE
from analysis.trends import encode, encode_sorted, share_of_voice

# Tone on a diverging scale, red (negative) through grey to blue (positive), fixed at ±1 so
# colours mean the same on every chart.
TONE_SCALE = [[0.0, "#b2182b"], [0.5, "#d9d9d9"], [1.0, "#2166ac"]]
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
MEASURES = {
    "count": "co-mentions",
    "npmi": "association (NPMI)",
    "lift": "lift (× chance)",
}
LAYOUT_SEED = 42  # the network's layout: same actors and pairs, same picture

_UNIT = {"D": "day", "W": "week", "M": "month"}
_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 40}


def top_actors(counts: pd.DataFrame, n: int = 15) -> go.Figure:
    """Horizontal bars of the most mentioned actors, coloured by mean tone.

    Needs counts' actor_id, name, mentions, tone. Each bar carries its actor_id as customdata,
    so a click can open the evidence.
    """
    top = counts.nlargest(n, "mentions").iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=top["mentions"],
            y=top["name"].map(plain.plotly),
            orientation="h",
            customdata=top[["actor_id"]].to_numpy(),
            marker={
                "color": top["tone"],
                "colorscale": TONE_SCALE,
                "cmin": -1,
                "cmax": 1,
                "colorbar": {"title": "tone"},
            },
            hovertemplate="%{y}: %{x} mentions<br>mean tone %{marker.color:.2f}<extra></extra>",
        )  # fmt: skip
    )
    fig.update_layout(
        # Bars coloured by a number: plotly cannot derive a hover colour from them.
        hoverlabel={"bgcolor": "white"},
        xaxis_title="mentions", yaxis_title=None, height=max(300, 26 * len(top) + 80),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )  # fmt: skip
    return fig


def tone_distribution(compound: pd.Series) -> go.Figure:
    """Histogram of sentence tone, with VADER's neutral band marked."""
    fig = go.Figure(go.Histogram(x=compound, xbins={"start": -1, "end": 1, "size": 0.1},
                                 marker_color="#6b7a8f"))  # fmt: skip
    fig.add_vrect(x0=NEGATIVE, x1=POSITIVE, fillcolor="#d9d9d9", opacity=0.4, line_width=0)
    # Above the plot area: inside it, the label hides behind the bar of neutral sentences.
    fig.add_annotation(
        x=0, xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False,
        text=f"neutral (±{POSITIVE:g})", font={"size": 11, "color": "#555555"},
    )  # fmt: skip
    fig.update_layout(
        xaxis_title="sentence tone (VADER compound)", yaxis_title="sentences",
        xaxis_range=TONE_RANGE, bargap=0.05, height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )  # fmt: skip
    return fig


# --- Helpers ----------------------------------------------------------------------------


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


def clicked(event: object) -> list | None:
    """The customdata of the first clicked point of a plotly_chart selection event, or None."""
    selection = (event or {}).get("selection") or {}
    for point in selection.get("points") or ():
        data = point.get("customdata")
        if data is not None and len(data):
            return list(data) if isinstance(data, (list, tuple)) else [data]
    return None


def _hex_rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _step(freq: str) -> pd.DateOffset:
    return (
        pd.DateOffset(days=1)
        if freq == "D"
        else pd.DateOffset(weeks=1)
        if freq == "W"
        else (pd.DateOffset(months=1))
    )


def _on_grid(trends: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Trends rows for every actor in every period with data, and in the periods either side.

    Periods where an actor is not mentioned get mentions and share 0 and no tone, so lines
    drop to zero (counts) or break (tone) there instead of bridging the gap. A long empty
    stretch needs only its first and last period for that (the line runs along zero between
    them), so the rows grow with the periods that have data, not with the time they span.
    Rows come actor by actor (sorted ids), each over the same periods.
    """
    seen = pd.DatetimeIndex(trends["period"].unique()).sort_values()
    step = _step(freq)
    periods = seen.union(seen + step).union(seen - step)
    periods = periods[(periods >= seen[0]) & (periods <= seen[-1])]
    actor, actors = encode_sorted(trends["actor_id"])
    at = actor * len(periods) + periods.get_indexer(trends["period"])
    n = len(actors) * len(periods)

    def filled(col: str, empty, dtype) -> np.ndarray:
        out = np.full(n, empty, dtype=dtype)
        out[at] = trends[col].to_numpy(dtype=dtype)
        return out

    return pd.DataFrame(
        {
            "actor_id": np.repeat(np.asarray(actors, dtype=object), len(periods)),
            "period": np.tile(periods.to_numpy(), len(actors)),
            "mentions": filled("mentions", 0, np.int64),
            "sentences": filled("sentences", 0, np.int64),
            "articles": filled("articles", 0, np.int64),
            "share": filled("share", 0.0, np.float64),
            "tone": filled("tone", np.nan, np.float64),
            "tone_low": filled("tone_low", np.nan, np.float64),
            "tone_high": filled("tone_high", np.nan, np.float64),
            "shown": filled("shown", False, bool),
        }
    )


def _per_actor(grid: pd.DataFrame, freq: str):
    """(actor_id, its rows as a dict of column → array) for each actor of an `_on_grid`
    frame, in order; with each period's `label` (period_label) and `day` (YYYY-MM-DD),
    formatted once per distinct period, not once per actor."""
    actors = grid["actor_id"].to_numpy()
    starts = np.flatnonzero(np.concatenate([[True], actors[1:] != actors[:-1]]))
    ends = np.append(starts[1:], len(actors))
    columns = {col: grid[col].to_numpy() for col in grid.columns}
    columns["label"], columns["day"] = _period_labels(columns["period"], freq)
    for lo, hi in zip(starts, ends, strict=True):
        yield str(actors[lo]), {col: values[lo:hi] for col, values in columns.items()}


def _period_labels(periods: np.ndarray, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """period_label, and YYYY-MM-DD, of each period: formatted once per distinct period."""
    distinct, at = np.unique(periods, return_inverse=True)
    fmt = {"W": "week of %Y-%m-%d", "M": "%B %Y"}.get(freq, "%Y-%m-%d")
    labels = np.asarray(pd.DatetimeIndex(distinct).strftime(fmt), dtype=object)
    return labels[at], _iso(distinct)[at]


def _x_range(periods: pd.Series, freq: str) -> list[str]:
    """The same time axis on every trend chart: the first to the last period, half a period
    of margin either side."""
    half = pd.Timedelta(days={"D": 0.5, "W": 3.5, "M": 15}[freq])
    return [(periods.min() - half).isoformat(), (periods.max() + half).isoformat()]


def _none_where(values: np.ndarray, keep: np.ndarray) -> list:
    """The values as a list, None where keep is false or the value is missing."""
    return [
        x if k and x == x else None for x, k in zip(values.tolist(), keep.tolist(), strict=True)
    ]


def _iso(periods) -> np.ndarray:
    """Days as YYYY-MM-DD."""
    return np.datetime_as_string(np.asarray(periods, dtype="datetime64[D]"), unit="D")


def _stamps(periods) -> np.ndarray:
    """Days as plotly writes a Timestamp (ISO, to the second)."""
    return np.datetime_as_string(np.asarray(periods, dtype="datetime64[s]"), unit="s")


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure of plain dicts, not run through plotly's validators: for the hundreds of
    points of a trend chart they cost more than everything else on a page. The dicts are
    what validation makes of them (tests/test_charts.py holds them to it)."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _time_layout(title: str, y_title: str, n_legend: int) -> dict:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "yaxis": {"title": {"text": y_title}},
        "xaxis": {"title": {}},
        "height": 380 + 22 * max(0, math.ceil(n_legend / 6) - 1),
        "margin": dict(_MARGIN),
        "hovermode": "closest",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
    }


def _points(aid: str, days: np.ndarray) -> np.ndarray:
    """The customdata of a trend line: [actor_id, period (YYYY-MM-DD)] per point."""
    return np.column_stack([np.full(len(days), aid), days])


# --- Trends -----------------------------------------------------------------------------


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
        return _figure([], _time_layout("Mentions", measure, 0))
    grid = _on_grid(trends, freq)
    data = []
    for aid, rows in _per_actor(grid, freq):
        name = plain.plotly(names.get(aid, aid))
        text = [
            f"<b>{name}</b> · {p}<br>{m} mention{'s' * (m != 1)}"
            f" in {a} article{'s' * (a != 1)} ({s:.0%} of the {_UNIT[freq]}'s articles)"
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
                "customdata": _points(aid, rows["day"]),
                "text": np.array(text),
                "hovertemplate": "%{text}<extra></extra>",
                "type": "scatter",
            }
        )
    title = (
        f"Mentions per {_UNIT[freq]}"
        if measure == "mentions"
        else f"Share of each {_UNIT[freq]}'s articles naming the actor"
    )
    layout = _time_layout(
        title, "mentions" if measure == "mentions" else "share of articles", len(data)
    )
    layout["xaxis"]["range"] = _x_range(grid["period"], freq)
    if measure == "share":
        layout["yaxis"].update(tickformat=".0%", rangemode="tozero")
    else:
        layout["yaxis"]["rangemode"] = "tozero"
    return _figure(data, layout)


def tone_trend(trends: pd.DataFrame, names: Mapping[str, str], freq: str = "W") -> go.Figure:
    """Mean tone per period, one line per actor, with its 95% band.

    Needs trends' (analysis.trends.trends) actor_id, period, sentences, tone, tone_low,
    tone_high, shown. Periods not `shown` (too few sentences) and periods without mentions are
    gaps: y is None there, so the line breaks. The y axis is fixed at ±1. Each point carries
    [actor_id, period (YYYY-MM-DD)] as customdata; the bands are not clickable.
    """
    colours = actor_colours(names)
    data = []
    if not trends.empty:
        grid = _on_grid(trends, freq)
        for aid, rows in _per_actor(grid, freq):
            name, colour = plain.plotly(names.get(aid, aid)), colours.get(aid, PALETTE[0])
            tone = rows["tone"]
            shown = rows["shown"] & ~np.isnan(tone)
            band_x, band_y = _band(
                _stamps(rows["period"]), rows["tone_low"], rows["tone_high"], shown
            )
            if band_x:
                data.append(
                    {
                        "x": band_x,
                        "y": band_y,
                        "fill": "toself",
                        "mode": "lines",
                        "fillcolor": _hex_rgba(colour, 0.18),
                        "line": {"color": _hex_rgba(colour, 0.45), "width": 1},
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
                + f"<br>{n} sentence{'s' * (n != 1)}"
                if t == t
                else ""
                for p, t, lo, hi, n in zip(
                    rows["label"].tolist(),
                    tone.tolist(),
                    rows["tone_low"].tolist(),
                    rows["tone_high"].tolist(),
                    rows["sentences"].tolist(),
                    strict=True,
                )  # fmt: skip
            ]
            data.append(
                {
                    "x": rows["period"],
                    "y": _none_where(tone, shown),
                    "name": name,
                    "legendgroup": aid,
                    "mode": "lines+markers",
                    "connectgaps": False,
                    "line": {"color": colour, "width": 2},
                    "marker": {"size": 7},
                    "customdata": _points(aid, rows["day"]),
                    "text": np.array(text),
                    "hovertemplate": "%{text}<extra></extra>",
                    "type": "scatter",
                }
            )
    n = sum(1 for t in data if t.get("showlegend") is not False)
    layout = _time_layout(f"Tone per {_UNIT[freq]} (mean VADER compound, 95% band)", "tone", n)
    layout["shapes"] = [
        {
            "type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": 0, "y1": 0,
            "line": {"color": "#999999", "width": 1, "dash": "dot"},
        }
    ]  # fmt: skip
    layout["yaxis"].update(range=[-1.05, 1.05], zeroline=False, tickvals=[-1, -0.5, 0, 0.5, 1])
    if not trends.empty:
        layout["xaxis"]["range"] = _x_range(trends["period"], freq)
    return _figure(data, layout)


def _band(periods: np.ndarray, low: np.ndarray, high: np.ndarray, shown: np.ndarray):
    """A closed polygon per run of consecutive shown periods, separated by None."""
    xs: list = []
    ys: list = []
    run: list[tuple] = []
    ok = (shown & ~np.isnan(low) & ~np.isnan(high)).tolist()
    rows = zip(periods.tolist(), low.tolist(), high.tolist(), ok, strict=True)
    for p, lo, hi, keep in [*rows, (None, None, None, False)]:
        if keep:
            run.append((p, lo, hi))
            continue
        if run:
            xs += [r[0] for r in run] + [r[0] for r in reversed(run)] + [None]
            ys += [r[2] for r in run] + [r[1] for r in reversed(run)] + [None]
            run = []
    return xs, ys


def voice_trend(trends: pd.DataFrame, names: Mapping[str, str], freq: str = "W") -> go.Figure:
    """Share of voice: each actor's share of all the charted actors' mentions, stacked.

    Needs trends' (analysis.trends.trends) actor_id, period, mentions. The areas add up to
    100% in every period with any mention (analysis.trends.share_of_voice). Each point
    carries [actor_id, period (YYYY-MM-DD)] as customdata.
    """
    colours = actor_colours(names)
    data = []
    if not trends.empty:
        voice = share_of_voice(_on_grid(trends, freq))
        # A period where none of them is mentioned has no mix to show: leave it out, so the
        # areas run from one mix to the next instead of collapsing to zero in between.
        period, _ = encode(voice["period"])
        voice = voice[(np.bincount(period, voice["mentions"].to_numpy(np.float64)) > 0)[period]]
        for aid, rows in _per_actor(voice, freq):
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
                    "fillcolor": _hex_rgba(colour, 0.75),
                    "customdata": _points(aid, rows["day"]),
                    "text": np.array(text),
                    "hovertemplate": "%{text}<extra></extra>",
                    "type": "scatter",
                }  # fmt: skip
            )
    layout = _time_layout(f"Share of voice per {_UNIT[freq]}", "share of mentions", len(data))
    layout["yaxis"].update(tickformat=".0%", range=[0, 1.0])
    layout["legend"]["traceorder"] = "normal"
    if not trends.empty:
        layout["xaxis"]["range"] = _x_range(trends["period"], freq)
    return _figure(data, layout)


# --- Co-mentions ------------------------------------------------------------------------


def network_layout(nodes: Iterable[str], edges: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Stable positions for a network: same nodes and edges, same positions.

    Needs edges' actor_a, actor_b, count. Uses networkx's spring layout with a fixed seed,
    stronger pulls for pairs seen together more often; each axis stretched to fill -1..1.
    """
    ends = zip(edges["actor_a"], edges["actor_b"], edges["count"].tolist(), strict=True)
    return dict(_layout(tuple(sorted(set(map(str, nodes)))), tuple(sorted(ends))))


# The same actors and pairs (a rerun that only changes a chart's setting) are laid out once:
# 200 iterations of the spring layout are the network's main cost.
@functools.lru_cache(maxsize=64)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...]
) -> tuple[tuple[str, tuple[float, float]], ...]:
    """network_layout of sorted node ids and sorted (actor_a, actor_b, count) edges."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    top = float(max(c for _, _, c in edges)) if edges else 1.0
    for a, b, count in edges:
        if a in graph and b in graph:
            graph.add_edge(a, b, weight=float(count) / top)
    if graph.number_of_nodes() == 0:
        return ()
    if graph.number_of_nodes() == 1:
        return ((next(iter(graph.nodes)), (0.0, 0.0)),)
    k = 1.6 / math.sqrt(graph.number_of_nodes())
    pos = nx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight", k=k, iterations=200)
    xy = np.array([pos[n] for n in graph.nodes], dtype=float)
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    xy = np.where(high > low, 2 * (xy - low) / span - 1, 0.0)  # fill -1..1 on both axes
    return tuple(
        (n, (round(float(x), 6), round(float(y), 6)))
        for n, (x, y) in zip(graph.nodes, xy, strict=True)
    )


def _outward(x: float, dy: float) -> str:
    """A label position away from the network's centre that stays inside the figure: above
    or below the node, and towards the middle for nodes near the left or right edge."""
    side = "left" if x > 0.5 else "right" if x < -0.5 else "center"
    return f"{'top' if dy >= 0 else 'bottom'} {side}"


def network(
    totals: pd.DataFrame, pairs: pd.DataFrame, names: Mapping[str, str], height: int = 560
) -> go.Figure:
    """The actors as a network: node size = mentions, colour = tone, edge width = co-mentions.

    Needs totals' (analysis.facts.actor_totals) actor_id, mentions, tone, in any order;
    pairs' (analysis.comentions) actor_a, actor_b, count, npmi, tone. Only actors in totals
    with mentions appear, in actor_id order. Nodes carry [actor_id] as customdata; each edge
    has a small marker at its midpoint carrying [actor_a, actor_b] (plotly cannot click a
    line), coloured by the tone of the pair.
    """
    # Plain lists: a few actors and pairs, for which pandas' own cost would dominate.
    nodes = sorted(
        (str(a), m, t)
        for a, m, t in zip(
            totals["actor_id"], totals["mentions"].tolist(), totals["tone"].tolist(), strict=True
        )
        if m > 0
    )
    ids = [a for a, _, _ in nodes]
    known = set(ids)
    label = {a: plain.plotly(names.get(a, a)) for a in ids}
    edge_rows = sorted(
        (str(a), str(b), c, n, t)
        for a, b, c, n, t in zip(
            pairs["actor_a"], pairs["actor_b"], pairs["count"].tolist(),
            pairs["npmi"].tolist(), pairs["tone"].tolist(), strict=True,
        )
        if c > 0 and str(a) in known and str(b) in known
    )  # fmt: skip
    ends = [(a, b, c) for a, b, c, _, _ in edge_rows]
    pos = dict(_layout(tuple(ids), tuple(ends)))
    data = []
    top = float(max(c for _, _, c in ends)) if ends else 1.0
    for a, b, count in ends:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        data.append(
            {
                "x": [x0, x1],
                "y": [y0, y1],
                "mode": "lines",
                "hoverinfo": "skip",
                "showlegend": False,
                "line": {"color": "rgba(110,110,110,0.45)", "width": 1 + 9 * count / top},
                "type": "scatter",
            }  # fmt: skip
        )
    if ends:
        mids = [((pos[a][0] + pos[b][0]) / 2, (pos[a][1] + pos[b][1]) / 2) for a, b, _ in ends]
        text = [
            f"<b>{label[a]} & {label[b]}</b><br>{c} time{'s' * (c != 1)} together"
            f"<br>association (NPMI) {n:+.2f} · tone {t:+.2f}<br><i>click for the evidence</i>"
            for a, b, c, n, t in edge_rows
        ]
        data.append(
            {
                "x": [m[0] for m in mids],
                "y": [m[1] for m in mids],
                "mode": "markers",
                "name": "pairs",
                "showlegend": False,
                "marker": {
                    "size": 14 if len(ends) <= 30 else 10,  # a target a mouse can hit
                    "symbol": "diamond",
                    "color": np.array([t for *_, t in edge_rows], dtype=np.float64),
                    "colorscale": _scale(TONE_SCALE),
                    "cmin": -1,
                    "cmax": 1,
                    "line": {"color": "#555555", "width": 1},
                },
                "customdata": np.array([[a, b] for a, b, _ in ends], dtype=object),
                "text": text,
                "hovertemplate": "%{text}<extra></extra>",
                "type": "scatter",
            }
        )
    if ids:
        mentions = [m for _, m, _ in nodes]
        top_m = float(max(mentions))
        xs = [pos[a][0] for a in ids]
        ys = [pos[a][1] for a in ids]
        cy = sum(ys) / len(ys)
        text = [
            f"<b>{label[a]}</b><br>{m} mention{'s' * (m != 1)} · mean tone {t:+.2f}"
            "<br><i>click for the evidence</i>"
            for a, m, t in nodes
        ]
        data.append(
            {
                "x": xs,
                "y": ys,
                "mode": "markers+text",
                "name": "actors",
                "showlegend": False,
                "text": [label[a] for a in ids],
                "textposition": [_outward(x, y - cy) for x, y in zip(xs, ys, strict=True)],
                "textfont": {"size": 13, "shadow": "auto"},
                "cliponaxis": False,
                "marker": {
                    "size": [14 + 36 * math.sqrt(m / top_m) for m in mentions],
                    "color": np.array([t for *_, t in nodes], dtype=np.float64),
                    "colorscale": _scale(TONE_SCALE),
                    "cmin": -1,
                    "cmax": 1,
                    "line": {"color": "white", "width": 1.5},
                    "colorbar": {
                        "title": {"text": "mean tone", "side": "top"},
                        "orientation": "h",
                        "x": 1.0,
                        "xanchor": "right",
                        "y": -0.02,
                        "yanchor": "top",
                        "thickness": 10,
                        "len": 0.45,
                        "tickvals": [-1, -0.5, 0, 0.5, 1],
                    },
                },
                "customdata": [[a] for a in ids],
                "hovertext": text,
                "hovertemplate": "%{hovertext}<extra></extra>",
                "type": "scatter",
            }
        )
    # Room around the -1..1 layout for the node labels, which sit outside their nodes.
    layout = {
        "title": {"text": "Who appears with whom", "x": 0, "xanchor": "left"},
        "xaxis": {"visible": False, "range": [-1.3, 1.3]},
        "yaxis": {"visible": False, "range": [-1.25, 1.25]},
        "showlegend": False, "height": height, "margin": dict(_MARGIN),
        "hovermode": "closest", "plot_bgcolor": "rgba(0,0,0,0)",
    }  # fmt: skip
    return _figure(data, layout)


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
        scale = {"colorscale": _scale(COUNT_SCALE), "zmin": 0,
                 "zmax": max(1, int(known["count"].max()) if len(known) else 1)}  # fmt: skip
    elif measure == "npmi":
        scale = {"colorscale": _scale(ASSOCIATION_SCALE), "zmin": -1, "zmax": 1}
        colorbar["tickvals"] = [-1, -0.5, 0, 0.5, 1]
    else:
        reach = max(1.0, max((abs(math.log2(v)) for v in known["lift"]), default=1.0))
        reach = float(math.ceil(reach))
        scale = {"colorscale": _scale(ASSOCIATION_SCALE), "zmin": -reach, "zmax": reach}
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
    return _figure(data, layout)


def pair_trend(
    periods: pd.DataFrame,
    names: Mapping[str, str],
    actor_a: str,
    actor_b: str,
    freq: str = "W",
    window: str = "sentence",
) -> go.Figure:
    """Bars of how often a pair is seen together, period by period, coloured by tone.

    Needs periods' (analysis.comentions.pair_periods) period, count, tone. Each bar carries
    [actor_a, actor_b, period (YYYY-MM-DD)] as customdata.
    """
    na, nb = plain.plotly(names.get(actor_a, actor_a)), plain.plotly(names.get(actor_b, actor_b))
    unit = "sentences" if window == "sentence" else "articles"
    labels, days = _period_labels(periods["period"].to_numpy(), freq)
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
            "colorscale": _scale(TONE_SCALE),
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
        "title": {"text": f"{na} & {nb}: {unit} naming both, per {_UNIT[freq]}", "x": 0,
                  "xanchor": "left"},
        "yaxis": {"title": {"text": unit}, "rangemode": "tozero", "tickformat": "d"},
        "xaxis": {"title": {}}, "height": 340, "margin": dict(_MARGIN), "bargap": 0.1,
        "hovermode": "closest",
    }  # fmt: skip
    if len(periods):
        layout["xaxis"]["range"] = _x_range(periods["period"], freq)
    return _figure([bars], layout)


def _scale(scale: list) -> list:
    """A copy of a colour scale: every figure its own (the figure dicts are not copied)."""
    return [list(stop) for stop in scale]
