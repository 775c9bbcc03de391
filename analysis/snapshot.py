"""One view as a standalone HTML file: its filters, its charts and its top evidence, offline.

The file carries one inline copy of plotly.js and no reference to anything outside itself (no
CDN, no font, no image), so it opens from an email attachment or a report folder without a
server or a network. Every piece of text in it is escaped: article text is untrusted.

Which evidence: the EVIDENCE_PER_SIDE most negative and the EVIDENCE_PER_SIDE most positive
sentences of the view's selection (the Evidence page's: the focus if there is one, else every
sentence naming one of the view's actors), by VADER compound. Neutral sentences are left out:
for a report, the extremes are what shows why an actor's tone is what it is.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline

from analysis.charts.network import network
from analysis.charts.overview import tone_distribution, top_actors
from analysis.charts.pairs import pair_matrix
from analysis.charts.tone import tone_trend
from analysis.charts.trends import mentions_trend, voice_trend
from analysis.evidence import TONE_STYLES, date_span, order, safe_url
from analysis.sentiment import NEGATIVE, POSITIVE, label
from analysis.trends import FREQS, MIN_COUNT, TONE_LABELS
from analysis.view import View, to_params

EVIDENCE_PER_SIDE = 20
EVIDENCE_COLUMNS = ["date", "source", "title", "sentence", "tone"]  # "actors" is optional
# Plotly's own logo links to plotly.com: the file links to nothing but the live view.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
# The figures' styling on their own. Importing streamlit makes its template plotly's default,
# a stub that only Streamlit's front end fills in (fonts, margins that fit the labels); in a
# file the figures need a whole one, or axis labels are cut off.
TEMPLATE = "plotly_white"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'
FIGURE_ID = "snapshot-chart-{}"  # the div of the n-th figure (from 0)

Figures = list[tuple[str, go.Figure]]
# The heading of each chart (by its function in analysis.charts.*), in the order they are drawn.
HEADINGS = {
    "top_actors": "Who is in the news (every actor in these dates and sources)",
    "tone_distribution": "Tone of the sentences (every sentence in these dates and sources)",
    "mentions_trend": "Mentions",
    "tone_trend": "Tone",
    "voice_trend": "Share of voice",
    "network": "Who appears with whom",
    "pair_matrix": "Co-mentions per pair",
}


# --- what goes in ---------------------------------------------------------------------------


def view_figures(
    trends: pd.DataFrame,
    pairs: pd.DataFrame,
    totals: pd.DataFrame,
    names: Mapping[str, str],
    freq: str = "W",
    *,
    counts: pd.DataFrame | None = None,
    tone: pd.Series | None = None,
    min_count: int = MIN_COUNT,
    weight: str = "sentence",
    periods: pd.DataFrame | None = None,
    tone_of: str = "vader",
) -> Figures:
    """The charts of a view, as the pages draw them: Overview, Trends, then Co-mentions.

    Needs trends (analysis.trends.trends of the view's actors), pairs (analysis.comentions of
    the view's actors), totals (analysis.facts.actor_totals of the view's actors), names
    (the view's actor_id → name, as the Trends page passes them: the colours follow it) and
    freq; counts (actor_totals of every actor in the dates and sources) and tone (the compound
    of every sentence there) for the Overview's two charts; min_count and weight are the ones
    trends was computed with; periods the view's (analysis.timegrid.view_periods: its gaps are
    gaps in the time charts); tone_of the view's tone (analysis.trends.TONES) that trends',
    totals' and pairs' tone is in (toward: query.toward_trends, toward_totals, toward_pairs).
    Mentions are counts and the matrix shows co-mention counts (the pages' defaults). A chart
    the page would not draw (nothing to show: no counts, no dated mentions, fewer than two
    actors for a network) is left out, as the page leaves it out. Returns (heading, figure)
    pairs.
    """
    figs: Figures = []
    if counts is not None and len(counts):
        figs.append((HEADINGS["top_actors"], top_actors(counts)))
    if tone is not None and len(tone):
        figs.append((HEADINGS["tone_distribution"], tone_distribution(tone)))
    if len(trends):
        figs.append(
            (HEADINGS["mentions_trend"], mentions_trend(trends, names, freq, periods=periods))
        )
        tone_heading = HEADINGS["tone_trend"]
        if not trends["shown"].all():  # as the Trends page says it
            tone_heading += (
                f" ({FREQS[freq]}s with fewer than {min_count} sentences naming the actor are gaps)"
            )
        figs.append((tone_heading, tone_trend(trends, names, freq, weight, periods, tone_of)))
        figs.append((HEADINGS["voice_trend"], voice_trend(trends, names, freq, periods)))
    if len(totals) >= 2:
        # As the Co-mentions page: its actors are those mentioned, named as totals names them.
        cm_names = dict(zip(totals["actor_id"].astype(str), totals["name"], strict=True))
        figs.append((HEADINGS["network"], network(totals, pairs, cm_names, tone_of=tone_of)))
        figs.append((HEADINGS["pair_matrix"], pair_matrix(pairs, cm_names, tone_of=tone_of)))
    return figs


def pick_evidence(found: pd.DataFrame, n: int = EVIDENCE_PER_SIDE) -> pd.DataFrame:
    """The n most negative sentences, most negative first, then the n most positive.

    Needs found's analysis.evidence.EVIDENCE_COLUMNS (select_sentences); neutral sentences
    (VADER's ±0.05) are left out. Returns the same columns, renumbered from 0.
    """
    negative = order(found[found["compound"] <= NEGATIVE], "most negative").head(n)
    positive = order(found[found["compound"] >= POSITIVE], "most positive").head(n)
    return pd.concat([negative, positive], ignore_index=True)


def evidence_note(found: pd.DataFrame, n: int = EVIDENCE_PER_SIDE) -> str:
    """What pick_evidence(found, n) keeps, in words (found: select_sentences' rows)."""
    neg = int((found["compound"] <= NEGATIVE).sum())
    pos = int((found["compound"] >= POSITIVE).sum())
    total = len(found)
    neutral = total - neg - pos

    def count(k: int, what: str) -> str:
        return f"{k} {what} sentence{'s' * (k != 1)}"

    if neg <= n and pos <= n:
        text = f"All {count(neg, 'negative')} and {count(pos, 'positive')} of these {total:,}"
        text += f" ({neutral:,} neutral left out)." if neutral else "."
    else:
        text = (
            f"The {min(neg, n)} most negative and the {min(pos, n)} most positive of these "
            f"{total:,} sentences ({neg:,} negative, {pos:,} positive, {neutral:,} neutral)."
        )
    return text + " The Evidence page of the live view has every one."


def describe_view(
    v: View,
    names: Mapping[str, str],
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[tuple[str, str]]:
    """The view's filters in words, as (label, value) rows; first/last are the corpus's own
    first and last day, shown when the view leaves its dates open."""
    actors = ", ".join(names.get(a, a) for a in v.actors) or "none chosen"
    start, end = v.start or first, v.end or last
    dates = f"{start} to {end}" if start and end else "all"
    if not (v.start or v.end) and start and end:
        dates = f"all ({dates})"
    unit = FREQS.get(v.freq, v.freq)
    return [
        ("Actors", actors),
        ("Dates", dates),
        ("Sources", ", ".join(v.sources) if v.sources else "all"),
        ("Period", unit + (" (weeks start on Monday)" if v.freq == "W" else "")),
        ("People", "each counted as themselves" if v.people else "counted under their country"),
        ("Tone", TONE_LABELS.get(v.tone, v.tone)),
    ]


def title_of(v: View, names: Mapping[str, str], published: pd.Series) -> str:
    """The document's title: "Kim Jong Un and Vladimir Putin in the news, 4–21 Sep 2023"
    (published: the dates of the view's articles)."""
    who = [names.get(a, a) for a in v.actors]
    if not who:
        text = "Who is in the news"
    elif len(who) <= 4:
        text = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
        text += " in the news"
    else:
        text = f"{len(who)} actors in the news"
    span = date_span(published)
    return text if span == "undated" else f"{text}, {span}"


def live_link(base: str | None, v: View) -> str:
    """The link of the live view: base (the app page's address) with the view's query string,
    or only the query string when the address is unknown."""
    query = urlencode(to_params(v), safe=",")
    return f"{base or ''}?{query}"


# --- the document ---------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  color:#1f2937;margin:0;background:#fff;line-height:1.45}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
header{border-bottom:1px solid #e5e7eb;padding-bottom:14px;margin-bottom:8px}
.brand{font-size:.85rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase;
  color:#2166ac}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}
h2{font-size:1.2rem;margin:1.8rem 0 .3rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 .6rem}
dt{color:#6b7280}dd{margin:0}
.note{color:#6b7280;font-size:.88rem;margin:.2rem 0}
.live{font-size:.95rem}
.chart{break-inside:avoid;margin-bottom:.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.3rem}
th,td{border-bottom:1px solid #e5e7eb;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600}
td.num{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
td.date{white-space:nowrap}
td.sentence{width:55%}
tr{break-inside:avoid}
@media print{main{padding:0}a{color:inherit}}
"""


def snapshot_html(
    title: str,
    view_description: str | Sequence[tuple[str, str]],
    live_url: str,
    figures: Sequence[tuple[str, go.Figure]],
    evidence: pd.DataFrame,
    generated_at: dt.datetime,
    *,
    evidence_heading: str = "Top evidence",
    evidence_note: str = "",
    tone_of: str = "vader",
) -> str:
    """One standalone HTML document of a view: header, charts, evidence.

    view_description is a sentence or (label, value) rows (describe_view); live_url becomes a
    link only when it is an absolute http(s) address, else it is shown as text. figures are
    (heading, figure) pairs (view_figures), drawn in order in divs FIGURE_ID.format(i).
    evidence has EVIDENCE_COLUMNS (and optionally actors, and toward: the tone toward each
    actor in words, evidence.toward_text), shown in its order, grouped into
    most negative, most positive and neutral, under evidence_heading and evidence_note;
    tone_of (analysis.trends.TONES) is the charts' tone, said under them. Every
    string is escaped; the only scripts are plotly.js (once, inline) and one call per figure.
    """
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No request may leave the file, even one a chart or a pasted string might try.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
        'img-src data: blob:; font-src data:">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(title)}</title>",
        f"<style>{_CSS}</style>",
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>',
        "</head><body><main>",
        "<header>",
        '<div class="brand">ActorScope</div>',
        f"<h1>{esc(title)}</h1>",
        _description(view_description),
        f'<p class="note">Generated {esc(_when(generated_at))}. A static copy: the charts '
        "keep their hover details, but filters and clicks need the live view.</p>",
        _live(live_url),
        "</header>",
    ]
    if not figures:
        parts.append('<p class="note">No chart to show for this view.</p>')
    for i, (heading, fig) in enumerate(figures):
        styled = go.Figure(fig).update_layout(template=TEMPLATE, font_family=FONT)  # a copy
        div = pio.to_html(
            styled, full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG,
            div_id=FIGURE_ID.format(i),
        )  # fmt: skip
        parts.append(f'<section class="chart"><h2>{esc(heading)}</h2>{div}</section>')
    parts.append(_evidence(evidence, evidence_heading, evidence_note))
    parts.append(
        '<p class="note">'
        + (
            "The charts' tone is the tone toward each actor: a model of the sentence's tone "
            "toward that actor's mention, P(positive) − P(negative), from −1 to +1. "
            if tone_of == "toward"
            else ""
        )
        + "The evidence's tone is VADER's compound score of each sentence, from −1 (very "
        f"negative) to +1 (very positive); a sentence is neutral within ±{POSITIVE:g}.</p>"
    )
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _description(view_description: str | Sequence[tuple[str, str]]) -> str:
    if isinstance(view_description, str):
        return f"<p>{html.escape(view_description)}</p>"
    rows = "".join(
        f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>" for k, v in view_description
    )
    return f"<dl>{rows}</dl>"


def _live(url: str) -> str:
    link = safe_url(url)
    if link:
        href = html.escape(link, quote=True)
        return (
            f'<p class="live">Live view: <a href="{href}" rel="noopener noreferrer">'
            f"{html.escape(link)}</a></p>"
        )
    if url:
        return (
            f'<p class="live">Live view: add <code>{html.escape(url)}</code> to the address of '
            "the ActorScope server.</p>"
        )
    return ""


def _when(moment: dt.datetime | dt.date) -> str:
    if isinstance(moment, dt.datetime):
        zone = moment.tzname() or ""
        return f"{moment:%Y-%m-%d %H:%M}" + (f" {zone}" if zone else "")
    return f"{moment:%Y-%m-%d}"


_GROUPS: list[tuple[str, Callable[[float], bool]]] = [
    ("Most negative", lambda t: label(t) == "negative"),
    ("Most positive", lambda t: label(t) == "positive"),
    ("Neutral", lambda t: label(t) == "neutral"),
]


def _evidence(evidence: pd.DataFrame, heading: str, note: str) -> str:
    esc = html.escape
    out = [f"<section><h2>{esc(heading)}</h2>"]
    if note:
        out.append(f'<p class="note">{esc(note)}</p>')
    if evidence.empty:
        out.append('<p class="note">No sentence to show.</p></section>')
        return "".join(out)
    with_actors = "actors" in evidence.columns
    # The tone toward each actor, when the view's tone is that (the column has some text).
    with_toward = "toward" in evidence.columns and evidence["toward"].fillna("").ne("").any()
    tone = pd.to_numeric(evidence["tone"], errors="coerce")
    for name, keep in _GROUPS:
        rows = evidence[[pd.notna(t) and keep(float(t)) for t in tone]]
        if rows.empty:
            continue
        head = ["date", "tone", "sentence", *(["tone toward"] if with_toward else []),
                *(["actors"] if with_actors else []), "source", "title"]  # fmt: skip
        out.append(f"<h3>{esc(name)} ({len(rows)})</h3>")
        out.append('<table class="evidence"><thead><tr>')
        out.append("".join(f"<th>{esc(h)}</th>" for h in head))
        out.append("</tr></thead><tbody>")
        for row in rows.itertuples(index=False):
            t = float(row.tone)
            cells = [
                f'<td class="date">{esc(_cell(row.date))}</td>',
                f'<td class="num"><span style="{TONE_STYLES[label(t)]}">{t:+.2f}</span></td>',
                f'<td class="sentence">{esc(_cell(row.sentence))}</td>',
                *([f"<td>{esc(_cell(row.toward))}</td>"] if with_toward else []),
                *([f"<td>{esc(_cell(row.actors))}</td>"] if with_actors else []),
                f"<td>{esc(_cell(row.source))}</td>",
                f"<td>{esc(_cell(row.title))}</td>",
            ]
            out.append(f"<tr>{''.join(cells)}</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return f"{value:%Y-%m-%d}"
    return str(value)
