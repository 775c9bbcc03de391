"""analysis/fetch/ against a local HTTP server written for these tests (127.0.0.1, free port)."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from pathlib import Path

import pytest

from analysis import fetch
from analysis.fetch import FetchLimits, fetch_feed, fetch_page

# The server is on 127.0.0.1: these tests fetch it as a local run does.
LOCAL = FetchLimits(timeout_s=0.5, max_bytes=2**20, max_redirects=3, allow_private=True)
HOSTED = FetchLimits(timeout_s=0.5, max_bytes=2**20, allow_private=False)
HUGE_BYTES = 64 * 2**20  # what /huge.html would send if nobody stopped reading

ARTICLE = """<!doctype html><html><head><title>Putin and Kim meet | Wire</title>
<meta property="og:site_name" content="Test Wire">
<meta property="article:published_time" content="2023-09-13T08:00:00Z">
</head><body><nav>Home | World | Sport</nav><article><h1>Putin and Kim meet</h1>
<p>Vladimir Putin met Kim Jong Un at the Vostochny cosmodrome on Wednesday, the Kremlin said.
The two leaders talked for more than four hours about weapons, space and the war in Ukraine.</p>
<p>Joe Biden's administration warned that any arms deal would break United Nations sanctions
and said North Korea would pay a price for helping Russia.</p>
</article><footer>Copyright Test Wire</footer></body></html>"""

SECOND = """<!doctype html><html><head><title>NATO answers</title></head><body><article>
<h1>NATO answers</h1><p>NATO said on Thursday that it was watching the talks between Russia and
North Korea closely. China called for calm and said it was not a party to the meeting.</p>
<p>Ukraine asked its allies for more air defence before the winter.</p></article></body></html>"""

LATIN1 = """<html><head><title>Caf\u00e9 diplomacy</title></head><body><article>
<p>Emmanuel Macron met Olaf Scholz at a caf\u00e9 in Paris to talk about Ukraine and Russia. They
agreed on \u00e9nergie and defence and said Europe would stand together through the winter.</p>
</article></body></html>"""

SITE = """<html><head><title>A news site</title>
<link rel="alternate" type="application/rss+xml" title="World" href="/feed.rss">
</head><body><p>Front page.</p></body></html>"""


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Wire World</title><link>{base}/</link>
<description>World news</description>
<item><title>Putin and Kim meet</title><link>{base}/article.html</link>
<pubDate>Wed, 13 Sep 2023 08:00:00 GMT</pubDate></item>
<item><title>NATO answers</title><link>{base}/second.html</link>
<pubDate>Thu, 14 Sep 2023 09:30:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
<item><title>No link here</title><description>Just a note.</description></item>
</channel></rss>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:test:atom</id>
<updated>2023-09-15T00:00:00Z</updated>
<entry><title>NATO answers</title><id>urn:test:1</id><link href="second.html"/>
<updated>2023-09-14T09:30:00Z</updated></entry>
<entry><title>Caf\u00e9 diplomacy</title><id>urn:test:2</id><link href="/latin1.html"/>
<published>2023-09-15T10:00:00Z</published><updated>2023-09-15T10:00:00Z</updated></entry>
</feed>"""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict = {}
    sent: dict[str, int] = {}
    local_file: str = ""

    def log_message(self, *args) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes, ctype: str | None, extra: dict | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        html = "text/html; charset=utf-8"
        if path == "/article.html":
            return self.send(200, ARTICLE.encode(), html)
        if path == "/second.html":
            return self.send(200, SECOND.encode(), html)
        if path == "/latin1.html":
            return self.send(200, LATIN1.encode("latin-1"), "text/html; charset=iso-8859-1")
        if path == "/spoiled.html":  # UTF-8 with one invalid byte
            body = ARTICLE.replace("Vostochny", "Vostochny caf\u00e9").encode()
            return self.send(200, body.replace(b"cosmodrome", b"cosmodrome\xff"), html)
        if path == "/gzip.html":
            body = gzip.compress(ARTICLE.encode())
            return self.send(200, body, html, {"Content-Encoding": "gzip"})
        if path == "/notype":
            return self.send(200, ARTICLE.encode(), None)
        if path == "/empty.html":
            return self.send(200, b"<html><head><title>Nothing</title></head></html>", html)
        if path == "/image.png":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        if path == "/doc.pdf":
            return self.send(200, b"%PDF-1.4\n" + b"x" * 64, "application/pdf")
        if path == "/plain.txt":
            return self.send(200, b"Putin met Kim.", "text/plain")
        if path == "/declared-huge.html":
            self.send_response(200)
            self.send_header("Content-Type", html)
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            return None
        if path == "/huge.html":
            return self.stream_huge()
        if path == "/slow.html":
            time.sleep(1.5)  # past LOCAL's 0.5 s read timeout
            return self.send(200, ARTICLE.encode(), html)
        if path == "/trickle.html":
            return self.trickle()
        if path == "/redirect":
            return self.send(302, b"", None, {"Location": "/article.html"})
        if path == "/loop":
            return self.send(302, b"", None, {"Location": "/loop"})
        if path == "/to-ftp":
            return self.send(302, b"", None, {"Location": "ftp://127.0.0.1/file"})
        if path == "/feed.rss":
            return self.send(200, rss(base).encode(), "application/rss+xml")
        if path == "/feed.atom":
            return self.send(200, ATOM.encode(), "application/atom+xml")
        if path == "/site.html":
            return self.send(200, SITE.encode(), html)
        if path == "/path-feed":
            # A body that is a local path: feedparser must never open it.
            return self.send(200, self.local_file.encode(), "application/rss+xml")
        if path == "/not-a-feed.xml":
            return self.send(200, b"<note><to>nobody</to></note>", "application/xml")
        return self.send(404, b"not here", "text/plain", None)

    def stream_huge(self) -> None:
        """A body with no length, far past any cap; counts what it managed to send."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"Putin met Kim. " * 4000 + b"</p>\n"
        sent = 0
        try:
            while sent < HUGE_BYTES:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            Handler.sent["huge"] = sent
            self.close_connection = True

    def trickle(self) -> None:
        """A byte every 0.1 s: no single read times out, the whole never arrives in time."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hung up on purpose (the cap, a timeout) is not news


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The test site on 127.0.0.1 at a free port; its base URL."""
    local = tmp_path_factory.mktemp("fetch") / "feed.xml"
    local.write_text(rss("http://127.0.0.1:9"), encoding="utf-8")
    Handler.local_file = str(local)
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def reasons(loaded) -> list[str]:
    return [r.reason for r in loaded.rejected]


def test_fetch_page_extracts_article(server):
    loaded = fetch_page(f"{server}/article.html", LOCAL)
    assert not loaded.rejected
    (row,) = loaded.articles.to_dict("records")
    assert row["title"] == "Putin and Kim meet"
    assert row["source"] == "Test Wire"
    assert str(row["published"].date()) == "2023-09-13"
    assert row["origin"] == row["url"] == f"{server}/article.html"
    assert "Vostochny cosmodrome" in row["text"]
    assert "Home | World" not in row["text"]  # boilerplate left out


def test_fetch_page_meta_wins(server):
    loaded = fetch_page(f"{server}/article.html", LOCAL, {"source": "Mine", "title": "T"})
    assert loaded.articles[["title", "source"]].iloc[0].tolist() == ["T", "Mine"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/gzip.html", "Vostochny"),
        ("/latin1.html", "caf\u00e9 in Paris"),
        ("/notype", "Vostochny"),  # no Content-Type: the bytes look like HTML
        ("/redirect", "Vostochny"),
    ],
)
def test_fetch_page_reads_variants(server, path, expected):
    loaded = fetch_page(server + path, LOCAL)
    assert not loaded.rejected
    assert expected in loaded.articles["text"].iloc[0]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/image.png", "not a web page: the server sent an image (image/png)"),
        ("/doc.pdf", "not a web page: the server sent a PDF (application/pdf)"),
        ("/plain.txt", "not a web page: the server sent text/plain"),
        (
            "/feed.rss",
            "not a web page: the server sent a feed (application/rss+xml) "
            "(use the feed field for feeds)",
        ),
        ("/missing.html", "HTTP 404 Not Found"),
        ("/empty.html", "no article text found on the page"),
        ("/slow.html", "no answer within 0.5 s"),
        ("/trickle.html", "too slow: not complete within 1.5 s"),
        ("/huge.html", "too large: over 1.0 MiB (the limit)"),
        ("/declared-huge.html", "too large: 64.0 MiB (limit 1.0 MiB)"),
        ("/loop", "too many redirects (limit 3)"),
        ("/to-ftp", "only http and https addresses are fetched, not 'ftp'"),
    ],
)
def test_fetch_page_rejects_with_reason(server, path, reason):
    loaded = fetch_page(server + path, LOCAL)
    assert loaded.articles.empty
    assert reasons(loaded) == [reason]
    assert loaded.rejected[0].name == server + path


def test_fetch_page_stops_reading_at_the_cap(server):
    Handler.sent.pop("huge", None)
    loaded = fetch_page(f"{server}/huge.html", LOCAL)
    assert reasons(loaded) == ["too large: over 1.0 MiB (the limit)"]
    deadline = time.monotonic() + 5
    while "huge" not in Handler.sent and time.monotonic() < deadline:
        time.sleep(0.01)  # the server thread notices the closed socket on its next write
    # Socket buffers hold a few MiB at most: far less than the body the server would send.
    assert Handler.sent["huge"] < HUGE_BYTES / 4


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https addresses are fetched, not 'file'"),
        ("javascript:alert(1)", "only http and https addresses are fetched, not 'javascript'"),
        ("example.com/news", "only http and https addresses are fetched, not 'this'"),
        ("http://", "no host in the address"),
        ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
        ("http://127.0.0.1:1/", "cannot connect to 127.0.0.1:1"),
    ],
)
def test_fetch_page_bad_addresses(url, reason):
    assert reasons(fetch_page(url, LOCAL)) == [reason]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:{port}/article.html", "127.0.0.1 is a loopback address (127.0.0.1)"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.8/", "10.0.0.8 is a private address (10.0.0.8)"),
        ("http://[::1]:{port}/", "::1 is a loopback address (::1)"),
        ("http://0.0.0.0:{port}/", "0.0.0.0 is a private address (0.0.0.0)"),
        ("http://localhost:{port}/", "localhost is a loopback address"),
    ],
)
def test_fetch_page_private_refused_when_hosted(server, url, reason):
    port = server.rsplit(":", 1)[1]
    loaded = fetch_page(url.format(port=port), HOSTED)
    assert loaded.articles.empty
    (got,) = reasons(loaded)
    assert got.startswith(f"refused: {reason}")
    assert got.endswith("not fetched on a hosted app")


def test_fetch_page_redirect_to_private_refused(server, monkeypatch):
    """A public name whose redirect, or whose second DNS answer, is private is refused too."""
    monkeypatch.setattr(
        fetch.client, "_resolve", lambda host, port: [(2, 1, 6, "", ("93.184.216.34", 80))]
    )
    # Our check sees a public address; the connection then lands on 127.0.0.1 (DNS rebinding):
    # the address actually connected to is checked again.
    loaded = fetch_page(f"{server}/article.html", HOSTED)
    assert reasons(loaded) == [
        "refused: 127.0.0.1 is a loopback address (127.0.0.1); not fetched on a hosted app"
    ]


def test_fetch_page_never_raises(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("unexpected\nsecond line")

    monkeypatch.setattr(fetch.client.Client, "get", boom)
    assert reasons(fetch_page("http://example.org/", LOCAL)) == [
        "could not fetch (RuntimeError: unexpected)"
    ]


def test_fetch_feed_rss_fetches_each_item(server):
    calls = []
    loaded = fetch_feed(f"{server}/feed.rss", LOCAL, progress=lambda d, t: calls.append((d, t)))
    arts = loaded.articles
    assert arts["title"].tolist() == ["Putin and Kim meet", "NATO answers"]
    assert arts["source"].tolist() == ["Test Wire World"] * 2  # the feed's title
    assert arts["published"].dt.strftime("%Y-%m-%d").tolist() == ["2023-09-13", "2023-09-14"]
    assert arts["origin"].tolist() == [f"{server}/article.html", f"{server}/second.html"]
    assert {(r.name, r.reason) for r in loaded.rejected} == {
        (f"{server}/feed.rss", "1 item without a link skipped"),
        (f"{server}/missing.html", "HTTP 404 Not Found"),
    }
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_fetch_feed_atom_relative_links(server):
    loaded = fetch_feed(f"{server}/feed.atom", LOCAL)
    assert not loaded.rejected
    arts = loaded.articles
    assert arts["origin"].tolist() == [f"{server}/second.html", f"{server}/latin1.html"]
    assert arts["title"].tolist() == ["NATO answers", "Caf\u00e9 diplomacy"]
    assert arts["source"].tolist() == ["Atom Wire"] * 2
    assert "Macron" in arts["text"].iloc[1]


def test_fetch_feed_item_cap(server):
    limits = FetchLimits(timeout_s=0.5, max_items=1)
    loaded = fetch_feed(f"{server}/feed.rss", limits)
    assert loaded.articles["title"].tolist() == ["Putin and Kim meet"]
    assert "2 more items not read (limit 1)" in reasons(loaded)


def test_fetch_feed_found_from_a_web_page(server):
    loaded = fetch_feed(f"{server}/site.html", LOCAL)
    assert loaded.articles["title"].tolist() == ["Putin and Kim meet", "NATO answers"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/article.html", "a web page, not a feed (and it names no feed)"),
        ("/image.png", "not a feed: the server sent an image (image/png)"),
        ("/not-a-feed.xml", "the feed has no items"),
        # The local file it names is never read: its bytes are parsed (and fail) as XML.
        ("/path-feed", "not a readable feed (<unknown>:2:0: not well-formed (invalid token))"),
        ("/slow.html", "no answer within 0.5 s"),
        ("/missing.rss", "HTTP 404 Not Found"),
    ],
)
def test_fetch_feed_rejects_with_reason(server, path, reason):
    loaded = fetch_feed(server + path, LOCAL)
    assert loaded.articles.empty
    assert reasons(loaded) == [reason]


def test_fetch_feed_private_refused_when_hosted(server):
    (reason,) = reasons(fetch_feed(f"{server}/feed.rss", HOSTED))
    assert reason.startswith("refused: 127.0.0.1 is a loopback address")


def test_fetch_page_notes_invalid_utf8_bytes(server):
    loaded = fetch_page(f"{server}/spoiled.html", LOCAL)
    assert "Vostochny caf\u00e9 cosmodrome\ufffd" in loaded.articles["text"].iloc[0]
    note = [(n.name, n.note) for n in fetch.combine([loaded]).notices]
    assert note == [(f"{server}/spoiled.html", "1 invalid UTF-8 byte replaced")]


def test_fetch_combine_keeps_order_and_rejections(server):
    a = fetch_page(f"{server}/article.html", LOCAL)
    b = fetch_page(f"{server}/image.png", LOCAL)
    both = fetch.combine([a, b, a])
    assert len(both.articles) == 2  # the same text twice stays twice: the preview flags it
    assert [r.name for r in both.rejected] == [f"{server}/image.png"]


def test_fetch_module_has_no_streamlit():
    source = Path(fetch.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in source
