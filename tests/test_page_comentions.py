"""The Co-mentions page (app_pages/comentions.py) in AppTest, on seeds/ and multidate.csv."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
PAGE = "app_pages/comentions.py"
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]
KIM, PUTIN, RUSSIA = "kim-jong-un", "vladimir-putin", "russia"
THREE = f"{PUTIN},{KIM},{RUSSIA}"


@pytest.fixture(scope="module")
def expected_pairs(store_url: str) -> dict[str, dict[tuple[str, str], int]]:
    """Co-mention counts of Putin, Kim and Russia per window, counted here without the app."""
    store = Store(store_url)
    mentions = store.read("mentions", ["article_id", "sent_idx", "actor_id"])
    store.close()
    mentions = mentions[mentions["actor_id"].isin([KIM, PUTIN, RUSSIA])]
    out = {}
    for window, keys in (("sentence", ["article_id", "sent_idx"]), ("article", ["article_id"])):
        units = mentions.groupby(keys)["actor_id"].agg(lambda s: sorted(set(s)))
        counts: dict[tuple[str, str], int] = {}
        for actors in units:
            for i, a in enumerate(actors):
                for b in actors[i + 1 :]:
                    counts[(a, b)] = counts.get((a, b), 0) + 1
        out[window] = counts
    return out


def comentions_page(store_url: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE)
    for key, value in {"actors": THREE, **params}.items():
        at.query_params[key] = value
    return at.run()


def figures(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures as JSON, by chart key."""
    return {
        chart.proto.id.rsplit("-", 1)[-1]: json.loads(chart.proto.spec)
        for chart in at.get("plotly_chart")
    }


def values(array) -> list:
    """A figure's data array as a list: plotly writes numeric arrays as typed base64."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def click(at: AppTest, key: str, customdata: list[str]) -> AppTest:
    """Run as after a click on a point of the chart `key` (a plotly points selection)."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    selection = {
        "points": [{"customdata": customdata}],
        "point_indices": [0],
        "box": [],
        "lasso": [],
    }
    state.string_value = json.dumps({"selection": selection})
    return at._run(states)


def test_page_comentions_network_matrix_and_pair_trend(store_url, expected_pairs):
    at = comentions_page(store_url)
    assert not at.exception
    assert at.title[0].value == "Co-mentions"
    figs = figures(at)
    assert list(figs) == ["cm_network", "cm_matrix", "cm_pair_trend"]
    n_pairs = len(expected_pairs["sentence"])
    assert at.caption[0].value.startswith(
        f"3 actors, {n_pairs} pairs seen together in the same sentence"
    )

    nodes = next(t for t in figs["cm_network"]["data"] if t.get("name") == "actors")
    assert nodes["text"] == ["Kim Jong Un", "Russia", "Vladimir Putin"]
    assert nodes["customdata"] == [[KIM], [RUSSIA], [PUTIN]]
    assert (nodes["marker"]["cmin"], nodes["marker"]["cmax"]) == (-1, 1)
    mids = next(t for t in figs["cm_network"]["data"] if t.get("name") == "pairs")
    assert sorted(map(tuple, mids["customdata"])) == sorted(expected_pairs["sentence"])


def test_page_comentions_pairs_listed_most_frequent_first(store_url, expected_pairs):
    at = comentions_page(store_url)
    names = {KIM: "Kim Jong Un", PUTIN: "Vladimir Putin", RUSSIA: "Russia"}
    ranked = sorted(expected_pairs["sentence"].items(), key=lambda kv: (-kv[1], kv[0]))
    assert at.selectbox(key="cm_pair").options == [
        f"{names[a]} & {names[b]} ({n})" for (a, b), n in ranked
    ]
    (a, b), n = ranked[0]
    trend = figures(at)["cm_pair_trend"]
    assert sum(values(trend["data"][0]["y"])) == n
    assert trend["layout"]["title"]["text"].startswith(f"{names[a]} & {names[b]}")


def test_page_comentions_choose_another_pair(store_url, expected_pairs):
    at = comentions_page(store_url)
    at.selectbox(key="cm_pair").set_value(f"{KIM}|{PUTIN}").run()
    assert not at.exception
    trend = figures(at)["cm_pair_trend"]
    assert sum(values(trend["data"][0]["y"])) == expected_pairs["sentence"][(KIM, PUTIN)]
    assert all(c[:2] == [KIM, PUTIN] for c in trend["data"][0]["customdata"])


def test_page_comentions_article_window(store_url, expected_pairs):
    at = comentions_page(store_url)
    at.button_group(key="cm_window").set_value("article").run()
    assert not at.exception
    counts = expected_pairs["article"]
    assert f"{len(counts)} pairs seen together in the same article" in at.caption[0].value
    matrix = figures(at)["cm_matrix"]
    cells = matrix["data"][1]
    shown = dict(zip(map(tuple, cells["customdata"]), cells["text"], strict=True))
    assert f"{counts[(KIM, PUTIN)]} articles naming both" in shown[(KIM, PUTIN)]


@pytest.mark.parametrize(
    ("measure", "title"),
    [("npmi", "Pairs by association (NPMI)"), ("lift", "Pairs by lift (× chance)")],
)
def test_page_comentions_matrix_measures(store_url, measure, title):
    at = comentions_page(store_url)
    at.button_group(key="cm_measure").set_value(measure).run()
    assert not at.exception
    heat = figures(at)["cm_matrix"]["data"][0]
    assert figures(at)["cm_matrix"]["layout"]["title"]["text"].startswith(title)
    if measure == "npmi":
        assert (heat["zmin"], heat["zmax"]) == (-1, 1)


@pytest.mark.parametrize(
    ("key", "customdata", "focus"),
    [
        ("cm_network", [RUSSIA], [RUSSIA]),
        ("cm_network", [KIM, PUTIN], [KIM, PUTIN]),
        ("cm_matrix", [KIM, RUSSIA], [KIM, RUSSIA]),
    ],
)
def test_page_comentions_click_opens_evidence(store_url, key, customdata, focus):
    at = click(comentions_page(store_url), key, customdata)
    assert not at.exception
    assert at.title[0].value == "Evidence"
    assert at.session_state["focus"] == focus
    assert at.session_state["window"] == "sentence"
    assert at.session_state["period"] is None
    assert at.query_params["focus"] == ",".join(focus)
    assert at.query_params["actors"] == THREE  # the view is kept


def test_page_comentions_bar_click_opens_evidence_for_the_period(store_url):
    at = comentions_page(store_url)
    at.button_group(key="cm_window").set_value("article").run()
    at.selectbox(key="cm_pair").set_value(f"{KIM}|{PUTIN}").run()
    at = click(at, "cm_pair_trend", [KIM, PUTIN, "2023-09-11"])
    assert at.title[0].value == "Evidence"
    assert at.session_state["focus"] == [KIM, PUTIN]
    assert at.session_state["window"] == "article"
    assert str(at.session_state["period"]) == "2023-09-11"
    assert at.query_params["window"] == "article"


def test_page_comentions_needs_two_actors(store_url):
    at = comentions_page(store_url, actors=PUTIN)
    assert not at.exception
    assert "at least two" in at.info[0].value
    assert not at.get("plotly_chart")


def test_page_comentions_no_actors(store_url):
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE).run()
    at.multiselect(key="f_actors").set_value([]).run()
    assert not at.exception
    assert "Choose two or more actors" in at.info[0].value


def test_page_comentions_no_mentions_in_range(store_url):
    at = comentions_page(store_url, actors=f"jens-stoltenberg,{PUTIN}", start="2023-08-01",
                         end="2023-08-31")  # fmt: skip
    assert not at.exception
    assert "None of the selected actors" in at.info[0].value


def test_page_comentions_actors_never_together(store_url):
    # Stoltenberg (July, NATO summit) and Guterres (July, grain deal): different articles.
    at = comentions_page(store_url, actors="jens-stoltenberg,antonio-guterres")
    assert not at.exception
    assert any("appear together in the same sentence" in i.value for i in at.info)
    assert "cm_network" in figures(at)
    assert not at.selectbox  # no pair to follow over time


def test_page_comentions_downloads(store_url):
    at = comentions_page(store_url)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Chart as HTML") == 3
    assert "Table as CSV" in labels


def test_page_comentions_empty_store_points_to_upload(empty_store):
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert "No articles yet" in at.info[0].value
    assert not at.get("plotly_chart")


def test_page_comentions_minimum_support_is_shown_and_adjustable(store_url, expected_pairs):
    at = comentions_page(store_url)
    at.button_group(key="cm_measure").set_value("lift").run()
    assert not at.exception
    support = at.number_input(key="cm_min_support")
    assert support.value == 3
    fewest = min(expected_pairs["sentence"].values())
    support.set_value(fewest + 1).run()  # the rarest pair falls below it
    assert not at.exception
    heats = [t for t in figures(at)["cm_matrix"]["data"] if t["type"] == "heatmap"]
    assert len(heats) == 2  # the measure's cells, and the grey ones below the minimum
    assert f"n={fewest}" in [x for row in heats[1]["text"] for x in row]
    table = at.dataframe[0].value
    assert table["supported"].tolist() == (table["count"] >= fewest + 1).tolist()
    assert not table["supported"].all()
    at.number_input(key="cm_min_support").set_value(1).run()
    assert not at.exception
    heats = [t for t in figures(at)["cm_matrix"]["data"] if t["type"] == "heatmap"]
    assert len(heats) == 1  # every pair seen together is supported now
    assert at.dataframe[0].value["supported"].all()


def test_page_comentions_choices_come_from_the_link_and_go_back_into_it(store_url):
    at = comentions_page(store_url, window="article", measure="lift", support="2")
    assert not at.exception
    assert at.button_group(key="cm_window").value == "article"
    assert at.button_group(key="cm_measure").value == "lift"
    assert at.number_input(key="cm_min_support").value == 2
    assert figures(at)["cm_matrix"]["layout"]["title"]["text"].startswith("Pairs by lift")
    at.button_group(key="cm_measure").set_value("npmi").run()
    at.number_input(key="cm_min_support").set_value(5).run()
    at.button_group(key="cm_window").set_value("sentence").run()
    assert not at.exception
    assert at.query_params["measure"] == "npmi"
    assert at.query_params["support"] == "5"
    assert "window" not in at.query_params  # the default


def test_page_comentions_tone_toward_from_the_link_colours_the_network(store_url):
    at = comentions_page(store_url, tone="toward")
    assert not at.exception
    assert at.button_group(key="tone_of").value == "toward"
    net = figures(at)["cm_network"]
    nodes = next(t for t in net["data"] if t.get("name") == "actors")
    assert nodes["marker"]["colorbar"]["title"]["text"] == "mean tone toward"
    assert all("mean tone toward " in h for h in nodes["hovertext"])
    # Each node's colour: its mean stored tone toward, sentence by sentence.
    store = Store(store_url)
    try:
        m = store.read("mentions", ["article_id", "sent_idx", "actor_id", "toward"])
    finally:
        store.close()
    m = m[m["actor_id"].isin([KIM, PUTIN, RUSSIA]) & m["toward"].notna()]
    per = m.groupby(["actor_id", "article_id", "sent_idx"])["toward"].mean()
    want = per.groupby(level=0).mean()
    ids = [c[0] for c in nodes["customdata"]]
    colour = dict(zip(ids, values(nodes["marker"]["color"]), strict=True))
    assert colour == pytest.approx({a: want[a] for a in colour})
    mids = next(t for t in net["data"] if t.get("name") == "pairs")
    assert all("mean tone toward " in h for h in mids["text"])

    # Back to VADER: the choice leaves the link, the network its VADER colours.
    at.button_group(key="tone_of").set_value("vader").run()
    assert not at.exception
    assert "tone" not in at.query_params
    nodes = next(t for t in figures(at)["cm_network"]["data"] if t.get("name") == "actors")
    assert nodes["marker"]["colorbar"]["title"]["text"] == "mean tone"


def _toward_of_pair(store_url: str, a: str, b: str) -> pd.DataFrame:
    """Each sentence naming both a and b, with its week and the pair tone toward: the mean of
    each actor's tone toward (its mentions' mean) in it, recomputed from the stored mentions."""
    store = Store(store_url)
    try:
        m = store.read("mentions", ["article_id", "sent_idx", "actor_id", "toward"])
        arts = store.read("articles", ["article_id", "published"])
    finally:
        store.close()
    m = m[m["actor_id"].isin([a, b]) & m["toward"].notna()]
    per = m.pivot_table("toward", ["article_id", "sent_idx"], "actor_id", aggfunc="mean")
    both = per.dropna().mean(axis=1).rename("tone").reset_index()
    both = both.merge(arts, on="article_id")
    day = pd.to_datetime(both["published"]).dt.tz_localize(None).dt.floor("D")
    return both.assign(week=day - pd.to_timedelta(day.dt.day_of_week, unit="D"))


def test_page_comentions_matrix_tone_and_pair_trend_toward(store_url):
    at = comentions_page(store_url, tone="toward", measure="tone")
    assert not at.exception
    assert at.button_group(key="cm_measure").value == "tone"
    matrix = figures(at)["cm_matrix"]
    heat = matrix["data"][0]
    assert heat["colorbar"]["title"]["text"] == "mean tone toward"
    assert (heat["zmin"], heat["zmax"]) == (-1, 1)
    assert matrix["layout"]["title"]["text"] == "Pairs by mean tone toward"
    want = _toward_of_pair(store_url, KIM, PUTIN)["tone"].mean()
    at_ = {name: i for i, name in enumerate(heat["x"])}
    assert heat["z"][at_["Kim Jong Un"]][at_["Vladimir Putin"]] == pytest.approx(want)
    hovers = [t for t in matrix["data"] if t.get("customdata")][0]["text"]
    assert all("mean tone toward " in h for h in hovers)
    assert "cm_min_support" not in [n.key for n in at.number_input]  # tone is no association

    at.selectbox(key="cm_pair").set_value(f"{KIM}|{PUTIN}").run()
    trend = figures(at)["cm_pair_trend"]
    bars = trend["data"][0]
    assert bars["marker"]["colorbar"]["title"]["text"] == "mean tone toward"
    weeks = _toward_of_pair(store_url, KIM, PUTIN).groupby("week")["tone"].mean()
    drawn = {
        str(d)[:10]: t
        for d, t, n in zip(
            bars["x"], values(bars["marker"]["color"]), values(bars["y"]), strict=True
        )
        if n
    }
    assert drawn == pytest.approx({str(w)[:10]: t for w, t in weeks.items()})

    # VADER's tone back: the same cells, coloured by the sentences' compound.
    at.button_group(key="tone_of").set_value("vader").run()
    heat = figures(at)["cm_matrix"]["data"][0]
    assert heat["colorbar"]["title"]["text"] == "mean tone"
