"""Outlets: for one actor or a pair, each source's share of its own articles naming it and
its tone toward it, side by side; a click opens those sentences."""

import streamlit as st

from analysis import blanks, plain
from analysis.charts.outlets import outlets_chart, source_order
from analysis.clicks import clicked
from analysis.export import csv_safe
from analysis.interval import WEIGHTS
from app_pages import choices, data

MOST = 2  # actors compared: one, or a pair

st.title("Outlets")
c = data.corpus()
v = data.current_view()
data.stop_if_empty(c)
if not v.actors:
    st.info("Choose one or two actors in the sidebar to compare the outlets' coverage of them.")
    st.stop()

shown = v.actors[:MOST]
names = {a: c.names.get(a, a) for a in shown}
if len(v.actors) > MOST:
    st.info(
        f"Outlets compares one actor or a pair: showing {plain.markdown(names[shown[0]])} and "
        f"{plain.markdown(names[shown[1]])}, the first two of the {len(v.actors)} actors chosen "
        "in the sidebar.",
        icon=":material/info:",
    )

# One row that wraps when the main area is narrow: columns of fixed fifths cut the tone
# choice's labels ("Toward t…") on a laptop's window.
row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
choices.tone_control(row)
row.segmented_control(
    "Mean tone", list(WEIGHTS), **choices.seed("weight"), required=True,
    format_func=choices.WEIGHT_LABELS.get,
    help="Per sentence: every sentence naming the actor counts once. Per article: each "
    "article's mean counts once, whatever its length.",
)  # fmt: skip
row.number_input(
    "Fewest sentences for a tone", min_value=1, max_value=1000, step=1,
    **choices.seed("min_count"), width=220,
    help="A source with fewer sentences naming the actor shows its share but no tone.",
)  # fmt: skip

t = data.view_outlets(c.revision, v.evolve(actors=shown))
if t.empty:
    st.info(
        "No article in these dates and sources has a source to compare (articles without one, "
        "such as Reuters-21578's, are left out; `ingest --source NAME` gives them one). Widen "
        "the dates or sources."
    )
    st.stop()

n_sources = t["source"].nunique()
st.caption(
    f"{n_sources} source{'s' * (n_sources != 1)}, biggest first (its articles in the view in "
    "brackets). Share: the source's articles naming the actor, out of all its articles in the "
    "view, so a small outlet counts as much as a big one. Tone: the mean "
    + ("tone toward the actor" if v.tone == "toward" else "VADER compound")
    + " of the source's sentences naming the actor"
    + (", each sentence once" if v.weight == "sentence" else ", article by article")
    + ", with its 95% band over the source's articles (cluster-robust, Student's t; none from "
    f"a single article). Fewer than {v.min_count} sentence{'s' * (v.min_count != 1)}: no tone "
    "drawn. Click a bar or a point to read those sentences."
)
thin = int(((t["sentences"] > 0) & (t["sentences"] < v.min_count)).sum())
if thin:
    # The button as wide as its label, beside the note (a column of a quarter cut it).
    one = st.container(horizontal=True, vertical_alignment="center")
    one.info(
        f"{thin} of the {int((t['sentences'] > 0).sum())} source-actor tones rest on fewer than "
        f"{v.min_count} sentences and are not drawn (their shares are).",
        icon=":material/info:",
    )
    if v.min_count > choices.EASY_MIN:
        one.button(
            f"Lower the minimum to {choices.EASY_MIN}",
            on_click=choices.keep,
            args=("min_count", choices.EASY_MIN),
        )
fig = outlets_chart(t, names, v.min_count, v.tone)
event = st.plotly_chart(fig, key="ou_chart", on_select="rerun", selection_mode="points",
                        width="stretch")  # fmt: skip
point = clicked(event)
if point and len(point) >= 2:
    data.open_evidence(focus=[point[0]], sources=[point[1]])

with st.expander("Table"):
    order = {s: i for i, s in enumerate(source_order(t))}
    table = t.assign(name=t["actor_id"].map(names)).sort_values(
        ["source", "actor_id"], key=lambda col: col.map(order) if col.name == "source" else col
    )[["source", "name", *t.columns.drop("source")]]
    tones = ["tone", "tone_low", "tone_high"]
    st.dataframe(
        blanks.numeric(table, tones, percent=["share"]),
        hide_index=True, width="stretch",
        placeholder=blanks.NOT_SCORED,  # only tones are missing: no sentence of the source names it
        column_config={"share": st.column_config.NumberColumn("share", format="%.0f%%")}
        | {col: st.column_config.NumberColumn(col, format="%+.2f") for col in tones},
    )  # fmt: skip
    st.download_button(
        "Table as CSV", data=lambda: csv_safe(table), file_name="actorscope-outlets.csv",
        mime="text/csv", on_click="ignore", icon=":material/download:",
    )  # fmt: skip
