"""Actors: the registry with counts, the names that match no actor, and editing the registry."""

import pandas as pd
import streamlit as st

from analysis import blanks, evidence, plain, query, schema, view
from analysis.export import csv_safe
from analysis.query import Corpus
from analysis.registry import edit as registry_edit
from analysis.registry.table import RegistryError, validate_registry
from app_pages import actors_missing, curation, data
from app_pages.settings import editor_sign_in, is_editor, settings

SECTION_KEY = "actors_section"
FLASH_KEY = "actors_flash"  # what the last registry change did, shown once after the rerun
GO_TRENDS_KEY = "actors_go_trends"
EDITOR_VERSION_KEY = "actors_editor_version"  # a new number discards the table's edits
EDITOR_COLUMNS = ["actor_id", "name", "kind", "aliases", "short_names", "demonyms",
                  "affiliation", "ci_aliases"]  # fmt: skip


# --- changing the registry ----------------------------------------------------------------------


def save(edited: pd.DataFrame, message: str, actor: str | None = None) -> bool:
    """Store an edited registry, matching again with a progress bar; False (and the reason
    shown) when it is not valid. The page reruns with `message` on success."""
    bar = st.progress(0.0, text="Matching the registry against the stored articles…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Matched {done:,} of {total:,} articles")

    try:
        data.save_registry_edits(edited, progress=progress)
    except RegistryError as exc:
        bar.empty()
        st.error(f"Not saved: {plain.markdown(exc)}", icon=":material/error:")
        return False
    bar.empty()
    st.session_state[EDITOR_VERSION_KEY] = st.session_state.get(EDITOR_VERSION_KEY, 0) + 1
    done(message, actor)
    return True  # not reached: st.rerun() ends the run


def done(message: str, actor: str | None = None) -> None:
    """Rerun the page with `message` (and, for an actor, its count and "See on Trends")."""
    st.session_state[FLASH_KEY] = {"text": message, "actor": actor}
    st.rerun()


def found(actor_id: str) -> str:
    """How often the actor is named in the whole corpus, for the message after a change."""
    t = query.totals(data.corpus(), view.View(actors=(actor_id,)))
    n, arts = int(t["mentions"].sum()), int(t["articles"].sum())
    return f"{n:,} mention{'s' if n != 1 else ''} in {arts:,} article{'s' if arts != 1 else ''}"


def _go_trends(actor_id: str) -> None:
    """Select the actor over every date and open Trends (after this callback's rerun)."""
    st.session_state["f_actors"] = [actor_id]
    dates = data.corpus().articles["published"].dropna()
    if len(dates):
        st.session_state["f_dates"] = (dates.min().date(), dates.max().date())
    st.session_state[GO_TRENDS_KEY] = True


def show_flash() -> None:
    flash = st.session_state.pop(FLASH_KEY, None)
    if not flash:
        return
    if flash["actor"] and flash["actor"] in set(data.registry()["actor_id"]):
        # Only the message is the visitor's (names); the count after it is ours.
        text = f"{plain.markdown(flash['text'])}: {found(flash['actor'])}."
        left, right = st.columns([5, 1.4], vertical_alignment="center")
        left.success(text, icon=":material/task_alt:")
        right.button(
            "See on Trends",
            icon=":material/show_chart:",
            key="actors_to_trends",
            on_click=_go_trends,
            args=(flash["actor"],),
            help="Select this actor over every date and open Trends.",
        )
    else:
        st.success(plain.markdown(flash["text"] + "."), icon=":material/task_alt:")


# --- the sections -------------------------------------------------------------------------------


def counts_section(c: Corpus, v: view.View) -> None:
    """The registry with how often and in what tone each actor is named in the view."""
    counts = query.actor_counts(c, v)
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
        f"{len(table):,} of {len(c.registry):,} registry actors. Counts are within the "
        "sidebar's dates and sources"
        + ("" if v.people else "; people are counted under their country")
        + ". Select a row to read the sentences naming that actor."
    )
    if table.empty:
        st.info("No actor of these kinds is named in the view.", icon=":material/person_off:")
        return
    picked = st.dataframe(
        blanks.numeric(table, ["tone"]),  # rows as in `table`
        hide_index=True,
        placeholder=blanks.NOT_SCORED,  # only tone can be missing: the text columns are filled
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        height=min(35 * (len(table) + 1) + 8, 640),
        key=f"actors_table_{'-'.join(kinds or [])}_{found_only}",
        column_order=[col for col in evidence.REGISTRY_COLUMNS if col != "actor_id"],
        column_config={
            "name": st.column_config.TextColumn("name"),
            "kind": st.column_config.TextColumn("kind", width=95),  # "organization" whole
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
            f"Read the {actor['sentences']:,} sentences naming {plain.markdown(actor['name'])}",
            icon=":material/format_quote:",
            disabled=actor["sentences"] == 0,
        ):
            data.open_evidence([actor["actor_id"]])


def edit_section(editor: bool, cfg) -> None:
    """The registry as an editable table (editors), merging, import and export."""
    registry = data.registry()
    st.download_button(
        "Registry CSV",
        registry_edit.to_csv(registry),
        file_name="actors.csv",
        mime="text/csv",
        icon=":material/download:",
        help="The registry in use, in the format of data/actors.csv (and of the import below).",
    )
    if not editor:
        st.info(
            "The registry is shown read-only: editing it is for editors, who sign in with the "
            "editor passcode.",
            icon=":material/lock:",
        )
        editor_sign_in(cfg)
        st.dataframe(registry, hide_index=True, width="stretch", column_order=EDITOR_COLUMNS)
        return
    st.caption(
        "Edit cells, add rows at the bottom, delete rows with their checkbox; lists are "
        "`|`-separated. A new row without an actor_id gets one from its name; actors "
        "affiliated to a deleted one lose that affiliation. **Save** checks "
        "the whole table and matches it again against the stored articles (the tone is not "
        "scored again); from then on the store's registry, not data/actors.csv, is the one in "
        "use."
    )
    version = st.session_state.get(EDITOR_VERSION_KEY, 0)
    ids = sorted(registry["actor_id"].astype(str))
    edited = st.data_editor(
        registry[EDITOR_COLUMNS],
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        height=min(35 * (len(registry) + 2) + 8, 560),
        key=f"actors_editor_{version}",
        column_config={
            "actor_id": st.column_config.TextColumn("actor_id", help="A slug: kim-jong-un"),
            "name": st.column_config.TextColumn("name", required=True),
            "kind": st.column_config.SelectboxColumn(
                "kind", options=list(schema.ACTOR_KINDS), required=True, width="small"
            ),
            "aliases": st.column_config.TextColumn("aliases", width="medium"),
            "short_names": st.column_config.TextColumn(
                "short names", help="Counted only after the full name appeared"
            ),
            "demonyms": st.column_config.TextColumn("demonyms"),
            "affiliation": st.column_config.SelectboxColumn("affiliation", options=["", *ids]),
            "ci_aliases": st.column_config.TextColumn(
                "any-case aliases", help="Matched whatever their case: iraq, saddam hussein"
            ),
        },
    )
    save_col, discard_col, _ = st.columns([1.2, 1.2, 4])
    if save_col.button("Save changes", type="primary", icon=":material/save:", key="actors_save"):
        table = registry_edit.fill_ids(edited)
        # Actors affiliated to a deleted row lose that affiliation (as with delete_actor).
        deleted = set(registry["actor_id"]) - set(table["actor_id"].dropna())
        table.loc[table["affiliation"].isin(deleted), "affiliation"] = ""
        try:
            checked = validate_registry(table, first_row=1)
        except RegistryError as exc:
            st.error(
                f"Not saved: {plain.markdown(exc)} (rows are counted from 1, top to bottom).",
                icon=":material/error:",
            )
        else:
            n = len(checked)
            save(checked, f"Saved the registry ({n:,} actors) and matched it again")
    if discard_col.button("Discard changes", icon=":material/undo:", key="actors_discard"):
        st.session_state[EDITOR_VERSION_KEY] = version + 1
        st.rerun()

    st.subheader("Merge two actors")
    names = dict(zip(registry["actor_id"], registry["name"], strict=True))
    with st.form("actors_merge", border=False):
        keep_col, absorb_col = st.columns(2)
        keep = keep_col.selectbox(
            "Keep", list(names), index=None, format_func=lambda a: f"{names[a]} ({a})",
            placeholder="The actor that stays", key="actors_merge_keep",
        )  # fmt: skip
        absorb = absorb_col.selectbox(
            "Fold in and delete", list(names), index=None,
            format_func=lambda a: f"{names[a]} ({a})",
            placeholder="Its names become aliases of the first", key="actors_merge_absorb",
        )  # fmt: skip
        merge = st.form_submit_button("Merge", icon=":material/merge:")
    if merge:
        if keep is None or absorb is None:
            st.warning("Choose the two actors first.")
        else:
            try:
                merged = registry_edit.merge_actors(registry, keep, absorb)
            except RegistryError as exc:
                st.error(f"Not merged: {plain.markdown(exc)}", icon=":material/error:")
            else:
                save(merged, f"Merged {names[absorb]} into {names[keep]}", actor=keep)

    st.subheader("Import")
    upload = st.file_uploader(
        "A registry CSV file (the columns of data/actors.csv)", type=["csv"],
        key=f"actors_import_{version}",
    )  # fmt: skip
    if upload is not None and st.button(
        "Replace the registry with this file", icon=":material/upload:", key="actors_import"
    ):
        try:
            imported = registry_edit.from_csv(upload.getvalue())
        except RegistryError as exc:
            st.error(
                f"Not imported: {plain.markdown(f'{upload.name}: {exc}')}", icon=":material/error:"
            )
        else:
            save(imported, f"Imported {len(imported):,} actors from {upload.name}")


# --- the page -----------------------------------------------------------------------------------

if st.session_state.pop(GO_TRENDS_KEY, False):
    chosen = data.current_view().evolve(actors=tuple(st.session_state["f_actors"]))
    st.switch_page("app_pages/trends.py", query_params=view.to_params(chosen))

c = data.corpus()
v = data.current_view()
cfg = settings()
editor = is_editor(cfg)

st.title("Actors")
show_flash()
section = st.segmented_control(
    "Show",
    ["view", "found", "edit"],
    default="view",
    required=True,
    key=SECTION_KEY,
    format_func={
        "view": "Counts and missing names",
        "found": "Found entities",
        "edit": "Edit the registry" if editor else "The registry as a file",
    }.get,
    label_visibility="collapsed",
)
if section == "edit":
    edit_section(editor, cfg)
elif section == "found":
    curation.found_section(c, v, editor, save, done)
elif c.registry.empty:
    st.info("The actor registry is empty: add actors under *Edit the registry*.",
            icon=":material/group_off:")  # fmt: skip
else:
    counts_section(c, v)
    actors_missing.missing_section(editor, save)
