"""Actors page, "Who is missing": the names in the shared articles that match no actor, and
adding one to the registry as a new actor or as an alias."""

from collections.abc import Callable

import streamlit as st

from analysis import plain, schema
from analysis.registry import edit as registry_edit
from analysis.registry.discover import guess_kind
from analysis.registry.table import RegistryError
from app_pages import data

MISSING_LIMIT = 50


def missing_section(editor: bool, save: Callable[..., bool]) -> None:
    """Runs of capitalised words that match no actor, with one click to add one (as an actor
    or an alias); `save` stores the edited registry (the Actors page's)."""
    st.subheader("Who is missing")
    cands = data.missing(MISSING_LIMIT)
    if cands.empty:
        st.info(
            "Every capitalised name in the shared articles matches an actor (or is a word such "
            "as a month, a weekday or a title).",
            icon=":material/check_circle:",
        )
        return
    st.caption(
        f"The {len(cands)} most widespread names in the shared articles that match no actor: "
        "runs of capitalised words, without months, weekdays, titles and single words that "
        "start a sentence. Select a row to add that name; without a selection the first row "
        "is added."
    )
    shown = cands.assign(example=cands["sentence"])
    picked = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        height=min(35 * (len(shown) + 1) + 8, 388),
        key="actors_missing",
        column_order=["name", "count", "articles", "example"],
        column_config={
            "name": st.column_config.TextColumn("name", width="medium"),
            "count": st.column_config.NumberColumn("mentions", width="small"),
            "articles": st.column_config.NumberColumn("articles", width="small"),
            "example": st.column_config.TextColumn("first sentence naming it", width="large"),
        },
    )
    rows = [r for r in picked.selection.rows if r < len(cands)]  # the table may have shrunk
    row = cands.iloc[rows[0] if rows else 0]
    name = str(row["name"])
    if not editor:
        st.caption("Adding names to the registry is for editors (see *Edit the registry*).")
        return
    registry = data.registry()
    n, arts = int(row["count"]), int(row["articles"])
    st.markdown(
        f"**{plain.markdown(name)}**: {n:,} mention{'s' if n != 1 else ''} in {arts:,} "
        f"article{'s' if arts != 1 else ''}. A person's last name counts too once the full "
        "name was seen in an article."
    )
    # Kind on a row of its own: six choices in half the row cut "Place" off at 1400 px.
    kind = st.segmented_control(
        "Kind", schema.ACTOR_KINDS, default=guess_kind(name), key=f"actors_new_kind_{name}",
        format_func=str.capitalize, required=True,
    )  # fmt: skip
    countries = registry.loc[registry["kind"] == "country"].sort_values("name")
    labels = dict(zip(countries["actor_id"], countries["name"], strict=True))
    aff_col, add_col = st.columns([5, 1.6], vertical_alignment="bottom")
    affiliation = aff_col.selectbox(
        "Affiliation", ["", *labels], format_func=lambda a: labels.get(a, "none"),
        key=f"actors_new_affiliation_{name}",
    )  # fmt: skip
    if add_col.button(
        "Add as a new actor", icon=":material/person_add:", type="primary",
        key="actors_add_new", width="stretch",
    ):  # fmt: skip
        try:
            edited = registry_edit.add_actor(
                registry, name, kind, affiliation=affiliation,
                short_names=registry_edit.surname(name, kind),
            )  # fmt: skip
        except RegistryError as exc:
            st.error(f"Not added: {plain.markdown(exc)}", icon=":material/error:")
        else:
            new_id = str(edited["actor_id"].iloc[-1])
            save(edited, f"Added {name} ({kind})", actor=new_id)
    owner_col, alias_col = st.columns([5, 1.6], vertical_alignment="bottom")
    people = registry.sort_values(["kind", "name"])
    names = dict(zip(people["actor_id"], people["name"], strict=True))
    owner = owner_col.selectbox(
        f"Or add “{plain.markdown(name)}” as an alias of", list(names), index=None,
        format_func=lambda a: f"{names[a]} ({a})", placeholder="Choose an actor",
        key=f"actors_alias_owner_{name}",
    )  # fmt: skip
    if alias_col.button(
        "Add as an alias", icon=":material/label:", key="actors_add_alias",
        disabled=owner is None, width="stretch",
    ):  # fmt: skip
        try:
            edited = registry_edit.add_alias(registry, owner, name)
        except RegistryError as exc:
            st.error(f"Not added: {plain.markdown(exc)}", icon=":material/error:")
        else:
            save(edited, f"“{name}” is now an alias of {names[owner]}", actor=owner)
