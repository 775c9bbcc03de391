"""The words that drove the tone toward a mention (analysis/tone/explain.py)."""

from __future__ import annotations

import pytest

from analysis import tone
from analysis.tone import explain
from analysis.tone.model import shipped

TWO_TONES = "Critics accused Smith of lying, while Jones won praise for her honesty."
SENTENCES = [
    (TWO_TONES, "Smith"),
    (TWO_TONES, "Jones"),
    ("The senator said nothing about the budget on Tuesday.", "senator"),
    ("Nobody praised Ms. Lee for the failure, and her allies despaired.", "Ms. Lee"),
]


def span(sentence: str, name: str) -> tuple[str, int, int]:
    start = sentence.index(name)
    return sentence, start, start + len(name)


@pytest.mark.parametrize(("sentence", "name"), SENTENCES)
def test_drivers_are_words_of_the_sentence_and_leaving_each_out_moves_the_score(
    sentence: str, name: str
) -> None:
    mention = span(sentence, name)
    ((label, found),) = explain.drivers([mention])
    assert label == tone.predict(*mention)[0]
    assert found, "some word drove each of these"
    assert len(found) <= explain.TOP
    full = shipped().probabilities([mention])[0]
    for d in found:
        assert sentence[d.start : d.end] == d.word
        assert d.end <= mention[1] or d.start >= mention[2], "never the name's own words"
        cut = shipped().probabilities([explain.without(*mention, d.start, d.end)])[0]
        # Without the word, the label's measure falls by the pull stated, and at least MIN_PULL.
        fall = float(explain.measure(full, label) - explain.measure(cut, label))
        assert fall == pytest.approx(d.pull, abs=1e-3)
        assert fall >= explain.MIN_PULL
        if label == "positive":
            assert cut[2] - cut[0] < full[2] - full[0]  # the score falls toward negative
        elif label == "negative":
            assert cut[2] - cut[0] > full[2] - full[0]  # the score rises toward positive
    assert [d.pull for d in found] == sorted((d.pull for d in found), reverse=True)


def test_opposite_tones_in_one_sentence_have_their_own_words() -> None:
    (smith_label, smith), (jones_label, jones) = explain.drivers(
        [span(TWO_TONES, "Smith"), span(TWO_TONES, "Jones")]
    )
    assert (smith_label, jones_label) == ("negative", "positive")
    assert "accused" in {d.word for d in smith}
    assert {"praise", "honesty"} & {d.word for d in jones}


def test_cutting_a_word_before_the_name_shifts_its_span() -> None:
    sentence, start, end = span(TWO_TONES, "Jones")
    cut, a, b = explain.without(sentence, start, end, 8, 15)  # "accused"
    assert cut[a:b] == "Jones"
    cut, a, b = explain.without(sentence, start, end, 63, 70)  # "honesty", after it
    assert (cut[a:b], "honesty" in cut) == ("Jones", False)


def test_a_sentence_of_only_the_name_has_no_drivers() -> None:
    assert explain.drivers([("Smith", 0, 5)])[0][1] == []
    assert explain.drivers([]) == []
