"""Pair tone, recomputed here from the stored sentences and mentions with plain loops, is what
the Co-mentions table, matrix, network and pair-over-time chart, the CLI export and the
snapshot show (the measure of analysis/comentions.py's docstring: each sentence once)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_page_comentions import APP, KIM, PAGE, PUTIN, RUSSIA, THREE, figures, values

from analysis import facts
from analysis.cli import EXIT_OK, main
from analysis.comentions import comentions
from analysis.snapshot import view_figures
from analysis.store import Store
from analysis.trends import period_start

ACTORS = (KIM, PUTIN, RUSSIA)


@pytest.fixture(scope="module")
def stored(store_url: str) -> dict[str, pd.DataFrame]:
    store = Store(store_url)
    try:
        return {
            "sentences": store.read("sentences", ["article_id", "sent_idx", "compound"]),
            "mentions": store.read("mentions", ["article_id", "sent_idx", "actor_id"]),
            "articles": store.read("articles", ["article_id", "published", "source"]),
        }
    finally:
        store.close()


def reference(stored: dict, window: str, week: bool = False) -> dict[tuple, float]:
    """Pair tone per pair (and per week, if asked) by loops over the stored rows: the mean
    compound of the distinct sentences naming both (sentence window), or naming either in an
    article naming both (article window)."""
    compound = {
        (a, int(s)): float(c)
        for a, s, c in stored["sentences"][["article_id", "sent_idx", "compound"]].to_numpy()
    }
    named: dict[tuple, set] = {}
    for a, s, actor in stored["mentions"][["article_id", "sent_idx", "actor_id"]].to_numpy():
        if actor in ACTORS:
            named.setdefault((a, int(s)), set()).add(actor)
    published = dict(zip(stored["articles"]["article_id"], stored["articles"]["published"],
                         strict=True))  # fmt: skip
    weeks = period_start(pd.Series(published), "W").to_dict()
    chosen: dict[tuple, set] = {}
    for x in ACTORS:
        for y in ACTORS:
            if x >= y:
                continue
            if window == "sentence":
                keys = [k for k, who in named.items() if {x, y} <= who]
            else:
                both = {k[0] for k, who in named.items() if x in who} & {
                    k[0] for k, who in named.items() if y in who
                }
                keys = [k for k, who in named.items() if k[0] in both and who & {x, y}]
            for k in keys:
                when = weeks[k[0]]
                if week and pd.isna(when):
                    continue
                chosen.setdefault((x, y, when) if week else (x, y), set()).add(k)
    return {pair: sum(compound[k] for k in ks) / len(ks) for pair, ks in chosen.items()}


def page(window: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE)
    at.query_params["actors"] = THREE
    at.run()
    if window != "sentence":
        at.button_group(key="cm_window").set_value(window).run()
    at.selectbox(key="cm_pair").set_value(f"{KIM}|{PUTIN}").run()
    assert not at.exception
    return at


@pytest.mark.parametrize("window", ["sentence", "article"])
def test_pair_tone_on_the_page_is_each_sentence_once(store_url, stored, window):
    want = reference(stored, window)
    assert want  # the corpus has pairs in this window
    at = page(window)
    table = at.dataframe[0].value
    got = dict(zip(zip(table["actor_a"], table["actor_b"], strict=True), table["tone"],
                   strict=True))  # fmt: skip
    assert got == pytest.approx(want)

    figs = figures(at)
    mids = next(t for t in figs["cm_network"]["data"] if t.get("name") == "pairs")
    colours = dict(zip(map(tuple, mids["customdata"]), values(mids["marker"]["color"]),
                       strict=True))  # fmt: skip
    assert colours == pytest.approx(want)

    cells = figs["cm_matrix"]["data"][1]
    for pair, text in zip(map(tuple, cells["customdata"]), cells["text"], strict=True):
        assert f"tone {want[pair]:+.2f}" in text

    per_week = {k[2]: v for k, v in reference(stored, window, week=True).items()
                if k[:2] == (KIM, PUTIN)}  # fmt: skip
    bars = figs["cm_pair_trend"]["data"][0]
    drawn = {
        pd.Timestamp(day): tone
        for (_, _, day), tone in zip(
            bars["customdata"], values(bars["marker"]["color"]), strict=True
        )  # fmt: skip
        if tone == tone
    }
    assert drawn == pytest.approx(per_week)


@pytest.mark.parametrize("window", ["sentence", "article"])
def test_pair_tone_in_the_export_and_the_snapshot(store_url, stored, window, capsys):
    want = reference(stored, window)
    code = main(["--db", store_url, "export", "comentions", "--window", window])
    out, err = capsys.readouterr()
    assert (code, err) == (EXIT_OK, "")
    export = pd.read_csv(io.StringIO(out))
    export = export[export["actor_a"].isin(ACTORS) & export["actor_b"].isin(ACTORS)]
    got = dict(zip(zip(export["actor_a"], export["actor_b"], strict=True), export["tone"],
                   strict=True))  # fmt: skip
    assert got == pytest.approx(want)

    fact = facts.mention_facts(stored["mentions"], stored["sentences"], stored["articles"])
    fact = fact[fact["actor_id"].isin(ACTORS)]
    pairs = comentions(fact, units=100, window=window)
    totals = facts.actor_totals(fact, pd.DataFrame(columns=["actor_id", "name", "kind"]))
    figs = dict(view_figures(pd.DataFrame(), pairs, totals, {}, "W"))
    network = next(fig for heading, fig in figs.items() if re.match("Who appears", heading))
    mids = next(t for t in network.data if t.name == "pairs")
    shown = dict(zip(map(tuple, mids.customdata), mids.marker.color, strict=True))
    assert shown == pytest.approx(want)
