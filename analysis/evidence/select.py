"""Which sentences lie behind a selection, in which order, a page at a time, and the
words that describe the selection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analysis import blanks
from analysis.sentiment import label
from analysis.trends import period_start

EVIDENCE_COLUMNS = ["article_id", "sent_idx", "published", "source", "compound"]
PAGE_SIZE = 25
ORDERS = {
    "newest": (["published", "article_id", "sent_idx"], [False, True, True]),
    "oldest": (["published", "article_id", "sent_idx"], [True, True, True]),
    "most negative": (["compound", "published"], [True, False]),
    "most positive": (["compound", "published"], [False, False]),
}


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
    toward: pd.Series | None = None,
    toward_words: pd.Series | None = None,
    scores: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rows shown for one page: date, source, title, sentence, actors, tone, label,
    toward (the tone toward each actor named: evidence.toward_text) and toward_words (the
    words behind it: evidence.toward_words); those two "" when not given; then the columns
    of scores, if given (the tone toward some actors as numbers: evidence.toward_scores).

    Needs page's EVIDENCE_COLUMNS, texts' article_id, sent_idx, text (data.sentence_text),
    titles' article_id, title, and the actors of each row (named_actors). Keeps the page's
    order and index.
    """
    text = texts.astype({"article_id": str}).set_index(["article_id", "sent_idx"])["text"]
    title = dict(zip(titles["article_id"].astype(str), titles["title"], strict=True))
    keys = pd.MultiIndex.from_frame(page[["article_id", "sent_idx"]].astype({"sent_idx": int}))
    table = pd.DataFrame(
        {
            "date": blanks.day(page["published"]),
            "source": blanks.text(page["source"], blanks.NO_SOURCE),
            "title": blanks.text(page["article_id"].map(title)),
            "sentence": text.reindex(keys).to_numpy(),
            "actors": [", ".join(names.get(a, a) for a in ids) for ids in actors],
            "tone": page["compound"],
            "label": page["compound"].map(label),
            "toward": _or_blank(toward, page.index),
            "toward_words": _or_blank(toward_words, page.index),
        },
        index=page.index,
    )
    return table if scores is None else table.join(scores)


def _or_blank(column: pd.Series | None, index: pd.Index):
    return column.reindex(index).fillna("").to_numpy(object) if column is not None else ""


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
