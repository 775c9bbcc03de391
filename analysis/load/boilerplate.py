"""Page furniture dropped from a document's text at load: lines that are no article text.

trafilatura drops menus, scripts and most of a page's chrome, but keeps short blocks inside
the article element: membership prompts, share buttons, newsletter boxes, copyright lines,
cookie notices. Scored as article text they dilute its tone (and "Join the conversation"
reads as positive to VADER). The rule, applied to documents (HTML pages, text and Markdown
files, pasted text; not to a table's cells, which hold one field each): a line is dropped
when the whole of it, without case and closing punctuation, is one of the RULES below, and
it is at most MAX_LINE_CHARS long; a longer line, or one that only contains such words, is
kept ("He said all rights reserved to the state were waived" stays). A byline ("By Jane
Smith", "By Jane Smith and Li Wei, Reuters") goes too: its author writes the news, is not in it.
"""

from __future__ import annotations

import re

MAX_LINE_CHARS = 160  # the longest furniture line seen is some 120 characters (cookie notices)

# (what it is, the whole line's pattern). Documented in the README under Upload.
RULES: tuple[tuple[str, str], ...] = (
    ("membership prompt", r"join the (?:conversation|discussion|debate)\b.*"),
    ("membership prompt", r"(?:become|join as) an? (?:vip |premium )?(?:member|subscriber)\b.*"),
    (
        "membership prompt",
        r"(?:already (?:a member|a subscriber|have an account)|log ?in|"
        r"sign ?in)\b.{0,60}",
    ),
    (
        "newsletter box",
        r"(?:sign up|subscribe)(?: now| today)? (?:for|to) (?:our|the) "
        r"(?:free )?(?:daily |weekly )?(?:newsletters?|emails?|alerts?)\b.*",
    ),
    ("newsletter box", r"subscribe(?: now| today| here)?"),
    ("share button", r"share (?:this|the) (?:article|story|post|page)\b.*"),
    (
        "share button",
        r"(?:share|post|tweet) (?:on|to|via) (?:facebook|twitter|x|linkedin|"
        r"whatsapp|email|reddit)\b.*",
    ),
    ("share button", r"(?:share|tweet|email|print|copy link|comments?)(?: \(\d+\))?"),
    ("read-more link", r"(?:read|see|show) (?:more|the full story|full article)\b.{0,60}"),
    ("read-more link", r"(?:continue reading|click here)\b.{0,80}"),
    ("copyright line", r"(?:©|\(c\)).*"),
    ("copyright line", r"copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by)\b.*"),
    ("copyright line", r".{0,100}\ball rights reserved"),
    ("cookie notice", r"(?:we|this (?:web)?site|our site) uses? cookies\b.*"),
    ("cookie notice", r"(?:accept|manage|reject)(?: all)? cookies\b.*"),
    ("advertisement", r"advertisement|sponsored(?: content)?|ad"),
    ("follow prompt", r"follow us on\b.*"),
    # "by" and at most six words of a name (and a desk): "By Jane Smith | Reuters".
    ("byline", r"by(?: [\w.'\u2019-]+){1,6}(?:(?:,| \||;| -| and)(?: [\w.'\u2019-]+){1,4}){0,2}"),
)

_RULES = [(kind, re.compile(pattern)) for kind, pattern in RULES]
_ANY = re.compile("|".join(f"(?:{pattern})" for _, pattern in RULES))
_CLOSING = " \t.!:;,\u2026>\u00bb\u203a|-"


def furniture(line: str) -> str | None:
    """What kind of page furniture a line is by RULES, or None for article text."""
    plain = line.strip().lower().rstrip(_CLOSING)
    if not plain or len(plain) > MAX_LINE_CHARS or _ANY.fullmatch(plain) is None:
        return None
    kind = next(kind for kind, rule in _RULES if rule.fullmatch(plain))
    if kind == "byline" and not _names_only(line.strip()[2:]):
        return None  # "By Monday, prices fell": a sentence, not a byline
    return kind


# The small words a byline's names may hold ("By Jane Smith and Li Wei in Paris").
_BYLINE_SMALL = frozenset({"and", "in", "for", "of", "de", "van", "von", "the", "|", "-"})


def _names_only(rest: str) -> bool:
    """Whether every word after "By" is capitalised, or a small word of names."""
    words = rest.replace(",", " ").replace(";", " ").split()
    return all(w[:1].isupper() or w.lower() in _BYLINE_SMALL for w in words)


def drop_furniture(text: str) -> tuple[str, list[str]]:
    """(the text without its furniture lines, the kind of each line dropped)."""
    kept, dropped = [], []
    for line in text.split("\n"):
        kind = furniture(line)
        if kind is None:
            kept.append(line)
        else:
            dropped.append(kind)
    return "\n".join(kept), dropped


def dropped_note(kinds: list[str]) -> str:
    """The one-line notice for a page's dropped lines."""
    counted = dict.fromkeys(kinds)  # first seen first
    what = ", ".join(
        f"{kind} ({kinds.count(kind)})" if kinds.count(kind) > 1 else kind for kind in counted
    )
    lines = "1 line" if len(kinds) == 1 else f"{len(kinds)} lines"
    return f"{lines} of page furniture dropped: {what}"
