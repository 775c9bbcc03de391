"""Quotes: who said what about whom. The quotations attributed to an actor, the actors named
in them and the tone toward each, as a speaker-to-target network and a list; a click opens
the sentences."""

import pandas as pd
import streamlit as st

from analysis import evidence, plain
from analysis.charts.quotes import quote_edges, quote_network
from analysis.clicks import clicked
from analysis.export import csv_safe
from analysis.quotes import EXPORT_COLUMNS, quote_list
from app_pages import article, data, data_quotes

ROW_HEIGHT = 35

st.title("Quotes")
c = data.corpus()
v = data.current_view()
data.stop_if_empty(c)

q = data_quotes.view_quotes(c.revision, v)
names = c.names
st.caption(
    "Quotations in quote marks (over several sentences or paragraphs) and reported speech "
    "(“X said that …”, “according to X”), each put to the actor named next to its speech "
    "verb, or to a “he said” only when one person was named just before; otherwise to no "
    "one. Tone toward each actor the quotation names: the model of tone toward (analysis/"
    "tone/) where its mentions are scored, VADER's compound of the quotation otherwise."
)
if q.empty:
    st.info(
        "No quotation by or about the sidebar's actors in these dates and sources. Choose "
        "other actors or widen the dates.",
        icon=":material/format_quote:",
    )
    st.stop()

listed = quote_list(q, names)
n_speakers = listed["speaker_id"].nunique()
n_articles = listed["article_id"].nunique()
st.caption(
    f"{len(listed):,} quotation{'s' * (len(listed) != 1)} by {n_speakers:,} speaker"
    f"{'s' * (n_speakers != 1)} in {n_articles:,} article{'s' * (n_articles != 1)}, by or "
    "about the sidebar's actors. An arrow runs from the speaker (dark) to each actor the "
    "quotation names; its diamond's colour is the mean tone toward that actor. Click a diamond "
    "or an actor to read the sentences, or a row of the list."
)

edges = quote_edges(q)
if len(edges):
    event = st.plotly_chart(quote_network(edges, names), key="qu_network", on_select="rerun",
                            selection_mode="points", width="stretch")  # fmt: skip
    point = clicked(event)
    if point:
        pair = [str(p) for p in point[:2]]
        data.open_evidence(focus=pair, window="article" if len(pair) == 2 else "sentence")
else:
    st.info("These quotations name no other actor: no network to draw.")

picked = st.dataframe(
    listed[["date", "speaker", "compound", "quote", "about", "source", "title"]],
    hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
    key=f"qu_table_{len(listed)}", row_height=ROW_HEIGHT,
    column_config={
        "date": st.column_config.TextColumn("date", width=88),
        "speaker": st.column_config.TextColumn("speaker", width=120),
        "quote": st.column_config.TextColumn("quotation", width="large"),
        "about": st.column_config.TextColumn(
            "about (tone toward)", width=260,
            help="The actors the quotation names, each with the tone toward it: 'toward' the "
            "model's P(positive) − P(negative) of its mentions, 'VADER' the quotation's "
            "compound where none is scored; −1 to +1.",
        ),
        "compound": st.column_config.NumberColumn(
            "tone", format="%+.2f", width=60, help="VADER compound of the quotation, −1 to +1."
        ),
        "source": st.column_config.TextColumn("source", width=90),
        "title": st.column_config.TextColumn("title", width=110),
    },
)  # fmt: skip
st.download_button(
    "Quotations as CSV", data=lambda: csv_safe(q[EXPORT_COLUMNS]),
    file_name="actorscope-quotes.csv", mime="text/csv", on_click="ignore",
    icon=":material/download:",
)  # fmt: skip

chosen = picked.selection.rows
if not chosen:
    st.stop()
row = listed.iloc[chosen[0]]
keys = [(row["article_id"], i) for i in range(int(row["sent_idx"]), int(row["last_idx"]) + 1)]
texts = data.sentence_text(pd.DataFrame(keys, columns=["article_id", "sent_idx"]))
mentions = data.article_mentions(row["article_id"])
st.subheader(
    f"{plain.markdown(row['speaker'])}, in {plain.markdown(row['source'] or 'an article')}"
)
for t in texts.sort_values("sent_idx").itertuples():
    spans = evidence.mention_spans(mentions, int(t.start), int(t.end))
    st.html(
        '<div style="font-size:1.05rem;line-height:1.7;padding:.4rem .9rem;border-left:4px '
        f'solid #d9d9d9">{evidence.highlight(t.text, spans)}</div>'
    )
if row["about"]:
    st.text(f"Tone toward each actor named: {row['about']}")
focus = [row["speaker_id"], *row["targets"]][:2]
if st.button("Open in Evidence", icon=":material/format_quote:", key="qu_evidence"):
    data.open_evidence(focus=focus, window="article" if len(focus) == 2 else "sentence")
article.whole_article(row["article_id"], mentions)
