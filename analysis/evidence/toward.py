"""The tone of each sentence toward each actor it names (analysis/tone/), in words, beside
VADER's one number for the whole sentence."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

TOWARD_COLUMNS = ["article_id", "sent_idx", "actor_id", "start", "toward", "toward_label"]
NOT_SCORED = "not scored"  # mentions stored before the model existed, until matched again
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


def _one(score, label) -> str:
    if pd.isna(score) or pd.isna(label):
        return NOT_SCORED
    return f"{label} {score:+.2f}".replace("-", MINUS)
