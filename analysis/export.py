"""Tables as files to download: CSV that a spreadsheet opens as data, never as formulas."""

from __future__ import annotations

import sys

import pandas as pd

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# (OWASP, "CSV injection"): = + - @, and tab or carriage return before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A string that a spreadsheet would run as a formula, prefixed with ' ; anything else as is.

    A string that is such a one behind apostrophes gets one more ("'=x" -> "''=x"), so that
    unneutralise gives back every string exactly.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value: object) -> object:
    """What neutralise was given: a cell read back from a CSV file that csv_safe wrote."""
    if isinstance(value, str) and value.startswith("'") and neutralise(value[1:]) != value[1:]:
        return value[1:]
    return value


def csv_safe(df: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV bytes (no index), with formula-like text cells neutralised.

    Only text is touched: numbers, dates and missing values are written as they are, so a
    negative number stays a number. Column names are neutralised too.
    """
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype) or not (
            pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
        ):
            out[col] = series.astype(object).map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out.to_csv(index=False).encode("utf-8")


def write_table(table: pd.DataFrame, fmt: str) -> None:
    """The table to stdout: CSV as the app's downloads are (formula-like text cells made
    inert), JSONL as the data is."""
    if fmt == "csv":
        sys.stdout.write(csv_safe(table).decode("utf-8"))
    else:
        table.to_json(sys.stdout, orient="records", lines=True, date_format="iso", date_unit="s")
