"""Evidence selection, registry table, highlighting and tone explanation (analysis/evidence/)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import normalize

from analysis import evidence, schema
from analysis.facts import actor_totals, article_facts, mention_facts
from analysis.registry.table import validate_registry
from analysis.sentiment import analyzer
from analysis.tone.explain import Driver

KIM, PUTIN, RUSSIA = "kim-jong-un", "vladimir-putin", "russia"
NAMES = {KIM: "Kim Jong Un", PUTIN: "Vladimir Putin", RUSSIA: "Russia"}

# (article, sentence, compound, actors named); a3 names Putin twice in one sentence.
SENTENCES = [
    ("a1", 0, 0.5, [KIM, PUTIN]),
    ("a1", 1, -0.4, [KIM]),
    ("a1", 2, 0.0, [PUTIN]),
    ("a2", 0, 0.8, [KIM]),
    ("a2", 1, 0.1, [PUTIN]),
    ("a3", 0, -0.6, [KIM, PUTIN, PUTIN, RUSSIA]),
    ("a4", 0, 0.3, [PUTIN]),
    ("a4", 1, 0.2, []),
]
# Monday 2023-09-04 starts the first week, Monday 2023-09-11 the second; a4 has no date.
ARTICLES = [
    ("a1", "One", "Wire", "2023-09-04"),
    ("a2", "Two", "Daily", "2023-09-12"),
    ("a3", "Three", "Wire", "2023-09-13"),
    ("a4", "Four", "Blog", None),
]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    frame = pd.DataFrame(ARTICLES, columns=["article_id", "title", "source", "published"])
    return schema.conform(frame.assign(text="..."), schema.ARTICLES)


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    frame = pd.DataFrame(
        [row[:3] for row in SENTENCES], columns=["article_id", "sent_idx", "compound"]
    )
    return schema.conform(
        frame.assign(start=0, end=1, text="x", pos=0.0, neu=1.0, neg=0.0), schema.SENTENCES
    )


@pytest.fixture(scope="module")
def facts(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    rows = [(a, s, actor) for a, s, _, actors in SENTENCES for actor in actors]
    mentions = pd.DataFrame(rows, columns=["article_id", "sent_idx", "actor_id"])
    return mention_facts(mentions, sentences, articles)


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    return validate_registry(
        pd.DataFrame(
            [
                (RUSSIA, "Russia", "country", "Kremlin|Moscow", "", "Russian", ""),
                (PUTIN, "Vladimir Putin", "person", "Putin", "", "", RUSSIA),
                (KIM, "Kim Jong Un", "person", "", "Kim", "", ""),
                ("nato", "NATO", "organization", "", "", "", ""),
            ],
            columns=list(schema.ACTORS)[:7],
        )
    )


def keys(frame: pd.DataFrame) -> list[tuple[str, int]]:
    return list(zip(frame["article_id"], frame["sent_idx"].astype(int), strict=True))


# --- selection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("focus", "window", "expected"),
    [
        ([KIM], "sentence", [("a3", 0), ("a2", 0), ("a1", 0), ("a1", 1)]),
        ([KIM], "article", [("a3", 0), ("a2", 0), ("a1", 0), ("a1", 1)]),
        ([KIM, PUTIN], "sentence", [("a3", 0), ("a1", 0)]),
        (
            [KIM, PUTIN],
            "article",
            [("a3", 0), ("a2", 0), ("a2", 1), ("a1", 0), ("a1", 1), ("a1", 2)],
        ),
        ([KIM, PUTIN, RUSSIA], "sentence", [("a3", 0)]),
        ([PUTIN, "nobody"], "sentence", []),
    ],
)
def test_evidence_select_focus(facts, focus, window, expected):
    assert keys(evidence.select_sentences(facts, focus, window)) == expected


def test_evidence_select_one_actor_carries_tone_date_and_source(facts):
    out = evidence.select_sentences(facts, [PUTIN])
    assert list(out.columns) == evidence.EVIDENCE_COLUMNS
    assert len(out) == 5  # a3's sentence names Putin twice but is one row
    assert keys(out)[-1] == ("a4", 0)  # undated last when newest first
    row = out.iloc[0]
    assert (row["article_id"], row["source"], row["compound"]) == ("a3", "Wire", -0.6)
    assert row["published"] == pd.Timestamp("2023-09-13")


@pytest.mark.parametrize(
    ("focus", "window", "period", "freq", "expected"),
    [
        ([KIM, PUTIN], "sentence", dt.date(2023, 9, 11), "W", [("a3", 0)]),
        ([KIM, PUTIN], "sentence", dt.date(2023, 9, 4), "W", [("a1", 0)]),
        ([KIM], "sentence", dt.date(2023, 9, 11), "W", [("a3", 0), ("a2", 0)]),
        ([KIM, PUTIN], "article", dt.date(2023, 9, 11), "W", [("a3", 0), ("a2", 0), ("a2", 1)]),
        ([KIM], "sentence", dt.date(2023, 9, 12), "D", [("a2", 0)]),
        (
            [PUTIN],
            "sentence",
            dt.date(2023, 9, 1),
            "M",
            [("a3", 0), ("a2", 1), ("a1", 0), ("a1", 2)],
        ),
        ([PUTIN], "sentence", dt.date(2023, 10, 1), "M", []),
    ],
)
def test_evidence_select_period(facts, focus, window, period, freq, expected):
    assert keys(evidence.select_sentences(facts, focus, window, period, freq)) == expected


def test_evidence_select_view_actors_without_focus(facts):
    assert keys(evidence.select_sentences(facts, actors=[RUSSIA])) == [("a3", 0)]
    both = evidence.select_sentences(facts, actors=[RUSSIA, KIM])
    assert keys(both) == [("a3", 0), ("a2", 0), ("a1", 0), ("a1", 1)]
    # No actors at all: every sentence that names someone (a4's second sentence names nobody).
    assert len(evidence.select_sentences(facts)) == 7


def test_evidence_select_focus_ignores_view_actors(facts):
    out = evidence.select_sentences(facts, [KIM], actors=[RUSSIA])
    assert len(out) == 4


@pytest.mark.parametrize(
    ("how", "first", "last"),
    [
        ("newest", ("a3", 0), ("a4", 0)),
        ("oldest", ("a1", 0), ("a4", 0)),
        ("most negative", ("a3", 0), ("a1", 0)),
        ("most positive", ("a1", 0), ("a3", 0)),
    ],
)
def test_evidence_order(facts, how, first, last):
    out = evidence.order(evidence.select_sentences(facts, [PUTIN]), how)
    assert keys(out)[0] == first
    assert keys(out)[-1] == last
    assert list(out.index) == list(range(len(out)))


@pytest.mark.parametrize(("rows", "pages"), [(0, 1), (1, 1), (25, 1), (26, 2), (50, 2), (51, 3)])
def test_evidence_page_count(rows, pages):
    assert evidence.page_count(rows) == pages


def test_evidence_page_of():
    frame = pd.DataFrame({"n": range(60)})
    assert evidence.page_of(frame, 1)["n"].tolist() == list(range(25))
    assert evidence.page_of(frame, 3)["n"].tolist() == list(range(50, 60))
    assert evidence.page_of(frame, 4).empty


def test_evidence_named_actors_and_table(facts, articles):
    page = evidence.select_sentences(facts, [KIM, PUTIN])
    named = evidence.named_actors(facts, page)
    assert named.tolist() == [(KIM, RUSSIA, PUTIN), (KIM, PUTIN)]
    texts = pd.DataFrame(
        {"article_id": ["a1", "a3"], "sent_idx": [0, 0], "text": ["first <b>", "third"]}
    )
    table = evidence.evidence_table(page, texts, articles, named, NAMES)
    assert list(table.columns) == [
        "date", "source", "title", "sentence", "actors", "tone", "label", "toward",
        "toward_words",
    ]  # fmt: skip
    assert table["toward"].tolist() == ["", ""]  # none given
    assert table["toward_words"].tolist() == ["", ""]
    assert table["sentence"].tolist() == ["third", "first <b>"]  # plain text, never HTML
    assert table["title"].tolist() == ["Three", "One"]
    assert table["actors"].tolist() == [
        "Kim Jong Un, Russia, Vladimir Putin",
        "Kim Jong Un, Vladimir Putin",
    ]
    assert table["label"].tolist() == ["negative", "positive"]
    assert table["date"].tolist() == ["2023-09-13", "2023-09-04"]  # text: "undated" where none


def test_evidence_toward_text_per_actor_first_mention_and_unscored():
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a1", "a2"],
            "sent_idx": [0, 0, 0, 1, 0],
            "actor_id": [PUTIN, KIM, PUTIN, KIM, KIM],
            "start": [0, 30, 50, 0, 0],
            "toward": [-0.712, 0.64, 0.9, None, 0.01],
            "toward_label": ["negative", "positive", "positive", None, "neutral"],
        }
    )
    keys = pd.DataFrame({"article_id": ["a1", "a1", "a2"], "sent_idx": [0, 1, 0]}, index=[4, 5, 6])
    named = pd.Series([(KIM, PUTIN), (KIM,), (KIM, RUSSIA)], index=keys.index)
    out = evidence.toward_text(mentions, keys, named, NAMES)
    assert out.index.tolist() == [4, 5, 6]
    assert out.tolist() == [
        "Kim Jong Un: positive +0.64; Vladimir Putin: negative \u22120.71",  # Putin's first
        f"Kim Jong Un: {evidence.NOT_SCORED}",  # stored before the model
        "Kim Jong Un: neutral +0.01",  # Russia: no mention row, nothing said
    ]


@pytest.mark.parametrize(
    ("focus", "window", "period", "freq", "actors", "expected"),
    [
        ([KIM], "sentence", None, "W", (), "Sentences naming Kim Jong Un"),
        (
            [KIM, PUTIN],
            "sentence",
            dt.date(2023, 9, 11),
            "W",
            (),
            "Sentences naming both Kim Jong Un and Vladimir Putin, week of 2023-09-11",
        ),
        (
            [KIM, PUTIN],
            "article",
            None,
            "W",
            (),
            "Sentences naming Kim Jong Un or Vladimir Putin in articles naming both",
        ),
        (
            [KIM, PUTIN, RUSSIA],
            "sentence",
            None,
            "W",
            (),
            "Sentences naming all of Kim Jong Un, Vladimir Putin and Russia",
        ),
        (
            [PUTIN],
            "sentence",
            dt.date(2023, 9, 12),
            "D",
            (),
            "Sentences naming Vladimir Putin, on 2023-09-12",
        ),
        (
            [PUTIN],
            "sentence",
            dt.date(2023, 9, 1),
            "M",
            (),
            "Sentences naming Vladimir Putin, September 2023",
        ),
        ([], "sentence", None, "W", (RUSSIA,), "Sentences naming Russia"),
        (
            [],
            "sentence",
            None,
            "W",
            (RUSSIA, KIM, "nato"),
            "Sentences naming any of Russia, Kim Jong Un and nato",
        ),
        ([], "sentence", None, "W", (), "Sentences naming any actor"),
    ],
)
def test_evidence_describe(focus, window, period, freq, actors, expected):
    assert evidence.describe(focus, NAMES, window, period, freq, actors) == expected


# --- counts ----------------------------------------------------------------------------------


def test_evidence_registry_table(facts, registry):
    counts = actor_totals(facts, registry)
    table = evidence.registry_table(registry, counts)
    assert list(table.columns) == evidence.REGISTRY_COLUMNS
    assert table["actor_id"].tolist() == [PUTIN, KIM, RUSSIA, "nato"]
    by_id = table.set_index("actor_id")
    assert by_id.loc[PUTIN, "affiliation"] == "Russia"  # by name, not id
    assert by_id.loc[RUSSIA, "aliases"] == "Kremlin, Moscow"
    assert by_id.loc[KIM, "short_names"] == "Kim"
    assert by_id.loc["nato", "mentions"] == 0
    assert pd.isna(by_id.loc["nato", "tone"])
    people = evidence.registry_table(registry, counts, kinds=["person"])
    assert people["actor_id"].tolist() == [PUTIN, KIM]
    found = evidence.registry_table(registry, counts, found_only=True)
    assert "nato" not in found["actor_id"].tolist()


def test_evidence_view_tone_and_shares(sentences, articles):
    tone = evidence.view_tone(sentences, articles[articles["article_id"].isin(["a1", "a2"])])
    assert sorted(tone.tolist()) == [-0.4, 0.0, 0.1, 0.5, 0.8]
    shares = evidence.tone_shares(tone)
    assert shares == pytest.approx({"positive": 0.6, "neutral": 0.2, "negative": 0.2})
    assert evidence.tone_shares(tone.iloc[0:0]) == {
        "positive": 0.0,
        "neutral": 0.0,
        "negative": 0.0,
    }


def test_evidence_latest_articles(articles, sentences):
    latest = evidence.latest_articles(article_facts(articles, sentences), n=3)
    assert latest["title"].tolist() == ["Three", "Two", "One"]
    assert list(latest.columns) == ["published", "title", "source", "sentences", "tone"]
    everything = evidence.latest_articles(article_facts(articles, sentences))
    assert everything["title"].tolist()[-1] == "Four"  # undated last
    assert everything.loc[0, "tone"] == pytest.approx(-0.6)


def test_evidence_missing_source_title_and_date_are_words_not_none(articles, sentences):
    arts = article_facts(articles, sentences)
    arts = arts.assign(
        source=pd.Series([None] * len(arts), dtype=object),
        title=pd.Series([None] * len(arts), dtype=object),
        published=pd.Series([pd.NaT] * len(arts), dtype="datetime64[s]"),
    )
    latest = evidence.latest_articles(arts)
    assert set(latest["source"]) == {"no source"}
    assert set(latest["title"]) == {"\u2014"}
    assert set(latest["published"]) == {"undated"}


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2023-09-12"], "12 Sep 2023"),
        (["2023-09-05", "2023-09-21", None], "5–21 Sep 2023"),
        (["2023-07-12", "2023-12-08"], "12 Jul – 8 Dec 2023"),
        (["2023-12-30", "2024-01-02"], "Dec 2023 – Jan 2024"),
        ([None], "undated"),
        ([], "undated"),
    ],
)
def test_evidence_date_span(dates, expected):
    assert evidence.date_span(pd.Series(pd.to_datetime(dates), dtype="datetime64[s]")) == expected


@pytest.mark.parametrize(
    ("dates", "expected", "year"),
    [
        (["1987-02-26", "1987-10-20"], "26 Feb – 20 Oct", 1987),  # Reuters-21578
        (["2023-09-05", "2023-09-21", None], "5–21 Sep", 2023),
        (["2023-09-12"], "12 Sep", 2023),
        (["2023-12-30", "2024-01-02"], "Dec ’23 – Jan ’24", None),  # no one year to leave out
        ([None], "undated", None),
    ],
)
def test_evidence_date_span_leaves_one_year_to_the_label(dates, expected, year):
    published = pd.Series(pd.to_datetime(dates), dtype="datetime64[s]")
    assert evidence.date_span(published, year=False) == expected
    assert evidence.span_year(published) == year


# --- why this tone ---------------------------------------------------------------------------

TONE_CASES = [
    "Putin praised the growing friendship between Russia and North Korea.",
    "The threat was vague and unconvincing.",
    "It was not a good day.",
    "The deal is good, but the price is terrible.",
    "Kim said the talks were a VERY great success.",
    "Sullivan isn\u2019t happy about the horrible war.",
    "Nothing here moves the score.",
]


@pytest.mark.parametrize("sentence", TONE_CASES)
def test_evidence_tone_words_agree_with_vader(sentence):
    words = evidence.tone_words(sentence)
    lexicon = analyzer().lexicon
    assert list(words.columns) == evidence.WORD_COLUMNS
    for w in words.itertuples():
        assert w.valence == lexicon[w.word.lower()]
        assert sentence[w.start : w.end] == w.word or sentence[w.start : w.end] == w.word.replace(
            "'", "\u2019"
        )
    # What VADER counted, summed and squashed, is the compound it gives the sentence.
    compound = analyzer().polarity_scores(sentence.replace("\u2019", "'"))["compound"]
    assert round(normalize(words["in_context"].sum()), 4) == compound


def test_evidence_tone_words_rules():
    words = evidence.tone_words("It was not a good day.").set_index("word")
    assert words.loc["good", "valence"] == pytest.approx(1.9)
    assert words.loc["good", "in_context"] < 0  # negated
    but = evidence.tone_words("The deal is good, but the price is terrible.").set_index("word")
    assert but.loc["good", "in_context"] == pytest.approx(1.9 * 0.5)
    assert but.loc["terrible", "in_context"] == pytest.approx(-2.1 * 1.5)
    assert evidence.tone_words("Nothing here moves the score.").empty


def test_evidence_tone_words_curly_quotes_are_normalised():
    # "isn’t" negates like "isn't" once normalised: VADER's lexicon has no curly apostrophe.
    words = evidence.tone_words("Sullivan isn\u2019t happy.").set_index("word")
    assert words.loc["happy", "in_context"] < 0


# --- showing text safely ---------------------------------------------------------------------


def test_evidence_highlight_escapes_script():
    text = "Putin wrote <script>alert(1)</script><img src=x onerror=alert(2)> & left."
    out = evidence.highlight(text, [(0, 5, evidence.ACTOR_STYLE, 'Vladimir "Putin"')])
    assert "<script>" not in out
    assert "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in out
    assert "&amp; left." in out
    assert out.startswith('<mark style="')
    assert 'title="Vladimir &quot;Putin&quot;">Putin</mark>' in out


def test_evidence_highlight_escapes_inside_marks_and_drops_overlaps():
    text = "<b>Kim</b> met Putin"
    spans = [(3, 6, "a", "Kim"), (0, 10, "b", "overlap"), (15, 20, "c", "Putin"), (18, 99, "d", "")]
    out = evidence.highlight(text, spans)
    assert out == (
        '&lt;b&gt;<mark style="a" title="Kim">Kim</mark>&lt;/b&gt; met '
        '<mark style="c" title="Putin">Putin</mark>'
    )


def test_evidence_mention_and_word_spans():
    sentence_start = 100
    mentions = pd.DataFrame(
        {
            "start": [100, 130, 20],
            "end": [105, 135, 25],
            "name": ["Vladimir Putin", "Kim Jong Un", "Elsewhere"],
        }
    )
    spans = evidence.mention_spans(mentions, sentence_start, 140)
    assert [(s, e, title) for s, e, _, title in spans] == [
        (0, 5, "Vladimir Putin"),
        (30, 35, "Kim Jong Un"),
    ]
    words = evidence.tone_words("Putin praised a terrible plan.")
    styles = {title: style for _, _, style, title in evidence.word_spans(words)}
    assert styles["valence +2.2"] == evidence.TONE_STYLES["positive"]
    assert styles["valence -2.1"] == evidence.TONE_STYLES["negative"]
    chips = evidence.word_chips(words)
    assert "praised +2.2" in chips
    assert "terrible -2.1" in chips


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
        ("http://example.com", "http://example.com"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//example.com/x", None),
        ("https://exa mple.com", None),
        ("ftp://example.com", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_evidence_safe_url(url, expected):
    assert evidence.safe_url(url) == expected


def test_evidence_article_html_escapes_everything():
    text = "Putin said <script>alert(1)</script>.\n\nKim agreed."
    article = {
        "title": "<img src=x onerror=alert(2)>",
        "source": "<b>Wire</b>",
        "author": "Mallory & co",
        "published": pd.Timestamp("2023-09-13"),
        "url": 'https://example.com/?q="><script>',
        "origin": "evil.txt",
        "text": text,
    }
    mentions = pd.DataFrame({"start": [0], "end": [5], "name": ["Vladimir Putin"]})
    out = evidence.article_html(article, mentions)
    assert "<script>" not in out
    assert "<img" not in out
    assert "&lt;img src=x onerror=alert(2)&gt;" in out
    assert "&lt;b&gt;Wire&lt;/b&gt;" in out
    assert "Mallory &amp; co" in out
    assert "2023-09-13" in out
    assert 'href="https://example.com/?q=&quot;&gt;&lt;script&gt;"' in out
    assert ">Putin</mark> said &lt;script&gt;" in out


def test_evidence_article_html_links_only_http():
    article = {"title": "T", "text": "x", "url": "javascript:alert(1)"}
    out = evidence.article_html(article, pd.DataFrame(columns=["start", "end", "name"]))
    assert "<a " not in out
    assert "javascript:alert(1)" in out  # shown as text
    missing = evidence.article_html({"text": "x", "published": pd.NaT}, pd.DataFrame())
    assert "Untitled" in missing
    assert "published" not in missing


def test_evidence_toward_words_per_actor_cut_from_its_sentence():
    sentence = "Critics accused Vladimir Putin of lying, while Kim Jong Un won praise for honesty."
    offset = 100  # the sentence's start in its article: mentions hold article offsets
    p, k = sentence.index("Vladimir Putin"), sentence.index("Kim Jong Un")
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1"],
            "sent_idx": [3, 3, 4],
            "actor_id": [PUTIN, KIM, KIM],
            "start": [offset + p, offset + k, 200],
            "end": [offset + p + 14, offset + k + 11, 211],
            "toward": [-0.5, 0.5, None],
            "toward_label": ["negative", "positive", None],
        }
    )
    texts = pd.DataFrame(
        {
            "article_id": ["a1", "a1"],
            "sent_idx": [3, 4],
            "start": [offset, 200],
            "text": [sentence, "Kim Jong Un spoke."],
        }
    )
    keys = pd.DataFrame({"article_id": ["a1", "a1"], "sent_idx": [3, 4]}, index=[7, 8])
    named = pd.Series([(KIM, PUTIN), (KIM,)], index=keys.index)
    asked = []

    def names_only(spans):  # stands in for the model: says which span it was asked about
        asked.extend(spans)
        return [
            ("neutral", [Driver(s[a:b], a, b, 0.1)]) if a else ("neutral", []) for s, a, b in spans
        ]

    out = evidence.toward_words(mentions, texts, keys, named, NAMES, names_only)
    assert asked == [(sentence, k, k + 11), (sentence, p, p + 14)]  # Kim first: id order
    assert out.tolist() == ["Kim Jong Un: Kim Jong Un; Vladimir Putin: Vladimir Putin", ""]

    real = evidence.toward_words(mentions, texts, keys, named, NAMES)
    words = {part.split(": ")[0]: part.split(": ")[1] for part in real[7].split("; ")}
    assert "accused" in words["Vladimir Putin"].split(", ")
    assert "praise" in words["Kim Jong Un"].split(", ")


def test_evidence_toward_words_no_word_stood_out():
    mentions = pd.DataFrame(
        {
            "article_id": ["a1"],
            "sent_idx": [0],
            "actor_id": [KIM],
            "start": [0],
            "end": [11],
            "toward": [0.0],
            "toward_label": ["neutral"],
        }
    )
    texts = pd.DataFrame(
        {"article_id": ["a1"], "sent_idx": [0], "start": [0], "text": ["Kim Jong Un"]}
    )
    keys = pd.DataFrame({"article_id": ["a1"], "sent_idx": [0]})
    out = evidence.toward_words(mentions, texts, keys, pd.Series([(KIM,)]), NAMES)
    assert out.tolist() == [f"Kim Jong Un: {evidence.NO_WORD}"]
