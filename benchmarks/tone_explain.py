"""The words behind the tone toward (analysis/tone/explain.py): what a page of Evidence costs.

    python -m benchmarks.tone_explain

NewsMTSC's dev targets (../shared/corpora), explained in pages of PAGE mentions (25 rows of
about 1.6 actors each), on one core; the least CPU time of three runs. Then how much the words
say: how many mentions have none (no one word moved the label's measure by MIN_PULL), and how
often leaving all of a mention's words out at once changes its label.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported

import json  # noqa: E402
import sys  # noqa: E402

from analysis.tone import predict_batch  # noqa: E402
from analysis.tone.explain import drivers, without  # noqa: E402
from analysis.tone.features import tokens  # noqa: E402
from benchmarks.tone_speed import CORPUS, best  # noqa: E402

PAGE = 40  # mentions a page of Evidence explains


def main() -> int:
    if not CORPUS.exists():
        print("NewsMTSC is not in ../shared/corpora: nothing to measure", file=sys.stderr)
        return 1
    every = []
    for line in (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        every += [(row["sentence_normalized"], t["from"], t["to"]) for t in row["targets"]]
    predict_batch(every[:10])  # the model loads once, outside the timing
    pages = [every[i : i + PAGE] for i in range(0, len(every), PAGE)]
    seconds = best(lambda: [drivers(p) for p in pages])
    words = sum(len(tokens(s)) for s, _, _ in every) / len(every)
    print(f"{len(every)} dev mentions ({words:.0f} tokens a sentence) in {len(pages)} pages of "
          f"{PAGE}: {seconds:.2f} s of CPU, {seconds / len(pages) * 1000:.0f} ms a page, "
          f"{len(every) / seconds:,.0f} mentions/s")  # fmt: skip
    said = [d for p in pages for d in drivers(p)]
    none = sum(not found for _, found in said)
    cut = []
    for (label, found), mention in zip(said, every, strict=True):
        if found:
            for d in sorted(found, key=lambda d: -d.start):  # right to left: spans stay put
                mention = without(*mention, d.start, d.end)
            cut.append((label, mention))
    flipped = sum(
        a != b for (a, _), (b, _) in zip(cut, predict_batch([m for _, m in cut]), strict=True)
    )
    print(f"no word: {none} of {len(every)} ({none / len(every):.0%}); all words out changes "
          f"the label of {flipped} of {len(cut)} ({flipped / len(cut):.0%})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
