"""`python -m analysis tone-toward`: JSONL mentions on stdin, their tone toward on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from typing import BinaryIO, TextIO

from analysis.terminal import printable

BATCH = 512  # lines scored in one pass: the model's speed is in its batches
HELP = (
    'tone toward each mention: JSONL on stdin, one {"sentence", "start", "end"} a line (the '
    'mention\'s character span); one {"line", "label", "score"} a line out'
)


def add_command(commands) -> None:
    p = commands.add_parser("tone-toward", help=HELP, description=HELP)
    p.set_defaults(run=run, store=False)


def run(args: argparse.Namespace, stdin: BinaryIO | None = None, out: TextIO | None = None) -> int:
    """Score every good line; each bad one gets a one-line reason on stderr. 1 if any was bad."""
    from analysis.tone import ModelError, predict_batch

    stdin = stdin if stdin is not None else sys.stdin.buffer
    out = out if out is not None else sys.stdout
    rejected = 0
    pending: list[tuple[int, tuple[str, int, int]]] = []

    def flush() -> None:
        scored = predict_batch([m for _, m in pending])
        for (number, _), (label, score) in zip(pending, scored, strict=True):
            out.write(json.dumps({"line": number, "label": label, "score": score}) + "\n")
        out.flush()
        pending.clear()

    try:
        for number, raw in enumerate(stdin, start=1):
            if not raw.strip():
                continue
            mention = parse(raw)
            if isinstance(mention, str):
                print(f"line {number}: {printable(mention)}", file=sys.stderr)
                rejected += 1
                continue
            pending.append((number, mention))
            if len(pending) >= BATCH:
                flush()
        if pending:
            flush()
    except ModelError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 3
    return 1 if rejected else 0


def parse(raw: bytes) -> tuple[str, int, int] | str:
    """(sentence, start, end) of one line, or why it is not one."""
    try:
        row = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return "not UTF-8"
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg} at character {exc.pos + 1})"
    except ValueError:  # an integer of more digits than Python reads
        return "not JSON (a number too long to read)"
    except RecursionError:
        return 'not a JSON object with "sentence", "start" and "end" (nested too deeply)'
    if not isinstance(row, dict):
        return 'not a JSON object with "sentence", "start" and "end"'
    missing = [k for k in ("sentence", "start", "end") if k not in row]
    if missing:
        return "no " + ", ".join(f'"{k}"' for k in missing)
    sentence, start, end = row["sentence"], row["start"], row["end"]
    if not isinstance(sentence, str):
        return '"sentence" is not a string'
    for key, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            return f'"{key}" is not a whole number'
    if not 0 <= start < end <= len(sentence):
        shown = [str(v) if abs(v) < 10**12 else "(too large)" for v in (start, end)]
        return (
            f'"start" {shown[0]} and "end" {shown[1]} are not a span of the sentence '
            f"(0 <= start < end <= {len(sentence)})"
        )
    if not sentence[start:end].strip():
        return "the span holds no word"
    return sentence, start, end
