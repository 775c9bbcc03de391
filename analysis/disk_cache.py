"""Tables worked out from the gazetteer's files, kept on disk for the next process.

Reading the world gazetteer and working out its name tables took about 1.5 s of CPU at every
ingest's start, one core idle while it ran; loading them from a pickle takes a tenth of that.
An entry is keyed by the bytes it was made from and by the code and the versions that made it:
a changed file, module or library makes a new entry, never a stale hit. The folder is the
user's own ($ACTORSCOPE_CACHE, else $XDG_CACHE_HOME/actorscope or ~/.cache/actorscope; "off"
for none); where it cannot be written, the tables are worked out each time, as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

CACHE_ENV = "ACTORSCOPE_CACHE"
_OFF = {"off", "0", "no", "false"}
_ROOT = Path(__file__).resolve().parent
# The code whose output is kept: the gazetteer's reader, the matcher's tables, the finder's
# word lists (and the lists themselves), and what they call.
_CODE = ("registry/*.py", "found/*.py", "found/data/*", "schema.py", "text.py")
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder in force, None when turned off."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() in _OFF:
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not base:
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no home to be found (a bare container's user)
            return None
    return Path(base) / "actorscope"


@functools.cache
def _code_digest() -> bytes:
    import numpy
    import pandas

    digest = hashlib.sha256(f"{sys.version} {pandas.__version__} {numpy.__version__}".encode())
    for pattern in _CODE:
        for path in sorted(_ROOT.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def cached(kind: str, key: bytes, make: Callable[[], T]) -> T:
    """make(), or what it made before from the same `key` (the bytes it is made from) and
    code. Nothing is kept when make() raises."""
    folder = cache_dir()
    if folder is None:
        return make()
    name = hashlib.sha256(_code_digest() + kind.encode() + b"\0" + key).hexdigest()[:32]
    path = folder / f"{kind}-{name}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a torn or foreign file: made again, and replaced
        pass
    value = make()
    _keep(folder, path, value)
    return value


def _keep(folder: Path, path: Path, value: object) -> None:
    """Written aside and renamed: a process reading at the same moment sees all or nothing.
    A folder that cannot be written keeps nothing."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as out:
            aside = Path(out.name)
            out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(aside, path)
    except OSError:
        if "aside" in locals():
            with contextlib.suppress(OSError):
                aside.unlink()
