"""Missing values on screen are words, never "None" (analysis/blanks.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import blanks


def test_blanks_text_and_days_name_what_is_missing() -> None:
    sources = pd.Series(["Wire", None, float("nan")], dtype=object)
    assert blanks.text(sources, blanks.NO_SOURCE).tolist() == ["Wire", "no source", "no source"]
    assert blanks.text(pd.Series([None, "T"], dtype=object)).tolist() == ["\u2014", "T"]
    days = pd.Series(pd.to_datetime(["2023-09-12 15:00", None]))
    assert blanks.day(days).tolist() == ["2023-09-12", "undated"]


def test_blanks_numeric_keeps_numbers_that_sort_as_numbers() -> None:
    # Text "+0.50" sorts before "-0.10" and "10%" before "9%": the regression this guards.
    frame = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d"],
            "tone": pd.Series([0.5, None, -0.1, 0.05], dtype=object),
            "share": pd.array([0.1, 0.09, None, 1.0], dtype="Float64"),
            "n": [3, 4, 5, 6],
        }
    )
    shown = blanks.numeric(frame, ["tone", "share", "absent"])
    assert shown["tone"].dtype == np.float64
    assert shown["share"].dtype == np.float64
    assert shown["tone"].isna().tolist() == [False, True, False, False]
    assert shown.sort_values("tone")["name"].tolist() == ["c", "d", "a", "b"]
    assert shown.sort_values("share")["name"].tolist() == ["b", "a", "d", "c"]
    assert shown["n"].tolist() == [3, 4, 5, 6]  # a column not named stays as it is
    assert frame["tone"].dtype == object  # the frame itself is left alone (exports, CSV)
    assert blanks.numeric(frame, [], percent=["share"])["share"].tolist()[:2] == [10.0, 9.0]
