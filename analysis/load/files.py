"""Files and folders into articles; large loads parsed by worker processes, to the same result."""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from analysis import parallel
from analysis.load.base import (
    DOCUMENTS,
    SUPPORTED,
    Limits,
    Loaded,
    Notice,
    Refused,
    Rejected,
    describe,
    extension,
    too_large,
    unsupported,
)
from analysis.load.decode import decode
from analysis.load.fields import sidecar_meta
from analysis.load.parse import load_one
from analysis.load.sink import Recorder, Sink
from analysis.load.tables import Rows, load_lines, read_lines

# Loads under both are parsed here (processes would cost more than they save); HTML costs
# about 2 ms a page, so many small files are worth processes too.
PARALLEL_MIN_BYTES, PARALLEL_MIN_FILES = 4 * 2**20, 100
JOB_BYTES, JOB_FILES = 2**21, 50  # a worker's job at most (a larger JSONL file is cut up)


class _Input(NamedTuple):
    """A file to load: its path, its origin (the name it is known by), and the folder it was
    found in (None for a file named directly), which its symlinks must not lead out of."""

    path: Path
    origin: str
    root: Path | None = None


def load_paths(
    paths: Iterable[str | Path],
    limits: Limits = Limits(),
    defaults: dict | None = None,
    progress=None,
    workers: int | None = None,
) -> Loaded:
    """Articles (schema.ARTICLES columns) from files and folders (recursed, hidden files skipped).

    `defaults` ({"published": ..., "source": ...}) fills fields an article lacks; `progress` is
    called as progress(done, total) after each file. Loads of PARALLEL_MIN_BYTES or
    PARALLEL_MIN_FILES are parsed by `workers` processes (default: every core), to the same
    result.
    """
    sink = Sink(limits, defaults)
    files = _listed(paths, sink)
    with closing(_parsed_elsewhere(files, limits, sink.defaults, workers)) as parsed:
        for done, given in enumerate(files, 1):
            found = next(parsed)
            if found is None or not found.into(sink):
                _load_path(given, limits, sink)
            if progress is not None:
                progress(done, len(files))
    return sink.loaded()


def _listed(paths: Iterable[str | Path], sink: Sink) -> list[_Input]:
    """The files to load, each with its origin: a relative path as given, or starting at the
    name of an absolute one. Paths that are neither file nor folder are rejected; a path
    given that is a symlink is followed (the user named it)."""
    if isinstance(paths, (str, Path)):  # one path, not an iterable of characters
        paths = [paths]
    files: list[_Input] = []
    for given in map(Path, paths):
        base = Path(given.name) if given.is_absolute() else given
        if given.is_dir():
            files += _walk(given, base, sink)
        elif given.is_file():
            if not given.name.endswith(".meta.json"):
                files.append(_Input(given, base.as_posix()))
        else:
            sink.reject(str(given), "not a file or folder" if given.exists() else "no such file")
    return files


@dataclass(frozen=True)
class _File:
    """A file parsed in a worker process: what it would have told the load's sink."""

    articles: list[dict]
    rejected: list[Rejected]
    notices: list[Notice]
    inflated: int  # bytes its archive expanded to
    asked: int  # the most its budget was asked to cover

    def into(self, sink: Sink) -> bool:
        """Tell the sink; False, and nothing told, when the articles could reach the load's
        limit or its archive the load's expansion budget: which articles the sink refuses, or
        where the budget stops, and the reasons, are for the sink to say."""
        if len(sink.rows) + len(self.articles) > sink.limits.max_articles:
            return False
        # A worker's budget started empty: had each of its checks passed with what the load
        # has spent already added, the load's budget would have said the same all along.
        if self.asked and not sink.budget.covers(self.asked):
            return False
        sink.budget.used += self.inflated
        sink.rejected += self.rejected
        sink.notices += self.notices
        for row in self.articles:
            sink.keep(row)
        return True


@dataclass(frozen=True)
class _Pieces:
    """A large JSONL file, its pieces parsed each in a worker process, each on its own."""

    origin: str
    pieces: list[tuple[int, list[str]]]
    parts: list[Rows]
    notes: tuple[str, ...] = ()  # what decoding the file did (see decode)

    def into(self, sink: Sink) -> bool:
        for note in self.notes:
            sink.note(self.origin, note)
        try:
            load_lines(self.origin, self.pieces, {}, sink, self.parts)
        except Exception as exc:  # as load_one: a reason, never a crash
            sink.reject(self.origin, describe(exc))
        return True


def _parsed_elsewhere(
    files: list[_Input], limits: Limits, defaults: dict, workers: int | None
) -> Iterator[_File | _Pieces | None]:
    """Each file parsed by worker processes, in order; None for each when the files are too
    small for processes to pay.

    Archives go to workers too (parsing their members is what costs), each against a budget of
    its own; the load's is enforced where results are gathered (_File.into): an archive that
    could pass it is parsed again here against it, so the result is one process's. Workers
    inflate past the load's budget at most the archives in flight, each within its own caps.
    """
    workers = workers or os.cpu_count() or 1
    sizes = [_file_bytes(given.path) for given in files]
    if workers <= 1 or (sum(sizes) < PARALLEL_MIN_BYTES and len(files) < PARALLEL_MIN_FILES):
        yield from itertools.repeat(None, len(files))
        return
    handed: deque[tuple[Callable, bool]] = deque()  # per job: its assembly, and if its last

    def jobs() -> Iterator[Callable]:
        for assemble, plan in _plans(files, sizes, limits, defaults):
            for n, job in enumerate(plan, 1):
                handed.append((assemble, n == len(plan)))
                yield job

    parts: list = []
    with closing(parallel.in_order(_run, jobs(), workers, ahead=2 * workers)) as results:
        for result in results:
            assemble, last = handed.popleft()
            parts.append(result)
            if last:
                yield from assemble(parts)
                parts = []


def _plans(
    files: list[_Input], sizes: list[int], limits: Limits, defaults: dict
) -> Iterator[tuple[Callable[[list], list], list[Callable]]]:
    """Jobs for worker processes, of about JOB_BYTES or JOB_FILES each (small files together, a
    large JSONL file in pieces), with how their results make one outcome per file, in order."""
    group: list[_Input] = []
    size = 0
    for given, file_size in zip(files, sizes, strict=True):
        origin = given.origin
        large_jsonl = extension(origin) == ".jsonl" and file_size > JOB_BYTES
        notes: list[str] = []
        text = _jsonl_text(given.path, limits, notes.append) if large_jsonl else None
        if text is None:
            group.append(given)
            size += file_size
            if size < JOB_BYTES and len(group) < JOB_FILES:
                continue
        if group:
            yield itemgetter(0), [partial(_parse_files, group, limits, defaults)]
            group, size = [], 0
        if text is not None:
            pieces = _pieces(text.split("\n"))
            jobs = [
                partial(read_lines, origin, first, lines, {}, defaults) for first, lines in pieces
            ]
            yield partial(_in_pieces, origin, pieces, tuple(notes)), jobs
    if group:
        yield itemgetter(0), [partial(_parse_files, group, limits, defaults)]


def _run(job: Callable):
    return job()


def _parse_files(files: list[_Input], limits: Limits, defaults: dict) -> list[_File]:
    parsed = []
    for given in files:
        recorder = Recorder(limits, defaults)
        _load_path(given, limits, recorder)
        spent = recorder.budget
        told = recorder.rejected, recorder.notices
        parsed.append(_File(recorder.rows, *told, spent.used, spent.asked))
    return parsed


def _in_pieces(origin: str, pieces, notes: tuple[str, ...], parts: list) -> list[_Pieces]:
    return [_Pieces(origin, pieces, parts, notes)]


def _jsonl_text(path: Path, limits: Limits, note: Callable[[str], None]) -> str | None:
    """A JSONL file's text as _load_path reads it; None where that would refuse the file (a
    worker then parses it whole, and says why)."""
    try:
        if not path.is_file() or path.stat().st_size > limits.max_file_bytes:
            return None
        with path.open("rb") as f:
            data = f.read(limits.max_file_bytes + 1)
        text = decode(data, note) if 0 < len(data) <= limits.max_file_bytes else ""
    except Exception:  # refused there too, with the reason
        return None
    return text if text.strip() else None


def _pieces(lines: list[str]) -> list[tuple[int, list[str]]]:
    """The lines in runs of about JOB_BYTES characters: (first line's number, lines)."""
    pieces, first, size = [], 0, 0
    for i, line in enumerate(lines):
        size += len(line) + 1
        if size >= JOB_BYTES:
            pieces.append((first + 1, lines[first : i + 1]))
            first, size = i + 1, 0
    if first < len(lines):
        pieces.append((first + 1, lines[first:]))
    return pieces


def _file_bytes(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _walk(root: Path, base: Path, sink: Sink) -> list[_Input]:
    """Article files under root, sorted, their origins starting at base; hidden files and
    folders and *.meta.json left out.

    A symlink that leads outside root is refused (a folder handed over may link to ~/.ssh);
    one to a folder inside is not followed, as its files are listed where they are (and a
    loop cannot be).
    """
    real = root.resolve()
    found, refused = [], []
    for folder, subfolders, names in os.walk(root):  # never into linked folders
        here = Path(folder)
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        linked = [here / d for d in subfolders if (here / d).is_symlink()]
        subfolders[:] = [d for d in subfolders if here / d not in linked]
        for path in [*linked, *(here / n for n in names if not n.startswith("."))]:
            if path.name.endswith(".meta.json"):
                continue
            origin = (base / path.relative_to(root)).as_posix()
            problem = _link_problem(path, real)
            if problem:
                refused.append((origin, problem))
            elif path not in linked:
                found.append(_Input(path, origin, real))
    for origin, problem in sorted(refused):
        sink.reject(origin, problem)
    return sorted(found)


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a file or folder in `root` (resolved) is not read: a symlink out of it, or a loop."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of symlinks
        return "symlink loop; not loaded"
    return None if target.is_relative_to(root) else "symlink leads outside the folder; not loaded"


def _load_path(given: _Input, limits: Limits, sink: Sink) -> None:
    path, origin = given.path, given.origin
    ext = extension(origin)
    if ext not in SUPPORTED:
        return sink.reject(origin, unsupported(ext))
    try:
        if not path.is_file():  # a FIFO or device would block or never end
            return sink.reject(origin, "not a regular file")
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return sink.reject(origin, too_large(size, limits))
        with path.open("rb") as f:
            data = f.read(limits.max_file_bytes + 1)  # bounded, should the file grow meanwhile
    except OSError as exc:
        return sink.reject(origin, f"could not read ({exc.strerror or exc})")
    meta = {}
    sidecar = path.with_name(path.stem + ".meta.json")
    if ext in DOCUMENTS and sidecar.is_file():
        side_origin = origin[: -len(path.name)] + sidecar.name
        problem = _link_problem(sidecar, given.root) if given.root else None
        try:
            if problem:
                raise Refused(problem)
            if sidecar.stat().st_size > limits.max_file_bytes:
                raise Refused("sidecar too large")
            meta = sidecar_meta(sidecar.read_bytes(), partial(sink.note, side_origin))
        except Exception as exc:  # a bad sidecar costs only the metadata
            sink.reject(side_origin, describe(exc))
    load_one(origin, data, limits, meta, sink)
