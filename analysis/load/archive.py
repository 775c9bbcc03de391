"""Zip archives read in memory against a hostile sender: every byte inflated is charged."""

from __future__ import annotations

import io
import itertools
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from analysis.load.base import (
    DOCUMENTS,
    SUPPORTED,
    Limits,
    Refused,
    describe,
    extension,
    human_size,
    unsupported,
)
from analysis.load.fields import sidecar_meta

if TYPE_CHECKING:
    from analysis.load.sink import Sink

# Tiny members may legitimately compress very well (a page of blanks); bombs are big. A tiny
# archive may expand to a few of them, whatever its ratio.
_RATIO_FLOOR = 2**20
_ARCHIVE_FLOOR = 4 * _RATIO_FLOOR
# The compression methods read: zipfile inflates bzip2 and LZMA without an output bound, so one
# read of a 465-byte bzip2 member allocated 800 MB; deflate it bounds to the bytes asked for.
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name and extra field lengths
_CHUNK = 2**16


class _ArchiveFull(Refused):
    """The archive's expanded total passed its cap, or the load's: stop reading it."""


class Budget:
    """The bytes one load's archives may expand to together, and what they have: every byte
    inflated is charged as it streams, whatever becomes of its member (refused ones too).

    load_paths and load_bytes make their own; pass one to several load_bytes calls (the
    files of one upload) to share it.
    """

    def __init__(self, limits: Limits = Limits()):
        self.cap = limits.max_load_expanded_bytes
        self.used = 0
        self.asked = 0  # the most it was asked to cover: a worker's tells its load's (see _File)

    def covers(self, more: int) -> bool:
        """Whether `more` bytes would stay within the cap."""
        self.asked = max(self.asked, self.used + more)
        return self.used + more <= self.cap


def members(
    origin: str, data: bytes, limits: Limits, meta: dict, sink: Sink
) -> Iterator[tuple[str, bytes, dict]]:
    """The members of an archive to parse, each (origin, bytes, metadata: `meta` and its
    sidecar's); read in memory, never extracted, caps counted while reading. What is not
    read is told to the sink; a reason for the whole archive is raised (Refused).

    Everything that can be told from the central directory (names, methods, declared sizes)
    is checked before a byte is inflated; headers can lie, so the bytes are counted too.
    """
    # Each central-directory entry starts with this signature: count them before zipfile
    # builds an object per entry (memory) for a huge member list.
    if data.count(b"PK\x01\x02") > limits.max_zip_members:
        raise Refused(f"too many members (limit {limits.max_zip_members})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Refused(f"not a valid zip archive ({exc})") from None
    with archive:
        problem = _entries_problem(archive.infolist(), data)
        if problem:
            raise Refused(problem)
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.max_zip_members:
            raise Refused(f"too many members (limit {limits.max_zip_members})")
        # Sidecars first, so each document finds its metadata whatever the archive's order.
        members.sort(key=lambda m: not m.filename.endswith(".meta.json"))
        to_read, seen_any = [], False
        for member in members:
            problem = _member_problem(member.filename)
            if problem is None:
                problem = _header_problem(member, limits)
            seen_any = seen_any or problem != ""
            if problem is None:
                to_read.append(member)
            elif problem:
                sink.reject(f"{origin}:{member.filename}", problem)
        if not seen_any:
            raise Refused("no files in the archive")
        spend = _Expansion(sink.budget, len(data), limits)
        spend.check(sum(m.file_size for m in to_read))
        sidecars: dict[str, dict] = {}
        for member in to_read:
            name = member.filename
            where = f"{origin}:{name}"
            try:
                content = _read_member(archive, member, limits, spend)
                if name.endswith(".meta.json"):
                    sidecar = sidecar_meta(content, partial(sink.note, where))
                    sidecars[name.removesuffix(".meta.json")] = sidecar
                    continue
            except _ArchiveFull as exc:
                sink.reject(where, str(exc))
                sink.reject(origin, "archive expands past its limit; remaining members not loaded")
                return
            except Exception as exc:  # one bad member costs only itself
                sink.reject(where, describe(exc))
                continue
            own = sidecars.get(name.rsplit(".", 1)[0], {}) if extension(name) in DOCUMENTS else {}
            yield where, content, {**meta, **own}


def _entries_problem(entries: list[zipfile.ZipInfo], data: bytes) -> str | None:
    """Why the central directory is refused whole: entries sharing bytes (one compressed block
    inflated once per entry that points at it, a bomb this zipfile does not check for), or
    a name twice (which of them is meant?)."""
    spans = []
    for entry in entries:
        start = entry.header_offset
        head = data[start : start + _LOCAL_HEADER.size]
        name_len = extra_len = 0
        if len(head) == _LOCAL_HEADER.size and head.startswith(b"PK\x03\x04"):
            _, name_len, extra_len = _LOCAL_HEADER.unpack(head)
        end = start + _LOCAL_HEADER.size + name_len + extra_len + entry.compress_size
        spans.append((start, end, entry.filename))
    spans.sort()
    for (_, end, first), (start, _, second) in itertools.pairwise(spans):
        if start < end:
            return f"members {first!r} and {second!r} overlap (a zip bomb?); not loaded"
    twice = next((n for n, k in Counter(e.filename for e in entries).items() if k > 1), None)
    if twice is not None:
        return f"member name {twice!r} appears twice; not loaded"
    return None


class _Expansion:
    """One archive's expansion: its own cap (a size, and a ratio to the archive's size),
    charged to the load's budget too."""

    def __init__(self, budget: Budget, archive_bytes: int, limits: Limits):
        self.budget = budget
        self.used = 0
        by_ratio = max(int(limits.max_zip_ratio * archive_bytes), _ARCHIVE_FLOOR)
        self.cap = min(limits.max_zip_total_bytes, by_ratio)
        if by_ratio < limits.max_zip_total_bytes:
            self.over = f"{limits.max_zip_ratio:g} times its size (a zip bomb?)"
        else:
            self.over = human_size(limits.max_zip_total_bytes)

    def check(self, declared: int) -> None:
        """Refuse the archive before inflating it when its members declare too much."""
        if declared > self.cap:
            size = human_size(declared)
            raise Refused(f"archive expands to {size}, past {self.over}; not loaded")
        if not self.budget.covers(declared):
            raise Refused(f"{_load_full(self.budget.cap)}; not loaded")

    def charge(self, inflated: int) -> None:
        self.used += inflated
        self.budget.used += inflated

    def within(self) -> None:
        """Stop the archive once it, or the load, has expanded past its cap."""
        if not self.budget.covers(0):  # the load's first: its reason holds for later archives
            raise _ArchiveFull(_load_full(self.budget.cap))
        if self.used > self.cap:
            raise _ArchiveFull(f"archive expands past {self.over}")


def _member_problem(name: str) -> str | None:
    """Why a member is not read: a reason, "" to skip it silently, or None to read it.

    Names are only ever names here (nothing is extracted), but '..' and absolute paths are
    signs of a hostile archive.
    """
    parts = re.split(r"[\\/]", name)
    if re.match(r"[\\/]|[A-Za-z]:", name) or ".." in parts:
        return "unsafe member path (absolute or '..'); not loaded"
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return ""  # hidden files and macOS resource forks
    ext = extension(name)
    if ext == ".zip":
        return "nested archive (not loaded)"
    return None if ext in SUPPORTED else unsupported(ext)


def _header_problem(member: zipfile.ZipInfo, limits: Limits) -> str | None:
    """Why a member is not read, from what its header declares (the same reasons as when the
    bytes tell): nothing is inflated for it."""
    if member.compress_type not in _METHODS:
        method = zipfile.compressor_names.get(member.compress_type, str(member.compress_type))
        return f"compressed with {method}, which is not read (deflate or stored only)"
    caps = [(limits.max_file_bytes, _too_large_expanded(limits))]
    caps.append((_ratio_cap(member, limits), _over_ratio(limits)))
    # The lower cap first, as the bytes would pass it first.
    return next((reason for cap, reason in sorted(caps) if member.file_size > cap), None)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits, spend) -> bytes:
    """A member's bytes, streamed: every chunk charged to `spend` (an _Expansion), refused as
    soon as a cap is passed (header sizes can lie), the member's own caps first."""
    out = bytearray()
    ratio_cap = _ratio_cap(member, limits)
    spend.within()  # the member before may have stopped on its own cap and passed the archive's
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            spend.charge(len(chunk))
            out += chunk
            if len(out) > limits.max_file_bytes:
                raise Refused(_too_large_expanded(limits))
            if len(out) > ratio_cap:
                raise Refused(_over_ratio(limits))
            spend.within()
    return bytes(out)


def _ratio_cap(member: zipfile.ZipInfo, limits: Limits) -> float:
    return max(limits.max_zip_ratio * max(member.compress_size, 1), _RATIO_FLOOR)


def _too_large_expanded(limits: Limits) -> str:
    return f"too large when expanded (limit {human_size(limits.max_file_bytes)})"


def _over_ratio(limits: Limits) -> str:
    return f"compression ratio over {limits.max_zip_ratio:g} (a zip bomb?)"


def _load_full(cap: int) -> str:
    return f"archives of this load expand past {human_size(cap)} together"
