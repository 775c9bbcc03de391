"""One input's bytes into articles, by its kind: a document, a table, or an archive's members."""

from __future__ import annotations

import re
from functools import partial
from pathlib import PurePosixPath

import trafilatura

from analysis.load import archive
from analysis.load.archive import Budget
from analysis.load.base import (
    DOCUMENTS,
    SUPPORTED,
    Limits,
    Loaded,
    Refused,
    describe,
    extension,
    too_large,
    unsupported,
)
from analysis.load.boilerplate import drop_furniture, dropped_note
from analysis.load.decode import decode, normalise
from analysis.load.fields import meta_fields
from analysis.load.sink import Sink
from analysis.load.tables import csv_rows, json_rows, load_lines, load_rows

TITLE_MAX_CHARS = 150


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
    sink = Sink(limits, None, budget)
    load_one(name, data, limits, meta_fields(meta or {}), sink)
    return sink.loaded()


def load_text(
    text: str, *, title=None, published=None, source=None, url=None, author=None, origin="pasted"
) -> Loaded:
    """One article (schema.ARTICLES columns) from pasted text; a short first line is its title."""
    limits = Limits()
    sink = Sink(limits, None)
    given = dict(title=title, published=published, source=source, url=url, author=author)
    meta = meta_fields(given)
    try:
        if len(text) > limits.max_file_bytes:
            raise Refused(too_large(len(text), limits))
        _load_document(origin, normalise(text), ".txt", meta, sink, fallback_title=None)
    except Exception as exc:  # one bad input is a reason, never a crash
        sink.reject(origin, describe(exc))
    return sink.loaded()


def load_one(origin: str, data: bytes, limits: Limits, meta: dict, sink: Sink) -> None:
    """Parse one input; any failure becomes a Rejected for it alone."""
    try:
        _parse(origin, data, limits, meta, sink)
    except Exception as exc:  # one bad input is a reason, never a crash
        sink.reject(origin, describe(exc))


def _parse(origin: str, data: bytes, limits: Limits, meta: dict, sink: Sink) -> None:
    ext = extension(origin)
    if ext not in SUPPORTED:
        raise Refused(unsupported(ext))
    if len(data) > limits.max_file_bytes:
        raise Refused(too_large(len(data), limits))
    if not data:
        raise Refused("empty file")
    if ext == ".zip":  # members never reach here as zips: archive refuses nesting
        for where, content, own in archive.members(origin, data, limits, meta, sink):
            load_one(where, content, limits, own, sink)
        return None
    text = decode(data, partial(sink.note, origin))
    if not text.strip():
        raise Refused("no text")
    if ext in DOCUMENTS:
        title = PurePosixPath(origin).stem
        return _load_document(origin, text, ext, meta, sink, fallback_title=title)
    if ext == ".jsonl":
        return load_lines(origin, [(1, text.split("\n"))], meta, sink)
    if ext == ".json":
        return load_rows(origin, json_rows(text), "row", meta, sink)
    load_rows(origin, csv_rows(text, sep="\t" if ext == ".tsv" else ","), "row", meta, sink)


def _load_document(origin, text, ext, meta, sink, fallback_title) -> None:
    """One article from a text, markdown or HTML document; explicit `meta` wins."""
    if ext in (".html", ".htm"):
        found, body, dropped = _from_html(text)
    else:
        # A saved or pasted page keeps its furniture lines too ("Join the conversation as a
        # VIP Member" closes the seed): whole lines only, so the writer's own text stays.
        title, body = _split_title(text, markdown=ext == ".md")
        body, dropped = drop_furniture(body)
        found = {"title": title or fallback_title}
    if dropped:
        sink.note(origin, dropped_note(dropped))
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


def _from_html(text: str) -> tuple[dict, str, list[str]]:
    """(metadata, main text, the kinds of furniture line dropped from it) of a page;
    trafilatura drops scripts, styles and most boilerplate, analysis.load.boilerplate the rest.
    """
    if "<html" not in text[:4096].lower():
        text = "<html>" + text  # trafilatura ignores bare fragments
    doc = trafilatura.bare_extraction(text, with_metadata=True)
    if doc is None:
        return {}, "", []
    found = dict(
        title=doc.title, source=doc.sitename, author=doc.author, url=doc.url, published=doc.date
    )
    body, dropped = drop_furniture(doc.text or "")
    # trafilatura puts each block (heading, paragraph, list item) on a line of its own: a blank
    # line between them makes each a paragraph, so that a heading ("Summit report") is never
    # read as wrapped into the sentence after it.
    body = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    return {k: v for k, v in found.items() if v}, body, dropped
