"""Upload's second half: storing a previewed batch (within a session's private budgets, with a
progress bar) and showing what happened, the inputs rejected and the loaders' notes."""

import datetime as dt
from collections import Counter

import pandas as pd
import streamlit as st

from analysis.batch import sandboxed
from analysis.ingest import IN_STORE, apply_preview, text_fits
from analysis.load import Loaded, Notice, Rejected
from analysis.sandbox import WorkRefused
from app_pages import data

# {"loaded": Loaded, "preview": frame, "found": curate.BATCH_FOUND frame, "version": int}:
# read, not yet stored
BATCH_KEY = "up_batch"
TRENDS_ACTORS = 5  # actors "See them on Trends" selects


def commit(batch: dict, edited: pd.DataFrame, private: bool, cfg) -> dict:
    """Store the batch's kept rows (with the preview's edits), a progress bar while it runs;
    private ones only as far as the session's article and text budgets allow.

    Returns what happened, for the message after the rerun; the batch is cleared.
    """
    loaded: Loaded = batch["loaded"]
    chosen = apply_preview(loaded.articles, edited)
    rejected = list(loaded.rejected)
    if private:
        room = max(cfg.max_private_articles - data.private_count(), 0)
        fits = min(room, text_fits(chosen, max(cfg.max_private_bytes - data.private_bytes(), 0)))
        if len(chosen) > fits:
            why = (
                f"{cfg.max_private_articles:,} private articles"
                if fits == room
                else f"{cfg.max_private_mb:g} MB of private text"
            )
            rejected.append(
                Rejected(
                    "batch",
                    f"{len(chosen) - fits} articles not added: a session holds at most {why}",
                )
            )
            chosen = chosen.iloc[:fits]
    kept = edited["keep"].fillna(False).astype(bool)
    flagged = edited["duplicate"] != ""
    kept_stored = int((kept & (edited["duplicate"] == IN_STORE)).sum())  # ingest skips these
    bar = st.progress(0.0, text=f"Analysing {len(chosen):,} articles…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Analysed {done:,} of {total:,} articles")

    try:
        summary = data.add_articles(
            Loaded(chosen, rejected), private, progress=progress,
            analyse=sandboxed(cfg.work_limits()),
        )  # fmt: skip
    except WorkRefused as exc:  # nothing was stored: the batch stays, to add fewer of it
        bar.empty()
        return {"refused": str(exc)}
    bar.empty()
    added_ids = set(chosen["article_id"]) - _before_ids(batch)
    counts = Counter()
    for ids in edited.loc[edited["article_id"].isin(added_ids), "actor_ids"].dropna():
        counts.update(a for a in str(ids).split(",") if a)
    del st.session_state[BATCH_KEY]
    return {
        "added": summary.added,
        "sentences": summary.sentences,
        "mentions": summary.mentions,
        # Flagged in the preview, or found stored meanwhile (another editor was quicker).
        "duplicates": int(flagged.sum()) + max(summary.present - kept_stored, 0),
        "left_out": int((~kept & ~flagged).sum()),
        "rejected": summary.rejected,
        "private": private,
        "actors": [a for a, _ in counts.most_common(TRENDS_ACTORS)],
        "dates": _span(chosen.loc[chosen["article_id"].isin(added_ids), "published"]),
    }


def _span(published: pd.Series) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the articles added (None: none is dated)."""
    days = pd.to_datetime(published, errors="coerce").dropna()
    return (days.min().date(), days.max().date()) if len(days) else None


def _before_ids(batch: dict) -> set[str]:
    """Ids the preview found already stored: not new, whatever the commit says."""
    p = batch["preview"]
    return set(p.loc[p["duplicate"] == IN_STORE, "article_id"])


def show_result(result: dict) -> None:
    if "refused" in result:
        st.error(f"Nothing was added: {result['refused']}.", icon=":material/block:")
        return
    where = "your private workspace" if result["private"] else "the shared store"
    n = result["added"]
    lines = [
        f"**Added {n:,} article{'s' if n != 1 else ''}** to {where} "
        f"({result['sentences']:,} sentences, {result['mentions']:,} actor mentions)."
    ]
    if result["duplicates"]:
        lines.append(f"{result['duplicates']:,} skipped as duplicates (already stored, or twice).")
    if result["left_out"]:
        lines.append(f"{result['left_out']:,} left out (unticked in the preview).")
    if result["rejected"]:
        lines.append(f"{len(result['rejected']):,} inputs rejected, listed below.")
    (st.success if n else st.warning)(" ".join(lines), icon=":material/task_alt:")
    if result["rejected"]:
        show_rejected(result["rejected"])
    if result["actors"]:
        st.button(
            "See them on Trends",
            icon=":material/show_chart:",
            key="up_to_trends",
            on_click=_select_actors,
            args=(result["actors"], result.get("dates")),
            help="Select the most mentioned actors of these articles and open Trends over "
            "their dates.",
        )


def _select_actors(actors: list[str], span: tuple[dt.date, dt.date] | None = None) -> None:
    """Select these actors over the added articles' dates (every date when none is dated:
    the new articles may lie outside the old range)."""
    st.session_state["f_actors"] = list(actors)
    if span is None:
        dates = data.corpus().articles["published"].dropna()
        span = (dates.min().date(), dates.max().date()) if len(dates) else None
    if span is not None:
        st.session_state["f_dates"] = span
    st.session_state["up_go_trends"] = True


def show_rejected(rejected: list[Rejected]) -> None:
    frame = pd.DataFrame([(r.name, r.reason) for r in rejected], columns=["input", "reason"])
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "input": st.column_config.TextColumn("input", width="medium"),
            "reason": st.column_config.TextColumn("why it was not loaded", width="large"),
        },
    )


def show_notices(notices: list[Notice]) -> None:
    frame = pd.DataFrame([(n.name, n.note) for n in notices], columns=["input", "note"])
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "input": st.column_config.TextColumn("input", width="medium"),
            "note": st.column_config.TextColumn("loaded, but note", width="large"),
        },
    )
