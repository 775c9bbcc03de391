"""The sidebar's "Snapshot of this view (HTML)": the whole view as one offline file, on demand."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from analysis import evidence, query, snapshot
from analysis.comentions import PAIR_COLUMNS
from analysis.query import Corpus
from analysis.store import Store
from analysis.trends import MIN_COUNT
from analysis.view import View
from app_pages import data

LABEL = "Snapshot of this view (HTML)"


def button(corpus: Corpus) -> None:
    """The download button, in the sidebar under the filters.

    The file is built only when the button is clicked, by Streamlit on a thread of its own
    outside any script run: no page pays for it on a rerun, and the builder gets everything it
    needs (corpus, view, stores, link) here rather than from st.session_state.
    """
    if corpus.articles.empty:
        return
    v = data.current_view()
    build = partial(
        snapshot_of,
        corpus,
        v,
        snapshot.live_link(_page_url(), v),
        (data.store(), data.workspace()),
        min_count=v.min_count,  # the pages' own choices, as the view carries them
        window=v.window,
        weight=v.weight,
    )
    st.sidebar.download_button(
        LABEL, data=build, file_name=f"actorscope-snapshot-{dt.date.today()}.html",
        mime="text/html", on_click="ignore", icon=":material/download:", key="snapshot",
        help="One HTML file of this view (filters, every chart, the most negative and most "
        "positive sentences) that opens offline, for email and reports; it links back here.",
    )  # fmt: skip


def _page_url() -> str | None:
    """This page's address in the visitor's browser, without its query (None if unknown)."""
    try:
        return st.context.url or None
    except Exception:  # no browser behind this run (AppTest, bare mode)
        return None


def snapshot_of(
    c: Corpus,
    v: View,
    live_url: str,
    stores: tuple[Store, Store | None],
    *,
    min_count: int = MIN_COUNT,
    window: str = "sentence",
    weight: str = "sentence",
    now: dt.datetime | None = None,
) -> str:
    """The snapshot HTML of view v over corpus c: what Overview, Trends, Co-mentions and
    Evidence show for it. Calls no Streamlit command (it runs outside the script run)."""
    # The query layer as it is: data's cached wrappers read st.session_state, which this
    # thread does not have.
    ov = query.overview(c, v)
    arts, tone = ov.articles, ov.tone
    # The view's tone, as Trends and Co-mentions draw it (`?tone=toward`: the tone toward).
    toward = v.tone == "toward"
    totals = query.toward_totals(c, v) if toward else query.actor_counts(c, v, every=False)
    pairs = pd.DataFrame(columns=PAIR_COLUMNS)
    if len(totals) >= 2:
        pairs = (query.toward_pairs if toward else query.pairs)(c, v, window)
    trends = (query.toward_trends if toward else query.trends)(c, v, min_count, weight)
    names = {a: c.names.get(a, a) for a in v.actors}
    figures = snapshot.view_figures(
        trends, pairs, totals, names, v.freq,
        counts=ov.counts, tone=tone, min_count=min_count, weight=weight,
        periods=query.periods(c, v), tone_of=v.tone,
    )  # fmt: skip

    # The Evidence page's selection.
    selection = query.evidence(c, v)
    found = selection.found
    picked = snapshot.pick_evidence(found)
    texts = data.sentence_text(picked[["article_id", "sent_idx"]], stores)
    named = selection.named(picked)
    toward = None
    if v.tone == "toward":  # the charts' tone toward each actor, beside each sentence's VADER
        mentions = data.page_mentions(picked["article_id"], stores)
        toward = evidence.toward_text(mentions, picked, named, c.names)
    table = evidence.evidence_table(picked, texts, c.articles, named, c.names, toward)
    what = evidence.describe(v.focus, c.names, v.window, v.period, v.freq, v.actors)

    dates = c.articles["published"].dropna()
    first, last = (dates.min().date(), dates.max().date()) if len(dates) else (None, None)
    description = snapshot.describe_view(v, c.names, first, last)
    description.append(
        ("In view", f"{len(arts):,} article{'s' * (len(arts) != 1)} ({len(tone):,} "
         f"sentence{'s' * (len(tone) != 1)}) in these dates and sources")
    )  # fmt: skip
    return snapshot.snapshot_html(
        snapshot.title_of(v, c.names, arts["published"]),
        description,
        live_url,
        figures,
        table,
        now or dt.datetime.now(dt.UTC),
        evidence_heading=f"Top evidence: {what}",
        evidence_note=snapshot.evidence_note(found),
        tone_of=v.tone,
    )
