"""Where names occur in a text, by Aho-Corasick: what `_name_pattern(names).finditer` finds
(whole words, leftmost-longest, a space in a name matching any run of white space), at C speed
for the tens of thousands of names of the gazetteer, where one trie regex takes seconds to
compile and scans several times slower."""

from __future__ import annotations

import re
from bisect import bisect_left

import ahocorasick

# Each white-space character as a plain space (same length), then each run of spaces as one.
_SPACES = str.maketrans({c: " " for c in map(chr, range(0x3000 + 1)) if c.isspace() and c != " "})
_RUN = re.compile(r"  +")
# The same for ASCII text, as bytes: a 256-byte table, where str.translate looks up a dict per
# character (a third of the scan's time on newswire).
_ASCII_SPACES = bytes.maketrans(
    bytes(c for c in range(128) if chr(c).isspace() and c != 32),
    b" " * sum(1 for c in range(128) if chr(c).isspace() and c != 32),
)


class NameScanner:
    """The names' occurrences in a text; a name is matched as it is spelt, case included."""

    def __init__(self, names) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for name in names:
            if name:
                self._automaton.add_word(name)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __reduce__(self):  # the automaton is rebuilt where it is unpickled (a worker)
        return (_rebuilt, (list(self._automaton.keys()) if not self._empty else [],))

    def spans(self, norm: str) -> list[tuple[int, int]]:
        """(start, end) of the names in norm, in order, none overlapping: at each place the
        leftmost, and of those the longest, that stands as whole words (no word character or
        full stop right before it, no word character right after it)."""
        if self._empty:
            return []
        flat, runs, shifts = _flatten(norm)
        n = len(flat)
        found = []
        for last, length in self._automaton.iter(flat):
            start = last - length + 1
            if start:
                before = flat[start - 1]
                if before == "." or before == "_" or before.isalnum():
                    continue
            end = last + 1
            if end < n:
                after = flat[end]
                if after == "_" or after.isalnum():
                    continue
            found.append((start, -end))
        if not found:
            return []
        found.sort()
        out, reached = [], -1
        for start, neg_end in found:
            if start >= reached:
                reached = -neg_end
                out.append((start, reached))
        if runs:
            out = [(_back(s, runs, shifts), _back(e, runs, shifts)) for s, e in out]
        return out


def _rebuilt(names: list[str]) -> NameScanner:
    return NameScanner(names)


def _flatten(norm: str) -> tuple[str, list[int], list[int]]:
    """The text with each run of white space as one space, the flat positions of the runs
    that were longer, and how many characters went before each one's end."""
    if norm.isascii():
        flat = norm.encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    else:
        flat = norm.translate(_SPACES)
    if "  " not in flat:
        return flat, [], []
    runs, shifts, gone = [], [], 0
    for m in _RUN.finditer(flat):
        runs.append(m.start() - gone)  # the run's flat position
        gone += m.end() - m.start() - 1
        shifts.append(gone)
    return _RUN.sub(" ", flat), runs, shifts


def _back(i: int, runs: list[int], shifts: list[int]) -> int:
    """A flat position that is no run's as a position of the text."""
    k = bisect_left(runs, i)  # the runs before i
    return i + (shifts[k - 1] if k else 0)
