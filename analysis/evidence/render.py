"""Article text shown safely: every piece of it escaped before ActorScope's own tags wrap
it (actors and tone words highlighted, links checked)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import pandas as pd

from analysis.sentiment import label

# Colours of the tone scale in analysis.charts: red negative, blue positive; amber for actors.
ACTOR_STYLE = "background:#fde68a;color:inherit;border-radius:3px;padding:0 2px"
TONE_STYLES = {
    "positive": "background:#d1e5f0;color:#053061;border-radius:3px;padding:0 2px",
    "negative": "background:#fddbc7;color:#67001f;border-radius:3px;padding:0 2px",
    "neutral": "background:#eeeeee;color:inherit;border-radius:3px;padding:0 2px",
}


Span = tuple[int, int, str, str]  # start, end, style, title (a tooltip)


def highlight(text: str, spans: Iterable[Span]) -> str:
    """HTML of text with each span wrapped in a <mark>; every piece of text is escaped.

    Spans are (start, end, style, title) offsets into text; a span overlapping an earlier one
    in the given order is dropped, so pass the most important first.
    """
    kept: list[Span] = []
    for span in spans:
        start, end = span[0], span[1]
        if 0 <= start < end <= len(text) and all(end <= s or start >= e for s, e, *_ in kept):
            kept.append(span)
    out, pos = [], 0
    for start, end, style, title in sorted(kept):
        out.append(html.escape(text[pos:start]))
        out.append(
            f'<mark style="{html.escape(style)}" title="{html.escape(title)}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def mention_spans(mentions: pd.DataFrame, start: int = 0, end: int | None = None) -> list[Span]:
    """Highlight spans of the mentions inside [start, end) of an article, relative to start.

    Needs mentions' start, end, name (the actor's), how.
    """
    spans = []
    for m in mentions.itertuples(index=False):
        if m.start >= start and (end is None or m.end <= end):
            spans.append((int(m.start) - start, int(m.end) - start, ACTOR_STYLE, f"{m.name}"))
    return spans


def word_spans(words: pd.DataFrame) -> list[Span]:
    """Highlight spans of tone_words, coloured by the sign of their valence in context."""
    spans = []
    for w in words.itertuples(index=False):
        if w.start >= 0:
            kind = label(w.in_context) if w.in_context else "neutral"
            spans.append((int(w.start), int(w.end), TONE_STYLES[kind], f"valence {w.valence:+.1f}"))
    return spans


def word_chips(words: pd.DataFrame) -> str:
    """HTML chips "word +1.9" for each tone word, coloured by its lexicon valence; escaped."""
    chips = []
    for w in words.itertuples(index=False):
        style = TONE_STYLES["positive" if w.valence > 0 else "negative"]
        shown = f"{w.word} {w.valence:+.1f}"
        if round(w.in_context, 2) != round(w.valence, 2):
            shown += f" → {w.in_context:+.2f}"
        chips.append(f'<mark style="{style};margin-right:4px">{html.escape(shown)}</mark>')
    return " ".join(chips)


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) link, else None (never a javascript: link)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c.isspace() or ord(c) < 32 for c in url):
        return None
    return url


def article_html(article: Mapping[str, object], mentions: pd.DataFrame) -> str:
    """The whole article as HTML: its metadata, then its text with the mentions highlighted.

    Every value is escaped; the URL is a link only when it is http(s).
    """
    rows = []
    for key in ("source", "author", "published", "origin"):
        value = _text(article.get(key))
        if value:
            if key == "published":
                value = value[:10]
            rows.append(f"<b>{key}</b> {html.escape(value)}")
    url = _text(article.get("url"))
    link = safe_url(url)
    if link:
        href = html.escape(link, quote=True)
        rows.append(
            f'<b>url</b> <a href="{href}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{html.escape(link)}</a>"
        )
    elif url:
        rows.append(f"<b>url</b> {html.escape(url)}")
    title = html.escape(_text(article.get("title")) or "Untitled")
    text = _text(article.get("text")) or ""
    body = highlight(text, mention_spans(mentions))
    return (
        f'<div><div style="font-size:1.25rem;font-weight:600;margin-bottom:.3rem">{title}</div>'
        f'<div style="color:#6b7280;font-size:.9rem;margin-bottom:.8rem">'
        f"{' · '.join(rows)}</div>"
        f'<div style="white-space:pre-wrap;line-height:1.6">{body}</div></div>'
    )


def _text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()[:10]
    return str(value)
