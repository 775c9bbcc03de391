"""The shared sidebar filters, kept in step with the URL so that a link opens the same view."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis import query, schema, view
from analysis.query import Corpus
from analysis.registry.curate import is_found
from app_pages import choices, data

WIDGET_KEYS = ("f_actors", "f_dates", "f_sources", "f_freq", "f_rollup", "f_found", "f_copies")
KIND_ORDER = {kind: i for i, kind in enumerate(schema.ACTOR_KINDS)}


# Streamlit cuts a chosen actor's chip to about 20 characters ("European Commiss…" twice for
# two commissions); the chips wrap instead, so every chosen name is read whole. A style tag
# alone, so st.html adds it without taking room on the page.
CHIP_STYLE = """<style>
[data-testid="stSidebar"] [data-tag] { max-width: 100%; height: auto; }
[data-testid="stSidebar"] [data-tag] span {
  max-width: none; white-space: normal; overflow: visible; text-overflow: clip;
}
</style>"""


def filters(corpus: Corpus) -> view.View:
    """Draw the filters, seeded once per session from the URL; return the view and write it back."""
    labels, first, last, sources = query.derived(corpus, "sidebar", _choices)

    # Seeded from the URL on a session's first run, and again whenever Streamlit has dropped
    # a widget's state (as a page switch can): the URL always carries the whole view.
    keys = WIDGET_KEYS if first and last else tuple(k for k in WIDGET_KEYS if k != "f_dates")
    if any(key not in st.session_state for key in keys):
        _seed_from_url(corpus, list(labels), first, last)
    _follow_bounds(first, last)
    # The labels carry counts, which change when articles are added. The browser sends back the
    # labels it was shown, and Streamlit 1.67 fails on one it no longer knows (TypeError in the
    # multiselect). Read here, the value is decoded with the labels it was shown with; set
    # again, it goes back to the browser with the current ones.
    st.session_state["f_actors"] = list(st.session_state["f_actors"])
    if not st.session_state["f_found"]:
        labels = {a: label for a, label in labels.items() if not is_found(a)}
        st.session_state["f_actors"] = [a for a in st.session_state["f_actors"] if a in labels]

    with st.sidebar:
        st.html(CHIP_STYLE)
        st.multiselect(
            "Actors",
            list(labels),
            key="f_actors",
            format_func=labels.get,
            placeholder="Choose actors",
            help="People first, then countries, organisations, groups, media and places; within "
            "each kind the most mentioned first (mentions in the whole corpus, in brackets, a "
            "wire story counted once). "
            "'found': found in the text, in no list, not yet confirmed (see Actors).",
        )
        if first and last:
            st.date_input(
                "Dates", min_value=first, max_value=last, key="f_dates", format="YYYY-MM-DD"
            )
        st.multiselect("Sources", sources, key="f_sources", placeholder="All sources")
        st.segmented_control(
            "Period", list(view.FREQS), key="f_freq", required=True,
            format_func={"D": "Day", "W": "Week", "M": "Month"}.get,
        )  # fmt: skip
        st.toggle(
            "Count people under their country",
            key="f_rollup",
            help="Putin counts as Russia, Biden as the United States.",
        )
        st.toggle(
            "Show found entities",
            key="f_found",
            help="People, organisations and places found in the text that no list names; "
            "confirm, merge or hide them on the Actors page.",
        )
        st.toggle(
            "Count every wire copy",
            key="f_copies",
            help="A story copied across outlets with small edits is counted once, under its "
            "first article, unless this is on.",
        )

    start, end = _date_range(st.session_state.get("f_dates"), first, last)
    v = view.View(
        actors=tuple(st.session_state["f_actors"]),
        start=start,
        end=end,
        sources=tuple(st.session_state["f_sources"]) or None,
        freq=st.session_state["f_freq"] or "W",
        people=not st.session_state["f_rollup"],
        focus=tuple(st.session_state.get("focus", ())),
        period=st.session_state.get("period"),
        found=bool(st.session_state["f_found"]),
        copies=bool(st.session_state["f_copies"]),
        **choices.current(),
    )
    st.session_state[data.VIEW_KEY] = v
    st.query_params.from_dict(view.to_params(v))
    return v


def _choices(corpus: Corpus) -> tuple[dict[str, str], dt.date | None, dt.date | None, list]:
    """What the filters offer: the actors' labels in order (with their mentions), the first
    and last days, the sources. Once per corpus revision: a million facts to count."""
    counts = query.corpus_mentions(corpus)
    registry = corpus.registry.assign(count=corpus.registry["actor_id"].map(counts).fillna(0))
    registry = registry.sort_values(
        ["kind", "count", "name"], key=_kind_then_count, ascending=[True, False, True]
    )
    labels = {
        row.actor_id: f"{row.name} ({int(row.count)}{', found' if is_found(row.actor_id) else ''})"
        for row in registry.itertuples()
    }
    dates = corpus.articles["published"].dropna()
    first = dates.min().date() if len(dates) else None
    last = dates.max().date() if len(dates) else None
    return labels, first, last, corpus.sources


def _seed_from_url(
    corpus: Corpus, actor_ids: list[str], first: dt.date | None, last: dt.date | None
) -> None:
    parsed = view.parse(
        st.query_params.to_dict(),
        actor_ids,
        corpus.sources,
        default_actors=corpus.top_actors(view.DEFAULT_ACTORS),
    )
    v = parsed.view
    st.session_state["f_actors"] = list(v.actors)
    if first and last:
        start = min(max(v.start or first, first), last)
        end = max(min(v.end or last, last), start)
        st.session_state["f_dates"] = (start, end)
    st.session_state["f_sources"] = list(v.sources or ())
    st.session_state["f_freq"] = v.freq
    st.session_state["f_rollup"] = not v.people
    st.session_state["f_found"] = v.found
    st.session_state["f_copies"] = v.copies
    st.session_state["focus"] = list(v.focus)
    st.session_state["period"] = v.period
    choices.from_view(v)  # window and the pages' own choices
    st.session_state["notices"] = parsed.notices


def _follow_bounds(first: dt.date | None, last: dt.date | None) -> None:
    """A date range that reached the corpus's first or last day keeps reaching it when new
    articles move that day: otherwise they would be filtered out as soon as they arrive."""
    bounds = st.session_state.get("f_bounds")
    st.session_state["f_bounds"] = (first, last)
    picked = st.session_state.get("f_dates")
    if not (first and last and bounds and picked) or bounds == (first, last):
        return
    picked = tuple(picked) if isinstance(picked, (tuple, list)) else (picked,)
    start = first if picked[0] == bounds[0] else picked[0]
    end = last if picked[-1] == bounds[1] else picked[-1]
    start = min(max(start, first), last)
    st.session_state["f_dates"] = (start, max(min(end, last), start))


def _date_range(value, first: dt.date | None, last: dt.date | None):
    """(start, end) of the date input, None where it is the corpus's own bound."""
    if not value:
        return None, None
    picked = tuple(value) if isinstance(value, (tuple, list)) else (value,)
    start = picked[0]
    end = picked[1] if len(picked) > 1 else picked[0]
    return (None if start == first else start), (None if end == last else end)


def _kind_then_count(col):
    return col.map(KIND_ORDER) if col.name == "kind" else col
