"""`python -m analysis export quotes`: one row per quotation and actor named in it, narrowed
by --actors, --start, --end and --sources like every export."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.cli import EXIT_OK, main
from analysis.pipeline import analyse
from analysis.quotes import EXPORT_COLUMNS
from analysis.store import Store

OTHER = (
    "b1",
    "Biden on Putin",
    "Wire",
    "2023-10-02",
    "\u201cPutin has lost this war already,\u201d Biden said. Kim stayed silent.",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory, seed_articles, seed_analysis, matcher) -> Path:
    path = tmp_path_factory.mktemp("quotes") / "s.db"
    store = Store(str(path))
    store.add(seed_articles, *seed_analysis)
    other = pd.DataFrame([OTHER], columns=["article_id", "title", "source", "published", "text"])
    other = schema.conform(other.assign(origin="pasted"), schema.ARTICLES)
    store.add(other, *analyse(other, matcher, workers=1))
    store.close()
    return path


def export(capsys, db: Path, *argv: str) -> pd.DataFrame:
    code = main(["--db", str(db), "export", "quotes", *argv])
    out, err = capsys.readouterr()
    assert (code, err) == (EXIT_OK, "")
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])


def test_export_quotes_every_one(capsys, db: Path) -> None:
    frame = export(capsys, db)
    assert list(frame.columns) == EXPORT_COLUMNS
    pairs = frame[["article_id", "sent_idx", "speaker_id", "target_id"]].to_numpy().tolist()
    assert pairs == [
        ["b1", 0, "joe-biden", "vladimir-putin"],
        ["seed", 7, "jake-sullivan", "north-korea"],
        ["seed", 8, "jake-sullivan", "north-korea"],
        ["seed", 8, "jake-sullivan", "russia"],
        ["seed", 8, "jake-sullivan", "ukraine"],
    ]
    assert set(frame["tone_measure"]) == {"toward"}
    assert frame["compound"].between(-1, 1).all()


def test_export_quotes_of_a_view(capsys, db: Path) -> None:
    about = export(capsys, db, "--actors", "russia")
    assert about[["speaker_id", "target_id"]].to_numpy().tolist() == [["jake-sullivan", "russia"]]
    by = export(capsys, db, "--actors", "joe-biden")
    assert by["target_id"].tolist() == ["vladimir-putin"]
    assert export(capsys, db, "--start", "2023-10-01")["article_id"].tolist() == ["b1"]
    assert set(export(capsys, db, "--end", "2023-09-30")["article_id"]) == {"seed"}
    assert export(capsys, db, "--sources", "Hot Air")["article_id"].unique().tolist() == ["seed"]
