"""Discovery of article URLs from feeds and sitemaps served by a real local HTTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from http_server import LocalServer, Reply, html_reply

from extractor.errors import TerminalFetchError
from extractor.fetch.discover import DiscoveredUrl, discover, parse_sitemap
from extractor.fetch.fetcher import Fetcher, FetchOptions

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>City news</title><link>https://news.example/</link>
<item><title>Budget grows 5%</title><link>https://news.example/budget</link>
<pubDate>Mon, 02 Mar 2026 09:30:00 +0100</pubDate></item>
<item><title>Port reopens</title><link>/port</link></item>
<item><title>Duplicate</title><link>https://news.example/budget</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2026-03-02T10:00:00Z</updated>
<entry><title>Exports fall in Q4</title><id>urn:1</id>
<link rel="alternate" href="https://wire.example/exports"/>
<published>2026-03-01T08:00:00-05:00</published><updated>2026-03-01T09:00:00-05:00</updated></entry>
<entry><title>Übernahme abgeschlossen</title><id>urn:2</id>
<link href="https://wire.example/deal"/><updated>2026-02-28T12:00:00Z</updated></entry>
</feed>""".encode()

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
 <url><loc>https://paper.example/2026/03/02/rates</loc>
  <image:image><image:loc>https://paper.example/i.jpg</image:loc><image:title>Photo</image:title></image:image>
  <news:news>
   <news:publication><news:name>The Paper</news:name><news:language>en</news:language></news:publication>
   <news:publication_date>2026-03-02T07:15:00+00:00</news:publication_date>
   <news:title>Central bank holds rates</news:title></news:news></url>
 <url><loc>https://paper.example/2026/03/01/weather</loc>
  <news:news><news:publication_date>2026-03-01</news:publication_date>
   <news:title>Storm warning</news:title></news:news></url>
</urlset>"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchOptions(rate=0, retries=0, allowed_addresses=("127.0.0.1",))) as running:
        yield running


def xml_reply(body: bytes, content_type: str) -> Reply:
    return Reply(body=body, headers={"Content-Type": content_type})


def test_rss_feed(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/rss", xml_reply(RSS, "application/rss+xml"))
    found = discover(server.url("/rss"), fetcher)
    assert found == [
        DiscoveredUrl("https://news.example/budget", "2026-03-02T08:30:00Z", "Budget grows 5%"),
        DiscoveredUrl(server.url("/port"), None, "Port reopens"),  # relative link, no date
    ]


def test_atom_feed_prefers_published_over_updated(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/atom", xml_reply(ATOM, "application/atom+xml; charset=utf-8"))
    found = discover(server.url("/atom"), fetcher)
    assert found == [
        DiscoveredUrl("https://wire.example/exports", "2026-03-01T13:00:00Z", "Exports fall in Q4"),
        DiscoveredUrl("https://wire.example/deal", "2026-02-28T12:00:00Z", "Übernahme abgeschlossen"),
    ]


def test_news_sitemap_with_publication_dates(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/news-sitemap.xml", xml_reply(NEWS_SITEMAP, "application/xml"))
    found = discover(server.url("/news-sitemap.xml"), fetcher)
    assert found == [
        DiscoveredUrl(
            "https://paper.example/2026/03/02/rates", "2026-03-02T07:15:00+00:00", "Central bank holds rates"
        ),
        DiscoveredUrl("https://paper.example/2026/03/01/weather", "2026-03-01", "Storm warning"),
    ]


def test_sitemap_index_is_followed(server: LocalServer, fetcher: Fetcher) -> None:
    index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>{server.url("/pages.xml")}</loc></sitemap>
    <sitemap><loc>{server.url("/news.xml")}</loc></sitemap></sitemapindex>""".encode()
    pages = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://paper.example/about</loc><lastmod>2020-01-01</lastmod></url></urlset>"""
    server.route("/sitemap.xml", xml_reply(index, "text/xml"))
    server.route("/news.xml", xml_reply(NEWS_SITEMAP, "text/xml"))
    server.route("/pages.xml", xml_reply(pages, "text/xml"))
    found = discover(server.url("/sitemap.xml"), fetcher)
    assert [f.url for f in found][:2] == [
        "https://paper.example/2026/03/02/rates",
        "https://paper.example/2026/03/01/weather",
    ]  # the news sitemap is read first
    assert found[-1] == DiscoveredUrl("https://paper.example/about")  # lastmod is not a publication date


def test_site_home_page_leads_to_its_feed(server: LocalServer, fetcher: Fetcher) -> None:
    home = '<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head></html>'
    server.route("/", html_reply(home))
    server.route("/feed", xml_reply(RSS, "application/rss+xml"))
    assert [f.title for f in discover(server.url("/"), fetcher)] == ["Budget grows 5%", "Port reopens"]


def test_site_without_feed_uses_robots_sitemaps(server: LocalServer, fetcher: Fetcher) -> None:
    robots = f"User-agent: *\nAllow: /\nSitemap: {server.url('/news.xml')}\n".encode()
    server.route("/robots.txt", Reply(body=robots, headers={"Content-Type": "text/plain"}))
    server.route("/", html_reply("<html><body>home</body></html>"))
    server.route("/news.xml", xml_reply(NEWS_SITEMAP, "application/xml"))
    assert len(discover(server.url("/"), fetcher)) == 2


def test_page_with_nothing_to_discover_is_an_error(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/", html_reply("<html><body>home</body></html>"))
    with pytest.raises(TerminalFetchError, match="no RSS/Atom feed or sitemap"):
        discover(server.url("/"), fetcher)


def test_sitemap_parser_ignores_entities() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&e;</loc></url></urlset>"""
    found = parse_sitemap(evil, "https://a.example/sitemap.xml")
    assert all("root:" not in f.url for f in found)
