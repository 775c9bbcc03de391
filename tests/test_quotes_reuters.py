"""Speaker attribution on Reuters-21578, against 100 quotations read by hand
(tests/data/reuters_quotes.csv: benchmarks/quote_sample.py's first attributed quotation of
every 7th story, from the 0th and from the 3rd). The "tuned" fifty were read before the
attribution rules were last changed, the "held-out" fifty after, and not tuned on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.found import FOUND_ENV
from benchmarks.quote_sample import CORPUS, sample

LABELS = Path(__file__).parent / "data" / "reuters_quotes.csv"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason=f"{CORPUS} is absent")


@pytest.mark.parametrize(("name", "offset", "least"), [("tuned", 0, 0.96), ("held-out", 3, 0.96)])
def test_quotes_reuters_speaker_precision(
    monkeypatch: pytest.MonkeyPatch, name: str, offset: int, least: float
) -> None:
    monkeypatch.setenv(FOUND_ENV, "on")  # as in the app: Reuters' companies are in no list
    labels = pd.read_csv(LABELS, keep_default_na=False)
    labels = labels[labels["sample"] == name]
    right = {
        (int(n), int(s), str(a)): bool(r)
        for n, s, a, r in labels[["newid", "sent_idx", "speaker_id", "right"]].to_numpy()
    }
    found = [(n, s, a) for n, s, a, _ in sample(len(labels), offset)]
    # The quotations found are those read: a change of rules that moves them needs a new read.
    assert [k for k in found if k not in right] == []
    precision = sum(right[k] for k in found) / len(found)
    print(f"{name}: speaker precision {precision:.2f} over {len(found)}")
    assert precision >= least
