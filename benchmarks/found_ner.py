"""Precision and recall of analysis.found on a CoNLL-2003 English file, and its speed.

    python -m benchmarks.found_ner [CONLL_FILE] [--reuters JSONL] [--errors N]

CONLL_FILE (or $FOUND_NER_CONLL) is a CoNLL-2003 file such as eng.testb: one token a line
("Japan NNP I-NP I-LOC"), blank lines between sentences, -DOCSTART- between documents, IOB1
or IOB2 tags. It is not shipped (Reuters' RCV1 terms): bring your own copy. Each document is
rebuilt as text (tokens joined by spaces, one sentence a line) and given to find_entities with
its sentence starts. Scores are exact spans over PER, ORG and LOC; MISC, which the finder does
not guess, is left out of the gold, and a found span lying within a MISC span is not counted.
Speed is MB/s of UTF-8, CPU time of this process, over the CoNLL documents and, when present,
the bodies of ../shared/corpora/reuters21578.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis.found import find_entities
from analysis.text import split_sentences

TYPES = ("PER", "ORG", "LOC")
KIND_TYPE = {
    "person": "PER",
    "organization": "ORG",
    "media": "ORG",
    "group": "ORG",
    "country": "LOC",
    "place": "LOC",
}
REUTERS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "reuters21578.jsonl"


@dataclass
class Doc:
    text: str = ""
    starts: list[int] = field(default_factory=list)
    tokens: list[tuple[int, int]] = field(default_factory=list)  # char span of each token
    gold: set[tuple[int, int, str]] = field(default_factory=set)  # token span [i, j), type


def read_conll(path: Path) -> list[Doc]:
    docs: list[Doc] = []
    doc, sentence = Doc(), []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentence:
                _add_sentence(doc, sentence)
                sentence = []
            if parts and doc.tokens:
                docs.append(doc)
                doc = Doc()
            continue
        sentence.append((parts[0], parts[-1]))
    if doc.tokens:
        docs.append(doc)
    return docs


def _add_sentence(doc: Doc, sentence: list[tuple[str, str]]) -> None:
    if doc.text:
        doc.text += "\n"
    doc.starts.append(len(doc.text))
    open_type, open_at = None, 0
    for word, tag in sentence:
        index = len(doc.tokens)
        if doc.text and not doc.text.endswith("\n"):
            doc.text += " "
        doc.tokens.append((len(doc.text), len(doc.text) + len(word)))
        doc.text += word
        kind = tag[2:] if tag != "O" else None
        begins = tag.startswith("B-") or kind != open_type
        if open_type and (begins or kind is None):
            doc.gold.add((open_at, index, open_type))
            open_type = None
        if kind and (begins or open_type is None):
            open_type, open_at = kind, index
    if open_type:
        doc.gold.add((open_at, len(doc.tokens), open_type))


def token_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    first = next(i for i, (s, e) in enumerate(doc.tokens) if e > start)
    last = first
    while last < len(doc.tokens) and doc.tokens[last][0] < end:
        last += 1
    return first, last


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def prf(self, key: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[key], self.fp[key], self.fn[key]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score(docs: list[Doc], keep_errors: int = 0) -> tuple[Score, float]:
    sc, seconds = Score(), 0.0
    for doc in docs:
        started = time.process_time()
        found = find_entities(doc.text, doc.starts)
        seconds += time.process_time() - started
        misc = [(i, j) for i, j, t in doc.gold if t == "MISC"]
        gold = {g for g in doc.gold if g[2] in TYPES}
        pred = set()
        sc.tp["MISC gold"] += len(misc)
        for f in found:
            i, j = token_span(doc, f.start, f.end)
            if any(a <= i and j <= b for a, b in misc):
                sc.fp["inside MISC"] += 1
                continue
            pred.add((i, j, KIND_TYPE.get(f.kind, "ORG")))
        gold_spans, pred_spans = {g[:2] for g in gold}, {p[:2] for p in pred}
        for key, g_set, p_set in (("typed", gold, pred), ("untyped", gold_spans, pred_spans)):
            sc.tp[key] += len(g_set & p_set)
            sc.fp[key] += len(p_set - g_set)
            sc.fn[key] += len(g_set - p_set)
        for t in TYPES:
            g_t, p_t = {g for g in gold if g[2] == t}, {p for p in pred if p[2] == t}
            sc.tp[t] += len(g_t & p_t)
            sc.fp[t] += len(p_t - g_t)
            sc.fn[t] += len(g_t - p_t)
        if len(sc.errors) < keep_errors:
            words = doc.text.replace("\n", " ").split(" ")
            for i, j, t in sorted(gold ^ pred):
                side = "missed" if (i, j, t) in gold else "wrong "
                sc.errors.append(f"{side} {t} {' '.join(words[i:j])!r}")
    return sc, seconds


def reuters_speed(path: Path, limit: int) -> tuple[float, float, float, int]:
    """MB/s finding entities in Reuters bodies given their sentence starts, first with the
    finder's caches empty (as a new process meets a corpus), then again with them filled;
    and, filled, with the sentence splitting included."""
    bodies = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            body = json.loads(line).get("body") or ""
            if body:
                bodies.append(body)
            if len(bodies) >= limit:
                break
    size = sum(len(b.encode()) for b in bodies) / 2**20
    starts = [[s for s, _ in split_sentences(b)] for b in bodies]
    timed = []
    for _ in range(2):
        started = time.process_time()
        for body, st in zip(bodies, starts, strict=True):
            find_entities(body, st)
        timed.append(time.process_time() - started)
    started = time.process_time()
    for body in bodies:
        find_entities(body, [s for s, _ in split_sentences(body)])
    both = time.process_time() - started
    return size / timed[0], size / timed[1], size / both, len(bodies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conll", nargs="?", default=os.environ.get("FOUND_NER_CONLL"))
    parser.add_argument("--reuters", default=str(REUTERS))
    parser.add_argument("--limit", type=int, default=20_000, help="Reuters bodies to time")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    args = parser.parse_args(argv)
    if not args.conll or not Path(args.conll).is_file():
        print("no CoNLL-2003 file: give its path or set FOUND_NER_CONLL", file=sys.stderr)
        return 2
    find_entities("Warm-up: load the lists.", [0])
    docs = read_conll(Path(args.conll))
    sc, seconds = score(docs, args.errors)
    size = sum(len(d.text.encode()) for d in docs) / 2**20
    print(f"{Path(args.conll).name}: {len(docs)} documents, {size:.2f} MB")
    print(f"{'type':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for key in (*TYPES, "typed", "untyped"):
        p, r, f = sc.prf(key)
        print(f"{key:<8} {p:6.3f} {r:6.3f} {f:6.3f} {sc.tp[key] + sc.fn[key]:6d}")
    tp, fp = sc.tp["typed"], sc.fp["typed"] + sc.fp["inside MISC"]
    print(
        f"MISC: {sc.tp['MISC gold']} gold spans, left out; {sc.fp['inside MISC']} found spans "
        f"lay inside them and were not counted (counted as wrong, typed P {tp / (tp + fp):.3f})"
    )
    print(f"speed on these documents: {size / seconds:.1f} MB/s")
    reuters = Path(args.reuters)
    if reuters.is_file():
        cold, warm, both, n = reuters_speed(reuters, args.limit)
        print(f"Reuters-21578, {n} bodies: finding entities {cold:.1f} MB/s (first pass),", end=" ")
        print(f"{warm:.1f} MB/s (second), {both:.1f} MB/s with sentence splitting")
    for line in sc.errors[: args.errors]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
