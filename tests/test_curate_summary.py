"""curate.summarise: per found entity its majority name and kind, counts, newest upload and
first sentence, newest upload first."""

from __future__ import annotations

import pandas as pd

from analysis.registry import curate
from benchmarks.found_list import rows_of


def test_summarise_takes_the_majority_and_the_first_sentence() -> None:
    t0, t1 = pd.Timestamp("2024-01-01", tz="UTC"), pd.Timestamp("2024-02-01", tz="UTC")
    rows = pd.DataFrame(
        [
            ("found:x", "X Corp", "organization", "a2", 2, 5, t0),
            ("found:x", "X CORP", "person", "a1", 1, 7, t0),
            ("found:x", "X Corp", "person", "a1", 1, 3, t0),
            ("found:y", "Yvonne", "person", "a3", 1, 0, t1),
        ],
        columns=["actor_id", "name", "kind", "article_id", "n", "first", "newest"],
    )
    table = curate.summarise(rows)
    assert table["actor_id"].tolist() == ["found:y", "found:x"]  # the newest upload first
    x = table.set_index("actor_id").loc["found:x"]
    assert (x["name"], x["kind"], x["mentions"], x["articles"]) == ("X Corp", "organization", 4, 2)
    # ties (2 and 2 of person and organization) go to the first in order
    assert (x["first_article"], x["first_sent_idx"]) == ("a1", 3)


def test_summarise_the_benchmarks_rows() -> None:
    rows = rows_of(2_000)
    table = curate.summarise(rows)
    assert len(table) == rows["actor_id"].nunique()
    assert table["mentions"].sum() == rows["n"].sum()
    assert (table["articles"] <= table["mentions"]).all()
