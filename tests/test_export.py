"""CSV downloads (analysis/export.py): data a spreadsheet opens as data, never as formulas."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.export import csv_safe, neutralise


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
