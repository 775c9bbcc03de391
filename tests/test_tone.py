"""The tone-toward model (analysis/tone/): labels, scores, batches, the shipped checksum."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis import tone
from analysis.tone import features, grouped
from analysis.tone.model import (
    ARRAYS,
    CHECKSUM,
    WEIGHTS,
    ModelError,
    checksum,
    read_arrays,
    shipped,
)

# Two actors, opposite tones, one sentence: VADER gives both the sentence's one number. The
# shipped model gets this one right (not every such sentence: see the README).
TWO_TONES = "Critics accused Smith of lying, while Jones won praise for her honesty."


def span(sentence: str, name: str) -> tuple[str, int, int]:
    start = sentence.index(name)
    return sentence, start, start + len(name)


def test_two_actors_in_opposite_tones_get_opposite_labels() -> None:
    (smith, s_score), (jones, j_score) = tone.predict_batch(
        [span(TWO_TONES, "Smith"), span(TWO_TONES, "Jones")]
    )
    assert (smith, jones) == ("negative", "positive")
    assert s_score < 0 < j_score


def test_a_batch_scores_as_one_mention_at_a_time() -> None:
    mentions = [
        span(TWO_TONES, "Jones"),
        span("The senator said nothing.", "senator"),
        span(TWO_TONES, "Smith"),
        span("Nobody praised Ms. Lee for the failure.", "Ms. Lee"),
    ]
    batch = tone.predict_batch(mentions)
    one_by_one = [tone.predict(*m) for m in mentions]
    assert [b[0] for b in batch] == [o[0] for o in one_by_one]
    assert np.allclose([b[1] for b in batch], [o[1] for o in one_by_one], atol=1e-4)
    assert all(label in tone.LABELS and -1 <= score <= 1 for label, score in batch)


def test_no_mentions_no_scores() -> None:
    assert tone.predict_batch([]) == []


def test_a_span_on_no_token_still_scores() -> None:
    label, _ = tone.predict("A  B", 1, 2)  # only the space: the whole sentence is context
    assert label in tone.LABELS


def test_regions_cut_the_sentence_around_the_mention() -> None:
    batch = features.build([span(TWO_TONES, "Jones")], {}, {})
    edges = batch.bounds[0]
    toks = features.tokens(TWO_TONES)
    target = features.REGIONS.index("target")
    assert [t for t, _, _ in toks[edges[target] : edges[target + 1]]] == ["Jones"]
    assert [t for t, _, _ in toks[edges[target - 1] : edges[target]]] == ["lying", ",", "while"]


def test_the_shipped_weights_are_the_recorded_ones() -> None:
    arrays = read_arrays()  # raises ModelError unless the checksum matches
    assert set(ARRAYS) <= set(arrays)
    changed = dict(arrays, b2=arrays["b2"] + 1e-3)
    assert checksum(changed) != checksum(arrays)


def test_weights_not_the_recorded_ones_are_refused(tmp_path: Path) -> None:
    arrays = read_arrays()
    np.savez(tmp_path / WEIGHTS, **dict(arrays, b1=arrays["b1"] * 2))
    (tmp_path / CHECKSUM).write_text(f"{checksum(arrays)}  {WEIGHTS}\n")
    with pytest.raises(ModelError, match="not the ones recorded"):
        read_arrays(tmp_path)
    (tmp_path / CHECKSUM).unlink()
    with pytest.raises(ModelError, match="cannot be read"):
        read_arrays(tmp_path)


def test_grouped_running_sums_per_batch_give_the_same_bits(monkeypatch) -> None:
    # Past 2 ** (53 - bits) tokens a chunk's word vectors are summed afresh per batch
    # (analysis/tone/grouped.py): that path must give what the one running sum gives.
    model = shipped()
    one = "Kim praised Putin warmly, but Smith attacked him."
    groups = [
        [(one, 0, 3), (one, 12, 17), (one, 30, 35)],
        [("The talks failed, Lee said.", 18, 21)],
    ]
    want = grouped.predict_groups(model, groups)
    tokens = grouped._tokens(model)
    columns, _ = tokens.table(model)
    monkeypatch.setattr(tokens, "_table", (columns, 0))  # no running sum is exact
    assert grouped.predict_groups(model, groups) == want
    assert [len(g) for g in want] == [3, 1]
