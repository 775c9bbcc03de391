"""The sentences behind a selection, the counts behind the charts, and why VADER scored a sentence.

Pure functions over the frames of analysis.facts and the store; the HTML built here escapes
every piece of article text before wrapping it in ActorScope's own tags.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

import pandas as pd
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

from analysis import blanks
from analysis.registry.table import split_list
from analysis.sentiment import analyzer, label
from analysis.text import normalise
from analysis.trends import period_start

EVIDENCE_COLUMNS = ["article_id", "sent_idx", "published", "source", "compound"]
REGISTRY_COLUMNS = [
    "actor_id", "name", "kind", "mentions", "sentences", "articles", "tone",
    "affiliation", "aliases", "short_names", "demonyms",
]  # fmt: skip
WORD_COLUMNS = ["word", "start", "end", "valence", "in_context"]
PAGE_SIZE = 25
ORDERS = {
    "newest": (["published", "article_id", "sent_idx"], [False, True, True]),
    "oldest": (["published", "article_id", "sent_idx"], [True, True, True]),
    "most negative": (["compound", "published"], [True, False]),
    "most positive": (["compound", "published"], [False, False]),
}

# Colours of the tone scale in analysis.charts: red negative, blue positive; amber for actors.
ACTOR_STYLE = "background:#fde68a;color:inherit;border-radius:3px;padding:0 2px"
TONE_STYLES = {
    "positive": "background:#d1e5f0;color:#053061;border-radius:3px;padding:0 2px",
    "negative": "background:#fddbc7;color:#67001f;border-radius:3px;padding:0 2px",
    "neutral": "background:#eeeeee;color:inherit;border-radius:3px;padding:0 2px",
}


# --- which sentences ------------------------------------------------------------------------


def select_sentences(
    facts: pd.DataFrame,
    focus: Sequence[str] = (),
    window: str = "sentence",
    period: dt.date | None = None,
    freq: str = "W",
    actors: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per sentence behind a selection, newest first.

    Needs facts' FACT_COLUMNS (already narrowed to the view's dates and sources, for every
    actor). With a focus: the sentences naming its actor; for several actors, the sentences
    naming all of them (window "sentence") or, in the articles naming all of them, the
    sentences naming any (window "article"). Without one: the sentences naming any of `actors`
    (every actor when None or empty). `period` keeps the period of `freq` starting that day.
    Returns EVIDENCE_COLUMNS (one row per sentence; ids and sources keep the facts' dtypes).
    """
    if period is not None:
        starts = period_start(facts["published"], freq)
        facts = facts[starts.eq(pd.Timestamp(period)).fillna(False).to_numpy(bool)]
    focus = list(dict.fromkeys(str(a) for a in focus))
    if focus:
        chosen = facts[facts["actor_id"].isin(focus)]
        if len(focus) > 1:
            # Integer keys, not strings: this runs on every rerun, over the whole corpus.
            unit = pd.factorize(chosen["article_id"])[0].astype("int64")
            if window == "sentence":
                unit = unit * 2**20 + chosen["sent_idx"].to_numpy("int64")
            unit = pd.Series(unit)
            named = pd.Series(pd.factorize(chosen["actor_id"])[0]).groupby(unit).nunique()
            chosen = chosen[unit.isin(named.index[named == len(focus)]).to_numpy()]
    else:
        wanted = list(actors or ())
        chosen = facts[facts["actor_id"].isin(wanted)] if wanted else facts
    out = chosen.drop_duplicates(["article_id", "sent_idx"])[EVIDENCE_COLUMNS]
    return order(out, "newest")


def order(evidence: pd.DataFrame, how: str = "newest") -> pd.DataFrame:
    """The evidence rows in one of ORDERS (undated rows last), renumbered from 0."""
    by, ascending = ORDERS[how]
    return evidence.sort_values(by, ascending=ascending, na_position="last", ignore_index=True)


def page_count(rows: int, size: int = PAGE_SIZE) -> int:
    """How many pages of `size` rows show `rows` rows (at least one)."""
    return max(1, -(-rows // size))


def page_of(frame: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of the 1-based page `page`."""
    start = (max(page, 1) - 1) * size
    return frame.iloc[start : start + size]


def named_actors(facts: pd.DataFrame, keys: pd.DataFrame) -> pd.Series:
    """The sorted tuple of actor ids each keyed sentence names, aligned with keys' index.

    Needs facts' article_id, sent_idx, actor_id and keys' article_id, sent_idx (one page).
    """
    rows = facts[facts["article_id"].isin(keys["article_id"].unique())]
    rows = rows[["article_id", "sent_idx", "actor_id"]].astype({"article_id": str, "actor_id": str})
    per = rows.groupby(["article_id", "sent_idx"])["actor_id"].agg(lambda s: tuple(sorted(set(s))))
    index = pd.MultiIndex.from_frame(keys[["article_id", "sent_idx"]].astype({"article_id": str}))
    found = per.reindex(index).to_numpy()
    return pd.Series([a if isinstance(a, tuple) else () for a in found], index=keys.index)


def evidence_table(
    page: pd.DataFrame,
    texts: pd.DataFrame,
    titles: pd.DataFrame,
    actors: pd.Series,
    names: Mapping[str, str],
) -> pd.DataFrame:
    """The rows shown for one page: date, source, title, sentence, actors, tone, label.

    Needs page's EVIDENCE_COLUMNS, texts' article_id, sent_idx, text (data.sentence_text),
    titles' article_id, title, and the actors of each row (named_actors). Keeps the page's
    order and index.
    """
    text = texts.astype({"article_id": str}).set_index(["article_id", "sent_idx"])["text"]
    title = dict(zip(titles["article_id"].astype(str), titles["title"], strict=True))
    keys = pd.MultiIndex.from_frame(page[["article_id", "sent_idx"]].astype({"sent_idx": int}))
    return pd.DataFrame(
        {
            "date": blanks.day(page["published"]),
            "source": blanks.text(page["source"], blanks.NO_SOURCE),
            "title": blanks.text(page["article_id"].map(title)),
            "sentence": text.reindex(keys).to_numpy(),
            "actors": [", ".join(names.get(a, a) for a in ids) for ids in actors],
            "tone": page["compound"],
            "label": page["compound"].map(label),
        },
        index=page.index,
    )


def describe(
    focus: Sequence[str],
    names: Mapping[str, str],
    window: str = "sentence",
    period: dt.date | None = None,
    freq: str = "W",
    actors: Sequence[str] = (),
) -> str:
    """What the evidence shows, in words: "Sentences naming both Kim Jong Un and Vladimir Putin,
    week of 2023-09-11"."""
    who = [names.get(a, a) for a in dict.fromkeys(focus)]
    if len(who) == 1:
        text = f"Sentences naming {who[0]}"
    elif who and window == "article":
        both = "both" if len(who) == 2 else "all of them"
        text = f"Sentences naming {_either(who)} in articles naming {both}"
    elif who:
        text = f"Sentences naming {_all(who)}"
    elif actors:
        chosen = [names.get(a, a) for a in actors]
        text = f"Sentences naming {chosen[0]}" if len(chosen) == 1 else (
            f"Sentences naming any of {_list(chosen)}"
        )  # fmt: skip
    else:
        text = "Sentences naming any actor"
    if period is not None:
        text += f", {period_name(period, freq)}"
    return text


def period_name(period: dt.date, freq: str) -> str:
    """ "on 2023-09-11", "week of 2023-09-11" or "September 2023"."""
    if freq == "D":
        return f"on {period.isoformat()}"
    if freq == "M":
        return f"{period:%B %Y}"
    return f"week of {period.isoformat()}"


def _list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _all(items: Sequence[str]) -> str:
    return f"both {items[0]} and {items[1]}" if len(items) == 2 else f"all of {_list(items)}"


def _either(items: Sequence[str]) -> str:
    return " or ".join(items) if len(items) == 2 else f"any of {_list(items)}"


# --- counts behind the charts ---------------------------------------------------------------


def registry_table(
    registry: pd.DataFrame,
    counts: pd.DataFrame,
    kinds: Iterable[str] | None = None,
    found_only: bool = False,
) -> pd.DataFrame:
    """The registry with each actor's counts in the view (zero when not found), most mentioned
    first; affiliation by name, name lists joined with ", ". Only `kinds` (None: all), and
    only actors mentioned at least once if `found_only`.

    Needs counts' (analysis.facts.actor_totals) actor_id, mentions, sentences, articles, tone.
    Returns REGISTRY_COLUMNS.
    """
    reg = registry.astype({"actor_id": str})
    if kinds is not None:
        reg = reg[reg["kind"].isin(list(kinds))]
    names = dict(zip(registry["actor_id"].astype(str), registry["name"], strict=True))
    out = reg[["actor_id", "name", "kind"]].copy()
    out["affiliation"] = reg["affiliation"].fillna("").map(lambda a: names.get(a, a))
    for col in ("aliases", "short_names", "demonyms"):
        out[col] = reg[col].map(lambda cell: ", ".join(split_list(cell)))
    found = counts.astype({"actor_id": str}).set_index("actor_id")
    for col in ("mentions", "sentences", "articles"):
        out[col] = out["actor_id"].map(found[col]).fillna(0).astype("int64")
    out["tone"] = out["actor_id"].map(found["tone"]).astype("float64")
    if found_only:
        out = out[out["mentions"] > 0]
    return out.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)[
        REGISTRY_COLUMNS
    ]


def view_tone(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """The compound of every sentence of the given articles (sentences' article_id, compound)."""
    return sentences.loc[sentences["article_id"].isin(articles["article_id"]), "compound"]


def tone_shares(compound: pd.Series) -> dict[str, float]:
    """The share of positive, neutral and negative sentences (VADER's thresholds)."""
    if compound.empty:
        return {"positive": 0.0, "neutral": 0.0, "negative": 0.0}
    labels = compound.map(label).value_counts(normalize=True)
    return {k: float(labels.get(k, 0.0)) for k in ("positive", "neutral", "negative")}


def latest_articles(articles: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most recently published articles: published, title, source, sentences, tone.

    Needs analysis.facts.article_facts columns; undated articles come last.
    """
    out = articles.sort_values(["published", "title"], ascending=[False, True], na_position="last")
    out = out.head(n)
    return pd.DataFrame(
        {
            "published": blanks.day(out["published"]),
            "title": blanks.text(out["title"]),
            "source": blanks.text(out["source"], blanks.NO_SOURCE),
            "sentences": out["sentences"],
            "tone": out["tone"],
        }
    ).reset_index(drop=True)


def date_span(published: pd.Series) -> str:
    """The dates covered, short enough for a metric: "12 Sep 2023", "5–21 Sep 2023",
    "12 Jul – 8 Dec 2023", "Dec 2023 – Jan 2024"; "undated" when none."""
    dates = pd.to_datetime(published).dropna()
    if dates.empty:
        return "undated"
    first, last = dates.min(), dates.max()
    if first.date() == last.date():
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first:%b %Y} – {last:%b %Y}"


# --- why this tone --------------------------------------------------------------------------


def tone_words(sentence: str) -> pd.DataFrame:
    """The words of VADER's lexicon in a sentence, with their valence, as VADER reads them.

    VADER splits the normalised sentence on white space, strips the punctuation around each
    word and looks it up lower-cased. `valence` is the lexicon's (-4..+4); `in_context` is what
    VADER counted after its rules (negation, intensifiers, capitals, "but"): their sum, with
    the emphasis of ! and ?, is what the compound squashes into -1..+1. `start`/`end` are
    offsets into the sentence (-1 if an emoji made them unknowable). Returns WORD_COLUMNS.
    """
    sia = analyzer()
    text = normalise(sentence)
    read = _emoji_to_words(text, sia.emojis)
    senti = SentiText(read)
    tokens = senti.words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(tokens):
        # As polarity_scores: intensifiers and "kind of" carry no valence of their own.
        if item.lower() in BOOSTER_DICT or (
            item.lower() == "kind" and i < len(tokens) - 1 and tokens[i + 1].lower() == "of"
        ):
            sentiments.append(0)
            continue
        sentiments = sia.sentiment_valence(0, senti, item, i, sentiments)
    sentiments = sia._but_check(tokens, sentiments)
    spans = _token_spans(text)
    if [text[s:e] for s, e in spans] != tokens:
        spans = [(-1, -1)] * len(tokens)
    rows = [
        (token, start, end, float(sia.lexicon[token.lower()]), float(value))
        for token, (start, end), value in zip(tokens, spans, sentiments, strict=True)
        if token.lower() in sia.lexicon
    ]
    return pd.DataFrame(rows, columns=WORD_COLUMNS)


def _emoji_to_words(text: str, emojis: Mapping[str, str]) -> str:
    """The text as polarity_scores reads it: each emoji replaced by its description."""
    out, prev_space = "", True
    for char in text:
        if char in emojis:
            out += ("" if prev_space else " ") + emojis[char]
            prev_space = False
        else:
            out += char
            prev_space = char == " "
    return out.strip()


def _token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each of VADER's tokens in text (SentiText._strip_punc_if_word)."""
    spans = []
    for m in re.finditer(r"\S+", text):
        token = SentiText._strip_punc_if_word(m.group())
        offset = m.group().find(token)
        spans.append((m.start() + offset, m.start() + offset + len(token)))
    return spans


# --- showing text safely --------------------------------------------------------------------

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
