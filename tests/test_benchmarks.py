"""The benchmark's own parts on a tiny corpus: every figure is there and the table adds up.
No time is asserted: speed is for `make bench` to print, not for tests to pass or fail on."""

from __future__ import annotations

import pytest

from benchmarks import ingest_speed, split_speed
from benchmarks.__main__ import _ingest_row, _report
from benchmarks.corpus import generate, write_corpus
from benchmarks.ingest_speed import EDITS, FULL, IngestRun, measure


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> IngestRun:
    folder = tmp_path_factory.mktemp("bench")
    files = write_corpus(generate(40, seed=3), folder / "corpus")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ingest_speed, "CEILING_SENTENCES", 2_000)
        return measure("tiny", files, folder / "store.db", repeats=2)


def test_benchmarks_measure_counts_the_corpus(run: IngestRun) -> None:
    assert run.articles == 40
    assert run.sentences > run.articles
    assert run.mentions > 0
    assert set(run.rematch_s) == {*EDITS, FULL}
    timings = [run.floor_s, run.scorer_s, run.one_core_s, run.all_cores_s, run.ceiling]
    assert all(t > 0 for t in [*timings, *run.rematch_s.values()])
    assert run.store_mb > 0


def test_benchmarks_report_rows_match_the_header(run: IngestRun) -> None:
    board = {
        "corpus": "tiny", "mention_rows": 10, "first_load_s": 0.5, "trends_rerun_ms": 40,
        "comentions_rerun_ms": 50, "peak_mb": 300, "store_mb": 1.0,
    }  # fmt: skip
    lines = _report([run], [board]).splitlines()
    tables = [i for i, line in enumerate(lines) if line.startswith("| --- |")]
    assert len(tables) == 2
    for at in tables:
        header, rule, row = lines[at - 1], lines[at], lines[at + 1]
        assert header.count("|") == rule.count("|") == row.count("|")
    assert _ingest_row(run) in lines


def test_benchmarks_split_speed_rows_match_the_header() -> None:
    runs = split_speed.measure((0.01, 0.02), repeats=1)
    assert [r.paragraph for r in runs] == list(split_speed.PARAGRAPHS)
    for r in runs:
        assert list(r.seconds) == [0.01, 0.02]
        assert 0 < r.sentences[0.01] <= r.sentences[0.02]
        assert r.mb_per_s > 0
    lines = split_speed.section(runs)
    at = next(i for i, line in enumerate(lines) if line.startswith("| --- |"))
    header, rule, rows = lines[at - 1], lines[at], lines[at + 1 : at + 1 + len(runs)]
    assert rows == [split_speed.row(r) for r in runs]
    assert all(header.count("|") == rule.count("|") == row.count("|") for row in rows)
    assert "\n".join(lines) in _report([], [], runs)


@pytest.mark.parametrize(("piece", "megabytes"), [("Ab. ", 0.01), ("\u00a0é.", 0.001)])
def test_benchmarks_split_speed_paragraph_has_the_size(piece: str, megabytes: float) -> None:
    text = split_speed.paragraph(piece, megabytes)
    assert int(megabytes * 2**20) - 3 <= len(text.encode()) <= int(megabytes * 2**20)
    assert "\n" not in text


def test_benchmarks_split_speed_without_sizes_has_no_section() -> None:
    assert split_speed.measure(split_speed.sizes("")) == []
    assert split_speed.section([]) == []
    assert split_speed.sizes("1, 2,") == (1.0, 2.0)
