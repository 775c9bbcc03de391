"""Upload: files, pasted text, a web page or a feed; a preview to check and edit; then store."""

from functools import partial

import pandas as pd
import streamlit as st

from analysis import copies, schema, view
from analysis.batch import Room, given, pasted, prepare, read_files
from analysis.batch import rejected as rejected_input
from analysis.fetch import combine, fetch_feed, fetch_page
from analysis.ingest import mark_duplicates, preview_parts
from analysis.load import SUPPORTED, Loaded
from analysis.registry import curate
from analysis.sandbox import WorkRefused, run
from app_pages import data
from app_pages.settings import EDITOR_KEY, editor_sign_in, settings
from app_pages.settings import sign_out as _sign_out
from app_pages.upload_commit import BATCH_KEY, commit, show_notices, show_rejected, show_result

RESULT_KEY = "up_result"  # what the last commit did, shown once after the rerun
VERSION_KEY = "up_version"
SHOWN_COLUMNS = ["keep", "title", "published", "source", "actors", "sentences", "duplicate",
                 "origin"]  # fmt: skip


# --- loading into the batch ---------------------------------------------------------------------


def add_to_batch(read, cfg, label: str) -> None:
    """Read inputs into the session's batch (no store write) and preview them: `read()` gives
    the inputs (a picklable callable: for a hosted app it runs in a child process, with the
    splitting and matching, within the work limits). What is past the batch's article or text
    budget is left out, with a line saying so; inputs refused at a work limit get one line."""
    held = st.session_state.get(BATCH_KEY)
    room = Room.left(
        held["loaded"].articles if held else None,
        cfg.max_articles_per_batch,
        cfg.max_batch_bytes,
        cfg.max_batch_mb,
    )
    try:
        new, rows, found = run(prepare, read, room, data.matcher(), limits=cfg.work_limits())
    except WorkRefused as exc:
        new, rows, found = rejected_input(label, str(exc)), None, None
    loaded = combine([held["loaded"], new] if held else [new])
    frames = [f for f in (held["preview"] if held else None, rows) if f is not None and len(f)]
    if frames:
        frame = pd.concat(frames, ignore_index=True)
    else:
        frame, found = preview_parts(loaded, data.matcher())
    entities = [f for f in (held["found"] if held else None, found) if f is not None and len(f)]
    version = st.session_state.get(VERSION_KEY, 0) + 1
    st.session_state[VERSION_KEY] = version
    st.session_state[BATCH_KEY] = {
        "loaded": loaded,
        "preview": mark_duplicates(frame, _known(loaded)),
        "found": pd.concat(entities, ignore_index=True) if entities else found,
        "version": version,
    }


def _known(loaded: Loaded) -> set[str]:
    """Ids of the batch's articles already stored (shared, or this session's own)."""
    ids = loaded.articles["article_id"]
    known = data.store().has_articles(ids)
    ws = data.workspace()
    return known | ws.has_articles(ids) if ws is not None else known


def new_entities(batch: dict, edited: pd.DataFrame) -> pd.DataFrame:
    """The entities of no list found in the rows to add that no stored article names yet
    (curate.new_in_batch; stored: in the shared store or this session's own)."""
    found = batch.get("found")
    if found is None or found.empty:
        return schema.empty(curate.NEW_COLUMNS)
    adding = edited["keep"].fillna(False).astype(bool) & (edited["duplicate"] == "")
    ids = found["actor_id"].unique().tolist()
    have = data.store()
    stored = curate.stored_ids(have, ids)
    ws = data.workspace()
    if ws is not None:
        stored |= curate.stored_ids(ws, ids)
    return curate.new_in_batch(found, edited.loc[adding, "article_id"], stored)


def files_label(files) -> str:
    """The uploaded files' names, for a line that concerns them all."""
    names = [f.name for f in files]
    return ", ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")


# --- who writes where ---------------------------------------------------------------------------


def where_articles_go(cfg) -> bool:
    """Explain where this session's articles go, with the editor sign-in; True if private."""
    if not cfg.hosted:
        st.caption(
            "Articles you add go to the shared store, for every page and every visitor. "
            "Nothing is stored until you press **Add** under the preview."
        )
        return False
    if st.session_state.get(EDITOR_KEY):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.success(
            "You are signed in as an editor: articles you add go to the shared store, "
            "for everyone.",
            icon=":material/verified_user:",
        )
        right.button("Sign out", on_click=_sign_out, key="up_sign_out")
        return False
    st.info(
        "**Articles you add stay private to this session:** you see them on every page "
        "together with the shared articles; nobody else does, and they are gone when you close "
        "this tab. Editors add to the shared store after typing the passcode.",
        icon=":material/lock:",
    )
    editor_sign_in(cfg)
    return True


def _limits_caption(cfg, upload_mb: float) -> str:
    return (
        f"Limits: {upload_mb:g} MB per file, {cfg.max_zip_expanded_mb:g} MB per archive "
        f"once expanded ({cfg.max_upload_expanded_mb:g} MB for all archives of one upload, "
        f"and {cfg.limits().max_zip_ratio:g} times the archive's size), "
        f"{cfg.max_articles_per_batch:,} articles and {cfg.max_batch_mb:g} MB of text per batch; "
        f"pages and feeds "
        f"{cfg.fetch_max_mb:g} MB and {cfg.fetch_timeout_s:g} s each, {cfg.feed_max_items} "
        "items per feed"
        + (
            f"; each batch analysed within {work.memory_mb:g} MB and {work.timeout_s:g} s."
            if (work := cfg.work_limits())
            else "."
        )
    )


# --- the page -----------------------------------------------------------------------------------

if st.session_state.pop("up_go_trends", False):
    chosen = data.current_view().evolve(actors=tuple(st.session_state["f_actors"]))
    st.switch_page("app_pages/trends.py", query_params=view.to_params(chosen))

cfg = settings()
st.title("Upload")
private = where_articles_go(cfg)
if cfg.problems and not private:
    for problem in cfg.problems:
        st.warning(f"Setting not used: {problem}", icon=":material/settings_alert:")
# The server's own cap (server.maxUploadSize) applies to every upload whatever this says.
upload_mb = min(cfg.max_upload_mb, float(st.get_option("server.maxUploadSize")))
limits = cfg.limits()

if result := st.session_state.pop(RESULT_KEY, None):
    show_result(result)

files_tab, paste_tab, page_tab, feed_tab = st.tabs(
    [":material/upload_file: Files", ":material/content_paste: Paste text",
     ":material/link: Web page", ":material/rss_feed: Feed"]
)  # fmt: skip
with files_tab, st.form("up_files", clear_on_submit=True, border=False):
    files = st.file_uploader(
        "Article files",
        type=[ext.lstrip(".") for ext in SUPPORTED],
        accept_multiple_files=True,
        max_upload_size=max(int(upload_mb), 1),
        help="Text, Markdown, HTML, CSV/TSV, JSON/JSONL, or a zip of them. A file X.meta.json "
        "uploaded with X.txt gives its title, source and date.",
    )
    left, right = st.columns(2)
    files_date = left.date_input(
        "Date for articles without one", value=None, format="YYYY-MM-DD", key="up_files_date"
    )
    files_source = right.text_input("Source for articles without one", key="up_files_source")
    if st.form_submit_button("Read files", icon=":material/upload:", type="primary"):
        if files:
            with st.spinner(f"Reading {len(files)} file{'s' if len(files) > 1 else ''}…"):
                pairs = [(f.name, f.getvalue()) for f in files]
                read = partial(read_files, pairs, limits, files_date, files_source)
                add_to_batch(read, cfg, files_label(files))
        else:
            st.warning("Choose one or more files first.")
    st.caption(_limits_caption(cfg, upload_mb))

with paste_tab, st.form("up_paste", clear_on_submit=True, border=False):
    text = st.text_area(
        "Article text",
        key="up_paste_text",
        height=220,
        max_chars=limits.max_file_bytes,
        placeholder="Paste one article. A short first line is taken as its title.",
    )
    left, middle, right = st.columns([3, 1, 2])
    title = left.text_input("Title (optional)", key="up_paste_title")
    published = middle.date_input(
        "Date (optional)", value=None, format="YYYY-MM-DD", key="up_paste_date"
    )
    source = right.text_input("Source (optional)", key="up_paste_source")
    if st.form_submit_button("Read text", icon=":material/content_paste_go:", type="primary"):
        if text.strip():
            meta = dict(title=title.strip() or None, published=published, source=source.strip())
            read = partial(pasted, text, {k: v or None for k, v in meta.items()})
            with st.spinner("Reading the text…"):
                add_to_batch(read, cfg, "pasted text")
        else:
            st.warning("Paste some text first.")

with page_tab, st.form("up_page", clear_on_submit=True, border=False):
    page_url = st.text_input(
        "Address of a news article", placeholder="https://…", key="up_page_url"
    )
    if st.form_submit_button("Fetch page", icon=":material/download:", type="primary"):
        if page_url.strip():
            with st.spinner("Fetching the page…"):
                page = fetch_page(page_url.strip(), cfg.fetch_limits())
                add_to_batch(partial(given, page), cfg, page_url.strip())
        else:
            st.warning("Type an address first.")
    st.caption("The page's main text, title, date and site name are extracted; menus and ads not.")

with feed_tab, st.form("up_feed", clear_on_submit=True, border=False):
    feed_url = st.text_input(
        "Address of an RSS or Atom feed", placeholder="https://…/feed.xml", key="up_feed_url"
    )
    if st.form_submit_button("Fetch feed", icon=":material/download:", type="primary"):
        if feed_url.strip():
            bar = st.progress(0.0, text="Fetching the feed…")
            loaded = fetch_feed(
                feed_url.strip(),
                cfg.fetch_limits(),
                progress=lambda d, t: bar.progress(d / t, text=f"Fetched {d} of {t} items"),
            )
            bar.empty()
            add_to_batch(partial(given, loaded), cfg, feed_url.strip())
        else:
            st.warning("Type an address first.")
    st.caption(
        f"Each item's page is fetched and extracted (at most {cfg.feed_max_items} items); the "
        "feed's title becomes the source. A site's address works if its pages name their feed."
    )

batch = st.session_state.get(BATCH_KEY)
if not batch:
    st.stop()

loaded, frame = batch["loaded"], batch["preview"]
st.subheader("Preview")
if frame.empty:
    st.warning("Nothing to add: every input was rejected.", icon=":material/block:")
else:
    dupes = int((frame["duplicate"] != "").sum())
    found = {a for ids in frame["actor_ids"].dropna() for a in str(ids).split(",") if a}
    cols = st.columns(4)
    cols[0].metric("Articles", f"{len(frame):,}")
    cols[1].metric("Sentences", f"{int(frame['sentences'].sum()):,}")
    cols[2].metric("Actors found", f"{len(found):,}")
    cols[3].metric("Duplicates", f"{dupes:,}", help="Already stored, or twice in this batch.")
    fresh = frame[frame["duplicate"] == ""]
    by_id = loaded.articles.drop_duplicates("article_id").set_index("article_id")["text"]
    texts = by_id.reindex(fresh["article_id"]).tolist()
    if wire := copies.of_stored(fresh["article_id"], texts, (data.store(), data.workspace())):
        what = "are copies of stored articles" if wire != 1 else "is a copy of a stored article"
        st.caption(
            f"{wire:,} {what} (the same story with small edits): stored and marked, and "
            "counted once unless the sidebar's "
            "“Count every wire copy” is on."
        )
    undated = int(frame["published"].isna().sum())
    st.caption(
        "Nothing is stored yet. Check each row: fill in dates and sources where the input "
        "carried none"
        + (
            f" (**{undated} without a date**: they are left out of the time charts)"
            if undated
            else ""
        )
        + ", untick what you do not want, then add."
    )
    edited = st.data_editor(
        frame,
        key=f"up_preview_{batch['version']}",
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_order=SHOWN_COLUMNS,
        disabled=["sentences", "actors", "duplicate", "origin"],
        column_config={
            "keep": st.column_config.CheckboxColumn("add", width="small"),
            "title": st.column_config.TextColumn("title", width="medium"),
            "published": st.column_config.DateColumn("date", format="YYYY-MM-DD", width="small"),
            "source": st.column_config.TextColumn("source", width="medium"),
            "actors": st.column_config.TextColumn(
                "actors found", width="medium", help="Most mentioned first."
            ),
            "sentences": st.column_config.NumberColumn("sentences", width="small"),
            "duplicate": st.column_config.TextColumn("duplicate", width="small"),
            "origin": st.column_config.TextColumn("from", width="small"),
        },
    )
    new = new_entities(batch, edited)
    if len(new):
        st.markdown(f"**New entities ({len(new):,})**")
        st.caption(
            "Names found in the articles to add that no list names and no stored article "
            "mentions yet, the kind guessed. They are stored as found entities: confirm, "
            "rename, merge or hide them on the Actors page once added."
        )
        st.dataframe(
            new,
            hide_index=True,
            width="stretch",
            height=min(35 * (len(new) + 1) + 8, 318),
            column_order=["name", "kind", "mentions", "articles"],
            column_config={
                "name": st.column_config.TextColumn("name", width="medium"),
                "kind": st.column_config.TextColumn("kind (guessed)", width="small"),
                "mentions": st.column_config.NumberColumn("mentions", width="small"),
                "articles": st.column_config.NumberColumn("articles", width="small"),
            },
        )
if loaded.notices:
    st.markdown(f"**Notes ({len(loaded.notices)})**")
    show_notices(loaded.notices)
if loaded.rejected:
    st.markdown(f"**Rejected ({len(loaded.rejected)})**")
    show_rejected(loaded.rejected)

n_new = (
    0 if frame.empty else int((edited["keep"].fillna(False) & (edited["duplicate"] == "")).sum())
)
target = "your private workspace" if private else "the shared store"
row = st.container(horizontal=True)
add = row.button(
    f"Add {n_new:,} article{'s' if n_new != 1 else ''} to {target}",
    type="primary",
    icon=":material/library_add:",
    disabled=n_new == 0,
    key="up_commit",
)
if row.button("Discard", icon=":material/delete:", key="up_discard"):
    del st.session_state[BATCH_KEY]
    st.rerun()
if add:
    st.session_state[RESULT_KEY] = commit(batch, edited, private, cfg)
    st.rerun()
