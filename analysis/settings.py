"""What a host may set for uploads (limits, the editor passcode), built from plain mappings."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

from analysis.fetch import FetchLimits
from analysis.load import Limits
from analysis.sandbox import WorkLimits

ENV_PREFIX = "ACTORSCOPE_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    """Every key can be set in .streamlit/secrets.toml, or as ACTORSCOPE_<KEY in capitals>.

    An `editor_passcode` turns on hosted mode: only editors write to the shared store, other
    visitors' uploads stay in their own session, and private addresses are not fetched.
    """

    editor_passcode: str | None = None
    max_upload_mb: float = 50.0  # one uploaded file (Streamlit's server.maxUploadSize caps it too)
    max_zip_expanded_mb: float = 500.0  # one archive, expanded
    max_upload_expanded_mb: float = 1000.0  # every archive of one upload together, expanded
    max_articles_per_batch: int = 5_000  # one preview/commit
    max_private_articles: int = 5_000  # one visitor's session workspace (hosted mode)
    max_batch_mb: float = 50.0  # the text of one preview/commit, UTF-8
    max_private_mb: float = 50.0  # the text of one visitor's session workspace (hosted mode)
    fetch_timeout_s: float = 10.0  # to connect and per read; a whole response gets 3x this
    fetch_max_mb: float = 10.0  # one fetched page or feed
    feed_max_items: int = 50  # items of one feed whose pages are fetched
    allow_private_urls: bool | None = None  # None: allowed for a local run, refused when hosted
    work_memory_mb: float = 1024.0  # one preview's or add's analysis, in its child (hosted mode)
    work_timeout_s: float = 120.0  # the same, in seconds of wall time
    work_slots: int = 2  # such analyses at once on the server; the others wait for a slot
    problems: tuple[str, ...] = ()  # values that could not be read (their defaults are used)

    @property
    def hosted(self) -> bool:
        return bool(self.editor_passcode)

    @property
    def private_urls(self) -> bool:
        """Whether loopback, private and link-local addresses may be fetched."""
        return (not self.hosted) if self.allow_private_urls is None else self.allow_private_urls

    @property
    def max_batch_bytes(self) -> int:
        return _bytes(self.max_batch_mb)

    @property
    def max_private_bytes(self) -> int:
        return _bytes(self.max_private_mb)

    def limits(self) -> Limits:
        """The loaders' limits for one batch."""
        return Limits(
            max_file_bytes=_bytes(self.max_upload_mb),
            max_zip_total_bytes=_bytes(self.max_zip_expanded_mb),
            max_load_expanded_bytes=_bytes(self.max_upload_expanded_mb),
            max_articles=self.max_articles_per_batch,
        )

    def work_limits(self) -> WorkLimits | None:
        """The limits of a preview's or an add's analysis in its child process (hosted mode);
        None for a local run, which analyses in its own process."""
        if not self.hosted:
            return None
        return WorkLimits(
            memory_mb=self.work_memory_mb, timeout_s=self.work_timeout_s, slots=self.work_slots
        )

    def fetch_limits(self) -> FetchLimits:
        return FetchLimits(
            timeout_s=self.fetch_timeout_s,
            max_bytes=_bytes(self.fetch_max_mb),
            max_items=self.feed_max_items,
            allow_private=self.private_urls,
        )


KEYS = tuple(f.name for f in fields(Settings) if f.name != "problems")


def env_name(key: str) -> str:
    """The environment variable for a key: max_upload_mb -> ACTORSCOPE_MAX_UPLOAD_MB."""
    return ENV_PREFIX + key.upper()


def resolve(secrets: Mapping[str, object], environ: Mapping[str, str]) -> Settings:
    """Settings from secrets (first) and ACTORSCOPE_* variables; defaults for the rest.

    A value that cannot be read keeps its default and is named in `problems`.
    """
    values: dict[str, object] = {}
    problems: list[str] = []
    for f in fields(Settings):
        if f.name == "problems":
            continue
        if f.name in secrets:
            raw, where = secrets[f.name], f.name
        elif env_name(f.name) in environ:
            raw, where = environ[env_name(f.name)], env_name(f.name)
        else:
            continue
        try:
            values[f.name] = _parse(f.name, raw, f.default)
        except ValueError as exc:
            problems.append(f"{where}: {exc}; using {f.default!r}")
    return Settings(**values, problems=tuple(problems))


def _parse(key: str, raw: object, default: object) -> object:
    if key == "editor_passcode":
        text = "" if raw is None else str(raw)
        return text or None  # an empty passcode is no passcode
    if key == "allow_private_urls":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(f"{raw!r} is not true or false")
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a number")
    try:
        number = float(str(raw).strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{raw!r} must be more than 0")
    if isinstance(default, int):
        if number != int(number):
            raise ValueError(f"{raw!r} is not a whole number")
        return int(number)
    return number


def _bytes(mb: float) -> int:
    return int(mb * 2**20)
