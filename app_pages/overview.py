"""Overview: the corpus at a glance (who is in the news, in what tone) and where to go next."""

import streamlit as st

from analysis import blanks, copies, evidence, language, query
from analysis.charts.overview import tone_distribution, top_actors
from app_pages import data

c = data.corpus()
v = data.current_view()

st.title("Overview")
data.stop_if_empty(c)

ov = query.overview(c, v)
arts = ov.articles
if arts.empty:
    st.info(
        "No articles in these dates and sources: widen the dates or clear the sources in the "
        "sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()

counts, tone = ov.counts, ov.tone
undated = int(arts["published"].isna().sum())

dates = arts["published"].dropna()
exact = f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "no dates"
cols = st.columns([1, 1, 1, 1, 2])
cols[0].metric("Articles", f"{len(arts):,}")
cols[1].metric("Sentences", f"{len(tone):,}")
cols[2].metric("Actors found", f"{len(counts):,}", help="Registry actors named at least once.")
cols[3].metric("Sources", f"{arts['source'].nunique():,}")
# The year goes in the label: "26 Feb – 20 Oct 1987" was cut to "26 Feb – 20 Oct 1…" at 1400 px.
year = evidence.span_year(arts["published"])
cols[4].metric(
    f"Date span, {year}" if year else "Date span",
    evidence.date_span(arts["published"], year=False),
    help=f"Published {exact}" + (f"; {undated} undated." if undated else "."),
)
if not v.copies:  # the copies the view leaves out (analysis/copies.py)
    every = query.view_articles(c, v.evolve(copies=True))
    if wire := int(every["copy_of"].notna().sum()) if "copy_of" in every else 0:
        st.caption(copies.counted_once(wire))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Who is in the news")
    st.caption(
        "Mentions in the sidebar's dates and sources; colour is the mean tone of the sentences "
        "naming the actor"
        + ("" if v.people else ", people counted under their country")
        + ". **Click a bar** to read those sentences."
    )
    if counts.empty:
        st.info("No registry actor is named in these articles.", icon=":material/person_off:")
    else:
        event = st.plotly_chart(
            top_actors(counts),
            key="top_actors",
            on_select="rerun",
            selection_mode="points",
            width="stretch",
        )
        clicked = [p["customdata"][0] for p in event.selection.points if p.get("customdata")]
        if clicked:
            data.open_evidence([clicked[0]])
with right:
    st.subheader("Tone of the sentences")
    shares = evidence.tone_shares(tone)
    st.caption(
        " · ".join(f"{shares[k]:.0%} {k}" for k in ("positive", "neutral", "negative"))
        + " (VADER compound, neutral within ±0.05)"
    )
    if unscored := language.unscored(arts):
        st.caption(language.left_out(unscored))
    st.plotly_chart(tone_distribution(tone), key="tone_distribution", width="stretch")

st.subheader("Where next")
NEXT = [
    ("app_pages/trends.py", "Trends", ":material/show_chart:", "Mentions and tone over time."),
    ("app_pages/comentions.py", "Co-mentions", ":material/hub:", "Who is named with whom."),
    ("app_pages/evidence.py", "Evidence", ":material/format_quote:", "The sentences themselves."),
    ("app_pages/upload.py", "Upload", ":material/upload_file:", "Add your own articles."),
]
for col, (path, label, icon, what) in zip(st.columns(len(NEXT)), NEXT, strict=True):
    col.page_link(path, label=label, icon=icon)
    col.caption(what)

st.subheader("Latest articles")
st.dataframe(
    blanks.numeric(evidence.latest_articles(arts), ["tone"]),
    hide_index=True,
    placeholder=blanks.NOT_SCORED,  # only tone can be missing: the text columns are filled
    width="stretch",
    column_config={
        "published": st.column_config.TextColumn("published"),  # "undated" where none
        "title": st.column_config.TextColumn("title", width="large"),
        "sentences": st.column_config.NumberColumn("sentences", width="small"),
        "tone": st.column_config.NumberColumn(
            "tone", format="%+.2f", help="Mean compound of the article's sentences."
        ),
    },
)
