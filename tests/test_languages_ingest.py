"""Articles in other languages through ingest, the query layer and the export: stored and
counted, their sentences unscored, left out of every tone (analysis/language.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis import language, query
from analysis.cli import EXIT_OK, main
from analysis.ingest import ingest
from analysis.load import Loaded
from analysis.registry.table import load_registry
from analysis.store import Store
from analysis.view import View

ENGLISH = (
    "Ukraine said on Monday that its forces had pushed back an attack near the city. "
    "Officials in Kyiv said the fighting was the worst in weeks and that the army was holding."
)
FRENCH = (
    "L'Ukraine a annoncé lundi que ses forces avaient repoussé une attaque près de la ville. "
    "Les responsables ont déclaré que les combats étaient les plus durs depuis des semaines "
    "et que l'armée tenait bon malgré des pertes terribles et une situation très difficile."
)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("languages") / "s.db"
    frame = pd.DataFrame(
        {
            "article_id": ["en1", "fr1"],
            "title": ["Attack repelled", "Attaque repoussée"],
            "published": pd.to_datetime(["2024-03-04", "2024-03-05"]),
            "source": ["Wire", "Le Fil"],
            "text": [ENGLISH, FRENCH],
        }
    )
    store = Store(str(path))
    ingest(store, Loaded(frame, []), load_registry(), workers=1)
    store.close()
    return path


def test_an_article_in_french_is_stored_with_its_sentences_unscored(stored: Path) -> None:
    store = Store(str(stored))
    articles = store.read("articles").set_index("article_id")
    assert articles["language"].to_dict() == {"en1": "en", "fr1": "fr"}
    sentences = store.read("sentences")
    french = sentences[sentences["article_id"] == "fr1"]
    assert len(french) == 2
    assert french[["compound", "pos", "neu", "neg"]].isna().all().all()
    assert sentences.loc[sentences["article_id"] == "en1", "compound"].notna().all()
    mentions = store.read("mentions")
    fr = mentions[mentions["article_id"] == "fr1"]
    assert fr["actor_id"].tolist() == ["ukraine"]  # counted
    assert fr["toward"].isna().all()  # and not toned
    assert mentions.loc[mentions["article_id"] == "en1", "toward"].notna().all()
    store.close()


def test_the_query_counts_the_french_article_but_leaves_it_out_of_the_tone(stored) -> None:
    store = Store(str(stored))
    c = query.load_corpus(store, store.revision())
    v = View(actors=("ukraine",))
    counts = query.actor_counts(c, v).set_index("actor_id")
    assert counts.loc["ukraine", "articles"] == 2
    english = c.sentences[c.sentences["article_id"] == "en1"]["compound"]
    assert counts.loc["ukraine", "tone"] == pytest.approx(english.mean())  # Ukraine, Kyiv
    trend = query.trends(c, v.evolve(freq="M"), min_count=1)
    assert trend["mentions"].sum() == counts.loc["ukraine", "mentions"]
    assert trend["tone"].notna().all()
    arts = query.view_articles(c, v)
    assert language.unscored(arts) == 1
    assert language.left_out(1) == (
        "1 article in a language other than English is counted but left out of the tone "
        "(VADER reads English only)."
    )
    assert language.left_out(0) == ""
    store.close()


def test_export_articles_has_language_and_copy_of(stored, capsys) -> None:
    assert main(["--db", str(stored), "export", "articles", "--format", "csv"]) == EXIT_OK
    out = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"language", "copy_of"} <= set(out.columns)
    assert out.set_index("article_id")["language"].to_dict() == {"en1": "en", "fr1": "fr"}
    assert out["copy_of"].isna().all()
