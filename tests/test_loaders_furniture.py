"""Web pages at load: headings are units of their own, page furniture is dropped and counted
(analysis/load/boilerplate.py, analysis/load/parse.py)."""

from __future__ import annotations

import pytest

from analysis.load import Notice, load_bytes, load_text
from analysis.load.boilerplate import MAX_LINE_CHARS, RULES, drop_furniture, furniture
from analysis.text import split_sentences

PAGE = """<!doctype html><html><head><title>Kim meets Putin</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h2>Summit report</h2>
<p>Kim Jong Un arrived by train. He met Vladimir Putin on Tuesday in Vladivostok.</p>
<p>Join the conversation as a VIP Member</p>
<p>Share this article</p>
<h3>What they said</h3>
<p>The talks ended late. Officials said more would follow in the coming weeks.</p>
<p>Sign up for our newsletter</p>
<p>We use cookies to improve your experience on our site.</p>
<p>\u00a9 2024 Example News. All rights reserved.</p>
</article><footer>Read more</footer></body></html>"""


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_loaders_furniture_page_headings_stand_alone_and_furniture_goes() -> None:
    loaded = load_bytes("page.html", PAGE.encode())

    (text,) = loaded.articles["text"]
    assert _sentences(text) == [
        "Summit report",
        "Kim Jong Un arrived by train.",
        "He met Vladimir Putin on Tuesday in Vladivostok.",
        "What they said",
        "The talks ended late.",
        "Officials said more would follow in the coming weeks.",
    ]
    assert loaded.notices == [
        Notice(
            "page.html",
            "5 lines of page furniture dropped: membership prompt, share button, "
            "newsletter box, cookie notice, copyright line",
        )
    ]


def test_loaders_furniture_page_without_any_has_no_notice() -> None:
    page = "<html><body><article><p>Kim met Putin. They talked.</p></article></body></html>"
    loaded = load_bytes("page.html", page.encode())

    assert loaded.articles["text"].tolist() == ["Kim met Putin. They talked."]
    assert loaded.notices == []


def test_loaders_furniture_goes_from_text_files_and_pastes_too() -> None:
    # A page saved as text (the seed ends so) or pasted keeps its furniture lines.
    text = "Kim met Putin.\nThey talked.\nJoin the conversation as a VIP Member"
    for loaded, origin in (
        (load_text(text), "pasted"),
        (load_bytes("a.txt", text.encode()), "a.txt"),
    ):
        assert loaded.articles["text"].tolist() == ["Kim met Putin.\nThey talked."]
        assert loaded.notices == [
            Notice(origin, "1 line of page furniture dropped: membership prompt")
        ]


def test_loaders_furniture_table_cells_keep_every_line() -> None:
    # A table's text cell is one field of the user's own: nothing is dropped from it.
    rows = 'title,text\nT,"Kim met Putin.\nShare this article\nThey talked."\n'
    loaded = load_bytes("a.csv", rows.encode())
    assert loaded.articles["text"].tolist() == ["Kim met Putin.\nShare this article\nThey talked."]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Join the conversation as a VIP Member", "membership prompt"),
        ("Become a member", "membership prompt"),
        ("Already a subscriber? Log in", "membership prompt"),
        ("Sign up for our daily newsletter", "newsletter box"),
        ("Subscribe now!", "newsletter box"),
        ("Share this story", "share button"),
        ("Share on Facebook", "share button"),
        ("Comments (12)", "share button"),
        ("Read more \u00bb", "read-more link"),
        ("Continue reading", "read-more link"),
        ("Copyright 2023 Example Media Ltd", "copyright line"),
        ("\u00a9 Example News", "copyright line"),
        ("Example News Ltd. All rights reserved.", "copyright line"),
        ("This website uses cookies.", "cookie notice"),
        ("Accept all cookies", "cookie notice"),
        ("ADVERTISEMENT", "advertisement"),
        ("Follow us on Twitter", "follow prompt"),
        ("By Jane Smith", "byline"),
        ("By Jane Smith and Li Wei, Reuters", "byline"),
        ("BY JANE SMITH | Example News", "byline"),
    ],
)
def test_loaders_furniture_rules(line: str, kind: str) -> None:
    assert furniture(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "He said all rights reserved to the state had been waived by the court on Monday.",
        "Copyright law was changed on Monday, the ministry said.",
        "Kim urged readers to share this article's message of peace with their neighbours.",
        "Putin will join the conversation on security later, Peskov said.",
        "By the time the talks ended on Monday night, both sides had agreed to meet again.",
        "By Monday, prices fell.",  # "By" and a capital, but a sentence
        "Subscribers were told the service would end.",
        "x" * (MAX_LINE_CHARS + 1) + " all rights reserved",
        "",
    ],
)
def test_loaders_furniture_article_text_is_kept(line: str) -> None:
    assert furniture(line) is None


def test_loaders_furniture_every_rule_has_a_kind_and_an_example() -> None:
    kinds = {kind for kind, _ in RULES}
    examples = [
        "join the discussion", "become a premium subscriber", "sign in", "subscribe to our emails",
        "subscribe", "share the post", "tweet via email", "print", "see the full story",
        "click here to register", "(c) 2024", "copyright by example", "ex. all rights reserved",
        "our site uses cookies", "manage cookies", "sponsored content", "follow us on x",
        "By Jane Smith",
    ]  # fmt: skip
    text, dropped = drop_furniture("\n".join(["Kim met Putin.", *examples]))
    assert text == "Kim met Putin."
    assert len(dropped) == len(RULES) == len(examples)
    assert set(dropped) == kinds
