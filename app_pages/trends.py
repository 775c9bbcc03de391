"""Trends: how often, and in what tone, the selected actors appear period by period."""

import datetime as dt

import streamlit as st

from analysis import blanks, language, plain, query
from analysis.charts.tone import tone_trend
from analysis.charts.trends import mentions_trend, voice_trend
from analysis.clicks import backed_points, clicked, crowded
from analysis.export import csv_safe
from analysis.interval import WEIGHTS
from analysis.timegrid import trends_table
from analysis.trends import FREQS
from app_pages import choices, data

st.title("Trends")
c = data.corpus()
v = data.current_view()
unit = FREQS[v.freq]

data.stop_if_empty(c)
if not v.actors:
    st.info("Choose one or more actors in the sidebar to see their trends.")
    st.stop()

weight, min_count = v.weight, v.min_count  # the page's choices, in the view and the URL
t = data.view_trends(c.revision, v, min_count, weight)
if t.empty:
    st.info(
        "None of the selected actors is mentioned in a dated article in this date range and "
        "these sources. Widen the dates or sources, or choose other actors."
    )
    st.stop()

names = {a: c.names.get(a, a) for a in v.actors}
periods = query.periods(c, v)
gaps = int((periods["period_articles"] == 0).sum())
backed = backed_points(t)  # a click offers only points with sentences to read


def show(fig, key: str, file_name: str) -> None:
    """The figure, clickable: a click on a point opens its actor's evidence for that period."""
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points",
                            width="stretch")  # fmt: skip
    point = clicked(event)
    if point and len(point) >= 2:
        near = crowded(fig.to_plotly_json(), point, backed=backed)
        if len(near) == 1:
            aid, day = near[0]
            data.open_evidence(focus=[aid], period=dt.date.fromisoformat(day))
        # Points a few pixels apart: plotly may have reported a neighbour of the one clicked
        # (analysis.clicks), so the analyst says whose sentences to read.
        days = {day for _, day in near}
        st.info(
            f"{len(near)} actors' points lie on top of each other there ({near[0][1]}): "
            "whose sentences?"
            if len(days) == 1
            else "Points of other actors or periods lie within a few pixels of this one: "
            f"whose sentences, and which period? (the {len(near)} nearest)",
            icon=":material/ads_click:",
        )
        # Buttons as wide as their labels, wrapping onto a second row: a column of a fixed
        # sixth cut long names ("European Comm…"), and a name is what the analyst picks by.
        row = st.container(horizontal=True)
        for aid, day in near:
            label = names.get(aid, aid) + ("" if len(days) == 1 else f" · {day}")
            if row.button(plain.markdown(label), key=f"{key}_near_{aid}_{day}", width="content"):
                data.open_evidence(focus=[aid], period=dt.date.fromisoformat(day))
    st.download_button(
        "Chart as HTML", data=lambda: fig.to_html(include_plotlyjs=True), file_name=file_name,
        mime="text/html", on_click="ignore", icon=":material/download:", key=f"{key}_html",
    )  # fmt: skip


st.caption(
    f"One point per {unit} and actor (the sidebar sets the period). "
    "Click a point to read the sentences behind it."
    + (
        f" Grey bands: {gaps} {unit}{'s' * (gaps != 1)} without any article in this view, "
        "drawn as gaps (no data), not as zero."
        if gaps
        else ""
    )
)

st.subheader("Mentions")
as_share = st.toggle(
    "As a share of all articles in the period",
    **choices.seed("share"),
    help="Raw counts grow with the corpus; the share shows how much of the coverage "
    "each actor gets, whatever the volume.",
)
st.caption(
    f"Share: the articles naming the actor, out of all articles published that {unit}."
    if as_share
    else f"How many times each actor is named per {unit}. A {unit} with articles but "
    "without a mention counts as zero; one without any article is a gap."
)
found = data.view_spikes(c.revision, v)
show(
    mentions_trend(t, names, v.freq, "share" if as_share else "mentions", periods, found),
    "tr_mentions",
    "actorscope-mentions.html",
)

st.markdown("**Spikes** (stars on the chart)")
left, right = st.columns([1, 3], vertical_alignment="center")
left.number_input(
    "Spike threshold (−log10 p)",
    min_value=0.0,
    max_value=300.0,
    step=0.5,
    **choices.seed("threshold"),
    help=f"A {unit} is a spike when its mentions are this unlikely under a Poisson count "
    f"with the actor's baseline, the median of its previous 8 {unit}s with articles (gaps "
    "skipped): 3 means p ≤ 0.001. Lower finds more.",
)
right.caption(
    f"{len(found)} spike{'s' * (len(found) != 1)} at threshold {v.threshold:g}. Each: its "
    "articles, their sources, and the actors named with it that are new or grew against "
    "the baseline. Click one to read its sentences."
    + (" The 20 highest scores are listed." if len(found) > 20 else "")
)
for i, row in enumerate(found.nlargest(20, "score").itertuples(index=False)):
    day = dt.date.fromisoformat(str(row.period)[:10])
    sources = ", ".join(f"{src} ({n})" for src, n in row.sources[:3])
    others = ", ".join(names.get(a, c.names.get(a, a)) for a, _, _ in row.co_actors[:4])
    label = (
        f"{names.get(row.actor_id, row.actor_id)} · {day}: {row.mentions} mentions against "
        f"{row.baseline:g} (score {row.score:.1f}), {len(row.article_ids)} article"
        f"{'s' * (len(row.article_ids) != 1)}"
        + (f" from {sources}" if sources else "")
        + (f"; with {others}" if others else "")
    )
    if st.button(plain.markdown(label), key=f"tr_spike_{i}"):
        data.open_evidence(focus=[row.actor_id], period=day)

st.subheader("Tone")
# One row that wraps when the main area is narrow: columns of fixed fifths cut the tone
# choice's labels ("Toward t…") on a laptop's window.
row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
choices.tone_control(row)
row.segmented_control(
    "Mean tone",
    list(WEIGHTS),
    **choices.seed("weight"),
    required=True,
    format_func=choices.WEIGHT_LABELS.get,
    help="Per sentence: every sentence naming the actor counts once, so long articles weigh "
    "more. Per article: each article's mean counts once, whatever its length.",
)
row.number_input(
    "Fewest sentences for a point",
    min_value=1,
    max_value=1000,
    step=1,
    **choices.seed("min_count"),
    width=220,
    help=f"A {unit} with fewer sentences naming the actor is too thin for a mean tone: "
    "it is left as a gap.",
)
toward = v.tone == "toward"
tone_t = data.view_toward_trends(c.revision, v, min_count, weight) if toward else t
hidden = int((~tone_t["shown"]).sum())
st.caption(
    (
        "Mean tone toward the actor (P(positive) − P(negative) of each of its mentions, "
        "averaged within a sentence; −1 … +1) in the sentences naming the "
        if toward
        else "Mean VADER compound (−1 very negative … +1 very positive) of the sentences "
        "naming the "
    )
    + (
        "actor, each sentence once"
        if weight == "sentence"
        else "actor, article by article (the mean of each article's mean)"
    )
    + ", with its 95% confidence band. The band treats articles, not sentences, as the "
    "independent unit (sentences of one article share its author): a cluster-robust "
    "interval with Student's t on the articles, none from a single article. "
    f"A {unit} with fewer than {min_count} sentence{'s' * (min_count != 1)} is a gap, not "
    "a point."
)
if unscored := language.unscored(query.view_articles(c, v)):
    st.caption(language.left_out(unscored))
if hidden:
    note = (
        f"{hidden} of {len(tone_t)} actor-{unit}s have fewer than {min_count} sentences and "
        "are left as gaps."
    )
    if hidden == len(tone_t):
        note = f"Every actor-{unit} has fewer than {min_count} sentences: nothing to plot yet."
    # The button as wide as its label, beside the note (a column of a quarter cut it).
    one = st.container(horizontal=True, vertical_alignment="center")
    one.info(note, icon=":material/info:")
    if min_count > choices.EASY_MIN:
        one.button(
            f"Lower the minimum to {choices.EASY_MIN}",
            on_click=choices.keep,
            args=("min_count", choices.EASY_MIN),
        )
show(
    tone_trend(tone_t, names, v.freq, weight, periods, v.tone),
    "tr_tone",
    "actorscope-tone-toward.html" if toward else "actorscope-tone.html",
)

st.subheader("Share of voice")
st.caption(
    f"Each actor's share of all the selected actors' mentions per {unit}: the areas add up "
    f"to 100%. The areas break at a {unit} in which none of them is mentioned and at one "
    "without articles: they are never drawn across it."
)
show(voice_trend(t, names, v.freq, periods), "tr_voice", "actorscope-share-of-voice.html")

with st.expander("Table"):
    st.caption(
        f"Every {unit} of the view for each actor, with the view's articles that {unit} "
        "(period_articles); gap marks one without any. \u2014: no share (a gap) or no tone "
        "(too few sentences). Columns sort by value."
        + (" Its tone is VADER's; the chart shows the tone toward each actor." if toward else "")
    )
    full = trends_table(t, periods)
    table = full.assign(
        name=full["actor_id"].map(names), period=full["period"].dt.strftime("%Y-%m-%d")
    )[["name", *full.columns]]
    st.dataframe(
        blanks.numeric(table, ["tone", "tone_low", "tone_high"], percent=["share"]),
        hide_index=True,
        width="stretch",
        placeholder=blanks.PLACEHOLDER,  # no share in a gap; no tone: too few sentences, or a gap
        column_config={"share": st.column_config.NumberColumn("share", format="%.0f%%")}
        | {
            col: st.column_config.NumberColumn(col, format="%+.2f")
            for col in ("tone", "tone_low", "tone_high")
        },
    )  # fmt: skip
    st.download_button(
        "Table as CSV", data=lambda: csv_safe(table), file_name="actorscope-trends.csv",
        mime="text/csv", on_click="ignore", icon=":material/download:",
    )  # fmt: skip
