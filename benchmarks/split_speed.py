"""One long paragraph split into sentences at doubling sizes: seconds and MB/s."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from analysis.text import split_sentences

# One paragraph each, as a paste or a CSV cell brings it: the two that froze the quadratic
# splitter (1 MB of plain sentences took 1.0 s, 8 MB 50.7 s; 512 KB of quoted speech 36.8 s),
# one that defeats a look-back for the last space, one that retried a pattern at every stop.
PARAGRAPHS = {
    "plain sentences": "The minister said the talks would resume on Monday after a short break. ",
    "quoted speech": '"We will not give up. Never," the minister said. "Not once." Then he left. ',
    "no-break spaces": "The talks resumed on Monday. It rained. ".replace(" ", "\u00a0"),
    "full stops only": ".",
}
SIZES_MB = (1, 2, 4, 8)
REPEATS = 3  # the best of three: the host's other load only adds time


@dataclass(frozen=True)
class SplitRun:
    paragraph: str
    seconds: dict[float, float]  # size in MB (2**20 bytes of UTF-8) -> seconds to split
    sentences: dict[float, int]

    @property
    def mb_per_s(self) -> float:
        """At the largest size."""
        largest = max(self.seconds)
        return largest / self.seconds[largest]


def paragraph(piece: str, megabytes: float) -> str:
    """The piece repeated to this size, in one paragraph."""
    size = int(megabytes * 2**20)
    text = piece * (size // len(piece.encode()) + 1)
    return text.encode()[:size].decode(errors="ignore")


def measure(sizes: tuple[float, ...] = SIZES_MB, repeats: int = REPEATS) -> list[SplitRun]:
    if not sizes:
        return []
    runs = []
    for name, piece in PARAGRAPHS.items():
        seconds, sentences = {}, {}
        for size in sizes:
            text = paragraph(piece, size)
            taken = []
            for _ in range(repeats):
                started = time.perf_counter()
                sentences[size] = len(split_sentences(text))
                taken.append(time.perf_counter() - started)
            seconds[size] = min(taken)
        runs.append(SplitRun(name, seconds, sentences))
    return runs


def sizes(listed: str) -> tuple[float, ...]:
    """Sizes in MB from "1,2,4,8"; none from ""."""
    return tuple(float(size) for size in listed.split(",") if size.strip())


def row(r: SplitRun) -> str:
    return (
        f"| {r.paragraph} "
        + "".join(f"| {s:.3f} " for s in r.seconds.values())
        + f"| {r.mb_per_s:.1f} | {r.sentences[max(r.sentences)]:,} |"
    )


def section(runs: list[SplitRun]) -> list[str]:
    """The results' section, as lines; none without runs."""
    if not runs:
        return []
    measured = list(runs[0].seconds)
    return [
        "## Sentence splitting (one paragraph)",
        "",
        "One paragraph of each kind at doubling sizes (MB of UTF-8), split by `split_sentences`: "
        f"seconds, the best of {REPEATS} runs, and MB/s at the largest size. Linear when each "
        "doubling about doubles the time.",
        "",
        "| paragraph | "
        + " | ".join(f"{size:g} MB s" for size in measured)
        + f" | MB/s ({max(measured):g} MB) | sentences ({max(measured):g} MB) |",
        "| --- |" + " ---: |" * (len(measured) + 2),
        *(row(r) for r in runs),
        "",
    ]


if __name__ == "__main__":
    print("\n".join(section(measure(sizes(sys.argv[1] if len(sys.argv) > 1 else "1,2,4,8")))))
