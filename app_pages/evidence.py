"""Evidence: the sentences behind any selection, with actors highlighted and the tone explained."""

from functools import partial

import streamlit as st

from analysis import blanks, evidence, plain, query
from analysis.export import csv_safe
from app_pages import article, choices, data

ORDERS = list(evidence.ORDERS)
LEAD = 2  # actors whose tone toward gets a column of numbers of its own (sortable)


def _clear_selection() -> None:
    st.session_state["focus"] = []
    st.session_state["period"] = None


def _download(found, selection, lead, titles, names, stores, words: bool) -> bytes:
    """Every sentence of the selection as CSV (built on a click, on Streamlit's own thread:
    everything is given, nothing read from the session)."""
    texts = data.sentence_text(found[["article_id", "sent_idx"]], stores)
    mentions = data.page_mentions(found["article_id"], stores)
    named = selection.named(found)
    return csv_safe(
        evidence.evidence_download(found, texts, titles, named, names, mentions, lead, words)
    )


c = data.corpus()
v = data.current_view()

st.title("Evidence")
data.stop_if_empty(c)

selection = query.evidence(c, v)
found = selection.found

what = evidence.describe(v.focus, c.names, v.window, v.period, v.freq, v.actors)
head, clear = st.columns([5, 1], vertical_alignment="center")
head.markdown(f"**{plain.markdown(what)}**")
n_articles = found["article_id"].nunique()
head.caption(
    f"{len(found):,} sentence{'s' if len(found) != 1 else ''} in {n_articles:,} "
    f"article{'s' if n_articles != 1 else ''}, within the sidebar's dates and sources."
    + ("" if v.focus else " Click a chart on another page to narrow this down.")
)
if v.focus or v.period:
    clear.button("Clear selection", icon=":material/close:", on_click=_clear_selection)

if found.empty:
    st.info(
        "No sentences match: widen the dates, clear the sources or the selection.",
        icon=":material/search_off:",
    )
    st.stop()

pages = evidence.page_count(len(found))
if st.session_state.get("ev_page", 1) > pages:
    st.session_state["ev_page"] = 1
order_col, page_col, _ = st.columns([3, 1, 2], vertical_alignment="bottom")
how = order_col.segmented_control(
    "Order", ORDERS, **choices.seed("order"), required=True, format_func=str.capitalize,
)  # fmt: skip
page = 1
if pages > 1:
    page = page_col.number_input(
        f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="ev_page"
    )
ordered = evidence.order(found, how or "newest")
rows = evidence.page_of(ordered, int(page))
# The focus, else the view's one or two actors: the tone toward each also as numbers.
lead = list(v.focus or (v.actors if len(v.actors) <= LEAD else ()))[:LEAD]
texts = data.sentence_text(rows[["article_id", "sent_idx"]])
named = selection.named(rows)
page_mentions = data.page_mentions(rows["article_id"])
toward = evidence.toward_text(page_mentions, rows, named, c.names)
words_toward = evidence.toward_words(
    page_mentions, texts, rows, named, c.names, data.toward_drivers
)
scores = evidence.toward_scores(page_mentions, rows, lead, c.names)
table = evidence.evidence_table(
    rows, texts, c.articles, named, c.names, toward, words_toward, scores
)

ROW_HEIGHT = 35  # the grid's own; every row of the page shows without an inner scroll
picked = st.dataframe(
    blanks.numeric(table, ["tone", *scores.columns]),  # numbers, right-aligned, sortable
    placeholder="",  # a tone toward an actor the sentence does not name: an empty cell
    hide_index=True,
    width="stretch",
    height=ROW_HEIGHT * (len(table) + 1) + 10,
    row_height=ROW_HEIGHT,
    on_select="rerun",
    selection_mode="single-row",
    key=f"ev_table_{how}_{page}_{len(found)}",
    column_config={
        "date": st.column_config.TextColumn("date", width=88),  # "undated" where none
        "source": st.column_config.TextColumn("source", width=90),
        "title": st.column_config.TextColumn("title", width=110),
        "sentence": st.column_config.TextColumn("sentence", width="large"),
        "tone": st.column_config.NumberColumn(
            "tone", format="%+.2f", width=60, help="VADER compound, -1 to +1."
        ),
        "label": st.column_config.TextColumn("label", width=70),
        "toward": st.column_config.TextColumn(
            "tone toward",
            width=320,  # long pairs are cut: the chosen row repeats it whole
            help="The tone of the sentence toward each actor it names (a model of tone "
            "toward a named person, beside VADER's one number): label and P(positive) − "
            "P(negative), −1 to +1.",
        ),
        "toward_words": st.column_config.TextColumn(
            "words behind it",
            width=220,
            help="The words that moved each actor's tone toward most: scored again without "
            "each word, these changed it most (up to three; 'no one word' when none alone "
            "did).",
        ),
        "actors": st.column_config.TextColumn("actors", width=140),
    }
    | {
        col: st.column_config.NumberColumn(
            col,
            format="%+.2f",
            width=min(max(round(6.3 * len(col)) + 22, 80), 220),  # the actor's name whole
            help="The tone toward this actor in the sentence, P(positive) − P(negative), −1 "
            "to +1, as a number to sort by; empty where the sentence does not name it or its "
            "mention is not scored.",
        )  # fmt: skip
        for col in scores.columns
    },
    # The sentence first and widest: it is what an analyst reads; the rest is context.
    column_order=[
        "date",
        "tone",
        "sentence",
        "toward",
        "toward_words",
        *scores.columns,  # after the words: on a 1400 px window those stay in view
        "source",
        "title",
        "actors",
        "label",
    ],  # fmt: skip
)

csv_col, words_col = st.columns([1, 3], vertical_alignment="center")
with_words = words_col.checkbox(
    "With the words behind each tone toward",
    key="ev_words",
    help="Adds toward_words to the CSV: computed for every mention of the selection when the "
    "button is clicked, about 4 ms a mention.",
)
csv_col.download_button(
    f"All {len(found):,} as CSV",
    data=partial(_download, ordered, selection, lead, c.articles, c.names,
                 (data.store(), data.workspace()), with_words),  # fmt: skip
    file_name="actorscope-evidence.csv", mime="text/csv", on_click="ignore",
    icon=":material/download:",
)  # fmt: skip

chosen = picked.selection.rows
if not chosen:
    st.caption(
        "Select a row to see its actors highlighted, the words behind its tone, and the "
        "whole article."
    )
    st.stop()

row = rows.iloc[chosen[0]]
sentence = texts[
    (texts["article_id"].astype(str) == row["article_id"]) & (texts["sent_idx"] == row["sent_idx"])
].iloc[0]
mentions = data.article_mentions(row["article_id"])
words = evidence.tone_words(sentence["text"])
spans = evidence.mention_spans(mentions, int(sentence["start"]), int(sentence["end"]))
spans += evidence.word_spans(words)

st.subheader("The sentence")
st.html(
    '<div style="font-size:1.1rem;line-height:1.7;padding:.6rem .9rem;border-left:4px solid '
    f'#d9d9d9">{evidence.highlight(sentence["text"], spans)}</div>'
)
st.caption(
    f"Tone {row['compound']:+.2f} ({table.iloc[chosen[0]]['label']}). Actors are marked in "
    "amber; words from VADER's lexicon in blue (raising the tone) or red (lowering it)."
)
if table.iloc[chosen[0]]["toward"]:
    st.text(f"Tone toward each actor: {table.iloc[chosen[0]]['toward']}")
if table.iloc[chosen[0]]["toward_words"]:
    st.text(f"Words behind it: {table.iloc[chosen[0]]['toward_words']}")
if words.empty:
    st.caption("No word of this sentence is in VADER's lexicon: it scores as neutral.")
else:
    st.html(evidence.word_chips(words))
    st.caption(
        "Each word's valence in VADER's lexicon (−4 to +4); an arrow shows what VADER counted "
        "after negation (“not”), intensifiers (“very”), capitals and “but”. The sum, with "
        "any ! or ?, is squashed into the compound score."
    )

article.whole_article(row["article_id"], mentions)
