"""scripts/train_tone.py rebuilds what it recorded: the short retrain's checksum matches.

The full build's checksum is checked on every load (analysis/tone/model.py); this test shows
the script that wrote it is seeded and deterministic, by rebuilding the recorded short retrain
(the first SAMPLE train targets). It needs the `train` extra and ../shared/corpora.
"""

from __future__ import annotations

import importlib.util
import sys
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "newsmtsc" / "train.jsonl"
MISSING = [
    m
    for m in ("torch", "tokenizers", "safetensors", "wordllama")
    if not importlib.util.find_spec(m)
]


@pytest.mark.skipif(not CORPUS.exists(), reason="NewsMTSC is not in ../shared/corpora")
@pytest.mark.skipif(bool(MISSING), reason=f"the train extra is not installed ({MISSING})")
def test_the_short_retrain_rebuilds_its_recorded_checksum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import train_tone

    recorded = (resources.files("analysis.tone") / "data" / "tone.sha256").read_text().split()
    assert recorded[3] == f"sample-{train_tone.SAMPLE}-targets-{train_tone.SAMPLE_EPOCHS}-epochs"
    assert train_tone.sample_checksum() == recorded[2]
    sys.modules.pop("train_tone", None)
