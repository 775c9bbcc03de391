"""The finder's run pattern (analysis/found/runs.py) asserts its first word's boundary after
the capital, for speed: it finds what the plain `\\b` form finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.found import runs, words

# The same pattern as runs._RUN with its word boundary first, as it was written before.
PLAIN = re.compile(r"\b" + words.U + runs._RUN.pattern[len(words.U) + len(r"(?<!\w.)") :])
PIECES = ["A", "Bank", "of", "England", "von", "der", "al-", "Assad", "É", "é", "ß", "ǅ", "_",
          "1", "-", "'", ".", "&", "\u2019", " ", "  ", "\n", "\t", "x", "U.S.", "McDonald's",
          "<", ">", "(", '"']  # fmt: skip


def test_run_pattern_is_the_plain_one_but_its_boundary() -> None:
    assert runs._RUN.pattern.startswith(words.U + r"(?<!\w.)")
    assert all(re.fullmatch(r"\w", c) for c in words.UPPER)  # so no capital follows a \w


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_run_pattern_finds_what_the_plain_one_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [m.span() for m in runs._RUN.finditer(text)] == [m.span() for m in PLAIN.finditer(text)]
