"""The static snapshot (analysis/snapshot.py, app_pages/snapshot.py): one offline HTML file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline
import pytest
import streamlit as st
from browser import HOSTILE_IMG, HOSTILE_SCRIPT, build_store
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from analysis import query, snapshot
from analysis.store import Store
from analysis.view import View
from app_pages import snapshot as snapshot_page

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
KIM, PUTIN = "kim-jong-un", "vladimir-putin"
HEADING_NET, HEADING_MATRIX = snapshot.HEADINGS["network"], snapshot.HEADINGS["pair_matrix"]
SEPTEMBER = View(actors=(KIM, PUTIN), start=dt.date(2023, 9, 1), end=dt.date(2023, 9, 30))
LIVE = "http://127.0.0.1:8501/trends?actors=kim-jong-un,vladimir-putin&start=2023-09-01"
WHEN = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
PLOTLY_JS = plotly.offline.get_plotlyjs()


def evidence_rows(**sentences: float) -> pd.DataFrame:
    """An evidence frame of sentences (text → tone)."""
    return pd.DataFrame(
        {
            "date": [dt.date(2023, 9, 10)] * len(sentences),
            "source": ["Test Wire"] * len(sentences),
            "title": ["A title"] * len(sentences),
            "sentence": list(sentences),
            "tone": list(sentences.values()),
        }
    )


def two_figures() -> list[tuple[str, go.Figure]]:
    return [
        ("Bars", go.Figure(go.Bar(x=[1, 2], y=[3, 4]))),
        ("Line", go.Figure(go.Scatter(x=[1, 2], y=[4, 3]))),
    ]


def page(
    figures=None, evidence=None, live: str = LIVE, description="Kim Jong Un, September"
) -> str:
    return snapshot.snapshot_html(
        "A view",
        description,
        live,
        two_figures() if figures is None else figures,
        evidence_rows(**{"Bad news.": -0.6, "Good news.": 0.7}) if evidence is None else evidence,
        WHEN,
    )


def without_plotly_js(doc: str) -> str:
    """The document with its one inline plotly.js removed (the bundle's own code mentions
    map-tile and licence addresses as strings; it fetches none of them for these charts)."""
    assert doc.count(PLOTLY_JS) == 1
    return doc.replace(PLOTLY_JS, "")


# --- the document ------------------------------------------------------------------------------


def test_snapshot_has_every_figure_div():
    doc = page()
    for i in range(2):
        assert f'id="{snapshot.FIGURE_ID.format(i)}"' in doc
    assert doc.count("Plotly.newPlot(") == 2
    assert "<h2>Bars</h2>" in doc
    assert "<h2>Line</h2>" in doc


def test_snapshot_embeds_plotly_js_once_and_no_other_script():
    doc = page()
    assert doc.count(PLOTLY_JS) == 1
    rest = without_plotly_js(doc)
    # plotly.js's own <script> plus one per figure, and nothing else.
    assert rest.count("<script") == 1 + 2
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", rest, flags=re.S)
    assert scripts[0] == ""  # where the bundle was
    assert all("Plotly.newPlot(" in s for s in scripts[1:])


def test_snapshot_references_nothing_outside_itself():
    rest = without_plotly_js(page()).lower()
    for pattern in ('src="http', "src='http", "src=http", "url(", "@import", "<link", "<iframe",
                    "<img", "<object", "<embed", "cdn.plot.ly", "mathjax"):  # fmt: skip
        assert pattern not in rest, pattern
    assert re.findall(r'href="([^"]*)"', rest) == [LIVE.lower().replace("&", "&amp;")]
    assert "default-src 'none'" in rest  # and the browser is told to fetch nothing


def test_snapshot_escapes_hostile_text():
    hostile = evidence_rows(**{f"Putin read {HOSTILE_SCRIPT} and {HOSTILE_IMG}.": -0.5})
    hostile["title"] = '"><script>alert(3)</script>'
    hostile["source"] = "<b>Wire</b>"
    doc = without_plotly_js(
        snapshot.snapshot_html(
            "<script>alert(4)</script>",
            [("Actors", "<i>x</i>")],
            LIVE,
            [],
            hostile,
            WHEN,
            evidence_heading="<u>top</u>",
        )
    )
    assert "alert(" not in "".join(re.findall(r"<script[^>]*>(.*?)</script>", doc, flags=re.S))
    assert doc.count("<script") == 1  # only the (removed) plotly.js: no figure, no other
    for raw in (HOSTILE_SCRIPT, HOSTILE_IMG, "<b>Wire</b>", "<i>x</i>", "<u>top</u>"):
        assert raw not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&lt;img src=x onerror=alert(2)&gt;" in doc
    assert "&quot;&gt;&lt;script&gt;alert(3)" in doc
    assert "<title>&lt;script&gt;alert(4)&lt;/script&gt;</title>" in doc


@pytest.mark.parametrize(
    ("live", "linked"),
    [
        (LIVE, True),
        ("https://actorscope.example.org/?actors=nato", True),
        ("?actors=kim-jong-un", False),  # no server known: shown, not linked
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
    ],
)
def test_snapshot_links_the_live_view_only_when_http(live, linked):
    rest = without_plotly_js(page(live=live))
    hrefs = re.findall(r'href="([^"]*)"', rest)
    assert hrefs == ([live.replace("&", "&amp;")] if linked else [])
    assert live.replace("&", "&amp;") in rest  # shown either way, as text at least


def test_snapshot_evidence_grouped_by_tone():
    rows = {"An awful day.": -0.8, "A bad day.": -0.2, "A fine day.": 0.4, "A day.": 0.0}
    doc = without_plotly_js(page(evidence=evidence_rows(**rows)))
    assert "<h3>Most negative (2)</h3>" in doc
    assert "<h3>Most positive (1)</h3>" in doc
    assert "<h3>Neutral (1)</h3>" in doc
    at = [doc.index(f'<td class="sentence">{text}</td>') for text in rows]
    assert at == sorted(at)
    assert "−0.80" in doc or "-0.80" in doc


def test_snapshot_without_evidence_or_figures_says_so():
    doc = page(figures=[], evidence=evidence_rows())
    assert "No chart to show" in doc
    assert "No sentence to show" in doc


def test_snapshot_describes_the_view():
    rows = dict(snapshot.describe_view(SEPTEMBER, {KIM: "Kim Jong Un", PUTIN: "Vladimir Putin"}))
    assert rows["Actors"] == "Kim Jong Un, Vladimir Putin"
    assert rows["Dates"] == "2023-09-01 to 2023-09-30"
    assert rows["Sources"] == "all"
    assert rows["Period"].startswith("week")
    open_view = View(actors=(KIM,), sources=("Hot Air",), freq="M", people=False)
    rows = dict(snapshot.describe_view(open_view, {}, dt.date(2023, 9, 4), dt.date(2023, 10, 2)))
    assert rows["Dates"] == "all (2023-09-04 to 2023-10-02)"
    assert rows["Sources"] == "Hot Air"
    assert rows["People"] == "counted under their country"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://h:8501/trends", "http://h:8501/trends?actors=kim-jong-un,vladimir-putin&"),
        (None, "?actors=kim-jong-un,vladimir-putin&"),
    ],
)
def test_snapshot_live_link(base, expected):
    link = snapshot.live_link(base, SEPTEMBER)
    assert link == expected + "start=2023-09-01&end=2023-09-30"


def test_snapshot_pick_evidence_takes_the_extremes():
    found = pd.DataFrame(
        {
            "article_id": list("abcdef"),
            "sent_idx": range(6),
            "published": pd.to_datetime(["2023-09-04"] * 6),
            "source": "Wire",
            "compound": [-0.9, -0.3, 0.0, 0.02, 0.5, 0.95],
        }
    )
    picked = snapshot.pick_evidence(found, n=1)
    assert picked["compound"].tolist() == [-0.9, 0.95]
    assert snapshot.pick_evidence(found)["compound"].tolist() == [-0.9, -0.3, 0.95, 0.5]


@pytest.mark.parametrize(
    ("tones", "note"),
    [
        ([-0.9, -0.3, 0.0, 0.5], "All 2 negative sentences and 1 positive sentence of these 4 (1 "
         "neutral left out)."),
        ([-0.9, 0.5], "All 1 negative sentence and 1 positive sentence of these 2."),
        ([-0.9, -0.8, -0.7, 0.0], "The 2 most negative and the 0 most positive of these 4 "
         "sentences (3 negative, 0 positive, 1 neutral)."),
    ],
)  # fmt: skip
def test_snapshot_evidence_note(tones, note):
    found = pd.DataFrame({"compound": tones})
    assert snapshot.evidence_note(found, n=2).startswith(note)


def test_snapshot_figures_carry_a_whole_template():
    """Importing streamlit makes a stub template the default: the file's figures must still
    make room for their axis labels."""
    assert pio.templates.default == "streamlit"  # this process imported streamlit
    rest = without_plotly_js(page())
    assert rest.count('"automargin":true') >= 2
    assert two_figures()[0][1].layout.template == pio.templates["streamlit"]


def test_snapshot_title():
    names = {KIM: "Kim Jong Un", PUTIN: "Vladimir Putin"}
    published = pd.Series(pd.to_datetime(["2023-09-05", "2023-09-21"]))
    assert (
        snapshot.title_of(SEPTEMBER, names, published)
        == "Kim Jong Un and Vladimir Putin in the news, 5–21 Sep 2023"
    )
    assert snapshot.title_of(View(), names, published.iloc[:0]) == "Who is in the news"


# --- a real view -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    """The browser tests' store: seeds/, multidate.csv and the hostile article."""
    return build_store(tmp_path_factory.mktemp("snapshot"))


@pytest.fixture(scope="module")
def corpus(store_url):
    s = Store(store_url)
    yield query.load_corpus(s, s.revision()), s
    s.close()


def test_snapshot_view_figures_are_the_pages_charts(corpus):
    c, s = corpus
    doc = snapshot_page.snapshot_of(c, SEPTEMBER, LIVE, (s, None), now=WHEN)
    headings = re.findall(r'<section class="chart"><h2>([^<]*)</h2>', doc)
    assert len(headings) == 7
    assert headings[2] == "Mentions"
    assert headings[3].startswith("Tone (weeks with fewer than 5 sentences")
    assert headings[4] == "Share of voice"
    assert doc.count("Plotly.newPlot(") == 7
    assert "<h1>Kim Jong Un and Vladimir Putin in the news, " in doc
    assert "Most negative (" in doc
    assert "Most positive (" in doc
    assert "Generated 2024-01-02 03:04 UTC" in doc
    assert f'href="{LIVE.replace("&", "&amp;")}"' in doc


def _figure_json(doc: str, i: int) -> str:
    """The call drawing the i-th figure of a snapshot (its data and layout, as text)."""
    start = doc.index(f'<div id="{snapshot.FIGURE_ID.format(i)}"')
    end = doc.find(f'<div id="{snapshot.FIGURE_ID.format(i + 1)}"')
    return doc[start : end if end > 0 else len(doc)]


def test_snapshot_in_the_tone_toward_the_actors(corpus):
    c, s = corpus
    toward = SEPTEMBER.evolve(tone="toward")
    doc = snapshot_page.snapshot_of(c, toward, LIVE, (s, None), now=WHEN)
    assert "<dt>Tone</dt><dd>Toward the actor</dd>" in doc
    assert "The charts' tone is the tone toward each actor" in doc
    headings = re.findall(r'<section class="chart"><h2>([^<]*)</h2>', doc)
    tone = next(i for i, h in enumerate(headings) if h.split(" (")[0] == "Tone")
    network, matrix = headings.index(HEADING_NET), headings.index(HEADING_MATRIX)
    assert "mean tone toward the actor" in _figure_json(doc, tone)
    assert "mean tone toward" in _figure_json(doc, network)
    assert "mean tone toward" in _figure_json(doc, matrix)  # in the cells' hover
    # Beside each sentence's VADER tone, the tone toward each actor it names, as stored.
    assert "<th>tone toward</th>" in doc
    assert re.search(r"<td>Kim Jong Un: (negative|neutral|positive) [+\u2212]\d\.\d\d", doc)
    # VADER's, as before: none of it says toward.
    doc = snapshot_page.snapshot_of(c, SEPTEMBER, LIVE, (s, None), now=WHEN)
    assert "<dt>Tone</dt><dd>Of the sentence (VADER)</dd>" in doc
    assert "tone toward" not in doc


def test_snapshot_view_figures_leave_out_what_the_pages_leave_out():
    empty = pd.DataFrame()
    assert snapshot.view_figures(empty, empty, pd.DataFrame(columns=["actor_id", "name"]), {}) == []


def test_snapshot_of_a_view_without_actors(corpus):
    c, s = corpus
    doc = snapshot_page.snapshot_of(c, View(), "", (s, None), now=WHEN)
    headings = re.findall(r'<section class="chart"><h2>([^<]*)</h2>', doc)
    assert len(headings) == 2  # the Overview's two: nothing chosen for the rest
    assert "<h1>Who is in the news, " in doc


# --- the app -----------------------------------------------------------------------------------


@pytest.fixture
def app_store(store_url, monkeypatch):
    monkeypatch.setenv("ACTORSCOPE_DB", store_url)
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield store_url
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def deferred(monkeypatch) -> list:
    """(file name, mime type, callable) of every download button given a callable, in order.
    AppTest never calls them: Streamlit does, on a click in the browser."""
    seen: list = []
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen.append((file_name, mimetype, data_callable))
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def snapshots(deferred: list) -> list:
    """The snapshot buttons' callables among the deferred downloads."""
    return [
        build
        for name, mime, build in deferred
        if name.startswith("actorscope-snapshot-")
        and name.endswith(".html")
        and mime == "text/html"
    ]


def test_snapshot_button_downloads_the_view(app_store, deferred):
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("app_pages/trends.py")
    at.context = {"url": "http://actorscope.test"}
    for key, value in {
        "actors": f"{KIM},{PUTIN}",
        "start": "2023-09-01",
        "end": "2023-09-30",
    }.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    (button,) = [b for b in at.sidebar.get("download_button") if b.label == snapshot_page.LABEL]
    assert button.proto.HasField("deferred_file_id")  # built on a click, not on every run
    assert len(snapshots(deferred)) == 1
    button.click()
    at.run()
    assert not at.exception
    # The callable the button hands to Streamlit, as a click in the browser runs it.
    doc = snapshots(deferred)[-1]()
    assert doc.startswith("<!DOCTYPE html>")
    assert doc.count("Plotly.newPlot(") == 7
    live = "http://actorscope.test/trends?actors=kim-jong-un,vladimir-putin&amp;start=2023-09-01"
    assert f'href="{live}&amp;end=2023-09-30"' in doc


def test_snapshot_button_without_a_browser_address_links_relatively(app_store, deferred):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["actors"] = KIM
    at.run()
    assert not at.exception
    doc = snapshots(deferred)[-1]()
    assert "Live view: add <code>?actors=kim-jong-un</code>" in doc
