"""analysis.query on a real store of the conftest corpus: each entry's figures recomputed from
the stored rows (mentions, sentences, articles), not from the layer's own frames.

The corpus: c1 Wire 2023-09-04 (Putin, Kim, Russia), c2 Wire 09-06 (Biden, North Korea,
United States), c3 Daily 09-10 (Russia, Ukraine), c4 Daily 09-11 (Putin, Ukraine, NATO),
c5 Wire 10-02 (China, Russia, Biden), c6 Blog undated (USA Today, Putin).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import query, schema
from analysis.ingest import ingest
from analysis.load import Loaded
from analysis.query.views import all_facts
from analysis.store import Store
from analysis.view import View

SEPTEMBER = View(start=dt.date(2023, 9, 1), end=dt.date(2023, 9, 30))
TRIO = SEPTEMBER.evolve(actors=("vladimir-putin", "kim-jong-un", "russia"))
PUTIN, KIM, RUSSIA = TRIO.actors


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, corpus, registry) -> Store:
    s = Store(str(tmp_path_factory.mktemp("query") / "s.db"))
    ingest(s, Loaded(corpus, []), registry)
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


def in_september(frame: pd.DataFrame) -> pd.DataFrame:
    published = pd.to_datetime(frame["published"])
    return frame[(published >= "2023-09-01") & (published < "2023-10-01")]


def test_query_overview_counts_are_the_stored_mentions(c, rows, store) -> None:
    ov = query.overview(c, SEPTEMBER)
    assert set(ov.articles["article_id"].astype(str)) == {"c1", "c2", "c3", "c4"}
    sentences = store.read("sentences", ["article_id"])
    assert len(ov.tone) == int(sentences["article_id"].isin(["c1", "c2", "c3", "c4"]).sum())
    sept = in_september(rows)
    assert set(ov.counts["actor_id"]) == set(sept["actor_id"])
    for _, got in ov.counts.iterrows():
        mine = sept[sept["actor_id"] == got["actor_id"]]
        assert got["mentions"] == len(mine)  # one stored row per mention
        named = mine.drop_duplicates(["article_id", "sent_idx"])
        assert got["sentences"] == len(named)
        assert got["articles"] == mine["article_id"].nunique()
        assert got["tone"] == pytest.approx(named["compound"].mean())
    assert ov.counts.iloc[0]["actor_id"] == PUTIN  # most mentioned first (3, then Kim's 2)


def test_query_people_count_under_their_country_unless_asked(c, rows) -> None:
    rolled = query.actor_counts(c, SEPTEMBER.evolve(people=False)).set_index("actor_id")
    assert PUTIN not in rolled.index
    assert KIM not in rolled.index
    sept = in_september(rows)
    # Putin's country is Russia: a sentence naming either counts once for Russia.
    either = sept[sept["actor_id"].isin([PUTIN, RUSSIA])]
    assert rolled.loc[RUSSIA, "sentences"] == len(
        either.drop_duplicates(["article_id", "sent_idx"])
    )
    assert rolled.loc[RUSSIA, "articles"] == either["article_id"].nunique()


def test_query_totals_are_the_view_actors_counts(c) -> None:
    totals = query.totals(c, TRIO)
    counts = query.actor_counts(c, TRIO, every=False)
    assert totals["actor_id"].astype(str).tolist() == [PUTIN, KIM, RUSSIA]
    ints = ["mentions", "sentences", "articles"]
    pd.testing.assert_frame_equal(
        totals[["actor_id", *ints]].astype({"actor_id": str}),
        counts[["actor_id", *ints]].astype({"actor_id": str}),
    )
    assert totals["tone"].tolist() == pytest.approx(counts["tone"].tolist())


def test_query_trends_count_each_weeks_mentions(c, rows) -> None:
    trends = query.trends(c, TRIO, min_count=1)
    sept = in_september(rows).assign(
        period=lambda f: pd.to_datetime(f["published"]).dt.to_period("W").dt.start_time
    )
    mine = sept[sept["actor_id"].isin(TRIO.actors)]
    expected = mine.groupby(["actor_id", "period"]).size()
    got = trends.assign(actor_id=trends["actor_id"].astype(str)).set_index(["actor_id", "period"])
    assert got["mentions"].to_dict() == expected.to_dict()
    assert got.loc[(PUTIN, pd.Timestamp("2023-09-11")), "mentions"] == 1  # c4
    assert got["shown"].all()  # min_count 1: every point drawn


def test_query_periods_are_every_week_with_its_articles(c, store) -> None:
    periods = query.periods(c, SEPTEMBER)
    articles = in_september(store.read("articles", ["article_id", "published"]))
    weeks = pd.to_datetime(articles["published"]).dt.to_period("W").dt.start_time
    assert (
        periods.set_index("period")["period_articles"].to_dict() == weeks.value_counts().to_dict()
    )


@pytest.mark.parametrize("window", ["sentence", "article"])
def test_query_pairs_count_the_units_naming_both(c, rows, window: str) -> None:
    pairs = query.pairs(c, TRIO, window)
    unit = ["article_id", "sent_idx"] if window == "sentence" else ["article_id"]
    sept = in_september(rows)
    named = sept.groupby(unit)["actor_id"].agg(frozenset)
    got = {
        frozenset((str(a), str(b))): n
        for a, b, n in pairs[["actor_a", "actor_b", "count"]].to_numpy()
    }
    for a, b in [(PUTIN, KIM), (PUTIN, RUSSIA), (KIM, RUSSIA)]:
        assert got.get(frozenset((a, b)), 0) == sum({a, b} <= units for units in named)
    assert got[frozenset((PUTIN, KIM))] == (2 if window == "sentence" else 1)


def test_query_pair_periods_are_the_pairs_per_week(c) -> None:
    periods = query.pair_periods(c, TRIO, PUTIN, KIM, "sentence")
    assert len(periods) >= 1
    together = periods.set_index("period")
    assert together.loc[pd.Timestamp("2023-09-04"), "count"] == 2  # c1's two sentences


def test_query_evidence_is_the_sentences_naming_the_focus(c, rows) -> None:
    found = query.evidence(c, SEPTEMBER.evolve(focus=(PUTIN,))).found
    sept = in_september(rows)
    putin = sept[sept["actor_id"] == PUTIN][["article_id", "sent_idx"]].drop_duplicates()
    keys = set(zip(found["article_id"].astype(str), found["sent_idx"], strict=True))
    assert keys == set(zip(putin["article_id"], putin["sent_idx"], strict=True))
    # A person in the focus while people count under their country: still their sentences.
    rolled = query.evidence(c, SEPTEMBER.evolve(focus=(PUTIN,), people=False))
    assert len(rolled.found) == len(putin)
    assert PUTIN in set(rolled.facts["actor_id"].astype(str))


def test_query_memo_builds_once_per_corpus(c) -> None:
    assert all_facts(c, False) is all_facts(c, False)
    assert query.view_days(c, TRIO) is query.view_days(c, TRIO)
    fresh = replace(c, revision=-1)  # a corpus of its own, as a merged one is
    assert all_facts(fresh, False) is not all_facts(c, False)
    # A private corpus keeps no per-view frames: they would copy the shared rows per session.
    assert query.view_days(fresh, TRIO) is not query.view_days(fresh, TRIO)


def test_query_merge_adds_a_workspaces_articles(c, rows, registry, tmp_path: Path) -> None:
    ws = Store(f"sqlite:///{tmp_path / 'ws.db'}")
    story = pd.DataFrame(
        [("w1", "Talks", "Own", "2023-09-12", "Vladimir Putin spoke. Putin left.")],
        columns=["article_id", "title", "source", "published", "text"],
    ).assign(origin="pasted")
    ingest(ws, Loaded(schema.conform(story, schema.ARTICLES), []), registry)
    merged = query.merge(c, ws, -5)
    assert merged.revision == -5
    before = query.actor_counts(c, SEPTEMBER).set_index("actor_id")
    after = query.actor_counts(merged, SEPTEMBER).set_index("actor_id")
    own = ws.read("mentions", ["actor_id"])["actor_id"].astype(str)
    assert after.loc[PUTIN, "mentions"] == before.loc[PUTIN, "mentions"] + int((own == PUTIN).sum())
    assert after.loc[PUTIN, "articles"] == before.loc[PUTIN, "articles"] + 1
    assert "Own" in merged.sources
    assert "Own" not in c.sources
    ws.close()


@pytest.mark.parametrize("people", [True, False])
def test_query_duckdb_daily_is_the_pandas_one(c, people: bool) -> None:
    pytest.importorskip("duckdb", reason="duckdb is optional (pip install .[duckdb])")
    from analysis.query import duck
    from analysis.trends import DAY_COLUMNS, daily

    facts = all_facts(c, people)
    want = daily(facts)[DAY_COLUMNS]
    pd.testing.assert_frame_equal(duck.daily(facts), want, check_exact=False, rtol=1e-12)
    # An article VADER does not score (another language): counted, in no tone, on both paths.
    unscored = facts.copy()
    first = unscored["article_id"] == unscored["article_id"].iloc[0]
    unscored.loc[first, "compound"] = np.nan
    want = daily(unscored)[DAY_COLUMNS]
    assert (want["scored"] < want["sentences"]).any()
    pd.testing.assert_frame_equal(duck.daily(unscored), want, check_exact=False, rtol=1e-12)


def test_query_duckdb_is_opt_in_with_pandas_behind(c, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.query import duck

    monkeypatch.delenv("ACTORSCOPE_DUCKDB", raising=False)
    assert not duck.enabled()  # off by default, installed or not
    monkeypatch.setenv("ACTORSCOPE_DUCKDB", "on")
    monkeypatch.setattr(duck, "duckdb", None)
    assert not duck.enabled()  # asked for but not installed: pandas
    fresh = replace(c)  # its own memo: the daily sums are built again, by pandas
    pd.testing.assert_frame_equal(
        query.trends(fresh, TRIO, min_count=1), query.trends(c, TRIO, min_count=1),
        check_exact=False, rtol=1e-12,
    )  # fmt: skip


def test_query_memo_keeps_the_newest_per_view_frames_and_every_whole_one() -> None:
    memo, built = query.Memo(bounded=2), []

    def build(key):
        return lambda: built.append(key) or key

    for key in ("a", "b", "a", "c", "b"):  # "a" used again before "c": "b" is the oldest
        memo.get(key, build(key), bounded=True)
    assert built == ["a", "b", "c", "b"]
    memo.get("whole", build("whole"))
    for key in ("d", "e", "f"):
        memo.get(key, build(key), bounded=True)
    memo.get("whole", build("whole"))  # not among the bounded: never dropped
    assert built.count("whole") == 1
