"""The Actors page's found entities: listed for the sidebar's view, newest upload first, and
curated with one click each (confirm, rename, merge into an actor, hide; show again).

The registry edits go through the page's own save (a re-match, then the message with "See on
Trends"); hiding is the store's list of hidden ids (analysis.registry.curate), which moves the
store's revision so that every page reloads without them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis import facts, plain, schema
from analysis.query import Corpus
from analysis.registry import curate
from analysis.registry.table import RegistryError
from app_pages import data

Save = Callable[..., bool]  # actors.save(edited, message, actor=None)
Done = Callable[..., None]  # actors.done(message, actor=None): the message, then a rerun
PICK_KEY = "actors_found_pick"


def found_in_view(c: Corpus, start, end, sources) -> pd.DataFrame:
    """curate.found_entities of the view's articles (dates and sources), with their first
    sentence; once per store revision and view."""
    return _found(data.store().url, c.revision, start, end, sources, c)


@st.cache_data(max_entries=16, show_spinner="Listing the entities found…")
def _found(url: str, revision: int, start, end, sources, _c: Corpus) -> pd.DataFrame:
    # The shared store's entities only: a private article's are in no one's registry yet.
    ids = facts.select(_c.articles, None, start, end, sources)["article_id"].astype(str)
    s = data.store()
    return curate.with_first_sentence(s, curate.found_entities(s, ids))


def hidden_actors(c: Corpus) -> pd.DataFrame:
    """The actors hidden everywhere, named (curate.hidden_actors)."""
    s = data.store()
    return _hidden(s.url, c.revision)


@st.cache_data(max_entries=4, show_spinner=False)
def _hidden(url: str, revision: int) -> pd.DataFrame:
    from analysis.registry.gazetteer import active_gazetteer, layered

    s = data.store()
    return curate.hidden_actors(s, layered(data.registry(), active_gazetteer()))


def _label(row: pd.Series) -> str:
    n = int(row["mentions"])
    return f"{row['name']} ({row['kind']}?, {n:,} mention{'s' if n != 1 else ''})"


def found_section(c: Corpus, v, editor: bool, save: Save, done: Done) -> None:
    """The found entities of the view, and one click per curation."""
    if not v.found:
        st.info(
            "Found entities are switched off in the sidebar (*Show found entities*).",
            icon=":material/visibility_off:",
        )
    found = found_in_view(c, v.start, v.end, v.sources)
    st.caption(
        "People, organisations and places found in the text that no list names, within the "
        "sidebar's dates and sources: the newest upload first, then the most mentioned. "
        "The kind is the finder's guess; confirming makes the entity an actor of the "
        "registry, and every page shows the change at once."
    )
    if found.empty:
        st.info(
            "No entity of no list is named in the view: every name found is an actor already, "
            "or hidden.",
            icon=":material/check_circle:",
        )
    else:
        st.dataframe(
            found,
            hide_index=True,
            width="stretch",
            height=min(35 * (len(found) + 1) + 8, 388),
            key="actors_found_table",
            column_order=["name", "kind", "mentions", "articles", "newest", "sentence"],
            column_config={
                "name": st.column_config.TextColumn("name", width="medium"),
                "kind": st.column_config.TextColumn(
                    "kind (guessed)",
                    width=115,
                    help="The finder's guess: change it when confirming.",
                ),  # fmt: skip
                "mentions": st.column_config.NumberColumn("mentions", width="small"),
                "articles": st.column_config.NumberColumn("articles", width="small"),
                "newest": st.column_config.DatetimeColumn(
                    "uploaded",
                    format="YYYY-MM-DD",
                    width=95,
                    help="When the newest article naming it was stored.",
                ),  # fmt: skip
                "sentence": st.column_config.TextColumn("first sentence naming it", width="large"),
            },
        )
        if editor:
            _curate_one(c, found, save, done)
        else:
            st.caption("Curating found entities is for editors (see *Edit the registry*).")
    _hidden_part(c, editor, done)


def _curate_one(c: Corpus, found: pd.DataFrame, save: Save, done: Done) -> None:
    rows = {str(r["actor_id"]): r for _, r in found.iterrows()}
    pick = st.selectbox(
        "Entity to curate", list(rows), format_func=lambda a: _label(rows[a]), key=PICK_KEY,
        help="The entities of the table, in its order.",
    )  # fmt: skip
    if pick is None:
        return
    entity = rows[pick]
    with st.container(border=True):
        _curate_entity(c, entity, pick, save, done)


def _curate_entity(c: Corpus, entity: pd.Series, pick: str, save: Save, done: Done) -> None:
    name, guessed = str(entity["name"]), str(entity["kind"])
    n, arts = int(entity["mentions"]), int(entity["articles"])
    st.markdown(
        f"**{plain.markdown(name)}**: found in no list, kind guessed: {guessed}; {n:,} mention"
        f"{'s' if n != 1 else ''} in {arts:,} article{'s' if arts != 1 else ''}. First named:"
    )
    st.text(entity["sentence"])  # the article's own text: shown as text, never as Markdown
    registry = data.registry()

    kind_col, confirm_col = st.columns([5, 1.6], vertical_alignment="bottom")
    kind = kind_col.segmented_control(
        "Kind", schema.ACTOR_KINDS, default=guessed if guessed in schema.ACTOR_KINDS else None,
        key=f"actors_found_kind_{pick}", format_func=str.capitalize, required=True,
        help=f"Guessed: {guessed}. Choose another to change it.",
    )  # fmt: skip
    if confirm_col.button(
        "Confirm", icon=":material/how_to_reg:", type="primary", key="actors_found_confirm",
        width="stretch", help="Make it an actor of the registry, of the kind chosen.",
    ):  # fmt: skip
        _confirm(registry, name, kind or guessed, name, save)

    name_col, rename_col = st.columns([5, 1.6], vertical_alignment="bottom")
    fuller = name_col.text_input(
        "Fuller name", key=f"actors_found_name_{pick}", max_chars=200,
        placeholder=f"e.g. {name} …",
        help=f"Confirmed under this name; “{plain.markdown(name)}” becomes an alias.",
    )  # fmt: skip
    if rename_col.button(
        "Rename and confirm", icon=":material/edit:", key="actors_found_rename", width="stretch"
    ):
        if not fuller.strip():
            st.warning("Type the fuller name first.", icon=":material/edit:")
        else:
            _confirm(registry, fuller, kind or guessed, name, save)

    actors = c.registry[~c.registry["actor_id"].map(curate.is_found)].sort_values(["kind", "name"])
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    into_col, merge_col = st.columns([5, 1.6], vertical_alignment="bottom")
    into = into_col.selectbox(
        f"Merge “{plain.markdown(name)}” into", list(names), index=None,
        format_func=lambda a: f"{names[a]} ({a})", placeholder="Choose an actor",
        key=f"actors_found_into_{pick}", help="Its name becomes an alias of that actor.",
    )  # fmt: skip
    if merge_col.button("Merge", icon=":material/merge:", key="actors_found_merge",
                        width="stretch"):  # fmt: skip
        if into is None:
            st.warning("Choose the actor to merge into first.", icon=":material/merge:")
        else:
            try:
                edited = curate.merge(registry, name, into, c.registry)
            except RegistryError as exc:
                st.error(f"Not merged: {plain.markdown(exc)}", icon=":material/error:")
            else:
                save(edited, f"Merged {name} into {names[into]}", actor=into)

    if st.button(
        f"Hide “{plain.markdown(name)}” everywhere", icon=":material/visibility_off:",
        key="actors_found_hide", help="Left out of every page and count; shown again below.",
    ):  # fmt: skip
        curate.set_hidden(data.store(), [pick], hide=True)
        done(f"Hid {name} on every page")


def _confirm(registry: pd.DataFrame, name: str, kind: str, found_name: str, save: Save) -> None:
    try:
        edited = curate.confirm(registry, name, kind, found_name)
    except RegistryError as exc:
        st.error(f"Not confirmed: {plain.markdown(exc)}", icon=":material/error:")
        return
    new = edited.iloc[-1]
    what = (
        f"Confirmed {new['name']} ({kind})"
        if new["name"] == found_name
        else f"Renamed {found_name} to {new['name']} and confirmed it ({kind})"
    )
    save(edited, what, actor=str(new["actor_id"]))


def _hidden_part(c: Corpus, editor: bool, done: Done) -> None:
    gone = hidden_actors(c)
    if gone.empty:
        return
    with st.expander(f"Hidden everywhere ({len(gone):,})", icon=":material/visibility_off:"):
        st.dataframe(
            gone, hide_index=True, width="stretch", column_order=["name", "kind", "actor_id"],
            column_config={"actor_id": st.column_config.TextColumn("id")},
        )  # fmt: skip
        if not editor:
            return
        names = dict(zip(gone["actor_id"], gone["name"], strict=True))
        back_col, show_col = st.columns([5, 1.6], vertical_alignment="bottom")
        back = back_col.multiselect(
            "Show again", list(names), format_func=names.get, key="actors_unhide_pick",
            placeholder="Choose hidden ones",
        )  # fmt: skip
        if show_col.button("Show again", icon=":material/visibility:", key="actors_unhide",
                           width="stretch", disabled=not back):  # fmt: skip
            curate.set_hidden(data.store(), back, hide=False)
            done("Shown again: " + ", ".join(names[a] for a in back))
