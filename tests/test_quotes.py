"""Quotations and their speakers (analysis.quotes): the hand-labelled hard cases of
tests/quote_cases.py, measured and case by case, and the seed's Sullivan quotation exactly."""

from __future__ import annotations

import pandas as pd
import pytest
from quote_cases import CASES

from analysis import schema
from analysis.pipeline import analyse
from analysis.quotes import article_quotes, quotes_of
from analysis.quotes.spans import marked_spans
from analysis.quotes.speakers import Mention


def _persons(registry: pd.DataFrame) -> set[str]:
    return set(registry.loc[registry["kind"] == "person", "actor_id"])


def _found(texts: list[str], matcher, registry) -> list[list[tuple[str, str | None]]]:
    """Each text's quotations as (quotation, speaker)."""
    frame = pd.DataFrame(
        {"article_id": [f"q{i}" for i in range(len(texts))], "text": texts, "origin": "pasted"}
    )
    sentences, mentions = analyse(schema.conform(frame, schema.ARTICLES), matcher, workers=1)
    out = []
    for i, text in enumerate(texts):
        s = sentences[sentences["article_id"] == f"q{i}"]
        m = mentions[mentions["article_id"] == f"q{i}"]
        sents = list(zip(s["sent_idx"], s["start"], s["end"], strict=True))
        ments = [
            Mention(int(b), int(e), str(a), int(k))
            for b, e, a, k in zip(m["start"], m["end"], m["actor_id"], m["sent_idx"], strict=True)
        ]
        quotes = article_quotes(text, sents, ments, _persons(registry))
        out.append([(q.span.text(text), q.speaker) for q in quotes])
    return out


@pytest.fixture(scope="module")
def found(matcher, registry):
    return _found([text for text, _ in CASES], matcher, registry)


def _score(found, gold) -> tuple[int, int, int]:
    """(right, attributed, expected) speakers of one text."""
    attributed = [(q, s) for q, s in found if s is not None]
    right = sum(
        any(q.startswith(prefix) and s == speaker for q, s in attributed)
        for prefix, speaker in gold
    )
    return right, len(attributed), len(gold)


def test_quotes_hand_labelled_precision_and_recall(found) -> None:
    scores = [_score(f, gold) for f, (_, gold) in zip(found, CASES, strict=True)]
    right, attributed, expected = (sum(t) for t in zip(*scores, strict=True))
    print(f"quotes: {right}/{attributed} attributions right, {right}/{expected} found")
    assert right / attributed >= 0.95
    assert right / expected >= 0.9


@pytest.mark.parametrize("i", range(len(CASES)))
def test_quotes_hand_labelled_case(found, i: int) -> None:
    gold = CASES[i][1]
    right, attributed, expected = _score(found[i], gold)
    assert (right, attributed) == (expected, expected), (CASES[i][0], found[i])


def test_quotes_spans_leave_apostrophes_and_scare_quotes() -> None:
    text = "Kim\u2019s aides don\u2019t say \u201cno\u201d. The leaders\u2019 summit ended."
    assert marked_spans(text) == []


def test_quotes_seed_sullivan_about_north_korea(seed_text, seed_analysis, registry) -> None:
    sentences, mentions = seed_analysis
    q = quotes_of([("seed", seed_text)], sentences, mentions, _persons(registry))
    first = q[q["sent_idx"] == 7]
    assert first[["speaker_id", "target_id", "how", "tone_measure"]].to_numpy().tolist() == [
        ["jake-sullivan", "north-korea", "named", "toward"]
    ]
    assert first["quote"].iloc[0] == (
        "[This] is not going to reflect well on North Korea and they will pay a price for this "
        "in the international community"
    )
    # The next paragraph, quoted without attribution, is Sullivan's too.
    second = q[q["sent_idx"] == 8]
    assert second["speaker_id"].unique().tolist() == ["jake-sullivan"]
    assert second["target_id"].tolist() == ["north-korea", "russia", "ukraine"]
    # The seed's other quotations have no speaker that is an actor ("Putin’s spokesman", the
    # White House's "pay a price" with no verb next to it): none is guessed.
    assert sorted(q["sent_idx"].unique().tolist()) == [7, 8]


def test_quotes_of_a_store_and_a_view(store_url) -> None:
    import datetime as dt

    from analysis.quotes import select_quotes, store_quotes, view_quotes
    from analysis.registry.table import load_registry
    from analysis.store import Store
    from analysis.view import View

    store = Store(store_url)
    every = store_quotes(store, load_registry())
    articles = store.read("articles", ["article_id", "published", "source", "title"])
    said = every[every["speaker_id"] == "jake-sullivan"]
    assert set(said["target_id"]) == {"north-korea", "russia", "ukraine", "united-states"}
    # "Xi warned against conflict": a warning, no quotation.
    assert "xi-jinping" not in set(every["speaker_id"])
    # The view's actors: a quotation by or about them.
    about = select_quotes(every, articles, ["ukraine"])
    assert about[["target_id", "source"]].to_numpy().tolist() == [["ukraine", "Hot Air"]]
    # The view's dates: the seed is of 2023-09-07.
    later = view_quotes(every, articles, View(start=dt.date(2023, 9, 8)))
    assert not (later["speaker_id"] == "jake-sullivan").any()
    store.close()


def test_quotes_network_edges_leave_out_self_and_untargeted() -> None:
    from analysis.charts.quotes import quote_edges, quote_network

    rows = pd.DataFrame(
        {
            "speaker_id": ["a", "a", "a", "a", "b"],
            "target_id": ["c", "c", "a", None, "c"],
            "quote": ["one", "two", "self", "none", "three"],
            "tone": [0.5, -0.1, 0.9, float("nan"), -0.4],
        }
    )
    edges = quote_edges(rows)
    assert edges[["speaker_id", "target_id", "quotes"]].to_numpy().tolist() == [
        ["a", "c", 2],
        ["b", "c", 1],
    ]
    assert edges["tone"].tolist() == pytest.approx([0.2, -0.4])
    fig = quote_network(edges, {"a": "<b>A</b>", "c": "C"})
    diamonds = next(t for t in fig.data if t.name == "quotations")
    assert [list(p) for p in diamonds.customdata] == [["a", "c"], ["b", "c"]]
    actors = next(t for t in fig.data if t.name == "actors")
    assert "&lt;b&gt;A&lt;/b&gt;" in actors.text  # a name is text, never markup
    assert len(fig.layout.annotations) == 2  # one arrow per speaker and target
