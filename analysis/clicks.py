"""What a click on a chart opens: the clicked point's customdata, and on a trend chart every
point the click could have meant.

Plotly reports the point it hovers, and its hover distance ties within a marker: any point
whose centre is within its radius (at least 3 px) of the pointer is "distance 0", and the
first trace wins the tie, not the nearest point. So a click on one point of two 3.9 px apart
may report the other. The point the analyst aimed at is then within REACH_PX of the one
reported (two radii and a pixel): every such point is a candidate, and with more than one the
page asks whose sentences to read instead of guessing.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import pandas as pd

# The plot area assumed for pixel distances: narrow and short, so that a wider or taller
# screen only asks more often, never opens the wrong point. 640 px is the main area of a
# 1280 px window with the sidebar open; the legend and the year under the ticks take 60 px.
PLOT_WIDTH_PX = 640.0
LEGEND_PX = 60.0
MIN_RADIUS_PX = 3.0  # plotly's least hover radius of a marker
DEFAULT_MARKER = 6.0  # plotly's default marker size (a diameter, in px)
# Choices offered at most: on 300 Reuters stories by day the zeros of six actors over a week
# lie in one line of pixels, and 26 buttons are no answer.
MAX_CHOICES = 6


def clicked(event: object) -> list | None:
    """The customdata of the first clicked point of a plotly_chart selection event, or None:
    a chart's points carry the view they open (an actor, a pair, a period)."""
    selection = (event or {}).get("selection") or {}
    for point in selection.get("points") or ():
        data = point.get("customdata")
        if data is not None and len(data):
            return list(data) if isinstance(data, (list, tuple)) else [data]
    return None


def crowded(
    figure: Mapping,
    point: list,
    limit: int = MAX_CHOICES,
    backed: Collection[tuple[str, str]] | None = None,
) -> list[tuple[str, str]]:
    """The (actor_id, period YYYY-MM-DD) points a click that reported `point` could have meant:
    the reported one first, then the others of the figure within reach of it in pixels (plot
    area of PLOT_WIDTH_PX by the layout's height), nearest first, `limit` in all. `point` is
    clicked()'s [actor_id, period]; traces carry [actor_id, period] per point as customdata
    (analysis.charts.style.points). A point not in the figure is returned alone. With
    `backed` (the points with sentences behind them, `backed_points`), the others are no
    choice: a zero has nothing to read. The reported point stays when nothing else does."""
    actor, period = str(point[0]), str(point[1])[:10]
    pts: list[tuple[str, str, float, float, float]] = []  # actor, day, x (days), y, radius px
    for trace in figure.get("data") or ():
        custom, ys = trace.get("customdata"), trace.get("y")
        if custom is None or ys is None:
            continue
        size = (trace.get("marker") or {}).get("size") or DEFAULT_MARKER
        radius = max(MIN_RADIUS_PX, float(size) / 2)
        for data, y in zip(custom, ys, strict=False):
            if y is None or y != y or len(data) < 2:  # a gap (None or NaN) is no point
                continue
            day = str(data[1])[:10]
            pts.append((str(data[0]), day, _days(day), float(y), radius))
    mine = [p for p in pts if p[0] == actor and p[1] == period]
    if not mine:
        return [(actor, period)]
    _, _, x0, y0, r0 = mine[0]
    per_x, per_y = _scales(figure, [p[2] for p in pts], [p[3] for p in pts])
    near = []
    for a, day, x, y, r in pts:
        if (a, day) == (actor, period):
            continue
        gap = math.hypot((x - x0) * per_x, (y - y0) * per_y)
        if gap <= r0 + r + 1.0:  # both within a radius of the pointer, and a pixel to spare
            near.append((gap, a, day))
    seen = {(actor, period)}
    out = [(actor, period)]
    for _, a, day in sorted(near):
        if (a, day) not in seen:
            seen.add((a, day))
            out.append((a, day))
    if backed is not None:
        out = [p for p in out if p in backed] or [(actor, period)]
    return out[:limit]


def backed_points(trends: pd.DataFrame) -> set[tuple[str, str]]:
    """The (actor_id, period YYYY-MM-DD) of trends' (analysis.trends.trends) rows with at least
    one sentence: the points of a trend chart a click can open."""
    rows = trends[trends["sentences"] > 0]
    days = pd.to_datetime(rows["period"]).dt.strftime("%Y-%m-%d")
    return set(zip(rows["actor_id"].astype(str), days, strict=True))


def _days(day: str) -> float:
    return pd.Timestamp(day).value / 86_400e9


def _scales(figure: Mapping, xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Pixels per day on x and per unit on y in the assumed plot area."""
    layout = figure.get("layout") or {}
    margin = layout.get("margin") or {}
    height = float(layout.get("height") or 450) - margin.get("t", 80) - margin.get("b", 80)
    height = max(height - LEGEND_PX, 50.0)
    x_range = (layout.get("xaxis") or {}).get("range")
    if x_range is not None and len(x_range) == 2:
        x_span = abs(_days(str(x_range[1])) - _days(str(x_range[0])))
    else:
        x_span = max(xs) - min(xs)
    y_range = (layout.get("yaxis") or {}).get("range")
    if y_range is not None and len(y_range) == 2:
        y_span = abs(float(y_range[1]) - float(y_range[0]))
    else:  # the charts' axes start at zero (rangemode tozero)
        y_span = max(ys) - min(0.0, *ys)
    return PLOT_WIDTH_PX / (x_span or 1.0), height / (y_span or 1.0)
