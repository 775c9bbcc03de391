"""Co-mentions: which of the selected actors appear together, how much more than chance, when."""

import datetime as dt

import streamlit as st

from analysis import blanks, plain, query
from analysis.charts.network import network
from analysis.charts.pairs import MEASURES, pair_matrix, pair_trend
from analysis.clicks import clicked
from analysis.comentions import ASSOCIATIONS, WINDOWS
from analysis.export import csv_safe
from analysis.trends import FREQS
from app_pages import choices, data

WINDOW_LABELS = {"sentence": "Same sentence", "article": "Same article"}

st.title("Co-mentions")
c = data.corpus()
v = data.current_view()

data.stop_if_empty(c)
if not v.actors:
    st.info("Choose two or more actors in the sidebar to see who appears with whom.")
    st.stop()

totals = query.totals(c, v)
if totals.empty:
    st.info(
        "None of the selected actors is mentioned in this date range and these sources. "
        "Widen the dates or sources, or choose other actors."
    )
    st.stop()
if len(totals) < 2:
    st.info(
        f"Only {plain.markdown(totals['name'].iloc[0])} is mentioned in this "
        "range: a network needs at least two. Choose more actors in the sidebar."
    )
    st.stop()

top_left, top_right = st.columns(2, gap="large")
window = top_left.segmented_control(
    "Together in the",
    list(WINDOWS),
    **choices.seed("window"),
    required=True,
    format_func=WINDOW_LABELS.get,
    help="Same sentence: named in one sentence (a close tie). Same article: named anywhere "
    "in one article (a looser one).",
)
# One tone for the network, the matrix's tone cells and the pair over time.
tone_of = choices.tone_control(top_right)
toward = tone_of == "toward"
unit = "sentence" if window == "sentence" else "article"
min_support = v.support
pairs = data.view_pairs(c.revision, v, window)
# The same pairs and counts, their tone toward the actors in place of VADER's.
tone_pairs = data.view_toward_pairs(c.revision, v, window) if toward else pairs
names = dict(zip(totals["actor_id"], totals["name"], strict=True))


def show(fig, key: str, file_name: str):
    """The figure with selection on, and its HTML download; returns the clicked customdata."""
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            width="stretch")  # fmt: skip
    st.download_button(
        "Chart as HTML", data=lambda: fig.to_html(include_plotlyjs=True), file_name=file_name,
        mime="text/html", on_click="ignore", icon=":material/download:", key=f"{key}_html",
    )  # fmt: skip
    return clicked(event)


def open_pair(point, period=None) -> None:
    """Open the evidence of a clicked actor ([actor_id]) or pair ([actor_a, actor_b, …])."""
    if point:
        focus = [str(p) for p in point[:2]] if len(point) >= 2 else [str(point[0])]
        data.open_evidence(focus=focus, window=window, period=period)


missing = [c.names.get(a, a) for a in v.actors if a not in names]
n_pairs = int((pairs["count"] > 0).sum()) if len(pairs) else 0
st.caption(
    f"{len(totals)} actors, {n_pairs} {'pair' if n_pairs == 1 else 'pairs'} seen "
    f"together in the same {unit}."
    + (f" Not mentioned in this range: {plain.markdown(', '.join(missing))}." if missing else "")
    + " Click an actor, a pair's diamond or a matrix cell to read the sentences behind it."
)
if pairs.empty:
    st.info(
        f"None of the selected actors appear together in the same {unit}"
        + (": try the same article." if window == "sentence" else ".")
    )

# Side by side while the matrix is small; one under the other when it needs the width.
left, right = st.columns(2, gap="large") if len(totals) <= 8 else (st.container(), st.container())
with left:
    st.caption(
        "Node size: mentions. Colour (red negative, grey neutral, blue positive): "
        + (
            "mean tone toward the actor in the sentences naming it; a pair's, the mean tone "
            f"toward either in the {unit}s naming both."
            if toward
            else "mean tone of the sentences naming the actor."
        )
        + f" Line width: {unit}s naming both."
    )
    net = network(
        data.view_toward_totals(c.revision, v) if toward else totals,
        tone_pairs,
        names,
        min_support=min_support,
        tone_of=tone_of,
    )
    open_pair(show(net, "cm_network", "actorscope-network.html"))
with right:
    measure = st.segmented_control(
        "Cells show",
        list(MEASURES),
        **choices.seed("measure"),
        required=True,
        format_func={
            "count": "Count",
            "npmi": "Association (NPMI)",
            "lift": "Lift",
            "tone": "Tone",
        }.get,  # fmt: skip
        help="Count: how often the pair is seen together. NPMI: how much more (towards +1) or "
        "less (towards −1) than chance if the two were independent, corrected for frequent "
        "actors. Lift: how many times more often than chance. Tone: the pair tone, of the "
        "sentence or toward the actors as the Tone choice above says.",
    )
    if measure in ASSOCIATIONS:
        st.number_input(
            "Minimum support",
            min_value=1,
            max_value=10_000,
            step=1,
            **choices.seed("support"),
            help=f"How many {unit}s naming both a pair needs before its association is shown. "
            "Lift and NPMI of a pair seen together once or twice say more about chance than "
            "about the pair; below the minimum the cell is grey and labelled with its count.",
        )
    st.caption(
        {
            "count": f"{unit.capitalize()}s naming both actors.",
            "npmi": "Normalised pointwise mutual information: 0 = as often as chance, "
            "+1 = only ever together, blank = never together.",
            "lift": "Times more often together than chance (1× = chance, 2× = twice as "
            "often); blank = never together.",
            "tone": (
                f"Mean tone toward either actor in the {unit}s naming both"
                if toward
                else f"Mean VADER compound of the {unit}s naming both"
            )
            + " (red negative, grey neutral, blue positive); blank = never together"
            + (" or not scored." if toward else "."),
        }[measure]
        + (
            f" Grey, labelled n=…: fewer than {min_support} {unit}s naming both, too few for "
            "an association. Hover a cell for the counts behind it."
            if measure in ASSOCIATIONS
            else " Hover a cell for the counts behind it."
        )
    )
    matrix = pair_matrix(tone_pairs, names, measure, min_support, tone_of)
    open_pair(show(matrix, "cm_matrix", "actorscope-matrix.html"))

seen = pairs[pairs["count"] > 0] if len(pairs) else pairs
if len(seen):
    st.subheader("One pair over time")
    keys = [f"{a}|{b}" for a, b in zip(seen["actor_a"], seen["actor_b"], strict=True)]
    counts = dict(zip(keys, seen["count"], strict=True))
    picked = st.selectbox(
        "Pair",
        keys,
        key="cm_pair",
        format_func=lambda k: (
            " & ".join(names.get(a, a) for a in k.split("|")) + f" ({counts.get(k, 0)})"
        ),
        help=f"Pairs seen together, most often first (the count is of shared {unit}s).",
    )
    a, b = picked.split("|")
    periods = query.pair_periods(c, v, a, b, window, tone_of)
    if not periods["count"].any():
        st.info("This pair is only seen together in undated articles.")
    else:
        st.caption(
            f"{unit.capitalize()}s naming both, per {FREQS[v.freq]}; bar colour is their mean "
            + ("tone toward the two (grey: not scored)" if toward else "VADER compound")
            + ". Click a bar for those sentences."
        )
        point = show(
            pair_trend(periods, names, a, b, v.freq, window, query.periods(c, v), tone_of),
            "cm_pair_trend",
            "actorscope-pair-trend.html",
        )
        if point and len(point) >= 3:
            open_pair(point, period=dt.date.fromisoformat(str(point[2])[:10]))

    with st.expander("Table"):
        st.caption(
            f"supported: seen together in at least {min_support} {unit}s (the minimum "
            "support); lift, pmi and npmi of the others are too thin to read."
        )
        table = seen.assign(
            name_a=seen["actor_a"].map(lambda x: names.get(x, x)),
            name_b=seen["actor_b"].map(lambda x: names.get(x, x)),
            supported=seen["count"] >= min_support,
        )[["name_a", "name_b", *seen.columns, "supported"]]
        st.dataframe(
            blanks.numeric(table, ["lift", "pmi", "npmi", "tone"]),
            hide_index=True,
            width="stretch",
            placeholder=blanks.PLACEHOLDER,  # a missing number, should one be
            column_config={
                col: st.column_config.NumberColumn(format="%.2f") for col in ("lift", "pmi", "npmi")
            }
            | {"tone": st.column_config.NumberColumn(format="%+.2f")},
        )
        st.download_button(
            "Table as CSV", data=lambda: csv_safe(table),
            file_name=f"actorscope-pairs-{window}.csv", mime="text/csv", on_click="ignore",
            icon=":material/download:",
        )  # fmt: skip
