"""Zip archives against a hostile sender: every inflated byte charged (analysis/load/archive.py)."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_loaders import BODY, make_zip, reasons, write

from analysis.load import Budget, Limits, load_bytes, load_paths
from analysis.load import archive as load_archive

MiB = 2**20


@lru_cache(maxsize=8)  # the same bomb as many members: compressed once
def packed(data: bytes) -> tuple[bytes, int]:
    """Raw deflate (as a zip holds it) and the CRC-32 of the data."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data)


def raw_zip(
    entries: list[tuple[str, bytes]], central: list[tuple[str, int]] | None = None
) -> bytes:
    """A zip written byte by byte: a local header and deflated data per entry, then a central
    directory of (name, index of the local entry it points at), by default one per entry."""
    out, offsets, made = bytearray(), [], []
    for name, data in entries:
        (comp, crc), name_bytes = packed(data), name.encode()
        offsets.append(len(out))
        made.append((comp, crc, len(data)))
        out += struct.pack(
            "<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(comp), len(data),
            len(name_bytes), 0,
        ) + name_bytes + comp  # fmt: skip
    rows = central if central is not None else [(name, i) for i, (name, _) in enumerate(entries)]
    directory = bytearray()
    for name, i in rows:
        (comp, crc, size), name_bytes = made[i], name.encode()
        directory += struct.pack(
            "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(comp), size,
            len(name_bytes), 0, 0, 0, 0, 0, offsets[i],
        ) + name_bytes  # fmt: skip
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(rows), len(rows), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def same_block_zip(names: list[str], data: bytes) -> bytes:
    """Names that share one compressed block: one local entry, a central entry per name."""
    return raw_zip([(names[0], data)], central=[(name, 0) for name in names])


def prose(n_bytes: int, seed: int = 0) -> bytes:
    """Text that compresses as news does (about 3 to 1), not as a bomb."""
    rng = random.Random(seed)
    words = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(5000)
    ]
    chosen = rng.choices(words, k=n_bytes // 4)
    # A paragraph break every 500 words, under the paragraph cap (analysis.text).
    text = "\n\n".join(" ".join(chosen[i : i + 500]) for i in range(0, len(chosen), 500))
    return (text[: n_bytes - 1] + ".").encode()


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every byte zipfile hands out from a member, counted apart from the loaders' budget."""
    counted = [0]
    read = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = read(self, n)
        counted[0] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return counted


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """One member of 256 MiB of zeros (~0.25 MiB compressed), streamed in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("first.txt", BODY)
        with archive.open("bomb.txt", "w", force_zip64=True) as member:
            chunk = bytes(2**24)
            for _ in range(16):
                member.write(chunk)
        archive.writestr("last.txt", "After the bomb.")
    return buffer.getvalue()


def test_loaders_archive_bomb_refused_unread_and_siblings_loaded(zip_bomb, inflated):
    budget = Budget()
    loaded = load_bytes("bomb.zip", zip_bomb, budget=budget)

    assert loaded.articles["text"].tolist() == [BODY, "After the bomb."]
    assert [r.name for r in loaded.rejected] == ["bomb.zip:bomb.txt"]
    assert budget.used == inflated[0] == len(BODY) + len("After the bomb.")


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (
            Limits(max_zip_ratio=1e9),
            {"bomb.zip:bomb.txt": "too large when expanded (limit 50.0 MiB)"},
        ),
        (
            Limits(max_file_bytes=2**30),
            {"bomb.zip:bomb.txt": "compression ratio over 200 (a zip bomb?)"},
        ),
        (
            Limits(max_file_bytes=2**30, max_zip_ratio=1e9, max_zip_total_bytes=MiB),
            {"bomb.zip": "archive expands to 256.0 MiB, past 1.0 MiB; not loaded"},
        ),
        (
            Limits(max_file_bytes=2**30, max_zip_ratio=1e9, max_load_expanded_bytes=MiB),
            {"bomb.zip": "archives of this load expand past 1.0 MiB together; not loaded"},
        ),
    ],
    ids=["member size", "member ratio", "archive total", "load total"],
)
def test_loaders_archive_caps_from_the_headers(zip_bomb, inflated, limits, expected):
    assert reasons(load_bytes("bomb.zip", zip_bomb, limits)) == expected
    assert inflated[0] <= len(BODY) + len("After the bomb.")


def test_loaders_archive_of_many_bombs_inflates_none(inflated):
    # 160 members of 64 MiB of zeros each (10 GiB declared, 10 MB of zip).
    bomb = bytes(64 * MiB)
    entries = [(f"b{i:03}.txt", bomb) for i in range(160)] + [("good.txt", BODY.encode())]
    budget = Budget()

    loaded = load_bytes("bombs.zip", raw_zip(entries), budget=budget)

    assert loaded.articles["text"].tolist() == [BODY]
    assert set(reasons(loaded).values()) == {"compression ratio over 200 (a zip bomb?)"}
    assert len(loaded.rejected) == 160
    assert budget.used == inflated[0] == len(BODY)


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ([MiB], {}),  # a member of a megabyte may compress as well as it likes
        ([2 * MiB], {"a.zip:m0.txt": "compression ratio over 200 (a zip bomb?)"}),
        ([MiB] * 3, {}),  # and a tiny archive may hold a few
        (
            [MiB] * 5,
            {
                "a.zip": "archive expands to 5.0 MiB, past 200 times its size (a zip bomb?); "
                "not loaded"
            },
        ),  # fmt: skip
    ],
)
def test_loaders_archive_ratio_floors_for_small_members(sizes, expected):
    members = {
        # Paragraphs of a line each: the paragraph cap (analysis.text) is not what is tested.
        f"m{i}.txt": (f"Putin met Kim on day {i}.\n\n".encode() * size)[:size]
        for i, size in enumerate(sizes)
    }

    loaded = load_bytes("a.zip", make_zip(members | {"b.txt": BODY}))

    assert reasons(loaded) == expected
    assert len(loaded.articles) == (0 if "a.zip" in expected else len(sizes) + 1 - len(expected))


def test_loaders_archive_many_small_members_bounded_by_its_size(tmp_path, inflated):
    # 600 members of 1 MiB of blanks, each under the ratio floor: 600 MiB from 0.7 MB.
    blank = b" " * MiB
    blanks = raw_zip([(f"s{i:03}.txt", blank) for i in range(600)])
    write(tmp_path, {"blanks.zip": blanks, "good.txt": BODY})

    loaded = load_paths([tmp_path])

    assert loaded.articles["text"].tolist() == [BODY]
    assert reasons(loaded) == {
        f"{tmp_path.name}/blanks.zip": "archive expands to 600.0 MiB, past 200 times its size "
        "(a zip bomb?); not loaded"
    }
    assert inflated[0] == 0


def test_loaders_archive_unread_methods_refused(inflated):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("b.txt", BODY, compress_type=zipfile.ZIP_BZIP2)
        archive.writestr("l.txt", BODY, compress_type=zipfile.ZIP_LZMA)
        archive.writestr("ok.txt", "Stored as it is.", compress_type=zipfile.ZIP_STORED)

    loaded = load_bytes("a.zip", buffer.getvalue())

    assert loaded.articles["text"].tolist() == ["Stored as it is."]
    assert reasons(loaded) == {
        "a.zip:b.txt": "compressed with bzip2, which is not read (deflate or stored only)",
        "a.zip:l.txt": "compressed with lzma, which is not read (deflate or stored only)",
    }
    assert inflated[0] == len("Stored as it is.")


def archives(n: int, size: int) -> dict[str, bytes]:
    return {f"a{i}.zip": make_zip({f"p{i}.txt": prose(size, seed=i)}) for i in range(n)}


def test_loaders_archive_budget_shared_by_one_load(tmp_path, inflated):
    # Five archives of 400 KB of text each; the load may expand 1 MiB: two load.
    write(tmp_path, archives(5, 400_000) | {"good.txt": BODY})

    loaded = load_paths([tmp_path], Limits(max_load_expanded_bytes=MiB))

    assert len(loaded.articles) == 3
    base = tmp_path.name
    assert reasons(loaded) == {
        f"{base}/a{i}.zip": "archives of this load expand past 1.0 MiB together; not loaded"
        for i in (2, 3, 4)
    }
    assert inflated[0] == 800_000


def test_loaders_archive_budget_shared_by_one_upload(inflated):
    budget = Budget(Limits(max_load_expanded_bytes=MiB))

    loads = [load_bytes(name, data, budget=budget) for name, data in archives(3, 400_000).items()]

    assert [len(loaded.articles) for loaded in loads] == [1, 1, 0]
    assert reasons(loads[2]) == {
        "a2.zip": "archives of this load expand past 1.0 MiB together; not loaded"
    }
    assert budget.used == inflated[0] == 800_000
    assert len(load_bytes("a2.zip", archives(3, 400_000)["a2.zip"]).articles) == 1  # its own


class Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek back in: it writes each member's sizes after its data."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.data += b
        return len(b)


def streamed_zip(members: dict[str, bytes]) -> bytes:
    out = Unseekable()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.mkdir("d")
        for name, data in members.items():
            with archive.open(name, "w") as member:
                member.write(data)
    return bytes(out.data)


def widened(data: bytes, name: str, by: int) -> bytes:
    """The archive with `name`'s compressed size in the central directory `by` bytes larger."""
    at = data.index(b"PK\x01\x02")
    while not data[at + 46 :].startswith(name.encode()):
        at = data.index(b"PK\x01\x02", at + 4)
    (size,) = struct.unpack_from("<I", data, at + 20)
    return data[: at + 20] + struct.pack("<I", size + by) + data[at + 24 :]


TWO = [("a.txt", BODY.encode()), ("b.txt", b"Kim met Putin again.")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            same_block_zip(["a.txt"] * 200, bytes(MiB)),
            "members 'a.txt' and 'a.txt' overlap (a zip bomb?); not loaded",
        ),
        (
            same_block_zip(["a.txt", "b.txt", "c.txt"], b"Kim met Putin. " * 1000),
            "members 'a.txt' and 'b.txt' overlap (a zip bomb?); not loaded",
        ),
        (
            widened(raw_zip(TWO), "a.txt", 40),  # a's bytes run into b's header
            "members 'a.txt' and 'b.txt' overlap (a zip bomb?); not loaded",
        ),
        (
            raw_zip([("a.txt", BODY.encode()), ("a.txt", b"Kim met Putin again.")]),
            "member name 'a.txt' appears twice; not loaded",
        ),
    ],
    ids=["one block 200 times", "one block three names", "runs into the next", "duplicate"],
)
def test_loaders_archive_overlapping_or_duplicate_entries_refused_unread(
    tmp_path, inflated, data, reason
):
    write(tmp_path, {"evil.zip": data, "good.txt": "Good news from Kyiv."})

    loaded = load_paths([tmp_path])

    assert loaded.articles["text"].tolist() == ["Good news from Kyiv."]
    assert reasons(loaded) == {f"{tmp_path.name}/evil.zip": reason}
    assert inflated[0] == 0


@pytest.mark.parametrize(
    "data",
    [
        raw_zip(TWO),
        b"#!/bin/sh\nexit 0\n" + make_zip(dict(TWO)),  # an archive after a stub, as self-extracting
        streamed_zip(dict(TWO)),  # sizes in a data descriptor after each member's data
    ],
    ids=["hand-made", "after a stub", "data descriptors"],
)
def test_loaders_archive_honest_layouts_pass_the_overlap_check(data):
    loaded = load_bytes("a.zip", data)

    assert loaded.rejected == []
    assert loaded.articles["text"].tolist() == [BODY, "Kim met Putin again."]


@pytest.fixture
def headers_trusted_blindly(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if zipfile believed no header: only the bytes counted while streaming can stop a
    member (this Python's zipfile stops at the declared size; others need not)."""
    monkeypatch.setattr(load_archive, "_header_problem", lambda member, limits: None)
    monkeypatch.setattr(load_archive._Expansion, "check", lambda self, declared: None)


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (
            Limits(max_zip_ratio=1e9),
            {"bomb.zip:bomb.txt": "too large when expanded (limit 50.0 MiB)"},
        ),
        (
            Limits(max_file_bytes=2**30),
            {"bomb.zip:bomb.txt": "compression ratio over 200 (a zip bomb?)"},
        ),
        (
            Limits(max_file_bytes=2**30, max_zip_ratio=1e9, max_zip_total_bytes=MiB),
            {
                "bomb.zip:bomb.txt": "archive expands past 1.0 MiB",
                "bomb.zip": "archive expands past its limit; remaining members not loaded",
            },
        ),
        (
            Limits(max_file_bytes=2**30, max_zip_ratio=1e9, max_load_expanded_bytes=MiB),
            {
                "bomb.zip:bomb.txt": "archives of this load expand past 1.0 MiB together",
                "bomb.zip": "archive expands past its limit; remaining members not loaded",
            },
        ),
    ],
    ids=["member size", "member ratio", "archive total", "load total"],
)
def test_loaders_archive_caps_while_streaming(
    zip_bomb, inflated, headers_trusted_blindly, limits, expected
):
    budget = Budget(limits)

    assert reasons(load_bytes("bomb.zip", zip_bomb, limits, budget=budget)) == expected
    assert budget.used == inflated[0]
    caps = (limits.max_zip_total_bytes, limits.max_load_expanded_bytes, limits.max_file_bytes)
    cap = min(*caps, limits.max_zip_ratio * len(zip_bomb))
    assert inflated[0] <= cap + load_archive._CHUNK + len(BODY) + len("After the bomb.")


members = st.lists(
    st.tuples(st.integers(0, 3 * MiB), st.sampled_from([b"\0", b"Kim met Putin. ", b"x"])),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, database=None)
@given(
    zips=st.lists(members, min_size=1, max_size=4),
    load_cap=st.integers(0, 8 * MiB),
    archive_cap=st.integers(0, 8 * MiB),
    blindly=st.booleans(),
)
def test_loaders_archive_inflates_at_most_its_budgets_plus_a_chunk(
    zips, load_cap, archive_cap, blindly
):
    limits = Limits(
        max_file_bytes=2 * MiB,
        max_zip_total_bytes=archive_cap,
        max_load_expanded_bytes=load_cap,
    )
    budget = Budget(limits)
    counted = [0]
    read = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = read(self, n)
        counted[0] += len(data)
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipExtFile, "read", counting)
        if blindly:  # as headers_trusted_blindly (a fixture would outlive one example)
            patch.setattr(load_archive, "_header_problem", lambda member, limits: None)
            patch.setattr(load_archive._Expansion, "check", lambda self, declared: None)
        for i, sizes in enumerate(zips):
            entries = [(f"m{j}.txt", (fill * size)[:size]) for j, (size, fill) in enumerate(sizes)]
            before = counted[0]
            data = raw_zip(entries)
            load_bytes(f"z{i}.zip", data, limits, budget=budget)
            archive = min(archive_cap, max(200 * len(data), load_archive._ARCHIVE_FLOOR))
            assert counted[0] - before <= archive + load_archive._CHUNK
    assert budget.used == counted[0]  # every byte zipfile gave out was charged
    assert budget.used <= load_cap + load_archive._CHUNK


def test_loaders_archive_reasons_are_one_line(tmp_path):
    write(tmp_path, {"bomb.zip": raw_zip([("b.txt", bytes(64 * MiB))]), "good.txt": BODY})

    loaded = load_paths([tmp_path])

    assert loaded.articles["text"].tolist() == [BODY]
    assert all("\n" not in r.reason for r in loaded.rejected)
    assert Path(tmp_path / "bomb.zip").stat().st_size < MiB
