"""Sentence splitters on the gold set (tests/data/sentences_gold.txt): precision and recall of
sentence boundaries, and speed. `python -m benchmarks.split_gold`.

ActorScope's splitter is always measured; pysbd, blingfire and nupunkt when they are installed
(`pip install .[bench]`: they are no runtime dependencies), each skipped when absent. A
boundary is where a sentence other than a text's first starts, white space skipped; a splitter
finds it (true positive), misses it, or puts one where the gold set has none. Speed is MB/s
of UTF-8 over the first 2,000 Reuters-21578 bodies when ../shared/corpora has them, else over
the gold set's texts repeated to about 1 MB.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.text import split_sentences

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "sentences_gold.txt"
REUTERS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578.jsonl"
MARK = "\u00a6"  # ¦ where a sentence starts
_CASE = re.compile(r"^=== ([^:\n]+): ([^\n]*)\n", re.MULTILINE)
SPEED_BODIES = 2_000
REPEATS = 3  # speed: the best of three


@dataclass(frozen=True)
class Case:
    kind: str
    note: str
    text: str
    starts: frozenset[int]  # offsets of the sentences after the first


@dataclass(frozen=True)
class Score:
    splitter: str
    found: int  # boundaries found (true positives)
    spurious: int  # boundaries where the gold set has none
    missed: int
    exact: int  # cases split exactly as the gold set
    cases: int
    mb_per_s: float | None = None

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.spurious) if self.found + self.spurious else 1.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_gold(path: Path = GOLD) -> list[Case]:
    """The gold set's cases, in order."""
    raw = path.read_text(encoding="utf-8")
    heads = list(_CASE.finditer(raw))
    cases = []
    for head, after in zip(heads, [*heads[1:], None], strict=True):
        marked = raw[head.end() : after.start() if after else len(raw)].removesuffix("\n")
        pieces = marked.split(MARK)
        text, starts, pos = "".join(pieces), set(), 0
        for piece in pieces[:-1]:
            pos += len(piece)
            starts.add(_visible(text, pos))
        cases.append(Case(head.group(1).strip(), head.group(2).strip(), text, frozenset(starts)))
    return cases


def _visible(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def boundaries(starts: list[int], text: str) -> frozenset[int]:
    """A splitter's sentence starts as boundaries: white space skipped, the first left out."""
    first = _visible(text, 0)
    return frozenset(p for p in (_visible(text, s) for s in starts) if first < p < len(text))


# name -> (module to look for, a function from text to sentence start offsets).
def _ours() -> Callable[[str], list[int]]:
    return lambda text: [start for start, _ in split_sentences(text)]


def _pysbd() -> Callable[[str], list[int]]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda text: [span.start for span in segmenter.segment(text)]


def _blingfire() -> Callable[[str], list[int]]:
    import blingfire

    return lambda text: [start for start, _ in blingfire.text_to_sentences_and_offsets(text)[1]]


def _nupunkt() -> Callable[[str], list[int]]:
    import nupunkt

    return lambda text: [start for start, _ in nupunkt.sent_spans(text)]


SPLITTERS: dict[str, tuple[str | None, Callable[[], Callable[[str], list[int]]]]] = {
    "ActorScope": (None, _ours),
    "pysbd 0.3.4": ("pysbd", _pysbd),
    "blingfire 0.1.8": ("blingfire", _blingfire),
    "nupunkt 0.8.0": ("nupunkt", _nupunkt),
}


def available() -> dict[str, Callable[[str], list[int]]]:
    """The splitters installed here, by name."""
    return {
        name: make()
        for name, (module, make) in SPLITTERS.items()
        if module is None or importlib.util.find_spec(module) is not None
    }


def score(name: str, split: Callable[[str], list[int]], cases: list[Case]) -> Score:
    found = spurious = missed = exact = 0
    for case in cases:
        guessed = boundaries(split(case.text), case.text)
        found += len(guessed & case.starts)
        spurious += len(guessed - case.starts)
        missed += len(case.starts - guessed)
        exact += guessed == case.starts
    return Score(name, found, spurious, missed, exact, len(cases))


def misses(split: Callable[[str], list[int]], cases: list[Case]) -> list[Case]:
    """The cases a splitter gets wrong."""
    return [c for c in cases if boundaries(split(c.text), c.text) != c.starts]


def speed_texts(cases: list[Case]) -> tuple[str, list[str]]:
    """(what the speed is measured on, its texts)."""
    if REUTERS.exists():
        bodies = []
        with REUTERS.open(encoding="utf-8") as lines:
            for line in lines:
                if body := json.loads(line).get("body"):
                    bodies.append(body)
                if len(bodies) == SPEED_BODIES:
                    break
        return f"the first {len(bodies):,} Reuters-21578 bodies", bodies
    texts = [c.text for c in cases]
    size = sum(len(t.encode()) for t in texts)
    return "the gold set's texts repeated", texts * (2**20 // size + 1)


def mb_per_s(split: Callable[[str], list[int]], texts: list[str]) -> float:
    size = sum(len(t.encode()) for t in texts) / 2**20
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        for text in texts:
            split(text)
        best = min(best, time.perf_counter() - started)
    return size / best


def measure(speed: bool = True) -> tuple[list[Score], str]:
    cases = read_gold()
    where, texts = speed_texts(cases) if speed else ("", [])
    scores = []
    for name, split in available().items():
        s = score(name, split, cases)
        if speed:
            s = Score(**{**s.__dict__, "mb_per_s": mb_per_s(split, texts)})
        scores.append(s)
    return scores, where


def table(scores: list[Score], where: str) -> list[str]:
    cases = scores[0].cases if scores else 0
    boundaries_ = scores[0].found + scores[0].missed if scores else 0
    lines = [
        f"Gold set: {cases} cases, {boundaries_} sentence boundaries "
        f"(tests/data/sentences_gold.txt). Speed: MB/s over {where}, the best of {REPEATS}.",
        "",
        "| splitter | precision | recall | F1 | cases exact | MB/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        speed = "—" if s.mb_per_s is None else f"{s.mb_per_s:.2f}"
        lines.append(
            f"| {s.splitter} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
            f"| {s.exact}/{s.cases} | {speed} |"
        )
    return lines


if __name__ == "__main__":
    scores, where = measure(speed="--no-speed" not in sys.argv)
    print("\n".join(table(scores, where)))
    wrong = misses(_ours(), read_gold())
    print(f"\nActorScope gets {len(wrong)} cases wrong:")
    for case in wrong:
        print(f"- {case.kind}: {case.note}")
