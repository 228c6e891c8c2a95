"""The fetcher's pure parts: pacing, Retry-After, robots.txt rules, address policy, charsets."""

from __future__ import annotations

import ipaddress
import random
from datetime import UTC, datetime

import pytest

from extractor.errors import TerminalFetchError, TransientFetchError
from extractor.fetch.pacing import HostRateLimiter, backoff_delay, parse_retry_after
from extractor.fetch.robots import RobotsCache, parse_robots
from extractor.fetch.safety import AddressPolicy, address_category, check_url_address
from extractor.support.encoding import decode_body, normalize_charset, parse_content_type


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_spaces_requests_to_one_host_only() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(2.0, clock=clock, sleep=clock.sleep)
    assert [limiter.reserve("a.example") for _ in range(3)] == [0.0, 0.5, 1.0]
    assert limiter.reserve("b.example") == 0.0  # another host does not wait


def test_rate_limiter_honours_crawl_delay_and_zero_rate() -> None:
    clock = FakeClock()
    limiter = HostRateLimiter(10.0, clock=clock, sleep=clock.sleep)
    limiter.set_crawl_delay("slow.example", 3.0)
    limiter.wait("slow.example")
    limiter.wait("slow.example")
    assert clock.slept == [3.0]
    unlimited = HostRateLimiter(0, clock=clock, sleep=clock.sleep)
    assert [unlimited.reserve("x") for _ in range(3)] == [0.0, 0.0, 0.0]


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(attempt, 1.0, 5.0, rng) for attempt in range(6)]
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0 and 2.0 <= delays[2] <= 4.0
    assert all(2.5 <= d <= 5.0 for d in delays[3:])


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Sun, 01 Mar 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


ROBOTS = """
User-agent: *
Disallow: /search
Disallow: /*.pdf$
Allow: /search/about
Crawl-delay: 2

User-agent: newsfacts
User-agent: otherbot
Disallow: /drafts/
Sitemap: https://site.example/news-sitemap.xml
"""


def test_robots_group_for_our_agent_replaces_the_star_group() -> None:
    ours = parse_robots(ROBOTS, "newsfacts")
    assert not ours.allows("https://site.example/drafts/x")
    assert ours.allows("https://site.example/search?q=1")  # only the newsfacts group applies
    assert ours.sitemaps == ("https://site.example/news-sitemap.xml",)


def test_robots_longest_match_wildcards_and_crawl_delay() -> None:
    rules = parse_robots(ROBOTS, "somebot")
    assert not rules.allows("https://site.example/search?q=budget")
    assert rules.allows("https://site.example/search/about")  # longer Allow wins
    assert not rules.allows("https://site.example/files/report.pdf")
    assert rules.allows("https://site.example/files/report.pdf?download=1")  # $ anchors the end
    assert rules.crawl_delay == 2.0


def test_robots_paths_are_compared_percent_decoded() -> None:
    rules = parse_robots("User-agent: *\nDisallow: /~joe/\nDisallow: /caf%C3%A9/\n", "newsfacts")
    assert not rules.allows("https://site.example/%7Ejoe/notes.html")
    assert not rules.allows("https://site.example/~joe/notes.html")
    assert not rules.allows("https://site.example/café/menu")
    assert rules.allows("https://site.example/joe/notes.html")


def test_robots_cache_statuses() -> None:
    answers = {"https://a.example/robots.txt": (404, ""), "https://b.example/robots.txt": (503, "")}
    cache = RobotsCache("newsfacts", lambda url: answers[url])
    assert cache.check("https://a.example/anything").allows("https://a.example/anything")
    with pytest.raises(TransientFetchError, match="unreachable"):
        cache.check("https://b.example/page")


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("127.0.0.2", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "non-global"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("240.0.0.1", "private"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_categories(address: str, category: str | None) -> None:
    assert address_category(ipaddress.ip_address(address)) == category


def test_policy_allows_listed_addresses_and_networks() -> None:
    policy = AddressPolicy.from_strings(False, ["127.0.0.1", "10.0.0.0/8"])
    assert policy.permits(ipaddress.ip_address("10.9.9.9"))
    assert policy.permits(ipaddress.ip_address("127.0.0.1"))
    assert not policy.permits(ipaddress.ip_address("127.0.0.2"))
    assert AddressPolicy.from_strings(False, ["169.254.169.254"]).permits(
        ipaddress.ip_address("169.254.169.254")
    )


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",  # the metadata service of most clouds
        "169.254.170.2",  # container credentials
        "fe80::1",
        "fd00:ec2::254",  # AWS metadata over IPv6
        "100.100.100.200",  # Alibaba Cloud metadata
        "::ffff:169.254.169.254",  # the same, IPv4-mapped
        "64:ff9b::a9fe:a9fe",  # ... through NAT64
    ],
)
def test_allow_private_never_opens_link_local_or_metadata_addresses(address: str) -> None:
    assert not AddressPolicy(allow_private=True).permits(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["10.0.0.5", "192.168.1.20", "127.0.0.1", "fd12:3456::1", "::1"])
def test_allow_private_opens_the_lan_and_loopback(address: str) -> None:
    assert not AddressPolicy().permits(ipaddress.ip_address(address))
    assert AddressPolicy(allow_private=True).permits(ipaddress.ip_address(address))


def test_every_resolved_address_must_pass() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.1"]  # one public, one private: refused

    with pytest.raises(TerminalFetchError, match=r"news\.example resolves to 10\.0\.0\.1, a private address"):
        check_url_address("https://news.example/", AddressPolicy(), resolver)


def test_content_type_and_charset_labels() -> None:
    assert parse_content_type('Text/HTML; Charset="Shift_JIS"') == ("text/html", "Shift_JIS")
    assert parse_content_type(None) == ("", None)
    assert normalize_charset("ISO-8859-1") == "cp1252"  # as browsers read it
    assert normalize_charset("x-unknown-charset") is None


def test_bom_wins_and_broken_declarations_fall_through() -> None:
    text = "Ещё один день"
    assert decode_body(b"\xef\xbb\xbf" + text.encode(), "windows-1251") == (text, "utf-8-sig")
    html = f'<meta charset="no-such-charset"><p>{text}</p>'
    assert decode_body(html.encode(), None)[0] == html
