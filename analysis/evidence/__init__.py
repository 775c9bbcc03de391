"""The sentences behind a selection, the counts behind the charts, and why VADER scored a sentence.

Pure functions over the frames of analysis.facts and the store, one module a job: which
sentences (select), the counts behind the charts (counts), why this tone (words), the tone
toward each actor named (toward) and showing text safely (render: every piece of article
text is escaped before ActorScope's own tags wrap it).
"""

from analysis.evidence.counts import (
    REGISTRY_COLUMNS,
    date_span,
    latest_articles,
    registry_table,
    span_year,
    tone_shares,
    view_tone,
)
from analysis.evidence.download import evidence_download
from analysis.evidence.render import (
    ACTOR_STYLE,
    TONE_STYLES,
    Span,
    article_html,
    highlight,
    mention_spans,
    safe_url,
    word_chips,
    word_spans,
)
from analysis.evidence.select import (
    EVIDENCE_COLUMNS,
    ORDERS,
    PAGE_SIZE,
    describe,
    evidence_table,
    named_actors,
    order,
    page_count,
    page_of,
    period_name,
    select_sentences,
)
from analysis.evidence.toward import (
    NO_WORD,
    NOT_SCORED,
    TOWARD_COLUMNS,
    TOWARD_OF,
    WORDS_COLUMNS,
    mention_words,
    toward_scores,
    toward_text,
    toward_words,
)
from analysis.evidence.words import (
    WORD_COLUMNS,
    tone_words,
)

__all__ = [
    "ACTOR_STYLE",
    "EVIDENCE_COLUMNS",
    "NO_WORD",
    "NOT_SCORED",
    "ORDERS",
    "PAGE_SIZE",
    "REGISTRY_COLUMNS",
    "Span",
    "TONE_STYLES",
    "TOWARD_COLUMNS",
    "TOWARD_OF",
    "WORDS_COLUMNS",
    "WORD_COLUMNS",
    "article_html",
    "date_span",
    "span_year",
    "describe",
    "evidence_download",
    "evidence_table",
    "highlight",
    "latest_articles",
    "mention_spans",
    "mention_words",
    "named_actors",
    "order",
    "page_count",
    "page_of",
    "period_name",
    "registry_table",
    "safe_url",
    "select_sentences",
    "tone_shares",
    "tone_words",
    "toward_scores",
    "toward_text",
    "toward_words",
    "view_tone",
    "word_chips",
    "word_spans",
]
