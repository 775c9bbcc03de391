"""Reading an RSS, Atom or JSON feed's items, and the feed a web page names."""

from __future__ import annotations

import io
import re
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin

from analysis.fetch.client import CHUNK, FetchLimits, Refused, Response, first_line


def feed_items(response: Response, limits: FetchLimits) -> tuple[list, str | None, list[str]]:
    """([(link, meta)] of the first max_items items with a link, the feed's title, problems)."""
    import feedparser  # only feeds need it

    # Bytes in a stream: handed a string, feedparser would itself open URLs and local files.
    parsed = feedparser.parse(
        io.BytesIO(response.body),
        response_headers={"content-location": response.url, "content-type": response.mime},
        sanitize_html=True,
    )
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            why = first_line(parsed.get("bozo_exception") or "not a feed")
            raise Refused(f"not a readable feed ({why})")
        raise Refused("the feed has no items")
    source = _clean(parsed.feed.get("title"))
    items, seen, problems = [], set(), []
    no_link = 0
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            no_link += 1
            continue
        link = urljoin(response.url, link.strip())
        if link in seen:
            continue
        seen.add(link)
        items.append((link, _entry_meta(entry)))
    if no_link:
        problems.append(f"{no_link} item{'s' if no_link > 1 else ''} without a link skipped")
    if len(items) > limits.max_items:
        problems.append(
            f"{len(items) - limits.max_items} more items not read (limit {limits.max_items})"
        )
        items = items[: limits.max_items]
    if not items:
        raise Refused("no item of the feed links to a page")
    return items, source, problems


def _entry_meta(entry) -> dict:
    meta = {}
    title = _clean(entry.get("title"))
    if title:
        meta["title"] = title
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when:
        meta["published"] = datetime(*when[:3])
    author = _clean(entry.get("author"))
    if author:
        meta["author"] = author
    return meta


def _clean(value: object) -> str | None:
    """Feed text as one plain line: feedparser leaves entities decoded but tags may remain."""
    if not isinstance(value, str):
        return None
    text = " ".join(re.sub(r"<[^>]*>", " ", value).split())
    return text or None


class _FeedLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        kinds = ("application/rss+xml", "application/atom+xml", "application/feed+json")
        rel = a.get("rel", "").lower().split()
        if tag == "link" and "alternate" in rel and a.get("type") in kinds and a.get("href"):
            self.found.append(a["href"])


def feed_link(response: Response) -> str | None:
    """The first feed a web page names in its <head>, as an absolute URL."""
    parser = _FeedLinks()
    parser.feed(response.body[: CHUNK * 4].decode("utf-8", errors="replace"))
    return urljoin(response.url, parser.found[0]) if parser.found else None
