"""Tone toward a mention (analysis/tone/): mentions per second on one core.

    python -m benchmarks.tone_speed

NewsMTSC's train and dev targets (../shared/corpora), scored in the CLI's batches and one at a
time; the least CPU time of three runs. One core: numpy's BLAS gets one thread.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from analysis.tone import predict, predict_batch  # noqa: E402
from analysis.tone.cli import BATCH  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "newsmtsc"
REPEATS = 3


def mentions() -> list[tuple[str, int, int]]:
    out = []
    for split in ("train", "dev"):
        for line in (CORPUS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [(row["sentence_normalized"], t["from"], t["to"]) for t in row["targets"]]
    return out


def best(run, repeats: int = REPEATS) -> float:
    """The least CPU time of the runs: the process's own seconds on its one core, which other
    load on the host does not add to (wall time would)."""
    times = []
    for _ in range(repeats):
        t = time.process_time()
        run()
        times.append(time.process_time() - t)
    return min(times)


def main() -> int:
    if not CORPUS.exists():
        print("NewsMTSC is not in ../shared/corpora: nothing to measure", file=sys.stderr)
        return 1
    every = mentions()
    predict_batch(every[:10])  # the model loads once, outside the timing
    batched = best(
        lambda: [predict_batch(every[i : i + BATCH]) for i in range(0, len(every), BATCH)]
    )
    few = every[:1000]
    single = best(lambda: [predict(*m) for m in few])
    print(f"{len(every)} mentions in batches of {BATCH}: {batched:.2f} s of CPU, "
          f"{len(every) / batched:,.0f} mentions/s")  # fmt: skip
    rate = len(few) / single
    print(f"{len(few)} mentions one at a time: {single:.2f} s of CPU, {rate:,.0f} mentions/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
