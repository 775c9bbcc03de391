"""The Overview's figures: the most mentioned actors, and the tone of every sentence."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.charts.style import TONE_RANGE, TONE_SCALE
from analysis.sentiment import NEGATIVE, POSITIVE


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
    """Histogram of sentence tone, with VADER's neutral band marked.

    The bins are 0.1 wide and centred on the tenths, so the middle one, -0.05 to 0.05, is
    VADER's neutral band and holds the exact zeros (a bin from 0 to 0.1 would count every
    sentence without a sentiment word as slightly positive)."""
    fig = go.Figure(go.Histogram(x=compound, xbins={"start": -1.05, "end": 1.05, "size": 0.1},
                                 marker_color="#6b7a8f"))  # fmt: skip
    fig.add_vrect(x0=NEGATIVE, x1=POSITIVE, fillcolor="#d9d9d9", opacity=0.4, line_width=0)
    # Above the plot area: inside it, the label hides behind the bar of neutral sentences.
    fig.add_annotation(
        x=0, xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False,
        text=f"neutral (±{POSITIVE:g})", font={"size": 11, "color": "#555555"},
    )  # fmt: skip
    fig.update_layout(
        xaxis_title="sentence tone (VADER compound)", yaxis_title="sentences",
        xaxis_range=[TONE_RANGE[0] - 0.05, TONE_RANGE[1] + 0.05], bargap=0.05, height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )  # fmt: skip
    return fig
