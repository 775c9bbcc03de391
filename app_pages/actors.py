"""Actors: the registry, with how often and in what tone each actor is named in the view."""

import streamlit as st

from analysis import evidence, schema
from analysis.export import csv_safe
from analysis.facts import actor_totals
from app_pages import data

c = data.corpus()
v = data.current_view()

st.title("Actors")
if c.registry.empty:
    st.info("The actor registry is empty: see data/actors.csv.", icon=":material/group_off:")
    st.stop()

counts = actor_totals(data.view_facts(c, v, actors=False), c.registry)
kind_col, found_col, csv_col = st.columns([4, 1.3, 1], vertical_alignment="bottom")
kinds = kind_col.pills(
    "Kind", schema.ACTOR_KINDS, selection_mode="multi", key="actors_kinds",
    format_func=str.capitalize, help="None chosen: every kind.",
)  # fmt: skip
found_only = found_col.toggle("Only actors found", key="actors_found_only")
table = evidence.registry_table(c.registry, counts, kinds or None, found_only)
csv_col.download_button(
    "CSV",
    csv_safe(table),
    file_name="actorscope-actors.csv",
    mime="text/csv",
    icon=":material/download:",
    help="This table (its kinds and the view's counts) as a CSV file.",
    width="stretch",
)

st.caption(
    f"{len(table):,} of {len(c.registry):,} registry actors. Counts are within the sidebar's "
    "dates and sources"
    + ("" if v.people else "; people are counted under their country")
    + ". Select a row to read the sentences naming that actor."
)
if table.empty:
    st.info("No actor of these kinds is named in the view.", icon=":material/person_off:")
    st.stop()

picked = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    height=min(35 * (len(table) + 1) + 8, 640),
    key=f"actors_table_{'-'.join(kinds or [])}_{found_only}",
    column_order=[col for col in evidence.REGISTRY_COLUMNS if col != "actor_id"],
    column_config={
        "name": st.column_config.TextColumn("name"),
        "kind": st.column_config.TextColumn("kind", width="small"),
        "affiliation": st.column_config.TextColumn("affiliation", width=110),
        "aliases": st.column_config.TextColumn("aliases", width="medium"),
        "short_names": st.column_config.TextColumn("short names", width="small"),
        "demonyms": st.column_config.TextColumn("demonyms", width="small"),
        "mentions": st.column_config.NumberColumn("mentions", width="small"),
        "sentences": st.column_config.NumberColumn("sentences", width="small"),
        "articles": st.column_config.NumberColumn("articles", width="small"),
        "tone": st.column_config.NumberColumn(
            "tone",
            format="%+.2f",
            width="small",
            help="Mean VADER compound of the sentences naming the actor.",
        ),  # fmt: skip
    },
)

if picked.selection.rows:
    actor = table.iloc[picked.selection.rows[0]]
    if st.button(
        f"Read the {actor['sentences']:,} sentences naming {actor['name']}",
        icon=":material/format_quote:",
        disabled=actor["sentences"] == 0,
    ):
        data.open_evidence([actor["actor_id"]])
