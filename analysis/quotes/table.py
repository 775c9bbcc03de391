"""Quotations as a table: one row per quotation and actor named in it, with its tone toward them."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from analysis import sentiment
from analysis.quotes.extract import article_quotes
from analysis.quotes.speakers import Mention

# tone_measure: the tone toward the actor (analysis/tone/) of its mentions in the quotation,
# or, none of them being scored, VADER's compound of the quotation's words.
TOWARD, VADER = "toward", "vader"
QUOTE_COLUMNS = [
    "article_id", "sent_idx", "last_idx", "speaker_id", "how", "marked", "quote",
    "target_id", "tone", "tone_measure", "compound",
]  # fmt: skip
# What `python -m analysis export quotes` writes (issue 20's interface).
EXPORT_COLUMNS = [
    "article_id", "sent_idx", "speaker_id", "quote", "target_id", "tone", "tone_measure",
    "compound",
]  # fmt: skip
_DTYPES = {
    "article_id": "string", "sent_idx": "int32", "last_idx": "int32", "speaker_id": "string",
    "how": "string", "marked": "bool", "quote": "string", "target_id": "string",
    "tone": "float64", "tone_measure": "string", "compound": "float64",
}  # fmt: skip


def quotes_of(
    texts: Iterable[tuple[str, str]],
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    persons: set[str],
) -> pd.DataFrame:
    """QUOTE_COLUMNS of the quotations with a speaker in these articles, in article and text
    order; a quotation naming no actor has one row without a target.

    texts: (article_id, text); sentences: article_id, sent_idx, start, end; mentions:
    article_id, sent_idx, start, end, actor_id, toward (NaN or None: not scored).
    """
    toward = pd.to_numeric(mentions["toward"], errors="coerce").astype("float64")
    return quote_rows(
        texts,
        zip(*(sentences[c].tolist() for c in SENTENCE_KEYS), strict=True),
        zip(*(mentions[c].tolist() for c in MENTION_KEYS[:-1]), toward.tolist(), strict=True),
        persons,
    )


SENTENCE_KEYS = ("article_id", "sent_idx", "start", "end")
MENTION_KEYS = ("article_id", "sent_idx", "start", "end", "actor_id", "toward")


def quote_rows(
    texts: Iterable[tuple[str, str]],
    sentences: Iterable[tuple],
    mentions: Iterable[tuple],
    persons: set[str],
) -> pd.DataFrame:
    """quotes_of from plain rows (SENTENCE_KEYS and MENTION_KEYS tuples, as the store's
    driver gives them): no frame per article, which cost more than finding the quotations."""
    sents: dict[str, list[tuple[int, int, int]]] = {}
    for aid, idx, b, e in sentences:
        sents.setdefault(str(aid), []).append((int(idx), int(b), int(e)))
    ments: dict[str, list[tuple[Mention, float]]] = {}
    for aid, idx, b, e, a, t in mentions:
        score = math.nan if t is None else float(t)  # NaN stays NaN
        ments.setdefault(str(aid), []).append((Mention(int(b), int(e), str(a), int(idx)), score))
    rows = []
    for aid, text in texts:
        own = ments.get(aid, [])
        plain = [m for m, _ in own]
        for q in article_quotes(text, sorted(sents.get(aid, [])), plain, persons):
            if q.speaker is None:
                continue
            words = q.span.text(text)
            compound = sentiment.score(words)[0]
            head = (aid, q.sent_idx, q.last_idx, q.speaker, q.how, q.span.marked, words)
            toward: dict[str, list[float]] = {}
            for m, t in own:
                if q.span.covers(m.start, m.end):
                    toward.setdefault(m.actor_id, []).append(t)
            if not toward:
                rows.append((*head, None, math.nan, None, compound))
            for target, tones in toward.items():
                scored = [t for t in tones if not math.isnan(t)]
                if scored:
                    rows.append((*head, target, sum(scored) / len(scored), TOWARD, compound))
                else:
                    rows.append((*head, target, compound, VADER, compound))
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS).astype(_DTYPES)


def export_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """EXPORT_COLUMNS of quotes_of's rows."""
    return quotes[EXPORT_COLUMNS].reset_index(drop=True)


# The Quotes page's list: one row per quotation.
LIST_COLUMNS = [
    "date", "source", "speaker", "quote", "about", "compound", "title",
    "article_id", "sent_idx", "last_idx", "speaker_id", "targets",
]  # fmt: skip


def quote_list(quotes: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """LIST_COLUMNS of view_quotes' rows, one per quotation in their order: `about` the actors
    it names with the tone toward each ("North Korea +0.17 toward; Russia -0.36 VADER"),
    `targets` their ids. Names are plain text: the page shows them as text, never Markdown."""
    if quotes.empty:
        return pd.DataFrame(columns=LIST_COLUMNS)
    key = ["article_id", "sent_idx", "speaker_id", "quote"]
    rows = []
    for (aid, idx, speaker, words), g in quotes.groupby(key, sort=False, dropna=False):
        named = g.dropna(subset=["target_id"])
        about = "; ".join(
            f"{names.get(t, t)} {tone:+.2f} {'toward' if m == TOWARD else 'VADER'}"
            for t, tone, m in zip(
                named["target_id"], named["tone"], named["tone_measure"], strict=True
            )
        )
        first = g.iloc[0]
        published = first["published"]
        rows.append((
            "undated" if pd.isna(published) else f"{pd.Timestamp(published):%Y-%m-%d}",
            "" if pd.isna(first["source"]) else str(first["source"]),
            names.get(speaker, speaker), words, about, float(first["compound"]),
            "" if pd.isna(first["title"]) else str(first["title"]),
            aid, int(idx), int(first["last_idx"]), speaker, list(named["target_id"]),
        ))  # fmt: skip
    return pd.DataFrame(rows, columns=LIST_COLUMNS)
