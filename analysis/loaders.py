"""Load news articles from files, folders, zip archives and pasted text into an articles frame."""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import io
import itertools
import json
import os
import re
import struct
import unicodedata
import zipfile
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import charset_normalizer
import dateutil.parser
import pandas as pd
import trafilatura

from analysis import parallel, schema


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 2**20  # one input file
    max_zip_members: int = 10_000
    max_zip_total_bytes: int = 500 * 2**20  # one archive, expanded
    max_zip_ratio: float = 200.0  # expanded / compressed, per member and per whole archive
    max_load_expanded_bytes: int = 1000 * 2**20  # every archive of one load, expanded together
    max_articles: int = 200_000  # per load


@dataclass(frozen=True)
class Rejected:
    name: str
    reason: str  # one line, human-readable, no traceback


@dataclass(frozen=True)
class Notice:
    name: str
    note: str  # one line: what was done to an input that still loaded (not a rejection)


@dataclass
class Loaded:
    articles: pd.DataFrame  # schema.ARTICLES columns
    rejected: list[Rejected]
    notices: list[Notice] = dataclasses.field(default_factory=list)


DOCUMENTS = (".txt", ".md", ".html", ".htm")
SUPPORTED = (*DOCUMENTS, ".csv", ".tsv", ".json", ".jsonl", ".zip")
TITLE_MAX_CHARS = 150
# Column names per field, in priority order; compared after _key() (case, "_" and spaces ignored).
FIELDS = {
    "text": ("text", "body", "content", "article", "story"),
    "title": ("title", "headline", "headline_text"),
    "published": ("date", "published", "publish_date", "published_at", "pubdate", "datetime"),
    "source": ("source", "outlet", "publisher", "site", "site_name"),
    "url": ("url", "link"),
    "author": ("author", "byline"),
}
NO_TEXT_COLUMN = f"no text column (expected one of: {', '.join(FIELDS['text'] + FIELDS['title'])})"
# Tiny members may legitimately compress very well (a page of blanks); bombs are big. A tiny
# archive may expand to a few of them, whatever its ratio.
_RATIO_FLOOR = 2**20
_ARCHIVE_FLOOR = 4 * _RATIO_FLOOR
# The compression methods read: zipfile inflates bzip2 and LZMA without an output bound, so one
# read of a 465-byte bzip2 member allocated 800 MB; deflate it bounds to the bytes asked for.
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name and extra field lengths
_CHUNK = 2**16
_SAMPLE = 2**18  # bytes charset-normalizer looks at first
# Loads under both are parsed here (processes would cost more than they save); HTML costs
# about 2 ms a page, so many small files are worth processes too.
PARALLEL_MIN_BYTES, PARALLEL_MIN_FILES = 4 * 2**20, 100
JOB_BYTES, JOB_FILES = 2**21, 50  # a worker's job at most (a larger JSONL file is cut up)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it
_DECODED = re.compile("[^\x00-\x7f\udc80-\udcff]")  # a non-ASCII character that is
# UTF-8 with at most one invalid byte in so many, or this few (a character cut at the end),
# stays UTF-8.
_BAD_BYTES_PER, _BAD_BYTES_MIN = 1000, 4
_MALFORMED = object()  # a JSONL line that did not parse


class _Input(NamedTuple):
    """A file to load: its path, its origin (the name it is known by), and the folder it was
    found in (None for a file named directly), which its symlinks must not lead out of."""

    path: Path
    origin: str
    root: Path | None = None


class _Refused(Exception):
    """An input we decline, with the reason shown to the user."""


class _ArchiveFull(_Refused):
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


def article_id(text: str) -> str:
    """Stable id of an article: a hash of its NFKC text with whitespace runs collapsed."""
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


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
    sink = _Sink(limits, defaults)
    files = _listed(paths, sink)
    with closing(_parsed_elsewhere(files, limits, sink.defaults, workers)) as parsed:
        for done, given in enumerate(files, 1):
            found = next(parsed)
            if found is None or not found.into(sink):
                _load_path(given, limits, sink)
            if progress is not None:
                progress(done, len(files))
    return sink.loaded()


def _listed(paths: Iterable[str | Path], sink: _Sink) -> list[_Input]:
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

    def into(self, sink: _Sink) -> bool:
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
    parts: list[_Rows]
    notes: tuple[str, ...] = ()  # what decoding the file did (see _decode)

    def into(self, sink: _Sink) -> bool:
        for note in self.notes:
            sink.note(self.origin, note)
        try:
            _load_lines(self.origin, self.pieces, {}, sink, self.parts)
        except Exception as exc:  # as _load_one: a reason, never a crash
            sink.reject(self.origin, _describe(exc))
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
        large_jsonl = _ext(origin) == ".jsonl" and file_size > JOB_BYTES
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
                partial(_read_lines, origin, first, lines, {}, defaults) for first, lines in pieces
            ]
            yield partial(_in_pieces, origin, pieces, tuple(notes)), jobs
    if group:
        yield itemgetter(0), [partial(_parse_files, group, limits, defaults)]


def _run(job: Callable):
    return job()


def _parse_files(files: list[_Input], limits: Limits, defaults: dict) -> list[_File]:
    parsed = []
    for given in files:
        recorder = _Recorder(limits, defaults)
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
        text = _decode(data, note) if 0 < len(data) <= limits.max_file_bytes else ""
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


def load_bytes(
    name: str,
    data: bytes,
    limits: Limits = Limits(),
    meta: dict | None = None,
    budget: Budget | None = None,
) -> Loaded:
    """Articles (schema.ARTICLES columns) from one upload; its kind comes from the name's extension.

    `meta` (title, source, author, published, url) overrides what a single document says about
    itself and fills what table rows lack. `budget` is what archives may expand to, shared by
    the files of one upload (by default this file's own).
    """
    sink = _Sink(limits, None, budget)
    _load_one(name, data, limits, _meta(meta or {}), sink)
    return sink.loaded()


def load_text(
    text: str, *, title=None, published=None, source=None, url=None, author=None, origin="pasted"
) -> Loaded:
    """One article (schema.ARTICLES columns) from pasted text; a short first line is its title."""
    limits = Limits()
    sink = _Sink(limits, None)
    meta = _meta(dict(title=title, published=published, source=source, url=url, author=author))
    try:
        if len(text) > limits.max_file_bytes:
            raise _Refused(_too_large(len(text), limits))
        _load_document(origin, _normalise(text), ".txt", meta, sink, fallback_title=None)
    except Exception as exc:  # one bad input is a reason, never a crash
        sink.reject(origin, _describe(exc))
    return sink.loaded()


class _Sink:
    """Collects one load's articles and rejections; same text twice is kept once."""

    def __init__(self, limits: Limits, defaults: dict | None, budget: Budget | None = None):
        self.limits = limits
        self.defaults = _meta(defaults or {})
        self.budget = budget or Budget(limits)
        self.rows: list[dict] = []
        self.seen: set[str] = set()
        self.rejected: list[Rejected] = []
        self.notices: list[Notice] = []

    def reject(self, name: str, reason: str) -> None:
        self.rejected.append(Rejected(name, reason))

    def note(self, name: str, note: str) -> None:
        self.notices.append(Notice(name, note))

    def add(self, text: object, origin: str, fields: dict) -> str | None:
        """Keep one article; the reason when it is refused (a duplicate is not refused)."""
        row = _article(text, origin, {**self.defaults, **fields})
        return row if isinstance(row, str) else self.keep(row)

    def keep(self, row: dict) -> str | None:
        """Keep an article's row, unless its text is kept already; the reason when refused."""
        if row["article_id"] in self.seen:
            return None
        if len(self.rows) >= self.limits.max_articles:
            return f"article limit reached ({self.limits.max_articles} per load)"
        self.seen.add(row["article_id"])
        self.rows.append(row)
        return None

    def loaded(self) -> Loaded:
        columns = [c for c in schema.ARTICLES if c != "ingested_at"]
        df = pd.DataFrame(self.rows, columns=columns)
        df["ingested_at"] = pd.Timestamp.now(tz="UTC").floor("s")
        return Loaded(schema.conform(df, schema.ARTICLES), self.rejected, self.notices)


class _Recorder(_Sink):
    """A sink in a worker process: it records, and the load's own sink decides (see _File).
    Its defaults are those of the load's sink, as that holds them."""

    def __init__(self, limits: Limits, defaults: dict):
        super().__init__(limits, None)
        self.defaults = defaults

    def keep(self, row: dict) -> str | None:
        self.rows.append(row)
        return None


def _article(text: object, origin: str, fields: dict) -> dict | str:
    """An article's row, or why there is none."""
    text = _normalise(text) if isinstance(text, str) else ""
    if not text.strip():
        return "no text"
    row = {key: _one_line(fields.get(key)) for key in ("title", "source", "author", "url")}
    published = _to_day(fields.get("published"))
    return dict(row, article_id=article_id(text), published=published, text=text, origin=origin)


def _walk(root: Path, base: Path, sink: _Sink) -> list[_Input]:
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


def _load_path(given: _Input, limits: Limits, sink: _Sink) -> None:
    path, origin = given.path, given.origin
    ext = _ext(origin)
    if ext not in SUPPORTED:
        return sink.reject(origin, _unsupported(ext))
    try:
        if not path.is_file():  # a FIFO or device would block or never end
            return sink.reject(origin, "not a regular file")
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return sink.reject(origin, _too_large(size, limits))
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
                raise _Refused(problem)
            if sidecar.stat().st_size > limits.max_file_bytes:
                raise _Refused("sidecar too large")
            meta = _sidecar(sidecar.read_bytes(), partial(sink.note, side_origin))
        except Exception as exc:  # a bad sidecar costs only the metadata
            sink.reject(side_origin, _describe(exc))
    _load_one(origin, data, limits, meta, sink)


def _sidecar(data: bytes, note: Callable[[str], None] | None = None) -> dict:
    try:
        found = json.loads(_decode(data, note))
    except ValueError as exc:
        raise _Refused(f"malformed JSON sidecar: {exc}") from None
    if not isinstance(found, dict):
        raise _Refused("sidecar is not a JSON object")
    return _meta(found)


def _load_one(origin: str, data: bytes, limits: Limits, meta: dict, sink: _Sink) -> None:
    """Parse one input; any failure becomes a Rejected for it alone."""
    try:
        _parse(origin, data, limits, meta, sink)
    except Exception as exc:  # one bad input is a reason, never a crash
        sink.reject(origin, _describe(exc))


def _parse(origin: str, data: bytes, limits: Limits, meta: dict, sink: _Sink) -> None:
    ext = _ext(origin)
    if ext not in SUPPORTED:
        raise _Refused(_unsupported(ext))
    if len(data) > limits.max_file_bytes:
        raise _Refused(_too_large(len(data), limits))
    if not data:
        raise _Refused("empty file")
    if ext == ".zip":  # members never reach here as zips: _member_problem refuses nesting
        return _load_zip(origin, data, limits, meta, sink)
    text = _decode(data, partial(sink.note, origin))
    if not text.strip():
        raise _Refused("no text")
    if ext in DOCUMENTS:
        title = PurePosixPath(origin).stem
        return _load_document(origin, text, ext, meta, sink, fallback_title=title)
    if ext == ".jsonl":
        return _load_lines(origin, [(1, text.split("\n"))], meta, sink)
    if ext == ".json":
        rows = _json_rows(text)
    else:
        rows = _csv_rows(text, sep="\t" if ext == ".tsv" else ",")
    _load_rows(origin, rows, "row", meta, sink)


def _load_document(origin, text, ext, meta, sink, fallback_title) -> None:
    """One article from a text, markdown or HTML document; explicit `meta` wins."""
    if ext in (".html", ".htm"):
        found, body = _from_html(text)
    else:
        title, body = _split_title(text, markdown=ext == ".md")
        found = {"title": title or fallback_title}
    reason = sink.add(body, origin, {**found, **meta})
    if reason:
        sink.reject(origin, reason)


def _split_title(text: str, markdown: bool) -> tuple[str | None, str]:
    """(title, text without it): a leading '# Heading', or a short first line with more after it.

    A short first line ending in '.' is taken for a sentence, not a title.
    """
    head, _, rest = text.lstrip().partition("\n")
    head = head.strip()
    if not rest.strip():
        return None, text
    heading = re.fullmatch(r"#\s+(.+?)[\s#]*", head) if markdown else None
    if heading:
        return heading.group(1), rest.lstrip("\n")
    if head and len(head) <= TITLE_MAX_CHARS and not head.endswith("."):
        return head, rest.lstrip("\n")
    return None, text


def _from_html(text: str) -> tuple[dict, str]:
    """(metadata, main text) of a page; trafilatura drops scripts, styles and boilerplate."""
    if "<html" not in text[:4096].lower():
        text = "<html>" + text  # trafilatura ignores bare fragments
    doc = trafilatura.bare_extraction(text, with_metadata=True)
    if doc is None:
        return {}, ""
    found = dict(
        title=doc.title, source=doc.sitename, author=doc.author, url=doc.url, published=doc.date
    )
    return {k: v for k, v in found.items() if v}, doc.text or ""


def _csv_rows(text: str, sep: str) -> list[tuple[int, object]]:
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _Refused(f"malformed CSV: {_first_line(exc)}") from None
    if not isinstance(df.index, pd.RangeIndex):  # pandas turns surplus leading fields into an index
        raise _Refused("malformed CSV: rows have more fields than the header")
    return list(enumerate(df.to_dict("records"), 1))


def _json_rows(text: str) -> list[tuple[int, object]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _Refused(f"malformed JSON: {exc}") from None
    if isinstance(data, dict):
        # A wrapper like NewsAPI's {"status": ..., "articles": [...]} holds the rows in one list.
        lists = [v for v in data.values() if isinstance(v, list) and v]
        has_text = _key_set(data) & {*_CANDIDATES["text"], *_CANDIDATES["title"]}
        data = lists[0] if not has_text and len(lists) == 1 else [data]
    if not isinstance(data, list) or not any(isinstance(r, dict) for r in data):
        raise _Refused("expected a JSON object or a list of objects")
    return list(enumerate(data, 1))


def _jsonl_rows(lines: list[str], first: int) -> list[tuple[int, object]]:
    """(line number, object) of each line that is not blank; `first` is the first line's."""
    rows = []
    for number, line in enumerate(lines, first):
        if line and not line.isspace():
            try:
                rows.append((number, json.loads(line)))
            except (ValueError, RecursionError):
                rows.append((number, _MALFORMED))
    return rows


@dataclass(frozen=True)
class _Rows:
    """Rows of a table, or some lines of a JSONL file, read into articles."""

    keys: set[str]  # the column keys of the rows' objects
    objects: bool  # whether any row is an object (a JSONL line may hold anything)
    field: str | None  # the field the articles' text was read from (None: no row was read)
    articles: list[tuple[int, dict]]  # (row number, the article's row)
    skipped: list[tuple[int, str]]  # (row number, why)


def _read_rows(origin, rows, meta: dict, defaults: dict, field: str | None = None) -> _Rows:
    """The articles of rows (number, object), their text read from `field`, by default the
    one their keys name. Rows' own fields win over `meta`, and `meta` over `defaults`."""
    keys = set().union(*(_key_set(r) for _, r in rows if isinstance(r, dict)))
    field = field or _text_field(keys)
    articles, skipped = [], []
    for number, row in rows if field else ():
        if isinstance(row, dict):
            fields = {**defaults, **meta, **_fields(row)}
            found = _article(fields.get(field), origin, fields)
        else:
            found = "malformed JSON" if row is _MALFORMED else "not a JSON object"
        if isinstance(found, str):
            skipped.append((number, found))
        else:
            articles.append((number, found))
    return _Rows(keys, any(isinstance(r, dict) for _, r in rows), field, articles, skipped)


def _read_lines(origin, first: int, lines: list[str], meta, defaults, field=None) -> _Rows:
    return _read_rows(origin, _jsonl_rows(lines, first), meta, defaults, field)


def _text_field(keys: set[str]) -> str | None:
    if keys & set(_CANDIDATES["text"]):
        return "text"
    if keys & set(_CANDIDATES["title"]):
        return "title"  # a headline is a one-sentence article
    return None


def _load_rows(origin, rows: list[tuple[int, object]], unit: str, meta: dict, sink: _Sink) -> None:
    """One article per row of a table; rows' own fields win over `meta`."""
    if not rows:
        raise _Refused("no rows")
    read = _read_rows(origin, rows, meta, sink.defaults)
    if read.field is None:
        raise _Refused(NO_TEXT_COLUMN)
    _keep_rows(origin, [read], unit, sink)


def _load_lines(origin, pieces: list[tuple[int, list[str]]], meta, sink, parts=None) -> None:
    """One article per line of a JSONL file cut in pieces (first line number, lines), read
    here, or already in `parts`, each piece on its own. The text field is the whole file's:
    a piece read with another is read again."""
    defaults = sink.defaults
    parts = parts or [_read_lines(origin, *piece, meta, defaults) for piece in pieces]
    if not any(part.objects for part in parts):
        raise _Refused("malformed JSON: no line holds a JSON object")
    field = _text_field(set().union(*(part.keys for part in parts)))
    if field is None:
        raise _Refused(NO_TEXT_COLUMN)
    parts = [
        part if part.field == field else _read_lines(origin, *piece, meta, defaults, field)
        for part, piece in zip(parts, pieces, strict=True)
    ]
    _keep_rows(origin, parts, "line", sink)


def _keep_rows(origin: str, parts: list[_Rows], unit: str, sink: _Sink) -> None:
    """Keep the parts' articles, in order; the rows skipped are summarised by reason."""
    skipped = [s for part in parts for s in part.skipped]
    for number, row in (a for part in parts for a in part.articles):
        reason = sink.keep(row)
        if reason:
            skipped.append((number, reason))
    numbers_by_reason = defaultdict(list)
    for number, reason in sorted(skipped, key=lambda s: s[0]):
        numbers_by_reason[reason].append(number)
    for reason, numbers in numbers_by_reason.items():
        listed = ", ".join(map(str, numbers[:5])) + (", ..." if len(numbers) > 5 else "")
        plural = "s" if len(numbers) > 1 else ""
        sink.reject(
            origin, f"{len(numbers)} {unit}{plural} skipped: {reason} ({unit}{plural} {listed})"
        )


def _load_zip(origin: str, data: bytes, limits: Limits, meta: dict, sink: _Sink) -> None:
    """Members of an archive, read in memory; never extracted, caps counted while reading.

    Everything that can be told from the central directory (names, methods, declared sizes)
    is checked before a byte is inflated; headers can lie, so the bytes are counted too.
    """
    # Each central-directory entry starts with this signature: count them before zipfile
    # builds an object per entry (memory) for a huge member list.
    if data.count(b"PK\x01\x02") > limits.max_zip_members:
        raise _Refused(f"too many members (limit {limits.max_zip_members})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _Refused(f"not a valid zip archive ({exc})") from None
    with archive:
        problem = _entries_problem(archive.infolist(), data)
        if problem:
            raise _Refused(problem)
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.max_zip_members:
            raise _Refused(f"too many members (limit {limits.max_zip_members})")
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
            raise _Refused("no files in the archive")
        spend = _Expansion(sink.budget, len(data), limits)
        spend.check(sum(m.file_size for m in to_read))
        sidecars: dict[str, dict] = {}
        for member in to_read:
            name = member.filename
            where = f"{origin}:{name}"
            try:
                content = _read_member(archive, member, limits, spend)
                if name.endswith(".meta.json"):
                    sidecar = _sidecar(content, partial(sink.note, where))
                    sidecars[name.removesuffix(".meta.json")] = sidecar
                    continue
            except _ArchiveFull as exc:
                sink.reject(where, str(exc))
                sink.reject(origin, "archive expands past its limit; remaining members not loaded")
                return
            except Exception as exc:  # one bad member costs only itself
                sink.reject(where, _describe(exc))
                continue
            own = sidecars.get(name.rsplit(".", 1)[0], {}) if _ext(name) in DOCUMENTS else {}
            _load_one(where, content, limits, {**meta, **own}, sink)


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
            self.over = _size(limits.max_zip_total_bytes)

    def check(self, declared: int) -> None:
        """Refuse the archive before inflating it when its members declare too much."""
        if declared > self.cap:
            raise _Refused(f"archive expands to {_size(declared)}, past {self.over}; not loaded")
        if not self.budget.covers(declared):
            raise _Refused(f"{_load_full(self.budget.cap)}; not loaded")

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
    ext = _ext(name)
    if ext == ".zip":
        return "nested archive (not loaded)"
    return None if ext in SUPPORTED else _unsupported(ext)


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
                raise _Refused(_too_large_expanded(limits))
            if len(out) > ratio_cap:
                raise _Refused(_over_ratio(limits))
            spend.within()
    return bytes(out)


def _ratio_cap(member: zipfile.ZipInfo, limits: Limits) -> float:
    return max(limits.max_zip_ratio * max(member.compress_size, 1), _RATIO_FLOOR)


def _too_large_expanded(limits: Limits) -> str:
    return f"too large when expanded (limit {_size(limits.max_file_bytes)})"


def _over_ratio(limits: Limits) -> str:
    return f"compression ratio over {limits.max_zip_ratio:g} (a zip bomb?)"


def _load_full(cap: int) -> str:
    return f"archives of this load expand past {_size(cap)} together"


def _decode(data: bytes, note: Callable[[str], None] | None = None) -> str:
    """Text of a file: BOM, then strict UTF-8 (the fast path), then UTF-8 with a few invalid
    bytes replaced (`note` is told how many), then charset-normalizer."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise _Refused(f"not valid {codec} despite its byte-order mark") from None
            break
    else:
        if b"\0" in data:
            raise _Refused("binary file (not text)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data, note)
            if text is None:
                text = _decode_legacy(data)
    text = _normalise(text)
    sample = text[:_CHUNK]
    if len(_CONTROL.findall(sample)) > len(sample) / 20:
        raise _Refused("binary file (not text)")
    return text


def _mostly_utf8(data: bytes, note: Callable[[str], None] | None) -> str | None:
    """UTF-8 text with its few invalid bytes (a cut copy, a bad paste) as U+FFFD; None when the
    data is not that.

    Read as a legacy code page, its other non-ASCII characters would be mojibake ("prÃ©sident").
    A code page's text seldom holds a valid UTF-8 sequence, so UTF-8 it is when few bytes are
    invalid (see _BAD_BYTES_PER) and at least as many characters beyond ASCII decode as bytes
    fail: a long cp1252 file with one "é" has none that decode.
    """
    loose = data.decode("utf-8", "surrogateescape")
    most = max(len(data) // _BAD_BYTES_PER, _BAD_BYTES_MIN)
    bad = sum(1 for _ in itertools.islice(_ESCAPED.finditer(loose), most + 1))
    if bad > most or sum(1 for _ in itertools.islice(_DECODED.finditer(loose), bad)) < bad:
        return None
    if note is not None:
        note(f"{bad} invalid UTF-8 byte{'s' if bad > 1 else ''} replaced")
    return _ESCAPED.sub("\ufffd", loose)


def _decode_legacy(data: bytes) -> str:
    # charset-normalizer takes seconds on tens of MB: detect on a prefix cut at a line end, decode
    # everything strictly, and examine the whole file only if the rest disagrees.
    head = data[:_SAMPLE]
    if len(data) > _SAMPLE and b"\n" in head:
        head = head[: head.rfind(b"\n")]
    for sample in (head, data) if len(head) < len(data) else (data,):
        encoding = _detect(sample)
        try:
            if encoding:
                return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Refused("binary file or unknown text encoding")


def _detect(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    # Its first pick for Western text is often a sibling code page (cp1257 turns "à" into "ą",
    # mac_latin2 worse). cp1252, the web's default legacy encoding, is scored on its own (its
    # smart quotes look "messy", hence the looser threshold) and wins if its language fits
    # at least as well.
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252"], threshold=0.5).best()
    if western is not None and western.coherence >= best.coherence:
        return "cp1252"
    return best.encoding


def _normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=2**12)  # every row of a table repeats the same column names
def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


_CANDIDATES = {field: tuple(map(_key, names)) for field, names in FIELDS.items()}


def _key_set(record: dict) -> frozenset[str]:
    return _columns(tuple(record))[0]


def _fields(record: dict) -> dict:
    """The first non-empty value per field, by the priority of FIELDS' column names."""
    found = {}
    for field, names in _columns(tuple(record))[1]:
        value = next(
            (v for v in map(_value, map(record.__getitem__, names)) if v is not None), None
        )
        if value is not None:
            found[field] = value
    return found


@lru_cache(maxsize=2**8)  # the rows of a table share their column names
def _columns(names: tuple) -> tuple[frozenset[str], tuple[tuple[str, tuple], ...]]:
    """For a record with these column names: their keys, and per field the names to read, in
    the priority of FIELDS (of names with the same key, the first counts)."""
    first: dict[str, object] = {}
    for name in names:
        first.setdefault(_key(str(name)), name)
    fields = tuple(
        (field, tuple(first[k] for k in keys if k in first)) for field, keys in _CANDIDATES.items()
    )
    return frozenset(first), tuple((field, names) for field, names in fields if names)


def _meta(record: dict) -> dict:
    return {k: v for k, v in _fields(record).items() if k != "text"}


def _value(v: object) -> object:
    """A usable cell: non-blank text, a number as text, a date; None for anything else."""
    if isinstance(v, str):
        return v if v.strip() else None
    if isinstance(v, dict):  # e.g. NewsAPI's "source": {"id": ..., "name": ...}
        return _value(v.get("name"))
    if isinstance(v, (datetime, date)):
        return None if pd.isna(v) else v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v:
        return str(v)
    return None


def _one_line(v: object) -> str | None:
    """Metadata as one tidy line (titles in HTML or CSV often carry newlines)."""
    return None if v is None else " ".join(str(v).split()) or None


def _to_day(v: object) -> datetime | None:
    if isinstance(v, (datetime, date)) and not pd.isna(v):
        return datetime(v.year, v.month, v.day)
    return _parse_day(str(v).strip()) if isinstance(v, str) else None


@lru_cache(maxsize=2**14)  # corpora repeat the same few date strings
def _parse_day(text: str) -> datetime | None:
    # A missing month or day is the 1st ("2023" is 2023-01-01); a missing year is no date
    # ("March 2" could be any year), told by the impossible default year 1.
    try:  # ISO 8601 first: the common case, at twenty times dateutil's speed
        found = datetime.fromisoformat(text)
    except ValueError:
        try:
            found = dateutil.parser.parse(
                text, default=datetime(1, 1, 1), fuzzy=False, ignoretz=True
            )
        except Exception:  # dateutil raises several types on odd input; all mean "no date"
            return None
    return None if found.year == 1 else datetime(found.year, found.month, found.day)


def _ext(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _unsupported(ext: str) -> str:
    return f"unsupported file type {ext or '(none)'!r} (expected one of: {', '.join(SUPPORTED)})"


def _size(n: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _too_large(size: int, limits: Limits) -> str:
    return f"too large: {_size(size)} (limit {_size(limits.max_file_bytes)})"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _describe(exc: Exception) -> str:
    if isinstance(exc, _Refused):
        return str(exc)
    return f"could not read ({type(exc).__name__}: {_first_line(exc)})"
