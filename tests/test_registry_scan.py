"""The Aho-Corasick scanner (analysis/registry/scan.py) finds what the trie regex finds."""

from __future__ import annotations

import pickle

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.registry.matcher import Matcher
from analysis.registry.patterns import _name_pattern
from analysis.registry.scan import NameScanner

NAMES = ["Putin", "Vladimir Putin", "U.S.", "US", "USA", "USA Today", "Kim", "Kim Jong-un",
         "North Korea", "North Koreans", "Korea", "Bank of America", "America", "Élysée",
         "New Mexico", "Mexico", "O'Neill", "Fed"]  # fmt: skip
PIECES = [*NAMES, " ", "  ", "\n", "\n    ", "\t", ".", ",", "'s", "s", "x", "-", "<", ">", "_",
          "Dr.", "de", "\u00a0", "\u2009", "é", "\r", "\x0b", "\x0c", "\x1c", "\x1f"]  # fmt: skip


def regex_spans(names: list[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _name_pattern(names).finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_scan_equals_the_trie_regex(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert NameScanner(NAMES).spans(text) == regex_spans(NAMES, text)


def test_scan_white_space_runs_map_back_to_the_text() -> None:
    text = "Mr  Vladimir \n   Putin met\tKim Jong-un  and   North\nKoreans."
    spans = NameScanner(NAMES).spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Vladimir \n   Putin", "Kim Jong-un", "North\nKoreans",
    ]  # fmt: skip
    assert spans == regex_spans(NAMES, text)


def test_scan_real_corpus_equals_the_regex(corpus: pd.DataFrame, registry: pd.DataFrame) -> None:
    table = Matcher(registry)._table
    scanner, pattern = NameScanner(table), _name_pattern(table)
    for text in corpus["text"]:
        assert scanner.spans(text) == [m.span() for m in pattern.finditer(text)]


def test_scan_empty_and_pickled() -> None:
    assert NameScanner([]).spans("Putin") == []
    again = pickle.loads(pickle.dumps(NameScanner(NAMES)))
    assert again.spans("Vladimir Putin in USA Today") == [(0, 14), (18, 27)]
