"""What the command line shows on a terminal: names made safe to print, progress bars."""

from __future__ import annotations

import sys

# Shown as escapes, never sent to the terminal: C0 and C1 controls and DEL (a name could clear
# the screen, retitle the window or forge a line) and the bidirectional overrides, isolates
# and marks (a name could show reversed). Lone surrogates are bytes that were not UTF-8.
_ESCAPES = {
    **{c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]},
    **{ord(c): e for c, e in zip("\t\n\r", ("\\t", "\\n", "\\r"), strict=True)},
    **{c: f"\\u{c:04x}" for c in [0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F)]},
    **{c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)},
    **{c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)},  # surrogateescape'd bytes
}


def printable(text: object) -> str:
    """str(text) safe to print on a terminal: control characters, bidirectional controls and
    undecodable bytes as visible escapes (\\x1b, \\r, \\n, \\u202e, ...), the rest as it is."""
    out = str(text).translate(_ESCAPES)
    if any("\ud800" <= c <= "\udfff" for c in out):  # other lone surrogates: not encodable
        out = "".join(f"\\u{ord(c):04x}" if "\ud800" <= c <= "\udfff" else c for c in out)
    return out


class progress_bar:
    """A tqdm bar on stderr when it is a terminal, fed by (done, total) callbacks."""

    def __init__(self, desc: str, unit: str):
        self.desc, self.unit, self.bar = desc, unit, None

    def __enter__(self):
        return self if sys.stderr.isatty() else None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.desc, unit=f" {self.unit}", file=sys.stderr)
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
