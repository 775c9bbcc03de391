"""analysis.query's tone toward for the Co-mentions network (toward_totals, toward_pairs) on a
real store, recomputed from the stored mentions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import query
from analysis.ingest import ingest
from analysis.load import load_text
from analysis.store import Store
from analysis.view import View

PUTIN, MACRON = "vladimir-putin", "emmanuel-macron"
TEXTS = [
    # One sentence, opposite tones; then Putin alone, then both again, plainly.
    "Critics accused Putin of lying, while Macron won praise for his honesty. Putin spoke "
    "for an hour on Tuesday. Macron and Putin met in Paris.",
    "Macron was praised by his allies for a brave and wise speech.",
]
VIEW = View(actors=(MACRON, PUTIN))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, registry) -> Store:
    s = Store(str(tmp_path_factory.mktemp("toward-query") / "s.db"))
    for i, text in enumerate(TEXTS):
        ingest(s, load_text(text, title=f"t{i}", published="2023-09-12", source="Wire"), registry)
    yield s
    s.close()


@pytest.fixture(scope="module")
def c(store: Store) -> query.Corpus:
    return query.load_corpus(store, store.revision())


@pytest.fixture(scope="module")
def stored(store: Store) -> pd.DataFrame:
    """Each actor's mean stored tone toward per sentence (what a fact carries)."""
    m = store.read("mentions", ["article_id", "sent_idx", "actor_id", "toward"])
    m = m.astype({"article_id": str, "actor_id": str, "toward": "float64"})
    return m.groupby(["article_id", "sent_idx", "actor_id"], as_index=False)["toward"].mean()


def test_query_toward_totals_are_each_actors_mean_tone_toward(c, stored) -> None:
    vader = query.totals(c, VIEW)
    toward = query.toward_totals(c, VIEW)
    # The same counts as the VADER network, another tone.
    cols = ["actor_id", "mentions", "sentences", "articles"]
    pd.testing.assert_frame_equal(vader[cols], toward[cols])
    tone = dict(zip(toward["actor_id"].astype(str), toward["tone"], strict=True))
    expected = stored.groupby("actor_id")["toward"].mean()
    assert tone == pytest.approx(expected.to_dict())
    assert tone[PUTIN] < 0 < tone[MACRON]


@pytest.mark.parametrize("window", ["sentence", "article"])
def test_query_toward_pairs_are_the_mean_tone_toward_either(c, stored, window: str) -> None:
    vader = query.pairs(c, VIEW, window)
    toward = query.toward_pairs(c, VIEW, window)
    cols = [col for col in vader.columns if col != "tone"]
    pd.testing.assert_frame_equal(vader[cols], toward[cols])
    ((tone,),) = toward[["tone"]].to_numpy()
    wide = stored.pivot_table(index=["article_id", "sent_idx"], columns="actor_id", values="toward")
    both = wide.dropna()  # the sentences naming both
    if window == "article":  # every sentence naming either, in the article naming both
        both = wide[wide.index.get_level_values(0).isin(both.index.get_level_values(0))]
    # Each sentence once: the mean of the tone toward those it names.
    expected = both.mean(axis=1).mean()
    assert tone == pytest.approx(expected)
    assert tone != pytest.approx(float(vader["tone"].iloc[0]))  # not VADER's pair tone
