"""The pages' own choices (analysis.view.PAGE_CHOICES) in the view, and so in the URL.

Each choice has its page's widget and a kept copy in the session: the widget starts from the
kept copy (which a link seeds, see app_pages/sidebar.py), and its on_change callback updates
that copy before the rerun, so the sidebar builds the whole view, URL included, from the kept
copies at the start of every run, whichever page is shown.
"""

from __future__ import annotations

import streamlit as st

from analysis import view
from analysis.trends import TONE_LABELS, TONES

# How the tone choices read, on Trends, Outlets and Co-mentions alike.
WEIGHT_LABELS = {"sentence": "Per sentence", "article": "Per article"}
# What "lower the minimum" offers on Trends and Outlets: the fewest sentences giving a band.
EASY_MIN = 2
# Each choice's widget key, on its page (Outlets shares Trends' tone, weight and min_count).
WIDGETS = {
    "window": "cm_window", "measure": "cm_measure", "support": "cm_min_support",
    "share": "tr_share", "min_count": "tr_min_count", "weight": "tr_weight",
    "tone": "tone_of",  # Trends' and Co-mentions': one choice, one widget key
    "order": "ev_order", "threshold": "tr_threshold",
}  # fmt: skip
# Where each choice is kept while its widget is not on the page ("window" is also set by a
# click that opens the evidence of a pair).
KEPT = {name: "window" if name == "window" else f"choice_{name}" for name in WIDGETS}


def kept(name: str):
    """The choice's kept value (the default of View until a link or a widget sets it)."""
    return st.session_state.get(KEPT[name], getattr(view.View(), name))


def keep(name: str, value) -> None:
    """Set a choice, widget and kept copy (for a button that changes one)."""
    st.session_state[KEPT[name]] = value
    st.session_state[WIDGETS[name]] = value


def seed(name: str) -> dict:
    """Before drawing a choice's widget: start it from the kept value when it has no state
    of its own. Returns the widget's key and callback arguments.

    A choice drawn on two pages (Trends' and Co-mentions' tone) is two widgets to Streamlit
    (their help differs), and a widget's own leftover state does not carry to the other; so
    the kept value is set on every run, before the widget (the click's callback kept it)."""
    key = WIDGETS[name]
    st.session_state[key] = kept(name)
    return {"key": key, "on_change": _changed, "args": (name,)}


TONE_HELP = (
    "Of the sentence: VADER's compound, one number for every actor the sentence names. "
    "Toward the actor: a model of the sentence's tone toward that actor's mention, "
    "P(positive) − P(negative), so two actors of one sentence can differ."
)


def tone_control(where=st) -> str:
    """The tone choice (VADER's of the sentence, or toward the actor) as every page draws it,
    in `where` (a column, or the page): one widget, label and help for Trends, Outlets and
    Co-mentions. Returns the choice."""
    return where.segmented_control(
        "Tone", list(TONES), **seed("tone"), required=True, format_func=TONE_LABELS.get,
        help=TONE_HELP,
    )  # fmt: skip


def _changed(name: str) -> None:
    st.session_state[KEPT[name]] = st.session_state[WIDGETS[name]]


def from_view(v: view.View) -> None:
    """Keep the choices of a view parsed from a link; their widgets start from them."""
    for name in view.PAGE_CHOICES:
        st.session_state[KEPT[name]] = getattr(v, name)
        st.session_state.pop(WIDGETS[name], None)


def current() -> dict:
    """The kept choices, by View field: what the sidebar puts in the view."""
    return {name: kept(name) for name in view.PAGE_CHOICES}
