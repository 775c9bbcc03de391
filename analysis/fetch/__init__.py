"""Articles from the web: one page, or every item of an RSS or Atom feed, bounded and never raising.

Every request is http or https only, with connect and read timeouts, a whole-response deadline,
a byte cap counted while streaming, a content-type check before the body is read, and at most
a few redirects, each hop checked again. Unless `allow_private`, a host that resolves to a
loopback, private, link-local (169.254.169.254), multicast or reserved address is refused, and
the address actually connected to is checked again (a DNS answer that changes in between
cannot slip through). Every failure is one `Rejected` line; nothing here raises.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from analysis import schema
from analysis.fetch.client import (
    FEED_TYPES,
    HTML_TYPES,
    Client,
    FetchLimits,
    Refused,
    Response,
    first_line,
)
from analysis.fetch.feed import feed_items, feed_link
from analysis.load import Limits, Loaded, Notice, Rejected, load_bytes

__all__ = ["FetchLimits", "combine", "fetch_feed", "fetch_page"]

FEED_WORKERS = 4  # item pages fetched at once
DEFAULTS = FetchLimits()
Progress = Callable[[int, int], None]


def fetch_page(url: str, limits: FetchLimits = DEFAULTS, meta: dict | None = None) -> Loaded:
    """One article (schema.ARTICLES columns) from a web page: main text, title, date and site
    extracted by trafilatura. `meta` (title, source, published, ...) wins over what the page says.

    A page that is not HTML (a PDF, an image, a feed) is rejected with the reason.
    """
    try:
        with Client(limits) as client:
            response = client.get(url, HTML_TYPES, "a web page")
        return _page_articles(url, response, limits, meta)
    except Exception as exc:  # one bad input is a reason, never a crash
        return _rejected(url, exc)


def fetch_feed(
    url: str, limits: FetchLimits = DEFAULTS, progress: Progress | None = None
) -> Loaded:
    """The articles of an RSS, Atom or JSON feed: each item's page fetched and extracted.

    The item's title and date, and the feed's title as the source, win over what its page says. At
    most `limits.max_items` items are read; `progress(done, total)` is called after each. A web
    page that names its feed (<link rel="alternate" type="application/rss+xml">) is followed to it.
    """
    try:
        with Client(limits) as client:
            response = client.get(url, (*FEED_TYPES, *HTML_TYPES), "a feed")
            if response.mime in HTML_TYPES:
                found = feed_link(response)
                if not found:
                    raise Refused("a web page, not a feed (and it names no feed)")
                response = client.get(found, FEED_TYPES, "a feed")
        items, source, skipped = feed_items(response, limits)
    except Exception as exc:
        return _rejected(url, exc)
    rejected = [Rejected(url, reason) for reason in skipped]
    parts: list[Loaded] = []
    pool = ThreadPoolExecutor(FEED_WORKERS)
    try:
        futures = [
            pool.submit(fetch_page, link, limits, {**meta, "source": meta.get("source") or source})
            for link, meta in items
        ]
        # Results are taken in the feed's order, on the caller's thread (progress may draw).
        for done, future in enumerate(futures, 1):
            parts.append(future.result())
            if progress is not None:
                progress(done, len(futures))
    finally:
        # If progress raised (the app stopped this run), pages not yet started are dropped.
        pool.shutdown(wait=False, cancel_futures=True)
    return combine(parts, rejected)


def combine(parts: list[Loaded], rejected: list[Rejected] | None = None) -> Loaded:
    """One Loaded of several, in order; the same text twice is kept twice (the preview flags it)."""
    frames = [p.articles for p in parts if len(p.articles)]
    articles = (
        schema.conform(pd.concat(frames, ignore_index=True), schema.ARTICLES)
        if frames
        else schema.empty(schema.ARTICLES)
    )
    rejected = [*(rejected or []), *(r for p in parts for r in p.rejected)]
    return Loaded(articles, rejected, [n for p in parts for n in p.notices])


# --- the client ---------------------------------------------------------------------------------


def _page_articles(url: str, response: Response, limits: FetchLimits, meta: dict | None) -> Loaded:
    body = _to_utf8(response.body, response.charset)
    loaded = load_bytes("page.html", body, Limits(max_file_bytes=limits.max_bytes), meta)
    articles = loaded.articles
    articles["origin"] = url
    articles["url"] = articles["url"].fillna(response.url)
    rejected = [
        Rejected(url, "no article text found on the page" if r.reason == "no text" else r.reason)
        for r in loaded.rejected
    ]
    return Loaded(articles, rejected, [Notice(url, n.note) for n in loaded.notices])


def _to_utf8(body: bytes, charset: str | None) -> bytes:
    """The body as UTF-8 when the server named another charset (the loaders then read it as is)."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return body  # a wrong or unknown label: let the loaders detect the encoding


def _rejected(url: str, exc: Exception) -> Loaded:
    if isinstance(exc, Refused):
        reason = str(exc)
    else:
        reason = f"could not fetch ({type(exc).__name__}: {first_line(exc)})"
    return Loaded(schema.empty(schema.ARTICLES), [Rejected(url, reason)])
