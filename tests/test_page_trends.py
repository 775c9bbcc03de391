"""The Trends page (app_pages/trends.py) in AppTest, on a store of seeds/ and multidate.csv."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.store import Store
from analysis.trends import MIN_COUNT

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
PAGE = "app_pages/trends.py"
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]
KIM, PUTIN = "kim-jong-un", "vladimir-putin"


def trends_page(store_url: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE)
    for key, value in {"actors": f"{PUTIN},{KIM}", **params}.items():
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


def trace_names(figure: dict) -> list[str]:
    return [t["name"] for t in figure["data"] if t.get("showlegend", True) is not False]


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


def test_page_trends_draws_three_charts_with_names(store_url):
    at = trends_page(store_url)
    assert not at.exception
    assert at.title[0].value == "Trends"
    assert [s.value for s in at.subheader] == ["Mentions", "Tone", "Share of voice"]
    figs = figures(at)
    assert list(figs) == ["tr_mentions", "tr_tone", "tr_voice"]
    for fig in figs.values():
        assert trace_names(fig) == ["Kim Jong Un", "Vladimir Putin"]
    assert figs["tr_mentions"]["layout"]["title"]["text"] == "Mentions per week"


def test_page_trends_colours_match_across_charts(store_url):
    figs = figures(trends_page(store_url))
    colours = [
        {t["name"]: t["line"]["color"] for t in fig["data"] if t.get("showlegend", True)}
        for fig in figs.values()
    ]
    assert colours[0] == colours[1] == colours[2]
    assert colours[0]["Kim Jong Un"] != colours[0]["Vladimir Putin"]


def test_page_trends_points_carry_actor_and_period(store_url):
    mentions = figures(trends_page(store_url))["tr_mentions"]
    kim = next(t for t in mentions["data"] if t["name"] == "Kim Jong Un")
    assert [KIM, "2023-09-04"] in kim["customdata"]
    assert all(c[0] == KIM for c in kim["customdata"])


def test_page_trends_share_toggle(store_url):
    at = trends_page(store_url)
    at.toggle(key="tr_share").set_value(True).run()
    assert not at.exception
    fig = figures(at)["tr_mentions"]
    assert fig["layout"]["yaxis"]["tickformat"] == ".0%"
    assert max(max(y for y in values(t["y"]) if y is not None) for t in fig["data"]) == (
        pytest.approx(1.0)
    )


def test_page_trends_thin_periods_are_gaps_with_an_offer_to_lower(store_url):
    at = trends_page(store_url)
    assert at.number_input(key="tr_min_count").value == MIN_COUNT
    notes = [i.value for i in at.info]
    assert any(f"fewer than {MIN_COUNT} sentences" in n for n in notes), notes
    tone = figures(at)["tr_tone"]
    lines = [t for t in tone["data"] if t.get("showlegend", True) is not False]
    assert any(y is None for t in lines for y in values(t["y"]))

    next(b for b in at.button if b.label == "Lower the minimum to 2").click().run()
    assert not at.exception
    assert at.number_input(key="tr_min_count").value == 2
    lowered = points(figures(at)["tr_tone"])
    at.number_input(key="tr_min_count").set_value(MIN_COUNT).run()
    assert lowered > points(figures(at)["tr_tone"])


def points(tone: dict) -> int:
    """How many tone points the lines draw (the bands left out)."""
    lines = [t for t in tone["data"] if t.get("showlegend", True) is not False]
    return sum(y is not None for t in lines for y in values(t["y"]))


def test_page_trends_monthly(store_url):
    at = trends_page(store_url, freq="M")
    assert not at.exception
    fig = figures(at)["tr_mentions"]
    assert fig["layout"]["title"]["text"] == "Mentions per month"
    periods = {c[1] for t in fig["data"] for c in t["customdata"]}
    assert periods <= {"2023-07-01", "2023-08-01", "2023-09-01", "2023-10-01", "2023-11-01",
                       "2023-12-01"}  # fmt: skip


def test_page_trends_click_opens_evidence_for_actor_and_period(store_url):
    at = click(trends_page(store_url), "tr_mentions", [KIM, "2023-09-04"])
    assert not at.exception
    assert at.title[0].value == "Evidence"
    assert at.session_state["focus"] == [KIM]
    assert str(at.session_state["period"]) == "2023-09-04"
    assert at.query_params["focus"] == KIM
    assert at.query_params["period"] == "2023-09-04"
    assert at.query_params["actors"] == f"{PUTIN},{KIM}"  # the view is kept


@pytest.mark.parametrize("key", ["tr_tone", "tr_voice"])
def test_page_trends_other_charts_are_clickable_too(store_url, key):
    at = click(trends_page(store_url), key, [PUTIN, "2023-09-11"])
    assert at.title[0].value == "Evidence"
    assert at.session_state["focus"] == [PUTIN]


def test_page_trends_no_actors(store_url):
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE).run()
    at.multiselect(key="f_actors").set_value([]).run()
    assert not at.exception
    assert "Choose one or more actors" in at.info[0].value
    assert not at.get("plotly_chart")


def test_page_trends_no_mentions_in_range(store_url):
    # Jens Stoltenberg is only in the July article.
    at = trends_page(store_url, actors="jens-stoltenberg", start="2023-11-01", end="2023-12-08")
    assert not at.exception
    assert "None of the selected actors" in at.info[0].value
    assert not at.get("plotly_chart")


def test_page_trends_downloads(store_url):
    at = trends_page(store_url)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Chart as HTML") == 3
    assert "Table as CSV" in labels


def test_page_trends_empty_store_points_to_upload(empty_store):
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert "No articles yet" in at.info[0].value
    assert "python -m analysis ingest" in at.code[0].value
    assert not at.get("plotly_chart")


def test_page_trends_tone_says_its_weighting_and_can_weigh_articles(store_url):
    at = trends_page(store_url, freq="M")
    title = figures(at)["tr_tone"]["layout"]["title"]["text"]
    assert "per sentence" in title
    assert "95% band over articles" in title
    by_sentence = at.dataframe[0].value
    at.button_group(key="tr_weight").set_value("article").run()
    assert not at.exception
    assert "of the article means" in figures(at)["tr_tone"]["layout"]["title"]["text"]
    by_article = at.dataframe[0].value
    # Same counts, another mean where an actor's articles differ in length and tone.
    assert by_article["sentences"].tolist() == by_sentence["sentences"].tolist()
    assert (by_article["tone"].fillna(9) != by_sentence["tone"].fillna(9)).any()
    # Number columns that sort by value; the grid writes its placeholder where one is missing.
    numbers = by_sentence[["share", "tone", "tone_low", "tone_high"]]
    assert (numbers.dtypes == "float64").all()
    assert by_sentence["tone"].isna().any()  # a period with too few sentences: no tone
    assert at.dataframe[0].proto.placeholder == "\u2014"


def test_page_trends_choices_come_from_the_link_and_go_back_into_it(store_url):
    at = trends_page(store_url, share="yes", min_count="2", weight="article")
    assert not at.exception
    assert at.toggle(key="tr_share").value is True
    assert at.number_input(key="tr_min_count").value == 2
    assert at.button_group(key="tr_weight").value == "article"
    assert figures(at)["tr_mentions"]["layout"]["yaxis"]["tickformat"] == ".0%"
    at.toggle(key="tr_share").set_value(False).run()
    at.number_input(key="tr_min_count").set_value(4).run()
    assert not at.exception
    assert "share" not in at.query_params
    assert at.query_params["min_count"] == "4"
    assert at.query_params["weight"] == "article"


def test_page_trends_click_on_crowded_points_asks_whose(store_url):
    # Kim and Putin have the same count that week: their points lie on top of each other, and
    # plotly may report either for a click, so the page asks instead of guessing.
    at = click(trends_page(store_url), "tr_mentions", [KIM, "2023-09-11"])
    assert not at.exception
    assert at.title[0].value == "Trends"
    assert "2 actors' points lie on top of each other there (2023-09-11)" in at.info[0].value
    buttons = {b.key: b for b in at.button if b.key and b.key.startswith("tr_mentions_near_")}
    assert [b.label for b in buttons.values()] == ["Kim Jong Un", "Vladimir Putin"]
    at = buttons[f"tr_mentions_near_{PUTIN}_2023-09-11"].click().run()
    assert at.title[0].value == "Evidence"
    assert at.session_state["focus"] == [PUTIN]
    assert str(at.session_state["period"]) == "2023-09-11"


def test_page_trends_tone_toward_from_the_link_is_the_mean_of_the_stored_scores(store_url):
    at = trends_page(store_url, freq="M", min_count="1", tone="toward")
    assert not at.exception
    assert at.button_group(key="tone_of").value == "toward"
    fig = figures(at)["tr_tone"]
    assert "mean tone toward the actor per sentence" in fig["layout"]["title"]["text"]
    (line,) = [t for t in fig["data"] if t["name"] == "Vladimir Putin" and t.get("mode")]
    shown = {x[:7]: y for x, y in zip(line["x"], values(line["y"]), strict=True) if y is not None}
    # From the store: each sentence's mean over Putin's scored mentions, then each month's.
    store = Store(store_url)
    try:
        m = store.read("mentions", ["article_id", "sent_idx", "actor_id", "toward"])
        dates = store.read("articles", ["article_id", "published"])
    finally:
        store.close()
    m = m[(m["actor_id"] == PUTIN) & m["toward"].notna()].merge(dates, on="article_id")
    per = m.groupby(["article_id", "sent_idx"]).agg(t=("toward", "mean"), p=("published", "first"))
    per = per[per["p"].notna()]
    want = per.groupby(pd.to_datetime(per["p"]).dt.strftime("%Y-%m"))["t"].mean()
    assert shown
    assert shown == pytest.approx(want.to_dict())
    # Back to VADER: the choice leaves the link.
    at.button_group(key="tone_of").set_value("vader").run()
    assert not at.exception
    assert "tone" not in at.query_params
    assert "mean VADER compound" in figures(at)["tr_tone"]["layout"]["title"]["text"]


def test_page_trends_click_near_points_of_other_periods_asks_which(store_url, monkeypatch):
    # On a long daily axis a neighbour one period off lies within a click's reach
    # (tests/test_clicks.py); the buttons then name the period too, and open that one.
    near = [(KIM, "2023-09-11"), (PUTIN, "2023-09-04")]
    monkeypatch.setattr("analysis.clicks.crowded", lambda figure, point, **_: near)
    at = click(trends_page(store_url), "tr_mentions", [KIM, "2023-09-11"])
    assert not at.exception
    assert "lie within a few pixels of this one" in at.info[0].value
    assert "(the 2 nearest)" in at.info[0].value
    buttons = {b.key: b for b in at.button if b.key and b.key.startswith("tr_mentions_near_")}
    # Labels are Markdown with its characters escaped: "2023\\-09\\-11" shows as the date.
    assert [b.label.replace("\\", "") for b in buttons.values()] == [
        "Kim Jong Un · 2023-09-11",
        "Vladimir Putin · 2023-09-04",
    ]
    at = buttons[f"tr_mentions_near_{PUTIN}_2023-09-04"].click().run()
    assert at.title[0].value == "Evidence"
    assert at.session_state["focus"] == [PUTIN]
    assert str(at.session_state["period"]) == "2023-09-04"


def test_page_trends_marks_and_lists_spikes_that_open_their_sentences(store_url):
    # Few weeks in this corpus: at threshold 0 every week above its baseline is a spike.
    at = trends_page(store_url, threshold="0")
    assert not at.exception
    assert at.number_input(key="tr_threshold").value == 0.0
    fig = figures(at)["tr_mentions"]
    (stars,) = [t for t in fig["data"] if t.get("name") == "Spikes"]
    assert stars["showlegend"] is False
    assert stars["marker"]["symbol"] == "star"
    assert trace_names(fig) == ["Kim Jong Un", "Vladimir Putin"]  # no legend entry
    buttons = [b for b in at.button if b.key and b.key.startswith("tr_spike_")]
    assert len(buttons) == len(stars["customdata"]) >= 1
    assert {a for a, _ in stars["customdata"]} <= {KIM, PUTIN}
    at = buttons[0].click().run()
    assert at.title[0].value == "Evidence"
    assert at.session_state["focus"][0] in (KIM, PUTIN)
    assert str(at.session_state["period"]) in {d for _, d in stars["customdata"]}
    assert at.query_params["threshold"] == "0"  # the choice stays in the link


def test_page_trends_threshold_goes_into_the_link(store_url):
    at = trends_page(store_url)
    assert not [b for b in at.button if b.key and b.key.startswith("tr_spike_")]
    assert "threshold" not in at.query_params  # the default is left out
    at.number_input(key="tr_threshold").set_value(1.5).run()
    assert not at.exception
    assert at.query_params["threshold"] == "1.5"
