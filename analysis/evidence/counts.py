"""The counts behind the charts: the registry table with its figures, the view's tone and
its shares, the latest articles and the span of their dates."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis import blanks
from analysis.registry.table import split_list
from analysis.sentiment import label

REGISTRY_COLUMNS = [
    "actor_id", "name", "kind", "mentions", "sentences", "articles", "tone",
    "affiliation", "aliases", "short_names", "demonyms",
]  # fmt: skip


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
    """The share of positive, neutral and negative sentences (VADER's thresholds); unscored
    sentences (another language) are left out."""
    compound = compound.dropna()
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


def date_span(published: pd.Series, year: bool = True) -> str:
    """The dates covered, short enough for a metric: "12 Sep 2023", "5–21 Sep 2023",
    "12 Jul – 8 Dec 2023", "Dec 2023 – Jan 2024"; "undated" when none. Without `year`, the
    year of dates within one year is left to the caller (`span_year`): "12 Jul – 8 Dec", and
    years are cut to two digits otherwise: "Dec ’23 – Jan ’24"."""
    dates = pd.to_datetime(published).dropna()
    if dates.empty:
        return "undated"
    first, last = dates.min(), dates.max()
    tail = f" {last.year}" if year else ""
    if first.date() == last.date():
        return f"{first.day} {first:%b}{tail}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}{tail}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b}{tail}"
    if not year:  # "Dec 2023 – Jan 2024" is as long as the span that did not fit a metric
        return f"{first:%b ’%y} – {last:%b ’%y}"
    return f"{first:%b %Y} – {last:%b %Y}"


def span_year(published: pd.Series) -> int | None:
    """The one year all dated `published` fall in, or None (none dated, or several years)."""
    years = pd.to_datetime(published).dropna().dt.year.unique()
    return int(years[0]) if len(years) == 1 else None
