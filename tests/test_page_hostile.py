"""Every page in AppTest with the attacker's link and actor names, titles and sources that are
markup: what Streamlit reads as Markdown holds them escaped, the charts hold them as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import plotly.offline
import pytest
from app_store import APP, app_on, shown_text
from hostile import (
    ABSENT_ID,
    ABSENT_NAME,
    HOSTILE_ID,
    HOSTILE_NAME,
    HOSTILE_PARAMS,
    HOSTILE_SOURCE,
    HOSTILE_TITLE,
    SESSION_LINK,
    TRAP,
    figure_text,
    hostile_store,
    markup_in_figure,
)
from plotly.io.json import to_json_plotly
from streamlit.testing.v1 import AppTest

from analysis import plain, query
from analysis.plain import markdown
from analysis.store import Store
from analysis.view import View
from app_pages import snapshot as snapshot_page
from app_pages.sidebar import CHIP_STYLE

PAGES = [
    "app_pages/overview.py",
    "app_pages/trends.py",
    "app_pages/comentions.py",
    "app_pages/evidence.py",
    "app_pages/actors.py",
    "app_pages/upload.py",
]
CHARTED = {"app_pages/overview.py", "app_pages/trends.py", "app_pages/comentions.py"}
NOTICES = [
    f"Ignored unknown actors: {SESSION_LINK}",
    f"Ignored start='![x](http://{TRAP}/x)': dates are YYYY-MM-DD",
    "Ignored unknown sources: <b>x</b>",
    f"Ignored freq='![x](http://{TRAP}/y)': expected one of D, W, M",
]
# Markup that must never reach Streamlit's Markdown as it is.
RAW = [HOSTILE_NAME, ABSENT_NAME, HOSTILE_TITLE, HOSTILE_SOURCE, SESSION_LINK, "<b>x</b>",
       "](http", ":streamlit:", ":red["]  # fmt: skip
# The fields of an element's message that Streamlit's front end reads as Markdown.
MARKDOWN_FIELDS = {"body", "label", "help"}
PLAIN_ELEMENTS = {"text", "code"}  # shown as they are: nothing to escape


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    with app_on(hostile_store(tmp_path_factory.mktemp("hostile"))) as url:
        yield url


def open_page(path: str, params: dict[str, str], **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _fields(message, names=MARKDOWN_FIELDS):
    for field, value in message.ListFields():
        if isinstance(value, str) and field.name in names:
            yield value
        elif hasattr(value, "ListFields"):
            yield from _fields(value, names)


def markdown_sources(at: AppTest) -> list[str]:
    """Every string of the page that Streamlit's front end renders as Markdown or HTML, but
    the app's own static style (no visitor's text in it)."""
    return [
        text
        for node in at._tree
        if getattr(node, "proto", None) is not None
        and getattr(node, "type", "") not in PLAIN_ELEMENTS
        for text in _fields(node.proto)
        if text != CHIP_STYLE
    ]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("path", PAGES)
def test_page_hostile_link_and_names_show_as_text(store_url, path):
    at = open_page(path, HOSTILE_PARAMS)
    warnings = [w.value for w in at.warning]
    assert [markdown(n) for n in NOTICES] == warnings[: len(NOTICES)]
    assert [shown_text(w) for w in warnings[: len(NOTICES)]] == NOTICES
    sources = markdown_sources(at)
    assert sources
    for text in sources:
        for raw in RAW:
            assert raw not in text, (raw, text)
        assert not re.search(r"(?<!\\)<[a-z/]", text), text  # a tag, not an escaped <
    for spec in figures(at):
        assert markup_in_figure(spec) == []
    if path in CHARTED:
        assert any(HOSTILE_NAME in figure_text(spec) for spec in figures(at))


def test_page_hostile_evidence_header(store_url):
    at = open_page("app_pages/evidence.py", {"focus": HOSTILE_ID})
    assert at.markdown[0].value == f"**{markdown('Sentences naming ' + HOSTILE_NAME)}**"
    table = at.dataframe[0].value  # the grid shows its cells as text: they stay as they are
    assert set(table["title"]) == {HOSTILE_TITLE}
    assert set(table["source"]) == {HOSTILE_SOURCE}
    assert all(HOSTILE_NAME in actors for actors in table["actors"])


def test_page_hostile_comentions_one_actor(store_url):
    at = open_page("app_pages/comentions.py", {"actors": HOSTILE_ID})
    assert at.info[0].value.startswith(f"Only {markdown(HOSTILE_NAME)} is mentioned in this range")


def test_page_hostile_comentions_names_the_missing(store_url):
    actors = f"{HOSTILE_ID},kim-jong-un,vladimir-putin,{ABSENT_ID}"
    at = open_page("app_pages/comentions.py", {"actors": actors})
    assert any(
        f"Not mentioned in this range: {markdown(ABSENT_NAME)}." in c.value for c in at.caption
    )
    pair = at.selectbox(key="cm_pair")  # its options are text: shown as they are
    assert any(HOSTILE_NAME in option for option in pair.options)


@pytest.mark.parametrize(
    ("flash", "message"),
    [
        ({"text": f"Added {ABSENT_NAME} (person)", "actor": ABSENT_ID},
         f"Added {ABSENT_NAME} (person): 0 mentions in 0 articles."),
        ({"text": f"Merged {ABSENT_NAME} into {HOSTILE_NAME}", "actor": None},
         f"Merged {ABSENT_NAME} into {HOSTILE_NAME}."),
    ],
)  # fmt: skip
def test_page_hostile_actors_flash(store_url, flash, message):
    at = open_page("app_pages/actors.py", {}, actors_flash=flash)
    shown = at.success[0].value
    assert shown.startswith(markdown(flash["text"]))  # the names escaped, whatever follows
    assert shown_text(shown) == message


def test_page_hostile_actors_read_button(store_url):
    at = open_page("app_pages/actors.py", {})
    table = at.dataframe[0]
    row = int(table.value.index[table.value["name"] == HOSTILE_NAME][0])
    n = int(table.value.loc[row, "sentences"])
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    labels = [b.label for b in at.button]
    assert f"Read the {n} sentences naming {markdown(HOSTILE_NAME)}" in labels


class _Document(HTMLParser):
    """The tags, the text and the scripts of an HTML document."""

    def __init__(self, doc: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(doc)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def test_page_hostile_snapshot(store_url):
    """The snapshot file of a view of the hostile actors: names, titles and sources as text in
    its HTML, nothing in its scripts that could end them, no link or image of theirs."""
    store = Store(store_url)
    try:
        c = query.load_corpus(store, store.revision())
        v = View(actors=(HOSTILE_ID, "kim-jong-un", "vladimir-putin", ABSENT_ID))
        doc = snapshot_page.snapshot_of(c, v, "http://127.0.0.1:8501/", (store, None))
    finally:
        store.close()
    parsed = _Document(doc)
    assert [t for t, _ in parsed.tags if t in ("img", "iframe", "object", "embed")] == []
    assert [a.get("href") for t, a in parsed.tags if t == "a"] == ["http://127.0.0.1:8501/"]
    text = "".join(parsed.text)
    for raw in (HOSTILE_NAME, ABSENT_NAME, HOSTILE_TITLE, HOSTILE_SOURCE):
        assert raw in text
    plotly_js = plotly.offline.get_plotlyjs()
    figures = [s for s in parsed.scripts if s.strip() and s != plotly_js]
    assert len(figures) == doc.count("Plotly.newPlot(") > 0
    as_text = to_json_plotly(plain.plotly(HOSTILE_NAME))[1:-1]  # as the charts write it
    for script in figures:
        assert "<" not in script  # no </script>, no <!--: the JSON writes \u003c
    assert any(as_text in script for script in figures)
