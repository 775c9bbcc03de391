"""What a table on screen shows where a value is missing: a word, never "None".

Streamlit's grid draws a missing cell as "None" (as if a source were called that) unless
st.dataframe is given a placeholder. Text columns carry their word (text, day); a number
column stays a float column with NaN where the value is missing, so it sorts as numbers, and
the page passes the table's word as the placeholder (PLACEHOLDER). Exports and the frames
behind a selection keep the same numbers and nulls.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

NO_SOURCE = "no source"
NOT_SCORED = "not scored"
UNDATED = "undated"
DASH = "\u2014"  # —
# st.dataframe(placeholder=...) for a table whose only missing cells are numbers.
PLACEHOLDER = DASH


def text(values: pd.Series, word: str = DASH) -> pd.Series:
    """Text for a table cell: the word where the value is missing."""
    return values.astype(object).where(values.notna(), word).astype(str)


def day(values: pd.Series, word: str = UNDATED) -> pd.Series:
    """A date as YYYY-MM-DD text (which sorts as the dates do), the word where there is none."""
    days = pd.to_datetime(values)
    return text(days.dt.strftime("%Y-%m-%d"), word)


def numeric(
    frame: pd.DataFrame, columns: Iterable[str], percent: Iterable[str] = ()
) -> pd.DataFrame:
    """The frame for st.dataframe with each named column as float64, NaN where missing
    (None, pd.NA, a nullable dtype's null), so the grid sorts it as numbers and draws the
    placeholder in its empty cells. Show those columns as st.column_config.NumberColumn.
    Shares in `percent` are times 100, for a "%.0f%%" format: the grid's own "percent"
    writes as many decimals as each value has (2.5%, 6.25%, 33.33% in one column)."""
    shown = frame.copy()
    for column in [*columns, *percent]:
        if column in shown.columns:
            shown[column] = pd.to_numeric(shown[column], errors="coerce").astype(np.float64)
    for column in percent:
        if column in shown.columns:
            shown[column] = shown[column] * 100
    return shown
