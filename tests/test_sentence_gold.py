"""The splitter on the sentence gold set (tests/data/sentences_gold.txt), and the gold set's
reader and scoring (benchmarks/split_gold.py). Speed is the benchmark's, never asserted."""

from __future__ import annotations

import pytest

from benchmarks import split_gold
from benchmarks.split_gold import MARK, Case, boundaries, misses, read_gold, score, table

# Measured when the gold set was written (the splitter before the issue 17 fixes: precision
# 0.955, recall 0.887, 50 of 56 cases exact). A change that loses a boundary fails here.
PRECISION, RECALL, EXACT = 1.0, 0.972, 54


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return read_gold()


def test_sentence_gold_splitter_holds_its_accuracy(cases: list[Case]) -> None:
    ours = split_gold.available()["ActorScope"]
    measured = score("ActorScope", ours, cases)
    assert round(measured.precision, 3) >= PRECISION
    assert round(measured.recall, 3) >= RECALL
    assert measured.exact >= EXACT
    # The cases it gets wrong, by name: a new miss shows here first.
    assert [c.note for c in misses(ours, cases)] == [
        "time abbreviation ends a sentence",  # "at 6 p.m. By midnight"
        "no space after the full stop",
    ]


def test_sentence_gold_set_reads_every_case(cases: list[Case]) -> None:
    assert len(cases) == 56
    assert sum(len(c.starts) for c in cases) == 71
    kinds = {c.kind for c in cases}
    assert {"abbreviation", "initials", "quotes", "headings", "datelines", "lists"} <= kinds
    assert {"newswire", "numbers", "punctuation"} <= kinds
    for case in cases:
        assert MARK not in case.text
        assert case.text == case.text.strip("\n")
        # A boundary is at a visible character, after the text's first.
        assert all(0 < s < len(case.text) and not case.text[s].isspace() for s in case.starts)


def test_sentence_gold_reader_places_boundaries(tmp_path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(
        "# header ¦ no case\n=== quotes: two\nIt rained. ¦It stopped.\n"
        "=== headings: a heading\nTitle\n\n    ¦Body.\n",
        encoding="utf-8",
    )
    first, second = read_gold(path)
    assert (first.kind, first.note, first.text) == ("quotes", "two", "It rained. It stopped.")
    assert first.starts == {11}
    assert second.text == "Title\n\n    Body."
    assert second.starts == {11}


def test_sentence_gold_scores_boundaries_not_spans() -> None:
    text = "One. Two. Three."
    case = Case("k", "n", text, frozenset({5, 10}))
    assert boundaries([0, 4, 10], text) == {5, 10}  # white space skipped, the first left out
    perfect = score("gold", lambda t: [0, 5, 10], [case])
    assert (perfect.precision, perfect.recall, perfect.f1, perfect.exact) == (1.0, 1.0, 1.0, 1)
    glued = score("glued", lambda t: [0], [case])
    assert (glued.found, glued.spurious, glued.missed, glued.recall) == (0, 0, 2, 0.0)
    assert glued.precision == 1.0  # nothing claimed, nothing wrong
    split = score("split", lambda t: [0, 2, 5, 10], [case])
    assert (split.found, split.spurious, split.precision) == (2, 1, 2 / 3)


def test_sentence_gold_benchmark_skips_absent_splitters(
    monkeypatch: pytest.MonkeyPatch, cases: list[Case]
) -> None:
    monkeypatch.setitem(
        split_gold.SPLITTERS, "absent 1.0", ("no_such_splitter_module", lambda: None)
    )
    assert "absent 1.0" not in split_gold.available()
    scores, _ = split_gold.measure(speed=False)
    assert scores[0].splitter == "ActorScope"
    lines = table(scores, "nothing")
    assert len(lines) == 4 + len(scores)
    assert lines[4].startswith("| ActorScope | 1.000 | 0.972 |")
    assert lines[4].endswith("| 54/56 | — |")
