"""The HTTP client of analysis.fetch: http(s) only, timeouts, a byte cap counted while
streaming, redirects followed by hand with every hop checked, and (unless `allow_private`) no
loopback, private, link-local or reserved host, checked on the address actually connected to."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

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
CHUNK = 2**16


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


class Refused(Exception):
    """A fetch we decline or that failed, with the reason shown to the user."""


@dataclass
class Response:
    url: str  # after redirects
    mime: str
    charset: str | None
    body: bytes


class Client:
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

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.clear()

    def get(self, url: str, accepted: tuple[str, ...], what: str) -> Response:
        """The body of url, if its type is one of `accepted`; Refused with the reason if not."""
        for _ in range(self.limits.max_redirects + 1):
            _check_url(url, self.limits.allow_private)
            try:
                r = self.pool.request(
                    "GET", url, redirect=False, preload_content=False, retries=False
                )
            except urllib3.exceptions.HTTPError as exc:
                raise Refused(self._failure(url, exc)) from None
            try:
                if r.status in REDIRECTS and r.headers.get("Location"):
                    url = urljoin(url, r.headers["Location"].strip())
                    continue
                return self._body(url, r, accepted, what)
            finally:
                r.close()  # never reused: a body left unread cannot confuse the next request
                r.release_conn()
        raise Refused(f"too many redirects (limit {self.limits.max_redirects})")

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
            return f"TLS error ({first_line(exc)})"
        return f"could not fetch ({first_line(exc)})"

    def _body(self, url: str, r, accepted: tuple[str, ...], what: str) -> Response:
        if r.status >= 400:
            raise Refused(f"HTTP {r.status} {r.reason or ''}".strip())
        if r.status != 200:
            raise Refused(f"HTTP {r.status}: no page to read")
        mime, charset = _content_type(r.headers.get("Content-Type"))
        if mime and mime not in accepted:
            raise Refused(_wrong_type(mime, what))
        cap = self.limits.max_bytes
        declared = r.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise Refused(f"too large: {_size(int(declared))} (limit {_size(cap)})")
        deadline = time.monotonic() + self.limits.deadline_s
        body = bytearray()
        try:
            while chunk := r.read1(CHUNK):
                body += chunk
                if len(body) > cap:
                    raise Refused(f"too large: over {_size(cap)} (the limit)")
                if time.monotonic() > deadline:
                    raise Refused(f"too slow: not complete within {self.limits.deadline_s:g} s")
        except urllib3.exceptions.ReadTimeoutError:
            raise Refused(f"no answer within {self.limits.timeout_s:g} s") from None
        except urllib3.exceptions.HTTPError as exc:
            raise Refused(f"the download broke off ({first_line(exc)})") from None
        if not mime:  # no Content-Type: look at the bytes
            mime = _sniff(bytes(body[:1024]))
            if mime not in accepted:
                raise Refused(_wrong_type(mime, what))
        return Response(url, mime, charset, bytes(body))


def _peer_check(sock: socket.socket, host: str) -> None:
    ip = sock.getpeername()[0]
    why = _private(ip)
    if why:
        sock.close()
        raise Refused(f"refused: {host} is {why} ({ip}); not fetched on a hosted app")


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
    """Refused unless url is http(s) with a host (and, unless allowed, a public one)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise Refused(f"only http and https addresses are fetched, not {parts.scheme or 'this'!r}")
    host = parts.hostname
    if not host:
        raise Refused("no host in the address")
    if allow_private:
        return
    try:
        infos = _resolve(host, port or (443 if parts.scheme.lower() == "https" else 80))
    except OSError:
        raise Refused(f"unknown host {host}") from None
    for ip in sorted({info[4][0] for info in infos}):
        why = _private(ip)
        if why:
            raise Refused(f"refused: {host} is {why} ({ip}); not fetched on a hosted app")


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


def first_line(exc: object) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _size(n: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
