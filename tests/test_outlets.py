"""Outlets side by side (analysis.outlets, query.outlets, `export outlets`) on a real store of
the conftest corpus, each figure recomputed from the stored mentions, sentences and articles.

The corpus: c1 Wire 2023-09-04 (Putin, Kim, Russia), c2 Wire 09-06 (Biden, North Korea,
United States), c3 Daily 09-10 (Russia, Ukraine), c4 Daily 09-11 (Putin, Ukraine, NATO),
c5 Wire 10-02 (China, Russia, Biden), c6 Blog undated (USA Today, Putin).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import query
from analysis.cli import EXIT_OK, EXIT_USAGE, main
from analysis.ingest import ingest
from analysis.interval import t95
from analysis.load import Loaded
from analysis.outlets import EXPORT_COLUMNS
from analysis.store import Store
from analysis.view import View

PUTIN, RUSSIA = "vladimir-putin", "russia"


@pytest.fixture(autouse=True)
def _registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, corpus, registry) -> Path:
    path = tmp_path_factory.mktemp("outlets") / "s.db"
    s = Store(str(path))
    ingest(s, Loaded(corpus, []), registry)
    s.close()
    return path


@pytest.fixture(scope="module")
def store(db: Path) -> Store:
    s = Store(str(db))
    yield s
    s.close()


@pytest.fixture(scope="module")
def c(store: Store) -> query.Corpus:
    return query.load_corpus(store, store.revision())


@pytest.fixture(scope="module")
def rows(store: Store) -> pd.DataFrame:
    """Every stored mention with its sentence's compound and its article's date and source."""
    mentions = store.read("mentions", ["article_id", "sent_idx", "actor_id"])
    sentences = store.read("sentences", ["article_id", "sent_idx", "compound"])
    articles = store.read("articles", ["article_id", "published", "source"])
    out = mentions.merge(sentences, on=["article_id", "sent_idx"]).merge(articles, on="article_id")
    return out.astype({"article_id": str, "actor_id": str})


def by_hand(rows: pd.DataFrame, articles: pd.DataFrame, actor: str, source: str) -> dict:
    """Share, and the mean tone with its CR1 band over articles, from the stored rows."""
    own = articles[articles["source"] == source]
    mine = rows[(rows["actor_id"] == actor) & (rows["source"] == source)]
    mine = mine[mine["article_id"].isin(own["article_id"])]
    # One row per sentence naming the actor (several mentions of one sentence count once).
    sent = mine.drop_duplicates(["article_id", "sent_idx"])
    n, g = len(sent), sent["article_id"].nunique()
    out = {"share": g / len(own), "mentions": len(mine), "articles": g}
    if n == 0:
        return out | {"tone": math.nan, "low": math.nan, "high": math.nan}
    mean = sent["compound"].mean()
    out["tone"] = mean
    if g < 2:
        return out | {"low": math.nan, "high": math.nan}
    per = sent.groupby("article_id")["compound"].agg(["sum", "count"])
    var = g / (g - 1) * ((per["sum"] - per["count"] * mean) ** 2).sum() / n**2
    margin = t95(g - 1) * math.sqrt(var)
    return out | {"low": max(mean - margin, -1), "high": min(mean + margin, 1)}


def check(frame: pd.DataFrame, rows: pd.DataFrame, articles: pd.DataFrame) -> None:
    assert len(frame)
    for r in frame.itertuples():
        want = by_hand(rows, articles, r.actor_id, r.source)
        assert r.share == pytest.approx(want["share"])
        assert r.mentions == want["mentions"]
        for got, key in ((r.tone, "tone"), (r.tone_low, "low"), (r.tone_high, "high")):
            assert got == pytest.approx(want[key], nan_ok=True), (r, key)


def test_query_outlets_are_the_stored_rows_per_source(c, rows, store) -> None:
    v = View(actors=(PUTIN, RUSSIA))
    got = query.outlets(c, v)
    articles = store.read("articles", ["article_id", "source"])
    # Every source with an article, for both actors, a source naming neither included.
    assert sorted(got["source"].unique()) == ["Blog", "Daily", "Wire"]
    assert len(got) == 6
    check(got, rows, articles)
    wire = got.set_index(["source", "actor_id"]).loc[("Wire", RUSSIA)]
    assert (wire["articles"], wire["source_articles"]) == (2, 3)  # c1 and c5 of c1, c2, c5


def test_query_outlets_of_a_month_count_only_its_articles(c, rows, store) -> None:
    v = View(actors=(RUSSIA,), start=dt.date(2023, 9, 1), end=dt.date(2023, 9, 30))
    got = query.outlets(c, v).set_index("source")
    articles = store.read("articles", ["article_id", "source", "published"])
    published = pd.to_datetime(articles["published"])
    september = articles[(published >= "2023-09-01") & (published < "2023-10-01")]
    # The undated Blog article and October's c5 are out of the view.
    assert sorted(got.index) == ["Daily", "Wire"]
    assert got.loc["Wire", "share"] == pytest.approx(1 / 2)  # c1 of c1, c2
    check(got.reset_index(), rows[rows["article_id"].isin(september["article_id"])], september)


def test_query_outlets_a_source_that_never_names_the_actor_has_no_tone(c) -> None:
    got = query.outlets(c, View(actors=(RUSSIA,))).set_index("source")
    assert got.loc["Blog", "share"] == 0
    assert np.isnan(got.loc["Blog", ["tone", "tone_low", "tone_high"]].astype(float)).all()


def test_query_outlets_toward_is_the_mean_of_the_stored_scores(c, store) -> None:
    got = query.outlets(c, View(actors=(PUTIN,)), tone="toward").set_index("source")
    m = store.read("mentions", ["article_id", "sent_idx", "actor_id", "toward"])
    a = store.read("articles", ["article_id", "source"])
    m = m[(m["actor_id"] == PUTIN) & m["toward"].notna()].merge(a, on="article_id")
    per_sentence = m.groupby(["source", "article_id", "sent_idx"])["toward"].mean()
    want = per_sentence.groupby("source").mean()
    assert len(want)
    for source, tone in want.items():
        assert got.loc[source, "tone"] == pytest.approx(tone)


def export(capsys: pytest.CaptureFixture, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "export", "outlets", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_outlets_is_the_query_of_the_same_view(capsys, db: Path, c, rows, store) -> None:
    code, out, err = export(capsys, db, "--actors", f"{PUTIN},{RUSSIA}", "--sources", "Wire,Daily")
    assert (code, err) == (EXIT_OK, "")
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == EXPORT_COLUMNS
    assert sorted(table["source"].unique()) == ["Daily", "Wire"]
    articles = store.read("articles", ["article_id", "source"])
    check(table, rows, articles)
    v = View(actors=(PUTIN, RUSSIA), sources=("Wire", "Daily"))
    want = query.outlets(c, v)[EXPORT_COLUMNS]
    pd.testing.assert_frame_equal(
        table.sort_values(["source", "actor_id"]).reset_index(drop=True),
        want.sort_values(["source", "actor_id"]).reset_index(drop=True),
        check_dtype=False,
    )


def test_export_outlets_dates_narrow_the_denominators(capsys, db: Path) -> None:
    code, out, _ = export(capsys, db, "--actors", RUSSIA, "--start", "2023-10-01")
    assert code == EXIT_OK
    table = pd.read_csv(io.StringIO(out))
    # October holds c5 alone (Wire, naming Russia): one of one.
    assert table[["source", "share"]].to_numpy().tolist() == [["Wire", 1.0]]


def test_export_outlets_unknown_source_is_a_usage_error(capsys, db: Path) -> None:
    code, out, err = export(capsys, db, "--sources", "Nowhere")
    assert (code, out) == (EXIT_USAGE, "")
    assert "unknown source" in err


def test_export_outlets_tone_toward_is_the_querys(capsys, db: Path, c) -> None:
    code, out, err = export(capsys, db, "--actors", PUTIN, "--tone", "toward")
    assert (code, err) == (EXIT_OK, "")
    table = pd.read_csv(io.StringIO(out)).set_index("source")
    want = query.outlets(c, View(actors=(PUTIN,)), tone="toward").set_index("source")
    vader = query.outlets(c, View(actors=(PUTIN,))).set_index("source")
    assert table["tone"].notna().any()
    for col in ("share", "tone", "tone_low", "tone_high"):
        assert table[col].to_numpy() == pytest.approx(
            want.loc[table.index, col].to_numpy(), nan_ok=True
        )
    assert not np.allclose(table["tone"].dropna(), vader.loc[table["tone"].dropna().index, "tone"])
