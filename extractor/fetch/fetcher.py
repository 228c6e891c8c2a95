"""Polite, resilient page retrieval with provenance: URL -> ``FetchedPage`` or a typed ``FetchError``.

One ``Fetcher`` holds what a run shares: the HTTP session (optionally cached on disk), the
per-host rate limiter and the robots.txt rules read so far. For each URL it:

* refuses non-http(s) URLs and hosts on private, loopback, link-local or reserved addresses
  (``allow_private`` / ``allowed_addresses`` open exceptions), at every redirect hop and on every
  connection, which goes to the address that was checked (``session.GuardedAdapter``);
* follows redirects itself (at most ``max_redirects``, loops refused) and obeys robots.txt;
* sends explicit (connect, read) timeouts and retries connection errors, timeouts, 429 and 5xx
  with exponential backoff and jitter, honouring Retry-After up to ``max_retry_wait``;
* accepts only HTML, XHTML and text (``accept`` widens that, e.g. for feeds), refuses bodies over
  ``max_bytes`` (counted after decompression) and decodes the text with the right charset.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests

from extractor.errors import (
    FetchError,
    RetryableStatusError,
    TerminalFetchError,
    TransientFetchError,
)
from extractor.fetch.options import FetchOptions, default_user_agent
from extractor.fetch.pacing import (
    RETRYABLE_STATUSES,
    HostRateLimiter,
    backoff_delay,
    parse_retry_after,
)
from extractor.fetch.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsRules
from extractor.fetch.safety import check_url_address, split_checked_url
from extractor.fetch.session import (
    Reply,
    guard_session,
    make_session,
    map_request_error,
    read_capped,
    save_to_cache,
)
from extractor.fetch.warc import HttpExchange
from extractor.fetch.window import HostWindow
from extractor.records import Provenance
from extractor.support.encoding import HTML_TYPES, decode_body, looks_like_html, parse_content_type

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT_HEADER = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"

__all__ = ["FetchOptions", "FetchedPage", "Fetcher", "PageArchive", "default_user_agent"]


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A retrieved page: ``url`` as asked for, decoded ``text``, raw ``body`` and its provenance."""

    url: str
    text: str
    content_type: str
    encoding: str
    body: bytes
    provenance: Provenance


class PageArchive(Protocol):
    """Where fetched responses are recorded (``extractor.warc.WarcWriter``); returns a record id."""

    def write(self, exchange: HttpExchange) -> str: ...


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _host_key(url: str) -> str:
    return urlsplit(url).netloc.lower()


class Fetcher:
    """Fetches pages politely; thread-safe, so ``fetch_many`` can run hosts side by side."""

    def __init__(
        self,
        options: FetchOptions,
        session: requests.Session | None = None,
        *,
        archive: PageArchive | None = None,
    ) -> None:
        self.options = options
        self._policy = options.address_policy()
        self._owns_session = session is None
        # The address guard goes on every session, a given one too: it is not optional.
        self._session = guard_session(
            session if session is not None else make_session(options.cache_dir), self._policy
        )
        self._limiter = HostRateLimiter(options.rate)
        self._robots = RobotsCache(options.user_agent.split("/")[0].split()[0].lower(), self._load_robots)
        self._rng = random.Random()
        self._archive = archive
        self._headers = {"User-Agent": options.user_agent, "Accept": ACCEPT_HEADER}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def fetch(self, url: str, *, accept: frozenset[str] = HTML_TYPES) -> FetchedPage:
        """Retrieve one page; TransientFetchError or TerminalFetchError when that fails."""
        reply = self._retrieve(url, accept, self.options.max_bytes, obey_robots=self.options.respect_robots)
        if not 200 <= reply.status < 300:
            raise TerminalFetchError(url, f"HTTP {reply.status} {reply.reason}".rstrip())
        _, charset = parse_content_type(reply.header("Content-Type"))
        text, encoding = decode_body(reply.body, charset)
        fetched_at = _utc_now()
        record_id = None
        if self._archive is not None:
            record_id = self._archive.write(HttpExchange.from_reply(reply, fetched_at))
        provenance = Provenance(
            final_url=reply.url,
            status=reply.status,
            fetched_at=fetched_at,
            sha256=hashlib.sha256(reply.body).hexdigest(),
            warc_record_id=record_id,
        )
        return FetchedPage(url, text, reply.content_type, encoding, reply.body, provenance)

    def fetch_many(self, urls: Iterable[str]) -> Iterator[FetchedPage | FetchError]:
        """Fetch all URLs, yielding each page or its error in input order.

        One worker at a time takes a host's URLs in turn (polite), while up to ``workers``
        hosts are fetched at the same time. ``urls`` is read lazily and at most ``window_size``
        URLs are fetched ahead of the one the consumer waits for, so memory stays bounded
        however long the list (hosts further down the list wait their turn).
        """
        pool = ThreadPoolExecutor(max_workers=self.options.workers, thread_name_prefix="newsfacts-fetch")
        window = HostWindow(self._fetch_or_error, pool)
        pending: deque[Future[FetchedPage | FetchError]] = deque()
        try:
            for url in urls:
                pending.append(window.admit(url, _host_key(url)))
                if len(pending) >= self.options.window_size:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            window.stop()  # a consumer that stops early should not wait for the rest
            pool.shutdown(wait=True, cancel_futures=True)

    def _fetch_or_error(self, url: str) -> FetchedPage | FetchError:
        try:
            return self.fetch(url)
        except FetchError as exc:
            return exc

    def robots(self, url: str) -> RobotsRules:
        """The robots.txt rules of the URL's origin (read once per run)."""
        return self._robots.rules_for(url)

    def _load_robots(self, robots_url: str) -> tuple[int, str]:
        reply = self._retrieve(robots_url, None, ROBOTS_MAX_BYTES, obey_robots=False)
        _, charset = parse_content_type(reply.header("Content-Type"))
        return reply.status, decode_body(reply.body, charset or "utf-8")[0] if reply.body else ""

    def _retrieve(
        self, url: str, accept: frozenset[str] | None, max_bytes: int, *, obey_robots: bool
    ) -> Reply:
        """Follow redirects hop by hop, checking each hop's address (and robots.txt)."""
        current = url
        seen = {url}
        for _ in range(self.options.max_redirects + 1):
            try:
                check_url_address(current, self._policy)
                if obey_robots:
                    self._obey_robots(current)
                reply = self._with_retries(current, accept, max_bytes)
            except FetchError as exc:
                if current == url:
                    raise
                kind = TransientFetchError if exc.transient else TerminalFetchError
                raise kind(url, f"redirected to {current}: {exc.reason}") from exc
            location = reply.header("Location")
            if reply.status not in REDIRECT_STATUSES or not location:
                return reply
            target = urljoin(current, location.strip())
            try:
                split_checked_url(target)
            except TerminalFetchError as exc:
                raise TerminalFetchError(url, f"redirect to {target}: {exc.reason}") from exc
            if target in seen:
                raise TerminalFetchError(url, f"redirect loop ({current} -> {target})")
            seen.add(target)
            current = target
        raise TerminalFetchError(url, f"too many redirects (more than {self.options.max_redirects})")

    def _obey_robots(self, url: str) -> None:
        rules = self._robots.check(url)
        if rules.crawl_delay:
            self._limiter.set_crawl_delay(_host_key(url), rules.crawl_delay)

    def _with_retries(self, url: str, accept: frozenset[str] | None, max_bytes: int) -> Reply:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            try:
                return self._attempt(url, accept, max_bytes)
            except TransientFetchError as exc:
                if attempt + 1 >= attempts:
                    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
                    raise TransientFetchError(url, f"{exc.reason} (gave up after {tries})") from exc
                time.sleep(self._retry_delay(url, exc, attempt))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _retry_delay(self, url: str, exc: TransientFetchError, attempt: int) -> float:
        opts = self.options
        if isinstance(exc, RetryableStatusError) and exc.retry_after is not None:
            if exc.retry_after > opts.max_retry_wait:
                limit = f"the {opts.max_retry_wait:g} s limit"
                raise TransientFetchError(
                    url, f"{exc.reason}: Retry-After {exc.retry_after:g} s is over {limit}"
                ) from exc
            return exc.retry_after
        return backoff_delay(attempt, opts.backoff_base, opts.backoff_max, self._rng)

    def _attempt(self, url: str, accept: frozenset[str] | None, max_bytes: int) -> Reply:
        """One request to one URL: a redirect or error reply without body, or a 2xx with its body."""
        self._limiter.wait(_host_key(url))
        try:
            response = self._session.get(
                url,
                headers=self._headers,
                timeout=(self.options.connect_timeout, self.options.read_timeout),
                stream=True,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise map_request_error(url, exc) from exc
        with closing(response):
            status, reason = response.status_code, response.reason or ""
            if status in RETRYABLE_STATUSES:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                raise RetryableStatusError(url, f"HTTP {status} {reason}".rstrip(), status, retry_after)
            reply = Reply(
                url=url,
                status=status,
                reason=reason,
                headers=tuple(response.headers.items()),
                request_headers=tuple((k, str(v)) for k, v in response.request.headers.items()),
                from_cache=bool(getattr(response, "from_cache", False)),
            )
            if not 200 <= status < 300:
                return reply
            return self._read_body(reply, response, accept, max_bytes)

    def _read_body(
        self, reply: Reply, response: requests.Response, accept: frozenset[str] | None, max_bytes: int
    ) -> Reply:
        url = reply.url
        mimetype, _ = parse_content_type(reply.header("Content-Type"))
        if accept is not None and mimetype and mimetype not in accept:
            raise TerminalFetchError(url, f"unsupported content type {mimetype} (expected HTML or text)")
        length = reply.header("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise TerminalFetchError(url, f"body of {length} bytes is over the {max_bytes}-byte cap")
        body = read_capped(url, response, max_bytes, self.options.max_duration)
        if accept is not None and not mimetype:
            mimetype = _sniffed_type(url, body, accept)
        save_to_cache(self._session, response, body)
        return Reply(
            url=url,
            status=reply.status,
            reason=reply.reason,
            headers=reply.headers,
            request_headers=reply.request_headers,
            content_type=mimetype,
            body=body,
            from_cache=reply.from_cache,
        )


def _sniffed_type(url: str, body: bytes, accept: frozenset[str]) -> str:
    """A type for a body sent without Content-Type, when it plainly is HTML or XML."""
    if looks_like_html(body):
        return "text/html"
    if body.lstrip()[:5] == b"<?xml" and "application/xml" in accept:
        return "application/xml"
    raise TerminalFetchError(url, "no Content-Type and the body does not look like HTML")
