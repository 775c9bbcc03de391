"""`python -m analysis tone-toward`: JSONL on a real stdin, one line out per good line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Critics accused Smith of lying, while Jones won praise for her honesty."


def tone_toward(stdin: bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "analysis", "tone-toward"],
        input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip


def line(sentence: str, start: int, end: int) -> str:
    return json.dumps({"sentence": sentence, "start": start, "end": end})


def test_each_good_line_gets_a_label_and_a_score() -> None:
    smith, jones = SENTENCE.index("Smith"), SENTENCE.index("Jones")
    text = "\n".join([line(SENTENCE, smith, smith + 5), line(SENTENCE, jones, jones + 5)])
    done = tone_toward(text.encode() + b"\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    out = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert [o["line"] for o in out] == [1, 2]
    for o in out:
        assert o["label"] in ("negative", "neutral", "positive")
        assert -1.0 <= o["score"] <= 1.0


def test_bad_lines_get_one_line_reasons_and_do_not_stop_good_ones() -> None:
    good = line(SENTENCE, 16, 21)
    bad = [
        "not json at all",
        json.dumps([1, 2]),
        json.dumps({"sentence": SENTENCE, "start": 0}),
        json.dumps({"sentence": 7, "start": 0, "end": 1}),
        json.dumps({"sentence": SENTENCE, "start": "0", "end": 3}),
        json.dumps({"sentence": SENTENCE, "start": True, "end": 3}),
        json.dumps({"sentence": SENTENCE, "start": 5, "end": 500}),
        json.dumps({"sentence": SENTENCE, "start": 7, "end": 7}),
        json.dumps({"sentence": "a   b", "start": 1, "end": 4}),
    ]
    stdin = "\n".join([good, *bad, "", good]).encode() + b"\n\xff\xfe\n"
    done = tone_toward(stdin)
    assert done.returncode == 1
    out = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert [o["line"] for o in out] == [1, len(bad) + 3]  # the blank line is skipped, not bad
    assert out[0] == {**out[1], "line": 1}
    reasons = done.stderr.decode().splitlines()
    assert len(reasons) == len(bad) + 1  # and the line that is not UTF-8
    assert all(r.startswith("line ") for r in reasons)
    assert "Traceback" not in done.stderr.decode()
    assert reasons[0] == "line 2: not JSON (Expecting value at character 1)"
    assert reasons[2] == 'line 4: no "end"'
    assert reasons[-1] == f"line {len(bad) + 4}: not UTF-8"


def test_no_input_no_output() -> None:
    done = tone_toward(b"")
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_hostile_lines_get_reasons_and_the_good_one_still_scores() -> None:
    hostile = [
        "[" * 100_000 + "]" * 100_000,
        '{"sentence": "Trump", "start": 0, "end": ' + "9" * 5000 + "}",
        json.dumps({"sentence": "Trump", "start": 0, "end": 10**40}),
        "NaN",
    ]
    stdin = "\n".join([*hostile, line("He said \ud800 Trump won.", 10, 15)]).encode(
        "utf-8", "surrogatepass"
    )
    done = tone_toward(stdin)
    assert done.returncode == 1
    assert [json.loads(x)["line"] for x in done.stdout.decode().splitlines()] == [5]
    reasons = done.stderr.decode().splitlines()
    assert reasons == [
        'line 1: not a JSON object with "sentence", "start" and "end" (nested too deeply)',
        "line 2: not JSON (a number too long to read)",
        'line 3: "start" 0 and "end" (too large) are not a span of the sentence '
        "(0 <= start < end <= 5)",
        'line 4: not a JSON object with "sentence", "start" and "end"',
    ]
