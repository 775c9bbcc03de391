"""Tone toward each mention, stored at ingest beside the sentence's VADER (pipeline, store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from analysis.ingest import rematch_all
from analysis.pipeline import analyse
from analysis.registry.matcher import Matcher
from analysis.store import Store

# One sentence, two actors in opposite tones; the sentence's VADER is one number for both.
TEXT = (
    "The summit opened on Monday. Critics accused Putin of lying, while Macron won praise for "
    "his honesty."
)


def analysed(matcher: Matcher) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles = pd.DataFrame({"article_id": ["a1"], "text": [TEXT], "title": ["Summit"]})
    sentences, mentions = analyse(articles, matcher, workers=1)
    return articles, sentences, mentions


def test_each_mention_gets_its_own_tone_in_one_sentence(matcher: Matcher) -> None:
    _, sentences, mentions = analysed(matcher)
    by_actor = mentions.set_index("actor_id")
    assert by_actor.loc["vladimir-putin", "toward_label"] == "negative"
    assert by_actor.loc["emmanuel-macron", "toward_label"] == "positive"
    assert by_actor.loc["vladimir-putin", "toward"] < 0 < by_actor.loc["emmanuel-macron", "toward"]
    # ... while both sit in the same sentence, with one VADER compound.
    assert by_actor.loc["vladimir-putin", "sent_idx"] == by_actor.loc["emmanuel-macron", "sent_idx"]
    assert len(sentences) == 2


def test_the_tone_toward_round_trips_through_the_store(matcher: Matcher, tmp_path: Path) -> None:
    articles, sentences, mentions = analysed(matcher)
    store = Store(str(tmp_path / "s.db"))
    store.add(articles, sentences, mentions)
    stored = store.read("mentions", ["actor_id", "toward", "toward_label"])
    store.close()
    expected = mentions[["actor_id", "toward", "toward_label"]]
    pd.testing.assert_frame_equal(
        stored.sort_values("actor_id", ignore_index=True),
        expected.sort_values("actor_id", ignore_index=True),
    )


def test_a_store_from_before_gets_empty_columns_then_a_rematch_fills_them(
    matcher: Matcher, registry: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    articles, sentences, mentions = analysed(matcher)
    store = Store(str(path))
    store.add(articles, sentences, mentions)
    store.close()
    with sqlite3.connect(path) as conn:  # the mentions table as ActorScope made it before
        conn.execute("ALTER TABLE mentions DROP COLUMN toward")
        conn.execute("ALTER TABLE mentions DROP COLUMN toward_label")
    store = Store(str(path))
    old = store.read("mentions")
    assert len(old) == len(mentions)
    assert old["toward"].isna().all()
    assert old["toward_label"].isna().all()
    rematch_all(store, registry, workers=1)
    again = store.read("mentions")
    store.close()
    assert again["toward_label"].notna().all()
    assert set(again["toward_label"]) == {"negative", "positive"}


def test_ingest_scores_each_mention_as_predict_does_alone(matcher: Matcher) -> None:
    # analysis/tone/grouped.py scores a chunk's mentions in one pass: each must get exactly
    # what predict gives it alone, on its sentence up to the next one.
    from analysis.load import load_paths
    from analysis.tone import predict

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    articles = pd.concat(
        [load_paths([seeds]).articles, pd.DataFrame({"article_id": ["a1"], "text": [TEXT]})],
        ignore_index=True,
    )
    sentences, mentions = analyse(articles, matcher, workers=1)
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    starts = sentences.groupby("article_id")["start"].apply(list).to_dict()
    assert len(mentions) > 20
    for m in mentions.itertuples():
        opened = starts[m.article_id]
        begin = opened[m.sent_idx]
        end = opened[m.sent_idx + 1] if m.sent_idx + 1 < len(opened) else len(texts[m.article_id])
        sentence = texts[m.article_id][begin:end]
        alone = predict(sentence, m.start - begin, m.end - begin)
        assert (m.toward_label, m.toward) == alone, (m.surface, sentence)
