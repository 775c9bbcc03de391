"""Bytes to text: a byte-order mark, UTF-8 (a few invalid bytes replaced), else detected."""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Callable

import charset_normalizer

from analysis.load.base import Refused

_SAMPLE = 2**18  # bytes charset-normalizer looks at first
_CONTROL_SAMPLE = 2**16  # characters looked at for control characters
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it
_DECODED = re.compile("[^\x00-\x7f\udc80-\udcff]")  # a non-ASCII character that decoded
# UTF-8 with at most one invalid byte in so many, or this few (a character cut at the end),
# stays UTF-8.
_BAD_BYTES_PER, _BAD_BYTES_MIN = 1000, 4


def decode(data: bytes, note: Callable[[str], None] | None = None) -> str:
    """Text of a file: BOM, then strict UTF-8 (the fast path), then UTF-8 with a few invalid
    bytes replaced (`note` is told how many), then charset-normalizer."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise Refused(f"not valid {codec} despite its byte-order mark") from None
            break
    else:
        if b"\0" in data:
            raise Refused("binary file (not text)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data, note)
            if text is None:
                text = _decode_legacy(data)
    text = normalise(text)
    sample = text[:_CONTROL_SAMPLE]
    if len(_CONTROL.findall(sample)) > len(sample) / 20:
        raise Refused("binary file (not text)")
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
    raise Refused("binary file or unknown text encoding")


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


def normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
