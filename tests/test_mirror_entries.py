"""The query layer's entries with the Parquet mirror (analysis.mirror) level with the store:
the corpus holds no facts and DuckDB answers (analysis.query.parquet_facts), against the same
entries on the pandas path, to 1e-12."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from analysis import evidence, mirror, query
from analysis.ingest import ingest
from analysis.load import Loaded
from analysis.query import corpus as corpus_module
from analysis.store import Store
from analysis.view import View

pytest.importorskip("duckdb", reason="duckdb is optional (pip install .[duckdb])")

from analysis.query import parquet_facts  # noqa: E402
from benchmarks.corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory, registry):
    """(mirrored corpus, pandas corpus, mirror folder) of one store: 240 synthetic articles
    over a year, a few undated, ingested with the mirror on in two goes."""
    folder = tmp_path_factory.mktemp("entries")
    articles = generate(240, seed=5).reset_index(drop=True)
    articles["article_id"] = [f"g{i:04d}" for i in range(len(articles))]
    articles.loc[::37, "published"] = pd.NaT
    with pytest.MonkeyPatch.context() as m:
        m.setenv(mirror.FACTS_ENV, str(folder / "facts"))
        s = Store(str(folder / "s.db"))
        ingest(s, Loaded(articles.iloc[:150], []), registry)
        ingest(s, Loaded(articles.iloc[150:], []), registry)
        assert mirror.is_current(folder / "facts", s.revision())
        mirrored = query.load_corpus(s, s.revision())
    with pytest.MonkeyPatch.context() as m:
        m.delenv(mirror.FACTS_ENV, raising=False)
        plain = query.load_corpus(s, s.revision())
    yield mirrored, plain, folder / "facts"
    s.close()


@pytest.fixture
def sides(corpora, monkeypatch: pytest.MonkeyPatch):
    """corpora, the mirrored corpus failing the test should anything read its facts."""
    monkeypatch.setattr(corpus_module, "_read_facts", lambda s: pytest.fail("facts read"))
    return replace(corpora[0]), *corpora[1:]  # a memo of its own: no facts another test read


def both(corpora, entry, v: View, *args):
    """entry(corpus, v, *args) on the mirrored corpus with the mirror set, and on the pandas
    corpus without it."""
    c, p, path = corpora
    with pytest.MonkeyPatch.context() as m:
        m.setenv(mirror.FACTS_ENV, str(path))
        got = entry(c, v, *args)
    with pytest.MonkeyPatch.context() as m:
        m.delenv(mirror.FACTS_ENV, raising=False)
        want = entry(p, v, *args)
    return got, want


def views(c) -> list[View]:
    top = c.top_actors(8)
    dates = c.articles["published"].dropna()
    first, last = dates.min().date(), dates.max().date()
    middle = first + (last - first) / 3
    return [
        View(actors=tuple(top[:6])),
        View(actors=tuple(top[2:8]), start=middle, end=last - dt.timedelta(days=20)),
        View(actors=tuple(top[:4]), sources=tuple(c.sources[:2])),
        View(actors=tuple(top[:5]), start=middle, freq="M"),
        View(actors=(top[0],)),
        View(actors=()),
    ]


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as strings (their categories differ between the paths), a fresh index."""
    out = frame.reset_index(drop=True).copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype) or out[col].dtype == object:
            values = out[col].astype(object)
            out[col] = values.map(lambda x: None if pd.isna(x) else str(x)).astype(object)
    return out


def same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        plain(got), plain(want), check_exact=False, rtol=1e-12, check_dtype=False
    )


def spy(monkeypatch: pytest.MonkeyPatch, module, name: str) -> list:
    """The calls of module.name from now on: the mirror was asked."""
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("window", ["sentence", "article"])
@pytest.mark.parametrize("i", range(6))
def test_pairs_are_the_pandas_ones(sides, monkeypatch, window: str, i: int) -> None:
    v = views(sides[1])[i]
    asked = spy(monkeypatch, parquet_facts, "pair_days")
    got, want = both(sides, query.pairs, v, window)
    assert len(want) or len(v.actors) < 2
    assert asked
    same(got, want)
    if len(want):
        a, b = want["actor_a"].iloc[0], want["actor_b"].iloc[-1]
        got, want = both(sides, query.pair_periods, v, a, b, window)
        assert len(want)
        same(got, want)


@pytest.mark.parametrize("i", range(6))
def test_counts_and_totals_are_the_pandas_ones(sides, monkeypatch, i: int) -> None:
    v = views(sides[1])[i]
    asked = spy(monkeypatch, parquet_facts, "actor_sums")
    got, want = both(sides, query.actor_counts, v)
    assert len(want) > len(v.actors)
    assert asked
    same(got, want)
    same(*both(sides, query.actor_counts, v, False))
    same(*both(sides, query.totals, v))
    got, want = both(sides, query.overview, v)
    same(got.counts, want.counts)
    same(got.articles, want.articles)
    np.testing.assert_allclose(got.tone.to_numpy(), want.tone.to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("i", range(5))
def test_trends_outlets_and_spikes_are_the_pandas_ones(sides, monkeypatch, i: int) -> None:
    v = views(sides[1])[i]
    same(*both(sides, query.trends, v))
    same(*both(sides, query.periods, v))
    same(*both(sides, query.outlets, v))
    asked = spy(monkeypatch, parquet_facts, "spike_rows")
    # A low threshold and a short baseline: spikes to explain in this small corpus.
    got, want = both(sides, query.spikes, v, 0.5, 2)
    assert len(want)
    assert asked
    lists = ["article_ids", "titles", "sources", "co_actors"]
    for col in lists:
        assert got[col].tolist() == want[col].tolist(), col
    same(got.drop(columns=lists), want.drop(columns=lists))


def test_the_mirrored_corpus_holds_no_facts(sides) -> None:
    c, p, path = sides
    assert c.loaded is None
    assert c.mirror == path
    assert p.mirror is None
    assert len(p.loaded) > 1000
    pd.testing.assert_frame_equal(c.registry, p.registry)
    pd.testing.assert_frame_equal(c.articles, p.articles)
    pd.testing.assert_frame_equal(c.sentences, p.sentences)
    pd.testing.assert_series_equal(c.actor_mentions(), p.actor_mentions())
    assert c.top_actors(10) == p.top_actors(10)


def test_questions_the_mirror_does_not_answer_read_the_facts_once(corpora, monkeypatch) -> None:
    c, p, _ = corpora
    c = replace(c)
    calls = spy(monkeypatch, corpus_module, "_read_facts")
    v = views(p)[0]
    same(*both((c, p, corpora[2]), query.pairs, v.evolve(people=False)))
    same(*both((c, p, corpora[2]), query.toward_pairs, v))
    same(*both((c, p, corpora[2]), query.toward_totals, v))
    same(*both((c, p, corpora[2]), query.actor_counts, v.evolve(people=False)))
    assert len(calls) == 1  # read on first use, then kept
    pd.testing.assert_frame_equal(c.facts, p.facts)
    assert c.loaded is None


def test_a_stale_mirror_falls_back_to_the_facts(corpora) -> None:
    c, p, path = corpora
    stale = replace(c, revision=c.revision + 1)  # the mirror holds another revision
    assert stale.mirrored() is None
    v = views(p)[0]
    got, want = both((stale, p, path), query.pairs, v)
    same(got, want)


@pytest.mark.parametrize("i", range(6))
def test_evidence_is_the_pandas_one(sides, i: int) -> None:
    p = sides[1]
    v = views(p)[i]
    top = p.top_actors(3)
    periods = query.periods(p, v)
    busy = (
        periods.loc[periods["period_articles"].idxmax(), "period"].date() if len(periods) else None
    )
    selections = [
        v,
        v.evolve(focus=(top[0],)),
        v.evolve(focus=tuple(top[:2])),
        v.evolve(focus=tuple(top[:2]), window="article", period=busy),
        v.evolve(period=busy),
    ]
    for w in selections:
        got, want = both(sides, query.evidence, w)
        assert len(want.found) or not w.actors
        for how in evidence.ORDERS:
            same(evidence.order(got.found, how), evidence.order(want.found, how))
        page = evidence.page_of(evidence.order(want.found, "newest"), 1)
        assert got.named(page).tolist() == want.named(page).tolist()
