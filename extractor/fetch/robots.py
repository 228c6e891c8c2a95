"""robots.txt as RFC 9309 reads it, parsed by protego (Scrapy's parser): groups per user agent,
``*``/``$`` patterns, longest match wins, paths compared percent-decoded (``/%7Ejoe/`` is
``/~joe/``). One ``RobotsCache`` per fetcher keeps each origin's rules for the run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from extractor.errors import TerminalFetchError, TransientFetchError

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one origin's robots.txt says to our agent, plus the file's Sitemap lines."""

    agent: str = "*"
    parsed: Protego | None = None  # None: no robots.txt (everything allowed) or none readable
    disallow_all_reason: str | None = None  # set when robots.txt could not be read (RFC: 5xx)

    def allows(self, url: str) -> bool:
        if self.disallow_all_reason is not None:
            return False
        return self.parsed is None or bool(self.parsed.can_fetch(url, self.agent))

    @property
    def crawl_delay(self) -> float | None:
        delay = self.parsed.crawl_delay(self.agent) if self.parsed is not None else None
        return float(delay) if delay is not None else None

    @property
    def sitemaps(self) -> tuple[str, ...]:
        return tuple(self.parsed.sitemaps) if self.parsed is not None else ()


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules for ``agent`` (a product token like "newsfacts"); groups naming it beat ``*``."""
    return RobotsRules(agent=agent.lower(), parsed=Protego.parse(text))


# Given a robots.txt URL, returns (status, text); raises FetchError when unreachable.
RobotsLoader = Callable[[str], tuple[int, str]]


class RobotsCache:
    """Each origin's robots.txt, read once per run (a lock per origin avoids double reads)."""

    def __init__(self, agent: str, loader: RobotsLoader) -> None:
        self._agent = agent
        self._loader = loader
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin + "/robots.txt")
            return self._rules[origin]

    def check(self, url: str) -> RobotsRules:
        """The origin's rules; TerminalFetchError if they disallow ``url`` (Transient if unreadable)."""
        rules = self.rules_for(url)
        if rules.disallow_all_reason is not None:
            raise TransientFetchError(url, rules.disallow_all_reason)
        if not rules.allows(url):
            raise TerminalFetchError(url, f"disallowed by robots.txt for {self._agent}")
        return rules

    def _load(self, robots_url: str) -> RobotsRules:
        try:
            status, text = self._loader(robots_url)
        except TransientFetchError as exc:
            # RFC 9309: an unreachable robots.txt means "assume complete disallow".
            return RobotsRules(self._agent, disallow_all_reason=f"robots.txt unreachable ({exc.reason})")
        except TerminalFetchError:
            return RobotsRules(self._agent)  # e.g. robots.txt is not text: treat as absent
        if 200 <= status < 300:
            return parse_robots(text, self._agent)
        if 400 <= status < 500:
            return RobotsRules(self._agent)  # RFC 9309: unavailable robots.txt allows everything
        return RobotsRules(self._agent, disallow_all_reason=f"robots.txt unreachable (HTTP {status})")
