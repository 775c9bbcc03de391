"""The quotations of one article with their speakers: spans (analysis.quotes.spans) put to
actors (analysis.quotes.speakers)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.quotes.spans import Span, marked_spans, reported_span
from analysis.quotes.speakers import Mention, resolve_pronoun, speaker_in

# How a speaker was found: named in the clause, "he"/"she" resolved, carried on from the
# quotation just before.
NAMED, PRONOUN, CONTINUED = "named", "pronoun", "continued"
_WORDY = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Found:
    """A quotation: the sentences it runs over (first, last), its span and its speaker (None:
    no actor could be told for certain) with how it was found."""

    sent_idx: int
    last_idx: int
    span: Span
    speaker: str | None
    how: str | None


def article_quotes(
    text: str,
    sentences: Sequence[tuple[int, int, int]],
    mentions: Sequence[Mention],
    persons: set[str],
) -> list[Found]:
    """Every quotation of an article, speaker or not, in text order.

    sentences: (sent_idx, start, end) in text order; mentions: the article's actors' mentions;
    persons: the actor ids that are people (a "he said" resolves only to one of them).
    """
    if not sentences:
        return []
    starts = [s for _, s, _ in sentences]

    def at(pos: int) -> int:  # the position in `sentences` of the sentence holding pos
        return max(bisect.bisect_right(starts, pos) - 1, 0)

    spans = marked_spans(text)
    quoted = [(s.start, s.end) for s in spans]
    unnamed = _unnamed_speech(text, sentences, mentions, persons)
    found: list[Found] = []
    for i, span in enumerate(spans):
        first, last = at(span.start), at(span.end - 1)
        sent_start, sent_end = sentences[first][1], sentences[last][2]
        nxt = spans[i + 1].start if i + 1 < len(spans) else sent_end
        prv = spans[i - 1].end if i > 0 else sent_start
        post = (span.end, min(nxt, sent_end) if nxt > span.end else sent_end)
        pre = (max(prv, sent_start) if prv < span.start else sent_start, span.start)
        speaker, how = None, None
        for clause, after in ((post, True), (pre, False)):
            who, pronoun = speaker_in(text, clause, mentions, after)
            if who is not None:
                speaker, how = who, NAMED
                break
            if pronoun:  # "he said": the one person just named, or no one
                prev_idx = sentences[first][0] - 1
                speaker = resolve_pronoun(prev_idx, mentions, persons, quoted, unnamed)
                how = PRONOUN if speaker else None
                break
        else:
            silent = not any(_WORDY.search(text[s:e]) for s, e in (pre, post))
            before = found[-1] if found else None
            if (
                silent
                and before is not None
                and before.speaker is not None
                and before.last_idx >= sentences[first][0] - 1
            ):
                speaker, how = before.speaker, CONTINUED
        found.append(Found(sentences[first][0], sentences[last][0], span, speaker, how))
    marked = [(f.span.start, f.span.end) for f in found]
    for sent_idx, start, end in sentences:
        if any(s < end and start < e for s, e in marked):
            continue
        reported = reported_span(text, start, end)
        if reported is None:
            continue
        who, pronoun = speaker_in(text, reported.clause, mentions, reported.after)
        how = NAMED if who else None
        if who is None and pronoun:
            who = resolve_pronoun(sent_idx - 1, mentions, persons, quoted, unnamed)
            how = PRONOUN if who else None
        found.append(Found(sent_idx, sent_idx, reported.span, who, how))
    return sorted(found, key=lambda f: f.span.start)


# Someone unnamed speaking: "the spokesman said", "officials told", "a source added".
_UNNAMED = re.compile(
    r"\b(?:spokes(?:man|woman|person)|officials?|analysts?|sources?|attorneys?|dealers?|"
    r"traders?|economists?|bankers?|executives?|aides?|diplomats?|lawyers?)\b[^.]{0,60}?"
    r"\b(?:said|says|added|told|stated|noted)\b"
)


def _unnamed_speech(
    text: str, sentences: Sequence[tuple[int, int, int]], mentions: Sequence[Mention], persons
) -> frozenset[int]:
    """The sentences in which someone unnamed speaks and no person is named ("The spokesman
    said the Chancellor ..."): a later "he said" may be that someone, so no pronoun looks past
    them ("He told reporters" is the person before)."""
    named = {m.sent_idx for m in mentions if m.actor_id in persons}
    return frozenset(
        k for k, start, end in sentences if k not in named and _UNNAMED.search(text, start, end)
    )
