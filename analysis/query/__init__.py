"""The query layer: a view (analysis.view.View) turned into the frames each page shows.

Pure (no Streamlit): app_pages.data caches what it returns, and the snapshot, the pages and
the tests call the same functions.
"""

from analysis.query.corpus import Corpus, Memo, derived, load_corpus, merge

__all__ = ["Corpus", "Memo", "derived", "load_corpus", "merge"]
