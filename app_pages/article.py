"""The whole article behind a sentence or a quotation, in an expander (Evidence, Quotes)."""

import pandas as pd
import streamlit as st

from analysis import evidence
from app_pages import data


def whole_article(article_id: int, mentions: pd.DataFrame) -> None:
    """The article's text with its mentions marked, or why it cannot be shown."""
    with st.expander("The whole article", icon=":material/article:"):
        art = data.article(article_id)
        if art is None:
            st.info("This article is no longer in the store.")
        else:
            st.html(evidence.article_html(art, mentions))
