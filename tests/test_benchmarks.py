"""The benchmark's own parts on a tiny corpus: every figure is there and the table adds up.
No time is asserted: speed is for `make bench` to print, not for tests to pass or fail on."""

from __future__ import annotations

import pytest

from benchmarks import cluster_model, cluster_speed, ingest_speed, split_speed
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


def test_benchmarks_hostile_inputs_rows_match_the_header() -> None:
    """The hostile-input tables, from runs made up here (the real ones take minutes)."""
    from benchmarks import hostile_inputs

    inputs = [
        hostile_inputs.InputRun("a", 2**20, 1.5, 150.0, 1, 0, 0.2, 105.0, outcome="refused: x"),
        hostile_inputs.InputRun("b", 2**19, 4.4, 166.0, 0, 1, 0.5, 113.0, 1.0, 108.0, "1 stored"),
    ]
    loads = [hostile_inputs.LoadRun("hosted", 2.0, 10.0, 30.0, [3.0, 2.5, 5.0], "Added")]
    lines = hostile_inputs.section(inputs, loads)
    tables = [i for i, line in enumerate(lines) if line.startswith("| --- |")]
    assert len(tables) == 2
    for at, rows in zip(tables, (len(inputs), len(loads)), strict=True):
        header, rule = lines[at - 1], lines[at]
        for row in lines[at + 1 : at + 1 + rows]:
            assert header.count("|") == rule.count("|") == row.count("|")
    assert loads[0].ratio == 1.5  # the median during (3.0) over idle
    assert "| hosted | 2.00 | 3 | 3.00 | 5.00 | 1.50x |" in lines[tables[1] + 1]
    assert hostile_inputs.section([], []) == []


def test_benchmarks_hostile_inputs_measures_one_input() -> None:
    """One small input through the CLI and the sandbox, for real."""
    from benchmarks import hostile_inputs

    (run,) = hostile_inputs.measure_inputs(["200 overlapping entries of 1 MiB"])
    assert run.cli_exit == 1  # some inputs rejected
    assert run.cli_stored == 0
    assert run.cli_peak_mb > 0
    assert run.preview_peak_mb is not None
    assert run.preview_peak_mb > 0
    assert run.outcome == (
        "refused: members 'a0.txt' and 'a1.txt' overlap (a zip bomb?); not loaded"
    )
    assert run.add_s is None


def test_benchmarks_cluster_speed_rows_match_the_header() -> None:
    runs = [cluster_speed.ClusterRun("tiny", 40, 2.0, 2.5, 1.0)]
    assert runs[0].ratio == pytest.approx(1.25)
    lines = cluster_speed.section(runs)
    at = next(i for i, line in enumerate(lines) if line.startswith("| --- |"))
    header, rule, row = lines[at - 1], lines[at], lines[at + 1]
    assert row == cluster_speed.row(runs[0]) == "| tiny | 40 | 2.00 | 2.50 | 1.00 | 1.25x |"
    assert header.count("|") == rule.count("|") == row.count("|")
    assert cluster_speed.section([]) == []


def test_cluster_model_is_bounded_by_the_clients_serial_share() -> None:
    costs = cluster_model.Costs(
        jobs=10, articles=2_000, load=1.0, start=0.0, ship=0.5, warm=0.5,
        compute=0.4, worker_io=0.0, client_io=0.05, write=0.05,
    )  # fmt: skip
    # One worker: 1 + 0.5 + 0.5 + 10 jobs x 0.4 + the first job filling the pipeline.
    assert costs.time(1) == pytest.approx(6.4)
    assert costs.time(2) == pytest.approx(4.4)
    assert costs.saturation() == pytest.approx(4.0)  # 0.4 / (0.05 + 0.05)
    assert costs.time(4) == costs.time(32)  # past N*, the client's writes are the bound
    lines = cluster_model.table(costs, (1, 2))
    assert lines[2:] == ["| 1 | 6.40 | 1.00x |", "| 2 | 4.40 | 1.45x |"]
