"""The language of an article, so that VADER (English only) scores only English text.

An article whose opening is dense in English function words is English at once (three in four
newswire stories, a few microseconds each); the others go to py3langid's naive Bayes model,
which ships inside its wheel (BSD-3-Clause, 142 labels). Only a confident other language
counts: a story is marked as not English when the model gives that language at least
CONFIDENT, so tables, lists of names and headlines in capitals stay English (on the 21,578
Reuters-21578 stories and the 50,000 ABC headlines, none is marked otherwise).
"""

from __future__ import annotations

import re
from functools import cache

ENGLISH = "en"
UNDETERMINED = "und"  # ISO 639-2: too few words to tell; scored as English
SCORED = frozenset({ENGLISH, UNDETERMINED})
CONFIDENT = 0.95
OPENING = 400  # characters looked at: enough for a few sentences, and fast
MIN_WORDS = 4
_DENSE = 0.12  # share of the opening's words that are English function words
# Labels of the model that are English as far as VADER goes: Nigerian Pidgin and Scots (close
# to English newswire in its eyes) and "no linguistic content" (tables of figures).
_AS_ENGLISH = frozenset({"pcm", "sco", "zxx"})
_FUNCTION = frozenset(
    "the of and to in is for on that said was with by it at from as be has have are will its"
    " an this".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def detect(text: str) -> str:
    """The ISO 639-1 code of the text's language ("en", "fr", ...), or "und" for a text of
    fewer than MIN_WORDS words."""
    opening = text[:OPENING].lower()
    words = _WORD.findall(opening)
    if len(words) < MIN_WORDS:
        return UNDETERMINED
    if sum(word in _FUNCTION for word in words) >= _DENSE * len(words):
        return ENGLISH
    label, probability = _model().classify(opening)
    if label in _AS_ENGLISH or probability < CONFIDENT:
        return ENGLISH
    return label


def scored_code(text: str) -> str:
    """detect() of a text already known to be scored: "en", or "und" when too short to tell
    (without the model: ingest has it from the sentences the pipeline scored)."""
    return UNDETERMINED if len(_WORD.findall(text[:OPENING].lower())) < MIN_WORDS else ENGLISH


def is_scored(language: object) -> bool:
    """Whether VADER scores an article of this language (English, or too short to tell; an
    article stored before languages were detected has none and was scored)."""
    return not isinstance(language, str) or not language or language in SCORED


@cache
def _model():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # 1-2 s to load: once, lazily

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def unscored(articles) -> int:
    """How many of these articles (a frame with `language`, as analysis.facts.article_facts
    gives it) VADER did not score."""
    if "language" not in articles:
        return 0
    return int((~articles["language"].map(is_scored, na_action=None).astype(bool)).sum())


def left_out(n: int) -> str:
    """The pages' line on the articles left out of the tone; empty when there are none."""
    if not n:
        return ""
    many = "s" if n != 1 else ""
    return (
        f"{n:,} article{many} in a language other than English "
        f"{'are' if many else 'is'} counted but left out of the tone (VADER reads English only)."
    )
