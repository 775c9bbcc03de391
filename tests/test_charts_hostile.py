"""Every figure of analysis/charts/ with actor names that are markup: only our own tags and
templates in it, and the names shown as text (as plotly.js reads them)."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.io as pio
import pytest
from hostile import ABSENT_NAME, HOSTILE_NAME, figure_text, markup_in_figure, plotly_reads, strings

from analysis.charts.network import network
from analysis.charts.overview import top_actors
from analysis.charts.pairs import MEASURES, pair_matrix, pair_trend
from analysis.charts.tone import tone_trend
from analysis.charts.trends import mentions_trend, voice_trend
from analysis.trends import TREND_COLUMNS

NAMES = {"evil": HOSTILE_NAME, "absent": ABSENT_NAME, "kim": "Kim & Co <3 $5 50%"}
MON = pd.Timestamp("2023-09-04")
WEEK = pd.Timedelta(days=7)


def trends() -> pd.DataFrame:
    rows = [
        ("evil", MON, 6, 6, 2, 0.5, -0.2, -0.5, 0.1, True),
        ("evil", MON + WEEK, 5, 5, 1, 1.0, 0.3, 0.0, 0.6, True),
        ("kim", MON, 4, 6, 2, 1.0, 0.1, -0.2, 0.4, True),
        ("absent", MON + WEEK, 2, 2, 1, 0.25, 0.5, -1.0, 1.0, True),
    ]
    return pd.DataFrame(rows, columns=TREND_COLUMNS).astype(
        {"period": "datetime64[us]", "shown": bool}
    )


def pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_a": ["evil", "absent", "evil"],
            "actor_b": ["kim", "kim", "absent"],
            "window": "sentence",
            "count": [4, 2, 1],
            "count_a": [5, 8, 5],
            "count_b": [8, 6, 6],
            "units": 100,
            "lift": [10.0, 2.0, 0.5],
            "pmi": [math.log2(10.0), 1.0, -1.0],
            "npmi": [0.6, 0.3, -0.2],
            "tone": [0.4, -0.3, 0.0],
        }
    )


def totals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_id": list(NAMES),
            "name": list(NAMES.values()),
            "mentions": [9, 4, 1],
            "sentences": [8, 4, 1],
            "tone": [-0.2, 0.5, 0.0],
        }
    )


def periods() -> pd.DataFrame:
    return pd.DataFrame({"period": [MON, MON + WEEK], "count": [3, 1], "tone": [0.2, -0.4]})


FIGURES = {
    "top_actors": lambda: top_actors(totals()),
    "mentions_trend": lambda: mentions_trend(trends(), NAMES),
    "mentions_trend share": lambda: mentions_trend(trends(), NAMES, measure="share"),
    "tone_trend": lambda: tone_trend(trends(), NAMES),
    "voice_trend": lambda: voice_trend(trends(), NAMES, "M"),
    "network": lambda: network(totals(), pairs(), NAMES),
    **{f"pair_matrix {m}": (lambda m=m: pair_matrix(pairs(), NAMES, m)) for m in MEASURES},
    "pair_trend": lambda: pair_trend(periods(), NAMES, "evil", "absent"),
}


@pytest.mark.parametrize("make", FIGURES.values(), ids=FIGURES.keys())
def test_charts_hostile_names_are_text(make):
    spec = json.loads(pio.to_json(make(), validate=False))  # what the browser is sent
    assert markup_in_figure(spec) == []
    shown = figure_text(spec)
    assert HOSTILE_NAME in shown or ABSENT_NAME in shown


@pytest.mark.parametrize(
    "make",
    [FIGURES[k] for k in ("mentions_trend", "network", "pair_matrix count", "top_actors")],
    ids=["mentions_trend", "network", "pair_matrix", "top_actors"],
)
def test_charts_hostile_names_keep_every_actor_apart(make):
    """Escaped names stay distinct: one legend entry, node or row per actor."""
    spec = json.loads(pio.to_json(make(), validate=False))
    shown = {plotly_reads(s) for _, s in strings(spec)}
    for name in (HOSTILE_NAME, "Kim & Co <3 $5 50%"):
        assert name in shown
