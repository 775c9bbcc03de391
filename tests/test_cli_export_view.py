"""`python -m analysis export TABLE` narrowed to a view: --actors, --start, --end, --sources
(analysis/export_view.py), on a real store of the conftest corpus.

The corpus: c1 Wire 2023-09-04 (Putin, Kim, Russia), c2 Wire 09-06 (Biden, North Korea,
United States), c3 Daily 09-10 (Russia, Ukraine), c4 Daily 09-11 (Putin, Ukraine, NATO),
c5 Wire 10-02 (China, Russia, Biden), c6 Blog undated (USA Today, Putin).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analysis import query, spikes
from analysis.cli import EXIT_OK, EXIT_USAGE, main
from analysis.evidence import NO_WORD
from analysis.query import Corpus
from analysis.store import Store
from analysis.tone.explain import drivers
from analysis.view import View


@pytest.fixture(autouse=True)
def _registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, corpus, corpus_analysis) -> Path:
    path = tmp_path_factory.mktemp("view") / "s.db"
    store = Store(str(path))
    store.add(corpus, *corpus_analysis)
    store.close()
    return path


def run(capsys: pytest.CaptureFixture, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys: pytest.CaptureFixture, db: Path, *argv: str) -> pd.DataFrame:
    code, out, err = run(capsys, db, *argv)
    assert (code, err) == (EXIT_OK, "")
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])


def ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["article_id"].unique())


def test_articles_dates_are_inclusive_and_drop_undated(capsys, db: Path) -> None:
    frame = export(capsys, db, "articles", "--start", "2023-09-06", "--end", "2023-09-10")
    assert ids(frame) == ["c2", "c3"]


def test_articles_of_actors_keep_undated_without_dates(capsys, db: Path) -> None:
    assert ids(export(capsys, db, "articles", "--actors", "vladimir-putin")) == ["c1", "c4", "c6"]


def test_articles_of_sources(capsys, db: Path) -> None:
    assert ids(export(capsys, db, "articles", "--sources", "Daily,Blog")) == ["c3", "c4", "c6"]


def test_sentences_are_every_sentence_of_the_view_articles(capsys, db: Path) -> None:
    everything = export(capsys, db, "sentences")
    frame = export(capsys, db, "sentences", "--actors", "joe-biden", "--sources", "Wire")
    assert ids(frame) == ["c2", "c5"]
    expected = everything[everything["article_id"].isin(["c2", "c5"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(frame, expected)


def test_mentions_of_actors(capsys, db: Path) -> None:
    frame = export(capsys, db, "mentions", "--actors", "vladimir-putin,ukraine")
    assert sorted(frame["actor_id"].unique()) == ["ukraine", "vladimir-putin"]
    assert ids(frame) == ["c1", "c3", "c4", "c6"]
    everything = export(capsys, db, "mentions")
    wanted = everything[everything["actor_id"].isin(["ukraine", "vladimir-putin"])]
    assert len(frame) == len(wanted)


def test_mentions_of_dates(capsys, db: Path) -> None:
    assert ids(export(capsys, db, "mentions", "--start", "2023-09-11")) == ["c4", "c5"]


def test_comentions_of_actors_pair_only_them(capsys, db: Path) -> None:
    frame = export(capsys, db, "comentions", "--actors", "vladimir-putin,kim-jong-un,ukraine")
    pairs = set(zip(frame["actor_a"], frame["actor_b"], strict=True))
    assert pairs == {("kim-jong-un", "vladimir-putin"), ("ukraine", "vladimir-putin")}
    # Units stay every sentence of the view's articles, named or not, as on the dashboard.
    assert set(frame["units"]) == {len(export(capsys, db, "sentences"))}


@pytest.mark.parametrize("window", ["sentence", "article"])
def test_comentions_of_sources_count_the_view_units(capsys, db: Path, window: str) -> None:
    frame = export(capsys, db, "comentions", "--sources", "Wire", "--window", window)
    assert "ukraine" not in set(frame["actor_a"]) | set(frame["actor_b"])  # Daily only
    articles = export(capsys, db, "articles", "--sources", "Wire")
    sentences = export(capsys, db, "sentences", "--sources", "Wire")
    assert set(frame["units"]) == {len(sentences if window == "sentence" else articles)}


def test_trends_of_actors_and_period(capsys, db: Path) -> None:
    frame = export(
        capsys, db, "trends", "--actors", "ukraine", "--start", "2023-09-06", "--end", "2023-09-30"
    )
    assert set(frame["actor_id"]) == {"ukraine"}
    assert list(frame["period"]) == ["2023-09-04", "2023-09-11"]
    # The week of 4 September holds two articles of the view (c2, c3), not three (c1 is before).
    assert list(frame["period_articles"]) == [2, 1]
    assert list(frame["share"]) == [0.5, 1.0]


def test_actors_of_actors(capsys, db: Path) -> None:
    frame = export(capsys, db, "actors", "--actors", "russia,china")
    assert sorted(frame["actor_id"]) == ["china", "russia"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--actors", "russia,nobody"], "error: unknown actor id: 'nobody'\n"),
        (
            ["--actors", "x\x1b[2J,russia,y\u202e"],
            "error: unknown actor ids: 'x\\x1b[2J', 'y\\u202e'\n",
        ),
        (["--sources", "Wire,Nowhere"], "error: unknown source: 'Nowhere'\n"),
        (["--actors", ","], "error: no actor id given\n"),
        (
            ["--start", "2023-09-10", "--end", "2023-09-01"],
            "error: --start 2023-09-10 is after --end 2023-09-01\n",
        ),
    ],
)
@pytest.mark.parametrize("table", ["articles", "trends"])
def test_views_the_store_cannot_show_are_usage_errors(
    capsys, db: Path, table: str, argv: list[str], message: str
) -> None:
    assert run(capsys, db, table, *argv) == (EXIT_USAGE, "", message)


def test_a_malformed_date_is_a_usage_error(capsys, db: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        run(capsys, db, "articles", "--start", "2023-13-01")
    assert exited.value.code == EXIT_USAGE
    assert "'2023-13-01' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


# The dashboard's own computation of a view, uncached: a corpus of its own (its memo too),
# sharing no cache with other tests.
VIEW = View(
    actors=("vladimir-putin", "kim-jong-un", "russia", "ukraine"),
    start=dt.date(2023, 9, 1),
    end=dt.date(2023, 9, 30),
    sources=("Wire", "Daily"),
)
FLAGS = ["--actors", ",".join(VIEW.actors), "--start", "2023-09-01", "--end", "2023-09-30",
         "--sources", "Wire,Daily"]  # fmt: skip


@pytest.fixture(scope="module")
def dashboard(db: Path) -> Corpus:
    store = Store(str(db))
    try:
        return replace(query.load_corpus(store, store.revision()), revision=-1)
    finally:
        store.close()


@pytest.mark.parametrize("window", ["sentence", "article"])
def test_comentions_of_a_view_are_the_dashboards(
    capsys, db: Path, dashboard: Corpus, window: str
) -> None:
    cli = export(capsys, db, "comentions", "--window", window, *FLAGS)
    app = query.pairs(dashboard, VIEW, window)
    assert len(cli) >= 3
    key = ["actor_a", "actor_b"]
    pd.testing.assert_frame_equal(
        cli.sort_values(key, ignore_index=True),
        app.astype({"actor_a": str, "actor_b": str}).sort_values(key, ignore_index=True),
        check_dtype=False,
    )


def test_trends_of_a_view_are_the_dashboards(capsys, db: Path, dashboard: Corpus) -> None:
    cli = export(capsys, db, "trends", "--min-count", "1", *FLAGS)
    app = query.trends(dashboard, VIEW, min_count=1)
    columns = ["actor_id", "period", "mentions", "sentences", "articles", "share", "tone"]
    key = ["actor_id", "period"]
    app = app.assign(actor_id=app["actor_id"].astype(str), period=app["period"].dt.strftime("%F"))
    assert len(app) >= 4
    pd.testing.assert_frame_equal(
        cli[cli["mentions"] > 0][columns].sort_values(key, ignore_index=True),
        app[columns].sort_values(key, ignore_index=True),
        check_dtype=False,
    )


def test_hidden_actors_are_left_out_as_on_the_dashboard(capsys, db: Path, tmp_path: Path) -> None:
    hidden = tmp_path / "hidden.db"
    shutil.copyfile(db, hidden)
    assert main(["--db", str(hidden), "actors", "hide", "vladimir-putin"]) == EXIT_OK
    capsys.readouterr()
    mentions = export(capsys, hidden, "mentions", "--sources", "Wire")
    assert ids(mentions) == ["c1", "c2", "c5"]
    assert "vladimir-putin" not in set(mentions["actor_id"])
    pairs = export(capsys, hidden, "comentions", "--sources", "Wire")
    assert "vladimir-putin" not in set(pairs["actor_a"]) | set(pairs["actor_b"])
    assert ("kim-jong-un", "russia") in set(zip(pairs["actor_a"], pairs["actor_b"], strict=True))


def test_spikes_of_a_view_are_the_dashboards(capsys, db: Path, dashboard: Corpus) -> None:
    # Too few periods for a real spike: threshold 0 lists every period above its baseline.
    cli = export(capsys, db, "spikes", "--freq", "D", "--threshold", "0", *FLAGS[:2])
    view = View(actors=VIEW.actors, freq="D")
    app = spikes.export_table(query.spikes(dashboard, view, threshold=0))
    assert list(cli.columns) == spikes.EXPORT_COLUMNS
    assert len(cli) >= 1
    app = app.assign(period=app["period"].dt.strftime("%F"))
    pd.testing.assert_frame_equal(cli, app, check_dtype=False)
    for row in cli.itertuples():  # each spike's articles name its actor on its day
        named = export(capsys, db, "mentions", "--actors", row.actor_id)
        articles = export(capsys, db, "articles", "--start", row.period, "--end", row.period)
        assert set(row.article_ids.split(";")) <= set(named["article_id"])
        assert set(row.article_ids.split(";")) <= set(articles["article_id"])
    assert export(capsys, db, "spikes", *FLAGS[:2]).empty  # at the default threshold, none


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "x\x1b[2J"])
def test_a_threshold_out_of_range_is_a_usage_error(capsys, db: Path, value: str) -> None:
    with pytest.raises(SystemExit) as exited:
        run(capsys, db, "spikes", "--threshold", value)
    assert exited.value.code == EXIT_USAGE
    assert "is not a threshold" in capsys.readouterr().err


def test_mentions_with_the_words_behind_each_tone_toward(capsys, db: Path) -> None:
    plain = export(capsys, db, "mentions", "--actors", "vladimir-putin")
    assert "toward_words" not in plain  # only on request: about 4 ms a mention
    frame = export(capsys, db, "mentions", "--actors", "vladimir-putin", "--words")
    assert frame.drop(columns="toward_words").equals(plain)
    sentences = export(capsys, db, "sentences").set_index(["article_id", "sent_idx"])
    scored = frame[frame["toward_label"].notna()]
    assert len(scored)
    for row in scored.itertuples():
        sentence = sentences.loc[(row.article_id, row.sent_idx)]
        start = row.start - sentence["start"]
        mention = (sentence["text"], start, start + row.end - row.start)
        ((_, found),) = drivers([mention])
        assert row.toward_words == (", ".join(d.word for d in found) or NO_WORD)
    assert frame.loc[frame["toward_label"].isna(), "toward_words"].isna().all()  # "" in CSV


def test_words_for_another_table_is_a_usage_error(capsys, db: Path) -> None:
    code, out, err = run(capsys, db, "trends", "--words")
    assert (code, out) == (EXIT_USAGE, "")
    assert err == "error: --words is for the mentions table, not trends\n"
