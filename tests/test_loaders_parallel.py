"""Files parsed in worker processes load exactly as in one (analysis/load/files.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_loaders import make_zip, write

from analysis import parallel
from analysis.load import Limits, Loaded, Notice, load_paths, parse, tables
from analysis.load import files as load_files
from analysis.load.sink import Sink

STORY = "Kim Jong Un met Vladimir Putin in Russia on {n}. Biden warned North Korea."


def jsonl(rows: list[object]) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n"


def mixed_folder(folder: Path) -> Path:
    """Every kind of file and of trouble, with a JSONL file whose first lines hold only
    headlines (the pieces read with "title" are read again with the file's "text")."""
    lines: list[object] = [{"headline": f"Putin spoke on day {n}"} for n in range(30)]
    lines += ["{not json", "", "   ", "[1, 2]", {"text": ""}]
    lines += [{"text": STORY.format(n=n), "date": f"2023-09-{n % 28 + 1:02d}"} for n in range(60)]
    lines += [{"text": STORY.format(n=3)}]  # a duplicate
    write(
        folder,
        {
            "big.jsonl": jsonl(lines),
            # UTF-8 with one invalid byte, read in pieces: a notice, from the main process.
            "other.jsonl": jsonl([{"text": STORY.format(n=n)} for n in range(55, 80)]).encode()
            + '{"text": "Putin at the café in Sochi'.encode()
            + b'\xff."}\n',
            "titles.jsonl": jsonl([{"title": f"Sullivan on day {n}"} for n in range(40)]),
            "broken.jsonl": "{nope\n[]\n",
            "table.csv": "title,text\nA,Kim Jong Un visited.\nB,\n",
            "one.json": json.dumps({"articles": [{"content": "Putin spoke.", "url": "u"}]}),
            "note.txt": "A title\nJake Sullivan spoke in Washington.",
            "note.meta.json": json.dumps({"source": "Wire", "published": "2023-09-12"}),
            "page.html": "<html><body><article><p>Russia and Ukraine.</p></article></body></html>",
            "legacy.txt": "Caf\xe9 talk about North Korea.".encode("latin-1"),
            "empty.jsonl": b"",
            "binary.jsonl": b"\x00\x01\x02" * 50,
            "archive.zip": make_zip({"a.txt": b"Kim Jong Un in a zip.", "b.exe": b"MZ"}),
            "sheet.xlsx": b"PK",
        },
    )
    os.mkfifo(folder / "pipe.jsonl")  # would block a reader: refused without opening
    return folder


def same(a: Loaded, b: Loaded) -> None:
    pd.testing.assert_frame_equal(
        a.articles.drop(columns="ingested_at"), b.articles.drop(columns="ingested_at")
    )
    assert a.rejected == b.rejected
    assert a.notices == b.notices


@pytest.fixture
def in_pieces(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every load goes to worker processes, in jobs of 500 bytes or 3 files, JSONL files over
    500 characters in pieces; the number of pieces each such file was cut into is recorded."""
    monkeypatch.setattr(load_files, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(load_files, "JOB_BYTES", 500)
    monkeypatch.setattr(load_files, "JOB_FILES", 3)
    cut: list[int] = []
    pieces = load_files._pieces
    monkeypatch.setattr(
        load_files, "_pieces", lambda lines: cut.append(len(pieces(lines))) or pieces(lines)
    )
    return cut


@pytest.mark.parametrize("max_articles", [200_000, 70, 3])
def test_loaders_parallel_load_equals_serial(
    tmp_path: Path, in_pieces: list[int], pools: list[int], max_articles: int
) -> None:
    folder = mixed_folder(tmp_path / "in")
    limits = Limits(max_articles=max_articles)
    calls: dict[int, list] = {1: [], 2: []}
    loads = {
        w: load_paths(
            [folder, tmp_path / "missing"],
            limits,
            {"source": "Desk"},
            progress=lambda done, total, w=w: calls[w].append((done, total)),
            workers=w,
        )
        for w in (1, 2)
    }
    same(loads[1], loads[2])
    assert calls[1] == calls[2] == [(n, 14) for n in range(1, 15)]
    assert pools == [2]
    assert len(in_pieces) == 3  # big, other and titles.jsonl were cut...
    assert min(in_pieces) > 1  # ...in pieces
    pooled = loads[2]
    said = [(r.name, r.reason) for r in pooled.rejected]
    assert ("in/pipe.jsonl", "not a regular file") in said
    assert ("in/broken.jsonl", "malformed JSON: no line holds a JSON object") in said
    assert pooled.notices == [Notice("in/other.jsonl", "1 invalid UTF-8 byte replaced")]
    if max_articles == 200_000:
        assert [reason for name, reason in said if name == "in/big.jsonl"] == [
            "31 lines skipped: no text (lines 1, 2, 3, 4, 5, ...)",
            "1 line skipped: malformed JSON (line 31)",
            "1 line skipped: not a JSON object (line 34)",
        ]
        assert pooled.articles["source"].eq("Desk").sum() > 100
    else:
        assert len(pooled.articles) == max_articles
        assert any("article limit reached" in reason for _, reason in said)


def test_loaders_small_load_stays_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool for a small load")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    folder = write(tmp_path, {"a.jsonl": jsonl([{"text": STORY.format(n=n)} for n in range(50)])})
    assert len(load_paths([folder], workers=4).articles) == 50


def test_loaders_many_small_files_go_to_processes(tmp_path: Path, pools: list[int]) -> None:
    # A hundred pages are worth processes (HTML costs milliseconds a page), whatever the bytes.
    pages = {
        f"p{n:03}.html": f"<html><body><article><p>{STORY.format(n=n)}</p></article></body></html>"
        for n in range(load_files.PARALLEL_MIN_FILES)
    }
    folder = write(tmp_path, pages)
    serial = load_paths([folder], workers=1)
    pooled = load_paths([folder], workers=2)
    assert pools == [2]
    same(serial, pooled)
    assert len(pooled.articles) == load_files.PARALLEL_MIN_FILES


line = st.one_of(
    st.fixed_dictionaries({"text": st.sampled_from(["", " ", "Putin spoke.", "Kim met Putin."])}),
    st.fixed_dictionaries({"title": st.sampled_from(["", "Sullivan", "Putin"])}),
    st.fixed_dictionaries(
        {"body": st.text(max_size=20), "date": st.sampled_from(["2023-09-01", "x"])}
    ),
    st.sampled_from(["", "  ", "{bad", "[1]", "3", "null", '{"other": 1}']),
)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(line, max_size=40), piece=st.integers(1, 200), limit=st.integers(1, 30))
def test_loaders_jsonl_in_pieces_reads_as_the_whole_file(lines, piece, limit):
    # The pieces' assembly, without processes: it alone decides what the pieces come to.
    text = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in lines)
    assume(text.strip())  # else refused before any piece is cut (see _jsonl_text)
    limits = Limits(max_articles=limit)
    whole = Sink(limits, {"source": "Desk"})
    parse.load_one("f.jsonl", text.encode(), limits, {}, whole)
    old = load_files.JOB_BYTES
    try:
        load_files.JOB_BYTES = piece
        pieces = load_files._pieces(text.split("\n"))
    finally:
        load_files.JOB_BYTES = old
    cut = Sink(limits, {"source": "Desk"})
    parts = [tables.read_lines("f.jsonl", *p, {}, cut.defaults) for p in pieces]
    assert load_files._Pieces("f.jsonl", pieces, parts).into(cut)
    assert cut.rows == whole.rows
    assert cut.rejected == whole.rejected


def test_loaders_parallel_archives_share_the_load_budget(
    tmp_path: Path, in_pieces: list[int], pools: list[int]
) -> None:
    # Each archive is parsed by a worker against a budget of its own; those the load's budget
    # stops are parsed again here, so the pooled load refuses exactly what one process does.
    from test_loaders_archive import archives, raw_zip

    files = archives(6, 300_000) | {"bomb.zip": raw_zip([("b.txt", bytes(64 * 2**20))])}
    folder = write(tmp_path / "in", files | {"good.txt": STORY.format(n=1)})
    limits = Limits(max_load_expanded_bytes=2**20)
    serial, pooled = (load_paths([folder], limits, workers=w) for w in (1, 2))
    same(serial, pooled)
    assert pools == [2]
    assert len(pooled.articles) == 4  # three archives and good.txt
    full = "archives of this load expand past 1.0 MiB together; not loaded"
    assert [r.name for r in pooled.rejected if r.reason == full] == [
        f"in/a{i}.zip" for i in (3, 4, 5)
    ]
