"""Untrusted text shown as text (analysis/plain.py): Streamlit's Markdown, plotly, clipping."""

from __future__ import annotations

import html
import re

import pytest
from app_store import shown_text
from hostile import plotly_reads
from hypothesis import given
from hypothesis import strategies as st

from analysis import plain, view

WJ = plain.WORD_JOINER
# Text a visitor could type: markup characters, URLs, shortcodes, line breaks and controls.
ANY_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("\\`*_{}[]()<>#+-.!|~$:&@%;=\"'/?^ \n\r\t\x00\u202e")),
        st.sampled_from(["https://", "www.", "a@b.c", ":smile:", ":red[", "%{x}", "&lt;", "  "]),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)


# --- Markdown ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("Kim Jong Un", "Kim Jong Un"),
        ("[x](https://evil.example)", rf"\[x\]\(https\:{WJ}\/\/evil\.example\)"),
        ("![x](http://127.0.0.1:9/x)", rf"\!\[x\]\(http\:{WJ}\/\/127\.0\.0\.1\:{WJ}9\/x\)"),
        ("<b>x</b>", r"\<b\>x\<\/b\>"),
        ("**bold** _it_ ~~s~~ `c`", r"\*\*bold\*\* \_it\_ \~\~s\~\~ \`c\`"),
        (":smile: :red[x]", rf"\:{WJ}smile\:{WJ} \:{WJ}red\[x\]"),
        (":material/home:", rf"\:{WJ}material\/home\:{WJ}"),
        ("$x^2$", r"\$x\^2\$"),
        ("back\\slash", r"back\\slash"),
        ("www.evil.example", rf"www{WJ}\.evil\.example"),
        ("WWW.evil.example", rf"WWW{WJ}\.evil\.example"),
        ("me@evil.example", rf"me\@{WJ}evil\.example"),
        ("# one\n\n- two\r\n1. three", r"\# one \- two 1\. three"),
        ("| a |\n|---|", r"\| a \| \|\-\-\-\|"),
        ("&lt; &#60;", r"\&lt\; \&\#60\;"),
        ("right\u202eto left", "rightto left"),
        ("tab\tand\x00null", "tab and null"),
    ],
)
def test_plain_markdown_escapes(value, source):
    assert plain.markdown(value) == source


def _collapsed(value: str) -> str:
    return re.sub(
        r"[\x00-\x20\x7f\x85\u2028\u2029]+", " ", re.sub("[\u202a-\u202e\u2066-\u2069]", "", value)
    )


@given(ANY_TEXT)
def test_plain_markdown_reads_back_as_the_text(value):
    assert shown_text(plain.markdown(value)) == _collapsed(value).replace(WJ, "")


@given(ANY_TEXT)
def test_plain_markdown_is_one_commonmark_paragraph_of_text(value):
    """CommonMark's reference rules (markdown-it, with GFM tables and strikethrough) read the
    escaped value as one paragraph of exactly that text: no link, image, tag or emphasis."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out = md.render("Value: " + plain.markdown(value))
    inner = out.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner, out
    expected = ("Value: " + _collapsed(value)).replace(WJ, "").rstrip()  # trailing space: unseen
    assert html.unescape(inner).replace(WJ, "").rstrip() == expected


@given(ANY_TEXT)
def test_plain_markdown_leaves_no_autolink_or_shortcode(value):
    """GFM autolinks and Streamlit's :shortcodes: are found after the escapes are read."""
    read = re.sub(r"\\(.)", r"\1", plain.markdown(value))
    assert not re.search(r"https?://|www\.|[\w.+-]@[\w-]|:[\w/+-]+:|:[\w-]+\[", read, re.I)


# --- plotly ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Kim Jong Un", "Kim Jong Un"),
        (
            '<a href="https://evil.example">Evil</a>',
            '&lt;a href="https://evil.example"&gt;Evil&lt;/a&gt;',
        ),
        ("<b>x</b><br><sup>2</sup>", "&lt;b&gt;x&lt;/b&gt;&lt;br&gt;&lt;sup&gt;2&lt;/sup&gt;"),
        ("AT&T &amp; &#60;", "AT&amp;T &amp;amp; &amp;#60;"),
        ("%{x} 50% %{customdata[0]}", "&#37;{x} 50% &#37;{customdata[0]}"),
        ("$x^2$", "&#36;x^2&#36;"),
        ("**not bold** [x](y)", "**not bold** [x](y)"),
    ],
)
def test_plain_plotly_escapes(value, text):
    assert plain.plotly(value) == text


@given(ANY_TEXT)
def test_plain_plotly_reads_back_as_the_text(value):
    text = plain.plotly(value)
    assert not re.search(r"<|>|\$|%\{", text)
    assert plotly_reads(text) == value


# --- clipping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("short", 60, "short"),
        ("x" * 60, 60, "x" * 60),
        ("x" * 61, 60, "x" * 59 + "…"),
        (42, 5, "42"),
    ],
)
def test_plain_clip(value, limit, expected):
    assert plain.clip(value, limit) == expected


# --- the notices of a link ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        (
            {"actors": "[x](https://evil.example)"},
            "Ignored unknown actors: [x](https://evil.example)",
        ),
        (
            {"start": "![x](http://127.0.0.1:9/x)"},
            "Ignored start='![x](http://127.0.0.1:9/x)': dates are YYYY-MM-DD",
        ),
        ({"freq": "<b>Y</b>"}, "Ignored freq='<b>Y</b>': expected one of D, W, M"),
        ({"sources": ",".join("abcdefg")}, "Ignored unknown sources: a, b, c, d, e, …"),
        ({"actors": "x" * 500}, f"Ignored unknown actors: {'x' * 79}…"),
        ({"period": "y" * 500}, f"Ignored period='{'y' * 79}…': dates are YYYY-MM-DD"),
    ],
)
def test_view_notices_quote_the_value_as_plain_text_cut_short(params, notice):
    """The notices are plain text (the page escapes them), and a long value is cut short."""
    assert view.parse(params, ["kim-jong-un"], ["Wire"]).notices == [notice]
