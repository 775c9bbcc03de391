"""Articles in, scored sentences and mentions out (analysis/pipeline.py)."""

from __future__ import annotations

import functools
import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import parallel, pipeline, schema
from analysis.pipeline import analyse, analyse_batches, rematch
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry, validate_registry
from analysis.sentiment import score
from analysis.text import normalise, split_sentences

Frames = tuple[pd.DataFrame, pd.DataFrame]


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {col: str(dtype) for col, dtype in frame.dtypes.items()}


def test_pipeline_analyse_frames_have_schema_dtypes(corpus_analysis: Frames) -> None:
    sentences, mentions = corpus_analysis
    assert dtypes(sentences) == schema.SENTENCES
    assert dtypes(mentions) == schema.MENTIONS
    assert list(sentences.index) == list(range(len(sentences)))


def test_pipeline_analyse_empty_batch(matcher: Matcher) -> None:
    sentences, mentions = analyse(schema.empty(schema.ARTICLES), matcher, workers=1)
    assert sentences.empty
    assert mentions.empty
    assert dtypes(sentences) == schema.SENTENCES
    assert dtypes(mentions) == schema.MENTIONS


def test_pipeline_analyse_blank_article_has_no_rows(matcher: Matcher) -> None:
    articles = pd.DataFrame({"article_id": ["blank", "one"], "text": ["  \n\n ", "Putin spoke."]})
    sentences, mentions = analyse(articles, matcher, workers=1)
    assert sentences["article_id"].tolist() == ["one"]
    assert mentions[["article_id", "sent_idx", "actor_id"]].to_numpy().tolist() == [
        ["one", 0, "vladimir-putin"]
    ]


def test_pipeline_analyse_sentences_are_the_split_and_scores(
    corpus: pd.DataFrame, corpus_analysis: Frames
) -> None:
    sentences, _ = corpus_analysis
    for article in corpus.itertuples():
        own = sentences[sentences["article_id"] == article.article_id]
        spans = split_sentences(article.text)
        assert own["sent_idx"].tolist() == list(range(len(spans)))
        assert list(zip(own["start"], own["end"], strict=True)) == spans
        expected = [score(normalise(article.text[s:e])) for s, e in spans]
        got = list(own[["compound", "pos", "neu", "neg"]].itertuples(index=False, name=None))
        assert got == expected


def test_pipeline_analyse_corpus_mentions(corpus_analysis: Frames) -> None:
    _, mentions = corpus_analysis
    got = mentions[["article_id", "sent_idx", "actor_id", "surface", "how"]]
    assert got.to_numpy().tolist() == [
        ["c1", 0, "vladimir-putin", "Vladimir Putin", "name"],
        ["c1", 0, "kim-jong-un", "Kim Jong Un", "name"],
        ["c1", 0, "russia", "Russia", "name"],
        ["c1", 1, "kim-jong-un", "Kim", "short name"],
        ["c1", 1, "vladimir-putin", "Putin", "alias"],
        ["c2", 0, "joe-biden", "Joe Biden", "name"],
        ["c2", 0, "north-korea", "North Korea", "name"],
        ["c2", 1, "united-states", "U.S.", "alias"],
        ["c3", 0, "russia", "Russia", "name"],
        ["c3", 0, "ukraine", "Ukraine", "name"],
        ["c4", 0, "vladimir-putin", "Putin", "alias"],
        ["c4", 0, "ukraine", "Ukraine", "name"],
        ["c4", 1, "nato", "NATO", "name"],
        ["c5", 0, "china", "China", "name"],
        ["c5", 0, "russia", "Russia", "name"],
        ["c5", 1, "joe-biden", "Biden", "alias"],
        ["c6", 0, "usa-today", "USA Today", "name"],
        ["c6", 0, "vladimir-putin", "Putin", "alias"],
    ]
    assert mentions["name"].tolist()[:3] == ["Vladimir Putin", "Kim Jong Un", "Russia"]


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_pipeline_mention_sent_idx_is_sentence_holding_its_start(
    which: str,
    seed_articles: pd.DataFrame,
    seed_analysis: Frames,
    corpus: pd.DataFrame,
    corpus_analysis: Frames,
) -> None:
    articles, (sentences, mentions) = (
        (seed_articles, seed_analysis) if which == "seed" else (corpus, corpus_analysis)
    )
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    spans = sentences.set_index(["article_id", "sent_idx"])
    assert not mentions.empty
    for m in mentions.itertuples():
        sentence = spans.loc[(m.article_id, m.sent_idx)]
        assert sentence["start"] <= m.start < sentence["end"]
        assert m.end <= sentence["end"]
        assert texts[m.article_id][m.start : m.end] == m.surface


def test_pipeline_mention_before_first_sentence_start_goes_to_sentence_zero(
    matcher: Matcher,
) -> None:
    # The split trims leading white space; a hit can never start before it, but the index
    # must still be 0 for the first sentence.
    sentences, mentions = analyse(
        pd.DataFrame({"article_id": ["x"], "text": ["   Putin spoke. Biden replied."]}),
        matcher,
        workers=1,
    )
    assert sentences["start"].tolist() == [3, 16]
    assert mentions["sent_idx"].tolist() == [0, 1]


def test_pipeline_analyse_reports_progress(corpus: pd.DataFrame, matcher: Matcher) -> None:
    calls: list[tuple[int, int]] = []
    analyse(corpus, matcher, workers=1, progress=lambda done, total: calls.append((done, total)))
    assert calls
    assert calls[-1] == (len(corpus), len(corpus))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def _batch(corpus: pd.DataFrame, seed_articles: pd.DataFrame, copies: int) -> pd.DataFrame:
    frames = [
        pd.concat([corpus, seed_articles]).assign(
            article_id=lambda df, i=i: df["article_id"] + f"-{i}"
        )
        for i in range(copies)
    ]
    return pd.concat(frames, ignore_index=True)


def test_pipeline_parallel_equals_serial(
    monkeypatch: pytest.MonkeyPatch,
    corpus: pd.DataFrame,
    seed_articles: pd.DataFrame,
    matcher: Matcher,
    pools: list[int],
) -> None:
    batch = _batch(corpus, seed_articles, copies=2)  # 14 articles
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 4)
    monkeypatch.setattr(pipeline, "CHUNK_ARTICLES", 3)
    calls: list[tuple[int, int]] = []
    serial = analyse(batch, matcher, workers=1)
    pooled = analyse(batch, matcher, workers=2, progress=lambda d, t: calls.append((d, t)))
    assert pools == [2]
    assert calls[-1] == (len(batch), len(batch))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    pd.testing.assert_frame_equal(pooled[0], serial[0])
    pd.testing.assert_frame_equal(pooled[1], serial[1])
    assert serial[0]["article_id"].unique().tolist() == batch["article_id"].tolist()


@pytest.mark.parametrize("workers", [1, 2])
def test_pipeline_analyse_batches_partition_the_articles(
    monkeypatch: pytest.MonkeyPatch,
    corpus: pd.DataFrame,
    seed_articles: pd.DataFrame,
    matcher: Matcher,
    workers: int,
) -> None:
    batch = _batch(corpus, seed_articles, copies=2)  # 14 articles
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 4)
    monkeypatch.setattr(pipeline, "CHUNK_ARTICLES", 2)
    calls: list[tuple[int, int]] = []
    parts = list(
        analyse_batches(
            batch, matcher, workers, batch_articles=4, progress=lambda d, t: calls.append((d, t))
        )
    )
    assert [len(p.articles) for p in parts] == [4, 4, 4, 2]
    assert calls == [(4, 14), (8, 14), (12, 14), (14, 14)]
    for part in parts:
        ids = set(part.articles["article_id"])
        assert set(part.sentences["article_id"]) == ids
        assert set(part.mentions["article_id"]) <= ids
    whole = analyse(batch, matcher, workers=1)
    sentences = pd.concat([p.sentences for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(sentences, whole[0])
    pd.testing.assert_frame_equal(
        pd.concat([p.mentions for p in parts], ignore_index=True), whole[1]
    )


def test_pipeline_small_batch_stays_in_process(
    monkeypatch: pytest.MonkeyPatch, corpus: pd.DataFrame, matcher: Matcher
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool for a small batch")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    sentences, _ = analyse(corpus, matcher, workers=8)
    assert len(sentences) == 12


def _edited_registry(registry: pd.DataFrame) -> pd.DataFrame:
    """Putin gone, a new group that the seed names, Kim with an alias instead of a short name."""
    edited = registry[registry["actor_id"] != "vladimir-putin"].copy()
    kim = edited["actor_id"] == "kim-jong-un"
    edited.loc[kim, "aliases"] = "Kim"
    edited.loc[edited["actor_id"] == "kim-yo-jong", "short_names"] = ""
    axis = pd.DataFrame([{"actor_id": "axis-of-evil", "name": "Axis of Evil", "kind": "group"}])
    return validate_registry(pd.concat([edited, axis], ignore_index=True))


def test_pipeline_rematch_equals_fresh_analyse(
    registry: pd.DataFrame,
    seed_articles: pd.DataFrame,
    seed_analysis: Frames,
    corpus: pd.DataFrame,
    corpus_analysis: Frames,
) -> None:
    new_matcher = Matcher(_edited_registry(registry))
    articles = pd.concat([seed_articles, corpus], ignore_index=True)
    sentences = pd.concat([seed_analysis[0], corpus_analysis[0]], ignore_index=True)
    before = sentences.copy()
    rematched = rematch(sentences, articles[["article_id", "text"]], new_matcher)
    fresh_sentences, fresh_mentions = analyse(articles, new_matcher, workers=1)
    pd.testing.assert_frame_equal(rematched, fresh_mentions)
    # Never touches scores: the input is unchanged and a fresh analysis scores the same.
    pd.testing.assert_frame_equal(sentences, before)
    pd.testing.assert_frame_equal(fresh_sentences, sentences)
    # The change took effect.
    assert "vladimir-putin" not in set(rematched["actor_id"])
    assert "axis-of-evil" in set(rematched["actor_id"])
    kim = rematched[rematched["surface"] == "Kim"]
    assert set(kim["how"]) == {schema.HOW_ALIAS}


def test_pipeline_rematch_needs_only_sentence_starts(
    matcher: Matcher, seed_articles: pd.DataFrame, seed_analysis: Frames
) -> None:
    sentences, mentions = seed_analysis
    starts = sentences[["article_id", "sent_idx", "start"]].sample(frac=1, random_state=42)
    rematched = rematch(starts, seed_articles[["article_id", "text"]], matcher)
    pd.testing.assert_frame_equal(rematched, mentions)


# Words a text of names can be made of: names, aliases, short names, demonyms, roles and titles,
# glued with fillers, so that candidate matches overlap and nest.
_WORDS = [
    "Kim", "Kim Jong Un", "Jong", "Un", "Putin", "Vladimir Putin", "Russia", "Russian",
    "Russians", "U.S.", "the U.S. president", "U.S. President Joe Biden", "the President",
    "President", "North Korea", "North Korean", "Korea", "South Korea", "Sullivan",
    "Jake Sullivan", "USA Today", "iraq", "IRAQ", "Saddam", "the prime minister", "met", "and",
    "of", "said", ",", ".", "-", "\n",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), max_size=30),
    day=st.sampled_from([None, "2019-05-01", "2023-09-13", "2025-06-01"]),
)
def test_pipeline_mentions_never_overlap(words: list[str], day) -> None:
    """The store keys a mention by (article, sentence, start): no two hits may share a start,
    and none may overlap another."""
    text = " ".join(words)
    hits = _roles_matcher().find(text, day)
    for (_, end, _, _), (start, _, _, _) in itertools.pairwise(hits):
        assert start >= end, (text, hits)


@functools.cache
def _roles_matcher() -> Matcher:
    return Matcher(load_registry(), load_roles())
