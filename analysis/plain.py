"""Untrusted text (a visitor's URL values, actor names, titles, sources) made to show as text.

One function per kind of place that would otherwise read markup in it:

- `markdown`: Streamlit's Markdown (st.info, st.warning, st.caption, widget labels…):
  CommonMark + GFM + Streamlit's own shortcodes. Where a page can, it shows such text with
  `st.text` or in a table instead; this is for text inside a sentence of its own.
- `plotly`: plotly's text (titles, tick labels, legend entries, hover, annotations), which
  reads a subset of HTML and, in templates, %{...}.
- `clip`: a bound on how much of a value a message repeats.

HTML documents use html.escape (analysis.snapshot, analysis.evidence).
"""

from __future__ import annotations

import html
import re

# Every ASCII punctuation character: CommonMark lets a backslash make any of them literal,
# which is what each of them is somewhere in Streamlit's Markdown (emphasis, links, images,
# code, headings, lists, tables, HTML, $maths$, :emoji: and :colour[directives]).
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GFM's autolinks and Streamlit's :shortcodes: are found in the text after the escapes are
# read, so a backslash cannot stop them: an invisible word joiner after every colon and @,
# and between "www" and its dot, breaks each pattern ("https:", "a@b.c", "www.", ":smile:").
WORD_JOINER = "\u2060"
_AUTOLINK_PARTS = re.compile(r"(?<=[:@])|(?<=www)(?=\\\.)", re.IGNORECASE)
# Line breaks would start a new Markdown block (a heading, a list, a code block), indentation
# a code block, and control characters have nothing to show: each run becomes one space, as a
# browser shows it anyway. Bidirectional overrides would reorder what follows them.
_SPACES = re.compile(r"[\x00-\x20\x7f\x85\u2028\u2029]+")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def markdown(value: object) -> str:
    """Markdown source that Streamlit shows as exactly this text, on one line."""
    text = _SPACES.sub(" ", _BIDI.sub("", str(value)))
    return _AUTOLINK_PARTS.sub(WORD_JOINER, _MD_PUNCTUATION.sub(r"\\\1", text))


def plotly(value: object) -> str:
    """Text that plotly shows as exactly this text: no tags, no entities, no %{templates}.

    plotly turns &#NN; back into the character, so $ (its LaTeX, when MathJax is on the page)
    and the % of a %{...} are written that way too.
    """
    text = html.escape(str(value), quote=False)
    return text.replace("$", "&#36;").replace("%{", "&#37;{")


def clip(value: object, limit: int = 80) -> str:
    """The value as text, cut to `limit` characters with an ellipsis: a message quotes a
    visitor's value, it does not repeat a page of it."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
