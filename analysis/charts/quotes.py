"""Who said what about whom: speakers and the actors they quote about, as a directed network."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.charts.network import network_layout
from analysis.charts.style import MARGIN, TONE_SCALE, copy_scale, figure

EDGE_COLUMNS = ["speaker_id", "target_id", "quotes", "tone"]


def quote_edges(quotes: pd.DataFrame) -> pd.DataFrame:
    """EDGE_COLUMNS of analysis.quotes rows: per speaker and actor named in their quotations
    (not themselves), the quotations and the mean tone toward the actor in them; most first."""
    rows = quotes.dropna(subset=["target_id"])
    rows = rows[rows["speaker_id"].astype(str) != rows["target_id"].astype(str)]
    if rows.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS).astype({"quotes": "int64", "tone": "float64"})
    key = [rows["speaker_id"].astype(str), rows["target_id"].astype(str)]
    out = rows.groupby(key).agg(quotes=("quote", "size"), tone=("tone", "mean")).reset_index()
    out.columns = EDGE_COLUMNS
    return out.sort_values(["quotes", "speaker_id", "target_id"], ascending=[False, True, True])


def quote_network(edges: pd.DataFrame, names: Mapping[str, str], height: int = 560) -> go.Figure:
    """Speakers and the actors their quotations name: an arrow from speaker to target, its
    width the quotations, a diamond at its middle coloured by the mean tone toward the target
    (customdata [speaker_id, target_id], for a click). Nodes are sized by the quotations they
    said or are named in; customdata [actor_id]."""
    ends = [
        (str(a), str(b), int(n), float(t))
        for a, b, n, t in zip(
            edges["speaker_id"], edges["target_id"], edges["quotes"], edges["tone"], strict=True
        )
    ]
    ids = sorted({a for a, *_ in ends} | {b for _, b, *_ in ends})
    pairs = pd.DataFrame(
        {"actor_a": [a for a, *_ in ends], "actor_b": [b for _, b, *_ in ends],
         "count": [n for *_, n, _ in ends]}
    )  # fmt: skip
    pos = network_layout(ids, pairs)
    label = {a: plain.plotly(names.get(a, a)) for a in ids}
    top = float(max((n for *_, n, _ in ends), default=1))
    data: list[dict] = []
    annotations = []
    for a, b, n, _ in ends:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        data.append({
            "x": [x0, x1], "y": [y0, y1], "mode": "lines", "hoverinfo": "skip",
            "showlegend": False, "type": "scatter",
            "line": {"color": "rgba(110,110,110,0.45)", "width": 1 + 7 * n / top},
        })  # fmt: skip
        # The arrow's head stops short of the target's centre, so the node does not hide it.
        annotations.append({
            "x": x0 + 0.8 * (x1 - x0), "y": y0 + 0.8 * (y1 - y0), "ax": x0 + 0.6 * (x1 - x0),
            "ay": y0 + 0.6 * (y1 - y0), "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
            "showarrow": True, "arrowhead": 2, "arrowsize": 1.4, "arrowwidth": 1.5,
            "arrowcolor": "#777777", "text": "",
        })  # fmt: skip
    if ends:
        text = [
            f"<b>{label[a]} about {label[b]}</b><br>{n} quotation{'s' * (n != 1)} · mean tone "
            + ("not scored" if math.isnan(t) else f"{t:+.2f}")
            + "<br><i>click for the sentences</i>"
            for a, b, n, t in ends
        ]
        data.append({
            "x": [(pos[a][0] + pos[b][0]) / 2 for a, b, *_ in ends],
            "y": [(pos[a][1] + pos[b][1]) / 2 for a, b, *_ in ends],
            "mode": "markers", "name": "quotations", "showlegend": False, "type": "scatter",
            "marker": {
                "size": 14, "symbol": "diamond", "cmin": -1, "cmax": 1,
                "color": np.array([t for *_, t in ends], dtype=np.float64),
                "colorscale": copy_scale(TONE_SCALE), "line": {"color": "#555555", "width": 1},
                "colorbar": {
                    "title": {"text": "mean tone toward", "side": "top"}, "orientation": "h",
                    "x": 1.0, "xanchor": "right", "y": -0.02, "yanchor": "top",
                    "thickness": 10, "len": 0.45, "tickvals": [-1, -0.5, 0, 0.5, 1],
                },
            },
            "customdata": np.array([[a, b] for a, b, *_ in ends], dtype=object),
            "text": text, "hovertemplate": "%{text}<extra></extra>",
        })  # fmt: skip
    if ids:
        said = {a: sum(n for s, _, n, _ in ends if s == a) for a in ids}
        about = {a: sum(n for _, t, n, _ in ends if t == a) for a in ids}
        most = float(max(said[a] + about[a] for a in ids))
        data.append({
            "x": [pos[a][0] for a in ids], "y": [pos[a][1] for a in ids],
            "mode": "markers+text", "name": "actors", "showlegend": False, "type": "scatter",
            "text": [label[a] for a in ids], "textposition": "top center",
            "textfont": {"size": 13}, "cliponaxis": False,
            "marker": {
                "size": [14 + 30 * math.sqrt((said[a] + about[a]) / most) for a in ids],
                # Dark for a speaker, light for an actor only named: not the tone's colours.
                "color": ["#555555" if said[a] else "#c8c8c8" for a in ids],
                "line": {"color": "white", "width": 1.5},
            },
            "customdata": [[a] for a in ids],
            "hovertext": [
                f"<b>{label[a]}</b><br>said {said[a]} · named in {about[a]}" for a in ids
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })  # fmt: skip
    layout = {
        "title": {"text": "Who is quoted about whom", "x": 0, "xanchor": "left"},
        "xaxis": {"visible": False, "range": [-1.3, 1.3]},
        "yaxis": {"visible": False, "range": [-1.25, 1.25]},
        "showlegend": False, "height": height, "margin": dict(MARGIN),
        "hovermode": "closest", "plot_bgcolor": "rgba(0,0,0,0)", "annotations": annotations,
    }  # fmt: skip
    return figure(data, layout)
