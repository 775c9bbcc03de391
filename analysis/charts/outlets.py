"""Outlets side by side: per source, the share of its own articles naming each actor (bars)
beside its tone toward the actor with the 95% band (a point and its whiskers)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import plain
from analysis.charts.style import MARGIN, PALETTE, actor_colours, figure

# As the tone chart of Trends says which tone it averages (analysis.trends.TONES).
TONE_OF = {"vader": "mean VADER compound", "toward": "mean tone toward the actor"}
ROW_PX = 26  # height per source and actor: a bar and a point side by side stay readable
BOTTOM_PX, LEGEND_PX = 100, 62  # room under the plot for ticks, axis titles and the legend


def source_order(outlets: pd.DataFrame) -> list[str]:
    """The sources biggest first (by their articles in the view), ties by name."""
    sizes = outlets.drop_duplicates("source").set_index("source")["source_articles"]
    return sorted(sizes.index, key=lambda s: (-int(sizes[s]), str(s)))


def outlets_chart(
    outlets: pd.DataFrame,
    names: Mapping[str, str],
    min_count: int = 1,
    tone_of: str = "vader",
) -> go.Figure:
    """Two panels sharing the sources as rows: share of the source's articles naming each
    actor, and the actor's mean tone in that source with its 95% band over articles.

    Needs outlets' (analysis.outlets.OUTLET_COLUMNS) every column. A tone from fewer than
    min_count sentences is not drawn (its bar still is). Bars and points carry
    [actor_id, source] as customdata: a click opens those sentences.
    """
    colours = actor_colours(names)
    order = source_order(outlets) if len(outlets) else []
    sizes = outlets.drop_duplicates("source").set_index("source")["source_articles"]
    label = {s: f"{plain.plotly(s)} ({int(sizes[s]):,})" for s in order}
    data = []
    for aid in [a for a in names if a in set(outlets["actor_id"])]:
        rows = outlets[outlets["actor_id"] == aid].set_index("source").loc[order]
        name, colour = plain.plotly(names.get(aid, aid)), colours.get(aid, PALETTE[0])
        ys = [label[s] for s in order]
        custom = np.column_stack([np.full(len(order), aid), np.array(order, dtype=object)])
        tone, low, high = (rows[c].to_numpy(np.float64) for c in ("tone", "tone_low", "tone_high"))
        shown = (rows["sentences"].to_numpy() >= min_count) & ~np.isnan(tone)
        hover = [
            f"<b>{name}</b> · {plain.plotly(s)}<br>{r.share:.0%} of its articles "
            f"({r.articles} of {r.source_articles}), {r.mentions} mention{'s' * (r.mentions != 1)}"
            + (
                f"<br>tone {r.tone:+.2f}"
                + (
                    f" (95%: {r.tone_low:+.2f} to {r.tone_high:+.2f})"
                    if r.tone_low == r.tone_low
                    else ""
                )
                + f" from {r.sentences} sentence{'s' * (r.sentences != 1)}"
                if ok
                else ""
            )
            for s, r, ok in zip(order, rows.itertuples(), shown.tolist(), strict=True)
        ]
        common = {
            "y": ys, "name": name, "legendgroup": aid, "customdata": custom,
            "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
            "orientation": "h",
        }  # fmt: skip
        data.append(
            {
                **common,
                "type": "bar",
                "x": rows["share"].tolist(),
                "xaxis": "x",
                "marker": {"color": colour},
                "offsetgroup": aid,
                # The share written by each bar: a 0% says "never named", not "not drawn".
                "texttemplate": "%{x:.0%}",
                "textposition": "outside",
                "cliponaxis": False,
            }  # fmt: skip
        )
        with np.errstate(invalid="ignore"):
            plus, minus = np.where(shown, high - tone, np.nan), np.where(shown, tone - low, np.nan)
        data.append(
            {
                **common,
                "type": "scatter",
                "mode": "markers",
                "x": [
                    t if ok else None for t, ok in zip(tone.tolist(), shown.tolist(), strict=True)
                ],
                "xaxis": "x2",
                "marker": {"color": colour, "size": 9},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "color": colour,
                    "thickness": 1.5,
                    "array": np.nan_to_num(plus).tolist(),
                    "arrayminus": np.nan_to_num(minus).tolist(),
                },
                "offsetgroup": aid,
                "showlegend": False,
            }  # fmt: skip
        )
    n_actors = max(1, len({t["legendgroup"] for t in data}))
    height = 160 + BOTTOM_PX + ROW_PX * max(1, len(order)) * n_actors
    plot_px = height - MARGIN["t"] - BOTTOM_PX
    # Room right of the longest bar for its label.
    share_top = max(float(outlets["share"].max()) if len(outlets) else 0.0, 0.05) * 1.18
    layout = {
        "title": {
            "text": f"Per source: share of its own articles naming the actor, and "
            f"{TONE_OF[tone_of]} with 95% band over its articles",
            "x": 0, "xanchor": "left",
        },
        "xaxis": {"domain": [0, 0.44], "tickformat": ".0%", "range": [0, share_top],
                  "title": {"text": "share of the source's articles"}},
        "xaxis2": {"domain": [0.52, 1], "range": [-1.05, 1.05], "anchor": "y",
                   "tickvals": [-1, -0.5, 0, 0.5, 1], "zeroline": True,
                   "zerolinecolor": "#999999", "title": {"text": "tone (−1 … +1)"}},
        "yaxis": {"autorange": "reversed", "type": "category",
                  "title": {"text": "source (articles in the view)"}},
        "barmode": "group",
        "scattermode": "group",
        "height": height,
        "margin": {**MARGIN, "b": BOTTOM_PX},
        "hovermode": "closest",
        # Under the axis titles: above the plot, a long name ran into the title.
        "legend": {"orientation": "h", "yanchor": "top", "y": -LEGEND_PX / plot_px,
                   "xanchor": "left", "x": 0},
    }  # fmt: skip
    return figure(data, layout)
