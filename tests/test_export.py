"""CSV downloads (analysis/export.py): data a spreadsheet opens as data, never as formulas."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.export import FORMULA_STARTS, csv_safe, neutralise, unneutralise

ROOT = Path(__file__).resolve().parents[1]
FORMULAS = ['=HYPERLINK("http://evil")', "+1", "@SUM(A1)", "-2+3", "'=x", "''+y"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("Vladimir Putin", "Vladimir Putin"),
        ("a=b", "a=b"),
        ("'=x", "''=x"),  # already behind an apostrophe: one more, so it reads back
        ("'plain", "'plain"),
        ("", ""),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_export_neutralise(value, expected):
    assert neutralise(value) == expected


def test_export_csv_safe_neutralises_text_cells_only():
    frame = pd.DataFrame(
        {
            "name": ["=cmd|' /C calc'!A0", "Kim Jong Un", None],
            "tone": [-0.25, 0.5, 0.0],
            "count": [-1, 2, 3],
            "period": pd.to_datetime(["2023-09-04", "2023-09-11", None]),
        }
    )
    text = csv_safe(frame).decode("utf-8")
    back = pd.read_csv(io.StringIO(text))
    assert back["name"].tolist()[:2] == ["'=cmd|' /C calc'!A0", "Kim Jong Un"]
    assert pd.isna(back["name"].iloc[2])
    assert back["tone"].tolist() == [-0.25, 0.5, 0.0]  # negative numbers stay numbers
    assert back["count"].tolist() == [-1, 2, 3]
    assert back["period"].tolist()[:2] == ["2023-09-04", "2023-09-11"]


def test_export_csv_safe_handles_categoricals_and_headers():
    frame = pd.DataFrame({"=head": pd.Categorical(["+x", "y"]), "n": [1, 2]})
    back = pd.read_csv(io.StringIO(csv_safe(frame).decode("utf-8")))
    assert list(back.columns) == ["'=head", "n"]
    assert back["'=head"].tolist() == ["'+x", "y"]


def test_export_csv_safe_keeps_the_frame_and_unicode():
    frame = pd.DataFrame({"name": ["António Guterres", "-x"]})
    out = csv_safe(frame)
    assert out.decode("utf-8").splitlines() == ["name", "António Guterres", "'-x"]
    assert frame["name"].tolist() == ["António Guterres", "-x"]  # not changed in place
    assert not out.startswith(b"\xef\xbb\xbf")


@given(st.text(alphabet=st.sampled_from([*FORMULA_STARTS, "'", "a", "1", " "]) | st.characters()))
def test_export_unneutralise_gives_back_what_neutralise_was_given(value: str) -> None:
    assert unneutralise(neutralise(value)) == value
    assert not neutralise(value).startswith(FORMULA_STARTS)


def _cli(db: Path, *argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "ACTORSCOPE_DB": str(db)}
    env.pop("ACTORSCOPE_REGISTRY", None)
    result = subprocess.run(
        [sys.executable, "-m", "analysis", *argv],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of one article whose title, source and text start like formulas, and an actor
    of each formula-like name."""
    base = tmp_path_factory.mktemp("formulas")
    pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://evil","click")'],
            "source": ["@SUM(A1)"],
            "date": ["2024-03-01"],
            "text": ["-2+3 said Vladimir Putin. It was a horrible, terrible day in Russia."],
        }
    ).to_csv(base / "in.csv", index=False)
    db = base / "s.db"
    _cli(db, "ingest", str(base / "in.csv"))
    for i, name in enumerate(FORMULAS):
        _cli(db, "actors", "add", "--kind", "organization", "--id", f"f{i}", "--", name)
    return db


def _read(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])


@pytest.mark.parametrize(
    "table", ["articles", "sentences", "mentions", "comentions", "trends", "outlets", "actors"]
)
def test_export_cli_csv_has_no_formula_cell(hostile_store: Path, table: str) -> None:
    frame = _read(_cli(hostile_store, "export", table).stdout)
    assert len(frame)
    for col in frame.columns:
        starts = [v for v in frame[col] if isinstance(v, str) and v.startswith(FORMULA_STARTS)]
        assert not starts, (col, starts)


def test_export_cli_neutralises_text_and_keeps_numbers(hostile_store: Path) -> None:
    articles = _read(_cli(hostile_store, "export", "articles").stdout)
    assert articles.loc[0, "title"] == '\'=HYPERLINK("http://evil","click")'
    assert articles.loc[0, "source"] == "'@SUM(A1)"
    assert articles.loc[0, "text"].startswith("'-2+3 said")
    sentences = _read(_cli(hostile_store, "export", "sentences").stdout)
    assert sentences["text"].iloc[0].startswith("'-2+3")
    assert pd.api.types.is_float_dtype(sentences["compound"])  # numbers, not text
    assert (sentences["compound"] < 0).any()  # a negative one, written as -0.x, not '-0.x
    raw = _cli(hostile_store, "export", "articles", "--format", "jsonl").stdout
    assert '"title":"=HYPERLINK' in raw  # JSONL: the data as it is


def test_export_cli_actors_round_trip_through_import(hostile_store: Path, tmp_path: Path) -> None:
    listed = _read(_cli(hostile_store, "export", "actors").stdout)
    shown = dict(zip(listed["actor_id"], listed["name"], strict=True))
    assert [shown[f"f{i}"] for i in range(len(FORMULAS))] == ["'" + n for n in FORMULAS]
    for command in (["export", "actors"], ["actors", "list"]):
        path = tmp_path / "actors.csv"
        path.write_text(_cli(hostile_store, *command).stdout, encoding="utf-8")
        before = _cli(hostile_store, "actors", "list", "--format", "jsonl").stdout
        _cli(hostile_store, "actors", "import", str(path))
        after = _cli(hostile_store, "actors", "list", "--format", "jsonl").stdout
        assert after == before
        names = pd.read_json(io.StringIO(after), lines=True).set_index("actor_id")["name"]
        assert [names[f"f{i}"] for i in range(len(FORMULAS))] == FORMULAS
