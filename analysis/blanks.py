"""What a table on screen shows where a value is missing: a word, never "None".

Streamlit's grid draws every missing cell as "None", as if a source were called that, and it
ignores a pandas Styler's na_rep; a stand-in number written as a word by a Styler looks right
but the grid's accessible copy reads out the stand-in ("-Infinity"). So on screen a column
with missing values is text: the value as its format writes it, or the word. Such a column
sorts as text; its order is the table's. Only for display: exports and the frames behind a
selection keep their numbers and nulls.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

NO_SOURCE = "no source"
NOT_SCORED = "not scored"
UNDATED = "undated"
DASH = "\u2014"  # —


def text(values: pd.Series, word: str = DASH) -> pd.Series:
    """Text for a table cell: the word where the value is missing."""
    return values.astype(object).where(values.notna(), word).astype(str)


def day(values: pd.Series, word: str = UNDATED) -> pd.Series:
    """A date as YYYY-MM-DD text (which sorts as the dates do), the word where there is none."""
    days = pd.to_datetime(values)
    return text(days.dt.strftime("%Y-%m-%d"), word)


def on_screen(frame: pd.DataFrame, numbers: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """The frame for st.dataframe with numbers[column] = (format, word): each such column as
    text, the value written with the format ("{:+.2f}") or the word where it is missing. Show
    those columns as st.column_config.TextColumn (right-aligned, as numbers are)."""
    shown = frame.copy()
    for column, (fmt, word) in numbers.items():
        if column in shown.columns:
            values = shown[column].astype(np.float64)
            shown[column] = [word if np.isnan(x) else fmt.format(x) for x in values.tolist()]
    return shown
