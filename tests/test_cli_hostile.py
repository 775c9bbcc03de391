"""End to end: a folder mixing good files with hostile ones, through `python -m analysis ingest`."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_loaders_archive import raw_zip, same_block_zip

from analysis.terminal import printable
from benchmarks.corpus import generate, write_corpus

ROOT = Path(__file__).resolve().parents[1]
PUTIN = "Vladimir Putin met Kim Jong Un in Vostochny, and Russia welcomed the talks."
GOOD = {
    "good.txt": (PUTIN + "\n").encode(),
    "page.html": (
        b"<html><head><title>Summit</title><script>alert(1)</script></head><body><article>"
        b"<h1>Summit</h1><p>Joe Biden warned North Korea against arms deals with Russia.</p>"
        b"<p>Jake Sullivan said the United States would respond.</p>"
        b"<img src=x onerror=alert(2)></article></body></html>"
    ),
    "utf16.txt": "Volodymyr Zelensky thanked NATO for its help.\n".encode("utf-16"),
    "cp1252.txt": "Xi Jinping said China isn\u2019t worried \u2013 caf\u00e9 talk.\n".encode(
        "cp1252"
    ),
    # UTF-8 with 4 invalid bytes: still UTF-8, with a note (it once read as "rencontrÃ©").
    "mostly.txt": b"\xff".join(
        "Emmanuel Macron a rencontré Olaf Scholz à Berlin. ".encode() for _ in range(5)
    ),
}
HOSTILE = {
    "empty.txt": "empty file",
    "binary.txt": "binary",
    "broken.json": "malformed JSON",
    "notext.csv": "no text column",
    "bomb.zip": "zip bomb",
    "traversal.zip:../evil.txt": "unsafe member path",
    # 600 MiB of blanks in 0.7 MB, members under the per-member ratio floor: once 500 MiB held.
    "blanks.zip": "past 200 times its size (a zip bomb?); not loaded",
    **{f"bombs.zip:b{i}.txt": "zip bomb" for i in range(3)},
    "overlap.zip": "overlap (a zip bomb?)",  # 200 entries of one block, each inflated once
    "outside.txt": "symlink leads outside the folder",  # to a file beside the folder
}


def write_folder(folder: Path) -> None:
    folder.mkdir()
    for name, data in GOOD.items():
        (folder / name).write_bytes(data)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "broken.json").write_text('{"text": "Putin said', encoding="utf-8")
    (folder / "notext.csv").write_text("date,views\n2023-09-07,12\n", encoding="utf-8")
    # 256 MiB of zeros in about 256 KiB: refused while reading, never held in memory.
    with (
        zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("bomb.txt", "w", force_zip64=True) as member,
    ):
        for _ in range(256):
            member.write(bytes(2**20))
    blank = b" " * 2**20
    (folder / "blanks.zip").write_bytes(raw_zip([(f"s{i:03}.txt", blank) for i in range(600)]))
    bomb = bytes(64 * 2**20)
    (folder / "bombs.zip").write_bytes(raw_zip([(f"b{i}.txt", bomb) for i in range(3)]))
    (folder / "overlap.zip").write_bytes(same_block_zip(["a.txt"] * 200, bomb))
    (folder.parent / "secret.txt").write_text("Vladimir Putin's private diary.", encoding="utf-8")
    (folder / "outside.txt").symlink_to(folder.parent / "secret.txt")
    with zipfile.ZipFile(folder / "traversal.zip", "w") as zf:
        zf.writestr("../evil.txt", PUTIN)
        zf.writestr("/tmp/evil-absolute.txt", PUTIN)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "inbox"
    write_folder(folder)
    env = {**os.environ, "ACTORSCOPE_DB": str(base / "store.db")}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "analysis", *args],
            cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    before = sorted(p.name for p in base.iterdir())
    result = cli("ingest", str(folder))
    return base, folder, before, result, cli


def test_cli_hostile_folder_exits_1_without_traceback(run):
    _, _, _, result, _ = run
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(("name", "reason"), HOSTILE.items())
def test_cli_hostile_file_rejected_with_reason(run, name, reason):
    _, _, _, result, _ = run
    lines = [
        line for line in result.stderr.splitlines() if line.startswith(f"rejected inbox/{name}")
    ]
    assert len(lines) == 1, result.stderr
    assert reason in lines[0]


def test_cli_hostile_one_line_per_rejection(run):
    _, _, _, result, _ = run
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected ")]
    assert all(": " in line for line in rejected)
    assert len(rejected) == len(HOSTILE) + 1  # traversal.zip holds two unsafe names


def test_cli_hostile_notes_what_was_repaired(run):
    _, _, _, result, cli = run
    notes = [line for line in result.stderr.splitlines() if line.startswith("note ")]
    assert notes == ["note inbox/mostly.txt: 4 invalid UTF-8 bytes replaced"]
    assert "Macron a rencontré Olaf" in cli("export", "articles").stdout


def test_cli_hostile_good_files_stored(run):
    _, _, _, result, cli = run
    assert f"added {len(GOOD)} articles" in result.stdout
    origins = cli("export", "articles").stdout
    for name in GOOD:
        assert name in origins
    mentions = cli("export", "mentions").stdout
    for actor in ("vladimir-putin", "joe-biden", "volodymyr-zelensky", "xi-jinping"):
        assert actor in mentions


def test_cli_hostile_html_stored_as_text_without_markup(run):
    _, _, _, _, cli = run
    sentences = cli("export", "sentences").stdout
    assert "Joe Biden warned North Korea" in sentences
    assert "private diary" not in sentences
    assert "alert(" not in sentences
    assert "<script" not in sentences


def test_cli_hostile_nothing_written_outside_the_store(run):
    base, folder, before, _, _ = run
    new = {p.name for p in base.iterdir()} - set(before)
    assert all(name.startswith("store.db") for name in new)  # the store and its WAL files
    assert not (base / "evil.txt").exists()
    assert not (folder.parent / "evil.txt").exists()
    assert not Path("/tmp/evil-absolute.txt").exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*GOOD, *{n.split(":")[0] for n in HOSTILE}]
    )


def test_cli_hostile_second_ingest_changes_nothing(run):
    _, folder, _, _, cli = run
    again = cli("ingest", str(folder))
    assert again.returncode == 1
    assert "added 0 articles" in again.stdout
    assert f"already present {len(GOOD)}" in again.stdout


def _stored(db: Path, sql: str = "SELECT count(*) FROM articles") -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # no store, or no table yet
        return 0


def test_cli_ctrl_c_stops_cleanly_and_the_same_command_finishes(tmp_path):
    write_corpus(generate(8_000, seed=3), tmp_path / "in")
    db = tmp_path / "store.db"
    command = [sys.executable, "-m", "analysis", "ingest", str(tmp_path / "in")]
    env = {**os.environ, "ACTORSCOPE_DB": str(db)}
    ingest = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # a group of its own, as a terminal's job: workers included
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while _stored(db) == 0 and ingest.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(ingest.pid, signal.SIGINT)  # what Ctrl-C does: every process of the group
    _, err = ingest.communicate(timeout=120)
    assert ingest.returncode == 130
    assert err.strip() == (
        "interrupted: nothing is left half-written; the same command again does the rest"
    )
    assert 0 < _stored(db) < 8_000  # a batch or more, not all
    orphans = "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s " \
        "WHERE s.article_id = a.article_id)"  # fmt: skip
    assert _stored(db, orphans) == 0  # every stored article came with its sentences
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _stored(db) == 8_000


# --- names that would drive the terminal ------------------------------------------------------

HOSTILE_NAMES = {  # file name on disk -> as the rejection line shows it
    b"clear\x1b[2J.txt": "clear\\x1b[2J.txt",
    b"cr\rrejected ok.txt: fine.txt": "cr\\rrejected ok.txt: fine.txt",
    b"nl\nrejected forged.txt": "nl\\nrejected forged.txt",
    "bidi\u202etxt.exe.txt".encode(): "bidi\\u202etxt.exe.txt",
    "csi\x9b2J\x7f.txt".encode(): "csi\\x9b2J\\x7f.txt",
    b"latin1-\xff.txt": "latin1-\\xff.txt",  # not UTF-8: the byte as it is
}
MEMBER = "member\x1b]0;owned\x07\r\nrejected x.txt: fake.txt"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain name.txt", "plain name.txt"),
        ("caf\u00e9 \u4e2d\u6587 \U0001f600.txt", "caf\u00e9 \u4e2d\u6587 \U0001f600.txt"),
        ("a\tb\x00c\x1bd", "a\\tb\\x00c\\x1bd"),
        ("\x85\x9f\xa0", "\\x85\\x9f\xa0"),  # C1 controls escaped; no-break space kept
        (
            "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e",
            "\\u2066\\u2067\\u2068\\u2069\\u202a\\u202b\\u202c\\u202d\\u202e",
        ),  # fmt: skip
        ("\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),
        ("lone \ud83d", "lone \\ud83d"),
    ],
)
def test_cli_printable_escapes_controls(text: str, shown: str) -> None:
    assert printable(text) == shown


@given(st.text())
def test_cli_printable_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = printable(text)
    bidi = {0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    assert not any(unicodedata.category(c) in ("Cc", "Cs") or ord(c) in bidi for c in shown)
    shown.encode("utf-8")  # printable on any UTF-8 terminal
    if all(unicodedata.category(c) not in ("Cc", "Cs") and ord(c) not in bidi for c in text):
        assert shown == text


def test_cli_hostile_names_are_escaped_in_rejections(tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    for name in HOSTILE_NAMES:  # valid Linux file names, as bytes
        with open(os.fsencode(folder) + b"/" + name, "wb"):
            pass  # empty: rejected
    with zipfile.ZipFile(folder / "box.zip", "w") as zf:
        zf.writestr(MEMBER, b"")
    env = {**os.environ, "ACTORSCOPE_DB": str(tmp_path / "store.db")}
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "ingest", "names"],
        cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    err = result.stderr.decode("utf-8")  # strict: nothing undecodable reaches the terminal
    lines = err.splitlines()
    assert len(lines) == len(HOSTILE_NAMES) + 1  # one line each: no forged line
    assert all(line.startswith("rejected names/") for line in lines)
    assert not any(c in err for c in "\x1b\r\x07\x7f\x9b\u202e")
    for shown in HOSTILE_NAMES.values():
        assert f"rejected names/{shown}: empty file" in lines
    member = "member\\x1b]0;owned\\x07\\r\\nrejected x.txt: fake.txt"
    assert any(line.startswith(f"rejected names/box.zip:{member}: ") for line in lines), lines


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "\x1b[2Jarticles"],  # argparse: invalid choice
        ["ingest", "--published", "\r2024-01-01\x1b[1A"],  # argparse: not a date
        ["actors", "alias", "no-such-\x1b[2J", "X"],  # a refused edit
        ["actors", "import", "missing-\x1b[2J\n.csv"],  # a file that cannot be read
    ],
)
def test_cli_hostile_arguments_are_escaped_in_errors(tmp_path: Path, argv: list[str]) -> None:
    env = {**os.environ, "ACTORSCOPE_DB": str(tmp_path / "store.db")}
    result = subprocess.run(
        [sys.executable, "-m", "analysis", *argv],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "\\x1b[" in result.stderr
    assert not any(c in result.stderr for c in "\x1b\r")
    assert "Traceback" not in result.stderr


def test_cli_actor_name_with_controls_is_escaped(tmp_path: Path) -> None:
    env = {**os.environ, "ACTORSCOPE_DB": str(tmp_path / "store.db")}
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "actors", "add", "Evil\x1b[2J Name\u202e",
         "--kind", "person", "--id", "evil"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    shown = result.stdout + result.stderr
    assert not any(c in shown for c in "\x1b\u202e"), shown
    assert "Evil\\x1b[2J Name\\u202e" in shown
