"""The query layer: a view (analysis.view.View) turned into the frames each page shows.

Pure (no Streamlit): app_pages.data caches what it returns, and the pages, the snapshot and
the tests call the same functions. The entries, one per question a page asks:

- overview: the view's articles, every actor's counts in them, their sentences' tone;
- actor_counts / totals: per actor, mentions, sentences, articles and mean tone (toward_totals:
  the mean tone toward each);
- trends, toward_trends, periods: the view's actors per period (toward_trends: in the tone
  toward each), and every period with its articles;
- outlets: per source, the share of its articles naming each of the view's actors, and
  its tone toward it with the band;
- pairs, toward_pairs, pair_periods: co-mentions of the view's actors (toward_pairs: with the
  tone toward them), and one pair's over time;
- spikes: the periods each of the view's actors jumps above its own baseline, and why;
- evidence: the sentences behind a selection (and the facts they were chosen from).
"""

from analysis.query.corpus import Corpus, Memo, derived, load_corpus, merge
from analysis.query.entries import (
    Evidence,
    Overview,
    actor_counts,
    corpus_mentions,
    evidence,
    outlets,
    overview,
    pair_periods,
    pairs,
    periods,
    spikes,
    totals,
    toward_pairs,
    toward_totals,
    toward_trends,
    trends,
)
from analysis.query.views import view_articles, view_days, view_facts

__all__ = [
    "Corpus",
    "Evidence",
    "Memo",
    "Overview",
    "actor_counts",
    "corpus_mentions",
    "derived",
    "evidence",
    "load_corpus",
    "merge",
    "outlets",
    "overview",
    "pair_periods",
    "pairs",
    "periods",
    "spikes",
    "totals",
    "toward_pairs",
    "toward_totals",
    "toward_trends",
    "trends",
    "view_articles",
    "view_days",
    "view_facts",
]
