"""Who is missing: names that look like actors but match no one (analysis/registry/discover.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.pipeline import analyse
from analysis.registry.discover import CANDIDATE_COLUMNS, candidates, guess_kind, known_names
from analysis.registry.matcher import Matcher
from analysis.registry.table import load_registry
from analysis.text import split_sentences

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def frames(texts: dict[str, str], matcher: Matcher | None = None):
    """(sentences, mentions) of hand-written articles, matched with `matcher` if given."""
    sentences, mentions = [], []
    for aid, text in texts.items():
        for idx, (start, end) in enumerate(split_sentences(text)):
            sentences.append((aid, idx, start, text[start:end]))
        if matcher is not None:
            mentions += [(aid, s, e) for s, e, _, _ in matcher.find(text)]
    return (
        pd.DataFrame(sentences, columns=["article_id", "sent_idx", "start", "text"]),
        pd.DataFrame(mentions, columns=["article_id", "start", "end"]),
    )


def names(text: str, matcher: Matcher | None = None, **kwargs) -> list[str]:
    sentences, mentions = frames({"a": text}, matcher)
    return candidates(sentences, mentions, limit=None, **kwargs)["name"].tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He met Sergei Shoigu in Moscow on Monday.", ["Moscow", "Sergei Shoigu"]),
        ("Russian Defence Minister Sergei Shoigu left.", ["Sergei Shoigu"]),
        ("Later Secretary of State Mike Pompeo flew in.", ["Mike Pompeo"]),
        ("It was raised by the Bank of England again.", ["Bank of England"]),
        ("It was said by Ursula von der Leyen today.", ["Ursula von der Leyen"]),
        ("It was George W. Bush who met Theresa May.", ["George W. Bush", "Theresa May"]),
        ("They flew to St. Petersburg and New York.", ["New York", "St. Petersburg"]),
        ("It is Shoigu\u2019s plan, and Gerasimov's too.", ["Gerasimov", "Shoigu"]),
        ("He met Mr Smith and Dr. Jones.", ["Jones", "Smith"]),
    ],
)
def test_discover_finds_runs_of_capitalised_words(text: str, expected: list[str]) -> None:
    assert sorted(names(text)) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Critics called it a farce.", "a single word that starts a sentence"),
        ('He said: "Talks failed."', "a single word that opens a quotation"),
        ("It happened in March, on a Tuesday.", "a month, a weekday"),
        ("The President met the Prime Minister.", "titles and function words"),
        ("It was said by Mr. and Mrs. in the Ministry.", "titles and generic words alone"),
        ("Putin and Kim Meet in Vostochny", "a headline in title case"),
        ("SHOIGU ARRIVES IN PYONGYANG", "a line in capitals"),
        ("Shr 34 cts vs 1.19 dlrs Net 807,000 vs 2,858,000", "a table of figures"),
        ("It said so, I think.", "the pronoun I"),
    ],
)
def test_discover_leaves_out_words_that_are_no_names(text: str, why: str) -> None:
    assert names(text) == [], why


def test_discover_leaves_out_runs_that_overlap_a_mention(matcher: Matcher) -> None:
    text = "It was Vladimir Putin Jr who spoke, and Sergei Shoigu of Russia, and Sergei Shoigu."
    # "Vladimir Putin Jr" overlaps the mention of Putin; "Sergei Shoigu of Russia" that of
    # Russia; the last "Sergei Shoigu" stands alone.
    found = candidates(*frames({"a": text}, matcher), limit=None)
    assert found["name"].tolist() == ["Sergei Shoigu"]
    assert found["count"].tolist() == [1]


def test_discover_leaves_out_known_names(matcher: Matcher, registry: pd.DataFrame) -> None:
    text = "It was Sullivan who spoke, and Kim who listened, with Vilnius far away."
    assert "Sullivan" in names(text, matcher)
    assert names(text, matcher, known=known_names(registry)) == ["Vilnius"]


def test_discover_counts_ranks_and_samples() -> None:
    texts = {
        "a1": "It was Sergei Shoigu who spoke. Then Sergei Shoigu left for Vostochny.",
        "a2": "It was Sergei Shoigu again. Nobody saw Gerasimov.",
        "a3": "We read about Gerasimov.",
        "a4": "They met in Vostochny. Vostochny is far. Again Vostochny.",  # not the 2nd
    }
    found = candidates(*frames(texts), limit=None)
    assert list(found.columns) == CANDIDATE_COLUMNS
    assert found["name"].tolist() == ["Sergei Shoigu", "Vostochny", "Gerasimov"]
    shoigu, vostochny, gerasimov = (found.iloc[i] for i in range(3))
    assert (shoigu["count"], shoigu["articles"], shoigu["article_ids"]) == (3, 2, ["a1", "a2"])
    assert shoigu["sentence"] == "It was Sergei Shoigu who spoke."
    assert (shoigu["article_id"], shoigu["sent_idx"]) == ("a1", 0)
    # Two articles each; Vostochny has more mentions, and its busiest article comes first.
    assert (vostochny["count"], vostochny["article_ids"]) == (3, ["a4", "a1"])
    assert (gerasimov["count"], gerasimov["articles"]) == (2, 2)
    assert candidates(*frames(texts), limit=1)["name"].tolist() == ["Sergei Shoigu"]


def test_discover_empty_inputs() -> None:
    empty = pd.DataFrame(columns=["article_id", "sent_idx", "start", "text"])
    no_mentions = pd.DataFrame(columns=["article_id", "start", "end"])
    out = candidates(empty, no_mentions)
    assert out.empty
    assert list(out.columns) == CANDIDATE_COLUMNS


def test_discover_multidate_corpus_names_vostochny(matcher: Matcher, registry) -> None:
    from missing_names import MULTIDATE

    from analysis.load import load_paths
    from analysis.store import with_text

    articles = load_paths([MULTIDATE]).articles
    sentences, mentions = analyse(articles, matcher, workers=1)
    found = candidates(with_text(sentences, articles), mentions, known=known_names(registry))
    assert "Vostochny" in found["name"].tolist()
    row = found.set_index("name").loc["Vostochny"]
    assert row["count"] == 1
    assert "Vostochny cosmodrome" in row["sentence"]
    # Names the registry matches are never candidates.
    assert not {"Vladimir Putin", "Kim Jong Un", "Putin", "Russia"} & set(found["name"])


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Sergei Shoigu", "person"),
        ("Vostochny", "person"),
        ("Bank of England", "organization"),
        ("OPEC", "organization"),
        ("Financial Times", "media"),
        ("Popular Front", "group"),
    ],
)
def test_discover_guess_kind(name: str, kind: str) -> None:
    assert guess_kind(name) == kind


def test_discover_reuters_in_a_few_seconds() -> None:
    """The whole Reuters-21578 collection (19k stories, 120k sentences) in a few seconds."""
    path = CORPORA / "reuters21578.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    registry = load_registry()
    matcher = Matcher(registry)
    texts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            if story.get("body"):
                texts[str(story["newid"])] = story["body"]
    sentences, mentions = frames(texts, matcher)
    started = time.perf_counter()
    found = candidates(sentences, mentions, limit=50, known=known_names(registry))
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{elapsed:.1f} s"  # about 2-5 s; generous for a busy runner
    top = found["name"].head(20).tolist()
    # 1987: Reagan's White House, the Treasury's James Baker, the European Community.
    assert {"Reagan", "James Baker", "European Community", "Soviet Union"} <= set(top)
    assert not {"Net", "Shr", "Reuter", "January", "Monday", "The"} & set(found["name"])
