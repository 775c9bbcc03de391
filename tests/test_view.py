"""The view to and from a URL (analysis/view.py): every choice of every page is in the link."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.view import PAGE_CHOICES, View, parse, to_params

ACTORS = ["kim", "putin"]


def round_trip(v: View) -> View:
    return parse(to_params(v), ACTORS, ["Wire"]).view


def test_view_default_link_is_short():
    assert to_params(View(actors=("kim",))) == {"actors": "kim"}


def test_view_every_page_choice_round_trips():
    v = View(
        actors=("kim", "putin"), start=dt.date(2023, 9, 1), freq="M", window="article",
        share=True, min_count=2, weight="article", tone="toward", measure="lift", support=7,
        order="most negative", threshold=2.5,
    )  # fmt: skip
    params = to_params(v)
    assert {k: params[k] for k in PAGE_CHOICES} == {
        "window": "article", "share": "yes", "min_count": "2", "weight": "article",
        "tone": "toward", "measure": "lift", "support": "7", "order": "most negative",
        "threshold": "2.5",
    }  # fmt: skip
    assert round_trip(v) == v


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"min_count": "0"}, "min_count='0': expected a whole number from 1"),
        ({"support": "many"}, "support='many': expected a whole number"),
        ({"measure": "pmi"}, "measure='pmi': expected one of count, npmi, lift"),
        ({"order": "random"}, "order='random': expected one of newest"),
        ({"weight": "word"}, "weight='word'"),
        ({"share": "maybe"}, "share='maybe'"),
        ({"threshold": "nan"}, "threshold='nan': expected a number from 0 to 300"),
        ({"threshold": "-1"}, "threshold='-1': expected a number"),
    ],
)
def test_view_malformed_choices_are_dropped_with_a_notice(params, notice):
    parsed = parse(params, ACTORS, [])
    assert parsed.view.evolve(actors=()) == View()
    (said,) = parsed.notices
    assert notice in said
