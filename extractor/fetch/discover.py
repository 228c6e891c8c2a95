"""Find article URLs (with dates and titles) from an RSS/Atom feed, a (news) sitemap or a site.

``discover(url, fetcher)`` fetches ``url`` with the same polite fetcher as articles, then reads:

* an RSS or Atom feed (feedparser): each entry's link, published (else updated) date and title;
* a sitemap ``urlset``: each ``<loc>``, with ``news:publication_date`` and ``news:title`` when
  it is a Google News sitemap; a ``sitemapindex``: its child sitemaps, news ones first;
* an HTML page: the feeds it links (``<link rel="alternate" type="application/rss+xml">``),
  else the sitemaps its robots.txt lists.

Dates are ISO 8601 (UTC ``Z`` for feeds; as written, when valid, for sitemaps).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from extractor.errors import FetchError, TerminalFetchError
from extractor.fetch.fetcher import FetchedPage, Fetcher
from extractor.support.encoding import HTML_TYPES, XML_TYPES

FEED_TYPES = HTML_TYPES | XML_TYPES
FEED_LINK_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
MAX_CHILD_DOCUMENTS = 10  # child sitemaps or linked feeds read per call

__all__ = ["DiscoveredUrl", "discover", "parse_feed", "parse_sitemap"]


@dataclass(frozen=True, slots=True)
class DiscoveredUrl:
    """An article URL found in a feed or sitemap."""

    url: str
    published: str | None = None
    title: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"url": self.url, "published": self.published, "title": self.title}


def discover(feed_or_site: str, fetcher: Fetcher) -> list[DiscoveredUrl]:
    """Article URLs from a feed, a sitemap or a site's home page; FetchError if none can be found."""
    page = fetcher.fetch(feed_or_site, accept=FEED_TYPES)
    found = _from_document(page, fetcher, follow=True)
    if found is None:
        raise TerminalFetchError(feed_or_site, "no RSS/Atom feed or sitemap found")
    return _unique(found)


def _from_document(page: FetchedPage, fetcher: Fetcher, *, follow: bool) -> list[DiscoveredUrl] | None:
    """What one fetched document lists, or None when it is neither a feed nor a sitemap."""
    base = page.provenance.final_url
    root = _xml_root_name(page.body)
    if root == "urlset":
        return parse_sitemap(page.body, base)
    if root == "sitemapindex":
        return _from_children(_sitemap_index_locations(page.body, base), fetcher) if follow else []
    if root in ("rss", "feed", "rdf") or page.content_type in XML_TYPES:
        return parse_feed(page.body, base)
    if not follow:
        return None
    linked = _feed_links(page.text, base) or list(fetcher.robots(base).sitemaps)
    return _from_children(linked, fetcher) if linked else None


def _from_children(urls: list[str], fetcher: Fetcher) -> list[DiscoveredUrl]:
    """Read child feeds/sitemaps; one that fails is skipped, all failing is an error."""
    found: list[DiscoveredUrl] = []
    errors: list[FetchError] = []
    for url in urls[:MAX_CHILD_DOCUMENTS]:
        try:
            found.extend(_from_document(fetcher.fetch(url, accept=FEED_TYPES), fetcher, follow=False) or [])
        except FetchError as exc:
            errors.append(exc)
    if errors and len(errors) == min(len(urls), MAX_CHILD_DOCUMENTS):
        raise errors[0]
    return found


def parse_feed(body: bytes, base_url: str) -> list[DiscoveredUrl]:
    """Entries of an RSS or Atom feed (given as bytes, so feedparser never goes to the network)."""
    parsed: Any = feedparser.parse(io.BytesIO(body), response_headers={"content-location": base_url})
    if not parsed.entries and parsed.get("bozo"):
        reason = parsed.get("bozo_exception") or "unreadable feed"
        raise TerminalFetchError(base_url, f"not a readable RSS/Atom feed: {reason}")
    found = []
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        if not link:
            continue
        url = urljoin(base_url, str(link).strip())
        if url.startswith(("http://", "https://")):
            when = entry.get("published_parsed") or entry.get("updated_parsed")
            title = entry.get("title")
            found.append(DiscoveredUrl(url, _struct_time_iso(when), str(title).strip() if title else None))
    return found


def parse_sitemap(body: bytes, base_url: str) -> list[DiscoveredUrl]:
    """The pages of a sitemap ``urlset``, with Google News dates and titles where present."""
    root = _parse_xml(body, base_url)
    found = []
    for entry in root:
        if _local(entry) != "url":
            continue
        fields = _url_fields(entry)
        loc = fields.get("loc")
        if not loc:
            continue
        url = urljoin(base_url, loc)
        if url.startswith(("http://", "https://")):
            published = _iso_or_raw(fields.get("publication_date"))
            found.append(DiscoveredUrl(url, published, fields.get("title") or None))
    return found


def _url_fields(entry: Any) -> dict[str, str]:
    """``loc`` of a sitemap ``<url>``, and ``title``/``publication_date`` from its ``<news:news>``."""
    fields: dict[str, str] = {}
    for node in entry.iter():
        name, parent = _local(node), node.getparent()
        own_loc = name == "loc" and parent is entry
        news_field = name in ("title", "publication_date") and _local(parent) == "news"
        if own_loc or news_field:
            fields.setdefault(name, (node.text or "").strip())
    return fields


def _sitemap_index_locations(body: bytes, base_url: str) -> list[str]:
    root = _parse_xml(body, base_url)
    locations = [
        urljoin(base_url, (node.text or "").strip())
        for node in root.iter()
        if _local(node) == "loc" and (node.text or "").strip()
    ]
    return sorted(locations, key=lambda loc: "news" not in loc.lower())  # news sitemaps first (stable)


def _feed_links(html: str, base_url: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    links = []
    for link in soup.find_all("link", href=True):
        rel: str | list[str] = link.get("rel") or []
        rels = [rel.lower()] if isinstance(rel, str) else [str(r).lower() for r in rel]
        kind = str(link.get("type") or "").lower()
        if "alternate" in rels and kind in FEED_LINK_TYPES:
            links.append(urljoin(base_url, str(link["href"]).strip()))
    return links


def _safe_parser() -> etree.XMLParser:
    """No entities, DTDs or network: sitemaps come from strangers (XXE, billion laughs)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _parse_xml(body: bytes, base_url: str) -> Any:
    try:
        return etree.fromstring(body, parser=_safe_parser())
    except etree.XMLSyntaxError as exc:
        raise TerminalFetchError(base_url, f"malformed XML: {exc}") from exc


def _xml_root_name(body: bytes) -> str | None:
    """The local name of the document's root element if the body is well-formed XML."""
    head = body.lstrip()[:1]
    if head != b"<":
        return None
    try:
        return _local(etree.fromstring(body, parser=_safe_parser())).lower()
    except etree.XMLSyntaxError:
        return None


def _local(node: Any) -> str:
    tag = node.tag if isinstance(node.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _struct_time_iso(value: time.struct_time | None) -> str | None:
    if value is None:
        return None
    return datetime(*value[:6], tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _iso_or_raw(value: str | None) -> str | None:
    """A W3C datetime as ISO 8601 (a date stays a date), or the text as written if it is not one."""
    if not value:
        return None
    try:
        return (
            date.fromisoformat(value).isoformat()
            if len(value) == 10
            else datetime.fromisoformat(value).isoformat()
        )
    except ValueError:
        return value


def _unique(found: list[DiscoveredUrl]) -> list[DiscoveredUrl]:
    seen: set[str] = set()
    unique = []
    for item in found:
        if item.url not in seen:
            seen.add(item.url)
            unique.append(item)
    return unique
