"""Who said what about whom: quotations, their speakers, the actors they name and the tone
toward each, computed from the stored text, sentences and mentions (no table of their own).

- spans: where the quotations are (quote marks, several paragraphs, reported speech);
- speakers: the actor named in a quotation's attribution clause, or a resolved "he said";
- extract: one article's quotations with their speakers;
- table: the rows, one per quotation and actor named in it, with the tone toward it;
- entry: every quotation of a store, and those of a view.
"""

from analysis.quotes.entry import actors_in_force, select_quotes, store_quotes, view_quotes
from analysis.quotes.extract import Found, article_quotes
from analysis.quotes.table import (
    EXPORT_COLUMNS,
    LIST_COLUMNS,
    QUOTE_COLUMNS,
    export_table,
    quote_list,
    quotes_of,
)

__all__ = [
    "EXPORT_COLUMNS",
    "LIST_COLUMNS",
    "QUOTE_COLUMNS",
    "Found",
    "actors_in_force",
    "article_quotes",
    "export_table",
    "quote_list",
    "quotes_of",
    "select_quotes",
    "store_quotes",
    "view_quotes",
]
