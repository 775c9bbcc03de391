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


def test_blanks_on_screen_writes_numbers_as_text_and_missing_ones_as_words() -> None:
    frame = pd.DataFrame({"name": ["a", "b"], "tone": [0.1234, np.nan], "n": [3, 4]})
    shown = blanks.on_screen(frame, {"tone": ("{:+.2f}", blanks.NOT_SCORED), "absent": ("", "")})
    assert shown["tone"].tolist() == ["+0.12", "not scored"]
    assert shown["n"].tolist() == [3, 4]  # a column not named stays as it is
    assert frame["tone"].isna().sum() == 1  # the frame itself keeps its null (exports, CSV)
