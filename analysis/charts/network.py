"""Who appears with whom: the actors as a network laid out with a fixed seed."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.charts.style import MARGIN, NOT_SCORED, TONE_OF, TONE_SCALE, copy_scale, figure
from analysis.comentions import MIN_SUPPORT

LAYOUT_SEED = 42  # the network's layout: same actors and pairs, same picture


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


def _outward(dy: float) -> str:
    """A label position away from the network's centre: right above or below its node. (To
    the side of a big node, a label sat a node's width away and read as another's; the axes'
    room either side of -1..1 keeps a centred label of an edge node inside the figure.)"""
    return "top center" if dy >= 0 else "bottom center"


def _tone(t: float, tone_of: str) -> str:
    return f"{TONE_OF[tone_of]} " + (NOT_SCORED if math.isnan(t) else f"{t:+.2f}")


def network(
    totals: pd.DataFrame,
    pairs: pd.DataFrame,
    names: Mapping[str, str],
    height: int = 560,
    min_support: int = MIN_SUPPORT,
    tone_of: str = "vader",
) -> go.Figure:
    """The actors as a network: node size = mentions, colour = tone, edge width = co-mentions.

    tone_of says what totals' and pairs' `tone` is (analysis.trends.TONES): VADER's, or the
    tone toward (query.toward_totals, toward_pairs; NaN reads "not scored").

    Needs totals' (analysis.facts.actor_totals) actor_id, mentions, tone, in any order;
    pairs' (analysis.comentions) actor_a, actor_b, count, npmi, tone. Only actors in totals
    with mentions appear, in actor_id order. Nodes carry [actor_id] as customdata; each edge
    has a small marker at its midpoint carrying [actor_a, actor_b] (plotly cannot click a
    line), coloured by the tone of the pair; its hover gives the pair's count, and its
    association only from `min_support` shared units on (analysis.comentions.MIN_SUPPORT).
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
            + (
                f"<br>association (NPMI) {n:+.2f}"
                if c >= min_support
                else f"<br>association not shown: below the minimum support of {min_support}"
            )
            + f" · {_tone(t, tone_of)}<br><i>click for the evidence</i>"
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
                    "colorscale": copy_scale(TONE_SCALE),
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
            f"<b>{label[a]}</b><br>{m} mention{'s' * (m != 1)} · {_tone(t, tone_of)}"
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
                "textposition": [_outward(y - cy) for y in ys],
                "textfont": {"size": 13, "shadow": "auto"},
                "cliponaxis": False,
                "marker": {
                    "size": [14 + 36 * math.sqrt(m / top_m) for m in mentions],
                    "color": np.array([t for *_, t in nodes], dtype=np.float64),
                    "colorscale": copy_scale(TONE_SCALE),
                    "cmin": -1,
                    "cmax": 1,
                    "line": {"color": "white", "width": 1.5},
                    "colorbar": {
                        "title": {"text": TONE_OF[tone_of], "side": "top"},
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
        "showlegend": False, "height": height, "margin": dict(MARGIN),
        "hovermode": "closest", "plot_bgcolor": "rgba(0,0,0,0)",
    }  # fmt: skip
    return figure(data, layout)
