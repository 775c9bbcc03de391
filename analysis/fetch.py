"""Articles from the web: one page, or every item of an RSS or Atom feed, bounded and never raising.

Every request is http or https only, with connect and read timeouts, a whole-response deadline,
a byte cap counted while streaming, a content-type check before the body is read, and at most
a few redirects, each hop checked again. Unless `allow_private`, a host that resolves to a
loopback, private, link-local (169.254.169.254), multicast or reserved address is refused, and
the address actually connected to is checked again (a DNS answer that changes in between
cannot slip through). Every failure is one `Rejected` line; nothing here raises.
"""

from __future__ import annotations

import io
import ipaddress
import re
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pandas as pd
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from analysis import schema
from analysis.load import Limits, Loaded, Notice, Rejected, load_bytes

USER_AGENT = "ActorScope/0.1 (news analysis)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/plain",  # some servers send feeds so
    "application/octet-stream",
)
REDIRECTS = (301, 302, 303, 307, 308)
FEED_WORKERS = 4  # item pages fetched at once
_CHUNK = 2**16

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FetchLimits:
    timeout_s: float = 10.0  # to connect, and for each read
    max_bytes: int = 10 * 2**20  # one response body, counted while it streams
    max_redirects: int = 5
    max_items: int = 50  # feed items whose pages are fetched
    allow_private: bool = True  # False on a hosted app: no loopback, private or link-local hosts

    @property
    def deadline_s(self) -> float:
        """A whole response, however slowly it trickles in, must arrive within this."""
        return 3 * self.timeout_s


class _Refused(Exception):
    """A fetch we decline or that failed, with the reason shown to the user."""


@dataclass
class _Response:
    url: str  # after redirects
    mime: str
    charset: str | None
    body: bytes


def fetch_page(url: str, limits: FetchLimits = FetchLimits(), meta: dict | None = None) -> Loaded:
    """One article (schema.ARTICLES columns) from a web page: main text, title, date and site
    extracted by trafilatura. `meta` (title, source, published, ...) wins over what the page says.

    A page that is not HTML (a PDF, an image, a feed) is rejected with the reason.
    """
    try:
        with _Client(limits) as client:
            response = client.get(url, HTML_TYPES, "a web page")
        return _page_articles(url, response, limits, meta)
    except Exception as exc:  # one bad input is a reason, never a crash
        return _rejected(url, exc)


def fetch_feed(
    url: str, limits: FetchLimits = FetchLimits(), progress: Progress | None = None
) -> Loaded:
    """The articles of an RSS, Atom or JSON feed: each item's page fetched and extracted.

    The item's title and date, and the feed's title as the source, win over what its page says. At
    most `limits.max_items` items are read; `progress(done, total)` is called after each. A web
    page that names its feed (<link rel="alternate" type="application/rss+xml">) is followed to it.
    """
    try:
        with _Client(limits) as client:
            response = client.get(url, (*FEED_TYPES, *HTML_TYPES), "a feed")
            if response.mime in HTML_TYPES:
                found = _feed_link(response)
                if not found:
                    raise _Refused("a web page, not a feed (and it names no feed)")
                response = client.get(found, FEED_TYPES, "a feed")
        items, source, skipped = _feed_items(response, limits)
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


class _Client:
    """A urllib3 pool manager that follows redirects itself, checking every hop."""

    def __init__(self, limits: FetchLimits):
        self.limits = limits
        self.pool = urllib3.PoolManager(
            num_pools=4,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=urllib3.Timeout(connect=limits.timeout_s, read=limits.timeout_s),
            retries=False,
        )
        if not limits.allow_private:
            self.pool.pool_classes_by_scheme = {
                "http": _GuardedHTTPPool,
                "https": _GuardedHTTPSPool,
            }

    def __enter__(self) -> _Client:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.clear()

    def get(self, url: str, accepted: tuple[str, ...], what: str) -> _Response:
        """The body of url, if its type is one of `accepted`; _Refused with the reason if not."""
        for _ in range(self.limits.max_redirects + 1):
            _check_url(url, self.limits.allow_private)
            try:
                r = self.pool.request(
                    "GET", url, redirect=False, preload_content=False, retries=False
                )
            except urllib3.exceptions.HTTPError as exc:
                raise _Refused(self._failure(url, exc)) from None
            try:
                if r.status in REDIRECTS and r.headers.get("Location"):
                    url = urljoin(url, r.headers["Location"].strip())
                    continue
                return self._body(url, r, accepted, what)
            finally:
                r.close()  # never reused: a body left unread cannot confuse the next request
                r.release_conn()
        raise _Refused(f"too many redirects (limit {self.limits.max_redirects})")

    def _failure(self, url: str, exc: urllib3.exceptions.HTTPError) -> str:
        """One line for a request that failed before any answer."""
        errors = urllib3.exceptions
        if isinstance(exc, errors.NameResolutionError):
            return f"unknown host {urlsplit(url).hostname}"
        if isinstance(exc, errors.NewConnectionError):  # before ConnectTimeoutError: its subclass
            return f"cannot connect to {urlsplit(url).netloc}"
        if isinstance(exc, errors.ConnectTimeoutError):
            return f"timed out connecting (after {self.limits.timeout_s:g} s)"
        if isinstance(exc, errors.ReadTimeoutError):
            return f"no answer within {self.limits.timeout_s:g} s"
        if isinstance(exc, errors.SSLError):
            return f"TLS error ({_first_line(exc)})"
        return f"could not fetch ({_first_line(exc)})"

    def _body(self, url: str, r, accepted: tuple[str, ...], what: str) -> _Response:
        if r.status >= 400:
            raise _Refused(f"HTTP {r.status} {r.reason or ''}".strip())
        if r.status != 200:
            raise _Refused(f"HTTP {r.status}: no page to read")
        mime, charset = _content_type(r.headers.get("Content-Type"))
        if mime and mime not in accepted:
            raise _Refused(_wrong_type(mime, what))
        cap = self.limits.max_bytes
        declared = r.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _Refused(f"too large: {_size(int(declared))} (limit {_size(cap)})")
        deadline = time.monotonic() + self.limits.deadline_s
        body = bytearray()
        try:
            while chunk := r.read1(_CHUNK):
                body += chunk
                if len(body) > cap:
                    raise _Refused(f"too large: over {_size(cap)} (the limit)")
                if time.monotonic() > deadline:
                    raise _Refused(f"too slow: not complete within {self.limits.deadline_s:g} s")
        except urllib3.exceptions.ReadTimeoutError:
            raise _Refused(f"no answer within {self.limits.timeout_s:g} s") from None
        except urllib3.exceptions.HTTPError as exc:
            raise _Refused(f"the download broke off ({_first_line(exc)})") from None
        if not mime:  # no Content-Type: look at the bytes
            mime = _sniff(bytes(body[:1024]))
            if mime not in accepted:
                raise _Refused(_wrong_type(mime, what))
        return _Response(url, mime, charset, bytes(body))


def _peer_check(sock: socket.socket, host: str) -> None:
    ip = sock.getpeername()[0]
    why = _private(ip)
    if why:
        sock.close()
        raise _Refused(f"refused: {host} is {why} ({ip}); not fetched on a hosted app")


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _peer_check(sock, self.host)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _peer_check(sock, self.host)
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


def _check_url(url: str, allow_private: bool) -> None:
    """_Refused unless url is http(s) with a host (and, unless allowed, a public one)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _Refused(f"not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise _Refused(f"only http and https addresses are fetched, not {parts.scheme or 'this'!r}")
    host = parts.hostname
    if not host:
        raise _Refused("no host in the address")
    if allow_private:
        return
    try:
        infos = _resolve(host, port or (443 if parts.scheme.lower() == "https" else 80))
    except OSError:
        raise _Refused(f"unknown host {host}") from None
    for ip in sorted({info[4][0] for info in infos}):
        why = _private(ip)
        if why:
            raise _Refused(f"refused: {host} is {why} ({ip}); not fetched on a hosted app")


def _resolve(host: str, port: int) -> list:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _private(ip: str) -> str | None:
    """What makes an address off limits to a hosted app ("a loopback address", ...), or None."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    for test, what in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(addr, test):
            return what
    return None if addr.is_global else "not a public address"


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    msg = Message()
    msg["Content-Type"] = header
    return msg.get_content_type().lower(), msg.get_param("charset")


def _sniff(head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith(b"%pdf"):
        return "application/pdf"
    if text.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8", b"riff")):
        return "image"
    if text.startswith(b"<?xml") or b"<rss" in text or b"<feed" in text:
        return "application/xml"
    if b"<html" in text or b"<!doctype html" in text or b"<body" in text or b"<p" in text:
        return "text/html"
    return "application/octet-stream"


def _wrong_type(mime: str, what: str) -> str:
    if mime == "application/pdf":
        shown = f"a PDF ({mime})"
    elif mime.startswith("image"):
        shown = f"an image ({mime})"
    elif mime in FEED_TYPES[:6]:  # the types only feeds use
        shown = f"a feed ({mime})" + (" (use the feed field for feeds)" if what != "a feed" else "")
    else:
        shown = mime
    return f"not {what}: the server sent {shown}"


# --- pages and feeds ----------------------------------------------------------------------------


def _page_articles(url: str, response: _Response, limits: FetchLimits, meta: dict | None) -> Loaded:
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


def _feed_items(response: _Response, limits: FetchLimits) -> tuple[list, str | None, list[str]]:
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
            why = _first_line(parsed.get("bozo_exception") or "not a feed")
            raise _Refused(f"not a readable feed ({why})")
        raise _Refused("the feed has no items")
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
        raise _Refused("no item of the feed links to a page")
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


def _feed_link(response: _Response) -> str | None:
    """The first feed a web page names in its <head>, as an absolute URL."""
    parser = _FeedLinks()
    parser.feed(response.body[: _CHUNK * 4].decode("utf-8", errors="replace"))
    return urljoin(response.url, parser.found[0]) if parser.found else None


def _rejected(url: str, exc: Exception) -> Loaded:
    if isinstance(exc, _Refused):
        reason = str(exc)
    else:
        reason = f"could not fetch ({type(exc).__name__}: {_first_line(exc)})"
    return Loaded(schema.empty(schema.ARTICLES), [Rejected(url, reason)])


def _first_line(exc: object) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _size(n: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
