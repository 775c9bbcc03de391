"""The tone of each sentence toward each actor it names (analysis/tone/), in words, beside
VADER's one number for the whole sentence."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.tone.explain import Driver, drivers

TOWARD_COLUMNS = ["article_id", "sent_idx", "actor_id", "start", "toward", "toward_label"]
# toward_words also needs where each mention ends, to cut its words out of the sentence.
WORDS_COLUMNS = [*TOWARD_COLUMNS, "end"]
NO_WORD = "no one word"  # every word's pull was below MIN_PULL: the whole sentence did it
Explain = Callable[[Sequence[tuple[str, int, int]]], list[tuple[str, list[Driver]]]]
NOT_SCORED = "not scored"  # mentions stored before the model existed, until matched again
TOWARD_OF = "toward {}"  # the column of the tone toward one actor, as a number
MINUS = "\u2212"  # a true minus sign: "−0.71" reads as a number, "-0.71" as a dash


def toward_text(
    mentions: pd.DataFrame, keys: pd.DataFrame, actors: pd.Series, names: Mapping[str, str]
) -> pd.Series:
    """ "Smith: negative −0.71; Jones: positive +0.64" for each keyed sentence.

    Needs mentions' TOWARD_COLUMNS (those of the page's articles), keys' article_id and
    sent_idx, and each key's actor ids (evidence.named_actors: the hidden actors are not in
    it). An actor named twice in a sentence shows its first mention's tone (the fullest name,
    usually). Aligned with keys' index; "" where no mention is found.
    """
    first = (
        mentions[TOWARD_COLUMNS]
        .astype({"article_id": str, "actor_id": str})
        .sort_values(["article_id", "sent_idx", "start"], kind="stable")
        .drop_duplicates(["article_id", "sent_idx", "actor_id"])
        .set_index(["article_id", "sent_idx", "actor_id"])
    )
    tone = dict(
        zip(first.index, zip(first["toward"], first["toward_label"], strict=True), strict=True)
    )
    out = []
    for art, sent, ids in zip(
        keys["article_id"].astype(str), keys["sent_idx"], actors, strict=True
    ):
        parts = []
        for a in ids:
            found = tone.get((art, int(sent), a))
            if found is not None:
                parts.append(f"{names.get(a, a)}: {_one(*found)}")
        out.append("; ".join(parts))
    return pd.Series(out, index=keys.index, dtype="object")


def toward_scores(
    mentions: pd.DataFrame, keys: pd.DataFrame, lead: Sequence[str], names: Mapping[str, str]
) -> pd.DataFrame:
    """The tone toward each of the `lead` actors in each keyed sentence, as numbers: one
    float64 column per actor, named TOWARD_OF.format(name), its first mention's score (as
    toward_text); NaN where the sentence does not name it or its mention is not scored.

    Needs mentions' TOWARD_COLUMNS and keys' article_id and sent_idx. Aligned with keys."""
    first = (
        mentions[TOWARD_COLUMNS]
        .astype({"article_id": str, "actor_id": str})
        .sort_values(["article_id", "sent_idx", "start"], kind="stable")
        .drop_duplicates(["article_id", "sent_idx", "actor_id"])
    )
    score = pd.to_numeric(first["toward"], errors="coerce").astype("float64")
    at = dict(zip(zip(first["article_id"], first["sent_idx"].astype(int), first["actor_id"],
                      strict=True), score, strict=True))  # fmt: skip
    rows = list(zip(keys["article_id"].astype(str), keys["sent_idx"].astype(int), strict=True))
    return pd.DataFrame(
        {
            TOWARD_OF.format(names.get(a, a)): [at.get((art, i, a), np.nan) for art, i in rows]
            for a in dict.fromkeys(map(str, lead))
        },
        index=keys.index,
        dtype="float64",
    )


def toward_words(
    mentions: pd.DataFrame,
    texts: pd.DataFrame,
    keys: pd.DataFrame,
    actors: pd.Series,
    names: Mapping[str, str],
    explain: Explain = drivers,
) -> pd.Series:
    """ "Smith: accused, lying; Jones: honesty, praise" for each keyed sentence: the words
    that drove the tone toward each actor (analysis.tone.explain), computed now, for these
    sentences only.

    Needs mentions' WORDS_COLUMNS (offsets into the article), texts' article_id, sent_idx,
    start, text (data.sentence_text), keys and actors as toward_text takes them. `explain` maps
    (sentence, start, end) mentions to (label, drivers): explain.drivers, or a memo of it.
    Mentions stored unscored get no words, as toward_text says "not scored" for them.
    """
    first = (
        mentions[WORDS_COLUMNS]
        .astype({"article_id": str, "actor_id": str})
        .sort_values(["article_id", "sent_idx", "start"], kind="stable")
        .drop_duplicates(["article_id", "sent_idx", "actor_id"])
        .set_index(["article_id", "sent_idx", "actor_id"])
    )
    scored = first[first["toward_label"].notna()]
    span = dict(zip(scored.index, zip(scored["start"], scored["end"], strict=True), strict=True))
    sentence = {
        (str(a), int(i)): (text, int(start))
        for a, i, text, start in zip(
            texts["article_id"], texts["sent_idx"], texts["text"], texts["start"], strict=True
        )
    }
    asked: list[tuple[str, int, int]] = []
    wanted: list[list[tuple[str, int]]] = []  # per key: (actor, index into asked)
    for art, sent, ids in zip(
        keys["article_id"].astype(str), keys["sent_idx"], actors, strict=True
    ):
        found = sentence.get((art, int(sent)))
        row = []
        for a in ids if found is not None else ():
            at = span.get((art, int(sent), a))
            if at is None:
                continue
            row.append((names.get(a, a), len(asked)))
            asked.append(_cut(*found, int(at[0]), int(at[1])))
        wanted.append(row)
    said = explain(asked) if asked else []
    out = [
        "; ".join(f"{name}: {', '.join(d.word for d in said[i][1]) or NO_WORD}" for name, i in row)
        for row in wanted
    ]
    return pd.Series(out, index=keys.index, dtype="object")


def mention_words(
    mentions: pd.DataFrame, texts: pd.DataFrame, explain: Explain = drivers
) -> pd.Series:
    """ "accused, lying" for each mention: the words that drove its tone toward (as
    toward_words, NO_WORD when none stood out), "" for a mention stored unscored or whose
    sentence is not in texts. For an export, on request: about 4 ms a mention.

    Needs mentions' article_id, sent_idx, start, end (offsets into the article) and
    toward_label, texts' article_id, sent_idx, start, text (Store.sentence_texts). Aligned
    with mentions' index."""
    sentence = {
        (str(a), int(i)): (text, int(start))
        for a, i, text, start in zip(
            texts["article_id"], texts["sent_idx"], texts["text"], texts["start"], strict=True
        )
    }
    asked: list[tuple[str, int, int]] = []
    at: list[int | None] = []
    for art, sent, start, end, scored in zip(
        mentions["article_id"].astype(str), mentions["sent_idx"], mentions["start"],
        mentions["end"], mentions["toward_label"].notna(), strict=True,
    ):  # fmt: skip
        found = sentence.get((art, int(sent))) if scored else None
        if found is None:
            at.append(None)
            continue
        at.append(len(asked))
        asked.append(_cut(*found, int(start), int(end)))
    said = explain(asked) if asked else []
    out = ["" if i is None else ", ".join(d.word for d in said[i][1]) or NO_WORD for i in at]
    return pd.Series(out, index=mentions.index, dtype="object")


def _cut(text: str, offset: int, start: int, end: int) -> tuple[str, int, int]:
    """The sentence and the mention's span in it, from the mention's offsets in the article."""
    start = min(max(start - offset, 0), len(text))
    return text, start, min(max(end - offset, start), len(text))


def _one(score, label) -> str:
    if pd.isna(score) or pd.isna(label):
        return NOT_SCORED
    return f"{label} {score:+.2f}".replace("-", MINUS)
