"""The Evidence page's download: every sentence of a selection, as its table shows them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.evidence.select import evidence_table
from analysis.evidence.toward import Explain, toward_scores, toward_text, toward_words
from analysis.tone.explain import drivers


def evidence_download(
    found: pd.DataFrame,
    texts: pd.DataFrame,
    titles: pd.DataFrame,
    actors: pd.Series,
    names: Mapping[str, str],
    mentions: pd.DataFrame,
    lead: Sequence[str] = (),
    words: bool = False,
    explain: Explain = drivers,
) -> pd.DataFrame:
    """evidence_table of every found sentence (not one page): tone, label, the tone toward
    each actor named in words, and as numbers toward each `lead` actor (toward_scores); with
    `words` also toward_words, the words behind each tone toward, which costs about 4 ms a
    mention and so is only computed on request (left out otherwise).

    Needs found's EVIDENCE_COLUMNS, texts (data.sentence_text of found), titles' article_id,
    title, each row's actors (named_actors) and mentions' WORDS_COLUMNS of found's articles.
    """
    toward = toward_text(mentions, found, actors, names)
    said = toward_words(mentions, texts, found, actors, names, explain) if words else None
    scores = toward_scores(mentions, found, lead, names)
    table = evidence_table(found, texts, titles, actors, names, toward, said, scores)
    return table if words else table.drop(columns="toward_words")
