"""The fetcher against a real threaded HTTP server on 127.0.0.1 (no mocked transport)."""

from __future__ import annotations

import gzip
import hashlib
import re
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from http_server import LocalServer, Reply, SeenRequest, html_reply

from extractor.errors import FetchError, TerminalFetchError, TransientFetchError
from extractor.fetch.fetcher import FetchedPage, Fetcher, FetchOptions

RUSSIAN = "Бюджет города вырос на пять процентов, сообщил мэр. " * 8
JAPANESE = "東京都の予算は前年より五パーセント増加したと知事が発表した。" * 4


def quick_options(**overrides: Any) -> FetchOptions:
    """Small timeouts and backoff, no rate limit, and the test server's own address allowed."""
    base = FetchOptions(
        connect_timeout=2.0,
        read_timeout=2.0,
        retries=2,
        backoff_base=0.01,
        backoff_max=0.05,
        max_retry_wait=3.0,
        rate=0,
        workers=2,
        allowed_addresses=("127.0.0.1",),
    )
    return replace(base, **overrides)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


def fetch_one(server: LocalServer, path: str, **overrides: Any) -> FetchedPage:
    with Fetcher(quick_options(**overrides)) as fetcher:
        return fetcher.fetch(server.url(path))


def test_page_with_provenance_and_user_agent(server: LocalServer) -> None:
    body = "<html><head><title>T</title></head><body><p>Exports rose 5%.</p></body></html>"
    server.route("/story", html_reply(body))
    page = fetch_one(server, "/story")
    assert page.text == body
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert page.provenance.status == 200
    assert page.provenance.final_url == server.url("/story")
    assert page.provenance.sha256 == hashlib.sha256(body.encode()).hexdigest()
    assert page.provenance.fetched_at.endswith("Z")
    agent = server.requests_to("/story")[0].header("User-Agent") or ""
    assert agent.startswith("newsfacts/") and "+contact:" in agent


def test_slow_response_hits_the_read_timeout(server: LocalServer) -> None:
    server.route("/slow", Reply(body=b"late", delay=1.5, headers={"Content-Type": "text/html"}))
    with pytest.raises(TransientFetchError, match="read timeout") as caught:
        fetch_one(server, "/slow", read_timeout=0.3, retries=0)
    assert caught.value.url == server.url("/slow")


def test_body_that_stalls_midway_hits_the_read_timeout(server: LocalServer) -> None:
    chunks = [b"<html><body>" + b"x" * 100, b"never"]
    server.route("/stall", Reply(chunks=chunks, chunk_delay=1.5, headers={"Content-Type": "text/html"}))
    with pytest.raises(TransientFetchError, match="read timeout"):
        fetch_one(server, "/stall", read_timeout=0.3, retries=0)


def test_429_with_retry_after_is_waited_for_then_succeeds(server: LocalServer) -> None:
    server.sequence("/busy", [Reply(status=429, headers={"Retry-After": "1"}), html_reply("<p>ok</p>")])
    page = fetch_one(server, "/busy")
    assert page.text == "<p>ok</p>"
    first, second = server.requests_to("/busy")
    assert second.at - first.at >= 0.9  # the server's Retry-After was honoured, not the tiny backoff


def test_retry_after_over_the_cap_fails_at_once(server: LocalServer) -> None:
    server.route("/later", Reply(status=429, headers={"Retry-After": "3600"}))
    with pytest.raises(TransientFetchError, match="Retry-After 3600 s is over"):
        fetch_one(server, "/later")
    assert len(server.requests_to("/later")) == 1


def test_503_twice_then_success(server: LocalServer) -> None:
    server.sequence("/flaky", [Reply(status=503), Reply(status=503), html_reply("<p>third time</p>")])
    page = fetch_one(server, "/flaky", retries=2)
    assert page.text == "<p>third time</p>"
    assert len(server.requests_to("/flaky")) == 3


def test_503_for_good_gives_up_as_transient(server: LocalServer) -> None:
    server.route("/down", Reply(status=503))
    with pytest.raises(TransientFetchError, match=r"HTTP 503 .*gave up after 2 attempts"):
        fetch_one(server, "/down", retries=1)
    assert len(server.requests_to("/down")) == 2


def test_404_is_terminal_and_not_retried(server: LocalServer) -> None:
    with pytest.raises(TerminalFetchError, match="HTTP 404"):
        fetch_one(server, "/missing")
    assert len(server.requests_to("/missing")) == 1


def test_redirect_is_followed_and_recorded(server: LocalServer) -> None:
    server.route("/old", Reply(status=301, headers={"Location": "/new"}))
    server.route("/new", html_reply("<p>moved</p>"))
    page = fetch_one(server, "/old")
    assert page.url == server.url("/old")
    assert page.provenance.final_url == server.url("/new")


def test_redirect_loop_is_refused(server: LocalServer) -> None:
    server.route("/a", Reply(status=302, headers={"Location": "/b"}))
    server.route("/b", Reply(status=302, headers={"Location": "/a"}))
    with pytest.raises(TerminalFetchError, match="redirect loop"):
        fetch_one(server, "/a")
    assert len(server.requests_to("/a")) == 1


def test_redirect_chain_longer_than_the_limit_is_refused(server: LocalServer) -> None:
    for hop in range(5):
        server.route(f"/hop{hop}", Reply(status=307, headers={"Location": f"/hop{hop + 1}"}))
    with pytest.raises(TerminalFetchError, match="too many redirects"):
        fetch_one(server, "/hop0", max_redirects=3)


def test_body_over_the_cap_by_content_length(server: LocalServer) -> None:
    server.route("/big", html_reply(b"<p>" + b"a" * 5000 + b"</p>"))
    with pytest.raises(TerminalFetchError, match="over the 1000-byte cap"):
        fetch_one(server, "/big", max_bytes=1000)


def test_streamed_body_over_the_cap(server: LocalServer) -> None:
    chunks = [b"<html>"] + [b"b" * 1000] * 50
    server.route("/stream", Reply(chunks=chunks, headers={"Content-Type": "text/html"}))
    with pytest.raises(TerminalFetchError, match="larger than the 10000-byte cap"):
        fetch_one(server, "/stream", max_bytes=10_000)


def _gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes gzipped (about 1000:1), built in pieces to keep memory low."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def test_gzip_bomb_is_stopped_at_the_cap_without_inflating_it(server: LocalServer) -> None:
    bomb = _gzip_bomb(200 << 20)  # 200 MB inflated, ~200 KB on the wire
    server.route("/bomb", Reply(body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        with pytest.raises(TerminalFetchError, match="after decompression"):
            fetch_one(server, "/bomb", max_bytes=1 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 << 20  # never near the 200 MB the body inflates to


def test_gzip_page_under_the_cap_is_decoded(server: LocalServer) -> None:
    body = b"<html><body>" + b"<p>line</p>" * 500 + b"</body></html>"
    server.route(
        "/gz",
        Reply(body=gzip.compress(body), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}),
    )
    page = fetch_one(server, "/gz")
    assert page.body == body
    assert page.provenance.sha256 == hashlib.sha256(body).hexdigest()


def test_windows_1251_declared_only_in_meta(server: LocalServer) -> None:
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    server.route("/ru", html_reply(html.encode("cp1251"), charset=None))
    page = fetch_one(server, "/ru")
    assert RUSSIAN in page.text
    assert page.encoding == "cp1251"


def test_windows_1251_without_any_declaration_is_detected(server: LocalServer) -> None:
    html = f"<html><body><p>{RUSSIAN}</p></body></html>"
    server.route("/ru-bare", html_reply(html.encode("cp1251"), charset=None))
    assert RUSSIAN in fetch_one(server, "/ru-bare").text


def test_shift_jis_declared_in_the_http_header(server: LocalServer) -> None:
    html = f"<html><body><p>{JAPANESE}</p></body></html>"
    server.route("/ja", html_reply(html.encode("shift_jis"), charset="Shift_JIS"))
    page = fetch_one(server, "/ja")
    assert JAPANESE in page.text
    assert page.encoding == "cp932"


def test_wrong_header_charset_falls_back_to_the_meta(server: LocalServer) -> None:
    html = f'<html><head><meta charset="shift_jis"></head><body>{JAPANESE}</body></html>'
    server.route("/ja-wrong", html_reply(html.encode("shift_jis"), charset="utf-8"))
    assert JAPANESE in fetch_one(server, "/ja-wrong").text


def test_pdf_is_refused_naming_the_type(server: LocalServer) -> None:
    server.route("/report.pdf", Reply(body=b"%PDF-1.7 ...", headers={"Content-Type": "application/pdf"}))
    with pytest.raises(TerminalFetchError, match="unsupported content type application/pdf"):
        fetch_one(server, "/report.pdf")


def test_robots_txt_disallowing_a_path(server: LocalServer) -> None:
    robots = b"User-agent: *\nDisallow: /private/\nDisallow: /*?print=\n\nUser-agent: otherbot\nDisallow: /\n"
    server.route("/robots.txt", Reply(body=robots, headers={"Content-Type": "text/plain"}))
    server.route("/private/page", html_reply("<p>secret</p>"))
    server.route("/public", html_reply("<p>public</p>"))
    with Fetcher(quick_options()) as fetcher:
        with pytest.raises(TerminalFetchError, match=r"disallowed by robots\.txt"):
            fetcher.fetch(server.url("/private/page"))
        with pytest.raises(TerminalFetchError, match=r"disallowed by robots\.txt"):
            fetcher.fetch(server.url("/public?print=1"))
        assert fetcher.fetch(server.url("/public")).text == "<p>public</p>"
    assert server.requests_to("/private/page") == []
    assert len(server.requests_to("/robots.txt")) == 1  # read once per run


def test_ignore_robots_switch(server: LocalServer) -> None:
    server.route(
        "/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n", headers={"Content-Type": "text/plain"})
    )
    server.route("/page", html_reply("<p>ok</p>"))
    assert fetch_one(server, "/page", respect_robots=False).text == "<p>ok</p>"
    assert server.requests_to("/robots.txt") == []


def test_robots_txt_server_error_means_disallow_for_now(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(status=500))
    server.route("/page", html_reply("<p>ok</p>"))
    with pytest.raises(TransientFetchError, match=r"robots\.txt unreachable"):
        fetch_one(server, "/page", retries=0)
    assert server.requests_to("/page") == []


def _etag_route(request: SeenRequest) -> Reply:
    if request.header("If-None-Match") == '"v1"':
        return Reply(status=304, headers={"ETag": '"v1"'})
    return html_reply("<p>cached story</p>", ETag='"v1"')


def test_second_fetch_revalidates_and_is_served_from_the_cache(server: LocalServer, tmp_path: Path) -> None:
    server.route("/cached", _etag_route)
    with Fetcher(quick_options(cache_dir=tmp_path / "cache")) as fetcher:
        first = fetcher.fetch(server.url("/cached"))
        second = fetcher.fetch(server.url("/cached"))
    with Fetcher(quick_options(cache_dir=tmp_path / "cache")) as later_run:
        third = later_run.fetch(server.url("/cached"))
    assert first.text == second.text == third.text == "<p>cached story</p>"
    assert second.provenance.sha256 == first.provenance.sha256
    seen = server.requests_to("/cached")
    assert [r.header("If-None-Match") for r in seen] == [None, '"v1"', '"v1"']  # 304s, body from disk


def test_private_address_refused_by_default(server: LocalServer) -> None:
    server.route("/", html_reply("<p>internal</p>"))
    with pytest.raises(TerminalFetchError, match="loopback address"):
        fetch_one(server, "/", allowed_addresses=())
    assert server.seen == []  # refused before connecting


@pytest.mark.parametrize("target", ["http://127.0.0.2/admin", "http://169.254.169.254/latest/meta-data/"])
def test_redirect_to_another_private_address_is_refused(server: LocalServer, target: str) -> None:
    server.route("/jump", Reply(status=302, headers={"Location": target}))
    with pytest.raises(
        TerminalFetchError, match=re.escape(f"redirected to {target}: refused: address")
    ) as caught:
        fetch_one(server, "/jump")
    assert caught.value.url == server.url("/jump")  # the URL asked for, the hop in the reason
    assert [r.path for r in server.seen] == ["/robots.txt", "/jump"]


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://h/", "http:///nohost"]
)
def test_only_http_and_https_urls(url: str) -> None:
    with Fetcher(quick_options()) as fetcher, pytest.raises(TerminalFetchError):
        fetcher.fetch(url)


def test_connection_refused_is_transient() -> None:
    with LocalServer() as gone:
        url = gone.url("/")
    fetcher = Fetcher(quick_options(retries=1, respect_robots=False))
    with fetcher, pytest.raises(TransientFetchError, match="connection failed"):
        fetcher.fetch(url)


def test_fetch_many_keeps_input_order_across_hosts(server: LocalServer) -> None:
    with LocalServer() as other:
        for name in ("a", "b", "c"):
            server.route(f"/{name}", html_reply(f"<p>{name}</p>"))
            other.route(f"/{name}", html_reply(f"<p>other {name}</p>"))
        urls = [server.url("/a"), other.url("/a"), server.url("/missing"), other.url("/b"), server.url("/c")]
        with Fetcher(quick_options(rate=50.0)) as fetcher:
            results = list(fetcher.fetch_many(urls))
    assert [r.url for r in results] == urls
    texts = [r.text if isinstance(r, FetchedPage) else type(r).__name__ for r in results]
    assert texts == ["<p>a</p>", "<p>other a</p>", "TerminalFetchError", "<p>other b</p>", "<p>c</p>"]
    assert isinstance(results[2], FetchError)


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="read_timeout"):
        FetchOptions(read_timeout=0)
    with pytest.raises(ValueError, match="retries"):
        FetchOptions(retries=-1)
    with pytest.raises(ValueError):
        FetchOptions(allowed_addresses=("not-an-address",))


def test_connected_peer_is_checked_too(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """If DNS changed after the address check (rebinding), the connection's peer is still refused."""
    server.route("/", html_reply("<p>internal</p>"))
    monkeypatch.setattr("extractor.fetch.fetcher.check_url_address", lambda url, policy: None)
    with pytest.raises(TerminalFetchError, match="loopback address"):
        fetch_one(server, "/", allowed_addresses=(), respect_robots=False)


@pytest.mark.parametrize(
    "protocol, headers",
    [("HTTP/1.0", {}), ("HTTP/1.1", {"Connection": "close"}), ("HTTP/1.1", {})],
    ids=["http-1.0", "connection-close", "keep-alive"],
)
def test_every_connection_is_pinned_to_a_checked_address(
    protocol: str, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the check before the request saw a public address, the redirect's host
    resolves to another loopback address by the time the connection is made; the connection is
    refused before a byte is sent, however the servers handle their connections."""
    with LocalServer(protocol=protocol) as near, LocalServer("127.0.0.2", protocol=protocol) as twin:
        twin.route("/admin", html_reply("<p>internal</p>", **headers))
        near.route("/jump", Reply(status=302, headers={"Location": twin.url("/admin"), **headers}))
        near.route("/page", html_reply("<p>public</p>", **headers))
        monkeypatch.setattr("extractor.fetch.fetcher.check_url_address", lambda url, policy: None)
        with Fetcher(quick_options(respect_robots=False, retries=0)) as fetcher:
            assert fetcher.fetch(near.url("/page")).text == "<p>public</p>"  # 127.0.0.1 is allowed
            with pytest.raises(TerminalFetchError, match=r"address 127\.0\.0\.2, a loopback address"):
                fetcher.fetch(near.url("/jump"))
        assert twin.seen == [] and [r.path for r in near.seen] == ["/page", "/jump"]


def test_fetch_many_reads_urls_only_as_fast_as_results_are_taken(server: LocalServer) -> None:
    server.route("/page", html_reply("<p>page</p>"))
    pulled: list[int] = []

    def urls() -> Iterator[str]:
        for n in range(40):
            pulled.append(n)
            yield server.url(f"/page?n={n}")

    with Fetcher(quick_options(window_size=5, respect_robots=False)) as fetcher:
        results = fetcher.fetch_many(urls())
        first = next(results)
        assert isinstance(first, FetchedPage) and len(pulled) <= 5
        assert len(server.seen) <= 5  # nothing is fetched far ahead of the reader
        rest = list(results)
    assert len(rest) == 39 and all(isinstance(r, FetchedPage) for r in rest)
    assert [r.url for r in [first, *rest]] == [server.url(f"/page?n={n}") for n in range(40)]
