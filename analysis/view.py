"""The dashboard's view (filters and focus) to and from a URL query string: links are the state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from analysis.comentions import MEASURES, MIN_SUPPORT, WINDOWS
from analysis.evidence import ORDERS
from analysis.interval import WEIGHTS
from analysis.plain import clip
from analysis.spikes import THRESHOLD, check_threshold
from analysis.trends import MIN_COUNT, TONES

FREQS = ("D", "W", "M")
DEFAULT_ACTORS = 6  # actors selected when the link names none: the most mentioned
LIMIT = 10_000  # the largest min_count or support a link may ask for
# The pages' own choices (besides the sidebar's filters), with their defaults: a link carries
# them too, so a shared link opens the same view.
PAGE_CHOICES = (
    "window", "share", "min_count", "weight", "tone", "measure", "support", "order", "threshold",
)  # fmt: skip


@dataclass(frozen=True)
class View:
    """What the analyst is looking at. Every field has a query parameter of the same name.

    actors: actor ids charted; start/end: inclusive dates (None: open); sources: None for all;
    freq: D, W or M; people: False counts people under their country (`roll_up`);
    focus: the actor ids whose evidence is shown (one actor, or a pair seen together);
    window: sentence or article, for pairs (Co-mentions, and the evidence of a pair); period:
    the start of one period of `freq` to narrow the evidence to (a clicked point). The pages'
    own choices: share (Trends' mentions as a share of articles), min_count (its fewest
    sentences for a tone point), weight (its tone per sentence or per article), tone (VADER's
    of the sentence or the tone toward the actor, analysis.trends.TONES), measure (the
    Co-mentions matrix: count, npmi, lift or tone), support (its minimum support), order (the
    Evidence page's order), threshold (the score of a spike on Trends, analysis.spikes).
    found: whether entities found in no list (not yet confirmed) are
    offered and shown. copies: whether every wire copy is counted (analysis/copies.py; by
    default a story is counted once, its copies left out).
    """

    actors: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    sources: tuple[str, ...] | None = None
    freq: str = "W"
    people: bool = True
    focus: tuple[str, ...] = ()
    window: str = "sentence"
    period: dt.date | None = None
    found: bool = True
    share: bool = False
    min_count: int = MIN_COUNT
    weight: str = WEIGHTS[0]
    tone: str = TONES[0]
    measure: str = MEASURES[0]
    support: int = MIN_SUPPORT
    order: str = next(iter(ORDERS))
    threshold: float = THRESHOLD
    copies: bool = False

    def evolve(self, **changes) -> View:
        return replace(self, **changes)


@dataclass(frozen=True)
class Parsed:
    view: View
    notices: list[str] = field(default_factory=list)  # plain text quoting the visitor's values


def parse(
    params: Mapping[str, str],
    known_actors: Iterable[str],
    known_sources: Iterable[str],
    default_actors: Iterable[str] = (),
) -> Parsed:
    """A View from query parameters; anything unknown or malformed is dropped with a notice."""
    known_actors, known_sources = set(known_actors), set(known_sources)
    notices: list[str] = []

    def ids(name: str, known: set[str]) -> tuple[str, ...] | None:
        if name not in params:
            return None
        values, unknown = split_ids(str(params[name]), known)
        if unknown:
            shown = ", ".join(clip(v) for v in unknown[:5]) + (", …" if len(unknown) > 5 else "")
            notices.append(f"Ignored unknown {name}: {shown}")
        return values

    def date(name: str) -> dt.date | None:
        raw = params.get(name)
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            notices.append(f"Ignored {name}={clip(raw)!r}: dates are YYYY-MM-DD")
            return None

    def choice(name: str, options: tuple[str, ...], default: str) -> str:
        raw = params.get(name)
        if raw is None or raw in options:
            return raw or default
        notices.append(f"Ignored {name}={clip(raw)!r}: expected one of {', '.join(options)}")
        return default

    def number(name: str, default: int) -> int:
        raw = params.get(name)
        if raw is None or raw == "":
            return default
        if str(raw).isdigit() and 1 <= int(raw) <= LIMIT:
            return int(raw)
        notices.append(f"Ignored {name}={clip(raw)!r}: expected a whole number from 1 to {LIMIT:,}")
        return default

    def score(name: str, default: float) -> float:
        raw = params.get(name)
        if raw is None or raw == "":
            return default
        try:
            return check_threshold(float(str(raw)))
        except ValueError:
            notices.append(f"Ignored {name}={clip(raw)!r}: expected a number from 0 to 300")
            return default

    actors = ids("actors", known_actors)
    if not actors:
        actors = tuple(default_actors)
    start, end = date("start"), date("end")
    if start and end and start > end:
        notices.append(f"Ignored start={start} and end={end}: start is after end")
        start = end = None
    sources = ids("sources", known_sources)
    view = View(
        actors=actors,
        start=start,
        end=end,
        sources=sources or None,
        freq=choice("freq", FREQS, "W"),
        people=choice("people", ("yes", "no"), "yes") == "yes",
        focus=ids("focus", known_actors) or (),
        window=choice("window", WINDOWS, "sentence"),
        period=date("period"),
        found=choice("found", ("yes", "no"), "yes") == "yes",
        share=choice("share", ("yes", "no"), "no") == "yes",
        min_count=number("min_count", MIN_COUNT),
        weight=choice("weight", WEIGHTS, WEIGHTS[0]),
        tone=choice("tone", TONES, TONES[0]),
        measure=choice("measure", MEASURES, MEASURES[0]),
        support=number("support", MIN_SUPPORT),
        order=choice("order", tuple(ORDERS), next(iter(ORDERS))),
        threshold=score("threshold", THRESHOLD),
        copies=choice("copies", ("yes", "no"), "no") == "yes",
    )
    return Parsed(view, notices)


def split_ids(raw: str, known: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """A comma-separated list of ids (actors or sources): the known ones, once each in the
    order given, and the unknown ones. A source may contain a comma itself ("Reuters, Inc."):
    a whole match is taken first."""
    values = [raw] if raw in known else [v.strip() for v in raw.split(",") if v.strip()]
    unknown = [v for v in values if v not in known]
    return tuple(dict.fromkeys(v for v in values if v in known)), unknown


def to_params(view: View) -> dict[str, str]:
    """The query parameters of a view. Actors are always written, so a link keeps its actors
    when the corpus grows; other defaults are left out to keep links short."""
    params: dict[str, str] = {}
    if view.actors:
        params["actors"] = ",".join(view.actors)
    if view.start:
        params["start"] = view.start.isoformat()
    if view.end:
        params["end"] = view.end.isoformat()
    if view.sources:
        params["sources"] = ",".join(view.sources)
    if view.freq != "W":
        params["freq"] = view.freq
    if not view.people:
        params["people"] = "no"
    if view.focus:
        params["focus"] = ",".join(view.focus)
    if view.window != "sentence":
        params["window"] = view.window
    if view.period:
        params["period"] = view.period.isoformat()
    defaults = View()
    for name in PAGE_CHOICES[1:]:  # window is written above
        value = getattr(view, name)
        if value != getattr(defaults, name):
            params[name] = (
                ("yes" if value else "no")
                if isinstance(value, bool)
                else f"{value:g}"
                if isinstance(value, float)
                else str(value)
            )
    if not view.found:
        params["found"] = "no"
    if view.copies:
        params["copies"] = "yes"
    return params
